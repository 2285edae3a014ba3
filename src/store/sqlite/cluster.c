/*
 * cluster.c - the cluster's functions (store/cluster.h) on SQLite: none of them exists here. A
 * cluster is PostgreSQL's machinery (postgres_fdw, sequences per shard), so each refuses with
 * the same message.
 */
#include "store/cluster.h"
#include "store/sqlite/internal.h"

static int refuse(pl_error *err)
{
    return pl_error_set(err, PL_EINVAL, "db",
                        "klaster hanya tersedia pada PostgreSQL; basis data ini berkas SQLite "
                        "(docs/scale.md)");
}

int pl_sq_cluster_list(pl_sq_store *s, pl_cluster_row_cb cb, void *ctx, pl_error *err)
{
    (void)s;
    (void)cb;
    (void)ctx;
    return refuse(err);
}

int pl_sq_cluster_shard_prepare(pl_sq_store *s, const pl_cluster_shard *sh, int64_t lo, int64_t hi,
                                int *restarted, pl_error *err)
{
    (void)s;
    (void)sh;
    (void)lo;
    (void)hi;
    (void)restarted;
    return refuse(err);
}

int pl_sq_cluster_check(pl_sq_store *s, const pl_cluster_shard *shards, int n, bool *same,
                        pl_error *err)
{
    (void)s;
    (void)shards;
    (void)n;
    (void)same;
    return refuse(err);
}

int pl_sq_cluster_setup(pl_sq_store *s, const pl_cluster_shard *shards, int n, bool *again,
                        pl_error *err)
{
    (void)s;
    (void)shards;
    (void)n;
    (void)again;
    return refuse(err);
}

int pl_sq_cluster_status(pl_sq_store *s, pl_cluster_status_cb cb, void *ctx, pl_error *err)
{
    (void)s;
    (void)cb;
    (void)ctx;
    return refuse(err);
}
