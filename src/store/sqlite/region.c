/* region.c - the region tree: bulk load, lookups, listings, search. */
#include "store/sqlite/internal.h"

#include <stdio.h>
#include <string.h>

static void row_to_region(pl_region *r, sqlite3_stmt *st)
{
    pl_sq_col_text(r->code, sizeof r->code, st, 0);
    pl_sq_col_text(r->parent, sizeof r->parent, st, 1);
    r->level = sqlite3_column_int(st, 2);
    pl_sq_col_text(r->name, sizeof r->name, st, 3);
}

PL_SQ_ROWS(region_rows, pl_region, pl_region_cb, row_to_region, "region");

int pl_sq_region_put_many(pl_sq_store *s, const pl_region *regions, size_t n, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO region(code, parent, level, name) VALUES(?,?,?,?) "
        "ON CONFLICT(code) DO UPDATE SET parent=excluded.parent, level=excluded.level, "
        "name=excluded.name WHERE name IS NOT excluded.name OR parent IS NOT excluded.parent";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    bool own_tx;
    if ((rc = pl_sq_tx_begin(s, &own_tx, err)))
        return rc;
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = pl_sq_stmt(s, sql, err);
        if (st == NULL) {
            rc = err ? err->code : PL_EINTERNAL;
            goto out;
        }
        sqlite3_bind_text(st, 1, regions[i].code, -1, SQLITE_STATIC);
        pl_sq_bind_text_or_null(st, 2, regions[i].parent);
        sqlite3_bind_int(st, 3, regions[i].level);
        sqlite3_bind_text(st, 4, regions[i].name, -1, SQLITE_STATIC);
        int src = sqlite3_step(st);
        if (src != SQLITE_DONE) {
            rc = pl_sq_step_error(s, src, err, "region");
            goto out;
        }
    }
out:
    return pl_sq_tx_end(s, own_tx, rc, err);
}

int pl_sq_region_get(pl_sq_store *s, pl_region *out, const char *code, pl_error *err)
{
    static const char sql[] = "SELECT code, parent, level, name FROM region WHERE code = ?";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    rc = pl_sq_row(s, st, "region", err);
    if (rc != 1)
        return rc ? rc
                  : pl_error_set(err, PL_ENOTFOUND, "kode_wilayah",
                                 "kode wilayah %s tidak ditemukan", code);
    row_to_region(out, st);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_region_counts(pl_sq_store *s, long counts[5], pl_error *err)
{
    static const char sql[] = "SELECT level, count(*) FROM region GROUP BY level";
    memset(counts, 0, 5 * sizeof counts[0]);
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int level = sqlite3_column_int(st, 0);
        if (level >= 1 && level <= 4)
            counts[level] = (long)sqlite3_column_int64(st, 1);
    }
    return rc == SQLITE_DONE ? 0 : pl_sq_step_error(s, rc, err, "region");
}

int pl_sq_region_children(pl_sq_store *s, const char *code, pl_region_cb cb, void *ctx,
                          pl_error *err)
{
    static const char sql_top[] =
        "SELECT code, parent, level, name FROM region WHERE level = 1 ORDER BY code";
    static const char sql[] =
        "SELECT code, parent, level, name FROM region WHERE parent = ? ORDER BY code";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    int top = code == NULL || code[0] == '\0';
    PL_SQ_PREP(st, top ? sql_top : sql);
    if (!top)
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &region_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_region_search(pl_sq_store *s, const char *text, int limit, pl_region_cb cb, void *ctx,
                        pl_error *err)
{
    static const char sql[] =
        "SELECT code, parent, level, name FROM region "
        "WHERE code LIKE ?1 || '%' ESCAPE '\\' OR name LIKE '%' || ?1 || '%' ESCAPE '\\' "
        "ORDER BY level, code LIMIT ?2";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    char esc[256];
    size_t j = 0;
    for (const char *p = text; *p && j + 2 < sizeof esc; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            esc[j++] = '\\';
        esc[j++] = *p;
    }
    esc[j] = '\0';
    PL_SQ_PREP(st, sql);
    sqlite3_bind_text(st, 1, esc, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, limit > 0 ? limit : 50);
    return pl_sq_each(s, st, &region_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_region_list(pl_sq_store *s, int level, const char *scope, pl_region_cb cb, void *ctx,
                      pl_error *err)
{
    static const char sql[] = "SELECT code, parent, level, name FROM region WHERE level = ?1 AND "
                              "(?2 = '' OR code = ?2 OR code LIKE ?2 || '.%') ORDER BY code";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, level);
    sqlite3_bind_text(st, 2, scope ? scope : "", -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &region_rows, NULL, PL_SQ_FN(cb), ctx, err);
}
