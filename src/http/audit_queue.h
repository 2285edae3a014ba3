/*
 * audit_queue.h - the read audit: handlers record each read of a personal
 * record here, and one writer thread stores the rows in batches on its own
 * data-base connection. Private to src/http/.
 *
 * Contract. pl_http_audit_queue_push copies a row into the live queue
 * (PL_HTTP_AUDIT_QUEUE rows) and returns at once; it blocks only while the
 * queue is full. The writer thread wakes every PL_HTTP_AUDIT_PERIOD_MS, or
 * at once when the queue is half full or someone flushes; it swaps the live
 * queue with a spare one under the mutex, then writes the whole batch in
 * one transaction outside it (up to 5 attempts; a batch that still fails is
 * noted in the access log and dropped). On each wake it also flushes the
 * access log. pl_http_audit_queue_flush returns once every row pushed
 * before the call is written (or dropped). pl_http_audit_queue_free stops
 * the thread after it has written what is queued. Rows carry the time they
 * were pushed, so a late write does not change what the audit says.
 */
#ifndef PL_HTTP_AUDIT_QUEUE_H
#define PL_HTTP_AUDIT_QUEUE_H

#include "http/access_log.h"
#include "util/error.h"

#include <stdint.h>

#define PL_HTTP_AUDIT_QUEUE 16384   /* rows per batch at most */
#define PL_HTTP_AUDIT_PERIOD_MS 100 /* the writer's period */

typedef struct pl_http_audit_queue pl_http_audit_queue;

/*
 * An empty queue (both row arrays allocated, no thread yet) whose writer
 * will note failures in log and flush it (log borrowed; NULL = none).
 * *out is owned by the caller (pl_http_audit_queue_free). Errors: PL_ENOMEM.
 */
int pl_http_audit_queue_new(pl_http_audit_queue **out, pl_http_log *log, pl_error *err);

/*
 * Opens the writer's own connection to db_path and starts the writer thread.
 * Errors: those of pl_store_open, PL_EINTERNAL (no thread).
 */
int pl_http_audit_queue_start(pl_http_audit_queue *q, const char *db_path, pl_error *err);

/* Queues one "read" row: actor and client read entity/id now (strings copied, cut to fit). */
void pl_http_audit_queue_push(pl_http_audit_queue *q, const char *actor, const char *client,
                              const char *entity, int64_t id);

/* Waits until every row pushed before the call is in the data base. The thread must run. */
void pl_http_audit_queue_flush(pl_http_audit_queue *q);

/* Stops the writer after it has written the queued rows; closes its connection; frees q (NULL ok).
 */
void pl_http_audit_queue_free(pl_http_audit_queue *q);

#endif
