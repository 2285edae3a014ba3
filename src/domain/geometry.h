/*
 * geometry.h - planar geometry on longitude/latitude degrees for area
 * queries: polygons with holes, multipolygons, validity checks,
 * point-in-polygon, bounding boxes and great-circle distances. Pure.
 *
 * Coordinates are GeoJSON order: x = longitude, y = latitude, in degrees.
 * Polygons are planar in degrees (as GeoJSON and the outline files are), so a
 * polygon crossing the equator needs nothing special; polygons spanning the
 * antimeridian (longitude 180) are refused, Indonesia does not need them.
 *
 * Boundary rule: a shape is a closed set. A point on an edge or on a vertex of
 * any ring (exterior or hole) counts as inside, so a point on a hole's edge is
 * inside and a point strictly inside a hole is outside. "On" means within
 * PL_GEO_EDGE_EPS degrees (about 0.1 mm) of the edge.
 */
#ifndef PL_DOMAIN_GEOMETRY_H
#define PL_DOMAIN_GEOMETRY_H

#include <stdbool.h>
#include <stddef.h>

#define PL_GEO_EDGE_EPS 1e-9
#define PL_GEO_EARTH_RADIUS_M 6371008.8 /* IUGG mean radius */

typedef struct pl_geo_point {
    double lon, lat;
} pl_geo_point;

typedef struct pl_geo_bbox {
    double min_lon, min_lat, max_lon, max_lat;
} pl_geo_bbox;

/* A closed ring: pts[0] == pts[n-1]. */
typedef struct pl_geo_ring {
    pl_geo_point *pts;
    size_t n;
} pl_geo_ring;

/* rings[0] is the exterior, the rest are holes. */
typedef struct pl_geo_polygon {
    pl_geo_ring *rings;
    size_t n_rings;
    size_t cap_rings; /* room in rings (util/vec.h) */
} pl_geo_polygon;

/*
 * A multipolygon (a single polygon is a multipolygon of one) with an edge
 * index for fast point queries, built by pl_geo_shape_prepare.
 */
typedef struct pl_geo_shape pl_geo_shape;

/* Where a point lies relative to a shape. */
typedef enum pl_geo_where {
    PL_GEO_OUTSIDE,
    PL_GEO_INSIDE,
    PL_GEO_ON_EDGE, /* on an edge or vertex: counts as inside */
} pl_geo_where;

/* A new empty shape; NULL when out of memory. Free with pl_geo_shape_free. */
pl_geo_shape *pl_geo_shape_new(void);

/* Releases the shape and everything it holds (NULL ok). */
void pl_geo_shape_free(pl_geo_shape *s);

/* Starts a new polygon; the next ring added is its exterior. 0 or PL_ENOMEM. */
int pl_geo_shape_begin_polygon(pl_geo_shape *s);

/*
 * Adds a copy of n points as the next ring of the last polygon (the first
 * ring is the exterior, later ones holes). No checks here: call
 * pl_geo_shape_validate. Returns 0, PL_EINVAL without a polygon, PL_ENOMEM.
 */
int pl_geo_shape_add_ring(pl_geo_shape *s, const pl_geo_point *pts, size_t n);

/* Number of polygons, and polygon i (borrowed). */
size_t pl_geo_shape_count(const pl_geo_shape *s);
const pl_geo_polygon *pl_geo_shape_polygon(const pl_geo_shape *s, size_t i);

/*
 * Checks every ring: coordinates finite and in range, closed (first point ==
 * last), at least 4 points, no self-intersection or self-touching, no span
 * over 180 degrees of longitude; each hole's first vertex lies inside its
 * exterior; the shape has at least one polygon. Returns 0, or PL_EINVAL and
 * writes a reason in Bahasa Indonesia into reason (cap bytes) naming the
 * polygon and ring ("poligon 2, cincin 1: ...").
 */
int pl_geo_shape_validate(const pl_geo_shape *s, char *reason, size_t cap);

/*
 * Builds the bounding box and the edge index used by pl_geo_shape_locate.
 * Call after the last ring is added (validation first is wise). 0 or PL_ENOMEM.
 */
int pl_geo_shape_prepare(pl_geo_shape *s);

/* Bounding box of all rings (valid after pl_geo_shape_prepare). */
pl_geo_bbox pl_geo_shape_bbox(const pl_geo_shape *s);

/*
 * Where p lies (see the boundary rule above). Uses the edge index when the
 * shape is prepared, else tests every edge.
 */
pl_geo_where pl_geo_shape_locate(const pl_geo_shape *s, pl_geo_point p);

/* Where a whole box lies relative to a shape. */
typedef enum pl_geo_box_where {
    PL_GEO_BOX_OUTSIDE, /* every point of the box is outside */
    PL_GEO_BOX_INSIDE,  /* every point of the box is inside (or on the boundary) */
    PL_GEO_BOX_MIXED,   /* the boundary comes near the box: test its points one by one */
} pl_geo_box_where;

/*
 * Classifies box b (edges included) against a prepared shape, so an index
 * walk can take or skip whole cells without testing their points. MIXED is
 * conservative: any edge within twice PL_GEO_EDGE_EPS of the box makes it
 * mixed, so INSIDE and OUTSIDE always agree with pl_geo_shape_contains for
 * every point of the box. An unprepared shape gives MIXED.
 */
pl_geo_box_where pl_geo_shape_box_where(const pl_geo_shape *s, const pl_geo_bbox *b);

/* True when p is inside or on the boundary. */
bool pl_geo_shape_contains(const pl_geo_shape *s, pl_geo_point p);

/* Where p lies relative to one ring alone (holes ignored). */
pl_geo_where pl_geo_ring_locate(const pl_geo_ring *r, pl_geo_point p);

/*
 * Distance in metres from p to the nearest edge of the shape (0 when p is on
 * the boundary), in a local equirectangular projection around p; accurate
 * to well under 1% within a few hundred kilometres.
 */
double pl_geo_shape_edge_distance_m(const pl_geo_shape *s, pl_geo_point p);

/* Great-circle (haversine) distance in metres on a sphere of mean radius. */
double pl_geo_haversine_m(pl_geo_point a, pl_geo_point b);

/* Smallest box containing every point within radius_m metres of c. */
pl_geo_bbox pl_geo_bbox_around(pl_geo_point c, double radius_m);

/* True when p lies in b (edges included). */
bool pl_geo_bbox_contains(const pl_geo_bbox *b, pl_geo_point p);

/* True when the boxes overlap (touching counts). */
bool pl_geo_bbox_intersects(const pl_geo_bbox *a, const pl_geo_bbox *b);

#endif
