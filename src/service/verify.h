/*
 * verify.h - the verification workflow: new and changed records wait as
 * drafts in a queue until an operator marks them verified, or rejected with
 * a reason; one person or many at once, all or nothing. Used by `pilar
 * verify` and the HTTP verification routes.
 */
#ifndef PL_SERVICE_VERIFY_H
#define PL_SERVICE_VERIFY_H

#include "store/store.h"
#include "store/person.h"

#include <stddef.h>

/*
 * Lists the drafts matching q (its state is ignored: always drafts) ordered
 * by id, through cb. Errors: PL_EINVAL (limit outside 1..1000), the store's.
 */
int pl_verify_queue(pl_store *s, const pl_person_query *q, pl_person_cb cb, void *ctx,
                    pl_error *err);

/* A decision on a set of people. */
typedef struct pl_verify_request {
    const char *state;  /* PL_STATE_VERIFIED or PL_STATE_REJECTED */
    const char *reason; /* required to reject, optional to verify */
    const int64_t *ids; /* people by id (borrowed) */
    size_t n_ids;
    const char *all_drafts; /* a region code: every draft inside it too; NULL for none */
} pl_verify_request;

/*
 * Marks the people of rq (inside scope, "" = no limit) with rq->state in one
 * transaction: one unknown person or one outside the scope refuses them all.
 * *count receives how many were marked. Four eyes: an account may not
 * verify a record it registered itself (PL_EDENIED, field "id"; the command
 * line, who->client "cli", is exempt). Errors: PL_EINVAL (unknown state,
 * rejection without reason, nobody named), PL_ENOTFOUND (field "id"),
 * PL_EDENIED, PL_ENOMEM, the store's.
 */
int pl_verify_decide(size_t *count, pl_store *s, const pl_actor *who, const char *scope,
                     const pl_verify_request *rq, pl_error *err);

#endif
