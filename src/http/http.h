/*
 * http.h - what request handlers see: the request with its caller, helpers
 * to read parameters and JSON bodies, to reply, and to fail with the one
 * error shape {"error":{"code","message","field"}}. Private to src/http/.
 *
 * A handler returns 0 after setting a reply, or a negative PL_E* code with
 * r->err filled; the server turns the code into the HTTP status (one table,
 * json.c) and the error body. Handlers never touch MHD directly.
 */
#ifndef PL_HTTP_HTTP_H
#define PL_HTTP_HTTP_H

#include "domain/account.h"
#include "domain/ident.h"
#include "service/auth.h"
#include "store/auth.h"
#include "store/store.h"
#include "util/buf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct pl_http_server pl_http_server;
struct MHD_Connection;

#define PL_HTTP_MAX_PARAMS 3
#define PL_HTTP_MAX_HEADERS 4

/* A pooled connection's checked tokens (http/pool.h). */
typedef struct pl_http_auth_memo pl_http_auth_memo;

typedef struct pl_http_req {
    pl_http_server *srv;
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    const char *params[PL_HTTP_MAX_PARAMS]; /* {placeholders} of the route, in order */
    char param_buf[256];
    int n_params;
    const char *body;        /* NUL-terminated copy of the body, or NULL (and for upload routes) */
    size_t body_len;         /* bytes of body, or of upload_path */
    const char *upload_path; /* upload routes: the body (or multipart 'file' part) in a 0600
                                file, removed by the server after the request; NULL otherwise */
    const char *upload_name; /* multipart file name, or NULL */
    pl_store *store;         /* this request's connection (from the pool) */
    pl_http_auth_memo *memo; /* that connection's checked tokens, or NULL */
    struct pl_http_audit_wait *audit_wait; /* the reply waits for the read-audit rows it queues */
    /* The caller. */
    bool authed;
    bool by_cookie;
    pl_user user;
    char csrf[PL_DIGEST_HEX]; /* the session's CSRF token (cookie callers) */
    unsigned perms;
    pl_ident_view ident; /* storage behind view */
    const pl_ident_view
        *view; /* what NIK, KK, birth date become for the caller; NULL = as stored */
    char client[64];
    pl_actor actor;
    /* The reply. */
    int status;
    pl_buf out;
    const char *out_type;
    int out_fd; /* file to send instead of out (>= 0), closed by the server */
    long long out_fd_size;
    char hdr_name[PL_HTTP_MAX_HEADERS][32];
    char hdr_value[PL_HTTP_MAX_HEADERS][256];
    int n_hdr;
    /* The failure, when the handler returns < 0. */
    pl_error err;
    int fail_status;    /* non-zero: HTTP status for errors that are not PL_E* codes */
    char fail_code[32]; /* machine name for those */
    /* Each problem of a refused record at its own field ("problems" in the error). */
    struct {
        char field[64];
        char message[200];
    } err_items[8];
    int n_err_items;
    int64_t err_id; /* > 0: the record the failure is about ("id" in the error, e.g. the
                       person already holding a NIK, inside the caller's scope) */
} pl_http_req;

typedef int (*pl_http_handler)(pl_http_req *r);

/* ------------------------------------------------------------- json.c */

/* HTTP status for a PL_E* code (the one mapping; field set on EINVAL -> 422). */
int pl_http_status_for(int code, const char *field);

/* Serialises v (reference stolen) as the JSON reply with status. Returns 0 or PL_ENOMEM. */
int pl_http_reply_json(pl_http_req *r, int status, json_t *v);

/* Builds {"items":[...],"next":...} (items stolen); next NULL = no more pages. */
int pl_http_reply_page(pl_http_req *r, json_t *items, const char *next);

/*
 * Fails with an HTTP status that has no PL_E* code (401, 405, 415, 429):
 * sets r->fail_status/fail_code and r->err; returns PL_EDENIED or PL_EINVAL.
 */
int pl_http_fail(pl_http_req *r, int status, const char *code, const char *field, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));

/* Adds a reply header (copied). */
void pl_http_header(pl_http_req *r, const char *name, const char *value);

/* The error body for r's failure code into r->out; sets r->status. */
void pl_http_error_body(pl_http_req *r, int code);

/*
 * Parses the body as a JSON object into *out (owned by the caller).
 * Errors: 415 when the content type is not application/json, PL_EINVAL for
 * malformed JSON or a non-object.
 */
int pl_http_json_body(pl_http_req *r, json_t **out);

/* Query-string value (borrowed) or NULL. */
const char *pl_http_query(pl_http_req *r, const char *name);

/* A request header (borrowed) or NULL. */
const char *pl_http_header_in(pl_http_req *r, const char *name);

/* Parses limit (1..1000, default 50) and cursor (last id, default 0). */
int pl_http_paging(pl_http_req *r, int *limit, int64_t *after);

/* Parses the positive integer path parameter i into *id (PL_EINVAL "id" otherwise). */
int pl_http_param_id(pl_http_req *r, int i, int64_t *id);

/*
 * Reads an optional region-code query parameter name into out (dotted);
 * out is "" when absent. Errors: PL_EINVAL for a malformed code.
 */
int pl_http_region_param(pl_http_req *r, const char *name, char out[14]);

/*
 * The caller's view of identifying fields (domain/ident.h): NULL (as stored)
 * for roles with PL_PERM_FULL_NIK, else pseudonyms and birth years. Pass it
 * to every io/record_json.h and jsonw.h writer and to pl_ident_text.
 */
const pl_ident_view *pl_http_json_opts(const pl_http_req *r);

/*
 * Refuses (403, message in Bahasa Indonesia) a search by NIK or No. KK
 * (name of the parameter in field) for a caller whose view hides them, so
 * that no answer, empty or not, confirms a number. Returns 0 when allowed.
 */
int pl_http_deny_nik_search(pl_http_req *r, const char *field);

/* Optional string member of obj (NULL when absent); PL_EINVAL when not a string. */
int pl_http_json_str(pl_http_req *r, json_t *obj, const char *key, const char **out);

/*
 * Optional string member of obj copied into out (cap bytes); out is left as it is when the
 * member is absent or null. Too long is refused (PL_EINVAL naming key and the limit), not cut.
 */
int pl_http_json_strcpy(pl_http_req *r, json_t *obj, const char *key, char *out, size_t cap);

/* ----------------------------------------------------------- server.c */
/* (wrappers over the subsystems in pool.h, audit_queue.h, response_cache.h) */

/* The server's in-memory login failure table (service/session.h). */
struct pl_session_limiter *pl_http_login_limiter(pl_http_server *srv);

/*
 * Queues a read-audit row for entity/id by the caller. The reply is held
 * until the batch holding the row is committed (group commit), and becomes
 * a 503 when it cannot be written: a personal record is never served
 * unaudited.
 */
void pl_http_audit_read(pl_http_req *r, const char *entity, int64_t id);

/* Waits until every queued read-audit row is in the data base. */
void pl_http_audit_flush(pl_http_server *srv);

/*
 * A cached JSON answer for key: copied into r's reply (returns 1), or 0 on
 * a miss. Answers live 5 s; after that one caller gets a miss and
 * recomputes while the others still get the old answer. For aggregates
 * only, never personal data.
 */
int pl_http_cache_get(pl_http_req *r, const char *key);

/* Remembers r's JSON reply under key. */
void pl_http_cache_put(pl_http_req *r, const char *key);

/*
 * Grows after every request that may have written (any method but GET and
 * HEAD), before its reply leaves: cached credentials older than it are void.
 */
unsigned long pl_http_write_epoch(pl_http_server *srv);

/* Directory for server-side files (rejects of imports, exports). */
const char *pl_http_data_dir(const pl_http_server *srv);

/* The public base URL printed in card QR codes ("" = service/card.h's default). */
const char *pl_http_card_base_url(const pl_http_server *srv);

/* The argon2id cost of passwords set over the API (pl_http_config.pwhash_cost). */
pl_auth_cost pl_http_pwhash_cost(const pl_http_server *srv);

/* True when the session cookie carries "; Secure" (pl_http_config.cookie_secure). */
bool pl_http_cookie_secure(const pl_http_server *srv);

/* The pseudonym key (PL_IDENT_KEY_LEN bytes), read from the data base at start. */
const unsigned char *pl_http_ident_key(const pl_http_server *srv);

/* --------------------------------------------------------------- auth.c */

/*
 * Authenticates r from the bearer token or the session cookie, checking
 * CSRF on state-changing cookie requests. Sets r->authed, r->user, r->perms
 * and r->actor. A bearer token found in r->memo (when set) and still valid
 * there skips the data-base lookup. Errors: 401 (no or bad credentials),
 * 403 (CSRF).
 */
int pl_http_authenticate(pl_http_req *r);

/* True when the record's village lies inside the caller's scope. */
bool pl_http_in_scope(const pl_http_req *r, const char *code);

#endif
