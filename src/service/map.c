/* map.c - points with grid clustering, outlines and choropleth counts. */
#include "service/map.h"
#include "service/cells.h"
#include "store/geo.h"
#include "store/household.h"
#include "store/person.h"
#include "store/region.h"
#include "store/store.h"
#include "util/hashmap.h"
#include "util/vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cell {
    double sum_lat, sum_lon;
    long count;
    int64_t id; /* the first point's id */
} cell;

typedef struct cluster_ctx {
    double size; /* cell size in degrees; 0 = no clustering */
    const pl_store_bbox *box;
    pl_u64map *map;
    cell *cells;
    size_t n, cap;
    long total;
    int rc;
} cluster_ctx;

static int add_point(cluster_ctx *c, int64_t id, double lat, double lon)
{
    c->total++;
    uint64_t key;
    if (c->size > 0) {
        uint64_t ix = (uint64_t)floor((lon - c->box->min_lon) / c->size);
        uint64_t iy = (uint64_t)floor((lat - c->box->min_lat) / c->size);
        key = (ix << 32 | (iy & 0xffffffffu)) + 1;
    } else {
        key = (uint64_t)id + 1; /* one cell per point */
    }
    pl_u64map_entry *e = pl_u64map_get(c->map, key, true);
    if (e == NULL)
        return c->rc = PL_ENOMEM;
    if (e->a == 0) {
        if (pl_vec_reserve(&c->cells, &c->cap, c->n, 1) != 0)
            return c->rc = PL_ENOMEM;
        c->cells[c->n] = (cell){0, 0, 0, id};
        e->a = 1;
        e->b = c->n++;
    }
    cell *k = &c->cells[e->b];
    k->sum_lat += lat;
    k->sum_lon += lon;
    k->count++;
    return 0;
}

static int on_person(void *ctx, const pl_geo_person_pt *p)
{
    return add_point(ctx, p->id, p->lat, p->lon);
}

static int on_pt(void *ctx, const pl_geo_pt *p)
{
    return add_point(ctx, p->id, p->lat, p->lon);
}

static int count_person(void *ctx, const pl_geo_person_pt *p)
{
    (void)p;
    ++*(long *)ctx;
    return 0;
}

static int count_pt(void *ctx, const pl_geo_pt *p)
{
    (void)p;
    ++*(long *)ctx;
    return 0;
}

static int scan(pl_store *s, pl_map_layer layer, const pl_store_bbox *box, int category,
                const char *scope, bool counting, void *ctx, pl_error *err)
{
    switch (layer) {
    case PL_MAP_PEOPLE:
        return pl_store_geo_people_in_bbox_category(s, box, scope, category,
                                                    counting ? count_person : on_person, ctx, err);
    case PL_MAP_HOUSEHOLDS:
        return pl_store_geo_households_in_bbox(s, box, scope, category, counting ? count_pt : on_pt,
                                               ctx, err);
    case PL_MAP_PSKS:
        return pl_store_geo_psks_in_bbox(s, box, category, counting ? count_pt : on_pt, ctx, err);
    }
    return pl_error_set(err, PL_EINVAL, "layer", "lapisan peta tidak dikenal");
}

int pl_map_points(pl_map_pointset *out, pl_store *s, pl_map_layer layer, const pl_store_bbox *box,
                  int category, int zoom, const char *scope, pl_error *err)
{
    memset(out, 0, sizeof *out);
    if (zoom < 0 || zoom > 22)
        return pl_error_set(err, PL_EINVAL, "zoom", "zoom harus 0..22");
    if (!(box->min_lon <= box->max_lon && box->min_lat <= box->max_lat))
        return pl_error_set(err, PL_EINVAL, "bbox", "kotak batas tidak sah");
    cluster_ctx c = {.box = box};
    int rc = 0;
    /* Few points: send them singly; otherwise one cell of ~64 px at this zoom. */
    long total = 0;
    if (zoom < PL_MAP_NO_CLUSTER_ZOOM) {
        if ((rc = scan(s, layer, box, category, scope, true, &total, err)))
            goto out;
        if (total > PL_MAP_SINGLE_MAX)
            c.size = 360.0 / ldexp(1.0, zoom) * 64.0 / 256.0;
    }
    c.map = pl_u64map_new(1024);
    if (c.map == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    rc = scan(s, layer, box, category, scope, false, &c, err);
    if (c.rc)
        rc = pl_error_set(err, c.rc, "", "memori tidak cukup");
    if (rc)
        goto out;
    out->items = calloc(c.n ? c.n : 1, sizeof *out->items);
    if (out->items == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    for (size_t i = 0; i < c.n; i++) {
        const cell *k = &c.cells[i];
        out->items[i] = (pl_map_point){k->sum_lat / (double)k->count, k->sum_lon / (double)k->count,
                                       k->count, k->id};
    }
    out->n = c.n;
    out->total = c.total;
    out->cell_degrees = c.size;
out:
    pl_u64map_free(c.map);
    free(c.cells);
    return rc;
}

typedef struct count_entry {
    char code[PL_REGION_CODE_MAX];
    long count;
} count_entry;

typedef struct counts {
    count_entry *items;
    size_t n, cap;
} counts;

static int on_count(void *ctx, const char *code, long count)
{
    counts *c = ctx;
    int rc = pl_vec_reserve(&c->items, &c->cap, c->n, 1);
    if (rc != 0)
        return rc;
    snprintf(c->items[c->n].code, sizeof c->items[c->n].code, "%s", code);
    c->items[c->n++].count = count;
    return 0;
}

typedef struct outline_ctx {
    pl_map_outlines *out;
    size_t cap;
    const counts *counts;          /* NULL: plain outlines */
    const pl_suppress_tree *cells; /* public view: counts from here */
    int measure;
} outline_ctx;

static int on_outline(void *ctx, const pl_boundary *b)
{
    outline_ctx *o = ctx;
    pl_map_outlines *m = o->out;
    int rc = pl_vec_reserve(&m->items, &o->cap, m->n, 1);
    if (rc != 0)
        return rc;
    pl_map_outline *x = &m->items[m->n];
    memset(x, 0, sizeof *x);
    snprintf(x->code, sizeof x->code, "%s", b->code);
    snprintf(x->name, sizeof x->name, "%s", b->name);
    x->level = b->level;
    if (b->geometry && (x->geometry = strdup(b->geometry)) == NULL)
        return PL_ENOMEM;
    if (o->cells) {
        x->count = pl_suppress_tree_shown(o->cells, b->code, o->measure);
    } else if (o->counts) {
        for (size_t i = 0; i < o->counts->n; i++)
            if (strcmp(o->counts->items[i].code, b->code) == 0)
                x->count = o->counts->items[i].count;
    }
    m->n++;
    return 0;
}

static int outlines(outline_ctx *o, pl_store *s, int level, const char *scope, pl_error *err)
{
    o->out->counts = o->counts || o->cells;
    int rc = pl_store_boundary_list(s, level, scope, true, on_outline, o, err);
    if (rc == PL_ENOMEM)
        pl_error_set(err, rc, "", "memori tidak cukup");
    if (rc)
        pl_map_outlines_free(o->out);
    return rc;
}

int pl_map_choropleth(pl_map_outlines *out, pl_store *s, int level, int category, const char *scope,
                      bool public_view, const char *today, pl_error *err)
{
    memset(out, 0, sizeof *out);
    if (level != PL_LEVEL_REGENCY && level != PL_LEVEL_DISTRICT)
        return pl_error_set(err, PL_EINVAL, "level",
                            "tingkat harus 2 (kabupaten/kota) atau 3 "
                            "(kecamatan)");
    counts c = {0};
    outline_ctx o = {.out = out, .counts = &c};
    pl_suppress_tree *t = NULL;
    int rc;
    if (public_view) {
        rc = pl_cells_build(&t, s, today, err);
        o.cells = t;
        o.measure = category ? PL_CELL_PEOPLE + category : PL_CELL_ALIVE;
    } else {
        rc = pl_store_geo_region_counts(s, level, category, scope, on_count, &c, err);
        if (rc == PL_ENOMEM)
            pl_error_set(err, rc, "", "memori tidak cukup");
    }
    if (rc == 0)
        rc = outlines(&o, s, level, scope, err);
    pl_suppress_tree_free(t);
    free(c.items);
    return rc;
}

int pl_map_boundaries(pl_map_outlines *out, pl_store *s, int level, const char *scope,
                      pl_error *err)
{
    memset(out, 0, sizeof *out);
    outline_ctx o = {.out = out};
    return outlines(&o, s, level, scope, err);
}

int pl_map_parse_bbox(pl_store_bbox *out, const char *text, pl_error *err)
{
    double v[4];
    char *end = NULL;
    const char *p = text ? text : "";
    for (int i = 0; i < 4; i++) {
        v[i] = strtod(p, &end);
        if (end == p || (i < 3 && *end != ',') || (i == 3 && *end != '\0'))
            return pl_error_set(err, PL_EINVAL, "bbox",
                                "bbox harus 'bujurMin,lintangMin,bujurMaks,lintangMaks'");
        p = end + 1;
    }
    if (!(v[0] >= -180 && v[2] <= 180 && v[1] >= -90 && v[3] <= 90 && v[0] <= v[2] && v[1] <= v[3]))
        return pl_error_set(err, PL_EINVAL, "bbox", "bbox di luar rentang koordinat");
    *out = (pl_store_bbox){v[0], v[1], v[2], v[3]};
    return 0;
}

/* ------------------------------------------------ households without coordinates */

typedef struct unlocated_ctx {
    pl_map_unlocated *out;
    size_t cap;
} unlocated_ctx;

static int unlocated_add(void *ctx, const pl_household *h)
{
    unlocated_ctx *u = ctx;
    if (pl_vec_reserve(&u->out->items, &u->cap, u->out->n, 1))
        return PL_ENOMEM;
    pl_map_unlocated_item *it = &u->out->items[u->out->n++];
    memset(it, 0, sizeof *it);
    it->hh = *h;
    return 0;
}

static int head_of(void *ctx, const pl_person *p)
{
    pl_map_unlocated_item *it = ctx;
    if (it->head_id == 0 && strcmp(p->relationship, "kepala_keluarga") == 0) {
        it->head_id = p->id;
        snprintf(it->head_name, sizeof it->head_name, "%s", p->name);
    }
    return 0;
}

int pl_map_unlocated_list(pl_map_unlocated *out, pl_store *s, const char *scope, int64_t after,
                          int limit, pl_error *err)
{
    memset(out, 0, sizeof *out);
    unlocated_ctx u = {.out = out};
    int rc =
        pl_store_household_unlocated(s, scope, after, limit, &out->total, unlocated_add, &u, err);
    for (size_t i = 0; rc == 0 && i < out->n; i++) {
        pl_map_unlocated_item *it = &out->items[i];
        rc = pl_store_household_members(s, it->hh.id, head_of, it, err);
        pl_region reg;
        pl_error e2;
        if (rc == 0 && pl_store_region_get(s, &reg, it->hh.village_code, &e2) == 0)
            snprintf(it->village_name, sizeof it->village_name, "%s", reg.name);
    }
    if (rc) {
        pl_map_unlocated_free(out);
        return rc == PL_ENOMEM ? pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup") : rc;
    }
    if (out->n == (size_t)limit)
        out->next_after = out->items[out->n - 1].hh.id;
    return 0;
}
