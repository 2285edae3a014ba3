/* export.c - canonical CSV / XLSX export. */
#include "service/export.h"
#include "domain/ident.h"
#include "domain/record.h"
#include "domain/relationship.h"
#include "io/csv_writer.h"
#include "io/xlsx_writer.h"
#include "store/audit.h"
#include "store/export.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct writer {
    pl_csv_writer *csv;
    pl_xlsx_writer *xlsx;
    const pl_ident_view *view;
    long rows;
    pl_error *err;
} writer;

static int write_row(void *ctx, const pl_export_row *r)
{
    writer *w = ctx;
    char nik[PL_IDENT_TEXT_MAX], kk[PL_IDENT_TEXT_MAX], born[PL_IDENT_TEXT_MAX];
    char sex[2] = {r->sex, 0}, lat[24] = "", lon[24] = "";
    int rel = pl_relationship_parse(r->relationship);
    if (r->has_coord) {
        snprintf(lat, sizeof lat, "%.6f", r->lat);
        snprintf(lon, sizeof lon, "%.6f", r->lon);
    }
    const char *f[PL_COL__MAX] = {
        [PL_COL_NIK] = pl_ident_text(nik, w->view, PL_IDENT_NIK, r->nik),
        [PL_COL_NO_KK] = pl_ident_text(kk, w->view, PL_IDENT_KK, r->kk),
        [PL_COL_NAMA] = r->name,
        [PL_COL_TEMPAT_LAHIR] = r->birth_place,
        [PL_COL_TANGGAL_LAHIR] = pl_ident_text(born, w->view, PL_IDENT_BIRTH_DATE, r->birth_date),
        [PL_COL_JENIS_KELAMIN] = sex,
        [PL_COL_HUBUNGAN] = rel >= 0 ? pl_relationship_label(rel) : r->relationship,
        [PL_COL_NAMA_IBU] = r->mother_name,
        [PL_COL_ALAMAT] = r->address,
        [PL_COL_RT] = r->rt,
        [PL_COL_RW] = r->rw,
        [PL_COL_KODE_DESA] = r->village_code,
        [PL_COL_PMKS] = r->pmks,
        [PL_COL_DISABILITAS] = r->disability,
        [PL_COL_LATITUDE] = lat,
        [PL_COL_LONGITUDE] = lon,
        [PL_COL_ALASAN_TANPA_NIK] = r->no_nik_reason,
    };
    w->rows++;
    if (w->csv)
        return pl_csv_writer_row(w->csv, f, PL_COL__MAX, w->err);
    return pl_xlsx_writer_row(w->xlsx, f, PL_COL__MAX, w->err);
}

int pl_export_format_parse(const char *text)
{
    if (text && strcmp(text, "csv") == 0)
        return PL_EXPORT_CSV;
    if (text && strcmp(text, "xlsx") == 0)
        return PL_EXPORT_XLSX;
    return PL_EINVAL;
}

int pl_export_run(pl_store *s, const pl_actor *who, const pl_export_options *opt, long *rows,
                  pl_error *err)
{
    *rows = 0;
    writer w = {.view = opt->view, .err = err};
    const char *hdr[PL_COL__MAX];
    for (int c = 0; c < PL_COL__MAX; c++)
        hdr[c] = pl_col_name(c);
    int rc;
    if (opt->format == PL_EXPORT_CSV) {
        /*
         * BOM + CRLF: Excel opens it as UTF-8. Text that starts like a formula gets the
         * writer's apostrophe guard, which the importer removes: the round trip stays exact.
         * Coordinates are numbers (negative south of the equator), never guarded.
         */
        pl_csv_kind kinds[PL_COL__MAX] = {
            [PL_COL_LATITUDE] = PL_CSV_NUMBER, [PL_COL_LONGITUDE] = PL_CSV_NUMBER};
        pl_csv_writer_options wo = {.delimiter = ',',
                                    .line_end = PL_CSV_CRLF,
                                    .bom = 1,
                                    .kinds = kinds,
                                    .n_kinds = PL_COL__MAX};
        if (opt->out_path)
            rc = pl_csv_writer_open_path(&w.csv, opt->out_path, &wo, err);
        else if (opt->out_buf)
            rc = pl_csv_writer_open_buf(&w.csv, opt->out_buf, &wo, err);
        else
            rc = pl_error_set(err, PL_EINVAL, "out", "tujuan ekspor tidak diberikan");
        if (rc == 0)
            rc = pl_csv_writer_row(w.csv, hdr, PL_COL__MAX, err);
    } else if (opt->format == PL_EXPORT_XLSX) {
        if (opt->out_path == NULL)
            return pl_error_set(err, PL_EINVAL, "out", "ekspor XLSX memerlukan nama berkas");
        rc = pl_xlsx_writer_open(&w.xlsx, opt->out_path, NULL, err);
        pl_xlsx_column cols[PL_COL__MAX];
        memset(cols, 0, sizeof cols);
        for (int c = 0; c < PL_COL__MAX; c++) {
            cols[c].header = hdr[c];
            cols[c].type = PL_XLSX_TEXT; /* NIK/KK and codes must stay text; never formulas */
        }
        if (rc == 0)
            rc = pl_xlsx_writer_add_sheet(w.xlsx, "Data", cols, PL_COL__MAX, err);
    } else {
        return pl_error_set(err, PL_EINVAL, "format", "format ekspor harus csv atau xlsx");
    }
    if (rc == 0)
        rc = pl_store_export(s, &opt->query, write_row, &w, err);
    if (w.csv) {
        int crc = pl_csv_writer_close(w.csv, rc ? NULL : err);
        rc = rc ? rc : crc;
    }
    if (w.xlsx) {
        if (rc)
            pl_xlsx_writer_free(w.xlsx);
        else
            rc = pl_xlsx_writer_close(w.xlsx, err);
    }
    if (rc == 0) {
        json_t *j =
            json_pack("{s:s,s:s,s:s,s:I,s:b}", "region", opt->query.region ? opt->query.region : "",
                      "format", opt->format == PL_EXPORT_CSV ? "csv" : "xlsx", "file",
                      opt->out_path ? opt->out_path : "", "rows", (json_int_t)w.rows, "masked",
                      pl_ident_hides(opt->view));
        char *after = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        rc = after ? pl_store_audit_add(s, who, "export", "file", 0, NULL, after, err)
                   : pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        free(after);
    }
    *rows = w.rows;
    return rc;
}
