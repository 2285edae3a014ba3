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

int pl_sq_xact_decide(pl_sq_store *s, const char *gid, const char *nik, const char *target_prov,
                      pl_error *err)
{
    (void)s;
    (void)gid;
    (void)nik;
    (void)target_prov;
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
