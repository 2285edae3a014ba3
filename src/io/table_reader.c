/*
 * table_reader.c - picks CSV or XLSX and forwards to csv_reader.c or
 * xlsx_reader.c.
 */
#include "io/table_reader.h"
#include "io/csv_reader.h"
#include "io/xlsx_reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum table_kind { KIND_CSV, KIND_XLSX };

struct pl_table_reader {
    enum table_kind kind;
    pl_csv_reader *csv;
    pl_xlsx_reader *xlsx;
};

static int has_ext(const char *name, const char *ext)
{
    if (name == NULL)
        return 0;
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcasecmp(name + n - e, ext) == 0;
}

/* Chooses the format from the first bytes, then from the name. */
static int pick_kind(const unsigned char *head, size_t n, const char *name, enum table_kind *kind,
                     pl_error *err)
{
    static const unsigned char zip_magic[4] = {'P', 'K', 3, 4};
    static const unsigned char ole_magic[4] = {0xD0, 0xCF, 0x11, 0xE0};
    if (n >= 4 && memcmp(head, zip_magic, 4) == 0) {
        *kind = KIND_XLSX;
        return 0;
    }
    if ((n >= 4 && memcmp(head, ole_magic, 4) == 0) || has_ext(name, ".xls"))
        return pl_error_set(err, PL_EINVAL, "file",
                            "format .xls (Excel 97-2003) tidak didukung; simpan sebagai .xlsx "
                            "atau CSV");
    if (has_ext(name, ".xlsx") || has_ext(name, ".xlsm"))
        return pl_error_set(err, PL_EINVAL, "file", "berkas bukan XLSX yang sah (arsip zip rusak)");
    if (has_ext(name, ".ods"))
        return pl_error_set(err, PL_EINVAL, "file",
                            "format .ods tidak didukung; simpan sebagai .xlsx atau CSV");
    *kind = KIND_CSV;
    return 0;
}

static void fill_limits(const pl_table_options *opt, size_t *max_field, size_t *max_row)
{
    *max_field = opt && opt->max_field ? opt->max_field : PL_TABLE_MAX_FIELD_DEFAULT;
    *max_row = opt && opt->max_row ? opt->max_row : PL_TABLE_MAX_ROW_DEFAULT;
}

static int open_common(pl_table_reader **out, const char *path, const void *data, size_t len,
                       const char *name, const pl_table_options *opt, pl_error *err)
{
    pl_table_reader *r = NULL;
    unsigned char head[4] = {0};
    size_t nhead = 0;
    size_t max_field, max_row;
    int rc = 0;

    fill_limits(opt, &max_field, &max_row);
    if (path) {
        FILE *fp = fopen(path, "rb");
        if (fp == NULL) {
            rc = pl_error_set(err, PL_EIO, "file", "berkas tidak dapat dibuka: %s: %s", path,
                              strerror(errno));
            goto out;
        }
        nhead = fread(head, 1, sizeof head, fp);
        fclose(fp);
    } else {
        nhead = len < sizeof head ? len : sizeof head;
        if (nhead)
            memcpy(head, data, nhead);
    }
    r = calloc(1, sizeof *r);
    if (r == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    rc = pick_kind(head, nhead, path ? path : name, &r->kind, err);
    if (rc)
        goto out;
    if (r->kind == KIND_XLSX)
        rc = pl_xlsx_reader_open(&r->xlsx, path, data, len, opt ? opt->sheet : NULL, max_field,
                                 max_row, opt ? opt->raw_dates : 0, err);
    else if (path)
        rc = pl_csv_reader_open(&r->csv, path, opt ? opt->delimiter : 0, max_field, max_row, err);
    else
        rc = pl_csv_reader_open_mem(&r->csv, data, len, opt ? opt->delimiter : 0, max_field,
                                    max_row, err);
out:
    if (rc) {
        pl_table_close(r);
        r = NULL;
    }
    *out = r;
    return rc;
}

int pl_table_open(pl_table_reader **out, const char *path, const pl_table_options *opt,
                  pl_error *err)
{
    return open_common(out, path, NULL, 0, NULL, opt, err);
}

int pl_table_open_mem(pl_table_reader **out, const void *data, size_t len, const char *name,
                      const pl_table_options *opt, pl_error *err)
{
    if (data == NULL && len > 0)
        return pl_error_set(err, PL_EINVAL, "file", "data tidak ada");
    return open_common(out, NULL, data ? data : "", len, name, opt, err);
}

int pl_table_next(pl_table_reader *r, char ***fields, size_t *nfields, pl_error *err)
{
    if (r->kind == KIND_XLSX)
        return pl_xlsx_reader_next(r->xlsx, fields, nfields, err);
    return pl_csv_reader_next(r->csv, fields, nfields, err);
}

long pl_table_row_number(const pl_table_reader *r)
{
    return r->kind == KIND_XLSX ? pl_xlsx_reader_row(r->xlsx) : pl_csv_reader_row(r->csv);
}

long pl_table_line(const pl_table_reader *r)
{
    return r->kind == KIND_XLSX ? pl_xlsx_reader_row(r->xlsx) : pl_csv_reader_line(r->csv);
}

const char *pl_table_format(const pl_table_reader *r)
{
    return r->kind == KIND_XLSX ? "xlsx" : "csv";
}

char pl_table_delimiter(const pl_table_reader *r)
{
    return r->kind == KIND_XLSX ? 0 : pl_csv_reader_delimiter(r->csv);
}

const char *pl_table_encoding(const pl_table_reader *r)
{
    return r->kind == KIND_XLSX ? "utf-8" : pl_csv_reader_encoding(r->csv);
}

const char *pl_table_sheet(const pl_table_reader *r)
{
    return r->kind == KIND_XLSX ? pl_xlsx_reader_sheet(r->xlsx) : "";
}

double pl_table_progress(const pl_table_reader *r)
{
    return r->kind == KIND_XLSX ? pl_xlsx_reader_progress(r->xlsx) : pl_csv_reader_progress(r->csv);
}

void pl_table_close(pl_table_reader *r)
{
    if (r == NULL)
        return;
    pl_csv_reader_close(r->csv);
    pl_xlsx_reader_close(r->xlsx);
    free(r);
}
