/*
 * internal.h - private to the PostgreSQL backend: the store handle over one libpq
 * connection and the helpers every area's file uses (running a statement with its
 * parameters, turning a failure into a PL_E* code, transactions with the actor). Nothing
 * outside src/store/pg/ includes this (tests that reach into the backend excepted).
 *
 * How an area is ported: define pl_pg_<name>(pl_pg_store *s, ...) with the signature
 * src/store/pg/api.h declares (in src/store/pg/<area>.c) and run scripts/gen-store-dispatch;
 * the ops table then calls it instead of the "belum tersedia" stub. Use pl_pg_query /
 * pl_pg_command for statements (parameters as text, $1...), pl_pg_tx_begin_as /
 * pl_pg_tx_end for writes (the actor reaches the audit triggers as the transaction-local
 * settings pilar.actor and pilar.client), pl_pg_ready first (schema check).
 */
#ifndef PL_STORE_PG_INTERNAL_H
#define PL_STORE_PG_INTERNAL_H

#include "store/backend.h"
#include "store/pg/api.h"
#include "store/pg/schema.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#define PL_PG_STMT_CACHE 256

/* The PostgreSQL handle; its first member is the common base (store/ops.h). */
struct pl_pg_store {
    pl_store base;
    PGconn *conn;
    char *conninfo; /* as given to pl_store_open: pl_store_location answers it */
    unsigned flags; /* PL_STORE_* of the open, applied again after a reconnection */
    int in_tx;      /* inside pl_store_begin (or a store call's own transaction) */
    int tx_lost;    /* the connection broke inside that transaction: only rollback helps */
    int nest_ok;    /* pl_pg_begin_outer: nested begins become savepoints */
    int nest_depth; /* savepoints open inside it */
    int schema_ok;  /* the schema version matches this build */
    char actor[64]; /* current actor for the audit (pl_pg_set_actor) */
    char client[64];
    const char *prepared[PL_PG_STMT_CACHE]; /* SQL (by address) prepared as "pl<i>" */
    int n_prepared;                         /* on this session: a reconnection starts over */
    struct pl_pg_bulk *bulk; /* the importer's bulk-load state (bulk.c), NULL outside one */
    /* The read chain's head as this handle last wrote or read it (audit.c), and the id to
     * continue from; read_head_known false: read it first. */
    bool read_head_known;
    bool read_head_null; /* the chain is empty: no previous seal */
    int64_t read_head_id;
    int64_t read_next_id;
    unsigned char read_head[32];
    pl_store_shared *shared; /* the process's listener and caches (shared.c), or NULL */
    /* A cluster's coordinator (cluster.c, docs/scale.md): its sessions read national.* first. */
    bool coordinator;
    /* The coordinator has the national registry of NIKs and KKs (public.cluster_key). */
    bool cluster_keys;
};

/* ------------------------------------------------------------- shared.c */

/* The application_name of the listener's connection (pg_stat_activity). */
#define PL_PG_LISTENER_NAME "pilar listener"

/* The generations of pl_store_shared: what a notification of migration 25 names. */
enum { PL_PG_SHARED_AUTH = 0, PL_PG_SHARED_PERSON = 1 };

/*
 * The current generation of kind into *gen; false (nothing may be cached or trusted) when sh
 * is NULL or its listener has not proved itself alive lately.
 */
bool pl_pg_shared_gen(pl_store_shared *sh, int kind, uint64_t *gen);

/* The person with this NIK as cached at the current generation, if any (copied to out). */
bool pl_pg_shared_person_find(pl_store_shared *sh, const char *nik, pl_person *out);

/* Keeps p (read after gen was taken) unless the generation moved since; sh NULL ok. */
void pl_pg_shared_person_keep(pl_store_shared *sh, uint64_t gen, const pl_person *p);

/* The table holding the schema version (one row), created and kept by pl_pg_migrate. */
#define PL_PG_VERSION_TABLE "pilar_schema_version"

/*
 * SQLSTATEs Pilar's PL/pgSQL triggers raise (RAISE EXCEPTION ... USING ERRCODE = 'PL423'),
 * turned into these codes with the trigger's message: a locked period (PL_ELOCKED), a stale
 * version (PL_ECONFLICT), a refusal (PL_EDENIED), bad data (PL_EINVAL), a NIK or KK held by
 * another person or household in the cluster's national registry (PL_ECONFLICT, the field the
 * error's COLUMN names: migration 28). A plain RAISE
 * EXCEPTION (P0001) is PL_EINVAL, or PL_ELOCKED when its message starts "terkunci: " (as on
 * SQLite).
 */
#define PL_PG_STATE_LOCKED "PL423"
#define PL_PG_STATE_STALE "PL409"
#define PL_PG_STATE_DENIED "PL403"
#define PL_PG_STATE_INVALID "PL422"
#define PL_PG_STATE_TAKEN "PL410"

/*
 * Turns a failed result (or, with res NULL, a failure of the connection itself) into a
 * PL_E* code with a message in err, what naming the operation or table. By SQLSTATE:
 * unique violation -> PL_ECONFLICT; check, foreign key, not-null and data exceptions ->
 * PL_EINVAL; serialization failure, deadlock, lock not available -> PL_ECONFLICT ("ulangi");
 * disk full -> PL_ENOSPACE; a lost connection (class 08, server shut down, the connection
 * gone) -> PL_EUNAVAIL; Pilar's own states above; the rest PL_EIO.
 */
int pl_pg_fail(pl_pg_store *s, const PGresult *res, pl_error *err, const char *what);

/*
 * Runs sql with n text parameters (NULL = SQL NULL) and returns its result, which the
 * caller frees with PQclear; NULL with err set on failure (pl_pg_fail). sql must be a string
 * literal (or live as long as s): it is prepared once per session and cached by its address,
 * like SQLite's statements (past PL_PG_STMT_CACHE texts, it runs unprepared). A statement
 * outside a transaction that fails on a serialization failure or deadlock is tried again (3
 * times). A lost connection is re-established at the next call outside a transaction.
 */
PGresult *pl_pg_query(pl_pg_store *s, const char *sql, int n, const char *const *params,
                      pl_error *err, const char *what);

/*
 * Runs sql, a text built when the program runs (DDL naming a server or table), with n text
 * parameters, unprepared: a text in a caller's buffer must not go through pl_pg_query, whose
 * cache is keyed by the text's address. Without parameters it may hold several statements. Returns
 * the result whatever its status (the caller checks PQresultStatus and frees it); NULL with err set
 * when the connection cannot be made.
 */
PGresult *pl_pg_exec_text(pl_pg_store *s, const char *sql, int n, const char *const *params,
                          pl_error *err);

/* pl_pg_exec_text whose result is not needed: 0 or pl_pg_fail's code. */
int pl_pg_command_text(pl_pg_store *s, const char *sql, int n, const char *const *params,
                       pl_error *err, const char *what);

/* pl_pg_query for a statement whose result is not needed: 0 or a PL_E* code. */
int pl_pg_command(pl_pg_store *s, const char *sql, int n, const char *const *params, pl_error *err,
                  const char *what);

/* Refuses work on a data base whose schema does not match this build (as SQLite does). */
int pl_pg_require_schema(pl_pg_store *s, pl_error *err);

/* pl_pg_require_schema, then refuses (PL_EINVAL) a data base that is no cluster's coordinator. */
int pl_pg_need_coordinator(pl_pg_store *s, pl_error *err);

/* Records who acts; inside a transaction the settings are sent at once. */
int pl_pg_set_actor(pl_pg_store *s, const pl_actor *who, pl_error *err);

/*
 * A transaction of the call's own unless the caller has one (*own tells), with the actor
 * set; pl_pg_tx_end commits it when rc is 0, else rolls back, and returns rc or the commit's
 * failure.
 */
int pl_pg_tx_begin_as(pl_pg_store *s, const pl_actor *who, bool *own, pl_error *err);

/*
 * Ends the session's transaction (begun by pl_pg_begin, not nested) with PREPARE TRANSACTION
 * gid (letters, digits and '_' only): its changes stay pending, held by the server across a
 * restart, until COMMIT PREPARED or ROLLBACK PREPARED (two-phase commit, store/xact.h).
 */
int pl_pg_prepare(pl_pg_store *s, const char *gid, pl_error *err);
int pl_pg_tx_end(pl_pg_store *s, bool own, int rc, pl_error *err);

/*
 * Brings the data base to version target with the first target migrations of list (the
 * runner of pl_store_migrate, which passes pl_pg_migrations; tests pass their own): each in
 * its own transaction under an advisory lock (two processes migrating at once apply each
 * version once), the version recorded in PL_PG_VERSION_TABLE. A data base newer than the
 * list is refused with PL_ECONFLICT.
 */
int pl_pg_migrate_list(pl_pg_store *s, const pl_pg_migration *list, size_t n, int target, int *from,
                       int *to, pl_error *err);

/* ------------------------------------------------------------- replica.c */

/* An LSN's text ("16/B374D848") as a number into *out; false when text is not one. */
bool pl_pg_lsn_parse(const char *text, uint64_t *out);

/*
 * The insert position lsn as the end of the last record written, with the WAL's block and
 * segment sizes. A standby's replay position is the end of the last record it replayed; the
 * primary's insert position is the same byte unless that record ended at a page boundary, when
 * it points past the next page's header (24 bytes, 40 at a segment's start), where no record
 * can end. Without this, a write that ended at a boundary would wait for the next write
 * anywhere before its author could read from the replica again.
 */
#define PL_PG_WAL_SHORT_HEADER 24
#define PL_PG_WAL_LONG_HEADER 40
uint64_t pl_pg_lsn_record_end(uint64_t lsn, uint64_t block, uint64_t segment);

/* ------------------------------------------------------------- parameters and values */

/*
 * Text for a number parameter: pl_pg_i64 / pl_pg_f64 write v into buf (caller's storage that
 * must outlive the statement, e.g. a local pl_pg_num) and return it. pl_pg_f64 writes the
 * shortest text that reads back as the same double ("%.17g"), so a value round-trips exactly.
 */
typedef struct pl_pg_num {
    char b[32];
} pl_pg_num;
const char *pl_pg_i64(pl_pg_num *buf, int64_t v);
const char *pl_pg_f64(pl_pg_num *buf, double v);
/* "1"/"0" for a boolean held in an integer column (as on SQLite). */
const char *pl_pg_b(bool v);

/* Field readers of a result (text format): NULL reads as 0, 0.0, NULL or false. */
bool pl_pg_null(const PGresult *r, int row, int col);
int64_t pl_pg_int(const PGresult *r, int row, int col);
double pl_pg_real(const PGresult *r, int row, int col);
const char *pl_pg_text(const PGresult *r, int row, int col); /* NULL for SQL NULL; r owns it */
/* Copies a text field into dst (cap bytes, always terminated; "" for NULL). */
void pl_pg_copy(char *dst, size_t cap, const PGresult *r, int row, int col);

/* ------------------------------------------------------------- row loops */

/* A callback of any type; a pl_pg_rows' emit converts it back to its own. */
typedef void (*pl_pg_fn)(void);
#define PL_PG_FN(cb) ((pl_pg_fn)(cb))

/*
 * How the rows of one kind of query become records for the caller, as pl_sq_rows on SQLite:
 * the record's size, read (fills a zeroed record from row `row` of res; 0 passes it on, a
 * positive value skips the row, a negative PL_E* code with err set stops with that error),
 * emit (calls the caller's callback of its own type) and the table named in messages.
 */
typedef struct pl_pg_rows {
    size_t size;
    int (*read)(void *rec, const PGresult *res, int row, void *arg);
    int (*emit)(pl_pg_fn cb, void *ctx, const void *rec);
    const char *what;
} pl_pg_rows;

#define PL_PG_REC_MAX 8192

#define PL_PG_EMIT_(NAME, T, CB)                                                                   \
    static int NAME##_emit(pl_pg_fn cb, void *ctx, const void *rec)                                \
    {                                                                                              \
        return ((CB)cb)(ctx, (const T *)rec);                                                      \
    }
/* READ is int READ(T *, const PGresult *, int row, void *arg) returning as pl_pg_rows.read. */
#define PL_PG_ROWS_ARG(NAME, T, CB, READ, WHAT)                                                    \
    static int NAME##_read(void *rec, const PGresult *res, int row, void *arg)                     \
    {                                                                                              \
        return READ((T *)rec, res, row, arg);                                                      \
    }                                                                                              \
    PL_PG_EMIT_(NAME, T, CB)                                                                       \
    _Static_assert(sizeof(T) <= PL_PG_REC_MAX, #T " exceeds PL_PG_REC_MAX");                       \
    static const pl_pg_rows NAME = {sizeof(T), NAME##_read, NAME##_emit, WHAT}
/* READ is void READ(T *, const PGresult *, int row). */
#define PL_PG_ROWS(NAME, T, CB, READ, WHAT)                                                        \
    static int NAME##_read(void *rec, const PGresult *res, int row, void *arg)                     \
    {                                                                                              \
        (void)arg;                                                                                 \
        READ((T *)rec, res, row);                                                                  \
        return 0;                                                                                  \
    }                                                                                              \
    PL_PG_EMIT_(NAME, T, CB)                                                                       \
    _Static_assert(sizeof(T) <= PL_PG_REC_MAX, #T " exceeds PL_PG_REC_MAX");                       \
    static const pl_pg_rows NAME = {sizeof(T), NAME##_read, NAME##_emit, WHAT}

/*
 * Runs sql with its n text parameters (pl_pg_query) and passes each row, read into a zeroed
 * record by rows->read, to cb with ctx; a non-zero return of cb stops the loop and is
 * returned. The whole result is fetched first (libpq's default): for answers that can be
 * millions of rows, page with keyset conditions (id > $n ... LIMIT) as the SQLite side does.
 */
int pl_pg_each(pl_pg_store *s, const char *sql, int n, const char *const *params,
               const pl_pg_rows *rows, void *arg, pl_pg_fn cb, void *ctx, pl_error *err);

/*
 * Runs sql (one row expected) and reads its first row with read: 0, PL_ENOTFOUND with
 * "<what> tidak ditemukan" when there is no row, or the query's failure.
 */
int pl_pg_one(pl_pg_store *s, const char *sql, int n, const char *const *params,
              int (*read)(void *out, const PGresult *res, int row, void *arg), void *out, void *arg,
              pl_error *err, const char *what);

/* The bigint of the first column of the first row (e.g. INSERT ... RETURNING id); PL_ENOTFOUND
 * without a row. */
int pl_pg_scalar_i64(pl_pg_store *s, const char *sql, int n, const char *const *params,
                     int64_t *out, pl_error *err, const char *what);

/* The change counts (schema_count.c): count_delta's rows from a fresh computation (after a
 * DELETE, the rebuild), and the number of rows that differ from it. */
extern const char pl_pg_count_fill[];
extern const char pl_pg_count_fill_total[];
extern const char pl_pg_count_fill_year[];
extern const char pl_pg_count_diff[];

/* ------------------------------------------------------------- areas' helpers (add yours below) */

/*
 * (regions, people: pgreg) The index range of a region prefix, as pl_sq_prefix_range: codes
 * inside prefix are exactly those with lo <= code < hi ("" covers every code); with within too,
 * the intersection (empty, lo >= hi, when disjoint). lo and hi need 16 bytes each. In SQL,
 * PL_PG_IN_RANGE(col, "$1", "$2") also prunes the province partitions.
 */
void pl_pg_prefix_range(char *lo, char *hi, const char *prefix, const char *within);

/*
 * SQL text: the dotted code column COL lies in [LO, HI) (parameters holding pl_pg_prefix_range's
 * bounds), stated so that a partition key substr(COL, 1, 2) is pruned to the provinces the range
 * spans (list partitions prune on ranges too: one province for a province's scope or below).
 */
#define PL_PG_IN_RANGE(COL, LO, HI)                                                                \
    "(" COL " >= " LO " AND " COL " < " HI " AND substr(" COL ", 1, 2) BETWEEN substr(" LO         \
    ", 1, 2) AND substr(" HI ", 1, 2))"

/*
 * (pgreg) pl_pg_query for a write that may fail inside a transaction the caller keeps using.
 * SQLite undoes a failed statement alone and the transaction goes on (a caller may skip a
 * duplicate and carry on, e.g. enrolling a list); PostgreSQL aborts the whole transaction. So
 * when own is false (the caller's transaction) the statement runs under a savepoint, rolled
 * back to on failure; with own true (the call's own transaction) it runs as it is.
 */
PGresult *pl_pg_query_sp(pl_pg_store *s, bool own, const char *sql, int n,
                         const char *const *params, pl_error *err, const char *what);

/* (pgreg) The rows an INSERT, UPDATE or DELETE result says it changed. */
long pl_pg_changes(const PGresult *r);

/* ------------------------------------------------------------- audit chain (chain.c) */

/*
 * The last sealed read-audit row below id `below` and its seal (hex, PL_AUDIT_HASH_HEX bytes;
 * id 0 and "" when none), which a purge of the read audit records (pl_pg_audit_read_purge).
 */
int pl_pg_reads_boundary(pl_pg_store *s, int64_t below, int64_t *last_id, char *last_hash,
                         pl_error *err);

/* ------------------------------------------------------------- (pgreport) regions and scopes */

/* True when the dotted code lies inside scope (NULL or "" = everything), as pl_sq_in_scope. */
bool pl_pg_in_scope(const char *code, const char *scope);

/* Length of a dotted code at each level (1 province .. 4 village); index 0 unused. */
extern const int pl_pg_level_len[5];

/*
 * The region a scoped query runs over (as pl_sq_query_region): region when given (it must
 * lie inside scope, else PL_EDENIED), else the scope itself ("" = all).
 */
int pl_pg_query_region(char *out, size_t cap, const char *scope, const char *region, pl_error *err);

/*
 * SQL text: the dotted code column COL lies inside the region prefix parameter P ("" covers
 * everything; "64.74" covers "64.74" and every "64.74.*", never "64.741"), byte-wise whatever
 * the data base's collation. It does not prune partitions: add substr(COL, 1, 2) = <province>
 * for that (pl_pg_prov gives the province of a prefix).
 */
#define PL_PG_IN_PREFIX(COL, P)                                                                    \
    "(" P " = '' OR " COL " = " P " OR starts_with(" COL ", " P " || '.'))"

/* A seal as bytea in text form ("\\x" and hex) into out (PL_AUDIT_HASH_LEN bytes); false when
 * it is not one (chain.c). */
bool pl_pg_seal_bytes(unsigned char *out, const char *bytea_text);

/* The province (two digits) of a region prefix into out (3 bytes); "" when prefix is "". */
void pl_pg_prov(char out[3], const char *prefix);

/*
 * The partition of province prov (two digits) among a partitioned table's partitions in
 * PL_PG_EACH_PARTITION's order (schema_sql.h): the provinces of PL_PG_PROVINCES, then the
 * default one (PL_PG_PARTITIONS_N - 1) for any other code. A statement that names the
 * partition locks that one table; one that reaches it through the parent with a province known
 * only when it runs (a subquery) locks every partition and its indexes at each execution of
 * its generic plan, which under concurrency costs more than a second round trip.
 */
#define PL_PG_PARTITIONS_N 39
int pl_pg_partition(const char *prov);

/* ------------------------------------------------------------- (pgpsks) shared steps */

/*
 * Reads the one row sql (a literal; $1 is the id, a bigint) finds for id into out, zeroed
 * first, with rows->read: 0; PL_ENOTFOUND on field "id" with "<noun> <id> tidak ditemukan" when
 * there is no such row; or the failure (a stale schema, the query's, a negative read). As
 * SQLite's pl_sq_get_by_id.
 */
int pl_pg_get_by_id(pl_pg_store *s, const char *sql, int64_t id, const pl_pg_rows *rows, void *out,
                    const char *noun, pl_error *err);

/*
 * An optimistic-version UPDATE of one row in one round trip: T the table, SET its assignments,
 * ID and VER the parameters of the row's id and the version the caller read (e.g. "$9::bigint").
 * The statement answers one row: the new version (NULL when nothing changed) and the version
 * the row had when the statement began (NULL when there is no such row).
 */
#define PL_PG_VERSIONED_UPDATE(T, SET, ID, VER)                                                    \
    "WITH u AS (UPDATE " T " SET " SET ", version = version + 1 WHERE id = " ID                    \
    " AND version = " VER " RETURNING version) SELECT (SELECT version FROM u), "                   \
    "(SELECT version FROM " T " WHERE id = " ID ")"

/*
 * Runs sql, a PL_PG_VERSIONED_UPDATE of row id with its n parameters: 0 when it changed the
 * row; PL_ENOTFOUND on "id" ("<noun> <id> tidak ditemukan") when the row is gone; else
 * PL_ECONFLICT on "version" naming the version found (as SQLite's pl_sq_update_versioned; a
 * writer that committed while the statement waited for the row shows as the version it read).
 * what names the table in the messages of a failed query.
 */
int pl_pg_update_versioned(pl_pg_store *s, const char *sql, int n, const char *const *params,
                           const char *noun, int64_t id, int64_t version, const char *what,
                           pl_error *err);

/* pl_pg_update_versioned run as who through pl_pg_write_as (in a transaction of its own unless
 * the caller has one open), so the actor reaches the audit triggers. */
int pl_pg_update_versioned_as(pl_pg_store *s, const pl_actor *who, const char *sql, int n,
                              const char *const *params, const char *noun, int64_t id,
                              int64_t version, const char *what, pl_error *err);

/*
 * Checks the schema and runs one writing statement as who, in a transaction of its own unless
 * the caller has one open (the actor reaches the audit triggers; in the caller's, a refused
 * statement leaves it usable: pl_pg_query_sp). *out, when out is not NULL,
 * receives the statement's result (e.g. of RETURNING; the caller PQclears it), else it is
 * dropped. 0 or a PL_E* code (pl_pg_fail's, or the commit's).
 */
int pl_pg_write_as(pl_pg_store *s, const pl_actor *who, const char *sql, int n,
                   const char *const *params, PGresult **out, const char *what, pl_error *err);

/*
 * The array literal of n texts ({"a","b"}; a NULL item is NULL) for a parameter cast to
 * text[] (or, with numbers as texts, float8[]...): malloc'd, the caller frees it; NULL when
 * memory runs out.
 */
char *pl_pg_text_array(const char *const *items, size_t n);

/*
 * Makes the rest of the current transaction plan each statement for its parameters
 * (plan_cache_mode = force_custom_plan, transaction-local). A statement naming one province
 * (substr(village_code, 1, 2) = $n) then prunes when it is planned and locks only that
 * province's partitions; PostgreSQL 15 switches a prepared statement to a generic plan after
 * five runs when it costs about the same, and a generic plan prunes only at run time, after
 * locking every partition (so one province's run would wait for a lock on another's).
 */
int pl_pg_plan_per_call(pl_pg_store *s, pl_error *err);

/*
 * (pgreport) pl_pg_plan_per_call, and no Memoize nodes for the rest of the transaction: for a
 * statement that looks each row of a province's memberships up in the residence history by
 * index (LATERAL), where the planner caches lookups that almost never repeat (a memoized miss
 * cost about a quarter of the count's time over 4M people).
 */
int pl_pg_plan_lookups(pl_pg_store *s, pl_error *err);

#endif
