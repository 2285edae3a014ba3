/* dtsen_json.c - JSON of the update cycle's records and report (io/dtsen_json.h). */
#include "io/dtsen_json.h"

#include "domain/dtsen.h"
#include "domain/suppress.h"

#include <stdlib.h>

static json_t *id_or_null(int64_t id)
{
    return id ? json_integer((json_int_t)id) : json_null();
}

static json_t *text_or_null(const char *s)
{
    return s && s[0] ? json_string(s) : json_null();
}

json_t *pl_dtsen_file_json(const pl_dtsen_file *f)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)f->id, "kind",
                     f->kind, "name", f->name, "mime", f->mime, "size", (json_int_t)f->size,
                     "sha256", f->sha256, "blake2b", f->blake2b, "created_at", f->created_at,
                     "created_by", f->created_by);
}

json_t *pl_dtsen_setting_json(const pl_dtsen_setting *st)
{
    json_t *o = json_pack("{s:s,s:s}", "region", st->region, "month", st->month);
    json_object_set_new(o, "cutoff_day",
                        st->cutoff_day ? json_integer(st->cutoff_day) : json_null());
    json_object_set_new(o, "objection_days",
                        st->objection_days ? json_integer(st->objection_days) : json_null());
    json_object_set_new(o, "updated_at", json_string(st->updated_at));
    json_object_set_new(o, "updated_by", json_string(st->updated_by));
    return o;
}

json_t *pl_dtsen_meeting_json(const pl_dtsen_meeting *m)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:i,s:s}", "id", (json_int_t)m->id, "village",
                          m->village, "kind", m->kind, "held_on", m->held_on, "participants",
                          m->participants, "participants_note", m->participants_note);
    json_object_set_new(o, "minutes_file_id", id_or_null(m->minutes_file_id));
    json_object_set_new(o, "sptjm_file_id", id_or_null(m->sptjm_file_id));
    json_object_set_new(o, "sptjm_number", json_string(m->sptjm_number));
    json_object_set_new(o, "has_minutes", json_boolean(m->minutes_file_id || m->sptjm_file_id));
    json_object_set_new(o, "proposals", json_integer(m->proposals));
    json_object_set_new(o, "version", json_integer((json_int_t)m->version));
    json_object_set_new(o, "created_at", json_string(m->created_at));
    json_object_set_new(o, "created_by", json_string(m->created_by));
    return o;
}

json_t *pl_dtsen_cycle_json(const pl_dtsen_cycle *c)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:i}", "id", (json_int_t)c->id, "regency",
                          c->regency, "period", c->period, "status", c->status, "status_label",
                          pl_dtsen_state_label(c->status), "cutoff_day", c->cutoff_day);
    char cut[11] = "";
    pl_dtsen_cutoff_date(cut, c->period, c->cutoff_day);
    json_object_set_new(o, "cutoff_date", json_string(cut));
    json_object_set_new(o, "sk_number", text_or_null(c->sk_number));
    json_object_set_new(o, "sk_date", text_or_null(c->sk_date));
    json_object_set_new(o, "sk_file_id", id_or_null(c->sk_file_id));
    json_object_set_new(o, "ratified_at", text_or_null(c->ratified_at));
    json_object_set_new(o, "ratified_by", text_or_null(c->ratified_by));
    json_object_set_new(o, "applied", json_integer(c->applied));
    json_object_set_new(o, "rejected", json_integer(c->rejected));
    json_object_set_new(o, "carried", json_integer(c->carried));
    json_object_set_new(o, "score_note", json_string(c->score_note));
    json_object_set_new(o, "counts",
                        json_pack("{s:I,s:I,s:I,s:I,s:I}", "masuk", (json_int_t)c->n_in,
                                  "cek_lapangan", (json_int_t)c->n_field, "diperiksa",
                                  (json_int_t)c->n_checked, "ditolak", (json_int_t)c->n_rejected,
                                  "disahkan", (json_int_t)c->n_ratified));
    json_object_set_new(o, "version", json_integer((json_int_t)c->version));
    return o;
}

/* The identifying values of a proposal's data through view. */
static void mask_data(json_t *data, const pl_ident_view *view)
{
    static const struct {
        const char *key;
        pl_ident_field f;
    } ids[] = {{"nik", PL_IDENT_NIK}, {"kk", PL_IDENT_KK}, {"birth_date", PL_IDENT_BIRTH_DATE}};
    for (size_t i = 0; view && i < sizeof ids / sizeof ids[0]; i++) {
        json_t *v = json_object_get(data, ids[i].key);
        if (!json_is_string(v))
            continue;
        char out[PL_IDENT_TEXT_MAX];
        json_object_set_new(data, ids[i].key,
                            json_string(pl_ident_text(out, view, ids[i].f, json_string_value(v))));
    }
}

json_t *pl_dtsen_proposal_json(const pl_dtsen_proposal *p, const pl_ident_view *view)
{
    int k = pl_dtsen_kind_find(p->kind);
    json_t *o =
        json_pack("{s:I,s:I,s:I,s:s,s:s,s:s}", "id", (json_int_t)p->id, "meeting_id",
                  (json_int_t)p->meeting_id, "cycle_id", (json_int_t)p->cycle_id, "village",
                  p->village, "kind", p->kind, "kind_label", k >= 0 ? pl_dtsen_kind_label(k) : "");
    int r = pl_dtsen_removal_find(p->removal);
    json_object_set_new(o, "removal", text_or_null(p->removal));
    json_object_set_new(o, "removal_label",
                        r >= 0 ? json_string(pl_dtsen_removal_label(r)) : json_null());
    json_object_set_new(o, "person_id", id_or_null(p->person_id));
    json_object_set_new(o, "household_id", id_or_null(p->household_id));
    json_t *data = json_loads(p->data[0] ? p->data : "{}", 0, NULL);
    if (data == NULL)
        data = json_object();
    mask_data(data, view);
    json_object_set_new(o, "data", data);
    json_object_set_new(o, "note", json_string(p->note));
    json_object_set_new(o, "evidence_file_id", id_or_null(p->evidence_file_id));
    json_object_set_new(o, "death_date", text_or_null(p->death_date));
    json_object_set_new(o, "status", json_string(p->status));
    json_object_set_new(o, "status_label", json_string(pl_dtsen_state_label(p->status)));
    json_object_set_new(o, "complete", json_boolean(p->missing[0] == '\0'));
    json_object_set_new(o, "missing", json_string(p->missing));
    json_object_set_new(o, "duplicates", json_string(p->duplicates));
    json_object_set_new(o, "reject_reason", text_or_null(p->reject_reason));
    json_object_set_new(o, "applied_person_id", id_or_null(p->applied_person_id));
    json_object_set_new(o, "applied_household_id", id_or_null(p->applied_household_id));
    json_object_set_new(o, "period", json_string(p->period));
    json_object_set_new(o, "cycle_status", json_string(p->cycle_status));
    json_object_set_new(o, "entered_on", json_string(p->entered_on));
    json_object_set_new(o, "entered_at", json_string(p->entered_at));
    json_object_set_new(o, "entered_by", json_string(p->entered_by));
    json_object_set_new(o, "version", json_integer((json_int_t)p->version));
    return o;
}

json_t *pl_dtsen_check_json(const pl_dtsen_check *c)
{
    json_t *o = json_pack("{s:I}", "id", (json_int_t)c->id);
    json_object_set_new(o, "proposal_id", id_or_null(c->proposal_id));
    json_object_set_new(o, "objection_id", id_or_null(c->objection_id));
    json_object_set_new(o, "region_code", json_string(c->region_code));
    json_object_set_new(o, "psks_id", json_integer((json_int_t)c->psks_id));
    json_object_set_new(o, "psks_name", json_string(c->psks_name));
    json_object_set_new(o, "assignment_id", id_or_null(c->assignment_id));
    json_object_set_new(o, "visit_id", id_or_null(c->visit_id));
    json_object_set_new(o, "due_date", text_or_null(c->due_date));
    json_object_set_new(o, "status", json_string(c->status));
    json_object_set_new(o, "recommendation", text_or_null(c->recommendation));
    json_object_set_new(o, "findings", json_string(c->findings));
    json_object_set_new(o, "visited_on", text_or_null(c->visited_on));
    json_object_set_new(o, "version", json_integer((json_int_t)c->version));
    json_object_set_new(o, "created_at", json_string(c->created_at));
    json_object_set_new(o, "created_by", json_string(c->created_by));
    return o;
}

json_t *pl_dtsen_objection_json(const pl_dtsen_objection *x, bool overdue)
{
    json_t *o = json_pack("{s:I,s:s}", "id", (json_int_t)x->id, "village", x->village);
    json_object_set_new(o, "household_id", id_or_null(x->household_id));
    json_object_set_new(o, "kind", json_string(x->kind));
    json_object_set_new(o, "kind_label", json_string(pl_dtsen_objection_kind_label(x->kind)));
    json_object_set_new(o, "subject_name", json_string(x->subject_name));
    json_object_set_new(o, "subject_address", json_string(x->subject_address));
    json_object_set_new(o, "filer_kind", json_string(x->filer_kind));
    json_object_set_new(o, "filer_name", json_string(x->filer_name));
    json_object_set_new(o, "filer_contact", json_string(x->filer_contact));
    json_object_set_new(o, "filer_address", json_string(x->filer_address));
    json_object_set_new(o, "statement", json_string(x->statement));
    json_object_set_new(o, "filed_on", json_string(x->filed_on));
    json_object_set_new(o, "due_on", json_string(x->due_on));
    json_object_set_new(o, "overdue", json_boolean(overdue));
    json_object_set_new(o, "status", json_string(x->status));
    json_object_set_new(o, "status_label", json_string(pl_dtsen_state_label(x->status)));
    json_object_set_new(o, "decision", text_or_null(x->decision));
    json_object_set_new(o, "decision_reason", json_string(x->decision_reason));
    json_object_set_new(o, "decided_on", text_or_null(x->decided_on));
    json_object_set_new(o, "answer_number", text_or_null(x->answer_number));
    json_object_set_new(o, "answered_on", text_or_null(x->answered_on));
    json_object_set_new(o, "version", json_integer((json_int_t)x->version));
    json_object_set_new(o, "created_at", json_string(x->created_at));
    json_object_set_new(o, "created_by", json_string(x->created_by));
    return o;
}

void pl_dtsen_report_free(pl_dtsen_report *r)
{
    if (r == NULL)
        return;
    free(r->cycles);
    free(r->objections);
    free(r);
}

/* A count, or null beside "hidden": true for a suppressed one. */
static void count(json_t *o, const char *key, long v, bool *hidden)
{
    if (pl_suppress_hidden(v)) {
        json_object_set_new(o, key, json_null());
        *hidden = true;
    } else {
        json_object_set_new(o, key, json_integer(v));
    }
}

static json_t *cycle_row(const pl_dtsen_report_cycle *x, bool total)
{
    json_t *o = json_object();
    if (!total) {
        json_object_set_new(o, "id", json_integer((json_int_t)x->id));
        json_object_set_new(o, "regency", json_string(x->regency));
        json_object_set_new(o, "regency_name", json_string(x->regency_name));
        json_object_set_new(o, "period", json_string(x->period));
        json_object_set_new(o, "status", json_string(x->status));
        json_object_set_new(o, "sk_number", text_or_null(x->sk_number));
        json_object_set_new(o, "sk_date", text_or_null(x->sk_date));
    }
    bool hidden = false;
    count(o, "proposals_in", x->in, &hidden);
    count(o, "checked", x->checked, &hidden);
    count(o, "ratified", x->ratified, &hidden);
    count(o, "rejected", x->rejected, &hidden);
    count(o, "pending", x->pending, &hidden);
    if (hidden)
        json_object_set_new(o, "hidden", json_true());
    return o;
}

static json_t *objection_row(const pl_dtsen_report_objections *x, bool total)
{
    json_t *o = json_object();
    if (!total) {
        json_object_set_new(o, "regency", json_string(x->regency));
        json_object_set_new(o, "regency_name", json_string(x->regency_name));
    }
    bool hidden = false;
    count(o, "filed", x->filed, &hidden);
    count(o, "upheld", x->upheld, &hidden);
    count(o, "refused", x->refused, &hidden);
    count(o, "answered", x->answered, &hidden);
    count(o, "open", x->open, &hidden);
    count(o, "overdue", x->overdue, &hidden);
    if (hidden)
        json_object_set_new(o, "hidden", json_true());
    return o;
}

json_t *pl_dtsen_report_json(const pl_dtsen_report *r)
{
    json_t *cycles = json_array(), *obj = json_array();
    for (size_t i = 0; i < r->n_cycles; i++)
        json_array_append_new(cycles, cycle_row(&r->cycles[i], false));
    for (size_t i = 0; i < r->n_objections; i++)
        json_array_append_new(obj, objection_row(&r->objections[i], false));
    json_t *o = json_pack("{s:s,s:s,s:s,s:b}", "region", r->region, "year", r->year, "date",
                          r->today, "suppressed", r->viewer);
    json_object_set_new(o, "cycles", cycles);
    json_object_set_new(o, "cycles_total", cycle_row(&r->total, true));
    json_object_set_new(o, "objections", obj);
    json_object_set_new(o, "objections_total", objection_row(&r->objections_total, true));
    return o;
}
