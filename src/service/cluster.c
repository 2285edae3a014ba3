/* cluster.c - setting a cluster up and reading its state (cluster.h, docs/scale.md). */
#include "service/cluster.h"

#include "domain/region_code.h"
#include "store/backend.h"
#include "store/region.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

/* Provinces valid, each on one shard only, every location a PostgreSQL URI. */
static int validate(const char *coordinator, const pl_cluster_shard *shards, int n, pl_error *err)
{
    if (coordinator == NULL || !pl_store_location_is_pg(coordinator))
        return pl_error_set(err, PL_EINVAL, "coordinator",
                            "--coordinator harus URL PostgreSQL (postgresql://...): klaster hanya "
                            "tersedia pada PostgreSQL");
    if (n < 1 || n > PL_CLUSTER_MAX_SHARDS)
        return pl_error_set(err, PL_EINVAL, "shard", "sebutkan 1 sampai %d --shard PROV=URL",
                            PL_CLUSTER_MAX_SHARDS);
    for (int i = 0; i < n; i++) {
        const pl_cluster_shard *a = &shards[i];
        if (!pl_store_location_is_pg(a->conninfo))
            return pl_error_set(err, PL_EINVAL, "shard",
                                "shard %d harus URL PostgreSQL (postgresql://...): klaster hanya "
                                "tersedia pada PostgreSQL",
                                a->number);
        if (strcmp(a->conninfo, coordinator) == 0)
            return pl_error_set(err, PL_EINVAL, "shard",
                                "shard %d sama dengan koordinator; koordinator dan shard adalah "
                                "basis data yang berbeda",
                                a->number);
        if (a->n_provs < 1)
            return pl_error_set(err, PL_EINVAL, "shard", "shard %d tanpa provinsi", a->number);
        for (int k = 0; k < a->n_provs; k++) {
            if (pl_region_official_name(a->provs[k]) == NULL)
                return pl_error_set(err, PL_EINVAL, "shard",
                                    "'%s' bukan kode provinsi (dua angka, mis. 64)", a->provs[k]);
            for (int j = 0; j <= i; j++)
                for (int m = 0; m < shards[j].n_provs; m++)
                    if ((j < i || m < k) && strcmp(shards[j].provs[m], a->provs[k]) == 0)
                        return pl_error_set(err, PL_EINVAL, "shard",
                                            "provinsi %s disebut dua kali; satu provinsi hanya "
                                            "di satu shard",
                                            a->provs[k]);
        }
        for (int j = 0; j < i; j++)
            if (strcmp(shards[j].conninfo, a->conninfo) == 0)
                return pl_error_set(err, PL_EINVAL, "shard",
                                    "shard %d dan %d menunjuk basis data yang sama; sebutkan "
                                    "provinsinya bersama: --shard 11,12=URL",
                                    shards[j].number, a->number);
    }
    return 0;
}

/* The province's region on s, or a refusal telling the operator to import regions there. */
static int need_region(pl_store *s, const char *prov, const char *where, pl_error *err)
{
    pl_region r;
    int rc = pl_store_region_get(s, &r, prov, err);
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_EINVAL, "region",
                            "wilayah provinsi %s belum dimuat di %s; jalankan 'pilar --db URL "
                            "region import' di sana dahulu, lalu ulangi",
                            prov, where);
    return rc;
}

/* Opens location (created if need be) and brings it to this build's schema. */
static int open_migrated(pl_store **s, const char *location, unsigned flags, int *from, int *to,
                         pl_error *err)
{
    int rc = pl_store_open(s, location, PL_STORE_CREATE | flags, err);
    if (rc == 0 && (rc = pl_store_migrate(*s, from, to, err))) {
        pl_store_close(*s);
        *s = NULL;
    }
    return rc;
}

int pl_cluster_init(const char *coordinator, const pl_cluster_shard *shards, int n,
                    unsigned store_flags, pl_cluster_init_result *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = validate(coordinator, shards, n, err);
    if (rc)
        return rc;
    pl_store *coord = NULL, *sh = NULL;
    if ((rc = open_migrated(&coord, coordinator, store_flags, &out->from_version, &out->to_version,
                            err)))
        return rc;
    for (int i = 0; rc == 0 && i < n; i++)
        for (int k = 0; rc == 0 && k < shards[i].n_provs; k++)
            rc = need_region(coord, shards[i].provs[k], "koordinator", err);
    /* Other shards than the recorded ones are refused before any shard is touched. */
    bool same = false;
    if (rc == 0)
        rc = pl_store_cluster_check(coord, shards, n, &same, err);
    for (int i = 0; rc == 0 && i < n; i++) {
        pl_cluster_init_shard *o = &out->shards[out->n_shards++];
        o->number = shards[i].number;
        o->id_lo = (int64_t)shards[i].number * PL_CLUSTER_ID_SPAN + 1;
        o->id_hi = ((int64_t)shards[i].number + 1) * PL_CLUSTER_ID_SPAN;
        char where[32];
        snprintf(where, sizeof where, "shard %d", shards[i].number);
        if ((rc = open_migrated(&sh, shards[i].conninfo, store_flags, &o->from_version,
                                &o->to_version, err)))
            break;
        for (int k = 0; rc == 0 && k < shards[i].n_provs; k++)
            rc = need_region(sh, shards[i].provs[k], where, err);
        if (rc == 0 && (rc = pl_store_cluster_shard_prepare(sh, &shards[i], o->id_lo, o->id_hi,
                                                            &o->restarted, err))) {
            char msg[sizeof err->message];
            snprintf(msg, sizeof msg, "%s", err->message);
            pl_error_set(err, rc, "shard", "shard %d: %s", shards[i].number, msg);
        }
        pl_store_close(sh);
        sh = NULL;
    }
    if (rc == 0)
        rc = pl_store_cluster_setup(coord, shards, n, &out->again, err);
    pl_store_close(coord);
    return rc;
}

int pl_cluster_status(pl_store *s, pl_cluster_status_cb cb, void *ctx, pl_error *err)
{
    return pl_store_cluster_status(s, cb, ctx, err);
}
