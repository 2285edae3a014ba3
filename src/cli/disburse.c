/*
 * disburse.c - `pilar batch create|approve|export|reconcile|show`: non-cash
 * disbursement batches per program and period.
 */
#include "cli/cli.h"
#include "io/program_json.h"
#include "service/disburse.h"
#include "service/program.h"
#include "store/disburse.h"
#include "store/program.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

static int batch_id_arg(pl_cli *c, int argc, char **argv, int64_t *id, const char **opt_name,
                        const char **opt_value)
{
    *id = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (opt_name && pl_cli_opt(argc, argv, &i, *opt_name, &v) && v)
            *opt_value = v;
        else if (argv[i][0] != '-' && *id == 0 && atoll(argv[i]) > 0)
            *id = atoll(argv[i]);
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (*id == 0)
        return pl_error_set(&c->err, PL_EINVAL, "id", "sebutkan nomor batch");
    return 0;
}

int pl_cmd_batch_create(pl_cli *c, int argc, char **argv)
{
    const char *code = NULL, *period = NULL;
    double threshold = 0.8;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--period", &v) && v)
            period = v;
        else if (pl_cli_opt(argc, argv, &i, "--threshold", &v) && v)
            threshold = atof(v);
        else if (argv[i][0] != '-' && code == NULL)
            code = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (code == NULL || period == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "",
                            "pemakaian: pilar batch create KODE --period P");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_program p;
    pl_disburse_created r;
    if ((rc = pl_store_program_get(s, &p, code, &c->err)) == 0)
        rc = pl_disburse_create(&r, s, &c->actor, &p, period, threshold, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json) {
        json_t *j = pl_json_batch(&r.batch);
        json_object_set_new(j, "findings", json_integer(r.findings));
        json_object_set_new(j, "skipped_findings", json_integer(r.skipped_findings));
        json_object_set_new(j, "skipped_no_account", json_integer(r.skipped_no_account));
        return pl_cli_print_json(c, j);
    }
    fprintf(c->out,
            "Batch #%lld (draf) %s %s: %ld penerima, total Rp %lld.\n"
            "  Tidak dimasukkan: %ld karena temuan integritas (lihat 'pilar program check'), "
            "%ld tanpa rekening.\n",
            (long long)r.batch.id, p.code, period, r.batch.items, (long long)r.batch.total,
            r.skipped_findings, r.skipped_no_account);
    return 0;
}

int pl_cmd_batch_approve(pl_cli *c, int argc, char **argv)
{
    int64_t id;
    int rc = batch_id_arg(c, argc, argv, &id, NULL, NULL);
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    rc = pl_disburse_approve(s, &c->actor, id, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(
            c, json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", "approved"));
    fprintf(c->out, "Batch #%lld disetujui; isinya tidak dapat diubah lagi.\n", (long long)id);
    return 0;
}

int pl_cmd_batch_export(pl_cli *c, int argc, char **argv)
{
    int64_t id;
    const char *name = "--out", *out = NULL;
    int rc = batch_id_arg(c, argc, argv, &id, &name, &out);
    if (rc)
        return rc;
    if (out == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "out", "--out BERKAS wajib");
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    long rows = 0;
    rc = pl_disburse_export(s, &c->actor, id, out, &rows, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)id, "file", out,
                                              "rows", (json_int_t)rows));
    fprintf(c->out, "Berkas transfer %s: %ld baris (batch #%lld berstatus exported).\n", out, rows,
            (long long)id);
    return 0;
}

typedef struct totals_ctx {
    pl_cli *c;
    json_t *arr;
} totals_ctx;

static int print_total(void *ctx, const pl_batch_total *t)
{
    totals_ctx *k = ctx;
    if (k->arr)
        json_array_append_new(k->arr, pl_json_batch_total(t));
    else
        fprintf(k->c->out, "  %-8s %-9s %6ld  Rp %lld\n", t->region, t->status, t->items,
                (long long)t->amount);
    return 0;
}

static int print_item(void *ctx, const pl_batch_item *it)
{
    totals_ctx *k = ctx;
    if (k->arr)
        json_array_append_new(k->arr, pl_json_batch_item(it));
    else
        fprintf(k->c->out, "  %-14s %-28s %-14s Rp %-10lld %-9s %s\n", it->reference, it->name,
                it->account, (long long)it->amount, it->status, it->status_reason);
    return 0;
}

static int show(pl_cli *c, pl_store *s, int64_t id, bool items, json_t *extra)
{
    pl_batch b;
    int rc = pl_store_batch_get(s, &b, id, &c->err);
    if (rc) {
        json_decref(extra);
        return rc;
    }
    totals_ctx k = {c, c->json ? json_array() : NULL};
    if (!c->json)
        fprintf(c->out,
                "Batch #%lld %s %s: %s, %ld penerima, total Rp %lld\n  Per kabupaten/kota "
                "dan status:\n",
                (long long)b.id, b.program_code, b.period, b.status, b.items, (long long)b.total);
    rc = pl_store_batch_totals(s, id, "", print_total, &k, &c->err);
    totals_ctx ki = {c, c->json && items ? json_array() : NULL};
    if (rc == 0 && items) {
        if (!c->json)
            fprintf(c->out, "  Rincian:\n");
        rc = pl_store_batch_items(s, id, print_item, &ki, &c->err);
    }
    if (rc) {
        json_decref(k.arr);
        json_decref(ki.arr);
        json_decref(extra);
        return rc;
    }
    if (!c->json) {
        json_decref(extra);
        return 0;
    }
    json_t *j = pl_json_batch(&b);
    json_object_set_new(j, "totals", k.arr);
    if (ki.arr)
        json_object_set_new(j, "items_list", ki.arr);
    if (extra)
        json_object_set_new(j, "reconcile", extra);
    return pl_cli_print_json(c, j);
}

int pl_cmd_batch_reconcile(pl_cli *c, int argc, char **argv)
{
    int64_t id;
    const char *name = "--status-file", *file = NULL;
    int rc = batch_id_arg(c, argc, argv, &id, &name, &file);
    if (rc)
        return rc;
    if (file == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "status-file", "--status-file BERKAS wajib");
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_reconcile_result r;
    rc = pl_disburse_reconcile(&r, s, &c->actor, id, file, &c->err);
    if (rc) {
        pl_store_close(s);
        return rc;
    }
    json_t *extra = NULL;
    if (c->json)
        extra = json_pack("{s:I,s:I,s:I,s:I,s:I,s:b}", "paid", (json_int_t)r.paid, "failed",
                          (json_int_t)r.failed, "returned", (json_int_t)r.returned, "unknown",
                          (json_int_t)r.unknown, "pending", (json_int_t)r.pending, "reconciled",
                          r.reconciled);
    else
        fprintf(c->out,
                "Status bank: %ld dibayar, %ld gagal, %ld dikembalikan, %ld referensi tidak "
                "dikenal; %ld masih menunggu.%s\n",
                r.paid, r.failed, r.returned, r.unknown, r.pending,
                r.reconciled ? " Batch selesai direkonsiliasi." : "");
    rc = show(c, s, id, false, extra);
    pl_store_close(s);
    return rc;
}

int pl_cmd_batch_show(pl_cli *c, int argc, char **argv)
{
    bool items = false;
    int k = 0;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--items") == 0)
            items = true;
        else
            argv[k++] = argv[i];
    int64_t id;
    int rc = batch_id_arg(c, k, argv, &id, NULL, NULL);
    if (rc)
        return rc;
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    rc = show(c, s, id, items, NULL);
    pl_store_close(s);
    return rc;
}
