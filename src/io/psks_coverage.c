/* psks_coverage.c - PSKS coverage against need: JSON, CSV and XLSX. */
#include "io/psks_coverage.h"
#include "io/csv_writer.h"
#include "io/xlsx_writer.h"

#include <stdio.h>
#include <stdlib.h>

void pl_psks_cov_free(pl_psks_cov *c)
{
    if (c == NULL)
        return;
    free(c->rows);
    free(c);
}

bool pl_psks_cov_ratio(double *out, long need, long units)
{
    if (pl_suppress_hidden(need) || units <= 0)
        return false;
    *out = (double)need / (double)units;
    return true;
}

static json_t *ratio_json(long need, long units)
{
    double v;
    return pl_psks_cov_ratio(&v, need, units) ? json_real((double)(long)(v * 10 + 0.5) / 10)
                                              : json_null();
}

static json_t *row_json(const pl_psks_cov_row *r)
{
    bool hidden = pl_suppress_hidden(r->need);
    json_t *o = json_pack(
        "{s:s,s:s,s:i,s:o,s:I,s:I,s:I,s:o,s:o,s:I,s:I,s:I,s:I,s:I,s:I}", "code", r->code, "name",
        r->name, "level", r->level, "need", hidden ? json_null() : json_integer(r->need), "tksk",
        (json_int_t)r->tksk, "psm", (json_int_t)r->psm, "tagana", (json_int_t)r->tagana,
        "need_per_tksk", ratio_json(r->need, r->tksk), "need_per_psm", ratio_json(r->need, r->psm),
        "units", (json_int_t)r->units, "villages", (json_int_t)r->villages, "villages_without_psks",
        (json_int_t)r->villages_without, "prone_villages", (json_int_t)r->prone,
        "prone_without_tagana", (json_int_t)r->prone_without_tagana, "disasters",
        (json_int_t)r->disasters);
    if (o && hidden)
        json_object_set_new(o, "need_hidden", json_true());
    return o;
}

json_t *pl_psks_cov_json(const pl_psks_cov *c)
{
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < c->n_rows; i++)
        if (json_array_append_new(rows, row_json(&c->rows[i]))) {
            json_decref(rows);
            return NULL;
        }
    return json_pack("{s:s,s:s,s:s,s:s,s:i,s:b,s:o,s:o}", "region", c->region, "region_name",
                     c->region_name, "count_date", c->date, "since", c->since, "years", c->years,
                     "small_cells_hidden", c->viewer, "total", row_json(&c->total), "rows", rows);
}

enum { N_COLS = 15 };

static const char *const headers[N_COLS] = {"kode_wilayah",
                                            "nama_wilayah",
                                            "tingkat",
                                            "penduduk_pmks",
                                            "tksk",
                                            "psm",
                                            "tagana",
                                            "pmks_per_tksk",
                                            "pmks_per_psm",
                                            "unit_psks",
                                            "jumlah_desa",
                                            "desa_tanpa_psks",
                                            "desa_rawan_bencana",
                                            "desa_rawan_tanpa_tagana",
                                            "kejadian_bencana"};

/* The row's cells as text into buf (N_COLS fields of 32 bytes after the names). */
static void row_fields(const char *f[N_COLS], char buf[N_COLS][32], const pl_psks_cov_row *r)
{
    f[0] = r->code;
    f[1] = r->name;
    snprintf(buf[2], 32, "%s", r->level == 3 ? "kecamatan" : r->level == 4 ? "desa" : "wilayah");
    if (pl_suppress_hidden(r->need))
        snprintf(buf[3], 32, "<%d", PL_SUPPRESS_MIN);
    else
        snprintf(buf[3], 32, "%ld", r->need);
    const long v[] = {r->tksk, r->psm, r->tagana};
    for (int i = 0; i < 3; i++)
        snprintf(buf[4 + i], 32, "%ld", v[i]);
    double x;
    buf[7][0] = buf[8][0] = '\0';
    if (pl_psks_cov_ratio(&x, r->need, r->tksk))
        snprintf(buf[7], 32, "%.1f", x);
    if (pl_psks_cov_ratio(&x, r->need, r->psm))
        snprintf(buf[8], 32, "%.1f", x);
    const long w[] = {
        r->units,    r->villages, r->villages_without, r->prone, r->prone_without_tagana,
        r->disasters};
    for (int i = 0; i < 6; i++)
        snprintf(buf[9 + i], 32, "%ld", w[i]);
    for (int i = 2; i < N_COLS; i++)
        f[i] = buf[i];
}

int pl_psks_cov_write_csv(const pl_psks_cov *c, const char *path, pl_error *err)
{
    pl_csv_kind kinds[N_COLS] = {0};
    for (int i = 3; i < N_COLS; i++)
        kinds[i] = PL_CSV_NUMBER;
    pl_csv_writer_options o = {.bom = 1, .kinds = kinds, .n_kinds = N_COLS};
    pl_csv_writer *w = NULL;
    int rc = pl_csv_writer_open_path(&w, path, &o, err);
    if (rc)
        return rc;
    rc = pl_csv_writer_row(w, headers, N_COLS, err);
    const char *f[N_COLS];
    char buf[N_COLS][32];
    for (size_t i = 0; rc == 0 && i <= c->n_rows; i++) {
        row_fields(f, buf, i < c->n_rows ? &c->rows[i] : &c->total);
        rc = pl_csv_writer_row(w, f, N_COLS, err);
    }
    int rc2 = pl_csv_writer_close(w, rc ? NULL : err);
    return rc ? rc : rc2;
}

int pl_psks_cov_write_xlsx(const pl_psks_cov *c, const char *path, pl_error *err)
{
    pl_xlsx_column cols[N_COLS];
    for (int i = 0; i < N_COLS; i++)
        cols[i] = (pl_xlsx_column){headers[i], i >= 3 ? PL_XLSX_NUMBER : PL_XLSX_TEXT, 0};
    pl_xlsx_writer *w = NULL;
    int rc = pl_xlsx_writer_open(&w, path, NULL, err);
    if (rc)
        return rc;
    rc = pl_xlsx_writer_add_sheet(w, "Cakupan PSKS", cols, N_COLS, err);
    const char *f[N_COLS];
    char buf[N_COLS][32];
    for (size_t i = 0; rc == 0 && i <= c->n_rows; i++) {
        row_fields(f, buf, i < c->n_rows ? &c->rows[i] : &c->total);
        rc = pl_xlsx_writer_row(w, f, N_COLS, err);
    }
    if (rc) {
        pl_xlsx_writer_free(w);
        return rc;
    }
    return pl_xlsx_writer_close(w, err);
}
