/*
 * h_disasters.c - disaster events (service/disaster.h): the list inside the
 * caller's scope, registering one with its area (GeoJSON, or a loaded region
 * outline), the people inside the area and the caller's scope, and the
 * confirmation that records them as korban bencana alam (PMKS 21).
 */
#include "domain/category.h"
#include "domain/date.h"
#include "http/handlers.h"
#include "io/disaster_json.h"
#include "io/geojson.h"
#include "service/area.h"
#include "service/disaster.h"
#include "store/disaster.h"
#include "store/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define AFFECTED_MAX 5000

static pl_date today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return (pl_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

static int add_event(void *ctx, const pl_disaster *d)
{
    return json_array_append_new(ctx, pl_json_disaster(d)) ? PL_ENOMEM : 0;
}

int pl_h_disasters(pl_http_req *r)
{
    json_t *items = json_array();
    int rc = pl_store_disaster_list(r->store, r->user.scope, add_event, items, &r->err);
    if (rc) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

/* Copies a required or optional text member into out; too long is refused. */
static int text_member(pl_http_req *r, json_t *in, const char *key, char *out, size_t cap,
                       bool required, const char *what)
{
    const char *v = NULL;
    int rc = pl_http_json_str(r, in, key, &v);
    if (rc)
        return rc;
    if ((v == NULL || v[0] == '\0') && required)
        return pl_error_set(&r->err, PL_EINVAL, key, "%s wajib diisi", what);
    if (v && strlen(v) >= cap)
        return pl_error_set(&r->err, PL_EINVAL, key, "%s terlalu panjang", what);
    snprintf(out, cap, "%s", v ? v : "");
    return 0;
}

/* The service names its fields in Bahasa (CLI options); the API by its keys. */
static int api_field(pl_http_req *r, int rc)
{
    static const char *const map[][2] = {
        {"jenis", "type"}, {"tanggal", "date"}, {"sampai", "until"}, {"wilayah", "region"}};
    for (size_t i = 0; rc && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(r->err.field, map[i][0]) == 0)
            snprintf(r->err.field, sizeof r->err.field, "%s", map[i][1]);
    return rc;
}

int pl_h_disaster_add(pl_http_req *r)
{
    json_t *in = NULL;
    pl_geo_shape *shape = NULL;
    char *text = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    pl_disaster d;
    memset(&d, 0, sizeof d);
    char region[64] = "", boundary[64] = "";
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
    {
        static const char *const known[] = {"type",   "name", "date",    "until",
                                            "region", "area", "boundary"};
        bool ok = false;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            ok = ok || strcmp(key, known[i]) == 0;
        if (!ok) {
            rc = pl_error_set(&r->err, PL_EINVAL, key, "isian '%s' tidak dikenal", key);
            goto out;
        }
    }
    if ((rc = text_member(r, in, "type", d.type, sizeof d.type, true, "jenis bencana")) ||
        (rc = text_member(r, in, "name", d.name, sizeof d.name, false, "nama kejadian")) ||
        (rc = text_member(r, in, "date", d.event_date, sizeof d.event_date, true,
                          "tanggal kejadian")) ||
        (rc = text_member(r, in, "until", d.end_date, sizeof d.end_date, false, "tanggal akhir")) ||
        (rc = text_member(r, in, "region", region, sizeof region, r->user.scope[0] != '\0',
                          "wilayah yang mencatat")) ||
        (rc = text_member(r, in, "boundary", boundary, sizeof boundary, false, "batas wilayah")))
        goto out;
    if (region[0] && pl_region_code_normalize(d.region_code, region) < 0) {
        rc = pl_error_set(&r->err, PL_EINVAL, "region", "kode wilayah '%s' tidak sah", region);
        goto out;
    }
    json_t *area = json_object_get(in, "area");
    if ((area != NULL) == (boundary[0] != '\0')) {
        rc = pl_error_set(&r->err, PL_EINVAL, "area",
                          "pilih satu: area (GeoJSON) atau batas wilayah (boundary)");
        goto out;
    }
    if (area) {
        text = json_is_object(area) ? json_dumps(area, JSON_COMPACT) : NULL;
        if (text == NULL) {
            rc = pl_error_set(&r->err, PL_EINVAL, "area", "area harus objek GeoJSON");
            goto out;
        }
        rc = pl_area_load_text(&shape, text, strlen(text), &r->err);
        if (rc == PL_EINVAL)
            snprintf(r->err.field, sizeof r->err.field, "%s", "area");
    } else {
        char code[PL_REGION_CODE_MAX];
        if (pl_region_code_normalize(code, boundary) < 0 ||
            !pl_region_code_in_scope(code, r->user.scope)) {
            rc = pl_error_set(&r->err, PL_EINVAL, "boundary",
                              "batas wilayah '%s' tidak ada di wilayah Anda", boundary);
            goto out;
        }
        rc = pl_area_boundary_shape(&shape, r->store, code, &r->err);
        if (rc == PL_ENOTFOUND)
            rc = pl_error_set(&r->err, PL_EINVAL, "boundary",
                              "batas wilayah %s belum dimuat (pilar boundary import)", code);
    }
    if (rc)
        goto out;
    if ((rc = api_field(
             r, pl_disaster_register(r->store, &r->actor, &d, shape, r->user.scope, &r->err))))
        goto out;
    pl_area_query q = {.shape = shape, .scope = r->user.scope, .today = today()};
    long people = 0, vulnerable = 0;
    if ((rc = pl_area_count(&people, &vulnerable, r->store, &q, &r->err)))
        goto out;
    json_t *o = pl_json_disaster(&d);
    json_object_set_new(o, "people", json_integer(people));
    json_object_set_new(o, "vulnerable", json_integer(vulnerable));
    rc = pl_http_reply_json(r, 201, o);
out:
    free(text);
    pl_geo_shape_free(shape);
    json_decref(in);
    return rc;
}

/* The event of path parameter 0 inside scope, with its area. */
static int load_event(pl_http_req *r, pl_disaster *d, pl_geo_shape **shape)
{
    int64_t id;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc)
        return rc;
    rc = pl_disaster_load(d, shape, r->store, id, r->user.scope, &r->err);
    if (rc == PL_ENOTFOUND)
        return pl_error_set(&r->err, PL_ENOTFOUND, "id", "kejadian bencana %lld tidak ditemukan",
                            (long long)id);
    return rc;
}

static json_t *summary(const pl_area_result *a)
{
    return json_pack("{s:I,s:I,s:I,s:I,s:I}", "people", (json_int_t)a->people, "vulnerable",
                     (json_int_t)a->vulnerable, "elderly", (json_int_t)a->elderly, "disabled",
                     (json_int_t)a->disabled, "children_under_5", (json_int_t)a->children);
}

int pl_h_disaster_get(pl_http_req *r)
{
    pl_disaster d;
    pl_geo_shape *shape = NULL;
    pl_area_result *a = NULL;
    int rc = load_event(r, &d, &shape);
    if (rc)
        return rc;
    pl_area_query q = {
        .shape = shape, .scope = r->user.scope, .today = today(), .summary_only = true};
    if ((rc = pl_area_run(&a, r->store, &q, &r->err)) == 0) {
        json_t *o = pl_json_disaster(&d);
        json_object_set_new(o, "inside", summary(a));
        json_t *g = pl_geojson_shape_to_json(shape);
        json_object_set_new(o, "area", g ? g : json_null());
        rc = pl_http_reply_json(r, 200, o);
    }
    pl_area_result_free(a);
    pl_geo_shape_free(shape);
    return rc;
}

typedef struct row_ctx {
    pl_http_req *r;
    json_t *items;
    char village_code[PL_REGION_CODE_MAX];
    char village[128];
} row_ctx;

static int add_row(void *ctx, const pl_area_row *row)
{
    row_ctx *k = ctx;
    pl_http_req *r = k->r;
    if (json_array_size(k->items) >= AFFECTED_MAX)
        return 1;
    if (strcmp(k->village_code, row->person.village_code) != 0) {
        pl_region reg;
        snprintf(k->village_code, sizeof k->village_code, "%s", row->person.village_code);
        snprintf(k->village, sizeof k->village, "%s",
                 pl_store_region_get(r->store, &reg, row->person.village_code, NULL) == 0
                     ? reg.name
                     : row->person.village_code);
    }
    char nik[PL_IDENT_TEXT_MAX], vuln[64], sex[2] = {row->person.sex, 0};
    const char *n = pl_ident_text(nik, pl_http_json_opts(r), PL_IDENT_NIK, row->person.nik);
    pl_area_vuln_label(vuln, sizeof vuln, row->vuln);
    json_t *o = json_pack(
        "{s:I,s:s?,s:s,s:s,s:o,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:f,s:f,s:I}", "person_id",
        (json_int_t)row->person.id, "nik", n && n[0] ? n : NULL, "name", row->person.name, "sex",
        sex, "age", row->age >= 0 ? json_integer(row->age) : json_null(), "vulnerability", vuln,
        "disability", row->disability_label, "village_code", row->person.village_code, "village",
        k->village, "address", row->household.address, "rt", row->household.rt, "rw",
        row->household.rw, "latitude", row->lat, "longitude", row->lon, "household_id",
        (json_int_t)row->household.id);
    if (o == NULL || json_array_append_new(k->items, o))
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    pl_http_audit_read(r, "person", row->person.id);
    return 0;
}

int pl_h_disaster_affected(pl_http_req *r)
{
    pl_disaster d;
    pl_geo_shape *shape = NULL;
    pl_area_result *a = NULL;
    int rc = load_event(r, &d, &shape);
    if (rc)
        return rc;
    const char *all = pl_http_query(r, "all");
    pl_area_query q = {.shape = shape,
                       .scope = r->user.scope,
                       .today = today(),
                       .vulnerable_only = !(all && strcmp(all, "1") == 0)};
    row_ctx k = {.r = r, .items = json_array()};
    if ((rc = pl_area_run(&a, r->store, &q, &r->err)) == 0) {
        rc = pl_area_each_row(r->store, a, &q, add_row, &k, &r->err);
        if (rc == 1)
            rc = 0; /* stopped at AFFECTED_MAX */
    }
    if (rc == 0) {
        json_t *o =
            json_pack("{s:o,s:o,s:o,s:b}", "event", pl_json_disaster(&d), "inside", summary(a),
                      "items", k.items, "truncated", json_array_size(k.items) < a->n);
        k.items = NULL;
        rc = pl_http_reply_json(r, 200, o);
    }
    json_decref(k.items);
    pl_area_result_free(a);
    pl_geo_shape_free(shape);
    return rc;
}

int pl_h_disaster_confirm(pl_http_req *r)
{
    pl_disaster d;
    pl_geo_shape *shape = NULL;
    int rc = load_event(r, &d, &shape);
    pl_geo_shape_free(shape);
    if (rc)
        return rc;
    pl_date t = today();
    long affected = 0;
    if ((rc =
             pl_disaster_confirm(r->store, &r->actor, d.id, r->user.scope, &t, &affected, &r->err)))
        return rc;
    return pl_http_reply_json(r, 200,
                              json_pack("{s:I,s:I,s:i}", "id", (json_int_t)d.id, "affected",
                                        (json_int_t)affected, "category",
                                        PL_PMKS_KORBAN_BENCANA_ALAM));
}
