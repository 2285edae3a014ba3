/*
 * xlsx_reader.h - private to io/: the XLSX half of table_reader (libzip +
 * expat). Use table_reader.h instead; its comment describes the behaviour.
 */
#ifndef PL_IO_XLSX_READER_H
#define PL_IO_XLSX_READER_H

#include <stddef.h>

#include "util/error.h"

typedef struct pl_xlsx_reader pl_xlsx_reader;
typedef struct zip zip_t;

/*
 * Opens a zip archive from path, or from data/len when path is NULL (data
 * borrowed); shared with the ODS reader. Errors: PL_EIO, PL_EINVAL (not a
 * zip), PL_ENOMEM.
 */
int pl_xlsx_zip_open(zip_t **out, const char *path, const void *data, size_t len, pl_error *err);

/*
 * Opens path, or data/len when path is NULL (data borrowed until close).
 * sheet NULL = first visible sheet.
 */
int pl_xlsx_reader_open(pl_xlsx_reader **out, const char *path, const void *data, size_t len,
                        const char *sheet, size_t max_field, size_t max_row, int raw_dates,
                        pl_error *err);
/* The counterparts of pl_table_next, _row_number, _sheet, _progress and
 * _close; same contracts. */
int pl_xlsx_reader_next(pl_xlsx_reader *r, char ***fields, size_t *nfields, pl_error *err);
/* Moves to the next visible sheet, from its first row: 1 moved, 0 no more sheets, or an error. */
int pl_xlsx_reader_next_sheet(pl_xlsx_reader *r, pl_error *err);
/* PL_TABLE_CELL_* of each field of the row last returned (borrowed like the fields). */
const unsigned char *pl_xlsx_reader_kinds(const pl_xlsx_reader *r);
long pl_xlsx_reader_row(const pl_xlsx_reader *r);
const char *pl_xlsx_reader_sheet(const pl_xlsx_reader *r);
double pl_xlsx_reader_progress(const pl_xlsx_reader *r);
void pl_xlsx_reader_close(pl_xlsx_reader *r);

#endif
