/*
 * sync_field.c - offline instances, the field's half (service/sync_field.h).
 */
#include "service/sync_field.h"

#include "service/sync_http.h"
#include "store/backend.h"
#include "store/region.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 500 /* changes per pushed package, records per pulled page */

/* The keys a field instance may change, per entity (the rest is the office's). */
static const char *const household_keys[] = {"kk", "village_code", "address", "rt",
                                             "rw", "lat",          "lon",     NULL};
static const char *const person_keys[] = {
    "nik",          "name",          "birth_place",  "birth_date", "sex",
    "relationship", "mother_name",   "death_date",   "disability", "lat",
    "lon",          "no_nik_reason", "household_id", NULL};
static const char *const membership_keys[] = {"category", "valid_from", "valid_to", "note", NULL};

static const char *const *keys_of(const char *entity)
{
    return strcmp(entity, "household") == 0 ? household_keys
           : strcmp(entity, "person") == 0  ? person_keys
                                            : membership_keys;
}

typedef struct field {
    pl_store *s;
    const pl_actor *who;
    char url[512];
    char token[256];
    char scope[PL_REGION_CODE_MAX];
    char instance[24];
    char secret[PL_SYNC_SECRET_HEX];
    char server_key[PL_SYNC_KEY_HEX];
    pl_sync_report *rep;
} field;

static int load(field *f, pl_store *s, const pl_actor *who, pl_sync_report *rep, pl_error *err)
{
    memset(f, 0, sizeof *f);
    f->s = s;
    f->who = who;
    f->rep = rep;
    int rc;
    if ((rc = pl_store_sync_meta_get(s, "server", f->url, sizeof f->url, err)) ||
        (rc = pl_store_sync_meta_get(s, "token", f->token, sizeof f->token, err)) ||
        (rc = pl_store_sync_meta_get(s, "scope", f->scope, sizeof f->scope, err)) ||
        (rc = pl_store_sync_meta_get(s, "instance", f->instance, sizeof f->instance, err)) ||
        (rc = pl_store_sync_meta_get(s, "secret_key", f->secret, sizeof f->secret, err)) ||
        (rc = pl_store_sync_meta_get(s, "server_key", f->server_key, sizeof f->server_key, err)))
        return rc;
    rep->instance_id = strtoll(f->instance, NULL, 10);
    return 0;
}

static const char *json_str_or_empty(json_t *v)
{
    return json_is_string(v) ? json_string_value(v) : "";
}

static json_t *loads(const char *text)
{
    return text && text[0] ? json_loads(text, 0, NULL) : NULL;
}

static int store_image(char *out, size_t cap, json_t *row, pl_error *err)
{
    char *t = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
    if (t == NULL || strlen(t) >= cap) {
        free(t);
        return pl_error_set(err, PL_EINVAL, "", "data terlalu besar untuk disinkronkan");
    }
    snprintf(out, cap, "%s", t);
    free(t);
    return 0;
}

/* The local row of entity local_id as JSON (NULL when absent). */
static json_t *local_row(pl_store *s, const char *entity, int64_t id)
{
    char *row = NULL, region[PL_REGION_CODE_MAX];
    pl_error e = {0};
    if (pl_store_sync_row(s, &row, region, entity, id, &e) != 0)
        return NULL;
    json_t *r = json_loads(row, 0, NULL);
    free(row);
    return r;
}

/* Rewrites a reference key of row from one id space to the other (0 / null when unknown). */
static int map_ref(pl_store *s, json_t *row, const char *key, const char *entity, bool to_local)
{
    json_t *v = json_object_get(row, key);
    if (!json_is_integer(v))
        return 0;
    pl_sync_record *r = malloc(sizeof *r);
    if (r == NULL)
        return PL_ENOMEM;
    pl_error e = {0};
    int64_t id = json_integer_value(v), mapped = 0;
    int rc = to_local ? pl_store_sync_record_by_server(s, r, entity, id, &e)
                      : pl_store_sync_record_get(s, r, entity, id, &e);
    if (rc == 0)
        mapped = to_local ? r->local_id : r->server_id;
    free(r);
    json_object_set_new(row, key, mapped ? json_integer(mapped) : json_null());
    return 0;
}

static void map_refs(pl_store *s, const char *entity, json_t *row, bool to_local)
{
    if (strcmp(entity, "person") == 0)
        map_ref(s, row, "household_id", "household", to_local);
    else if (strcmp(entity, "membership") == 0) {
        map_ref(s, row, "person_id", "person", to_local);
        map_ref(s, row, "household_id", "household", to_local);
    }
}

static bool same(json_t *a, json_t *b)
{
    if (json_is_number(a) && json_is_number(b))
        return json_number_value(a) == json_number_value(b);
    return json_equal(a ? a : json_null(), b ? b : json_null());
}

/* ------------------------------------------------------------------ pull */

/*
 * A record of the server whose NIK (person) or KK (household) a local record holds that the
 * server does not know as the same one (made here, not yet accepted there): the pull stops
 * with what the operator must do, instead of a constraint's words.
 */
static int key_taken(const char *entity, json_t *row, int64_t sid, pl_error *err)
{
    bool person = strcmp(entity, "person") == 0;
    const char *key = json_string_value(json_object_get(row, person ? "nik" : "kk"));
    if (!person && strcmp(entity, "household") != 0)
        return pl_error_set(err, PL_ECONFLICT, "",
                            "data %s id %lld dari server bentrok dengan "
                            "data di instans ini",
                            entity, (long long)sid);
    return pl_error_set(err, PL_ECONFLICT, person ? "nik" : "kk",
                        "%s id %lld dari server memakai %s %s, yang di instans ini dipegang data "
                        "lain yang belum diterima server; periksa data ber-%s itu di sini "
                        "(pilar %s show %s), perbaiki bila salah, lalu sinkronkan lagi",
                        person ? "orang" : "keluarga", (long long)sid, person ? "NIK" : "No. KK",
                        key ? key : "", person ? "NIK" : "KK", person ? "person" : "household",
                        key ? key : "");
}

/* Writes one record of the feed (server ids) into the local data base. */
static int apply_item(field *f, json_t *item, pl_error *err)
{
    const char *entity = json_string_value(json_object_get(item, "entity"));
    int64_t sid = json_integer_value(json_object_get(item, "id"));
    int64_t version = json_integer_value(json_object_get(item, "version"));
    json_t *row = json_object_get(item, "row");
    if (entity == NULL || !json_is_object(row))
        return pl_error_set(err, PL_EINVAL, "", "data dari server rusak");
    json_t *copy = json_deep_copy(row);
    int rc = 0;
    char *text = NULL;
    pl_sync_record *r = calloc(1, sizeof *r);
    if (r == NULL || copy == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori habis");
        goto out;
    }
    if (strcmp(entity, "psks") == 0 || strcmp(entity, "program") == 0) {
        /* Reference records: kept as the server has them, never sent back. */
        json_t *have = local_row(f->s, entity, sid);
        int64_t id;
        text = json_dumps(copy, JSON_COMPACT);
        rc = pl_store_sync_row_put(f->s, f->who, entity, have ? sid : 0, sid, text, &id, err);
        json_decref(have);
        if (rc == 0)
            f->rep->pulled++;
        goto out;
    }
    map_refs(f->s, entity, copy, true);
    int got = pl_store_sync_record_by_server(f->s, r, entity, sid, err);
    if (got && got != PL_ENOTFOUND) {
        rc = got;
        goto out;
    }
    text = json_dumps(copy, JSON_COMPACT);
    if (got == 0 && strcmp(r->state, "synced") == 0 && r->base_version == version)
        goto out; /* already in step (e.g. the echo of our own change) */
    if (got == PL_ENOTFOUND || strcmp(r->state, "synced") == 0) {
        int64_t local = got == 0 ? r->local_id : 0, id;
        if ((rc = pl_store_sync_row_put(f->s, f->who, entity, local, sid, text, &id, err))) {
            if (rc == PL_ECONFLICT)
                rc = key_taken(entity, copy, sid, err);
            goto out;
        }
        memset(r, 0, sizeof *r);
        snprintf(r->entity, sizeof r->entity, "%s", entity);
        r->local_id = id;
        r->server_id = sid;
        r->base_version = version;
        snprintf(r->state, sizeof r->state, "synced");
        if ((rc = store_image(r->base, sizeof r->base, copy, err)) ||
            (rc = pl_store_sync_record_put(f->s, r, err)))
            goto out;
        f->rep->pulled++;
        goto out;
    }
    /* Changed here too: the server's version waits beside the local one for a person. */
    if (version == r->base_version && strcmp(r->state, "conflict") != 0)
        goto out; /* the echo of our own change */
    if (strcmp(r->state, "conflict") != 0)
        f->rep->new_conflicts++;
    snprintf(r->state, sizeof r->state, "conflict");
    snprintf(r->message, sizeof r->message,
             "diubah di server (versi %lld) dan di sini sejak sinkronisasi terakhir",
             (long long)version);
    r->changed_at[0] = '\0';
    if ((rc = store_image(r->server, sizeof r->server, copy, err)) ||
        (rc = pl_store_sync_record_put(f->s, r, err)))
        goto out;
out:
    free(text);
    free(r);
    json_decref(copy);
    return rc;
}

/* Applies feed items and sets the cursor, in one transaction with marking off. */
static int apply_page(field *f, json_t *items, const char *cursor, pl_error *err)
{
    int rc = pl_store_begin(f->s, err);
    if (rc)
        return rc;
    if ((rc = pl_store_sync_meta_set(f->s, "mode", "applying", err)))
        goto out;
    /* Households before people before memberships: references resolve within a page. */
    static const char *const order[] = {"household", "person", "membership", "psks", "program"};
    for (int k = 0; k < 5 && rc == 0; k++) {
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it)
        {
            const char *e = json_string_value(json_object_get(it, "entity"));
            if (e && strcmp(e, order[k]) == 0 && (rc = apply_item(f, it, err)))
                break;
        }
    }
    if (rc == 0 && cursor)
        rc = pl_store_sync_meta_set(f->s, "cursor", cursor, err);
    if (rc == 0)
        rc = pl_store_sync_meta_set(f->s, "mode", "field", err);
out:
    if (rc == 0)
        return pl_store_commit(f->s, err);
    pl_store_rollback(f->s);
    return rc;
}

static int pull(field *f, pl_error *err)
{
    for (;;) {
        char cursor[64], url[1024];
        int rc = pl_store_sync_meta_get(f->s, "cursor", cursor, sizeof cursor, err);
        if (rc)
            return rc;
        snprintf(url, sizeof url, "%s/api/v1/sync/changes?instance=%s&limit=%d&since=%s", f->url,
                 f->instance, BATCH, cursor[0] ? cursor : "0");
        char *body = NULL;
        size_t len;
        long status;
        if ((rc = pl_sync_http(&body, &len, &status, "GET", url, f->token, NULL, 0, NULL, err)))
            return rc;
        json_t *j = json_loadb(body, len, 0, NULL);
        free(body);
        json_t *items = json_object_get(j, "items");
        const char *next = json_string_value(json_object_get(j, "next"));
        bool more = json_is_true(json_object_get(j, "more"));
        if (!json_is_array(items) || next == NULL)
            rc = pl_error_set(err, PL_EIO, "server", "jawaban server tidak dapat dibaca");
        else
            rc = apply_page(f, items, next, err);
        json_decref(j);
        if (rc || !more)
            return rc;
    }
}

/* ------------------------------------------------------------------ push */

static json_t *diff_fields(pl_store *s, const char *entity, json_t *local, json_t *base, bool all)
{
    json_t *out = json_object();
    for (const char *const *k = keys_of(entity); *k; k++) {
        json_t *lv = json_object_get(local, *k);
        if (!all && same(lv, json_object_get(base, *k)))
            continue;
        if (strcmp(*k, "household_id") == 0) {
            /* A person's household travels as its KK (the server's own id space). */
            json_t *hh =
                json_is_integer(lv) ? local_row(s, "household", json_integer_value(lv)) : NULL;
            json_t *kk = json_object_get(hh, "kk");
            json_object_set(out, "kk", kk ? kk : json_null());
            if (all)
                json_object_set(out, "village_code", json_object_get(hh, "village_code"));
            json_decref(hh);
            continue;
        }
        json_object_set(out, *k, lv ? lv : json_null());
    }
    if (all && strcmp(entity, "person") == 0 && json_object_get(out, "village_code") == NULL)
        json_object_set(out, "village_code", json_object_get(local, "village_code"));
    return out;
}

typedef struct build {
    field *f;
    json_t *changes; /* payloads added this round */
    long built;
    long deferred;
    pl_error *err;
} build;

/* Turns one record to push into a change in the outbox (or finds nothing to send). */
static int build_one(void *ctx, const pl_sync_record *rec)
{
    build *b = ctx;
    field *f = b->f;
    if (strcmp(rec->state, "to_push") != 0)
        return 0;
    json_t *local = local_row(f->s, rec->entity, rec->local_id);
    json_t *base = loads(rec->base), *fields = NULL, *ch = NULL;
    pl_sync_record *r = malloc(sizeof *r);
    int rc = 0;
    if (r == NULL)
        return pl_error_set(b->err, PL_ENOMEM, "", "memori habis");
    *r = *rec;
    if (local == NULL) {
        snprintf(r->state, sizeof r->state, "synced"); /* deleted here: nothing to send */
        rc = pl_store_sync_record_put(f->s, r, b->err);
        goto out;
    }
    ch = json_object();
    char cid[33];
    pl_sync_change_id(cid);
    json_object_set_new(ch, "id", json_string(cid));
    json_object_set_new(ch, "entity", json_string(rec->entity));
    if (strcmp(rec->entity, "membership") == 0) {
        if (rec->server_id == 0) {
            fields = diff_fields(f->s, rec->entity, local, NULL, true);
            map_refs(f->s, "membership", local, false);
            json_t *p = json_object_get(local, "person_id"),
                   *h = json_object_get(local, "household_id");
            if (!json_is_integer(p) && !json_is_integer(h)) {
                b->deferred++; /* its person or household is not on the server yet */
                goto out;
            }
            json_object_set(fields, "person_id", p);
            json_object_set(fields, "household_id", h);
            json_object_set_new(ch, "op", json_string("create"));
        } else {
            fields = json_object();
            json_object_set(fields, "valid_to", json_object_get(local, "valid_to"));
            if (same(json_object_get(local, "valid_to"), json_object_get(base, "valid_to"))) {
                snprintf(r->state, sizeof r->state, "synced");
                rc = pl_store_sync_record_put(f->s, r, b->err);
                goto out;
            }
            json_object_set_new(ch, "op", json_string("end"));
        }
    } else if (rec->server_id == 0) {
        fields = diff_fields(f->s, rec->entity, local, NULL, true);
        json_object_set_new(ch, "op", json_string("create"));
    } else {
        fields = diff_fields(f->s, rec->entity, local, base, false);
        if (json_object_size(fields) == 0) {
            snprintf(r->state, sizeof r->state, "synced");
            rc = pl_store_sync_record_put(f->s, r, b->err);
            goto out;
        }
        json_object_set_new(ch, "op", json_string("update"));
    }
    json_object_set_new(ch, "server_id", json_integer(rec->server_id));
    json_object_set_new(ch, "base_version", json_integer(rec->base_version));
    json_object_set(ch, "fields", fields);
    char *text = json_dumps(ch, JSON_COMPACT);
    if (text == NULL) {
        rc = pl_error_set(b->err, PL_ENOMEM, "", "memori habis");
        goto out;
    }
    rc = pl_store_sync_outbox_add(f->s, cid, rec->entity, rec->local_id, text, b->err);
    free(text);
    if (rc)
        goto out;
    snprintf(r->state, sizeof r->state, "pushing");
    r->message[0] = '\0';
    if ((rc = pl_store_sync_record_put(f->s, r, b->err)) == 0)
        b->built++;
out:
    json_decref(local);
    json_decref(base);
    json_decref(fields);
    json_decref(ch);
    free(r);
    return rc;
}

/* Moves up to BATCH records to push into the outbox, in one transaction. */
static int build_round(field *f, long *built, long *deferred, pl_error *err)
{
    build b = {.f = f, .err = err};
    int rc = pl_store_begin(f->s, err);
    if (rc)
        return rc;
    static const char *const order[] = {"household", "person", "membership"};
    for (int k = 0; k < 3 && rc == 0 && b.built < BATCH; k++)
        rc = pl_store_sync_record_list(f->s, "to_push", order[k], 0, (int)(BATCH - b.built),
                                       build_one, &b, err);
    if (rc) {
        pl_store_rollback(f->s);
        return rc;
    }
    *built = b.built;
    *deferred = b.deferred;
    return pl_store_commit(f->s, err);
}

typedef struct outbox_read {
    json_t *changes;
} outbox_read;

static int read_outbox(void *ctx, const char *cid, const char *entity, int64_t local_id,
                       const char *payload)
{
    outbox_read *o = ctx;
    json_t *c = json_loads(payload, 0, NULL);
    if (c)
        json_array_append_new(o->changes, c);
    return 0;
}

/* The package of the outbox's first limit changes (next sequence number, noted first). */
static int outbox_package(unsigned char **pkg, size_t *len, long *n, field *f, int limit,
                          pl_error *err)
{
    outbox_read o = {json_array()};
    char seqs[32], cursor[64];
    int rc = pl_store_sync_outbox_list(f->s, limit, read_outbox, &o, err);
    if (rc == 0)
        rc = pl_store_sync_meta_get(f->s, "seq", seqs, sizeof seqs, err);
    if (rc == 0)
        rc = pl_store_sync_meta_get(f->s, "cursor", cursor, sizeof cursor, err);
    long long seq = strtoll(seqs, NULL, 10) + 1;
    snprintf(seqs, sizeof seqs, "%lld", seq);
    /* The number is used once, whether or not the package arrives. */
    if (rc == 0)
        rc = pl_store_sync_meta_set(f->s, "seq", seqs, err);
    if (rc == 0) {
        json_t *body = json_object();
        json_object_set_new(body, "scope", json_string(f->scope));
        json_object_set_new(body, "cursor", json_string(cursor));
        json_object_set(body, "changes", o.changes);
        *n = (long)json_array_size(o.changes);
        rc = pl_sync_package_write(pkg, len, 'C', strtoll(f->instance, NULL, 10), seq, body,
                                   f->secret, err);
        json_decref(body);
    }
    json_decref(o.changes);
    return rc;
}

static int map_outbox(void *ctx, const char *cid, const char *entity, int64_t local_id,
                      const char *payload)
{
    json_object_set_new((json_t *)ctx, cid,
                        json_pack("{s:s,s:I}", "entity", entity, "local_id", (json_int_t)local_id));
    return 0;
}

/* Records the server's answer to one change (in the caller's transaction, marking off). */
static int take_result(field *f, json_t *outbox, json_t *res, pl_error *err)
{
    const char *cid = json_string_value(json_object_get(res, "id"));
    const char *outcome = json_string_value(json_object_get(res, "outcome"));
    json_t *ob = cid ? json_object_get(outbox, cid) : NULL;
    if (ob == NULL || outcome == NULL)
        return 0; /* answered already (an answer package imported twice over) */
    const char *entity = json_string_value(json_object_get(ob, "entity"));
    int64_t local_id = json_integer_value(json_object_get(ob, "local_id"));
    pl_sync_record *r = malloc(sizeof *r);
    if (r == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    json_t *row = json_deep_copy(json_object_get(res, "row"));
    const char *msg = json_string_value(json_object_get(res, "message"));
    int rc = pl_store_sync_record_get(f->s, r, entity, local_id, err);
    if (rc == PL_ENOTFOUND) {
        rc = pl_store_sync_outbox_remove(f->s, cid, err);
        goto out;
    }
    if (rc)
        goto out;
    if (json_is_object(row))
        map_refs(f->s, entity, row, true);
    snprintf(r->message, sizeof r->message, "%s", msg ? msg : "");
    if (strcmp(outcome, "applied") == 0) {
        f->rep->applied++;
        int64_t sid = json_integer_value(json_object_get(res, "server_id"));
        r->server_id = sid;
        r->base_version = json_integer_value(json_object_get(res, "version"));
        if (json_is_object(row) && (rc = store_image(r->base, sizeof r->base, row, err)))
            goto out;
        if (strcmp(r->state, "pushing") == 0) {
            /* Nothing changed here meanwhile: the server's row (its checks, its version). */
            char *text = json_dumps(row, JSON_COMPACT);
            int64_t id;
            if (text && json_is_object(row))
                rc = pl_store_sync_row_put(f->s, f->who, entity, local_id, 0, text, &id, err);
            free(text);
            if (rc)
                goto out;
            snprintf(r->state, sizeof r->state, "synced");
        }
    } else if (strcmp(outcome, "conflict") == 0) {
        f->rep->conflicts++;
        snprintf(r->state, sizeof r->state, "conflict");
        if (json_is_object(row) && (rc = store_image(r->server, sizeof r->server, row, err)))
            goto out;
    } else {
        f->rep->refused++;
        snprintf(r->state, sizeof r->state, "refused");
    }
    r->changed_at[0] = '\0';
    if ((rc = pl_store_sync_record_put(f->s, r, err)) == 0)
        rc = pl_store_sync_outbox_remove(f->s, cid, err);
out:
    json_decref(row);
    free(r);
    return rc;
}

/* Opens an answer package of this instance's server and applies its results (and feed). */
static int take_answer(field *f, const unsigned char *pkg, size_t len, bool from_file,
                       pl_error *err)
{
    char kind, digest[65];
    int64_t inst, seq;
    json_t *body = NULL, *outbox = json_object();
    int rc = pl_sync_package_peek(&kind, &inst, &seq, pkg, len, err);
    if (rc)
        goto done;
    if (kind != 'A') {
        rc = pl_error_set(err, PL_EINVAL, "package",
                          "ini paket perubahan, bukan paket jawaban dari kantor");
        goto done;
    }
    if (inst != strtoll(f->instance, NULL, 10)) {
        rc = pl_error_set(err, PL_EINVAL, "package",
                          "paket jawaban ini untuk instans %lld, bukan instans ini (%s)",
                          (long long)inst, f->instance);
        goto done;
    }
    if ((rc = pl_sync_package_open(&body, digest, pkg, len, f->server_key, err)))
        goto done;
    const char *scope = json_string_value(json_object_get(body, "scope"));
    if (scope == NULL || strcmp(scope, f->scope) != 0) {
        rc = pl_error_set(err, PL_EINVAL, "scope", "paket jawaban untuk wilayah lain");
        goto done;
    }
    if ((rc = pl_store_begin(f->s, err)))
        goto done;
    if (from_file)
        rc = pl_store_sync_answer_note(f->s, seq, digest, err);
    if (rc == 0)
        rc = pl_store_sync_meta_set(f->s, "mode", "applying", err);
    if (rc == 0)
        rc = pl_store_sync_outbox_list(f->s, 100000000, map_outbox, outbox, err);
    size_t i;
    json_t *res;
    json_array_foreach(json_object_get(body, "results"), i, res)
    {
        if (rc == 0)
            rc = take_result(f, outbox, res, err);
    }
    if (rc == 0)
        rc = pl_store_sync_meta_set(f->s, "mode", "field", err);
    if (rc == 0)
        rc = pl_store_commit(f->s, err);
    else
        pl_store_rollback(f->s);
    json_t *feed = json_object_get(body, "feed");
    const char *cursor = json_string_value(json_object_get(body, "cursor"));
    if (rc == 0 && json_is_array(feed))
        rc = apply_page(f, feed, cursor, err);
done:
    json_decref(body);
    json_decref(outbox);
    return rc;
}

/* Sends the outbox, a batch at a time, until it is empty. */
static int send_outbox(field *f, pl_error *err)
{
    for (;;) {
        long waiting = 0, n = 0;
        int rc = pl_store_sync_outbox_count(f->s, &waiting, err);
        if (rc || waiting == 0)
            return rc;
        unsigned char *pkg = NULL;
        size_t len = 0;
        if ((rc = outbox_package(&pkg, &len, &n, f, BATCH, err)))
            return rc;
        char url[700];
        snprintf(url, sizeof url, "%s/api/v1/sync/push", f->url);
        char *ans = NULL;
        size_t alen = 0;
        long status;
        rc = pl_sync_http(&ans, &alen, &status, "POST", url, f->token, pkg, len,
                          "application/vnd.pilar.sync", err);
        free(pkg);
        if (rc == 0) {
            f->rep->pushed += n;
            rc = take_answer(f, (const unsigned char *)ans, alen, false, err);
        }
        free(ans);
        if (rc)
            return rc;
    }
}

static int push(field *f, pl_error *err)
{
    int rc = send_outbox(f, err);
    for (long built = 1, deferred = 0; rc == 0 && built > 0;) {
        if ((rc = build_round(f, &built, &deferred, err)) == 0 && built > 0)
            rc = send_outbox(f, err);
    }
    return rc;
}

int pl_sync_field_run(pl_sync_report *rep, pl_store *s, const pl_actor *who, pl_error *err)
{
    memset(rep, 0, sizeof *rep);
    field f;
    int rc = load(&f, s, who, rep, err);
    if (rc || (rc = push(&f, err)))
        return rc;
    return pull(&f, err);
}

int pl_sync_field_init(pl_sync_report *rep, pl_store *s, const pl_actor *who, const char *url,
                       const char *token, const char *scope, const char *name, pl_error *err)
{
    memset(rep, 0, sizeof *rep);
    char probe[8];
    pl_error e = {0};
    /* Local writes are marked for the push by SQLite's triggers (store/sqlite/schema_sync.c). */
    if (pl_store_location_is_pg(pl_store_location(s)))
        return pl_error_set(err, PL_EINVAL, "db",
                            "instans luring harus berkas SQLite (mis. --db lapangan.db); "
                            "PostgreSQL hanya untuk server");
    if (pl_store_sync_meta_get(s, "mode", probe, sizeof probe, &e) == 0)
        return pl_error_set(err, PL_ECONFLICT, "db", "basis data ini sudah instans luring");
    char pub[PL_SYNC_KEY_HEX], sec[PL_SYNC_SECRET_HEX], full[700];
    pl_sync_keypair(pub, sec);
    json_t *req = json_pack("{s:s,s:s,s:s}", "name", name, "scope", scope, "public_key", pub);
    char *text = json_dumps(req, JSON_COMPACT), *ans = NULL;
    json_decref(req);
    size_t len;
    long status;
    snprintf(full, sizeof full, "%s/api/v1/sync/instances", url);
    int rc = pl_sync_http(&ans, &len, &status, "POST", full, token, text, strlen(text),
                          "application/json", err);
    free(text);
    if (rc)
        return rc;
    json_t *inst = json_loadb(ans, len, 0, NULL);
    free(ans);
    const char *skey = json_string_value(json_object_get(inst, "server_public_key"));
    const char *sc = json_string_value(json_object_get(inst, "scope"));
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(inst, "id")));
    if (skey == NULL || sc == NULL) {
        json_decref(inst);
        return pl_error_set(err, PL_EIO, "server", "jawaban pendaftaran tidak dapat dibaca");
    }
    struct {
        const char *k, *v;
    } meta[] = {{"server", url},     {"token", token},    {"scope", sc},        {"instance", id},
                {"public_key", pub}, {"secret_key", sec}, {"server_key", skey}, {"cursor", ""},
                {"seq", "0"},        {"mode", "field"}};
    if ((rc = pl_store_begin(s, err)) == 0) {
        for (size_t i = 0; i < sizeof meta / sizeof meta[0] && rc == 0; i++)
            rc = pl_store_sync_meta_set(s, meta[i].k, meta[i].v, err);
        rc = rc == 0 ? pl_store_commit(s, err) : (pl_store_rollback(s), rc);
    }
    json_decref(inst);
    sodium_memzero(sec, sizeof sec);
    if (rc)
        return rc;
    field f;
    if ((rc = load(&f, s, who, rep, err)))
        return rc;
    /* The region tree: every province, regency and district, and the scope's villages. */
    snprintf(full, sizeof full, "%s/api/v1/sync/regions?instance=%s", f.url, f.instance);
    if ((rc = pl_sync_http(&ans, &len, &status, "GET", full, f.token, NULL, 0, NULL, err)))
        return rc;
    json_t *j = json_loadb(ans, len, 0, NULL);
    free(ans);
    json_t *items = json_object_get(j, "items");
    size_t n = json_array_size(items);
    pl_region *regions = n ? calloc(n, sizeof *regions) : NULL;
    if (n && regions == NULL) {
        json_decref(j);
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    }
    for (size_t i = 0; i < n; i++) {
        json_t *g = json_array_get(items, i);
        snprintf(regions[i].code, sizeof regions[i].code, "%s",
                 json_str_or_empty(json_object_get(g, "code")));
        snprintf(regions[i].parent, sizeof regions[i].parent, "%s",
                 json_str_or_empty(json_object_get(g, "parent")));
        snprintf(regions[i].name, sizeof regions[i].name, "%s",
                 json_str_or_empty(json_object_get(g, "name")));
        regions[i].level = (int)json_integer_value(json_object_get(g, "level"));
    }
    rc = n ? pl_store_region_put_many(s, regions, n, err) : 0;
    free(regions);
    json_decref(j);
    rep->regions = (long)n;
    return rc ? rc : pull(&f, err);
}

int pl_sync_field_export(unsigned char **out, size_t *len, pl_sync_report *rep, pl_store *s,
                         pl_error *err)
{
    memset(rep, 0, sizeof *rep);
    *out = NULL;
    field f;
    pl_actor none = {"sync", "sync"};
    int rc = load(&f, s, &none, rep, err);
    for (long built = 1, deferred = 0; rc == 0 && built > 0;)
        rc = build_round(&f, &built, &deferred, err);
    long n = 0;
    if (rc == 0)
        rc = outbox_package(out, len, &n, &f, 100000000, err);
    rep->pushed = n;
    rep->package_bytes = (long)*len;
    return rc;
}

int pl_sync_field_import(pl_sync_report *rep, pl_store *s, const pl_actor *who,
                         const unsigned char *pkg, size_t len, pl_error *err)
{
    memset(rep, 0, sizeof *rep);
    field f;
    int rc = load(&f, s, who, rep, err);
    return rc ? rc : take_answer(&f, pkg, len, true, err);
}

/* ------------------------------------------------------------------ conflicts */

typedef struct conflicts {
    pl_store *s;
    pl_sync_conflict_cb cb;
    void *ctx;
} conflicts;

static json_t *differing(const char *entity, json_t *local, json_t *server)
{
    json_t *a = json_array();
    for (const char *const *k = keys_of(entity); *k; k++)
        if (!same(json_object_get(local, *k), json_object_get(server, *k)))
            json_array_append_new(a, json_string(*k));
    return a;
}

static int each_conflict(void *ctx, const pl_sync_record *rec)
{
    conflicts *c = ctx;
    json_t *local = local_row(c->s, rec->entity, rec->local_id), *server = loads(rec->server);
    if (local == NULL)
        local = json_object();
    if (server == NULL)
        server = json_object();
    json_t *fields = differing(rec->entity, local, server);
    pl_sync_conflict x = {rec, local, server, fields};
    int rc = c->cb(c->ctx, &x);
    json_decref(local);
    json_decref(server);
    json_decref(fields);
    return rc;
}

int pl_sync_field_conflicts(pl_store *s, pl_sync_conflict_cb cb, void *ctx, pl_error *err)
{
    conflicts c = {s, cb, ctx};
    return pl_store_sync_record_list(s, "conflict", NULL, 0, 100000, each_conflict, &c, err);
}

int pl_sync_field_resolve(pl_store *s, const pl_actor *who, const char *entity, int64_t local_id,
                          const pl_sync_take *takes, int n, pl_error *err)
{
    pl_sync_record *r = malloc(sizeof *r);
    if (r == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori habis");
    json_t *local = NULL, *server = NULL, *fields = NULL;
    char *text = NULL;
    int rc = pl_store_sync_record_get(s, r, entity, local_id, err);
    if (rc == 0 && strcmp(r->state, "conflict") != 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "data %s %lld tidak sedang bentrok", entity,
                          (long long)local_id);
    if (rc)
        goto out;
    local = local_row(s, entity, local_id);
    server = loads(r->server);
    if (local == NULL || server == NULL) {
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "data %s %lld tidak ditemukan", entity,
                          (long long)local_id);
        goto out;
    }
    for (int i = 0; i < n; i++) {
        bool known = false;
        for (const char *const *k = keys_of(entity); *k; k++)
            known = known || strcmp(*k, takes[i].field) == 0;
        if (!known) {
            rc = pl_error_set(err, PL_EINVAL, takes[i].field,
                              "kolom '%.40s' tidak dikenal untuk %s", takes[i].field, entity);
            goto out;
        }
    }
    fields = differing(entity, local, server);
    json_t *merged = json_deep_copy(server);
    bool kept_local = false;
    size_t i;
    json_t *f;
    json_array_foreach(fields, i, f)
    {
        const char *key = json_string_value(f);
        int chosen = -1;
        for (int k = 0; k < n; k++)
            if (strcmp(takes[k].field, key) == 0)
                chosen = takes[k].local;
        if (chosen < 0) {
            json_decref(merged);
            rc = pl_error_set(err, PL_EINVAL, key,
                              "kolom '%s' berbeda antara data lokal dan server: pilih "
                              "--take %s=local atau %s=server",
                              key, key, key);
            goto out;
        }
        if (chosen) {
            json_object_set(merged, key, json_object_get(local, key));
            kept_local = true;
        }
    }
    text = json_dumps(merged, JSON_COMPACT);
    int64_t version = json_integer_value(json_object_get(server, "version")), id;
    if ((rc = pl_store_begin(s, err)))
        goto merged_out;
    rc = pl_store_sync_meta_set(s, "mode", "applying", err);
    if (rc == 0)
        rc = pl_store_sync_row_put(s, who, entity, local_id, 0, text, &id, err);
    if (rc == 0) {
        r->base_version = version;
        rc = store_image(r->base, sizeof r->base, server, err);
    }
    if (rc == 0) {
        snprintf(r->state, sizeof r->state, "%s", kept_local ? "to_push" : "synced");
        r->server[0] = '\0';
        r->message[0] = '\0';
        r->changed_at[0] = '\0';
        rc = pl_store_sync_record_put(s, r, err);
    }
    if (rc == 0)
        rc = pl_store_sync_meta_set(s, "mode", "field", err);
    if (rc == 0)
        rc = pl_store_commit(s, err);
    else
        pl_store_rollback(s);
merged_out:
    json_decref(merged);
out:
    free(text);
    json_decref(local);
    json_decref(server);
    json_decref(fields);
    free(r);
    return rc;
}
