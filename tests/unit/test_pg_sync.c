/*
 * test_pg_sync.c - the offline-sync store on PostgreSQL (store/sync.h, store/pg/sync.c).
 *
 * The change feed must never skip a change although writers commit out of audit-id order: a
 * write held open in one connection while a later one commits in another, the feed read in
 * between, then the first committed: the feed read again from the cursor it gave must carry
 * the first write. Run once with audit rows taking their ids at insert without the chain's
 * lock (so ids really are out of commit order: the danger the (xid, id) horizon answers) and
 * once as the schema is (the chain's lock on). Then the field-side functions and row images
 * give the same transcript as on SQLite. Run by ctest as pg/test_pg_sync through
 * scripts/pg-cluster run; the fixture is pg_twin.h's (a SQLite twin and a PostgreSQL data base),
 * with two writers of its own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"
#include "pg_twin.h"

#include "service/sync.h"
#include "store/pg/internal.h"
#include "store/sqlite/internal.h"
#include "store/store.h"
#include "store/sync.h"
#include "util/buf.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fx {
    pl_twin *t;
    pl_store *sq, *pg; /* the twin's */
    PGconn *w1, *w2;   /* two writers, as the superuser, actor set */
    pl_error err;
} fx;

static int64_t pg_i64(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    int64_t v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return v;
}

#define NOW "'2026-03-01T00:00:00Z'"

static const char seed_regions[] =
    "INSERT INTO region(code, parent, level, name) VALUES ('64', NULL, 1, 'Kalimantan Timur'), "
    "('64.74', '64', 2, 'Kota Bontang'), ('64.74.01', '64.74', 3, 'Bontang Utara'), "
    "('64.74.01.1001', '64.74.01', 4, 'Bontang Kuala'), ('32', NULL, 1, 'Jawa Barat'), "
    "('32.01', '32', 2, 'Kabupaten Bogor'), ('32.01.01', '32.01', 3, 'Cibinong'), "
    "('32.01.01.2001', '32.01.01', 4, 'Pakansari')";
static const char seed_households[] =
    "INSERT INTO household(id, kk, village_code, address, lat, lon, state, created_at, "
    "created_by, updated_at) VALUES "
    "(1, '6474010101200001', '64.74.01.1001', 'Jl. Kenari 1', 0.125, 117.5, 'verified', " NOW
    ", 'seed', " NOW "), "
    "(2, '6474010101200002', '64.74.01.1001', 'Jl. Kenari 2', NULL, NULL, 'draft', " NOW
    ", 'seed', " NOW "), "
    "(3, '3201010101200003', '32.01.01.2001', 'Jl. Bogor', NULL, NULL, 'draft', " NOW
    ", 'seed', " NOW ")";
static const char seed_user[] =
    "INSERT INTO app_user(id, username, role, scope, created_at, created_by) VALUES "
    "(1, 'opkec', 'district', '64.74.01', " NOW ", 'seed')";
static const char seed_people[] =
    "INSERT INTO person(id, nik, household_id, name, name_norm, birth_date, sex, relationship, "
    "disability, village_code, created_at, created_by, updated_at) VALUES "
    "(1, '6474014101800001', 1, 'Siti', 'siti', '1980-01-01', 'P', 'kepala_keluarga', '', "
    "'64.74.01.1001', " NOW ", 'seed', " NOW ")";

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->t = pl_twin_new("t_sync");
    f->sq = f->t->sq;
    f->pg = f->t->pg;
    f->w1 = pl_twin_connect(f->t->url);
    f->w2 = pl_twin_connect(f->t->url);
    pl_twin_pg(f->w1, "SELECT set_config('pilar.actor', 'w1', false)");
    pl_twin_pg(f->w2, "SELECT set_config('pilar.actor', 'w2', false)");
    const char *const seeds[] = {seed_regions, seed_households, seed_people, seed_user};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        pl_twin_sq(f->t, seeds[i]);
        pl_twin_pg(f->w1, seeds[i]);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    PQfinish(f->w1);
    PQfinish(f->w2);
    pl_twin_free(f->t);
    free(f);
    return 0;
}

/* ------------------------------------------------------------- the change feed */

/* Reads the feed of scope 64.74 from *cursor until it says no more; *cursor moves on. */
static json_t *pull(fx *f, char cursor[64])
{
    json_t *all = json_array();
    bool more = true;
    for (int guard = 0; more && guard < 100; guard++) {
        json_t *items;
        char next[64];
        pl_error e;
        int rc = pl_sync_feed(&items, next, &more, f->pg, "64.74", cursor, 50, &e);
        if (rc)
            fail_msg("feed: %d %s", rc, e.message);
        json_array_extend(all, items);
        json_decref(items);
        snprintf(cursor, 64, "%s", next);
    }
    assert_false(more);
    return all;
}

/* The address the feed carries for household id ("" when it carries none). */
static const char *served(json_t *items, int64_t id)
{
    size_t i;
    json_t *it;
    const char *last = "";
    json_array_foreach(items, i, it)
    {
        if (strcmp(json_string_value(json_object_get(it, "entity")), "household") == 0 &&
            json_integer_value(json_object_get(it, "id")) == id)
            last = json_string_value(json_object_get(json_object_get(it, "row"), "address"));
    }
    return last;
}

/* The held-open write, the later commit, a read in between, then the first commit. */
static void held_write(fx *f, bool chain)
{
    char cursor[64] = "0";
    json_t *items = pull(f, cursor);
    assert_string_equal(served(items, 1), "Jl. Kenari 1"); /* the snapshot */
    json_decref(items);
    assert_int_equal(cursor[0], 'a');
    assert_non_null(strchr(cursor, ':')); /* a PostgreSQL position: xid:id */

    pl_twin_pg(f->w1, "BEGIN");
    if (chain) /* its transaction id now, its audit row after the other's */
        pl_twin_pg(f->w1, "SELECT pg_current_xact_id()");
    else
        pl_twin_pg(f->w1, "UPDATE household SET address = 'satu' WHERE id = 1");
    pl_twin_pg(f->w2, "UPDATE household SET address = 'dua' WHERE id = 2"); /* commits */
    if (!chain) {
        /* The danger: the committed row's id is above the one still in flight. */
        int64_t committed = pg_i64(f->w2, "SELECT max(id) FROM audit WHERE actor = 'w2'");
        int64_t open = pg_i64(f->w1, "SELECT max(id) FROM audit WHERE actor = 'w1' AND "
                                     "entity_id = 1 AND action = 'update'");
        assert_true(open < committed);
    }
    items = pull(f, cursor);
    assert_string_equal(served(items, 1), ""); /* not committed */
    json_decref(items);
    if (chain)
        pl_twin_pg(f->w1, "UPDATE household SET address = 'satu' WHERE id = 1");
    pl_twin_pg(f->w1, "COMMIT");

    items = pull(f, cursor);
    assert_string_equal(served(items, 1), "satu"); /* not skipped */
    assert_string_equal(served(items, 2), "dua");
    json_decref(items);
    items = pull(f, cursor); /* nothing twice */
    assert_int_equal(json_array_size(items), 0);
    json_decref(items);
}

static void test_feed_skips_nothing_unserialised(void **state)
{
    fx *f = *state;
    /* Audit rows take their ids at insert, with no lock between writers. */
    pl_twin_pg(f->w1, "ALTER TABLE audit DISABLE TRIGGER audit_seal");
    pl_twin_pg(f->w1, "ALTER TABLE audit ALTER COLUMN id SET DEFAULT nextval('audit_id_seq')");
    held_write(f, false);
}

static void test_feed_skips_nothing(void **state)
{
    held_write(*state, true);
}

/* A cursor of the SQLite form (a data base copied from there) reads the audit again. */
static void test_sqlite_cursor(void **state)
{
    fx *f = *state;
    char cursor[64] = "a999999";
    json_t *items = pull(f, cursor);
    assert_string_equal(served(items, 1), "Jl. Kenari 1");
    json_decref(items);
    pl_error e;
    json_t *it;
    char next[64];
    bool more;
    assert_int_equal(pl_sync_feed(&it, next, &more, f->pg, "", "a1:2:3", 10, &e), PL_EINVAL);
    assert_int_equal(pl_sync_feed(&it, next, &more, f->pg, "", "s1:.0.0", 10, &e), PL_EINVAL);
}

/* ------------------------------------------------------------- the same as SQLite */

#define LOG(...) pl_buf_printf(out, __VA_ARGS__)

static int rec_line(void *ctx, const pl_sync_record *r)
{
    pl_buf *out = ctx;
    LOG("  %s %lld s%lld v%lld %s base=%s server=%s msg=%s\n", r->entity, (long long)r->local_id,
        (long long)r->server_id, (long long)r->base_version, r->state, r->base, r->server,
        r->message);
    return 0;
}

static int outbox_line(void *ctx, const char *cid, const char *entity, int64_t local_id,
                       const char *payload)
{
    pl_buf *out = ctx;
    LOG("  %s %s %lld %s\n", cid, entity, (long long)local_id, payload);
    return 0;
}

static int inst_line(void *ctx, const pl_sync_instance *in)
{
    pl_buf *out = ctx;
    LOG("  instance %lld %s %s %s u%lld by=%s revoked=%d by=%s v%lld\n", (long long)in->id,
        in->name, in->scope, in->public_key, (long long)in->user_id, in->created_by,
        in->revoked_at[0] != 0, in->revoked_by, (long long)in->version);
    return 0;
}

static int ref_line(void *ctx, const char *entity, int64_t id)
{
    pl_buf *out = ctx;
    LOG("  %s %lld\n", entity, (long long)id);
    return 0;
}

/* A row image compared as JSON (each backend spaces it its own way). */
static void image(pl_buf *out, pl_store *s, const char *entity, int64_t id)
{
    char *row = NULL, region[PL_REGION_CODE_MAX] = "";
    pl_error e;
    int rc = pl_store_sync_row(s, &row, region, entity, id, &e);
    if (rc) {
        pl_twin_outcome(out, "row", rc, &e);
        return;
    }
    json_t *j = json_loads(row, 0, NULL);
    char *canon = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    LOG("  row %s %lld in %s: %s\n", entity, (long long)id, region, canon ? canon : row);
    free(canon);
    json_decref(j);
    free(row);
}

static void transcript(pl_buf *out, pl_store *s)
{
    static const char img_a[] = "{\"a\":1}", img_b[] = "{\"b\":2}";
    pl_error e;
    char v[64];
    const pl_actor who = {"tester", "test"};
    /* server side */
    pl_sync_instance in = {.user_id = 1};
    snprintf(in.name, sizeof in.name, "lapangan");
    snprintf(in.scope, sizeof in.scope, "64.74.01");
    memset(in.public_key, 'a', 64);
    pl_twin_outcome(out, "instance add", pl_store_sync_instance_add(s, &who, &in, &e), &e);
    pl_twin_outcome(out, "instance again", pl_store_sync_instance_add(s, &who, &in, &e), &e);
    pl_twin_outcome(out, "instance revoke", pl_store_sync_instance_revoke(s, &who, in.id, &e), &e);
    pl_twin_outcome(out, "instance revoke 9", pl_store_sync_instance_revoke(s, &who, 9, &e), &e);
    pl_twin_outcome(out, "instance list", pl_store_sync_instance_list(s, "64", inst_line, out, &e),
                    &e);
    pl_twin_outcome(out, "instance list 32",
                    pl_store_sync_instance_list(s, "32", inst_line, out, &e), &e);
    char pub[PL_SYNC_KEY_HEX], sec[PL_SYNC_SECRET_HEX];
    pl_twin_outcome(out, "key", pl_store_sync_server_key(s, pub, sec, "p1", "s1", &e), &e);
    pl_twin_outcome(out, "key again", pl_store_sync_server_key(s, pub, sec, "p2", "s2", &e), &e);
    LOG("  key %s %s\n", pub, sec);
    pl_twin_outcome(out, "package", pl_store_sync_package_note(s, in.id, 1, "d1", &e), &e);
    pl_twin_outcome(out, "package replay", pl_store_sync_package_note(s, in.id, 1, "d1", &e), &e);
    char oc[16] = "";
    char *res = NULL;
    pl_twin_outcome(out, "applied get", pl_store_sync_applied_get(s, in.id, "c1", oc, &res, &e),
                    &e);
    pl_twin_outcome(out, "applied put",
                    pl_store_sync_applied_put(s, in.id, "c1", "applied", "{}", &e), &e);
    pl_twin_outcome(out, "applied put 2",
                    pl_store_sync_applied_put(s, in.id, "c1", "refused", "[]", &e), &e);
    pl_twin_outcome(out, "applied get", pl_store_sync_applied_get(s, in.id, "c1", oc, &res, &e),
                    &e);
    LOG("  %s %s\n", oc, res ? res : "-");
    free(res);
    pl_twin_outcome(out, "ids household",
                    pl_store_sync_ids(s, "household", "64.74", 0, 10, ref_line, out, &e), &e);
    pl_twin_outcome(out, "ids person all",
                    pl_store_sync_ids(s, "person", "", 0, 10, ref_line, out, &e), &e);
    pl_twin_outcome(out, "ids after",
                    pl_store_sync_ids(s, "household", "", 1, 1, ref_line, out, &e), &e);
    pl_twin_outcome(out, "ids bad", pl_store_sync_ids(s, "kartu", "", 0, 1, ref_line, out, &e), &e);
    image(out, s, "household", 1);
    image(out, s, "person", 1);
    image(out, s, "household", 99);
    /* a row written from its image, as a new record with a free preferred id, and again */
    char *row = NULL, region[PL_REGION_CODE_MAX];
    int64_t id = 0;
    if (pl_store_sync_row(s, &row, region, "household", 2, &e) == 0) {
        json_t *j = json_loads(row, 0, NULL);
        json_object_set_new(j, "kk", json_string("6474010101200077"));
        char *t = json_dumps(j, JSON_COMPACT);
        pl_twin_outcome(out, "row put new",
                        pl_store_sync_row_put(s, &who, "household", 0, 40, t, &id, &e), &e);
        LOG("  id %lld\n", (long long)id);
        json_object_set_new(j, "kk", json_string("6474010101200078"));
        free(t);
        t = json_dumps(j, JSON_COMPACT);
        pl_twin_outcome(out, "row put taken id",
                        pl_store_sync_row_put(s, &who, "household", 0, 40, t, &id, &e), &e);
        LOG("  id %lld\n", (long long)id);
        json_object_set_new(j, "address", json_string("Jl. Baru"));
        free(t);
        t = json_dumps(j, JSON_COMPACT);
        pl_twin_outcome(out, "row put update",
                        pl_store_sync_row_put(s, &who, "household", 2, 0, t, &id, &e), &e);
        pl_twin_outcome(out, "row put dup kk",
                        pl_store_sync_row_put(s, &who, "household", 0, 0, t, &id, &e), &e);
        free(t);
        json_decref(j);
        free(row);
    }
    image(out, s, "household", 2);
    image(out, s, "household", 40);
    /* field side */
    pl_twin_outcome(out, "meta get", pl_store_sync_meta_get(s, "cursor", v, sizeof v, &e), &e);
    pl_twin_outcome(out, "meta set", pl_store_sync_meta_set(s, "cursor", "a5", &e), &e);
    pl_twin_outcome(out, "meta set again", pl_store_sync_meta_set(s, "cursor", "a6", &e), &e);
    pl_twin_outcome(out, "meta get", pl_store_sync_meta_get(s, "cursor", v, sizeof v, &e), &e);
    LOG("  %s\n", v);
    pl_sync_record *r = calloc(1, sizeof *r);
    snprintf(r->entity, sizeof r->entity, "person");
    r->local_id = 1;
    r->server_id = 7;
    r->base_version = 2;
    memcpy(r->base, img_a, sizeof img_a);
    snprintf(r->state, sizeof r->state, "to_push");
    snprintf(r->changed_at, sizeof r->changed_at, NOW);
    pl_twin_outcome(out, "record put", pl_store_sync_record_put(s, r, &e), &e);
    snprintf(r->entity, sizeof r->entity, "household");
    r->server_id = 0;
    snprintf(r->state, sizeof r->state, "conflict");
    memcpy(r->server, img_b, sizeof img_b);
    snprintf(r->message, sizeof r->message, "beda");
    pl_twin_outcome(out, "record put 2", pl_store_sync_record_put(s, r, &e), &e);
    r->local_id = 2;
    snprintf(r->state, sizeof r->state, "synced");
    r->server[0] = '\0';
    pl_twin_outcome(out, "record put 3", pl_store_sync_record_put(s, r, &e), &e);
    snprintf(r->state, sizeof r->state, "refused");
    pl_twin_outcome(out, "record replace", pl_store_sync_record_put(s, r, &e), &e);
    memset(r, 0, sizeof *r);
    pl_twin_outcome(out, "record get", pl_store_sync_record_get(s, r, "person", 1, &e), &e);
    rec_line(out, r);
    pl_twin_outcome(out, "record by server", pl_store_sync_record_by_server(s, r, "person", 7, &e),
                    &e);
    pl_twin_outcome(out, "record by server 0",
                    pl_store_sync_record_by_server(s, r, "household", 0, &e), &e);
    pl_twin_outcome(out, "record get none", pl_store_sync_record_get(s, r, "person", 9, &e), &e);
    free(r);
    pl_twin_outcome(out, "list all",
                    pl_store_sync_record_list(s, NULL, NULL, 0, 10, rec_line, out, &e), &e);
    pl_twin_outcome(out, "list state",
                    pl_store_sync_record_list(s, "conflict", "household", 0, 10, rec_line, out, &e),
                    &e);
    pl_twin_outcome(out, "list synced",
                    pl_store_sync_record_list(s, "synced", NULL, 0, 10, rec_line, out, &e), &e);
    long counts[5], n = -1;
    pl_twin_outcome(out, "counts", pl_store_sync_record_counts(s, counts, &e), &e);
    LOG("  %ld %ld %ld %ld %ld\n", counts[0], counts[1], counts[2], counts[3], counts[4]);
    pl_twin_outcome(out, "outbox add", pl_store_sync_outbox_add(s, "c2", "person", 1, "{}", &e),
                    &e);
    pl_twin_outcome(out, "outbox add 2",
                    pl_store_sync_outbox_add(s, "c1", "household", 1, "[1]", &e), &e);
    pl_twin_outcome(out, "outbox list", pl_store_sync_outbox_list(s, 5, outbox_line, out, &e), &e);
    pl_twin_outcome(out, "outbox remove", pl_store_sync_outbox_remove(s, "c2", &e), &e);
    pl_twin_outcome(out, "outbox remove none", pl_store_sync_outbox_remove(s, "zz", &e), &e);
    pl_twin_outcome(out, "outbox count", pl_store_sync_outbox_count(s, &n, &e), &e);
    LOG("  %ld\n", n);
    pl_twin_outcome(out, "answer", pl_store_sync_answer_note(s, 3, "d", &e), &e);
    pl_twin_outcome(out, "answer replay", pl_store_sync_answer_note(s, 3, "d", &e), &e);
}

static void test_same_as_sqlite(void **state)
{
    fx *f = *state;
    pl_buf a, b;
    pl_buf_init(&a, PL_BUF_DEFAULT_MAX);
    pl_buf_init(&b, PL_BUF_DEFAULT_MAX);
    transcript(&a, f->sq);
    transcript(&b, f->pg);
    pl_buf_append(&a, "", 1);
    pl_buf_append(&b, "", 1);
    const char *sa = a.data, *sb = b.data;
    char diff[700] = "";
    if (strcmp(sa, sb) != 0) {
        const char *p = sa, *q = sb;
        while (*p && *p == *q)
            p++, q++;
        while (p > sa && p[-1] != '\n')
            p--, q--;
        snprintf(diff, sizeof diff, "SQLite:     %.300s\nPostgreSQL: %.300s", p, q);
    }
    pl_buf_free(&a);
    pl_buf_free(&b);
    if (diff[0])
        fail_msg("transcripts differ at\n%s", diff);
    /* An offline instance is a SQLite file: no marking triggers here. */
    pl_error e;
    assert_int_equal(pl_store_sync_meta_set(f->pg, "mode", "field", &e), PL_EINVAL);
    assert_int_equal(pl_store_sync_meta_set(f->sq, "mode", "field", &e), 0);
}

int main(void)
{
    if (!pl_twin_cluster())
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_feed_skips_nothing_unserialised, setup, teardown),
        cmocka_unit_test_setup_teardown(test_feed_skips_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sqlite_cursor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_as_sqlite, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
