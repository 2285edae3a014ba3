/*
 * intervention.h - the rakor (coordination meeting) follow-up as units of
 * work: record a rakor and the problems raised there, record interventions
 * agreed on (optionally tied to a rakor of a year), list them (all, or the
 * overdue ones) inside a scope, and move an intervention's status with a
 * follow-up note. The CLI (`pilar rakor ...`, `pilar intervention ...`) and
 * the HTTP API (GET /interventions) call these; each validates and
 * normalises its input the same way for both.
 */
#ifndef PL_SERVICE_INTERVENTION_H
#define PL_SERVICE_INTERVENTION_H

#include "store/rakor.h"
#include "store/store.h"

/*
 * Records rakor r: r->year (1900..2200), r->host_region (any region code
 * spelling, normalised in place), r->held_on (YYYY-MM-DD, normalised in
 * place), theme and participants as given. Fills r->id.
 * Errors: PL_EINVAL (field "year", "host_region" or "held_on"), PL_ECONFLICT
 * (a rakor of that year and host exists).
 */
int pl_intervention_rakor_add(pl_store *s, const pl_actor *who, pl_rakor *r, pl_error *err);

/*
 * Streams the rakor of year (0 = all), oldest first; after each rakor the
 * problems raised at it go to on_problem (may be NULL). Returning non-zero
 * from a callback stops the walk with that value.
 */
int pl_intervention_rakor_list(pl_store *s, int year, pl_rakor_cb on_rakor,
                               pl_problem_cb on_problem, void *ctx, pl_error *err);

/*
 * Records problem p raised at the one rakor of year hosted inside host
 * ("" or NULL = any host): p->region normalised in place, p->category 0 or
 * a PMKS code, p->text required. Fills p->rakor_id and p->id.
 * Errors: PL_EINVAL ("region", "category", "text", "host_region" when
 * several rakor match), PL_ENOTFOUND (no rakor that year).
 */
int pl_intervention_problem_add(pl_store *s, const pl_actor *who, int year, const char *host,
                                pl_rakor_problem *p, pl_error *err);

/*
 * Records intervention iv: iv->region normalised in place, iv->category 0
 * or a PMKS code, iv->due_date "" or a date (normalised in place), a budget
 * not below 0; level and status are checked by the store. When year is not
 * 0 the intervention is tied to the one rakor of that year hosted inside
 * host (as pl_intervention_problem_add). Fills id, version and times.
 * Errors: PL_EINVAL, PL_ENOTFOUND (no rakor that year).
 */
int pl_intervention_add(pl_store *s, const pl_actor *who, int year, const char *host,
                        pl_intervention *iv, pl_error *err);

/*
 * Streams the interventions matching q (by due date, then id). q->region
 * may be any spelling of a region code ("" or NULL = all); q->overdue_at,
 * when not NULL, is a date or "" for today: only interventions not
 * finished whose due date has passed by then. Errors: PL_EINVAL ("region",
 * "date").
 */
int pl_intervention_list(pl_store *s, const pl_intervention_query *q, pl_intervention_cb cb,
                         void *ctx, pl_error *err);

/*
 * Sets the status of intervention id (status NULL = unchanged) and/or adds
 * a follow-up note dated on (NULL or "" = today), checking version unless it
 * is 0, then reads the intervention back into out (newest note included).
 * Errors: PL_EINVAL (neither status nor note, bad date), PL_ENOTFOUND,
 * PL_ECONFLICT (stale version).
 */
int pl_intervention_update(pl_intervention *out, pl_store *s, const pl_actor *who, int64_t id,
                           int64_t version, const char *status, const char *on, const char *note,
                           pl_error *err);

/* The PSKS units and programs that carry an intervention out (links). */
typedef struct pl_intervention_links {
    const int64_t *psks; /* unit ids */
    size_t n_psks;
    const char *const *programs; /* program codes */
    size_t n_programs;
} pl_intervention_links;

/*
 * Records intervention iv as pl_intervention_add does, inside scope (""
 * = everywhere: iv->region must lie inside it), and links the units and
 * programs of links (NULL = none) in the same transaction. A linked unit
 * must serve an area inside scope; one outside answers as an unknown
 * unit. Fills iv. Errors: those of pl_intervention_add, PL_EDENIED (region
 * outside scope), PL_EINVAL ("links": unknown unit or program).
 */
int pl_intervention_create(pl_store *s, const pl_actor *who, const char *scope, int year,
                           const char *host, pl_intervention *iv,
                           const pl_intervention_links *links, pl_error *err);

/* What pl_intervention_edit changes: NULL members keep the stored value. */
typedef struct pl_intervention_change {
    int64_t version; /* the version read before (required: optimistic locking) */
    const char *region, *title, *level, *owner, *status;
    const char *due_date;               /* "" clears it */
    int category;                       /* -1 keeps it, 0 clears it, else a PMKS code */
    int budget;                         /* 1 sets budget_value, -1 clears, 0 keeps */
    double budget_value;                /* rupiah, >= 0 */
    const char *note;                   /* a follow-up note to add (NULL or "" = none) */
    const char *noted_on;               /* its date (NULL or "" = today) */
    const pl_intervention_links *links; /* NULL keeps the links; else replaces them */
} pl_intervention_change;

/*
 * Changes intervention id inside scope ("" = everywhere) by chg in one
 * transaction: the fields (every change bumps the version), a follow-up
 * note, the links. *out receives the intervention afterwards. Errors:
 * PL_ENOTFOUND (no such intervention, or outside scope: existence is not
 * revealed), PL_EINVAL naming the field, PL_EDENIED (new region outside
 * scope), PL_ECONFLICT (stale version).
 */
int pl_intervention_edit(pl_intervention *out, pl_store *s, const pl_actor *who, const char *scope,
                         int64_t id, const pl_intervention_change *chg, pl_error *err);

/*
 * Fetches intervention id inside scope ("" = everywhere). Errors:
 * PL_ENOTFOUND (absent or outside scope, with the same message).
 */
int pl_intervention_get(pl_intervention *out, pl_store *s, const char *scope, int64_t id,
                        pl_error *err);

#endif
