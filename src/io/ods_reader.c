/*
 * ods_reader.c - the ODS half of table_reader (see table_reader.h).
 *
 * An ODS file is a zip whose content.xml holds every sheet, one
 * <table:table> after another. The file is streamed through expat in
 * 64 KiB chunks; the parser is suspended at the start of the sheet to read
 * and at the end of each of its rows, so a sheet of any size is read in
 * bounded memory and moving to the next sheet just reads on. What the XML
 * says compactly is expanded: table:number-rows-repeated and
 * table:number-columns-repeated (a value repeated, or as usual a run of
 * empty cells), table:covered-table-cell (the hidden part of a merged
 * range: empty). Number cells (office:value-type float, percentage,
 * currency) give their office:value and are marked PL_TABLE_CELL_NUMBER;
 * date cells their office:date-value's calendar date; booleans TRUE/FALSE;
 * text cells the text of their text:p paragraphs (joined by a line break,
 * with text:s, text:tab and text:line-break expanded; comments left out).
 * Documents with a DOCTYPE are refused.
 */
#include "io/ods_reader.h"
#include "io/sheet_row.h"
#include "io/table_reader.h"
#include "io/xlsx_reader.h"
#include "util/buf.h"
#include "util/vec.h"

#include <expat.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define CHUNK 65536
#define ROWS_MAX 1048576L
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

struct pl_ods_reader {
    XML_Parser p;
    pl_error *err;
    int rc;
    zip_t *zip;
    zip_file_t *zf;
    char *chunk;
    uint64_t size, consumed;
    int suspended, fed_final, finished;
    size_t max_field, max_row;

    char *want;       /* sheet asked for by name, or NULL */
    int seeking;      /* activate the next top-level table (that matches want) */
    int active;       /* inside the table being read */
    int table_done;   /* the table being read has ended */
    int depth;        /* table:table nesting (sub-tables inside cells are skipped) */
    char *sheet_name; /* of the table being read */
    char seen[400];   /* names of the tables passed, for the "no such sheet" message */

    /* the row being built */
    long row_no;   /* rows of the current table so far (repeats counted) */
    long repeat;   /* table:number-rows-repeated of the row being built */
    long rep_left; /* copies of the last row still to hand out */
    uint32_t col;  /* next column */
    int in_row, in_cell, covered, from_attr, number, annot, in_p, n_p;
    long col_repeat;
    pl_buf cellbuf;
    pl_buf rowbuf;
    pl_buf saved; /* a pristine copy of a repeated row (callers may trim in place) */
    pl_sheet_cell *cells;
    size_t ncells, cellcap;
    pl_sheet_row row; /* the fields handed out */
    int row_ready;
};

/* ---- helpers ---------------------------------------------------------- */

static void fail(pl_ods_reader *r, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(pl_ods_reader *r, int code, const char *fmt, ...)
{
    if (r->rc)
        return;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->rc = pl_error_set(r->err, code, "file", "%s", msg);
    XML_StopParser(r->p, XML_FALSE);
}

/* True when name is "<ns>|<local>". */
static int is(const char *name, const char *ns, const char *local)
{
    size_t n = strlen(ns);
    return strncmp(name, ns, n) == 0 && name[n] == '|' && strcmp(name + n + 1, local) == 0;
}

static const char *attr(const char **atts, const char *ns, const char *local)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (is(atts[i], ns, local))
            return atts[i + 1];
    return NULL;
}

/* A repeat count attribute: 1 when absent or unreadable, capped at ROWS_MAX. */
static long repeat_of(const char **atts, const char *local)
{
    const char *v = attr(atts, NS_TABLE, local);
    if (v == NULL)
        return 1;
    char *end;
    long n = strtol(v, &end, 10);
    if (*end != '\0' || n < 1)
        return 1;
    return n > ROWS_MAX ? ROWS_MAX : n;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    fail(ud, PL_EINVAL, "berkas ODS rusak: DOCTYPE tidak diizinkan");
}

static void cell_text(pl_ods_reader *r, const char *s, size_t n)
{
    if (pl_buf_append(&r->cellbuf, s, n))
        fail(r, PL_ENOMEM, "baris %ld: sel melebihi batas panjang", r->row_no + 1);
}

/* ---- the table -------------------------------------------------------- */

static void table_start(pl_ods_reader *r, const char **atts)
{
    r->depth++;
    if (r->depth != 1)
        return;
    const char *name = attr(atts, NS_TABLE, "name");
    if (name == NULL)
        name = "";
    if (!r->seeking)
        return;
    if (r->want && strcmp(name, r->want) != 0 && strcasecmp(name, r->want) != 0) {
        size_t used = strlen(r->seen);
        if (used < sizeof r->seen - 1)
            snprintf(r->seen + used, sizeof r->seen - used, "%s%s", used ? ", " : "", name);
        return;
    }
    free(r->sheet_name);
    r->sheet_name = strdup(name);
    if (r->sheet_name == NULL) {
        fail(r, PL_ENOMEM, "memori tidak cukup");
        return;
    }
    r->seeking = 0;
    r->active = 1;
    r->table_done = 0;
    r->row_no = 0;
    XML_StopParser(r->p, XML_TRUE);
}

static void cell_start(pl_ods_reader *r, const char **atts, int covered)
{
    r->in_cell = 1;
    r->covered = covered;
    r->from_attr = 0;
    r->number = 0;
    r->n_p = 0;
    r->in_p = 0;
    r->col_repeat = repeat_of(atts, "number-columns-repeated");
    pl_buf_reset(&r->cellbuf);
    if (covered)
        return;
    const char *type = attr(atts, NS_OFFICE, "value-type");
    if (type == NULL)
        return;
    const char *v = NULL;
    if (strcmp(type, "float") == 0 || strcmp(type, "percentage") == 0 ||
        strcmp(type, "currency") == 0) {
        v = attr(atts, NS_OFFICE, "value");
        r->number = v != NULL;
    } else if (strcmp(type, "date") == 0) {
        v = attr(atts, NS_OFFICE, "date-value");
        if (v && strlen(v) > 10 && pl_table_iso_date_prefix(v)) {
            r->from_attr = 1;
            cell_text(r, v, 10);
            return;
        }
    } else if (strcmp(type, "boolean") == 0) {
        v = attr(atts, NS_OFFICE, "boolean-value");
        if (v)
            v = strcmp(v, "true") == 0 ? "TRUE" : "FALSE";
    } else if (strcmp(type, "string") == 0) {
        v = attr(atts, NS_OFFICE, "string-value");
    }
    if (v) {
        r->from_attr = 1;
        cell_text(r, v, strlen(v));
    }
}

static void add_cell(pl_ods_reader *r, uint32_t col, size_t off, size_t len)
{
    (void)len;
    if (r->ncells == r->cellcap) {
        if (r->ncells >= PL_TABLE_MAX_COLUMNS) {
            fail(r, PL_EINVAL, "baris %ld: terlalu banyak sel", r->row_no + 1);
            return;
        }
        if (pl_vec_reserve(&r->cells, &r->cellcap, r->ncells, 1) != 0) {
            fail(r, PL_ENOMEM, "memori tidak cukup");
            return;
        }
    }
    r->cells[r->ncells].col = col;
    r->cells[r->ncells].off = off;
    r->cells[r->ncells].number = r->number;
    r->ncells++;
}

static void cell_end(pl_ods_reader *r)
{
    r->in_cell = 0;
    long rep = r->col_repeat;
    size_t vlen = r->cellbuf.len;
    if (!r->covered && vlen > 0) {
        if (vlen > r->max_field) {
            fail(r, PL_ENOMEM, "baris %ld: sel melebihi batas panjang", r->row_no + 1);
            return;
        }
        for (long k = 0; k < rep && r->col < PL_TABLE_MAX_COLUMNS && !r->rc; k++) {
            size_t off = r->rowbuf.len;
            if (pl_buf_append(&r->rowbuf, r->cellbuf.data, vlen) || pl_buf_putc(&r->rowbuf, '\0')) {
                fail(r, PL_ENOMEM, "baris %ld: baris melebihi batas panjang", r->row_no + 1);
                return;
            }
            add_cell(r, r->col++, off, vlen);
        }
        return;
    }
    uint64_t next = (uint64_t)r->col + (uint64_t)rep;
    r->col = next > PL_TABLE_MAX_COLUMNS ? PL_TABLE_MAX_COLUMNS : (uint32_t)next;
}

static void row_end(pl_ods_reader *r)
{
    r->in_row = 0;
    if (r->ncells == 0) {
        r->row_no += r->repeat;
        if (r->row_no > ROWS_MAX)
            r->row_no = ROWS_MAX;
        return;
    }
    switch (pl_sheet_row_build(&r->row, &r->rowbuf, r->cells, r->ncells)) {
    case 0:
        break;
    case PL_SHEET_ROW_TOO_LONG:
        fail(r, PL_ENOMEM, "baris %ld: baris melebihi batas panjang", r->row_no + 1);
        return;
    default:
        fail(r, PL_ENOMEM, "memori tidak cukup");
        return;
    }
    r->row_no++;
    r->rep_left = 0;
    if (r->repeat > 1) {
        /* Hand the same row out again, each time from a pristine copy. */
        pl_buf_reset(&r->saved);
        if (pl_buf_append(&r->saved, r->rowbuf.data, r->rowbuf.len)) {
            fail(r, PL_ENOMEM, "baris %ld: baris melebihi batas panjang", r->row_no);
            return;
        }
        r->rep_left = r->repeat - 1;
    }
    r->row_ready = 1;
    XML_StopParser(r->p, XML_TRUE);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    pl_ods_reader *r = ud;
    if (r->rc)
        return;
    if (is(name, NS_TABLE, "table")) {
        table_start(r, atts);
        return;
    }
    if (!r->active || r->depth != 1)
        return;
    if (is(name, NS_TABLE, "table-row")) {
        r->in_row = 1;
        r->repeat = repeat_of(atts, "number-rows-repeated");
        r->col = 0;
        r->ncells = 0;
        pl_buf_reset(&r->rowbuf);
    } else if (!r->in_row) {
        return;
    } else if (is(name, NS_TABLE, "table-cell")) {
        cell_start(r, atts, 0);
    } else if (is(name, NS_TABLE, "covered-table-cell")) {
        cell_start(r, atts, 1);
    } else if (!r->in_cell || r->covered || r->from_attr) {
        return;
    } else if (is(name, NS_OFFICE, "annotation")) {
        r->annot++;
    } else if (r->annot) {
        return;
    } else if (is(name, NS_TEXT, "p") || is(name, NS_TEXT, "h")) {
        if (r->n_p++ > 0)
            cell_text(r, "\n", 1);
        r->in_p++;
    } else if (!r->in_p) {
        return;
    } else if (is(name, NS_TEXT, "s")) {
        const char *c = attr(atts, NS_TEXT, "c");
        long n = c ? strtol(c, NULL, 10) : 1;
        for (long i = 0; i < n && i < 1024 && !r->rc; i++)
            cell_text(r, " ", 1);
    } else if (is(name, NS_TEXT, "tab")) {
        cell_text(r, "\t", 1);
    } else if (is(name, NS_TEXT, "line-break")) {
        cell_text(r, "\n", 1);
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    pl_ods_reader *r = ud;
    if (r->rc)
        return;
    if (is(name, NS_TABLE, "table")) {
        r->depth--;
        if (r->depth == 0 && r->active) {
            r->active = 0;
            r->table_done = 1;
            XML_StopParser(r->p, XML_TRUE);
        }
        return;
    }
    if (!r->active || r->depth != 1 || !r->in_row)
        return;
    if (is(name, NS_TABLE, "table-row")) {
        row_end(r);
    } else if (is(name, NS_TABLE, "table-cell") || is(name, NS_TABLE, "covered-table-cell")) {
        if (r->in_cell)
            cell_end(r);
    } else if (!r->in_cell) {
        return;
    } else if (is(name, NS_OFFICE, "annotation")) {
        if (r->annot > 0)
            r->annot--;
    } else if (!r->annot && (is(name, NS_TEXT, "p") || is(name, NS_TEXT, "h"))) {
        if (r->in_p > 0)
            r->in_p--;
    }
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    pl_ods_reader *r = ud;
    if (r->rc || !r->active || r->depth != 1 || !r->in_cell || r->covered || r->from_attr ||
        r->annot || !r->in_p)
        return;
    cell_text(r, s, (size_t)len);
}

/* ---- streaming -------------------------------------------------------- */

/* Feeds the parser until it suspends or the document ends; 0 or an error. */
static int pump(pl_ods_reader *r)
{
    for (;;) {
        enum XML_Status st;
        if (r->suspended) {
            st = XML_ResumeParser(r->p);
        } else if (r->finished) {
            return 0;
        } else {
            zip_int64_t n = zip_fread(r->zf, r->chunk, CHUNK);
            if (n < 0)
                return r->rc = pl_error_set(r->err, PL_EINVAL, "file",
                                            "berkas ODS rusak: content.xml tidak terbaca: %s",
                                            zip_file_strerror(r->zf));
            r->consumed += (uint64_t)n;
            r->fed_final = n == 0;
            st = XML_Parse(r->p, r->chunk, (int)n, r->fed_final);
        }
        r->suspended = 0;
        if (st == XML_STATUS_ERROR) {
            if (r->rc == 0)
                r->rc =
                    pl_error_set(r->err, PL_EINVAL, "file", "berkas ODS rusak: %s (baris XML %lu)",
                                 XML_ErrorString(XML_GetErrorCode(r->p)),
                                 (unsigned long)XML_GetCurrentLineNumber(r->p));
            return r->rc;
        }
        if (st == XML_STATUS_SUSPENDED) {
            r->suspended = 1;
            return 0;
        }
        if (r->fed_final) {
            r->finished = 1;
            return 0;
        }
    }
}

/* Reads on until a table is activated; 1 when one is, 0 at the end of the document. */
static int seek_table(pl_ods_reader *r)
{
    r->seeking = 1;
    r->active = 0;
    while (r->seeking) {
        int rc = pump(r);
        if (rc)
            return rc;
        if (r->finished && r->seeking)
            return 0;
    }
    return 1;
}

int pl_ods_reader_open(pl_ods_reader **out, const char *path, const void *data, size_t len,
                       const char *sheet, size_t max_field, size_t max_row, pl_error *err)
{
    int rc = 0;
    pl_ods_reader *r = calloc(1, sizeof *r);
    if (r == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    r->err = err;
    r->max_field = max_field;
    r->max_row = max_row;
    pl_buf_init(&r->cellbuf, max_field + 1);
    pl_buf_init(&r->rowbuf, max_row + PL_TABLE_MAX_COLUMNS + 16);
    pl_buf_init(&r->saved, max_row + PL_TABLE_MAX_COLUMNS + 16);
    if ((rc = pl_xlsx_zip_open(&r->zip, path, data, len, err)))
        goto out;
    zip_stat_t zs;
    zip_stat_init(&zs);
    if (zip_stat(r->zip, "content.xml", 0, &zs) == 0 && (zs.valid & ZIP_STAT_SIZE))
        r->size = zs.size;
    r->zf = zip_fopen(r->zip, "content.xml", 0);
    if (r->zf == NULL) {
        rc = pl_error_set(err, PL_EINVAL, "file", "berkas ODS rusak: bagian content.xml tidak ada");
        goto out;
    }
    if (sheet && (r->want = strdup(sheet)) == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    r->chunk = malloc(CHUNK);
    r->p = XML_ParserCreateNS(NULL, '|');
    if (r->chunk == NULL || r->p == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    XML_SetUserData(r->p, r);
    XML_SetStartDoctypeDeclHandler(r->p, on_doctype);
    XML_SetElementHandler(r->p, on_start, on_end);
    XML_SetCharacterDataHandler(r->p, on_text);
    rc = seek_table(r);
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = sheet ? pl_error_set(err, PL_ENOTFOUND, "file",
                                  "lembar '%s' tidak ada; lembar yang tersedia: %s", sheet, r->seen)
                   : pl_error_set(err, PL_EINVAL, "file", "berkas ODS tidak berisi lembar");
        goto out;
    }
    rc = 0;
    /* Only the first match by name counts; later sheets are read in order. */
    free(r->want);
    r->want = NULL;
out:
    if (rc) {
        pl_ods_reader_close(r);
        r = NULL;
    }
    *out = r;
    return rc;
}

int pl_ods_reader_next(pl_ods_reader *r, char ***fields, size_t *nfields, pl_error *err)
{
    if (r->rc)
        return r->rc;
    r->err = err;
    if (r->rep_left > 0 && r->row_no < ROWS_MAX) {
        r->rep_left--;
        r->row_no++;
        memcpy(r->rowbuf.data, r->saved.data, r->saved.len);
        *fields = r->row.fields;
        *nfields = r->row.nfields;
        return 1;
    }
    r->rep_left = 0;
    while (r->active && !r->table_done) {
        r->row_ready = 0;
        int rc = pump(r);
        if (rc)
            return rc;
        if (r->row_ready) {
            *fields = r->row.fields;
            *nfields = r->row.nfields;
            return 1;
        }
        if (r->finished)
            break;
    }
    return 0;
}

int pl_ods_reader_next_sheet(pl_ods_reader *r, pl_error *err)
{
    if (r->rc)
        return r->rc;
    r->err = err;
    r->rep_left = 0;
    r->in_row = r->in_cell = 0;
    return seek_table(r);
}

const unsigned char *pl_ods_reader_kinds(const pl_ods_reader *r)
{
    return r->row.kinds;
}

long pl_ods_reader_row(const pl_ods_reader *r)
{
    return r->row_no;
}

const char *pl_ods_reader_sheet(const pl_ods_reader *r)
{
    return r->sheet_name ? r->sheet_name : "";
}

double pl_ods_reader_progress(const pl_ods_reader *r)
{
    if (r->finished || r->size == 0)
        return r->finished ? 1.0 : 0.0;
    double p = (double)r->consumed / (double)r->size;
    return p > 1.0 ? 1.0 : p;
}

void pl_ods_reader_close(pl_ods_reader *r)
{
    if (r == NULL)
        return;
    if (r->p)
        XML_ParserFree(r->p);
    if (r->zf)
        zip_fclose(r->zf);
    if (r->zip)
        zip_discard(r->zip);
    free(r->chunk);
    free(r->want);
    free(r->sheet_name);
    pl_buf_free(&r->cellbuf);
    pl_buf_free(&r->rowbuf);
    pl_buf_free(&r->saved);
    free(r->cells);
    pl_sheet_row_free(&r->row);
    free(r);
}
