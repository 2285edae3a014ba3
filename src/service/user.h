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
 * Adds an account: checks it (pl_user_check), hashes its password at cost
 * and stores it (audited without the hash). Fills *out with the stored
 * account (id, version, created_at). Errors: PL_EINVAL (name, role, scope,
 * missing or too short/long password), PL_ECONFLICT (name taken), PL_ENOMEM.
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
 * transaction: replaces its password and/or disables or re-enables it
 * (disabling ends its sessions; its tokens stop working). The acting
 * account (who->user) cannot disable itself. Fills *out with the account as
 * stored afterwards. Errors: PL_ENOTFOUND, PL_EINVAL ("password",
 * "disabled"), PL_ENOMEM, store errors.
 */
int pl_user_update(pl_store *s, const pl_actor *who, pl_user *out, int64_t id, const char *username,
                   const pl_user_change *chg, pl_auth_cost cost, pl_error *err);

/*
 * Issues an API token for the enabled account username: the token itself
 * into token (PL_AUTH_TOKEN_MAX bytes, shown once; only its digest is
 * stored) and its id into *id. The caller should wipe token after use
 * (pl_auth_wipe). Errors: PL_ENOTFOUND, PL_EDENIED (account disabled).
 */
int pl_user_token_new(pl_store *s, const pl_actor *who, int64_t *id, char *token,
                      const char *username, const char *label, pl_error *err);

/*
 * Revokes the token token_id of username, or every live token of username
 * when token_id is 0; *n receives how many were revoked (audited).
 * Errors: PL_ENOTFOUND (no such user or live token).
 */
int pl_user_token_revoke(pl_store *s, const pl_actor *who, int *n, const char *username,
                         int64_t token_id, pl_error *err);

#endif
