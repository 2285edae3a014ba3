/*
 * csv_writer.h - writes rows of strings as RFC 4180 CSV.
 *
 * A field is quoted when it holds the delimiter, a double quote, CR or LF,
 * or begins or ends with a space or tab (so spreadsheets do not trim it);
 * quotes inside are doubled. Everything else is written as is: a long
 * digit string such as a NIK is NOT altered (no ="..." tricks), so files
 * round-trip exactly.
 *
 * Defaults (all-zero options or NULL): ',' delimiter, CRLF line ends (RFC
 * 4180, and what Excel writes; our reader accepts both), no BOM, no formula
 * guard. For files meant for Excel set bom = 1 (without it Excel reads UTF-8
 * as the local code page) and, for Indonesian Excel, delimiter ';'.
 *
 * guard_formulas: when on, a field beginning with = + - @ (or tab or CR)
 * gets a leading apostrophe so that a spreadsheet shows it as text instead
 * of running it as a formula (CSV injection). It is off by default because
 * it changes data ("-5" becomes "'-5"): turn it on for exports that people
 * open in a spreadsheet, keep it off for files that are re-imported.
 *
 * Output is buffered (64 KiB); errors surface from pl_csv_writer_row or
 * pl_csv_writer_close as PL_EIO (or PL_ENOMEM for a pl_buf sink that hit its
 * cap), with the pl_error field "file".
 */
#ifndef PL_IO_CSV_WRITER_H
#define PL_IO_CSV_WRITER_H

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

typedef struct pl_csv_writer_options {
    char delimiter;           /* 0 = ',' */
    pl_csv_line_end line_end; /* PL_CSV_CRLF (default) or PL_CSV_LF */
    int bom;                  /* 1 = start with a UTF-8 byte order mark */
    int guard_formulas;       /* 1 = prefix ' to fields starting with = + - @ */
} pl_csv_writer_options;

/*
 * Opens a writer on fp, which stays owned by the caller (not closed by
 * pl_csv_writer_close, only flushed). opt may be NULL. On success *out is
 * owned by the caller. Errors: PL_EINVAL (bad delimiter), PL_ENOMEM.
 */
int pl_csv_writer_open(pl_csv_writer **out, FILE *fp, const pl_csv_writer_options *opt,
                       pl_error *err);

/*
 * Creates (or truncates) the file at path, mode 0644 before umask, and
 * opens a writer that owns it. Errors: PL_EIO, PL_EINVAL, PL_ENOMEM.
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

#endif
