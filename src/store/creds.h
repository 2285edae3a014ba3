/*
 * creds.h - part of the store interface: the second factor (TOTP secrets,
 * recovery codes), the short-lived second step of a login, the addresses an
 * account signed in from, and token rotation (issue 17).
 *
 * As in store/auth.h the store keeps digests of recovery codes and
 * challenges; the TOTP secret itself must be kept (a code is computed from
 * it), readable only by whoever can read the data base.
 */
#ifndef PL_STORE_CREDS_H
#define PL_STORE_CREDS_H

#include "store/auth.h"
#include "store/store.h"

#include <stdint.h>

#define PL_TOTP_SECRET_MAX 64 /* base32 of a 20-byte secret is 32 characters + NUL */
#define PL_RECOVERY_CODES 10

/*
 * The TOTP secret of user_id into secret (PL_TOTP_SECRET_MAX bytes) and the
 * last time step accepted into *last_step (either may be NULL).
 * Errors: PL_ENOTFOUND (the account has no TOTP).
 */
int pl_store_totp_get(pl_store *s, int64_t user_id, char *secret, int64_t *last_step,
                      pl_error *err);

/*
 * Turns TOTP on for user_id with secret (replacing an older one), accepting
 * codes from time step last_step + 1 on, and replaces its recovery codes
 * with the PL_RECOVERY_CODES digests in codes. Audited ("totp_enable",
 * without secrets). Runs in a transaction of its own unless the caller has
 * one open.
 */
int pl_store_totp_set(pl_store *s, const pl_actor *who, int64_t user_id, const char *secret,
                      int64_t last_step, const char (*codes)[PL_DIGEST_HEX], pl_error *err);

/*
 * Turns TOTP off for user_id (its secret and recovery codes are deleted;
 * audited "totp_disable"). Errors: PL_ENOTFOUND (it had none).
 */
int pl_store_totp_delete(pl_store *s, const pl_actor *who, int64_t user_id, pl_error *err);

/*
 * Records that the code of time step was used: succeeds only when step is
 * later than the last step accepted, in one statement (two servers on one
 * data base cannot both accept a code). Errors: PL_ECONFLICT (a replay).
 */
int pl_store_totp_use_step(pl_store *s, int64_t user_id, int64_t step, pl_error *err);

/*
 * Spends the unused recovery code of user_id with this digest; *left
 * receives how many unused codes remain. Errors: PL_ENOTFOUND (no such
 * unused code).
 */
int pl_store_recovery_use(pl_store *s, int64_t user_id, const char *digest, int *left,
                          pl_error *err);

/* The kind of a login challenge. */
typedef enum pl_challenge_kind {
    PL_CHALLENGE_TOTP = 0, /* the account has TOTP: a code (or recovery code) completes it */
    PL_CHALLENGE_ENROL,    /* TOTP is required and missing: a code of secret enrols it */
} pl_challenge_kind;

/* Stores a challenge (id digest) for user_id valid ttl_seconds; secret "" unless enrolling. */
int pl_store_challenge_add(pl_store *s, const char *id_digest, int64_t user_id,
                           pl_challenge_kind kind, const char *secret, int ttl_seconds,
                           pl_error *err);

/*
 * The enabled account of a live challenge into *u, its kind, the secret
 * being enrolled (PL_TOTP_SECRET_MAX bytes) and the failed attempts so far.
 * Errors: PL_ENOTFOUND (unknown or expired).
 */
int pl_store_challenge_get(pl_store *s, pl_user *u, pl_challenge_kind *kind, char *secret,
                           int *attempts, const char *id_digest, pl_error *err);

/* Counts a failed attempt on a challenge. */
int pl_store_challenge_fail(pl_store *s, const char *id_digest, pl_error *err);

/* Deletes a challenge (no error when gone) and every expired one. */
int pl_store_challenge_delete(pl_store *s, const char *id_digest, pl_error *err);

/* Remembers that user_id signed in from addr now. */
int pl_store_login_known_add(pl_store *s, int64_t user_id, const char *addr, pl_error *err);

/* *known = whether user_id signed in from addr within max_age_seconds. */
int pl_store_login_known(pl_store *s, int64_t user_id, const char *addr, int max_age_seconds,
                         bool *known, pl_error *err);

/*
 * Replaces a live, unexpired token by a new one with the same owner, label
 * and lifetime (counted from now): the old one is identified by its id
 * token_id of username, or (username NULL) by its digest old_digest. The
 * old token is revoked and the new digest stored; *out describes the new
 * token. Audited ("token_rotate"). Call inside a transaction.
 * Errors: PL_ENOTFOUND (no such live token).
 */
int pl_store_token_rotate(pl_store *s, const pl_actor *who, const char *username, int64_t token_id,
                          const char *old_digest, const char *new_digest, pl_token_info *out,
                          pl_error *err);

#endif
