/*
 * chain.c - the audit's hash chain on PostgreSQL (SQLite: src/store/sqlite/chain.c; the seals
 * themselves are written by the triggers of migration 15, schema_chain.c) and the checks that
 * the audit is whole: every trigger the migrations create is there, enabled, calling its
 * function, and no other trigger exists; Pilar's functions have the bodies the migrations
 * gave them; every audit row (write and read) carries the seal its content and its
 * predecessor's seal give, recomputed here in C with libsodium (not by the data base's own
 * pl_audit_hash, which whoever can change the data base can replace); no seal lost its row;
 * people, households and their socio-economic data match their latest audited image; an
 * operator's anchor is on the chain.
 *
 * SQLite compares the triggers with those of a fresh in-memory data base; a fresh PostgreSQL
 * data base costs seconds and the right to create one, so the expected triggers and function
 * bodies are read from the migrations' own text (pl_pg_migrations) instead.
 */
#include "store/audit.h"
#include "store/pg/internal.h"
#include "store/seal.h"
#include "util/vec.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows per page of the chain walk. */
#define WALK_PAGE "5000"

static void to_hex(char out[PL_AUDIT_HASH_HEX], const char *bytea_text)
{
    /* bytea in text form: "\x" and hex digits. */
    if (bytea_text == NULL || strncmp(bytea_text, "\\x", 2) != 0 ||
        strlen(bytea_text + 2) != 2 * PL_AUDIT_HASH_LEN) {
        out[0] = '\0';
        return;
    }
    snprintf(out, PL_AUDIT_HASH_HEX, "%s", bytea_text + 2);
}

bool pl_pg_seal_bytes(unsigned char *out, const char *bytea_text)
{
    size_t n = 0;
    return bytea_text && strncmp(bytea_text, "\\x", 2) == 0 &&
           sodium_hex2bin(out, PL_AUDIT_HASH_LEN, bytea_text + 2, strlen(bytea_text + 2), NULL, &n,
                          NULL) == 0 &&
           n == PL_AUDIT_HASH_LEN;
}

int pl_pg_audit_head(pl_pg_store *s, pl_audit_head *out, pl_error *err)
{
    static const char sql[] = "SELECT a.id, a.at, c.hash FROM audit a "
                              "LEFT JOIN audit_chain c ON c.id = a.id ORDER BY a.id DESC LIMIT 1";
    memset(out, 0, sizeof *out);
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    PGresult *r = pl_pg_query(s, sql, 0, NULL, err, "audit");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) > 0) {
        out->id = pl_pg_int(r, 0, 0);
        pl_pg_copy(out->at, sizeof out->at, r, 0, 1);
        to_hex(out->hash, pl_pg_text(r, 0, 2));
    }
    PQclear(r);
    return 0;
}

int pl_pg_reads_boundary(pl_pg_store *s, int64_t below, int64_t *last_id, char *last_hash,
                         pl_error *err)
{
    static const char sql[] = "SELECT id, hash FROM reads.audit_read_chain "
                              "WHERE id < $1::bigint ORDER BY id DESC LIMIT 1";
    *last_id = 0;
    last_hash[0] = '\0';
    pl_pg_num a;
    const char *p[] = {pl_pg_i64(&a, below)};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "audit_read");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) > 0) {
        *last_id = pl_pg_int(r, 0, 0);
        to_hex(last_hash, pl_pg_text(r, 0, 1));
    }
    PQclear(r);
    return 0;
}

/* ---------------------------------------------------------------- triggers */

/* A trigger the migrations create: its name, table (as written there) and function. */
typedef struct want_trigger {
    char name[64];
    char table[64];
    char fn[64];
    bool dropped;
} want_trigger;

typedef struct want_fn {
    char name[64];
    const char *body; /* into the migration's text */
    size_t len;
} want_fn;

PL_VEC_DEFINE(want_triggers, want_trigger)
PL_VEC_DEFINE(want_fns, want_fn)

typedef struct want_set {
    want_triggers t;
    want_fns f;
} want_set;

/* The identifier starting at p (letters, digits, '_', '.') into out; returns its end. */
static const char *ident(const char *p, char *out, size_t cap)
{
    while (*p == ' ' || *p == '\n' || *p == '"')
        p++;
    size_t n = 0;
    while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
           (p[n] >= '0' && p[n] <= '9') || p[n] == '_' || p[n] == '.')
        n++;
    snprintf(out, cap, "%.*s", (int)(n < cap ? n : cap - 1), p);
    p += n;
    if (*p == '"')
        p++;
    return p;
}

static want_trigger *find_trigger(want_set *w, const char *name, const char *table)
{
    for (size_t i = 0; i < w->t.n; i++)
        if (strcmp(w->t.v[i].name, name) == 0 && strcmp(w->t.v[i].table, table) == 0)
            return &w->t.v[i];
    return NULL;
}

/* Reads the CREATE TRIGGER, DROP TRIGGER and CREATE FUNCTION statements of one migration. */
static int scan_migration(want_set *w, const char *sql)
{
    for (const char *p = sql; *p; p++) {
        if (strncmp(p, "CREATE TRIGGER ", 15) == 0) {
            want_trigger t = {0};
            const char *q = ident(p + 15, t.name, sizeof t.name);
            const char *end = strchr(q, ';');
            const char *on = strstr(q, " ON ");
            const char *ex = strstr(q, "EXECUTE FUNCTION ");
            if (!end || !on || !ex || on > end || ex > end)
                continue;
            ident(on + 4, t.table, sizeof t.table);
            ident(ex + 17, t.fn, sizeof t.fn);
            want_trigger *old = find_trigger(w, t.name, t.table);
            if (old) {
                *old = t;
                continue;
            }
            if (want_triggers_push(&w->t, t))
                return PL_ENOMEM;
        } else if (strncmp(p, "DROP TRIGGER ", 13) == 0) {
            char name[64], table[64];
            const char *q = p + 13;
            if (strncmp(q, "IF EXISTS ", 10) == 0)
                q += 10;
            q = ident(q, name, sizeof name);
            const char *on = strstr(q, " ON ");
            if (on == NULL)
                continue;
            ident(on + 4, table, sizeof table);
            want_trigger *old = find_trigger(w, name, table);
            if (old)
                old->dropped = true;
        } else if (strncmp(p, "CREATE FUNCTION ", 16) == 0 ||
                   strncmp(p, "CREATE OR REPLACE FUNCTION ", 27) == 0) {
            want_fn f = {0};
            const char *q = ident(p + (p[7] == 'O' ? 27 : 16), f.name, sizeof f.name);
            const char *open = strstr(q, "$f$");
            const char *close = open ? strstr(open + 3, "$f$") : NULL;
            if (close == NULL)
                continue;
            f.body = open + 3;
            f.len = (size_t)(close - f.body);
            size_t i = 0;
            while (i < w->f.n && strcmp(w->f.v[i].name, f.name) != 0)
                i++;
            if (i < w->f.n)
                w->f.v[i] = f;
            else if (want_fns_push(&w->f, f))
                return PL_ENOMEM;
            p = close + 2;
        }
    }
    return 0;
}

/* The triggers of the data base (not partitions' clones), as schema-less names when public. */
static const char sql_triggers[] =
    "SELECT t.tgname, c.relname, n.nspname, p.proname, t.tgenabled FROM pg_trigger t "
    "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_proc p ON p.oid = t.tgfoid "
    "WHERE NOT t.tgisinternal AND t.tgparentid = 0 "
    "AND n.nspname IN (current_schema(), 'reads') ORDER BY 1, 2";

/* Any trigger (clones on partitions too) that does not fire in an ordinary session. */
static const char sql_disabled[] =
    "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal "
    "AND t.tgenabled <> 'O' AND n.nspname IN (current_schema(), 'reads') ORDER BY 1, 2 LIMIT 1";

static const char sql_functions[] =
    "SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
    "WHERE n.nspname = current_schema() AND p.proname LIKE 'pl\\_%'";

/* The table as the migrations write it: "reads.x" outside the current schema. */
static void qualified(char *out, size_t cap, const PGresult *r, int row)
{
    const char *nsp = pl_pg_text(r, row, 2);
    if (nsp && strcmp(nsp, "reads") == 0)
        snprintf(out, cap, "reads.%s", pl_pg_text(r, row, 1));
    else
        snprintf(out, cap, "%s", pl_pg_text(r, row, 1));
}

static int check_functions(pl_pg_store *s, const want_set *w, pl_error *err)
{
    PGresult *r = pl_pg_query(s, sql_functions, 0, NULL, err, "pg_proc");
    if (r == NULL)
        return err->code;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < w->f.n; i++) {
        const want_fn *f = &w->f.v[i];
        bool seen = false, same = false;
        for (int k = 0; k < PQntuples(r); k++) {
            if (strcmp(pl_pg_text(r, k, 0), f->name) != 0)
                continue;
            seen = true;
            const char *src = pl_pg_text(r, k, 1);
            if (src && strlen(src) == f->len && memcmp(src, f->body, f->len) == 0)
                same = true;
        }
        if (!seen)
            rc = pl_error_set(err, PL_EIO, "audit",
                              "fungsi '%s' tidak ada (dihapus?): pemicu Pilar tidak dapat "
                              "berjalan",
                              f->name);
        else if (!same)
            rc = pl_error_set(err, PL_EIO, "audit",
                              "fungsi '%s' berbeda dari yang dibuat Pilar (diubah?)", f->name);
    }
    PQclear(r);
    return rc;
}

/*
 * Every trigger is off in a session whose session_replication_role is not origin (a superuser's
 * ALTER DATABASE or ALTER ROLE ... SET session_replication_role = replica turns the audit off
 * for every later session, Pilar's included, with no trigger touched): this session's value,
 * then the settings stored for this data base or any role.
 */
static const char sql_replication_role[] =
    "SELECT 'sesi ini' WHERE current_setting('session_replication_role') <> 'origin' "
    "UNION ALL SELECT CASE WHEN s.setdatabase = 0 THEN 'peran ' || r.rolname "
    "WHEN s.setrole = 0 THEN 'basis data ' || current_database() "
    "ELSE 'peran ' || r.rolname || ' pada basis data ' || current_database() END "
    "FROM pg_db_role_setting s LEFT JOIN pg_roles r ON r.oid = s.setrole "
    "WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database())) "
    "AND EXISTS (SELECT 1 FROM unnest(s.setconfig) c WHERE c LIKE 'session\\_replication\\_role=%' "
    "AND c <> 'session_replication_role=origin') LIMIT 1";

static int check_replication_role(pl_pg_store *s, pl_error *err)
{
    PGresult *r = pl_pg_query(s, sql_replication_role, 0, NULL, err, "pg_db_role_setting");
    if (r == NULL)
        return err->code;
    int rc = 0;
    if (PQntuples(r) > 0)
        rc = pl_error_set(err, PL_EIO, "audit",
                          "semua pemicu dimatikan: session_replication_role bukan origin untuk %s; "
                          "perubahan data dapat lolos dari audit",
                          pl_pg_text(r, 0, 0));
    PQclear(r);
    return rc;
}

static int check_triggers(pl_pg_store *s, int *count, pl_error *err)
{
    int rc = check_replication_role(s, err);
    if (rc)
        return rc;
    want_set w = {0};
    for (size_t i = 0; rc == 0 && i < pl_pg_migration_count; i++)
        rc = scan_migration(&w, pl_pg_migrations[i].sql);
    if (rc) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    PGresult *r = pl_pg_query(s, sql_triggers, 0, NULL, err, "pg_trigger");
    if (r == NULL) {
        rc = err->code;
        goto out;
    }
    *count = 0;
    char table[160];
    for (size_t i = 0; rc == 0 && i < w.t.n; i++) {
        const want_trigger *t = &w.t.v[i];
        if (t->dropped)
            continue;
        int k = 0;
        for (; k < PQntuples(r); k++) {
            qualified(table, sizeof table, r, k);
            if (strcmp(pl_pg_text(r, k, 0), t->name) == 0 && strcmp(table, t->table) == 0)
                break;
        }
        if (k == PQntuples(r))
            rc = pl_error_set(err, PL_EIO, "audit",
                              "pemicu '%s' (%s) tidak ada (dihapus?): perubahan data dapat lolos "
                              "dari audit",
                              t->name, t->table);
        else if (strcmp(pl_pg_text(r, k, 3), t->fn) != 0)
            rc = pl_error_set(err, PL_EIO, "audit",
                              "pemicu '%s' berbeda dari yang dibuat Pilar (diubah?)", t->name);
        else
            (*count)++;
    }
    /* A trigger Pilar does not create may write, hide or rewrite rows: name it too. */
    for (int k = 0; rc == 0 && k < PQntuples(r); k++) {
        qualified(table, sizeof table, r, k);
        const want_trigger *t = find_trigger(&w, pl_pg_text(r, k, 0), table);
        if (t == NULL || t->dropped)
            rc = pl_error_set(err, PL_EIO, "audit",
                              "pemicu '%s' (%s) tidak dikenal Pilar (ditambahkan?)",
                              pl_pg_text(r, k, 0), table);
    }
    PQclear(r);
    if (rc)
        goto out;
    if ((r = pl_pg_query(s, sql_disabled, 0, NULL, err, "pg_trigger")) == NULL) {
        rc = err->code;
        goto out;
    }
    if (PQntuples(r) > 0)
        rc = pl_error_set(err, PL_EIO, "audit",
                          "pemicu '%s' (%s) dimatikan: perubahan data dapat lolos dari audit",
                          pl_pg_text(r, 0, 0), pl_pg_text(r, 0, 1));
    PQclear(r);
    if (rc == 0)
        rc = check_functions(s, &w, err);
out:
    want_triggers_free(&w.t);
    want_fns_free(&w.f);
    return rc;
}

/* ------------------------------------------------------------------ chains */

static void put_int(pl_seal *st, const PGresult *r, int row, int col)
{
    if (pl_pg_null(r, row, col))
        pl_seal_null(st);
    else
        pl_seal_int(st, pl_pg_int(r, row, col));
}

static void put_text(pl_seal *st, const PGresult *r, int row, int col)
{
    if (pl_pg_null(r, row, col))
        pl_seal_null(st);
    else
        pl_seal_text(st, PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
}

typedef struct walk_result {
    int64_t rows;
    int64_t anchor_id; /* the row whose seal equals the anchor, 0 when none */
} walk_result;

/*
 * Walks a chain page by page (sql: the fields with kinds `kinds` ('i' integer, 't' text) after
 * the id > $1 of the page, then the seal; id first) and checks each seal against the previous
 * one, starting from prev0 (NULL: the start of the chain).
 */
static int walk_chain(pl_pg_store *s, const char *sql, const char *kinds,
                      const unsigned char *prev0, const unsigned char *anchor, const char *what,
                      walk_result *res, pl_error *err)
{
    unsigned char prev[PL_AUDIT_HASH_LEN];
    bool have_prev = prev0 != NULL;
    if (prev0)
        memcpy(prev, prev0, sizeof prev);
    int nfields = (int)strlen(kinds);
    int64_t last = -1;
    for (;;) {
        pl_pg_num a;
        const char *p[] = {pl_pg_i64(&a, last)};
        PGresult *r = pl_pg_query(s, sql, 1, p, err, what);
        if (r == NULL)
            return err->code;
        int n = PQntuples(r);
        for (int i = 0; i < n; i++) {
            int64_t id = pl_pg_int(r, i, 0);
            res->rows++;
            unsigned char seal[PL_AUDIT_HASH_LEN];
            if (pl_pg_null(r, i, nfields)) {
                PQclear(r);
                return pl_error_set(err, PL_EIO, "audit",
                                    "%s: baris id %lld tidak bersegel (ditulis di luar Pilar?)",
                                    what, (long long)id);
            }
            bool sealed = pl_pg_seal_bytes(seal, pl_pg_text(r, i, nfields));
            pl_seal st;
            pl_seal_begin(&st, have_prev ? prev : NULL);
            for (int f = 0; f < nfields; f++) {
                if (kinds[f] == 'i')
                    put_int(&st, r, i, f);
                else
                    put_text(&st, r, i, f);
            }
            unsigned char h[PL_AUDIT_HASH_LEN];
            pl_seal_end(&st, h);
            if (!sealed || sodium_memcmp(h, seal, sizeof h) != 0) {
                PQclear(r);
                return pl_error_set(err, PL_EIO, "audit",
                                    "%s: rantai putus di baris id %lld (baris itu diubah, atau "
                                    "baris sebelumnya dihapus atau disisipkan)",
                                    what, (long long)id);
            }
            if (anchor && res->anchor_id == 0 && sodium_memcmp(seal, anchor, sizeof h) == 0)
                res->anchor_id = id;
            memcpy(prev, seal, sizeof prev);
            have_prev = true;
            last = id;
        }
        PQclear(r);
        if (n < atoi(WALK_PAGE))
            return 0;
    }
}

static const char sql_walk_audit[] =
    "SELECT a.id, a.at, a.actor, a.client, a.action, a.entity, a.entity_id, a.before, a.after, "
    "c.hash FROM audit a LEFT JOIN audit_chain c ON c.id = a.id WHERE a.id > $1::bigint "
    "ORDER BY a.id LIMIT " WALK_PAGE;
static const char sql_walk_reads[] =
    "SELECT a.id, a.at, a.actor, a.client, a.entity, a.entity_id, c.hash FROM reads.audit_read a "
    "LEFT JOIN reads.audit_read_chain c ON c.id = a.id WHERE a.id > $1::bigint "
    "ORDER BY a.id LIMIT " WALK_PAGE;

/* A seal whose row is gone: the row was deleted (and its no-delete trigger bypassed). */
static int check_orphans(pl_pg_store *s, const char *sql, const char *what, pl_error *err)
{
    PGresult *r = pl_pg_query(s, sql, 0, NULL, err, what);
    if (r == NULL)
        return err->code;
    int rc = 0;
    if (PQntuples(r) > 0)
        rc = pl_error_set(err, PL_EIO, "audit", "%s: baris id %lld dihapus (segelnya masih ada)",
                          what, (long long)pl_pg_int(r, 0, 0));
    PQclear(r);
    return rc;
}

/*
 * Where the read audit's chain starts: after the last purge that recorded its boundary (the
 * seal of the last row it deleted, in the purge's own write-audit row), when the read audit's
 * first row follows that boundary; else at the start.
 */
static int reads_start(pl_pg_store *s, unsigned char *prev, bool *have, pl_error *err)
{
    static const char sql[] =
        "SELECT (after::jsonb ->> 'last_id')::bigint, after::jsonb ->> 'last_hash', "
        "(SELECT min(id) FROM reads.audit_read) FROM audit "
        "WHERE entity = 'audit_read' AND action = 'purge_read_audit' "
        "AND after::jsonb ->> 'last_id' IS NOT NULL ORDER BY id DESC LIMIT 1";
    *have = false;
    PGresult *r = pl_pg_query(s, sql, 0, NULL, err, "audit");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) > 0) {
        int64_t last = pl_pg_int(r, 0, 0);
        const char *hex = pl_pg_text(r, 0, 1);
        int64_t first = pl_pg_null(r, 0, 2) ? 0 : pl_pg_int(r, 0, 2);
        size_t n = 0;
        if (first > last && hex &&
            sodium_hex2bin(prev, PL_AUDIT_HASH_LEN, hex, strlen(hex), NULL, &n, NULL) == 0 &&
            n == PL_AUDIT_HASH_LEN)
            *have = true;
    }
    PQclear(r);
    return 0;
}

/*
 * The first row of table T whose columns differ from the after image of its latest audited
 * insert or update (the keys of that image only; rows never audited have nothing to compare).
 */
#define DRIFT(T)                                                                                   \
    "SELECT r.id FROM " T " r JOIN audit a ON a.id = (SELECT max(id) FROM audit "                  \
    "WHERE entity = '" T "' AND entity_id = r.id AND action IN ('insert', 'update')) "             \
    "WHERE EXISTS (SELECT 1 FROM jsonb_each(a.after::jsonb) j "                                    \
    "WHERE to_jsonb(r) -> j.key IS DISTINCT FROM j.value) ORDER BY r.id LIMIT 1"

static int check_drift(pl_pg_store *s, pl_error *err)
{
    static const struct {
        const char *sql, *what;
    } t[] = {{DRIFT("person"), "orang"},
             {DRIFT("household"), "keluarga"},
             {DRIFT("household_socio"), "sosial ekonomi keluarga"}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        PGresult *r = pl_pg_query(s, t[i].sql, 0, NULL, err, "audit");
        if (r == NULL)
            return err->code;
        int64_t id = PQntuples(r) > 0 ? pl_pg_int(r, 0, 0) : 0;
        PQclear(r);
        if (id)
            return pl_error_set(err, PL_EIO, "audit",
                                "data %s id %lld berbeda dari catatan audit terakhirnya: diubah "
                                "tanpa tercatat (di luar Pilar?)",
                                t[i].what, (long long)id);
    }
    return 0;
}

static int verify(pl_pg_store *s, const char *anchor_hex, const unsigned char *anchor,
                  pl_audit_check *out, pl_error *err)
{
    int rc = check_triggers(s, &out->triggers, err);
    if (rc)
        return rc;
    /* Seals without their row first: a deleted row is named, not only the break after it. */
    if ((rc = check_orphans(s,
                            "SELECT c.id FROM audit_chain c LEFT JOIN audit a ON a.id = c.id "
                            "WHERE a.id IS NULL ORDER BY c.id LIMIT 1",
                            "audit perubahan", err)))
        return rc;
    walk_result w = {0};
    if ((rc = walk_chain(s, sql_walk_audit, "itttttitt", NULL, anchor_hex ? anchor : NULL,
                         "audit perubahan", &w, err)))
        return rc;
    out->rows = w.rows;
    out->anchor_id = w.anchor_id;
    unsigned char start[PL_AUDIT_HASH_LEN];
    bool have_start = false;
    if ((rc = reads_start(s, start, &have_start, err)))
        return rc;
    if ((rc = check_orphans(s,
                            "SELECT c.id FROM reads.audit_read_chain c LEFT JOIN "
                            "reads.audit_read a ON a.id = c.id WHERE a.id IS NULL "
                            "ORDER BY c.id LIMIT 1",
                            "audit baca", err)))
        return rc;
    walk_result r = {0};
    if ((rc = walk_chain(s, sql_walk_reads, "itttti", have_start ? start : NULL, NULL, "audit baca",
                         &r, err)))
        return rc;
    out->read_rows = r.rows;
    if ((rc = check_drift(s, err)))
        return rc;
    if (anchor_hex && out->anchor_id == 0)
        return pl_error_set(err, PL_EIO, "anchor",
                            "jangkar %.16s... tidak ada di rantai audit: audit sampai jangkar itu "
                            "telah diganti atau dipotong",
                            anchor_hex);
    return 0;
}

int pl_pg_audit_verify(pl_pg_store *s, const char *anchor_hex, pl_audit_check *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    unsigned char anchor[PL_AUDIT_HASH_LEN];
    if (anchor_hex) {
        size_t n = 0;
        if (sodium_hex2bin(anchor, sizeof anchor, anchor_hex, strlen(anchor_hex), NULL, &n, NULL) !=
                0 ||
            n != sizeof anchor || strlen(anchor_hex) != 2 * sizeof anchor)
            return pl_error_set(err, PL_EINVAL, "anchor",
                                "jangkar harus %d digit heksadesimal (dari 'pilar audit anchor')",
                                (int)(2 * sizeof anchor));
    }
    if (s->in_tx)
        return verify(s, anchor_hex, anchor, out, err);
    /* One snapshot for every check, while writers go on. */
    if ((rc = pl_pg_command(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, err,
                            "audit")))
        return rc;
    s->in_tx = 1;
    /* A cluster's coordinator checks its own tables, triggers and audit (public), not the
     * shards' rows it reads through national.*: each shard is checked on the shard. */
    if (s->coordinator)
        rc = pl_pg_command(s, "SET LOCAL search_path = public", 0, NULL, err, "audit");
    if (rc == 0)
        rc = verify(s, anchor_hex, anchor, out, err);
    pl_pg_rollback(s);
    return rc;
}
