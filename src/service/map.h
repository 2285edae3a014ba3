/*
 * map.h - map data: points of people, households or PSKS units in a
 * bounding box, clustered on a grid whose cell follows the zoom level so
 * that a million points stay light; region outlines; and outlines shaded
 * by a category count (choropleth). The models and their GeoJSON are in
 * io/map_json.h.
 */
#ifndef PL_SERVICE_MAP_H
#define PL_SERVICE_MAP_H

#include "io/map_json.h"
#include "store/geo.h"
#include "store/store.h"

typedef enum pl_map_layer {
    PL_MAP_PEOPLE,     /* category = PMKS code or 0 for everyone */
    PL_MAP_HOUSEHOLDS, /* category = household PMKS code or 0 */
    PL_MAP_PSKS,       /* category = PSKS type or 0 */
} pl_map_layer;

/* Below this many points in the box, or from PL_MAP_NO_CLUSTER_ZOOM, points come singly. */
#define PL_MAP_SINGLE_MAX 2000
#define PL_MAP_NO_CLUSTER_ZOOM 17

/*
 * The layer's points in box inside scope into *out (caller's memory, freed
 * with pl_map_pointset_free). Clustered on a grid of about 64 screen pixels
 * at zoom (0..22): each cluster at the mean position with its count; single
 * points with their id; out->total is the number of points in the box.
 * Errors: PL_EINVAL (box or zoom out of range), PL_EIO, PL_ENOMEM.
 */
int pl_map_points(pl_map_pointset *out, pl_store *s, pl_map_layer layer, const pl_store_bbox *box,
                  int category, int zoom, const char *scope, pl_error *err);

/*
 * Outlines at level (2 regency, 3 district) inside scope into *out (freed
 * with pl_map_outlines_free), each with a count: people with an open
 * membership of PMKS category (everyone alive when 0). Regions with people
 * but no outline are left out. With public_view the counts are those of
 * service/cells.h on today (YYYY-MM-DD): the report's counting rules, small
 * and complementary cells PL_SUPPRESSED. Errors: PL_EINVAL (level), PL_EIO,
 * PL_ENOMEM.
 */
int pl_map_choropleth(pl_map_outlines *out, pl_store *s, int level, int category, const char *scope,
                      bool public_view, const char *today, pl_error *err);

/* Outlines at level (0 = any) inside scope into *out (freed with pl_map_outlines_free). */
int pl_map_boundaries(pl_map_outlines *out, pl_store *s, int level, const char *scope,
                      pl_error *err);

/*
 * Households without coordinates inside scope into *out (freed with
 * pl_map_unlocated_free): the count, then up to limit (1..1000) of them
 * after id `after`, each with its head's name and the village name, for a
 * list to fix them from. Errors: PL_EINVAL (limit), PL_EIO, PL_ENOMEM.
 */
int pl_map_unlocated_list(pl_map_unlocated *out, pl_store *s, const char *scope, int64_t after,
                          int limit, pl_error *err);

/* Parses "minLon,minLat,maxLon,maxLat" (Leaflet's toBBoxString order). Errors: PL_EINVAL. */
int pl_map_parse_bbox(pl_store_bbox *out, const char *text, pl_error *err);

#endif
