/*
 * transfer.h - transfer requests: what happens when a registration collides
 * with a record its submitter may not see.
 *
 * Scope hides records: an operator scoped to Bontang must not learn that a
 * NIK or KK exists in Samarinda, so a registration (API, import row) whose
 * NIK or KK belongs to a record outside the submitter's scope is neither
 * refused nor merged: the submitted columns become a transfer request, and
 * the submitter learns only that it waits. The office whose scope holds the
 * stored record (its owner) sees the request and resolves it:
 * - "pindah": the person or household moved; the record is handed over to
 *   the submitted village (audited; residence history kept by the schema);
 * - "berbeda": a different person holds that number; the request stays as a
 *   NIK conflict for the civil registry (Dukcapil), listed for both sides.
 * The submitter sees only its own requests, and of them only what it sent
 * and the status.
 */
#ifndef PL_SERVICE_TRANSFER_H
#define PL_SERVICE_TRANSFER_H

#include "domain/date.h"
#include "domain/record.h"
#include "store/store.h"
#include "store/transfer.h"

#include <stdbool.h>
#include <stdint.h>

/* Who registers, for the scope test and "own requests". Strings are borrowed. */
typedef struct pl_transfer_origin {
    const char *user;   /* user name of the submitter */
    const char *scope;  /* its scope; "" sees everything, so nothing is ever hidden */
    const char *source; /* "api", "impor", "cli" */
    bool in_tx;         /* the caller holds a transaction (else one is opened here) */
    /*
     * NULL: a person the registry writes is matched against the registry at once. Else the
     * person is added here and the caller matches the whole batch with one
     * pl_dedup_match_new (service/dedup.h) once its writes are done (the sync's packages).
     */
    struct pl_dedup_arrivals *match_later;
} pl_transfer_origin;

/* A registration as submitted. Strings are borrowed. */
typedef struct pl_transfer_claim {
    const char *nik;           /* "" for a household alone */
    const char *kk;            /* 16 digits */
    const char *name;          /* "" for a household alone */
    const char *village;       /* dotted village the submitter registers it in (inside its scope) */
    const char *const *fields; /* PL_COL__MAX canonical column texts (NULL = absent) */
} pl_transfer_claim;

/*
 * When the claim's NIK, or else its KK, belongs to a stored record outside
 * o->scope, stores a transfer request holding the claim and sets *id to its
 * id; otherwise sets *id to 0 and writes nothing (the caller registers as
 * usual). Errors: PL_EINVAL (claim too large), PL_EIO.
 */
int pl_transfer_submit_if_hidden(pl_store *s, const pl_actor *who, const pl_transfer_origin *o,
                                 const pl_transfer_claim *claim, int64_t *id, pl_error *err);

/* How a caller may see a request. */
typedef enum pl_transfer_view {
    PL_TRANSFER_VIEW_NONE,      /* neither owner nor submitter: as if absent */
    PL_TRANSFER_VIEW_SUBMITTER, /* its own request: what it sent and the status */
    PL_TRANSFER_VIEW_OWNER,     /* the stored record lies in its scope: everything */
} pl_transfer_view;

/* The view of user (name) with scope on request t. */
pl_transfer_view pl_transfer_view_of(const pl_transfer *t, const char *user, const char *scope);

/*
 * Fetches request id as user/scope may see it (*view). Errors: PL_ENOTFOUND
 * (absent, or not theirs to see: the same answer).
 */
int pl_transfer_get(pl_store *s, pl_transfer *out, pl_transfer_view *view, int64_t id,
                    const char *user, const char *scope, pl_error *err);

/*
 * Resolves waiting request id as its owner (user/scope), in one
 * transaction: moved = true hands the record over to the submitted village
 * (the household with the submitted KK moves there, or is created there; the
 * person with the submitted NIK joins it, or is registered from the
 * submitted columns with their PMKS categories); moved = false records a
 * different person (NIK conflict). reason is required. *out receives the
 * resolved request. Errors: PL_ENOTFOUND (not visible to the caller),
 * PL_EDENIED (the submitter, or a household outside the caller's scope),
 * PL_ECONFLICT (already resolved), PL_EINVAL (no reason).
 */
int pl_transfer_resolve(pl_store *s, const pl_actor *who, const char *user, const char *scope,
                        int64_t id, bool moved, const char *reason, const pl_date *today,
                        pl_transfer *out, pl_error *err);

/* What the submitter is told about its request, by status (Bahasa Indonesia). */
const char *pl_transfer_status_note(const char *status);

#endif
