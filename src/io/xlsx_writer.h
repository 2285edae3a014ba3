/*
 * xlsx_writer.h - writes tables to an .xlsx workbook (libxlsxwriter).
 *
 * Each sheet has a header row (bold, frozen, with an autofilter over the
 * rows written) and typed columns:
 *   PL_XLSX_TEXT   - written as strings in a column formatted "@" (Text),
 *                    so NIK and KK numbers stay exact and Excel does not turn
 *                    them into 6.47401E+15 when a user edits a cell;
 *   PL_XLSX_NUMBER - a field that is a plain decimal number is written as a
 *                    number; anything else (empty, "n/a") as a string, so no
 *                    data is lost.
 * Column widths come from the column description or, when 0, from the
 * longest value written (capped at 60 characters).
 *
 * The file is written by pl_xlsx_writer_close; nothing appears on disk
 * before. Errors are returned (never printed) with the pl_error field
 * "file" and a message in Bahasa Indonesia: PL_EINVAL (bad sheet name, more
 * than 1,048,576 rows, a string over 32,767 characters), PL_EIO, PL_ENOMEM.
 */
#ifndef PL_IO_XLSX_WRITER_H
#define PL_IO_XLSX_WRITER_H

#include <stddef.h>

#include "util/error.h"

typedef struct pl_xlsx_writer pl_xlsx_writer;

typedef enum pl_xlsx_coltype {
    PL_XLSX_TEXT = 0,
    PL_XLSX_NUMBER,
    PL_XLSX_COLTYPE__MAX
} pl_xlsx_coltype;

typedef struct pl_xlsx_column {
    const char *header;   /* header cell text */
    pl_xlsx_coltype type; /* PL_XLSX_TEXT (default) or PL_XLSX_NUMBER */
    double width;         /* characters; 0 = fit the data */
} pl_xlsx_column;

typedef struct pl_xlsx_writer_options {
    /*
     * 0 (default): rows go to a temporary file as they are written and
     * strings are stored inline - memory stays flat for large exports.
     * 1: keep the workbook in memory and use a shared string table (smaller
     * files for repetitive text).
     */
    int in_memory;
} pl_xlsx_writer_options;

/*
 * Starts a workbook to be written to path when closed. opt may be NULL.
 * On success *out is owned by the caller and must be passed to
 * pl_xlsx_writer_close (to write it) or pl_xlsx_writer_free (to drop it).
 */
int pl_xlsx_writer_open(pl_xlsx_writer **out, const char *path, const pl_xlsx_writer_options *opt,
                        pl_error *err);

/*
 * Adds a sheet named name (at most 31 characters, none of []:*?/\) with
 * ncols columns and writes its header row; later rows go to this sheet.
 * cols is copied. Errors: PL_EINVAL (bad or duplicate name, no columns,
 * more than 16,384 columns), PL_ENOMEM.
 */
int pl_xlsx_writer_add_sheet(pl_xlsx_writer *w, const char *name, const pl_xlsx_column *cols,
                             size_t ncols, pl_error *err);

/*
 * Writes one data row of the current sheet; fields beyond the sheet's
 * columns are an error, missing or NULL ones are left blank. Errors:
 * PL_EINVAL (no sheet, too many fields, too many rows, string too long).
 */
int pl_xlsx_writer_row(pl_xlsx_writer *w, const char *const *fields, size_t n, pl_error *err);

/*
 * Finishes every sheet, writes the file and frees w (NULL is fine).
 * Returns 0 or PL_EIO/PL_ENOMEM; w is freed either way.
 */
int pl_xlsx_writer_close(pl_xlsx_writer *w, pl_error *err);

/* Frees w without writing the file (after an error). NULL is fine. */
void pl_xlsx_writer_free(pl_xlsx_writer *w);

#endif
