/*
 * auth.h - secrets for accounts: argon2id password hashes, random session
 * ids, CSRF and API tokens, and the digests the store keeps instead of
 * them (libsodium). Shared by the HTTP server and `pilar user`.
 */
#ifndef PL_HTTP_AUTH_H
#define PL_HTTP_AUTH_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

#define PL_AUTH_TOKEN_MAX 80 /* "plt_" + 64 hex + NUL */
#define PL_AUTH_PASSWORD_MIN 8
#define PL_AUTH_PASSWORD_MAX 256

/* Initialises libsodium (idempotent). Errors: PL_EINTERNAL. */
int pl_auth_init(pl_error *err);

/*
 * Hashes password with argon2id into out (PL_PWHASH_MAX bytes). Costs are
 * libsodium's INTERACTIVE limits; env PILAR_PWHASH=fast selects the minimum
 * (tests only). Errors: PL_EINVAL (too short/long), PL_ENOMEM.
 */
int pl_auth_password_hash(char *out, const char *password, pl_error *err);

/* True when password matches the stored argon2id string hash. */
bool pl_auth_password_verify(const char *hash, const char *password);

/* Fills out with 2*nbytes random hex digits and a NUL. */
void pl_auth_random_hex(char *out, size_t nbytes);

/* The hex digest (BLAKE2b-256) of a secret, as stored for sessions and tokens. */
void pl_auth_digest_hex(char *out, const char *secret);

/* A new API token "plt_<64 hex>" in token and its digest in digest. */
void pl_auth_token_new(char *token, char *digest);

/* Checks an account name: 1..63 of [a-z0-9._-], starting with a letter or digit. */
int pl_auth_username_check(const char *name, pl_error *err);

/*
 * Checks a role and normalises its scope (dotted region prefix) into scope
 * (14 bytes): admin may have any scope (usually ""), province needs a
 * province code, regency a regency, district a district, village a village;
 * viewer any. Errors: PL_EINVAL naming "role" or "scope".
 */
int pl_auth_role_scope_check(const char *role, const char *scope_in, char *scope, pl_error *err);

#endif
