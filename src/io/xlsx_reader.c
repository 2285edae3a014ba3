/*
 * xlsx_reader.c - the XLSX half of table_reader (see table_reader.h).
 *
 * An XLSX file is a zip of XML parts. At open we read the small parts whole
 * through expat: xl/workbook.xml (sheet names -> relationship ids, the 1904
 * flag), xl/_rels/workbook.xml.rels (id -> sheet part), xl/sharedStrings.xml
 * (kept as one NUL-separated arena plus offsets) and xl/styles.xml (which
 * cell styles are dates). The sheet itself is streamed: pl_xlsx_reader_next
 * feeds 64 KiB chunks to expat and suspends the parser at each </row>, so a
 * sheet of any size is read in bounded memory. Documents with a DOCTYPE are
 * refused (no entity expansion tricks).
 */
#include "io/xlsx_reader.h"
#include "io/sheet_row.h"
#include "io/table_reader.h"
#include "util/buf.h"
#include "util/vec.h"

#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define CHUNK 65536
#define PART_MAX ((uint64_t)64 * 1024 * 1024) /* workbook, rels, styles */
#define SST_MAX ((size_t)512 * 1024 * 1024)   /* shared strings arena */
#define SHEETS_MAX 4096
#define ROWS_MAX 1048576L

enum cell_type { CT_NUMBER, CT_SHARED, CT_INLINE, CT_STR, CT_BOOL, CT_ERROR, CT_DATE };

struct sheet_ref {
    char *name;
    char *rid;
    char *part; /* the sheet's zip entry, resolved from the relationships */
    int hidden;
};

/* State shared by every parse: where errors go. */
struct xctx {
    XML_Parser p;
    pl_error *err;
    int rc;
};

struct pl_xlsx_reader {
    struct xctx x; /* first: callbacks receive the reader through it */
    zip_t *zip;
    zip_file_t *zf;
    struct sheet_ref *sheets; /* every sheet of the workbook, in order */
    size_t nsheets;
    size_t cur; /* index of the sheet being read */
    char *sheet_name;
    char *sheet_part;
    int date1904;
    int raw_dates;
    size_t max_field;
    size_t max_row;

    /* shared strings */
    pl_buf sst;
    size_t *sst_off;
    size_t sst_count;
    size_t sst_cap;

    /* styles: is cellXfs[i] a date format */
    unsigned char *xf_date;
    size_t nxf;

    /* streaming state */
    char *chunk;
    uint64_t sheet_size;
    uint64_t consumed;
    int suspended;
    int fed_final;
    int finished;

    /* the row being built */
    long row_no;  /* row being parsed */
    long row_out; /* row last returned */
    uint32_t next_col;
    int in_row, in_c, in_v, in_is, in_t, rph;
    int have_v;
    enum cell_type ctype;
    unsigned long cstyle;
    uint32_t ccol;
    pl_buf cellbuf;
    pl_buf rowbuf;
    pl_sheet_cell *cells;
    size_t ncells;
    size_t cellcap;
    pl_sheet_row row; /* the fields handed out */
    int row_ready;
};

/* ---- helpers ---------------------------------------------------------- */

static const char *local_name(const char *name)
{
    const char *p = strrchr(name, '|');
    return p ? p + 1 : name;
}

static const char *attr(const char **atts, const char *lname)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local_name(atts[i]), lname) == 0)
            return atts[i + 1];
    return NULL;
}

/* Records a callback error once and stops the parser for good. */
static void fail(struct xctx *x, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(struct xctx *x, int code, const char *fmt, ...)
{
    if (x->rc)
        return;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    x->rc = pl_error_set(x->err, code, "file", "%s", msg);
    XML_StopParser(x->p, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    fail(ud, PL_EINVAL, "berkas XLSX rusak: DOCTYPE tidak diizinkan");
}

static XML_Parser new_parser(struct xctx *x)
{
    XML_Parser p = XML_ParserCreateNS(NULL, '|');
    if (p == NULL)
        return NULL;
    XML_SetUserData(p, x);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    x->p = p;
    return p;
}

/*
 * Decodes OOXML's _xHHHH_ escapes (Excel writes a CR in a cell as _x000D_)
 * in place; returns the new length.
 */
static size_t decode_x_escapes(char *s, size_t n)
{
    if (memchr(s, '_', n) == NULL)
        return n;
    size_t i = 0, o = 0;
    while (i < n) {
        unsigned cp = 0;
        int ok = i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';
        for (size_t k = 2; ok && k < 6; k++) {
            char c = s[i + k];
            unsigned v = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                         : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                         : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                                : 16u;
            ok = v < 16;
            cp = cp * 16 + v;
        }
        if (!ok || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            s[o++] = s[i++];
            continue;
        }
        if (cp < 0x80) {
            s[o++] = (char)cp;
        } else if (cp < 0x800) {
            s[o++] = (char)(0xC0 | (cp >> 6));
            s[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            s[o++] = (char)(0xE0 | (cp >> 12));
            s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            s[o++] = (char)(0x80 | (cp & 0x3F));
        }
        i += 7;
    }
    s[o] = '\0';
    return o;
}

/* Is this custom number format a date? d or y outside quotes and brackets. */
static int format_is_date(const char *code)
{
    for (const char *p = code; *p; p++) {
        switch (*p) {
        case '"':
            p = strchr(p + 1, '"');
            if (p == NULL)
                return 0;
            break;
        case '[':
            p = strchr(p + 1, ']');
            if (p == NULL)
                return 0;
            break;
        case '\\':
        case '_':
        case '*':
            if (p[1] == '\0')
                return 0;
            p++;
            break;
        case 'd':
        case 'D':
        case 'y':
        case 'Y':
            return 1;
        default:
            break;
        }
    }
    return 0;
}

static int builtin_is_date(unsigned long id)
{
    return (id >= 14 && id <= 17) || id == 22;
}

int pl_xlsx_zip_open(zip_t **out, const char *path, const void *data, size_t len, pl_error *err)
{
    int zerr = 0;
    zip_t *z = NULL;
    if (path) {
        z = zip_open(path, ZIP_RDONLY, &zerr);
    } else {
        zip_error_t ze;
        zip_error_init(&ze);
        zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
        if (src) {
            z = zip_open_from_source(src, ZIP_RDONLY, &ze);
            if (z == NULL)
                zip_source_free(src);
        }
        zerr = zip_error_code_zip(&ze);
        zip_error_fini(&ze);
    }
    *out = z;
    if (z)
        return 0;
    if (zerr == ZIP_ER_OPEN || zerr == ZIP_ER_NOENT || zerr == ZIP_ER_READ)
        return pl_error_set(err, PL_EIO, "file", "berkas tidak dapat dibuka: %s",
                            path ? path : "(memori)");
    if (zerr == ZIP_ER_MEMORY)
        return pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
    return pl_error_set(err, PL_EINVAL, "file", "berkas bukan XLSX yang sah (arsip zip rusak)");
}

/*
 * Streams one zip entry through parser p. Returns 0, 1 when the entry is
 * absent and not required, or an error.
 */
static int parse_part(zip_t *z, const char *name, struct xctx *x, int required, pl_error *err)
{
    int rc = 0;
    char *buf = NULL;
    zip_file_t *zf = zip_fopen(z, name, ZIP_FL_NOCASE);
    if (zf == NULL) {
        if (!required)
            return 1;
        return pl_error_set(err, PL_EINVAL, "file", "berkas XLSX rusak: bagian %s tidak ada", name);
    }
    buf = malloc(CHUNK);
    if (buf == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    uint64_t total = 0;
    for (;;) {
        zip_int64_t n = zip_fread(zf, buf, CHUNK);
        if (n < 0) {
            rc = pl_error_set(err, PL_EINVAL, "file", "berkas XLSX rusak: %s tidak terbaca: %s",
                              name, zip_file_strerror(zf));
            goto out;
        }
        total += (uint64_t)n;
        if (total > PART_MAX && strstr(name, "sharedStrings") == NULL) {
            rc = pl_error_set(err, PL_ENOMEM, "file", "berkas XLSX: bagian %s terlalu besar", name);
            goto out;
        }
        if (XML_Parse(x->p, buf, (int)n, n == 0) != XML_STATUS_OK) {
            if (x->rc)
                rc = x->rc;
            else
                rc = pl_error_set(err, PL_EINVAL, "file", "berkas XLSX rusak: %s: %s (baris %lu)",
                                  name, XML_ErrorString(XML_GetErrorCode(x->p)),
                                  (unsigned long)XML_GetCurrentLineNumber(x->p));
            goto out;
        }
        if (n == 0)
            break;
    }
out:
    free(buf);
    zip_fclose(zf);
    return rc;
}

/* ---- workbook.xml ----------------------------------------------------- */

struct wb_ctx {
    struct xctx x;
    struct sheet_ref *sheets;
    size_t n, cap;
    int date1904;
};

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct wb_ctx *c = ud;
    const char *ln = local_name(name);
    if (c->x.rc)
        return;
    if (strcmp(ln, "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        c->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
        return;
    }
    if (strcmp(ln, "sheet") != 0)
        return;
    const char *sname = attr(atts, "name");
    const char *rid = attr(atts, "id");
    const char *state = attr(atts, "state");
    if (sname == NULL || rid == NULL)
        return;
    if (c->n >= SHEETS_MAX) {
        fail(&c->x, PL_ENOMEM, "berkas XLSX: terlalu banyak lembar");
        return;
    }
    if (pl_vec_reserve(&c->sheets, &c->cap, c->n, 1) != 0) {
        fail(&c->x, PL_ENOMEM, "memori tidak cukup");
        return;
    }
    struct sheet_ref *s = c->sheets;
    s[c->n].name = strdup(sname);
    s[c->n].rid = strdup(rid);
    s[c->n].part = NULL;
    s[c->n].hidden = state && strcmp(state, "visible") != 0;
    c->n++;
    if (s[c->n - 1].name == NULL || s[c->n - 1].rid == NULL)
        fail(&c->x, PL_ENOMEM, "memori tidak cukup");
}

static void sheets_free(struct sheet_ref *sheets, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(sheets[i].name);
        free(sheets[i].rid);
        free(sheets[i].part);
    }
    free(sheets);
}

/* ---- workbook.xml.rels ------------------------------------------------ */

struct rels_ctx {
    struct xctx x;
    struct sheet_ref *sheets;
    size_t n;
};

static char *resolve_target(const char *target);

/* Gives every sheet whose relationship id this is its zip entry. */
static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct rels_ctx *c = ud;
    if (c->x.rc || strcmp(local_name(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id");
    const char *target = attr(atts, "Target");
    if (id == NULL || target == NULL)
        return;
    for (size_t i = 0; i < c->n; i++) {
        if (c->sheets[i].part || strcmp(id, c->sheets[i].rid) != 0)
            continue;
        c->sheets[i].part = resolve_target(target);
        if (c->sheets[i].part == NULL)
            fail(&c->x, PL_ENOMEM, "memori tidak cukup");
    }
}

/* ---- sharedStrings.xml ------------------------------------------------ */

struct sst_ctx {
    struct xctx x;
    pl_xlsx_reader *r;
    int in_si, in_t, rph;
    size_t start;
};

static void sst_push(struct sst_ctx *c)
{
    pl_xlsx_reader *r = c->r;
    if (r->sst_count == r->sst_cap && pl_vec_reserve(&r->sst_off, &r->sst_cap, r->sst_count, 1)) {
        fail(&c->x, PL_ENOMEM, "memori tidak cukup");
        return;
    }
    if (r->sst.len > c->start) {
        size_t len = decode_x_escapes(r->sst.data + c->start, r->sst.len - c->start);
        r->sst.len = c->start + len;
    }
    if (pl_buf_putc(&r->sst, '\0')) {
        fail(&c->x, PL_ENOMEM, "berkas XLSX: teks bersama terlalu besar");
        return;
    }
    r->sst_off[r->sst_count++] = c->start;
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    struct sst_ctx *c = ud;
    const char *ln = local_name(name);
    if (c->x.rc)
        return;
    if (strcmp(ln, "si") == 0) {
        c->in_si = 1;
        c->rph = 0;
        c->start = c->r->sst.len;
    } else if (strcmp(ln, "rPh") == 0) {
        c->rph++;
    } else if (strcmp(ln, "t") == 0 && c->in_si && c->rph == 0) {
        c->in_t = 1;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    struct sst_ctx *c = ud;
    const char *ln = local_name(name);
    if (c->x.rc)
        return;
    if (strcmp(ln, "t") == 0) {
        c->in_t = 0;
    } else if (strcmp(ln, "rPh") == 0) {
        if (c->rph > 0)
            c->rph--;
    } else if (strcmp(ln, "si") == 0 && c->in_si) {
        c->in_si = 0;
        sst_push(c);
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    struct sst_ctx *c = ud;
    if (c->x.rc || !c->in_t)
        return;
    if (pl_buf_append(&c->r->sst, s, (size_t)len))
        fail(&c->x, PL_ENOMEM, "berkas XLSX: teks bersama terlalu besar");
}

/* ---- styles.xml ------------------------------------------------------- */

struct styles_ctx {
    struct xctx x;
    int in_numfmts, in_cellxfs;
    unsigned long *date_ids; /* custom numFmtIds that are dates */
    size_t ndate, date_cap;
    unsigned long *xf_fmt;
    size_t nxf, xf_cap;
};

static int push_ul(unsigned long **arr, size_t *n, size_t *cap, unsigned long v)
{
    if (*n >= 65536 || pl_vec_reserve(arr, cap, *n, 1) != 0)
        return PL_ENOMEM;
    (*arr)[(*n)++] = v;
    return 0;
}

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct styles_ctx *c = ud;
    const char *ln = local_name(name);
    if (c->x.rc)
        return;
    if (strcmp(ln, "numFmts") == 0) {
        c->in_numfmts = 1;
    } else if (strcmp(ln, "cellXfs") == 0) {
        c->in_cellxfs = 1;
    } else if (c->in_numfmts && strcmp(ln, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId");
        const char *code = attr(atts, "formatCode");
        if (id && code && format_is_date(code) &&
            push_ul(&c->date_ids, &c->ndate, &c->date_cap, strtoul(id, NULL, 10)))
            fail(&c->x, PL_ENOMEM, "berkas XLSX: gaya terlalu banyak");
    } else if (c->in_cellxfs && strcmp(ln, "xf") == 0) {
        const char *id = attr(atts, "numFmtId");
        if (push_ul(&c->xf_fmt, &c->nxf, &c->xf_cap, id ? strtoul(id, NULL, 10) : 0))
            fail(&c->x, PL_ENOMEM, "berkas XLSX: gaya terlalu banyak");
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    struct styles_ctx *c = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "numFmts") == 0)
        c->in_numfmts = 0;
    else if (strcmp(ln, "cellXfs") == 0)
        c->in_cellxfs = 0;
}

/* ---- the sheet -------------------------------------------------------- */

static int parse_ref_col(const char *ref, uint32_t *col)
{
    uint32_t c = 0;
    size_t i = 0;
    for (; ref[i] && i < 4; i++) {
        char ch = ref[i];
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        if (ch < 'A' || ch > 'Z')
            break;
        c = c * 26 + (uint32_t)(ch - 'A' + 1);
    }
    if (i == 0 || c > PL_TABLE_MAX_COLUMNS || ref[i] < '0' || ref[i] > '9')
        return -1;
    *col = c - 1;
    return 0;
}

static void cell_start(pl_xlsx_reader *r, const XML_Char **atts)
{
    const char *ref = attr(atts, "r");
    const char *t = attr(atts, "t");
    const char *s = attr(atts, "s");
    if (ref) {
        if (parse_ref_col(ref, &r->ccol)) {
            fail(&r->x, PL_EINVAL, "baris %ld: referensi sel '%s' tidak sah", r->row_no, ref);
            return;
        }
    } else {
        if (r->next_col >= PL_TABLE_MAX_COLUMNS) {
            fail(&r->x, PL_EINVAL, "baris %ld: terlalu banyak kolom", r->row_no);
            return;
        }
        r->ccol = r->next_col;
    }
    r->next_col = r->ccol + 1;
    r->ctype = CT_NUMBER;
    if (t) {
        if (strcmp(t, "s") == 0)
            r->ctype = CT_SHARED;
        else if (strcmp(t, "inlineStr") == 0)
            r->ctype = CT_INLINE;
        else if (strcmp(t, "str") == 0)
            r->ctype = CT_STR;
        else if (strcmp(t, "b") == 0)
            r->ctype = CT_BOOL;
        else if (strcmp(t, "e") == 0)
            r->ctype = CT_ERROR;
        else if (strcmp(t, "d") == 0)
            r->ctype = CT_DATE;
    }
    r->cstyle = s ? strtoul(s, NULL, 10) : 0;
    r->in_c = 1;
    r->have_v = 0;
    r->rph = 0;
    pl_buf_reset(&r->cellbuf);
}

static void cell_end(pl_xlsx_reader *r)
{
    r->in_c = 0;
    if (!r->have_v)
        return;
    const char *v = r->cellbuf.data ? r->cellbuf.data : "";
    size_t vlen = r->cellbuf.len;
    char tmp[16];
    int number = 0;
    switch (r->ctype) {
    case CT_SHARED: {
        char *end;
        unsigned long idx = strtoul(v, &end, 10);
        if (vlen == 0 || *end != '\0' || idx >= r->sst_count) {
            fail(&r->x, PL_EINVAL, "baris %ld: indeks teks bersama '%s' tidak sah", r->row_no, v);
            return;
        }
        v = r->sst.data + r->sst_off[idx];
        vlen = strlen(v);
        break;
    }
    case CT_INLINE:
        if (vlen > 0)
            vlen = decode_x_escapes(r->cellbuf.data, vlen);
        break;
    case CT_BOOL:
        v = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
        vlen = strlen(v);
        break;
    case CT_NUMBER:
        number = 1;
        if (!r->raw_dates && r->cstyle < r->nxf && r->xf_date[r->cstyle] && vlen > 0) {
            char *end;
            double serial = strtod(v, &end);
            int y, m, d;
            if (*end == '\0' &&
                pl_xlsx_serial_to_date(serial + (r->date1904 ? 1462 : 0), &y, &m, &d) == 0) {
                snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
                v = tmp;
                vlen = 10;
                number = 0;
            }
        }
        break;
    case CT_DATE:
        /* ISO 8601 text ("2025-03-12T00:00:00.000Z"): the calendar date is the first ten. */
        if (vlen > 10 && pl_table_iso_date_prefix(v))
            vlen = 10;
        break;
    default:
        break;
    }
    if (vlen == 0)
        return;
    if (vlen > r->max_field) {
        fail(&r->x, PL_ENOMEM, "baris %ld: sel melebihi batas panjang", r->row_no);
        return;
    }
    if (r->ncells == r->cellcap) {
        if (r->ncells >= PL_TABLE_MAX_COLUMNS * 2) {
            fail(&r->x, PL_EINVAL, "baris %ld: terlalu banyak sel", r->row_no);
            return;
        }
        if (pl_vec_reserve(&r->cells, &r->cellcap, r->ncells, 1) != 0) {
            fail(&r->x, PL_ENOMEM, "memori tidak cukup");
            return;
        }
    }
    size_t off = r->rowbuf.len;
    if (pl_buf_append(&r->rowbuf, v, vlen) || pl_buf_putc(&r->rowbuf, '\0')) {
        fail(&r->x, PL_ENOMEM, "baris %ld: baris melebihi batas panjang", r->row_no);
        return;
    }
    r->cells[r->ncells].col = r->ccol;
    r->cells[r->ncells].off = off;
    r->cells[r->ncells].number = number;
    r->ncells++;
}

static void row_end(pl_xlsx_reader *r)
{
    r->in_row = 0;
    if (r->ncells == 0)
        return;
    switch (pl_sheet_row_build(&r->row, &r->rowbuf, r->cells, r->ncells)) {
    case 0:
        break;
    case PL_SHEET_ROW_TOO_LONG:
        fail(&r->x, PL_ENOMEM, "baris %ld: baris melebihi batas panjang", r->row_no);
        return;
    default:
        fail(&r->x, PL_ENOMEM, "memori tidak cukup");
        return;
    }
    r->row_out = r->row_no;
    r->row_ready = 1;
    XML_StopParser(r->x.p, XML_TRUE);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    pl_xlsx_reader *r = ud;
    const char *ln = local_name(name);
    if (r->x.rc)
        return;
    if (strcmp(ln, "row") == 0) {
        const char *rn = attr(atts, "r");
        long n = r->row_no + 1;
        if (rn) {
            char *end;
            n = strtol(rn, &end, 10);
            if (*end != '\0' || n < 1 || n > ROWS_MAX) {
                fail(&r->x, PL_EINVAL, "baris %ld: nomor baris '%s' tidak sah", r->row_no + 1, rn);
                return;
            }
        }
        r->row_no = n;
        r->in_row = 1;
        r->next_col = 0;
        r->ncells = 0;
        pl_buf_reset(&r->rowbuf);
    } else if (!r->in_row) {
        return;
    } else if (strcmp(ln, "c") == 0) {
        cell_start(r, atts);
    } else if (!r->in_c) {
        return;
    } else if (strcmp(ln, "v") == 0) {
        if (r->ctype != CT_INLINE) {
            r->in_v = 1;
            r->have_v = 1;
        }
    } else if (strcmp(ln, "is") == 0) {
        r->in_is = 1;
        r->have_v = 1;
    } else if (strcmp(ln, "rPh") == 0) {
        r->rph++;
    } else if (strcmp(ln, "t") == 0 && r->in_is && r->rph == 0) {
        r->in_t = 1;
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    pl_xlsx_reader *r = ud;
    const char *ln = local_name(name);
    if (r->x.rc || !r->in_row)
        return;
    if (strcmp(ln, "v") == 0)
        r->in_v = 0;
    else if (strcmp(ln, "t") == 0)
        r->in_t = 0;
    else if (strcmp(ln, "is") == 0)
        r->in_is = 0;
    else if (strcmp(ln, "rPh") == 0 && r->rph > 0)
        r->rph--;
    else if (strcmp(ln, "c") == 0 && r->in_c)
        cell_end(r);
    else if (strcmp(ln, "row") == 0)
        row_end(r);
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    pl_xlsx_reader *r = ud;
    if (r->x.rc || !(r->in_v || (r->in_is && r->in_t && r->rph == 0)))
        return;
    if (pl_buf_append(&r->cellbuf, s, (size_t)len))
        fail(&r->x, PL_ENOMEM, "baris %ld: sel melebihi batas panjang", r->row_no);
}

/* ---- open / next / close ---------------------------------------------- */

/* Writes "A, B, ..." of the workbook's sheets into list (cap bytes). */
static void sheet_list(char *list, size_t cap, const struct sheet_ref *sheets, size_t n)
{
    size_t used = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n && used < cap; i++) {
        int w = snprintf(list + used, cap - used, "%s%s", i ? ", " : "", sheets[i].name);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static int choose_sheet(const pl_xlsx_reader *r, const char *want, size_t *idx, pl_error *err)
{
    if (r->nsheets == 0)
        return pl_error_set(err, PL_EINVAL, "file", "berkas XLSX tidak berisi lembar");
    if (want == NULL) {
        *idx = 0;
        for (size_t i = 0; i < r->nsheets; i++)
            if (!r->sheets[i].hidden) {
                *idx = i;
                break;
            }
        return 0;
    }
    for (size_t i = 0; i < r->nsheets; i++)
        if (strcmp(r->sheets[i].name, want) == 0) {
            *idx = i;
            return 0;
        }
    for (size_t i = 0; i < r->nsheets; i++)
        if (strcasecmp(r->sheets[i].name, want) == 0) {
            *idx = i;
            return 0;
        }
    char list[400];
    sheet_list(list, sizeof list, r->sheets, r->nsheets);
    return pl_error_set(err, PL_ENOTFOUND, "file",
                        "lembar '%s' tidak ada; lembar yang tersedia: %s", want, list);
}

/* Resolves a relationship target against xl/. */
static char *resolve_target(const char *target)
{
    char *p;
    if (target[0] == '/') {
        p = strdup(target + 1);
    } else {
        p = malloc(strlen(target) + 4);
        if (p)
            sprintf(p, "xl/%s", target);
    }
    return p;
}

/* Reads the workbook's small parts: sheets and their parts, shared strings, date styles. */
static int load_parts(pl_xlsx_reader *r, pl_error *err)
{
    struct wb_ctx wb = {0};
    struct rels_ctx rels = {0};
    struct sst_ctx sst = {0};
    struct styles_ctx st = {0};
    int rc = 0;

    wb.x.err = err;
    if (new_parser(&wb.x) == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    XML_SetStartElementHandler(wb.x.p, wb_start);
    rc = parse_part(r->zip, "xl/workbook.xml", &wb.x, 1, err);
    /* The reader owns the list from here on, whatever happens. */
    r->sheets = wb.sheets;
    r->nsheets = wb.n;
    wb.sheets = NULL;
    wb.n = 0;
    if (rc)
        goto out;
    r->date1904 = wb.date1904;

    rels.x.err = err;
    rels.sheets = r->sheets;
    rels.n = r->nsheets;
    if (new_parser(&rels.x) == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    XML_SetStartElementHandler(rels.x.p, rels_start);
    rc = parse_part(r->zip, "xl/_rels/workbook.xml.rels", &rels.x, 1, err);
    if (rc)
        goto out;

    sst.x.err = err;
    sst.r = r;
    if (new_parser(&sst.x) == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    XML_SetElementHandler(sst.x.p, sst_start, sst_end);
    XML_SetCharacterDataHandler(sst.x.p, sst_text);
    rc = parse_part(r->zip, "xl/sharedStrings.xml", &sst.x, 0, err);
    if (rc < 0)
        goto out;

    st.x.err = err;
    if (new_parser(&st.x) == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    XML_SetElementHandler(st.x.p, styles_start, styles_end);
    rc = parse_part(r->zip, "xl/styles.xml", &st.x, 0, err);
    if (rc < 0)
        goto out;
    rc = 0;
    if (st.nxf) {
        r->xf_date = calloc(st.nxf, 1);
        if (r->xf_date == NULL) {
            rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
            goto out;
        }
        r->nxf = st.nxf;
        for (size_t i = 0; i < st.nxf; i++) {
            unsigned long f = st.xf_fmt[i];
            int date = builtin_is_date(f);
            for (size_t k = 0; !date && k < st.ndate; k++)
                date = st.date_ids[k] == f;
            r->xf_date[i] = (unsigned char)date;
        }
    }
out:
    if (wb.x.p)
        XML_ParserFree(wb.x.p);
    sheets_free(wb.sheets, wb.n);
    if (rels.x.p)
        XML_ParserFree(rels.x.p);
    if (sst.x.p)
        XML_ParserFree(sst.x.p);
    if (st.x.p)
        XML_ParserFree(st.x.p);
    free(st.date_ids);
    free(st.xf_fmt);
    return rc;
}

/* Starts streaming sheet idx from its first row (whatever was being read is dropped). */
static int open_sheet(pl_xlsx_reader *r, size_t idx, pl_error *err)
{
    if (r->x.p) {
        XML_ParserFree(r->x.p);
        r->x.p = NULL;
    }
    if (r->zf) {
        zip_fclose(r->zf);
        r->zf = NULL;
    }
    r->x.rc = 0;
    r->x.err = err;
    r->cur = idx;
    r->sheet_name = r->sheets[idx].name;
    r->sheet_part = r->sheets[idx].part;
    r->sheet_size = r->consumed = 0;
    r->suspended = r->fed_final = r->finished = 0;
    r->row_no = r->row_out = 0;
    r->in_row = r->in_c = r->in_v = r->in_is = r->in_t = r->rph = 0;
    r->row_ready = 0;
    if (r->sheet_part == NULL)
        return pl_error_set(err, PL_EINVAL, "file",
                            "berkas XLSX rusak: lembar '%s' tidak ditemukan", r->sheet_name);
    zip_stat_t zs;
    zip_stat_init(&zs);
    if (zip_stat(r->zip, r->sheet_part, ZIP_FL_NOCASE, &zs) == 0 && (zs.valid & ZIP_STAT_SIZE))
        r->sheet_size = zs.size;
    r->zf = zip_fopen(r->zip, r->sheet_part, ZIP_FL_NOCASE);
    if (r->zf == NULL)
        return pl_error_set(err, PL_EINVAL, "file", "berkas XLSX rusak: bagian %s tidak ada",
                            r->sheet_part);
    if (new_parser(&r->x) == NULL)
        return pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
    XML_SetElementHandler(r->x.p, sheet_start, sheet_end);
    XML_SetCharacterDataHandler(r->x.p, sheet_text);
    return 0;
}

int pl_xlsx_reader_open(pl_xlsx_reader **out, const char *path, const void *data, size_t len,
                        const char *sheet, size_t max_field, size_t max_row, int raw_dates,
                        pl_error *err)
{
    int rc = 0;
    size_t idx = 0;
    pl_xlsx_reader *r = calloc(1, sizeof *r);
    if (r == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    r->max_field = max_field;
    r->max_row = max_row;
    r->raw_dates = raw_dates;
    pl_buf_init(&r->sst, SST_MAX);
    pl_buf_init(&r->cellbuf, max_field + 1);
    pl_buf_init(&r->rowbuf, max_row + PL_TABLE_MAX_COLUMNS + 16);
    rc = pl_xlsx_zip_open(&r->zip, path, data, len, err);
    if (rc)
        goto out;
    r->chunk = malloc(CHUNK);
    if (r->chunk == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "file", "memori tidak cukup");
        goto out;
    }
    if ((rc = load_parts(r, err)) || (rc = choose_sheet(r, sheet, &idx, err)))
        goto out;
    rc = open_sheet(r, idx, err);
out:
    if (rc) {
        pl_xlsx_reader_close(r);
        r = NULL;
    }
    *out = r;
    return rc;
}

int pl_xlsx_reader_next_sheet(pl_xlsx_reader *r, pl_error *err)
{
    for (size_t i = r->cur + 1; i < r->nsheets; i++) {
        if (r->sheets[i].hidden)
            continue;
        int rc = open_sheet(r, i, err);
        return rc ? rc : 1;
    }
    return 0;
}

int pl_xlsx_reader_next(pl_xlsx_reader *r, char ***fields, size_t *nfields, pl_error *err)
{
    if (r->x.rc)
        return r->x.rc;
    r->x.err = err;
    r->row_ready = 0;
    for (;;) {
        enum XML_Status st;
        if (r->suspended) {
            st = XML_ResumeParser(r->x.p);
        } else if (r->finished) {
            return 0;
        } else {
            zip_int64_t n = zip_fread(r->zf, r->chunk, CHUNK);
            if (n < 0) {
                r->x.rc =
                    pl_error_set(err, PL_EINVAL, "file", "berkas XLSX rusak: %s tidak terbaca: %s",
                                 r->sheet_part, zip_file_strerror(r->zf));
                return r->x.rc;
            }
            r->consumed += (uint64_t)n;
            r->fed_final = n == 0;
            st = XML_Parse(r->x.p, r->chunk, (int)n, r->fed_final);
        }
        r->suspended = 0;
        if (st == XML_STATUS_ERROR) {
            if (r->x.rc == 0)
                r->x.rc = pl_error_set(err, PL_EINVAL, "file",
                                       "berkas XLSX rusak: lembar '%s': %s (baris XML %lu)",
                                       r->sheet_name, XML_ErrorString(XML_GetErrorCode(r->x.p)),
                                       (unsigned long)XML_GetCurrentLineNumber(r->x.p));
            return r->x.rc;
        }
        if (st == XML_STATUS_SUSPENDED) {
            r->suspended = 1;
            if (r->row_ready) {
                *fields = r->row.fields;
                *nfields = r->row.nfields;
                return 1;
            }
            continue;
        }
        if (r->fed_final)
            r->finished = 1;
    }
}

long pl_xlsx_reader_row(const pl_xlsx_reader *r)
{
    return r->row_out;
}

const char *pl_xlsx_reader_sheet(const pl_xlsx_reader *r)
{
    return r->sheet_name;
}

const unsigned char *pl_xlsx_reader_kinds(const pl_xlsx_reader *r)
{
    return r->row.kinds;
}

double pl_xlsx_reader_progress(const pl_xlsx_reader *r)
{
    if (r->finished || r->sheet_size == 0)
        return r->finished ? 1.0 : 0.0;
    double p = (double)r->consumed / (double)r->sheet_size;
    return p > 1.0 ? 1.0 : p;
}

void pl_xlsx_reader_close(pl_xlsx_reader *r)
{
    if (r == NULL)
        return;
    if (r->x.p)
        XML_ParserFree(r->x.p);
    if (r->zf)
        zip_fclose(r->zf);
    if (r->zip)
        zip_discard(r->zip);
    free(r->chunk);
    sheets_free(r->sheets, r->nsheets);
    pl_buf_free(&r->sst);
    free(r->sst_off);
    free(r->xf_date);
    pl_buf_free(&r->cellbuf);
    pl_buf_free(&r->rowbuf);
    free(r->cells);
    pl_sheet_row_free(&r->row);
    free(r);
}

/* ---- dates ------------------------------------------------------------ */

int pl_xlsx_serial_to_date(double serial, int *y, int *m, int *d)
{
    if (!isfinite(serial) || serial < 1.0 || serial >= 2958466.0)
        return PL_EINVAL;
    long s = (long)floor(serial);
    if (s == 60)
        return PL_EINVAL;
    /* days since 1970-01-01; serial 25569 is 1970-01-01 */
    long z = s - (s < 60 ? 25568 : 25569);
    /* civil_from_days, H. Hinnant */
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1;
    long mm = mp < 10 ? mp + 3 : mp - 9;
    long yy = yoe + era * 400 + (mm <= 2);
    *y = (int)yy;
    *m = (int)mm;
    *d = (int)dd;
    return 0;
}
