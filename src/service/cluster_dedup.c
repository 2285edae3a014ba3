/* cluster_dedup.c - duplicates across the shards of a cluster (cluster_dedup.h). */
#include "service/cluster_dedup.h"

#include "store/cluster.h"
#include "store/dedup.h"
#include "util/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A person's province, by id (sorted for bsearch). */
typedef struct id_prov {
    int64_t id;
    char prov[3];
} id_prov;

PL_VEC_DEFINE(id_provs, id_prov)

/* Which server holds each province (cluster_shard's rows). */
typedef struct shard_map {
    pl_cluster_row rows[100];
    int n;
} shard_map;

static int add_shard(void *ctx, const pl_cluster_row *row)
{
    shard_map *m = ctx;
    if (m->n < (int)(sizeof m->rows / sizeof m->rows[0]))
        m->rows[m->n++] = *row;
    return 0;
}

static const char *server_of(const shard_map *m, const char *prov)
{
    for (int i = 0; i < m->n; i++)
        if (strcmp(m->rows[i].prov, prov) == 0)
            return m->rows[i].server;
    return "";
}

typedef struct load_ctx {
    pl_dedup_set *set;
    id_provs *provs;
    pl_error *err;
} load_ctx;

static int load_row(void *ctx, const pl_dedup_row *r)
{
    load_ctx *l = ctx;
    id_prov x = {r->id, ""};
    snprintf(x.prov, sizeof x.prov, "%.2s", r->village);
    if (id_provs_push(l->provs, x))
        return pl_error_set(l->err, PL_ENOMEM, "", "memori tidak cukup");
    return pl_dedup_set_add(l->set, r->id, r->nik, r->name, r->birth_date, r->sex, r->mother,
                            r->village, r->address, r->household_id, l->err);
}

static int cmp_id(const void *a, const void *b)
{
    const id_prov *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static const char *prov_of(const id_provs *v, int64_t id)
{
    id_prov key = {id, ""};
    const id_prov *f = bsearch(&key, v->v, v->n, sizeof *v->v, cmp_id);
    return f ? f->prov : "";
}

int pl_cluster_dedup(pl_store *coord, const char *region, const pl_dedup_options *opt,
                     pl_dedup_stats *stats, long *written, pl_error *err)
{
    *written = 0;
    shard_map *map = calloc(1, sizeof *map);
    if (map == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    pl_dedup_set *set = NULL;
    pl_dedup_pair *pairs = NULL;
    size_t n = 0;
    id_provs provs = {0};
    int rc = pl_store_cluster_list(coord, add_shard, map, err);
    if (rc == 0 && map->n == 0)
        rc = pl_error_set(err, PL_EINVAL, "db",
                          "basis data ini bukan koordinator klaster; duplikat di dalam satu basis "
                          "data dicari dengan 'pilar dedup'");
    if (rc == 0)
        rc = pl_dedup_set_new(&set, err);
    load_ctx l = {set, &provs, err};
    if (rc == 0)
        rc = pl_store_dedup_scan(coord, region ? region : "", load_row, &l, err);
    pl_dedup_options o = opt ? *opt : (pl_dedup_options){0};
    o.national = true;
    if (rc == 0)
        rc = pl_dedup_run(&pairs, &n, set, &o, stats, err);
    if (rc == 0)
        qsort(provs.v, provs.n, sizeof *provs.v, cmp_id);
    long kept = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *pa = prov_of(&provs, pairs[i].a), *pb = prov_of(&provs, pairs[i].b);
        /* A pair inside one shard is that shard's own dedup's to find and record. */
        if (strcmp(server_of(map, pa), server_of(map, pb)) == 0)
            continue;
        pl_xact_pair p;
        memset(&p, 0, sizeof p);
        p.person_a = pairs[i].a;
        p.person_b = pairs[i].b;
        snprintf(p.prov_a, sizeof p.prov_a, "%s", pa);
        snprintf(p.prov_b, sizeof p.prov_b, "%s", pb);
        p.score = pairs[i].score;
        p.exact = pairs[i].exact;
        snprintf(p.reasons, sizeof p.reasons, "%s", pairs[i].reasons);
        bool wrote = false;
        if ((rc = pl_store_xact_pair_put(coord, &p, &wrote, err)) == 0 && wrote)
            kept++;
    }
    if (stats)
        stats->pairs = kept;
    *written = kept;
    free(pairs);
    id_provs_free(&provs);
    pl_dedup_set_free(set);
    free(map);
    return rc;
}

int pl_cluster_pairs(pl_store *coord, const char *status, pl_xact_pair_cb cb, void *ctx,
                     pl_error *err)
{
    if (status && status[0] && strcmp(status, "open") != 0 && strcmp(status, "not_same") != 0 &&
        strcmp(status, "merged") != 0)
        return pl_error_set(err, PL_EINVAL, "status",
                            "--status harus open, not_same atau merged, bukan '%s'", status);
    return pl_store_xact_pairs(coord, status ? status : "", cb, ctx, err);
}

int pl_cluster_pair_distinct(pl_store *coord, const pl_actor *who, int64_t id, pl_error *err)
{
    return pl_store_xact_pair_distinct(coord, who, id, err);
}
