/* pg_twin.c - the SQLite/PostgreSQL twin fixture (pg_twin.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "pg_twin.h"

#include "fixture.h"
#include "store/sqlite/internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Process configuration: where the test's cluster listens (set once in main). */
static const char *pg_dir, *pg_port;

bool pl_twin_cluster(void)
{
    pg_dir = getenv("PILAR_PG_DIR");
    pg_port = getenv("PILAR_PG_PORT");
    if (!pg_dir || !pg_port) {
        fprintf(stderr, "SKIP: no PostgreSQL cluster (run me through scripts/pg-cluster run)\n");
        return false;
    }
    return true;
}

void pl_twin_url(char *out, size_t cap, const char *db)
{
    snprintf(out, cap, "postgresql://postgres@/%s?host=%s&port=%s", db, pg_dir, pg_port);
}

PGconn *pl_twin_connect(const char *url)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("connect %s: %s", url, PQerrorMessage(c));
    return c;
}

void pl_twin_pg(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
}

void pl_twin_sq(pl_twin *t, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(pl_sq_of(t->sq)->db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

void pl_twin_both(pl_twin *t, const char *sql)
{
    pl_twin_sq(t, sql);
    pl_twin_pg(t->admin, sql);
}

/* Runs sql on the cluster's maintenance data base (CREATE / DROP DATABASE). */
static void on_cluster(const char *sql)
{
    char url[512];
    pl_twin_url(url, sizeof url, "pilar");
    PGconn *c = pl_twin_connect(url);
    pl_twin_pg(c, sql);
    PQfinish(c);
}

pl_twin *pl_twin_new(const char *name)
{
    static int n; /* data bases made by this process, for unique names */
    pl_twin *t = calloc(1, sizeof *t);
    if (t == NULL)
        fail_msg("out of memory");
    snprintf(t->dir, sizeof t->dir, "/tmp/pl_twin_XXXXXX");
    if (mkdtemp(t->dir) == NULL)
        fail_msg("mkdtemp failed");
    snprintf(t->path, sizeof t->path, "%s/t.db", t->dir);
    snprintf(t->db, sizeof t->db, "t_%s_%ld_%d", name, (long)getpid(), ++n);
    pl_twin_url(t->url, sizeof t->url, t->db);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", t->db);
    on_cluster(sql);
    if (pl_store_open(&t->sq, t->path, PL_STORE_CREATE, &t->err) ||
        pl_store_migrate(t->sq, NULL, NULL, &t->err) || pl_store_open(&t->pg, t->url, 0, &t->err) ||
        pl_store_migrate(t->pg, NULL, NULL, &t->err))
        fail_msg("open: %s", t->err.message);
    t->admin = pl_twin_connect(t->url);
    pl_twin_pg(t->admin, "SELECT set_config('pilar.actor', 'seed', false)");
    pl_sq_set_actor(pl_sq_of(t->sq), &(pl_actor){"seed", ""});
    return t;
}

void pl_twin_free(pl_twin *t)
{
    if (t == NULL)
        return;
    pl_store_close(t->sq);
    pl_store_close(t->pg);
    PQfinish(t->admin);
    pl_test_rmtree(t->dir);
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", t->db);
    on_cluster(sql);
    free(t);
}

void pl_twin_outcome(pl_buf *out, const char *what, int rc, const pl_error *err)
{
    if (rc == 0) {
        pl_buf_printf(out, "%s: ok\n", what);
        return;
    }
    const char *end = strncmp(err->message, "data ", 5) == 0 ? strstr(err->message, "): ") : NULL;
    int n = end ? (int)(end - err->message) + 1 : (int)strlen(err->message);
    pl_buf_printf(out, "%s: %d [%s] %.*s\n", what, rc, err->field, n, err->message);
}

json_t *pl_twin_audit(pl_twin *f, bool pg, long from)
{
    static const char sql[] = "SELECT action, entity, entity_id, actor, before, after FROM audit "
                              "WHERE id >= %ld ORDER BY id";
    char q[256];
    snprintf(q, sizeof q, sql, from);
    json_t *rows = json_array();
    if (pg) {
        PGresult *r = PQexec(f->admin, q);
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            fail_msg("%s", PQerrorMessage(f->admin));
        for (int i = 0; i < PQntuples(r); i++) {
            json_t *row = json_pack("[ssss]", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
                                    PQgetvalue(r, i, 2), PQgetvalue(r, i, 3));
            for (int c = 4; c < 6; c++)
                json_array_append_new(row, PQgetisnull(r, i, c)
                                               ? json_null()
                                               : json_loads(PQgetvalue(r, i, c), 0, NULL));
            json_array_append_new(rows, row);
        }
        PQclear(r);
        return rows;
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(pl_sq_of(f->sq)->db, q, -1, &st, NULL) != SQLITE_OK)
        fail_msg("prepare audit");
    while (sqlite3_step(st) == SQLITE_ROW) {
        json_t *row = json_pack("[ssss]", (const char *)sqlite3_column_text(st, 0),
                                (const char *)sqlite3_column_text(st, 1),
                                (const char *)sqlite3_column_text(st, 2),
                                (const char *)sqlite3_column_text(st, 3));
        for (int c = 4; c < 6; c++)
            json_array_append_new(
                row, sqlite3_column_type(st, c) == SQLITE_NULL
                         ? json_null()
                         : json_loads((const char *)sqlite3_column_text(st, c), 0, NULL));
        json_array_append_new(rows, row);
    }
    sqlite3_finalize(st);
    return rows;
}

void pl_twin_same(const char *what, const char *sq, const char *pg)
{
    if (strcmp(sq, pg) == 0)
        return;
    fprintf(stderr, "---- %s on SQLite:\n%s---- on PostgreSQL:\n%s", what, sq, pg);
    fail_msg("%s differs between SQLite and PostgreSQL", what);
}
