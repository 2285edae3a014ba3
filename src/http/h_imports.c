/*
 * h_imports.c - spreadsheet upload (multipart field "file", or a raw CSV /
 * XLSX body) into the importer with the caller's scope; the rejects file
 * stays on the server (0600, in a 0700 folder) and is fetched by its owner
 * (or an admin) until service/cleanup deletes it. The upload itself reaches
 * the handler as a 0600 file the server streamed it into (r->upload_path),
 * which the server removes when the request ends.
 */
#include "http/handlers.h"
#include "http/tmpfile.h"
#include "io/import_json.h"
#include "service/import.h"
#include "service/import_template.h"
#include "util/fs.h"
#include "service/auth.h"
#include "store/audit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int ensure_dir(pl_http_req *r, const char *path)
{
    if (mkdir(path, 0700) == 0 || errno == EEXIST)
        return 0;
    return pl_error_set(&r->err, PL_EIO, "", "direktori data server tidak dapat dibuat");
}

/* The upload's name for messages and the audit: its base name, or a default by type. */
static void upload_name(pl_http_req *r, char *out, size_t cap)
{
    const char *n = r->upload_name;
    if (n) {
        const char *slash = strrchr(n, '/');
        n = slash ? slash + 1 : n;
        const char *bs = strrchr(n, '\\');
        n = bs ? bs + 1 : n;
    }
    if (n && n[0]) {
        size_t j = 0;
        for (size_t i = 0; n[i] && j + 1 < cap && j < 100; i++)
            out[j++] = (char)((n[i] >= 0x20 && n[i] != '"' && n[i] < 0x7f) ? n[i] : '_');
        out[j] = '\0';
        return;
    }
    const char *ct = pl_http_header_in(r, "Content-Type");
    snprintf(out, cap, "%s",
             ct && strstr(ct, "spreadsheetml")         ? "unggahan.xlsx"
             : ct && strstr(ct, "opendocument.spread") ? "unggahan.ods"
                                                       : "unggahan.csv");
}

/* The base name of name without its extension, reduced to [A-Za-z0-9._-] (others '_'). */
static void safe_stem(char *out, size_t cap, const char *name)
{
    size_t j = 0;
    const char *dot = strrchr(name, '.');
    for (const char *p = name; *p && (dot == NULL || p < dot) && j + 1 < cap; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '-' || c == '_';
        out[j++] = ok ? c : '_';
    }
    out[j] = '\0';
    if (j == 0)
        snprintf(out, cap, "impor");
}

typedef struct history_ctx {
    pl_http_req *r;
    json_t *items;
    int want;
    int64_t last;
    int seen;
} history_ctx;

static int add_import(void *ctx, const pl_audit_entry *e)
{
    history_ctx *h = ctx;
    h->last = e->id;
    h->seen++;
    bool admin = strcmp(h->r->user.role, "admin") == 0;
    if (strcmp(e->action, "import") != 0 || (!admin && strcmp(e->actor, h->r->user.username)))
        return 0;
    json_t *o = e->after ? json_loads(e->after, 0, NULL) : NULL;
    if (!json_is_object(o)) {
        json_decref(o);
        o = json_object();
    }
    json_object_set_new(o, "at", json_string(e->at));
    json_object_set_new(o, "actor", json_string(e->actor));
    json_array_append_new(h->items, o);
    return (int)json_array_size(h->items) >= h->want ? 1 : 0;
}

int pl_h_imports(pl_http_req *r)
{
    int limit;
    int64_t before;
    int rc = pl_http_paging(r, &limit, &before);
    if (rc)
        return rc;
    /* The caller's own imports (an admin sees everyone's), newest first, from the write
     * audit's "import" rows: what was read, added, changed and rejected. */
    history_ctx h = {r, json_array(), limit, before, 0};
    for (int pages = 0; pages < 20 && (int)json_array_size(h.items) < limit; pages++) {
        int seen = h.seen;
        rc = pl_store_audit_list(r->store, "file", 0, h.last, 500, add_import, &h, &r->err);
        if (rc == 1)
            rc = 0;
        if (rc || h.seen - seen < 500 || h.last <= 1)
            break;
    }
    if (rc) {
        json_decref(h.items);
        return rc;
    }
    char next[24];
    snprintf(next, sizeof next, "%lld", (long long)h.last);
    return pl_http_reply_page(r, h.items, (int)json_array_size(h.items) >= limit ? next : NULL);
}

int pl_h_import(pl_http_req *r)
{
    const char *ct = pl_http_header_in(r, "Content-Type");
    static const char *const types[] = {
        "multipart/form-data",
        "text/csv",
        "application/csv",
        "application/octet-stream",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.spreadsheet"};
    bool ok = false;
    for (size_t i = 0; ct && i < sizeof types / sizeof types[0]; i++)
        ok = ok || strncasecmp(ct, types[i], strlen(types[i])) == 0;
    if (!ok)
        return pl_http_fail(r, 415, "unsupported_media_type", "",
                            "unggah berkas CSV/XLSX/ODS sebagai multipart/form-data (kolom "
                            "'file'), text/csv, XLSX atau ODS");
    if (r->upload_path == NULL || r->body_len == 0)
        return pl_error_set(&r->err, PL_EINVAL, "file",
                            "berkas kosong atau kolom 'file' tidak ada");
    char name[128], dir[4200], id[33], rejects[4400];
    upload_name(r, name, sizeof name);
    snprintf(dir, sizeof dir, "%s", pl_http_data_dir(r->srv));
    int rc = ensure_dir(r, dir);
    snprintf(dir, sizeof dir, "%s/rejects", pl_http_data_dir(r->srv));
    /* 0700, and its files 0600 (csv_writer): rows of personal data, kept for rejects_days. */
    if (rc || (rc = pl_fs_mkdir(dir, &r->err)))
        return rc;
    pl_auth_random_hex(id, 16);
    snprintf(rejects, sizeof rejects, "%s/%s--%s.csv", dir, r->user.username, id);
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    pl_date today = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    const char *dry = pl_http_query(r, "dry_run");
    pl_import_options opt = {
        .path = r->upload_path,
        .name = name,
        .dry_run = dry && (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0),
        .rejects_path = rejects,
        .scope = r->user.scope,
        .today = &today,
    };
    pl_import_summary s;
    memset(&s, 0, sizeof s);
    if ((rc = pl_import_run(r->store, &r->actor, &opt, &s, &r->err))) {
        unlink(rejects);
        return rc;
    }
    char link[128];
    bool has_rejects = s.rejected + s.pending > 0 && s.rejects_file[0];
    if (!has_rejects)
        unlink(rejects);
    /* The download is named after the upload: ditolak-<name>.csv, when the link is fetched
     * with ?name=<name> (rejects_name; see pl_h_import_rejects). */
    char stem[64], rejects_name[80];
    safe_stem(stem, sizeof stem, name);
    snprintf(rejects_name, sizeof rejects_name, "ditolak-%s.csv", stem);
    snprintf(link, sizeof link, "/api/v1/imports/%s/rejects", id);
    json_t *o = pl_json_import_summary(&s, name);
    if (o) {
        json_object_set_new(o, "id", json_string(id));
        json_object_set_new(o, "rejects", has_rejects ? json_string(link) : json_null());
        json_object_set_new(o, "rejects_name",
                            has_rejects ? json_string(rejects_name) : json_null());
        json_object_set_new(o, "rejects_stem", has_rejects ? json_string(stem) : json_null());
    }
    return pl_http_reply_json(r, 200, o);
}

int pl_h_import_rejects(pl_http_req *r)
{
    const char *id = r->params[0];
    if (strlen(id) != 32 || strspn(id, "0123456789abcdef") != 32)
        return pl_error_set(&r->err, PL_EINVAL, "id", "id impor tidak sah");
    char dir[4200], path[4200 + 256 + 2] = ""; /* dir, '/', a file name (NAME_MAX) */
    if (snprintf(dir, sizeof dir, "%s/rejects", pl_http_data_dir(r->srv)) >= (int)sizeof dir)
        return pl_error_set(&r->err, PL_EINTERNAL, "", "direktori data terlalu panjang");
    if (strcmp(r->user.role, "admin") == 0) {
        /* An admin may fetch anyone's: find "<user>--<id>.csv". */
        DIR *d = opendir(dir);
        struct dirent *e;
        char suffix[48];
        snprintf(suffix, sizeof suffix, "--%s.csv", id);
        while (d && (e = readdir(d)) != NULL) {
            size_t n = strlen(e->d_name);
            if (n > strlen(suffix) && strcmp(e->d_name + n - strlen(suffix), suffix) == 0) {
                snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
                break;
            }
        }
        if (d)
            closedir(d);
    } else {
        snprintf(path, sizeof path, "%s/%s--%s.csv", dir, r->user.username, id);
    }
    int fd = path[0] ? open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return pl_error_set(&r->err, PL_ENOTFOUND, "id", "berkas tolakan tidak ditemukan");
    }
    r->out_fd = fd;
    r->out_fd_size = st.st_size;
    r->out_type = "text/csv; charset=utf-8";
    r->status = 200;
    char disp[160], stem[64];
    const char *want = pl_http_query(r, "name");
    if (want && want[0])
        safe_stem(stem, sizeof stem, want);
    else
        snprintf(stem, sizeof stem, "%.8s", id);
    snprintf(disp, sizeof disp, "attachment; filename=\"ditolak-%s.csv\"", stem);
    pl_http_header(r, "Content-Disposition", disp);
    return 0;
}

/*
 * GET /imports/template: the import template workbook (service/import_template.h). libxlsxwriter
 * needs a file: written in the data directory, opened, unlinked at once, then sent.
 */
int pl_h_import_template(pl_http_req *r)
{
    char path[4400];
    int rc = pl_http_tmp_path(r, "templat", "xlsx", path, sizeof path);
    if (rc)
        return rc;
    rc = pl_import_template_make(path, &r->err);
    if ((rc = pl_http_send_tmp(r, rc, path, PL_HTTP_TYPE_XLSX, "templat")))
        return rc;
    pl_http_header(r, "Content-Disposition",
                   "attachment; filename=\"" PL_IMPORT_TEMPLATE_NAME "\"");
    r->status = 200;
    return 0;
}
