/* psks_coverage.c - PSKS coverage against need (io/psks_coverage.h has the rules). */
#include "service/psks_coverage.h"
#include "domain/category.h"
#include "domain/date.h"
#include "domain/region_code.h"
#include "service/cells.h"
#include "store/disaster.h"
#include "store/psks.h"
#include "store/region.h"
#include "util/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

PL_VEC_DEFINE(cov_rows, pl_psks_cov_row)

typedef struct build {
    cov_rows rows;
    const char *date;
    pl_psks_cov *c;
} build;

static int add_region(void *ctx, const pl_region *g)
{
    build *b = ctx;
    pl_psks_cov_row r = {0};
    snprintf(r.code, sizeof r.code, "%s", g->code);
    snprintf(r.name, sizeof r.name, "%s", g->name);
    r.level = g->level;
    r.villages = g->level == PL_LEVEL_VILLAGE;
    return cov_rows_push(&b->rows, r);
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const pl_psks_cov_row *)a)->code, ((const pl_psks_cov_row *)b)->code);
}

/* Whether code is inside (or equal to) area. */
static bool inside(const char *code, const char *area)
{
    return area[0] && pl_region_code_in_scope(code, area);
}

/*
 * Counts unit u in row r. A unit works in its home area and in every area it serves: it is
 * "in" the row when one of them lies inside the row's area, and serves the row when one of
 * them lies inside or contains it (a district's TKSK serves each of its villages).
 */
static void count_unit(pl_psks_cov_row *r, const pl_psks_unit *u)
{
    bool own = inside(u->area_code, r->code);
    bool serves = own || inside(r->code, u->area_code);
    for (int i = 0; i < u->n_areas && i < PL_PSKS_AREAS_MAX; i++) {
        own = own || inside(u->areas[i], r->code);
        serves = serves || own || inside(r->code, u->areas[i]);
    }
    if (own)
        r->units++;
    if (!serves)
        return;
    if (u->type == PL_PSKS_TKSK)
        r->tksk++;
    else if (u->type == 2)
        r->psm++;
    else if (u->type == PL_PSKS_TAGANA)
        r->tagana++;
}

static int on_unit(void *ctx, const pl_psks_unit *u)
{
    build *b = ctx;
    if ((u->valid_from[0] && strcmp(u->valid_from, b->date) > 0) ||
        (u->valid_to[0] && strcmp(u->valid_to, b->date) < 0))
        return 0;
    count_unit(&b->c->total, u);
    for (size_t i = 0; i < b->rows.n; i++)
        count_unit(&b->rows.v[i], u);
    return 0;
}

static int on_prone(void *ctx, const char *village, long events)
{
    build *b = ctx;
    pl_psks_cov_row key = {0};
    snprintf(key.code, sizeof key.code, "%s", village);
    pl_psks_cov_row *r = bsearch(&key, b->rows.v, b->rows.n, sizeof key, cmp_code);
    if (r && r->level == PL_LEVEL_VILLAGE) {
        r->prone = 1;
        r->disasters = events;
    }
    return 0;
}

static void today(char out[11])
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    pl_date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    pl_date_format(out, &d);
}

/* Adds village v's figures to the district row d (or the total). */
static void roll_up(pl_psks_cov_row *d, const pl_psks_cov_row *v)
{
    d->villages++;
    d->villages_without += v->units == 0;
    d->prone += v->prone;
    d->prone_without_tagana += v->prone && v->tagana == 0;
    d->disasters += v->disasters;
}

static int add_need(pl_psks_cov *c, pl_store *s, const pl_suppress_tree *given, pl_error *err)
{
    pl_suppress_tree *t = NULL;
    if (given == NULL) {
        int rc = pl_cells_build(&t, s, c->date, err);
        if (rc)
            return rc;
        given = t;
    }
    for (size_t i = 0; i <= c->n_rows; i++) {
        pl_psks_cov_row *r = i < c->n_rows ? &c->rows[i] : &c->total;
        long v = pl_suppress_tree_value(given, r->code, PL_CELL_PEOPLE);
        r->need = c->viewer ? pl_cells_shown(given, r->code, PL_CELL_PEOPLE, v) : v;
    }
    pl_suppress_tree_free(t);
    return 0;
}

int pl_psks_coverage(pl_psks_cov **out, pl_store *s, const pl_psks_cov_options *o, pl_error *err)
{
    *out = NULL;
    const char *scope = o->scope ? o->scope : "";
    const char *region = o->region && o->region[0] ? o->region : scope;
    build b = {0};
    int rc = 0;
    pl_psks_cov *c = calloc(1, sizeof *c);
    if (c == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    b.c = c;
    if (region[0] == '\0') {
        rc = pl_error_set(err, PL_EINVAL, "region", "wilayah wajib diisi (mis. 64.74)");
        goto out;
    }
    int lv = pl_region_code_normalize(c->region, region);
    if (lv < 0) {
        rc = pl_error_set(err, PL_EINVAL, "region", "kode wilayah '%s' tidak dikenal", region);
        goto out;
    }
    if (scope[0] && !pl_region_code_in_scope(c->region, scope)) {
        rc = pl_error_set(err, PL_EDENIED, "region", "wilayah %s di luar wilayah akses Anda",
                          c->region);
        goto out;
    }
    c->years = o->years ? o->years : PL_PSKS_COV_YEARS_DEFAULT;
    if (c->years < 1 || c->years > 50) {
        rc = pl_error_set(err, PL_EINVAL, "years", "rentang tahun bencana harus 1 sampai 50");
        goto out;
    }
    if (o->date && o->date[0]) {
        pl_date d;
        if (strlen(o->date) > 10 || pl_date_parse(&d, o->date) != 0) {
            rc = pl_error_set(err, PL_EINVAL, "date", "tanggal '%s' tidak sah (YYYY-MM-DD)",
                              o->date);
            goto out;
        }
        pl_date_format(c->date, &d);
    } else {
        today(c->date);
    }
    snprintf(c->since, sizeof c->since, "%04d%s", atoi(c->date) - c->years, c->date + 4);
    if (strcmp(c->since + 4, "-02-29") == 0)
        memcpy(c->since + 8, "28", 2);
    c->viewer = o->viewer;
    pl_region g;
    if ((rc = pl_store_region_get(s, &g, c->region, err)))
        goto out;
    snprintf(c->region_name, sizeof c->region_name, "%s", g.name);
    snprintf(c->total.code, sizeof c->total.code, "%s", g.code);
    snprintf(c->total.name, sizeof c->total.name, "%s", g.name);
    c->total.level = g.level;
    b.date = c->date;
    if (g.level >= PL_LEVEL_VILLAGE)
        rc = add_region(&b, &g);
    else {
        if (g.level == PL_LEVEL_DISTRICT)
            rc = add_region(&b, &g);
        else
            rc = pl_store_region_list(s, PL_LEVEL_DISTRICT, c->region, add_region, &b, err);
        if (rc == 0)
            rc = pl_store_region_list(s, PL_LEVEL_VILLAGE, c->region, add_region, &b, err);
    }
    if (rc)
        goto out;
    if (b.rows.n)
        qsort(b.rows.v, b.rows.n, sizeof *b.rows.v, cmp_code);
    if ((rc = pl_store_psks_list(s, "", 0, on_unit, &b, err)) ||
        (rc = pl_store_disaster_villages(s, c->region, c->since, on_prone, &b, err)))
        goto out;
    /* Villages roll up into their district and the total. */
    pl_psks_cov_row *district = NULL;
    for (size_t i = 0; i < b.rows.n; i++) {
        pl_psks_cov_row *r = &b.rows.v[i];
        if (r->level == PL_LEVEL_DISTRICT) {
            district = r;
            continue;
        }
        r->villages_without = r->units == 0;
        r->prone_without_tagana = r->prone && r->tagana == 0;
        if (district && inside(r->code, district->code))
            roll_up(district, r);
        roll_up(&c->total, r);
    }
    c->rows = b.rows.v;
    c->n_rows = b.rows.n;
    b.rows.v = NULL;
    rc = add_need(c, s, o->cells, err);
out:
    cov_rows_free(&b.rows);
    if (rc) {
        if (rc == PL_ENOMEM && (err == NULL || err->code == PL_OK))
            pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        pl_psks_cov_free(c);
        return rc;
    }
    *out = c;
    return 0;
}
