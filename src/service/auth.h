/*
 * auth.h - secrets for accounts (libsodium): argon2id password hashes,
 * random session ids, CSRF and API tokens, and the digests the store keeps
 * instead of them. Used by the units of work in service/user.h and
 * service/session.h, and by the HTTP server to check credentials.
 *
 * Nothing here reads the environment: the hashing cost is a parameter the
 * front end chooses (env PILAR_PWHASH=fast is read by main.c).
 */
#ifndef PL_SERVICE_AUTH_H
#define PL_SERVICE_AUTH_H

#include "util/error.h"

#include <stdbool.h>
#include <stddef.h>

#define PL_AUTH_TOKEN_MAX 80 /* "plt_" + 64 hex + NUL */
#define PL_AUTH_PASSWORD_MIN 10
#define PL_AUTH_PASSWORD_MAX 256
#define PL_AUTH_GENERATED_MAX 25 /* a generated password: 24 hex + NUL */

/* How expensive a new password hash is. */
typedef enum pl_auth_cost {
    PL_AUTH_COST_INTERACTIVE = 0, /* libsodium's INTERACTIVE limits: production */
    PL_AUTH_COST_MIN,             /* the minimum limits: tests only (PILAR_PWHASH=fast) */
} pl_auth_cost;

/* Initialises libsodium (idempotent; thread-safe after the first call). Errors: PL_EINTERNAL. */
int pl_auth_init(pl_error *err);

/*
 * Hashes password with argon2id at cost into out (PL_PWHASH_MAX bytes of
 * store/auth.h). Errors: PL_EINVAL naming "password" (shorter than
 * PL_AUTH_PASSWORD_MIN or longer than PL_AUTH_PASSWORD_MAX), PL_ENOMEM.
 */
int pl_auth_password_hash(char *out, const char *password, pl_auth_cost cost, pl_error *err);

/*
 * Checks a new password of account username against the password policy:
 * length (PL_AUTH_PASSWORD_MIN..PL_AUTH_PASSWORD_MAX), not one of the
 * common passwords of data/common-passwords.txt (compared in lowercase,
 * also without leading and trailing digits and punctuation, so "Sayang123!"
 * is refused like "sayang"), and not containing the user name (names of 3
 * or more characters; case ignored) or "pilar". Errors: PL_EINVAL naming
 * "password" with a message in Bahasa Indonesia saying which rule failed.
 */
int pl_auth_password_policy(const char *username, const char *password, pl_error *err);

/*
 * Verifies password against the argon2id string hash; with hash NULL or ""
 * it verifies against a fixed dummy hash made at cost (and returns false),
 * so that an unknown account costs the same time as a known one.
 */
bool pl_auth_password_verify_timed(const char *hash, const char *password, pl_auth_cost cost);

/* True when password matches the stored argon2id string hash ("" or NULL never matches). */
bool pl_auth_password_verify(const char *hash, const char *password);

/* A fresh random password (24 hex digits) into out (PL_AUTH_GENERATED_MAX bytes). */
void pl_auth_password_generate(char *out);

/* Fills out with 2*nbytes random hex digits and a NUL (nbytes is capped at 64). */
void pl_auth_random_hex(char *out, size_t nbytes);

/* The hex digest (BLAKE2b-256) of a secret into out (PL_DIGEST_HEX bytes), as the store keeps it.
 */
void pl_auth_digest_hex(char *out, const char *secret);

/* True when the first n bytes of a and b are equal, in time independent of the contents. */
bool pl_auth_equal(const void *a, const void *b, size_t n);

/* A new API token "plt_<64 hex>" in token (PL_AUTH_TOKEN_MAX) and its digest in digest. */
void pl_auth_token_new(char *token, char *digest);

/* Overwrites n bytes at p with zeros in a way the compiler keeps (for secrets). */
void pl_auth_wipe(void *p, size_t n);

#endif
