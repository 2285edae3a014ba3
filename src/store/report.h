/*
 * report.h - part of the store interface: period counts, indicators, approvals, rakor and
 * interventions (report issue). Included by store.h; callers include store.h only.
 *
 * Counting rules (one place, used by every report):
 *  - a membership counts on day D when valid_from <= D and (valid_to is
 *    empty or valid_to >= D): valid_to is its last day;
 *  - a person counts on D unless dead: death_date <= D removes them;
 *  - a person or household counts in the village it lived in on D (the
 *    residence history kept by the schema; moves included);
 *  - a household category (24, 25, 26, ...) counts the household and, as
 *    people, its members alive on D.
 */
#ifndef PL_STORE_REPORT_H
#define PL_STORE_REPORT_H

#define PL_REPORT_MAX_DATES 2

/* ------------------------------------------------------------- counts */

typedef struct pl_count_query {
    const char *scope;                      /* caller's scope ("" = all) */
    const char *region;                     /* only this region and below ("" = all) */
    int level;                              /* group by this level (1 province .. 4 village) */
    const char *dates[PL_REPORT_MAX_DATES]; /* YYYY-MM-DD; dates[1] may be NULL */
} pl_count_query;

typedef struct pl_count_row {
    char region[PL_REGION_CODE_MAX];      /* code at the query's level */
    int category;                         /* PMKS code 1..26 */
    long people[PL_REPORT_MAX_DATES];     /* people (members, for household categories) */
    long households[PL_REPORT_MAX_DATES]; /* households (household categories only) */
} pl_count_row;

typedef int (*pl_count_cb)(void *ctx, const pl_count_row *r);

/*
 * Counts per region (at q->level) and PMKS category on one or two dates, in
 * one pass over the memberships. Only non-zero rows are reported; a
 * (region, category) pair appears at most once. Errors: PL_EINVAL (bad
 * level or date), PL_EDENIED (region outside scope), PL_EIO.
 */
int pl_store_count_at(pl_store *s, const pl_count_query *q, pl_count_cb cb, void *ctx,
                      pl_error *err);

typedef struct pl_psks_count_row {
    char region[PL_REGION_CODE_MAX];
    int type; /* PSKS 1..12 */
    long units;
} pl_psks_count_row;

typedef int (*pl_psks_count_cb)(void *ctx, const pl_psks_count_row *r);

/*
 * PSKS units active on date (valid_from/valid_to empty = always) whose area
 * lies inside region, grouped by the area's code cut to level (units serving
 * a wider area than level are reported under their own, shorter code).
 */
int pl_store_psks_count(pl_store *s, const char *scope, const char *region, int level,
                        const char *date, pl_psks_count_cb cb, void *ctx, pl_error *err);

/*
 * Records that person_id moved to village on date (YYYY-MM-DD, not in the
 * future): the person's village becomes village and the residence history
 * is closed and opened on that date. Errors: PL_ENOTFOUND, PL_EINVAL
 * (unknown village, date before the current residence began).
 */
int pl_store_residence_move(pl_store *s, const pl_actor *who, int64_t person_id,
                            const char *village, const char *date, pl_error *err);

/* ---------------------------------------------------------- indicators */

#define PL_INDICATOR_NAME_MAX 32

typedef struct pl_indicator {
    char region[PL_REGION_CODE_MAX];
    int year;
    char name[PL_INDICATOR_NAME_MAX]; /* slug, see service/report.h */
    double value;
    char source[128];
} pl_indicator;

/*
 * Inserts or replaces the value of (region, year, name); *replaced tells
 * which (may be NULL). Errors: PL_EINVAL (unknown region), PL_EDENIED.
 */
int pl_store_indicator_put(pl_store *s, const pl_actor *who, const char *scope,
                           const pl_indicator *in, bool *replaced, pl_error *err);

typedef int (*pl_indicator_cb)(void *ctx, const pl_indicator *in);

/*
 * Indicators of region and every region below it (region "" = all) within
 * scope, for years from..to (0 = open), name NULL = all; ordered by region,
 * name, year.
 */
int pl_store_indicator_list(pl_store *s, const char *scope, const char *region, int from, int to,
                            const char *name, pl_indicator_cb cb, void *ctx, pl_error *err);

/* ------------------------------------------------------------ approvals */

typedef struct pl_approval {
    int64_t id;
    char region[PL_REGION_CODE_MAX]; /* a regency/city */
    char period[12];                 /* label, "2024" */
    char date_from[11], date_to[11];
    char approved_by[64], approved_at[24];
    char note[256];
    char reopened_by[64], reopened_at[24]; /* "" while active */
    char reopen_reason[256];
} pl_approval;

/*
 * Signs off the period of a regency (a->region, a->period, dates): from
 * then on, changes dated inside it for that regency fail with PL_ELOCKED.
 * Fills id and approved_at. Errors: PL_ECONFLICT (already signed off),
 * PL_EINVAL (not a regency code), PL_EDENIED (outside scope).
 */
int pl_store_period_approve(pl_store *s, const pl_actor *who, const char *scope, pl_approval *a,
                            pl_error *err);

/* Re-opens the active sign-off (audited, with reason). Errors: PL_ENOTFOUND, PL_EDENIED. */
int pl_store_period_reopen(pl_store *s, const pl_actor *who, const char *scope, const char *region,
                           const char *period, const char *reason, pl_error *err);

typedef int (*pl_approval_cb)(void *ctx, const pl_approval *a);

/*
 * Sign-offs of regencies inside region (""), for period (NULL = all),
 * oldest first; active_only leaves out re-opened ones.
 */
int pl_store_approval_list(pl_store *s, const char *scope, const char *region, const char *period,
                           bool active_only, pl_approval_cb cb, void *ctx, pl_error *err);

/* --------------------------------------------------- rakor, interventions */

typedef struct pl_rakor {
    int64_t id;
    int year;
    char host_region[PL_REGION_CODE_MAX];
    char held_on[11];
    char theme[256];
    char participants[1024];
} pl_rakor;

/* Records a rakor; fills id. Errors: PL_ECONFLICT (same year and host), PL_EINVAL. */
int pl_store_rakor_add(pl_store *s, const pl_actor *who, pl_rakor *r, pl_error *err);

typedef int (*pl_rakor_cb)(void *ctx, const pl_rakor *r);

/* Rakor of a year (0 = all) hosted inside region ("" = all), by year then id. */
int pl_store_rakor_list(pl_store *s, int year, const char *region, pl_rakor_cb cb, void *ctx,
                        pl_error *err);

typedef struct pl_rakor_problem {
    int64_t id;
    int64_t rakor_id;
    char region[PL_REGION_CODE_MAX];
    int category; /* 0 = none */
    char text[1024];
} pl_rakor_problem;

/* Records a problem raised at a rakor; fills id. Errors: PL_EINVAL (unknown rakor/region). */
int pl_store_problem_add(pl_store *s, const pl_actor *who, pl_rakor_problem *p, pl_error *err);

typedef int (*pl_problem_cb)(void *ctx, const pl_rakor_problem *p);

/* Problems of a rakor whose region lies inside region ("" = all). */
int pl_store_problem_list(pl_store *s, int64_t rakor_id, const char *region, pl_problem_cb cb,
                          void *ctx, pl_error *err);

#define PL_IV_LEVEL_PUSAT "pusat"
#define PL_IV_LEVEL_PROVINSI "provinsi"
#define PL_IV_LEVEL_KABKOTA "kabupaten-kota"
#define PL_IV_PLANNED "direncanakan"
#define PL_IV_RUNNING "berjalan"
#define PL_IV_DONE "selesai"
#define PL_IV_CANCELLED "batal"

typedef struct pl_intervention {
    int64_t id;
    int64_t rakor_id;   /* 0 = none */
    int64_t problem_id; /* 0 = none */
    int rakor_year;     /* read only */
    char region[PL_REGION_CODE_MAX];
    int category; /* 0 = none */
    char title[512];
    char level[16];
    char owner[128];
    bool has_budget;
    double budget; /* rupiah */
    char due_date[11];
    char status[16];
    char last_note[512];   /* read only: newest follow-up note */
    char last_note_on[11]; /* read only */
    int64_t version;
    char created_at[24], updated_at[24];
} pl_intervention;

/* Records an intervention; fills id, version, times. Errors: PL_EINVAL. */
int pl_store_intervention_add(pl_store *s, const pl_actor *who, pl_intervention *iv, pl_error *err);

/* Fetches one intervention. Errors: PL_ENOTFOUND. */
int pl_store_intervention_get(pl_store *s, pl_intervention *out, int64_t id, pl_error *err);

/*
 * Sets the status (NULL = unchanged) and/or adds a follow-up note dated
 * noted_on (note NULL = none), in one transaction; audited. version 0 skips
 * the stale check. Errors: PL_ENOTFOUND, PL_ECONFLICT (stale), PL_EINVAL.
 */
int pl_store_intervention_update(pl_store *s, const pl_actor *who, int64_t id, int64_t version,
                                 const char *status, const char *noted_on, const char *note,
                                 pl_error *err);

typedef struct pl_intervention_query {
    const char *scope;      /* caller's scope */
    const char *region;     /* region prefix ("" = all) */
    int rakor_year;         /* 0 = any */
    const char *status;     /* NULL = any */
    const char *overdue_at; /* date: only not finished/cancelled with due_date < it */
} pl_intervention_query;

typedef int (*pl_intervention_cb)(void *ctx, const pl_intervention *iv);

/* Interventions matching q, by due date then id. */
int pl_store_intervention_list(pl_store *s, const pl_intervention_query *q, pl_intervention_cb cb,
                               void *ctx, pl_error *err);

typedef struct pl_intervention_note {
    int64_t id;
    int64_t intervention_id;
    char noted_on[11];
    char text[1024];
    char created_by[64];
} pl_intervention_note;

typedef int (*pl_intervention_note_cb)(void *ctx, const pl_intervention_note *n);

/* Follow-up notes of one intervention, oldest first. */
int pl_store_intervention_notes(pl_store *s, int64_t id, pl_intervention_note_cb cb, void *ctx,
                                pl_error *err);

#endif
