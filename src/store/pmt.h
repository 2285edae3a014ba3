/*
 * pmt.h - part of the store interface: the socio-economic variables of
 * households, proxy-means-test models (per region and version, never
 * changed once stored), the scoring runs with each household's score,
 * decile and explanation (history), the current decile of households
 * (household.desil) set from a run, and households per decile by village.
 * The rules (variables, score, deciles) live in domain/pmt.h; the unit of
 * work in service/pmt.h.
 */
#ifndef PL_STORE_PMT_H
#define PL_STORE_PMT_H

#include "domain/pmt.h"
#include "store/store.h"

/* The entered variables of one household (vals: entered variables only). */
typedef struct pl_socio {
    int64_t household_id;
    pl_pmt_values vals;
    char source[12]; /* "entri", "impor" or "lapangan" (checked in the field) */
    int64_t version; /* 0: none stored yet */
    char updated_at[24];
    char updated_by[64];
} pl_socio;

/* The variables of household_id. Errors: PL_ENOTFOUND (none recorded). */
int pl_store_socio_get(pl_store *s, pl_socio *out, int64_t household_id, pl_error *err);

/*
 * Stores so's variables: a first record when so->version is 0, else an
 * update when so->version is the stored version. The version then grows
 * by one (so->version, updated_at and updated_by are filled); audited.
 * Errors: PL_ECONFLICT (a record exists already, or a stale version),
 * PL_EINVAL (unknown household).
 */
int pl_store_socio_put(pl_store *s, const pl_actor *who, pl_socio *so, pl_error *err);

/*
 * Stores model m (with its terms) as the next version of m->region; fills
 * m->id, version, created_at and created_by. Audited ("pmt_model_import").
 * Runs in a transaction of its own unless the caller has one open.
 */
int pl_store_pmt_model_add(pl_store *s, const pl_actor *who, pl_pmt_model *m, pl_error *err);

typedef int (*pl_pmt_model_cb)(void *ctx, const pl_pmt_model *m);

/*
 * The models (without terms: n_terms 0) of every region, by region then
 * version; current_only: only the highest version of each region.
 */
int pl_store_pmt_model_list(pl_store *s, bool current_only, pl_pmt_model_cb cb, void *ctx,
                            pl_error *err);

/* Model id with its terms. Errors: PL_ENOTFOUND. */
int pl_store_pmt_model_get(pl_store *s, pl_pmt_model *out, int64_t id, pl_error *err);

/* One household as a scoring run sees it. */
typedef struct pl_pmt_subject {
    int64_t household_id;
    char village[PL_REGION_CODE_MAX];
    bool has_socio;
    pl_pmt_values vals; /* entered variables (when has_socio) */
    pl_pmt_members members;
} pl_pmt_subject;

typedef int (*pl_pmt_subject_cb)(void *ctx, const pl_pmt_subject *x);

/*
 * The households (not rejected) of region ("" = all) by id, with their
 * entered variables and their living members counted on date today
 * (YYYY-MM-DD, for ages).
 */
int pl_store_pmt_subjects(pl_store *s, const char *region, const char *today, pl_pmt_subject_cb cb,
                          void *ctx, pl_error *err);

/* A run as stored. */
typedef struct pl_pmt_run {
    int64_t id;
    char region[PL_REGION_CODE_MAX];
    char at[24];
    char actor[64];
    long scored, unscored;
    char reason[128];
} pl_pmt_run;

/* One household's result in a run. explain is JSON text. */
typedef struct pl_pmt_score_row {
    int64_t run_id, household_id, model_id;
    char province[PL_REGION_CODE_MAX];
    double score;
    int decile;
    char explain[1024];
    /* read only: */
    char at[24];
    char model_region[PL_REGION_CODE_MAX];
    int model_version;
} pl_pmt_score_row;

/*
 * Opens a run (fills run->id and at; actor from who) before its scores are
 * added. Call inside the caller's transaction.
 */
int pl_store_pmt_run_add(pl_store *s, const pl_actor *who, pl_pmt_run *run, pl_error *err);

/* Adds one score of run sc->run_id. */
int pl_store_pmt_score_add(pl_store *s, const pl_pmt_score_row *sc, pl_error *err);

/*
 * Closes run: stores its counts, sets the decile of every household it
 * scored to the run's (household.desil; each change audited with its
 * before and after decile, action "pmt_desil") and writes the run's own
 * audit row ("pmt_score"). *changed receives how many deciles moved.
 */
int pl_store_pmt_run_finish(pl_store *s, const pl_actor *who, const pl_pmt_run *run, long *changed,
                            pl_error *err);

typedef int (*pl_pmt_run_cb)(void *ctx, const pl_pmt_run *r);

/* Runs inside scope (their region within it, or covering it), newest first, at most limit. */
int pl_store_pmt_run_list(pl_store *s, const char *scope, int limit, pl_pmt_run_cb cb, void *ctx,
                          pl_error *err);

typedef int (*pl_pmt_score_cb)(void *ctx, const pl_pmt_score_row *r);

/* The scores of household_id over all runs, newest first. */
int pl_store_pmt_score_history(pl_store *s, int64_t household_id, pl_pmt_score_cb cb, void *ctx,
                               pl_error *err);

/* The current decile of household_id into *desil (0 = none). Errors: PL_ENOTFOUND. */
int pl_store_household_desil(pl_store *s, int64_t household_id, int *desil, pl_error *err);

/* Households of one village with one current decile (0 = not ranked). */
typedef struct pl_pmt_decile_count {
    char village[PL_REGION_CODE_MAX];
    int decile;
    long households;
} pl_pmt_decile_count;

typedef int (*pl_pmt_decile_cb)(void *ctx, const pl_pmt_decile_count *c);

/* Households (not rejected) per village and current decile, every village. */
int pl_store_pmt_decile_by_village(pl_store *s, pl_pmt_decile_cb cb, void *ctx, pl_error *err);

#endif
