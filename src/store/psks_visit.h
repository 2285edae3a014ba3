/*
 * psks_visit.h - the work of PSKS units: assignments of a person or a
 * household in need to a unit, the visits and services a unit logs (with at
 * most one photo each), and the units deployed to a disaster event.
 *
 * Every record carries region_code, the region it belongs to for scope: an
 * assignment's is the subject's village when assigned; a visit's is where it
 * took place (the subject's village, else the disaster's or the unit's
 * region). Listings filter on it with a region prefix ("" = all). The store
 * audits every insert and update (triggers); a photo's audit image holds its
 * type, size and SHA-256, never its bytes.
 */
#ifndef PL_STORE_PSKS_VISIT_H
#define PL_STORE_PSKS_VISIT_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pl_psks_assignment {
    int64_t id;
    int64_t psks_id;
    int64_t person_id; /* exactly one of person_id and household_id is set */
    int64_t household_id;
    char region_code[PL_REGION_CODE_MAX];
    char reason[256];
    char due_date[11]; /* "" = none */
    char status[12];   /* aktif, selesai, batal */
    bool suggested;    /* the unit was the suggestion (pl_psks_suggest) */
    int64_t version;
    char created_at[24];
    char created_by[64];
    /* Read only (listings and get): */
    long visits;
    char last_visit[11]; /* "" = never visited */
} pl_psks_assignment;

/*
 * Adds assignment a (status "aktif" when empty); fills id, version and
 * created_at. Errors: PL_EINVAL (a reference or value the schema refuses).
 */
int pl_store_psks_assignment_add(pl_store *s, const pl_actor *who, pl_psks_assignment *a,
                                 pl_error *err);

/* Fetches assignment id with its visit count. Errors: PL_ENOTFOUND. */
int pl_store_psks_assignment_get(pl_store *s, pl_psks_assignment *out, int64_t id, pl_error *err);

/*
 * Replaces status, due_date and reason of a->id when its version is still
 * a->version (audited); a->version becomes the new one. Errors:
 * PL_ENOTFOUND, PL_ECONFLICT (stale version), PL_EINVAL.
 */
int pl_store_psks_assignment_update(pl_store *s, const pl_actor *who, pl_psks_assignment *a,
                                    pl_error *err);

/* Which assignments a listing returns; zero members do not filter. */
typedef struct pl_psks_assignment_filter {
    int64_t psks_id;
    int64_t person_id;
    int64_t household_id;
    const char *region;     /* region_code prefix, NULL or "" = all */
    const char *status;     /* NULL = any */
    const char *overdue_on; /* YYYY-MM-DD: only active ones due before it without any visit */
} pl_psks_assignment_filter;

typedef int (*pl_psks_assignment_cb)(void *ctx, const pl_psks_assignment *a);

/* Assignments matching f, oldest due date first (no due date last), then id. */
int pl_store_psks_assignment_list(pl_store *s, const pl_psks_assignment_filter *f,
                                  pl_psks_assignment_cb cb, void *ctx, pl_error *err);

typedef struct pl_psks_visit {
    int64_t id;
    int64_t psks_id;
    int64_t assignment_id; /* 0 = none */
    int64_t disaster_id;   /* 0 = none */
    int64_t person_id;     /* at most one of person_id and household_id; both 0 = none */
    int64_t household_id;
    char region_code[PL_REGION_CODE_MAX];
    char visit_date[11];
    char action[20]; /* domain/psks_visit.h */
    bool has_coord;
    double lat, lon;
    char note[512];
    char created_at[24];
    char created_by[64];
    /* Read only: the photo's metadata. */
    bool has_photo;
    char photo_mime[16];
    long photo_size;
    char photo_sha256[65];
} pl_psks_visit;

/* Adds visit v; fills id and created_at. Errors: PL_EINVAL (refused reference or value). */
int pl_store_psks_visit_add(pl_store *s, const pl_actor *who, pl_psks_visit *v, pl_error *err);

/* Fetches visit id with its photo's metadata. Errors: PL_ENOTFOUND. */
int pl_store_psks_visit_get(pl_store *s, pl_psks_visit *out, int64_t id, pl_error *err);

/* Which visits a listing returns; zero members do not filter. */
typedef struct pl_psks_visit_filter {
    int64_t psks_id;
    int64_t assignment_id;
    int64_t disaster_id;
    int64_t person_id;
    int64_t household_id;
    const char *region; /* region_code prefix, NULL or "" = all */
    const char *from;   /* first visit_date (inclusive), NULL = any */
    const char *to;     /* last visit_date (inclusive), NULL = any */
} pl_psks_visit_filter;

typedef int (*pl_psks_visit_cb)(void *ctx, const pl_psks_visit *v);

/* Visits matching f by date, then id. */
int pl_store_psks_visit_list(pl_store *s, const pl_psks_visit_filter *f, pl_psks_visit_cb cb,
                             void *ctx, pl_error *err);

/*
 * Stores the photo of visit_id: len bytes of type mime (image/jpeg,
 * image/png or image/webp) with their SHA-256 in hex (audited without the
 * bytes). Errors: PL_ECONFLICT (the visit has a photo), PL_EINVAL.
 */
int pl_store_psks_visit_photo_put(pl_store *s, const pl_actor *who, int64_t visit_id,
                                  const char *mime, const void *data, size_t len,
                                  const char *sha256, pl_error *err);

/*
 * Reads the photo of visit_id: *data receives a malloc'd copy of its bytes
 * (caller frees), *len their number, mime its type (16 bytes). Errors:
 * PL_ENOTFOUND (no photo), PL_ENOMEM.
 */
int pl_store_psks_visit_photo_get(pl_store *s, int64_t visit_id, char *mime, void **data,
                                  size_t *len, pl_error *err);

typedef struct pl_psks_deployment {
    int64_t id;
    int64_t disaster_id;
    int64_t psks_id;
    char deployed_on[11];
    char note[256];
    char created_at[24];
    char created_by[64];
    long visits; /* read only: visits of the unit linked to the event */
} pl_psks_deployment;

/* Records a deployment; fills id. Errors: PL_ECONFLICT (the unit is deployed there already). */
int pl_store_psks_deployment_add(pl_store *s, const pl_actor *who, pl_psks_deployment *d,
                                 pl_error *err);

typedef int (*pl_psks_deployment_cb)(void *ctx, const pl_psks_deployment *d);

/* Deployments to disaster event disaster_id, by date and id, with their visit counts. */
int pl_store_psks_deployment_list(pl_store *s, int64_t disaster_id, pl_psks_deployment_cb cb,
                                  void *ctx, pl_error *err);

/*
 * Records visit_id as the visit that ended membership id (audited). Errors:
 * PL_ENOTFOUND, PL_EINVAL (no such visit).
 */
int pl_store_membership_cite_visit(pl_store *s, const pl_actor *who, int64_t id, int64_t visit_id,
                                   pl_error *err);

#endif
