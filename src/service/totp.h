/*
 * totp.h - the second factor: TOTP (RFC 6238, 30-second steps, 6 digits,
 * SHA-1: what authenticator apps and `oathtool --totp -b SECRET` compute)
 * over Debian's liboath, and one-time recovery codes. A code is accepted
 * within one step of the server's clock (either side) and never twice (the
 * store keeps the last step accepted); recovery codes are kept as digests
 * and spent once.
 *
 * Call pl_auth_init once before these.
 */
#ifndef PL_SERVICE_TOTP_H
#define PL_SERVICE_TOTP_H

#include "store/auth.h"
#include "store/creds.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define PL_TOTP_URI_MAX 384
#define PL_RECOVERY_CODE_MAX 16 /* "xxxx-xxxx-xxxx" + NUL */

/* A TOTP secret being enrolled, with what the user needs to set it up. */
typedef struct pl_totp_enrolment {
    char secret[PL_TOTP_SECRET_MAX]; /* base32, what an app asks for when typed by hand */
    char uri[PL_TOTP_URI_MAX];       /* otpauth://totp/Pilar:NAME?secret=...&issuer=Pilar */
    char codes[PL_RECOVERY_CODES][PL_RECOVERY_CODE_MAX]; /* filled once enabled; shown once */
} pl_totp_enrolment;

/* A new random secret and its otpauth:// URI for username into *out (codes stay empty). */
int pl_totp_new(pl_totp_enrolment *out, const char *username, pl_error *err);

/*
 * Checks code against secret at time now within one step either side; *step
 * receives the step it matched. Errors: PL_EDENIED (wrong code).
 */
int pl_totp_check(int64_t *step, const char *secret, const char *code, time_t now, pl_error *err);

/*
 * Turns TOTP on for username with a new secret (CLI enrolment: the operator
 * hands the secret or URI to the user) and new recovery codes, into *out.
 * Errors: PL_ENOTFOUND, store errors.
 */
int pl_totp_enable(pl_store *s, const pl_actor *who, pl_totp_enrolment *out, const char *username,
                   pl_error *err);

/*
 * Turns TOTP on for user_id with the secret in *enr once code proves the
 * user's app computes it (web enrolment); fills enr->codes.
 * Errors: PL_EDENIED (wrong code), store errors.
 */
int pl_totp_confirm(pl_store *s, const pl_actor *who, pl_totp_enrolment *enr, int64_t user_id,
                    const char *code, pl_error *err);

/* Turns TOTP off for username. Errors: PL_ENOTFOUND (no such user, or TOTP off). */
int pl_totp_disable(pl_store *s, const pl_actor *who, const char *username, pl_error *err);

/*
 * The second step of a login of user_id: code is a TOTP code (6 digits;
 * spaces ignored) or a recovery code (*recovery set, *left = unused codes
 * left). Errors: PL_EDENIED (wrong or already used code), store errors.
 */
int pl_totp_verify(pl_store *s, int64_t user_id, const char *code, bool *recovery, int *left,
                   pl_error *err);

/* True when user_id has TOTP on (false on a store error too). */
bool pl_totp_enabled(pl_store *s, int64_t user_id);

/*
 * The otpauth URI as an SVG QR code (libqrencode), a NUL-terminated string
 * owned by the caller (free), or NULL when out of memory.
 */
char *pl_totp_qr_svg(const char *uri);

#endif
