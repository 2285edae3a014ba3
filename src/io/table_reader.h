/*
 * table_reader.h - rows of a CSV or XLSX spreadsheet as arrays of UTF-8
 * strings, for the bulk importer.
 *
 * One reader reads one table: a CSV file, or one sheet of an XLSX or ODS
 * workbook. The format comes from the first bytes (PK\3\4 = a zip: ODS when
 * its mimetype says so or it holds content.xml and no xl/workbook.xml,
 * otherwise XLSX) and then from the file name's extension. Each call to pl_table_next hands back
 * one row; the strings are borrowed from the reader and stay valid until the next call to
 * pl_table_next or pl_table_close. They are NUL-terminated and writable (the importer may trim them
 * in place), but must not grow.
 *
 * CSV: the delimiter (',' ';' or tab) is detected from the header line
 * outside quotes unless given; an Excel "sep=;" first line is honoured and
 * not returned. A UTF-8 byte order mark is dropped. A file that is not valid
 * UTF-8 and has no BOM is read as Windows-1252 (what Excel on Windows saves)
 * and transcoded; pl_table_encoding says which. A file with a BOM, or one
 * that is mostly valid UTF-8 with a few bad bytes, is treated as damaged
 * UTF-8 and the first bad row is an error. CRLF, LF and lone CR all end a
 * record; RFC 4180 quoting is honoured (delimiters, doubled quotes and line
 * breaks inside quotes). Text after a closing quote is kept literally
 * ("ab"c -> abc), as Excel does.
 *
 * Row numbers count as a spreadsheet user sees them: the header is row 1,
 * and blank lines or rows whose every cell is empty are skipped but still
 * counted (Excel shows them as empty rows). For CSV, pl_table_line gives the
 * physical line where the record began (quoted line breaks make the two
 * differ).
 *
 * XLSX: only the cell values stored in the file are read (formulas are not
 * evaluated; their cached results are returned). Numbers are returned as the
 * raw text stored in the file ("6.4740112038500E+15" stays so) EXCEPT
 * numbers whose cell style is a date format (built-in formats 14-17 and 22,
 * or a custom format with d or y outside quotes), which become "YYYY-MM-DD"
 * text (time of day dropped) unless raw_dates is set. Booleans become
 * "TRUE"/"FALSE"; error cells keep their text ("#N/A"). Cells are placed
 * by their reference (C5 = third field); missing cells are empty strings and
 * trailing cells without a value are not returned, so a row may have fewer
 * fields than the header. Cells of type "d" (ISO 8601 text) become their
 * "YYYY-MM-DD". pl_table_cell_kind tells a number cell (PL_TABLE_CELL_NUMBER:
 * its value went through a double, so a 16-digit number has lost its last
 * digit in Excel) from a text one.
 *
 * ODS (LibreOffice): the same rules, from content.xml (ods_reader.c):
 * repeated rows and columns are expanded, the covered cells of a merged range
 * are empty, number cells give office:value and are PL_TABLE_CELL_NUMBER,
 * date cells "YYYY-MM-DD", text cells their paragraphs' text.
 *
 * Header search (opt->header_score set): spreadsheets as offices make them
 * carry title rows above the header ("DATA PMKS KELURAHAN ...", blank rows)
 * and workbooks often open with a cover or instructions sheet. The reader
 * then looks, sheet by sheet (visible sheets in order; only opt->sheet when
 * given), at the first PL_TABLE_HEADER_ROWS non-empty rows for the first one
 * that header_score rates at least header_min; that row is the first one
 * pl_table_next returns, and pl_table_header_row and pl_table_sheet say which
 * it was. When no sheet has one: a workbook of several sheets is an error
 * (PL_EINVAL, field "header", listing the sheets seen); a single sheet or a
 * CSV is read from its first row as without the search.
 *
 * Errors: PL_EIO (cannot open or read), PL_EINVAL (malformed file, row-level
 * problems), PL_ENOTFOUND (sheet missing), PL_ENOMEM (allocation or a size
 * cap). The pl_error field is "file"; messages are in Bahasa Indonesia and
 * name the row ("baris 12: tanda kutip tidak ditutup").
 *
 * A reader is not thread-safe; separate readers are independent.
 */
#ifndef PL_IO_TABLE_READER_H
#define PL_IO_TABLE_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

#define PL_TABLE_MAX_FIELD_DEFAULT ((size_t)64 * 1024)
#define PL_TABLE_MAX_ROW_DEFAULT ((size_t)1024 * 1024)
#define PL_TABLE_MAX_COLUMNS 16384 /* Excel's limit, XFD */
#define PL_TABLE_HEADER_ROWS 20    /* rows of a sheet the header search looks at */

/* What kind of cell a field came from (pl_table_cell_kind). */
enum { PL_TABLE_CELL_TEXT = 0, PL_TABLE_CELL_NUMBER = 1 };

typedef struct pl_table_reader pl_table_reader;

typedef struct pl_table_options {
    const char *sheet; /* XLSX sheet name; NULL = first visible sheet */
    char delimiter;    /* CSV ',' ';' or '\t'; 0 = detect */
    size_t max_field;  /* bytes in one field; 0 = PL_TABLE_MAX_FIELD_DEFAULT */
    size_t max_row;    /* bytes in one row; 0 = PL_TABLE_MAX_ROW_DEFAULT */
    int raw_dates;     /* XLSX: 1 = keep date-styled numbers as serials */
    /* Header search (see above); NULL = the first row is the header. */
    int (*header_score)(void *ctx, char *const *fields, size_t nfields);
    void *header_ctx;
    int header_min;
} pl_table_options;

/*
 * Opens the table at path. opt may be NULL for defaults; opt->sheet is
 * copied. On success *out is owned by the caller (free with
 * pl_table_close). Errors: PL_EIO when the file cannot be opened or read,
 * PL_EINVAL when it is not a table we read (.xls, UTF-16, broken XLSX),
 * PL_ENOTFOUND when opt->sheet names no sheet (the message lists the sheets),
 * PL_ENOMEM.
 */
int pl_table_open(pl_table_reader **out, const char *path, const pl_table_options *opt,
                  pl_error *err);

/*
 * Like pl_table_open, for a table already in memory (an HTTP upload).
 * data is borrowed and must outlive the reader; name (may be NULL) is the
 * original file name, used only to pick the format when the bytes do not.
 */
int pl_table_open_mem(pl_table_reader **out, const void *data, size_t len, const char *name,
                      const pl_table_options *opt, pl_error *err);

/*
 * Reads the next non-empty row. Returns 1 with *fields and *nfields set,
 * 0 at the end of the table, or a negative PL_E* code (PL_EINVAL for a
 * malformed row, PL_ENOMEM when a field or row exceeds its cap, PL_EIO)
 * with err naming the row. The array and strings are borrowed until the
 * next call; the strings are writable in place. After an error the reader
 * can only be closed.
 */
int pl_table_next(pl_table_reader *r, char ***fields, size_t *nfields, pl_error *err);

/* 1-based spreadsheet row number of the row last returned (as the sheet numbers it). */
long pl_table_row_number(const pl_table_reader *r);

/*
 * PL_TABLE_CELL_NUMBER when field i of the row last returned came from a
 * number cell of an XLSX or ODS sheet (not a date-styled one), otherwise
 * PL_TABLE_CELL_TEXT (always for CSV).
 */
int pl_table_cell_kind(const pl_table_reader *r, size_t i);

/* Row number of the header (the first row returned); 0 before it is read. */
long pl_table_header_row(const pl_table_reader *r);

/*
 * 1-based physical line of the file where the last returned CSV record
 * began; for XLSX the same as pl_table_row_number.
 */
long pl_table_line(const pl_table_reader *r);

/* "csv", "xlsx" or "ods". The string is static. */
const char *pl_table_format(const pl_table_reader *r);

/* The CSV delimiter in use (given or detected); 0 for XLSX. */
char pl_table_delimiter(const pl_table_reader *r);

/* "utf-8" or "windows-1252" (the source encoding, before transcoding). */
const char *pl_table_encoding(const pl_table_reader *r);

/* The XLSX or ODS sheet being read, borrowed; "" for CSV. */
const char *pl_table_sheet(const pl_table_reader *r);

/* Fraction of the input consumed, 0..1, for progress bars. */
double pl_table_progress(const pl_table_reader *r);

/* Releases the reader and everything it lent. NULL is fine. */
void pl_table_close(pl_table_reader *r);

/* True when s starts with an ISO date "YYYY-MM-DD" followed by its end, 'T' or a space. */
bool pl_table_iso_date_prefix(const char *s);

/*
 * Converts an Excel serial day number (1900 date system, as Windows Excel
 * stores dates) to a calendar date; the fraction (time of day) is ignored.
 * Serial 1 is 1900-01-01. Excel counts a 29 February 1900 that never was
 * (the Lotus 1-2-3 bug), so serials from 61 on are one day off the plain
 * count, which this corrects for; serial 60 itself is that non-existent day
 * and is refused. Returns 0, or PL_EINVAL for serials below 1, 60, beyond
 * 9999-12-31, or not finite. For the 1904 system (old Mac workbooks) add
 * 1462 to the serial first.
 */
int pl_xlsx_serial_to_date(double serial, int *y, int *m, int *d);

#endif
