/* h_categories.c - PMKS/PSKS categories and the PMKS memberships of a person. */
#include "domain/category.h"
#include "domain/date.h"
#include "http/handlers.h"
#include "io/record_json.h"
#include "store/membership.h"
#include "store/person.h"
#include "service/registry.h"

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

static pl_date today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return (pl_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

/* Reads an optional date member into *out; *has tells whether it was given. */
static int date_member(pl_http_req *r, json_t *in, const char *key, pl_date *out, bool *has)
{
    const char *v;
    int rc = pl_http_json_str(r, in, key, &v);
    *has = false;
    if (rc || v == NULL)
        return rc;
    if (pl_date_parse(out, v) != 0)
        return pl_error_set(&r->err, PL_EINVAL, key, "tanggal '%.40s' tidak valid", v);
    *has = true;
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
    const char *note = NULL;
    pl_date from, now = today();
    bool has_from;
    pl_membership m;
    if (c == NULL) {
        rc = pl_error_set(&r->err, PL_EINVAL, "category", "kategori PMKS tidak dikenal");
        goto out;
    }
    json_t *confirm = json_object_get(in, "confirm");
    if (confirm && !json_is_boolean(confirm)) {
        rc = pl_error_set(&r->err, PL_EINVAL, "confirm", "confirm harus true atau false");
        goto out;
    }
    if ((rc = date_member(r, in, "valid_from", &from, &has_from)) ||
        (rc = pl_http_json_str(r, in, "note", &note)) ||
        (rc = pl_registry_category_start(&m, r->store, &r->actor, &p, c->code,
                                         has_from ? &from : NULL, note, json_is_true(confirm), &now,
                                         &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 201, pl_json_membership(&m));
out:
    json_decref(in);
    return rc;
}

int pl_h_membership_end(pl_http_req *r)
{
    pl_person p;
    int64_t mid;
    json_t *in = NULL;
    int rc = pl_h_load_person(r, 0, &p);
    if (rc || (rc = pl_http_param_id(r, 1, &mid)) || (rc = pl_http_json_body(r, &in)))
        return rc;
    pl_date to, now = today();
    bool has_to;
    pl_membership m;
    json_t *visit = json_object_get(in, "visit_id");
    if (visit && !json_is_null(visit) &&
        !(json_is_integer(visit) && json_integer_value(visit) > 0)) {
        rc = pl_error_set(&r->err, PL_EINVAL, "visit_id", "visit_id harus id kunjungan (bilangan)");
        goto out;
    }
    if ((rc = date_member(r, in, "valid_to", &to, &has_to)) ||
        (rc = pl_registry_category_end(&m, r->store, &r->actor, &p, mid,
                                       json_is_integer(visit) ? json_integer_value(visit) : 0,
                                       has_to ? &to : NULL, &now, &r->err)))
        goto out;
    rc = pl_http_reply_json(r, 200, pl_json_membership(&m));
out:
    json_decref(in);
    return rc;
}
