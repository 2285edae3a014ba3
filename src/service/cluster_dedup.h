/*
 * cluster_dedup.h - probable duplicates held by two shards of a cluster (docs/scale.md,
 * "Duplicates across shards"): found on the coordinator by the national pass of service/dedup.h
 * over every shard's people, kept in the coordinator's public.cluster_dedup, decided there
 * (not the same person) or merged by two-phase commit (service/cluster_xact.h).
 */
#ifndef PL_SERVICE_CLUSTER_DEDUP_H
#define PL_SERVICE_CLUSTER_DEDUP_H

#include "service/dedup.h"
#include "store/xact.h"

/*
 * On the coordinator coord: reads the living, unmerged people of every shard (region: a code
 * prefix, "" for the nation), compares those whom the national pass puts side by side (sex,
 * full birth date, the name's key), and records the pairs at or above the threshold whose two
 * people live on different shards (pairs inside one shard are the shard's own `pilar dedup`) as
 * open pairs; pairs decided before are left as they are. *written receives the pairs written,
 * stats (may be NULL) the run's figures. Errors: PL_EINVAL (not a coordinator), PL_ENOMEM, the
 * store's.
 */
int pl_cluster_dedup(pl_store *coord, const char *region, const pl_dedup_options *opt,
                     pl_dedup_stats *stats, long *written, pl_error *err);

/* On the coordinator: the pairs of status ("" for all), best score first. */
int pl_cluster_pairs(pl_store *coord, const char *status, pl_xact_pair_cb cb, void *ctx,
                     pl_error *err);

/* On the coordinator: open pair id is not one person (never proposed again), decided by who. */
int pl_cluster_pair_distinct(pl_store *coord, const pl_actor *who, int64_t id, pl_error *err);

#endif
