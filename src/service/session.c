/* session.c - login with throttling and a TOTP second step, logout, and their audit rows. */
#include "service/session.h"
#include "service/auth.h"
#include "service/totp.h"
#include "store/audit.h"
#include "store/auth.h"
#include "store/creds.h"
#include "store/store.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FAIL_KEEP 32      /* failure times kept per key in memory */
#define KEEP_WINDOW 86400 /* the longest window: a slot older than this is free */
#define UA_WINDOW 86400   /* account + address */
#define UA_FREE 5         /* failures before the first wait */
#define ADDR_WINDOW 3600  /* address */
#define ADDR_FREE 20
#define WAIT_BASE 60 /* the first wait of ua and addr, doubling */
#define WAIT_MAX 3600
#define USER_WINDOW (15 * 60) /* account (soft) */
#define USER_FREE 10
#define USER_WAIT_MAX 60
#define KNOWN_AGE (30 * 86400) /* an address the account signed in from this recently */

/* ------------------------------------------------- the in-memory failure table */

typedef struct limiter_slot {
    char key[PL_USERNAME_MAX + 96]; /* "" = free */
    long long at[FAIL_KEEP];        /* times (monotonic seconds) of the newest failures, a ring */
    int n, head;                    /* how many are kept; where the next goes */
} limiter_slot;

struct pl_session_limiter {
    pthread_mutex_t mu;
    pl_session_policy policy;
    limiter_slot slot[PL_SESSION_LIMITER_SLOTS];
};

static long long now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec;
}

int pl_session_limiter_new(pl_session_limiter **out, const pl_session_policy *policy, pl_error *err)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    pthread_mutex_init(&(*out)->mu, NULL);
    if (policy)
        (*out)->policy = *policy;
    return 0;
}

void pl_session_limiter_free(pl_session_limiter *l)
{
    if (l == NULL)
        return;
    pthread_mutex_destroy(&l->mu);
    free(l);
}

int pl_session_idle_seconds(const pl_session_limiter *l)
{
    return l && l->policy.idle_seconds > 0 ? l->policy.idle_seconds : PL_SESSION_IDLE;
}

/* The newest failure of a slot (0 when none). */
static long long slot_newest(const limiter_slot *e)
{
    return e->n ? e->at[(e->head + FAIL_KEEP - 1) % FAIL_KEEP] : 0;
}

static limiter_slot *slot_find(pl_session_limiter *l, const char *key)
{
    for (int i = 0; i < PL_SESSION_LIMITER_SLOTS; i++)
        if (l->slot[i].key[0] && strcmp(l->slot[i].key, key) == 0)
            return &l->slot[i];
    return NULL;
}

/* Failures of key in the last window seconds into *count, the newest one's age into *age. */
static void mem_count(pl_session_limiter *l, const char *key, int window, int *count, int *age)
{
    *count = *age = 0;
    long long now = now_seconds();
    pthread_mutex_lock(&l->mu);
    limiter_slot *e = slot_find(l, key);
    for (int k = 1; e && k <= e->n; k++) { /* k-th newest */
        long long t = e->at[(e->head + FAIL_KEEP - k) % FAIL_KEEP];
        if (t <= now - window)
            break;
        if (k == 1)
            *age = (int)(now - t);
        *count = k;
    }
    pthread_mutex_unlock(&l->mu);
}

/* Records a failure of key now; -1 when every slot holds another key's live failures. */
static int mem_add(pl_session_limiter *l, const char *key)
{
    long long now = now_seconds();
    int rc = 0;
    pthread_mutex_lock(&l->mu);
    limiter_slot *e = slot_find(l, key);
    for (int i = 0; e == NULL && i < PL_SESSION_LIMITER_SLOTS; i++) {
        limiter_slot *c = &l->slot[i];
        if (c->key[0] == '\0' || slot_newest(c) <= now - KEEP_WINDOW) {
            memset(c, 0, sizeof *c);
            snprintf(c->key, sizeof c->key, "%s", key);
            e = c;
        }
    }
    if (e) {
        e->at[e->head] = now;
        e->head = (e->head + 1) % FAIL_KEEP;
        if (e->n < FAIL_KEEP)
            e->n++;
    } else
        rc = -1;
    pthread_mutex_unlock(&l->mu);
    return rc;
}

static void mem_clear(pl_session_limiter *l, const char *key)
{
    pthread_mutex_lock(&l->mu);
    limiter_slot *e = slot_find(l, key);
    if (e)
        memset(e, 0, sizeof *e);
    pthread_mutex_unlock(&l->mu);
}

/* ------------------------------------------------------------- throttling */

/* The three keys of an attempt. */
typedef struct login_keys {
    char ua[PL_USERNAME_MAX + 90], addr[80], user[PL_USERNAME_MAX + 8];
} login_keys;

static void keys_make(login_keys *k, const char *name, const char *client)
{
    snprintf(k->ua, sizeof k->ua, "ua:%s|%.80s", name, client);
    snprintf(k->addr, sizeof k->addr, "addr:%.70s", client);
    snprintf(k->user, sizeof k->user, "user:%s", name);
}

/*
 * Failures of key in window from the data base and from lim, whichever
 * counts more, into *count and the newest one's age into *age. When the
 * data base cannot be read, lim alone counts (without lim: the store's error).
 */
static int failures(pl_store *s, pl_session_limiter *lim, const char *key, int window, int *count,
                    int *age, pl_error *err)
{
    pl_error e;
    int rc = pl_store_login_failures(s, key, window, count, age, &e);
    if (rc && lim == NULL) {
        if (err)
            *err = e;
        return rc;
    }
    if (rc)
        *count = *age = 0;
    if (lim) {
        int mc, ma;
        mem_count(lim, key, window, &mc, &ma);
        if (mc > *count || (mc == *count && ma < *age)) {
            *count = mc;
            *age = ma;
        }
    }
    return 0;
}

/* The wait after the n-th failure when free failures cost nothing: base doubling up to max. */
static int wait_after(int n, int free_n, int base, int max)
{
    if (n < free_n)
        return 0;
    long long w = base;
    for (int i = free_n; i < n && w < max; i++)
        w *= 2;
    return w > max ? max : (int)w;
}

/* PL_ELOCKED with *retry_after when the newest failure is less than wait seconds old. */
static int must_wait(int *retry_after, int wait, int age, pl_error *err)
{
    if (wait <= 0 || age >= wait)
        return 0;
    *retry_after = wait - age;
    return pl_error_set(err, PL_ELOCKED, "",
                        "terlalu banyak percobaan masuk yang gagal; coba lagi dalam %d detik",
                        *retry_after);
}

/*
 * The throttle of an attempt on account user_id (0 when unknown) named by k
 * from client. Errors: PL_ELOCKED, store errors when nothing can count.
 */
static int throttle(pl_store *s, pl_session_limiter *lim, int *retry_after, const login_keys *k,
                    int64_t user_id, const char *client, pl_error *err)
{
    int n, age;
    int rc = failures(s, lim, k->addr, ADDR_WINDOW, &n, &age, err);
    if (rc ||
        (rc = must_wait(retry_after, wait_after(n, ADDR_FREE, WAIT_BASE, WAIT_MAX), age, err)))
        return rc;
    if ((rc = failures(s, lim, k->ua, UA_WINDOW, &n, &age, err)) ||
        (rc = must_wait(retry_after, wait_after(n, UA_FREE, WAIT_BASE, WAIT_MAX), age, err)))
        return rc;
    if ((rc = failures(s, lim, k->user, USER_WINDOW, &n, &age, err)))
        return rc;
    int wait = wait_after(n, USER_FREE, 1, USER_WAIT_MAX);
    if (wait == 0 || age >= wait)
        return 0;
    bool known = false;
    pl_error e;
    if (user_id > 0)
        pl_store_login_known(s, user_id, client, KNOWN_AGE, &known, &e);
    return known ? 0 : must_wait(retry_after, wait, age, err);
}

/* Records a failure under the three keys; PL_EIO when neither the data base nor lim kept them. */
static int record_failure(pl_store *s, pl_session_limiter *lim, const login_keys *k, pl_error *err)
{
    pl_error e;
    /* All three keys are written whatever the others did (no short circuit). */
    int stored = 1, kept = lim != NULL;
    stored &= pl_store_login_failure_add(s, k->ua, &e) == 0;
    stored &= pl_store_login_failure_add(s, k->addr, &e) == 0;
    stored &= pl_store_login_failure_add(s, k->user, &e) == 0;
    if (lim) {
        kept &= mem_add(lim, k->ua) == 0;
        kept &= mem_add(lim, k->addr) == 0;
        kept &= mem_add(lim, k->user) == 0;
    }
    if (!stored && !kept)
        return pl_error_set(err, PL_EIO, "",
                            "percobaan masuk yang gagal tidak dapat dicatat; coba lagi nanti");
    return 0;
}

/* One audit row for a sign-in event; a failure to write it does not fail the caller. */
static void audit_login(pl_store *s, const char *action, int64_t user_id, const char *name,
                        const char *client)
{
    json_t *a = json_pack("{s:s}", "username", name);
    char *txt = a ? json_dumps(a, JSON_COMPACT) : NULL;
    pl_actor who = {name[0] ? name : "anonim", client};
    pl_error e;
    pl_store_audit_add(s, &who, action, "app_user", user_id, NULL, txt, &e);
    free(txt);
    json_decref(a);
}

/* The session of a completed login: stored, the address remembered, audited. */
static int open_session(pl_store *s, pl_session_limiter *lim, pl_session *out, const login_keys *k,
                        const char *client, pl_error *err)
{
    pl_error e;
    pl_store_login_failure_clear(s, k->ua, &e);
    if (lim)
        mem_clear(lim, k->ua);
    char digest[PL_DIGEST_HEX];
    pl_auth_random_hex(out->id, 32);
    pl_auth_random_hex(out->csrf, 32);
    pl_auth_digest_hex(digest, out->id);
    int rc = pl_store_session_add(s, digest, out->user.id, out->csrf, PL_SESSION_TTL, err);
    if (rc) {
        pl_auth_wipe(out, sizeof *out);
        return rc;
    }
    out->step = PL_LOGIN_OK;
    pl_store_login_known_add(s, out->user.id, client, &e);
    audit_login(s, "login", out->user.id, out->user.username, client);
    return 0;
}

/* ------------------------------------------------------------------ login */

int pl_session_login(pl_store *s, pl_session_limiter *lim, pl_session *out, int *retry_after,
                     const char *username, const char *password, const char *client, pl_error *err)
{
    memset(out, 0, sizeof *out);
    *retry_after = 0;
    pl_session_policy pol = lim ? lim->policy : (pl_session_policy){0};
    char uname[PL_USERNAME_MAX];
    snprintf(uname, sizeof uname, "%s", username);
    login_keys k;
    keys_make(&k, uname, client);
    char hash[PL_PWHASH_MAX] = "";
    pl_error lookup;
    pl_user *u = &out->user;
    int lrc = strlen(username) < PL_USERNAME_MAX
                  ? pl_store_user_get(s, u, username, hash, sizeof hash, &lookup)
                  : PL_ENOTFOUND;
    if (lrc == PL_EUNAVAIL) {
        /* The data base server is gone: say so (503), not "wrong password", whoever asks. */
        *err = lookup;
        memset(out, 0, sizeof *out);
        return lrc;
    }
    bool found = lrc == 0;
    int rc = throttle(s, lim, retry_after, &k, found ? u->id : 0, client, err);
    if (rc) {
        memset(out, 0, sizeof *out);
        return rc;
    }
    /* Always one argon2id verification: unknown and disabled accounts cost the same time. */
    bool ok = strlen(password) <= PL_AUTH_PASSWORD_MAX &&
              pl_auth_password_verify_timed(found ? hash : NULL, password, pol.pwhash_cost);
    ok = ok && found && !u->disabled;
    pl_auth_wipe(hash, sizeof hash);
    if (!ok) {
        rc = record_failure(s, lim, &k, err);
        audit_login(s, "login_failed", found ? u->id : 0, uname, client);
        memset(out, 0, sizeof *out);
        return rc ? rc : pl_error_set(err, PL_EDENIED, "", "nama pengguna atau kata sandi salah");
    }
    bool has_totp = pl_totp_enabled(s, u->id);
    bool need_enrol = !has_totp && !pol.totp_admin_optional && strcmp(u->role, "admin") == 0;
    if (!has_totp && !need_enrol)
        return open_session(s, lim, out, &k, client, err);
    /* The second step: a challenge, and for an enrolment the new secret. */
    char digest[PL_DIGEST_HEX];
    if (need_enrol && (rc = pl_totp_new(&out->enrol, u->username, err)))
        goto fail;
    pl_auth_random_hex(out->challenge, 32);
    pl_auth_digest_hex(digest, out->challenge);
    pl_store_challenge_delete(s, "", &lookup); /* purges expired ones */
    if ((rc = pl_store_challenge_add(s, digest, u->id,
                                     need_enrol ? PL_CHALLENGE_ENROL : PL_CHALLENGE_TOTP,
                                     out->enrol.secret, PL_SESSION_CHALLENGE_TTL, err)))
        goto fail;
    out->step = need_enrol ? PL_LOGIN_ENROL : PL_LOGIN_TOTP;
    audit_login(s, "login_password_ok", u->id, u->username, client);
    return 0;
fail:
    pl_auth_wipe(out, sizeof *out);
    return rc;
}

int pl_session_login_totp(pl_store *s, pl_session_limiter *lim, pl_session *out, int *retry_after,
                          const char *challenge, const char *code, const char *client,
                          pl_error *err)
{
    memset(out, 0, sizeof *out);
    *retry_after = 0;
    char digest[PL_DIGEST_HEX];
    pl_auth_digest_hex(digest, challenge);
    pl_challenge_kind kind;
    int attempts = 0;
    pl_user *u = &out->user;
    int rc = pl_store_challenge_get(s, u, &kind, out->enrol.secret, &attempts, digest, err);
    if (rc)
        goto fail;
    login_keys k;
    keys_make(&k, u->username, client);
    if ((rc = throttle(s, lim, retry_after, &k, u->id, client, err)))
        goto fail;
    pl_error why;
    if (kind == PL_CHALLENGE_ENROL) {
        pl_actor who = {u->username, client};
        rc = pl_totp_confirm(s, &who, &out->enrol, u->id, code, &why);
        out->enrolled = rc == 0;
    } else {
        rc = pl_totp_verify(s, u->id, code, &out->recovery_used, &out->recovery_left, &why);
    }
    if (rc == PL_EDENIED) {
        pl_store_challenge_fail(s, digest, err);
        bool last = attempts + 1 >= PL_SESSION_CHALLENGE_TRIES;
        if (last)
            pl_store_challenge_delete(s, digest, err);
        audit_login(s, "login_totp_failed", u->id, u->username, client);
        if ((rc = record_failure(s, lim, &k, err)) == 0)
            rc = last ? pl_error_set(err, PL_EDENIED, "code",
                                     "%s; terlalu banyak kode salah, silakan masuk lagi",
                                     why.message)
                      : pl_error_set(err, PL_EDENIED, "code", "%s", why.message);
        goto fail;
    }
    if (rc) {
        *err = why;
        goto fail;
    }
    pl_store_challenge_delete(s, digest, err);
    pl_totp_enrolment keep = out->enrol; /* recovery codes of an enrolment, shown once */
    bool enrolled = out->enrolled, used = out->recovery_used;
    int left = out->recovery_left;
    if ((rc = open_session(s, lim, out, &k, client, err)))
        goto fail;
    out->enrol = keep;
    out->enrolled = enrolled;
    out->recovery_used = used;
    out->recovery_left = left;
    pl_auth_wipe(&keep, sizeof keep);
    if (!enrolled)
        pl_auth_wipe(&out->enrol, sizeof out->enrol);
    return 0;
fail:
    pl_auth_wipe(out, sizeof *out);
    return rc;
}

int pl_session_logout(pl_store *s, const char *session_id, const pl_user *u, const char *client,
                      pl_error *err)
{
    if (session_id) {
        char digest[PL_DIGEST_HEX];
        pl_auth_digest_hex(digest, session_id);
        int rc = pl_store_session_delete(s, digest, err);
        if (rc)
            return rc;
    }
    audit_login(s, "logout", u->id, u->username, client);
    return 0;
}
