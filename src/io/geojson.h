/*
 * geojson.h - reading and writing GeoJSON (RFC 7946) areas with jansson:
 * FeatureCollection, Feature, Polygon and MultiPolygon. Every shape read is
 * validated (domain/geometry.h) and prepared for point queries; errors name
 * the feature (index from 1, and its code when it has one) and the reason.
 */
#ifndef PL_IO_GEOJSON_H
#define PL_IO_GEOJSON_H

#include "domain/geometry.h"
#include "util/error.h"

#include <jansson.h>

typedef struct pl_geojson_feature {
    char code[32];       /* properties.code (or kode), "" when absent */
    char name[128];      /* properties.name (or nama), "" when absent */
    char parent[32];     /* properties.parent, "" when absent */
    json_t *properties;  /* owned reference (may be NULL) */
    json_t *geometry;    /* owned reference to the geometry object as read */
    pl_geo_shape *shape; /* owned, validated and prepared */
} pl_geojson_feature;

typedef struct pl_geojson_set {
    pl_geojson_feature *items;
    size_t n;
} pl_geojson_set;

/* Releases every feature and the array (NULL ok). */
void pl_geojson_set_free(pl_geojson_set *set);

/*
 * Parses a GeoJSON text: a FeatureCollection, one Feature, or a bare Polygon
 * or MultiPolygon geometry (read as one feature without properties). *out is
 * allocated and owned by the caller (pl_geojson_set_free). Errors: PL_EINVAL
 * with err->field "geojson" and a message such as "fitur ke-3 (64.02.08):
 * poligon 1, cincin 2: tidak tertutup"; PL_ENOMEM.
 */
int pl_geojson_parse(pl_geojson_set **out, const char *text, size_t len, pl_error *err);

/* Reads and parses a file (see pl_geojson_parse). Errors also PL_EIO. */
int pl_geojson_read_file(pl_geojson_set **out, const char *path, pl_error *err);

/*
 * Builds a shape from one geometry object (Polygon or MultiPolygon),
 * validated and prepared. *out is owned by the caller. Errors: PL_EINVAL
 * with the reason (without a feature prefix), PL_ENOMEM.
 */
int pl_geojson_shape_from_json(pl_geo_shape **out, const json_t *geometry, pl_error *err);

/*
 * Writes a shape as a GeoJSON geometry (Polygon when it has one polygon, else
 * MultiPolygon). Returns a new reference or NULL when out of memory.
 */
json_t *pl_geojson_shape_to_json(const pl_geo_shape *s);

/* A GeoJSON Point feature with the given properties (reference stolen). */
json_t *pl_geojson_point_feature(double lat, double lon, json_t *properties);

#endif
