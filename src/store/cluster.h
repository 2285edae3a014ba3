/*
 * cluster.h - one nation over several PostgreSQL servers (issue 15; docs/scale.md): a
 * coordinator data base whose schema `national` reads the provinces' partitions from the
 * shards that hold them (postgres_fdw), and each shard's own range of ids.
 *
 * A shard is an ordinary Pilar data base holding some provinces; its identity columns give ids
 * from its own range (pl_store_cluster_shard_prepare), so that ids are unique in the nation and a
 * person moved between shards keeps its id. The coordinator (pl_store_cluster_setup) has one
 * foreign server per shard, public.cluster_shard (which province lives where) and, for every table
 * of public partitioned by province, national.<table> with the same columns and partition key,
 * whose partition of each sharded province is a foreign table on the shard. When a store opens
 * a coordinator, its reads go to national.* (search_path national, public): reports and look-ups
 * see the nation, and a write to a sharded table is refused, naming the shard to write to.
 *
 * SQLite has no such machinery: every function here refuses there with PL_EINVAL ("klaster
 * hanya tersedia pada PostgreSQL").
 */
#ifndef PL_STORE_CLUSTER_H
#define PL_STORE_CLUSTER_H

#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* Shards of one cluster, provinces of one shard, standbys shown per shard. */
#define PL_CLUSTER_MAX_SHARDS 40
#define PL_CLUSTER_MAX_PROVS 40
#define PL_CLUSTER_MAX_STANDBYS 8
/* Shard k's ids are k * PL_CLUSTER_ID_SPAN + 1 ... (k + 1) * PL_CLUSTER_ID_SPAN. */
#define PL_CLUSTER_ID_SPAN INT64_C(1000000000000)

/* One shard as the operator names it: its number (1...), provinces and libpq URI. */
typedef struct pl_cluster_shard {
    int number;
    int n_provs;
    char provs[PL_CLUSTER_MAX_PROVS][3];
    char conninfo[1024]; /* as given (with a password, if any) */
} pl_cluster_shard;

/* One row of public.cluster_shard: a province and where it lives. */
typedef struct pl_cluster_row {
    char prov[3];
    char server[64];     /* the foreign server's name, pl_shard_<number> */
    char conninfo[1024]; /* the shard's connection without its password */
    char added_at[32];
} pl_cluster_row;

typedef int (*pl_cluster_row_cb)(void *ctx, const pl_cluster_row *row);

/*
 * Every row of public.cluster_shard in province order; none (0, cb never called) when s is not a
 * coordinator. Errors: PL_EIO.
 */
int pl_store_cluster_list(pl_store *s, pl_cluster_row_cb cb, void *ctx, pl_error *err);

/*
 * On a shard, in one transaction: puts every identity column of the schema (public and reads)
 * in [lo, hi] (a sequence below lo restarts at lo, its maximum becomes hi: nextval fails past
 * it), and fences the partitions of the provinces sh does not hold (a CHECK (false) constraint
 * pl_cluster_elsewhere on each, so a row of another province, a person moving there included,
 * is refused with PL_EDENIED naming the province) while lifting the fence of its own.
 * *restarted (may be NULL) receives how many sequences were moved; 0 when each was in its range
 * already (a second run). Refused (PL_ECONFLICT, nothing changed) when a province-partitioned
 * table already holds ids outside [lo, hi] (rows given ids before the shard joined, which
 * another shard may give too), a sequence is past hi, or another province's partition holds
 * rows. Errors: PL_EIO.
 */
int pl_store_cluster_shard_prepare(pl_store *s, const pl_cluster_shard *sh, int64_t lo, int64_t hi,
                                   int *restarted, pl_error *err);

/*
 * On the coordinator: whether it was set up with other shards than these (PL_ECONFLICT naming
 * the difference, as pl_store_cluster_setup refuses them), without changing anything; *same is
 * set when it has exactly these. Errors: PL_EINVAL (a bad URI), PL_EIO.
 */
int pl_store_cluster_check(pl_store *s, const pl_cluster_shard *shards, int n, bool *same,
                           pl_error *err);

/*
 * On the coordinator, in one transaction: postgres_fdw, one foreign server per shard
 * (pl_shard_<number>, asynchronous, large fetches, remote sessions read-only) with the current
 * user's mapping (user and password from the URI), public.cluster_shard, and the schema
 * `national` built afresh from the catalogue (see the file's comment; provinces no shard holds
 * get an empty local default partition that refuses writes). *again is set when the coordinator
 * was already set up with exactly these shards (the schema is rebuilt all the same); other
 * shards than the recorded ones are refused with PL_ECONFLICT, naming the difference. Errors:
 * PL_EINVAL (a bad URI), PL_EIO.
 */
int pl_store_cluster_setup(pl_store *s, const pl_cluster_shard *shards, int n, bool *again,
                           pl_error *err);

/* ------------------------------------------------------------- national NIKs and KKs */

/*
 * The national registry (docs/scale.md, "National NIK and KK uniqueness"): the coordinator's
 * public.cluster_key(kind 'nik' or 'kk', key, prov, id, reserved_at), one row per NIK and KK of
 * the nation, made and filled by pl_store_cluster_setup (refused there, PL_ECONFLICT, when two
 * shards hold one key for different ids), kept by the shards' triggers (migration 28) through
 * their foreign table public.cluster_registry: a new or changed key is reserved in the same
 * transaction, and refused (PL_ECONFLICT, field "nik" or "kk", "NIK ... sudah terdaftar di
 * provinsi 65 (klaster nasional) ...") when another id holds it. SET LOCAL pilar.cluster_keys =
 * 'off' makes a transaction leave the registry alone (one that is to be PREPAREd).
 */

/*
 * On a shard, in one transaction: postgres_fdw, the server pl_coordinator (from coordinator, a
 * libpq URI with its password if any; sessions writable; connect_timeout 10 s unless the URI
 * gives one) with the current user's mapping, and the foreign table public.cluster_registry
 * over the coordinator's public.cluster_key (batch_size 1000), all built afresh; the registry is
 * read once, so a shard that cannot reach the coordinator is refused with nothing changed.
 * Errors: PL_EINVAL (a bad URI), PL_EUNAVAIL (the coordinator unreachable), PL_EIO.
 */
int pl_store_cluster_shard_registry(pl_store *s, const char *coordinator, pl_error *err);

/* The registry's size on the coordinator; exists false when it has none. */
typedef struct pl_cluster_key_count {
    bool exists;
    int64_t nik, kk;
} pl_cluster_key_count;

/* On the coordinator: how many NIKs and KKs public.cluster_key holds. Errors: PL_EIO. */
int pl_store_cluster_key_count(pl_store *s, pl_cluster_key_count *out, pl_error *err);

/* One difference between the registry and the shards. */
typedef struct pl_cluster_key_problem {
    char problem[8]; /* "orphan": reserved, no such id with that key on any shard;
                        "missing": on a shard, not reserved for its id;
                        "prov": reserved for its id with another province */
    char kind[4];    /* nik, kk */
    char key[32];
    char prov[3];       /* the reservation's province (orphan, prov); the shard's (missing) */
    char shard_prov[3]; /* prov: the shard's */
    int64_t id;
    char reserved_at[40]; /* "" for missing */
} pl_cluster_key_problem;

typedef int (*pl_cluster_key_cb)(void *ctx, const pl_cluster_key_problem *p);

typedef struct pl_cluster_keys_result {
    int64_t reservations; /* rows of cluster_key before any repair */
    int64_t seen;         /* NIKs and KKs on the shards */
    int64_t orphans, missing, wrong_prov;
    int64_t deleted, added, fixed; /* by the repair */
} pl_cluster_keys_result;

/*
 * On the coordinator: compares cluster_key with every shard's keys (read once, through
 * national.person_key and national.household_key, before the registry is read, so that a key
 * committed meanwhile is not called missing): orphan reservations older than grace_seconds
 * (a younger one may be a registration in flight), missing reservations, reservations of
 * another province; cb gets each (may be NULL), orphans first. With repair, in the same
 * transaction: orphans deleted, missing ones added (unless another id holds the key meanwhile),
 * provinces set. PL_EINVAL when s is not a coordinator with a registry (run cluster init).
 * Errors: PL_EUNAVAIL (a shard unreachable: nothing is repaired), PL_EIO.
 */
int pl_store_cluster_keys(pl_store *s, int64_t grace_seconds, bool repair, pl_cluster_key_cb cb,
                          void *ctx, pl_cluster_keys_result *out, pl_error *err);

/* A shard's standby as its pg_stat_replication shows it. */
typedef struct pl_cluster_standby {
    char name[64]; /* application_name */
    char state[32];
    char sync_state[16];
    char replay_lag[32]; /* interval as text; "" when unknown */
} pl_cluster_standby;

/* One province's rows on its shard. */
typedef struct pl_cluster_prov_count {
    char prov[3];
    int64_t people, households, memberships;
} pl_cluster_prov_count;

/* One shard seen from the coordinator. */
typedef struct pl_cluster_shard_status {
    char server[64];
    char conninfo[1024]; /* without the password */
    bool reachable;
    char error[512]; /* why not, when not reachable */
    int schema_version;
    int n_provs;
    pl_cluster_prov_count provs[PL_CLUSTER_MAX_PROVS];
    int n_standbys;
    pl_cluster_standby standbys[PL_CLUSTER_MAX_STANDBYS];
} pl_cluster_shard_status;

typedef int (*pl_cluster_status_cb)(void *ctx, const pl_cluster_shard_status *st);

/*
 * On the coordinator: each shard in server order, asked through postgres_fdw (counts are
 * count(*) pushed down to the shard, the schema version its pilar_schema_version, standbys its
 * pg_stat_replication). A shard that cannot be reached is reported (reachable false, the
 * error), not returned as an error. PL_EINVAL when s is not a coordinator. Errors: PL_EIO.
 */
int pl_store_cluster_status(pl_store *s, pl_cluster_status_cb cb, void *ctx, pl_error *err);

/* ------------------------------------------------------------- moving a province */

/*
 * A move of a province between shards (`pilar cluster move`, docs/scale.md), as the
 * coordinator's journal public.cluster_move records it: one row while a move is under way.
 * Steps in order: "fencing" (recorded before the source is fenced), "fenced" (writes of the
 * province refused on both shards, target prepared), "copied" (rows copied and verified),
 * "switched" (the coordinator reads the province from the target: the target is authoritative
 * from here on); the row is deleted when the source's rows are gone and the fences are lifted.
 * Before "switched" the source is authoritative: a rerun copies again, --abort drops the
 * target's copy. From "switched" on, a rerun finishes the release.
 */
typedef struct pl_cluster_move {
    char prov[3];
    char step[16];
    char source_server[64];
    char source_conninfo[1024]; /* without the password */
    char target_server[64];
    char target_conninfo[1024]; /* without the password */
    int target_number;
    bool target_new; /* the target's foreign server is created at the switch */
    char started_at[32], updated_at[32];
} pl_cluster_move;

/*
 * On the coordinator: what moving province prov to the data base at target_url (a libpq URI,
 * with its password if any) means. *mv receives the move under way for prov from the journal
 * (*resumed true; refused with PL_ECONFLICT when it goes to another target, or another
 * province is being moved), else a new one at step "" (not recorded: pl_store_cluster_move_record
 * does). The target is the shard whose recorded connection (without password) equals
 * target_url's, or whose foreign server's does (a shard whose provinces all moved away keeps
 * its number), else a new shard numbered after the highest pl_shard_<k>. *source receives the
 * source shard's number, its provinces other than prov and its URI rebuilt from its foreign
 * server and the current user's mapping (password included); *target the target's number, its
 * provinces with prov and target_url. PL_EINVAL: s is not a coordinator, prov is on no shard, or
 * it is already on that target. The session takes a lock that refuses (PL_ECONFLICT) a second
 * move planned meanwhile on the coordinator until s is closed. Errors: PL_EIO.
 */
int pl_store_cluster_move_plan(pl_store *s, const char *prov, const char *target_url,
                               pl_cluster_move *mv, pl_cluster_shard *source,
                               pl_cluster_shard *target, bool *resumed, pl_error *err);

/*
 * On the coordinator: records mv (its step and updated_at now; started_at when new) in the
 * journal public.cluster_move, created if need be; mv->step "" deletes the province's row.
 * Errors: PL_EIO.
 */
int pl_store_cluster_move_record(pl_store *s, const pl_cluster_move *mv, pl_error *err);

typedef int (*pl_cluster_move_cb)(void *ctx, const pl_cluster_move *mv);

/* On the coordinator: every move under way, in province order (none: cb never called). */
int pl_store_cluster_moves(pl_store *s, pl_cluster_move_cb cb, void *ctx, pl_error *err);

/*
 * On the coordinator, in one transaction: the target's foreign server and mapping when
 * mv->target_new (from target->conninfo), province mv->prov's row of cluster_shard pointing to
 * the target, the schema national rebuilt (its foreign partitions of the province now on the
 * target), and the journal's step "switched". Errors: PL_EINVAL (a bad URI), PL_EIO.
 */
int pl_store_cluster_move_switch(pl_store *s, const pl_cluster_move *mv,
                                 const pl_cluster_shard *target, pl_error *err);

/*
 * On a shard, in one transaction: refuses writes of province prov (an INSERT or UPDATE of a row
 * of its partitions fails with PL_EDENIED, "provinsi 65 sedang dipindahkan ke shard <dest>; coba
 * lagi setelah pemindahan selesai", reads go on) by a NOT VALID check constraint
 * pl_cluster_moving on each partition of the province (waiting for the writers in flight), and
 * lifts the pl_cluster_elsewhere fence of those partitions (on the target). Idempotent.
 * Refused first (PL_ECONFLICT, nothing changed) when rows the move cannot take would dangle:
 * rows of a table others refer to (program enrolments, merges ...) that refer to the province's
 * people or households (by a foreign key to person_key or household_key), or rows of a leaf
 * table (no foreign key refers to it: dedup candidates, PMT data, cards ...) that refer both to
 * the province and elsewhere. A leaf table's rows that refer to the province only are "the
 * province's linked rows": they move with it. Errors: PL_EIO.
 */
int pl_store_cluster_fence(pl_store *s, const char *prov, const char *dest, pl_error *err);

/*
 * On a shard, in one transaction: with remove, deletes every row of province prov (its
 * partitions, its linked rows and its registry rows, no trigger firing: not audited, counts not
 * touched; refused as pl_store_cluster_fence refuses when rows left behind would dangle) and
 * fences the partitions as a province held elsewhere (pl_cluster_elsewhere); then lifts the
 * move's fence (pl_cluster_moving). Needs a superuser (session_replication_role) when remove.
 * Errors: PL_EDENIED, PL_EIO.
 */
int pl_store_cluster_unfence(pl_store *s, const char *prov, bool remove, pl_error *err);

/*
 * Copies province prov's rows from source (a store of the same backend and schema version) into
 * s in one transaction of s: each partition of the province (person_65, ...), the province's
 * rows of the registries person_key and household_key and its linked rows (pl_store_cluster_fence)
 * of the leaf tables, ids and every column as they
 * are, triggers off (session_replication_role replica: a superuser); the province's rows s held
 * before are deleted first, so a second copy leaves each row once. *rows (may be NULL) receives
 * the rows copied. Errors: PL_EINVAL (source of another backend), PL_EDENIED, PL_EIO.
 */
int pl_store_cluster_move_copy(pl_store *s, pl_store *source, const char *prov, int64_t *rows,
                               pl_error *err);

/* One table of a province: its rows and a digest of their content (order-independent). */
typedef struct pl_cluster_table_digest {
    char table[64]; /* person_65, person_key (the province's rows) ... */
    int64_t rows;
    char digest[64];
} pl_cluster_table_digest;

typedef int (*pl_cluster_digest_cb)(void *ctx, const pl_cluster_table_digest *d);

/*
 * On a shard: each table of province prov (household_key's rows, its partitions in name order,
 * person_key's rows, its linked rows of each leaf table) with its row count and the sum of the
 * rows' hashes (md5 of each row's text form): two shards holding the same rows give the same
 * digests. Errors: PL_EIO.
 */
int pl_store_cluster_move_digest(pl_store *s, const char *prov, pl_cluster_digest_cb cb, void *ctx,
                                 pl_error *err);

#endif
