/* json.c - replies, the error shape, and reading parameters and JSON bodies. */
#include "http/http.h"
#include "io/record_json.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* The one mapping from PL_E* codes to HTTP status. */
static const int status_of[PL_E__MAX] = {
    [0] = 200,          /* PL_OK */
    [-PL_EINVAL] = 400, /* 422 when a field is named, see below */
    [-PL_ENOTFOUND] = 404,
    [-PL_ECONFLICT] = 409,
    [-PL_EDENIED] = 403,
    [-PL_EIO] = 500,
    [-PL_ENOMEM] = 413,
    [-PL_ELOCKED] = 423,
    [-PL_EINTERNAL] = 500,
    [-PL_ENOSPACE] = 507,
    [-PL_EUNAVAIL] = 503,
};
_Static_assert(sizeof status_of / sizeof status_of[0] == PL_E__MAX, "one status per code");

int pl_http_status_for(int code, const char *field)
{
    if (code > 0 || code <= -PL_E__MAX)
        return 500;
    if (code == PL_EINVAL && field && field[0])
        return 422;
    return status_of[-code];
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
    return pl_buf_append(data, buffer, size) == 0 ? 0 : -1;
}

int pl_http_reply_json(pl_http_req *r, int status, json_t *v)
{
    if (v == NULL)
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    pl_buf_reset(&r->out);
    int rc = json_dump_callback(v, dump_cb, &r->out, JSON_COMPACT);
    json_decref(v);
    if (rc != 0)
        return pl_error_set(&r->err, PL_ENOMEM, "", "jawaban terlalu besar");
    r->status = status;
    r->out_type = "application/json; charset=utf-8";
    return 0;
}

int pl_http_reply_page(pl_http_req *r, json_t *items, const char *next)
{
    return pl_http_reply_json(
        r, 200,
        json_pack("{s:o,s:o}", "items", items, "next", next ? json_string(next) : json_null()));
}

int pl_http_fail(pl_http_req *r, int status, const char *code, const char *field, const char *fmt,
                 ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[sizeof r->err.message];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int pl = status == 403 ? PL_EDENIED : PL_EINVAL;
    pl_error_set(&r->err, pl, field, "%s", msg);
    r->fail_status = status;
    snprintf(r->fail_code, sizeof r->fail_code, "%s", code);
    return pl;
}

void pl_http_header(pl_http_req *r, const char *name, const char *value)
{
    if (r->n_hdr >= PL_HTTP_MAX_HEADERS)
        return;
    snprintf(r->hdr_name[r->n_hdr], sizeof r->hdr_name[0], "%s", name);
    snprintf(r->hdr_value[r->n_hdr], sizeof r->hdr_value[0], "%s", value);
    r->n_hdr++;
}

void pl_http_error_body(pl_http_req *r, int code)
{
    int status = r->fail_status ? r->fail_status : pl_http_status_for(code, r->err.field);
    const char *name = r->fail_status ? r->fail_code : pl_error_code_name(code);
    if (r->err.message[0] == '\0')
        snprintf(r->err.message, sizeof r->err.message, "kesalahan (%s)", name);
    if (!r->fail_status && code == PL_EUNAVAIL) {
        /* The store's message names the data base server: not the caller's business. */
        snprintf(r->err.message, sizeof r->err.message,
                 "basis data sedang tidak dapat dihubungi; coba lagi sebentar lagi");
        pl_http_header(r, "Retry-After", "5");
    }
    if (r->out_fd >= 0) {
        close(r->out_fd);
        r->out_fd = -1;
    }
    json_t *e = json_pack("{s:{s:s,s:s,s:s}}", "error", "code", name, "message", r->err.message,
                          "field", r->err.field);
    if (e && r->n_err_items > 0) {
        json_t *list = json_array();
        for (int i = 0;
             i < r->n_err_items && i < (int)(sizeof r->err_items / sizeof r->err_items[0]); i++)
            json_array_append_new(list, json_pack("{s:s,s:s}", "field", r->err_items[i].field,
                                                  "message", r->err_items[i].message));
        json_object_set_new(json_object_get(e, "error"), "problems", list);
    }
    if (e && r->err_id > 0)
        json_object_set_new(json_object_get(e, "error"), "id", json_integer(r->err_id));
    if (pl_http_reply_json(r, status, e) != 0) {
        pl_buf_reset(&r->out);
        pl_buf_puts(&r->out, "{\"error\":{\"code\":\"internal\",\"message\":\"kesalahan\","
                             "\"field\":\"\"}}");
        r->status = 500;
        r->out_type = "application/json; charset=utf-8";
    }
    r->status = status;
}

const char *pl_http_header_in(pl_http_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *pl_http_query(pl_http_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

int pl_http_json_body(pl_http_req *r, json_t **out)
{
    *out = NULL;
    const char *ct = pl_http_header_in(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 ||
        (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' '))
        return pl_http_fail(r, 415, "unsupported_media_type", "",
                            "jenis isi harus application/json");
    json_error_t je;
    json_t *v = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &je);
    if (v == NULL)
        return pl_error_set(&r->err, PL_EINVAL, "", "JSON tidak sah (baris %d kolom %d): %s",
                            je.line, je.column, je.text);
    if (!json_is_object(v)) {
        json_decref(v);
        return pl_error_set(&r->err, PL_EINVAL, "", "isi permintaan harus objek JSON");
    }
    *out = v;
    return 0;
}

static int parse_i64(const char *s, int64_t *out)
{
    if (s == NULL || s[0] < '0' || s[0] > '9' || strlen(s) > 18)
        return PL_EINVAL;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end != '\0')
        return PL_EINVAL;
    *out = v;
    return 0;
}

int pl_http_paging(pl_http_req *r, int *limit, int64_t *after)
{
    *limit = 50;
    *after = 0;
    const char *l = pl_http_query(r, "limit"), *c = pl_http_query(r, "cursor");
    int64_t v;
    if (l) {
        if (parse_i64(l, &v) || v < 1 || v > 1000)
            return pl_error_set(&r->err, PL_EINVAL, "limit", "limit harus 1 sampai 1000");
        *limit = (int)v;
    }
    if (c && c[0]) {
        if (parse_i64(c, &v))
            return pl_error_set(&r->err, PL_EINVAL, "cursor", "cursor tidak sah");
        *after = v;
    }
    return 0;
}

int pl_http_param_id(pl_http_req *r, int i, int64_t *id)
{
    if (i >= r->n_params || parse_i64(r->params[i], id) || *id <= 0)
        return pl_error_set(&r->err, PL_EINVAL, "id", "id '%s' tidak sah",
                            i < r->n_params ? r->params[i] : "");
    return 0;
}

int pl_http_region_param(pl_http_req *r, const char *name, char out[14])
{
    out[0] = '\0';
    const char *v = pl_http_query(r, name);
    if (v == NULL || v[0] == '\0')
        return 0;
    if (strlen(v) > 20 || pl_region_code_normalize(out, v) < 0) {
        out[0] = '\0';
        return pl_error_set(&r->err, PL_EINVAL, name, "kode wilayah tidak sah");
    }
    return 0;
}

const pl_ident_view *pl_http_json_opts(const pl_http_req *r)
{
    /*
     * Only an authenticated caller with the permission sees numbers as stored. Public
     * routes carry no personal data; should one ever do, it gets the hiding view (whose
     * zero key is no secret, so the pseudonyms would be worthless there too).
     */
    static const pl_ident_view anonymous = {.pseudonym = true};
    if (!r->authed)
        return &anonymous;
    return r->view;
}

int pl_http_deny_nik_search(pl_http_req *r, const char *field)
{
    if (!pl_ident_hides(pl_http_json_opts(r)))
        return 0;
    return pl_error_set(&r->err, PL_EDENIED, field,
                        "peran Anda tidak boleh mencari dengan NIK atau No. KK; "
                        "cari dengan nama atau wilayah");
}

int pl_http_json_str(pl_http_req *r, json_t *obj, const char *key, const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return pl_error_set(&r->err, PL_EINVAL, key, "%s harus berupa teks", key);
    *out = json_string_value(v);
    return 0;
}

int pl_http_json_strcpy(pl_http_req *r, json_t *obj, const char *key, char *out, size_t cap)
{
    const char *v;
    int rc = pl_http_json_str(r, obj, key, &v);
    if (rc || v == NULL)
        return rc;
    size_t n = strlen(v);
    if (n >= cap)
        return pl_error_set(&r->err, PL_EINVAL, key, "%s terlalu panjang (maks. %zu)", key,
                            cap - 1);
    memcpy(out, v, n + 1);
    return 0;
}
