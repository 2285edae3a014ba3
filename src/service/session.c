/* session.c - login with a rate limit, logout, and their audit rows. */
#include "service/session.h"
#include "service/auth.h"
#include "store/audit.h"
#include "store/auth.h"
#include "store/store.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FAIL_WINDOW (15 * 60)
#define FAIL_MAX_USER 5
#define FAIL_MAX_ADDR 20
#define FAIL_KEEP FAIL_MAX_ADDR /* failure times kept per key: enough for either limit */

/* ------------------------------------------------- the in-memory failure table */

typedef struct limiter_slot {
    char key[PL_USERNAME_MAX + 80]; /* "" = free */
    long long at[FAIL_KEEP];        /* times (monotonic seconds) of the newest failures, a ring */
    int n, head;                    /* how many are kept; where the next goes */
} limiter_slot;

struct pl_session_limiter {
    pthread_mutex_t mu;
    limiter_slot slot[PL_SESSION_LIMITER_SLOTS];
};

static long long now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec;
}

int pl_session_limiter_new(pl_session_limiter **out, pl_error *err)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    pthread_mutex_init(&(*out)->mu, NULL);
    return 0;
}

void pl_session_limiter_free(pl_session_limiter *l)
{
    if (l == NULL)
        return;
    pthread_mutex_destroy(&l->mu);
    free(l);
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

/*
 * Failures of key in the window into *count and, when there are max or
 * more, the seconds until the max-th newest leaves it into *retry.
 */
static void mem_count(pl_session_limiter *l, const char *key, int max, int *count, int *retry)
{
    *count = *retry = 0;
    long long now = now_seconds();
    pthread_mutex_lock(&l->mu);
    limiter_slot *e = slot_find(l, key);
    for (int k = 1; e && k <= e->n; k++) { /* k-th newest */
        long long t = e->at[(e->head + FAIL_KEEP - k) % FAIL_KEEP];
        if (t <= now - FAIL_WINDOW)
            break;
        *count = k;
        if (k == max)
            *retry = (int)(t + FAIL_WINDOW - now);
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
        if (c->key[0] == '\0' || slot_newest(c) <= now - FAIL_WINDOW) {
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

/* ------------------------------------------------------------------ login */

/*
 * PL_ELOCKED with *retry_after when key has max or more recent failures in
 * the data base or in lim, whichever counts more. When the data base cannot
 * be read, lim alone decides (without lim: the store's error).
 */
static int rate_check(pl_store *s, pl_session_limiter *lim, int *retry_after, const char *key,
                      int max, pl_error *err)
{
    int count = 0, retry = 0;
    pl_error e;
    int rc = pl_store_login_failures(s, key, FAIL_WINDOW, &count, &retry, &e);
    if (rc && lim == NULL) {
        if (err)
            *err = e;
        return rc;
    }
    if (rc || count < max)
        count = retry = 0; /* below the limit (or unknown): the data base holds nothing back */
    if (lim) {
        int mcount, mretry;
        mem_count(lim, key, max, &mcount, &mretry);
        if (mcount >= max) {
            count = mcount;
            retry = mretry > retry ? mretry : retry;
        }
    }
    if (count < max)
        return 0;
    *retry_after = retry > 0 ? retry : 1;
    return pl_error_set(err, PL_ELOCKED, "",
                        "terlalu banyak percobaan masuk yang gagal; coba lagi dalam %d detik",
                        *retry_after);
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

int pl_session_login(pl_store *s, pl_session_limiter *lim, pl_session *out, int *retry_after,
                     const char *username, const char *password, const char *client, pl_error *err)
{
    memset(out, 0, sizeof *out);
    *retry_after = 0;
    char uname[PL_USERNAME_MAX];
    snprintf(uname, sizeof uname, "%s", username);
    char key_user[PL_USERNAME_MAX + 8], key_addr[80];
    snprintf(key_user, sizeof key_user, "user:%s", uname);
    snprintf(key_addr, sizeof key_addr, "addr:%s", client);
    int rc = rate_check(s, lim, retry_after, key_addr, FAIL_MAX_ADDR, err);
    if (rc || (rc = rate_check(s, lim, retry_after, key_user, FAIL_MAX_USER, err)))
        return rc;
    char hash[PL_PWHASH_MAX] = "";
    pl_error lookup;
    pl_user *u = &out->user;
    int found = strlen(username) < PL_USERNAME_MAX &&
                pl_store_user_get(s, u, username, hash, sizeof hash, &lookup) == 0;
    bool ok = found && !u->disabled && strlen(password) <= PL_AUTH_PASSWORD_MAX &&
              pl_auth_password_verify(hash, password);
    if (!ok) {
        pl_error e;
        int stored = (pl_store_login_failure_add(s, key_user, &e) == 0) &
                     (pl_store_login_failure_add(s, key_addr, &e) == 0);
        int kept = lim && (mem_add(lim, key_user) == 0) & (mem_add(lim, key_addr) == 0);
        audit_login(s, "login_failed", found ? u->id : 0, uname, client);
        memset(out, 0, sizeof *out);
        if (!stored && !kept)
            return pl_error_set(err, PL_EIO, "",
                                "percobaan masuk yang gagal tidak dapat dicatat; coba lagi nanti");
        return pl_error_set(err, PL_EDENIED, "", "nama pengguna atau kata sandi salah");
    }
    pl_store_login_failure_clear(s, key_user, &lookup);
    if (lim)
        mem_clear(lim, key_user);
    char digest[PL_DIGEST_HEX];
    pl_auth_random_hex(out->id, 32);
    pl_auth_random_hex(out->csrf, 32);
    pl_auth_digest_hex(digest, out->id);
    if ((rc = pl_store_session_add(s, digest, u->id, out->csrf, PL_SESSION_TTL, err))) {
        memset(out, 0, sizeof *out);
        return rc;
    }
    audit_login(s, "login", u->id, u->username, client);
    return 0;
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
