/*
 * h_geo.c - map data (clustered points, choropleth, outlines) inside the
 * caller's scope, and the public disability-card checker /kartu/{token},
 * which shows only whether the card is valid, the holder's name and the
 * disability type.
 */
#include "domain/category.h"
#include "http/handlers.h"
#include "io/record_json.h"
#include "service/card.h"
#include "service/map.h"
#include "store/geo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ?region= narrowed to the caller's scope; "" = the whole scope. */
static int scope_of(pl_http_req *r, char out[PL_REGION_CODE_MAX])
{
    int rc = pl_http_region_param(r, "region", out);
    if (rc)
        return rc;
    if (out[0] == '\0') {
        snprintf(out, PL_REGION_CODE_MAX, "%s", r->user.scope);
        return 0;
    }
    if (!pl_region_code_in_scope(out, r->user.scope))
        return pl_error_set(&r->err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda", out);
    return 0;
}

static int level_of(pl_http_req *r, int *level, int fallback)
{
    const char *v = pl_http_query(r, "level");
    *level = fallback;
    if (v == NULL)
        return 0;
    if (strcmp(v, "regency") == 0 || strcmp(v, "2") == 0)
        *level = PL_LEVEL_REGENCY;
    else if (strcmp(v, "district") == 0 || strcmp(v, "3") == 0)
        *level = PL_LEVEL_DISTRICT;
    else
        return pl_error_set(&r->err, PL_EINVAL, "level", "level harus regency atau district");
    return 0;
}

/* GET /api/v1/map/points?bbox=&layer=people|households|psks&category=&zoom=&region= */
int pl_h_map_points(pl_http_req *r)
{
    pl_store_bbox box;
    char scope[PL_REGION_CODE_MAX];
    int rc = pl_map_parse_bbox(&box, pl_http_query(r, "bbox"), &r->err);
    if (rc || (rc = scope_of(r, scope)))
        return rc;
    const char *l = pl_http_query(r, "layer");
    pl_map_layer layer = PL_MAP_PEOPLE;
    if (l && strcmp(l, "households") == 0)
        layer = PL_MAP_HOUSEHOLDS;
    else if (l && strcmp(l, "psks") == 0)
        layer = PL_MAP_PSKS;
    else if (l && strcmp(l, "people") != 0)
        return pl_error_set(&r->err, PL_EINVAL, "layer",
                            "layer harus people, households atau psks");
    int category = 0;
    const char *cv = pl_http_query(r, "category");
    if (cv && cv[0]) {
        const pl_category *c = strlen(cv) > 63        ? NULL
                               : layer == PL_MAP_PSKS ? pl_psks_find(cv)
                                                      : pl_pmks_find(cv);
        if (c == NULL)
            return pl_error_set(&r->err, PL_EINVAL, "category", "kategori tidak dikenal");
        category = c->code;
    }
    const char *zv = pl_http_query(r, "zoom");
    char *end = NULL;
    long zoom = zv ? strtol(zv, &end, 10) : 10;
    if (zv && (*end != '\0' || zoom < 0 || zoom > 22))
        return pl_error_set(&r->err, PL_EINVAL, "zoom", "zoom harus 0..22");
    pl_map_pointset pts;
    if ((rc = pl_map_points(&pts, r->store, layer, &box, category, (int)zoom, scope, &r->err)))
        return rc;
    json_t *fc = pl_map_pointset_json(&pts);
    pl_map_pointset_free(&pts);
    return pl_http_reply_json(r, 200, fc);
}

/* GET /api/v1/map/choropleth?level=regency|district&category=&region= */
int pl_h_map_choropleth(pl_http_req *r)
{
    char scope[PL_REGION_CODE_MAX];
    int level, rc = scope_of(r, scope);
    if (rc || (rc = level_of(r, &level, PL_LEVEL_REGENCY)))
        return rc;
    int category = 0;
    const char *cv = pl_http_query(r, "category");
    if (cv && cv[0]) {
        const pl_category *c = strlen(cv) < 64 ? pl_pmks_find(cv) : NULL;
        if (c == NULL)
            return pl_error_set(&r->err, PL_EINVAL, "category", "kategori PMKS tidak dikenal");
        category = c->code;
    }
    /* Callers without personal access get the public view (small cells hidden), cached apart. */
    bool public_view = !(r->perms & PL_PERM_READ);
    char key[96];
    snprintf(key, sizeof key, "choropleth:%c:%d:%d:%s", public_view ? 'p' : 'f', level, category,
             scope);
    if (pl_http_cache_get(r, key))
        return 0;
    char today[11];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    pl_map_outlines ol;
    if ((rc =
             pl_map_choropleth(&ol, r->store, level, category, scope, public_view, today, &r->err)))
        return rc;
    json_t *fc = pl_map_outlines_json(&ol);
    pl_map_outlines_free(&ol);
    if ((rc = pl_http_reply_json(r, 200, fc)))
        return rc;
    pl_http_cache_put(r, key);
    return 0;
}

/* GET /api/v1/boundaries?level=regency|district&region= */
int pl_h_boundaries(pl_http_req *r)
{
    char scope[PL_REGION_CODE_MAX];
    int level, rc = scope_of(r, scope);
    if (rc || (rc = level_of(r, &level, 0)))
        return rc;
    /* None loaded at all: 404, so that clients fall back to a static copy. */
    long stored = 0;
    if ((rc = pl_store_boundary_count(r->store, level, &stored, &r->err)))
        return rc;
    if (stored == 0)
        return pl_error_set(&r->err, PL_ENOTFOUND, "level",
                            "batas wilayah belum dimuat ('pilar boundary import')");
    pl_map_outlines ol;
    if ((rc = pl_map_boundaries(&ol, r->store, level, scope, &r->err)))
        return rc;
    json_t *fc = pl_map_outlines_json(&ol);
    pl_map_outlines_free(&ol);
    pl_http_header(r, "Cache-Control", "private, max-age=300");
    return pl_http_reply_json(r, 200, fc);
}

int pl_h_map_unlocated(pl_http_req *r)
{
    char scope[PL_REGION_CODE_MAX];
    int rc = scope_of(r, scope);
    if (rc)
        return rc;
    const char *av = pl_http_query(r, "after"), *lv = pl_http_query(r, "limit");
    char *end;
    long long after = av && *av ? strtoll(av, &end, 10) : 0;
    if (av && *av && (*end || after < 0))
        return pl_error_set(&r->err, PL_EINVAL, "after", "after harus bilangan bulat >= 0");
    long limit = lv && *lv ? strtol(lv, &end, 10) : 50;
    if (lv && *lv && *end)
        return pl_error_set(&r->err, PL_EINVAL, "limit", "limit harus bilangan bulat");
    pl_map_unlocated u;
    if ((rc = pl_map_unlocated_list(&u, r->store, scope, after, (int)limit, &r->err)))
        return rc;
    for (size_t i = 0; i < u.n; i++)
        pl_http_audit_read(r, "household", u.items[i].hh.id);
    json_t *j = pl_map_unlocated_json(&u, pl_http_json_opts(r));
    pl_map_unlocated_free(&u);
    return pl_http_reply_json(r, 200, j);
}

static void html_escaped(pl_buf *b, const char *s)
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

/* GET /kartu/{token} - public; HTML, or JSON with ?format=json. */
int pl_h_card_check(pl_http_req *r)
{
    pl_card_status st;
    int rc = pl_card_check(&st, r->store, r->params[0], &r->err);
    if (rc)
        return rc;
    const char *status = !st.found ? "unknown" : st.valid ? "valid" : "revoked";
    pl_http_header(r, "Cache-Control", "no-store");
    pl_http_header(r, "X-Robots-Tag", "noindex");
    const char *fmt = pl_http_query(r, "format");
    if (fmt && strcmp(fmt, "json") == 0) {
        json_t *j = pl_json_card_status(&st);
        return pl_http_reply_json(r, st.found ? 200 : 404, j);
    }
    pl_buf *b = &r->out;
    pl_buf_reset(b);
    pl_buf_puts(b, "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                   "<title>Pemeriksaan Kartu Disabilitas</title>"
                   "<link rel=\"stylesheet\" href=\"/css/kartu.css\">" /* no inline style: CSP */
                   "</head><body><h1>Kartu Penyandang Disabilitas</h1>");
    if (!st.found) {
        pl_buf_puts(b, "<p class=\"s unknown\" data-status=\"unknown\">Kartu tidak dikenal.</p>");
    } else {
        pl_buf_printf(b, "<p class=\"s %s\" data-status=\"%s\">%s</p><dl><dt>Nama</dt><dd>", status,
                      status,
                      st.valid ? "Kartu BERLAKU" : "Kartu TELAH DICABUT dan tidak berlaku lagi");
        html_escaped(b, st.name);
        pl_buf_puts(b, "</dd><dt>Jenis disabilitas</dt><dd>");
        html_escaped(b, st.disability);
        pl_buf_puts(b, "</dd></dl>");
    }
    rc = pl_buf_puts(b, "<p><small>Dinas Sosial - Pilar</small></p></body></html>\n");
    if (rc)
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    r->status = st.found ? 200 : 404;
    r->out_type = "text/html; charset=utf-8";
    return 0;
}
