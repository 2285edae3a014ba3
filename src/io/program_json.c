/* program_json.c - JSON of programs, previews, findings, batches and duplicate candidates. */
#include "io/program_json.h"
#include "domain/suppress.h"
#include "domain/nik.h"
#include "io/record_json.h"

#include <string.h>

/* A NIK as the view shows it ("" stays ""). */
static json_t *nik_text(const char *nik, const pl_ident_view *view)
{
    char t[PL_IDENT_TEXT_MAX];
    const char *shown = pl_ident_text(t, view, PL_IDENT_NIK, nik);
    return json_string(shown ? shown : "");
}

json_t *pl_json_program(const pl_program *p)
{
    char cats[128], regions[256], excl[256];
    pl_eligibility_format_categories(cats, sizeof cats, p->rule.categories);
    pl_eligibility_format_list(regions, sizeof regions, &p->rule.regions[0][0], PL_REGION_CODE_MAX);
    pl_eligibility_format_list(excl, sizeof excl, &p->rule.excludes[0][0], PL_PROGRAM_CODE_MAX);
    return json_pack("{s:I,s:s,s:s,s:s,s:b,s:I,s:s,s:I,s:s,s:i,s:i,s:b,s:i,s:s,s:s,s:b}", "id",
                     (json_int_t)p->id, "code", p->code, "name", p->name, "level",
                     pl_program_level_name(p->level), "household", p->household, "amount",
                     (json_int_t)p->amount, "frequency", pl_program_frequency_name(p->frequency),
                     "cap", (json_int_t)p->cap, "categories", cats, "age_min", p->rule.age_min,
                     "age_max", p->rule.age_max, "disability", p->rule.disability, "desil_max",
                     p->rule.desil_max, "regions", regions, "excludes", excl, "requires_nik",
                     !p->rule.nik_optional);
}

/* A count, or null (and *hidden) when hidden from the caller (domain/suppress.h). */
static json_t *count_json(long v, bool *hidden)
{
    if (pl_suppress_hidden(v)) {
        *hidden = true;
        return json_null();
    }
    return json_integer(v);
}

json_t *pl_json_preview(const char *code, const char *period, const char *region,
                        const pl_preview *pv)
{
    json_t *rows = json_array(), *failed = json_object();
    for (size_t i = 0; rows && i < pv->n; i++) {
        bool hidden = false;
        json_t *o = json_pack("{s:s,s:o}", "region", pv->rows[i].region, "eligible",
                              count_json(pv->rows[i].eligible, &hidden));
        if (o && hidden)
            json_object_set_new(o, "hidden", json_true());
        json_array_append_new(rows, o);
    }
    bool hidden = false;
    for (int i = 0; failed && i < PL_ELIG__COUNT; i++) {
        char rule[32];
        pl_eligibility_reasons(rule, sizeof rule, 1u << i, true);
        json_object_set_new(failed, rule, count_json(pv->failed[i], &hidden));
    }
    /* The same counts with the rule in words, for people (failed keeps the codes). */
    json_t *reasons = json_array();
    for (int i = 0; reasons && i < PL_ELIG__COUNT; i++) {
        char rule[32], text[96];
        pl_eligibility_reasons(rule, sizeof rule, 1u << i, true);
        pl_eligibility_reasons(text, sizeof text, 1u << i, false);
        json_array_append_new(reasons, json_pack("{s:s,s:s,s:O}", "rule", rule, "reason", text,
                                                 "count", json_object_get(failed, rule)));
    }
    json_t *out =
        json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:f}", "program", code, "period", period,
                  "region", region, "candidates", count_json(pv->candidates, &hidden), "eligible",
                  count_json(pv->eligible, &hidden), "by_region", rows, "failed", failed,
                  "failed_reasons", reasons, "seconds", pv->seconds);
    if (out && hidden)
        json_object_set_new(out, "hidden", json_true());
    return out;
}

/* The integrity rules (store/integrity.h) in words, for the people who read findings. */
static const struct {
    const char *rule, *name;
} rule_names[] = {
    {"dead", "Penerima sudah meninggal"},
    {"duplicate_exact", "Data ganda (pasti sama)"},
    {"duplicate_probable", "Kemungkinan data ganda"},
    {"unverified", "Data belum diverifikasi"},
    {"outside_region", "Di luar wilayah program"},
    {"exclusive_program", "Merangkap program yang tidak boleh dirangkap"},
    {"over_cap", "Melebihi batas bantuan per periode"},
    {"shared_account", "Satu rekening dipakai beberapa keluarga"},
};

const char *pl_finding_rule_name(const char *rule)
{
    for (size_t i = 0; i < sizeof rule_names / sizeof rule_names[0]; i++)
        if (strcmp(rule_names[i].rule, rule) == 0)
            return rule_names[i].name;
    return rule;
}

json_t *pl_json_finding(const pl_finding *f, const pl_ident_view *view)
{
    return json_pack("{s:s,s:I,s:I,s:o,s:s,s:s,s:s,s:s}", "rule", f->rule, "person_id",
                     (json_int_t)f->person_id, "household_id", (json_int_t)f->household_id, "nik",
                     nik_text(f->nik, view), "name", f->name, "village", f->village, "detail",
                     f->detail, "rule_name", pl_finding_rule_name(f->rule));
}

json_t *pl_json_batch(const pl_batch *b)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:s,s:s}", "id", (json_int_t)b->id, "program",
                     b->program_code, "period", b->period, "status", b->status, "items",
                     (json_int_t)b->items, "total", (json_int_t)b->total, "approved_at",
                     b->approved_at, "approved_by", b->approved_by);
}

json_t *pl_json_batch_total(const pl_batch_total *t)
{
    return json_pack("{s:s,s:s,s:I,s:I}", "region", t->region, "status", t->status, "items",
                     (json_int_t)t->items, "amount", (json_int_t)t->amount);
}

json_t *pl_json_batch_item(const pl_batch_item *it)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)it->id,
                     "beneficiary", it->beneficiary, "name", it->name, "village", it->village,
                     "amount", (json_int_t)it->amount, "account", it->account, "reference",
                     it->reference, "status", it->status, "reason", it->status_reason);
}

json_t *pl_json_dedup_candidate(const pl_dedup_candidate *d, const pl_ident_view *view)
{
    json_t *o = json_pack(
        "{s:I,s:I,s:I,s:f,s:b,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:s}", "id", (json_int_t)d->id,
        "person_a", (json_int_t)d->person_a, "person_b", (json_int_t)d->person_b, "score", d->score,
        "exact", d->exact, "status", d->status, "reasons", d->reasons, "name_a", d->name_a,
        "name_b", d->name_b, "nik_a", nik_text(d->nik_a, view), "nik_b", nik_text(d->nik_b, view),
        "village_a", d->village_a, "village_b", d->village_b, "created_at", d->created_at);
    if (o == NULL)
        return NULL;
    json_object_set_new(o, "decided_by",
                        d->decided_by[0] ? json_string(d->decided_by) : json_null());
    json_object_set_new(o, "decided_at",
                        d->decided_at[0] ? json_string(d->decided_at) : json_null());
    json_object_set_new(o, "merge_id", d->merge_id ? json_integer(d->merge_id) : json_null());
    json_object_set_new(o, "survivor_id",
                        d->survivor_id ? json_integer(d->survivor_id) : json_null());
    return o;
}
