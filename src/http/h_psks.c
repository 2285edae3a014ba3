/* h_psks.c - PSKS units (TKSK, PSM, Tagana, LKS, ...) inside the caller's scope. */
#include "domain/category.h"
#include "domain/nik.h"
#include "http/handlers.h"
#include "io/record_json.h"
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

int pl_h_psks_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    pl_psks_unit u = {0};
    const char *name, *area, *nik, *addr, *phone, *email;
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
    if ((rc = pl_http_json_str(r, in, "nama", &name)) ||
        (rc = pl_http_json_str(r, in, "kode_wilayah", &area)) ||
        (rc = pl_http_json_str(r, in, "nik", &nik)) ||
        (rc = pl_http_json_str(r, in, "alamat", &addr)) ||
        (rc = pl_http_json_str(r, in, "telepon", &phone)) ||
        (rc = pl_http_json_str(r, in, "email", &email)))
        goto out;
    if (name == NULL || name[0] == '\0' || strlen(name) >= sizeof u.name) {
        rc = pl_error_set(&r->err, PL_EINVAL, "nama", "nama wajib diisi (maks. 127)");
        goto out;
    }
    if (area == NULL || strlen(area) > 20 || pl_region_code_normalize(u.area_code, area) < 0) {
        rc = pl_error_set(&r->err, PL_EINVAL, "kode_wilayah", "kode_wilayah tidak sah");
        goto out;
    }
    if (!pl_http_in_scope(r, u.area_code)) {
        rc = pl_error_set(&r->err, PL_EDENIED, "kode_wilayah", "wilayah di luar cakupan Anda");
        goto out;
    }
    if (nik && nik[0]) {
        pl_nik_info info;
        pl_nik_check(&info, PL_IDNUM_NIK, nik, NULL);
        if (!info.valid) {
            rc = pl_error_set(&r->err, PL_EINVAL, "nik", "NIK tidak sah");
            goto out;
        }
        snprintf(u.nik, sizeof u.nik, "%s", info.digits);
    }
    u.type = c->code;
    snprintf(u.kind, sizeof u.kind, "%s",
             c->applies_to == PL_APPLIES_ORGANISATION ? "lembaga" : "orang");
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.address, sizeof u.address, "%s", addr ? addr : "");
    snprintf(u.phone, sizeof u.phone, "%s", phone ? phone : "");
    snprintf(u.email, sizeof u.email, "%s", email ? email : "");
    if ((rc = pl_store_psks_add(r->store, &r->actor, &u, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 201, pl_json_psks(&u, pl_http_json_opts(r)));
out:
    json_decref(in);
    return rc;
}
