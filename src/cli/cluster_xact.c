/*
 * cluster_xact.c - `pilar cluster move-person|resolve|dedup|pairs|merge|distinct`: writes and
 * duplicates across shards (service/cluster_xact.h, service/cluster_dedup.h, docs/scale.md).
 */
#include "cli/cli.h"
#include "service/cluster_dedup.h"
#include "service/cluster_xact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct xact_ctx {
    pl_cli *c;
    const char *pause; /* PILAR_TEST_XACT_PAUSE: the step to wait at (tests) */
    const char *pause_file;
} xact_ctx;

static const char *step_text(const char *step)
{
    if (strcmp(step, "journaled") == 0)
        return "dicatat di jurnal koordinator";
    if (strcmp(step, "prepared-source") == 0)
        return "shard asal siap (bagiannya belum berlaku)";
    if (strcmp(step, "prepared-target") == 0)
        return "shard tujuan siap (bagiannya belum berlaku)";
    if (strcmp(step, "decided") == 0)
        return "keputusan dicatat di koordinator: penulisan berlaku";
    if (strcmp(step, "committed-source") == 0)
        return "shard asal selesai";
    if (strcmp(step, "committed-target") == 0)
        return "shard tujuan selesai";
    return "jurnal dibersihkan";
}

/*
 * Each step as it is reached. A test names a step in PILAR_TEST_XACT_PAUSE: the command waits
 * there while the file PILAR_TEST_XACT_PAUSE_FILE exists (at most 120 s), so that the test can
 * stop a server or kill the process at that step.
 */
static void progress(void *ctx, const char *step, const pl_xact_entry *e)
{
    xact_ctx *x = ctx;
    if (!x->c->json) {
        fprintf(x->c->out, "%s: %s.\n", e->gid, step_text(step));
        fflush(x->c->out);
    }
    pl_cli_test_pause(x->pause, x->pause_file, step);
}

int pl_cmd_cluster_move_person(pl_cli *c, int argc, char **argv)
{
    pl_cluster_person_move req = {"", 0, NULL, "", "", 0};
    int rc = 0;
    for (int i = 0; rc == 0 && i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--to", &v) && v)
            req.village = v;
        else if (pl_cli_opt(argc, argv, &i, "--kk", &v) && v)
            req.kk = v;
        else if (pl_cli_opt(argc, argv, &i, "--date", &v) && v)
            req.date = v;
        else if (pl_cli_opt(argc, argv, &i, "--version", &v) && v) {
            char *end;
            long long n = strtoll(v, &end, 10);
            if (*end || n < 1)
                rc = pl_error_set(&c->err, PL_EINVAL, "version",
                                  "--version harus bilangan bulat positif, bukan '%s'", v);
            req.expect_version = n;
        } else if (argv[i][0] != '-' && !req.nik[0])
            req.nik = argv[i];
        else
            rc = pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    if (!req.nik[0] || req.village == NULL)
        return pl_error_set(&c->err, PL_EINVAL, req.nik[0] ? "to" : "nik",
                            "sebutkan NIK (atau id) dan desa tujuannya: pilar --db KOORDINATOR "
                            "cluster move-person NIK --to KODE_DESA");
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    xact_ctx x = {c, getenv("PILAR_TEST_XACT_PAUSE"), getenv("PILAR_TEST_XACT_PAUSE_FILE")};
    pl_cluster_xact_opts o = {c->store_flags, progress, &x};
    pl_cluster_person_move_result r;
    rc = pl_cluster_move_person(s, &c->actor, &req, &o, &r, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    const pl_xact_entry *e = &r.entry;
    if (c->json)
        return pl_cli_print_json(
            c, json_pack("{s:s,s:I,s:s,s:s,s:s,s:s,s:i,s:i,s:i,s:i}", "gid", e->gid, "person_id",
                         (json_int_t)e->person_id, "nik", e->nik, "from_province", e->source_prov,
                         "to_province", e->target_prov, "village", e->target_village, "from_shard",
                         r.source_number, "to_shard", r.target_number, "memberships", r.memberships,
                         "departed_count_rows", r.departed_rows));
    fprintf(c->out,
            "%s (NIK %s) pindah dari provinsi %s (pl_shard_%d) ke desa %s (pl_shard_%d), "
            "beserta %d keanggotaan PMKS; hitungan provinsi asal untuk hari-hari sebelum pindah "
            "tetap (%d baris).\n",
            r.name, e->nik[0] ? e->nik : "-", e->source_prov, r.source_number, e->target_village,
            r.target_number, r.memberships, r.departed_rows);
    return 0;
}

static const char *outcome_text(const char *o)
{
    if (strcmp(o, "committed") == 0)
        return "diselesaikan (berlaku)";
    if (strcmp(o, "rolled-back") == 0)
        return "dibatalkan (tidak ada yang berubah)";
    if (strcmp(o, "running") == 0)
        return "masih dijalankan proses lain; dibiarkan";
    return "gagal, ulangi nanti";
}

typedef struct resolve_ctx {
    pl_cli *c;
    json_t *list;
} resolve_ctx;

static int resolved(void *ctx, const pl_cluster_resolved *r)
{
    resolve_ctx *x = ctx;
    if (x->list) {
        json_array_append_new(
            x->list, json_pack("{s:s,s:s,s:I,s:s,s:s,s:s,s:s}", "gid", r->entry.gid, "kind",
                               r->entry.kind, "person_id", (json_int_t)r->entry.person_id,
                               "from_province", r->entry.source_prov, "to_province",
                               r->entry.target_prov, "outcome", r->outcome, "detail", r->detail));
        return 0;
    }
    if (r->entry.kind[0])
        fprintf(x->c->out, "%s: perpindahan orang id %lld dari provinsi %s ke %s: %s%s%s\n",
                r->entry.gid, (long long)r->entry.person_id, r->entry.source_prov,
                r->entry.target_prov, outcome_text(r->outcome), r->detail[0] ? ": " : "",
                r->detail);
    else
        fprintf(x->c->out, "%s: transaksi siap tanpa catatan jurnal: %s%s%s\n",
                r->entry.gid[0] ? r->entry.gid : "-", outcome_text(r->outcome),
                r->detail[0] ? ": " : "", r->detail);
    return 0;
}

int pl_cmd_cluster_resolve(pl_cli *c, int argc, char **argv)
{
    if (argc > 0)
        return pl_cli_bad_option(c, argv[0]);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    resolve_ctx x = {c, c->json ? json_array() : NULL};
    pl_cluster_xact_opts o = {c->store_flags, NULL, NULL};
    int failed = 0;
    rc = pl_cluster_resolve(s, &o, resolved, &x, &failed, &c->err);
    pl_store_close(s);
    if (rc) {
        json_decref(x.list);
        return rc;
    }
    if (c->json)
        rc = pl_cli_print_json(c, json_pack("{s:o,s:i}", "writes", x.list, "failed", failed));
    else if (failed)
        fprintf(c->out, "%d penulisan lintas shard belum dapat diselesaikan; ulangi nanti.\n",
                failed);
    else
        fprintf(c->out, "Tidak ada penulisan lintas shard yang tertunda.\n");
    return rc ? rc : (failed ? 1 : 0);
}

/* ------------------------------------------------ duplicates across shards */

int pl_cmd_cluster_dedup(pl_cli *c, int argc, char **argv)
{
    pl_dedup_options opt = {.threshold = 0.8, .threads = 2};
    char region[PL_REGION_CODE_MAX] = "";
    int rc = 0;
    for (int i = 0; rc == 0 && i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--threshold", &v) && v) {
            opt.threshold = atof(v);
            if (!(opt.threshold > 0 && opt.threshold <= 1))
                rc = pl_error_set(&c->err, PL_EINVAL, "threshold",
                                  "--threshold harus di antara 0 dan 1, bukan '%s'", v);
        } else if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            rc = pl_cli_region_opt(c, region, v);
        else
            rc = pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_dedup_stats st = {0};
    long written = 0;
    rc = pl_cluster_dedup(s, region, &opt, &st, &written, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(
            c, json_pack("{s:I,s:I,s:I,s:I,s:f}", "records", (json_int_t)st.records, "blocks",
                         (json_int_t)st.blocks, "comparisons", (json_int_t)st.comparisons,
                         "written", (json_int_t)written, "seconds", st.seconds));
    fprintf(c->out,
            "%ld orang dari semua shard, %ld blok nasional, %lld pasangan dibandingkan, "
            "%.2f detik.\n%ld pasangan lintas shard dicatat; lihat 'pilar cluster pairs'.\n",
            st.records, st.blocks, st.comparisons, st.seconds, written);
    return 0;
}

typedef struct pairs_ctx {
    pl_cli *c;
    json_t *list;
    int n;
} pairs_ctx;

static int pair_row(void *ctx, const pl_xact_pair *p)
{
    pairs_ctx *x = ctx;
    x->n++;
    if (x->list)
        return json_array_append_new(
                   x->list, json_pack("{s:I,s:I,s:s,s:I,s:s,s:f,s:b,s:s,s:s,s:s,s:s}", "id",
                                      (json_int_t)p->id, "person_a", (json_int_t)p->person_a,
                                      "prov_a", p->prov_a, "person_b", (json_int_t)p->person_b,
                                      "prov_b", p->prov_b, "score", p->score, "exact", p->exact,
                                      "reasons", p->reasons, "status", p->status, "created_at",
                                      p->created_at, "decided_by", p->decided_by)) == 0
                   ? 0
                   : PL_ENOMEM;
    fprintf(x->c->out, "#%lld  %lld (prov %s) ~ %lld (prov %s)  skor %.2f  %s\n    %s\n",
            (long long)p->id, (long long)p->person_a, p->prov_a, (long long)p->person_b, p->prov_b,
            p->score, p->status, p->reasons);
    return 0;
}

int pl_cmd_cluster_pairs(pl_cli *c, int argc, char **argv)
{
    const char *status = "open";
    int rc = 0;
    for (int i = 0; rc == 0 && i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--status", &v) && v)
            status = strcmp(v, "all") == 0 ? "" : v;
        else
            rc = pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pairs_ctx x = {c, c->json ? json_array() : NULL, 0};
    rc = pl_cluster_pairs(s, status, pair_row, &x, &c->err);
    pl_store_close(s);
    if (rc) {
        json_decref(x.list);
        return rc;
    }
    if (c->json)
        return pl_cli_print_json(c, x.list);
    if (x.n == 0)
        fprintf(c->out, "Tidak ada pasangan lintas shard%s%s.\n", status[0] ? " berstatus " : "",
                status);
    return 0;
}

/* "#12" or "12" into *id. */
static int pair_id(pl_cli *c, const char *v, int64_t *id)
{
    char *end;
    long long n = strtoll(v[0] == '#' ? v + 1 : v, &end, 10);
    if (*end || n < 1)
        return pl_error_set(&c->err, PL_EINVAL, "id", "nomor pasangan harus bilangan, bukan '%s'",
                            v);
    *id = n;
    return 0;
}

int pl_cmd_cluster_merge(pl_cli *c, int argc, char **argv)
{
    const char *survivor = NULL, *pair = NULL;
    int rc = 0;
    for (int i = 0; rc == 0 && i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--survivor", &v) && v)
            survivor = v;
        else if (argv[i][0] != '-' && pair == NULL)
            pair = argv[i];
        else
            rc = pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    if (pair == NULL || survivor == NULL)
        return pl_error_set(&c->err, PL_EINVAL, pair ? "survivor" : "id",
                            "sebutkan nomor pasangan dan orang yang dipertahankan: pilar cluster "
                            "merge NOMOR --survivor NIK|ID");
    int64_t id = 0;
    if ((rc = pair_id(c, pair, &id)))
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    xact_ctx x = {c, getenv("PILAR_TEST_XACT_PAUSE"), getenv("PILAR_TEST_XACT_PAUSE_FILE")};
    pl_cluster_xact_opts o = {c->store_flags, progress, &x};
    pl_cluster_merge_result r;
    rc = pl_cluster_merge(s, &c->actor, id, survivor, &o, &r, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(
            c, json_pack("{s:s,s:I,s:I,s:s,s:s,s:i,s:s}", "gid", r.entry.gid, "survivor",
                         (json_int_t)r.survivor_id, "merged", (json_int_t)r.merged_id,
                         "survivor_province", r.entry.target_prov, "merged_province",
                         r.entry.source_prov, "memberships", r.memberships, "nik_moved", r.nik));
    fprintf(c->out,
            "Orang id %lld (provinsi %s) digabung ke id %lld (provinsi %s): %d keanggotaan PMKS "
            "pindah%s%s.\n",
            (long long)r.merged_id, r.entry.source_prov, (long long)r.survivor_id,
            r.entry.target_prov, r.memberships, r.nik[0] ? ", NIK " : "", r.nik);
    return 0;
}

int pl_cmd_cluster_distinct(pl_cli *c, int argc, char **argv)
{
    if (argc != 1)
        return argc ? pl_cli_bad_option(c, argv[1])
                    : pl_error_set(&c->err, PL_EINVAL, "id",
                                   "sebutkan nomor pasangan: pilar cluster distinct NOMOR");
    int64_t id = 0;
    int rc = pair_id(c, argv[0], &id);
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    rc = pl_cluster_pair_distinct(s, &c->actor, id, &c->err);
    pl_store_close(s);
    if (rc == 0 && !c->json)
        fprintf(c->out, "Pasangan #%lld dicatat sebagai bukan orang yang sama.\n", (long long)id);
    else if (rc == 0)
        rc = pl_cli_print_json(c,
                               json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", "not_same"));
    return rc;
}
