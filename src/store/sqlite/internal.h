/*
 * internal.h - private to the SQLite backend: the store handle, the
 * prepared-statement cache, the row loop and small binding helpers. The
 * backend implements every area header of src/store/, so this includes
 * them all; nothing outside src/store/sqlite/ includes this (tests that
 * reach into the backend excepted).
 */
#ifndef PL_STORE_SQLITE_INTERNAL_H
#define PL_STORE_SQLITE_INTERNAL_H

#include "store/approval.h"
#include "store/audit.h"
#include "store/auth.h"
#include "store/bulk.h"
#include "store/card.h"
#include "store/dedup.h"
#include "store/disaster.h"
#include "store/disburse.h"
#include "store/dtsen.h"
#include "store/enrolment.h"
#include "store/export.h"
#include "store/geo.h"
#include "store/household.h"
#include "store/indicator.h"
#include "store/integrity.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/program.h"
#include "store/program_report.h"
#include "store/psks.h"
#include "store/rakor.h"
#include "store/region.h"
#include "store/report.h"
#include "store/store.h"
#include "store/summary.h"
#include "store/sync.h"
#include "store/transfer.h"

#include "store/backend.h"
#include "store/sqlite/api.h"

#include <sqlite3.h>

#define PL_STMT_CACHE 256

/*
 * The SQLite handle. Its first member is the common base the public functions receive
 * (store/ops.h): pl_sq_open sets base.ops to pl_sq_ops, and the generated ops.c turns the
 * public handle back into this one.
 */
struct pl_sq_store {
    pl_store base;
    sqlite3 *db;
    int in_tx;
    int nest_ok;        /* pl_sq_begin_outer: nested begins become savepoints */
    int nest_depth;     /* savepoints open inside it */
    int schema_ok;      /* schema version matches this build */
    int audit_inserts;  /* per-row audit of inserts (off during bulk import) */
    int bulk;           /* bulk-load mode (pl_sq_bulk_begin) */
    int bulk_fast_ok;   /* the insert phase may run without triggers */
    int bulk_inserts;   /* in the insert phase (pl_sq_bulk_phase) */
    int bulk_geo_later; /* spatial indexes packed at bulk_end instead of per batch */
    struct pl_sq_checkpointer *bulk_ckpt; /* background WAL checkpoints during a bulk load */
    int64_t bulk_fts_done;                /* people with id above this are not yet name-indexed */
    int64_t bulk_hh_done; /* households with id above this have no residence row yet */
    char now[24];         /* timestamp bound by bulk statements */
    char actor[64];       /* current actor for audit triggers */
    char client[64];
    struct {
        const char *sql; /* key: the SQL text's address (string literals) */
        sqlite3_stmt *stmt;
    } cache[PL_STMT_CACHE];
    int n_cache;
    unsigned tightened_mode; /* the data base file's mode before pl_sq_open tightened it */
    int reads_recreated;     /* pl_sq_open started an empty read-audit file */
};

/*
 * The read audit lives in its own file (path + PL_STORE_READS_SUFFIX), attached on every
 * connection as this schema: its commits leave the data base's WAL index alone, so other
 * connections keep their page caches. Its table is created by migration PL_SQ_READS_SINCE
 * (pl_sq_reads_schema, also run when an existing data base comes without the file).
 */
#define PL_SQ_READS "reads"
#define PL_SQ_READS_SINCE 12
extern const char pl_sq_reads_schema[];

/*
 * The audit's hash chain (schema_chain.c, chain.c). pl_audit_hash(prev, fields...) is the SQL
 * function the sealing triggers call (registered on every connection by pl_sq_open);
 * pl_sq_chain_seal seals write-audit rows inserted while the connection's triggers were off
 * (a bulk load's insert phase), in the caller's transaction. pl_sq_reads_chain_schema creates
 * the read audit's chain (run by pl_sq_open beside pl_sq_reads_schema when the data base
 * has a chain). pl_sq_reads_boundary: the last sealed read row below id `below` and its seal
 * (hex; id 0 when none), which a purge records.
 */
void pl_sq_fn_audit_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv);
int pl_sq_chain_seal(pl_sq_store *s, pl_error *err);
int pl_sq_reads_boundary(pl_sq_store *s, int64_t below, int64_t *last_id, char *last_hash,
                         pl_error *err);
extern const char pl_sq_chain_seal_sql[];
extern const char pl_sq_reads_chain_schema[];
extern const char pl_sq_chain_walk_audit[];
extern const char pl_sq_chain_walk_reads[];
extern const char pl_sq_drift_person[];
extern const char pl_sq_drift_household[];
extern const char pl_sq_drift_socio[];

/*
 * A thread with its own connection that checkpoints the WAL (PASSIVE) after
 * each kick (checkpointer.c). start returns NULL when it cannot run (the load
 * then simply goes without); stop joins the thread and frees everything.
 */
typedef struct pl_sq_checkpointer pl_sq_checkpointer;
pl_sq_checkpointer *pl_sq_checkpointer_start(pl_sq_store *s);
void pl_sq_checkpointer_kick(pl_sq_checkpointer *c);
void pl_sq_checkpointer_stop(pl_sq_checkpointer *c);

/*
 * Runs sql (cached; its text may bind ?1 to text1 when text1 is not NULL) and
 * stores the first column of its first row in *out, or dflt when there is no
 * row. what names the table in error messages.
 */
int pl_sq_one_int64(pl_sq_store *s, const char *sql, const char *text1, int64_t dflt, int64_t *out,
                    const char *what, pl_error *err);

/* Returns a reset statement for sql (prepared once, cached), or NULL with err set. */
sqlite3_stmt *pl_sq_stmt(pl_sq_store *s, const char *sql, pl_error *err);

/* Sets err from the connection's last error; returns code. */
int pl_sq_fail(pl_sq_store *s, int code, pl_error *err, const char *what);

/* Maps a failed step's result to a PL_E* code with a message (constraint -> conflict). */
int pl_sq_step_error(pl_sq_store *s, int rc, pl_error *err, const char *what);

/* Records who acts, for triggers and explicit audit rows. */
void pl_sq_set_actor(pl_sq_store *s, const pl_actor *who);

/* Refuses work on a file whose schema does not match this build. */
int pl_sq_require_schema(pl_sq_store *s, pl_error *err);

/* Binds text, or NULL when the string is empty. */
int pl_sq_bind_text_or_null(sqlite3_stmt *st, int i, const char *v);

/* Copies column i into a fixed buffer ("" for NULL). */
void pl_sq_col_text(char *out, size_t cap, sqlite3_stmt *st, int i);

/*
 * SQL text: true when the dotted code column COL lies inside the region prefix
 * bound as parameter P ("" covers everything; "64.74" covers "64.74" and every
 * "64.74.*", never "64.741"). For hot queries prefer pl_sq_prefix_range.
 */
#define PL_SQ_IN_PREFIX(COL, P)                                                                    \
    "(" P " = '' OR " COL " = " P " OR (" COL " >= " P " || '.' AND " COL " < " P " || '/'))"

/* True when the dotted code lies inside scope (NULL or "" = everything). */
bool pl_sq_in_scope(const char *code, const char *scope);

/* Length of a dotted code at each level (1 province .. 4 village); index 0 unused. */
extern const int pl_sq_level_len[5];

/*
 * The region a scoped query runs over: region when given (it must lie
 * inside scope, else PL_EDENIED), else the scope itself ("" = all).
 */
int pl_sq_query_region(char *out, size_t cap, const char *scope, const char *region, pl_error *err);

/*
 * The usual start of a report by region level: checks the schema, that level is 1 (province)
 * to 4 (village), and sets out (PL_REGION_CODE_MAX bytes) to the region the report runs over
 * (pl_sq_query_region). 0, or a PL_E* code with err set.
 */
int pl_sq_level_report(char *out, pl_sq_store *s, const char *scope, const char *region, int level,
                       pl_error *err);

/*
 * Turns a region prefix into an index-friendly range: codes inside prefix
 * are exactly those with lo <= code < hi ("" covers every code). When both
 * prefix and within are given, the range is their intersection (which is
 * empty, lo >= hi, when they are disjoint). lo and hi need 16 bytes each.
 */
void pl_sq_prefix_range(char *lo, char *hi, const char *prefix, const char *within);

/* SQL text: the current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
#define PL_SQ_NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
#define PL_SQ_UNIX "CAST(strftime('%s','now') AS INTEGER)" /* now in unix seconds */

/*
 * The audit triggers a migration creates for table T (with an integer id): one row in audit
 * per insert, update and delete, JSON(R) being the json_object(...) of row R ("OLD", "NEW").
 * PL_SQ_AUDIT_TRIGGERS logs inserts only while pl_audit_inserts() holds;
 * PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS logs every insert. Released migrations expand these, so
 * their text must never change.
 */
#define PL_SQ_AUDIT_TRIGGERS_(T, JSON, INSERT_WHEN)                                                \
    "CREATE TRIGGER " T "_audit_insert AFTER INSERT ON " T INSERT_WHEN " BEGIN "                   \
    "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) "              \
    "VALUES(" PL_SQ_NOW ", pl_actor(), pl_client(), 'insert', '" T "', NEW.id, NULL, " JSON(       \
        "NEW") "); END;\n"                                                                         \
               "CREATE TRIGGER " T "_audit_update AFTER UPDATE ON " T " BEGIN "                    \
               "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) "   \
               "VALUES(" PL_SQ_NOW ", pl_actor(), pl_client(), 'update', '" T                      \
               "', NEW.id, " JSON("OLD") ", " JSON(                                                \
                   "NEW") "); END;\n"                                                              \
                          "CREATE TRIGGER " T "_audit_delete AFTER DELETE ON " T " BEGIN "         \
                          "INSERT INTO audit(at, actor, client, action, entity, entity_id, "       \
                          "before, after) "                                                        \
                          "VALUES(" PL_SQ_NOW ", pl_actor(), pl_client(), 'delete', '" T           \
                          "', OLD.id, " JSON("OLD") ", NULL); END;\n"
/*
 * Drift between the records of table T and their audit (pl_sq_audit_verify): the first row
 * with a value that differs from the after image of its latest audited insert or update,
 * i.e. a row changed while its audit trigger was away. JSON is the image the table's
 * triggers write now; each key of the stored image is compared with the same key of the
 * row's image today, so that images written before a migration added a key still compare.
 * Rows never audited (a bulk load's inserts) have nothing to compare with. When a migration
 * makes a table's audit triggers again with a new image, its drift query moves beside it.
 */
#define PL_SQ_DRIFT(T, JSON)                                                                       \
    "SELECT r.id FROM " T " r JOIN audit a ON a.id = (SELECT max(id) FROM audit "                  \
    "WHERE entity = '" T "' AND entity_id = r.id AND action IN ('insert', 'update')) "             \
    "WHERE EXISTS (SELECT 1 FROM json_each(a.after) j "                                            \
    "WHERE j.value IS NOT json_extract(" JSON("r") ", '$.' || j.key)) ORDER BY r.id LIMIT 1"
#define PL_SQ_AUDIT_TRIGGERS(T, JSON) PL_SQ_AUDIT_TRIGGERS_(T, JSON, " WHEN pl_audit_inserts()")
#define PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS(T, JSON) PL_SQ_AUDIT_TRIGGERS_(T, JSON, "")

/* Steps a statement that returns no rows and resets it; a PL_E* code on failure. */
int pl_sq_done(pl_sq_store *s, sqlite3_stmt *st, pl_error *err, const char *what);

/*
 * The usual start of a store call: checks the schema and sets *st to the
 * cached statement for sql, reset (pl_sq_ready_as also records who acts,
 * for writes). 0, or a PL_E* code with err set.
 */
int pl_sq_ready(pl_sq_store *s, sqlite3_stmt **st, const char *sql, pl_error *err);
int pl_sq_ready_as(pl_sq_store *s, const pl_actor *who, sqlite3_stmt **st, const char *sql,
                   pl_error *err);

/*
 * Steps a query that reads one row: 1 when there is one (st stays on it:
 * read it, then reset st), 0 when there is none, or a PL_E* code with err
 * set (st is reset in both cases).
 */
int pl_sq_row(pl_sq_store *s, sqlite3_stmt *st, const char *what, pl_error *err);

/*
 * Begins a transaction unless the caller has one open; *own says whether
 * this call began it. pl_sq_tx_end then commits it when rc is 0 (a failed
 * commit becomes the result) and rolls it back otherwise, and returns rc;
 * with own false it only returns rc.
 */
int pl_sq_tx_begin(pl_sq_store *s, bool *own, pl_error *err);
int pl_sq_tx_end(pl_sq_store *s, bool own, int rc, pl_error *err);

/*
 * Steps an INSERT (no rows) and resets it; *id receives the new row's id.
 * A PL_E* code on failure, as pl_sq_done.
 */
int pl_sq_insert(pl_sq_store *s, sqlite3_stmt *st, int64_t *id, const char *what, pl_error *err);

/* Checks the schema, records who acts and begins a transaction. */
int pl_sq_begin_as(pl_sq_store *s, const pl_actor *who, pl_error *err);

/*
 * Inside a function with pl_sq_store *s and pl_error *err: declares st as the
 * cached statement for sql, or returns PL_EINTERNAL from the function.
 */
#define PL_SQ_PREP(st, sql)                                                                        \
    sqlite3_stmt *st = pl_sq_stmt(s, sql, err);                                                    \
    if (st == NULL)                                                                                \
    return PL_EINTERNAL

/*
 * Inside a transaction of a function with s, err, int rc and a fail label:
 * runs sql, bound by BIND (an expression over st_), which must succeed,
 * else sets rc and jumps to fail.
 */
#define PL_SQ_TX_STEP(sql, BIND, what)                                                             \
    do {                                                                                           \
        sqlite3_stmt *st_ = pl_sq_stmt(s, sql, err);                                               \
        if (st_ == NULL) {                                                                         \
            rc = PL_EINTERNAL;                                                                     \
            goto fail;                                                                             \
        }                                                                                          \
        BIND;                                                                                      \
        if ((rc = pl_sq_done(s, st_, err, what)))                                                  \
            goto fail;                                                                             \
    } while (0)

/* ------------------------------------------------------------- row loops */

/* A callback of any type; a pl_sq_rows' emit converts it back to its own. */
typedef void (*pl_sq_fn)(void);
#define PL_SQ_FN(cb) ((pl_sq_fn)(cb))

/*
 * How the rows of one kind of query become records for the caller: the
 * record's size, read (fills a zeroed record from the current row; returns
 * 0 to pass it on, a positive value to skip the row, or a negative PL_E*
 * code with err set to stop with that error; arg is pl_sq_each's), emit
 * (calls the caller's callback, of its own type, with the record) and the
 * table named in error messages. Defined with PL_SQ_ROWS or PL_SQ_ROWS_ARG.
 */
typedef struct pl_sq_rows {
    size_t size;
    int (*read)(void *rec, sqlite3_stmt *st, void *arg);
    int (*emit)(pl_sq_fn cb, void *ctx, const void *rec);
    const char *what;
} pl_sq_rows;

/* The largest record a pl_sq_rows may read (pl_sq_each refuses bigger ones). */
#define PL_SQ_REC_MAX 8192

/*
 * Defines the pl_sq_rows NAME for records of type T passed to callbacks of
 * type CB: READ is void READ(T *, sqlite3_stmt *) (PL_SQ_ROWS), or int
 * READ(T *, sqlite3_stmt *, void *arg) returning as pl_sq_rows.read
 * does (PL_SQ_ROWS_ARG).
 */
#define PL_SQ_EMIT_(NAME, T, CB)                                                                   \
    static int NAME##_emit(pl_sq_fn cb, void *ctx, const void *rec)                                \
    {                                                                                              \
        return ((CB)cb)(ctx, (const T *)rec);                                                      \
    }
#define PL_SQ_ROWS_ARG(NAME, T, CB, READ, WHAT)                                                    \
    static int NAME##_read(void *rec, sqlite3_stmt *st, void *arg)                                 \
    {                                                                                              \
        return READ((T *)rec, st, arg);                                                            \
    }                                                                                              \
    PL_SQ_EMIT_(NAME, T, CB)                                                                       \
    _Static_assert(sizeof(T) <= PL_SQ_REC_MAX, #T " exceeds PL_SQ_REC_MAX");                       \
    static const pl_sq_rows NAME = {sizeof(T), NAME##_read, NAME##_emit, WHAT}
#define PL_SQ_ROWS(NAME, T, CB, READ, WHAT)                                                        \
    static int NAME##_read(void *rec, sqlite3_stmt *st, void *arg)                                 \
    {                                                                                              \
        (void)arg;                                                                                 \
        READ((T *)rec, st);                                                                        \
        return 0;                                                                                  \
    }                                                                                              \
    PL_SQ_EMIT_(NAME, T, CB)                                                                       \
    _Static_assert(sizeof(T) <= PL_SQ_REC_MAX, #T " exceeds PL_SQ_REC_MAX");                       \
    static const pl_sq_rows NAME = {sizeof(T), NAME##_read, NAME##_emit, WHAT}

/*
 * The one row loop of the backend: steps st (bound by the caller) to its
 * end, reads each row into a zeroed record (rows->read) and passes it to cb
 * with ctx (rows->emit). A non-zero return from cb stops the loop and is
 * returned. The statement is reset on every way out; a failed step becomes
 * a PL_E* code through pl_sq_step_error.
 */
int pl_sq_each(pl_sq_store *s, sqlite3_stmt *st, const pl_sq_rows *rows, void *arg, pl_sq_fn cb,
               void *ctx, pl_error *err);

/*
 * Reads the one row sql (a literal; ?1 is the id) finds for id into out, zeroed first, with
 * rows->read: 0; PL_ENOTFOUND on field "id" with "<noun> <id> tidak ditemukan" when there is no
 * such row; or the failure (a stale schema, a failed step, a negative read).
 */
int pl_sq_get_by_id(pl_sq_store *s, const char *sql, int64_t id, const pl_sq_rows *rows, void *out,
                    const char *noun, pl_error *err);

/*
 * Steps st, an optimistic-version UPDATE the caller bound ("... SET ..., version = version + 1
 * WHERE id = <id> AND version = <version>"): 0 when it changed the row. When it changed none,
 * tells why through version_sql (a literal "SELECT version FROM <table> WHERE id = ?1"):
 * PL_ENOTFOUND on "id" ("<noun> <id> tidak ditemukan") when the row is gone, else PL_ECONFLICT on
 * "version" naming the version found. A failed step as pl_sq_done (what names the table).
 */
int pl_sq_update_versioned(pl_sq_store *s, sqlite3_stmt *st, const char *version_sql,
                           const char *noun, int64_t id, int64_t version, const char *what,
                           pl_error *err);

/* Executes a single statement without results (schema, pragmas). */
int pl_sq_exec(pl_sq_store *s, const char *sql, pl_error *err);

/*
 * Encryption at rest (cipher.c): pl_sq_cipher_configure sets the file format once per process;
 * pl_sq_cipher_key keys a freshly opened handle with the process's key (nothing without one);
 * pl_sq_key gives the key for ATTACH ... KEY (NULL when none); pl_sq_keyed says whether a key
 * is set.
 */
void pl_sq_cipher_configure(void);
int pl_sq_cipher_key(sqlite3 *db, pl_error *err);
const char *pl_sq_key(int *len);
bool pl_sq_keyed(void);

/* Migration scripts, index 0 = version 1. */
extern const char *const pl_sq_migrations[];
extern const int pl_sq_migration_count;

/* Bulk-load catch-up statements of the spatial index (schema_geo.c). */
extern const char pl_sq_geo_catch_up_person[];
extern const char pl_sq_geo_catch_up_household[];

/* The change counts (schema_count.c): rebuild, difference with a fresh computation (two
 * counts: rows missing or wrong, rows extra), the member terms of people added after id ?1. */
extern const char pl_sq_count_rebuild[];
extern const char pl_sq_count_diff[];
extern const char pl_sq_count_new_members[];

/*
 * Rebuilds the rtree_i32 table `name` of ndim dimensions from scratch out of
 * the rows of select_sql: Sort-Tile-Recursive packing by the centres of the
 * first two dimensions, nodes about 90 % full, written straight into
 * name_node, name_rowid and name_parent (emptied first) in the caller's
 * transaction. Node size is the one the module uses for the table (the root
 * blob's length). With pad NULL the rows are (id, min0, max0, min1, max1,
 * ...); else (id, v0, v1, ...) with min_k = v_k and max_k = v_k + pad[k]
 * (each value read once: cheaper for points). Values are taken as the module
 * takes them (sqlite3_value_int). *count (may be NULL) receives the number
 * of entries. Errors: PL_EINVAL (a row with min > max or a non-integer id;
 * nothing changed), PL_ECONFLICT (duplicate id), PL_EIO, PL_ENOMEM; after
 * any failure the caller rolls back.
 */
#define PL_SQ_RTREE_MAX_DIMS 5   /* SQLite's RTREE_MAX_DIMENSIONS */
#define PL_SQ_RTREE_MAX_CELLS 51 /* SQLite's RTREE_MAXCELLS */
int pl_sq_rtree_bulk(pl_sq_store *s, const char *name, int ndim, const char *select_sql,
                     const int32_t *pad, long *count, pl_error *err);

/*
 * The deferred-index marker of table name ("person", "household"): *after is
 * its after_id (rows above it may be missing from the R*Tree), -1 when none.
 */
int pl_sq_geo_pending_after(pl_sq_store *s, const char *name, int64_t *after, pl_error *err);

/* Runs migrations up to target (used by tests for "upgrade from previous"). */
int pl_sq_migrate_to(pl_sq_store *s, int target, int *from, int *to, pl_error *err);

#endif
