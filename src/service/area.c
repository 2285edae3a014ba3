/* area.c - people inside an area by vulnerability; coordinate checks against outlines. */
#include "service/area.h"
#include "domain/category.h"
#include "io/geojson.h"
#include "store/geo.h"
#include "store/household.h"
#include "store/person.h"
#include "store/psks.h"
#include "store/store.h"
#include "util/vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const int pl_area_psks_types[PL_AREA_PSKS_TYPES] = {PL_PSKS_TAGANA, PL_PSKS_TKSK, PL_PSKS_LKS};

#define MAX_RADIUS_M 200000.0

void pl_area_result_free(pl_area_result *r)
{
    if (r == NULL)
        return;
    free(r->hits);
    free(r);
}

/* Day number of the date `years` before today (29 February falls back to the 28th). */
static long years_before(const pl_date *today, int years)
{
    pl_date d = {today->year - years, today->month, today->day};
    int dim = pl_date_days_in_month(d.year, d.month);
    if (d.day > dim)
        d.day = dim;
    return pl_date_to_days(&d);
}

typedef struct run_ctx {
    const pl_area_query *q;
    pl_area_result *r;
    long elderly_cut; /* born on or before: 60+ */
    long child_cut;   /* born after: under 5 */
    bool keep;        /* store hits */
    size_t cap;       /* hits allocated */
    int rc;
} run_ctx;

static bool area_test(const pl_area_query *q, const pl_geo_person_pt *pt, pl_geo_point p,
                      double *dist)
{
    if (q->shape) {
        if (pt->box_inside) {
            *dist = 0;
            return true;
        }
        *dist = 0;
        return pl_geo_shape_contains(q->shape, p);
    }
    *dist = pl_geo_haversine_m(q->center, p);
    return *dist <= q->radius_m;
}

static int on_point(void *ctx, const pl_geo_person_pt *pt)
{
    run_ctx *c = ctx;
    pl_area_result *r = c->r;
    r->candidates++;
    pl_geo_point p = {pt->lon, pt->lat};
    double dist;
    if (!area_test(c->q, pt, p, &dist))
        return 0;
    unsigned v = 0;
    if (pt->birth_days != PL_GEO_BIRTH_UNKNOWN) {
        if (pt->birth_days <= c->elderly_cut)
            v |= PL_VULN_ELDERLY;
        if (pt->birth_days > c->child_cut)
            v |= PL_VULN_CHILD;
    }
    if (pt->disabled)
        v |= PL_VULN_DISABLED;
    r->people++;
    r->vulnerable += v != 0;
    r->elderly += (v & PL_VULN_ELDERLY) != 0;
    r->children += (v & PL_VULN_CHILD) != 0;
    r->disabled += (v & PL_VULN_DISABLED) != 0;
    if (!c->keep || (c->q->vulnerable_only && v == 0) ||
        (c->q->summary_only && !(v & PL_VULN_DISABLED)))
        return 0;
    if (pl_vec_reserve(&r->hits, &c->cap, r->n, 1) != 0)
        return c->rc = PL_ENOMEM;
    r->hits[r->n++] = (pl_area_hit){pt->id, pt->lat, pt->lon, dist, v};
    return 0;
}

static int cmp_hit(const void *a, const void *b)
{
    const pl_area_hit *x = a, *y = b;
    return (x->person_id > y->person_id) - (x->person_id < y->person_id);
}

static int check_query(const pl_area_query *q, pl_store_bbox *box, pl_error *err)
{
    if (q->shape) {
        pl_geo_bbox b = pl_geo_shape_bbox(q->shape);
        *box = (pl_store_bbox){b.min_lon, b.min_lat, b.max_lon, b.max_lat};
        return 0;
    }
    if (!(q->radius_m > 0) || q->radius_m > MAX_RADIUS_M)
        return pl_error_set(err, PL_EINVAL, "radius",
                            "radius harus lebih dari 0 dan paling besar %.0f km",
                            MAX_RADIUS_M / 1000);
    if (!(fabs(q->center.lat) <= 90) || !(fabs(q->center.lon) <= 180))
        return pl_error_set(err, PL_EINVAL, "point", "titik pusat di luar rentang koordinat");
    pl_geo_bbox b = pl_geo_bbox_around(q->center, q->radius_m);
    *box = (pl_store_bbox){b.min_lon, b.min_lat, b.max_lon, b.max_lat};
    return 0;
}

/* Index cells against the polygon: whole cells taken or skipped without per-point tests. */
static int classify_cell(void *ctx, const pl_store_bbox *cell)
{
    const run_ctx *c = ctx;
    pl_geo_bbox b = {cell->min_lon, cell->min_lat, cell->max_lon, cell->max_lat};
    switch (pl_geo_shape_box_where(c->q->shape, &b)) {
    case PL_GEO_BOX_OUTSIDE:
        return PL_STORE_CELL_OUTSIDE;
    case PL_GEO_BOX_INSIDE:
        return PL_STORE_CELL_INSIDE;
    default:
        return PL_STORE_CELL_MIXED;
    }
}

/* Index of a disability text in by_disability (the last slot: other or unknown). */
static size_t disability_slot(const char *text)
{
    const pl_disability *d = pl_disability_find(text);
    size_t k = PL_AREA_DISABILITY_MAX, nd = pl_disability_count();
    for (size_t j = 0; d && j < nd && j < PL_AREA_DISABILITY_MAX; j++)
        if (pl_disability_at(j) == d)
            k = j;
    return k;
}

/* A tally's disability text: counted by type. */
static int on_tally_disability(void *ctx, const char *text, long n)
{
    run_ctx *c = ctx;
    c->r->by_disability[disability_slot(text)] += n;
    return 0;
}

static int run(pl_area_result *r, pl_store *s, const pl_area_query *q, bool keep, pl_error *err)
{
    pl_store_bbox box;
    int rc = check_query(q, &box, err);
    if (rc)
        return rc;
    long old_cut = years_before(&q->today, 60), child_cut = years_before(&q->today, 5);
    run_ctx c = {q, r, old_cut, child_cut, keep, 0, 0};
    const char *scope = q->scope ? q->scope : "";
    if (q->full_scan) {
        rc = pl_store_geo_people_scan(s, scope, on_point, &c, err);
    } else if (q->shape && (!keep || q->summary_only)) {
        /* Counts only: the points of inside cells are counted by the store, not listed. */
        pl_geo_tally t = {.elderly_cut = (int32_t)old_cut, .child_cut = (int32_t)child_cut};
        rc = pl_store_geo_people_tally(s, &box, scope, classify_cell, &t, on_tally_disability,
                                       on_point, &c, err);
        r->candidates += t.people;
        r->people += t.people;
        r->elderly += t.elderly;
        r->children += t.children;
        r->disabled += t.disabled;
        r->vulnerable += t.vulnerable;
    } else {
        rc = pl_store_geo_people_walk(s, &box, scope, q->shape ? classify_cell : NULL, on_point, &c,
                                      err);
    }
    if (c.rc)
        return pl_error_set(err, c.rc, "", "memori tidak cukup untuk hasil area");
    return rc;
}

typedef struct dis_count {
    pl_area_result *r;
} dis_count;

static int on_hit_disability(void *ctx, int64_t id, const char *text)
{
    (void)id;
    dis_count *d = ctx;
    d->r->by_disability[disability_slot(text)]++;
    return 0;
}

int pl_area_count(long *people, long *vulnerable, pl_store *s, const pl_area_query *q,
                  pl_error *err)
{
    pl_area_result r;
    memset(&r, 0, sizeof r);
    int rc = run(&r, s, q, false, err);
    *people = r.people;
    *vulnerable = r.vulnerable;
    return rc;
}

int pl_area_run(pl_area_result **out, pl_store *s, const pl_area_query *q, pl_error *err)
{
    *out = NULL;
    pl_area_result *r = calloc(1, sizeof *r);
    if (r == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int rc = run(r, s, q, true, err);
    if (rc)
        goto fail;
    if (r->n > 1)
        qsort(r->hits, r->n, sizeof *r->hits, cmp_hit);
    /* Disability types: only the disabled need their row read, all in one request. */
    size_t nd = 0;
    for (size_t i = 0; i < r->n; i++)
        nd += (r->hits[i].vuln & PL_VULN_DISABLED) != 0;
    if (nd) {
        int64_t *ids = malloc(nd * sizeof *ids);
        if (ids == NULL) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            goto fail;
        }
        nd = 0;
        for (size_t i = 0; i < r->n; i++)
            if (r->hits[i].vuln & PL_VULN_DISABLED)
                ids[nd++] = r->hits[i].person_id;
        dis_count d = {r};
        rc = pl_store_geo_people_disability(s, ids, nd, on_hit_disability, &d, err);
        free(ids);
        if (rc)
            goto fail;
    }
    *out = r;
    return 0;
fail:
    pl_area_result_free(r);
    return rc;
}

void pl_area_vuln_label(char *out, size_t cap, unsigned vuln)
{
    static const char *const names[] = {"lansia", "disabilitas", "balita"};
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < 3; i++)
        if (vuln & (1u << i)) {
            int n = snprintf(out + len, cap - len, "%s%s", len ? ", " : "", names[i]);
            if (n < 0 || (size_t)n >= cap - len)
                return;
            len += (size_t)n;
        }
}

/* ------------------------------------------------------------ rows */

typedef struct psks_set {
    pl_psks_unit *items;
    size_t n, cap;
    pl_store_bbox box;
} psks_set;

static int collect_psks(void *ctx, const pl_psks_unit *u)
{
    psks_set *set = ctx;
    if (!u->has_coord || u->lat < set->box.min_lat || u->lat > set->box.max_lat ||
        u->lon < set->box.min_lon || u->lon > set->box.max_lon)
        return 0;
    int rc = pl_vec_reserve(&set->items, &set->cap, set->n, 1);
    if (rc != 0)
        return rc;
    set->items[set->n++] = *u;
    return 0;
}

int pl_area_each_row(pl_store *s, const pl_area_result *r, const pl_area_query *q,
                     pl_area_row_cb cb, void *ctx, pl_error *err)
{
    psks_set units[PL_AREA_PSKS_TYPES];
    memset(units, 0, sizeof units);
    pl_store_bbox box;
    int rc = check_query(q, &box, err);
    if (rc)
        return rc;
    /* PSKS units within about 50 km of the area. */
    box.min_lat -= 0.45;
    box.max_lat += 0.45;
    box.min_lon -= 0.45;
    box.max_lon += 0.45;
    for (int t = 0; t < PL_AREA_PSKS_TYPES; t++) {
        units[t].box = box;
        rc = pl_store_psks_list(s, "", pl_area_psks_types[t], collect_psks, &units[t], err);
        if (rc == PL_ENOMEM)
            pl_error_set(err, rc, "", "memori tidak cukup");
        if (rc)
            goto out;
    }
    for (size_t i = 0; i < r->n; i++) {
        const pl_area_hit *h = &r->hits[i];
        pl_area_row row;
        memset(&row, 0, sizeof row);
        if ((rc = pl_store_person_get(s, &row.person, h->person_id, err)))
            goto out;
        if (row.person.household_id &&
            (rc = pl_store_household_get(s, &row.household, row.person.household_id, err)))
            goto out;
        row.lat = h->lat;
        row.lon = h->lon;
        row.distance_m = h->distance_m;
        row.vuln = h->vuln;
        row.age = -1;
        pl_date bd;
        if (row.person.birth_date[0] && pl_date_parse(&bd, row.person.birth_date) == 0)
            row.age = pl_date_age(&bd, &q->today);
        const pl_disability *d =
            row.person.disability[0] ? pl_disability_find(row.person.disability) : NULL;
        row.disability_label = d ? d->label : row.person.disability[0] ? "Disabilitas" : "";
        for (int t = 0; t < PL_AREA_PSKS_TYPES; t++) {
            const pl_psks_unit *best = NULL;
            double best_d = INFINITY;
            for (size_t k = 0; k < units[t].n; k++) {
                double dd = pl_geo_haversine_m(
                    (pl_geo_point){h->lon, h->lat},
                    (pl_geo_point){units[t].items[k].lon, units[t].items[k].lat});
                if (dd < best_d) {
                    best_d = dd;
                    best = &units[t].items[k];
                }
            }
            if (best == NULL)
                continue;
            row.nearest[t].found = true;
            row.nearest[t].id = best->id;
            row.nearest[t].distance_m = best_d;
            snprintf(row.nearest[t].name, sizeof row.nearest[t].name, "%s", best->name);
            snprintf(row.nearest[t].phone, sizeof row.nearest[t].phone, "%s", best->phone);
        }
        if ((rc = cb(ctx, &row)))
            goto out;
    }
out:
    for (int t = 0; t < PL_AREA_PSKS_TYPES; t++)
        free(units[t].items);
    return rc;
}

/* ------------------------------------------------------------ outlines */

typedef struct outline {
    char code[PL_REGION_CODE_MAX];
    pl_geo_shape *shape; /* NULL: none stored */
} outline;

struct pl_outlines {
    outline *items;
    size_t n, cap;
};

pl_outlines *pl_outlines_new(void)
{
    return calloc(1, sizeof(pl_outlines));
}

void pl_outlines_free(pl_outlines *o)
{
    if (o == NULL)
        return;
    for (size_t i = 0; i < o->n; i++)
        pl_geo_shape_free(o->items[i].shape);
    free(o->items);
    free(o);
}

int pl_area_boundary_shape(pl_geo_shape **out, pl_store *s, const char *code, pl_error *err)
{
    *out = NULL;
    pl_boundary b;
    char *text = NULL;
    int rc = pl_store_boundary_get(s, &b, &text, code, err);
    if (rc)
        return rc;
    json_error_t jerr;
    json_t *g = json_loads(text, 0, &jerr);
    free(text);
    if (g == NULL)
        return pl_error_set(err, PL_EINVAL, "geometri", "batas wilayah %s rusak: %s", code,
                            jerr.text);
    rc = pl_geojson_shape_from_json(out, g, err);
    json_decref(g);
    return rc;
}

static int outline_for(pl_geo_shape **shape, pl_store *s, pl_outlines *o, const char *regency,
                       pl_error *err)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->items[i].code, regency) == 0) {
            *shape = o->items[i].shape;
            return 0;
        }
    if (pl_vec_reserve(&o->items, &o->cap, o->n, 1) != 0)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    pl_geo_shape *sh = NULL;
    int rc = pl_area_boundary_shape(&sh, s, regency, err);
    if (rc && rc != PL_ENOTFOUND)
        return rc;
    outline *it = &o->items[o->n++];
    snprintf(it->code, sizeof it->code, "%s", regency);
    it->shape = sh;
    *shape = sh;
    return 0;
}

int pl_area_check_coord(pl_coord_verdict *out, double *distance_m, pl_store *s, pl_outlines *o,
                        const char *region_code, double lat, double lon, pl_error *err)
{
    *distance_m = 0;
    *out = PL_COORD_NO_OUTLINE;
    if (strlen(region_code) < 5)
        return 0;
    char regency[PL_REGION_CODE_MAX];
    snprintf(regency, sizeof regency, "%.5s", region_code);
    pl_geo_shape *shape = NULL;
    int rc = outline_for(&shape, s, o, regency, err);
    if (rc || shape == NULL)
        return rc;
    pl_geo_point p = {lon, lat};
    if (pl_geo_shape_contains(shape, p)) {
        *out = PL_COORD_INSIDE;
        return 0;
    }
    *distance_m = pl_geo_shape_edge_distance_m(shape, p);
    *out = *distance_m <= PL_COORD_TOLERANCE_M ? PL_COORD_NEAR : PL_COORD_OUTSIDE;
    return 0;
}

typedef struct located_list {
    pl_geo_located *items;
    size_t n, cap;
} located_list;

static int collect_located(void *ctx, const pl_geo_located *r)
{
    located_list *l = ctx;
    int rc = pl_vec_reserve(&l->items, &l->cap, l->n, 1);
    if (rc != 0)
        return rc;
    l->items[l->n++] = *r;
    return 0;
}

int pl_area_check_region(pl_coord_check *out, pl_store *s, const char *region, pl_coord_flag_cb cb,
                         void *ctx, pl_error *err)
{
    memset(out, 0, sizeof *out);
    pl_outlines *o = pl_outlines_new();
    located_list l = {0};
    int rc = o ? 0 : pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    /* The whole list first: the checks read outlines through the same connection. */
    if (rc == 0 &&
        (rc = pl_store_geo_located_list(s, region, collect_located, &l, err)) == PL_ENOMEM)
        pl_error_set(err, rc, "", "memori tidak cukup");
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        const pl_geo_located *r = &l.items[i];
        pl_coord_verdict v;
        double dist = 0;
        if ((rc = pl_area_check_coord(&v, &dist, s, o, r->region, r->lat, r->lon, err)))
            break;
        if (v == PL_COORD_NO_OUTLINE) {
            out->unchecked++;
            continue;
        }
        out->checked++;
        if (v != PL_COORD_OUTSIDE)
            continue;
        out->flagged++;
        if (cb && (rc = cb(ctx, r, dist)))
            break;
    }
    free(l.items);
    pl_outlines_free(o);
    return rc;
}

/* One area from the features of set (freed here). */
static int area_from_set(pl_geo_shape **shape, pl_geojson_set *set, pl_error *err)
{
    int rc = 0;
    if (set->n != 1) {
        /* Several features: one area made of all their polygons. */
        pl_geo_shape *all = pl_geo_shape_new();
        for (size_t i = 0; all && rc == 0 && i < set->n; i++)
            for (size_t p = 0; rc == 0 && p < pl_geo_shape_count(set->items[i].shape); p++) {
                const pl_geo_polygon *pg = pl_geo_shape_polygon(set->items[i].shape, p);
                rc = pl_geo_shape_begin_polygon(all);
                for (size_t r = 0; rc == 0 && r < pg->n_rings; r++)
                    rc = pl_geo_shape_add_ring(all, pg->rings[r].pts, pg->rings[r].n);
            }
        if (all == NULL || rc || pl_geo_shape_prepare(all)) {
            pl_geo_shape_free(all);
            pl_geojson_set_free(set);
            return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        }
        *shape = all;
    } else {
        *shape = set->items[0].shape;
        set->items[0].shape = NULL;
    }
    pl_geojson_set_free(set);
    return 0;
}

int pl_area_load_file(pl_geo_shape **shape, const char *path, pl_error *err)
{
    pl_geojson_set *set = NULL;
    int rc = pl_geojson_read_file(&set, path, err);
    return rc ? rc : area_from_set(shape, set, err);
}

int pl_area_load_text(pl_geo_shape **shape, const char *text, size_t len, pl_error *err)
{
    pl_geojson_set *set = NULL;
    int rc = pl_geojson_parse(&set, text, len, err);
    return rc ? rc : area_from_set(shape, set, err);
}
