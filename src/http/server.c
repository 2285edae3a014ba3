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
#include "http/static.h"
#include "http/tls.h"
#include "store/backup.h"
#include "store/store.h"
#include "store/replica.h"
#include "store/summary.h"
#include "store/ident.h"
#include "service/cleanup.h"
#include "service/session.h"
#include "util/fs.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PL_HTTP_READ_FLOORS 4096 /* accounts whose last write's position is remembered */

/*
 * One open connection, for the header deadline: MHD's own timeout restarts
 * with every byte, so a client sending a header byte a second would hold
 * its connection forever. Linked into the server's list from MHD's
 * connection-start notice to its close notice (under conn_mu); the sweeper
 * shuts down the socket of a connection that has waited longer than
 * header_seconds for a request's headers.
 */
typedef struct conn_track {
    struct conn_track *prev, *next;
    MHD_socket fd;
    atomic_llong since_ms; /* monotonic ms when it began waiting for headers */
    atomic_int waiting;    /* 1: a request's headers are not complete yet */
    int cut;               /* the sweeper shut it down (conn_mu) */
} conn_track;

struct pl_http_server {
    char listen[128];
    char web_dir[4096];
    char data_dir[4096];
    char card_base_url[256];
    int threads;
    int timeout;
    size_t json_max, upload_max;
    pl_auth_cost pwhash_cost;
    bool cookie_secure;
    bool tls;            /* HTTPS: HSTS on every reply */
    pl_http_tls tls_pem; /* certificate and key, kept while MHD runs */
    char proxy[64];      /* trusted reverse proxy's address, "" = none */
    int per_ip_max;
    int header_seconds;
    int uploads_max;
    atomic_int uploads; /* upload requests being received or run */
    long test_db_max_pages;
    char csp[1024]; /* Content-Security-Policy of every reply (see set_csp) */
    struct MHD_Daemon *daemon;
    atomic_int in_flight;
    atomic_ulong write_epoch; /* see pl_http_write_epoch */
    pl_http_pool *pool;       /* data-base connections, one per request at a time */
    pl_http_pool *read_pool;  /* the read replica's connections (--read-db), or NULL */
    /* Read-your-own-writes with a replica: the primary's WAL position after each account's
     * last write request (read_floor). A slot taken by another account raises floor_all, the
     * floor of everyone, so an evicted account never reads older than its writes. */
    pthread_mutex_t floor_mu;
    struct {
        int64_t account;
        uint64_t lsn;
    } floors[PL_HTTP_READ_FLOORS];
    uint64_t floor_all;
    pl_http_audit_queue *audit;    /* read audit, written in batches by its own thread */
    pl_http_log *log;              /* access log, or NULL */
    pl_http_response_cache *cache; /* short-lived aggregate answers */
    pl_http_static *statics;       /* the web UI's files (http/static.h) */
    unsigned char ident_key[PL_IDENT_KEY_LEN]; /* pseudonym key, read once at start */
    pl_session_limiter *limiter; /* login failures, also when the data base cannot keep them */
    /* The header deadline (conn_track). */
    pthread_mutex_t conn_mu;
    pthread_cond_t sweep_cv;
    conn_track *conns;
    bool sweeper_on, sweeper_stop;
    pthread_t sweeper;
};

/* ------------------------------------------- read replica: floors (read_floor) */

static unsigned floor_slot(int64_t account)
{
    uint64_t h = (uint64_t)account * 0x9E3779B97F4A7C15ull;
    return (unsigned)(h >> 32) % PL_HTTP_READ_FLOORS;
}

/* The WAL position account's reads must reach: its last write's, or everyone's floor. */
static uint64_t read_floor(pl_http_server *srv, int64_t account)
{
    pthread_mutex_lock(&srv->floor_mu);
    unsigned i = floor_slot(account);
    uint64_t f = srv->floor_all;
    if (srv->floors[i].account == account && srv->floors[i].lsn > f)
        f = srv->floors[i].lsn;
    pthread_mutex_unlock(&srv->floor_mu);
    return f;
}

/* Remembers that account wrote up to lsn on the primary. */
static void read_floor_raise(pl_http_server *srv, int64_t account, uint64_t lsn)
{
    pthread_mutex_lock(&srv->floor_mu);
    unsigned i = floor_slot(account);
    if (srv->floors[i].account != account) {
        if (srv->floors[i].lsn > srv->floor_all)
            srv->floor_all = srv->floors[i].lsn;
        srv->floors[i].account = account;
        srv->floors[i].lsn = 0;
    }
    if (lsn > srv->floors[i].lsn)
        srv->floors[i].lsn = lsn;
    pthread_mutex_unlock(&srv->floor_mu);
}

/* ------------------------------------------- what handlers reach (http.h) */

unsigned long pl_http_write_epoch(pl_http_server *srv)
{
    return atomic_load(&srv->write_epoch);
}

const char *pl_http_data_dir(const pl_http_server *srv)
{
    return srv->data_dir;
}

const char *pl_http_card_base_url(const pl_http_server *srv)
{
    return srv->card_base_url;
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
    FILE *upload;           /* upload routes: the body streamed to a 0600 file in data_dir */
    char upload_path[4400]; /* that file, removed at completion ("" = none) */
    size_t upload_len;
    int upload_slot;  /* counted in srv->uploads */
    int upload_errno; /* why writing the upload file failed */
    int too_big;      /* 1 over the limit, 2 multipart unreadable, 3 upload file not written */
    int close_after;  /* reply with Connection: close (a request that cannot be trusted) */
    int replied;
    int held;              /* suspended until the read audit of the reply is written */
    int statics;           /* a static file (http/static.h), not a route */
    pl_http_audit_wait aw; /* this request's read-audit rows */
    int replica;           /* answered from the read replica (the access log says so) */
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

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The connection's header-deadline record (NULL before MHD's start notice). */
static conn_track *track_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* A request's headers are complete (waiting 0), or the next one's wait starts (1). */
static void track_wait(struct MHD_Connection *conn, int waiting)
{
    conn_track *t = track_of(conn);
    if (t == NULL)
        return;
    if (waiting)
        atomic_store(&t->since_ms, now_ms());
    atomic_store(&t->waiting, waiting);
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

/* Writes the address text in (v4 or v6, spaces around it ignored) normalised into out; 0 or -1. */
static int address_text(char *out, size_t cap, const char *in, size_t n)
{
    while (n && (*in == ' ' || *in == '\t'))
        in++, n--;
    while (n && (in[n - 1] == ' ' || in[n - 1] == '\t'))
        n--;
    char tmp[64];
    if (n == 0 || n >= sizeof tmp)
        return -1;
    memcpy(tmp, in, n);
    tmp[n] = '\0';
    unsigned char bin[16];
    if (inet_pton(AF_INET, tmp, bin) == 1)
        return inet_ntop(AF_INET, bin, out, (socklen_t)cap) ? 0 : -1;
    if (inet_pton(AF_INET6, tmp, bin) == 1)
        return inet_ntop(AF_INET6, bin, out, (socklen_t)cap) ? 0 : -1;
    return -1;
}

/*
 * Behind the trusted proxy only: the client it names, from X-Real-IP (set by
 * the proxy, replacing any the client sent) or else the last entry of
 * X-Forwarded-For (the one the proxy appended). Anything that is not an IP
 * address leaves the peer's address. From any other peer these headers are
 * ignored: a client cannot choose the address audited and rate-limited.
 */
static void forwarded_client(const pl_http_server *srv, char *client, size_t cap,
                             struct MHD_Connection *conn)
{
    if (srv->proxy[0] == '\0')
        return;
    if (strcmp(client, srv->proxy) != 0 &&
        !(strncmp(client, "::ffff:", 7) == 0 && strcmp(client + 7, srv->proxy) == 0))
        return;
    char got[64];
    const char *real = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Real-IP");
    if (real && address_text(got, sizeof got, real, strlen(real)) == 0) {
        snprintf(client, cap, "%s", got);
        return;
    }
    const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
    if (xff) {
        const char *last = strrchr(xff, ',');
        last = last ? last + 1 : xff;
        if (address_text(got, sizeof got, last, strlen(last)) == 0)
            snprintf(client, cap, "%s", got);
    }
}

/* Counts the Content-Length headers that differ from the first one. */
static enum MHD_Result count_lengths(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    const char **first = ((const char **)cls);
    if (key == NULL || strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) != 0 || value == NULL)
        return MHD_YES;
    if (first[0] == NULL)
        first[0] = value;
    else if (strcmp(first[0], value) != 0)
        first[1] = value;
    return MHD_YES;
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
    if (srv->tls)
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
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
    if (c->close_after)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
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

/*
 * Takes a piece of the body: into the upload file (upload routes) or the
 * memory buffer. Past the limit sets too_big = 1 (the rest is read and
 * dropped); a write that fails (disk full) sets 3.
 */
static void take_body(req_ctx *c, const char *data, size_t size)
{
    if (c->too_big || size == 0)
        return;
    size_t have = c->upload ? c->upload_len : c->body.len;
    if (have + size > c->body_max) {
        c->too_big = 1;
        return;
    }
    if (c->upload) {
        if (fwrite(data, 1, size, c->upload) != size) {
            c->too_big = 3;
            c->upload_errno = errno;
        }
        c->upload_len += size;
    } else if (pl_buf_append(&c->body, data, size) != 0) {
        c->too_big = 1;
    }
}

/*
 * Upload routes: takes one of srv->uploads_max slots (503 with Retry-After
 * when all are taken) and opens the 0600 file in the data folder that the
 * body streams into, so that a large upload never sits in memory. The file
 * is removed at completion; service/cleanup removes one a crash left.
 */
static int upload_open(pl_http_server *srv, req_ctx *c)
{
    pl_http_req *r = &c->r;
    if (atomic_fetch_add(&srv->uploads, 1) >= srv->uploads_max) {
        atomic_fetch_sub(&srv->uploads, 1);
        pl_http_header(r, "Retry-After", "30");
        return pl_http_fail(r, 503, "too_many_uploads", "",
                            "server sedang menerima %d unggahan lain; coba lagi dalam 30 detik",
                            srv->uploads_max);
    }
    c->upload_slot = 1;
    struct stat st;
    int rc = stat(srv->data_dir, &st) == 0 ? 0 : pl_fs_mkdir(srv->data_dir, &r->err);
    if (rc)
        return rc;
    char id[33];
    pl_auth_random_hex(id, 16);
    if (snprintf(c->upload_path, sizeof c->upload_path, "%s/%s%s", srv->data_dir,
                 PL_CLEANUP_UPLOAD_PREFIX, id) >= (int)sizeof c->upload_path)
        rc = pl_error_set(&r->err, PL_EINTERNAL, "", "direktori data terlalu panjang");
    else
        rc = pl_fs_create(&c->upload, c->upload_path, &r->err);
    if (rc)
        c->upload_path[0] = '\0';
    return rc;
}

/*
 * The whole upload is in its file: closes it and gives it the extension of
 * the upload's name (or of its Content-Type), which the importer reads the
 * format from when the bytes do not say. Returns 0 or PL_EIO.
 */
static int upload_close(req_ctx *c, struct MHD_Connection *conn)
{
    pl_http_req *r = &c->r;
    int bad = fflush(c->upload) != 0 || ferror(c->upload);
    if (bad && c->upload_errno == 0)
        c->upload_errno = errno;
    if (fclose(c->upload) != 0 && !bad) {
        bad = 1;
        c->upload_errno = errno;
    }
    c->upload = NULL;
    if (bad || c->too_big == 3) {
        if (c->upload_errno == ENOSPC)
            return pl_error_set(&r->err, PL_ENOSPACE, "file",
                                "disk server penuh: unggahan tidak disimpan dan tidak diimpor; "
                                "coba lagi setelah ruang dikosongkan");
        return pl_error_set(&r->err, PL_EIO, "file", "unggahan tidak dapat disimpan di server: %s",
                            strerror(c->upload_errno ? c->upload_errno : EIO));
    }
    const char *ext = NULL;
    const char *dot = strrchr(c->upload_name, '.');
    if (dot && strlen(dot) >= 2 && strlen(dot) <= 5) {
        ext = dot;
        for (const char *p = dot + 1; *p; p++)
            if (!isalnum((unsigned char)*p))
                ext = NULL;
    }
    if (ext == NULL) {
        const char *ct =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        ext = ct && strstr(ct, "spreadsheetml") ? ".xlsx" : ".csv";
    }
    char named[sizeof c->upload_path];
    if (snprintf(named, sizeof named, "%s%s", c->upload_path, ext) < (int)sizeof named &&
        rename(c->upload_path, named) == 0)
        memcpy(c->upload_path, named, sizeof named);
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
    take_body(c, data, size);
    return MHD_YES;
}

/* First call of a request: route, authenticate, decide the body limit. */
static enum MHD_Result begin(pl_http_server *srv, req_ctx *c, struct MHD_Connection *conn)
{
    pl_http_req *r = &c->r;
    int path_known = 0;
    const char *lengths[2] = {NULL, NULL};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_lengths, lengths);
    if (lengths[1]) {
        /* Two different lengths: where the body ends is ambiguous (request smuggling). */
        c->close_after = 1;
        return send_error(c, conn,
                          pl_http_fail(r, 400, "bad_request", "",
                                       "permintaan memuat lebih dari satu Content-Length yang "
                                       "berbeda"));
    }
    c->route = pl_http_route_match(c->method, c->path, r, &path_known);
    c->body_max = c->route && (c->route->flags & PL_ROUTE_UPLOAD) ? srv->upload_max : srv->json_max;
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
        c->statics = 1; /* answered when the request is complete: a reply now closes it */
        return MHD_YES;
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
    if (c->route->flags & PL_ROUTE_UPLOAD) {
        int rc = upload_open(srv, c);
        if (rc)
            return send_error(c, conn, rc);
        const char *ct =
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0)
            c->pp = MHD_create_post_processor(conn, 64 * 1024, post_iter, c);
    }
    return MHD_YES;
}

/*
 * Whether a failure of a handler run on the read replica may be the replica's (lost, behind
 * the record asked for, refusing as a standby) rather than the request's: the primary is asked.
 */
static bool retry_on_primary(int rc)
{
    return rc == PL_EUNAVAIL || rc == PL_EIO || rc == PL_ECONFLICT || rc == PL_ENOTFOUND ||
           rc == PL_EINTERNAL;
}

/* Forgets what a handler put in r's reply, for a second run. */
static void reply_reset(pl_http_req *r)
{
    pl_buf_reset(&r->out);
    r->status = 0;
    r->out_type = NULL;
    if (r->out_fd >= 0)
        close(r->out_fd);
    r->out_fd = -1;
    r->out_fd_size = 0;
    r->n_hdr = 0;
    pl_error_clear(&r->err);
    r->fail_status = 0;
    r->fail_code[0] = '\0';
    r->n_err_items = 0;
    r->err_id = 0;
}

/*
 * Runs the route's handler on a pooled connection. A route that only reads goes to the read
 * replica when there is one that has replayed the caller's own writes (read_floor); a lookup
 * by NIK stays on the primary, where the process's cache of people by NIK answers it without
 * a round trip (a replica's rows may not be kept in that cache: it replays a commit after the
 * primary has announced it). A failure that may be the replica's is run again on the primary,
 * so a lagging or lost replica never fails a request (read-audit rows the first run queued
 * stay: the data was read). After a request that may have written, the primary's WAL position
 * becomes the caller's read floor.
 */
static int run_handler(pl_http_server *srv, req_ctx *c)
{
    pl_http_req *r = &c->r;
    pl_http_pool_conn *pc = NULL;
    int rc;
    if (srv->read_pool && (c->route->flags & PL_ROUTE_REPLICA) && r->authed &&
        pl_http_query(r, "nik") == NULL &&
        pl_http_pool_get_replica(srv->read_pool, read_floor(srv, r->user.id), &pc)) {
        r->store = pc->store;
        r->memo = &pc->memo;
        rc = c->route->fn(r);
        r->store = NULL;
        r->memo = NULL;
        pl_http_pool_replica_done(srv->read_pool, pc, rc == PL_EUNAVAIL ? r->err.message : NULL);
        pc = NULL;
        if (!retry_on_primary(rc)) {
            c->replica = 1;
            return rc;
        }
        reply_reset(r);
    }
    rc = pool_get(srv, r, &pc);
    if (rc == 0)
        rc = c->route->fn(r);
    bool wrote = strcmp(c->method, "GET") != 0 && strcmp(c->method, "HEAD") != 0;
    if (srv->read_pool && wrote && r->authed && r->store) {
        /* Whatever the handler committed is before this position; a failed one left nothing
         * open (rolled back first, as pool_put would). */
        uint64_t at = 0;
        pl_error e = {0};
        pl_store_rollback(r->store);
        if (pl_store_write_position(r->store, &at, &e) == 0)
            read_floor_raise(srv, r->user.id, at);
    }
    pool_put(srv, r, pc);
    return rc;
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
        track_wait(conn, 0);
        client_address(r->client, sizeof r->client, conn);
        forwarded_client(srv, r->client, sizeof r->client, conn);
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
        } else {
            take_body(c, upload_data, *upload_data_size);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    /* The whole request is here. */
    pl_http_req *r = &c->r;
    int urc = c->upload ? upload_close(c, conn) : 0;
    if (urc && c->too_big != 1)
        return send_error(c, conn, urc);
    if (c->too_big == 1)
        return send_error(c, conn,
                          pl_error_set(&r->err, PL_ENOMEM, "",
                                       "isi permintaan melebihi batas %zu bait", c->body_max));
    if (c->too_big == 2)
        return send_error(
            c, conn,
            pl_error_set(&r->err, PL_EINVAL, "file", "unggahan multipart tidak dapat dibaca"));
    if (c->statics) {
        int src = pl_http_static_serve(srv->statics, r, c->path);
        return src ? send_error(c, conn, src) : send_reply(c, conn);
    }
    r->body = c->upload_path[0] ? NULL : c->body.data;
    r->body_len = c->upload_path[0] ? c->upload_len : c->body.len;
    r->upload_path = c->upload_path[0] ? c->upload_path : NULL;
    r->upload_name = c->upload_name[0] ? c->upload_name : NULL;
    int rc = run_handler(srv, c);
    if (strcmp(c->method, "GET") != 0 && strcmp(c->method, "HEAD") != 0) {
        /* A write may change any cached aggregate, and credentials (revoked, disabled). */
        atomic_fetch_add(&srv->write_epoch, 1);
        pl_http_pool_touch(srv->pool);
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

/*
 * Copies in to out for the access log: bytes below 0x21 (controls, space),
 * DEL, '"' and '\\' become \xNN, so that a request line cannot forge a
 * line or shift a field. Cut to fit cap.
 */
static void log_escape(char *out, size_t cap, const char *in)
{
    static const char hex[] = "0123456789abcdef";
    size_t j = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && j + 5 < cap; p++) {
        if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '\\') {
            out[j++] = '\\';
            out[j++] = 'x';
            out[j++] = hex[*p >> 4];
            out[j++] = hex[*p & 15];
        } else {
            out[j++] = (char)*p;
        }
    }
    out[j] = '\0';
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    pl_http_server *srv = cls;
    req_ctx *c = *con_cls;
    track_wait(conn, 1); /* the next request on this connection has its own deadline */
    if (c == NULL)
        return;
    if (srv->log) {
        char when[24], method[64], path[4 * sizeof c->path], user[4 * sizeof c->r.user.username];
        pl_http_utc_now(when);
        log_escape(method, sizeof method, c->method);
        log_escape(path, sizeof path, c->path);
        log_escape(user, sizeof user, c->r.authed ? c->r.user.username : "-");
        pl_http_log_line(srv->log, "%s %s %s %s %d %lld %.1fms %s%s%s\n", when, c->r.client, method,
                         path, c->replied ? c->status : 0, c->bytes, elapsed_ms(&c->t0), user,
                         c->replica ? " (replika)" : "",
                         toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (terputus)");
    }
    pl_http_audit_queue_forget(srv->audit, &c->aw);
    if (c->upload)
        fclose(c->upload);
    if (c->upload_path[0])
        unlink(c->upload_path);
    if (c->upload_slot)
        atomic_fetch_sub(&srv->uploads, 1);
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

/* ------------------------------------------------------- header deadline */

/* MHD's notice of a connection's start and close: links and unlinks its conn_track. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    pl_http_server *srv = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        conn_track *t = calloc(1, sizeof *t);
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (t == NULL || ci == NULL) {
            free(t); /* not tracked: MHD's own timeout still applies */
            return;
        }
        t->fd = ci->connect_fd;
        atomic_init(&t->since_ms, now_ms());
        atomic_init(&t->waiting, 1);
        pthread_mutex_lock(&srv->conn_mu);
        t->next = srv->conns;
        if (srv->conns)
            srv->conns->prev = t;
        srv->conns = t;
        pthread_mutex_unlock(&srv->conn_mu);
        *socket_context = t;
        return;
    }
    conn_track *t = *socket_context;
    if (t == NULL)
        return;
    /* MHD closes the socket only after this notice: under conn_mu, the sweeper's
     * shutdown of t->fd cannot hit a descriptor reused by another connection. */
    pthread_mutex_lock(&srv->conn_mu);
    if (t->prev)
        t->prev->next = t->next;
    else
        srv->conns = t->next;
    if (t->next)
        t->next->prev = t->prev;
    pthread_mutex_unlock(&srv->conn_mu);
    free(t);
    *socket_context = NULL;
}

/*
 * The sweeper: every quarter of the deadline (at most every second), shuts
 * down the socket of each connection that has waited longer than
 * header_seconds for a request's headers (also a TLS handshake that never
 * ends). MHD then reads end-of-file and closes the connection itself.
 */
static void *sweep_main(void *arg)
{
    pl_http_server *srv = arg;
    long long step = (long long)srv->header_seconds * 250;
    step = step > 1000 ? 1000 : step < 100 ? 100 : step;
    pthread_mutex_lock(&srv->conn_mu);
    while (!srv->sweeper_stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += (long)(step % 1000) * 1000000L;
        until.tv_sec += (time_t)(step / 1000) + until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&srv->sweep_cv, &srv->conn_mu, &until);
        long long limit = now_ms() - (long long)srv->header_seconds * 1000;
        long cut = 0;
        for (conn_track *t = srv->conns; t; t = t->next)
            if (!t->cut && atomic_load(&t->waiting) && atomic_load(&t->since_ms) < limit) {
                shutdown(t->fd, SHUT_RDWR);
                t->cut = 1;
                cut++;
            }
        if (cut && srv->log) {
            pthread_mutex_unlock(&srv->conn_mu); /* never two of the server's mutexes at once */
            char when[24];
            pl_http_utc_now(when);
            pl_http_log_line(srv->log,
                             "%s batas waktu kepala permintaan: %ld koneksi ditutup (kepala tidak "
                             "lengkap dalam %d detik)\n",
                             when, cut, srv->header_seconds);
            pthread_mutex_lock(&srv->conn_mu);
        }
    }
    pthread_mutex_unlock(&srv->conn_mu);
    return NULL;
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
    srv->tls = cfg->tls_cert != NULL;
    srv->cookie_secure = cfg->cookie_secure || srv->tls || cfg->trusted_proxy != NULL;
    srv->per_ip_max = cfg->per_ip_max > 0 ? cfg->per_ip_max : 32;
    srv->header_seconds = cfg->header_seconds > 0 ? cfg->header_seconds : 10;
    srv->uploads_max = cfg->uploads_max > 0 ? cfg->uploads_max : 2;
    snprintf(srv->card_base_url, sizeof srv->card_base_url, "%s",
             cfg->card_base_url ? cfg->card_base_url : "");
    srv->test_db_max_pages = cfg->test_db_max_pages;
    pthread_mutex_init(&srv->conn_mu, NULL);
    pthread_mutex_init(&srv->floor_mu, NULL);
    pthread_cond_init(&srv->sweep_cv, NULL);
    struct sockaddr_storage ss;
    int v6 = 0, rc;
    if ((rc = pl_http_log_new(&srv->log, cfg->log, err)) ||
        (rc = pl_http_audit_queue_new(&srv->audit, srv->log, err)) ||
        (rc = pl_http_response_cache_new(&srv->cache, err)) ||
        (rc = pl_http_static_new(&srv->statics, srv->web_dir, err)) ||
        (rc = pl_session_limiter_new(&srv->limiter, &cfg->session, err)) ||
        (rc = pl_http_pool_new(&srv->pool, cfg->db_path, cfg->store_flags, srv->test_db_max_pages,
                               err)) ||
        (cfg->read_db_path && (rc = pl_http_pool_new_replica(&srv->read_pool, cfg->read_db_path,
                                                             cfg->store_flags, srv->log, err))))
        goto fail;
    if ((rc = parse_listen(srv->listen, &ss, &v6, err)) ||
        (rc = set_csp(srv, cfg->tile_origin, err)))
        goto fail;
    if (cfg->trusted_proxy && address_text(srv->proxy, sizeof srv->proxy, cfg->trusted_proxy,
                                           strlen(cfg->trusted_proxy)) != 0) {
        rc = pl_error_set(err, PL_EINVAL, "behind-proxy",
                          "alamat proksi '%s' bukan alamat IP yang sah", cfg->trusted_proxy);
        goto fail;
    }
    if (cfg->tls_key && !cfg->tls_cert) {
        rc = pl_error_set(err, PL_EINVAL, "tls-cert", "--tls-key memerlukan --tls-cert");
        goto fail;
    }
    if (srv->tls &&
        (rc = cfg->tls_key
                  ? pl_http_tls_load(&srv->tls_pem, cfg->tls_cert, cfg->tls_key, err)
                  : pl_error_set(err, PL_EINVAL, "tls-key", "--tls-cert memerlukan --tls-key")))
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
    /* The replica is tried once now, so that the log says at start whether it is used. */
    if (srv->read_pool && pl_http_pool_get_replica(srv->read_pool, 1, &pc))
        pl_http_pool_replica_done(srv->read_pool, pc, NULL);
    if ((rc = pl_http_audit_queue_start(srv->audit, cfg->db_path, cfg->store_flags,
                                        srv->test_db_max_pages, err)))
        goto fail;
    if (pthread_create(&srv->sweeper, NULL, sweep_main, srv) != 0) {
        rc = pl_error_set(err, PL_EINTERNAL, "", "thread pengawas koneksi tidak dapat dimulai");
        goto fail;
    }
    srv->sweeper_on = true;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_POLL;
    if (v6)
        flags |= MHD_USE_IPv6;
    if (srv->tls)
        flags |= MHD_USE_TLS;
    /* Options that depend on the configuration; MHD_OPTION_END where one is unused. */
    struct MHD_OptionItem extra[] = {
        {srv->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, srv->tls_pem.cert},
        {srv->tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, srv->tls_pem.key},
        {srv->tls ? MHD_OPTION_HTTPS_PRIORITIES : MHD_OPTION_END, 0,
         (void *)PL_HTTP_TLS_PRIORITIES},
        /* Behind a proxy every connection comes from it: the proxy limits per client. */
        {srv->proxy[0] ? MHD_OPTION_END : MHD_OPTION_PER_IP_CONNECTION_LIMIT,
         (intptr_t)srv->per_ip_max, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    /* The used ones first: MHD stops at the first MHD_OPTION_END. */
    size_t n_extra = 0;
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (extra[i].option != MHD_OPTION_END)
            extra[n_extra++] = extra[i];
    extra[n_extra] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)srv->threads, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)srv->timeout, MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, srv, MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv, MHD_OPTION_ARRAY,
        extra, MHD_OPTION_END);
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
    if (srv->sweeper_on) {
        pthread_mutex_lock(&srv->conn_mu);
        srv->sweeper_stop = true;
        pthread_cond_signal(&srv->sweep_cv);
        pthread_mutex_unlock(&srv->conn_mu);
        pthread_join(srv->sweeper, NULL);
    }
    pthread_cond_destroy(&srv->sweep_cv);
    pthread_mutex_destroy(&srv->conn_mu);
    pthread_mutex_destroy(&srv->floor_mu);
    pl_http_tls_free(&srv->tls_pem);
    /* The audit writer drains its queue and flushes the log one last time. */
    pl_http_audit_queue_free(srv->audit);
    pl_http_log_free(srv->log);
    pl_http_pool_free(srv->pool);
    pl_http_pool_free(srv->read_pool);
    pl_http_response_cache_free(srv->cache);
    pl_http_static_free(srv->statics);
    pl_session_limiter_free(srv->limiter);
    free(srv);
}
