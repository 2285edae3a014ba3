/* map.c - points with grid clustering, outlines and choropleth data as GeoJSON. */
#include "service/map.h"
#include "util/hashmap.h"

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
        if (c->n == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 1024;
            cell *nc = realloc(c->cells, cap * sizeof *nc);
            if (nc == NULL)
                return c->rc = PL_ENOMEM;
            c->cells = nc;
            c->cap = cap;
        }
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

int pl_map_points(json_t **out, pl_store *s, pl_map_layer layer, const pl_store_bbox *box,
                  int category, int zoom, const char *scope, pl_error *err)
{
    *out = NULL;
    if (zoom < 0 || zoom > 22)
        return pl_error_set(err, PL_EINVAL, "zoom", "zoom harus 0..22");
    if (!(box->min_lon <= box->max_lon && box->min_lat <= box->max_lat))
        return pl_error_set(err, PL_EINVAL, "bbox", "kotak batas tidak sah");
    cluster_ctx c = {.box = box};
    int rc = 0;
    json_t *fc = NULL;
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
    json_t *features = json_array();
    for (size_t i = 0; features && i < c.n; i++) {
        const cell *k = &c.cells[i];
        json_t *props = k->count == 1
                            ? json_pack("{s:I}", "id", (json_int_t)k->id)
                            : json_pack("{s:b,s:I}", "cluster", 1, "count", (json_int_t)k->count);
        json_array_append_new(
            features, json_pack("{s:s,s:{s:s,s:[f,f]},s:o}", "type", "Feature", "geometry", "type",
                                "Point", "coordinates", k->sum_lon / (double)k->count,
                                k->sum_lat / (double)k->count, "properties", props));
    }
    fc = json_pack("{s:s,s:o,s:I,s:b,s:f}", "type", "FeatureCollection", "features", features,
                   "total", (json_int_t)c.total, "clustered", c.size > 0, "cell_degrees", c.size);
    if (fc == NULL)
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
out:
    pl_u64map_free(c.map);
    free(c.cells);
    if (rc == 0)
        *out = fc;
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
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        count_entry *n = realloc(c->items, cap * sizeof *n);
        if (n == NULL)
            return PL_ENOMEM;
        c->items = n;
        c->cap = cap;
    }
    snprintf(c->items[c->n].code, sizeof c->items[c->n].code, "%s", code);
    c->items[c->n++].count = count;
    return 0;
}

typedef struct outline_ctx {
    json_t *features;
    const counts *counts; /* NULL: plain outlines */
} outline_ctx;

static int on_outline(void *ctx, const pl_boundary *b)
{
    outline_ctx *o = ctx;
    json_error_t jerr;
    json_t *g = json_loads(b->geometry ? b->geometry : "null", 0, &jerr);
    if (g == NULL)
        return 0; /* a broken stored outline is skipped, not fatal for a map */
    json_t *props = json_pack("{s:s,s:s,s:i}", "code", b->code, "name", b->name, "level", b->level);
    if (o->counts) {
        long n = 0;
        for (size_t i = 0; i < o->counts->n; i++)
            if (strcmp(o->counts->items[i].code, b->code) == 0)
                n = o->counts->items[i].count;
        json_object_set_new(props, "count", json_integer(n));
    }
    return json_array_append_new(o->features, json_pack("{s:s,s:o,s:o}", "type", "Feature",
                                                        "geometry", g, "properties", props))
               ? PL_ENOMEM
               : 0;
}

static int outlines(json_t **out, pl_store *s, int level, const char *scope, const counts *cnt,
                    pl_error *err)
{
    outline_ctx o = {json_array(), cnt};
    if (o.features == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int rc = pl_store_boundary_list(s, level, scope, true, on_outline, &o, err);
    if (rc == PL_ENOMEM)
        pl_error_set(err, rc, "", "memori tidak cukup");
    if (rc) {
        json_decref(o.features);
        return rc;
    }
    *out = json_pack("{s:s,s:o}", "type", "FeatureCollection", "features", o.features);
    return *out ? 0 : pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
}

int pl_map_choropleth(json_t **out, pl_store *s, int level, int category, const char *scope,
                      pl_error *err)
{
    *out = NULL;
    if (level != PL_LEVEL_REGENCY && level != PL_LEVEL_DISTRICT)
        return pl_error_set(err, PL_EINVAL, "level",
                            "tingkat harus 2 (kabupaten/kota) atau 3 "
                            "(kecamatan)");
    counts c = {0};
    int rc = pl_store_geo_region_counts(s, level, category, scope, on_count, &c, err);
    if (rc == PL_ENOMEM)
        pl_error_set(err, rc, "", "memori tidak cukup");
    if (rc == 0)
        rc = outlines(out, s, level, scope, &c, err);
    free(c.items);
    return rc;
}

int pl_map_boundaries(json_t **out, pl_store *s, int level, const char *scope, pl_error *err)
{
    *out = NULL;
    return outlines(out, s, level, scope, NULL, err);
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
