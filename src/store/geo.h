/*
 * geo.h - coordinates: region outlines, the spatial index of people,
 * households and PSKS units, area queries over it, and the outline check of
 * located records.
 *
 * The spatial index keeps every living person's position (own coordinates,
 * else the household's) in microdegrees (1e-6 degree, about 0.11 m): points
 * read from it are rounded to that grid.
 */
#ifndef PL_STORE_GEO_H
#define PL_STORE_GEO_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* A box in degrees (same layout as pl_geo_bbox in domain/geometry.h). */
typedef struct pl_store_bbox {
    double min_lon, min_lat, max_lon, max_lat;
} pl_store_bbox;

/* ------------------------------------------------------------- outlines */

typedef struct pl_boundary {
    char code[PL_REGION_CODE_MAX]; /* dotted region code */
    char name[128];
    int level; /* enum pl_region_level */
    pl_store_bbox bbox;
    const char *geometry; /* GeoJSON geometry text: borrowed (see each call) */
    char source[128];
    char updated_at[24];
} pl_boundary;

/*
 * Inserts or replaces the outline b->code (geometry text borrowed for the
 * call). Errors: PL_EINVAL (empty code or geometry), PL_EIO.
 */
int pl_store_boundary_put(pl_store *s, const pl_actor *who, const pl_boundary *b, pl_error *err);

/*
 * Fetches one outline; *geometry receives a malloc'd copy of the GeoJSON
 * text owned by the caller (out->geometry points at it). Errors: PL_ENOTFOUND.
 */
int pl_store_boundary_get(pl_store *s, pl_boundary *out, char **geometry, const char *code,
                          pl_error *err);

typedef int (*pl_boundary_cb)(void *ctx, const pl_boundary *b);

/*
 * Outlines at level (0 = any) whose code lies inside scope ("" = all),
 * ordered by code. b->geometry is borrowed for the callback only, and NULL
 * when with_geometry is false.
 */
int pl_store_boundary_list(pl_store *s, int level, const char *scope, bool with_geometry,
                           pl_boundary_cb cb, void *ctx, pl_error *err);

/* Number of outlines stored at level (0 = any). */
int pl_store_boundary_count(pl_store *s, int level, long *out, pl_error *err);

/* --------------------------------------------------------- spatial index */

#define PL_GEO_BIRTH_UNKNOWN INT32_MAX

/* One indexed person: all that area queries need without reading the tables. */
typedef struct pl_geo_person_pt {
    int64_t id;
    double lat, lon;    /* microdegree grid */
    int32_t birth_days; /* days since 1970-01-01, PL_GEO_BIRTH_UNKNOWN when unknown */
    bool disabled;      /* a disability is recorded */
    int32_t district;   /* PPKKCC as a number (647401) */
    bool box_inside;    /* walk only: its index cell was classified wholly inside */
} pl_geo_person_pt;

typedef int (*pl_geo_person_cb)(void *ctx, const pl_geo_person_pt *p);

/*
 * Living people whose position lies in box and whose village lies inside
 * scope ("" = all). A village-level scope is checked against the person row.
 * Order is the index's. The callback may stop early by returning non-zero.
 */
int pl_store_geo_people_in_bbox(pl_store *s, const pl_store_bbox *box, const char *scope,
                                pl_geo_person_cb cb, void *ctx, pl_error *err);

/* What a walk's classifier says of an index cell (a box of microdegrees). */
enum {
    PL_STORE_CELL_OUTSIDE = 0, /* skip the cell and everything under it */
    PL_STORE_CELL_INSIDE = 1,  /* take every point under it, marked box_inside */
    PL_STORE_CELL_MIXED = 2,   /* look inside: classify its children or pass its points */
};

typedef int (*pl_geo_cell_cb)(void *ctx, const pl_store_bbox *cell);

/*
 * The rows of pl_store_geo_people_in_bbox (same box and scope), read by
 * walking the spatial index's cells: each cell not wholly inside the query
 * box is given to classify (NULL: every cell mixed), which prunes cells
 * outside the area and marks points of cells wholly inside it, so the
 * caller need not test those points. A backend that cannot walk its index
 * answers as pl_store_geo_people_in_bbox does (nothing marked). Order is
 * the index's; while a deferred-index marker exists (pl_store_geo_defer)
 * the points the index lacks follow, never marked box_inside.
 */
int pl_store_geo_people_walk(pl_store *s, const pl_store_bbox *box, const char *scope,
                             pl_geo_cell_cb classify, pl_geo_person_cb cb, void *ctx,
                             pl_error *err);

/*
 * What pl_store_geo_people_tally counts of the points it does not pass on.
 * In: the age cuts, in days since 1970 (a known birth day at or before
 * elderly_cut is elderly; after child_cut, a child). Out: the counts, added
 * to what the struct holds.
 */
typedef struct pl_geo_tally {
    int32_t elderly_cut, child_cut;
    long people, elderly, children, disabled;
    long vulnerable; /* elderly, a child or disabled */
} pl_geo_tally;

/* One disability text of the tallied people and how many have it. */
typedef int (*pl_geo_tally_dis_cb)(void *ctx, const char *disability, long n);

/*
 * pl_store_geo_people_walk for counts: the points of cells classify marks
 * wholly inside are not passed to cb but counted into *t, and their
 * disability texts given to dis_cb (one call per text, "" never); the
 * points of the other cells (and those the index lacks) go to cb as the
 * walk passes them. A backend may count inside the data base instead of
 * reading every point. Errors: as the walk.
 */
int pl_store_geo_people_tally(pl_store *s, const pl_store_bbox *box, const char *scope,
                              pl_geo_cell_cb classify, pl_geo_tally *t, pl_geo_tally_dis_cb dis_cb,
                              pl_geo_person_cb cb, void *ctx, pl_error *err);

/*
 * Disability text of a person (living or not) into out ("" when none).
 * Errors: PL_ENOTFOUND, PL_EIO.
 */
int pl_store_geo_person_disability(pl_store *s, int64_t id, char *out, size_t cap, pl_error *err);

typedef int (*pl_geo_disability_cb)(void *ctx, int64_t id, const char *disability);

/*
 * pl_store_geo_person_disability for n people at once (one statement where
 * the backend can): cb gets each id of ids (distinct) with its text, in
 * any order.
 * Errors: PL_ENOTFOUND (an id names no person; nothing said of the others),
 * PL_EIO, PL_ENOMEM.
 */
int pl_store_geo_people_disability(pl_store *s, const int64_t *ids, size_t n,
                                   pl_geo_disability_cb cb, void *ctx, pl_error *err);

/*
 * The same rows as pl_store_geo_people_in_bbox but read from the tables
 * without the spatial index, every living person with a position (the
 * full-scan baseline of bench/area). Ignores any box; filters by scope.
 */
int pl_store_geo_people_scan(pl_store *s, const char *scope, pl_geo_person_cb cb, void *ctx,
                             pl_error *err);

/* Indexed living people who have an open membership of PMKS category (person categories). */
int pl_store_geo_people_in_bbox_category(pl_store *s, const pl_store_bbox *box, const char *scope,
                                         int category, pl_geo_person_cb cb, void *ctx,
                                         pl_error *err);

/* A point with an id, for households and PSKS units. */
typedef struct pl_geo_pt {
    int64_t id;
    double lat, lon;
    int kind; /* PSKS type; 0 for households */
} pl_geo_pt;

typedef int (*pl_geo_pt_cb)(void *ctx, const pl_geo_pt *p);

/*
 * Households with coordinates in box inside scope; category > 0 keeps those
 * with an open household membership of that PMKS category.
 */
int pl_store_geo_households_in_bbox(pl_store *s, const pl_store_bbox *box, const char *scope,
                                    int category, pl_geo_pt_cb cb, void *ctx, pl_error *err);

/* PSKS units with coordinates in box, of type (0 = any). */
int pl_store_geo_psks_in_bbox(pl_store *s, const pl_store_bbox *box, int type, pl_geo_pt_cb cb,
                              void *ctx, pl_error *err);

/* Number of people in the spatial index (living, with a position). */
int pl_store_geo_people_count(pl_store *s, long *out, pl_error *err);

/*
 * Counts per region at level (2 regency, 3 district) inside scope: people
 * with an open membership of category (households' members counted for
 * household categories), or every living person when category is 0.
 */
typedef int (*pl_region_count_cb)(void *ctx, const char *code, long count);
int pl_store_geo_region_counts(pl_store *s, int level, int category, const char *scope,
                               pl_region_count_cb cb, void *ctx, pl_error *err);

/*
 * Deferred spatial indexing. A big load may leave the people's and
 * households' spatial indexes behind and have them packed in one pass at
 * the end (far cheaper than inserting point by point). Meanwhile, and after
 * a crash, a marker in the data base says so, and every query above still gives
 * complete results: it adds the points not yet indexed, read from the
 * tables (slower, in proportion to the rows added since the marker).
 */

/*
 * Marks both indexes as behind from now on: people and households added
 * after the current highest ids may be left out of them until
 * pl_store_geo_rebuild (a marker already present keeps its lower ids). Call
 * it inside the transaction that adds the first rows it skips, so that the
 * marker commits with them. Errors: PL_EIO.
 */
int pl_store_geo_defer(pl_store *s, pl_error *err);

/*
 * Rebuilds the people's and households' spatial indexes from the tables,
 * packed in one pass, and clears the markers. Runs inside the caller's
 * transaction when one is open, else in its own. Errors: PL_EIO, PL_ENOMEM.
 */
int pl_store_geo_rebuild(pl_store *s, pl_error *err);

/* *pending: a marker exists (pl_store_geo_defer without a rebuild since). */
int pl_store_geo_pending(pl_store *s, bool *pending, pl_error *err);

/* What pl_store_geo_reindex did. */
typedef struct pl_geo_reindex_stats {
    bool was_pending;   /* a marker existed */
    bool people_packed; /* person index rebuilt in one pass */
    bool households_packed;
    long people;     /* points in the person index afterwards */
    long households; /* points in the household index afterwards */
    long caught_up;  /* points inserted one by one instead of a rebuild */
} pl_geo_reindex_stats;

enum {
    PL_GEO_REINDEX_ALL = 0,     /* rebuild both indexes, marker or not */
    PL_GEO_REINDEX_PENDING = 1, /* only indexes with a marker; when the points
                                   missing are few next to the index (under an
                                   eighth), insert just those instead */
};

/*
 * pl_store_geo_rebuild with a choice of what to do (PL_GEO_REINDEX_*);
 * out (may be NULL) receives what was done.
 */
int pl_store_geo_reindex(pl_store *s, int mode, pl_geo_reindex_stats *out, pl_error *err);

/* A record with coordinates, for the outline check. */
typedef struct pl_geo_located {
    char kind[12]; /* "household", "person" or "psks" */
    int64_t id;
    char label[128];                 /* KK, NIK or PSKS name */
    char region[PL_REGION_CODE_MAX]; /* village (households, people) or area served (PSKS) */
    double lat, lon;
} pl_geo_located;

typedef int (*pl_geo_located_cb)(void *ctx, const pl_geo_located *r);

/*
 * Every household, person with own coordinates, and PSKS unit with
 * coordinates whose region lies inside scope ("" = all), ordered by region.
 */
int pl_store_geo_located_list(pl_store *s, const char *scope, pl_geo_located_cb cb, void *ctx,
                              pl_error *err);

#endif
