/*
 * db.c - opening, migrating and closing the SQLite data base; the
 * statement cache and the helpers every other file of the backend uses.
 */
#include "store/sqlite/internal.h"
#include "util/fs.h"

#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void fn_actor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pl_sq_store *s = sqlite3_user_data(ctx);
    sqlite3_result_text(ctx, s->actor[0] ? s->actor : "system", -1, SQLITE_TRANSIENT);
}

static void fn_client(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pl_sq_store *s = sqlite3_user_data(ctx);
    sqlite3_result_text(ctx, s->client, -1, SQLITE_TRANSIENT);
}

static void fn_audit_inserts(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pl_sq_store *s = sqlite3_user_data(ctx);
    sqlite3_result_int(ctx, s->audit_inserts);
}

int pl_sq_fail(pl_sq_store *s, int code, pl_error *err, const char *what)
{
    if (s && s->db &&
        ((sqlite3_errcode(s->db) & 0xff) == SQLITE_FULL || sqlite3_system_errno(s->db) == ENOSPC))
        return pl_error_set(err, PL_ENOSPACE, "",
                            "ruang penyimpanan basis data penuh (%s): perubahan ini tidak "
                            "disimpan, data yang sudah tersimpan aman; kosongkan ruang disk lalu "
                            "coba lagi",
                            what);
    return pl_error_set(err, code, "", "kesalahan basis data (%s): %s", what,
                        s && s->db ? sqlite3_errmsg(s->db) : "tidak terbuka");
}

int pl_sq_step_error(pl_sq_store *s, int rc, pl_error *err, const char *what)
{
    int ext = sqlite3_extended_errcode(s->db);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        /* Period locks (schema_report.c) raise messages starting "terkunci: ". */
        if (ext == SQLITE_CONSTRAINT_TRIGGER &&
            strncmp(sqlite3_errmsg(s->db), "terkunci: ", 10) == 0)
            return pl_error_set(err, PL_ELOCKED, "periode", "%s", sqlite3_errmsg(s->db) + 10);
        if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
            return pl_error_set(err, PL_ECONFLICT, "", "data sudah ada (%s): %s", what,
                                sqlite3_errmsg(s->db));
        if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
            return pl_error_set(err, PL_EINVAL, "", "rujukan tidak dikenal (%s)", what);
        return pl_error_set(err, PL_EINVAL, "", "data tidak memenuhi aturan (%s): %s", what,
                            sqlite3_errmsg(s->db));
    }
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        return pl_error_set(err, PL_EIO, "", "basis data sedang sibuk (%s), coba lagi", what);
    return pl_sq_fail(s, PL_EIO, err, what);
}

int pl_sq_done(pl_sq_store *s, sqlite3_stmt *st, pl_error *err, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        rc = pl_sq_step_error(s, rc, err, what);
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    return 0;
}

int pl_sq_insert(pl_sq_store *s, sqlite3_stmt *st, int64_t *id, const char *what, pl_error *err)
{
    int rc = pl_sq_done(s, st, err, what);
    if (rc == 0)
        *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

int pl_sq_ready(pl_sq_store *s, sqlite3_stmt **st, const char *sql, pl_error *err)
{
    *st = NULL;
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    *st = pl_sq_stmt(s, sql, err);
    return *st ? 0 : PL_EINTERNAL;
}

int pl_sq_ready_as(pl_sq_store *s, const pl_actor *who, sqlite3_stmt **st, const char *sql,
                   pl_error *err)
{
    int rc = pl_sq_ready(s, st, sql, err);
    if (rc == 0)
        pl_sq_set_actor(s, who);
    return rc;
}

int pl_sq_row(pl_sq_store *s, sqlite3_stmt *st, const char *what, pl_error *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 1;
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : pl_sq_step_error(s, rc, err, what);
}

int pl_sq_tx_begin(pl_sq_store *s, bool *own, pl_error *err)
{
    *own = !s->in_tx;
    return *own ? pl_sq_begin(s, err) : 0;
}

int pl_sq_tx_end(pl_sq_store *s, bool own, int rc, pl_error *err)
{
    if (!own)
        return rc;
    if (rc == 0)
        rc = pl_sq_commit(s, err);
    if (rc)
        pl_sq_rollback(s);
    return rc;
}

int pl_sq_begin_as(pl_sq_store *s, const pl_actor *who, pl_error *err)
{
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    return pl_sq_begin(s, err);
}

sqlite3_stmt *pl_sq_stmt(pl_sq_store *s, const char *sql, pl_error *err)
{
    for (int i = 0; i < s->n_cache; i++) {
        if (s->cache[i].sql == sql) {
            sqlite3_stmt *st = s->cache[i].stmt;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
    }
    sqlite3_stmt *st = NULL;
    unsigned flags = s->n_cache < PL_STMT_CACHE ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(s->db, sql, -1, flags, &st, NULL) != SQLITE_OK) {
        pl_sq_fail(s, PL_EINTERNAL, err, "prepare");
        return NULL;
    }
    if (s->n_cache < PL_STMT_CACHE) {
        s->cache[s->n_cache].sql = sql;
        s->cache[s->n_cache].stmt = st;
        s->n_cache++;
        return st;
    }
    /* Cache full: a programming error (raise PL_STMT_CACHE). */
    sqlite3_finalize(st);
    pl_error_set(err, PL_EINTERNAL, "", "statement cache full");
    return NULL;
}

static void set_text(char *dst, size_t cap, const char *src)
{
    if (strncmp(dst, src, cap) == 0)
        return; /* the common case: the same actor as the last statement's */
    size_t n = strnlen(src, cap - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void pl_sq_set_actor(pl_sq_store *s, const pl_actor *who)
{
    set_text(s->actor, sizeof s->actor, who && who->user ? who->user : "system");
    set_text(s->client, sizeof s->client, who && who->client ? who->client : "");
}

int pl_sq_require_schema(pl_sq_store *s, pl_error *err)
{
    if (s->schema_ok)
        return 0;
    int v = 0;
    int rc = pl_sq_schema_version(s, &v, err);
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

int pl_sq_bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
    if (v == NULL || v[0] == '\0')
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

int pl_sq_one_int64(pl_sq_store *s, const char *sql, const char *text1, int64_t dflt, int64_t *out,
                    const char *what, pl_error *err)
{
    PL_SQ_PREP(st, sql);
    if (text1)
        sqlite3_bind_text(st, 1, text1, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : dflt;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : pl_sq_step_error(s, rc, err, what);
}

void pl_sq_col_text(char *out, size_t cap, sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    size_t n = t ? (size_t)sqlite3_column_bytes(st, i) : 0;
    if (n >= cap)
        n = cap - 1; /* fields are validated to fit; never overflow if one does not */
    if (n)
        memcpy(out, t, n);
    out[n] = '\0';
}

bool pl_sq_in_scope(const char *code, const char *scope)
{
    return scope == NULL || scope[0] == '\0' || pl_region_code_in_scope(code, scope);
}

const int pl_sq_level_len[5] = {0, 2, 5, 8, 13};

int pl_sq_query_region(char *out, size_t cap, const char *scope, const char *region, pl_error *err)
{
    const char *sc = scope ? scope : "";
    const char *rg = region ? region : "";
    if (rg[0] && !pl_sq_in_scope(rg, sc))
        return pl_error_set(err, PL_EDENIED, "wilayah", "wilayah %s di luar wilayah akses Anda",
                            rg);
    snprintf(out, cap, "%s", rg[0] ? rg : sc);
    return 0;
}

static void one_range(char *lo, char *hi, const char *prefix)
{
    if (prefix == NULL || prefix[0] == '\0') {
        strcpy(lo, "");
        strcpy(hi, "~"); /* above every digit and dot */
        return;
    }
    /* '/' sorts right after '.', so [p, p + "/") holds p and every "p.*". */
    snprintf(lo, 16, "%.14s", prefix);
    snprintf(hi, 16, "%.14s/", prefix);
}

void pl_sq_prefix_range(char *lo, char *hi, const char *prefix, const char *within)
{
    char lo2[16], hi2[16];
    one_range(lo, hi, prefix);
    one_range(lo2, hi2, within);
    if (strcmp(lo2, lo) > 0)
        strcpy(lo, lo2);
    if (strcmp(hi2, hi) < 0)
        strcpy(hi, hi2);
}

int pl_sq_exec(pl_sq_store *s, const char *sql, pl_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc =
            (sqlite3_errcode(s->db) & 0xff) == SQLITE_FULL || sqlite3_system_errno(s->db) == ENOSPC
                ? pl_sq_fail(s, PL_EIO, err, "exec")
                : pl_error_set(err, PL_EIO, "", "kesalahan basis data: %s", msg ? msg : "?");
        sqlite3_free(msg);
        return rc;
    }
    return 0;
}

/*
 * Process-wide SQLite configuration, once, before the library initialises:
 * no memory statistics (they take a global mutex on every allocation, which
 * serialises the HTTP workers and costs the importer ~5 %).
 */
static void configure_sqlite(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); /* MISUSE when already initialised: harmless */
    pl_sq_cipher_configure();
}

/* Takes group and other permissions off path and its -wal, -shm and -journal; *was: path's old
 * mode. */
static void tighten_set(const char *path, unsigned *was)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        char p[4096];
        unsigned w = 0;
        if (snprintf(p, sizeof p, "%s%s", path, suffix[i]) < (int)sizeof p &&
            pl_fs_tighten(p, &w, NULL) == 0 && i == 0 && was)
            *was = w;
    }
}

/*
 * The durability of commits (pl_sq_open's PL_STORE_SYNC_NORMAL): FULL syncs the WAL at
 * every commit, so a commit that returned survives a power loss; NORMAL syncs it only at
 * checkpoints, so a power loss can roll back the commits since the last one (the file stays
 * consistent). A process crash loses nothing either way.
 */
static const char *sync_pragma(unsigned flags, const char *schema)
{
    bool normal = flags & PL_STORE_SYNC_NORMAL;
    if (strcmp(schema, "main") == 0)
        return normal ? "PRAGMA main.synchronous = NORMAL" : "PRAGMA main.synchronous = FULL";
    return normal ? "PRAGMA " PL_SQ_READS ".synchronous = NORMAL"
                  : "PRAGMA " PL_SQ_READS ".synchronous = FULL";
}

/* True for paths SQLite does not take as a file name (memory, temporary, URI). */
static bool not_a_file(const char *path)
{
    return path[0] == '\0' || strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0;
}

/*
 * The data base, its -wal and -shm hold everyone's personal data: owner only, whatever the
 * umask. A new file is created 0600 before SQLite opens it (SQLite gives -wal and -shm the
 * main file's mode); group and other permissions are taken off existing files (when we own
 * them; otherwise SQLite's own error or success stands). Records the main file's old mode.
 * The same holds for the read-audit file (PL_STORE_READS_SUFFIX) and its -wal and -shm.
 */
static int private_files(pl_sq_store *s, const char *path, unsigned flags, pl_error *err)
{
    if (not_a_file(path))
        return 0;
    bool created = false;
    if ((flags & PL_STORE_CREATE) && access(path, F_OK) != 0) {
        int rc = pl_fs_prepare(path, &created, err);
        if (rc)
            return rc;
    }
    tighten_set(path, &s->tightened_mode);
    char reads[4096];
    if (snprintf(reads, sizeof reads, "%s%s", path, PL_STORE_READS_SUFFIX) < (int)sizeof reads) {
        unsigned was = 0;
        tighten_set(reads, &was);
        if (was && !s->tightened_mode)
            s->tightened_mode = was;
    }
    return 0;
}

/*
 * Attaches the read-audit file beside the data base (path + PL_STORE_READS_SUFFIX) as
 * schema "reads", in WAL mode: the HTTP server's audit writer commits there only, so the
 * data base's readers keep their page caches and PRAGMA data_version. A missing file is
 * created 0600 (not for a read-only open: an empty in-memory one stands in); when the data
 * base is already at the version that has the read audit, its table is created at once and
 * pl_sq_reads_recreated says so. Memory and temporary data bases get a memory one.
 */
static int attach_reads(pl_sq_store *s, const char *path, unsigned flags, pl_error *err)
{
    char reads[4096] = ":memory:";
    bool writable = !(flags & PL_STORE_READONLY);
    if (!not_a_file(path)) {
        if (snprintf(reads, sizeof reads, "%s%s", path, PL_STORE_READS_SUFFIX) >= (int)sizeof reads)
            return pl_error_set(err, PL_EIO, "db", "nama berkas basis data terlalu panjang");
        if (access(reads, F_OK) != 0) {
            bool created = false;
            if (!writable)
                snprintf(reads, sizeof reads, ":memory:");
            else if (pl_fs_prepare(reads, &created, err))
                return err ? err->code : PL_EIO;
        }
    }
    sqlite3_stmt *st = NULL;
    int klen = 0;
    const char *key = strcmp(reads, ":memory:") ? pl_sq_key(&klen) : NULL;
    if (sqlite3_prepare_v2(s->db,
                           key ? "ATTACH DATABASE ?1 AS " PL_SQ_READS " KEY ?2"
                               : "ATTACH DATABASE ?1 AS " PL_SQ_READS,
                           -1, &st, NULL) != SQLITE_OK)
        return pl_sq_fail(s, PL_EIO, err, "attach");
    sqlite3_bind_text(st, 1, reads, -1, SQLITE_STATIC);
    if (key)
        sqlite3_bind_text(st, 2, key, klen, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return pl_error_set(err, PL_EIO, "db", "berkas audit baca '%s' tidak dapat dibuka: %s",
                            reads, sqlite3_errmsg(s->db));
    if (writable && (pl_sq_exec(s, "PRAGMA " PL_SQ_READS ".journal_mode = WAL", err) ||
                     pl_sq_exec(s, sync_pragma(flags, PL_SQ_READS), err)))
        return err ? err->code : PL_EIO;
    /* A data base copied without its read-audit file: start an empty one. */
    int v = 0;
    if ((rc = pl_sq_schema_version(s, &v, err)))
        return rc;
    if (v < PL_SQ_READS_SINCE)
        return 0;
    st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT count(*) FROM " PL_SQ_READS ".sqlite_master "
                           "WHERE type = 'table' AND name = 'audit_read'",
                           -1, &st, NULL) != SQLITE_OK)
        return pl_sq_fail(s, PL_EIO, err, "audit_read");
    int have = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    if (have)
        return 0;
    /* A data base with an audit chain gets the read audit's chain with the new table. */
    st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT count(*) FROM main.sqlite_master "
                           "WHERE type = 'table' AND name = 'audit_chain'",
                           -1, &st, NULL) != SQLITE_OK)
        return pl_sq_fail(s, PL_EIO, err, "audit_chain");
    int chained = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    s->reads_recreated = !not_a_file(path);
    if (!writable) {
        /* Read-only: an empty stand-in when one can be made; else reads fail when asked. */
        if (pl_sq_exec(s, pl_sq_reads_schema, NULL) == 0 && chained)
            pl_sq_exec(s, pl_sq_reads_chain_schema, NULL);
        return 0;
    }
    rc = pl_sq_exec(s, pl_sq_reads_schema, err);
    return rc == 0 && chained ? pl_sq_exec(s, pl_sq_reads_chain_schema, err) : rc;
}

bool pl_sq_reads_recreated(const pl_sq_store *s)
{
    return s && s->reads_recreated;
}

unsigned pl_sq_tightened_mode(const pl_sq_store *s)
{
    return s ? s->tightened_mode : 0;
}

/*
 * Reads the schema so that a non-database, an encrypted file without its key and a plain file
 * opened with a key are refused here, with a message that says which, not later.
 */
static int readable(pl_sq_store *s, const char *path, pl_error *err)
{
    int rc = sqlite3_exec(s->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        return 0;
    if ((rc & 0xff) != SQLITE_NOTADB)
        return pl_error_set(err, PL_EIO, "db", "basis data '%s' tidak dapat dibaca: %s", path,
                            sqlite3_errmsg(s->db));
    if (pl_sq_keyed()) /* the key given does not fit: the operator's input */
        return pl_error_set(err, PL_EINVAL, "db",
                            "basis data '%s' tidak dapat dibuka dengan kunci ini: kuncinya salah, "
                            "atau berkas itu tidak terenkripsi atau bukan basis data Pilar",
                            path);
    return pl_error_set(
        err, PL_EIO, "db", "berkas '%s' bukan basis data Pilar%s", path,
        pl_store_cipher_built() ? " atau terenkripsi (berikan kuncinya dengan --db-key-file)" : "");
}

int pl_sq_open(pl_sq_store **out, const char *path, unsigned flags, pl_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_sqlite);
    *out = NULL;
    pl_sq_store *s = calloc(1, sizeof *s);
    if (s == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    s->base.ops = &pl_sq_ops;
    s->audit_inserts = 1;
    int oflags = (flags & PL_STORE_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (flags & PL_STORE_CREATE)
        oflags |= SQLITE_OPEN_CREATE;
    oflags |= SQLITE_OPEN_NOMUTEX;
    if (private_files(s, path, flags, err))
        goto fail;
    int rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
    if (rc != SQLITE_OK && !(flags & PL_STORE_CREATE) && access(path, F_OK) != 0) {
        pl_error_set(err, PL_EIO, "db", "basis data '%s' belum ada; jalankan 'pilar init' dahulu",
                     path);
        goto fail;
    }
    if (rc != SQLITE_OK) {
        pl_error_set(err, PL_EIO, "db", "basis data '%s' tidak dapat dibuka: %s", path,
                     s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 5000);
    if (sqlite3_create_function(s->db, "pl_actor", 0, SQLITE_UTF8, s, fn_actor, NULL, NULL) ||
        sqlite3_create_function(s->db, "pl_client", 0, SQLITE_UTF8, s, fn_client, NULL, NULL) ||
        sqlite3_create_function(s->db, "pl_audit_inserts", 0, SQLITE_UTF8, s, fn_audit_inserts,
                                NULL, NULL) ||
        sqlite3_create_function(s->db, "pl_audit_hash", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                NULL, pl_sq_fn_audit_hash, NULL, NULL)) {
        pl_sq_fail(s, PL_EIO, err, "functions");
        goto fail;
    }
    /* In-memory stores (pl_sq_audit_verify's reference schema) hold nothing to encrypt. */
    if ((!not_a_file(path) && pl_sq_cipher_key(s->db, err)) || readable(s, path, err))
        goto fail;
    if (pl_sq_exec(s, "PRAGMA foreign_keys = ON", err))
        goto fail;
    if (!(flags & PL_STORE_READONLY)) {
        if (pl_sq_exec(s, "PRAGMA journal_mode = WAL", err) ||
            pl_sq_exec(s, sync_pragma(flags, "main"), err))
            goto fail;
    }
    if (pl_sq_exec(s, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY", err))
        goto fail;
    if (attach_reads(s, path, flags, err))
        goto fail;
    int v = 0;
    if (pl_sq_schema_version(s, &v, err))
        goto fail;
    s->schema_ok = (v == PL_STORE_SCHEMA_VERSION);
    *out = s;
    return 0;
fail:
    pl_sq_close(s);
    return err ? err->code : PL_EIO;
}

void pl_sq_close(pl_sq_store *s)
{
    if (s == NULL)
        return;
    pl_sq_checkpointer_stop(s->bulk_ckpt);
    for (int i = 0; i < s->n_cache; i++)
        sqlite3_finalize(s->cache[i].stmt);
    if (s->db) {
        if (s->in_tx)
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(s->db);
    }
    free(s);
}

int pl_sq_schema_version(pl_sq_store *s, int *out, pl_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return pl_sq_fail(s, PL_EIO, err, "user_version");
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return pl_sq_fail(s, PL_EIO, err, "user_version");
    return 0;
}

int pl_sq_migrate_to(pl_sq_store *s, int target, int *from, int *to, pl_error *err)
{
    int v = 0;
    int rc = pl_sq_schema_version(s, &v, err);
    if (rc)
        return rc;
    if (from)
        *from = v;
    if (to)
        *to = v;
    if (v > pl_sq_migration_count)
        return pl_error_set(err, PL_ECONFLICT, "db",
                            "basis data berversi %d lebih baru dari program ini (versi %d); "
                            "pakai Pilar yang lebih baru",
                            v, pl_sq_migration_count);
    if (target > pl_sq_migration_count)
        target = pl_sq_migration_count;
    for (; v < target; v++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
        if ((rc = pl_sq_exec(s, "BEGIN IMMEDIATE", err)))
            return rc;
        if ((rc = pl_sq_exec(s, pl_sq_migrations[v], err)) || (rc = pl_sq_exec(s, pragma, err))) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        if ((rc = pl_sq_exec(s, "COMMIT", err)))
            return rc;
        if (to)
            *to = v + 1;
    }
    s->schema_ok = (v == PL_STORE_SCHEMA_VERSION);
    return 0;
}

int pl_sq_migrate(pl_sq_store *s, int *from, int *to, pl_error *err)
{
    int rc = pl_sq_migrate_to(s, PL_STORE_SCHEMA_VERSION, from, to, err);
    if (rc)
        return rc;
    /* Former region codes are domain data; keep the table in step with the build. */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO region_former(code, current_code, name, valid_until, "
                           "reason) VALUES(?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET "
                           "current_code=excluded.current_code, name=excluded.name, "
                           "valid_until=excluded.valid_until, reason=excluded.reason",
                           -1, &st, NULL) != SQLITE_OK)
        return pl_sq_fail(s, PL_EIO, err, "region_former");
    rc = 0;
    for (size_t i = 0; i < pl_region_former_count() && rc == 0; i++) {
        const pl_region_former *f = pl_region_former_at(i);
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, f->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, f->current, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, f->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, f->until, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, f->reason ? f->reason : "", -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = pl_sq_fail(s, PL_EIO, err, "region_former");
    }
    sqlite3_finalize(st);
    return rc;
}

int pl_sq_begin(pl_sq_store *s, pl_error *err)
{
    if (s->in_tx && s->nest_ok) {
        int rc = pl_sq_exec(s, "SAVEPOINT pl_nest", err);
        if (rc == 0)
            s->nest_depth++;
        return rc;
    }
    if (s->in_tx)
        return pl_error_set(err, PL_EINTERNAL, "", "transaksi bersarang tidak didukung");
    int rc = pl_sq_exec(s, "BEGIN IMMEDIATE", err);
    if (rc == 0)
        s->in_tx = 1;
    return rc;
}

int pl_sq_begin_outer(pl_sq_store *s, pl_error *err)
{
    int rc = pl_sq_begin(s, err);
    if (rc == 0) {
        s->nest_ok = 1;
        s->nest_depth = 0;
    }
    return rc;
}

int pl_sq_commit(pl_sq_store *s, pl_error *err)
{
    if (s->nest_ok && s->nest_depth > 0) {
        int rc = pl_sq_exec(s, "RELEASE pl_nest", err);
        if (rc == 0)
            s->nest_depth--;
        return rc;
    }
    int rc = pl_sq_exec(s, "COMMIT", err);
    if (rc == 0) {
        s->in_tx = 0;
        s->nest_ok = 0;
        pl_sq_checkpointer_kick(s->bulk_ckpt);
    }
    return rc;
}

int pl_sq_rollback(pl_sq_store *s)
{
    if (!s->in_tx)
        return 0;
    if (s->nest_ok && s->nest_depth > 0) {
        sqlite3_exec(s->db, "ROLLBACK TO pl_nest", NULL, NULL, NULL);
        sqlite3_exec(s->db, "RELEASE pl_nest", NULL, NULL, NULL);
        s->nest_depth--;
        return 0;
    }
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
    s->nest_ok = 0;
    return 0;
}

int pl_sq_integrity_check(pl_sq_store *s, pl_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return pl_sq_fail(s, PL_EIO, err, "integrity_check");
    int rc = PL_EIO;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t && strcmp(t, "ok") == 0)
            rc = 0;
        else
            pl_error_set(err, PL_EIO, "db", "pemeriksaan integritas gagal: %s", t ? t : "?");
    } else {
        pl_sq_fail(s, PL_EIO, err, "integrity_check");
    }
    sqlite3_finalize(st);
    if (rc == 0) {
        /* Foreign keys too: a crash must not leave orphans. */
        if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
            return pl_sq_fail(s, PL_EIO, err, "foreign_key_check");
        if (sqlite3_step(st) == SQLITE_ROW) {
            rc = pl_error_set(err, PL_EIO, "db", "rujukan rusak di tabel %s",
                              (const char *)sqlite3_column_text(st, 0));
        }
        sqlite3_finalize(st);
    }
    return rc;
}

const char *pl_sq_location(pl_sq_store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        return NULL;
    const char *f = sqlite3_db_filename(s->db, "main");
    return f && f[0] ? f : NULL;
}

int pl_sq_auth_stamp(pl_sq_store *s, int64_t *out, pl_error *err)
{
    static const char sql[] = "PRAGMA data_version";
    PL_SQ_PREP(st, sql);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return pl_sq_step_error(s, rc, err, "data_version");
    *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

/* No replicas on SQLite (store/replica.h): nothing to wait for, one file is always current. */
int pl_sq_write_position(pl_sq_store *s, uint64_t *lsn, pl_error *err)
{
    (void)s;
    (void)err;
    *lsn = 0;
    return 0;
}

int pl_sq_replay_position(pl_sq_store *s, uint64_t *lsn, pl_error *err)
{
    (void)s;
    (void)err;
    *lsn = UINT64_MAX;
    return 0;
}

/* Nothing is shared between SQLite connections of a process (store/shared.h). */
int pl_sq_share(pl_sq_store *s, pl_store_shared *sh, pl_error *err)
{
    (void)s;
    (void)sh;
    (void)err;
    return 0;
}
