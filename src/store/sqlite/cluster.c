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

int pl_sq_cluster_move_plan(pl_sq_store *s, const char *prov, const char *target_url,
                            pl_cluster_move *mv, pl_cluster_shard *source, pl_cluster_shard *target,
                            bool *resumed, pl_error *err)
{
    (void)s;
    (void)prov;
    (void)target_url;
    (void)mv;
    (void)source;
    (void)target;
    (void)resumed;
    return refuse(err);
}

int pl_sq_cluster_move_record(pl_sq_store *s, const pl_cluster_move *mv, pl_error *err)
{
    (void)s;
    (void)mv;
    return refuse(err);
}

int pl_sq_cluster_moves(pl_sq_store *s, pl_cluster_move_cb cb, void *ctx, pl_error *err)
{
    (void)s;
    (void)cb;
    (void)ctx;
    return refuse(err);
}

int pl_sq_cluster_move_switch(pl_sq_store *s, const pl_cluster_move *mv,
                              const pl_cluster_shard *target, pl_error *err)
{
    (void)s;
    (void)mv;
    (void)target;
    return refuse(err);
}

int pl_sq_cluster_fence(pl_sq_store *s, const char *prov, const char *dest, pl_error *err)
{
    (void)s;
    (void)prov;
    (void)dest;
    return refuse(err);
}

int pl_sq_cluster_unfence(pl_sq_store *s, const char *prov, bool remove, pl_error *err)
{
    (void)s;
    (void)prov;
    (void)remove;
    return refuse(err);
}

int pl_sq_cluster_move_copy(pl_sq_store *s, pl_store *source, const char *prov, int64_t *rows,
                            pl_error *err)
{
    (void)s;
    (void)source;
    (void)prov;
    (void)rows;
    return refuse(err);
}

int pl_sq_cluster_move_digest(pl_sq_store *s, const char *prov, pl_cluster_digest_cb cb, void *ctx,
                              pl_error *err)
{
    (void)s;
    (void)prov;
    (void)cb;
    (void)ctx;
    return refuse(err);
}

int pl_sq_cluster_shard_registry(pl_sq_store *s, const char *coordinator, pl_error *err)
{
    (void)s;
    (void)coordinator;
    return refuse(err);
}

int pl_sq_cluster_key_count(pl_sq_store *s, pl_cluster_key_count *out, pl_error *err)
{
    (void)s;
    (void)out;
    return refuse(err);
}

int pl_sq_cluster_keys(pl_sq_store *s, int64_t grace_seconds, bool repair, pl_cluster_key_cb cb,
                       void *ctx, pl_cluster_keys_result *out, pl_error *err)
{
    (void)s;
    (void)grace_seconds;
    (void)repair;
    (void)cb;
    (void)ctx;
    (void)out;
    return refuse(err);
}
