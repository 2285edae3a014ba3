/*
 * session.h - signing in and out: the login unit of work (throttling per
 * account and client address, per address and per account, the password
 * check, the TOTP second step, a new session with its CSRF token, the
 * audit rows) and logout. The HTTP front end turns the result into a
 * cookie; the checks of later requests (session or token lookup, CSRF)
 * stay in http/auth.c.
 *
 * Throttling (issue 17): failures are counted under three keys, in the
 * data base (shared by every thread and by every server on the same data
 * base) and in a per-process table (so the limits hold when the data base
 * cannot record them, e.g. a full disk):
 * - "ua:NAME|ADDR" (an account from one address): from the 5th failure in
 *   24 hours that address must wait 1 minute after its last failure for
 *   that account, doubling with each further failure up to 1 hour. The
 *   owner signing in from another address is not slowed.
 * - "addr:ADDR" (one address, any account): from the 20th failure in an
 *   hour the same growing wait (1 minute doubling up to 1 hour).
 * - "user:NAME" (one account, any address): a soft limit against many
 *   addresses: from the 10th failure in 15 minutes an attempt from an
 *   address the account has not signed in from in 30 days must wait 1 s
 *   after the account's last failure, doubling up to 60 s. It slows, never
 *   locks: an attempt after the wait is always checked, and addresses the
 *   account signed in from recently are not slowed at all.
 * A refused attempt is not counted (the wait does not grow while refused).
 * An unknown account is checked against a dummy argon2id hash of the same
 * cost, so it is answered in the time of a known one.
 *
 * Call pl_auth_init once before pl_session_login.
 */
#ifndef PL_SERVICE_SESSION_H
#define PL_SERVICE_SESSION_H

#include "service/auth.h"
#include "service/totp.h"
#include "store/auth.h"
#include "store/store.h"

#define PL_SESSION_TTL (8 * 3600)     /* seconds a session lives at most */
#define PL_SESSION_IDLE (30 * 60)     /* default: seconds a session lives without a request */
#define PL_SESSION_CHALLENGE_TTL 300  /* seconds to complete the TOTP step of a login */
#define PL_SESSION_CHALLENGE_TRIES 5  /* wrong codes before a challenge ends */
#define PL_SESSION_LIMITER_SLOTS 4096 /* keys the in-memory failure table holds */

/* How sessions and logins behave; one per server (pl_session_limiter_new copies it). */
typedef struct pl_session_policy {
    int idle_seconds;         /* a session ends after this long without a request; 0 = default */
    bool totp_admin_optional; /* false (default): administrators must sign in with TOTP */
    pl_auth_cost pwhash_cost; /* cost of the dummy hash unknown accounts are checked against */
} pl_session_policy;

/* Where a login stands after a call. */
typedef enum pl_login_step {
    PL_LOGIN_OK = 0, /* signed in: id and csrf are set */
    PL_LOGIN_TOTP,   /* password right; a TOTP code must follow (challenge) */
    PL_LOGIN_ENROL,  /* password right; TOTP is required: enrol.secret/uri, then a code */
} pl_login_step;

/* A login's result. */
typedef struct pl_session {
    pl_user user;
    pl_login_step step;
    char id[PL_DIGEST_HEX];   /* the secret session id (the cookie); the store keeps its digest */
    char csrf[PL_DIGEST_HEX]; /* the CSRF token state-changing requests must echo */
    char challenge[PL_DIGEST_HEX]; /* PL_LOGIN_TOTP/ENROL: the secret of the second step */
    pl_totp_enrolment enrol;       /* PL_LOGIN_ENROL: secret and URI; after it, recovery codes */
    bool enrolled;                 /* the second step enrolled TOTP (enrol.codes are new) */
    bool recovery_used;            /* the second step spent a recovery code */
    int recovery_left;             /* ... and this many remain */
} pl_session;

/*
 * The in-memory failure table and the policy: a bounded table
 * (PL_SESSION_LIMITER_SLOTS keys, each with the times of its last 32
 * failures) under its own mutex. A key whose failures are all older than a
 * day gives its slot to a new key; while every slot holds a live key, new
 * keys cannot be recorded here. One per server; safe to share between
 * threads.
 */
typedef struct pl_session_limiter pl_session_limiter;

/*
 * A new, empty table with a copy of policy (NULL = defaults); *out is owned
 * by the caller (pl_session_limiter_free). Errors: PL_ENOMEM.
 */
int pl_session_limiter_new(pl_session_limiter **out, const pl_session_policy *policy,
                           pl_error *err);

/* Frees l (NULL ok). */
void pl_session_limiter_free(pl_session_limiter *l);

/* The idle timeout of sessions in seconds under l's policy (l NULL: the default). */
int pl_session_idle_seconds(const pl_session_limiter *l);

/*
 * Signs username in with password from client (an address, for the limits
 * and the audit), throttled as described above (lim NULL: the data base
 * alone counts, default policy). Checks the password of the enabled
 * account; records a failure (and audits "login_failed") when it does not
 * match. When it matches and the account has TOTP, or is an administrator
 * and the policy requires TOTP, out->step says what must follow and
 * out->challenge is set (valid PL_SESSION_CHALLENGE_TTL seconds; see
 * pl_session_login_totp). Otherwise stores a new session valid
 * PL_SESSION_TTL seconds (and the idle time), remembers client as an
 * address of the account and audits "login".
 * Errors: PL_ELOCKED (throttled; *retry_after receives the seconds to
 * wait), PL_EDENIED (wrong name or password, or account disabled; the
 * message does not say which), PL_EIO when a failure could be recorded
 * neither in the data base nor in lim (refused: the limit must not lapse),
 * store errors.
 */
int pl_session_login(pl_store *s, pl_session_limiter *lim, pl_session *out, int *retry_after,
                     const char *username, const char *password, const char *client, pl_error *err);

/*
 * The second step of a login: code (a TOTP code, or a recovery code) for
 * the challenge pl_session_login gave. For PL_LOGIN_ENROL the code proves
 * the new secret and enrols it (out->enrolled, out->enrol.codes: the
 * recovery codes, shown once). Throttled and counted like a password;
 * after PL_SESSION_CHALLENGE_TRIES wrong codes the challenge ends. On
 * success out->step is PL_LOGIN_OK with the session as pl_session_login.
 * Errors: PL_ENOTFOUND (unknown or expired challenge), PL_EDENIED (wrong or
 * reused code), PL_ELOCKED, PL_EIO, store errors.
 */
int pl_session_login_totp(pl_store *s, pl_session_limiter *lim, pl_session *out, int *retry_after,
                          const char *challenge, const char *code, const char *client,
                          pl_error *err);

/*
 * Signs out: deletes the session whose id is session_id (NULL for callers
 * signed in with a token) and audits "logout" of u from client.
 * Errors: store errors.
 */
int pl_session_logout(pl_store *s, const char *session_id, const pl_user *u, const char *client,
                      pl_error *err);

#endif
