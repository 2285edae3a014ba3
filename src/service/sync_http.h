/*
 * sync_http.h - the field instance's HTTP client (libcurl): one request to
 * the server's API with a bearer token, the reply body in memory.
 */
#ifndef PL_SERVICE_SYNC_HTTP_H
#define PL_SERVICE_SYNC_HTTP_H

#include "util/error.h"

#include <stddef.h>

/*
 * Sends method ("GET" or "POST") to url with token and, for POST, body
 * (blen bytes, content type ctype). *out (malloc'd, NUL-terminated, the
 * caller frees) and *len receive the reply body, *status the HTTP status.
 * A reply other than 2xx is PL_EIO (PL_EDENIED for 401/403) with the
 * server's message when it sent the error shape. Errors: PL_EIO (no
 * connection: the message says so in Bahasa Indonesia).
 */
int pl_sync_http(char **out, size_t *len, long *status, const char *method, const char *url,
                 const char *token, const void *body, size_t blen, const char *ctype,
                 pl_error *err);

#endif
