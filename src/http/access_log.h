/*
 * access_log.h - the server's access log: one line per request (and the
 * read-audit queue's failure notes), gathered in memory and written to the
 * log file in large pieces. Private to src/http/.
 *
 * Contract. pl_http_log_line formats one line (cut at 1 KiB, always ending
 * in a newline) and appends it under a mutex to a 256 KiB buffer; the
 * buffer reaches the file (fwrite + fflush) when a line would not fit, when
 * pl_http_log_flush is called (the read-audit writer thread does so every
 * 100 ms), and at pl_http_log_free. If the buffer could not be allocated,
 * lines go straight to the file. Every function accepts a NULL log, which
 * logs nothing. Lines from different threads never interleave; their order
 * in the file is the order they took the mutex.
 */
#ifndef PL_HTTP_ACCESS_LOG_H
#define PL_HTTP_ACCESS_LOG_H

#include "util/error.h"

#include <stdio.h>

#define PL_HTTP_LOG_BUF (256 * 1024)

typedef struct pl_http_log pl_http_log;

/*
 * A log writing to f (borrowed; not closed), or *out = NULL when f is NULL.
 * *out is owned by the caller (pl_http_log_free). Errors: PL_ENOMEM.
 */
int pl_http_log_new(pl_http_log **out, FILE *f, pl_error *err);

/* Adds one line (fmt ends with a newline); lines over 1 KiB are cut. */
void pl_http_log_line(pl_http_log *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes the gathered lines to the file now. */
void pl_http_log_flush(pl_http_log *log);

/* Flushes and frees log (NULL ok); the file stays open. */
void pl_http_log_free(pl_http_log *log);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into out (formatted once a second per thread). */
void pl_http_utc_now(char out[24]);

#endif
