/*
 * server.h - the HTTP server (`pilar serve`) on GNU libmicrohttpd: a thread
 * pool with one data-base connection per busy worker, optional TLS, request
 * body limits, uploads streamed to disk, slow-client timeouts and a header
 * deadline, a per-address connection cap, one access-log line per request, the JSON API of
 * router.c, static files of the web UI, and a graceful stop. The one header
 * of src/http/ that src/cli/ may include. The server reads no environment:
 * everything it needs is in pl_http_config (docs/internals/http-server.md).
 */
#ifndef PL_HTTP_SERVER_H
#define PL_HTTP_SERVER_H

#include "service/auth.h"
#include "service/session.h"
#include "util/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct pl_http_server pl_http_server;

typedef struct pl_http_config {
    const char *listen;       /* "ADDR:PORT" or "[ADDR6]:PORT"; NULL = 127.0.0.1:8080 */
    const char *db_path;      /* SQLite file (must be initialised) */
    const char *web_dir;      /* static files; NULL = "web" */
    const char *data_dir;     /* server-side files (import rejects); NULL = "pilar-data" */
    int threads;              /* worker threads; 0 = number of cores */
    int timeout_seconds;      /* idle/slow connection timeout; 0 = 30 */
    size_t json_max;          /* body limit of ordinary requests; 0 = 1 MiB */
    size_t upload_max;        /* body limit of imports; 0 = 64 MiB */
    FILE *log;                /* access log (one line per request); NULL = none */
    pl_auth_cost pwhash_cost; /* cost of passwords set over the API (PILAR_PWHASH=fast: minimum) */
    bool cookie_secure;   /* mark the session cookie Secure (PILAR_COOKIE_SECURE=1); also implied
                             by tls_cert and by trusted_proxy */
    const char *tls_cert; /* PEM certificate file: serve HTTPS (with HSTS); NULL = plain HTTP */
    const char *tls_key;  /* PEM private key file of tls_cert (required with it) */
    const char *trusted_proxy; /* behind a reverse proxy at this address (e.g. "127.0.0.1"): its
                                  X-Real-IP / X-Forwarded-For name the client; NULL = none */
    int per_ip_max;     /* connections at once from one address; 0 = 32 (none behind a proxy) */
    int header_seconds; /* a request's headers must arrive within this; 0 = 10 */
    int uploads_max;    /* uploads (imports) received or run at once; 0 = 2 */
    const char *tile_origin; /* map tile server allowed in img-src ("https://host"); NULL = none */
    const char *card_base_url; /* public URL printed in card QR codes; NULL = the default */
    long test_db_max_pages;    /* tests only: > 0 caps the data base (a full disk); 0 = none */
    pl_session_policy session; /* idle timeout, TOTP for administrators, dummy-hash cost */
    unsigned store_flags;      /* extra pl_store_open flags of every connection (durability) */
    const char *read_db_path;  /* a streaming standby of db_path (PostgreSQL) for the routes that
                                  only read; NULL = every read goes to db_path */
} pl_http_config;

/*
 * Starts serving in background threads. The config's strings are copied
 * (and the TLS files read). *out is owned by the caller
 * (pl_http_server_stop). Errors: PL_EIO (data base or listening address),
 * PL_ECONFLICT (address in use), PL_EINVAL (bad listen or proxy address;
 * TLS unsupported, unreadable, not PEM, or key not matching the certificate:
 * field "tls-cert" or "tls-key").
 */
int pl_http_server_start(pl_http_server **out, const pl_http_config *cfg, pl_error *err);

/*
 * Stops gracefully: no new connections, requests in flight finish (up to
 * 10 s), queued audit rows are written, every data-base connection closes.
 * Frees srv (NULL ok).
 */
void pl_http_server_stop(pl_http_server *srv);

/* Writes the route table ("METHOD PATH  permission") to f, one route a line. */
void pl_http_routes_print(FILE *f);

#endif
