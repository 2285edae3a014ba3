/*
 * membership.h - PMKS category memberships of a person or a household, each
 * valid from a date to an optional last day (inclusive). At most one
 * membership of a category is open per subject.
 */
#ifndef PL_STORE_MEMBERSHIP_H
#define PL_STORE_MEMBERSHIP_H

#include "store/store.h"

typedef struct pl_membership {
    int64_t id;
    int64_t person_id;    /* set for person categories */
    int64_t household_id; /* set for household categories */
    int category;         /* PMKS code */
    char valid_from[11];
    char valid_to[11]; /* "" = open */
    char note[256];
    int64_t ended_by_visit; /* the PSKS visit that ended it (store/psks_visit.h), 0 = none */
} pl_membership;

/*
 * Adds a membership of exactly one subject (person_id or household_id)
 * whose valid_to, when set, is not before valid_from; fills m->id. Errors:
 * PL_ECONFLICT (the same category is open for the subject), PL_EINVAL (a
 * value the schema refuses), PL_ELOCKED (inside a signed-off period).
 */
int pl_store_membership_add(pl_store *s, const pl_actor *who, pl_membership *m, pl_error *err);

/* Closes a membership at valid_to (audited). Errors: PL_ENOTFOUND, PL_EINVAL. */
int pl_store_membership_end(pl_store *s, const pl_actor *who, int64_t id, const char *valid_to,
                            pl_error *err);

typedef int (*pl_membership_cb)(void *ctx, const pl_membership *m);

/* Memberships of a person (person_id) or household (household_id), oldest first. */
int pl_store_membership_list(pl_store *s, int64_t person_id, int64_t household_id,
                             pl_membership_cb cb, void *ctx, pl_error *err);

/* Finds the open membership of category for a person; *id = 0 when none. */
int pl_store_membership_open_id(pl_store *s, int64_t person_id, int category, int64_t *id,
                                pl_error *err);

#endif
