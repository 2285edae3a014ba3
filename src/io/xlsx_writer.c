/*
 * xlsx_writer.c - a thin layer over libxlsxwriter (see xlsx_writer.h).
 *
 * libxlsxwriter prints warnings to stderr for some misuse (bad sheet names,
 * over-long strings, an unwritable path), so we check those first and
 * return our own errors instead.
 */
#include "io/xlsx_writer.h"
#include "io/table_reader.h"
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define MAX_ROWS 1048576u
#define MAX_STRING 32767 /* characters in one cell */
#define AUTO_WIDTH_MAX 60
#define AUTO_WIDTH_MIN 8

struct pl_xlsx_writer {
    lxw_workbook *wb;
    lxw_format *bold;
    lxw_format *text;
    char *path;
    int created; /* we created path at open: remove it if never written */
    lxw_worksheet *ws;
    pl_xlsx_column *cols; /* of the current sheet; headers not kept */
    size_t *maxlen;       /* longest value per column, in characters */
    size_t ncols;
    lxw_row_t next_row;
};

static int lxw_fail(lxw_error e, pl_error *err)
{
    int code = e == LXW_ERROR_MEMORY_MALLOC_FAILED                                    ? PL_ENOMEM
               : e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_CREATING_TMPFILE ? PL_EIO
                                                                                      : PL_EINVAL;
    return pl_error_set(err, code, "file", "gagal menulis XLSX: %s", lxw_strerror(e));
}

/* Characters (UTF-8 code points) in s. */
static size_t u8len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/*
 * A plain decimal number that a double holds without changing how it
 * reads: -?digits[.digits][e[+-]digits], no leading zeros ("0123" stays
 * text), at most 17 significant digits.
 */
static int plain_number(const char *s, double *out)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (!(*p >= '0' && *p <= '9'))
        return 0;
    if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
        return 0;
    int digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++, digits++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p != '\0' || digits > 17)
        return 0;
    char *end;
    *out = strtod(s, &end);
    return *end == '\0';
}

int pl_xlsx_writer_open(pl_xlsx_writer **out, const char *path, const pl_xlsx_writer_options *opt,
                        pl_error *err)
{
    int rc = 0;
    pl_xlsx_writer *w = calloc(1, sizeof *w);
    if (w == NULL || (w->path = strdup(path)) == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    /*
     * Fail now, not at close, when the file cannot be created; and create it 0600 (personal
     * data) here, since libxlsxwriter's fopen keeps the mode of an existing file.
     */
    bool created = false;
    if ((rc = pl_fs_prepare(path, &created, err)))
        goto out;
    w->created = created;
    lxw_workbook_options lo = {.constant_memory = !(opt && opt->in_memory)};
    w->wb = workbook_new_opt(path, &lo);
    if (w->wb == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "buku kerja XLSX tidak dapat dibuat");
        goto out;
    }
    w->bold = workbook_add_format(w->wb);
    w->text = workbook_add_format(w->wb);
    if (w->bold == NULL || w->text == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    format_set_bold(w->bold);
    format_set_num_format_index(w->text, 49); /* built-in "@" (Text) */
out:
    if (rc) {
        pl_xlsx_writer_free(w);
        w = NULL;
    }
    *out = w;
    return rc;
}

/* Applies widths, text formats and the autofilter to the current sheet. */
static int finish_sheet(pl_xlsx_writer *w, pl_error *err)
{
    if (w->ws == NULL)
        return 0;
    for (size_t c = 0; c < w->ncols; c++) {
        double width = w->cols[c].width;
        if (width <= 0) {
            size_t n = w->maxlen[c] + 2;
            width = (double)(n < AUTO_WIDTH_MIN   ? AUTO_WIDTH_MIN
                             : n > AUTO_WIDTH_MAX ? AUTO_WIDTH_MAX
                                                  : n);
        }
        lxw_error e = worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c, width,
                                           w->cols[c].type == PL_XLSX_TEXT ? w->text : NULL);
        if (e)
            return lxw_fail(e, err);
    }
    lxw_error e = worksheet_autofilter(w->ws, 0, 0, w->next_row - 1, (lxw_col_t)(w->ncols - 1));
    if (e)
        return lxw_fail(e, err);
    w->ws = NULL;
    return 0;
}

int pl_xlsx_writer_add_sheet(pl_xlsx_writer *w, const char *name, const pl_xlsx_column *cols,
                             size_t ncols, pl_error *err)
{
    if (ncols == 0 || ncols > PL_TABLE_MAX_COLUMNS)
        return pl_error_set(err, PL_EINVAL, "file", "jumlah kolom lembar tidak sah: %zu", ncols);
    for (size_t c = 0; c < ncols; c++)
        if ((unsigned)cols[c].type >= PL_XLSX_COLTYPE__MAX)
            return pl_error_set(err, PL_EINVAL, "file", "jenis kolom %zu tidak sah", c + 1);
    if (name == NULL || workbook_validate_sheet_name(w->wb, name) != LXW_NO_ERROR)
        return pl_error_set(err, PL_EINVAL, "file",
                            "nama lembar '%s' tidak sah (maks. 31 karakter, tanpa []:*?/\\, "
                            "tidak boleh kembar)",
                            name ? name : "");
    int rc = finish_sheet(w, err);
    if (rc)
        return rc;
    pl_xlsx_column *nc = malloc(ncols * sizeof *nc);
    size_t *ml = calloc(ncols, sizeof *ml);
    if (nc == NULL || ml == NULL) {
        free(nc);
        free(ml);
        return pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
    }
    free(w->cols);
    free(w->maxlen);
    w->cols = nc;
    w->maxlen = ml;
    w->ncols = ncols;
    memcpy(nc, cols, ncols * sizeof *nc);
    w->ws = workbook_add_worksheet(w->wb, name);
    if (w->ws == NULL)
        return pl_error_set(err, PL_ENOMEM, "file", "lembar '%s' tidak dapat dibuat", name);
    worksheet_freeze_panes(w->ws, 1, 0);
    for (size_t c = 0; c < ncols; c++) {
        const char *h = cols[c].header ? cols[c].header : "";
        size_t n = u8len(h);
        if (n > MAX_STRING)
            return pl_error_set(err, PL_EINVAL, "file", "judul kolom %zu terlalu panjang", c + 1);
        ml[c] = n + 1; /* room for the filter button */
        nc[c].header = NULL;
        lxw_error e = worksheet_write_string(w->ws, 0, (lxw_col_t)c, h, w->bold);
        if (e)
            return lxw_fail(e, err);
    }
    w->next_row = 1;
    return 0;
}

int pl_xlsx_writer_row(pl_xlsx_writer *w, const char *const *fields, size_t n, pl_error *err)
{
    if (w->ws == NULL)
        return pl_error_set(err, PL_EINVAL, "file", "belum ada lembar untuk ditulisi");
    if (n > w->ncols)
        return pl_error_set(err, PL_EINVAL, "file", "baris %u: %zu kolom, lembar hanya punya %zu",
                            (unsigned)w->next_row + 1, n, w->ncols);
    if (w->next_row >= MAX_ROWS)
        return pl_error_set(err, PL_EINVAL, "file",
                            "lembar penuh: XLSX menampung paling banyak 1.048.576 baris");
    lxw_row_t row = w->next_row;
    for (size_t c = 0; c < n; c++) {
        const char *s = fields[c];
        if (s == NULL || *s == '\0')
            continue;
        double num;
        lxw_error e;
        if (w->cols[c].type == PL_XLSX_NUMBER && plain_number(s, &num)) {
            e = worksheet_write_number(w->ws, row, (lxw_col_t)c, num, NULL);
            size_t len = strlen(s);
            if (len > w->maxlen[c])
                w->maxlen[c] = len;
        } else {
            size_t len = u8len(s);
            if (len > MAX_STRING)
                return pl_error_set(err, PL_EINVAL, "file",
                                    "baris %u kolom %zu: teks lebih dari 32.767 karakter",
                                    (unsigned)row + 1, c + 1);
            if (len > w->maxlen[c])
                w->maxlen[c] = len;
            e = worksheet_write_string(w->ws, row, (lxw_col_t)c, s,
                                       w->cols[c].type == PL_XLSX_TEXT ? w->text : NULL);
        }
        if (e)
            return lxw_fail(e, err);
    }
    w->next_row++;
    return 0;
}

int pl_xlsx_writer_close(pl_xlsx_writer *w, pl_error *err)
{
    if (w == NULL)
        return 0;
    int rc = finish_sheet(w, err);
    if (rc == 0) {
        lxw_error e = workbook_close(w->wb);
        w->wb = NULL;
        if (e)
            rc = lxw_fail(e, err);
        else
            w->created = 0;
    }
    pl_xlsx_writer_free(w);
    return rc;
}

void pl_xlsx_writer_free(pl_xlsx_writer *w)
{
    if (w == NULL)
        return;
    if (w->wb)
        lxw_workbook_free(w->wb);
    if (w->created)
        unlink(w->path);
    free(w->path);
    free(w->cols);
    free(w->maxlen);
    free(w);
}
