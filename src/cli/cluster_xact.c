/* cluster_xact.c - `pilar cluster move-person|resolve` (service/cluster_xact.h, docs/scale.md). */
#include "cli/cli.h"
#include "service/cluster_xact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
        return "shard asal siap (data orang keluar, belum berlaku)";
    if (strcmp(step, "prepared-target") == 0)
        return "shard tujuan siap (data orang masuk, belum berlaku)";
    if (strcmp(step, "decided") == 0)
        return "keputusan dicatat di koordinator: perpindahan berlaku";
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
    if (x->pause && x->pause_file && strcmp(x->pause, step) == 0) {
        fprintf(stderr, "jeda uji pada langkah %s\n", step);
        fflush(stderr);
        for (int i = 0; i < 2400 && access(x->pause_file, F_OK) == 0; i++)
            usleep(50000);
    }
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
                            "sebutkan NIK dan desa tujuannya: pilar --db KOORDINATOR cluster "
                            "move-person NIK --to KODE_DESA");
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
