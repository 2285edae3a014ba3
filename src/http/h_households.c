/* h_households.c - households (one per KK): lookup, register, change, members. */
#include "domain/nik.h"
#include "domain/record.h"
#include "http/handlers.h"
#include "io/record_json.h"
#include "service/transfer.h"
#include "store/household.h"
#include "store/person.h"
#include "store/region.h"

#include <stdio.h>
#include <string.h>

int pl_h_load_household(pl_http_req *r, int i, pl_household *h)
{
    int64_t id;
    int rc = pl_http_param_id(r, i, &id);
    if (rc)
        return rc;
    rc = pl_store_household_get(r->store, h, id, &r->err);
    if (rc == 0 && !pl_http_in_scope(r, h->village_code))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return pl_error_set(&r->err, PL_ENOTFOUND, "id", "keluarga id %lld tidak ditemukan",
                            (long long)id);
    return rc;
}

int pl_h_households(pl_http_req *r)
{
    const char *kk = pl_http_query(r, "kk");
    int rc = pl_http_deny_nik_search(r, "kk");
    if (rc)
        return rc;
    if (kk == NULL || strlen(kk) != 16 || strspn(kk, "0123456789") != 16)
        return pl_error_set(&r->err, PL_EINVAL, "kk", "parameter kk (No. KK, 16 angka) wajib");
    json_t *items = json_array();
    pl_household h;
    rc = pl_store_household_get_by_kk(r->store, &h, kk, &r->err);
    if (rc == 0 && pl_http_in_scope(r, h.village_code)) {
        pl_http_audit_read(r, "household", h.id);
        json_array_append_new(items, pl_json_household(&h, pl_http_json_opts(r)));
    } else if (rc && rc != PL_ENOTFOUND) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

int pl_h_household_get(pl_http_req *r)
{
    pl_household h;
    int rc = pl_h_load_household(r, 0, &h);
    if (rc)
        return rc;
    pl_http_audit_read(r, "household", h.id);
    return pl_http_reply_json(r, 200, pl_json_household(&h, pl_http_json_opts(r)));
}

static int add_member(void *ctx, const pl_person *p)
{
    pl_http_req *r = ((void **)ctx)[0];
    json_t *items = ((void **)ctx)[1];
    pl_http_audit_read(r, "person", p->id);
    return json_array_append_new(items, pl_json_person(p, pl_http_json_opts(r))) ? PL_ENOMEM : 0;
}

int pl_h_household_members(pl_http_req *r)
{
    pl_household h;
    int rc = pl_h_load_household(r, 0, &h);
    if (rc)
        return rc;
    json_t *items = json_array();
    void *ctx[2] = {r, items};
    if ((rc = pl_store_household_members(r->store, h.id, add_member, ctx, &r->err))) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

/* Address, RT/RW and coordinates through the import row rules; village checked by caller. */
static int apply_fields(pl_http_req *r, json_t *in, pl_household *h)
{
    static const struct {
        const char *key;
        pl_col col;
    } keys[] = {{"alamat", PL_COL_ALAMAT},
                {"rt", PL_COL_RT},
                {"rw", PL_COL_RW},
                {"latitude", PL_COL_LATITUDE},
                {"longitude", PL_COL_LONGITUDE}};
    const char *fields[PL_COL__MAX] = {0};
    char lat[40], lon[40];
    snprintf(lat, sizeof lat, "%.8f", h->lat);
    snprintf(lon, sizeof lon, "%.8f", h->lon);
    fields[PL_COL_NIK] = "";
    fields[PL_COL_ALAMAT] = h->address;
    fields[PL_COL_RT] = h->rt;
    fields[PL_COL_RW] = h->rw;
    fields[PL_COL_LATITUDE] = h->has_coord ? lat : "";
    fields[PL_COL_LONGITUDE] = h->has_coord ? lon : "";
    char nums[5][40];
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        json_t *v = json_object_get(in, keys[k].key);
        if (v == NULL)
            continue;
        if (json_is_string(v))
            fields[keys[k].col] = json_string_value(v);
        else if (json_is_number(v))
            snprintf(nums[k], sizeof nums[k], "%.8f", json_number_value(v)),
                fields[keys[k].col] = nums[k];
        else if (json_is_null(v))
            fields[keys[k].col] = "";
        else
            return pl_error_set(&r->err, PL_EINVAL, keys[k].key, "%s harus teks atau angka",
                                keys[k].key);
    }
    pl_record rec;
    pl_record_problems probs;
    pl_record_validate(&rec, &probs, fields, NULL, NULL);
    for (int i = 0; i < probs.n; i++) {
        pl_col col = probs.items[i].col;
        if (col == PL_COL_ALAMAT || col == PL_COL_RT || col == PL_COL_RW ||
            col == PL_COL_LATITUDE || col == PL_COL_LONGITUDE)
            return pl_error_set(&r->err, PL_EINVAL, pl_col_name(col), "%s", probs.items[i].message);
    }
    snprintf(h->address, sizeof h->address, "%s", rec.address);
    snprintf(h->rt, sizeof h->rt, "%s", rec.rt);
    snprintf(h->rw, sizeof h->rw, "%s", rec.rw);
    h->has_coord = rec.has_coord;
    h->lat = rec.lat;
    h->lon = rec.lon;
    return 0;
}

static const char *const hh_keys[] = {"no_kk", "kode_desa", "alamat",    "rt",
                                      "rw",    "latitude",  "longitude", "version"};

static int check_keys(pl_http_req *r, json_t *in)
{
    const char *key;
    json_t *v;
    json_object_foreach(in, key, v)
    {
        size_t k = 0;
        while (k < sizeof hh_keys / sizeof hh_keys[0] && strcmp(hh_keys[k], key))
            k++;
        if (k == sizeof hh_keys / sizeof hh_keys[0])
            return pl_error_set(&r->err, PL_EINVAL, key, "kolom '%.60s' tidak dikenal", key);
    }
    return 0;
}

static bool region_exists(void *ctx, const char *dotted)
{
    pl_region g;
    return pl_store_region_get(ctx, &g, dotted, NULL) == 0;
}

int pl_h_household_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    const char *kk, *village;
    pl_household h = {0};
    if ((rc = check_keys(r, in)) || (rc = pl_http_json_str(r, in, "no_kk", &kk)) ||
        (rc = pl_http_json_str(r, in, "kode_desa", &village)))
        goto out;
    pl_region_known known = {region_exists, r->store};
    pl_nik_info info;
    pl_nik_check(&info, PL_IDNUM_KK, kk ? kk : "", &known);
    if (!info.valid) {
        rc = pl_error_set(&r->err, PL_EINVAL, "no_kk", "No. KK tidak sah");
        for (int b = 0; b < PL_NIK_PROBLEM__MAX; b++)
            if ((info.problems & (1u << b)) && !pl_nik_problem_is_warning((pl_nik_problem)b)) {
                char msg[256];
                pl_nik_problem_message(msg, sizeof msg, &info, (pl_nik_problem)b);
                rc = pl_error_set(&r->err, PL_EINVAL, "no_kk", "%s", msg);
                break;
            }
        goto out;
    }
    snprintf(h.kk, sizeof h.kk, "%s", info.digits);
    if (village == NULL || strlen(village) > 20 ||
        pl_region_code_normalize(h.village_code, village) != PL_LEVEL_VILLAGE) {
        rc = pl_error_set(&r->err, PL_EINVAL, "kode_desa", "kode_desa harus kode desa");
        goto out;
    }
    if (!pl_http_in_scope(r, h.village_code)) {
        rc = pl_error_set(&r->err, PL_EDENIED, "kode_desa", "desa %s di luar cakupan Anda (%s)",
                          h.village_code, r->user.scope);
        goto out;
    }
    if ((rc = apply_fields(r, in, &h)))
        goto out;
    /* A KK held outside the caller's scope is not revealed: the data wait for its owner. */
    const char *fields[PL_COL__MAX] = {0};
    char lat[40], lon[40];
    snprintf(lat, sizeof lat, "%.8f", h.lat);
    snprintf(lon, sizeof lon, "%.8f", h.lon);
    fields[PL_COL_NO_KK] = h.kk;
    fields[PL_COL_KODE_DESA] = h.village_code;
    fields[PL_COL_ALAMAT] = h.address;
    fields[PL_COL_RT] = h.rt;
    fields[PL_COL_RW] = h.rw;
    fields[PL_COL_LATITUDE] = h.has_coord ? lat : NULL;
    fields[PL_COL_LONGITUDE] = h.has_coord ? lon : NULL;
    pl_transfer_origin from = {r->user.username, r->user.scope, "api", false};
    pl_transfer_claim claim = {"", h.kk, "", h.village_code, fields};
    int64_t waiting;
    if ((rc = pl_transfer_submit_if_hidden(r->store, &r->actor, &from, &claim, &waiting, &r->err)))
        goto out;
    if (waiting) {
        rc = pl_h_transfer_waiting(r, waiting);
        goto out;
    }
    if ((rc = pl_store_household_add(r->store, &r->actor, &h, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 201, pl_json_household(&h, pl_http_json_opts(r)));
out:
    json_decref(in);
    return rc;
}

int pl_h_household_patch(pl_http_req *r)
{
    pl_household h;
    json_t *in = NULL;
    int rc = pl_h_load_household(r, 0, &h);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    json_t *ver = json_object_get(in, "version");
    const char *village;
    if ((rc = check_keys(r, in)))
        goto out;
    if (json_object_get(in, "no_kk")) {
        rc = pl_error_set(&r->err, PL_EINVAL, "no_kk", "No. KK tidak dapat diubah");
        goto out;
    }
    if (!json_is_integer(ver) || json_integer_value(ver) < 1) {
        rc = pl_error_set(&r->err, PL_EINVAL, "version", "version (bilangan bulat) wajib dikirim");
        goto out;
    }
    if ((rc = pl_http_json_str(r, in, "kode_desa", &village)))
        goto out;
    if (village) {
        if (strlen(village) > 20 ||
            pl_region_code_normalize(h.village_code, village) != PL_LEVEL_VILLAGE) {
            rc = pl_error_set(&r->err, PL_EINVAL, "kode_desa", "kode_desa harus kode desa");
            goto out;
        }
        if (!pl_http_in_scope(r, h.village_code)) {
            rc = pl_error_set(&r->err, PL_EDENIED, "kode_desa", "desa tujuan di luar cakupan Anda");
            goto out;
        }
    }
    if ((rc = apply_fields(r, in, &h)))
        goto out;
    h.version = json_integer_value(ver);
    if ((rc = pl_store_household_update(r->store, &r->actor, &h, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, pl_json_household(&h, pl_http_json_opts(r)));
out:
    json_decref(in);
    return rc;
}
