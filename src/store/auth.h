/*
 * auth.h - part of the store interface: accounts, sessions, API tokens and
 * login-failure counters.
 *
 * The store keeps only hashes: password hashes (argon2id strings made by the
 * caller), and hex digests of session ids and API tokens. Hashing and random
 * generation live in service/auth.h; the store never sees a secret.
 */
#ifndef PL_STORE_AUTH_H
#define PL_STORE_AUTH_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PL_USERNAME_MAX 64
#define PL_PWHASH_MAX 160 /* crypto_pwhash_STRBYTES is 128 */
#define PL_DIGEST_HEX 65  /* 32-byte digest as hex + NUL */

typedef struct pl_user {
    int64_t id;
    char username[PL_USERNAME_MAX];
    char role[16];  /* admin, province, regency, district, village, viewer */
    char scope[14]; /* region-code prefix, "" = everything */
    bool disabled;
    int64_t version;
    char created_at[24];
    char created_by[64];
} pl_user;

/*
 * Adds an account with a password hash (may be NULL: no password login
 * until one is set). Fills u->id, version and created_at. The row insert is
 * audited without the hash. Errors: PL_ECONFLICT (name taken), PL_EINVAL
 * (role not allowed by the schema).
 */
int pl_store_user_add(pl_store *s, const pl_actor *who, pl_user *u, const char *password_hash,
                      pl_error *err);

/*
 * Fetches an account by name; when hash is not NULL the stored password
 * hash is copied there (hash_cap bytes, "" when none). Errors: PL_ENOTFOUND.
 */
int pl_store_user_get(pl_store *s, pl_user *out, const char *username, char *hash, size_t hash_cap,
                      pl_error *err);

typedef int (*pl_user_cb)(void *ctx, const pl_user *u);

/* Every account ordered by name. */
int pl_store_user_list(pl_store *s, pl_user_cb cb, void *ctx, pl_error *err);

/*
 * Replaces the password hash (audited, without the hash) and ends what the
 * old password opened: every session of the account except the one whose
 * id digest is keep_session (NULL: all of them) is deleted and every live
 * API token revoked. Errors: PL_ENOTFOUND.
 */
int pl_store_user_set_password(pl_store *s, const pl_actor *who, const char *username,
                               const char *password_hash, const char *keep_session, pl_error *err);

/*
 * Disables or re-enables an account. Disabling also ends its sessions; its
 * tokens stop working while it is disabled. Errors: PL_ENOTFOUND.
 */
int pl_store_user_set_disabled(pl_store *s, const pl_actor *who, const char *username,
                               bool disabled, pl_error *err);

/*
 * Stores a new API token digest for user_id, valid ttl_seconds (> 0) from
 * now; *id receives the token's id.
 */
int pl_store_token_add(pl_store *s, const pl_actor *who, int64_t user_id, const char *token_digest,
                       const char *label, int64_t ttl_seconds, int64_t *id, pl_error *err);

/*
 * Revokes the token with id token_id of username, or every live token of
 * username when token_id is 0; *n receives how many were revoked (audited).
 * Errors: PL_ENOTFOUND (no such user, or no such live token).
 */
int pl_store_token_revoke(pl_store *s, const pl_actor *who, const char *username, int64_t token_id,
                          int *n, pl_error *err);

typedef struct pl_token_info {
    int64_t id;
    char label[64];
    char created_at[24];
    char revoked_at[24]; /* "" while live */
    char expires_at[24]; /* "" = never (no token made by this version) */
    bool expired;        /* expires_at has passed */
} pl_token_info;

typedef int (*pl_token_cb)(void *ctx, const pl_token_info *t);

/* Tokens of username, oldest first. Errors: PL_ENOTFOUND (no such user). */
int pl_store_token_list(pl_store *s, const char *username, pl_token_cb cb, void *ctx,
                        pl_error *err);

/*
 * Finds the enabled account owning a live, unexpired token with this digest.
 * Errors: PL_ENOTFOUND (unknown, revoked, expired, or account disabled).
 */
int pl_store_token_lookup(pl_store *s, pl_user *out, const char *token_digest, pl_error *err);

/* Stores a session (id digest, CSRF token) for user_id, valid ttl_seconds, seen now. */
int pl_store_session_add(pl_store *s, const char *id_digest, int64_t user_id, const char *csrf,
                         int ttl_seconds, pl_error *err);

/*
 * Finds the enabled account of a live session and copies its CSRF token
 * into csrf (PL_DIGEST_HEX bytes). A session is live until its absolute
 * expiry and while its last request is less than idle_seconds old (0 = no
 * idle limit); a found session is marked seen now (written at most once a
 * minute; a failure to write it is ignored). Errors: PL_ENOTFOUND (unknown,
 * expired or idle).
 */
int pl_store_session_lookup(pl_store *s, pl_user *out, char *csrf, const char *id_digest,
                            int idle_seconds, pl_error *err);

/* Ends a session (no error when it is already gone); also purges expired ones. */
int pl_store_session_delete(pl_store *s, const char *id_digest, pl_error *err);

/*
 * The login failures recorded under key (e.g. "user:NAME", "addr:IP") in
 * the last window_seconds: how many into *count and the age in seconds of
 * the newest into *newest_age (0 when none).
 */
int pl_store_login_failures(pl_store *s, const char *key, int window_seconds, int *count,
                            int *newest_age, pl_error *err);

/* Records one login failure under key (old entries are purged on the way). */
int pl_store_login_failure_add(pl_store *s, const char *key, pl_error *err);

/* Forgets the failures under key (after a successful login). */
int pl_store_login_failure_clear(pl_store *s, const char *key, pl_error *err);

#endif
