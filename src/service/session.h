/*
 * session.h - signing in and out with a password: the login unit of work
 * (rate limit per account and per client address, password check, a new
 * session with its CSRF token, the audit rows) and logout. The HTTP front
 * end turns the result into a cookie; the checks of later requests
 * (session or token lookup, CSRF) stay in http/auth.c.
 *
 * Call pl_auth_init once before pl_session_login.
 */
#ifndef PL_SERVICE_SESSION_H
#define PL_SERVICE_SESSION_H

#include "store/auth.h"
#include "store/store.h"

#define PL_SESSION_TTL (8 * 3600) /* seconds a session lives */

/* A session just opened. */
typedef struct pl_session {
    pl_user user;
    char id[PL_DIGEST_HEX];   /* the secret session id (the cookie); the store keeps its digest */
    char csrf[PL_DIGEST_HEX]; /* the CSRF token state-changing requests must echo */
} pl_session;

#define PL_SESSION_LIMITER_SLOTS 4096 /* keys the in-memory failure table holds */

/*
 * Failure counts kept in memory as well as in the data base, so the rate
 * limit holds when the data base cannot record them (a full disk): a
 * bounded table (PL_SESSION_LIMITER_SLOTS keys, each with the times of its
 * last 20 failures, a sliding window of 15 minutes) under its own mutex. A
 * key whose failures all left the window gives its slot to a new key;
 * while every slot holds a live key, new keys cannot be recorded here.
 * One per server; safe to share between threads.
 */
typedef struct pl_session_limiter pl_session_limiter;

/* A new, empty table; *out is owned by the caller (pl_session_limiter_free). Errors: PL_ENOMEM. */
int pl_session_limiter_new(pl_session_limiter **out, pl_error *err);

/* Frees l (NULL ok). */
void pl_session_limiter_free(pl_session_limiter *l);

/*
 * Signs username in with password from client (an address, for the rate
 * limit and the audit): refuses while the address has 20 or the account 5
 * failures in the last 15 minutes, counted in the data base and in lim
 * (NULL = the data base only), whichever is larger; checks the password of
 * the enabled account, records a failure in both (and audits
 * "login_failed") when it does not match, else clears the account's
 * failures, stores a new session valid PL_SESSION_TTL seconds and audits
 * "login". Fills *out on success.
 * Errors: PL_ELOCKED (too many failures; *retry_after receives the seconds
 * until the oldest leaves the window, else it is 0), PL_EDENIED (wrong name
 * or password, or account disabled; the message does not say which),
 * PL_EIO when a failure could be recorded neither in the data base nor in
 * lim (the attempt is refused: the limit must not lapse), store errors.
 */
int pl_session_login(pl_store *s, pl_session_limiter *lim, pl_session *out, int *retry_after,
                     const char *username, const char *password, const char *client, pl_error *err);

/*
 * Signs out: deletes the session whose id is session_id (NULL for callers
 * signed in with a token) and audits "logout" of u from client.
 * Errors: store errors.
 */
int pl_session_logout(pl_store *s, const char *session_id, const pl_user *u, const char *client,
                      pl_error *err);

#endif
