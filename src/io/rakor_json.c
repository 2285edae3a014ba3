/* rakor_json.c - JSON of rakor, their problems, interventions and indicators. */
#include "io/rakor_json.h"
#include "io/report_model.h"

static json_t *int_or_null(int64_t v)
{
    return v ? json_integer(v) : json_null();
}

json_t *pl_json_rakor(const pl_rakor *r)
{
    return json_pack("{s:I,s:i,s:s,s:s,s:s,s:s}", "id", (json_int_t)r->id, "year", r->year,
                     "host_region", r->host_region, "held_on", r->held_on, "theme", r->theme,
                     "participants", r->participants);
}

json_t *pl_json_rakor_problem(const pl_rakor_problem *p)
{
    return json_pack("{s:I,s:s,s:o,s:s}", "id", (json_int_t)p->id, "region", p->region, "category",
                     int_or_null(p->category), "text", p->text);
}

json_t *pl_json_intervention(const pl_intervention *iv)
{
    json_t *note = iv->last_note[0]
                       ? json_pack("{s:s,s:s}", "date", iv->last_note_on, "text", iv->last_note)
                       : json_null();
    return json_pack("{s:I,s:I,s:i,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)iv->id,
                     "version", (json_int_t)iv->version, "rakor_year", iv->rakor_year, "region",
                     iv->region, "title", iv->title, "level", iv->level, "owner", iv->owner,
                     "status", iv->status, "category", int_or_null(iv->category), "budget",
                     iv->has_budget ? json_real(iv->budget) : json_null(), "due_date",
                     iv->due_date[0] ? json_string(iv->due_date) : json_null(), "last_note", note);
}

json_t *pl_json_intervention_link(const pl_intervention_link *l)
{
    if (l->psks_id)
        return json_pack("{s:I,s:s,s:i,s:s}", "psks_id", (json_int_t)l->psks_id, "name", l->name,
                         "type", l->psks_type, "area_code", l->area_code);
    return json_pack("{s:s,s:s}", "program", l->program, "name", l->name);
}

json_t *pl_json_intervention_note(const pl_intervention_note *n)
{
    return json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)n->id, "date", n->noted_on, "text",
                     n->text, "created_by", n->created_by);
}

json_t *pl_json_indicator(const pl_indicator *in)
{
    int k = pl_indicator_find(in->name);
    const char *label = k >= 0 ? pl_indicator_def_get(k)->label : in->name;
    return json_pack("{s:s,s:i,s:s,s:s,s:f,s:s}", "region", in->region, "year", in->year, "name",
                     in->name, "label", label, "value", in->value, "source", in->source);
}
