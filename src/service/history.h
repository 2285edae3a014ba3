/*
 * history.h - a record's history from the write audit: a page of its changes with the number
 * of times it was read, and the changes of a person's PMKS memberships (its own and its
 * household's). Front ends lay the entries out; who may see a record is theirs to check first.
 */
#ifndef PL_SERVICE_HISTORY_H
#define PL_SERVICE_HISTORY_H

#include "store/audit.h"
#include "store/store.h"

#include <stdint.h>

/* Memberships whose changes pl_history_memberships reads, at most (a person's and a household's).
 */
#define PL_HISTORY_MEMBERSHIPS 64
/* Changes read per membership, at most. */
#define PL_HISTORY_PER_MEMBERSHIP 100

/*
 * The changes of entity id after the change id `after`, oldest first, at most limit, each
 * passed to cb (a non-zero return stops and is returned), then the number of times the record
 * was read into *reads. Errors: store errors.
 */
int pl_history_page(pl_store *s, const char *entity, int64_t id, int64_t after, int limit,
                    pl_audit_cb cb, void *ctx, int64_t *reads, pl_error *err);

/*
 * The changes of the PMKS memberships of person person_id and of household household_id (0:
 * none), membership by membership, each membership's oldest first. Errors: store errors.
 */
int pl_history_memberships(pl_store *s, int64_t person_id, int64_t household_id, pl_audit_cb cb,
                           void *ctx, pl_error *err);

#endif
