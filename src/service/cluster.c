/*
 * cluster.c - setting a cluster up, reading its state and moving a province between shards
 * (cluster.h, docs/scale.md).
 */
#include "service/cluster.h"

#include "domain/region_code.h"
#include "store/backend.h"
#include "store/region.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
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
    /* Each shard keeps the national registry the setup filled (migration 28's triggers). */
    for (int i = 0; rc == 0 && i < n; i++) {
        if ((rc = pl_store_open(&sh, shards[i].conninfo, store_flags, err)) == 0 &&
            (rc = pl_store_cluster_shard_registry(sh, coordinator, err))) {
            char msg[sizeof err->message];
            snprintf(msg, sizeof msg, "%s", err->message);
            pl_error_set(err, rc, "shard", "shard %d: %s", shards[i].number, msg);
        }
        pl_store_close(sh);
        sh = NULL;
    }
    pl_cluster_key_count kc;
    if (rc == 0 && (rc = pl_store_cluster_key_count(coord, &kc, err)) == 0) {
        out->niks = kc.nik;
        out->kks = kc.kk;
    }
    pl_store_close(coord);
    return rc;
}

int pl_cluster_status(pl_store *s, pl_cluster_status_cb cb, void *ctx, pl_error *err)
{
    return pl_store_cluster_status(s, cb, ctx, err);
}

int pl_cluster_keys_count(pl_store *s, pl_cluster_key_count *out, pl_error *err)
{
    return pl_store_cluster_key_count(s, out, err);
}

int pl_cluster_keys(pl_store *s, int64_t grace_seconds, bool repair, pl_cluster_key_cb cb,
                    void *ctx, pl_cluster_keys_result *out, pl_error *err)
{
    if (grace_seconds < 0)
        return pl_error_set(err, PL_EINVAL, "grace", "--grace harus 0 detik atau lebih");
    return pl_store_cluster_keys(s, grace_seconds, repair, cb, ctx, out, err);
}

/* ------------------------------------------------------------- moving a province */

/* Prefixes err's message with where it happened ("shard asal pl_shard_1"). */
static int where(int rc, pl_error *err, const char *what, const char *server)
{
    if (rc == 0)
        return 0;
    char msg[sizeof err->message], field[sizeof err->field];
    snprintf(msg, sizeof msg, "%s", err->message);
    snprintf(field, sizeof field, "%s", err->field);
    pl_error_set(err, rc, field, "%s %s: %s", what, server, msg);
    return rc;
}

static void step(const pl_cluster_move_opts *o, const char *name, const pl_cluster_move *mv)
{
    if (o->progress)
        o->progress(o->ctx, name, mv);
}

typedef struct digests {
    int n;
    pl_cluster_table_digest t[PL_CLUSTER_MOVE_MAX_TABLES];
} digests;

static int keep_digest(void *ctx, const pl_cluster_table_digest *d)
{
    digests *x = ctx;
    if (x->n < PL_CLUSTER_MOVE_MAX_TABLES)
        x->t[x->n++] = *d;
    return 0;
}

/* Puts the fence of the move back as it was before it: the target's copy dropped. */
static int undo(pl_store *coord, pl_store *source, pl_store *target, pl_cluster_move *mv,
                pl_error *err)
{
    int rc = where(pl_store_cluster_unfence(target, mv->prov, true, err), err, "shard tujuan",
                   mv->target_server);
    if (rc == 0)
        rc = where(pl_store_cluster_unfence(source, mv->prov, false, err), err, "shard asal",
                   mv->source_server);
    if (rc == 0) {
        mv->step[0] = '\0';
        rc = pl_store_cluster_move_record(coord, mv, err);
    }
    return rc;
}

/* Compares the two shards' digests: 0, or PL_ECONFLICT naming the first difference. */
static int compare_digests(const digests *a, const digests *b, pl_error *err)
{
    if (a->n != b->n)
        return pl_error_set(err, PL_ECONFLICT, "",
                            "shard asal dan tujuan tidak memiliki tabel "
                            "provinsi yang sama (%d dan %d tabel)",
                            a->n, b->n);
    for (int i = 0; i < a->n; i++) {
        const pl_cluster_table_digest *x = &a->t[i], *y = &b->t[i];
        if (strcmp(x->table, y->table) != 0 || x->rows != y->rows ||
            strcmp(x->digest, y->digest) != 0)
            return pl_error_set(err, PL_ECONFLICT, "",
                                "salinan berbeda pada tabel %s (asal %lld baris, tujuan %lld "
                                "baris%s)",
                                x->table, (long long)x->rows, (long long)y->rows,
                                x->rows == y->rows ? ", isi berbeda" : "");
    }
    return 0;
}

/* The steps up to the switch: fence, prepare the target, copy, compare, switch. */
static int move_to_switch(pl_store *coord, pl_store *source, pl_store *target, pl_cluster_move *mv,
                          const pl_cluster_shard *tgt, const pl_cluster_move_opts *o,
                          pl_cluster_move_result *out, pl_error *err)
{
    int rc = 0;
    bool fresh = mv->step[0] == '\0';
    if (fresh) {
        /* Recorded before the first fence: a kill from here on is seen by a rerun. */
        snprintf(mv->step, sizeof mv->step, "fencing");
        if ((rc = pl_store_cluster_move_record(coord, mv, err)))
            return rc;
    }
    char dest[1200];
    snprintf(dest, sizeof dest, "%s (%s)", mv->target_server, mv->target_conninfo);
    int64_t lo = (int64_t)tgt->number * PL_CLUSTER_ID_SPAN + 1;
    int64_t hi = ((int64_t)tgt->number + 1) * PL_CLUSTER_ID_SPAN;
    if ((rc = where(pl_store_cluster_fence(source, mv->prov, dest, err), err, "shard asal",
                    mv->source_server)) == 0 &&
        (rc = where(pl_store_cluster_fence(target, mv->prov, dest, err), err, "shard tujuan",
                    mv->target_server)) == 0)
        rc = where(pl_store_cluster_shard_prepare(target, tgt, lo, hi, NULL, err), err,
                   "shard tujuan", mv->target_server);
    /* A new shard keeps the national registry as the others do, from its first write. */
    pl_cluster_key_count kc = {0};
    if (rc == 0 && mv->target_new && o->coordinator &&
        (rc = pl_store_cluster_key_count(coord, &kc, err)) == 0 && kc.exists)
        rc = where(pl_store_cluster_shard_registry(target, o->coordinator, err), err,
                   "shard tujuan", mv->target_server);
    if (rc) {
        /* A new move refused before its copy (rows left behind would dangle, a shard refuses)
         * leaves nothing behind; if that fails too, the journal keeps it for --abort. */
        if (fresh) {
            pl_error e;
            pl_error_clear(&e);
            undo(coord, source, target, mv, &e);
        }
        return rc;
    }
    snprintf(mv->step, sizeof mv->step, "fenced");
    if ((rc = pl_store_cluster_move_record(coord, mv, err)))
        return rc;
    step(o, "fenced", mv);
    if ((rc = where(pl_store_cluster_move_copy(target, source, mv->prov, &out->rows, err), err,
                    "salinan ke shard tujuan", mv->target_server)))
        return rc;
    digests *a = calloc(2, sizeof *a);
    if (a == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    rc = where(pl_store_cluster_move_digest(source, mv->prov, keep_digest, &a[0], err), err,
               "shard asal", mv->source_server);
    if (rc == 0)
        rc = where(pl_store_cluster_move_digest(target, mv->prov, keep_digest, &a[1], err), err,
                   "shard tujuan", mv->target_server);
    if (rc == 0 && (rc = compare_digests(&a[0], &a[1], err))) {
        /* The source stays authoritative: the target's copy goes, the fences are lifted. */
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        pl_error e;
        pl_error_clear(&e);
        int urc = undo(coord, source, target, mv, &e);
        pl_error_set(err, PL_ECONFLICT, "",
                     "%s; pemindahan dibatalkan%s, shard asal %s tetap berlaku%s%s", msg,
                     urc ? " (tetapi pembatalannya gagal)" : "", mv->source_server, urc ? ": " : "",
                     urc ? e.message : "");
    }
    if (rc == 0) {
        out->n_tables = a[1].n;
        memcpy(out->tables, a[1].t, sizeof a[1].t);
    }
    free(a);
    if (rc)
        return rc;
    snprintf(mv->step, sizeof mv->step, "copied");
    if ((rc = pl_store_cluster_move_record(coord, mv, err)))
        return rc;
    step(o, "copied", mv);
    if ((rc = pl_store_cluster_move_switch(coord, mv, tgt, err)))
        return rc;
    snprintf(mv->step, sizeof mv->step, "switched");
    step(o, "switched", mv);
    return 0;
}

int pl_cluster_move_province(pl_store *coord, const char *prov, const char *target_url,
                             const pl_cluster_move_opts *o, pl_cluster_move_result *out,
                             pl_error *err)
{
    memset(out, 0, sizeof *out);
    if (prov == NULL || strlen(prov) != 2 || pl_region_official_name(prov) == NULL)
        return pl_error_set(err, PL_EINVAL, "prov", "'%s' bukan kode provinsi (dua angka, mis. 65)",
                            prov ? prov : "");
    if (target_url == NULL || !pl_store_location_is_pg(target_url))
        return pl_error_set(err, PL_EINVAL, "to",
                            "--to harus URL PostgreSQL (postgresql://...): klaster hanya tersedia "
                            "pada PostgreSQL");
    pl_cluster_shard *sh = calloc(2, sizeof *sh);
    if (sh == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    pl_cluster_shard *src = &sh[0], *tgt = &sh[1];
    pl_cluster_move *mv = &out->move;
    pl_store *source = NULL, *target = NULL;
    int rc = pl_store_cluster_move_plan(coord, prov, target_url, mv, src, tgt, &out->resumed, err);
    if (rc)
        goto out;
    if (out->resumed)
        snprintf(out->resumed_from, sizeof out->resumed_from, "%s", mv->step);
    if (o->abort && !out->resumed) {
        rc = pl_error_set(err, PL_EINVAL, "abort",
                          "tidak ada pemindahan provinsi %s yang sedang berlangsung", prov);
        goto out;
    }
    if (o->abort && strcmp(mv->step, "switched") == 0) {
        rc = pl_error_set(err, PL_ECONFLICT, "abort",
                          "pemindahan provinsi %s sudah dialihkan ke %s (shard tujuan kini yang "
                          "berlaku); jalankan lagi tanpa --abort untuk menyelesaikannya",
                          prov, mv->target_server);
        goto out;
    }
    if ((rc = where(pl_store_open(&source, src->conninfo, o->store_flags, err), err, "shard asal",
                    mv->source_server)))
        goto out;
    int from = 0, to = 0;
    if ((rc = where(open_migrated(&target, tgt->conninfo, o->store_flags, &from, &to, err), err,
                    "shard tujuan", mv->target_server)))
        goto out;
    if ((rc = need_region(target, prov, "shard tujuan", err)))
        goto out;
    if (o->abort) {
        if ((rc = undo(coord, source, target, mv, err)) == 0)
            out->aborted = true;
        goto out;
    }
    if (strcmp(mv->step, "switched") != 0 &&
        (rc = move_to_switch(coord, source, target, mv, tgt, o, out, err)))
        goto out;
    /* The target is authoritative: the source's rows go, then the fences. */
    if ((rc = where(pl_store_cluster_unfence(source, prov, true, err), err, "shard asal",
                    mv->source_server)) ||
        (rc = where(pl_store_cluster_unfence(target, prov, false, err), err, "shard tujuan",
                    mv->target_server)))
        goto out;
    char keep[16];
    snprintf(keep, sizeof keep, "%s", mv->step);
    mv->step[0] = '\0';
    rc = pl_store_cluster_move_record(coord, mv, err);
    snprintf(mv->step, sizeof mv->step, "%s", rc ? keep : "done");
    if (rc == 0)
        step(o, "done", mv);
out:
    pl_store_close(source);
    pl_store_close(target);
    free(sh);
    return rc;
}

int pl_cluster_moves(pl_store *s, pl_cluster_move_cb cb, void *ctx, pl_error *err)
{
    return pl_store_cluster_moves(s, cb, ctx, err);
}
