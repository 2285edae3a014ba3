/* transfer.c - transfer requests (store/transfer.h). */
#include "store/transfer.h"
#include "store/sqlite/internal.h"

#include <stdio.h>
#include <string.h>
#define TR_COLS                                                                                    \
    "id, status, kind, nik, kk, name, target_village, owner_village, coalesce(person_id, 0), "     \
    "coalesce(household_id, 0), submitter, submitter_scope, source, record, created_at, "          \
    "coalesce(resolved_at, ''), coalesce(resolved_by, ''), coalesce(reason, '')"

static void row_to_transfer(pl_transfer *t, sqlite3_stmt *st)
{
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(t->status, sizeof t->status, st, 1);
    pl_sq_col_text(t->kind, sizeof t->kind, st, 2);
    pl_sq_col_text(t->nik, sizeof t->nik, st, 3);
    pl_sq_col_text(t->kk, sizeof t->kk, st, 4);
    pl_sq_col_text(t->name, sizeof t->name, st, 5);
    pl_sq_col_text(t->target_village, sizeof t->target_village, st, 6);
    pl_sq_col_text(t->owner_village, sizeof t->owner_village, st, 7);
    t->person_id = sqlite3_column_int64(st, 8);
    t->household_id = sqlite3_column_int64(st, 9);
    pl_sq_col_text(t->submitter, sizeof t->submitter, st, 10);
    pl_sq_col_text(t->submitter_scope, sizeof t->submitter_scope, st, 11);
    pl_sq_col_text(t->source, sizeof t->source, st, 12);
    pl_sq_col_text(t->record, sizeof t->record, st, 13);
    pl_sq_col_text(t->created_at, sizeof t->created_at, st, 14);
    pl_sq_col_text(t->resolved_at, sizeof t->resolved_at, st, 15);
    pl_sq_col_text(t->resolved_by, sizeof t->resolved_by, st, 16);
    pl_sq_col_text(t->reason, sizeof t->reason, st, 17);
}

/*
 * One audit row about request id (explicit, not a trigger: a bulk load's insert
 * phase runs without triggers). It names the request, never the stored record.
 */
static int audit(pl_sq_store *s, const char *action, int64_t id, const char *before_status,
                 const char *status, const char *source, const char *reason, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) "
        "VALUES(" PL_SQ_NOW ", ?1, ?2, ?3, 'transfer', ?4, CASE WHEN ?5 IS NULL THEN NULL ELSE "
        "json_object('status', ?5) END, json_object('status', ?6, 'source', ?7, 'reason', ?8))";
    PL_SQ_PREP(st, sql);
    sqlite3_bind_text(st, 1, s->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, s->client, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, action, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, id);
    if (before_status)
        sqlite3_bind_text(st, 5, before_status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, status, -1, SQLITE_STATIC);
    if (source)
        sqlite3_bind_text(st, 7, source, -1, SQLITE_STATIC);
    if (reason)
        sqlite3_bind_text(st, 8, reason, -1, SQLITE_STATIC);
    return pl_sq_done(s, st, err, "audit");
}

int pl_sq_transfer_add(pl_sq_store *s, const pl_actor *who, pl_transfer *t, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO transfer_request(kind, nik, kk, name, target_village, owner_village, "
        "person_id, household_id, submitter, submitter_scope, source, record, created_at) "
        "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12," PL_SQ_NOW ") RETURNING id, created_at";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, t->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, t->nik, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, t->kk, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, t->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, t->target_village, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, t->owner_village, -1, SQLITE_STATIC);
    if (t->person_id)
        sqlite3_bind_int64(st, 7, t->person_id);
    if (t->household_id)
        sqlite3_bind_int64(st, 8, t->household_id);
    sqlite3_bind_text(st, 9, t->submitter, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, t->submitter_scope, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, t->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, t->record, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = pl_sq_step_error(s, rc, err, "transfer_request");
        sqlite3_reset(st);
        return rc;
    }
    t->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(t->created_at, sizeof t->created_at, st, 1);
    sqlite3_step(st); /* RETURNING: finish the statement before the next write */
    sqlite3_reset(st);
    snprintf(t->status, sizeof t->status, "%s", PL_TRANSFER_WAITING);
    t->resolved_at[0] = t->resolved_by[0] = t->reason[0] = '\0';
    return audit(s, "transfer_submit", t->id, NULL, PL_TRANSFER_WAITING, t->source, NULL, err);
}

int pl_sq_transfer_get(pl_sq_store *s, pl_transfer *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " TR_COLS " FROM transfer_request WHERE id = ?";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = pl_sq_row(s, st, "transfer_request", err);
    if (rc != 1)
        return rc ? rc
                  : pl_error_set(err, PL_ENOTFOUND, "id",
                                 "permintaan pindah id %lld tidak ditemukan", (long long)id);
    row_to_transfer(out, st);
    sqlite3_reset(st);
    return 0;
}

PL_SQ_ROWS(transfer_rows, pl_transfer, pl_transfer_cb, row_to_transfer, "transfer_request");

int pl_sq_transfer_list(pl_sq_store *s, const pl_transfer_query *q, pl_transfer_cb cb, void *ctx,
                        pl_error *err)
{
    static const char sql[] =
        "SELECT " TR_COLS " FROM transfer_request WHERE id > ?3 AND (?4 IS NULL OR status = ?4) "
        "AND (" PL_SQ_IN_PREFIX("owner_village", "?1") " OR submitter = ?2) ORDER BY id LIMIT ?5";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    /* A NULL owner scope matches no owner: only the submitter's own requests. */
    if (q->owner_scope)
        sqlite3_bind_text(st, 1, q->owner_scope, -1, SQLITE_STATIC);
    if (q->submitter)
        sqlite3_bind_text(st, 2, q->submitter, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, q->after_id);
    if (q->status)
        sqlite3_bind_text(st, 4, q->status, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, q->limit > 0 ? q->limit : 50);
    return pl_sq_each(s, st, &transfer_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_transfer_resolve(pl_sq_store *s, const pl_actor *who, int64_t id, const char *status,
                           const char *reason, pl_error *err)
{
    static const char sql[] =
        "UPDATE transfer_request SET status = ?2, reason = ?3, resolved_by = ?4, "
        "resolved_at = " PL_SQ_NOW " WHERE id = ?1 AND status = 'menunggu'";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if (strcmp(status, PL_TRANSFER_MOVED) && strcmp(status, PL_TRANSFER_DIFFERENT))
        return pl_error_set(err, PL_EINVAL, "status", "status harus %s atau %s", PL_TRANSFER_MOVED,
                            PL_TRANSFER_DIFFERENT);
    pl_transfer cur;
    if ((rc = pl_sq_transfer_get(s, &cur, id, err)))
        return rc;
    if (strcmp(cur.status, PL_TRANSFER_WAITING) != 0)
        return pl_error_set(err, PL_ECONFLICT, "id", "permintaan %lld sudah diselesaikan (%s)",
                            (long long)id, cur.status);
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, reason ? reason : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, s->actor, -1, SQLITE_STATIC);
    if ((rc = pl_sq_done(s, st, err, "transfer_request")))
        return rc;
    if (sqlite3_changes(s->db) != 1)
        return pl_error_set(err, PL_ECONFLICT, "id", "permintaan %lld sudah diselesaikan",
                            (long long)id);
    char action[32];
    snprintf(action, sizeof action, "transfer_%s", status);
    return audit(s, action, id, PL_TRANSFER_WAITING, status, NULL, reason, err);
}
