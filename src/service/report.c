/* report.c - building period reports from the store's counts. */
#include "service/report.h"

#include "domain/category.h"
#include "domain/numfmt.h"
#include "io/rakor_json.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const pl_indicator_def indicator_defs[PL_IND__MAX] = {
    [PL_IND_POVERTY_RATE] = {"persentase_penduduk_miskin", "Persentase penduduk miskin", 2, true},
    [PL_IND_POOR] = {"jumlah_penduduk_miskin", "Jumlah penduduk miskin", 2, false},
    [PL_IND_IPM] = {"ipm", "Indeks Pembangunan Manusia", 2, false},
    [PL_IND_GINI] = {"gini", "Rasio Gini", 3, false},
    [PL_IND_INFLATION] = {"inflasi", "Inflasi", 2, true},
    [PL_IND_GROWTH] = {"pertumbuhan_ekonomi", "Pertumbuhan ekonomi", 2, true},
    [PL_IND_TPT] = {"tpt", "Tingkat pengangguran terbuka", 2, true},
};

const pl_indicator_def *pl_indicator_def_get(int i)
{
    return i >= 0 && i < PL_IND__MAX ? &indicator_defs[i] : NULL;
}

int pl_indicator_find(const char *slug)
{
    for (int i = 0; slug && i < PL_IND__MAX; i++)
        if (strcasecmp(slug, indicator_defs[i].slug) == 0)
            return i;
    return -1;
}

static const int level_len[5] = {0, 2, 5, 8, 13};

typedef struct build_ctx {
    pl_report *r;
    pl_store *s;
    pl_error *err;
    size_t cap;
    /* Districts of the current regency while loading them. */
    pl_report_region *parent;
    size_t dcap;
} build_ctx;

static int add_row(void *ctx, const pl_region *g)
{
    build_ctx *b = ctx;
    pl_report *r = b->r;
    if (r->n_rows == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        pl_report_region *rows = realloc(r->rows, cap * sizeof *rows);
        if (rows == NULL)
            return PL_ENOMEM;
        r->rows = rows;
        b->cap = cap;
    }
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
    if (p->n_districts == b->dcap) {
        size_t cap = b->dcap ? b->dcap * 2 : 16;
        pl_report_district *d = realloc(p->districts, cap * sizeof *d);
        if (d == NULL)
            return PL_ENOMEM;
        p->districts = d;
        b->dcap = cap;
    }
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
    pl_report_coverage *v = realloc(g->coverage, (g->n_coverage + 1) * sizeof *v);
    if (v == NULL)
        return PL_ENOMEM;
    g->coverage = v;
    v = &g->coverage[g->n_coverage++];
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

void pl_report_coverage_get(const pl_report_region *g, int c, const char *program, long *people,
                            long *households)
{
    *people = *households = 0;
    for (size_t i = 0; i < g->n_coverage; i++)
        if (g->coverage[i].category == c && strcmp(g->coverage[i].program, program) == 0) {
            *people = g->coverage[i].people;
            *households = g->coverage[i].households;
            return;
        }
}

double pl_report_coverage_pct(long covered, long of)
{
    return of > 0 ? 100.0 * (double)covered / (double)of : 0.0;
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

typedef struct iv_list {
    pl_intervention *v;
    size_t n, cap;
} iv_list;

static int on_iv(void *ctx, const pl_intervention *iv)
{
    iv_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        pl_intervention *v = realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            return PL_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *iv;
    return 0;
}

typedef struct problem_list {
    pl_rakor_problem *v;
    size_t n, cap;
} problem_list;

static int on_problem(void *ctx, const pl_rakor_problem *p)
{
    problem_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        pl_rakor_problem *v = realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            return PL_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *p;
    return 0;
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

int pl_report_build(pl_report **out, pl_store *s, const pl_report_options *o, pl_error *err)
{
    *out = NULL;
    int rc = 0;
    pl_report *r = calloc(1, sizeof *r);
    if (r == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    build_ctx b = {.r = r, .s = s, .err = err};
    const char *scope = o->scope ? o->scope : "";
    const char *region = o->region && o->region[0] ? o->region : scope;
    if (region[0] == '\0') {
        rc = pl_error_set(err, PL_EINVAL, "wilayah", "wilayah laporan wajib diisi (mis. 64)");
        goto out;
    }
    int lv = pl_region_code_normalize(r->region, region);
    if (lv < 0) {
        rc = pl_error_set(err, PL_EINVAL, "wilayah", "kode wilayah '%s' tidak dikenal", region);
        goto out;
    }
    if (scope[0] && !pl_region_code_in_scope(r->region, scope)) {
        rc = pl_error_set(err, PL_EDENIED, "wilayah", "wilayah %s di luar wilayah akses Anda",
                          r->region);
        goto out;
    }
    pl_region reg;
    if ((rc = pl_store_region_get(s, &reg, r->region, err)))
        goto out;
    snprintf(r->region_name, sizeof r->region_name, "%s", reg.name);
    snprintf(r->total.code, sizeof r->total.code, "%s", reg.code);
    snprintf(r->total.name, sizeof r->total.name, "%s", reg.name);
    if (pl_period_parse(&r->period, o->period) != 0) {
        rc = pl_error_set(err, PL_EINVAL, "periode",
                          "periode '%s' tidak dikenal (contoh: 2024, 2024-S1, 2024-Q3, 2024-03)",
                          o->period ? o->period : "");
        goto out;
    }
    if (o->compare && o->compare[0]) {
        if (pl_period_parse(&r->compare, o->compare) != 0) {
            rc = pl_error_set(err, PL_EINVAL, "pembanding", "periode pembanding '%s' tidak dikenal",
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
    if (r->level < lv || r->level > 4) {
        rc = pl_error_set(err, PL_EINVAL, "tingkat", "tingkat rincian harus %d sampai 4", lv);
        goto out;
    }

    /* Rows: every region of the level inside the report region, ordered by code. */
    if (r->level == lv)
        rc = add_row(&b, &reg);
    else if (r->level == lv + 1)
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

    pl_count_query q = {.scope = scope,
                        .region = r->region,
                        .level = districts ? PL_LEVEL_DISTRICT : r->level,
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
out:
    if (rc) {
        if (rc == PL_ENOMEM && (err == NULL || err->code == PL_OK))
            pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        pl_report_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

void pl_report_free(pl_report *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n_rows; i++) {
        free(r->rows[i].districts);
        free(r->rows[i].coverage);
    }
    free(r->total.coverage);
    free(r->rows);
    free(r->prev_iv);
    free(r->iv);
    free(r->problems);
    free(r);
}

static int cmp_change(const void *a, const void *b)
{
    const pl_report_change *x = a, *y = b;
    if (x->diff != y->diff)
        return x->diff > y->diff ? -1 : 1;
    int c = strcmp(x->region->code, y->region->code);
    return c ? c : x->category - y->category;
}

int pl_report_changes(pl_report_change **out, size_t *n, const pl_report *r)
{
    *out = NULL;
    *n = 0;
    size_t cap = r->n_rows * 26 + 1, k = 0;
    pl_report_change *v = calloc(cap, sizeof *v);
    if (v == NULL)
        return PL_ENOMEM;
    for (size_t i = 0; i < r->n_rows; i++) {
        for (int c = 1; c <= 26; c++) {
            const pl_report_cell *cell = &r->rows[i].pmks[c];
            if (cell->people[0] == 0 && cell->people[1] == 0)
                continue;
            pl_report_change *ch = &v[k++];
            ch->region = &r->rows[i];
            ch->category = c;
            ch->after = cell->people[PL_CUR];
            ch->before = cell->people[PL_PREV];
            ch->has_pct = pl_period_change(ch->before, ch->after, &ch->diff, &ch->pct);
        }
    }
    qsort(v, k, sizeof *v, cmp_change);
    *out = v;
    *n = k;
    return 0;
}

/* Insertion sort: at most 26 entries. */
size_t pl_report_region_ranking(int cats[26], const pl_report_region *g)
{
    size_t n = 0;
    for (int c = 1; c <= 26; c++) {
        long d = g->pmks[c].people[PL_CUR] - g->pmks[c].people[PL_PREV];
        if (d == 0)
            continue;
        size_t j = n++;
        while (j > 0) {
            int p = cats[j - 1];
            long dp = g->pmks[p].people[PL_CUR] - g->pmks[p].people[PL_PREV];
            if (dp >= d)
                break;
            cats[j] = p;
            j--;
        }
        cats[j] = c;
    }
    return n;
}

/* A count as JSON: a number, or "<5" for viewers. */
static json_t *count_json(const pl_report *r, long v)
{
    if (r->viewer && pl_numfmt_is_small(v))
        return json_string("<5");
    return json_integer(v);
}

static json_t *cells_json(const pl_report *r, const pl_report_region *g)
{
    json_t *a = json_array();
    for (int c = 1; c <= 26; c++) {
        const pl_report_cell *cell = &g->pmks[c];
        const pl_category *cat = pl_pmks_get(c);
        long diff;
        double pct;
        bool has_pct = pl_period_change(cell->people[PL_PREV], cell->people[PL_CUR], &diff, &pct);
        bool hide = r->viewer && (pl_numfmt_is_small(cell->people[PL_CUR]) ||
                                  (r->has_compare && pl_numfmt_is_small(cell->people[PL_PREV])));
        json_t *o = json_pack("{s:i,s:s,s:s,s:o}", "kategori", c, "nama", cat->short_name, "jenis",
                              pl_applies_to_label(cat->applies_to), "orang",
                              count_json(r, cell->people[PL_CUR]));
        if (cat->applies_to != PL_APPLIES_PERSON)
            json_object_set_new(o, "keluarga", count_json(r, cell->households[PL_CUR]));
        if (r->has_compare) {
            json_object_set_new(o, "orang_pembanding", count_json(r, cell->people[PL_PREV]));
            if (cat->applies_to != PL_APPLIES_PERSON)
                json_object_set_new(o, "keluarga_pembanding",
                                    count_json(r, cell->households[PL_PREV]));
            json_object_set_new(o, "perubahan", hide ? json_null() : json_integer(diff));
            json_object_set_new(o, "perubahan_persen",
                                hide || !has_pct ? json_null() : json_real(pct));
        }
        json_array_append_new(a, o);
    }
    return a;
}

/* Coverage of each category with people in g: counts, percents and programs. */
static json_t *coverage_json(const pl_report *r, const pl_report_region *g)
{
    json_t *a = json_array();
    for (int c = 1; c <= 26; c++) {
        const pl_report_cell *cell = &g->pmks[c];
        if (cell->people[PL_CUR] == 0 && cell->households[PL_CUR] == 0)
            continue;
        const pl_category *cat = pl_pmks_get(c);
        bool hh = cat->applies_to != PL_APPLIES_PERSON;
        long cp, ch;
        pl_report_coverage_get(g, c, "", &cp, &ch);
        bool hide =
            r->viewer && (pl_numfmt_is_small(cell->people[PL_CUR]) || pl_numfmt_is_small(cp));
        json_t *o = json_pack("{s:i,s:s,s:o,s:o,s:o}", "kategori", c, "nama", cat->short_name,
                              "orang", count_json(r, cell->people[PL_CUR]), "orang_tercakup",
                              count_json(r, cp), "persen_orang",
                              hide ? json_null()
                                   : json_real(pl_report_coverage_pct(cp, cell->people[PL_CUR])));
        if (hh) {
            bool hide_h = r->viewer &&
                          (pl_numfmt_is_small(cell->households[PL_CUR]) || pl_numfmt_is_small(ch));
            json_object_set_new(o, "keluarga", count_json(r, cell->households[PL_CUR]));
            json_object_set_new(o, "keluarga_tercakup", count_json(r, ch));
            json_object_set_new(
                o, "persen_keluarga",
                hide_h ? json_null()
                       : json_real(pl_report_coverage_pct(ch, cell->households[PL_CUR])));
        }
        json_t *progs = json_array();
        for (size_t i = 0; i < g->n_coverage; i++) {
            const pl_report_coverage *v = &g->coverage[i];
            if (v->category != c || v->program[0] == '\0')
                continue;
            json_t *po =
                json_pack("{s:s,s:o}", "kode", v->program, "orang", count_json(r, v->people));
            if (hh)
                json_object_set_new(po, "keluarga", count_json(r, v->households));
            json_array_append_new(progs, po);
        }
        json_object_set_new(o, "program", progs);
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *region_json(const pl_report *r, const pl_report_region *g, bool regency_row)
{
    json_t *o = json_pack("{s:s,s:s,s:o,s:o}", "kode", g->code, "nama", g->name, "pmks_orang",
                          count_json(r, g->pmks[0].people[PL_CUR]), "kategori", cells_json(r, g));
    if (r->has_compare)
        json_object_set_new(o, "pmks_orang_pembanding", count_json(r, g->pmks[0].people[PL_PREV]));
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
            json_object_set_new(v, "nilai", json_real(g->ind[i][PL_CUR]));
        if (g->has_ind[i][PL_PREV])
            json_object_set_new(v, "nilai_pembanding", json_real(g->ind[i][PL_PREV]));
        json_object_set_new(ind, indicator_defs[i].slug, v);
    }
    json_object_set_new(o, "indikator", ind);
    if (regency_row) {
        json_object_set_new(o, "disahkan", json_boolean(g->approved));
        if (g->approved)
            json_object_set_new(
                o, "pengesahan",
                json_pack("{s:s,s:s}", "oleh", g->approved_by, "pada", g->approved_at));
    }
    if (r->coverage)
        json_object_set_new(o, "cakupan_program", coverage_json(r, g));
    if (g->n_districts) {
        json_t *ds = json_array();
        for (size_t i = 0; i < g->n_districts; i++) {
            const pl_report_district *d = &g->districts[i];
            long tksk = d->psks[PL_PSKS_TKSK];
            json_array_append_new(
                ds,
                json_pack("{s:s,s:s,s:o,s:I,s:o}", "kode", d->code, "nama", d->name, "pmks_orang",
                          count_json(r, d->pmks_people), "tksk", (json_int_t)tksk, "orang_per_tksk",
                          tksk ? json_real((double)d->pmks_people / (double)tksk) : json_null()));
        }
        json_object_set_new(o, "kecamatan", ds);
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

json_t *pl_report_to_json(const pl_report *r)
{
    json_t *root = json_pack("{s:s,s:s,s:s,s:s,s:i,s:b}", "wilayah", r->region, "nama_wilayah",
                             r->region_name, "periode", r->period.label, "tanggal_hitung", r->date,
                             "tingkat", r->level, "penyamaran_sel_kecil", r->viewer);
    if (root == NULL)
        return NULL;
    if (r->has_compare) {
        json_object_set_new(root, "pembanding", json_string(r->compare.label));
        json_object_set_new(root, "tanggal_hitung_pembanding", json_string(r->compare_date));
    }
    json_object_set_new(root, "total", region_json(r, &r->total, false));
    json_t *rows = json_array();
    for (size_t i = 0; i < r->n_rows; i++)
        json_array_append_new(rows, region_json(r, &r->rows[i], r->level == PL_LEVEL_REGENCY));
    json_object_set_new(root, "wilayah_rinci", rows);
    if (r->level == PL_LEVEL_REGENCY)
        json_object_set_new(root, "jumlah_disahkan", json_integer((json_int_t)r->n_approved));
    if (r->has_compare) {
        pl_report_change *ch = NULL;
        size_t n = 0;
        json_t *a = json_array();
        if (pl_report_changes(&ch, &n, r) == 0) {
            for (size_t i = 0; i < n; i++) {
                bool hide = r->viewer &&
                            (pl_numfmt_is_small(ch[i].before) || pl_numfmt_is_small(ch[i].after));
                if (hide)
                    continue;
                json_array_append_new(
                    a, json_pack("{s:s,s:i,s:I,s:I,s:I,s:o}", "wilayah", ch[i].region->code,
                                 "kategori", ch[i].category, "sebelum", (json_int_t)ch[i].before,
                                 "sesudah", (json_int_t)ch[i].after, "perubahan",
                                 (json_int_t)ch[i].diff, "perubahan_persen",
                                 ch[i].has_pct ? json_real(ch[i].pct) : json_null()));
            }
            free(ch);
        }
        json_object_set_new(root, "perubahan_terbesar", a);
    }
    json_object_set_new(root, "intervensi_tahun_lalu", iv_json(r->prev_iv, r->n_prev_iv));
    json_object_set_new(root, "intervensi", iv_json(r->iv, r->n_iv));
    json_t *pa = json_array();
    for (size_t i = 0; i < r->n_problems; i++)
        json_array_append_new(pa, pl_json_rakor_problem(&r->problems[i]));
    json_object_set_new(root, "masalah", pa);
    return root;
}
