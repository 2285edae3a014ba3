/* h_psks.c - PSKS units (TKSK, PSM, Tagana, LKS, ...) inside the caller's scope. */
#include "domain/category.h"
#include "http/handlers.h"
#include "io/record_json.h"
#include "service/registry.h"

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

/* Text of an optional number or string member (latitude/longitude); NULL when absent. */
static int number_text(pl_http_req *r, json_t *in, const char *key, char buf[40], const char **out)
{
    json_t *v = json_object_get(in, key);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return 0;
    if (json_is_number(v))
        snprintf(buf, 40, "%.8f", json_number_value(v)), *out = buf;
    else if (json_is_string(v))
        *out = json_string_value(v);
    else
        return pl_error_set(&r->err, PL_EINVAL, key, "%s harus angka", key);
    return 0;
}

int pl_h_psks_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    pl_psks_input u = {0};
    char lat[40], lon[40];
    json_t *type = json_object_get(in, "jenis");
    const pl_category *c = NULL;
    if (json_is_integer(type))
        c = pl_psks_get((int)json_integer_value(type));
    else if (json_is_string(type) && strlen(json_string_value(type)) < 64)
        c = pl_psks_find(json_string_value(type));
    if (c == NULL) {
        rc = pl_error_set(&r->err, PL_EINVAL, "jenis", "jenis PSKS tidak dikenal");
        goto out;
    }
    u.type = c->code;
    pl_psks_unit unit;
    if ((rc = pl_http_json_str(r, in, "nama", &u.name)) ||
        (rc = pl_http_json_str(r, in, "kode_wilayah", &u.area)) ||
        (rc = pl_http_json_str(r, in, "nik", &u.nik)) ||
        (rc = pl_http_json_str(r, in, "alamat", &u.address)) ||
        (rc = pl_http_json_str(r, in, "telepon", &u.phone)) ||
        (rc = pl_http_json_str(r, in, "email", &u.email)) ||
        (rc = number_text(r, in, "latitude", lat, &u.lat)) ||
        (rc = number_text(r, in, "longitude", lon, &u.lon)) ||
        (rc = pl_registry_psks_add(&unit, r->store, &r->actor, r->user.scope, &u, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 201, pl_json_psks(&unit, pl_http_json_opts(r)));
out:
    json_decref(in);
    return rc;
}
