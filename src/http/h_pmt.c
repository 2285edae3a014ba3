/*
 * h_pmt.c - the welfare ranking (service/pmt.h): a household's
 * socio-economic variables and ranking, PMT models, scoring runs, households
 * per decile, and the public check page /cek-bansos (no login).
 */
#include "http/handlers.h"
#include "io/pmt_json.h"
#include "service/pmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void today_text(char *out, size_t cap)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    if (strftime(out, cap, "%Y-%m-%d", &tm) == 0 && cap)
        out[0] = '\0';
}

/* Replies with a household's ranking (loaded in scope), audited as a personal read. */
static int reply_household(pl_http_req *r, int64_t id)
{
    char today[11];
    today_text(today, sizeof today);
    pl_pmt_household h;
    int rc = pl_pmt_household_get(&h, r->store, r->user.scope, id, today, &r->err);
    if (rc)
        return rc;
    json_t *j = pl_pmt_household_json(&h);
    pl_pmt_household_free(&h);
    pl_http_audit_read(r, "household", id);
    return pl_http_reply_json(r, 200, j);
}

int pl_h_household_socio(pl_http_req *r)
{
    pl_household h;
    int rc = pl_h_load_household(r, 0, &h);
    return rc ? rc : reply_household(r, h.id);
}

/* PATCH body: {"version": N, "source": "...", "<variable>": value|null, ...}. */
int pl_h_household_socio_patch(pl_http_req *r)
{
    pl_household h;
    int rc = pl_h_load_household(r, 0, &h);
    if (rc)
        return rc;
    json_t *in = NULL;
    if ((rc = pl_http_json_body(r, &in)))
        return rc;
    char text[PL_PMT_ENTERED__MAX][64];
    const char *values[PL_PMT_ENTERED__MAX] = {0};
    const char *source = NULL;
    json_int_t version = -1;
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
    {
        if (strcmp(key, "version") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 0) {
                rc = pl_error_set(&r->err, PL_EINVAL, "version", "version harus bilangan bulat");
                goto out;
            }
            version = json_integer_value(v);
            continue;
        }
        if (strcmp(key, "source") == 0) {
            if ((rc = pl_http_json_str(r, in, "source", &source)))
                goto out;
            continue;
        }
        int var = pl_pmt_var_find(key);
        if (var < 0 || var >= PL_PMT_ENTERED__MAX) {
            rc = pl_error_set(&r->err, PL_EINVAL, key,
                              "'%s' bukan variabel sosial ekonomi yang dapat diisi", key);
            goto out;
        }
        char *t = text[var];
        if (json_is_null(v))
            t[0] = '\0';
        else if (json_is_string(v))
            snprintf(t, sizeof text[0], "%s", json_string_value(v));
        else if (json_is_boolean(v))
            snprintf(t, sizeof text[0], "%s", json_is_true(v) ? "1" : "0");
        else if (json_is_integer(v))
            snprintf(t, sizeof text[0], "%lld", (long long)json_integer_value(v));
        else if (json_is_real(v))
            snprintf(t, sizeof text[0], "%.10g", json_real_value(v));
        else {
            rc = pl_error_set(&r->err, PL_EINVAL, key, "nilai %s tidak dapat dibaca", key);
            goto out;
        }
        values[var] = t;
    }
    if (version < 0) {
        rc = pl_error_set(&r->err, PL_EINVAL, "version",
                          "version (versi yang dibaca, 0 bila belum ada) wajib");
        goto out;
    }
    pl_socio so;
    rc = pl_pmt_socio_set(&so, r->store, &r->actor, r->user.scope, h.id, values, version, source,
                          &r->err);
out:
    json_decref(in);
    return rc ? rc : reply_household(r, h.id);
}

static int add_model(void *ctx, const pl_pmt_model *m)
{
    return json_array_append_new(ctx, pl_pmt_model_json(m)) ? PL_ENOMEM : 0;
}

int pl_h_pmt_models(pl_http_req *r)
{
    const char *all = pl_http_query(r, "all");
    json_t *items = json_array();
    int rc = pl_pmt_model_list(r->store, r->user.scope, !(all && strcmp(all, "1") == 0), add_model,
                               items, &r->err);
    if (rc) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

static int add_reject(void *ctx, long row, const char *column, const char *reason)
{
    return json_array_append_new(ctx, json_pack("{s:I,s:s,s:s}", "row", (json_int_t)row, "field",
                                                column, "reason", reason))
               ? PL_ENOMEM
               : 0;
}

int pl_h_pmt_model_import(pl_http_req *r)
{
    if (r->upload_path == NULL || r->body_len == 0)
        return pl_error_set(&r->err, PL_EINVAL, "file",
                            "berkas kosong atau kolom 'file' tidak ada");
    const char *name = pl_http_query(r, "name");
    json_t *rejects = json_array();
    pl_pmt_import_result x;
    int rc = pl_pmt_model_import(&x, r->store, &r->actor, r->user.scope, r->upload_path,
                                 name ? name : "unggahan", add_reject, rejects, &r->err);
    if (rc && x.rejected) {
        json_t *o =
            json_pack("{s:s,s:s,s:s,s:I,s:o}", "error", "invalid", "field", r->err.field, "message",
                      r->err.message, "rejected", (json_int_t)x.rejected, "rejects", rejects);
        return pl_http_reply_json(r, 400, o);
    }
    if (rc) {
        json_decref(rejects);
        return rc;
    }
    json_t *models = json_array();
    for (int i = 0; i < x.models && i < 8; i++)
        json_array_append_new(models, pl_pmt_model_json(&x.saved[i]));
    return pl_http_reply_json(r, 201,
                              json_pack("{s:I,s:I,s:o,s:o}", "rows", (json_int_t)x.rows, "stored",
                                        (json_int_t)x.stored, "models", models, "rejects",
                                        rejects));
}

int pl_h_pmt_score(pl_http_req *r)
{
    json_t *in = NULL;
    const char *region = NULL, *reason = NULL;
    int rc = 0;
    if (r->body && r->body_len) {
        if ((rc = pl_http_json_body(r, &in)) || (rc = pl_http_json_str(r, in, "region", &region)) ||
            (rc = pl_http_json_str(r, in, "reason", &reason))) {
            json_decref(in);
            return rc;
        }
    }
    char today[11];
    today_text(today, sizeof today);
    pl_pmt_run_result x;
    rc = pl_pmt_score_run(&x, r->store, &r->actor, r->user.scope, region, reason ? reason : "api",
                          today, &r->err);
    json_decref(in);
    if (rc)
        return rc;
    json_t *o = pl_pmt_run_json(&x.run);
    json_object_set_new(o, "changed", json_integer(x.changed));
    json_object_set_new(o, "no_data", json_integer(x.no_data));
    json_object_set_new(o, "no_model", json_integer(x.no_model));
    json_object_set_new(o, "provinces", json_integer(x.provinces));
    return pl_http_reply_json(r, 201, o);
}

static int add_run(void *ctx, const pl_pmt_run *run)
{
    return json_array_append_new(ctx, pl_pmt_run_json(run)) ? PL_ENOMEM : 0;
}

int pl_h_pmt_runs(pl_http_req *r)
{
    json_t *items = json_array();
    int rc = pl_pmt_run_list(r->store, r->user.scope, 100, add_run, items, &r->err);
    if (rc) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

/* GET /reports/deciles?region=&level=&format=csv - households per decile, suppressed without
 * personal access. */
int pl_h_report_deciles(pl_http_req *r)
{
    const char *region = pl_http_query(r, "region"), *lv = pl_http_query(r, "level"),
               *fmt = pl_http_query(r, "format");
    int level = lv && *lv ? atoi(lv) : 2;
    bool personal = (r->perms & PL_PERM_READ) != 0;
    pl_pmt_decile_report rep;
    int rc =
        pl_pmt_decile_report_build(&rep, r->store, r->user.scope, region, level, personal, &r->err);
    if (rc == PL_EDENIED)
        rc = pl_error_set(&r->err, PL_ENOTFOUND, "region", "wilayah tidak ditemukan");
    if (rc)
        return rc;
    if (fmt && strcmp(fmt, "csv") == 0) {
        pl_buf_reset(&r->out);
        rc = pl_pmt_decile_report_csv(&r->out, &rep, &r->err);
        pl_pmt_decile_report_free(&rep);
        if (rc)
            return rc;
        r->out_type = "text/csv; charset=utf-8";
        pl_http_header(r, "Content-Disposition", "attachment; filename=\"desil.csv\"");
        r->status = 200;
        return 0;
    }
    json_t *j = pl_pmt_decile_report_json(&rep);
    pl_pmt_decile_report_free(&rep);
    return pl_http_reply_json(r, 200, j);
}

/* ------------------------------------------------------- the public page */

static void html_text(pl_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            pl_buf_puts(b, "&lt;");
            break;
        case '>':
            pl_buf_puts(b, "&gt;");
            break;
        case '&':
            pl_buf_puts(b, "&amp;");
            break;
        case '"':
            pl_buf_puts(b, "&quot;");
            break;
        case '\'':
            pl_buf_puts(b, "&#39;");
            break;
        default:
            pl_buf_putc(b, *s);
        }
    }
}

static void page_head(pl_buf *b)
{
    pl_buf_reset(b);
    pl_buf_puts(b, "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                   "<title>Cek Bantuan Sosial</title>"
                   "<link rel=\"stylesheet\" href=\"/css/kartu.css\"></head><body>"
                   "<h1>Cek Bantuan Sosial</h1>");
}

static void page_form(pl_buf *b)
{
    pl_buf_puts(b, "<form method=\"post\" action=\"/cek-bansos\" class=\"cek\">"
                   "<label for=\"nik\">NIK (16 angka, sesuai KTP)</label>"
                   "<input id=\"nik\" name=\"nik\" inputmode=\"numeric\" maxlength=\"16\" "
                   "autocomplete=\"off\" required>"
                   "<label for=\"nama\">Nama lengkap sesuai KTP</label>"
                   "<input id=\"nama\" name=\"nama\" maxlength=\"127\" autocomplete=\"off\" "
                   "required>"
                   "<button type=\"submit\">Periksa</button></form>");
}

static int page_end(pl_http_req *r, int status)
{
    int rc =
        pl_buf_puts(&r->out, "<p><small>Dinas Sosial - Pilar. Data yang Anda ketik tidak "
                             "disimpan; setiap pemeriksaan dicatat.</small></p></body></html>\n");
    if (rc)
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    pl_http_header(r, "Cache-Control", "no-store");
    pl_http_header(r, "X-Robots-Tag", "noindex");
    r->status = status;
    r->out_type = "text/html; charset=utf-8";
    return 0;
}

/* GET /cek-bansos - the form. */
int pl_h_cek_form(pl_http_req *r)
{
    page_head(&r->out);
    pl_buf_puts(&r->out, "<p>Periksa apakah keluarga Anda terdaftar dalam data sosial ekonomi "
                         "dan bantuan yang diterima.</p>");
    page_form(&r->out);
    return page_end(r, 200);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* The value of key in an application/x-www-form-urlencoded body, decoded into out. */
static bool form_value(char *out, size_t cap, const char *body, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = body; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
        if (strncmp(p, key, kl) != 0 || p[kl] != '=')
            continue;
        size_t k = 0;
        for (const char *q = p + kl + 1; *q && *q != '&'; q++) {
            char c = *q;
            if (c == '+')
                c = ' ';
            else if (c == '%' && hexval(q[1]) >= 0 && hexval(q[2]) >= 0) {
                c = (char)(hexval(q[1]) * 16 + hexval(q[2]));
                q += 2;
            }
            if (k + 1 >= cap)
                return false;
            out[k++] = c;
        }
        out[k] = '\0';
        return true;
    }
    return false;
}

/* POST /cek-bansos - the answer: HTML for a form, JSON for a JSON body. */
int pl_h_cek_check(pl_http_req *r)
{
    char nik[64] = "", name[256] = "";
    const char *ct = pl_http_header_in(r, "Content-Type");
    bool json = ct && strncmp(ct, "application/json", 16) == 0;
    int rc = 0;
    if (json) {
        json_t *in = NULL;
        const char *n = NULL, *m = NULL;
        if ((rc = pl_http_json_body(r, &in)) || (rc = pl_http_json_str(r, in, "nik", &n)) ||
            (rc = pl_http_json_str(r, in, "name", &m))) {
            json_decref(in);
            return rc;
        }
        snprintf(nik, sizeof nik, "%s", n ? n : "");
        snprintf(name, sizeof name, "%s", m ? m : "");
        json_decref(in);
    } else if (r->body) {
        form_value(nik, sizeof nik, r->body, "nik");
        form_value(name, sizeof name, r->body, "nama");
    }
    char today[11];
    today_text(today, sizeof today);
    pl_cek_result c;
    int retry = 0;
    rc = pl_pmt_public_check(&c, &retry, r->store, nik, name, r->client, today, &r->err);
    if (rc == PL_ELOCKED) {
        char v[16];
        snprintf(v, sizeof v, "%d", retry);
        pl_http_header(r, "Retry-After", v);
        if (json)
            return pl_http_fail(r, 429, "too_many_requests", "", "%s", r->err.message);
        page_head(&r->out);
        pl_buf_puts(&r->out, "<p class=\"s unknown\" data-status=\"limit\">");
        html_text(&r->out, r->err.message);
        pl_buf_puts(&r->out, "</p>");
        return page_end(r, 429);
    }
    if (rc == PL_EINVAL && !json) {
        page_head(&r->out);
        pl_buf_puts(&r->out, "<p class=\"s unknown\" data-status=\"invalid\">");
        html_text(&r->out, r->err.message);
        pl_buf_puts(&r->out, "</p>");
        page_form(&r->out);
        return page_end(r, 400);
    }
    if (rc)
        return rc;
    if (json)
        return pl_http_reply_json(r, 200, pl_cek_result_json(&c));
    page_head(&r->out);
    pl_buf *b = &r->out;
    if (!c.found) {
        pl_buf_puts(b, "<p class=\"s unknown\" data-status=\"unknown\">Data tidak ditemukan. "
                       "Periksa kembali NIK dan nama lengkap sesuai KTP.</p>");
    } else {
        pl_buf_printf(b,
                      "<p class=\"s %s\" data-status=\"%s\">%s</p><dl><dt>Peringkat "
                      "kesejahteraan</dt><dd>",
                      c.registered ? "valid" : "unknown", c.registered ? "registered" : "none",
                      c.registered ? "Keluarga Anda TERDAFTAR dalam data sosial ekonomi."
                                   : "Keluarga Anda BELUM TERDAFTAR dalam data sosial ekonomi.");
        html_text(b, c.band);
        pl_buf_puts(b, "</dd><dt>Bantuan yang diterima</dt><dd>");
        if (c.n_programs == 0)
            pl_buf_puts(b, "Belum ada");
        for (int i = 0; i < c.n_programs; i++) {
            if (i)
                pl_buf_puts(b, ", ");
            html_text(b, c.programs[i]);
        }
        pl_buf_puts(b, "</dd></dl>");
    }
    pl_buf_puts(b, "<h2>Sanggahan</h2><p>");
    html_text(b, pl_cek_objection_text);
    pl_buf_puts(b, "</p>");
    page_form(b);
    return page_end(r, 200);
}
