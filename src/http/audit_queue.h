/*
 * audit_queue.h - the read audit: handlers record each read of a personal
 * record here, and one writer thread stores the rows in batches on its own
 * data-base connection. Private to src/http/.
 *
 * Contract. pl_http_audit_queue_push copies a row into the live queue
 * (PL_HTTP_AUDIT_QUEUE rows) and returns at once; it blocks only while the
 * queue is full. The writer thread wakes every PL_HTTP_AUDIT_PERIOD_MS, or
 * at once when a reply waits for its rows (a push with a waiter), the queue
 * is half full or someone flushes; it swaps the live queue with a spare one
 * under the mutex, then writes the whole batch in one transaction outside
 * it (up to 5 attempts; a batch that still fails is noted in the access log
 * and dropped). Rows pushed while it writes go into the next batch, so a
 * busy server commits many requests' rows at once (group commit). On each
 * wake it also flushes the access log.
 *
 * Holding replies. A request that pushes with a pl_http_audit_wait is
 * linked to the queue until the batch holding its last row is committed
 * or has failed. After the handler, the server asks pl_http_audit_queue_
 * wait_begin: done (the reply may go, or must fail when the audit failed),
 * else it suspends the connection and calls pl_http_audit_queue_wait_arm;
 * the writer then calls the waiter's resume function once the batch is
 * settled (arm reports a batch settled in between, and the caller resumes
 * itself). Resume functions run on the writer thread, outside the mutex.
 *
 * pl_http_audit_queue_flush returns once every row pushed before the call
 * is written (or dropped). pl_http_audit_queue_release fails every waiter
 * still linked and resumes those armed (the server stops). pl_http_audit_
 * queue_free stops the thread after it has written what is queued. Rows
 * carry the time they were pushed, so a late write does not change what
 * the audit says.
 */
#ifndef PL_HTTP_AUDIT_QUEUE_H
#define PL_HTTP_AUDIT_QUEUE_H

#include "http/access_log.h"
#include "util/error.h"

#include <stdint.h>

#define PL_HTTP_AUDIT_QUEUE 16384   /* rows per batch at most */
#define PL_HTTP_AUDIT_PERIOD_MS 100 /* the writer's period when no reply waits */

typedef struct pl_http_audit_queue pl_http_audit_queue;

/*
 * One request's claim on the audit: zeroed by its owner before the first
 * push, then touched only through the functions below (under the queue's
 * mutex). Must stay alive until done, or until pl_http_audit_queue_forget.
 */
typedef struct pl_http_audit_wait {
    struct pl_http_audit_wait *prev, *next; /* in the queue's list while linked */
    unsigned long long first, last; /* sequence numbers of its first and last rows; 0 = none */
    int linked, done, failed, armed;
    void (*resume)(void *arg); /* called by the writer once settled, when armed */
    void *arg;
} pl_http_audit_wait;

/*
 * An empty queue (both row arrays allocated, no thread yet) whose writer
 * will note failures in log and flush it (log borrowed; NULL = none).
 * *out is owned by the caller (pl_http_audit_queue_free). Errors: PL_ENOMEM.
 */
int pl_http_audit_queue_new(pl_http_audit_queue **out, pl_http_log *log, pl_error *err);

/*
 * Opens the writer's own connection to db_path (pl_store_open flags) and
 * starts the writer thread.
 * The writer's transactions write only the read-audit file (store/audit.h).
 * max_pages > 0 caps the size of the data base and of the read-audit file on
 * that connection (tests only, pl_store_set_max_pages). Errors: those of pl_store_open,
 * PL_EINTERNAL.
 */
int pl_http_audit_queue_start(pl_http_audit_queue *q, const char *db_path, unsigned flags,
                              long max_pages, pl_error *err);

/*
 * Queues one "read" row: actor and client read entity/id now (strings
 * copied, cut to fit). w (NULL = nobody waits) is linked to the queue and
 * remembers the row; the writer is woken so the row is committed soon.
 */
void pl_http_audit_queue_push(pl_http_audit_queue *q, pl_http_audit_wait *w, const char *actor,
                              const char *client, const char *entity, int64_t id);

/*
 * After the handler: 1 when w's rows are settled (or it has none): then
 * w->failed says whether they were lost; 0 when the caller must wait.
 */
int pl_http_audit_queue_wait_begin(pl_http_audit_queue *q, pl_http_audit_wait *w);

/*
 * Once suspended: arms w with resume(arg) for the writer to call. Returns 1
 * when w was settled meanwhile (the writer will not call: resume yourself).
 */
int pl_http_audit_queue_wait_arm(pl_http_audit_queue *q, pl_http_audit_wait *w,
                                 void (*resume)(void *arg), void *arg);

/* Unlinks w if it is still linked (a request that ends early). */
void pl_http_audit_queue_forget(pl_http_audit_queue *q, pl_http_audit_wait *w);

/* Waits until every row pushed before the call is in the data base. The thread must run. */
void pl_http_audit_queue_flush(pl_http_audit_queue *q);

/* Fails every linked waiter and resumes the armed ones (the server is stopping). */
void pl_http_audit_queue_release(pl_http_audit_queue *q);

/* Stops the writer after it has written the queued rows; closes its connection; frees q (NULL ok).
 */
void pl_http_audit_queue_free(pl_http_audit_queue *q);

#endif
