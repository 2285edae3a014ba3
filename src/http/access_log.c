/* access_log.c - buffered one-line-per-request log. */
#include "http/access_log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pl_http_log {
    FILE *f;
    pthread_mutex_t mu;
    char *buf; /* NULL: lines go straight to the file */
    size_t n;
};

int pl_http_log_new(pl_http_log **out, FILE *f, pl_error *err)
{
    *out = NULL;
    if (f == NULL)
        return 0;
    pl_http_log *log = calloc(1, sizeof *log);
    if (log == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    log->f = f;
    log->buf = malloc(PL_HTTP_LOG_BUF);
    pthread_mutex_init(&log->mu, NULL);
    *out = log;
    return 0;
}

/* Writes the gathered lines to the file; mu held. */
static void flush_locked(pl_http_log *log)
{
    if (log->n) {
        fwrite(log->buf, 1, log->n, log->f);
        fflush(log->f);
        log->n = 0;
    }
}

void pl_http_log_flush(pl_http_log *log)
{
    if (log == NULL)
        return;
    pthread_mutex_lock(&log->mu);
    flush_locked(log);
    pthread_mutex_unlock(&log->mu);
}

void pl_http_log_line(pl_http_log *log, const char *fmt, ...)
{
    if (log == NULL)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    if (len && line[len - 1] != '\n')
        line[len - 1] = '\n'; /* cut: keep one line per entry */
    pthread_mutex_lock(&log->mu);
    if (log->buf == NULL || log->n + len > PL_HTTP_LOG_BUF)
        flush_locked(log);
    if (log->buf) {
        memcpy(log->buf + log->n, line, len);
        log->n += len;
    } else {
        fwrite(line, 1, len, log->f);
    }
    pthread_mutex_unlock(&log->mu);
}

void pl_http_log_free(pl_http_log *log)
{
    if (log == NULL)
        return;
    pl_http_log_flush(log);
    pthread_mutex_destroy(&log->mu);
    free(log->buf);
    free(log);
}

void pl_http_utc_now(char out[24])
{
    static _Thread_local time_t sec = -1;
    static _Thread_local char text[24];
    time_t now = time(NULL);
    if (now != sec) {
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
        sec = now;
    }
    memcpy(out, text, sizeof text);
}
