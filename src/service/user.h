/*
 * user.h - the units of work on accounts, written once for `pilar user` and
 * the HTTP /users routes: add, change password or enable/disable, issue and
 * revoke API tokens. Validation (domain/account.h), hashing (service/auth.h)
 * and the store calls happen here; front ends parse, call one function, print.
 *
 * Call pl_auth_init once before any of these.
 */
#ifndef PL_SERVICE_USER_H
#define PL_SERVICE_USER_H

#include "service/auth.h"
#include "store/auth.h"
#include "store/store.h"

/* A new account as a front end read it. Strings are borrowed for the call. */
typedef struct pl_user_new {
    const char *username;
    const char *role;     /* admin, province, regency, district, village, viewer */
    const char *scope;    /* region prefix; NULL or "" = everything */
    const char *password; /* plain text, hashed here; NULL is refused */
} pl_user_new;

/*
 * Checks a new account's name, role and scope without touching the store
 * and fills out's username, role and (normalised) scope. pl_user_add calls
 * it; a front end may call it first to fail before asking for a password.
 * NULL strings count as "". Errors: PL_EINVAL naming "username", "role" or
 * "scope".
 */
int pl_user_check(pl_user *out, const pl_user_new *in, pl_error *err);

/*
 * Adds an account: checks it (pl_user_check) and its password
 * (pl_auth_password_policy), hashes the password at cost and stores it
 * (audited without the hash). Fills *out with the stored account (id,
 * version, created_at). Errors: PL_EINVAL (name, role, scope, a missing
 * password or one the policy refuses), PL_ECONFLICT (name taken), PL_ENOMEM.
 */
int pl_user_add(pl_store *s, const pl_actor *who, pl_user *out, const pl_user_new *in,
                pl_auth_cost cost, pl_error *err);

/* What pl_user_update changes. */
typedef struct pl_user_change {
    const char *password; /* new password (hashed here), or NULL to keep it */
    int disabled;         /* 1 disable, 0 enable, -1 leave as it is */
} pl_user_change;

/*
 * Changes the account with id (when id > 0) or else named username, in one
 * transaction: replaces its password (checked by pl_auth_password_policy;
 * every session of the account ends and every API token is revoked)
 * and/or disables or re-enables it (disabling ends its sessions; its tokens
 * stop working). The acting account (who->user) cannot disable itself.
 * Fills *out with the account as stored afterwards. Errors: PL_ENOTFOUND,
 * PL_EINVAL ("password", "disabled"), PL_ENOMEM, store errors.
 */
int pl_user_update(pl_store *s, const pl_actor *who, pl_user *out, int64_t id, const char *username,
                   const pl_user_change *chg, pl_auth_cost cost, pl_error *err);

/*
 * Changes the password of the signed-in account u itself: current must be
 * its password (checked against the stored hash), next passes
 * pl_auth_password_policy. Every other session of the account ends (the
 * one whose id is keep_session_id stays; NULL: all end) and every API
 * token is revoked. Errors: PL_EDENIED naming "current_password" (wrong),
 * PL_EINVAL ("password"), store errors.
 */
int pl_user_password_change(pl_store *s, const pl_actor *who, const pl_user *u, const char *current,
                            const char *next, const char *keep_session_id, pl_auth_cost cost,
                            pl_error *err);

#define PL_TOKEN_TTL_DEFAULT (90 * 86400) /* seconds an API token lives unless told otherwise */
#define PL_TOKEN_TTL_MAX (3650LL * 86400)

/*
 * Reads a lifetime such as "90d", "12h", "30m" or "3600" (seconds) into
 * *seconds (1 s .. PL_TOKEN_TTL_MAX). Errors: PL_EINVAL naming field.
 */
int pl_user_parse_duration(int64_t *seconds, const char *text, const char *field, pl_error *err);

/*
 * Issues an API token for the enabled account username valid ttl_seconds
 * (0 = PL_TOKEN_TTL_DEFAULT): the token itself into token
 * (PL_AUTH_TOKEN_MAX bytes, shown once; only its digest is stored) and its
 * id into *id. The caller should wipe token after use (pl_auth_wipe).
 * Errors: PL_ENOTFOUND, PL_EDENIED (account disabled), PL_EINVAL.
 */
int pl_user_token_new(pl_store *s, const pl_actor *who, int64_t *id, char *token,
                      const char *username, const char *label, int64_t ttl_seconds, pl_error *err);

/*
 * Rotates a live token: a new token (into token, shown once) with the same
 * owner, label and lifetime from now replaces the old one, which is
 * revoked at once. The old one is token_id of username, or (username NULL)
 * the token old_token itself (a caller rotating the token it signed in
 * with). *out describes the new token. Errors: PL_ENOTFOUND (no such live
 * token), store errors.
 */
int pl_user_token_rotate(pl_store *s, const pl_actor *who, pl_token_info *out, char *token,
                         const char *username, int64_t token_id, const char *old_token,
                         pl_error *err);

/*
 * Revokes the token token_id of username, or every live token of username
 * when token_id is 0; *n receives how many were revoked (audited).
 * Errors: PL_ENOTFOUND (no such user or live token).
 */
int pl_user_token_revoke(pl_store *s, const pl_actor *who, int *n, const char *username,
                         int64_t token_id, pl_error *err);

#endif
