/* audit_queue.c - batched read audit with one writer thread. */
#include "http/audit_queue.h"
#include "store/audit.h"
#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pl_http_audit_queue {
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    pl_audit_read *rows, *spare; /* live queue; the batch being written swaps in as spare */
    size_t n;
    unsigned long long enqueued, written;
    int stop;
    int urgent; /* write now: queue half full or a flush waits */
    pthread_t thread;
    int started;
    pl_store *store;
    pl_http_log *log;
};

int pl_http_audit_queue_new(pl_http_audit_queue **out, pl_http_log *log, pl_error *err)
{
    *out = NULL;
    pl_http_audit_queue *q = calloc(1, sizeof *q);
    if (q == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->work, NULL);
    pthread_cond_init(&q->done, NULL);
    q->log = log;
    q->rows = calloc(PL_HTTP_AUDIT_QUEUE, sizeof *q->rows);
    q->spare = calloc(PL_HTTP_AUDIT_QUEUE, sizeof *q->spare);
    if (q->rows == NULL || q->spare == NULL) {
        pl_http_audit_queue_free(q);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    *out = q;
    return 0;
}

static void write_batch(pl_http_audit_queue *q, const pl_audit_read *rows, size_t n)
{
    pl_error err;
    pl_error_clear(&err);
    for (int attempt = 0; attempt < 5; attempt++) {
        if (pl_store_begin(q->store, &err) == 0 &&
            pl_store_audit_reads(q->store, rows, n, &err) == 0 &&
            pl_store_commit(q->store, &err) == 0)
            return;
        pl_store_rollback(q->store);
    }
    pl_http_log_line(q->log, "audit: %zu baris baca gagal ditulis: %s\n", n, err.message);
}

static void *writer_main(void *arg)
{
    pl_http_audit_queue *q = arg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        /*
         * Write every 100 ms, or sooner when the queue fills or someone flushes:
         * few large transactions keep the readers' page caches valid.
         */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += PL_HTTP_AUDIT_PERIOD_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!q->stop && !q->urgent && pthread_cond_timedwait(&q->work, &q->mu, &until) == 0)
            ;
        q->urgent = 0;
        pthread_mutex_unlock(&q->mu);
        pl_http_log_flush(q->log);
        pthread_mutex_lock(&q->mu);
        if (q->n == 0) {
            if (q->stop)
                break;
            continue;
        }
        pl_audit_read *batch = q->rows;
        size_t n = q->n;
        q->rows = q->spare;
        q->spare = NULL;
        q->n = 0;
        pthread_mutex_unlock(&q->mu);
        write_batch(q, batch, n);
        pthread_mutex_lock(&q->mu);
        q->spare = batch;
        q->written += n;
        pthread_cond_broadcast(&q->done);
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

int pl_http_audit_queue_start(pl_http_audit_queue *q, const char *db_path, pl_error *err)
{
    int rc = pl_store_open(&q->store, db_path, 0, err);
    if (rc)
        return rc;
    if (pthread_create(&q->thread, NULL, writer_main, q) != 0)
        return pl_error_set(err, PL_EINTERNAL, "", "thread audit tidak dapat dibuat");
    q->started = 1;
    return 0;
}

void pl_http_audit_queue_push(pl_http_audit_queue *q, const char *actor, const char *client,
                              const char *entity, int64_t id)
{
    char at[24];
    pl_http_utc_now(at);
    pthread_mutex_lock(&q->mu);
    while (q->n == PL_HTTP_AUDIT_QUEUE)
        pthread_cond_wait(&q->done, &q->mu);
    pl_audit_read *it = &q->rows[q->n++];
    memcpy(it->at, at, sizeof it->at);
    snprintf(it->actor, sizeof it->actor, "%s", actor);
    snprintf(it->client, sizeof it->client, "%s", client);
    snprintf(it->entity, sizeof it->entity, "%s", entity);
    it->entity_id = id;
    q->enqueued++;
    if (q->n == PL_HTTP_AUDIT_QUEUE / 2) {
        q->urgent = 1;
        pthread_cond_signal(&q->work);
    }
    pthread_mutex_unlock(&q->mu);
}

void pl_http_audit_queue_flush(pl_http_audit_queue *q)
{
    pthread_mutex_lock(&q->mu);
    unsigned long long target = q->enqueued;
    q->urgent = 1;
    pthread_cond_signal(&q->work);
    while (q->written < target)
        pthread_cond_wait(&q->done, &q->mu);
    pthread_mutex_unlock(&q->mu);
}

void pl_http_audit_queue_free(pl_http_audit_queue *q)
{
    if (q == NULL)
        return;
    if (q->started) {
        pthread_mutex_lock(&q->mu);
        q->stop = 1;
        pthread_cond_broadcast(&q->work);
        pthread_mutex_unlock(&q->mu);
        pthread_join(q->thread, NULL);
    }
    pl_store_close(q->store);
    free(q->rows);
    free(q->spare);
    pthread_cond_destroy(&q->work);
    pthread_cond_destroy(&q->done);
    pthread_mutex_destroy(&q->mu);
    free(q);
}
