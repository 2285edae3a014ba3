/*
 * buf.h - one growable byte buffer with a hard size cap, used for every
 * JSON, CSV and HTTP body so that no output grows without bound.
 *
 * The buffer owns data; pl_buf_free releases it. data is always
 * NUL-terminated after a successful append (len excludes the NUL).
 */
#ifndef PL_UTIL_BUF_H
#define PL_UTIL_BUF_H

#include <stddef.h>

typedef struct pl_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max; /* appends that would exceed max fail with PL_ENOMEM */
} pl_buf;

#define PL_BUF_DEFAULT_MAX ((size_t)256 * 1024 * 1024)

/* Initialises an empty buffer capped at max bytes (0 means the default). */
void pl_buf_init(pl_buf *b, size_t max);

/* Releases the buffer's memory; safe on a zeroed or freed buffer. */
void pl_buf_free(pl_buf *b);

/* Empties the buffer but keeps its memory. */
void pl_buf_reset(pl_buf *b);

/* Appends n bytes. Returns 0 or PL_ENOMEM (buffer unchanged). */
int pl_buf_append(pl_buf *b, const void *p, size_t n);

/* Appends a NUL-terminated string. */
int pl_buf_puts(pl_buf *b, const char *s);

/* Appends one byte. */
int pl_buf_putc(pl_buf *b, char c);

/* Appends printf-style formatted text. */
int pl_buf_printf(pl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Hands the data to the caller (who frees it with free()) and empties b. */
char *pl_buf_steal(pl_buf *b);

#endif
