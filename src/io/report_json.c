/* report_json.c - the period report as JSON. */
#include "io/report_render.h"

#include "domain/category.h"
#include "io/rakor_json.h"
#include "store/rakor.h"
#include "store/summary.h"

#include <stdlib.h>
#include <string.h>

/*
 * A count as JSON: the number, or null when hidden; *hidden becomes true
 * for a hidden count so that the enclosing object carries the flag.
 */
static json_t *count_json(long v, bool *hidden)
{
    if (pl_suppress_hidden(v)) {
        *hidden = true;
        return json_null();
    }
    return json_integer(v);
}

/* Adds "hidden": true to o when one of its counts is hidden. */
static json_t *flag(json_t *o, bool hidden)
{
    if (o && hidden)
        json_object_set_new(o, "hidden", json_true());
    return o;
}

static json_t *cells_json(const pl_report *r, const pl_report_region *g)
{
    json_t *a = json_array();
    for (int c = 1; c <= 26; c++) {
        const pl_report_cell *cell = &g->pmks[c];
        const pl_category *cat = pl_pmks_get(c);
        bool hidden = false;
        json_t *o = json_pack("{s:i,s:s,s:s,s:s,s:o}", "category", c, "name", cat->name, "label",
                              cat->label, "applies_to", pl_applies_to_label(cat->applies_to),
                              "people", count_json(cell->people[PL_CUR], &hidden));
        if (cat->applies_to != PL_APPLIES_PERSON)
            json_object_set_new(o, "households", count_json(cell->households[PL_CUR], &hidden));
        if (r->has_compare) {
            json_object_set_new(o, "people_compare", count_json(cell->people[PL_PREV], &hidden));
            if (cat->applies_to != PL_APPLIES_PERSON)
                json_object_set_new(o, "households_compare",
                                    count_json(cell->households[PL_PREV], &hidden));
            /* A change with a hidden side (or two) is hidden: it would give one back. */
            long diff;
            double pct;
            bool has_pct =
                pl_period_change(cell->people[PL_PREV], cell->people[PL_CUR], &diff, &pct);
            bool hide = pl_suppress_hidden(cell->people[PL_CUR]) ||
                        pl_suppress_hidden(cell->people[PL_PREV]);
            json_object_set_new(o, "change", hide ? json_null() : json_integer(diff));
            json_object_set_new(o, "change_pct", hide || !has_pct ? json_null() : json_real(pct));
        }
        json_array_append_new(a, flag(o, hidden));
    }
    return a;
}

/* Percent of covered in of, null when either is hidden. */
static json_t *pct_json(long covered, long of)
{
    if (pl_suppress_hidden(covered) || pl_suppress_hidden(of))
        return json_null();
    return json_real(pl_report_coverage_pct(covered, of));
}

/* Coverage of each category with people in g: counts, percents and programs. */
static json_t *coverage_json(const pl_report_region *g)
{
    json_t *a = json_array();
    for (int c = 1; c <= 26; c++) {
        const pl_report_cell *cell = &g->pmks[c];
        if (cell->people[PL_CUR] == 0 && cell->households[PL_CUR] == 0)
            continue;
        const pl_category *cat = pl_pmks_get(c);
        bool hh = cat->applies_to != PL_APPLIES_PERSON, hidden = false;
        long cp, ch;
        pl_report_coverage_get(g, c, "", &cp, &ch);
        json_t *o = json_pack(
            "{s:i,s:s,s:s,s:o,s:o,s:o}", "category", c, "name", cat->name, "label", cat->label,
            "people", count_json(cell->people[PL_CUR], &hidden), "people_covered",
            count_json(cp, &hidden), "people_pct", pct_json(cp, cell->people[PL_CUR]));
        if (hh) {
            json_object_set_new(o, "households", count_json(cell->households[PL_CUR], &hidden));
            json_object_set_new(o, "households_covered", count_json(ch, &hidden));
            json_object_set_new(o, "households_pct", pct_json(ch, cell->households[PL_CUR]));
        }
        json_t *progs = json_array();
        for (size_t i = 0; i < g->n_coverage; i++) {
            const pl_report_coverage *v = &g->coverage[i];
            if (v->category != c || v->program[0] == '\0')
                continue;
            bool ph = false;
            json_t *po =
                json_pack("{s:s,s:o}", "code", v->program, "people", count_json(v->people, &ph));
            if (hh)
                json_object_set_new(po, "households", count_json(v->households, &ph));
            json_array_append_new(progs, flag(po, ph));
        }
        json_object_set_new(o, "programs", progs);
        json_array_append_new(a, flag(o, hidden));
    }
    return a;
}

static json_t *region_json(const pl_report *r, const pl_report_region *g, bool regency_row)
{
    bool hidden = false;
    json_t *o =
        json_pack("{s:s,s:s,s:o,s:o}", "code", g->code, "name", g->name, "pmks_people",
                  count_json(g->pmks[0].people[PL_CUR], &hidden), "categories", cells_json(r, g));
    if (r->has_compare)
        json_object_set_new(o, "pmks_people_compare",
                            count_json(g->pmks[0].people[PL_PREV], &hidden));
    flag(o, hidden);
    json_t *ps = json_object();
    for (int t = 1; t <= 12; t++)
        if (g->psks[t])
            json_object_set_new(ps, pl_psks_get(t)->slug, json_integer(g->psks[t]));
    json_object_set_new(o, "psks", ps);
    json_t *ind = json_object();
    for (int i = 0; i < PL_IND__MAX; i++) {
        if (!g->has_ind[i][PL_CUR] && !g->has_ind[i][PL_PREV])
            continue;
        json_t *v = json_object();
        if (g->has_ind[i][PL_CUR])
            json_object_set_new(v, "value", json_real(g->ind[i][PL_CUR]));
        if (g->has_ind[i][PL_PREV])
            json_object_set_new(v, "value_compare", json_real(g->ind[i][PL_PREV]));
        json_object_set_new(ind, pl_indicator_def_get(i)->slug, v);
    }
    json_object_set_new(o, "indicators", ind);
    if (regency_row) {
        json_object_set_new(o, "approved", json_boolean(g->approved));
        if (g->approved)
            json_object_set_new(o, "approval",
                                json_pack("{s:s,s:s}", "by", g->approved_by, "at", g->approved_at));
    }
    if (r->coverage)
        json_object_set_new(o, "program_coverage", coverage_json(g));
    if (g->n_districts) {
        json_t *ds = json_array();
        for (size_t i = 0; i < g->n_districts; i++) {
            const pl_report_district *d = &g->districts[i];
            long tksk = d->psks[PL_PSKS_TKSK];
            bool dh = false;
            json_t *people = count_json(d->pmks_people, &dh);
            /* People per TKSK would give a hidden count back (times the shown TKSK). */
            json_t *ratio =
                tksk && !dh ? json_real((double)d->pmks_people / (double)tksk) : json_null();
            json_array_append_new(ds, flag(json_pack("{s:s,s:s,s:o,s:I,s:o}", "code", d->code,
                                                     "name", d->name, "pmks_people", people, "tksk",
                                                     (json_int_t)tksk, "people_per_tksk", ratio),
                                           dh));
        }
        json_object_set_new(o, "districts", ds);
    }
    return o;
}

static json_t *iv_json(const pl_intervention *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, pl_json_intervention(&v[i]));
    return a;
}

json_t *pl_report_json(const pl_report *r)
{
    json_t *root = json_pack("{s:s,s:s,s:s,s:s,s:i,s:b}", "region", r->region, "region_name",
                             r->region_name, "period", r->period.label, "count_date", r->date,
                             "level", r->level, "small_cells_hidden", r->viewer);
    if (root == NULL)
        return NULL;
    if (r->has_compare) {
        json_object_set_new(root, "compare", json_string(r->compare.label));
        json_object_set_new(root, "compare_date", json_string(r->compare_date));
    }
    json_object_set_new(root, "total", region_json(r, &r->total, false));
    json_t *rows = json_array();
    for (size_t i = 0; i < r->n_rows; i++)
        json_array_append_new(rows, region_json(r, &r->rows[i], r->level == PL_LEVEL_REGENCY));
    json_object_set_new(root, "rows", rows);
    if (r->level == PL_LEVEL_REGENCY)
        json_object_set_new(root, "approved_count", json_integer((json_int_t)r->n_approved));
    if (r->has_compare) {
        pl_report_change *ch = NULL;
        size_t n = 0;
        json_t *a = json_array();
        if (pl_report_changes(&ch, &n, r) == 0) {
            for (size_t i = 0; i < n; i++)
                json_array_append_new(
                    a, json_pack("{s:s,s:i,s:I,s:I,s:I,s:o}", "region", ch[i].region->code,
                                 "category", ch[i].category, "before", (json_int_t)ch[i].before,
                                 "after", (json_int_t)ch[i].after, "change", (json_int_t)ch[i].diff,
                                 "change_pct", ch[i].has_pct ? json_real(ch[i].pct) : json_null()));
            free(ch);
        }
        json_object_set_new(root, "largest_changes", a);
    }
    if (r->psks_cov)
        json_object_set_new(root, "psks_coverage", pl_psks_cov_json(r->psks_cov));
    if (r->dtsen)
        json_object_set_new(root, "dtsen_cycles", pl_dtsen_report_json(r->dtsen));
    json_object_set_new(root, "interventions_last_year", iv_json(r->prev_iv, r->n_prev_iv));
    json_object_set_new(root, "interventions", iv_json(r->iv, r->n_iv));
    json_t *pa = json_array();
    for (size_t i = 0; i < r->n_problems; i++)
        json_array_append_new(pa, pl_json_rakor_problem(&r->problems[i]));
    json_object_set_new(root, "problems", pa);
    return root;
}

json_t *pl_summary_json(const pl_store_summary *s, const char *region)
{
    json_t *pmks = json_array();
    for (int c = 1; c <= PL_PMKS_COUNT; c++) {
        const pl_category *cat = pl_pmks_get(c);
        bool hidden = false;
        json_t *o =
            json_pack("{s:i,s:s,s:s,s:o}", "category", c, "name", cat ? cat->name : "", "label",
                      cat ? cat->label : "", "count", count_json(s->pmks_people[c], &hidden));
        json_array_append_new(pmks, flag(o, hidden));
    }
    bool sh = false, hidden = false;
    json_t *status =
        json_pack("{s:o,s:o,s:o}", "draft", count_json(s->by_state[0], &sh), "verified",
                  count_json(s->by_state[1], &sh), "rejected", count_json(s->by_state[2], &sh));
    json_t *o =
        json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:I,s:o,s:o}", "region", region, "households",
                  count_json(s->households, &hidden), "people", count_json(s->people, &hidden),
                  "people_alive", count_json(s->people_alive, &hidden), "without_nik",
                  count_json(s->without_nik, &hidden), "memberships_open",
                  count_json(s->memberships_open, &hidden), "psks_units", (json_int_t)s->psks_units,
                  "status", flag(status, sh), "pmks", pmks);
    return flag(o, hidden);
}
