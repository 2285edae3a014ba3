/*
 * db.c - the PostgreSQL backend's core over libpq: opening a connection, the error mapping,
 * statements with parameters, transactions with the actor, the schema version and the
 * migration runner, the change stamp, the integrity check, and the answer of a function
 * not yet ported.
 */
#include "store/pg/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int pl_pg_unported(pl_error *err, const char *name)
{
    return pl_error_set(err, PL_EIO, "db", "fungsi ini belum tersedia pada PostgreSQL: %s", name);
}

/* libpq prints NOTICEs on stderr by default; a library never prints. */
static void quiet_notices(void *arg, const char *message)
{
}

/* "'pilar' di /tmp/x:5432": the location without user or password, for messages. */
static void describe(char *out, size_t cap, const char *conninfo)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &perr);
    PQfreemem(perr);
    const char *db = "", *host = "", *port = "";
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        if (o->val == NULL)
            continue;
        if (strcmp(o->keyword, "dbname") == 0)
            db = o->val;
        else if (strcmp(o->keyword, "host") == 0)
            host = o->val;
        else if (strcmp(o->keyword, "port") == 0)
            port = o->val;
    }
    snprintf(out, cap, "'%s' di %s%s%s", db[0] ? db : "(bawaan)", host[0] ? host : "localhost",
             port[0] ? ":" : "", port);
    PQconninfoFree(opts);
}

/* The first line of libpq's message, for the detail of ours. */
static void first_line(char *out, size_t cap, const char *msg)
{
    const char *m = msg ? msg : "";
    if (strncmp(m, "connection to server ", 21) == 0 && strstr(m, "failed: "))
        m = strstr(m, "failed: ") + 8;
    size_t n = strcspn(m, "\n");
    snprintf(out, cap, "%.*s", (int)(n < cap ? n : cap - 1), m);
}

static int lost(pl_pg_store *s, pl_error *err)
{
    char where[256], detail[256];
    describe(where, sizeof where, s->conninfo);
    first_line(detail, sizeof detail, s->conn ? PQerrorMessage(s->conn) : "");
    return pl_error_set(err, PL_EUNAVAIL, "db",
                        "basis data PostgreSQL %s tidak dapat dihubungi (koneksi terputus); "
                        "coba lagi setelah server basis data kembali%s%s%s",
                        where, detail[0] ? " (" : "", detail, detail[0] ? ")" : "");
}

static bool state_is(const char *state, const char *want)
{
    return state && strcmp(state, want) == 0;
}

int pl_pg_fail(pl_pg_store *s, const PGresult *res, pl_error *err, const char *what)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (msg == NULL)
        msg = s->conn ? PQerrorMessage(s->conn) : "";
    /* On a coordinator, a shard that cannot be reached through postgres_fdw: this connection
     * is fine, the statement needed a shard (docs/scale.md). */
    if (s->coordinator && s->conn && PQstatus(s->conn) == CONNECTION_OK && state &&
        strncmp(state, "08", 2) == 0) {
        const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
        return pl_error_set(err, PL_EUNAVAIL, "db",
                            "shard klaster tidak dapat dihubungi (%s): %s%s%.*s; lihat 'pilar "
                            "cluster status'",
                            what, msg, detail ? ": " : "", detail ? (int)strcspn(detail, "\n") : 0,
                            detail ? detail : "");
    }
    /* On a shard, the coordinator's registry of NIKs and KKs (migration 28, server
     * pl_coordinator) cannot be reached: this connection is fine, the write needed it. */
    if (!s->coordinator && s->conn && PQstatus(s->conn) == CONNECTION_OK && state &&
        strncmp(state, "08", 2) == 0) {
        const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
        return pl_error_set(err, PL_EUNAVAIL, "db",
                            "registri NIK/KK nasional di koordinator klaster tidak dapat "
                            "dihubungi (%s): %s%s%.*s; data dengan NIK atau No. KK baru tidak "
                            "dapat disimpan sampai koordinator kembali (orang tanpa NIK tetap "
                            "dapat didaftarkan)",
                            what, msg, detail ? ": " : "", detail ? (int)strcspn(detail, "\n") : 0,
                            detail ? detail : "");
    }
    if (s->conn == NULL || PQstatus(s->conn) == CONNECTION_BAD ||
        (state && strncmp(state, "08", 2) == 0) || state_is(state, "57P01") ||
        state_is(state, "57P02") || state_is(state, "57P03"))
        return lost(s, err);
    if (state == NULL)
        return pl_error_set(err, PL_EIO, "db", "basis data gagal (%s): %s", what, msg);
    if (state_is(state, "23514") && res &&
        state_is(PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME), "pl_cluster_elsewhere")) {
        /* A shard's partition of a province it does not hold (store/cluster.h). */
        const char *table = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
        const char *prov = table && strrchr(table, '_') ? strrchr(table, '_') + 1 : "";
        return pl_error_set(err, PL_EDENIED, "",
                            "basis data ini shard klaster yang tidak menyimpan provinsi %s (%s); "
                            "tulis ke shard provinsi itu ('pilar cluster status' di koordinator "
                            "menyebutnya)",
                            prov, what);
    }
    if (state_is(state, "23505"))
        return pl_error_set(err, PL_ECONFLICT, "", "data sudah ada (%s): %s", what, msg);
    if (state_is(state, "23503"))
        return pl_error_set(err, PL_EINVAL, "", "rujukan tidak dikenal (%s)", what);
    if (strncmp(state, "23", 2) == 0)
        return pl_error_set(err, PL_EINVAL, "", "data tidak memenuhi aturan (%s): %s", what, msg);
    if (strncmp(state, "22", 2) == 0)
        return pl_error_set(err, PL_EINVAL, "", "data tidak sah (%s): %s", what, msg);
    if (state_is(state, "40001") || state_is(state, "40P01") || state_is(state, "55P03"))
        return pl_error_set(err, PL_ECONFLICT, "",
                            "perubahan bertabrakan dengan perubahan lain yang bersamaan (%s); "
                            "ulangi",
                            what);
    if (state_is(state, "53100"))
        return pl_error_set(err, PL_ENOSPACE, "",
                            "disk basis data PostgreSQL penuh; perubahan tidak disimpan (%s)",
                            what);
    if (state_is(state, PL_PG_STATE_LOCKED))
        return pl_error_set(err, PL_ELOCKED, "periode", "%s", msg);
    if (state_is(state, PL_PG_STATE_STALE))
        return pl_error_set(err, PL_ECONFLICT, "version", "%s", msg);
    if (state_is(state, PL_PG_STATE_TAKEN)) {
        const char *col = res ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME) : NULL;
        return pl_error_set(err, PL_ECONFLICT, col ? col : "", "%s", msg);
    }
    if (state_is(state, PL_PG_STATE_DENIED))
        return pl_error_set(err, PL_EDENIED, "", "%s", msg);
    if (state_is(state, PL_PG_STATE_INVALID))
        return pl_error_set(err, PL_EINVAL, "", "%s", msg);
    if (state_is(state, "P0001")) {
        if (strncmp(msg, "terkunci: ", 10) == 0)
            return pl_error_set(err, PL_ELOCKED, "periode", "%s", msg + 10);
        return pl_error_set(err, PL_EINVAL, "", "%s", msg);
    }
    return pl_error_set(err, PL_EIO, "db", "basis data gagal (%s): %s [%s]", what, msg, state);
}

/* Runs statements without parameters (several, separated by ';', are allowed). */
static int exec_simple(pl_pg_store *s, const char *sql, pl_error *err, const char *what)
{
    PGresult *r = PQexec(s->conn, sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? 0 : pl_pg_fail(s, r, err, what);
    PQclear(r);
    return rc;
}

/* Settings of every session: after the open and after each reconnection. */
static int session_setup(pl_pg_store *s, pl_error *err)
{
    PQsetNoticeProcessor(s->conn, quiet_notices, NULL);
    int rc =
        /* jit off: Pilar's statements are short and planned once per call; compiling them took
         * ~1.5 s of a 6 s area query in a logged plan (pggeo's measurement). */
        exec_simple(s, "SET TIME ZONE 'UTC'; SET client_min_messages = warning; SET jit = off", err,
                    "session");
    if (rc == 0 && (s->flags & PL_STORE_READONLY))
        rc = exec_simple(s, "SET default_transaction_read_only = on", err, "session");
    /* The same trade as SQLite's synchronous NORMAL: a power loss may lose the last commits. */
    if (rc == 0 && (s->flags & PL_STORE_SYNC_NORMAL))
        rc = exec_simple(s, "SET synchronous_commit = off", err, "session");
    /*
     * A cluster's coordinator (docs/scale.md): the province-partitioned tables resolve to
     * national.* (partitions on the shards), everything else to public; an aggregate over
     * the nation is computed on each shard (partitionwise) and the shards are read at once
     * (async append of postgres_fdw's scans).
     */
    if (rc == 0 && s->coordinator)
        rc = exec_simple(s,
                         "SET search_path = national, public; "
                         "SET enable_partitionwise_aggregate = on; "
                         "SET enable_partitionwise_join = on",
                         err, "session");
    return rc;
}

/*
 * Whether the data base is a cluster's coordinator: public.cluster_shard has rows (maybe: it and
 * the schema national exist, from check_collation's query). If so, the session is set up as one.
 */
static int check_coordinator(pl_pg_store *s, bool maybe, pl_error *err)
{
    if (!maybe)
        return 0;
    PGresult *r = PQexec(s->conn, "SELECT EXISTS (SELECT 1 FROM public.cluster_shard), "
                                  "to_regclass('public.cluster_key') IS NOT NULL");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        int rc = pl_pg_fail(s, r, err, "cluster");
        PQclear(r);
        return rc;
    }
    s->coordinator = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    s->cluster_keys = s->coordinator && strcmp(PQgetvalue(r, 0, 1), "t") == 0;
    PQclear(r);
    return s->coordinator ? session_setup(s, err) : 0;
}

/*
 * Refuses a data base whose text order is not byte order. Pilar compares region codes by
 * range and sorts as SQLite does (bytes); under a linguistic collation such as glibc's
 * en_US.UTF-8, punctuation is ignored, "64.74.01.1001" < "64.74/" is false and a regency's
 * scope would silently miss its villages. C, POSIX and C.UTF-8 (code point order, the same as
 * UTF-8 byte order) are accepted.
 */
static int check_collation(pl_pg_store *s, bool *maybe_coordinator, pl_error *err)
{
    *maybe_coordinator = false;
    /* The third column: whether this may be a cluster's coordinator (check_coordinator). */
    PGresult *r = PQexec(s->conn, "SELECT CASE WHEN datlocprovider = 'i' THEN daticulocale "
                                  "ELSE datcollate END, datlocprovider, "
                                  "to_regclass('public.cluster_shard') IS NOT NULL AND "
                                  "to_regnamespace('national') IS NOT NULL FROM pg_database "
                                  "WHERE datname = current_database()");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        int rc = pl_pg_fail(s, r, err, "collation");
        PQclear(r);
        return rc;
    }
    int rc = 0;
    if (PQntuples(r) == 1) {
        const char *coll = PQgetvalue(r, 0, 0), *provider = PQgetvalue(r, 0, 1);
        *maybe_coordinator = strcmp(PQgetvalue(r, 0, 2), "t") == 0;
        bool bytes = strcmp(provider, "c") == 0 &&
                     (strcmp(coll, "C") == 0 || strcmp(coll, "POSIX") == 0 ||
                      strcasecmp(coll, "C.UTF-8") == 0 || strcasecmp(coll, "C.utf8") == 0);
        if (!bytes)
            rc = pl_error_set(err, PL_EINVAL, "db",
                              "basis data PostgreSQL ini memakai urutan teks '%s'%s; Pilar "
                              "memerlukan urutan C (byte), seperti SQLite. Buat basis data dengan "
                              "'createdb --locale=C.UTF-8 --template=template0 NAMA', lalu "
                              "pindahkan datanya (pg_dump/pg_restore atau 'pilar db copy')",
                              coll, strcmp(provider, "i") == 0 ? " (ICU)" : "");
    }
    PQclear(r);
    return rc;
}

/* A connection lost outside a transaction is re-established here. */
static int ensure_conn(pl_pg_store *s, pl_error *err)
{
    if (s->tx_lost)
        return lost(s, err);
    if (PQstatus(s->conn) == CONNECTION_OK)
        return 0;
    if (s->in_tx) {
        s->tx_lost = 1;
        return lost(s, err);
    }
    PQreset(s->conn);
    s->n_prepared = 0; /* prepared statements belong to the session that is gone */
    if (PQstatus(s->conn) != CONNECTION_OK)
        return lost(s, err);
    return session_setup(s, err);
}

/*
 * Runs sql as the statement prepared for it on this session, preparing it first; without a
 * free cache slot, unprepared.
 */
static PGresult *exec_cached(pl_pg_store *s, const char *sql, int n, const char *const *params)
{
    char name[16];
    int i = 0;
    while (i < s->n_prepared && s->prepared[i] != sql)
        i++;
    if (i == s->n_prepared) {
        if (i == PL_PG_STMT_CACHE)
            return PQexecParams(s->conn, sql, n, NULL, params, NULL, NULL, 0);
        snprintf(name, sizeof name, "pl%d", i);
        PGresult *p = PQprepare(s->conn, name, sql, 0, NULL);
        if (PQresultStatus(p) != PGRES_COMMAND_OK)
            return p; /* the failure of the statement's text */
        PQclear(p);
        s->prepared[s->n_prepared++] = sql;
    }
    snprintf(name, sizeof name, "pl%d", i);
    return PQexecPrepared(s->conn, name, n, params, NULL, NULL, 0);
}

PGresult *pl_pg_query(pl_pg_store *s, const char *sql, int n, const char *const *params,
                      pl_error *err, const char *what)
{
    for (int attempt = 0;; attempt++) {
        if (ensure_conn(s, err))
            return NULL;
        PGresult *r = exec_cached(s, sql, n, params);
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
            return r;
        const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
        bool again =
            !s->in_tx && attempt < 2 && (state_is(state, "40001") || state_is(state, "40P01"));
        if (!again) {
            if (s->in_tx && PQstatus(s->conn) == CONNECTION_BAD)
                s->tx_lost = 1;
            pl_pg_fail(s, r, err, what);
            PQclear(r);
            return NULL;
        }
        PQclear(r);
    }
}

PGresult *pl_pg_exec_text(pl_pg_store *s, const char *sql, int n, const char *const *params,
                          pl_error *err)
{
    if (ensure_conn(s, err))
        return NULL;
    /* Without parameters, the simple protocol: several statements separated by ';' run. */
    PGresult *r =
        n ? PQexecParams(s->conn, sql, n, NULL, params, NULL, NULL, 0) : PQexec(s->conn, sql);
    if (r == NULL)
        pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    else if (s->in_tx && PQstatus(s->conn) == CONNECTION_BAD)
        s->tx_lost = 1;
    return r;
}

int pl_pg_command_text(pl_pg_store *s, const char *sql, int n, const char *const *params,
                       pl_error *err, const char *what)
{
    PGresult *r = pl_pg_exec_text(s, sql, n, params, err);
    if (r == NULL)
        return err ? err->code : PL_EIO;
    ExecStatusType st = PQresultStatus(r);
    int rc = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? 0 : pl_pg_fail(s, r, err, what);
    PQclear(r);
    return rc;
}

int pl_pg_command(pl_pg_store *s, const char *sql, int n, const char *const *params, pl_error *err,
                  const char *what)
{
    PGresult *r = pl_pg_query(s, sql, n, params, err, what);
    if (r == NULL)
        return err ? err->code : PL_EIO;
    PQclear(r);
    return 0;
}

static void set_text(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

static int send_actor(pl_pg_store *s, pl_error *err)
{
    const char *p[] = {s->actor, s->client};
    return pl_pg_command(s,
                         "SELECT set_config('pilar.actor', $1, true), "
                         "set_config('pilar.client', $2, true)",
                         2, p, err, "actor");
}

int pl_pg_set_actor(pl_pg_store *s, const pl_actor *who, pl_error *err)
{
    set_text(s->actor, sizeof s->actor, who && who->user ? who->user : "system");
    set_text(s->client, sizeof s->client, who && who->client ? who->client : "");
    return s->in_tx ? send_actor(s, err) : 0;
}

int pl_pg_open(pl_pg_store **out, const char *conninfo, unsigned flags, pl_error *err)
{
    *out = NULL;
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &perr);
    if (opts == NULL) {
        char detail[256];
        first_line(detail, sizeof detail, perr ? perr : "memori tidak cukup");
        PQfreemem(perr);
        return pl_error_set(err, PL_EINVAL, "db", "alamat basis data PostgreSQL tidak sah: %s",
                            detail);
    }
    PQconninfoFree(opts);
    pl_pg_store *s = calloc(1, sizeof *s);
    if (s == NULL || (s->conninfo = strdup(conninfo)) == NULL) {
        free(s);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    s->base.ops = &pl_pg_ops;
    s->flags = flags;
    set_text(s->actor, sizeof s->actor, "system");
    /* Earlier keywords are defaults the connection string may override. */
    const char *const keys[] = {"connect_timeout", "fallback_application_name", "dbname", NULL};
    const char *const vals[] = {"10", "pilar", conninfo, NULL};
    s->conn = PQconnectdbParams(keys, vals, 1);
    int rc = 0;
    if (s->conn == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto fail;
    }
    if (PQstatus(s->conn) != CONNECTION_OK) {
        char where[256], detail[256];
        describe(where, sizeof where, conninfo);
        const char *msg = PQerrorMessage(s->conn);
        first_line(detail, sizeof detail, msg);
        if (PQconnectionNeedsPassword(s->conn))
            rc = pl_error_set(err, PL_EDENIED, "db",
                              "server PostgreSQL %s meminta kata sandi; berikan di alamat "
                              "basis data atau di berkas ~/.pgpass",
                              where);
        else if (strstr(msg, "authentication failed"))
            rc = pl_error_set(err, PL_EDENIED, "db",
                              "nama pengguna atau kata sandi ditolak oleh server PostgreSQL %s "
                              "(%s)",
                              where, detail);
        else if (strstr(msg, "database") && strstr(msg, "does not exist"))
            rc = pl_error_set(err, PL_EIO, "db",
                              "basis data %s belum ada; buat dahulu (createdb), lalu jalankan "
                              "'pilar init'",
                              where);
        else
            rc = pl_error_set(err, PL_EUNAVAIL, "db",
                              "server PostgreSQL %s tidak dapat dihubungi (%s)", where, detail);
        goto fail;
    }
    int v = 0;
    bool maybe = false;
    if ((rc = session_setup(s, err)) || (rc = check_collation(s, &maybe, err)) ||
        (rc = check_coordinator(s, maybe, err)) || (rc = pl_pg_schema_version(s, &v, err)))
        goto fail;
    s->schema_ok = (v == PL_STORE_SCHEMA_VERSION);
    *out = s;
    return 0;
fail:
    pl_pg_close(s);
    return rc;
}

void pl_pg_close(pl_pg_store *s)
{
    if (s == NULL)
        return;
    if (s->conn)
        PQfinish(s->conn); /* an open transaction is rolled back by the server */
    free(s->conninfo);
    free(s);
}

unsigned pl_pg_tightened_mode(const pl_pg_store *s)
{
    return 0; /* no file of Pilar's own */
}

bool pl_pg_reads_recreated(const pl_pg_store *s)
{
    return false; /* the read audit lives in the same data base */
}

int pl_pg_schema_version(pl_pg_store *s, int *out, pl_error *err)
{
    *out = 0;
    PGresult *r = pl_pg_query(s, "SELECT to_regclass('" PL_PG_VERSION_TABLE "') IS NOT NULL", 0,
                              NULL, err, "schema_version");
    if (r == NULL)
        return err ? err->code : PL_EIO;
    bool exists = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    if (!exists)
        return 0;
    r = pl_pg_query(s, "SELECT max(version) FROM " PL_PG_VERSION_TABLE, 0, NULL, err,
                    "schema_version");
    if (r == NULL)
        return err ? err->code : PL_EIO;
    if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
        *out = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return 0;
}

int pl_pg_require_schema(pl_pg_store *s, pl_error *err)
{
    if (s->schema_ok)
        return 0;
    int v = 0;
    int rc = pl_pg_schema_version(s, &v, err);
    if (rc)
        return rc;
    if (v == PL_STORE_SCHEMA_VERSION) {
        s->schema_ok = 1;
        return 0;
    }
    if (v == 0)
        return pl_error_set(err, PL_EIO, "db",
                            "basis data belum disiapkan; jalankan 'pilar init' dahulu");
    return pl_error_set(err, PL_EIO, "db",
                        "versi skema basis data %d, program ini memakai versi %d; jalankan "
                        "'pilar init' untuk memperbarui",
                        v, PL_STORE_SCHEMA_VERSION);
}

/* One migration in its own transaction; *v is the version before, and after on success. */
static int migrate_one(pl_pg_store *s, const pl_pg_migration *m, int *v, pl_error *err)
{
    char what[128], ver[16];
    int rc = exec_simple(s, "BEGIN", err, "migrate");
    if (rc)
        return rc;
    s->in_tx = 1;
    /*
     * Two processes migrating at once: the second waits, then sees the version moved on.
     * Migrations that change rows are audited as the system.
     */
    rc = exec_simple(s,
                     "SELECT pg_advisory_xact_lock(hashtext('pilar.migrate')), "
                     "set_config('pilar.actor', 'system', true), "
                     "set_config('pilar.client', '', true);"
                     "CREATE TABLE IF NOT EXISTS " PL_PG_VERSION_TABLE "(version integer NOT NULL);"
                     "INSERT INTO " PL_PG_VERSION_TABLE "(version) SELECT 0 WHERE NOT EXISTS "
                     "(SELECT 1 FROM " PL_PG_VERSION_TABLE ")",
                     err, "migrate");
    /* On a coordinator, what a migration creates belongs in public, not national. */
    if (rc == 0 && s->coordinator)
        rc = exec_simple(s, "SET LOCAL search_path = public", err, "migrate");
    int now = 0;
    if (rc == 0)
        rc = pl_pg_schema_version(s, &now, err);
    if (rc == 0 && now == *v) {
        snprintf(what, sizeof what, "migrasi %d (%s)", m->version, m->name);
        snprintf(ver, sizeof ver, "%d", m->version);
        const char *p[] = {ver};
        if ((rc = exec_simple(s, m->sql, err, what)) == 0)
            rc = pl_pg_command(s, "UPDATE " PL_PG_VERSION_TABLE " SET version = $1::integer", 1, p,
                               err, what);
        now = m->version;
    }
    if (rc == 0)
        rc = exec_simple(s, "COMMIT", err, "migrate");
    if (rc && PQstatus(s->conn) == CONNECTION_OK)
        PQclear(PQexec(s->conn, "ROLLBACK"));
    s->in_tx = 0;
    if (rc == 0)
        *v = now;
    return rc;
}

int pl_pg_migrate_list(pl_pg_store *s, const pl_pg_migration *list, size_t n, int target, int *from,
                       int *to, pl_error *err)
{
    if (s->in_tx)
        return pl_error_set(err, PL_EINTERNAL, "", "migrasi di dalam transaksi tidak didukung");
    int v = 0;
    int rc = pl_pg_schema_version(s, &v, err);
    if (rc)
        return rc;
    if (from)
        *from = v;
    if (to)
        *to = v;
    if (v > (int)n)
        return pl_error_set(err, PL_ECONFLICT, "db",
                            "basis data berversi %d lebih baru dari program ini (versi %d); "
                            "pakai Pilar yang lebih baru",
                            v, (int)n);
    if (target > (int)n)
        target = (int)n;
    while (v < target) {
        const pl_pg_migration *m = &list[v];
        if (m->version != v + 1)
            return pl_error_set(err, PL_EINTERNAL, "db",
                                "daftar migrasi PostgreSQL rusak: entri %d bernomor %d", v + 1,
                                m->version);
        if ((rc = migrate_one(s, m, &v, err)))
            return rc;
        if (to)
            *to = v;
    }
    s->schema_ok = (v == PL_STORE_SCHEMA_VERSION);
    return 0;
}

int pl_pg_migrate(pl_pg_store *s, int *from, int *to, pl_error *err)
{
    if (pl_pg_migration_count < (size_t)PL_STORE_SCHEMA_VERSION)
        return pl_error_set(err, PL_EINTERNAL, "db",
                            "program ini membawa %zu dari %d migrasi skema PostgreSQL; "
                            "PostgreSQL belum dapat dipakai dengan versi ini",
                            pl_pg_migration_count, PL_STORE_SCHEMA_VERSION);
    return pl_pg_migrate_list(s, pl_pg_migrations, pl_pg_migration_count, PL_STORE_SCHEMA_VERSION,
                              from, to, err);
}

/* Ends the transaction's state on this handle (it is over, whichever way). */
static void tx_over(pl_pg_store *s)
{
    s->in_tx = 0;
    s->tx_lost = 0;
    s->nest_ok = 0;
    s->nest_depth = 0;
}

int pl_pg_begin(pl_pg_store *s, pl_error *err)
{
    if (s->in_tx && s->nest_ok) {
        /* Inside pl_pg_begin_outer: a unit of work of its own, undone alone on rollback. */
        int rc = pl_pg_command(s, "SAVEPOINT pl_nest", 0, NULL, err, "begin");
        if (rc == 0)
            s->nest_depth++;
        return rc;
    }
    if (s->in_tx)
        return pl_error_set(err, PL_EINTERNAL, "", "transaksi bersarang tidak didukung");
    int rc = pl_pg_command(s, "BEGIN", 0, NULL, err, "begin");
    if (rc)
        return rc;
    s->in_tx = 1;
    s->tx_lost = 0;
    s->nest_ok = 0;
    s->nest_depth = 0;
    if ((rc = send_actor(s, err)))
        pl_pg_rollback(s);
    return rc;
}

int pl_pg_begin_outer(pl_pg_store *s, pl_error *err)
{
    int rc = pl_pg_begin(s, err);
    if (rc == 0) {
        s->nest_ok = 1;
        s->nest_depth = 0;
    }
    return rc;
}

int pl_pg_commit(pl_pg_store *s, pl_error *err)
{
    if (!s->in_tx)
        return pl_error_set(err, PL_EINTERNAL, "", "tidak ada transaksi untuk disimpan");
    if (s->nest_ok && s->nest_depth > 0) {
        /*
         * A nested unit of work ends: its savepoint is released, the outer transaction goes
         * on. A failed RELEASE (a statement failed inside it) leaves the savepoint for the
         * caller's rollback.
         */
        int rc = pl_pg_command(s, "RELEASE SAVEPOINT pl_nest", 0, NULL, err, "commit");
        if (rc == 0)
            s->nest_depth--;
        return rc;
    }
    PGresult *r = pl_pg_query(s, "COMMIT", 0, NULL, err, "commit");
    /* Whatever happened, the transaction is over (a failed COMMIT rolls back). */
    tx_over(s);
    /* What this process cached may predate the commit (store/shared.h). */
    pl_pg_shared_touch(s->shared);
    if (r == NULL)
        return err ? err->code : PL_EIO;
    /* COMMIT of a transaction a failed statement had aborted answers ROLLBACK. */
    bool rolled_back = strcmp(PQcmdStatus(r), "ROLLBACK") == 0;
    PQclear(r);
    if (rolled_back)
        return pl_error_set(err, PL_EIO, "db",
                            "transaksi dibatalkan oleh kegagalan sebelumnya; tidak ada yang "
                            "disimpan");
    return 0;
}

int pl_pg_prepare(pl_pg_store *s, const char *gid, pl_error *err)
{
    if (!s->in_tx || (s->nest_ok && s->nest_depth > 0))
        return pl_error_set(err, PL_EINTERNAL, "", "tidak ada transaksi untuk disiapkan");
    /* gid is the caller's own safe text (letters, digits, '_'): a literal, not a parameter. */
    for (const char *c = gid; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
            return pl_error_set(err, PL_EINTERNAL, "", "gid tidak sah");
    char sql[128];
    snprintf(sql, sizeof sql, "PREPARE TRANSACTION '%s'", gid);
    PGresult *r = pl_pg_exec_text(s, sql, 0, NULL, err);
    /* Whatever happened, the session's transaction is over (prepared or rolled back). */
    tx_over(s);
    if (r == NULL)
        return err ? err->code : PL_EIO;
    int rc = 0;
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && state && strcmp(state, "55000") == 0)
        rc = pl_error_set(err, PL_EUNAVAIL, "db",
                          "server PostgreSQL ini tidak mengizinkan transaksi dua fase; setel "
                          "max_prepared_transactions di atas 0 di postgresql.conf lalu mulai "
                          "ulang servernya (docs/scale.md)");
    else if (PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = pl_pg_fail(s, r, err, "prepare");
    /* PREPARE of a transaction a failed statement had aborted answers ROLLBACK. */
    else if (strcmp(PQcmdStatus(r), "ROLLBACK") == 0)
        rc = pl_error_set(err, PL_EIO, "db",
                          "transaksi dibatalkan oleh kegagalan sebelumnya; tidak ada yang "
                          "disimpan");
    PQclear(r);
    return rc;
}

int pl_pg_rollback(pl_pg_store *s)
{
    if (!s->in_tx)
        return 0;
    bool alive = !s->tx_lost && PQstatus(s->conn) == CONNECTION_OK;
    if (s->nest_ok && s->nest_depth > 0) {
        /* Undoes the nested unit of work only; the outer transaction stays usable. */
        if (alive) {
            PQclear(PQexec(s->conn, "ROLLBACK TO SAVEPOINT pl_nest"));
            PQclear(PQexec(s->conn, "RELEASE SAVEPOINT pl_nest"));
        }
        s->nest_depth--;
        return 0;
    }
    if (alive)
        PQclear(PQexec(s->conn, "ROLLBACK"));
    tx_over(s);
    return 0;
}

int pl_pg_tx_begin_as(pl_pg_store *s, const pl_actor *who, bool *own, pl_error *err)
{
    *own = !s->in_tx;
    int rc = pl_pg_set_actor(s, who, err);
    if (rc == 0 && *own)
        rc = pl_pg_begin(s, err);
    return rc;
}

int pl_pg_tx_end(pl_pg_store *s, bool own, int rc, pl_error *err)
{
    if (!own)
        return rc;
    if (rc == 0)
        rc = pl_pg_commit(s, err);
    if (rc)
        pl_pg_rollback(s);
    return rc;
}

/* The first value of a one-row answer into out ("" when none); 0 or a PL_E* code. */
static int first_value(pl_pg_store *s, const char *sql, char *out, size_t cap, pl_error *err,
                       const char *what)
{
    out[0] = '\0';
    PGresult *r = pl_pg_query(s, sql, 0, NULL, err, what);
    if (r == NULL)
        return err ? err->code : PL_EIO;
    if (PQntuples(r) > 0)
        set_text(out, cap, PQgetvalue(r, 0, 0));
    PQclear(r);
    return 0;
}

int pl_pg_integrity_check(pl_pg_store *s, pl_error *err)
{
    char found[256];
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    /* Constraints added NOT VALID and never validated: rows may break them. */
    if ((rc = first_value(s,
                          "SELECT c.conname || ' (' || c.conrelid::regclass::text || ')' "
                          "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                          "WHERE NOT c.convalidated AND n.nspname = current_schema() LIMIT 1",
                          found, sizeof found, err, "integrity_check")))
        return rc;
    if (found[0])
        return pl_error_set(err, PL_EIO, "db", "batasan %s belum divalidasi", found);
    /* Indexes left invalid by an interrupted CREATE INDEX CONCURRENTLY. */
    if ((rc = first_value(s,
                          "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = "
                          "i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                          "WHERE (NOT i.indisvalid OR NOT i.indisready) "
                          "AND n.nspname = current_schema() LIMIT 1",
                          found, sizeof found, err, "integrity_check")))
        return rc;
    if (found[0])
        return pl_error_set(err, PL_EIO, "db", "indeks %s tidak sah; buat ulang (REINDEX)", found);
    /* The audit is written by triggers: a disabled one lets changes through unaudited. */
    if ((rc = first_value(s,
                          "SELECT t.tgname || ' (' || t.tgrelid::regclass::text || ')' "
                          "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                          "JOIN pg_namespace n ON n.oid = c.relnamespace "
                          "WHERE NOT t.tgisinternal AND t.tgenabled = 'D' "
                          "AND n.nspname = current_schema() LIMIT 1",
                          found, sizeof found, err, "integrity_check")))
        return rc;
    if (found[0])
        return pl_error_set(err, PL_EIO, "db", "pemicu %s dimatikan; audit tidak lengkap", found);
    return 0;
}

const char *pl_pg_location(pl_pg_store *s)
{
    return s->in_tx ? NULL : s->conninfo;
}
