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
#include "service/sync_field.h"
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

/* ------------------------------------------------------------------ the field's own page */

typedef struct local_ctx {
    pl_http_req *r;
    json_t *waiting, *conflicts;
} local_ctx;

static const char *row_region(json_t *row)
{
    json_t *v = json_object_get(row, "village_code");
    return json_is_string(v) ? json_string_value(v) : "";
}

/* A waiting record of the caller's scope, with the local row's village for the region test. */
static int add_waiting(void *ctx, const pl_sync_record *rec)
{
    local_ctx *l = ctx;
    if (strcmp(rec->state, "conflict") == 0)
        return 0; /* listed with both images below */
    char *row = NULL, region[PL_REGION_CODE_MAX];
    pl_error e = {0};
    if (pl_store_sync_row(l->r->store, &row, region, rec->entity, rec->local_id, &e) != 0)
        return 0;
    json_t *img = json_loads(row, 0, NULL);
    free(row);
    if (img == NULL || !pl_http_in_scope(l->r, region)) {
        json_decref(img);
        return 0;
    }
    json_t *o = json_pack("{s:s,s:I,s:I,s:s,s:s}", "entity", rec->entity, "id",
                          (json_int_t)rec->local_id, "server_id", (json_int_t)rec->server_id,
                          "state", rec->state, "message", rec->message);
    json_t *label = json_object_get(img, "name");
    if (!label)
        label = json_object_get(img, "kk");
    if (!label)
        label = json_object_get(img, "category");
    json_object_set(o, "label", label ? label : json_null());
    json_array_append_new(l->waiting, o);
    if (strcmp(rec->entity, "membership") != 0)
        pl_http_audit_read(l->r, rec->entity, rec->local_id);
    json_decref(img);
    return 0;
}

static int add_conflict(void *ctx, const pl_sync_conflict *c)
{
    local_ctx *l = ctx;
    if (!pl_http_in_scope(l->r, row_region(c->local)) && strcmp(c->rec->entity, "membership") != 0)
        return 0;
    json_array_append_new(l->conflicts,
                          json_pack("{s:s,s:I,s:I,s:s,s:O,s:O,s:O}", "entity", c->rec->entity, "id",
                                    (json_int_t)c->rec->local_id, "server_id",
                                    (json_int_t)c->rec->server_id, "message", c->rec->message,
                                    "fields", c->fields, "local", c->local, "server", c->server));
    if (strcmp(c->rec->entity, "membership") != 0)
        pl_http_audit_read(l->r, c->rec->entity, c->rec->local_id);
    return 0;
}

int pl_h_sync_local(pl_http_req *r)
{
    char inst[24], scope[PL_REGION_CODE_MAX], cursor[64];
    long counts[5], outbox = 0;
    int rc = need_full_nik(r);
    if (rc)
        return rc;
    if (pl_store_sync_meta_get(r->store, "instance", inst, sizeof inst, &r->err) != 0)
        return pl_error_set(&r->err, PL_ENOTFOUND, "",
                            "server ini bukan instans luring (lihat 'pilar sync init')");
    if ((rc = pl_store_sync_meta_get(r->store, "scope", scope, sizeof scope, &r->err)) ||
        (rc = pl_store_sync_meta_get(r->store, "cursor", cursor, sizeof cursor, &r->err)) ||
        (rc = pl_store_sync_record_counts(r->store, counts, &r->err)) ||
        (rc = pl_store_sync_outbox_count(r->store, &outbox, &r->err)))
        return rc;
    local_ctx l = {r, json_array(), json_array()};
    if ((rc = pl_store_sync_record_list(r->store, NULL, NULL, 0, 1000, add_waiting, &l, &r->err)) ||
        (rc = pl_sync_field_conflicts(r->store, add_conflict, &l, &r->err))) {
        json_decref(l.waiting);
        json_decref(l.conflicts);
        return rc;
    }
    json_t *o = json_pack("{s:s,s:s,s:s,s:{s:i,s:i,s:i,s:i,s:i},s:i,s:o,s:o}", "instance", inst,
                          "scope", scope, "cursor", cursor, "counts", "synced", (int)counts[0],
                          "to_push", (int)counts[1], "pushing", (int)counts[2], "conflict",
                          (int)counts[3], "refused", (int)counts[4], "outbox", (int)outbox,
                          "waiting", l.waiting, "conflicts", l.conflicts);
    return pl_http_reply_json(r, 200, o);
}

int pl_h_sync_local_resolve(pl_http_req *r)
{
    json_t *in = NULL;
    int rc = need_full_nik(r);
    if (rc || (rc = pl_http_json_body(r, &in)))
        return rc;
    const char *entity = NULL;
    json_t *id = json_object_get(in, "id"), *take = json_object_get(in, "take");
    pl_sync_take takes[32];
    int n = 0;
    if ((rc = pl_http_json_str(r, in, "entity", &entity)))
        goto out;
    if (entity == NULL || !json_is_integer(id) || !json_is_object(take)) {
        rc = pl_error_set(&r->err, PL_EINVAL, "take",
                          "kirim entity, id dan take {kolom: \"local\"|\"server\"}");
        goto out;
    }
    /* A record outside the caller's scope answers like one not in conflict. */
    char *row = NULL, region[PL_REGION_CODE_MAX];
    pl_error e = {0};
    if (pl_store_sync_row(r->store, &row, region, entity, json_integer_value(id), &e) == 0 &&
        !pl_http_in_scope(r, region)) {
        free(row);
        rc = pl_error_set(&r->err, PL_ENOTFOUND, "id", "data %s %lld tidak sedang bentrok", entity,
                          (long long)json_integer_value(id));
        goto out;
    }
    free(row);
    const char *key;
    json_t *v;
    json_object_foreach(take, key, v)
    {
        const char *w = json_is_string(v) ? json_string_value(v) : "";
        if (n == 32 || (strcmp(w, "local") && strcmp(w, "server"))) {
            rc = pl_error_set(&r->err, PL_EINVAL, key, "pilih \"local\" atau \"server\"");
            goto out;
        }
        takes[n].field = key;
        takes[n].local = strcmp(w, "local") == 0;
        n++;
    }
    if ((rc = pl_sync_field_resolve(r->store, &r->actor, entity, json_integer_value(id), takes, n,
                                    &r->err)) == 0)
        rc = pl_http_reply_json(r, 200,
                                json_pack("{s:s,s:I,s:s}", "entity", entity, "id",
                                          json_integer_value(id), "state", "resolved"));
out:
    json_decref(in);
    return rc;
}
