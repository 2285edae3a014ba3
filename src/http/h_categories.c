/* h_categories.c - PMKS/PSKS categories and the PMKS memberships of a person. */
#include "domain/category.h"
#include "domain/date.h"
#include "http/handlers.h"
#include "io/record_json.h"
#include "store/membership.h"
#include "store/person.h"

#include <string.h>
#include <time.h>

int pl_h_categories(pl_http_req *r)
{
    json_t *items = json_array();
    for (int c = 1; c <= PL_PMKS_COUNT; c++)
        if (pl_pmks_get(c))
            json_array_append_new(items, pl_json_category(pl_pmks_get(c)));
    return pl_http_reply_page(r, items, NULL);
}

int pl_h_categories_psks(pl_http_req *r)
{
    json_t *items = json_array();
    for (int c = 1; c <= PL_PSKS_COUNT; c++)
        if (pl_psks_get(c))
            json_array_append_new(items, pl_json_category(pl_psks_get(c)));
    return pl_http_reply_page(r, items, NULL);
}

static int add_membership(void *ctx, const pl_membership *m)
{
    return json_array_append_new(ctx, pl_json_membership(m)) ? PL_ENOMEM : 0;
}

int pl_h_person_categories(pl_http_req *r)
{
    pl_person p;
    int rc = pl_h_load_person(r, 0, &p);
    if (rc)
        return rc;
    json_t *items = json_array();
    rc = pl_store_membership_list(r->store, p.id, 0, add_membership, items, &r->err);
    if (rc == 0 && p.household_id)
        rc = pl_store_membership_list(r->store, 0, p.household_id, add_membership, items, &r->err);
    if (rc) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

static void today(char out[11])
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Reads an optional date member into out (YYYY-MM-DD), today when absent. */
static int date_member(pl_http_req *r, json_t *in, const char *key, char out[11])
{
    const char *v;
    int rc = pl_http_json_str(r, in, key, &v);
    if (rc)
        return rc;
    if (v == NULL) {
        today(out);
        return 0;
    }
    pl_date d;
    if (pl_date_parse(&d, v) != 0)
        return pl_error_set(&r->err, PL_EINVAL, key, "tanggal '%.40s' tidak valid", v);
    pl_date_format(out, &d);
    return 0;
}

int pl_h_person_category_add(pl_http_req *r)
{
    pl_person p;
    json_t *in = NULL;
    int rc = pl_h_load_person(r, 0, &p);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    json_t *cat = json_object_get(in, "category");
    const pl_category *c = NULL;
    if (json_is_integer(cat))
        c = pl_pmks_get((int)json_integer_value(cat));
    else if (json_is_string(cat))
        c = pl_pmks_find(json_string_value(cat));
    pl_membership m = {0};
    const char *note = NULL;
    if (c == NULL) {
        rc = pl_error_set(&r->err, PL_EINVAL, "category", "kategori PMKS tidak dikenal");
        goto out;
    }
    if ((rc = date_member(r, in, "valid_from", m.valid_from)) ||
        (rc = pl_http_json_str(r, in, "note", &note)))
        goto out;
    m.category = c->code;
    if (c->applies_to == PL_APPLIES_HOUSEHOLD && p.household_id)
        m.household_id = p.household_id;
    else
        m.person_id = p.id;
    snprintf(m.note, sizeof m.note, "%s", note ? note : "");
    if ((rc = pl_store_membership_add(r->store, &r->actor, &m, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 201, pl_json_membership(&m));
out:
    json_decref(in);
    return rc;
}

typedef struct find_ctx {
    int64_t id;
    pl_membership found;
    int hit;
} find_ctx;

static int find_membership(void *ctx, const pl_membership *m)
{
    find_ctx *f = ctx;
    if (m->id == f->id) {
        f->found = *m;
        f->hit = 1;
    }
    return 0;
}

int pl_h_membership_end(pl_http_req *r)
{
    pl_person p;
    int64_t mid;
    json_t *in = NULL;
    int rc = pl_h_load_person(r, 0, &p);
    if (rc || (rc = pl_http_param_id(r, 1, &mid)) || (rc = pl_http_json_body(r, &in)))
        return rc;
    find_ctx f = {.id = mid};
    char to[11];
    rc = pl_store_membership_list(r->store, p.id, 0, find_membership, &f, &r->err);
    if (rc == 0 && !f.hit && p.household_id)
        rc = pl_store_membership_list(r->store, 0, p.household_id, find_membership, &f, &r->err);
    if (rc)
        goto out;
    if (!f.hit) {
        rc = pl_error_set(&r->err, PL_ENOTFOUND, "id", "keanggotaan %lld tidak ada pada orang ini",
                          (long long)mid);
        goto out;
    }
    if ((rc = date_member(r, in, "valid_to", to)) ||
        (rc = pl_store_membership_end(r->store, &r->actor, mid, to, &r->err)))
        goto out;
    snprintf(f.found.valid_to, sizeof f.found.valid_to, "%s", to);
    rc = pl_http_reply_json(r, 200, pl_json_membership(&f.found));
out:
    json_decref(in);
    return rc;
}
