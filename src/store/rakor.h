/*
 * rakor.h - coordination meetings (rakor), the problems raised there, and the
 * interventions that follow with their status and dated follow-up notes.
 */
#ifndef PL_STORE_RAKOR_H
#define PL_STORE_RAKOR_H

#include "domain/rakor.h"
#include "store/store.h"

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

typedef struct pl_intervention {
    int64_t id;
    int64_t rakor_id;   /* 0 = none */
    int64_t problem_id; /* 0 = none */
    int rakor_year;     /* read only */
    char region[PL_REGION_CODE_MAX];
    int category; /* 0 = none */
    char title[512];
    char level[16]; /* PL_IV_LEVEL_* (domain/rakor.h) */
    char owner[128];
    bool has_budget;
    double budget; /* rupiah */
    char due_date[11];
    char status[16];       /* PL_IV_* status */
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

/*
 * Replaces the editable fields of intervention iv->id (region, category,
 * title, level, owner, budget, due_date, status) when its version is still
 * iv->version (audited); then reads it back into *iv (new version, times,
 * newest note). Errors: PL_ENOTFOUND, PL_ECONFLICT (stale version),
 * PL_EINVAL (unknown region, level or status).
 */
int pl_store_intervention_edit(pl_store *s, const pl_actor *who, pl_intervention *iv,
                               pl_error *err);

/* Who carries an intervention out: a PSKS unit or a program. */
typedef struct pl_intervention_link {
    int64_t intervention_id;
    int64_t psks_id;                    /* 0 for a program */
    char program[24];                   /* "" for a PSKS unit; a program code otherwise */
    char name[128];                     /* the unit's or the program's name */
    int psks_type;                      /* PSKS code 1..12 of a unit, 0 for a program */
    char area_code[PL_REGION_CODE_MAX]; /* the unit's area, "" for a program */
} pl_intervention_link;

/*
 * Replaces the PSKS units (psks[0..n_psks)) and programs (codes
 * programs[0..n_programs)) linked to intervention id, in one transaction
 * (audited): links not named are removed, new ones added, duplicates
 * ignored. Errors: PL_ENOTFOUND (intervention), PL_EINVAL (unknown unit or
 * program code).
 */
int pl_store_intervention_links_set(pl_store *s, const pl_actor *who, int64_t id,
                                    const int64_t *psks, size_t n_psks, const char *const *programs,
                                    size_t n_programs, pl_error *err);

typedef int (*pl_intervention_link_cb)(void *ctx, const pl_intervention_link *l);

/* The links of intervention id: PSKS units by name, then programs by code. */
int pl_store_intervention_links(pl_store *s, int64_t id, pl_intervention_link_cb cb, void *ctx,
                                pl_error *err);

#endif
