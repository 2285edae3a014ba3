/*
 * csv_reader.h - private to io/: the CSV half of table_reader. Use
 * table_reader.h instead; its comment describes the behaviour.
 */
#ifndef PL_IO_CSV_READER_H
#define PL_IO_CSV_READER_H

#include <stddef.h>

#include "util/error.h"

typedef struct pl_csv_reader pl_csv_reader;

/* Opens path (mmap when possible). delimiter 0 = detect. */
int pl_csv_reader_open(pl_csv_reader **out, const char *path, char delimiter, size_t max_field,
                       size_t max_row, pl_error *err);

/* Reads from data (borrowed until close). */
int pl_csv_reader_open_mem(pl_csv_reader **out, const void *data, size_t len, char delimiter,
                           size_t max_field, size_t max_row, pl_error *err);

/* The counterparts of pl_table_next, _row_number, _line, _delimiter,
 * _encoding, _progress and _close; same contracts. */
int pl_csv_reader_next(pl_csv_reader *r, char ***fields, size_t *nfields, pl_error *err);
long pl_csv_reader_row(const pl_csv_reader *r);
long pl_csv_reader_line(const pl_csv_reader *r);
char pl_csv_reader_delimiter(const pl_csv_reader *r);
const char *pl_csv_reader_encoding(const pl_csv_reader *r);
double pl_csv_reader_progress(const pl_csv_reader *r);
void pl_csv_reader_close(pl_csv_reader *r);

#endif
