/*
 * map_json.h - map data as models and as GeoJSON: points of a layer
 * (single or clustered on a grid) and region outlines, optionally with a
 * count each (choropleth). service/map.h fills the models; front ends
 * render them with the functions below.
 *
 * A count is a number >= 0, or PL_SUPPRESSED (domain/suppress.h) when it is
 * hidden from the caller; it is then written as null with
 * "hidden": true in the feature's properties.
 */
#ifndef PL_IO_MAP_JSON_H
#define PL_IO_MAP_JSON_H

#include "domain/ident.h"
#include "domain/suppress.h"
#include "store/household.h"
#include "store/store.h"

#include <jansson.h>

/* One point or cluster: mean position, number of points, the first point's id. */
typedef struct pl_map_point {
    double lat, lon;
    long count;
    int64_t id;
} pl_map_point;

typedef struct pl_map_points {
    pl_map_point *items;
    size_t n;
    long total;          /* points in the box */
    double cell_degrees; /* grid cell; 0 = not clustered */
} pl_map_pointset;

/* One region outline; geometry is GeoJSON text owned by the model. */
typedef struct pl_map_outline {
    char code[PL_REGION_CODE_MAX];
    char name[128];
    int level;
    char *geometry;
    long count; /* choropleth only */
} pl_map_outline;

typedef struct pl_map_outlines {
    pl_map_outline *items;
    size_t n;
    bool counts; /* choropleth: each outline carries a count */
} pl_map_outlines;

/* A household without coordinates, with its head and village by name. */
typedef struct pl_map_unlocated_item {
    pl_household hh;
    int64_t head_id;     /* 0 = no head recorded */
    char head_name[128]; /* "" when none */
    char village_name[128];
} pl_map_unlocated_item;

typedef struct pl_map_unlocated {
    pl_map_unlocated_item *items;
    size_t n;
    long total;         /* households without coordinates in the scope */
    int64_t next_after; /* id to continue after; 0 = no more */
} pl_map_unlocated;

/* Release the arrays (and geometries); NULL ok. */
void pl_map_pointset_free(pl_map_pointset *p);
void pl_map_outlines_free(pl_map_outlines *o);
void pl_map_unlocated_free(pl_map_unlocated *u);

/*
 * A FeatureCollection with members total, clustered and cell_degrees: a
 * cluster is a Point with properties {cluster: true, count}, a single point
 * {id}. New reference or NULL.
 */
json_t *pl_map_pointset_json(const pl_map_pointset *p);

/*
 * A FeatureCollection of the outlines, properties {code, name, level} and,
 * for a choropleth, count. An outline whose stored geometry does not parse
 * is left out. New reference or NULL.
 */
json_t *pl_map_outlines_json(const pl_map_outlines *o);

/*
 * {total, items: [household (io/record_json.h, KK through view) plus
 * head_id, head_name, village_name], next_after}. New reference or NULL.
 */
json_t *pl_map_unlocated_json(const pl_map_unlocated *u, const pl_ident_view *view);

#endif
