/* rows.c - the backend's one "step, read the row, call back, stop early" loop. */
#include "store/sqlite/internal.h"

#include <stdalign.h>
#include <stddef.h>
#include <string.h>

int pl_sq_each(pl_sq_store *s, sqlite3_stmt *st, const pl_sq_rows *rows, void *arg, pl_sq_fn cb,
               void *ctx, pl_error *err)
{
    alignas(max_align_t) unsigned char rec[PL_SQ_REC_MAX];
    if (rows->size > sizeof rec) {
        sqlite3_reset(st);
        return pl_error_set(err, PL_EINTERNAL, "", "rekaman %s terlalu besar (%zu bita)",
                            rows->what, rows->size);
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        memset(rec, 0, rows->size);
        int skip = rows->read(rec, st, arg);
        if (skip < 0) {
            sqlite3_reset(st);
            return skip;
        }
        if (skip)
            continue;
        int stop = rows->emit(cb, ctx, rec);
        if (stop) {
            sqlite3_reset(st);
            return stop;
        }
    }
    if (rc != SQLITE_DONE) {
        rc = pl_sq_step_error(s, rc, err, rows->what);
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    return 0;
}
