/*
 * card.h - disability cards: a token per card, at most one active card per
 * person, revoked with a reason.
 */
#ifndef PL_STORE_CARD_H
#define PL_STORE_CARD_H

#include "store/store.h"

typedef struct pl_card {
    int64_t id;
    char token[40];
    int64_t person_id;
    char issued_at[24];
    char issued_by[64];
    char revoked_at[24]; /* "" while valid */
    char revoked_by[64];
    char reason[256];
} pl_card;

/* Adds a card (token chosen by the caller). Errors: PL_ECONFLICT (an active card exists). */
int pl_store_card_add(pl_store *s, const pl_actor *who, pl_card *c, pl_error *err);

/* Fetches by token. Errors: PL_ENOTFOUND. */
int pl_store_card_get(pl_store *s, pl_card *out, const char *token, pl_error *err);

/* The person's active card. Errors: PL_ENOTFOUND when none. */
int pl_store_card_active(pl_store *s, pl_card *out, int64_t person_id, pl_error *err);

/*
 * Revokes the card with reason (audited). Errors: PL_ENOTFOUND,
 * PL_ECONFLICT (already revoked).
 */
int pl_store_card_revoke(pl_store *s, const pl_actor *who, const char *token, const char *reason,
                         pl_error *err);

typedef int (*pl_card_cb)(void *ctx, const pl_card *c);

/* Every card of the person, newest first. */
int pl_store_card_list(pl_store *s, int64_t person_id, pl_card_cb cb, void *ctx, pl_error *err);

#endif
