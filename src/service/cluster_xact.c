/*
 * cluster_xact.c - a person moved between shards by two-phase commit, and the resolver of
 * interrupted cross-shard writes (cluster_xact.h, store/xact.h, docs/scale.md).
 */
#include "service/cluster_xact.h"

#include "domain/date.h"
#include "domain/nonik.h"
#include "domain/region_code.h"
#include "store/cluster.h"
#include "store/person.h"
#include "util/vec.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void step(const pl_cluster_xact_opts *o, const char *name, const pl_xact_entry *e)
{
    if (o && o->progress)
        o->progress(o->ctx, name, e);
}

/* A new global transaction id: pilar_x_ and 32 hex digits. */
static void new_gid(char *gid, size_t cap)
{
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    snprintf(gid, cap, "pilar_x_%s", hex);
}

static void today(char out[11])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Whether the journal holds an unfinished write of a person (by NIK, else id): its gid. */
typedef struct same_person {
    const char *nik; /* "" when by id */
    int64_t id;
    char gid[64];
} same_person;

static int find_person(void *ctx, const pl_xact_entry *e)
{
    same_person *x = ctx;
    bool same = x->nik[0] ? strcmp(e->nik, x->nik) == 0 : e->person_id == x->id;
    if (same && !x->gid[0])
        snprintf(x->gid, sizeof x->gid, "%s", e->gid);
    return 0;
}

/* Whether a province move (`cluster move`) of either province is under way: ctx e, its prov. */
typedef struct moving_ctx {
    const pl_xact_entry *e;
    char prov[3];
} moving_ctx;

static int find_moving(void *ctx, const pl_cluster_move *mv)
{
    moving_ctx *x = ctx;
    if (!x->prov[0] &&
        (strcmp(mv->prov, x->e->source_prov) == 0 || strcmp(mv->prov, x->e->target_prov) == 0))
        snprintf(x->prov, sizeof x->prov, "%s", mv->prov);
    return 0;
}

/* Refuses a write across shards while one of its provinces is being moved to another shard. */
static int refuse_moving(pl_store *coord, const pl_xact_entry *e, pl_error *err)
{
    moving_ctx x = {e, ""};
    int rc = pl_store_cluster_moves(coord, find_moving, &x, err);
    if (rc == 0 && x.prov[0])
        rc = pl_error_set(err, PL_ECONFLICT, "prov",
                          "provinsi %s sedang dipindahkan ke shard lain (pilar cluster status); "
                          "ulangi setelah pemindahan selesai",
                          x.prov);
    return rc;
}

static int open_shard(pl_store **s, const pl_cluster_shard *sh, unsigned flags, pl_error *err)
{
    int rc = pl_store_open(s, sh->conninfo, flags & ~(unsigned)PL_STORE_CREATE, err);
    if (rc)
        *s = NULL;
    return rc;
}

/* Keeps e in err unless err holds a failure already (the first one wins). */
static void keep_first(pl_error *err, const pl_error *e)
{
    if (err->code == 0)
        *err = *e;
}

/*
 * The decision and the second phase of e, whose halves are prepared on s1 and s2: 0 when both
 * are committed and the journal row is gone; the failure otherwise (the resolver's work).
 */
static int finish_decided(pl_store *coord, const pl_actor *who, pl_xact_entry *e, pl_store *s1,
                          pl_store *s2, const pl_cluster_xact_opts *o, pl_error *err)
{
    int rc;
    if ((rc = pl_store_xact_decide(coord, who, e, err))) {
        /* Whether the decision was written is not known here (the commit's answer may be
         * what was lost): the resolver reads it from the journal. */
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        rc = pl_error_set(
            err, rc == PL_ENOTFOUND ? PL_ECONFLICT : PL_EUNAVAIL, "db",
            "keputusan penulisan lintas shard %s tidak dapat dicatat di koordinator (%s); "
            "tidak ada yang berubah sampai 'pilar cluster resolve' dijalankan, "
            "yang menyelesaikan atau membatalkannya",
            e->gid, msg);
        return rc;
    }
    snprintf(e->decision, sizeof e->decision, "commit");
    step(o, "decided", e);
    /* Decided: the move has happened; each half is committed, or left to the resolver. */
    pl_error first;
    pl_error_clear(&first);
    bool found1 = false, found2 = false;
    pl_error e1;
    pl_error_clear(&e1);
    if (pl_store_xact_finish(s1, e->gid, true, &found1, &e1))
        keep_first(&first, &e1);
    else
        step(o, "committed-source", e);
    pl_error_clear(&e1);
    if (pl_store_xact_finish(s2, e->gid, true, &found2, &e1))
        keep_first(&first, &e1);
    else
        step(o, "committed-target", e);
    if (first.code) {
        for (char *c = first.message; *c; c++)
            if (*c == '\n' || *c == '\t')
                *c = ' ';
        rc = pl_error_set(
            err, PL_EUNAVAIL, "db",
            "penulisan lintas shard %s sudah diputuskan dan berlaku, tetapi satu shard belum "
            "menyelesaikannya (%s); jalankan 'pilar cluster resolve' setelah shard "
            "itu dapat dihubungi",
            e->gid, first.message);
        return rc;
    }
    if ((rc = pl_store_xact_forget(coord, e->gid, err)) == 0)
        step(o, "done", e);
    return rc;
}

int pl_cluster_move_person(pl_store *coord, const pl_actor *who, const pl_cluster_person_move *req,
                           const pl_cluster_xact_opts *o, pl_cluster_person_move_result *out,
                           pl_error *err)
{
    memset(out, 0, sizeof *out);
    /* The person by NIK, or (people without one) by id: digits or P-000123. */
    const char *key = req->nik ? req->nik : "";
    const char *nik = "";
    int64_t person_id = req->person_id;
    if (strlen(key) == 16 && strspn(key, "0123456789") == 16)
        nik = key;
    else if (key[0] && !pl_pilar_id_parse(key, &person_id)) {
        char *end;
        long long v = strtoll(key, &end, 10);
        if (end == key || *end || v <= 0)
            return pl_error_set(err, PL_EINVAL, "nik",
                                "'%.40s' bukan NIK (16 digit) atau id orang (mis. P-000123)", key);
        person_id = v;
    }
    if (!nik[0] && person_id <= 0)
        return pl_error_set(err, PL_EINVAL, "nik", "sebutkan NIK atau id orang yang pindah");
    char village[PL_REGION_CODE_MAX];
    if (req->village == NULL || pl_region_code_normalize(village, req->village) != PL_LEVEL_VILLAGE)
        return pl_error_set(err, PL_EINVAL, "to",
                            "--to harus kode desa/kelurahan tujuan (mis. 65.01.01.2001)");
    char date[11];
    if (req->date && req->date[0]) {
        if (!pl_date_is_iso(req->date))
            return pl_error_set(err, PL_EINVAL, "tanggal", "--date harus YYYY-MM-DD");
        snprintf(date, sizeof date, "%s", req->date);
    } else
        today(date);
    /* An unfinished write of this person first: until it is resolved, where the person lives
     * is not settled (one half may be committed, the other still prepared). */
    same_person sp = {nik, person_id, ""};
    int rc = pl_store_xact_list(coord, find_person, &sp, err);
    if (rc)
        return rc;
    if (sp.gid[0])
        return pl_error_set(err, PL_ECONFLICT, "nik",
                            "perpindahan orang ini (%s) belum selesai; jalankan 'pilar cluster "
                            "resolve' dahulu",
                            sp.gid);
    /* Where the person lives now: read through the coordinator (the nation). */
    pl_person p;
    rc = nik[0] ? pl_store_person_get_by_nik(coord, &p, nik, err)
                : pl_store_person_get(coord, &p, person_id, err);
    if (rc)
        return rc;
    pl_xact_entry *e = &out->entry;
    snprintf(e->kind, sizeof e->kind, "person");
    e->person_id = p.id;
    snprintf(e->nik, sizeof e->nik, "%s", p.nik);
    snprintf(e->source_prov, sizeof e->source_prov, "%.2s", p.village_code);
    snprintf(e->target_prov, sizeof e->target_prov, "%.2s", village);
    snprintf(e->target_village, sizeof e->target_village, "%s", village);
    snprintf(out->name, sizeof out->name, "%s", p.name);
    pl_cluster_shard *src = calloc(2, sizeof *src);
    if (src == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    pl_cluster_shard *dst = src + 1;
    if ((rc = pl_store_xact_shard(coord, e->source_prov, src, err)) ||
        (rc = pl_store_xact_shard(coord, e->target_prov, dst, err)))
        goto out;
    out->source_number = src->number;
    out->target_number = dst->number;
    if (src->number == dst->number) {
        rc = pl_error_set(err, PL_EINVAL, "to",
                          "provinsi %s dan %s disimpan di shard yang sama (pl_shard_%d); pindahkan "
                          "orang ini di shard itu: pilar --db SHARD person edit/pindah",
                          e->source_prov, e->target_prov, src->number);
        goto out;
    }
    if ((rc = refuse_moving(coord, e, err)))
        goto out;
    new_gid(e->gid, sizeof e->gid);
    if ((rc = pl_store_xact_begin(coord, e, err)))
        goto out;
    step(o, "journaled", e);
    pl_store *s1 = NULL, *s2 = NULL;
    unsigned flags = o ? o->store_flags : 0;
    bool prepared1 = false, prepared2 = false;
    pl_xact_person dep;
    memset(&dep, 0, sizeof dep);
    if ((rc = open_shard(&s1, src, flags, err)) == 0 &&
        (rc = open_shard(&s2, dst, flags, err)) == 0 &&
        (rc = pl_store_xact_depart(s1, who, nik, p.id, req->expect_version, date, e->gid, &dep,
                                   err)) == 0) {
        prepared1 = true;
        out->memberships = dep.memberships;
        out->departed_rows = dep.departed_rows;
        step(o, "prepared-source", e);
        if ((rc = pl_store_xact_arrive(s2, who, dep.record, village, req->kk ? req->kk : "", date,
                                       e->gid, err)) == 0) {
            prepared2 = true;
            step(o, "prepared-target", e);
        }
    }
    free(dep.record);
    if (rc) {
        /* Nothing decided: the halves prepared so far are rolled back, the row deleted. Left
         * to the resolver when a shard cannot be reached now. */
        pl_error e2;
        pl_error_clear(&e2);
        bool found;
        bool clean = true;
        if (prepared1 && pl_store_xact_finish(s1, e->gid, false, &found, &e2))
            clean = false;
        if (prepared2 && pl_store_xact_finish(s2, e->gid, false, &found, &e2))
            clean = false;
        if (clean)
            (void)pl_store_xact_forget(coord, e->gid, &e2);
        goto close;
    }
    rc = finish_decided(coord, who, e, s1, s2, o, err);
close:
    pl_store_close(s1);
    pl_store_close(s2);
out:
    free(src);
    return rc;
}

/* ------------------------------------------------------------------- merges */

/* Whether text names person id: its id in digits or as P-000123, or its NIK. */
static bool names(const char *text, int64_t id, const char *nik)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)id);
    int64_t pid = 0;
    return strcmp(text, buf) == 0 || (nik[0] && strcmp(text, nik) == 0) ||
           (pl_pilar_id_parse(text, &pid) && pid == id);
}

int pl_cluster_merge(pl_store *coord, const pl_actor *who, int64_t pair_id, const char *survivor,
                     const pl_cluster_xact_opts *o, pl_cluster_merge_result *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    pl_xact_pair pair;
    int rc = pl_store_xact_pair_get(coord, pair_id, &pair, err);
    if (rc)
        return rc;
    if (strcmp(pair.status, "open") != 0)
        return pl_error_set(err, PL_ECONFLICT, "id", "pasangan %lld sudah diputuskan (%s)",
                            (long long)pair_id, pair.status);
    /* Each side through the coordinator, for its NIK. */
    pl_person pa, pb;
    if ((rc = pl_store_person_get(coord, &pa, pair.person_a, err)) ||
        (rc = pl_store_person_get(coord, &pb, pair.person_b, err)))
        return rc;
    bool keep_a = survivor && names(survivor, pa.id, pa.nik);
    bool keep_b = survivor && names(survivor, pb.id, pb.nik);
    if (keep_a == keep_b)
        return pl_error_set(err, PL_EINVAL, "survivor",
                            "--survivor harus NIK atau id salah satu dari pasangan ini (%lld atau "
                            "%lld)",
                            (long long)pa.id, (long long)pb.id);
    const pl_person *sv = keep_a ? &pa : &pb, *mg = keep_a ? &pb : &pa;
    pl_xact_entry *e = &out->entry;
    snprintf(e->kind, sizeof e->kind, "merge");
    e->person_id = mg->id;
    e->survivor_id = sv->id;
    e->pair_id = pair_id;
    snprintf(e->source_prov, sizeof e->source_prov, "%.2s", mg->village_code);
    snprintf(e->target_prov, sizeof e->target_prov, "%.2s", sv->village_code);
    out->survivor_id = sv->id;
    out->merged_id = mg->id;
    same_person sp = {"", mg->id, ""};
    same_person sp2 = {"", sv->id, ""};
    if ((rc = pl_store_xact_list(coord, find_person, &sp, err)) ||
        (rc = pl_store_xact_list(coord, find_person, &sp2, err)))
        return rc;
    if (sp.gid[0] || sp2.gid[0])
        return pl_error_set(err, PL_ECONFLICT, "id",
                            "penulisan lintas shard atas orang ini (%s) belum selesai; jalankan "
                            "'pilar cluster resolve' dahulu",
                            sp.gid[0] ? sp.gid : sp2.gid);
    pl_cluster_shard *src = calloc(2, sizeof *src);
    if (src == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    pl_cluster_shard *dst = src + 1;
    pl_store *s1 = NULL, *s2 = NULL;
    if ((rc = pl_store_xact_shard(coord, e->source_prov, src, err)) ||
        (rc = pl_store_xact_shard(coord, e->target_prov, dst, err)))
        goto out;
    if (src->number == dst->number) {
        rc = pl_error_set(err, PL_EINVAL, "id",
                          "kedua orang disimpan di shard yang sama (pl_shard_%d); gabungkan di "
                          "shard itu: pilar --db SHARD dedup merge",
                          src->number);
        goto out;
    }
    if ((rc = refuse_moving(coord, e, err)))
        goto out;
    unsigned flags = o ? o->store_flags : 0;
    pl_xact_survivor si;
    if ((rc = open_shard(&s1, src, flags, err)) || (rc = open_shard(&s2, dst, flags, err)) ||
        (rc = pl_store_xact_survivor(s2, sv->id, &si, err)))
        goto out;
    new_gid(e->gid, sizeof e->gid);
    if ((rc = pl_store_xact_begin(coord, e, err)))
        goto out;
    step(o, "journaled", e);
    bool prepared1 = false;
    pl_xact_merged m;
    memset(&m, 0, sizeof m);
    if ((rc = pl_store_xact_merge_out(s1, who, mg->id, sv->id, e->target_prov, si.has_nik,
                                      si.open_categories, e->gid, &m, err)) == 0) {
        prepared1 = true;
        out->memberships = m.memberships;
        snprintf(out->nik, sizeof out->nik, "%s", m.nik);
        snprintf(e->nik, sizeof e->nik, "%s", m.nik);
        step(o, "prepared-source", e);
        if ((rc = pl_store_xact_merge_in(s2, who, sv->id, m.record, e->gid, err)) == 0)
            step(o, "prepared-target", e);
    }
    free(m.record);
    if (rc) {
        pl_error e2;
        pl_error_clear(&e2);
        bool found, clean = true;
        if (prepared1 && pl_store_xact_finish(s1, e->gid, false, &found, &e2))
            clean = false;
        if (clean)
            (void)pl_store_xact_forget(coord, e->gid, &e2);
        goto out;
    }
    rc = finish_decided(coord, who, e, s1, s2, o, err);
out:
    pl_store_close(s1);
    pl_store_close(s2);
    free(src);
    return rc;
}

/* ------------------------------------------------------------------- the resolver */

int pl_cluster_pending(pl_store *coord, pl_xact_entry_cb cb, void *ctx, pl_error *err)
{
    return pl_store_xact_list(coord, cb, ctx, err);
}

typedef struct shard_list {
    pl_cluster_row rows[PL_CLUSTER_MAX_SHARDS * 4];
    int n;
} shard_list;

static int add_row(void *ctx, const pl_cluster_row *row)
{
    shard_list *l = ctx;
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->rows[i].server, row->server) == 0)
            return 0;
    if (l->n < (int)(sizeof l->rows / sizeof l->rows[0]))
        l->rows[l->n++] = *row;
    return 0;
}

PL_VEC_DEFINE(entries, pl_xact_entry)

static int add_entry(void *ctx, const pl_xact_entry *e)
{
    return entries_push(ctx, *e);
}

/* Finishes gid on the shard of province prov by commit; 0 or the failure in err. */
static int finish_on(pl_store *coord, const char *prov, const char *gid, bool commit,
                     unsigned flags, pl_error *err)
{
    pl_cluster_shard *sh = calloc(1, sizeof *sh);
    if (sh == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    pl_store *s = NULL;
    bool found;
    int rc = pl_store_xact_shard(coord, prov, sh, err);
    if (rc == 0 && (rc = open_shard(&s, sh, flags, err)) == 0)
        rc = pl_store_xact_finish(s, gid, commit, &found, err);
    pl_store_close(s);
    free(sh);
    return rc;
}

typedef struct orphan_ctx {
    pl_store *coord;
    const entries *known;
    pl_store *shard;
    pl_cluster_resolved_cb cb;
    void *ctx;
    int *failed;
} orphan_ctx;

/* A prepared half on a shard: rolled back when no journal row names it and nobody runs it. */
static int orphan(void *ctx, const char *gid, const char *prepared_at)
{
    (void)prepared_at;
    orphan_ctx *x = ctx;
    for (size_t i = 0; i < x->known->n; i++)
        if (strcmp(x->known->v[i].gid, gid) == 0)
            return 0;
    pl_cluster_resolved r;
    memset(&r, 0, sizeof r);
    snprintf(r.entry.gid, sizeof r.entry.gid, "%s", gid);
    pl_error e;
    pl_error_clear(&e);
    bool claimed = false, found = false;
    int rc = pl_store_xact_claim(x->coord, gid, &claimed, &e);
    if (rc == 0 && !claimed)
        r.outcome = "running";
    else if (rc == 0 && (rc = pl_store_xact_finish(x->shard, gid, false, &found, &e)) == 0)
        r.outcome = "rolled-back";
    if (rc) {
        r.outcome = "failed";
        snprintf(r.detail, sizeof r.detail, "%s", e.message);
        ++*x->failed;
    }
    return x->cb ? x->cb(x->ctx, &r) : 0;
}

int pl_cluster_resolve(pl_store *coord, const pl_cluster_xact_opts *o, pl_cluster_resolved_cb cb,
                       void *ctx, int *failed, pl_error *err)
{
    *failed = 0;
    unsigned flags = o ? o->store_flags : 0;
    entries l = {0};
    int rc = pl_store_xact_list(coord, add_entry, &l, err);
    if (rc == PL_ENOMEM)
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        pl_cluster_resolved r;
        memset(&r, 0, sizeof r);
        r.entry = l.v[i];
        bool claimed = false;
        if ((rc = pl_store_xact_claim(coord, r.entry.gid, &claimed, err)))
            break;
        if (!claimed)
            r.outcome = "running";
        else {
            bool commit = strcmp(r.entry.decision, "commit") == 0;
            pl_error e;
            pl_error_clear(&e);
            int frc = finish_on(coord, r.entry.source_prov, r.entry.gid, commit, flags, &e);
            if (frc == 0)
                frc = finish_on(coord, r.entry.target_prov, r.entry.gid, commit, flags, &e);
            if (frc == 0)
                frc = pl_store_xact_forget(coord, r.entry.gid, &e);
            if (frc) {
                r.outcome = "failed";
                snprintf(r.detail, sizeof r.detail, "%s", e.message);
                ++*failed;
            } else
                r.outcome = commit ? "committed" : "rolled-back";
        }
        if (cb)
            rc = cb(ctx, &r);
    }
    /* Halves no journal row names (none is expected: a row is written before any half). */
    shard_list *sl = rc ? NULL : calloc(1, sizeof *sl);
    if (rc == 0 && sl == NULL)
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    if (rc == 0)
        rc = pl_store_cluster_list(coord, add_row, sl, err);
    for (int i = 0; rc == 0 && sl && i < sl->n; i++) {
        pl_cluster_shard *sh = calloc(1, sizeof *sh);
        if (sh == NULL) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            break;
        }
        pl_store *s = NULL;
        pl_error e;
        pl_error_clear(&e);
        int src = pl_store_xact_shard(coord, sl->rows[i].prov, sh, &e);
        if (src == 0 && (src = open_shard(&s, sh, flags, &e)) == 0) {
            orphan_ctx x = {coord, &l, s, cb, ctx, failed};
            src = pl_store_xact_prepared(s, orphan, &x, &e);
        }
        if (src) {
            pl_cluster_resolved r;
            memset(&r, 0, sizeof r);
            r.outcome = "failed";
            snprintf(r.detail, sizeof r.detail, "%.60s: %.400s", sl->rows[i].server, e.message);
            ++*failed;
            if (cb)
                rc = cb(ctx, &r);
        }
        pl_store_close(s);
        free(sh);
    }
    free(sl);
    entries_free(&l);
    return rc;
}
