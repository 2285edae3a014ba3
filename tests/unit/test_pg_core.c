/*
 * test_pg_core.c - the PostgreSQL backend's core against a real server: which locations
 * select it, opening (application_name, unreachable server, wrong password, missing data
 * base), the migration runner (from empty, again, a failing migration, a newer data base),
 * transactions with the actor, the SQLSTATE -> PL_E* mapping, a lost connection (503's code,
 * then recovery), the location, and the answer of a function not yet
 * ported. Run by ctest as pg/test_pg_core through scripts/pg-cluster run, which sets
 * PILAR_PG_DIR and PILAR_PG_PORT (PILAR_PG_PASSWORD for TCP); each test makes its own data
 * base in that cluster.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "http/http.h"
#include "store/backend.h"
#include "store/replica.h"
#include "store/pg/internal.h"
#include "store/store.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *pg_dir, *pg_port, *pg_password;

typedef struct fx {
    char db[64];
    char url[512];
    PGconn *admin; /* to the new data base, as the superuser: what the test checks with */
    pl_store *s;
    pl_error err;
} fx;

static char admin_url[512];

static PGconn *connect_or_die(const char *url)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("connect %s: %s", url, PQerrorMessage(c));
    return c;
}

static void sql_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
}

/* The first value of sql's answer, as an integer. */
static long sql_long(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    long v = atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

static int setup(void **state)
{
    static int n;
    fx *f = calloc(1, sizeof *f);
    snprintf(f->db, sizeof f->db, "t_core_%ld_%d", (long)getpid(), ++n);
    snprintf(f->url, sizeof f->url, "postgresql://postgres@/%s?host=%s&port=%s", f->db, pg_dir,
             pg_port);
    PGconn *c = connect_or_die(admin_url);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->db);
    sql_ok(c, sql);
    PQfinish(c);
    f->admin = connect_or_die(f->url);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    pl_store_close(f->s);
    PQfinish(f->admin);
    PGconn *c = connect_or_die(admin_url);
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", f->db);
    sql_ok(c, sql);
    PQfinish(c);
    free(f);
    return 0;
}

static void open_store(fx *f)
{
    int rc = pl_store_open(&f->s, f->url, 0, &f->err);
    if (rc)
        fail_msg("open: %s", f->err.message);
}

static void migrate(fx *f)
{
    int from = -1, to = -1;
    int rc = pl_store_migrate(f->s, &from, &to, &f->err);
    if (rc)
        fail_msg("migrate: %s", f->err.message);
}

static int backend_pid(fx *f)
{
    PGresult *r = pl_pg_query(pl_pg_of(f->s), "SELECT pg_backend_pid()", 0, NULL, &f->err, "t");
    assert_non_null(r);
    int pid = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return pid;
}

/* Runs sql through the store's connection: 0 or the PL_E* code it maps to. */
static int store_sql(fx *f, const char *sql)
{
    pl_error_clear(&f->err);
    return pl_pg_command(pl_pg_of(f->s), sql, 0, NULL, &f->err, "test");
}

static void test_location_selects_backend(void **state)
{
    assert_true(pl_store_location_is_pg("postgresql://u@h/db"));
    assert_true(pl_store_location_is_pg("postgres://h/db"));
    assert_true(pl_store_location_is_pg("host=/tmp port=5432 dbname=pilar"));
    assert_true(pl_store_location_is_pg("dbname=pilar"));
    assert_true(pl_store_location_is_pg("  service = pilar"));
    assert_false(pl_store_location_is_pg("pilar.db"));
    assert_false(pl_store_location_is_pg("/var/lib/pilar/pilar.db"));
    assert_false(pl_store_location_is_pg("data=2024.db"));
    assert_false(pl_store_location_is_pg(":memory:"));
    assert_false(pl_store_location_is_pg("postgresql.db"));
    assert_false(pl_store_location_is_pg(NULL));
}

static void test_open_sets_application_name(void **state)
{
    fx *f = *state;
    open_store(f);
    PGresult *r = pl_pg_query(pl_pg_of(f->s),
                              "SELECT application_name FROM pg_stat_activity "
                              "WHERE pid = pg_backend_pid()",
                              0, NULL, &f->err, "t");
    assert_non_null(r);
    assert_string_equal(PQgetvalue(r, 0, 0), "pilar");
    PQclear(r);
    /* Statements are prepared once per session. */
    r = pl_pg_query(pl_pg_of(f->s),
                    "SELECT count(*) FROM pg_prepared_statements "
                    "WHERE statement LIKE '%application_name FROM pg_stat_' || 'activity%'",
                    0, NULL, &f->err, "t");
    assert_non_null(r);
    assert_string_equal(PQgetvalue(r, 0, 0), "1");
    PQclear(r);
    /* The location is what was given, so another handle opens the same data base. */
    assert_string_equal(pl_store_location(f->s), f->url);
    /* libpq's key=value form selects PostgreSQL too. */
    char kv[512];
    snprintf(kv, sizeof kv, "host=%s port=%s dbname=%s user=postgres application_name=probe",
             pg_dir, pg_port, f->db);
    pl_store *t = NULL;
    assert_int_equal(pl_store_open(&t, kv, 0, &f->err), 0);
    r = pl_pg_query(pl_pg_of(t), "SELECT current_setting('application_name')", 0, NULL, &f->err,
                    "t");
    assert_non_null(r);
    assert_string_equal(PQgetvalue(r, 0, 0), "probe"); /* the user's own name wins */
    PQclear(r);
    pl_store_close(t);
}

static void test_open_failures_are_clear(void **state)
{
    fx *f = *state;
    pl_store *t = NULL;
    /* Nobody listens on port 1. */
    assert_int_equal(pl_store_open(&t, "postgresql://postgres@127.0.0.1:1/pilar", 0, &f->err),
                     PL_EUNAVAIL);
    assert_null(t);
    assert_non_null(strstr(f->err.message, "tidak dapat dihubungi"));
    assert_int_equal(pl_http_status_for(f->err.code, f->err.field), 503);

    char url[512];
    snprintf(url, sizeof url, "postgresql://postgres:salah-sekali@127.0.0.1:%s/%s", pg_port, f->db);
    assert_int_equal(pl_store_open(&t, url, 0, &f->err), PL_EDENIED);
    assert_non_null(strstr(f->err.message, "kata sandi ditolak"));
    assert_null(strstr(f->err.message, "salah-sekali")); /* the password is never shown */

    snprintf(url, sizeof url, "postgresql://postgres:%s@127.0.0.1:%s/%s", pg_password, pg_port,
             f->db);
    assert_int_equal(pl_store_open(&t, url, 0, &f->err), 0);
    pl_store_close(t);
    t = NULL;

    snprintf(url, sizeof url, "postgresql://postgres@/tidak_ada?host=%s&port=%s", pg_dir, pg_port);
    assert_int_equal(pl_store_open(&t, url, 0, &f->err), PL_EIO);
    assert_non_null(strstr(f->err.message, "belum ada"));

    assert_int_equal(pl_store_open(&t, "postgresql://[::1", 0, &f->err), PL_EINVAL);
    assert_non_null(strstr(f->err.message, "tidak sah"));
}

static void test_migrate_from_empty_and_again(void **state)
{
    fx *f = *state;
    open_store(f);
    int v = -1;
    assert_int_equal(pl_store_schema_version(f->s, &v, &f->err), 0);
    assert_int_equal(v, 0);
    /* Not prepared yet: work is refused with the same words as on SQLite. */
    assert_int_equal(pl_store_integrity_check(f->s, &f->err), PL_EIO);
    assert_non_null(strstr(f->err.message, "pilar init"));

    int from = -1, to = -1;
    assert_int_equal(pl_store_migrate(f->s, &from, &to, &f->err), 0);
    assert_int_equal(from, 0);
    assert_int_equal(to, PL_STORE_SCHEMA_VERSION);
    assert_int_equal(pl_store_schema_version(f->s, &v, &f->err), 0);
    assert_int_equal(v, PL_STORE_SCHEMA_VERSION);
    assert_int_equal(sql_long(f->admin, "SELECT version FROM " PL_PG_VERSION_TABLE),
                     PL_STORE_SCHEMA_VERSION);
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM " PL_PG_VERSION_TABLE), 1);
    assert_int_equal(pl_store_integrity_check(f->s, &f->err), 0);

    /* Again: nothing to do. */
    assert_int_equal(pl_store_migrate(f->s, &from, &to, &f->err), 0);
    assert_int_equal(from, PL_STORE_SCHEMA_VERSION);
    assert_int_equal(to, PL_STORE_SCHEMA_VERSION);
}

static void test_failed_migration_rolls_back(void **state)
{
    fx *f = *state;
    open_store(f);
    static const pl_pg_migration list[] = {
        {1, "one", "CREATE TABLE one(a integer)"},
        {2, "two", "CREATE TABLE two(a integer); SELECT * FROM no_such_table"},
    };
    int from = -1, to = -1;
    assert_int_equal(pl_pg_migrate_list(pl_pg_of(f->s), list, 2, 2, &from, &to, &f->err), PL_EIO);
    assert_non_null(strstr(f->err.message, "migrasi 2 (two)"));
    assert_int_equal(from, 0);
    assert_int_equal(to, 1);
    assert_int_equal(sql_long(f->admin, "SELECT version FROM " PL_PG_VERSION_TABLE), 1);
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM pg_class WHERE relname = 'one'"), 1);
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM pg_class WHERE relname = 'two'"), 0);
    /* The handle works on: a numbered list out of order is refused, not run. */
    static const pl_pg_migration bad[] = {{1, "one", ""}, {3, "three", "SELECT 1"}};
    assert_int_equal(pl_pg_migrate_list(pl_pg_of(f->s), bad, 2, 2, NULL, NULL, &f->err),
                     PL_EINTERNAL);
}

static void test_newer_data_base_refused(void **state)
{
    fx *f = *state;
    open_store(f);
    migrate(f);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE " PL_PG_VERSION_TABLE " SET version = %d",
             PL_STORE_SCHEMA_VERSION + 1);
    sql_ok(f->admin, sql);
    pl_store_close(f->s);
    f->s = NULL;
    open_store(f);
    int from = -1;
    assert_int_equal(pl_store_migrate(f->s, &from, NULL, &f->err), PL_ECONFLICT);
    assert_int_equal(from, PL_STORE_SCHEMA_VERSION + 1);
    assert_non_null(strstr(f->err.message, "lebih baru"));
    assert_int_equal(pl_store_integrity_check(f->s, &f->err), PL_EIO);
    assert_non_null(strstr(f->err.message, "versi skema"));
}

static void test_transactions_and_actor(void **state)
{
    fx *f = *state;
    open_store(f);
    migrate(f);
    assert_int_equal(store_sql(f, "CREATE TABLE t(a integer PRIMARY KEY)"), 0);
    pl_pg_store *p = pl_pg_of(f->s);

    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_null(pl_store_location(f->s)); /* a second handle would not see this */
    assert_int_equal(pl_store_begin(f->s, &f->err), PL_EINTERNAL); /* no nesting */
    assert_int_equal(store_sql(f, "INSERT INTO t VALUES (1)"), 0);
    assert_int_equal(pl_store_rollback(f->s), 0);
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM t"), 0);
    assert_non_null(pl_store_location(f->s));

    /* The actor travels as transaction-local settings. */
    pl_actor who = {"cli:budi", "cli"};
    bool own = false;
    assert_int_equal(pl_pg_tx_begin_as(p, &who, &own, &f->err), 0);
    assert_true(own);
    assert_int_equal(store_sql(f, "INSERT INTO t VALUES (2)"), 0);
    PGresult *r = pl_pg_query(p,
                              "SELECT current_setting('pilar.actor'), "
                              "current_setting('pilar.client')",
                              0, NULL, &f->err, "t");
    assert_non_null(r);
    assert_string_equal(PQgetvalue(r, 0, 0), "cli:budi");
    assert_string_equal(PQgetvalue(r, 0, 1), "cli");
    PQclear(r);
    assert_int_equal(pl_pg_tx_end(p, own, 0, &f->err), 0);
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM t"), 1);
    /* Local to the transaction: gone after it. */
    r = pl_pg_query(p, "SELECT coalesce(current_setting('pilar.actor', true), '')", 0, NULL,
                    &f->err, "t");
    assert_non_null(r);
    assert_string_equal(PQgetvalue(r, 0, 0), "");
    PQclear(r);

    /* A failed statement aborts the transaction: its COMMIT stores nothing and says so. */
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_int_equal(store_sql(f, "INSERT INTO t VALUES (3)"), 0);
    assert_int_equal(store_sql(f, "INSERT INTO t VALUES (2)"), PL_ECONFLICT);
    assert_int_equal(pl_store_commit(f->s, &f->err), PL_EIO);
    assert_int_equal(pl_store_rollback(f->s), 0);
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM t"), 1);
}

static void test_error_mapping(void **state)
{
    fx *f = *state;
    open_store(f);
    migrate(f);
    assert_int_equal(store_sql(f, "CREATE TABLE p(a integer PRIMARY KEY, b integer CHECK (b > 0),"
                                  " c integer REFERENCES p(a))"),
                     0);
    assert_int_equal(store_sql(f, "INSERT INTO p VALUES (1, 1, NULL)"), 0);
    assert_int_equal(store_sql(f, "INSERT INTO p VALUES (1, 1, NULL)"), PL_ECONFLICT);
    assert_non_null(strstr(f->err.message, "sudah ada"));
    assert_int_equal(store_sql(f, "INSERT INTO p VALUES (2, -1, NULL)"), PL_EINVAL);
    assert_int_equal(store_sql(f, "INSERT INTO p VALUES (3, 1, 99)"), PL_EINVAL);
    assert_non_null(strstr(f->err.message, "rujukan"));
    assert_int_equal(store_sql(f, "INSERT INTO p VALUES (NULL, 1, NULL)"), PL_EINVAL);
    assert_int_equal(store_sql(f, "SELECT 'x'::integer"), PL_EINVAL);
    assert_int_equal(store_sql(f, "SELECT * FROM no_such_table"), PL_EIO);
    /* What Pilar's triggers raise. */
    assert_int_equal(store_sql(f, "DO $$BEGIN RAISE EXCEPTION 'periode 2024-05 disetujui' "
                                  "USING ERRCODE = 'PL423'; END$$"),
                     PL_ELOCKED);
    assert_string_equal(f->err.message, "periode 2024-05 disetujui");
    assert_int_equal(store_sql(f, "DO $$BEGIN RAISE EXCEPTION 'terkunci: periode' ; END$$"),
                     PL_ELOCKED);
    assert_string_equal(f->err.message, "periode");
    assert_int_equal(store_sql(f, "DO $$BEGIN RAISE EXCEPTION 'versi basi' "
                                  "USING ERRCODE = 'PL409'; END$$"),
                     PL_ECONFLICT);
    assert_int_equal(store_sql(f, "DO $$BEGIN RAISE EXCEPTION 'tidak boleh'; END$$"), PL_EINVAL);
    assert_int_equal(store_sql(f, "DO $$BEGIN RAISE EXCEPTION 'penuh' "
                                  "USING ERRCODE = 'disk_full'; END$$"),
                     PL_ENOSPACE);
    /* A serialization failure or deadlock outside a transaction is tried 3 times, then
     * answered as a conflict (the sequence counts the tries: it is not transactional). */
    assert_int_equal(store_sql(f, "CREATE SEQUENCE tries"), 0);
    assert_int_equal(store_sql(f, "DO $$BEGIN PERFORM nextval('tries'); RAISE EXCEPTION 'x' "
                                  "USING ERRCODE = 'serialization_failure'; END$$"),
                     PL_ECONFLICT);
    assert_non_null(strstr(f->err.message, "ulangi"));
    assert_int_equal(sql_long(f->admin, "SELECT last_value FROM tries"), 3);
    /* Inside a transaction it is the caller's to retry: once. */
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_int_equal(store_sql(f, "DO $$BEGIN PERFORM nextval('tries'); RAISE EXCEPTION 'x' "
                                  "USING ERRCODE = 'deadlock_detected'; END$$"),
                     PL_ECONFLICT);
    pl_store_rollback(f->s);
    assert_int_equal(sql_long(f->admin, "SELECT last_value FROM tries"), 4);
}

static void kill_backend(fx *f, int pid)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%d, 5000)", pid);
    sql_ok(f->admin, sql);
}

static void test_connection_loss(void **state)
{
    fx *f = *state;
    open_store(f);
    migrate(f);
    int v = 0;
    kill_backend(f, backend_pid(f));
    assert_int_equal(pl_store_schema_version(f->s, &v, &f->err), PL_EUNAVAIL);
    assert_non_null(strstr(f->err.message, "tidak dapat dihubungi"));
    assert_string_equal(pl_error_code_name(f->err.code), "db_unavailable");
    assert_int_equal(pl_http_status_for(f->err.code, f->err.field), 503);
    assert_int_equal(pl_error_exit_status(f->err.code), 2);
    /* The server is there: the next call reconnects by itself. */
    assert_int_equal(pl_store_schema_version(f->s, &v, &f->err), 0);
    assert_int_equal(v, PL_STORE_SCHEMA_VERSION);

    /* Lost inside a transaction: everything fails until the caller rolls back. */
    assert_int_equal(store_sql(f, "CREATE TABLE t(a integer)"), 0);
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_int_equal(store_sql(f, "INSERT INTO t VALUES (1)"), 0);
    kill_backend(f, backend_pid(f));
    assert_int_equal(store_sql(f, "INSERT INTO t VALUES (2)"), PL_EUNAVAIL);
    assert_int_equal(store_sql(f, "INSERT INTO t VALUES (3)"), PL_EUNAVAIL);
    assert_int_equal(pl_store_commit(f->s, &f->err), PL_EUNAVAIL);
    pl_store_rollback(f->s);
    assert_int_equal(store_sql(f, "INSERT INTO t VALUES (4)"), 0);
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM t"), 1);
    assert_int_equal(sql_long(f->admin, "SELECT min(a) FROM t"), 4);
}

static void test_unported_function_says_so(void **state)
{
    fx *f = *state;
    open_store(f);
    migrate(f);
    /* What the generated ops table answers for a function without a PostgreSQL body. */
    pl_error e = {0};
    assert_int_equal(pl_pg_unported(&e, "pl_store_x"), PL_EIO);
    assert_string_equal(e.message, "fungsi ini belum tersedia pada PostgreSQL: pl_store_x");
    /* A test-only SQLite page cap: refused on PostgreSQL, saying so. */
    assert_int_equal(pl_store_set_max_pages(f->s, 100, &f->err), PL_EINVAL);
    assert_int_equal(pl_store_tightened_mode(f->s), 0);
    assert_false(pl_store_reads_recreated(f->s));
}

/*
 * WAL positions (store/replica.h): LSN text parses to the number PostgreSQL compares; an
 * insert position just past a page header is the record end before it; the primary's write
 * position moves past a commit, and a data base not in recovery has replayed everything.
 */
static void test_wal_positions(void **state)
{
    fx *f = *state;
    uint64_t v = 0;
    assert_true(pl_pg_lsn_parse("16/B374D848", &v));
    assert_true(v == 0x16B374D848ull);
    assert_true(pl_pg_lsn_parse("0/0", &v) && v == 0);
    assert_true(pl_pg_lsn_parse("FFFFFFFF/FFFFFFFF", &v) && v == UINT64_MAX);
    assert_false(pl_pg_lsn_parse("16/B374D848x", &v));
    assert_false(pl_pg_lsn_parse("16", &v));
    assert_false(pl_pg_lsn_parse("", &v));
    const uint64_t blk = 8192, seg = 16u << 20;
    assert_true(pl_pg_lsn_record_end(0x4000028, blk, seg) == 0x4000000); /* segment start */
    assert_true(pl_pg_lsn_record_end(0x4002018, blk, seg) == 0x4002000); /* page start */
    assert_true(pl_pg_lsn_record_end(0x4002028, blk, seg) == 0x4002028); /* a record's end */
    assert_true(pl_pg_lsn_record_end(0x4001168, blk, seg) == 0x4001168);
    open_store(f);
    uint64_t before = 0, after = 0, replayed = 0;
    assert_int_equal(pl_store_write_position(f->s, &before, &f->err), 0);
    assert_true(before > 0);
    assert_int_equal(store_sql(f, "CREATE TABLE w (a int)"), 0);
    assert_int_equal(pl_store_write_position(f->s, &after, &f->err), 0);
    assert_true(after > before);
    assert_int_equal(pl_store_replay_position(f->s, &replayed, &f->err), 0);
    assert_true(replayed == UINT64_MAX);
}

/*
 * A data base whose text order is linguistic (ICU's en-US here; glibc's en_US.UTF-8 alike) is
 * refused at the open with the way out, before any range over region codes can go wrong; a
 * C.UTF-8 one opens.
 */
static void test_linguistic_collation_refused(void **state)
{
    fx *f = *state;
    char db[96], url[512], sql[256];
    snprintf(db, sizeof db, "%s_icu", f->db);
    snprintf(url, sizeof url, "postgresql://postgres@/%s?host=%s&port=%s", db, pg_dir, pg_port);
    PGconn *c = connect_or_die(admin_url);
    snprintf(sql, sizeof sql,
             "CREATE DATABASE %s LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8' "
             "TEMPLATE template0",
             db);
    sql_ok(c, sql);
    pl_store *s = NULL;
    int rc = pl_store_open(&s, url, 0, &f->err);
    assert_int_equal(rc, PL_EINVAL);
    assert_null(s);
    assert_string_equal(f->err.field, "db");
    assert_non_null(strstr(f->err.message, "urutan teks 'en-US' (ICU)"));
    assert_non_null(strstr(f->err.message, "createdb --locale=C.UTF-8 --template=template0"));
    snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", db);
    sql_ok(c, sql);
    PQfinish(c);
    open_store(f); /* the fixture's data base, made by initdb --locale=C.UTF-8 */
}

int main(void)
{
    pg_dir = getenv("PILAR_PG_DIR");
    pg_port = getenv("PILAR_PG_PORT");
    pg_password = getenv("PILAR_PG_PASSWORD");
    if (!pg_dir || !pg_port || !pg_password) {
        fprintf(stderr, "SKIP: no PostgreSQL cluster (run me through scripts/pg-cluster run)\n");
        return 77;
    }
    snprintf(admin_url, sizeof admin_url, "postgresql://postgres@/pilar?host=%s&port=%s", pg_dir,
             pg_port);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_location_selects_backend),
        cmocka_unit_test_setup_teardown(test_open_sets_application_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_failures_are_clear, setup, teardown),
        cmocka_unit_test_setup_teardown(test_linguistic_collation_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_from_empty_and_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_migration_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_data_base_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactions_and_actor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_mapping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_connection_loss, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unported_function_says_so, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wal_positions, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
