/*
 * h_psks_visit.c - the work of PSKS units inside the caller's scope
 * (service/psks_visit.h): assignments, visits and their photos, monthly
 * activity of a unit and of a region, units near a disaster and their
 * deployment. Every answer naming a person or household is a personal read
 * (audited per record); ids outside the scope answer like absent ones.
 */
#include "domain/category.h"
#include "domain/psks_visit.h"
#include "http/handlers.h"
#include "http/tmpfile.h"
#include "io/psks_activity.h"
#include "io/record_json.h"
#include "service/psks_visit.h"
#include "store/household.h"
#include "store/person.h"
#include "store/psks.h"
#include "store/psks_visit.h"
#include "store/region.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static pl_date today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return (pl_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

/* An optional positive id in the query string (0 when absent). */
static int query_id(pl_http_req *r, const char *name, int64_t *out)
{
    *out = 0;
    const char *v = pl_http_query(r, name);
    if (v == NULL || v[0] == '\0')
        return 0;
    char *e = NULL;
    long long x = strtoll(v, &e, 10);
    if (*e || x < 1)
        return pl_error_set(&r->err, PL_EINVAL, name, "%s harus bilangan >= 1", name);
    *out = x;
    return 0;
}

/* An optional positive id member of a JSON body (0 when absent or null). */
static int body_id(pl_http_req *r, json_t *in, const char *key, int64_t *out)
{
    *out = 0;
    json_t *v = json_object_get(in, key);
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return pl_error_set(&r->err, PL_EINVAL, key, "%s harus bilangan >= 1", key);
    *out = json_integer_value(v);
    return 0;
}

static void village_name(pl_http_req *r, char *out, size_t cap, const char *code)
{
    pl_region g;
    if (pl_store_region_get(r->store, &g, code, NULL) == 0)
        snprintf(out, cap, "%s", g.name);
    else
        snprintf(out, cap, "%s", code);
}

/*
 * The subject of an assignment or visit as the field worker sees it (name,
 * address, village), audited as a personal read; null when there is none.
 */
static json_t *subject_json(pl_http_req *r, int64_t person_id, int64_t household_id)
{
    char vname[128];
    if (person_id) {
        pl_person p;
        if (pl_store_person_get(r->store, &p, person_id, NULL) != 0)
            return json_null();
        pl_household h = {0};
        if (p.household_id)
            pl_store_household_get(r->store, &h, p.household_id, NULL);
        village_name(r, vname, sizeof vname, p.village_code);
        pl_http_audit_read(r, "person", p.id);
        return json_pack("{s:s,s:I,s:s,s:s,s:s,s:s,s:s}", "kind", "person", "id", (json_int_t)p.id,
                         "name", p.name, "address", h.address, "rt", h.rt, "village",
                         p.village_code, "village_name", vname);
    }
    if (household_id) {
        pl_household h;
        if (pl_store_household_get(r->store, &h, household_id, NULL) != 0)
            return json_null();
        village_name(r, vname, sizeof vname, h.village_code);
        pl_http_audit_read(r, "household", h.id);
        return json_pack("{s:s,s:I,s:s,s:s,s:s,s:s,s:s}", "kind", "household", "id",
                         (json_int_t)h.id, "name", "", "address", h.address, "rt", h.rt, "village",
                         h.village_code, "village_name", vname);
    }
    return json_null();
}

static json_t *unit_brief(pl_http_req *r, int64_t id)
{
    pl_psks_unit u;
    if (pl_store_psks_get(r->store, &u, id, NULL) != 0)
        return json_null();
    const pl_category *c = pl_psks_get(u.type);
    return json_pack("{s:I,s:i,s:s,s:s,s:s}", "id", (json_int_t)u.id, "type", u.type, "type_name",
                     c ? c->short_name : "", "name", u.name, "region", u.area_code);
}

static json_t *assignment_full(pl_http_req *r, const pl_psks_assignment *a)
{
    json_t *o = pl_json_psks_assignment(a);
    if (o) {
        json_object_set_new(o, "subject", subject_json(r, a->person_id, a->household_id));
        json_object_set_new(o, "unit", unit_brief(r, a->psks_id));
    }
    return o;
}

static json_t *visit_full(pl_http_req *r, const pl_psks_visit *v)
{
    json_t *o = pl_json_psks_visit(v);
    if (o) {
        json_object_set_new(o, "subject", subject_json(r, v->person_id, v->household_id));
        json_object_set_new(o, "unit", unit_brief(r, v->psks_id));
        pl_http_audit_read(r, "psks_visit", v->id);
    }
    return o;
}

/* ------------------------------------------------------------ assignments */

typedef struct list_ctx {
    pl_http_req *r;
    json_t *items;
} list_ctx;

static int add_assignment(void *ctx, const pl_psks_assignment *a)
{
    list_ctx *l = ctx;
    return json_array_append_new(l->items, assignment_full(l->r, a)) ? PL_ENOMEM : 0;
}

/* A region query parameter inside the scope (the scope itself when absent). */
static int region_in_scope(pl_http_req *r, char region[PL_REGION_CODE_MAX])
{
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    if (region[0] == '\0') {
        snprintf(region, PL_REGION_CODE_MAX, "%s", r->user.scope);
        return 0;
    }
    if (!pl_region_code_in_scope(region, r->user.scope))
        return pl_error_set(&r->err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda",
                            region);
    return 0;
}

/* GET /assignments?psks_id=&person_id=&household_id=&region=&status=&overdue=1 */
int pl_h_assignments(pl_http_req *r)
{
    pl_psks_assignment_filter f = {0};
    char region[PL_REGION_CODE_MAX], now[11];
    int rc;
    if ((rc = query_id(r, "psks_id", &f.psks_id)) ||
        (rc = query_id(r, "person_id", &f.person_id)) ||
        (rc = query_id(r, "household_id", &f.household_id)) || (rc = region_in_scope(r, region)))
        return rc;
    f.region = region;
    f.status = pl_http_query(r, "status");
    if (f.status && !pl_assignment_status_known(f.status))
        return pl_error_set(&r->err, PL_EINVAL, "status", "status harus aktif, selesai atau batal");
    const char *od = pl_http_query(r, "overdue");
    if (od && strcmp(od, "1") == 0) {
        pl_date d = today();
        pl_date_format(now, &d);
        f.overdue_on = now;
    }
    list_ctx l = {r, json_array()};
    if ((rc = pl_store_psks_assignment_list(r->store, &f, add_assignment, &l, &r->err))) {
        json_decref(l.items);
        return rc;
    }
    return pl_http_reply_page(r, l.items, NULL);
}

/* GET /assignments/suggest?person_id=|household_id= */
int pl_h_assignment_suggest(pl_http_req *r)
{
    int64_t person, household;
    int rc;
    if ((rc = query_id(r, "person_id", &person)) || (rc = query_id(r, "household_id", &household)))
        return rc;
    pl_psks_suggestion g[PL_PSKS_SUGGEST_MAX];
    size_t n;
    pl_date now = today();
    if ((rc = pl_psks_suggest(g, &n, r->store, r->user.scope, person, household, &now, &r->err)))
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = pl_json_psks(&g[i].unit, pl_http_json_opts(r));
        json_object_set_new(o, "distance_m",
                            g[i].distance_m >= 0 ? json_real(g[i].distance_m) : json_null());
        json_object_set_new(o, "tier", json_integer(g[i].tier));
        json_array_append_new(items, o);
    }
    if (person)
        pl_http_audit_read(r, "person", person);
    else
        pl_http_audit_read(r, "household", household);
    return pl_http_reply_page(r, items, NULL);
}

/* POST /assignments {psks_id|null, person_id|household_id, due_date, reason} */
int pl_h_assignment_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    pl_psks_assign_in a = {0};
    pl_psks_assignment out;
    pl_date now = today();
    if ((rc = body_id(r, in, "psks_id", &a.psks_id)) ||
        (rc = body_id(r, in, "person_id", &a.person_id)) ||
        (rc = body_id(r, in, "household_id", &a.household_id)) ||
        (rc = pl_http_json_str(r, in, "due_date", &a.due_date)) ||
        (rc = pl_http_json_str(r, in, "reason", &a.reason)) ||
        (rc = pl_psks_assign(&out, r->store, &r->actor, r->user.scope, &a, &now, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 201, assignment_full(r, &out));
out:
    json_decref(in);
    return rc;
}

static int add_visit(void *ctx, const pl_psks_visit *v)
{
    list_ctx *l = ctx;
    return json_array_append_new(l->items, visit_full(l->r, v)) ? PL_ENOMEM : 0;
}

/* GET /assignments/{id}: the assignment, its subject and unit, and its visits. */
int pl_h_assignment_get(pl_http_req *r)
{
    int64_t id;
    pl_psks_assignment a;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_psks_assignment_load(&a, r->store, r->user.scope, id, &r->err)))
        return rc;
    list_ctx l = {r, json_array()};
    pl_psks_visit_filter f = {.assignment_id = id, .region = r->user.scope};
    if ((rc = pl_store_psks_visit_list(r->store, &f, add_visit, &l, &r->err))) {
        json_decref(l.items);
        return rc;
    }
    json_t *o = assignment_full(r, &a);
    json_object_set_new(o, "visits_list", l.items);
    return pl_http_reply_json(r, 200, o);
}

/* PATCH /assignments/{id} {version, status, due_date|null, reason} */
int pl_h_assignment_patch(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    pl_psks_assignment_edit chg = {0};
    pl_psks_assignment a;
    json_t *ver = json_object_get(in, "version");
    if (!json_is_integer(ver)) {
        /* Existence is checked before the body, so a hidden id answers like an absent one. */
        if ((rc = pl_psks_assignment_load(&a, r->store, r->user.scope, id, &r->err)) == 0)
            rc = pl_error_set(&r->err, PL_EINVAL, "version", "version wajib diisi (bilangan)");
        goto out;
    }
    chg.version = json_integer_value(ver);
    if ((rc = pl_http_json_str(r, in, "status", &chg.status)) ||
        (rc = pl_http_json_str(r, in, "due_date", &chg.due_date)) ||
        (rc = pl_http_json_str(r, in, "reason", &chg.reason)))
        goto out;
    if (json_is_null(json_object_get(in, "due_date")))
        chg.due_date = "";
    if ((rc = pl_psks_assignment_change(&a, r->store, &r->actor, r->user.scope, id, &chg, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, assignment_full(r, &a));
out:
    json_decref(in);
    return rc;
}

/* ----------------------------------------------------------------- visits */

/* GET /visits?psks_id=&assignment_id=&disaster_id=&person_id=&household_id=&from=&to= */
int pl_h_visits(pl_http_req *r)
{
    pl_psks_visit_filter f = {0};
    char region[PL_REGION_CODE_MAX];
    int rc;
    if ((rc = query_id(r, "psks_id", &f.psks_id)) ||
        (rc = query_id(r, "assignment_id", &f.assignment_id)) ||
        (rc = query_id(r, "disaster_id", &f.disaster_id)) ||
        (rc = query_id(r, "person_id", &f.person_id)) ||
        (rc = query_id(r, "household_id", &f.household_id)) || (rc = region_in_scope(r, region)))
        return rc;
    f.region = region;
    f.from = pl_http_query(r, "from");
    f.to = pl_http_query(r, "to");
    list_ctx l = {r, json_array()};
    if ((rc = pl_store_psks_visit_list(r->store, &f, add_visit, &l, &r->err))) {
        json_decref(l.items);
        return rc;
    }
    return pl_http_reply_page(r, l.items, NULL);
}

/*
 * POST /visits {assignment_id | psks_id [person_id|household_id], disaster_id, date, action,
 * latitude, longitude, note, ends: [PMKS codes]}
 */
int pl_h_visit_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    pl_psks_visit v = {0};
    int ends[PL_PSKS_VISIT_ENDS_MAX];
    size_t n = 0;
    if ((rc = body_id(r, in, "assignment_id", &v.assignment_id)) ||
        (rc = body_id(r, in, "psks_id", &v.psks_id)) ||
        (rc = body_id(r, in, "person_id", &v.person_id)) ||
        (rc = body_id(r, in, "household_id", &v.household_id)) ||
        (rc = body_id(r, in, "disaster_id", &v.disaster_id)) ||
        (rc = pl_http_json_strcpy(r, in, "date", v.visit_date, sizeof v.visit_date)) ||
        (rc = pl_http_json_strcpy(r, in, "action", v.action, sizeof v.action)) ||
        (rc = pl_http_json_strcpy(r, in, "note", v.note, sizeof v.note)))
        goto out;
    json_t *lat = json_object_get(in, "latitude"), *lon = json_object_get(in, "longitude");
    if ((lat && !json_is_null(lat)) || (lon && !json_is_null(lon))) {
        if (!json_is_number(lat) || !json_is_number(lon)) {
            rc = pl_error_set(&r->err, PL_EINVAL, "latitude",
                              "latitude dan longitude harus berdua dan berupa angka");
            goto out;
        }
        v.has_coord = true;
        v.lat = json_number_value(lat);
        v.lon = json_number_value(lon);
    }
    json_t *e = json_object_get(in, "ends"), *x;
    size_t i;
    if (e && !json_is_null(e)) {
        if (!json_is_array(e) || json_array_size(e) > PL_PSKS_VISIT_ENDS_MAX) {
            rc = pl_error_set(&r->err, PL_EINVAL, "ends",
                              "ends harus daftar kode kategori PMKS (paling banyak %d)",
                              PL_PSKS_VISIT_ENDS_MAX);
            goto out;
        }
        json_array_foreach(e, i, x)
        {
            if (!json_is_integer(x)) {
                rc = pl_error_set(&r->err, PL_EINVAL, "ends", "ends harus berisi kode kategori");
                goto out;
            }
            ends[n++] = (int)json_integer_value(x);
        }
    }
    pl_date now = today();
    if ((rc = pl_psks_visit_log(&v, r->store, &r->actor, r->user.scope, ends, n, &now, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 201, visit_full(r, &v));
out:
    json_decref(in);
    return rc;
}

/* GET /visits/{id} */
int pl_h_visit_get(pl_http_req *r)
{
    int64_t id;
    pl_psks_visit v;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_psks_visit_load(&v, r->store, r->user.scope, id, &r->err)))
        return rc;
    return pl_http_reply_json(r, 200, visit_full(r, &v));
}

/* POST /visits/{id}/photo (upload: the image as the body or a multipart 'file' part) */
int pl_h_visit_photo_put(pl_http_req *r)
{
    int64_t id;
    pl_psks_visit v;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_psks_visit_load(&v, r->store, r->user.scope, id, &r->err)))
        return rc;
    if (r->upload_path == NULL || r->body_len == 0)
        return pl_error_set(&r->err, PL_EINVAL, "photo", "kirim foto (JPEG, PNG atau WebP)");
    if ((rc = pl_psks_visit_photo_attach(&v, r->store, &r->actor, r->user.scope, id, r->upload_path,
                                         &r->err)))
        return rc;
    return pl_http_reply_json(r, 201, visit_full(r, &v));
}

/* GET /visits/{id}/photo: the image bytes. */
int pl_h_visit_photo_get(pl_http_req *r)
{
    int64_t id;
    char mime[16];
    void *data = NULL;
    size_t len = 0;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc ||
        (rc = pl_psks_visit_photo_read(mime, &data, &len, r->store, r->user.scope, id, &r->err)))
        return rc;
    pl_buf_reset(&r->out);
    rc = pl_buf_append(&r->out, data, len);
    free(data);
    if (rc)
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori tidak cukup");
    static const char *const types[] = {"image/jpeg", "image/png", "image/webp"};
    r->out_type = types[0];
    for (size_t i = 0; i < 3; i++)
        if (strcmp(mime, types[i]) == 0)
            r->out_type = types[i];
    pl_http_header(r, "Cache-Control", "private, no-store");
    pl_http_audit_read(r, "psks_visit", id);
    r->status = 200;
    return 0;
}

/* --------------------------------------------------------------- activity */

typedef int (*file_writer)(const void *model, const char *path, pl_error *err);

static int write_pdf_activity(const void *m, const char *path, pl_error *err)
{
    return pl_psks_activity_write_pdf(m, path, err);
}
static int write_pdf_rollup(const void *m, const char *path, pl_error *err)
{
    return pl_psks_rollup_write_pdf(m, path, err);
}
static int write_xlsx_rollup(const void *m, const char *path, pl_error *err)
{
    return pl_psks_rollup_write_xlsx(m, path, err);
}

/* Writes a model to a file in the data directory and answers it (unlinked once open). */
static int reply_file(pl_http_req *r, file_writer w, const void *model, const char *ext,
                      const char *name)
{
    char path[4400], disp[200];
    int rc = pl_http_tmp_path(r, "psks", ext, path, sizeof path);
    if (rc)
        return rc;
    rc = w(model, path, &r->err);
    if ((rc = pl_http_send_tmp(r, rc, path, pl_http_type_of(ext), "laporan")))
        return rc;
    snprintf(disp, sizeof disp, "attachment; filename=\"%s.%s\"", name, ext);
    pl_http_header(r, "Content-Disposition", disp);
    r->status = 200;
    return 0;
}

/* GET /psks/{id}/activity?month=YYYY-MM&format=json|pdf */
int pl_h_psks_activity(pl_http_req *r)
{
    int64_t id;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc)
        return rc;
    const char *fmt = pl_http_query(r, "format");
    if (fmt == NULL)
        fmt = "json";
    if (strcmp(fmt, "json") && strcmp(fmt, "pdf"))
        return pl_error_set(&r->err, PL_EINVAL, "format", "format harus json atau pdf");
    pl_psks_activity *a = NULL;
    if ((rc = pl_psks_activity_unit(&a, r->store, r->user.scope, id, pl_http_query(r, "month"),
                                    &r->err)))
        return rc;
    for (size_t i = 0; i < a->n_rows; i++)
        pl_http_audit_read(r, "psks_visit", a->rows[i].id);
    if (strcmp(fmt, "json") == 0) {
        rc = pl_http_reply_json(r, 200, pl_psks_activity_json(a));
    } else {
        char name[64];
        snprintf(name, sizeof name, "kegiatan-psks-%lld-%s", (long long)id, a->month);
        rc = reply_file(r, write_pdf_activity, a, "pdf", name);
    }
    pl_psks_activity_free(a);
    return rc;
}

/* GET /reports/psks-activity?region=&month=YYYY-MM&format=json|pdf|xlsx */
int pl_h_psks_activity_rollup(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = region_in_scope(r, region);
    if (rc)
        return rc;
    const char *fmt = pl_http_query(r, "format");
    if (fmt == NULL)
        fmt = "json";
    if (strcmp(fmt, "json") && strcmp(fmt, "pdf") && strcmp(fmt, "xlsx"))
        return pl_error_set(&r->err, PL_EINVAL, "format", "format harus json, pdf atau xlsx");
    pl_psks_rollup *x = NULL;
    if ((rc = pl_psks_activity_rollup(&x, r->store, r->user.scope, region,
                                      pl_http_query(r, "month"), &r->err)))
        return rc;
    if (strcmp(fmt, "json") == 0) {
        rc = pl_http_reply_json(r, 200, pl_psks_rollup_json(x));
    } else {
        char name[64];
        snprintf(name, sizeof name, "rekap-psks-%s-%s", x->region[0] ? x->region : "semua",
                 x->month);
        rc = reply_file(r, strcmp(fmt, "pdf") == 0 ? write_pdf_rollup : write_xlsx_rollup, x, fmt,
                        name);
    }
    pl_psks_rollup_free(x);
    return rc;
}

/* -------------------------------------------------------------- disasters */

typedef struct nearby_ctx {
    pl_http_req *r;
    json_t *items;
} nearby_ctx;

static int add_nearby(void *ctx, const pl_psks_nearby *u)
{
    nearby_ctx *c = ctx;
    json_t *o = pl_json_psks(&u->unit, pl_http_json_opts(c->r));
    if (o == NULL)
        return PL_ENOMEM;
    json_object_set_new(o, "distance_m",
                        u->distance_m >= 0 ? json_real(u->distance_m) : json_null());
    json_object_set_new(o, "deployed", json_boolean(u->deployed));
    json_object_set_new(o, "deployed_on", u->deployed ? json_string(u->deployed_on) : json_null());
    json_object_set_new(o, "visits", json_integer(u->visits));
    return json_array_append_new(c->items, o) ? PL_ENOMEM : 0;
}

/* GET /disasters/{id}/psks?km=10: Tagana and other units near the area, deployed or not. */
int pl_h_disaster_psks(pl_http_req *r)
{
    int64_t id;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc)
        return rc;
    double km = 10;
    const char *k = pl_http_query(r, "km");
    if (k) {
        char *e = NULL;
        km = strtod(k, &e);
        if (e == k || *e)
            return pl_error_set(&r->err, PL_EINVAL, "km", "km harus angka");
    }
    nearby_ctx c = {r, json_array()};
    pl_date now = today();
    if ((rc = pl_psks_disaster_nearby(r->store, r->user.scope, id, km, &now, add_nearby, &c,
                                      &r->err))) {
        json_decref(c.items);
        return rc;
    }
    list_ctx l = {r, json_array()};
    pl_psks_visit_filter f = {.disaster_id = id, .region = r->user.scope};
    if ((rc = pl_store_psks_visit_list(r->store, &f, add_visit, &l, &r->err))) {
        json_decref(c.items);
        json_decref(l.items);
        return rc;
    }
    return pl_http_reply_json(
        r, 200, json_pack("{s:o,s:o,s:f}", "items", c.items, "visits", l.items, "km", km));
}

/* POST /disasters/{id}/deployments {psks_id, date, note} */
int pl_h_disaster_deploy(pl_http_req *r)
{
    int64_t id, unit;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    const char *date = NULL, *note = NULL;
    pl_psks_deployment d;
    pl_date now = today();
    if ((rc = body_id(r, in, "psks_id", &unit)) || (rc = pl_http_json_str(r, in, "date", &date)) ||
        (rc = pl_http_json_str(r, in, "note", &note)))
        goto out;
    if ((rc = pl_psks_deploy(&d, r->store, &r->actor, r->user.scope, id, unit, date, note, &now,
                             &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 201, pl_json_psks_deployment(&d));
out:
    json_decref(in);
    return rc;
}
