/* h_households.c - households (one per KK): lookup, register, change, members. */
#include "domain/record.h"
#include "http/handlers.h"
#include "io/record_json.h"
#include "service/transfer.h"
#include "store/household.h"
#include "store/person.h"
#include "store/region.h"
#include "service/registry.h"

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

/* Reads address, rt, rw, latitude, longitude of in into given[] (null = "": clears). */
static int household_fields(pl_http_req *r, json_t *in, const char *given[PL_COL__MAX],
                            char nums[][40])
{
    static const struct {
        const char *key;
        pl_col col;
    } keys[] = {{"address", PL_COL_ALAMAT},
                {"rt", PL_COL_RT},
                {"rw", PL_COL_RW},
                {"latitude", PL_COL_LATITUDE},
                {"longitude", PL_COL_LONGITUDE}};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        json_t *v = json_object_get(in, keys[k].key);
        if (v == NULL)
            continue;
        if (json_is_string(v))
            given[keys[k].col] = json_string_value(v);
        else if (json_is_number(v))
            snprintf(nums[k], 40, "%.8f", json_number_value(v)), given[keys[k].col] = nums[k];
        else if (json_is_null(v))
            given[keys[k].col] = "";
        else
            return pl_error_set(&r->err, PL_EINVAL, keys[k].key, "%s harus teks atau angka",
                                keys[k].key);
    }
    return 0;
}

static const char *const hh_keys[] = {"kk", "village_code", "address",   "rt",
                                      "rw", "latitude",     "longitude", "version"};

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

int pl_h_household_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    const char *kk, *village, *given[PL_COL__MAX] = {0};
    char nums[5][40];
    pl_household h;
    pl_transfer_origin from = {r->user.username, r->user.scope, "api", false};
    int64_t waiting;
    if ((rc = check_keys(r, in)) || (rc = pl_http_json_str(r, in, "kk", &kk)) ||
        (rc = pl_http_json_str(r, in, "village_code", &village)) ||
        (rc = household_fields(r, in, given, nums)) ||
        (rc = pl_registry_household_add(&h, &waiting, r->store, &r->actor, &from, kk, village,
                                        given, &r->err)))
        goto out;
    if (waiting)
        rc = pl_h_transfer_waiting(r, waiting);
    else
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
    const char *village, *given[PL_COL__MAX] = {0};
    char nums[5][40];
    if ((rc = check_keys(r, in)))
        goto out;
    if (json_object_get(in, "kk")) {
        rc = pl_error_set(&r->err, PL_EINVAL, "kk", "No. KK tidak dapat diubah");
        goto out;
    }
    if (!json_is_integer(ver) || json_integer_value(ver) < 1) {
        rc = pl_error_set(&r->err, PL_EINVAL, "version", "version (bilangan bulat) wajib dikirim");
        goto out;
    }
    if ((rc = pl_http_json_str(r, in, "village_code", &village)) ||
        (rc = household_fields(r, in, given, nums)) ||
        (rc = pl_registry_household_update(&h, r->store, &r->actor, r->user.scope, h.id,
                                           json_integer_value(ver), village, given, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, pl_json_household(&h, pl_http_json_opts(r)));
out:
    json_decref(in);
    return rc;
}
