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

#endif
