/* sheet_row.c - sparse spreadsheet cells to a dense row of fields (XLSX and ODS readers). */
#include "io/sheet_row.h"
#include "io/table_reader.h"
#include "util/vec.h"

#include <stdlib.h>
#include <string.h>

int pl_sheet_row_build(pl_sheet_row *row, pl_buf *rowbuf, const pl_sheet_cell *cells, size_t ncells)
{
    uint32_t maxcol = 0;
    for (size_t i = 0; i < ncells; i++)
        if (cells[i].col > maxcol)
            maxcol = cells[i].col;
    size_t nf = (size_t)maxcol + 1;
    size_t zero = rowbuf->len;
    /* one writable NUL per column, for the missing cells */
    static const char zeros[256];
    for (size_t left = nf; left > 0;) {
        size_t k = left < sizeof zeros ? left : sizeof zeros;
        if (pl_buf_append(rowbuf, zeros, k))
            return PL_SHEET_ROW_TOO_LONG;
        left -= k;
    }
    if ((nf > row->fieldcap && pl_vec_reserve(&row->fields, &row->fieldcap, 0, nf) != 0) ||
        (nf > row->kindcap && pl_vec_reserve(&row->kinds, &row->kindcap, 0, nf) != 0))
        return PL_SHEET_ROW_NOMEM;
    memset(row->kinds, PL_TABLE_CELL_TEXT, nf);
    for (size_t i = 0; i < nf; i++)
        row->fields[i] = rowbuf->data + zero + i;
    for (size_t i = 0; i < ncells; i++) {
        row->fields[cells[i].col] = rowbuf->data + cells[i].off;
        row->kinds[cells[i].col] = cells[i].number ? PL_TABLE_CELL_NUMBER : PL_TABLE_CELL_TEXT;
    }
    row->nfields = nf;
    return 0;
}

void pl_sheet_row_free(pl_sheet_row *row)
{
    free(row->fields);
    free(row->kinds);
    memset(row, 0, sizeof *row);
}
