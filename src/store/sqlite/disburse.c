/* disburse.c - non-cash disbursement batches and their items (store/disburse.h). */
#include "store/sqlite/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_COLS                                                                                 \
    "b.id, b.program_id, q.code, b.period, b.status, b.items, b.total, b.created_at, "             \
    "coalesce(b.approved_at, ''), coalesce(b.approved_by, '')"

static void read_batch(pl_batch *out, sqlite3_stmt *st)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    out->program_id = sqlite3_column_int64(st, 1);
    pl_sq_col_text(out->program_code, sizeof out->program_code, st, 2);
    pl_sq_col_text(out->period, sizeof out->period, st, 3);
    pl_sq_col_text(out->status, sizeof out->status, st, 4);
    out->items = (long)sqlite3_column_int64(st, 5);
    out->total = sqlite3_column_int64(st, 6);
    pl_sq_col_text(out->created_at, sizeof out->created_at, st, 7);
    pl_sq_col_text(out->approved_at, sizeof out->approved_at, st, 8);
    pl_sq_col_text(out->approved_by, sizeof out->approved_by, st, 9);
}

int pl_sq_batch_get(pl_sq_store *s, pl_batch *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " BATCH_COLS " FROM disbursement_batch b JOIN program q "
                              "ON q.id = b.program_id WHERE b.id = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = pl_sq_row(s, st, "batch", err);
    if (rc != 1)
        return rc ? rc
                  : pl_error_set(err, PL_ENOTFOUND, "batch", "batch #%lld tidak ada",
                                 (long long)id);
    read_batch(out, st);
    sqlite3_reset(st);
    return 0;
}

PL_SQ_ROWS(batch_rows, pl_batch, pl_batch_cb, read_batch, "disbursement_batch");

int pl_sq_batch_list(pl_sq_store *s, int64_t program_id, const char *period, pl_batch_cb cb,
                     void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " BATCH_COLS " FROM disbursement_batch b JOIN program q "
                              "ON q.id = b.program_id WHERE (?1 = 0 OR b.program_id = ?1) AND "
                              "(?2 = '' OR b.period = ?2) ORDER BY b.id DESC";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, program_id);
    sqlite3_bind_text(st, 2, period ? period : "", -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &batch_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

#define ACCT                                                                                       \
    "(SELECT a.account_no FROM bank_account a WHERE a.person_id = e.person_id OR "                 \
    "a.household_id = coalesce(e.household_id, p.household_id) ORDER BY a.person_id IS NOT "       \
    "NULL DESC, a.id DESC LIMIT 1)"
#define FLAGGED                                                                                    \
    "EXISTS(SELECT 1 FROM integrity_finding f WHERE f.program_id = e.program_id AND f.period "     \
    "= e.period AND f.person_id = e.person_id)"

int pl_sq_batch_create(pl_sq_store *s, const pl_actor *who, const pl_program *p, const char *period,
                       int64_t amount_each, pl_batch *out, long *skipped_findings,
                       long *skipped_no_account, pl_error *err)
{
    static const char q_counts[] =
        "SELECT coalesce(sum(" FLAGGED "), 0), coalesce(sum(NOT " FLAGGED " AND " ACCT
        " IS NULL), 0) FROM enrolment e JOIN person p ON p.id = e.person_id "
        "WHERE e.program_id = ?1 AND e.period = ?2";
    static const char q_batch[] =
        "INSERT INTO disbursement_batch(program_id, period, created_at, created_by) "
        "VALUES(?1, ?2, " PL_SQ_NOW ", ?3)";
    static const char q_items[] =
        "INSERT INTO batch_item(batch_id, beneficiary, person_id, household_id, name, "
        "village_code, amount, account, reference) SELECT ?3, CASE WHEN e.household_id IS NOT "
        "NULL THEN 'H' || e.household_id ELSE 'P' || e.person_id END, e.person_id, "
        "e.household_id, p.name, p.village_code, ?4, " ACCT ", 'PL' || ?3 || '-' || e.id "
        "FROM enrolment e JOIN person p ON p.id = e.person_id WHERE e.program_id = ?1 AND "
        "e.period = ?2 AND NOT " FLAGGED " AND " ACCT " IS NOT NULL ORDER BY p.village_code, e.id";
    static const char q_totals[] =
        "UPDATE disbursement_batch SET items = (SELECT count(*) FROM batch_item WHERE batch_id "
        "= ?1), total = (SELECT coalesce(sum(amount), 0) FROM batch_item WHERE batch_id = ?1) "
        "WHERE id = ?1";
    *skipped_findings = *skipped_no_account = 0;
    int rc = pl_sq_begin_as(s, who, err);
    if (rc)
        return rc;
    {
        sqlite3_stmt *st = pl_sq_stmt(s, q_counts, err);
        if (st == NULL) {
            rc = PL_EINTERNAL;
            goto fail;
        }
        sqlite3_bind_int64(st, 1, p->id);
        sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            *skipped_findings = (long)sqlite3_column_int64(st, 0);
            *skipped_no_account = (long)sqlite3_column_int64(st, 1);
        }
        sqlite3_reset(st);
    }
    PL_SQ_TX_STEP(q_batch,
                  (sqlite3_bind_int64(st_, 1, p->id),
                   sqlite3_bind_text(st_, 2, period, -1, SQLITE_STATIC),
                   sqlite3_bind_text(st_, 3, s->actor, -1, SQLITE_STATIC)),
                  "disbursement_batch");
    int64_t id = sqlite3_last_insert_rowid(s->db);
    PL_SQ_TX_STEP(q_items,
                  (sqlite3_bind_int64(st_, 1, p->id),
                   sqlite3_bind_text(st_, 2, period, -1, SQLITE_STATIC),
                   sqlite3_bind_int64(st_, 3, id), sqlite3_bind_int64(st_, 4, amount_each)),
                  "batch_item");
    PL_SQ_TX_STEP(q_totals, sqlite3_bind_int64(st_, 1, id), "disbursement_batch");
    if ((rc = pl_sq_commit(s, err)))
        return rc;
    return pl_sq_batch_get(s, out, id, err);
fail:
    pl_sq_rollback(s);
    return rc;
}

int pl_sq_batch_set_status(pl_sq_store *s, const pl_actor *who, int64_t id, const char *status,
                           pl_error *err)
{
    static const char sql[] =
        "UPDATE disbursement_batch SET status = ?2, approved_at = CASE WHEN ?2 = 'approved' "
        "THEN " PL_SQ_NOW " ELSE approved_at END, approved_by = CASE WHEN ?2 = 'approved' THEN ?3 "
        "ELSE approved_by END WHERE id = ?1";
    pl_batch b;
    int rc = pl_sq_batch_get(s, &b, id, err);
    if (rc)
        return rc;
    if (strcmp(b.status, status) == 0)
        return pl_error_set(err, PL_ECONFLICT, "status", "batch #%lld sudah berstatus %s",
                            (long long)id, status);
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, s->actor, -1, SQLITE_STATIC);
    rc = pl_sq_done(s, st, err, "disbursement_batch");
    if (rc == PL_EINVAL || rc == PL_ECONFLICT)
        return pl_error_set(err, PL_ECONFLICT, "status",
                            "batch #%lld berstatus %s; tidak dapat menjadi %s", (long long)id,
                            b.status, status);
    return rc;
}

static void read_batch_item(pl_batch_item *it, sqlite3_stmt *st)
{
    it->id = sqlite3_column_int64(st, 0);
    it->person_id = sqlite3_column_int64(st, 1);
    it->household_id = sqlite3_column_int64(st, 2);
    pl_sq_col_text(it->beneficiary, sizeof it->beneficiary, st, 3);
    pl_sq_col_text(it->name, sizeof it->name, st, 4);
    pl_sq_col_text(it->village, sizeof it->village, st, 5);
    it->amount = sqlite3_column_int64(st, 6);
    pl_sq_col_text(it->account, sizeof it->account, st, 7);
    pl_sq_col_text(it->reference, sizeof it->reference, st, 8);
    pl_sq_col_text(it->status, sizeof it->status, st, 9);
    pl_sq_col_text(it->status_reason, sizeof it->status_reason, st, 10);
}

PL_SQ_ROWS(batch_item_rows, pl_batch_item, pl_batch_item_cb, read_batch_item, "batch_item");

int pl_sq_batch_items(pl_sq_store *s, int64_t batch_id, pl_batch_item_cb cb, void *ctx,
                      pl_error *err)
{
    static const char sql[] =
        "SELECT id, coalesce(person_id, 0), coalesce(household_id, 0), beneficiary, name, "
        "village_code, amount, account, reference, status, status_reason FROM batch_item "
        "WHERE batch_id = ?1 ORDER BY id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, batch_id);
    return pl_sq_each(s, st, &batch_item_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_batch_item_status(pl_sq_store *s, const pl_actor *who, int64_t batch_id,
                            const char *reference, const char *status, const char *reason,
                            pl_error *err)
{
    static const char sql[] = "UPDATE batch_item SET status = ?3, status_reason = ?4 WHERE "
                              "batch_id = ?1 AND reference = ?2";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, batch_id);
    sqlite3_bind_text(st, 2, reference, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, reason ? reason : "", -1, SQLITE_STATIC);
    rc = pl_sq_done(s, st, err, "batch_item");
    if (rc == PL_EINVAL)
        return pl_error_set(err, PL_ECONFLICT, "status", "referensi %s: %s", reference,
                            sqlite3_errmsg(s->db));
    if (rc)
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return pl_error_set(err, PL_ENOTFOUND, "referensi", "referensi %s tidak ada di batch ini",
                            reference);
    return 0;
}

static void read_batch_total(pl_batch_total *t, sqlite3_stmt *st)
{
    pl_sq_col_text(t->region, sizeof t->region, st, 0);
    pl_sq_col_text(t->status, sizeof t->status, st, 1);
    t->items = (long)sqlite3_column_int64(st, 2);
    t->amount = sqlite3_column_int64(st, 3);
}

PL_SQ_ROWS(batch_total_rows, pl_batch_total, pl_batch_total_cb, read_batch_total, "batch_item");

int pl_sq_batch_totals(pl_sq_store *s, int64_t batch_id, const char *scope, pl_batch_total_cb cb,
                       void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT substr(village_code, 1, 5), status, count(*), sum(amount) FROM batch_item "
        "WHERE batch_id = ?1 AND " PL_SQ_IN_PREFIX("village_code",
                                                   "?2") " GROUP BY 1, 2 ORDER BY 1, 2";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, batch_id);
    sqlite3_bind_text(st, 2, scope ? scope : "", -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &batch_total_rows, NULL, PL_SQ_FN(cb), ctx, err);
}
