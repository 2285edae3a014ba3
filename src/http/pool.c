/* pool.c - pooled data-base connections and their token memos. */
#include "http/pool.h"
#include "store/replica.h"
#include "service/auth.h"
#include "store/auth.h"
#include "store/shared.h"
#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pl_http_pool {
    char db_path[4096];
    long max_pages; /* > 0: size cap of every connection (tests only) */
    unsigned flags; /* pl_store_open flags of every connection */
    pthread_mutex_t mu;
    pl_store_shared *shared; /* what the connections share (store/shared.h), NULL on SQLite */
    pl_http_pool_conn *idle[PL_HTTP_POOL_MAX];
    int n_idle;
    /* Replica pools only (under mu). */
    bool replica;
    pl_http_log *log;
    int state;            /* 0 not tried yet, 1 usable, -1 failed (what was logged last) */
    long long rest_until; /* monotonic ms: no attempt before */
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int pl_http_pool_new(pl_http_pool **out, const char *db_path, unsigned flags, long max_pages,
                     pl_error *err)
{
    *out = NULL;
    pl_http_pool *p = calloc(1, sizeof *p);
    if (p == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    if (strlen(db_path) >= sizeof p->db_path) {
        free(p);
        return pl_error_set(err, PL_EINVAL, "db", "nama berkas basis data terlalu panjang");
    }
    memcpy(p->db_path, db_path, strlen(db_path) + 1);
    p->max_pages = max_pages;
    p->flags = flags;
    int rc = pl_store_shared_open(&p->shared, p->db_path, err);
    if (rc) {
        free(p);
        return rc;
    }
    pthread_mutex_init(&p->mu, NULL);
    *out = p;
    return 0;
}

int pl_http_pool_new_replica(pl_http_pool **out, const char *location, unsigned flags,
                             pl_http_log *log, pl_error *err)
{
    *out = NULL;
    pl_http_pool *p = calloc(1, sizeof *p);
    if (p == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    if (strlen(location) >= sizeof p->db_path) {
        free(p);
        return pl_error_set(err, PL_EINVAL, "read-db", "alamat replika baca terlalu panjang");
    }
    memcpy(p->db_path, location, strlen(location) + 1);
    p->flags = flags | PL_STORE_READONLY;
    p->replica = true;
    p->log = log;
    pthread_mutex_init(&p->mu, NULL);
    *out = p;
    return 0;
}

/* Logs a change of the replica's state (once per change); why names a failure. */
static void replica_state(pl_http_pool *p, int state, const char *why)
{
    pthread_mutex_lock(&p->mu);
    bool changed = p->state != state;
    p->state = state;
    if (state < 0)
        p->rest_until = now_ms() + PL_HTTP_REPLICA_REST_MS;
    pthread_mutex_unlock(&p->mu);
    if (!changed)
        return;
    char when[24];
    pl_http_utc_now(when);
    if (state > 0)
        pl_http_log_line(p->log,
                         "%s replika baca dipakai: laporan, pencarian dan peta dibaca dari "
                         "replika\n",
                         when);
    else
        pl_http_log_line(p->log,
                         "%s replika baca tidak dapat dipakai (%s); semua bacaan dilayani basis "
                         "data utama, dicoba lagi tiap %d detik\n",
                         when, why, PL_HTTP_REPLICA_REST_MS / 1000);
}

/* Closes every idle connection of p (they reach a standby that failed). */
static void drop_idle(pl_http_pool *p)
{
    pl_http_pool_conn *gone[PL_HTTP_POOL_MAX];
    pthread_mutex_lock(&p->mu);
    int n = p->n_idle;
    memcpy(gone, p->idle, (size_t)n * sizeof gone[0]);
    p->n_idle = 0;
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < n; i++) {
        pl_store_close(gone[i]->store);
        free(gone[i]);
    }
}

bool pl_http_pool_get_replica(pl_http_pool *p, uint64_t floor, pl_http_pool_conn **out)
{
    *out = NULL;
    pthread_mutex_lock(&p->mu);
    bool resting = p->state < 0 && now_ms() < p->rest_until;
    pl_http_pool_conn *pc = !resting && p->n_idle > 0 ? p->idle[--p->n_idle] : NULL;
    if (!resting && pc == NULL && p->state < 0)
        p->rest_until = now_ms() + PL_HTTP_REPLICA_REST_MS; /* one request tries; others wait */
    pthread_mutex_unlock(&p->mu);
    if (resting)
        return false;
    pl_error err = {0};
    if (pc == NULL) {
        pc = calloc(1, sizeof *pc);
        if (pc == NULL)
            return false;
        if (pl_store_open(&pc->store, p->db_path, p->flags, &err)) {
            free(pc);
            replica_state(p, -1, err.message);
            return false;
        }
    }
    if (floor > pc->replayed) {
        uint64_t at = 0;
        if (pl_store_replay_position(pc->store, &at, &err)) {
            pl_store_close(pc->store);
            free(pc);
            drop_idle(p);
            replica_state(p, -1, err.message);
            return false;
        }
        pc->replayed = at;
        replica_state(p, 1, NULL);
        if (at < floor) { /* behind this caller's own writes: not a failure */
            pl_http_pool_put(p, pc);
            return false;
        }
    }
    *out = pc;
    return true;
}

void pl_http_pool_replica_done(pl_http_pool *p, pl_http_pool_conn *pc, const char *failure)
{
    if (pc == NULL)
        return;
    if (failure == NULL) {
        replica_state(p, 1, NULL);
        pl_http_pool_put(p, pc);
        return;
    }
    pl_store_close(pc->store);
    free(pc);
    drop_idle(p);
    replica_state(p, -1, failure);
}

void pl_http_pool_touch(pl_http_pool *p)
{
    pl_store_shared_touch(p->shared);
}

int pl_http_pool_get(pl_http_pool *p, pl_http_pool_conn **out, pl_error *err)
{
    pthread_mutex_lock(&p->mu);
    pl_http_pool_conn *pc = p->n_idle > 0 ? p->idle[--p->n_idle] : NULL;
    pthread_mutex_unlock(&p->mu);
    if (pc == NULL) {
        pc = calloc(1, sizeof *pc);
        if (pc == NULL)
            return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        int rc = pl_store_open(&pc->store, p->db_path, p->flags, err);
        if (rc == 0 &&
            ((p->max_pages > 0 && (rc = pl_store_set_max_pages(pc->store, p->max_pages, err))) ||
             (rc = pl_store_share(pc->store, p->shared, err))))
            pl_store_close(pc->store);
        if (rc) {
            free(pc);
            return rc;
        }
    }
    *out = pc;
    return 0;
}

void pl_http_pool_put(pl_http_pool *p, pl_http_pool_conn *pc)
{
    if (pc == NULL)
        return;
    pl_store_rollback(pc->store);
    pthread_mutex_lock(&p->mu);
    if (p->n_idle < PL_HTTP_POOL_MAX) {
        p->idle[p->n_idle++] = pc;
        pc = NULL;
    }
    pthread_mutex_unlock(&p->mu);
    if (pc) {
        pl_store_close(pc->store);
        free(pc);
    }
}

void pl_http_pool_free(pl_http_pool *p)
{
    if (p == NULL)
        return;
    for (int i = 0; i < p->n_idle; i++) {
        pl_store_close(p->idle[i]->store);
        free(p->idle[i]);
    }
    pl_store_shared_free(p->shared);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

static long long memo_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec;
}

bool pl_http_auth_memo_find(const pl_http_auth_memo *m, pl_user *out, const char *digest,
                            int64_t data_version, unsigned long epoch)
{
    long long now = memo_now();
    for (int i = 0; i < PL_HTTP_AUTH_MEMO; i++) {
        if (m->slot[i].used && m->slot[i].data_version == data_version &&
            m->slot[i].epoch == epoch && now - m->slot[i].made < PL_HTTP_AUTH_MEMO_TTL &&
            pl_auth_equal(m->slot[i].digest, digest, PL_DIGEST_HEX - 1)) {
            *out = m->slot[i].user;
            return true;
        }
    }
    return false;
}

void pl_http_auth_memo_put(pl_http_auth_memo *m, const char *digest, const pl_user *u,
                           int64_t data_version, unsigned long epoch)
{
    unsigned i = m->next++ % PL_HTTP_AUTH_MEMO;
    m->slot[i].used = true;
    memcpy(m->slot[i].digest, digest, PL_DIGEST_HEX);
    m->slot[i].user = *u;
    m->slot[i].data_version = data_version;
    m->slot[i].epoch = epoch;
    m->slot[i].made = memo_now();
}
