/*
 * sheet_row.h - turns the sparse cells of one spreadsheet row (XLSX or ODS:
 * only the cells present in the file, each placed by its column) into the
 * dense array of fields the table reader hands out, with an empty string
 * for every missing column.
 */
#ifndef PL_IO_SHEET_ROW_H
#define PL_IO_SHEET_ROW_H

#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

/* One cell read: its column (0 = A) and its NUL-terminated text at off in the row buffer. */
typedef struct pl_sheet_cell {
    uint32_t col;
    size_t off;
    int number; /* a number cell (PL_TABLE_CELL_NUMBER), else text */
} pl_sheet_cell;

/* The fields of the row being handed out; owned by the reader (pl_sheet_row_free). */
typedef struct pl_sheet_row {
    char **fields;        /* nfields pointers into the row buffer */
    unsigned char *kinds; /* PL_TABLE_CELL_* per field */
    size_t nfields, fieldcap, kindcap;
} pl_sheet_row;

enum {
    PL_SHEET_ROW_TOO_LONG = -1, /* the row buffer refused the empty fields (its limit) */
    PL_SHEET_ROW_NOMEM = -2,
};

/*
 * Fills row from cells[0..ncells) (ncells > 0), whose texts lie in rowbuf: appends one NUL
 * per column to rowbuf for the missing cells, so every field is a writable string. The
 * pointers in row stay valid until rowbuf changes. Returns 0 or a PL_SHEET_ROW_* code.
 */
int pl_sheet_row_build(pl_sheet_row *row, pl_buf *rowbuf, const pl_sheet_cell *cells,
                       size_t ncells);

/* Frees the arrays of row (the strings belong to the row buffer). */
void pl_sheet_row_free(pl_sheet_row *row);

#endif
