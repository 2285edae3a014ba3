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
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* Reads member i of a family registration into m (keys of POST /people). */
static int member_fields(pl_http_req *r, json_t *o, size_t i, pl_family_member *m, char nums[][40])
{
    if (!json_is_object(o))
        return pl_error_set(&r->err, PL_EINVAL, "members", "anggota ke-%zu harus objek", i + 1);
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        int col = -1;
        for (int c = 0; c < PL_COL__MAX && col < 0; c++)
            if (strcmp(pl_col_key((pl_col)c), key) == 0)
                col = c;
        if (col < 0)
            return pl_error_set(&r->err, PL_EINVAL, "members",
                                "anggota ke-%zu: kolom '%.60s' tidak dikenal", i + 1, key);
        if (json_is_null(v))
            continue;
        if (json_is_string(v))
            m->fields[col] = json_string_value(v);
        else if (json_is_integer(v))
            snprintf(nums[col], 40, "%lld", (long long)json_integer_value(v)),
                m->fields[col] = nums[col];
        else
            return pl_error_set(&r->err, PL_EINVAL, "members", "anggota ke-%zu: %s harus teks",
                                i + 1, key);
    }
    return 0;
}

/* Writes {"household":..., "members":[...], "waiting":N} for a family registration. */
static int family_reply(pl_http_req *r, const pl_household *h, const pl_person *people, int n,
                        int64_t waiting)
{
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        if (people[i].id)
            json_array_append_new(items, pl_json_person(&people[i], pl_http_json_opts(r)));
    json_t *o = json_pack("{s:o,s:o,s:I}", "household",
                          h->id ? pl_json_household(h, pl_http_json_opts(r)) : json_null(),
                          "members", items, "waiting", (json_int_t)waiting);
    if (waiting && h->id == 0 && json_array_size(items) == 0) {
        json_object_set_new(o, "status", json_string(PL_TRANSFER_WAITING));
        json_object_set_new(o, "note", json_string(pl_transfer_status_note(PL_TRANSFER_WAITING)));
        return pl_http_reply_json(r, 202, o);
    }
    return pl_http_reply_json(r, 201, o);
}

/*
 * POST /households with "members": the family in one transaction
 * (pl_registry_family_register); a refusal names the member's field as
 * "members.I.KEY" and, for a NIK registered in scope, the person ("id").
 */
static int family_add(pl_http_req *r, json_t *in, json_t *list)
{
    const char *kk, *village, *given[PL_COL__MAX] = {0};
    char hnums[5][40];
    json_t *confirm = json_object_get(in, "confirm");
    size_t n = json_is_array(list) ? json_array_size(list) : 0;
    if (n < 1 || n > PL_FAMILY_MAX)
        return pl_error_set(&r->err, PL_EINVAL, "members",
                            "members harus daftar 1 sampai %d anggota", PL_FAMILY_MAX);
    if (confirm && !json_is_boolean(confirm))
        return pl_error_set(&r->err, PL_EINVAL, "confirm", "confirm harus true atau false");
    pl_family_member *m = calloc(n, sizeof *m);
    char(*nums)[PL_COL__MAX][40] = calloc(n, sizeof *nums);
    pl_person *people = calloc(n, sizeof *people);
    pl_record_problems *probs = calloc(1, sizeof *probs);
    int rc = (m && nums && people && probs) ? 0 : PL_ENOMEM;
    if (rc) {
        pl_error_set(&r->err, rc, "", "memori tidak cukup");
        goto out;
    }
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = member_fields(r, json_array_get(list, i), i, &m[i], nums[i]);
    if (rc || (rc = pl_http_json_str(r, in, "kk", &kk)) ||
        (rc = pl_http_json_str(r, in, "village_code", &village)) ||
        (rc = household_fields(r, in, given, hnums)))
        goto out;
    pl_date today;
    {
        time_t t = time(NULL);
        struct tm tm;
        localtime_r(&t, &tm);
        today = (pl_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    }
    pl_transfer_origin from = {r->user.username, r->user.scope, "api", false, NULL};
    pl_household h;
    int64_t waiting;
    int bad;
    rc = pl_registry_family_register(&h, people, &waiting, &bad, probs, r->store, &r->actor, &from,
                                     kk ? kk : "", village, given, m, (int)n, json_is_true(confirm),
                                     &today, &r->err);
    if (rc) {
        if (bad >= 0) {
            if (rc == PL_EINVAL && probs->n) {
                char prefix[24];
                snprintf(prefix, sizeof prefix, "members.%d.", bad);
                snprintf(r->err.field, sizeof r->err.field, "%s", pl_col_key(probs->items[0].col));
                pl_h_error_problems(r, probs, prefix);
            }
            char field[sizeof r->err.field];
            snprintf(field, sizeof field, "members.%d.%.40s", bad, r->err.field);
            snprintf(r->err.field, sizeof r->err.field, "%s", field);
            pl_h_conflict_person(r, rc, m[bad].fields[PL_COL_NIK]);
        }
        goto out;
    }
    rc = family_reply(r, &h, people, (int)n, waiting);
out:
    free(m);
    free(nums);
    free(people);
    free(probs);
    return rc;
}

int pl_h_household_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = pl_http_json_body(r, &in);
    if (rc)
        return rc;
    json_t *list = json_object_get(in, "members");
    if (list) {
        json_incref(list);
        json_object_del(in, "members");
        json_t *confirm = json_object_get(in, "confirm");
        if (confirm)
            json_incref(confirm), json_object_del(in, "confirm");
        if ((rc = check_keys(r, in)) == 0) {
            if (confirm)
                json_object_set(in, "confirm", confirm);
            rc = family_add(r, in, list);
        }
        json_decref(confirm);
        json_decref(list);
        json_decref(in);
        return rc;
    }
    const char *kk, *village, *given[PL_COL__MAX] = {0};
    char nums[5][40];
    pl_household h;
    pl_transfer_origin from = {r->user.username, r->user.scope, "api", false, NULL};
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
