/* program_report.c - the program report model and its JSON, CSV and XLSX. */
#include "io/program_report.h"

#include "io/csv_writer.h"
#include "io/xlsx_writer.h"
#include "store/program_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pl_program_report_free(pl_program_report *r)
{
    if (r == NULL)
        return;
    free(r->rows);
    free(r->totals);
    free(r->failures);
    free(r);
}

int64_t pl_program_report_planned(const pl_program_report_row *r)
{
    int64_t t = 0;
    for (int k = 0; k < PL_PAY__MAX; k++) {
        if (r->amount[k] < 0)
            return PL_SUPPRESSED; /* a sum with a hidden part is hidden */
        t += r->amount[k];
    }
    return t;
}

static const char *const status_names[PL_PAY__MAX] = {
    [PL_PAY_PENDING] = "pending",
    [PL_PAY_PAID] = "paid",
    [PL_PAY_FAILED] = "failed",
    [PL_PAY_RETURNED] = "returned",
};

/* A count or amount: the number, or null (and *hidden) when hidden. */
static json_t *num(long long v, bool *hidden)
{
    if (v < 0) {
        *hidden = true;
        return json_null();
    }
    return json_integer((json_int_t)v);
}

static json_t *line_json(const pl_program_report_line *l)
{
    const pl_program_report_row *x = &l->r;
    bool hidden = false;
    json_t *items = json_object(), *amounts = json_object();
    for (int k = 0; k < PL_PAY__MAX; k++) {
        json_object_set_new(items, status_names[k], num(x->items[k], &hidden));
        json_object_set_new(amounts, status_names[k], num(x->amount[k], &hidden));
    }
    json_t *o =
        json_pack("{s:s,s:s,s:s,s:o,s:o,s:I,s:o,s:o,s:o,s:o}", "program", x->program, "region",
                  x->region, "region_name", l->region_name, "people", num(x->people, &hidden),
                  "households", num(x->households, &hidden), "batches", (json_int_t)x->batches,
                  "items", items, "planned", num(pl_program_report_planned(x), &hidden), "paid",
                  num(x->amount[PL_PAY_PAID], &hidden), "amounts", amounts);
    if (o && hidden)
        json_object_set_new(o, "hidden", json_true());
    return o;
}

json_t *pl_program_report_json(const pl_program_report *r)
{
    json_t *rows = json_array(), *totals = json_array(), *fails = json_array();
    for (size_t i = 0; i < r->n_rows; i++)
        json_array_append_new(rows, line_json(&r->rows[i]));
    for (size_t i = 0; i < r->n_totals; i++)
        json_array_append_new(totals, line_json(&r->totals[i]));
    for (size_t i = 0; i < r->n_failures; i++) {
        const pl_program_failure_row *f = &r->failures[i];
        bool hidden = false;
        json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:o,s:o}", "program", f->program, "region",
                              f->region, "status", f->status, "reason", f->reason, "items",
                              num(f->items, &hidden), "amount", num(f->amount, &hidden));
        if (o && hidden)
            json_object_set_new(o, "hidden", json_true());
        json_array_append_new(fails, o);
    }
    return json_pack("{s:s,s:s,s:s,s:o,s:o,s:o}", "period", r->period, "region", r->region, "level",
                     r->level == PL_LEVEL_DISTRICT ? "district" : "regency", "rows", rows, "totals",
                     totals, "failures", fails);
}

enum { NCOLS = 17 };

static const char *const head[NCOLS] = {"program",
                                        "bagian",
                                        "kode_wilayah",
                                        "nama_wilayah",
                                        "penerima_orang",
                                        "penerima_keluarga",
                                        "batch",
                                        "item_pending",
                                        "item_dibayar",
                                        "item_gagal",
                                        "item_dikembalikan",
                                        "nominal_rencana",
                                        "nominal_dibayar",
                                        "nominal_gagal",
                                        "nominal_dikembalikan",
                                        "status",
                                        "alasan"};

typedef char cell[32];

/* A number as text; a hidden one (negative) as "<5". */
static void num_text(char *out, size_t cap, long long v)
{
    if (v < 0)
        snprintf(out, cap, "<5");
    else
        snprintf(out, cap, "%lld", v);
}

/* Fills the text of a region or total line (fields point into f). */
static void line_fields(const char *out[NCOLS], cell f[NCOLS], const pl_program_report_line *l,
                        const char *part)
{
    const pl_program_report_row *x = &l->r;
    long long v[] = {x->people,
                     x->households,
                     x->batches,
                     x->items[PL_PAY_PENDING],
                     x->items[PL_PAY_PAID],
                     x->items[PL_PAY_FAILED],
                     x->items[PL_PAY_RETURNED],
                     (long long)pl_program_report_planned(x),
                     (long long)x->amount[PL_PAY_PAID],
                     (long long)x->amount[PL_PAY_FAILED],
                     (long long)x->amount[PL_PAY_RETURNED]};
    out[0] = x->program;
    out[1] = part;
    out[2] = x->region;
    out[3] = l->region_name;
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
        num_text(f[4 + k], sizeof f[4 + k], v[k]);
        out[4 + k] = f[4 + k];
    }
    out[15] = out[16] = "";
}

/* Fills the text of a failure line. */
static void failure_fields(const char *out[NCOLS], cell f[NCOLS], const pl_program_failure_row *x)
{
    bool ret = strcmp(x->status, "returned") == 0;
    for (int k = 0; k < NCOLS; k++)
        out[k] = "";
    out[0] = x->program;
    out[1] = "kegagalan";
    out[2] = x->region;
    num_text(f[0], sizeof f[0], x->items);
    num_text(f[1], sizeof f[1], (long long)x->amount);
    out[ret ? 10 : 9] = f[0];
    out[ret ? 14 : 13] = f[1];
    out[15] = x->status;
    out[16] = x->reason;
}

int pl_program_report_write_csv(const pl_program_report *r, const char *path, pl_error *err)
{
    pl_csv_writer *w = NULL;
    static const pl_csv_kind kinds[NCOLS] = {
        [4] = PL_CSV_NUMBER,  [5] = PL_CSV_NUMBER,  [6] = PL_CSV_NUMBER,  [7] = PL_CSV_NUMBER,
        [8] = PL_CSV_NUMBER,  [9] = PL_CSV_NUMBER,  [10] = PL_CSV_NUMBER, [11] = PL_CSV_NUMBER,
        [12] = PL_CSV_NUMBER, [13] = PL_CSV_NUMBER, [14] = PL_CSV_NUMBER};
    pl_csv_writer_options opt = {.bom = 1, .kinds = kinds, .n_kinds = NCOLS};
    int rc = pl_csv_writer_open_path(&w, path, &opt, err);
    if (rc)
        return rc;
    const char *row[NCOLS];
    cell f[NCOLS];
    if ((rc = pl_csv_writer_row(w, head, NCOLS, err)))
        goto out;
    for (size_t i = 0; i < r->n_rows; i++) {
        line_fields(row, f, &r->rows[i], "wilayah");
        if ((rc = pl_csv_writer_row(w, row, NCOLS, err)))
            goto out;
    }
    for (size_t i = 0; i < r->n_totals; i++) {
        line_fields(row, f, &r->totals[i], "jumlah");
        if ((rc = pl_csv_writer_row(w, row, NCOLS, err)))
            goto out;
    }
    for (size_t i = 0; i < r->n_failures; i++) {
        failure_fields(row, f, &r->failures[i]);
        if ((rc = pl_csv_writer_row(w, row, NCOLS, err)))
            goto out;
    }
out : {
    int rc2 = pl_csv_writer_close(w, err);
    return rc ? rc : rc2;
}
}

int pl_program_report_write_xlsx(const pl_program_report *r, const char *path, pl_error *err)
{
    pl_xlsx_writer *w = NULL;
    pl_xlsx_writer_options opt = {.in_memory = 1};
    int rc = pl_xlsx_writer_open(&w, path, &opt, err);
    if (rc)
        return rc;
    pl_xlsx_column cols[] = {
        {"Program", PL_XLSX_TEXT, 14},
        {"Kode wilayah", PL_XLSX_TEXT, 12},
        {"Wilayah", PL_XLSX_TEXT, 30},
        {"Penerima (orang)", PL_XLSX_NUMBER, 16},
        {"Penerima (keluarga)", PL_XLSX_NUMBER, 18},
        {"Batch", PL_XLSX_NUMBER, 8},
        {"Item menunggu", PL_XLSX_NUMBER, 14},
        {"Item dibayar", PL_XLSX_NUMBER, 13},
        {"Item gagal", PL_XLSX_NUMBER, 11},
        {"Item dikembalikan", PL_XLSX_NUMBER, 17},
        {"Rencana (Rp)", PL_XLSX_NUMBER, 16},
        {"Dibayar (Rp)", PL_XLSX_NUMBER, 16},
        {"Gagal (Rp)", PL_XLSX_NUMBER, 14},
        {"Dikembalikan (Rp)", PL_XLSX_NUMBER, 17},
    };
    const char *row[NCOLS];
    cell f[NCOLS];
    if ((rc = pl_xlsx_writer_add_sheet(w, "Program", cols, 14, err)))
        goto fail;
    for (size_t pass = 0; pass < 2; pass++) {
        const pl_program_report_line *v = pass ? r->totals : r->rows;
        size_t n = pass ? r->n_totals : r->n_rows;
        for (size_t i = 0; i < n; i++) {
            line_fields(row, f, &v[i], "");
            /* Drop the "bagian" column: totals read "Jumlah" as their region name. */
            const char *x[14] = {row[0], row[2]};
            for (int k = 3; k < 15; k++)
                x[k - 1] = row[k];
            if ((rc = pl_xlsx_writer_row(w, x, 14, err)))
                goto fail;
        }
    }
    pl_xlsx_column fc[] = {
        {"Program", PL_XLSX_TEXT, 14}, {"Kode wilayah", PL_XLSX_TEXT, 12},
        {"Status", PL_XLSX_TEXT, 12},  {"Alasan", PL_XLSX_TEXT, 40},
        {"Item", PL_XLSX_NUMBER, 8},   {"Nominal (Rp)", PL_XLSX_NUMBER, 16},
    };
    if ((rc = pl_xlsx_writer_add_sheet(w, "Kegagalan", fc, 6, err)))
        goto fail;
    for (size_t i = 0; i < r->n_failures; i++) {
        const pl_program_failure_row *x = &r->failures[i];
        num_text(f[0], sizeof f[0], x->items);
        num_text(f[1], sizeof f[1], (long long)x->amount);
        const char *fr[] = {x->program, x->region,
                            x->status,  x->reason[0] ? x->reason : "(tanpa alasan)",
                            f[0],       f[1]};
        if ((rc = pl_xlsx_writer_row(w, fr, 6, err)))
            goto fail;
    }
    return pl_xlsx_writer_close(w, err);
fail:
    pl_xlsx_writer_free(w);
    return rc;
}
