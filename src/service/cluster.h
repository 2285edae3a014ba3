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
} pl_cluster_init_result;

/*
 * Sets a cluster up: the coordinator at location coordinator and n shards (their number,
 * provinces and URI; number i + 1 for the i-th). Every data base is brought to this build's
 * schema (as `pilar init`) and must hold the regions of the provinces it serves (the
 * coordinator: every shard's; `pilar region import` loads them); each shard gets its range of
 * ids (number * PL_CLUSTER_ID_SPAN + 1 ...); then the coordinator its servers, cluster_shard and
 * the schema national (pl_store_cluster_setup). Idempotent with the same shards; a coordinator
 * set up with others is refused (PL_ECONFLICT) before any shard is touched. Every location must
 * be a PostgreSQL URI (PL_EINVAL otherwise); store_flags are the front end's PL_STORE_* flags.
 */
int pl_cluster_init(const char *coordinator, const pl_cluster_shard *shards, int n,
                    unsigned store_flags, pl_cluster_init_result *out, pl_error *err);

/* Each shard of the coordinator s as pl_store_cluster_status reports it. */
int pl_cluster_status(pl_store *s, pl_cluster_status_cb cb, void *ctx, pl_error *err);

#endif
