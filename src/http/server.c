/*
 * server.c - libmicrohttpd glue: request life cycle (route, authenticate,
 * read the body within its limit, run the handler, reply), the pool of
 * data-base connections, the batched read audit, static files, the access
 * log, and the graceful stop.
 */
#include "http/server.h"
#include "http/http.h"
#include "http/router.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define POOL_MAX 64
#define AUDIT_QUEUE 16384
#define AUDIT_PERIOD_MS 100
#define LOG_BUF (256 * 1024)
#define CACHE_SLOTS 32
#define CACHE_TTL_MS 5000
#define CACHE_RETRY_MS 30000

typedef struct cache_slot {
    char key[48];
    char *data;
    size_t len;
    struct timespec at;
    int refreshing; /* one request recomputes; the others get the old answer meanwhile */
    struct timespec refresh_at;
} cache_slot;

/* A pooled data-base connection and the tokens it has checked. */
typedef struct pool_conn {
    pl_store *store;
    pl_http_auth_memo memo;
} pool_conn;

struct pl_http_server {
    char listen[128];
    char db_path[4096];
    char web_dir[4096];
    char data_dir[4096];
    int threads;
    int timeout;
    size_t json_max, upload_max;
    FILE *log;
    struct MHD_Daemon *daemon;
    atomic_int in_flight;
    atomic_ulong write_epoch; /* see pl_http_write_epoch */
    /* Data-base connections, one per request at a time. */
    pthread_mutex_t pool_mu;
    pool_conn *pool[POOL_MAX];
    int n_pool;
    /* Read audit: queued by handlers, written in batches by one thread. */
    pthread_mutex_t aq_mu;
    pthread_cond_t aq_work, aq_done;
    pl_audit_read *aq, *aq_spare;
    size_t aq_n;
    unsigned long long aq_enq, aq_written;
    int aq_stop;
    int aq_urgent; /* write now: queue half full or a flush waits */
    pthread_t aq_thread;
    int aq_started;
    pl_store *aq_store;
    /* Access log: lines gather here and reach the file every AUDIT_PERIOD_MS, when full, at stop.
     */
    pthread_mutex_t log_mu;
    char *log_buf;
    size_t log_n;
    /* Short-lived answers of expensive aggregate queries, keyed by route and scope. */
    pthread_mutex_t cache_mu;
    cache_slot cache[CACHE_SLOTS];
};

/* ------------------------------------------------------------- the pool */

/* Takes a connection from the pool (opening one when none is idle) for r. */
static int pool_get(pl_http_server *srv, pl_http_req *r)
{
    pthread_mutex_lock(&srv->pool_mu);
    pool_conn *pc = srv->n_pool > 0 ? srv->pool[--srv->n_pool] : NULL;
    pthread_mutex_unlock(&srv->pool_mu);
    if (pc == NULL) {
        pc = calloc(1, sizeof *pc);
        if (pc == NULL)
            return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
        int rc = pl_store_open(&pc->store, srv->db_path, 0, &r->err);
        if (rc) {
            free(pc);
            return rc;
        }
    }
    r->store = pc->store;
    r->memo = &pc->memo;
    return 0;
}

/* Gives r's connection back to the pool (closing it when the pool is full). */
static void pool_put(pl_http_server *srv, pl_http_req *r)
{
    if (r->store == NULL)
        return;
    /* r->memo points into the pool_conn that holds r->store. */
    pool_conn *pc = (pool_conn *)(void *)((char *)r->memo - offsetof(pool_conn, memo));
    r->store = NULL;
    r->memo = NULL;
    pl_store_rollback(pc->store);
    pthread_mutex_lock(&srv->pool_mu);
    if (srv->n_pool < POOL_MAX) {
        srv->pool[srv->n_pool++] = pc;
        pc = NULL;
    }
    pthread_mutex_unlock(&srv->pool_mu);
    if (pc) {
        pl_store_close(pc->store);
        free(pc);
    }
}

unsigned long pl_http_write_epoch(pl_http_server *srv)
{
    return atomic_load(&srv->write_epoch);
}

/* ------------------------------------------------------- the access log */

/* Writes the gathered lines to the log file; log_mu held. */
static void log_flush_locked(pl_http_server *srv)
{
    if (srv->log_n) {
        fwrite(srv->log_buf, 1, srv->log_n, srv->log);
        fflush(srv->log);
        srv->log_n = 0;
    }
}

static void log_flush(pl_http_server *srv)
{
    if (srv->log == NULL)
        return;
    pthread_mutex_lock(&srv->log_mu);
    log_flush_locked(srv);
    pthread_mutex_unlock(&srv->log_mu);
}

/* Adds one line (fmt ends with a newline) to the log; lines over 1 KiB are cut. */
static void log_line(pl_http_server *srv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void log_line(pl_http_server *srv, const char *fmt, ...)
{
    if (srv->log == NULL)
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
    pthread_mutex_lock(&srv->log_mu);
    if (srv->log_buf == NULL || srv->log_n + len > LOG_BUF)
        log_flush_locked(srv);
    if (srv->log_buf)
        memcpy(srv->log_buf + srv->log_n, line, len), srv->log_n += len;
    else
        fwrite(line, 1, len, srv->log);
    pthread_mutex_unlock(&srv->log_mu);
}

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ", formatted once a second per thread. */
static void utc_now(char out[24])
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

/* ------------------------------------------------------- the read audit */

static void audit_write(pl_http_server *srv, const pl_audit_read *rows, size_t n)
{
    pl_error err;
    pl_error_clear(&err);
    for (int attempt = 0; attempt < 5; attempt++) {
        if (pl_store_begin(srv->aq_store, &err) == 0 &&
            pl_store_audit_reads(srv->aq_store, rows, n, &err) == 0 &&
            pl_store_commit(srv->aq_store, &err) == 0)
            return;
        pl_store_rollback(srv->aq_store);
    }
    log_line(srv, "audit: %zu baris baca gagal ditulis: %s\n", n, err.message);
}

static void *audit_main(void *arg)
{
    pl_http_server *srv = arg;
    pthread_mutex_lock(&srv->aq_mu);
    for (;;) {
        /*
         * Write every 100 ms, or sooner when the queue fills or someone flushes:
         * few large transactions keep the readers' page caches valid.
         */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += AUDIT_PERIOD_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!srv->aq_stop && !srv->aq_urgent &&
               pthread_cond_timedwait(&srv->aq_work, &srv->aq_mu, &until) == 0)
            ;
        srv->aq_urgent = 0;
        pthread_mutex_unlock(&srv->aq_mu);
        log_flush(srv);
        pthread_mutex_lock(&srv->aq_mu);
        if (srv->aq_n == 0) {
            if (srv->aq_stop)
                break;
            continue;
        }
        pl_audit_read *batch = srv->aq;
        size_t n = srv->aq_n;
        srv->aq = srv->aq_spare;
        srv->aq_spare = NULL;
        srv->aq_n = 0;
        pthread_mutex_unlock(&srv->aq_mu);
        audit_write(srv, batch, n);
        pthread_mutex_lock(&srv->aq_mu);
        srv->aq_spare = batch;
        srv->aq_written += n;
        pthread_cond_broadcast(&srv->aq_done);
    }
    pthread_mutex_unlock(&srv->aq_mu);
    return NULL;
}

void pl_http_audit_read(pl_http_req *r, const char *entity, int64_t id)
{
    pl_http_server *srv = r->srv;
    char at[24];
    utc_now(at);
    pthread_mutex_lock(&srv->aq_mu);
    while (srv->aq_n == AUDIT_QUEUE)
        pthread_cond_wait(&srv->aq_done, &srv->aq_mu);
    pl_audit_read *it = &srv->aq[srv->aq_n++];
    memcpy(it->at, at, sizeof it->at);
    snprintf(it->actor, sizeof it->actor, "%s", r->user.username);
    snprintf(it->client, sizeof it->client, "%s", r->client);
    snprintf(it->entity, sizeof it->entity, "%s", entity);
    it->entity_id = id;
    srv->aq_enq++;
    if (srv->aq_n == AUDIT_QUEUE / 2) {
        srv->aq_urgent = 1;
        pthread_cond_signal(&srv->aq_work);
    }
    pthread_mutex_unlock(&srv->aq_mu);
}

void pl_http_audit_flush(pl_http_server *srv)
{
    pthread_mutex_lock(&srv->aq_mu);
    unsigned long long target = srv->aq_enq;
    srv->aq_urgent = 1;
    pthread_cond_signal(&srv->aq_work);
    while (srv->aq_written < target)
        pthread_cond_wait(&srv->aq_done, &srv->aq_mu);
    pthread_mutex_unlock(&srv->aq_mu);
}

static long long age_ms(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (long long)(t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Marks every cached answer stale; the next request for each recomputes it. */
static void cache_expire(pl_http_server *srv)
{
    pthread_mutex_lock(&srv->cache_mu);
    for (int i = 0; i < CACHE_SLOTS; i++) {
        srv->cache[i].at.tv_sec = 0;
        srv->cache[i].at.tv_nsec = 0;
        srv->cache[i].refreshing = 0;
    }
    pthread_mutex_unlock(&srv->cache_mu);
}

int pl_http_cache_get(pl_http_req *r, const char *key)
{
    pl_http_server *srv = r->srv;
    int hit = 0;
    pthread_mutex_lock(&srv->cache_mu);
    for (int i = 0; i < CACHE_SLOTS && !hit; i++) {
        cache_slot *c = &srv->cache[i];
        if (c->data == NULL || strcmp(c->key, key) != 0)
            continue;
        if (age_ms(&c->at) >= CACHE_TTL_MS &&
            (!c->refreshing || age_ms(&c->refresh_at) >= CACHE_RETRY_MS)) {
            c->refreshing = 1;
            clock_gettime(CLOCK_MONOTONIC, &c->refresh_at);
            break; /* this caller recomputes */
        }
        pl_buf_reset(&r->out);
        hit = pl_buf_append(&r->out, c->data, c->len) == 0;
    }
    pthread_mutex_unlock(&srv->cache_mu);
    if (hit) {
        r->status = 200;
        r->out_type = "application/json; charset=utf-8";
    }
    return hit;
}

void pl_http_cache_put(pl_http_req *r, const char *key)
{
    pl_http_server *srv = r->srv;
    char *copy = malloc(r->out.len + 1);
    if (copy == NULL || strlen(key) >= sizeof srv->cache[0].key) {
        free(copy);
        return;
    }
    memcpy(copy, r->out.data, r->out.len);
    pthread_mutex_lock(&srv->cache_mu);
    int slot = 0;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        cache_slot *c = &srv->cache[i];
        if (c->data == NULL || strcmp(c->key, key) == 0) {
            slot = i;
            break;
        }
        if (age_ms(&c->at) > age_ms(&srv->cache[slot].at))
            slot = i; /* the oldest goes */
    }
    cache_slot *c = &srv->cache[slot];
    free(c->data);
    snprintf(c->key, sizeof c->key, "%s", key);
    c->data = copy;
    c->len = r->out.len;
    c->refreshing = 0;
    clock_gettime(CLOCK_MONOTONIC, &c->at);
    pthread_mutex_unlock(&srv->cache_mu);
}

const char *pl_http_data_dir(const pl_http_server *srv)
{
    return srv->data_dir;
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
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
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
        int rc = pool_get(srv, r);
        if (rc == 0)
            rc = pl_http_authenticate(r);
        pool_put(srv, r);
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
    int rc = pool_get(srv, r);
    if (rc == 0)
        rc = c->route->fn(r);
    pool_put(srv, r);
    if (strcmp(c->method, "GET") != 0 && strcmp(c->method, "HEAD") != 0) {
        /* A write may change any cached aggregate, and credentials (revoked, disabled). */
        atomic_fetch_add(&srv->write_epoch, 1);
        if (rc == 0)
            cache_expire(srv);
    }
    return rc ? send_error(c, conn, rc) : send_reply(c, conn);
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
        utc_now(when);
        log_line(srv, "%s %s %s %s %d %lld %.1fms %s%s\n", when, c->r.client, c->method, c->path,
                 c->replied ? c->status : 0, c->bytes, elapsed_ms(&c->t0),
                 c->r.authed ? c->r.user.username : "-",
                 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (terputus)");
    }
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

int pl_http_server_start(pl_http_server **out, const pl_http_config *cfg, pl_error *err)
{
    *out = NULL;
    pl_http_server *srv = calloc(1, sizeof *srv);
    if (srv == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    pthread_mutex_init(&srv->pool_mu, NULL);
    pthread_mutex_init(&srv->cache_mu, NULL);
    pthread_mutex_init(&srv->aq_mu, NULL);
    pthread_mutex_init(&srv->log_mu, NULL);
    pthread_cond_init(&srv->aq_work, NULL);
    pthread_cond_init(&srv->aq_done, NULL);
    snprintf(srv->listen, sizeof srv->listen, "%s", cfg->listen ? cfg->listen : "127.0.0.1:8080");
    snprintf(srv->db_path, sizeof srv->db_path, "%s", cfg->db_path);
    snprintf(srv->web_dir, sizeof srv->web_dir, "%s", cfg->web_dir ? cfg->web_dir : "web");
    snprintf(srv->data_dir, sizeof srv->data_dir, "%s",
             cfg->data_dir ? cfg->data_dir : "pilar-data");
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    srv->threads = cfg->threads > 0 ? cfg->threads : (cores > 0 ? (int)cores : 2);
    srv->timeout = cfg->timeout_seconds > 0 ? cfg->timeout_seconds : 30;
    srv->json_max = cfg->json_max ? cfg->json_max : (size_t)1 << 20;
    srv->upload_max = cfg->upload_max ? cfg->upload_max : (size_t)64 << 20;
    srv->log = cfg->log;
    srv->log_buf = srv->log ? malloc(LOG_BUF) : NULL; /* NULL: lines go straight to the file */
    srv->aq = calloc(AUDIT_QUEUE, sizeof *srv->aq);
    srv->aq_spare = calloc(AUDIT_QUEUE, sizeof *srv->aq_spare);
    struct sockaddr_storage ss;
    int v6 = 0, rc;
    if (srv->aq == NULL || srv->aq_spare == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto fail;
    }
    if ((rc = parse_listen(srv->listen, &ss, &v6, err)))
        goto fail;
    /* Check the data base once before accepting anyone. */
    pl_http_req probe = {.srv = srv};
    if ((rc = pool_get(srv, &probe)) == 0) {
        pl_store_summary sum;
        rc = pl_store_summary_get(probe.store, &sum, "", &probe.err);
        pool_put(srv, &probe);
    }
    if (rc) {
        if (err)
            *err = probe.err;
        goto fail;
    }
    if ((rc = pl_store_open(&srv->aq_store, srv->db_path, 0, err)))
        goto fail;
    if (pthread_create(&srv->aq_thread, NULL, audit_main, srv) != 0) {
        rc = pl_error_set(err, PL_EINTERNAL, "", "thread audit tidak dapat dibuat");
        goto fail;
    }
    srv->aq_started = 1;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_POLL;
    if (v6)
        flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)srv->threads, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)srv->timeout, MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, srv, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
    if (srv->daemon == NULL) {
        rc = pl_error_set(err, PL_EIO, "listen", "tidak dapat mendengarkan di %s: %s", srv->listen,
                          strerror(errno));
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
        MHD_stop_daemon(srv->daemon);
    }
    if (srv->aq_started) {
        pthread_mutex_lock(&srv->aq_mu);
        srv->aq_stop = 1;
        pthread_cond_broadcast(&srv->aq_work);
        pthread_mutex_unlock(&srv->aq_mu);
        pthread_join(srv->aq_thread, NULL);
    }
    log_flush(srv);
    free(srv->log_buf);
    pl_store_close(srv->aq_store);
    for (int i = 0; i < srv->n_pool; i++) {
        pl_store_close(srv->pool[i]->store);
        free(srv->pool[i]);
    }
    free(srv->aq);
    free(srv->aq_spare);
    for (int i = 0; i < CACHE_SLOTS; i++)
        free(srv->cache[i].data);
    pthread_mutex_destroy(&srv->cache_mu);
    pthread_mutex_destroy(&srv->pool_mu);
    pthread_mutex_destroy(&srv->aq_mu);
    pthread_mutex_destroy(&srv->log_mu);
    pthread_cond_destroy(&srv->aq_work);
    pthread_cond_destroy(&srv->aq_done);
    free(srv);
}
