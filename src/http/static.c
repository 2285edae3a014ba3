/*
 * static.c - the web UI's static files: precompressed variants chosen by
 * Accept-Encoding, ETag and 304, versioned paths with immutable caching, and
 * the version stamp of HTML pages (static.h says what a client sees).
 */
#include "http/static.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define VERSIONED_PREFIX "/v/"
#define IMMUTABLE "public, max-age=31536000, immutable"
#define REVALIDATE "no-cache"
#define WALK_DEPTH 8
#define HTML_MAX ((size_t)1 << 20)

struct pl_http_static {
    char dir[4096];
    pthread_mutex_t lock;
    uint64_t stamp;   /* names, sizes and times of the last walk */
    char version[17]; /* content hash of the folder at that walk */
    time_t walked;    /* when the folder was last walked */
};

static const struct {
    const char *ext;
    const char *type;
    bool compress; /* text: may have .br/.gz variants, replies Vary */
} mime[] = {
    {".html", "text/html; charset=utf-8", true},
    {".js", "text/javascript; charset=utf-8", true},
    {".mjs", "text/javascript; charset=utf-8", true},
    {".css", "text/css; charset=utf-8", true},
    {".json", "application/json", true},
    {".svg", "image/svg+xml", true},
    {".png", "image/png", false},
    {".jpg", "image/jpeg", false},
    {".ico", "image/x-icon", false},
    {".woff2", "font/woff2", false},
    {".txt", "text/plain; charset=utf-8", true},
    {".md", "text/plain; charset=utf-8", true},
    {".map", "application/json", true},
    {".geojson", "application/geo+json", true},
};

/* ------------------------------------------------------------- hashing */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

#define FNV_SEED 0xcbf29ce484222325ULL

/* Mixes a finished per-file hash so that a sum over files spreads well. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static bool is_variant(const char *name)
{
    size_t n = strlen(name);
    return (n > 3 && strcmp(name + n - 3, ".gz") == 0) ||
           (n > 3 && strcmp(name + n - 3, ".br") == 0);
}

/*
 * Walks dir (rel is its path below the web folder): adds to *stamp each
 * file's name, size and time, and when content is non-NULL each file's name
 * and bytes. Sums are order-free, so readdir's order does not matter.
 */
static void walk(const char *dir, const char *rel, int depth, uint64_t *stamp, uint64_t *content)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || is_variant(e->d_name))
            continue;
        char full[8192], sub[4096];
        snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
        snprintf(sub, sizeof sub, "%s/%s", rel, e->d_name);
        struct stat st;
        if (lstat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < WALK_DEPTH)
                walk(full, sub, depth + 1, stamp, content);
            continue;
        }
        if (!S_ISREG(st.st_mode))
            continue;
        uint64_t h = fnv(FNV_SEED, sub, strlen(sub) + 1);
        long long meta[3] = {(long long)st.st_size, (long long)st.st_mtim.tv_sec,
                             (long long)st.st_mtim.tv_nsec};
        *stamp += mix(fnv(h, meta, sizeof meta));
        if (content == NULL)
            continue;
        int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            continue;
        char buf[65536];
        ssize_t got;
        while ((got = read(fd, buf, sizeof buf)) > 0)
            h = fnv(h, buf, (size_t)got);
        close(fd);
        *content += mix(h);
    }
    closedir(d);
}

/* Recomputes the version when the folder changed (force: walk now). Call with lock held. */
static void refresh(pl_http_static *st, bool force)
{
    time_t now = time(NULL);
    if (!force && now == st->walked && st->version[0])
        return;
    st->walked = now;
    uint64_t stamp = 0;
    walk(st->dir, "", 0, &stamp, NULL);
    if (stamp == st->stamp && st->version[0])
        return;
    uint64_t content = 0, again = 0;
    walk(st->dir, "", 0, &again, &content);
    st->stamp = again;
    snprintf(st->version, sizeof st->version, "%012llx",
             (unsigned long long)(content & 0xffffffffffffULL));
}

const char *pl_http_static_version(pl_http_static *st, char out[32])
{
    pthread_mutex_lock(&st->lock);
    refresh(st, false);
    snprintf(out, 32, "%s", st->version);
    pthread_mutex_unlock(&st->lock);
    return out;
}

int pl_http_static_new(pl_http_static **out, const char *web_dir, pl_error *err)
{
    *out = NULL;
    pl_http_static *st = calloc(1, sizeof *st);
    if (st == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    snprintf(st->dir, sizeof st->dir, "%s", web_dir);
    pthread_mutex_init(&st->lock, NULL);
    refresh(st, true);
    *out = st;
    return 0;
}

void pl_http_static_free(pl_http_static *st)
{
    if (st == NULL)
        return;
    pthread_mutex_destroy(&st->lock);
    free(st);
}

/* ------------------------------------------------------ request headers */

double pl_http_static_accept_q(const char *header, const char *coding)
{
    if (header == NULL)
        return 0;
    double star = -1, q_named = -1;
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '\0')
            break;
        const char *tok = p;
        while (*p && *p != ',' && *p != ';' && *p != ' ' && *p != '\t')
            p++;
        size_t tn = (size_t)(p - tok);
        double q = 1;
        while (*p && *p != ',') {
            if (*p == ';') {
                p++;
                while (*p == ' ' || *p == '\t')
                    p++;
                if ((p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
                    char *end;
                    q = strtod(p + 2, &end);
                    if (end == p + 2 || q < 0 || q > 1)
                        q = 0;
                    p = end;
                    continue;
                }
            }
            if (*p && *p != ',')
                p++;
        }
        if (tn == 1 && tok[0] == '*')
            star = q;
        else if (tn == strlen(coding) && strncasecmp(tok, coding, tn) == 0)
            q_named = q;
    }
    if (q_named >= 0)
        return q_named;
    return star > 0 ? star : 0;
}

bool pl_http_static_etag_match(const char *header, const char *etag)
{
    if (header == NULL)
        return false;
    size_t en = strlen(etag);
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return true;
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        const char *tag = p;
        if (*p == '"') {
            p++;
            while (*p && *p != '"')
                p++;
            if (*p == '"')
                p++;
        } else {
            while (*p && *p != ',')
                p++;
        }
        if ((size_t)(p - tag) == en && memcmp(tag, etag, en) == 0)
            return true;
        while (*p && *p != ',')
            p++;
    }
    return false;
}

/* --------------------------------------------------------------- replies */

/* Opens dir + rel + suffix as a regular file, not through a symlink; -1 otherwise. */
static int open_regular(const char *dir, const char *rel, const char *suffix, struct stat *st)
{
    char full[8192];
    int n = snprintf(full, sizeof full, "%s%s%s", dir, rel, suffix);
    if (n < 0 || (size_t)n >= sizeof full)
        return -1;
    int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}

static bool newer_or_same(const struct stat *a, const struct stat *b)
{
    return a->st_mtim.tv_sec > b->st_mtim.tv_sec ||
           (a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec >= b->st_mtim.tv_nsec);
}

static void make_etag(char *out, size_t cap, const struct stat *st, const char *tag)
{
    snprintf(out, cap, "\"%llx-%llx%s%s\"", (unsigned long long)st->st_size,
             (unsigned long long)st->st_mtim.tv_sec * 1000000000ULL +
                 (unsigned long long)st->st_mtim.tv_nsec,
             tag[0] ? "-" : "", tag);
}

/* Reads an HTML file and replaces each "/v/dev/" by "/v/<version>/" into r->out. */
static int html_body(pl_http_req *r, int fd, const struct stat *st, const char *version)
{
    if ((size_t)st->st_size > HTML_MAX)
        return pl_error_set(&r->err, PL_ENOMEM, "", "berkas HTML terlalu besar");
    char *text = malloc((size_t)st->st_size + 1);
    if (text == NULL)
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    size_t len = 0;
    ssize_t got;
    while (len < (size_t)st->st_size && (got = read(fd, text + len, (size_t)st->st_size - len)) > 0)
        len += (size_t)got;
    text[len] = '\0';
    static const char dev[] = VERSIONED_PREFIX PL_HTTP_STATIC_DEV "/";
    char repl[48];
    snprintf(repl, sizeof repl, VERSIONED_PREFIX "%s/", version);
    int rc = 0;
    const char *p = text, *hit;
    while (rc == 0 && (hit = strstr(p, dev)) != NULL) {
        rc = pl_buf_append(&r->out, p, (size_t)(hit - p));
        if (rc == 0)
            rc = pl_buf_puts(&r->out, repl);
        p = hit + sizeof dev - 1;
    }
    if (rc == 0)
        rc = pl_buf_puts(&r->out, p);
    free(text);
    return rc ? pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup") : 0;
}

int pl_http_static_serve(pl_http_static *st, pl_http_req *r, const char *path)
{
    char version[32];
    const char *rel = path;
    bool current = false;
    if (strncmp(path, VERSIONED_PREFIX, sizeof VERSIONED_PREFIX - 1) == 0) {
        const char *v = path + sizeof VERSIONED_PREFIX - 1;
        const char *slash = strchr(v, '/');
        if (slash == NULL || slash == v || (size_t)(slash - v) >= sizeof version)
            return pl_error_set(&r->err, PL_ENOTFOUND, "", "berkas tidak ditemukan");
        pl_http_static_version(st, version);
        current =
            strlen(version) == (size_t)(slash - v) && memcmp(v, version, strlen(version)) == 0;
        rel = slash;
    }
    if (strstr(rel, "..") || strstr(rel, "//") || strchr(rel, '\\') || strstr(rel, "/.") ||
        rel[0] != '/')
        return pl_error_set(&r->err, PL_ENOTFOUND, "", "berkas tidak ditemukan");
    size_t n = strlen(rel);
    char file[4096];
    snprintf(file, sizeof file, "%s%s", rel, rel[n - 1] == '/' ? "index.html" : "");
    struct stat sb;
    int fd = open_regular(st->dir, file, "", &sb);
    if (fd < 0)
        return pl_error_set(&r->err, PL_ENOTFOUND, "", "berkas tidak ditemukan");
    const char *dot = strrchr(file, '.');
    const char *slash = strrchr(file, '/');
    r->out_type = "application/octet-stream";
    bool compress = false, html = false;
    for (size_t i = 0; dot && dot > slash && i < sizeof mime / sizeof mime[0]; i++)
        if (strcasecmp(dot, mime[i].ext) == 0) {
            r->out_type = mime[i].type;
            compress = mime[i].compress;
            html = i == 0;
        }
    char etag[96];
    const char *cache = current && !html ? IMMUTABLE : REVALIDATE;
    const char *encoding = NULL;
    int rc = 0;
    if (html) {
        /* The page names the current version: its tag changes with it. */
        pthread_mutex_lock(&st->lock);
        refresh(st, true);
        snprintf(version, sizeof version, "%s", st->version);
        pthread_mutex_unlock(&st->lock);
        make_etag(etag, sizeof etag, &sb, version);
    } else {
        make_etag(etag, sizeof etag, &sb, "");
        const char *ae = pl_http_header_in(r, "Accept-Encoding");
        static const struct {
            const char *coding, *suffix;
        } variants[] = {{"br", ".br"}, {"gzip", ".gz"}};
        for (size_t i = 0; compress && i < 2 && encoding == NULL; i++) {
            if (pl_http_static_accept_q(ae, variants[i].coding) <= 0)
                continue;
            struct stat vb;
            int vfd = open_regular(st->dir, file, variants[i].suffix, &vb);
            if (vfd < 0)
                continue;
            if (!newer_or_same(&vb, &sb) || vb.st_size == 0) {
                close(vfd); /* stale: the file changed after the build compressed it */
                continue;
            }
            close(fd);
            fd = vfd;
            encoding = variants[i].coding;
            make_etag(etag, sizeof etag, &sb, encoding);
            sb.st_size = vb.st_size;
        }
    }
    pl_http_header(r, "ETag", etag);
    pl_http_header(r, "Cache-Control", cache);
    if (compress)
        pl_http_header(r, "Vary", "Accept-Encoding");
    if (pl_http_static_etag_match(pl_http_header_in(r, "If-None-Match"), etag)) {
        close(fd);
        r->status = 304;
        return 0;
    }
    if (encoding)
        pl_http_header(r, "Content-Encoding", encoding);
    if (html) {
        rc = html_body(r, fd, &sb, version);
        close(fd);
        if (rc)
            return rc;
    } else {
        r->out_fd = fd;
        r->out_fd_size = sb.st_size;
    }
    r->status = 200;
    return 0;
}
