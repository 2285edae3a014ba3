/*
 * area.h - who lives inside an area: people inside a polygon or within a
 * radius, by vulnerability (elderly 60+, disability by type, children under
 * five), with household, address and the nearest PSKS units (Tagana, TKSK,
 * LKS); and the check of recorded coordinates against region outlines.
 *
 * The query walks the store's R*Tree: index cells wholly inside a polygon
 * are taken and cells outside it skipped (pl_geo_shape_box_where) without
 * testing their points; only the points of cells the outline crosses get
 * the exact point-in-polygon test here (radius queries: haversine on every
 * point of the box). Bedridden and pregnant people are not counted: no such
 * field is recorded yet.
 */
#ifndef PL_SERVICE_AREA_H
#define PL_SERVICE_AREA_H

#include "domain/date.h"
#include "domain/geometry.h"
#include "store/household.h"
#include "store/person.h"
#include "store/store.h"
#include "store/geo.h"

enum {
    PL_VULN_ELDERLY = 1 << 0,  /* 60 years or older */
    PL_VULN_DISABLED = 1 << 1, /* a disability is recorded */
    PL_VULN_CHILD = 1 << 2,    /* under 5 years */
};

/* The area: a prepared shape, or a centre and radius (shape NULL). */
typedef struct pl_area_query {
    const pl_geo_shape *shape; /* borrowed, validated and prepared */
    pl_geo_point center;
    double radius_m;
    const char *scope;    /* caller's region scope, "" = all */
    pl_date today;        /* ages are taken on this date */
    bool vulnerable_only; /* keep only people with a PL_VULN_* flag in hits */
    bool full_scan;       /* test every row without the spatial index (benchmark baseline) */
    bool summary_only;    /* counts only: hits keep the disabled alone (for their types) */
} pl_area_query;

typedef struct pl_area_hit {
    int64_t person_id;
    double lat, lon;
    double distance_m; /* from the centre for radius queries, else 0 */
    unsigned vuln;     /* PL_VULN_* */
} pl_area_hit;

#define PL_AREA_DISABILITY_MAX 16

typedef struct pl_area_result {
    pl_area_hit *hits; /* ordered by person id */
    size_t n;
    long people;     /* everyone inside */
    long vulnerable; /* with at least one flag */
    long elderly, disabled, children;
    long by_disability[PL_AREA_DISABILITY_MAX + 1]; /* per pl_disability_at(i); last = other */
    long candidates;                                /* rows the box prefilter returned */
} pl_area_result;

/* Releases a result (NULL ok). */
void pl_area_result_free(pl_area_result *r);

/*
 * Runs the query. *out is owned by the caller (pl_area_result_free).
 * Disability types are read from the person rows of the disabled only.
 * Errors: PL_EINVAL (no area, radius <= 0 or above 200 km), PL_EIO, PL_ENOMEM.
 */
int pl_area_run(pl_area_result **out, pl_store *s, const pl_area_query *q, pl_error *err);

/* Counts only, without keeping hits or reading person rows (the benchmark's core). */
int pl_area_count(long *people, long *vulnerable, pl_store *s, const pl_area_query *q,
                  pl_error *err);

/* Nearest PSKS unit of one type, or found = false. */
typedef struct pl_area_psks {
    bool found;
    int64_t id;
    char name[128];
    char phone[32];
    double distance_m;
} pl_area_psks;

#define PL_AREA_PSKS_TYPES 3 /* Tagana, TKSK, LKS */

/* PSKS types reported as nearest, in column order. */
extern const int pl_area_psks_types[PL_AREA_PSKS_TYPES];

/* One person of a result with the details a list needs. */
typedef struct pl_area_row {
    pl_person person;
    pl_household household; /* id 0 when the person has none */
    double lat, lon;
    double distance_m;
    unsigned vuln;
    int age;                      /* -1 when the birth date is unknown */
    const char *disability_label; /* "" when none; static */
    pl_area_psks nearest[PL_AREA_PSKS_TYPES];
} pl_area_row;

typedef int (*pl_area_row_cb)(void *ctx, const pl_area_row *row);

/*
 * Reads the details of every hit in r (person, household, nearest PSKS units
 * within about 50 km) and calls cb for each, in hit order. cb may stop early
 * by returning non-zero (returned).
 */
int pl_area_each_row(pl_store *s, const pl_area_result *r, const pl_area_query *q,
                     pl_area_row_cb cb, void *ctx, pl_error *err);

/* Indonesian labels of PL_VULN_* flags joined with ", " into out. */
void pl_area_vuln_label(char *out, size_t cap, unsigned vuln);

/* ------------------------------------------------------------ outlines */

/* Regency outlines loaded on demand (owned; free with pl_outlines_free). */
typedef struct pl_outlines pl_outlines;

pl_outlines *pl_outlines_new(void);
void pl_outlines_free(pl_outlines *o);

typedef enum pl_coord_verdict {
    PL_COORD_INSIDE,     /* inside the regency's outline */
    PL_COORD_NEAR,       /* outside, but within the tolerance of its edge */
    PL_COORD_OUTSIDE,    /* farther: flagged */
    PL_COORD_NO_OUTLINE, /* no outline loaded for the regency: not checked */
} pl_coord_verdict;

#define PL_COORD_TOLERANCE_M 5000.0

/*
 * Checks a coordinate recorded for region_code (a village, district or
 * regency code) against its regency's outline. *distance_m receives the
 * distance to the outline when outside (else 0). Outlines are read once per
 * regency into o. Errors: PL_EIO, PL_EINVAL (a stored outline is broken).
 */
int pl_area_check_coord(pl_coord_verdict *out, double *distance_m, pl_store *s, pl_outlines *o,
                        const char *region_code, double lat, double lon, pl_error *err);

/*
 * Reads the area in the GeoJSON file at path: one feature's shape, or one
 * shape made of every polygon of several features; prepared for queries.
 * *shape is owned by the caller. Errors: PL_EINVAL (unreadable file),
 * PL_ENOMEM.
 */
int pl_area_load_file(pl_geo_shape **shape, const char *path, pl_error *err);

/* The same from GeoJSON text of len bytes (an upload or a JSON member). */
int pl_area_load_text(pl_geo_shape **shape, const char *text, size_t len, pl_error *err);

/* Counts of a check of recorded coordinates. */
typedef struct pl_coord_check {
    long checked;   /* coordinates compared with an outline */
    long flagged;   /* of those, farther than PL_COORD_TOLERANCE_M outside */
    long unchecked; /* no outline loaded for their regency */
} pl_coord_check;

/* A flagged coordinate and its distance outside the outline (borrowed for the call). */
typedef int (*pl_coord_flag_cb)(void *ctx, const pl_geo_located *r, double distance_m);

/*
 * Checks every coordinate recorded for people and households inside region
 * ("" = all) against the outline of its regency (pl_area_check_coord) and
 * reports each one farther outside than the tolerance to cb (may be NULL).
 * Nothing is written. Errors: PL_ENOMEM, PL_EIO, or cb's code.
 */
int pl_area_check_region(pl_coord_check *out, pl_store *s, const char *region, pl_coord_flag_cb cb,
                         void *ctx, pl_error *err);

/* Builds a shape from a stored outline. *out owned by the caller. Errors: PL_ENOTFOUND. */
int pl_area_boundary_shape(pl_geo_shape **out, pl_store *s, const char *code, pl_error *err);

#endif
