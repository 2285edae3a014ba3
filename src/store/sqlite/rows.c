/*
 * rows.c - the backend's one "step, read the row, call back, stop early" loop, and the two
 * steps every area with ids and versions repeats: a get by id and an optimistic-version update.
 */
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

int pl_sq_get_by_id(pl_sq_store *s, const char *sql, int64_t id, const pl_sq_rows *rows, void *out,
                    const char *noun, pl_error *err)
{
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if ((rc = pl_sq_row(s, st, rows->what, err)) < 0)
        return rc;
    if (rc == 0)
        return pl_error_set(err, PL_ENOTFOUND, "id", "%s %lld tidak ditemukan", noun,
                            (long long)id);
    memset(out, 0, rows->size);
    rc = rows->read(out, st, NULL);
    sqlite3_reset(st);
    return rc < 0 ? rc : 0;
}

int pl_sq_update_versioned(pl_sq_store *s, sqlite3_stmt *st, const char *version_sql,
                           const char *noun, int64_t id, int64_t version, const char *what,
                           pl_error *err)
{
    int rc = pl_sq_done(s, st, err, what);
    if (rc || sqlite3_changes(s->db) > 0)
        return rc;
    PL_SQ_PREP(v, version_sql);
    sqlite3_bind_int64(v, 1, id);
    if ((rc = pl_sq_row(s, v, what, err)) < 0)
        return rc;
    if (rc == 0)
        return pl_error_set(err, PL_ENOTFOUND, "id", "%s %lld tidak ditemukan", noun,
                            (long long)id);
    long long cur = sqlite3_column_int64(v, 0);
    sqlite3_reset(v);
    return pl_error_set(err, PL_ECONFLICT, "version",
                        "%s sudah diubah orang lain (versi %lld, bukan %lld); muat ulang lalu "
                        "ulangi",
                        noun, cur, (long long)version);
}
