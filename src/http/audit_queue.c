/* audit_queue.c - batched read audit with one writer thread and replies held until written. */
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
    unsigned long long enqueued, written; /* rows pushed, rows settled (written or dropped) */
    int stop;
    int urgent;   /* write now: a reply waits, the queue is half full, or a flush waits */
    int sleeping; /* the writer waits on work */
    int resuming; /* the writer is resuming connections outside the mutex */
    int released; /* pl_http_audit_queue_release ran: no reply is held any more */
    pl_http_audit_wait *waiters; /* linked waiters, newest first */
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

/* Writes one batch in one transaction; 0 when committed. */
static int write_batch(pl_http_audit_queue *q, const pl_audit_read *rows, size_t n)
{
    pl_error err;
    pl_error_clear(&err);
    for (int attempt = 0; attempt < 5; attempt++) {
        /* One transaction on the read-audit file only: the data base's readers keep their caches.
         */
        if (pl_store_audit_reads(q->store, rows, n, &err) == 0)
            return 0;
    }
    pl_http_log_line(q->log, "audit: %zu baris baca gagal ditulis: %s\n", n, err.message);
    return -1;
}

static void unlink_waiter(pl_http_audit_queue *q, pl_http_audit_wait *w)
{
    if (w->prev)
        w->prev->next = w->next;
    else
        q->waiters = w->next;
    if (w->next)
        w->next->prev = w->prev;
    w->prev = w->next = NULL;
    w->linked = 0;
}

/*
 * Under the mutex: settles the waiters whose rows lie in (lo, hi], failing
 * them when the batch failed (also those with only some rows in it), and
 * returns the armed ones as a list through their next pointers (unlinked:
 * only the writer touches them until it calls their resume).
 */
static pl_http_audit_wait *settle(pl_http_audit_queue *q, unsigned long long lo,
                                  unsigned long long hi, int failed)
{
    pl_http_audit_wait *ready = NULL, *w = q->waiters;
    while (w) {
        pl_http_audit_wait *next = w->next;
        if (failed && w->first <= hi && w->last > lo)
            w->failed = 1;
        if (w->last <= hi) {
            unlink_waiter(q, w);
            w->done = 1;
            if (w->armed) {
                w->next = ready;
                ready = w;
            }
        }
        w = next;
    }
    return ready;
}

/* Outside the mutex (q->resuming set): lets the held connections go. */
static void resume_all(pl_http_audit_wait *ready)
{
    while (ready) {
        pl_http_audit_wait *next = ready->next;
        void (*fn)(void *) = ready->resume;
        void *arg = ready->arg;
        ready->next = NULL;
        fn(arg); /* ready may be freed from here on */
        ready = next;
    }
}

static void *writer_main(void *arg)
{
    pl_http_audit_queue *q = arg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        /*
         * Write every 100 ms, or at once when a reply waits, the queue fills or
         * someone flushes: rows pushed while a batch is written go together in
         * the next one, and few large transactions keep readers' caches valid.
         */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += PL_HTTP_AUDIT_PERIOD_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        q->sleeping = 1;
        while (!q->stop && !q->urgent && pthread_cond_timedwait(&q->work, &q->mu, &until) == 0)
            ;
        q->sleeping = 0;
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
        int failed = write_batch(q, batch, n) != 0;
        pthread_mutex_lock(&q->mu);
        q->spare = batch;
        unsigned long long lo = q->written;
        q->written += n;
        pl_http_audit_wait *ready = settle(q, lo, q->written, failed);
        pthread_cond_broadcast(&q->done);
        if (ready) {
            q->resuming = 1;
            pthread_mutex_unlock(&q->mu);
            resume_all(ready);
            pthread_mutex_lock(&q->mu);
            q->resuming = 0;
            pthread_cond_broadcast(&q->done);
        }
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

int pl_http_audit_queue_start(pl_http_audit_queue *q, const char *db_path, unsigned flags,
                              long max_pages, pl_error *err)
{
    int rc = pl_store_open(&q->store, db_path, flags, err);
    if (rc)
        return rc;
    if (max_pages > 0 && (rc = pl_store_set_max_pages(q->store, max_pages, err)))
        return rc;
    if (pthread_create(&q->thread, NULL, writer_main, q) != 0)
        return pl_error_set(err, PL_EINTERNAL, "", "thread audit tidak dapat dibuat");
    q->started = 1;
    return 0;
}

void pl_http_audit_queue_push(pl_http_audit_queue *q, pl_http_audit_wait *w, const char *actor,
                              const char *client, const char *entity, int64_t id)
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
    if (w && q->released) {
        w->done = w->failed = 1; /* stopping: the reply fails rather than wait */
    } else if (w) {
        if (!w->linked) {
            w->first = q->enqueued;
            w->linked = 1;
            w->done = w->failed = w->armed = 0;
            w->prev = NULL;
            w->next = q->waiters;
            if (q->waiters)
                q->waiters->prev = w;
            q->waiters = w;
        }
        w->last = q->enqueued;
    }
    if (w || q->n == PL_HTTP_AUDIT_QUEUE / 2) {
        q->urgent = 1;
        if (q->sleeping)
            pthread_cond_signal(&q->work);
    }
    pthread_mutex_unlock(&q->mu);
}

int pl_http_audit_queue_wait_begin(pl_http_audit_queue *q, pl_http_audit_wait *w)
{
    pthread_mutex_lock(&q->mu);
    int settled = !w->linked;
    pthread_mutex_unlock(&q->mu);
    return settled;
}

int pl_http_audit_queue_wait_arm(pl_http_audit_queue *q, pl_http_audit_wait *w,
                                 void (*resume)(void *arg), void *arg)
{
    pthread_mutex_lock(&q->mu);
    int settled = !w->linked;
    if (!settled) {
        w->resume = resume;
        w->arg = arg;
        w->armed = 1;
    }
    pthread_mutex_unlock(&q->mu);
    return settled;
}

void pl_http_audit_queue_forget(pl_http_audit_queue *q, pl_http_audit_wait *w)
{
    pthread_mutex_lock(&q->mu);
    if (w->linked)
        unlink_waiter(q, w);
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

void pl_http_audit_queue_release(pl_http_audit_queue *q)
{
    if (q == NULL)
        return;
    pthread_mutex_lock(&q->mu);
    while (q->resuming)
        pthread_cond_wait(&q->done, &q->mu);
    q->released = 1;
    pl_http_audit_wait *ready = NULL;
    while (q->waiters) {
        pl_http_audit_wait *w = q->waiters;
        unlink_waiter(q, w);
        w->done = w->failed = 1;
        if (w->armed) {
            w->next = ready;
            ready = w;
        }
    }
    pthread_mutex_unlock(&q->mu);
    resume_all(ready);
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
