/* audit.c - the append-only audit: explicit rows and history listings. */
#include "store/sqlite/internal.h"

#include <string.h>

int pl_store_audit_add(pl_store *s, const pl_actor *who, const char *action, const char *entity,
                       int64_t entity_id, const char *before_json, const char *after_json,
                       pl_error *err)
{
    static const char sql[] =
        "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) "
        "VALUES(" PL_SQ_NOW ",?,?,?,?,?,?,?)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, s->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, s->client, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, entity, -1, SQLITE_STATIC);
    if (entity_id)
        sqlite3_bind_int64(st, 5, entity_id);
    else
        sqlite3_bind_null(st, 5);
    pl_sq_bind_text_or_null(st, 6, before_json);
    pl_sq_bind_text_or_null(st, 7, after_json);
    return pl_sq_done(s, st, err, "audit");
}

/* Rows per INSERT of pl_store_audit_reads: 32 rows of 5 parameters each. */
#define READ_ROW "(?,?,?,'read',?,?)"
#define READ_ROWS4 READ_ROW "," READ_ROW "," READ_ROW "," READ_ROW
#define READ_ROWS16 READ_ROWS4 "," READ_ROWS4 "," READ_ROWS4 "," READ_ROWS4
enum { READ_CHUNK = 32 };

int pl_store_audit_reads(pl_store *s, const pl_audit_read *rows, size_t n, pl_error *err)
{
    static const char sql_chunk[] =
        "INSERT INTO audit(at, actor, client, action, entity, entity_id) VALUES " READ_ROWS16
        "," READ_ROWS16;
    static const char sql_one[] =
        "INSERT INTO audit(at, actor, client, action, entity, entity_id) VALUES " READ_ROW;
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    while (n > 0) {
        size_t k = n >= READ_CHUNK ? READ_CHUNK : 1;
        PL_SQ_PREP(st, k == 1 ? sql_one : sql_chunk);
        for (size_t i = 0; i < k; i++) {
            const pl_audit_read *a = &rows[i];
            int p = (int)i * 5;
            sqlite3_bind_text(st, p + 1, a->at, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, p + 2, a->actor, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, p + 3, a->client, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, p + 4, a->entity, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, p + 5, a->entity_id);
        }
        if ((rc = pl_sq_done(s, st, err, "audit")))
            return rc;
        sqlite3_reset(st);
        rows += k;
        n -= k;
    }
    return 0;
}

static void read_audit(pl_audit_entry *e, sqlite3_stmt *st)
{
    e->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(e->at, sizeof e->at, st, 1);
    pl_sq_col_text(e->actor, sizeof e->actor, st, 2);
    pl_sq_col_text(e->client, sizeof e->client, st, 3);
    pl_sq_col_text(e->action, sizeof e->action, st, 4);
    pl_sq_col_text(e->entity, sizeof e->entity, st, 5);
    e->entity_id = sqlite3_column_int64(st, 6);
    e->before = (char *)sqlite3_column_text(st, 7);
    e->after = (char *)sqlite3_column_text(st, 8);
}

PL_SQ_ROWS(audit_rows, pl_audit_entry, pl_audit_cb, read_audit, "audit");

int pl_store_audit_list(pl_store *s, const char *entity, int64_t entity_id, int64_t before_id,
                        int limit, pl_audit_cb cb, void *ctx, pl_error *err)
{
    static const char sql_one[] =
        "SELECT id, at, actor, client, action, entity, entity_id, before, after FROM audit "
        "WHERE entity = ?1 AND entity_id = ?2 ORDER BY id LIMIT ?3";
    static const char sql_all[] =
        "SELECT id, at, actor, client, action, entity, entity_id, before, after FROM audit "
        "WHERE (?1 = 0 OR id < ?1) AND (?2 IS NULL OR entity = ?2) ORDER BY id DESC LIMIT ?3";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    int one = entity && entity_id;
    PL_SQ_PREP(st, one ? sql_one : sql_all);
    if (one) {
        sqlite3_bind_text(st, 1, entity, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, entity_id);
    } else {
        sqlite3_bind_int64(st, 1, before_id);
        pl_sq_bind_text_or_null(st, 2, entity);
    }
    sqlite3_bind_int(st, 3, limit > 0 ? limit : 100);
    return pl_sq_each(s, st, &audit_rows, NULL, PL_SQ_FN(cb), ctx, err);
}
