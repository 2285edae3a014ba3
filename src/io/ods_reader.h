/*
 * ods_reader.h - private to io/: the ODS (OpenDocument spreadsheet, what
 * LibreOffice saves) half of table_reader (libzip + expat). Use
 * table_reader.h instead; its comment describes the behaviour.
 */
#ifndef PL_IO_ODS_READER_H
#define PL_IO_ODS_READER_H

#include <stddef.h>

#include "util/error.h"

typedef struct pl_ods_reader pl_ods_reader;

/*
 * Opens path, or data/len when path is NULL (data borrowed until close),
 * positioned at the first row of the named sheet (NULL = the first one).
 */
int pl_ods_reader_open(pl_ods_reader **out, const char *path, const void *data, size_t len,
                       const char *sheet, size_t max_field, size_t max_row, pl_error *err);
/* The counterparts of pl_table_next, _row_number, _sheet, _progress and
 * _close; same contracts. */
int pl_ods_reader_next(pl_ods_reader *r, char ***fields, size_t *nfields, pl_error *err);
/* Moves to the next sheet, from its first row: 1 moved, 0 no more sheets, or an error. */
int pl_ods_reader_next_sheet(pl_ods_reader *r, pl_error *err);
/* PL_TABLE_CELL_* of each field of the row last returned (borrowed like the fields). */
const unsigned char *pl_ods_reader_kinds(const pl_ods_reader *r);
long pl_ods_reader_row(const pl_ods_reader *r);
const char *pl_ods_reader_sheet(const pl_ods_reader *r);
double pl_ods_reader_progress(const pl_ods_reader *r);
void pl_ods_reader_close(pl_ods_reader *r);

#endif
