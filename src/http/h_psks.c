/* h_psks.c - PSKS units (TKSK, PSM, Tagana, LKS, ...) inside the caller's scope. */
#include "domain/category.h"
#include "http/handlers.h"
#include "io/record_json.h"
#include "service/psks.h"
#include "store/psks.h"

#include <stdio.h>
#include <string.h>

static int add_unit(void *ctx, const pl_psks_unit *u)
{
    pl_http_req *r = ((void **)ctx)[0];
    return json_array_append_new(((void **)ctx)[1], pl_json_psks(u, pl_http_json_opts(r)))
               ? PL_ENOMEM
               : 0;
}

int pl_h_psks(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    const char *scope = r->user.scope;
    if (region[0]) {
        if (!pl_region_code_in_scope(region, r->user.scope))
            return pl_error_set(&r->err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda",
                                region);
        scope = region;
    }
    int type = 0;
    const char *t = pl_http_query(r, "type");
    if (t) {
        const pl_category *c = strlen(t) < 64 ? pl_psks_find(t) : NULL;
        if (c == NULL)
            return pl_error_set(&r->err, PL_EINVAL, "type", "jenis PSKS tidak dikenal");
        type = c->code;
    }
    json_t *items = json_array();
    void *ctx[2] = {r, items};
    if ((rc = pl_store_psks_list(r->store, scope, type, add_unit, ctx, &r->err))) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

int pl_h_psks_areas_member(pl_http_req *r, json_t *in, char *out, size_t cap, bool *given)
{
    json_t *a = json_object_get(in, "areas");
    *given = a != NULL && !json_is_null(a);
    out[0] = '\0';
    if (!*given)
        return 0;
    if (json_is_string(a)) {
        if (strlen(json_string_value(a)) >= cap)
            return pl_error_set(&r->err, PL_EINVAL, "areas",
                                "daftar wilayah layanan terlalu panjang");
        snprintf(out, cap, "%s", json_string_value(a));
        return 0;
    }
    if (!json_is_array(a))
        return pl_error_set(&r->err, PL_EINVAL, "areas",
                            "areas harus daftar kode wilayah (mis. [\"64.74.01.1001\"])");
    size_t i, used = 0;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        const char *code = json_string_value(v);
        if (code == NULL)
            return pl_error_set(&r->err, PL_EINVAL, "areas",
                                "setiap wilayah layanan berupa teks kode");
        size_t n = strlen(code);
        if (used + n + 2 > cap)
            return pl_error_set(&r->err, PL_EINVAL, "areas",
                                "daftar wilayah layanan terlalu panjang");
        memcpy(out + used, code, n);
        used += n;
        out[used++] = ' ';
        out[used] = '\0';
    }
    return 0;
}

int pl_h_psks_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    pl_psks_unit u = {0};
    const char *nik = NULL;
    char type[64] = "";
    json_t *t = json_object_get(in, "type");
    if (json_is_integer(t))
        snprintf(type, sizeof type, "%lld", (long long)json_integer_value(t));
    else if (json_is_string(t) && strlen(json_string_value(t)) < sizeof type)
        snprintf(type, sizeof type, "%s", json_string_value(t));
    json_t *lat = json_object_get(in, "latitude"), *lon = json_object_get(in, "longitude");
    if ((lat || lon) && !(json_is_number(lat) && json_is_number(lon))) {
        rc = pl_error_set(&r->err, PL_EINVAL, "latitude",
                          "latitude dan longitude harus berdua dan berupa angka");
        goto out;
    }
    if (lat) {
        u.lat = json_number_value(lat);
        u.lon = json_number_value(lon);
        u.has_coord = true;
    }
    if ((rc = pl_http_json_strcpy(r, in, "name", u.name, sizeof u.name)) ||
        (rc = pl_http_json_strcpy(r, in, "region", u.area_code, sizeof u.area_code)) ||
        (rc = pl_http_json_str(r, in, "nik", &nik)) ||
        (rc = pl_http_json_strcpy(r, in, "address", u.address, sizeof u.address)) ||
        (rc = pl_http_json_strcpy(r, in, "phone", u.phone, sizeof u.phone)) ||
        (rc = pl_http_json_strcpy(r, in, "email", u.email, sizeof u.email)) ||
        (rc = pl_http_json_strcpy(r, in, "decree_no", u.decree_no, sizeof u.decree_no)) ||
        (rc = pl_http_json_strcpy(r, in, "decree_date", u.decree_date, sizeof u.decree_date)) ||
        (rc = pl_http_json_strcpy(r, in, "reg_no", u.reg_no, sizeof u.reg_no)) ||
        (rc = pl_http_json_strcpy(r, in, "accreditation", u.accreditation,
                                  sizeof u.accreditation)) ||
        (rc = pl_http_json_strcpy(r, in, "accreditation_date", u.accreditation_date,
                                  sizeof u.accreditation_date)))
        goto out;
    char areas[PL_PSKS_AREAS_MAX * 32];
    bool given;
    if ((rc = pl_h_psks_areas_member(r, in, areas, sizeof areas, &given)) ||
        (given && (rc = pl_psks_areas_parse(&u, areas, &r->err))))
        goto out;
    if ((rc = pl_psks_register(r->store, &r->actor, r->user.scope, type, nik, &u, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 201, pl_json_psks(&u, pl_http_json_opts(r)));
out:
    json_decref(in);
    return rc;
}

int pl_h_psks_patch(pl_http_req *r)
{
    int64_t id;
    json_t *in = NULL;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    pl_psks_change chg = {0};
    char type[64] = "";
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
    {
        static const char *const known[] = {"version",
                                            "type",
                                            "name",
                                            "region",
                                            "nik",
                                            "address",
                                            "phone",
                                            "email",
                                            "valid_to",
                                            "latitude",
                                            "longitude",
                                            "areas",
                                            "decree_no",
                                            "decree_date",
                                            "reg_no",
                                            "accreditation",
                                            "accreditation_date"};
        bool ok = false;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            ok = ok || strcmp(key, known[i]) == 0;
        if (!ok) {
            rc = pl_error_set(&r->err, PL_EINVAL, key, "isian '%s' tidak dikenal", key);
            goto out;
        }
    }
    json_t *ver = json_object_get(in, "version");
    if (!json_is_integer(ver)) {
        rc = pl_error_set(&r->err, PL_EINVAL, "version", "version wajib diisi (bilangan)");
        goto out;
    }
    chg.version = json_integer_value(ver);
    json_t *t = json_object_get(in, "type");
    if (json_is_integer(t)) {
        snprintf(type, sizeof type, "%lld", (long long)json_integer_value(t));
        chg.type = type;
    } else if ((rc = pl_http_json_str(r, in, "type", &chg.type)))
        goto out;
    json_t *lat = json_object_get(in, "latitude"), *lon = json_object_get(in, "longitude");
    if (lat || lon) {
        if (json_is_null(lat) && json_is_null(lon)) {
            chg.coord = -1;
        } else if (json_is_number(lat) && json_is_number(lon)) {
            chg.coord = 1;
            chg.lat = json_number_value(lat);
            chg.lon = json_number_value(lon);
        } else {
            rc = pl_error_set(&r->err, PL_EINVAL, "latitude",
                              "latitude dan longitude harus berdua, angka atau null");
            goto out;
        }
    }
    if ((rc = pl_http_json_str(r, in, "name", &chg.name)) ||
        (rc = pl_http_json_str(r, in, "region", &chg.region)) ||
        (rc = pl_http_json_str(r, in, "nik", &chg.nik)) ||
        (rc = pl_http_json_str(r, in, "address", &chg.address)) ||
        (rc = pl_http_json_str(r, in, "phone", &chg.phone)) ||
        (rc = pl_http_json_str(r, in, "email", &chg.email)) ||
        (rc = pl_http_json_str(r, in, "valid_to", &chg.valid_to)) ||
        (rc = pl_http_json_str(r, in, "decree_no", &chg.decree_no)) ||
        (rc = pl_http_json_str(r, in, "decree_date", &chg.decree_date)) ||
        (rc = pl_http_json_str(r, in, "reg_no", &chg.reg_no)) ||
        (rc = pl_http_json_str(r, in, "accreditation", &chg.accreditation)) ||
        (rc = pl_http_json_str(r, in, "accreditation_date", &chg.accreditation_date)))
        goto out;
    char areas[PL_PSKS_AREAS_MAX * 32];
    bool given;
    if ((rc = pl_h_psks_areas_member(r, in, areas, sizeof areas, &given)))
        goto out;
    if (given || json_is_null(json_object_get(in, "areas")))
        chg.areas = areas;
    static const char *const nullable[] = {"decree_date", "accreditation_date"};
    for (size_t i = 0; i < 2; i++)
        if (json_is_null(json_object_get(in, nullable[i])))
            *(i ? &chg.accreditation_date : &chg.decree_date) = "";
    if (json_is_null(json_object_get(in, "valid_to")))
        chg.valid_to = "";
    if (json_is_null(json_object_get(in, "nik")))
        chg.nik = "";
    pl_psks_unit u;
    if ((rc = pl_psks_update(&u, r->store, &r->actor, r->user.scope, id, &chg, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, pl_json_psks(&u, pl_http_json_opts(r)));
out:
    json_decref(in);
    return rc;
}
