/*
 * static.h - the web UI's static files, served for a slow link: precompressed
 * variants (file.br, file.gz written next to each file at build time by
 * scripts/precompress-web), validators (ETag, If-None-Match -> 304) and
 * versioned paths.
 *
 * Versioned paths: "/v/<version>/<path>" serves <path> of the web folder.
 * <version> is a content hash of the whole folder (every file but the .br/.gz
 * variants and hidden ones); with the current version the reply says
 * "Cache-Control: public, max-age=31536000, immutable", with any other (an
 * old page, the placeholder "dev") "no-cache". HTML files are served with
 * every "/v/dev/" replaced by "/v/<version>/" and "no-cache", so a page
 * always names the assets of the files on disk, and a relative import in a
 * versioned module stays versioned. The version is recomputed when the
 * folder's names, sizes or modification times change (checked at most once a
 * second, and on every HTML request).
 *
 * docs/internals/http-server.md, section "Static files", has the details.
 */
#ifndef PL_HTTP_STATIC_H
#define PL_HTTP_STATIC_H

#include "http/http.h"
#include "util/error.h"

typedef struct pl_http_static pl_http_static;

/* The version placeholder HTML files carry ("/v/dev/..."). */
#define PL_HTTP_STATIC_DEV "dev"

/*
 * A server of the files under web_dir (copied) into *out, owned by the
 * caller (pl_http_static_free). Computes the first version. Errors:
 * PL_ENOMEM.
 */
int pl_http_static_new(pl_http_static **out, const char *web_dir, pl_error *err);

/* Frees st (NULL ok). */
void pl_http_static_free(pl_http_static *st);

/*
 * Answers a GET/HEAD of path (the URL path, "/..." ) into r: status 200
 * with r->out_fd (a file) or r->out (a rewritten HTML page), or 304 when
 * If-None-Match names the representation; headers ETag, Cache-Control,
 * Vary (compressible types) and Content-Encoding (a .br/.gz variant chosen
 * by Accept-Encoding, used only when not older than its file). No "..", no
 * hidden files, no symlinks, regular files only. Errors: PL_ENOTFOUND (with
 * r->err filled), PL_ENOMEM.
 */
int pl_http_static_serve(pl_http_static *st, pl_http_req *r, const char *path);

/* The current version (a hex string, borrowed until the next call). For tests and logs. */
const char *pl_http_static_version(pl_http_static *st, char out[32]);

/*
 * The weight q (0..1) Accept-Encoding header gives coding ("br", "gzip"),
 * "*" standing for codings it does not name; 0 when header is NULL or the
 * coding is refused. Pure; exported for unit tests.
 */
double pl_http_static_accept_q(const char *header, const char *coding);

/*
 * Whether If-None-Match header (a list of entity tags, or "*") matches etag
 * (a quoted strong tag); weak tags compare by their opaque part. Pure.
 */
bool pl_http_static_etag_match(const char *header, const char *etag);

#endif
