/*
 * xact.c - writes spanning two shards (store/xact.h) on SQLite: none. SQLite is never a shard
 * nor a coordinator, so each function refuses with PL_EINVAL.
 */
#include "store/xact.h"
#include "store/sqlite/internal.h"

static int refuse(pl_error *err)
{
    return pl_error_set(err, PL_EINVAL, "db",
                        "klaster hanya tersedia pada PostgreSQL; penulisan lintas shard tidak ada "
                        "pada basis data SQLite");
}

int pl_sq_xact_begin(pl_sq_store *s, const pl_xact_entry *e, pl_error *err)
{
    (void)s;
    (void)e;
    return refuse(err);
}

int pl_sq_xact_decide(pl_sq_store *s, const pl_actor *who, const pl_xact_entry *e, pl_error *err)
{
    (void)s;
    (void)who;
    (void)e;
    return refuse(err);
}

int pl_sq_xact_forget(pl_sq_store *s, const char *gid, pl_error *err)
{
    (void)s;
    (void)gid;
    return refuse(err);
}

int pl_sq_xact_list(pl_sq_store *s, pl_xact_entry_cb cb, void *ctx, pl_error *err)
{
    (void)s;
    (void)cb;
    (void)ctx;
    return refuse(err);
}

int pl_sq_xact_claim(pl_sq_store *s, const char *gid, bool *claimed, pl_error *err)
{
    (void)s;
    (void)gid;
    *claimed = false;
    return refuse(err);
}

int pl_sq_xact_shard(pl_sq_store *s, const char *prov, pl_cluster_shard *sh, pl_error *err)
{
    (void)s;
    (void)prov;
    (void)sh;
    return refuse(err);
}

int pl_sq_xact_depart(pl_sq_store *s, const pl_actor *who, const char *nik, int64_t person_id,
                      int64_t expect_version, const char *date, const char *gid,
                      pl_xact_person *out, pl_error *err)
{
    (void)s;
    (void)who;
    (void)nik;
    (void)person_id;
    (void)expect_version;
    (void)date;
    (void)gid;
    (void)out;
    return refuse(err);
}

int pl_sq_xact_arrive(pl_sq_store *s, const pl_actor *who, const char *record, const char *village,
                      const char *kk, const char *date, const char *gid, pl_error *err)
{
    (void)s;
    (void)who;
    (void)record;
    (void)village;
    (void)kk;
    (void)date;
    (void)gid;
    return refuse(err);
}

int pl_sq_xact_finish(pl_sq_store *s, const char *gid, bool commit, bool *found, pl_error *err)
{
    (void)s;
    (void)gid;
    (void)commit;
    *found = false;
    return refuse(err);
}

int pl_sq_xact_prepared(pl_sq_store *s, pl_xact_prepared_cb cb, void *ctx, pl_error *err)
{
    (void)s;
    (void)cb;
    (void)ctx;
    return refuse(err);
}

int pl_sq_xact_merge_out(pl_sq_store *s, const pl_actor *who, int64_t merged, int64_t survivor_id,
                         const char *survivor_prov, bool survivor_has_nik,
                         const char *survivor_open, const char *gid, pl_xact_merged *out,
                         pl_error *err)
{
    (void)s;
    (void)who;
    (void)merged;
    (void)survivor_id;
    (void)survivor_prov;
    (void)survivor_has_nik;
    (void)survivor_open;
    (void)gid;
    (void)out;
    return refuse(err);
}

int pl_sq_xact_merge_in(pl_sq_store *s, const pl_actor *who, int64_t survivor, const char *record,
                        const char *gid, pl_error *err)
{
    (void)s;
    (void)who;
    (void)survivor;
    (void)record;
    (void)gid;
    return refuse(err);
}

int pl_sq_xact_survivor(pl_sq_store *s, int64_t id, pl_xact_survivor *out, pl_error *err)
{
    (void)s;
    (void)id;
    (void)out;
    return refuse(err);
}

int pl_sq_xact_pair_put(pl_sq_store *s, const pl_xact_pair *p, bool *wrote, pl_error *err)
{
    (void)s;
    (void)p;
    *wrote = false;
    return refuse(err);
}

int pl_sq_xact_pairs(pl_sq_store *s, const char *status, pl_xact_pair_cb cb, void *ctx,
                     pl_error *err)
{
    (void)s;
    (void)status;
    (void)cb;
    (void)ctx;
    return refuse(err);
}

int pl_sq_xact_pair_get(pl_sq_store *s, int64_t id, pl_xact_pair *out, pl_error *err)
{
    (void)s;
    (void)id;
    (void)out;
    return refuse(err);
}

int pl_sq_xact_pair_distinct(pl_sq_store *s, const pl_actor *who, int64_t id, pl_error *err)
{
    (void)s;
    (void)who;
    (void)id;
    return refuse(err);
}
