/*
 * table_reader.c - picks CSV, XLSX or ODS and forwards to csv_reader.c,
 * xlsx_reader.c or ods_reader.c; finds the header row and the sheet that
 * holds it when asked to.
 */
#include "io/table_reader.h"
#include "io/csv_reader.h"
#include "io/ods_reader.h"
#include "io/xlsx_reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

enum table_kind { KIND_CSV, KIND_XLSX, KIND_ODS };

struct pl_table_reader {
    enum table_kind kind;
    pl_csv_reader *csv;
    pl_xlsx_reader *xlsx;
    pl_ods_reader *ods;
    /* what it was opened from, to open it again (header search fallback) */
    const char *path;
    const void *data;
    size_t len;
    const char *sheet;
    size_t max_field, max_row;
    int raw_dates;
    char delimiter;
    /* a header row found by the search, handed out by the first pl_table_next */
    int pending;
    char **pending_f;
    size_t pending_n;
    long header_row;
    size_t nfields; /* of the row last returned */
};

static int has_ext(const char *name, const char *ext)
{
    if (name == NULL)
        return 0;
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcasecmp(name + n - e, ext) == 0;
}

/*
 * A zip is an ODS when it says so in its mimetype entry, or holds content.xml and no
 * xl/workbook.xml (some writers leave the mimetype out); otherwise it is read as XLSX.
 */
static enum table_kind zip_kind(const char *path, const void *data, size_t len)
{
    pl_error ignore;
    zip_t *z = NULL;
    enum table_kind kind = KIND_XLSX;
    if (pl_xlsx_zip_open(&z, path, data, len, &ignore) != 0)
        return KIND_XLSX; /* the XLSX reader says what is wrong */
    zip_file_t *zf = zip_fopen(z, "mimetype", 0);
    char mt[64] = "";
    if (zf) {
        zip_int64_t n = zip_fread(zf, mt, sizeof mt - 1);
        mt[n > 0 ? n : 0] = '\0';
        zip_fclose(zf);
    }
    if (strncmp(mt, "application/vnd.oasis.opendocument.spreadsheet", 46) == 0 ||
        (zip_name_locate(z, "content.xml", 0) >= 0 &&
         zip_name_locate(z, "xl/workbook.xml", ZIP_FL_NOCASE) < 0))
        kind = KIND_ODS;
    zip_discard(z);
    return kind;
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
                            "format .xls (Excel 97-2003) tidak didukung; simpan sebagai .xlsx, "
                            ".ods atau CSV");
    if (has_ext(name, ".xlsx") || has_ext(name, ".xlsm"))
        return pl_error_set(err, PL_EINVAL, "file", "berkas bukan XLSX yang sah (arsip zip rusak)");
    if (has_ext(name, ".ods"))
        return pl_error_set(err, PL_EINVAL, "file", "berkas bukan ODS yang sah (arsip zip rusak)");
    *kind = KIND_CSV;
    return 0;
}

/* Opens the underlying reader from what r remembers. */
static int open_inner(pl_table_reader *r, pl_error *err)
{
    if (r->kind == KIND_XLSX)
        return pl_xlsx_reader_open(&r->xlsx, r->path, r->data, r->len, r->sheet, r->max_field,
                                   r->max_row, r->raw_dates, err);
    if (r->kind == KIND_ODS)
        return pl_ods_reader_open(&r->ods, r->path, r->data, r->len, r->sheet, r->max_field,
                                  r->max_row, err);
    if (r->path)
        return pl_csv_reader_open(&r->csv, r->path, r->delimiter, r->max_field, r->max_row, err);
    return pl_csv_reader_open_mem(&r->csv, r->data, r->len, r->delimiter, r->max_field, r->max_row,
                                  err);
}

static void close_inner(pl_table_reader *r)
{
    pl_csv_reader_close(r->csv);
    pl_xlsx_reader_close(r->xlsx);
    pl_ods_reader_close(r->ods);
    r->csv = NULL;
    r->xlsx = NULL;
    r->ods = NULL;
}

static int next_raw(pl_table_reader *r, char ***fields, size_t *nfields, pl_error *err)
{
    int rc;
    if (r->kind == KIND_XLSX)
        rc = pl_xlsx_reader_next(r->xlsx, fields, nfields, err);
    else if (r->kind == KIND_ODS)
        rc = pl_ods_reader_next(r->ods, fields, nfields, err);
    else
        rc = pl_csv_reader_next(r->csv, fields, nfields, err);
    r->nfields = rc == 1 ? *nfields : 0;
    return rc;
}

static int next_sheet(pl_table_reader *r, pl_error *err)
{
    if (r->kind == KIND_XLSX)
        return pl_xlsx_reader_next_sheet(r->xlsx, err);
    if (r->kind == KIND_ODS)
        return pl_ods_reader_next_sheet(r->ods, err);
    return 0;
}

/*
 * The header search (table_reader.h): sheet by sheet (only the named one
 * when a sheet was given), the first row among the first
 * PL_TABLE_HEADER_ROWS that the caller's score accepts.
 */
static int find_header(pl_table_reader *r, const pl_table_options *opt, pl_error *err)
{
    char seen[400] = "";
    size_t used = 0;
    int nsheets = 0;
    int rc;
    for (;;) {
        nsheets++;
        if (used < sizeof seen - 1) {
            int w = snprintf(seen + used, sizeof seen - used, "%s'%s'", used ? ", " : "",
                             pl_table_sheet(r));
            used += w > 0 ? (size_t)w : 0;
        }
        char **f;
        size_t nf;
        for (int k = 0; k < PL_TABLE_HEADER_ROWS; k++) {
            rc = next_raw(r, &f, &nf, err);
            if (rc < 0)
                return rc;
            if (rc == 0)
                break;
            if (opt->header_score(opt->header_ctx, f, nf) >= opt->header_min) {
                r->pending = 1;
                r->pending_f = f;
                r->pending_n = nf;
                r->header_row = pl_table_row_number(r);
                return 0;
            }
        }
        if (r->kind == KIND_CSV || opt->sheet)
            break;
        rc = next_sheet(r, err);
        if (rc < 0)
            return rc;
        if (rc == 0)
            break;
    }
    if (nsheets > 1)
        return pl_error_set(err, PL_EINVAL, "header",
                            "tidak ada lembar yang memuat baris judul (nama kolom seperti nik, "
                            "no_kk, nama) dalam %d baris pertamanya; lembar yang diperiksa: %s",
                            PL_TABLE_HEADER_ROWS, seen);
    /* One sheet without a recognisable header: read it from its first row, as always. */
    close_inner(r);
    return open_inner(r, err);
}

static int open_common(pl_table_reader **out, const char *path, const void *data, size_t len,
                       const char *name, const pl_table_options *opt, pl_error *err)
{
    pl_table_reader *r = NULL;
    unsigned char head[4] = {0};
    size_t nhead = 0;
    int rc = 0;

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
    r->path = path;
    r->data = data;
    r->len = len;
    r->sheet = opt ? opt->sheet : NULL;
    r->max_field = opt && opt->max_field ? opt->max_field : PL_TABLE_MAX_FIELD_DEFAULT;
    r->max_row = opt && opt->max_row ? opt->max_row : PL_TABLE_MAX_ROW_DEFAULT;
    r->raw_dates = opt ? opt->raw_dates : 0;
    r->delimiter = opt ? opt->delimiter : 0;
    rc = pick_kind(head, nhead, path ? path : name, &r->kind, err);
    if (rc)
        goto out;
    if (r->kind == KIND_XLSX)
        r->kind = zip_kind(path, data, len);
    rc = open_inner(r, err);
    if (rc == 0 && opt && opt->header_score)
        rc = find_header(r, opt, err);
    /* The sheet name was borrowed for the open only. */
    r->sheet = NULL;
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
    if (r->pending) {
        r->pending = 0;
        *fields = r->pending_f;
        *nfields = r->pending_n;
        r->nfields = r->pending_n;
        return 1;
    }
    int rc = next_raw(r, fields, nfields, err);
    if (rc == 1 && r->header_row == 0)
        r->header_row = pl_table_row_number(r);
    return rc;
}

int pl_table_cell_kind(const pl_table_reader *r, size_t i)
{
    if (i >= r->nfields)
        return PL_TABLE_CELL_TEXT;
    const unsigned char *k = r->kind == KIND_XLSX  ? pl_xlsx_reader_kinds(r->xlsx)
                             : r->kind == KIND_ODS ? pl_ods_reader_kinds(r->ods)
                                                   : NULL;
    return k ? k[i] : PL_TABLE_CELL_TEXT;
}

long pl_table_header_row(const pl_table_reader *r)
{
    return r->header_row;
}

long pl_table_row_number(const pl_table_reader *r)
{
    switch (r->kind) {
    case KIND_XLSX:
        return pl_xlsx_reader_row(r->xlsx);
    case KIND_ODS:
        return pl_ods_reader_row(r->ods);
    default:
        return pl_csv_reader_row(r->csv);
    }
}

long pl_table_line(const pl_table_reader *r)
{
    return r->kind == KIND_CSV ? pl_csv_reader_line(r->csv) : pl_table_row_number(r);
}

const char *pl_table_format(const pl_table_reader *r)
{
    return r->kind == KIND_XLSX ? "xlsx" : r->kind == KIND_ODS ? "ods" : "csv";
}

char pl_table_delimiter(const pl_table_reader *r)
{
    return r->kind == KIND_CSV ? pl_csv_reader_delimiter(r->csv) : 0;
}

const char *pl_table_encoding(const pl_table_reader *r)
{
    return r->kind == KIND_CSV ? pl_csv_reader_encoding(r->csv) : "utf-8";
}

const char *pl_table_sheet(const pl_table_reader *r)
{
    switch (r->kind) {
    case KIND_XLSX:
        return pl_xlsx_reader_sheet(r->xlsx);
    case KIND_ODS:
        return pl_ods_reader_sheet(r->ods);
    default:
        return "";
    }
}

double pl_table_progress(const pl_table_reader *r)
{
    switch (r->kind) {
    case KIND_XLSX:
        return pl_xlsx_reader_progress(r->xlsx);
    case KIND_ODS:
        return pl_ods_reader_progress(r->ods);
    default:
        return pl_csv_reader_progress(r->csv);
    }
}

void pl_table_close(pl_table_reader *r)
{
    if (r == NULL)
        return;
    close_inner(r);
    free(r);
}

bool pl_table_iso_date_prefix(const char *s)
{
    for (int i = 0; i < 10; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return false;
    }
    return s[10] == '\0' || s[10] == 'T' || s[10] == ' ';
}
