/*
 * server.c - the server core on libmicrohttpd: the request life cycle
 * (route, authenticate, read the body within its limit, run the handler,
 * reply), static files, start and graceful stop. The subsystems it drives
 * live in their own files: pool.c (data-base connections and token memos),
 * audit_queue.c (batched read audit), access_log.c, response_cache.c.
 * docs/internals/http-server.md describes how they fit together.
 */
#include "http/server.h"
#include "http/access_log.h"
#include "http/audit_queue.h"
#include "http/http.h"
#include "http/pool.h"
#include "http/response_cache.h"
#include "http/router.h"
#include "store/store.h"
#include "store/summary.h"
#include "store/ident.h"
#include "service/session.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct pl_http_server {
    char listen[128];
    char web_dir[4096];
    char data_dir[4096];
    int threads;
    int timeout;
    size_t json_max, upload_max;
    pl_auth_cost pwhash_cost;
    bool cookie_secure;
    long test_db_max_pages;
    char csp[1024]; /* Content-Security-Policy of every reply (see set_csp) */
    struct MHD_Daemon *daemon;
    atomic_int in_flight;
    atomic_ulong write_epoch;      /* see pl_http_write_epoch */
    pl_http_pool *pool;            /* data-base connections, one per request at a time */
    pl_http_audit_queue *audit;    /* read audit, written in batches by its own thread */
    pl_http_log *log;              /* access log, or NULL */
    pl_http_response_cache *cache; /* short-lived aggregate answers */
    unsigned char ident_key[PL_IDENT_KEY_LEN]; /* pseudonym key, read once at start */
    pl_session_limiter *limiter; /* login failures, also when the data base cannot keep them */
};

/* ------------------------------------------- what handlers reach (http.h) */

unsigned long pl_http_write_epoch(pl_http_server *srv)
{
    return atomic_load(&srv->write_epoch);
}

const char *pl_http_data_dir(const pl_http_server *srv)
{
    return srv->data_dir;
}

pl_auth_cost pl_http_pwhash_cost(const pl_http_server *srv)
{
    return srv->pwhash_cost;
}

bool pl_http_cookie_secure(const pl_http_server *srv)
{
    return srv->cookie_secure;
}

const unsigned char *pl_http_ident_key(const pl_http_server *srv)
{
    return srv->ident_key;
}

pl_session_limiter *pl_http_login_limiter(pl_http_server *srv)
{
    return srv->limiter;
}

void pl_http_audit_read(pl_http_req *r, const char *entity, int64_t id)
{
    pl_http_audit_queue_push(r->srv->audit, r->audit_wait, r->user.username, r->client, entity, id);
}

void pl_http_audit_flush(pl_http_server *srv)
{
    pl_http_audit_queue_flush(srv->audit);
}

int pl_http_cache_get(pl_http_req *r, const char *key)
{
    int hit = pl_http_response_cache_get(r->srv->cache, &r->out, key);
    if (hit) {
        r->status = 200;
        r->out_type = "application/json; charset=utf-8";
    }
    return hit;
}

void pl_http_cache_put(pl_http_req *r, const char *key)
{
    pl_http_response_cache_put(r->srv->cache, key, r->out.data, r->out.len);
}

/* ------------------------------------------------------------- the pool */

/* Lends r a pooled connection (and its token memo); *pc is what to give back. */
static int pool_get(pl_http_server *srv, pl_http_req *r, pl_http_pool_conn **pc)
{
    int rc = pl_http_pool_get(srv->pool, pc, &r->err);
    if (rc == 0) {
        r->store = (*pc)->store;
        r->memo = &(*pc)->memo;
    }
    return rc;
}

/* Gives r's connection back (pc NULL: none was lent). */
static void pool_put(pl_http_server *srv, pl_http_req *r, pl_http_pool_conn *pc)
{
    r->store = NULL;
    r->memo = NULL;
    pl_http_pool_put(srv->pool, pc);
}

/* ----------------------------------------------------- request life cycle */

typedef struct req_ctx {
    pl_http_req r;
    const pl_http_route *route;
    pl_buf body;
    size_t body_max;
    struct MHD_PostProcessor *pp;
    char upload_name[256];
    int too_big;
    int replied;
    int held;              /* suspended until the read audit of the reply is written */
    pl_http_audit_wait aw; /* this request's read-audit rows */
    struct timespec t0;
    char method[16];
    char path[256];
    int status;
    long long bytes;
} req_ctx;

static double elapsed_ms(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void client_address(char *out, size_t cap, struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, cap, "?");
    if (ci == NULL || ci->client_addr == NULL)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)cap);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)cap);
}

/*
 * The same security headers on every reply Pilar builds (API, static files,
 * errors, the card check page): no inline script or style, no framing, no
 * referrer, no browser features beyond GPS for field workers. The map tile
 * origin of `serve --tile-origin` is the one foreign source allowed (images).
 */
static void add_security_headers(const pl_http_server *srv, struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "Content-Security-Policy", srv->csp);
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Permissions-Policy",
                            "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), "
                            "interest-cohort=()");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
}

static enum MHD_Result send_reply(req_ctx *c, struct MHD_Connection *conn)
{
    pl_http_req *r = &c->r;
    struct MHD_Response *resp;
    if (r->out_fd >= 0) {
        resp = MHD_create_response_from_fd((uint64_t)r->out_fd_size, r->out_fd);
        c->bytes = r->out_fd_size;
        r->out_fd = -1; /* MHD closes it */
    } else {
        size_t len = r->out.len;
        char *data = pl_buf_steal(&r->out);
        c->bytes = (long long)len;
        resp = data ? MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE)
                    : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        if (resp == NULL)
            free(data);
    }
    if (resp == NULL)
        return MHD_NO;
    if (r->out_type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->out_type);
    add_security_headers(r->srv, resp);
    if (strncmp(c->path, "/api/", 5) == 0)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    for (int i = 0; i < r->n_hdr; i++)
        MHD_add_response_header(resp, r->hdr_name[i], r->hdr_value[i]);
    c->status = r->status ? r->status : 200;
    c->replied = 1;
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)c->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static enum MHD_Result send_error(req_ctx *c, struct MHD_Connection *conn, int code)
{
    pl_http_error_body(&c->r, code);
    return send_reply(c, conn);
}

static const struct {
    const char *ext;
    const char *type;
} mime[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
    {".geojson", "application/geo+json"},
};

/* Serves a file under web_dir; no "..", no hidden files, regular files only. */
static int serve_static(pl_http_server *srv, pl_http_req *r, const char *path)
{
    if (strstr(path, "..") || strstr(path, "//") || strchr(path, '\\') || strstr(path, "/."))
        return pl_error_set(&r->err, PL_ENOTFOUND, "", "berkas tidak ditemukan");
    char full[8192];
    size_t n = strlen(path);
    snprintf(full, sizeof full, "%s%s%s", srv->web_dir, path,
             n > 0 && path[n - 1] == '/' ? "index.html" : "");
    int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return pl_error_set(&r->err, PL_ENOTFOUND, "", "berkas tidak ditemukan");
    }
    const char *dot = strrchr(full, '.');
    r->out_type = "application/octet-stream";
    for (size_t i = 0; dot && i < sizeof mime / sizeof mime[0]; i++)
        if (strcasecmp(dot, mime[i].ext) == 0)
            r->out_type = mime[i].type;
    r->out_fd = fd;
    r->out_fd_size = st.st_size;
    r->status = 200;
    return 0;
}

static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *filename, const char *content_type,
                                 const char *transfer_encoding, const char *data, uint64_t off,
                                 size_t size)
{
    req_ctx *c = cls;
    if (key == NULL || strcmp(key, "file") != 0)
        return MHD_YES;
    if (filename && c->upload_name[0] == '\0')
        snprintf(c->upload_name, sizeof c->upload_name, "%s", filename);
    if (c->too_big || size == 0)
        return MHD_YES;
    if (c->body.len + size > c->body_max || pl_buf_append(&c->body, data, size) != 0)
        c->too_big = 1;
    return MHD_YES;
}

/* First call of a request: route, authenticate, decide the body limit. */
static enum MHD_Result begin(pl_http_server *srv, req_ctx *c, struct MHD_Connection *conn)
{
    pl_http_req *r = &c->r;
    int path_known = 0;
    c->route = pl_http_route_match(c->method, c->path, r, &path_known);
    c->body_max = c->route && c->route->upload ? srv->upload_max : srv->json_max;
    pl_buf_init(&c->body, c->body_max + 1);
    if (c->route == NULL) {
        if (path_known)
            return send_error(c, conn,
                              pl_http_fail(r, 405, "method_not_allowed", "",
                                           "metode %s tidak didukung di alamat ini", c->method));
        if (strncmp(c->path, "/api/", 5) == 0 ||
            (strcmp(c->method, "GET") && strcmp(c->method, "HEAD")))
            return send_error(
                c, conn,
                pl_error_set(&r->err, PL_ENOTFOUND, "", "alamat %s tidak dikenal", c->path));
        int rc = serve_static(srv, r, c->path);
        return rc ? send_error(c, conn, rc) : send_reply(c, conn);
    }
    const char *cl =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoull(cl, NULL, 10) > c->body_max)
        return send_error(c, conn,
                          pl_error_set(&r->err, PL_ENOMEM, "",
                                       "isi permintaan melebihi batas %zu bait", c->body_max));
    if (c->route->perm != PL_PERM_PUBLIC) {
        pl_http_pool_conn *pc = NULL;
        int rc = pool_get(srv, r, &pc);
        if (rc == 0)
            rc = pl_http_authenticate(r);
        pool_put(srv, r, pc);
        if (rc)
            return send_error(c, conn, rc);
        if ((r->perms & c->route->perm) != c->route->perm)
            return send_error(c, conn,
                              pl_error_set(&r->err, PL_EDENIED, "",
                                           "peran %s tidak berhak atas %s %s", r->user.role,
                                           c->method, c->path));
    }
    if (c->route->upload) {
        const char *ct =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0)
            c->pp = MHD_create_post_processor(conn, 64 * 1024, post_iter, c);
    }
    return MHD_YES;
}

/* The writer settled a held reply's audit: MHD calls on_request again. */
static void resume_held(void *arg)
{
    MHD_resume_connection(arg);
}

/* A reply whose read audit could not be written: the data are withheld (503). */
static int audit_failed(pl_http_req *r)
{
    pl_buf_reset(&r->out);
    r->n_hdr = 0;
    return pl_http_fail(r, 503, "audit_unavailable", "",
                        "catatan audit akses tidak dapat disimpan (mis. disk penuh); data pribadi "
                        "tidak ditampilkan, coba lagi nanti");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    pl_http_server *srv = cls;
    req_ctx *c = *con_cls;
    if (c == NULL) {
        c = calloc(1, sizeof *c);
        if (c == NULL)
            return MHD_NO;
        *con_cls = c;
        atomic_fetch_add(&srv->in_flight, 1);
        clock_gettime(CLOCK_MONOTONIC, &c->t0);
        snprintf(c->method, sizeof c->method, "%s", method);
        snprintf(c->path, sizeof c->path, "%s", url);
        pl_http_req *r = &c->r;
        r->srv = srv;
        r->conn = conn;
        r->method = c->method;
        r->path = c->path;
        r->out_fd = -1;
        r->audit_wait = &c->aw;
        pl_buf_init(&r->out, 0);
        pl_error_clear(&r->err);
        client_address(r->client, sizeof r->client, conn);
        r->actor.user = "anonim";
        r->actor.client = r->client;
        if (strlen(url) >= sizeof c->path)
            return send_error(c, conn,
                              pl_error_set(&r->err, PL_ENOTFOUND, "", "alamat terlalu panjang"));
        return begin(srv, c, conn);
    }
    if (c->replied) {
        *upload_data_size = 0; /* an early reply: drop whatever body follows */
        return MHD_YES;
    }
    if (c->held) {
        c->held = 0; /* resumed: the audit writer settled the rows */
        return c->aw.failed ? send_error(c, conn, audit_failed(&c->r)) : send_reply(c, conn);
    }
    if (*upload_data_size > 0) {
        if (c->pp) {
            if (MHD_post_process(c->pp, upload_data, *upload_data_size) != MHD_YES)
                c->too_big = c->too_big ? c->too_big : 2;
        } else if (!c->too_big) {
            if (c->body.len + *upload_data_size > c->body_max ||
                pl_buf_append(&c->body, upload_data, *upload_data_size) != 0)
                c->too_big = 1;
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    /* The whole request is here. */
    pl_http_req *r = &c->r;
    if (c->too_big == 1)
        return send_error(c, conn,
                          pl_error_set(&r->err, PL_ENOMEM, "",
                                       "isi permintaan melebihi batas %zu bait", c->body_max));
    if (c->too_big == 2)
        return send_error(
            c, conn,
            pl_error_set(&r->err, PL_EINVAL, "file", "unggahan multipart tidak dapat dibaca"));
    r->body = c->body.data;
    r->body_len = c->body.len;
    r->upload_name = c->upload_name[0] ? c->upload_name : NULL;
    pl_http_pool_conn *pc = NULL;
    int rc = pool_get(srv, r, &pc);
    if (rc == 0)
        rc = c->route->fn(r);
    pool_put(srv, r, pc);
    if (strcmp(c->method, "GET") != 0 && strcmp(c->method, "HEAD") != 0) {
        /* A write may change any cached aggregate, and credentials (revoked, disabled). */
        atomic_fetch_add(&srv->write_epoch, 1);
        if (rc == 0)
            pl_http_response_cache_expire(srv->cache);
    }
    if (rc)
        return send_error(c, conn, rc);
    /* A personal reply goes only once its read audit is committed (or fails as 503). */
    if (!pl_http_audit_queue_wait_begin(srv->audit, &c->aw)) {
        MHD_suspend_connection(conn);
        c->held = 1;
        if (pl_http_audit_queue_wait_arm(srv->audit, &c->aw, resume_held, conn))
            MHD_resume_connection(conn);
        return MHD_YES;
    }
    return c->aw.failed ? send_error(c, conn, audit_failed(r)) : send_reply(c, conn);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    pl_http_server *srv = cls;
    req_ctx *c = *con_cls;
    if (c == NULL)
        return;
    if (srv->log) {
        char when[24];
        pl_http_utc_now(when);
        pl_http_log_line(srv->log, "%s %s %s %s %d %lld %.1fms %s%s\n", when, c->r.client,
                         c->method, c->path, c->replied ? c->status : 0, c->bytes,
                         elapsed_ms(&c->t0), c->r.authed ? c->r.user.username : "-",
                         toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (terputus)");
    }
    pl_http_audit_queue_forget(srv->audit, &c->aw);
    if (c->pp)
        MHD_destroy_post_processor(c->pp);
    if (c->r.out_fd >= 0)
        close(c->r.out_fd);
    pl_buf_free(&c->body);
    pl_buf_free(&c->r.out);
    free(c);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

/* ------------------------------------------------------------ start, stop */

static int parse_listen(const char *text, struct sockaddr_storage *ss, int *v6, pl_error *err)
{
    char host[128];
    const char *colon = strrchr(text, ':');
    if (colon == NULL || (size_t)(colon - text) >= sizeof host)
        return pl_error_set(err, PL_EINVAL, "listen", "alamat '%s' harus ALAMAT:PORT", text);
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 1 || port > 65535)
        return pl_error_set(err, PL_EINVAL, "listen", "port pada '%s' tidak sah", text);
    memcpy(host, text, (size_t)(colon - text));
    host[colon - text] = '\0';
    memset(ss, 0, sizeof *ss);
    *v6 = 0;
    if (host[0] == '[') {
        size_t n = strlen(host);
        if (n < 3 || host[n - 1] != ']')
            return pl_error_set(err, PL_EINVAL, "listen", "alamat IPv6 '%s' tidak sah", host);
        host[n - 1] = '\0';
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
            return pl_error_set(err, PL_EINVAL, "listen", "alamat IPv6 '%s' tidak sah", host + 1);
        *v6 = 1;
        return 0;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &a->sin_addr) != 1)
        return pl_error_set(err, PL_EINVAL, "listen", "alamat '%s' tidak sah", host);
    return 0;
}

/*
 * Builds the Content-Security-Policy: same origin only, no inline script or
 * style, plus images from tile_origin (the map tile server of web/config.js)
 * when given. The origin must be scheme://host[:port], nothing else.
 */
static int set_csp(pl_http_server *srv, const char *tile_origin, pl_error *err)
{
    const char *t = tile_origin ? tile_origin : "";
    if (t[0]) {
        size_t sch = strncmp(t, "https://", 8) == 0 ? 8 : strncmp(t, "http://", 7) == 0 ? 7 : 0;
        size_t n = strlen(t);
        int bad = sch == 0 || n == sch || n > 200 || t[n - 1] == '/';
        for (size_t i = sch; !bad && i < n; i++)
            if (!isalnum((unsigned char)t[i]) && !strchr(".-:[]", t[i]))
                bad = 1;
        if (bad)
            return pl_error_set(err, PL_EINVAL, "tile-origin",
                                "--tile-origin harus berupa asal https://host[:port] tanpa jalur, "
                                "bukan '%s'",
                                t);
    }
    snprintf(srv->csp, sizeof srv->csp,
             "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: "
             "blob:%s%s; connect-src 'self'; font-src 'self'; object-src 'none'; "
             "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
             t[0] ? " " : "", t);
    return 0;
}

int pl_http_server_start(pl_http_server **out, const pl_http_config *cfg, pl_error *err)
{
    *out = NULL;
    pl_http_server *srv = calloc(1, sizeof *srv);
    if (srv == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    snprintf(srv->listen, sizeof srv->listen, "%s", cfg->listen ? cfg->listen : "127.0.0.1:8080");
    snprintf(srv->web_dir, sizeof srv->web_dir, "%s", cfg->web_dir ? cfg->web_dir : "web");
    snprintf(srv->data_dir, sizeof srv->data_dir, "%s",
             cfg->data_dir ? cfg->data_dir : "pilar-data");
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    srv->threads = cfg->threads > 0 ? cfg->threads : (cores > 0 ? (int)cores : 2);
    srv->timeout = cfg->timeout_seconds > 0 ? cfg->timeout_seconds : 30;
    srv->json_max = cfg->json_max ? cfg->json_max : (size_t)1 << 20;
    srv->upload_max = cfg->upload_max ? cfg->upload_max : (size_t)64 << 20;
    srv->pwhash_cost = cfg->pwhash_cost;
    srv->cookie_secure = cfg->cookie_secure;
    srv->test_db_max_pages = cfg->test_db_max_pages;
    struct sockaddr_storage ss;
    int v6 = 0, rc;
    if ((rc = pl_http_log_new(&srv->log, cfg->log, err)) ||
        (rc = pl_http_audit_queue_new(&srv->audit, srv->log, err)) ||
        (rc = pl_http_response_cache_new(&srv->cache, err)) ||
        (rc = pl_session_limiter_new(&srv->limiter, &cfg->session, err)) ||
        (rc = pl_http_pool_new(&srv->pool, cfg->db_path, srv->test_db_max_pages, err)))
        goto fail;
    if ((rc = parse_listen(srv->listen, &ss, &v6, err)) ||
        (rc = set_csp(srv, cfg->tile_origin, err)))
        goto fail;
    /* Check the data base once before accepting anyone. */
    pl_http_req probe = {.srv = srv};
    pl_http_pool_conn *pc = NULL;
    if ((rc = pool_get(srv, &probe, &pc)) == 0) {
        pl_store_summary sum;
        rc = pl_store_summary_get(probe.store, &sum, "", &probe.err);
        if (rc == 0)
            rc = pl_store_ident_key(probe.store, srv->ident_key, &probe.err);
        pool_put(srv, &probe, pc);
    }
    if (rc) {
        if (err)
            *err = probe.err;
        goto fail;
    }
    if ((rc = pl_http_audit_queue_start(srv->audit, cfg->db_path, srv->test_db_max_pages, err)))
        goto fail;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_POLL;
    if (v6)
        flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR,
                                   (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
                                   (unsigned)srv->threads, MHD_OPTION_CONNECTION_TIMEOUT,
                                   (unsigned)srv->timeout, MHD_OPTION_CONNECTION_LIMIT, 4096u,
                                   MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
    /* No MHD_OPTION_LISTENING_ADDRESS_REUSE: that sets SO_REUSEPORT and lets a second
     * process share the port. MHD's default SO_REUSEADDR still allows a restart while
     * old connections sit in TIME_WAIT, but not a second listener. */
    if (srv->daemon == NULL) {
        int e = errno;
        if (e == EADDRINUSE)
            rc = pl_error_set(err, PL_ECONFLICT, "listen",
                              "alamat %s sudah dipakai proses lain (server Pilar lain masih "
                              "berjalan?)",
                              srv->listen);
        else
            rc = pl_error_set(err, PL_EIO, "listen", "tidak dapat mendengarkan di %s: %s",
                              srv->listen, strerror(e));
        goto fail;
    }
    *out = srv;
    return 0;
fail:
    pl_http_server_stop(srv);
    return rc;
}

void pl_http_server_stop(pl_http_server *srv)
{
    if (srv == NULL)
        return;
    if (srv->daemon) {
        MHD_socket ls = MHD_quiesce_daemon(srv->daemon);
        if (ls != MHD_INVALID_SOCKET)
            close(ls);
        for (int i = 0; i < 1000 && atomic_load(&srv->in_flight) > 0; i++) {
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        /* No connection may stay suspended past here: held replies fail (503). */
        pl_http_audit_queue_release(srv->audit);
        MHD_stop_daemon(srv->daemon);
    }
    /* The audit writer drains its queue and flushes the log one last time. */
    pl_http_audit_queue_free(srv->audit);
    pl_http_log_free(srv->log);
    pl_http_pool_free(srv->pool);
    pl_http_response_cache_free(srv->cache);
    pl_session_limiter_free(srv->limiter);
    free(srv);
}
