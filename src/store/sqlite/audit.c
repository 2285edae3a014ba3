/* audit.c - the append-only audit: explicit rows and history listings. */
#include "store/audit.h"
#include "store/sqlite/internal.h"

#include <stdio.h>
#include <string.h>

int pl_sq_audit_add(pl_sq_store *s, const pl_actor *who, const char *action, const char *entity,
                    int64_t entity_id, const char *before_json, const char *after_json,
                    pl_error *err)
{
    static const char sql[] =
        "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) "
        "VALUES(strftime('%Y-%m-%dT%H:%M:%SZ','now'),?,?,?,?,?,?,?)";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    sqlite3_stmt *st = pl_sq_stmt(s, sql, err);
    if (st == NULL)
        return PL_EINTERNAL;
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
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "audit");
    /* With the connection's triggers off (a bulk load's insert phase) the row is sealed here. */
    return s->bulk_inserts && s->bulk_fast_ok ? pl_sq_chain_seal(s, err) : 0;
}

/* Rows per INSERT of pl_sq_audit_reads: 32 rows of 5 parameters each. */
#define READ_ROW "(?,?,?,?,?)"
#define READ_ROWS4 READ_ROW "," READ_ROW "," READ_ROW "," READ_ROW
#define READ_ROWS16 READ_ROWS4 "," READ_ROWS4 "," READ_ROWS4 "," READ_ROWS4
enum { READ_CHUNK = 32 };

/* Appends the rows, many per statement, in the caller's transaction. */
static int insert_reads(pl_sq_store *s, const pl_audit_read *rows, size_t n, pl_error *err)
{
    static const char sql_chunk[] =
        "INSERT INTO " PL_SQ_READS ".audit_read(at, actor, client, entity, entity_id) "
        "VALUES " READ_ROWS16 "," READ_ROWS16;
    static const char sql_one[] =
        "INSERT INTO " PL_SQ_READS ".audit_read(at, actor, client, entity, entity_id) "
        "VALUES " READ_ROW;
    while (n > 0) {
        size_t k = n >= READ_CHUNK ? READ_CHUNK : 1;
        sqlite3_stmt *st = pl_sq_stmt(s, k == 1 ? sql_one : sql_chunk, err);
        if (st == NULL)
            return PL_EINTERNAL;
        for (size_t i = 0; i < k; i++) {
            const pl_audit_read *a = &rows[i];
            int p = (int)i * 5;
            sqlite3_bind_text(st, p + 1, a->at, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, p + 2, a->actor, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, p + 3, a->client, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, p + 4, a->entity, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, p + 5, a->entity_id);
        }
        int rc = sqlite3_step(st);
        if (rc != SQLITE_DONE) {
            rc = pl_sq_step_error(s, rc, err, "audit_read");
            sqlite3_reset(st);
            return rc;
        }
        sqlite3_reset(st);
        rows += k;
        n -= k;
    }
    return 0;
}

int pl_sq_audit_reads(pl_sq_store *s, const pl_audit_read *rows, size_t n, pl_error *err)
{
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if (s->in_tx)
        return insert_reads(s, rows, n, err);
    /*
     * A deferred transaction whose only write is to the read-audit file locks and commits
     * that file alone (BEGIN IMMEDIATE would take the data base's write lock too).
     */
    if ((rc = pl_sq_exec(s, "BEGIN", err)))
        return rc;
    s->in_tx = 1;
    if ((rc = insert_reads(s, rows, n, err)) == 0)
        rc = pl_sq_exec(s, "COMMIT", err);
    if (rc)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
    return rc;
}

/* Runs st (bound) and hands each row to cb; read rows have 6 columns, write rows 9. */
static int list_rows(pl_sq_store *s, sqlite3_stmt *st, int reads, pl_audit_cb cb, void *ctx,
                     pl_error *err)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        pl_audit_entry e;
        memset(&e, 0, sizeof e);
        e.id = sqlite3_column_int64(st, 0);
        pl_sq_col_text(e.at, sizeof e.at, st, 1);
        pl_sq_col_text(e.actor, sizeof e.actor, st, 2);
        pl_sq_col_text(e.client, sizeof e.client, st, 3);
        if (reads) {
            snprintf(e.action, sizeof e.action, "read");
            pl_sq_col_text(e.entity, sizeof e.entity, st, 4);
            e.entity_id = sqlite3_column_int64(st, 5);
        } else {
            pl_sq_col_text(e.action, sizeof e.action, st, 4);
            pl_sq_col_text(e.entity, sizeof e.entity, st, 5);
            e.entity_id = sqlite3_column_int64(st, 6);
            e.before = (char *)sqlite3_column_text(st, 7);
            e.after = (char *)sqlite3_column_text(st, 8);
        }
        int stop = cb(ctx, &e);
        if (stop) {
            sqlite3_reset(st);
            return stop;
        }
    }
    return rc == SQLITE_DONE ? 0 : pl_sq_step_error(s, rc, err, reads ? "audit_read" : "audit");
}

int pl_sq_audit_list(pl_sq_store *s, const char *entity, int64_t entity_id, int64_t cursor,
                     int limit, pl_audit_cb cb, void *ctx, pl_error *err)
{
    static const char sql_one[] =
        "SELECT id, at, actor, client, action, entity, entity_id, before, after FROM audit "
        "WHERE entity = ?1 AND entity_id = ?2 AND id > ?4 ORDER BY id LIMIT ?3";
    static const char sql_all[] =
        "SELECT id, at, actor, client, action, entity, entity_id, before, after FROM audit "
        "WHERE (?1 = 0 OR id < ?1) AND (?2 IS NULL OR entity = ?2) ORDER BY id DESC LIMIT ?3";
    int one = entity && entity_id;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, one ? sql_one : sql_all, err);
    if (rc)
        return rc;
    if (one) {
        sqlite3_bind_text(st, 1, entity, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, entity_id);
        sqlite3_bind_int64(st, 4, cursor);
    } else {
        sqlite3_bind_int64(st, 1, cursor);
        pl_sq_bind_text_or_null(st, 2, entity);
    }
    sqlite3_bind_int(st, 3, limit > 0 ? limit : 100);
    return list_rows(s, st, 0, cb, ctx, err);
}

int pl_sq_audit_read_list(pl_sq_store *s, const char *entity, int64_t entity_id, int64_t cursor,
                          int limit, pl_audit_cb cb, void *ctx, pl_error *err)
{
    static const char sql_one[] =
        "SELECT id, at, actor, client, entity, entity_id FROM " PL_SQ_READS ".audit_read "
        "WHERE entity = ?2 AND entity_id = ?4 AND (?1 = 0 OR id < ?1) ORDER BY id DESC LIMIT ?3";
    static const char sql_all[] =
        "SELECT id, at, actor, client, entity, entity_id FROM " PL_SQ_READS ".audit_read "
        "WHERE (?1 = 0 OR id < ?1) AND (?2 IS NULL OR entity = ?2) ORDER BY id DESC LIMIT ?3";
    int one = entity && entity_id;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, one ? sql_one : sql_all, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, cursor);
    pl_sq_bind_text_or_null(st, 2, entity);
    sqlite3_bind_int(st, 3, limit > 0 ? limit : 100);
    if (one)
        sqlite3_bind_int64(st, 4, entity_id);
    return list_rows(s, st, 1, cb, ctx, err);
}

/* Binds f's members as ?2 entity, ?4 entity_id, ?5 actor, ?6 from, ?7 to. */
static void bind_filter(sqlite3_stmt *st, const pl_audit_filter *f)
{
    pl_audit_filter none = {0};
    if (f == NULL)
        f = &none;
    pl_sq_bind_text_or_null(st, 2, f->entity);
    sqlite3_bind_int64(st, 4, f->entity ? f->entity_id : 0);
    pl_sq_bind_text_or_null(st, 5, f->actor);
    pl_sq_bind_text_or_null(st, 6, f->from);
    pl_sq_bind_text_or_null(st, 7, f->to);
}

#define FILTER_WHERE                                                                               \
    "WHERE (?1 = 0 OR id < ?1) AND (?2 IS NULL OR entity = ?2) "                                   \
    "AND (?4 = 0 OR entity_id = ?4) AND (?5 IS NULL OR actor = ?5) "                               \
    "AND (?6 IS NULL OR substr(at, 1, 10) >= ?6) AND (?7 IS NULL OR substr(at, 1, 10) <= ?7) "     \
    "ORDER BY id DESC LIMIT ?3"

int pl_sq_audit_search(pl_sq_store *s, const pl_audit_filter *f, int64_t cursor, int limit,
                       pl_audit_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT id, at, actor, client, action, entity, entity_id, before, "
                              "after FROM audit " FILTER_WHERE;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, cursor);
    sqlite3_bind_int(st, 3, limit > 0 ? limit : 100);
    bind_filter(st, f);
    return list_rows(s, st, 0, cb, ctx, err);
}

int pl_sq_audit_read_search(pl_sq_store *s, const pl_audit_filter *f, int64_t cursor, int limit,
                            pl_audit_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT id, at, actor, client, entity, entity_id FROM " PL_SQ_READS
                              ".audit_read " FILTER_WHERE;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, cursor);
    sqlite3_bind_int(st, 3, limit > 0 ? limit : 100);
    bind_filter(st, f);
    return list_rows(s, st, 1, cb, ctx, err);
}

int pl_sq_audit_read_count(pl_sq_store *s, const char *entity, int64_t entity_id, int64_t *out,
                           pl_error *err)
{
    static const char sql[] =
        "SELECT count(*) FROM " PL_SQ_READS ".audit_read WHERE entity = ?1 AND entity_id = ?2";
    *out = 0;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, entity, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, entity_id);
    if ((rc = pl_sq_row(s, st, "audit_read", err)) != 1)
        return rc; /* count(*) always has its row */
    *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_audit_read_purge(pl_sq_store *s, const char *before, int64_t *removed,
                           pl_audit_head *last, pl_error *err)
{
    /* A scan (no index on at to maintain per read): the purge runs hourly, not per request.
     * Only a prefix goes, so that the rows kept are a contiguous part of the chain. */
    static const char sql_limit[] =
        "SELECT coalesce((SELECT min(id) FROM " PL_SQ_READS ".audit_read WHERE at >= ?1), "
        "(SELECT coalesce(max(id), 0) + 1 FROM " PL_SQ_READS ".audit_read))";
    static const char sql[] = "DELETE FROM " PL_SQ_READS ".audit_read WHERE id < ?1";
    *removed = 0;
    memset(last, 0, sizeof *last);
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    int64_t limit = 0;
    if ((rc = pl_sq_one_int64(s, sql_limit, before, 0, &limit, "audit_read", err)) ||
        (rc = pl_sq_reads_boundary(s, limit, &last->id, last->hash, err)))
        return rc;
    sqlite3_stmt *st;
    if ((rc = pl_sq_ready(s, &st, sql, err)))
        return rc;
    sqlite3_bind_int64(st, 1, limit);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        rc = pl_sq_step_error(s, rc, err, "audit_read");
        sqlite3_reset(st);
        return rc;
    }
    *removed = sqlite3_changes64(s->db);
    sqlite3_reset(st);
    if (*removed == 0)
        memset(last, 0, sizeof *last);
    return 0;
}

int pl_sq_set_max_pages(pl_sq_store *s, long max_pages, pl_error *err)
{
    char sql[128];
    long n = max_pages > 0 ? max_pages : 1;
    snprintf(sql, sizeof sql,
             "PRAGMA main.max_page_count = %ld; PRAGMA " PL_SQ_READS ".max_page_count = %ld", n, n);
    return pl_sq_exec(s, sql, err);
}
