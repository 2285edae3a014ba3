/* disburse.c - batches, transfer files and reconciliation (see disburse.h). */
#include "service/disburse.h"
#include "io/csv_writer.h"
#include "io/table_reader.h"
#include "service/program.h"
#include "store/disburse.h"
#include "store/enrolment.h"
#include "store/integrity.h"
#include "store/store.h"
#include "util/fs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pl_disburse_create(pl_disburse_created *out, pl_store *s, const pl_actor *who,
                       const pl_program *p, const char *period, double dup_threshold, pl_error *err)
{
    memset(out, 0, sizeof *out);
    long enrolled = 0;
    int rc = pl_store_enrolment_count(s, p->id, period, &enrolled, err);
    if (rc)
        return rc;
    if (enrolled == 0)
        return pl_error_set(err, PL_ECONFLICT, "periode",
                            "belum ada penerima %s terdaftar untuk periode %s", p->code, period);
    if ((rc = pl_store_program_check(s, p, period, dup_threshold, NULL, NULL, &out->findings, err)))
        return rc;
    int64_t amount = pl_program_amount_for(p, period);
    if (amount <= 0)
        return pl_error_set(err, PL_EINVAL, "nominal", "nominal bantuan harus lebih dari 0");
    return pl_store_batch_create(s, who, p, period, amount, &out->batch, &out->skipped_findings,
                                 &out->skipped_no_account, err);
}

typedef struct export_ctx {
    pl_csv_writer *w;
    pl_error *err;
    long rows;
} export_ctx;

static int export_item(void *ctx, const pl_batch_item *it)
{
    export_ctx *e = ctx;
    char amount[24];
    snprintf(amount, sizeof amount, "%lld", (long long)it->amount);
    const char *f[4] = {it->account, it->name, amount, it->reference};
    e->rows++;
    return pl_csv_writer_row(e->w, f, 4, e->err);
}

int pl_disburse_export(pl_store *s, const pl_actor *who, int64_t batch_id, const char *path,
                       long *rows, pl_error *err)
{
    *rows = 0;
    pl_batch b;
    int rc = pl_store_batch_get(s, &b, batch_id, err);
    if (rc)
        return rc;
    if (strcmp(b.status, "draft") == 0)
        return pl_error_set(err, PL_ECONFLICT, "status",
                            "batch #%lld belum disetujui (pilar batch approve)",
                            (long long)batch_id);
    FILE *f = NULL; /* 0600: names and account numbers */
    if (pl_fs_create(&f, path, err))
        return pl_error_set(err, PL_EIO, "out", "tidak dapat menulis %s", path);
    pl_csv_writer *w = NULL;
    static const pl_csv_kind kinds[4] = {[2] = PL_CSV_NUMBER}; /* nominal */
    pl_csv_writer_options o = {.line_end = PL_CSV_LF, .kinds = kinds, .n_kinds = 4};
    if ((rc = pl_csv_writer_open(&w, f, &o, err)))
        goto out;
    static const char *const hdr[4] = {"rekening", "nama", "nominal", "referensi"};
    if ((rc = pl_csv_writer_row(w, hdr, 4, err)))
        goto out;
    export_ctx e = {w, err, 0};
    if ((rc = pl_store_batch_items(s, batch_id, export_item, &e, err)))
        goto out;
    rc = pl_csv_writer_close(w, err);
    w = NULL;
    if (rc)
        goto out;
    *rows = e.rows;
    if (strcmp(b.status, "approved") == 0)
        rc = pl_store_batch_set_status(s, who, batch_id, "exported", err);
out:
    if (w)
        pl_csv_writer_close(w, NULL);
    if (fclose(f) != 0 && rc == 0)
        rc = pl_error_set(err, PL_EIO, "out", "gagal menulis %s", path);
    return rc;
}

static int col(char **hdr, size_t n, const char *a, const char *b)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(hdr[i], a) == 0 || strcmp(hdr[i], b) == 0)
            return (int)i;
    return -1;
}

typedef struct pending_ctx {
    long pending;
} pending_ctx;

static int count_pending(void *ctx, const pl_batch_item *it)
{
    pending_ctx *p = ctx;
    p->pending += strcmp(it->status, "pending") == 0;
    return 0;
}

int pl_disburse_reconcile(pl_reconcile_result *out, pl_store *s, const pl_actor *who,
                          int64_t batch_id, const char *status_path, pl_error *err)
{
    memset(out, 0, sizeof *out);
    pl_batch b;
    int rc = pl_store_batch_get(s, &b, batch_id, err);
    if (rc)
        return rc;
    if (strcmp(b.status, "exported") != 0)
        return pl_error_set(err, PL_ECONFLICT, "status",
                            "batch #%lld berstatus %s; status bank hanya diterima setelah ekspor",
                            (long long)batch_id, b.status);
    pl_table_reader *t = NULL;
    if ((rc = pl_table_open(&t, status_path, NULL, err)))
        return rc;
    char **f;
    size_t nf;
    int ref = -1, st = -1, why = -1;
    rc = pl_table_next(t, &f, &nf, err);
    if (rc == 1) {
        ref = col(f, nf, "referensi", "reference");
        st = col(f, nf, "status", "status");
        why = col(f, nf, "alasan", "reason");
    }
    if (rc < 0)
        goto out;
    if (ref < 0 || st < 0) {
        rc = pl_error_set(err, PL_EINVAL, "file",
                          "berkas status harus punya kolom referensi dan status");
        goto out;
    }
    if ((rc = pl_store_begin(s, err)))
        goto out;
    while ((rc = pl_table_next(t, &f, &nf, err)) == 1) {
        long row = pl_table_row_number(t);
        const char *r = (size_t)ref < nf ? f[ref] : "";
        const char *v = (size_t)st < nf ? f[st] : "";
        const char *w = why >= 0 && (size_t)why < nf ? f[why] : "";
        long *slot = strcmp(v, "paid") == 0       ? &out->paid
                     : strcmp(v, "failed") == 0   ? &out->failed
                     : strcmp(v, "returned") == 0 ? &out->returned
                                                  : NULL;
        if (slot == NULL) {
            rc = pl_error_set(err, PL_EINVAL, "status",
                              "baris %ld: status '%s' bukan paid, failed atau returned", row, v);
            break;
        }
        rc = pl_store_batch_item_status(s, who, batch_id, r, v, w, err);
        if (rc == PL_ENOTFOUND) {
            out->unknown++;
            rc = 0;
            continue;
        }
        if (rc) {
            char msg[sizeof err->message];
            snprintf(msg, sizeof msg, "%s", err->message);
            pl_error_set(err, rc, "status", "baris %ld: %s", row, msg);
            break;
        }
        (*slot)++;
    }
    if (rc < 0) {
        pl_store_rollback(s);
        goto out;
    }
    pending_ctx pc = {0};
    if ((rc = pl_store_batch_items(s, batch_id, count_pending, &pc, err))) {
        pl_store_rollback(s);
        goto out;
    }
    out->pending = pc.pending;
    if (pc.pending == 0) {
        if ((rc = pl_store_batch_set_status(s, who, batch_id, "reconciled", err))) {
            pl_store_rollback(s);
            goto out;
        }
        out->reconciled = true;
    }
    rc = pl_store_commit(s, err);
out:
    pl_table_close(t);
    return rc;
}

int pl_disburse_approve(pl_store *s, const pl_actor *who, int64_t batch_id, pl_error *err)
{
    pl_batch b;
    int rc = pl_store_batch_get(s, &b, batch_id, err);
    if (rc == 0 && b.items == 0)
        rc = pl_error_set(err, PL_ECONFLICT, "batch", "batch #%lld kosong", (long long)batch_id);
    if (rc == 0)
        rc = pl_store_batch_set_status(s, who, batch_id, "approved", err);
    return rc;
}
