/* report.c - building period reports from the store's counts. */
#include "service/report.h"
#include "service/cells.h"
#include "service/letterhead.h"

#include "domain/category.h"
#include "domain/date.h"
#include "domain/suppress.h"
#include "store/approval.h"
#include "store/indicator.h"
#include "store/program_report.h"
#include "service/dtsen.h"
#include "service/psks_coverage.h"
#include "store/rakor.h"
#include "store/region.h"
#include "store/report.h"
#include "store/store.h"
#include "store/summary.h"
#include "util/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int level_len[5] = {0, 2, 5, 8, 13};

typedef struct build_ctx {
    pl_report *r;
    pl_store *s;
    pl_error *err;
    size_t cap;
    /* Districts of the current regency while loading them. */
    pl_report_region *parent;
    size_t dcap;
    /* The rakor report: PMKS people per village on the count date (service/cells.h measure
     * PL_CELL_PEOPLE, not suppressed), the PSKS section's need; NULL otherwise. */
    pl_suppress_tree *need;
} build_ctx;

static int add_row(void *ctx, const pl_region *g)
{
    build_ctx *b = ctx;
    pl_report *r = b->r;
    int rc = pl_vec_reserve(&r->rows, &b->cap, r->n_rows, 1);
    if (rc != 0)
        return rc;
    pl_report_region *row = &r->rows[r->n_rows++];
    memset(row, 0, sizeof *row);
    snprintf(row->code, sizeof row->code, "%s", g->code);
    snprintf(row->name, sizeof row->name, "%s", g->name);
    return 0;
}

static int add_district(void *ctx, const pl_region *g)
{
    build_ctx *b = ctx;
    pl_report_region *p = b->parent;
    int rc = pl_vec_reserve(&p->districts, &b->dcap, p->n_districts, 1);
    if (rc != 0)
        return rc;
    pl_report_district *d = &p->districts[p->n_districts++];
    memset(d, 0, sizeof *d);
    snprintf(d->code, sizeof d->code, "%s", g->code);
    snprintf(d->name, sizeof d->name, "%s", g->name);
    return 0;
}

static int cmp_row_code(const void *key, const void *elem)
{
    const char *k = key;
    const pl_report_region *g = elem;
    return strcmp(k, g->code);
}

static int cmp_district_code(const void *key, const void *elem)
{
    const char *k = key;
    const pl_report_district *d = elem;
    return strcmp(k, d->code);
}

/* The row a code (at any deeper level) rolls up into, or NULL. */
static pl_report_region *row_of(pl_report *r, const char *code)
{
    char key[PL_REGION_CODE_MAX];
    snprintf(key, sizeof key, "%.*s", level_len[r->level], code);
    if ((int)strlen(code) < level_len[r->level])
        return NULL;
    return bsearch(key, r->rows, r->n_rows, sizeof *r->rows, cmp_row_code);
}

static pl_report_district *district_of(pl_report_region *g, const char *code)
{
    if (g->n_districts == 0 || strlen(code) < 8)
        return NULL;
    char key[PL_REGION_CODE_MAX];
    snprintf(key, sizeof key, "%.8s", code);
    return bsearch(key, g->districts, g->n_districts, sizeof *g->districts, cmp_district_code);
}

static int on_count(void *ctx, const pl_count_row *c)
{
    build_ctx *b = ctx;
    if (c->category < 1 || c->category > 26)
        return 0;
    pl_report_region *targets[2] = {&b->r->total, row_of(b->r, c->region)};
    for (int t = 0; t < 2; t++) {
        pl_report_region *g = targets[t];
        if (g == NULL)
            continue;
        for (int k = 0; k < 2; k++) {
            g->pmks[c->category].people[k] += c->people[k];
            g->pmks[c->category].households[k] += c->households[k];
            g->pmks[0].people[k] += c->people[k];
            g->pmks[0].households[k] += c->households[k];
        }
    }
    pl_report_district *d = targets[1] ? district_of(targets[1], c->region) : NULL;
    if (d)
        d->pmks_people += c->people[PL_CUR];
    if (b->need) {
        int rc = pl_suppress_tree_add(b->need, c->region, PL_CELL_PEOPLE, c->people[PL_CUR]);
        if (rc && rc != PL_EINVAL) /* a malformed stored code is not fatal (as in cells.c) */
            return rc;
    }
    return 0;
}

static int add_coverage(pl_report_region *g, const pl_coverage_row *c)
{
    for (size_t i = 0; i < g->n_coverage; i++) {
        pl_report_coverage *v = &g->coverage[i];
        if (v->category == c->category && strcmp(v->program, c->program) == 0) {
            v->people += c->people;
            v->households += c->households;
            return 0;
        }
    }
    int rc = pl_vec_reserve(&g->coverage, &g->cap_coverage, g->n_coverage, 1);
    if (rc != 0)
        return rc;
    pl_report_coverage *v = &g->coverage[g->n_coverage++];
    memset(v, 0, sizeof *v);
    v->category = c->category;
    snprintf(v->program, sizeof v->program, "%s", c->program);
    v->people = c->people;
    v->households = c->households;
    return 0;
}

static int on_coverage(void *ctx, const pl_coverage_row *c)
{
    build_ctx *b = ctx;
    if (c->category < 1 || c->category > 26)
        return 0;
    int rc = add_coverage(&b->r->total, c);
    pl_report_region *g = row_of(b->r, c->region);
    return rc ? rc : g ? add_coverage(g, c) : 0;
}

static int cmp_coverage(const void *a, const void *b)
{
    const pl_report_coverage *x = a, *y = b;
    return x->category != y->category ? x->category - y->category : strcmp(x->program, y->program);
}

static int on_psks(void *ctx, const pl_psks_count_row *c)
{
    build_ctx *b = ctx;
    if (c->type < 1 || c->type > 12)
        return 0;
    b->r->total.psks[c->type] += c->units;
    b->r->total.psks[0] += c->units;
    pl_report_region *g = row_of(b->r, c->region);
    if (g == NULL)
        return 0;
    g->psks[c->type] += c->units;
    g->psks[0] += c->units;
    pl_report_district *d = district_of(g, c->region);
    if (d) {
        d->psks[c->type] += c->units;
        d->psks[0] += c->units;
    }
    return 0;
}

static int on_indicator(void *ctx, const pl_indicator *in)
{
    build_ctx *b = ctx;
    pl_report *r = b->r;
    int i = pl_indicator_find(in->name);
    if (i < 0)
        return 0;
    int k = in->year == r->period.year                        ? PL_CUR
            : (r->has_compare && in->year == r->compare.year) ? PL_PREV
                                                              : -1;
    if (k < 0)
        return 0;
    pl_report_region *g = strcmp(in->region, r->region) == 0 ? &r->total : NULL;
    if (g == NULL) {
        g = bsearch(in->region, r->rows, r->n_rows, sizeof *r->rows, cmp_row_code);
        if (g == NULL)
            return 0;
    }
    g->ind[i][k] = in->value;
    g->has_ind[i][k] = true;
    return 0;
}

static int on_approval(void *ctx, const pl_approval *a)
{
    build_ctx *b = ctx;
    pl_report_region *g =
        bsearch(a->region, b->r->rows, b->r->n_rows, sizeof *b->r->rows, cmp_row_code);
    if (g && !g->approved) {
        g->approved = true;
        snprintf(g->approved_by, sizeof g->approved_by, "%s", a->approved_by);
        snprintf(g->approved_at, sizeof g->approved_at, "%s", a->approved_at);
        b->r->n_approved++;
    }
    return 0;
}

PL_VEC_DEFINE(iv_list, pl_intervention)

static int on_iv(void *ctx, const pl_intervention *iv)
{
    return iv_list_push(ctx, *iv);
}

PL_VEC_DEFINE(problem_list, pl_rakor_problem)

static int on_problem(void *ctx, const pl_rakor_problem *p)
{
    return problem_list_push(ctx, *p);
}

static int on_rakor_problems(void *ctx, const pl_rakor *k)
{
    build_ctx *b = ctx;
    problem_list l = {b->r->problems, b->r->n_problems, b->r->n_problems};
    int rc = pl_store_problem_list(b->s, k->id, b->r->region, on_problem, &l, b->err);
    b->r->problems = l.v;
    b->r->n_problems = l.n;
    return rc;
}

/* Hides the counts of g on date k that the tree hides (or that are small). */
static void suppress_region(pl_report_region *g, int k, const pl_suppress_tree *t)
{
    for (int c = 0; c <= 26; c++) {
        pl_report_cell *cell = &g->pmks[c];
        cell->people[k] = pl_cells_shown(t, g->code, PL_CELL_PEOPLE + c, cell->people[k]);
        if (c > 0)
            cell->households[k] = pl_cells_shown(t, g->code, PL_CELL_HH(c), cell->households[k]);
        else if (pl_suppress_is_small(cell->households[k]))
            cell->households[k] = PL_SUPPRESSED; /* never shown, kept consistent */
    }
    for (size_t i = 0; k == PL_CUR && i < g->n_districts; i++) {
        pl_report_district *d = &g->districts[i];
        d->pmks_people = pl_cells_shown(t, d->code, PL_CELL_PEOPLE, d->pmks_people);
    }
}

typedef struct cov_cells {
    long people, households; /* cell indexes */
} cov_cells;

/*
 * Program coverage is counted for the report's rows only: its cells are
 * suppressed inside the report, each (category, program) column of rows
 * adding up to the total's cell.
 */
static int suppress_coverage(pl_report *r)
{
    size_t n = r->total.n_coverage;
    if (n == 0)
        return 0;
    pl_suppress *t = pl_suppress_new();
    cov_cells *rows = calloc((r->n_rows + 1) * n, sizeof *rows);
    long *members = calloc(r->n_rows + 1, sizeof *members);
    int rc = t && rows && members ? 0 : PL_ENOMEM;
    /* Row i's entry j is the total's entry j, looked up (rows may lack some). */
    for (size_t j = 0; rc == 0 && j < n; j++) {
        const pl_report_coverage *tv = &r->total.coverage[j];
        for (size_t i = 0; rc == 0 && i <= r->n_rows; i++) {
            const pl_report_region *g = i < r->n_rows ? &r->rows[i] : &r->total;
            long p = 0, h = 0;
            pl_report_coverage_get(g, tv->category, tv->program, &p, &h);
            cov_cells *cc = &rows[i * n + j];
            cc->people = pl_suppress_cell(t, p);
            cc->households = pl_suppress_cell(t, h);
            if (cc->people < 0 || cc->households < 0)
                rc = PL_ENOMEM;
        }
        for (int hh = 0; rc == 0 && hh < 2; hh++) {
            for (size_t i = 0; i < r->n_rows; i++)
                members[i] = hh ? rows[i * n + j].households : rows[i * n + j].people;
            const cov_cells *tot = &rows[r->n_rows * n + j];
            rc = pl_suppress_group(t, hh ? tot->households : tot->people, members, r->n_rows);
        }
    }
    if (rc == 0) {
        pl_suppress_run(t);
        for (size_t j = 0; j < n; j++) {
            const pl_report_coverage *tv = &r->total.coverage[j];
            for (size_t i = 0; i <= r->n_rows; i++) {
                pl_report_region *g = i < r->n_rows ? &r->rows[i] : &r->total;
                const cov_cells *cc = &rows[i * n + j];
                for (size_t k = 0; k < g->n_coverage; k++) {
                    pl_report_coverage *v = &g->coverage[k];
                    if (v->category != tv->category || strcmp(v->program, tv->program) != 0)
                        continue;
                    if (pl_suppress_is_hidden(t, cc->people))
                        v->people = PL_SUPPRESSED;
                    if (pl_suppress_is_hidden(t, cc->households))
                        v->households = PL_SUPPRESSED;
                }
            }
        }
    }
    pl_suppress_free(t);
    free(rows);
    free(members);
    return rc;
}

/*
 * The rakor report's PSKS section: coverage against need on the count date,
 * kept to the district rows (the villages stay in GET /psks/coverage).
 */
static int psks_section(pl_report *r, pl_store *s, const char *scope, const pl_suppress_tree *cells,
                        pl_error *err)
{
    pl_psks_cov_options co = {
        .scope = scope, .region = r->region, .date = r->date, .viewer = r->viewer, .cells = cells};
    int rc = pl_psks_coverage(&r->psks_cov, s, &co, err);
    if (rc)
        return rc;
    pl_psks_cov *c = r->psks_cov;
    size_t n = 0;
    for (size_t i = 0; i < c->n_rows; i++)
        if (c->rows[i].level <= PL_LEVEL_DISTRICT)
            c->rows[n++] = c->rows[i];
    if (n)
        c->n_rows = n;
    return 0;
}

/*
 * The rakor report's section on the year's DTSEN update cycles
 * (service/dtsen.h): every cycle of the report region with its proposals
 * in, checked, ratified, rejected and waiting, and the objections per
 * regency, overdue on today (else the count date); small counts hidden for
 * the viewer like the rest of the report.
 */
static int dtsen_section(pl_report *r, pl_store *s, const char *scope, const pl_date *today,
                         pl_error *err)
{
    char year[8];
    pl_date on;
    snprintf(year, sizeof year, "%04d", r->period.year);
    if (today == NULL && pl_date_parse(&on, r->date) == 0)
        today = &on;
    if (today == NULL)
        return pl_error_set(err, PL_EINVAL, "date", "tanggal laporan tidak sah");
    return pl_dtsen_report_build(&r->dtsen, s, scope, r->region, year, r->viewer, today, err);
}

/*
 * The public view: every count hidden the way cells.h hides it. *cur receives the tree of the
 * count date (the caller frees it; the PSKS section reads its need from it).
 */
static int suppress(pl_suppress_tree **cur, pl_report *r, pl_store *s, pl_error *err)
{
    for (int k = 0; k < (r->has_compare ? 2 : 1); k++) {
        pl_suppress_tree *t = NULL;
        int rc = pl_cells_build(&t, s, k == PL_CUR ? r->date : r->compare_date, err);
        if (rc)
            return rc;
        suppress_region(&r->total, k, t);
        for (size_t i = 0; i < r->n_rows; i++)
            suppress_region(&r->rows[i], k, t);
        if (k == PL_CUR)
            *cur = t;
        else
            pl_suppress_tree_free(t);
    }
    if (suppress_coverage(r))
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    return 0;
}

int pl_report_build(pl_report **out, pl_store *s, const pl_report_options *o, pl_error *err)
{
    *out = NULL;
    int rc = 0;
    pl_report *r = calloc(1, sizeof *r);
    if (r == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    build_ctx b = {.r = r, .s = s, .err = err};
    pl_suppress_tree *cur_cells = NULL; /* the public view's tree of the count date */
    const char *scope = o->scope ? o->scope : "";
    const char *region = o->region && o->region[0] ? o->region : scope;
    /* The nation (level 0, rows by province): `--region ""` from the command line, which sees
     * everything; on a cluster's coordinator it reads every shard (docs/scale.md). */
    bool nation = region[0] == '\0' && o->region != NULL && scope[0] == '\0';
    if (region[0] == '\0' && !nation) {
        rc = pl_error_set(err, PL_EINVAL, "region", "wilayah laporan wajib diisi (mis. 64)");
        goto out;
    }
    int lv = nation ? 0 : pl_region_code_normalize(r->region, region);
    if (lv < 0) {
        rc = pl_error_set(err, PL_EINVAL, "region", "kode wilayah '%s' tidak dikenal", region);
        goto out;
    }
    if (scope[0] && !pl_region_code_in_scope(r->region, scope)) {
        rc = pl_error_set(err, PL_EDENIED, "region", "wilayah %s di luar wilayah akses Anda",
                          r->region);
        goto out;
    }
    pl_region reg = {0};
    if (nation)
        snprintf(reg.name, sizeof reg.name, "Indonesia");
    else if ((rc = pl_store_region_get(s, &reg, r->region, err)))
        goto out;
    snprintf(r->region_name, sizeof r->region_name, "%s", reg.name);
    snprintf(r->total.code, sizeof r->total.code, "%s", reg.code);
    snprintf(r->total.name, sizeof r->total.name, "%s", reg.name);
    if (pl_period_parse(&r->period, o->period) != 0) {
        rc = pl_error_set(err, PL_EINVAL, "period",
                          "periode '%s' tidak dikenal (contoh: 2024, 2024-S1, 2024-Q3, 2024-03)",
                          o->period ? o->period : "");
        goto out;
    }
    if (o->compare && o->compare[0]) {
        if (pl_period_parse(&r->compare, o->compare) != 0) {
            rc = pl_error_set(err, PL_EINVAL, "compare", "periode pembanding '%s' tidak dikenal",
                              o->compare);
            goto out;
        }
        r->has_compare = true;
    }
    pl_period_count_date(r->date, &r->period, o->today);
    if (o->date && o->date[0])
        snprintf(r->date, sizeof r->date, "%s", o->date);
    if (r->has_compare)
        pl_period_count_date(r->compare_date, &r->compare, o->today);
    r->viewer = o->viewer;
    r->level = o->level ? o->level : (lv < 4 ? lv + 1 : 4);
    if (r->level < (lv ? lv : 1) || r->level > 4) {
        rc =
            pl_error_set(err, PL_EINVAL, "level", "tingkat rincian harus %d sampai 4", lv ? lv : 1);
        goto out;
    }

    /* Rows: every region of the level inside the report region, ordered by code. */
    if (r->level == lv)
        rc = add_row(&b, &reg);
    else if (r->level == lv + 1 && !nation)
        rc = pl_store_region_children(s, r->region, add_row, &b, err);
    else
        rc = pl_store_region_list(s, r->level, r->region, add_row, &b, err);
    if (rc)
        goto out;
    bool districts = o->districts && r->level == PL_LEVEL_REGENCY;
    for (size_t i = 0; districts && i < r->n_rows; i++) {
        b.parent = &r->rows[i];
        b.dcap = 0;
        if ((rc = pl_store_region_children(s, r->rows[i].code, add_district, &b, err)))
            goto out;
    }

    /* A count date given by the caller must be a stored-form date (period dates always are). */
    if (!pl_date_is_iso(r->date)) {
        rc = pl_error_set(err, PL_EINVAL, "date", "tanggal hitung harus YYYY-MM-DD");
        goto out;
    }
    /* The rakor report counts per village: the rows and districts roll the villages up, and
     * the PSKS section takes its need from the same pass (the tree of values) instead of
     * counting the whole country again; the public view's need comes from the suppressed
     * tree of the count date instead (suppress). */
    if (o->districts && !r->viewer && (b.need = pl_suppress_tree_new(PL_CELL__MAX)) == NULL) {
        rc = PL_ENOMEM;
        goto out;
    }
    pl_count_query q = {.scope = scope,
                        .region = r->region,
                        .level = o->districts ? PL_LEVEL_VILLAGE
                                 : districts  ? PL_LEVEL_DISTRICT
                                              : r->level,
                        .dates = {r->date, r->has_compare ? r->compare_date : NULL}};
    if ((rc = pl_store_count_at(s, &q, on_count, &b, err)))
        goto out;
    r->coverage = o->districts;
    if (r->coverage) {
        char from[11];
        snprintf(from, sizeof from, "%04d-%02d-%02d", r->period.start.year, r->period.start.month,
                 r->period.start.day);
        if ((rc = pl_store_program_coverage(s, scope, r->region, r->level, from, r->date,
                                            on_coverage, &b, err)))
            goto out;
        if (r->total.n_coverage)
            qsort(r->total.coverage, r->total.n_coverage, sizeof *r->total.coverage, cmp_coverage);
        for (size_t i = 0; i < r->n_rows; i++)
            if (r->rows[i].n_coverage)
                qsort(r->rows[i].coverage, r->rows[i].n_coverage, sizeof *r->rows[i].coverage,
                      cmp_coverage);
    }
    if ((rc = pl_store_psks_count(s, scope, r->region, districts ? 3 : r->level, r->date, on_psks,
                                  &b, err)))
        goto out;
    int y0 = r->has_compare && r->compare.year < r->period.year ? r->compare.year : r->period.year;
    if ((rc = pl_store_indicator_list(s, scope, r->region, y0, r->period.year, NULL, on_indicator,
                                      &b, err)))
        goto out;
    if ((rc = pl_store_approval_list(s, scope, r->region, r->period.label, true, on_approval, &b,
                                     err)))
        goto out;
    int prev_year = r->has_compare ? r->compare.year : r->period.year - 1;
    if (prev_year == r->period.year)
        prev_year--;
    iv_list l = {0};
    pl_intervention_query iq = {.scope = scope, .region = r->region, .rakor_year = prev_year};
    rc = pl_store_intervention_list(s, &iq, on_iv, &l, err);
    r->prev_iv = l.v;
    r->n_prev_iv = l.n;
    if (rc)
        goto out;
    memset(&l, 0, sizeof l);
    iq.rakor_year = r->period.year;
    rc = pl_store_intervention_list(s, &iq, on_iv, &l, err);
    r->iv = l.v;
    r->n_iv = l.n;
    if (rc)
        goto out;
    if ((rc = pl_store_rakor_list(s, r->period.year, "", on_rakor_problems, &b, err)))
        goto out;
    if (r->viewer && (rc = suppress(&cur_cells, r, s, err)))
        goto out;
    if (o->districts && (rc = psks_section(r, s, scope, r->viewer ? cur_cells : b.need, err)))
        goto out;
    if (o->districts && (rc = dtsen_section(r, s, scope, o->today, err)))
        goto out;
    if (o->letterhead && o->today &&
        (rc = pl_letterhead_for_region(&r->letterhead, s, r->region, o->today, err)))
        goto out;
out:
    pl_suppress_tree_free(b.need);
    pl_suppress_tree_free(cur_cells);
    if (rc) {
        if (rc == PL_ENOMEM && (err == NULL || err->code == PL_OK))
            pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        pl_report_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

int pl_report_summary(pl_store_summary *out, pl_store *s, const char *scope, bool public_view,
                      const char *today, pl_error *err)
{
    const char *sc = scope ? scope : "";
    int rc = pl_store_summary_get(s, out, sc, err);
    if (rc || !public_view)
        return rc;
    pl_suppress_tree *t = NULL;
    if ((rc = pl_cells_build(&t, s, today, err)))
        return rc;
    const struct {
        long *v;
        int m;
    } map[] = {
        {&out->people, PL_CELL_PERSONS},       {&out->households, PL_CELL_FAMILIES},
        {&out->people_alive, PL_CELL_ALIVE},   {&out->without_nik, PL_CELL_NO_NIK},
        {&out->by_state[0], PL_CELL_DRAFT},    {&out->by_state[1], PL_CELL_VERIFIED},
        {&out->by_state[2], PL_CELL_REJECTED}, {&out->memberships_open, PL_CELL_MEMBERSHIPS}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        *map[i].v = pl_suppress_tree_shown(t, sc, map[i].m);
    for (int c = 1; c <= 26; c++) {
        const pl_category *cat = pl_pmks_get(c);
        int m = cat && cat->applies_to != PL_APPLIES_PERSON ? PL_CELL_HH(c) : PL_CELL_PEOPLE + c;
        out->pmks_people[c] = pl_suppress_tree_shown(t, sc, m);
    }
    pl_suppress_tree_free(t);
    return 0;
}
