/*
 * h_sync.c - offline instances (service/sync.h, docs/internals/sync.md):
 * registering and revoking instances, the region tree and the change feed a
 * field instance pulls, and the push of a signed change package. Every route
 * is scoped: an instance, a region or a record outside the caller's scope
 * answers like an absent one; the feed carries full NIKs, so it needs the
 * full_nik permission and audits the read of every person and household.
 */
#include "http/handlers.h"
#include "io/record_json.h"
#include "io/sync_json.h"
#include "service/sync.h"
#include "store/region.h"
#include "store/sync.h"

#include <stdlib.h>
#include <string.h>

static int need_full_nik(pl_http_req *r)
{
    if (r->perms & PL_PERM_FULL_NIK)
        return 0;
    return pl_error_set(&r->err, PL_EDENIED, "",
                        "sinkronisasi luring memerlukan akses NIK lengkap; peran Anda tidak "
                        "memilikinya");
}

typedef struct inst_list {
    json_t *items;
} inst_list;

static int add_instance(void *ctx, const pl_sync_instance *in)
{
    inst_list *l = ctx;
    json_array_append_new(l->items, pl_json_sync_instance(in));
    return 0;
}

int pl_h_sync_instances(pl_http_req *r)
{
    inst_list l = {json_array()};
    int rc = pl_store_sync_instance_list(r->store, r->user.scope, add_instance, &l, &r->err);
    if (rc) {
        json_decref(l.items);
        return rc;
    }
    return pl_http_reply_page(r, l.items, NULL);
}

int pl_h_sync_instance_add(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = need_full_nik(r);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    const char *name = NULL, *scope = NULL, *key = NULL;
    pl_sync_instance inst;
    char pub[PL_SYNC_KEY_HEX];
    if ((rc = pl_http_json_str(r, in, "name", &name)) ||
        (rc = pl_http_json_str(r, in, "scope", &scope)) ||
        (rc = pl_http_json_str(r, in, "public_key", &key)) ||
        (rc = pl_sync_instance_register(&inst, r->store, &r->actor, r->user.id, r->user.scope, name,
                                        scope, key, &r->err)) ||
        (rc = pl_sync_server_public_key(pub, r->store, &r->err)))
        goto out;
    json_t *o = pl_json_sync_instance(&inst);
    json_object_set_new(o, "server_public_key", json_string(pub));
    rc = pl_http_reply_json(r, 201, o);
out:
    json_decref(in);
    return rc;
}

int pl_h_sync_instance_revoke(pl_http_req *r)
{
    int64_t id;
    pl_sync_instance inst;
    int rc = pl_http_param_id(r, 0, &id);
    if (rc ||
        (rc = pl_sync_instance_revoke(&inst, r->store, &r->actor, r->user.scope, id, &r->err)))
        return rc;
    return pl_http_reply_json(r, 200, pl_json_sync_instance(&inst));
}

typedef struct region_list {
    json_t *items;
} region_list;

static int add_region(void *ctx, const pl_region *g)
{
    region_list *l = ctx;
    json_array_append_new(l->items, pl_json_region(g));
    return 0;
}

/* The scope a feed or region request runs over: the instance's, a narrower one, or the caller's. */
static int sync_scope(pl_http_req *r, char scope[PL_REGION_CODE_MAX])
{
    const char *inst = pl_http_query(r, "instance");
    int rc = pl_http_region_param(r, "scope", scope);
    if (rc)
        return rc;
    if (inst) {
        pl_sync_instance in;
        char *end;
        long long id = strtoll(inst, &end, 10);
        if (*end || id < 1)
            return pl_error_set(&r->err, PL_EINVAL, "instance", "id instans tidak sah");
        rc = pl_store_sync_instance_get(r->store, &in, id, &r->err);
        if (rc == 0 && !pl_http_in_scope(r, in.scope))
            rc = pl_error_set(&r->err, PL_ENOTFOUND, "instance",
                              "instans luring %lld tidak terdaftar", id);
        if (rc)
            return rc;
        if (in.revoked_at[0])
            return pl_error_set(&r->err, PL_EDENIED, "instance",
                                "instans luring '%s' telah dicabut pada %s; sinkronisasi ditolak",
                                in.name, in.revoked_at);
        snprintf(scope, PL_REGION_CODE_MAX, "%s", in.scope);
        return 0;
    }
    if (scope[0] == '\0')
        snprintf(scope, PL_REGION_CODE_MAX, "%s", r->user.scope);
    else if (!pl_http_in_scope(r, scope))
        return pl_error_set(&r->err, PL_EDENIED, "scope", "wilayah %s di luar cakupan Anda", scope);
    return 0;
}

int pl_h_sync_regions(pl_http_req *r)
{
    char scope[PL_REGION_CODE_MAX];
    int rc = sync_scope(r, scope);
    if (rc)
        return rc;
    region_list l = {json_array()};
    /* Every province, regency and district (NIKs name them), and the villages of the scope. */
    for (int level = 1; level <= 4 && rc == 0; level++)
        rc =
            pl_store_region_list(r->store, level, level == 4 ? scope : "", add_region, &l, &r->err);
    if (rc) {
        json_decref(l.items);
        return rc;
    }
    return pl_http_reply_page(r, l.items, NULL);
}

int pl_h_sync_changes(pl_http_req *r)
{
    char scope[PL_REGION_CODE_MAX];
    int rc = need_full_nik(r);
    if (rc || (rc = sync_scope(r, scope)))
        return rc;
    const char *since = pl_http_query(r, "since"), *lim = pl_http_query(r, "limit");
    int limit = lim ? atoi(lim) : 500;
    json_t *items = NULL;
    char next[64];
    bool more;
    if ((rc = pl_sync_feed(&items, next, &more, r->store, scope, since ? since : "", limit,
                           &r->err)))
        return rc;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const char *e = json_string_value(json_object_get(it, "entity"));
        if (e && (strcmp(e, "person") == 0 || strcmp(e, "household") == 0))
            pl_http_audit_read(r, e, json_integer_value(json_object_get(it, "id")));
    }
    json_t *o = json_object();
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "next", json_string(next));
    json_object_set_new(o, "more", json_boolean(more));
    json_object_set_new(o, "scope", json_string(scope));
    return pl_http_reply_json(r, 200, o);
}

int pl_h_sync_push(pl_http_req *r)
{
    int rc = need_full_nik(r);
    if (rc)
        return rc;
    if (r->body == NULL || r->body_len == 0)
        return pl_error_set(&r->err, PL_EINVAL, "package", "isi permintaan harus paket Pilar");
    unsigned char *answer = NULL;
    size_t len = 0;
    pl_sync_apply_summary sum;
    if ((rc = pl_sync_package_apply(&answer, &len, &sum, r->store, r->user.username, r->user.scope,
                                    (const unsigned char *)r->body, r->body_len, false, &r->err)))
        return rc;
    pl_buf_reset(&r->out);
    r->out.max = len + 1;
    rc = pl_buf_append(&r->out, answer, len);
    free(answer);
    if (rc)
        return pl_error_set(&r->err, PL_ENOMEM, "", "memori habis");
    r->status = 200;
    r->out_type = "application/vnd.pilar.sync";
    return 0;
}
