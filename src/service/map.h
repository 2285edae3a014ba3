/*
 * map.h - map data as GeoJSON: points of people, households or PSKS units
 * in a bounding box, clustered on a grid whose cell follows the zoom level
 * so that a million points stay light; region outlines; and outlines shaded
 * by a category count (choropleth).
 */
#ifndef PL_SERVICE_MAP_H
#define PL_SERVICE_MAP_H

#include "store/store.h"

#include <jansson.h>

typedef enum pl_map_layer {
    PL_MAP_PEOPLE,     /* category = PMKS code or 0 for everyone */
    PL_MAP_HOUSEHOLDS, /* category = household PMKS code or 0 */
    PL_MAP_PSKS,       /* category = PSKS type or 0 */
} pl_map_layer;

/* Below this many points in the box, or from PL_MAP_NO_CLUSTER_ZOOM, points come singly. */
#define PL_MAP_SINGLE_MAX 2000
#define PL_MAP_NO_CLUSTER_ZOOM 17

/*
 * A FeatureCollection of the layer's points in box inside scope. Clustered
 * on a grid of about 64 screen pixels at zoom (0..22): each cluster is a
 * Point at the mean position with properties {cluster: true, count}; single
 * points carry {id}. The collection's "total" member holds the number of
 * points in the box. *out is a new reference. Errors: PL_EINVAL (box or
 * zoom out of range), PL_EIO, PL_ENOMEM.
 */
int pl_map_points(json_t **out, pl_store *s, pl_map_layer layer, const pl_store_bbox *box,
                  int category, int zoom, const char *scope, pl_error *err);

/*
 * Outlines at level (2 regency, 3 district) inside scope, each with
 * properties {code, name, count}: people with an open membership of PMKS
 * category (everyone alive when 0). Regions with people but no outline are
 * left out. *out is a new reference.
 */
int pl_map_choropleth(json_t **out, pl_store *s, int level, int category, const char *scope,
                      pl_error *err);

/* Outlines at level (0 = any) inside scope, properties {code, name, level}. */
int pl_map_boundaries(json_t **out, pl_store *s, int level, const char *scope, pl_error *err);

/* Parses "minLon,minLat,maxLon,maxLat" (Leaflet's toBBoxString order). Errors: PL_EINVAL. */
int pl_map_parse_bbox(pl_store_bbox *out, const char *text, pl_error *err);

#endif
