/*
 * response_cache.h - short-lived JSON answers of expensive aggregate
 * queries (region summaries, map choropleths), keyed by route and the
 * caller's scope. Never personal data. Private to src/http/.
 *
 * Contract. PL_HTTP_CACHE_SLOTS entries under one mutex. An answer is fresh
 * for PL_HTTP_CACHE_TTL_MS after it was stored. A lookup of a fresh answer
 * copies it to the caller. The first lookup of a stale answer is a miss and
 * marks the entry "refreshing": that caller recomputes and stores, while
 * every other caller keeps getting the stale answer meanwhile (no stampede).
 * If the refreshing caller never stores (it failed), another caller gets
 * the miss after PL_HTTP_CACHE_RETRY_MS. Storing into a full cache replaces
 * the oldest entry. pl_http_response_cache_expire marks every answer stale
 * (the server calls it after each successful write request), which with
 * the rule above means the next reader recomputes while others may still
 * see the previous answer until it has.
 */
#ifndef PL_HTTP_RESPONSE_CACHE_H
#define PL_HTTP_RESPONSE_CACHE_H

#include "util/buf.h"
#include "util/error.h"

#include <stddef.h>

#define PL_HTTP_CACHE_SLOTS 32
#define PL_HTTP_CACHE_KEY_MAX 48 /* bytes with the NUL; longer keys are never stored */
#define PL_HTTP_CACHE_TTL_MS 5000
#define PL_HTTP_CACHE_RETRY_MS 30000

typedef struct pl_http_response_cache pl_http_response_cache;

/* An empty cache; *out is owned by the caller (pl_http_response_cache_free). Errors: PL_ENOMEM. */
int pl_http_response_cache_new(pl_http_response_cache **out, pl_error *err);

/*
 * Copies the answer under key into out (replacing its contents) and returns
 * 1, or returns 0 on a miss (none, or stale and this caller should
 * recompute, or out could not grow).
 */
int pl_http_response_cache_get(pl_http_response_cache *c, pl_buf *out, const char *key);

/* Stores a copy of data (len bytes) under key; silently does nothing when out of memory. */
void pl_http_response_cache_put(pl_http_response_cache *c, const char *key, const char *data,
                                size_t len);

/* Marks every answer stale. */
void pl_http_response_cache_expire(pl_http_response_cache *c);

/* Frees every answer and c (NULL ok). */
void pl_http_response_cache_free(pl_http_response_cache *c);

#endif
