/*
 * cluster.h - `pilar cluster init|status` (issue 15, docs/scale.md): a coordinator data base
 * reading the nation from shards, each a Pilar data base holding some provinces.
 */
#ifndef PL_SERVICE_CLUSTER_H
#define PL_SERVICE_CLUSTER_H

#include "store/cluster.h"
#include "util/error.h"

#include <stdbool.h>
#include <stdint.h>

/* What init did to one shard. */
typedef struct pl_cluster_init_shard {
    int number;
    int from_version, to_version; /* its schema before and after */
    int64_t id_lo, id_hi;         /* its range of ids */
    int restarted;                /* identity columns moved into the range now (0 on a rerun) */
} pl_cluster_init_shard;

typedef struct pl_cluster_init_result {
    int from_version, to_version; /* the coordinator's schema before and after */
    bool again;                   /* the coordinator had exactly these shards already */
    int n_shards;
    pl_cluster_init_shard shards[PL_CLUSTER_MAX_SHARDS];
    int64_t niks, kks; /* reservations of the national registry after init */
} pl_cluster_init_result;

/*
 * Sets a cluster up: the coordinator at location coordinator and n shards (their number,
 * provinces and URI; number i + 1 for the i-th). Every data base is brought to this build's
 * schema (as `pilar init`) and must hold the regions of the provinces it serves (the
 * coordinator: every shard's; `pilar region import` loads them); each shard gets its range of
 * ids (number * PL_CLUSTER_ID_SPAN + 1 ...); then the coordinator its servers, cluster_shard,
 * the schema national and the national registry of NIKs and KKs filled from the shards
 * (pl_store_cluster_setup: refused, PL_ECONFLICT, when two shards hold one NIK or KK for
 * different people or households); then each shard its server and foreign table of that
 * registry (pl_store_cluster_shard_registry), through which it keeps it. Idempotent with the same
 * shards; a coordinator set up with others is refused (PL_ECONFLICT) before any shard is touched.
 * Every location must be a PostgreSQL URI (PL_EINVAL otherwise); store_flags are the front end's
 * PL_STORE_* flags.
 */
int pl_cluster_init(const char *coordinator, const pl_cluster_shard *shards, int n,
                    unsigned store_flags, pl_cluster_init_result *out, pl_error *err);

/* Each shard of the coordinator s as pl_store_cluster_status reports it. */
int pl_cluster_status(pl_store *s, pl_cluster_status_cb cb, void *ctx, pl_error *err);

/* The size of the coordinator's national registry of NIKs and KKs (pl_store_cluster_key_count). */
int pl_cluster_keys_count(pl_store *s, pl_cluster_key_count *out, pl_error *err);

/*
 * `pilar cluster keys`: the coordinator's registry compared with the shards' keys, each
 * difference to cb, repaired when repair (pl_store_cluster_keys); reservations younger than
 * grace_seconds (>= 0, else PL_EINVAL) are never orphans.
 */
int pl_cluster_keys(pl_store *s, int64_t grace_seconds, bool repair, pl_cluster_key_cb cb,
                    void *ctx, pl_cluster_keys_result *out, pl_error *err);

/* A step of a move reached ("fenced", "copied", "switched", "done"), for progress and tests. */
typedef void (*pl_cluster_move_progress)(void *ctx, const char *step, const pl_cluster_move *mv);

typedef struct pl_cluster_move_opts {
    unsigned store_flags; /* the front end's PL_STORE_* flags, for opening the shards */
    bool abort;           /* undo a move under way that has not switched yet */
    pl_cluster_move_progress progress; /* may be NULL */
    void *ctx;
    /* The coordinator's location with its password (NULL: unknown): a new shard gets the
     * national key registry from it (pl_store_cluster_shard_registry). */
    const char *coordinator;
} pl_cluster_move_opts;

#define PL_CLUSTER_MOVE_MAX_TABLES 64

typedef struct pl_cluster_move_result {
    pl_cluster_move move;  /* source and target as planned */
    bool resumed;          /* a move under way was found in the journal */
    char resumed_from[16]; /* its step then */
    bool aborted;          /* --abort undid it */
    int64_t rows;          /* rows copied (0 when resumed after the switch) */
    int n_tables;          /* tables compared, each equal on both shards */
    pl_cluster_table_digest tables[PL_CLUSTER_MOVE_MAX_TABLES];
} pl_cluster_move_result;

/*
 * Moves province prov from its shard to the data base at target_url (a shard of the cluster,
 * or a new one, prepared as `cluster init` prepares a shard: schema, regions of prov required,
 * its own id range), the coordinator coord recording each step in its journal
 * (store/cluster.h, pl_cluster_move): fence the province's writes on both shards, copy its rows,
 * compare every table's rows and digest (a difference aborts: the target's copy is dropped, the
 * source unfenced and authoritative, PL_ECONFLICT), switch the coordinator's foreign partitions
 * to the target, delete the source's rows and lift the fences. A move found in the journal is
 * resumed (before the switch: copied again; after: released); o->abort undoes one that has not
 * switched. Errors: PL_EINVAL (not a coordinator, a bad province or URI, a region missing),
 * PL_ECONFLICT (another move under way, rows left behind referring to the province's people),
 * PL_EDENIED (the shards need a superuser), PL_EIO, PL_EUNAVAIL.
 */
int pl_cluster_move_province(pl_store *coord, const char *prov, const char *target_url,
                             const pl_cluster_move_opts *o, pl_cluster_move_result *out,
                             pl_error *err);

/* The moves under way on the coordinator s (its journal), for `cluster status`. */
int pl_cluster_moves(pl_store *s, pl_cluster_move_cb cb, void *ctx, pl_error *err);

#endif
