/* import_template.c - the import template workbook (import_template.h). */
#include "io/import_template.h"
#include "domain/category.h"
#include "domain/nonik.h"
#include "domain/record.h"
#include "domain/relationship.h"
#include "io/xlsx_writer.h"

#include <stdio.h>

/* The example row: a made-up person of Bontang (NIK consistent with birth date and sex). */
static const char *example(pl_col c)
{
    switch (c) {
    case PL_COL_NIK:
        return "6474015708909991";
    case PL_COL_NO_KK:
        return "6474011203159991";
    case PL_COL_NAMA:
        return "Contoh Nama Lengkap";
    case PL_COL_TEMPAT_LAHIR:
        return "Bontang";
    case PL_COL_TANGGAL_LAHIR:
        return "1990-08-17";
    case PL_COL_JENIS_KELAMIN:
        return "P";
    case PL_COL_HUBUNGAN:
        return "Kepala Keluarga";
    case PL_COL_NAMA_IBU:
        return "Nama Ibu Kandung";
    case PL_COL_ALAMAT:
        return "Jl. Contoh No. 1";
    case PL_COL_RT:
        return "001";
    case PL_COL_RW:
        return "002";
    case PL_COL_KODE_DESA:
        return "64.74.01.1001";
    case PL_COL_PMKS:
        return "24";
    default:
        return "";
    }
}

static int data_sheet(pl_xlsx_writer *w, pl_error *err)
{
    pl_xlsx_column cols[PL_COL__MAX];
    const char *row[PL_COL__MAX];
    for (int c = 0; c < PL_COL__MAX; c++) {
        /* Every column Text: digits stay digits, dates stay as typed (YYYY-MM-DD). */
        cols[c] = (pl_xlsx_column){.header = pl_col_name((pl_col)c),
                                   .type = PL_XLSX_TEXT,
                                   .width = c <= PL_COL_NO_KK ? 20 : 16};
        row[c] = example((pl_col)c);
    }
    int rc = pl_xlsx_writer_add_sheet(w, PL_IMPORT_TEMPLATE_SHEET, cols, PL_COL__MAX, err);
    return rc ? rc : pl_xlsx_writer_row(w, row, PL_COL__MAX, err);
}

static int code_row(pl_xlsx_writer *w, const char *column, const char *code, const char *label,
                    const char *note, pl_error *err)
{
    const char *row[4] = {column, code, label, note};
    return pl_xlsx_writer_row(w, row, 4, err);
}

static int codes_sheet(pl_xlsx_writer *w, pl_error *err)
{
    static const pl_xlsx_column cols[] = {
        {.header = "kolom", .width = 20},
        {.header = "kode", .width = 22},
        {.header = "arti", .width = 60},
        {.header = "keterangan", .width = 40},
    };
    int rc = pl_xlsx_writer_add_sheet(w, PL_IMPORT_TEMPLATE_CODES, cols, 4, err);
    for (int i = 1; rc == 0 && i <= PL_PMKS_COUNT; i++) {
        const pl_category *c = pl_pmks_get(i);
        char code[8], note[96];
        snprintf(code, sizeof code, "%d", c->code);
        snprintf(note, sizeof note, "untuk %s; kode, nama atau \"kode@YYYY-MM-DD\"",
                 pl_applies_to_label(c->applies_to));
        rc = code_row(w, "pmks", code, c->name, note, err);
    }
    for (int r = 0; rc == 0 && r < PL_REL__MAX; r++)
        rc = code_row(w, "hubungan_keluarga", pl_relationship_slug((pl_relationship)r),
                      pl_relationship_label((pl_relationship)r), "kode atau arti", err);
    if (rc == 0)
        rc = code_row(w, "jenis_kelamin", "L", "Laki-laki", "", err);
    if (rc == 0)
        rc = code_row(w, "jenis_kelamin", "P", "Perempuan", "", err);
    for (size_t i = 0; rc == 0 && i < pl_disability_count(); i++) {
        const pl_disability *d = pl_disability_at(i);
        rc = code_row(w, "disabilitas", d->slug, d->label, "kode atau arti", err);
    }
    for (int n = PL_NONIK_NONE + 1; rc == 0 && n < PL_NONIK__MAX; n++)
        rc = code_row(w, "alasan_tanpa_nik", pl_nonik_code((pl_nonik_reason)n),
                      pl_nonik_label((pl_nonik_reason)n), "hanya bila nik kosong", err);
    return rc;
}

int pl_import_template_write(const char *path, pl_error *err)
{
    pl_xlsx_writer *w = NULL;
    pl_xlsx_writer_options o = {.in_memory = 1};
    int rc = pl_xlsx_writer_open(&w, path, &o, err);
    if (rc)
        return rc;
    if ((rc = data_sheet(w, err)) || (rc = codes_sheet(w, err))) {
        pl_xlsx_writer_free(w);
        return rc;
    }
    return pl_xlsx_writer_close(w, err);
}
