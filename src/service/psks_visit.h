/*
 * psks_visit.h - the work of PSKS units, behind `pilar psks assign|visit|...`
 * and the /assignments, /visits, /psks/{id}/activity, /reports/psks-activity
 * and /disasters/{id}/psks routes: assigning a person or household in need to
 * a unit (or to the suggested one), logging visits and services with a
 * photo, listing overdue assignments, the monthly activity report of a unit
 * and the roll-up of a region, and the units nearest a disaster with their
 * deployment.
 *
 * Scope: every function takes the caller's region scope ("" = everywhere,
 * the command line). A unit is inside it when its home area or one of its
 * served areas is (pl_psks_in_scope, service/psks.h); an assignment or a
 * visit when its region_code is. Whatever lies outside answers
 * PL_ENOTFOUND exactly like an id that does not exist. Writes are audited by
 * the store.
 */
#ifndef PL_SERVICE_PSKS_VISIT_H
#define PL_SERVICE_PSKS_VISIT_H

#include "domain/date.h"
#include "io/psks_activity.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/psks.h"
#include "store/psks_visit.h"
#include "store/store.h"

/* Loads unit id inside scope. Errors: PL_ENOTFOUND (also outside scope). */
int pl_psks_unit_load(pl_psks_unit *out, pl_store *s, const char *scope, int64_t id, pl_error *err);

/* A suggested unit for a subject. */
typedef struct pl_psks_suggestion {
    pl_psks_unit unit;
    double distance_m; /* < 0 when the subject or the unit has no coordinates */
    int tier;          /* 0 serves the subject's village, 1 its district, 2 another village of it */
} pl_psks_suggestion;

#define PL_PSKS_SUGGEST_MAX 10

/*
 * The active TKSK and PSM units (active on today) for the person person_id
 * or the household household_id (exactly one non-zero) inside scope, best
 * first: units at a known distance (both have coordinates) nearest first,
 * then the others by tier (serving the subject's village, its district,
 * another village of the district; home and served areas alike), TKSK before PSM, then id. At most
 * PL_PSKS_SUGGEST_MAX in out; *n their number (0 = none found). Errors:
 * PL_ENOTFOUND (subject absent or outside scope), PL_EINVAL.
 */
int pl_psks_suggest(pl_psks_suggestion out[PL_PSKS_SUGGEST_MAX], size_t *n, pl_store *s,
                    const char *scope, int64_t person_id, int64_t household_id,
                    const pl_date *today, pl_error *err);

/* What pl_psks_assign records. */
typedef struct pl_psks_assign_in {
    int64_t psks_id;   /* 0 = the first suggestion */
    int64_t person_id; /* exactly one of person_id and household_id */
    int64_t household_id;
    const char *due_date; /* NULL or "" = none; YYYY-MM-DD (a past date records a late one) */
    const char *reason;   /* NULL = "" */
} pl_psks_assign_in;

/*
 * Assigns a person or household inside scope to an active unit inside scope
 * (or, psks_id 0, to the first suggestion: suggested is then set). *out is
 * the assignment as stored. Errors: PL_ENOTFOUND (subject or unit absent or
 * outside scope, field "person_id"/"household_id"/"psks_id"), PL_EINVAL
 * ("due_date", "reason", "psks_id" for an ended unit or when nothing can be
 * suggested).
 */
int pl_psks_assign(pl_psks_assignment *out, pl_store *s, const pl_actor *who, const char *scope,
                   const pl_psks_assign_in *in, const pl_date *today, pl_error *err);

/* Loads assignment id inside scope. Errors: PL_ENOTFOUND (also outside scope). */
int pl_psks_assignment_load(pl_psks_assignment *out, pl_store *s, const char *scope, int64_t id,
                            pl_error *err);

/* What pl_psks_assignment_change changes: NULL members keep the stored value. */
typedef struct pl_psks_assignment_edit {
    int64_t version;      /* read before (optimistic locking) */
    const char *status;   /* aktif, selesai, batal */
    const char *due_date; /* "" clears it */
    const char *reason;
} pl_psks_assignment_edit;

/*
 * Changes assignment id inside scope. Errors: PL_ENOTFOUND, PL_EINVAL
 * ("status", "due_date", "reason"), PL_ECONFLICT (stale version).
 */
int pl_psks_assignment_change(pl_psks_assignment *out, pl_store *s, const pl_actor *who,
                              const char *scope, int64_t id, const pl_psks_assignment_edit *chg,
                              pl_error *err);

#define PL_PSKS_VISIT_ENDS_MAX 4

/*
 * Logs visit v (fills id and the rest as stored): either for an assignment
 * (v->assignment_id: the unit and the subject are the assignment's, and
 * both must still be in scope) or for a unit (v->psks_id) and optionally a
 * person or household (v->person_id / v->household_id) and a disaster event
 * (v->disaster_id, inside scope). v->visit_date "" = today (never in the
 * future, not before 2000); v->action a slug or label of domain/psks_visit.h
 * (stored as the slug); coordinates inside Indonesia when has_coord; note at
 * most 500 bytes. When the visit has a person, each PMKS category of ends[n]
 * open on that person (or its household) ends at the visit date citing the
 * visit, in the same transaction. region_code is set: the subject's village,
 * else the disaster's region, else the unit's area. Errors: PL_ENOTFOUND (an
 * id absent or outside scope), PL_EINVAL naming the field, PL_ELOCKED.
 */
int pl_psks_visit_log(pl_psks_visit *v, pl_store *s, const pl_actor *who, const char *scope,
                      const int *ends, size_t n, const pl_date *today, pl_error *err);

/* Loads visit id inside scope. Errors: PL_ENOTFOUND (also outside scope). */
int pl_psks_visit_load(pl_psks_visit *out, pl_store *s, const char *scope, int64_t id,
                       pl_error *err);

#define PL_PSKS_PHOTO_MAX (8L * 1024 * 1024)

/*
 * Attaches the photo in the file at path (JPEG, PNG or WebP by its first
 * bytes, at most PL_PSKS_PHOTO_MAX) to visit id inside scope, with its
 * SHA-256; *out is the visit afterwards. Errors: PL_ENOTFOUND, PL_EINVAL
 * ("photo": not an image, empty, too big), PL_ECONFLICT (has a photo),
 * PL_EIO.
 */
int pl_psks_visit_photo_attach(pl_psks_visit *out, pl_store *s, const pl_actor *who,
                               const char *scope, int64_t id, const char *path, pl_error *err);

/*
 * The photo of visit id inside scope: *data malloc'd (caller frees), *len
 * bytes, mime (16 bytes). Errors: PL_ENOTFOUND (no visit, outside scope or
 * no photo).
 */
int pl_psks_visit_photo_read(char *mime, void **data, size_t *len, pl_store *s, const char *scope,
                             int64_t id, pl_error *err);

/*
 * The monthly activity of unit id inside scope in month ("YYYY-MM"): its
 * visits of that month with their region names and the PMKS categories each
 * subject held on the visit date, counted by action, place and category
 * (each subject once per category). *out is owned by the caller
 * (pl_psks_activity_free). Errors: PL_ENOTFOUND, PL_EINVAL ("month").
 */
int pl_psks_activity_unit(pl_psks_activity **out, pl_store *s, const char *scope, int64_t id,
                          const char *month, pl_error *err);

/*
 * The roll-up of region (a district or larger; "" = scope) inside scope in
 * month: one row per unit serving inside the region and active in the month
 * or with a visit there, with its counts; totals and categories over all
 * rows. *out is owned by the caller (pl_psks_rollup_free). Errors:
 * PL_EINVAL ("region", "month"), PL_EDENIED (region outside scope).
 */
int pl_psks_activity_rollup(pl_psks_rollup **out, pl_store *s, const char *scope,
                            const char *region, const char *month, pl_error *err);

/* A unit near a disaster area. */
typedef struct pl_psks_nearby {
    pl_psks_unit unit;
    double distance_m; /* 0 inside the area */
    bool deployed;     /* a deployment to the event is recorded */
    char deployed_on[11];
    long visits; /* its visits linked to the event */
} pl_psks_nearby;

typedef int (*pl_psks_nearby_cb)(void *ctx, const pl_psks_nearby *u);

/*
 * The active units inside scope near disaster event id (inside scope):
 * with coordinates inside its area or within km kilometres of it (0 < km <=
 * 200), plus every deployed unit; Tagana first, then by distance. Errors:
 * PL_ENOTFOUND (event), PL_EINVAL ("km").
 */
int pl_psks_disaster_nearby(pl_store *s, const char *scope, int64_t id, double km,
                            const pl_date *today, pl_psks_nearby_cb cb, void *ctx, pl_error *err);

/*
 * Records that unit psks_id (inside scope) was deployed to disaster event id
 * (inside scope) on date (NULL or "" = today), with a note. Errors:
 * PL_ENOTFOUND, PL_EINVAL ("date", "note"), PL_ECONFLICT (deployed already).
 */
int pl_psks_deploy(pl_psks_deployment *out, pl_store *s, const pl_actor *who, const char *scope,
                   int64_t id, int64_t psks_id, const char *date, const char *note,
                   const pl_date *today, pl_error *err);

/*
 * Checks that visit_id can be cited as ending a membership of person p (or
 * of p's household): the visit's subject is p or p's household. Errors:
 * PL_EINVAL ("visit_id": no such visit, or a visit to someone else).
 */
int pl_psks_visit_citable(pl_store *s, const pl_person *p, int64_t visit_id, pl_error *err);

#endif
