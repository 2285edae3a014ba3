/* disburse.c - the PostgreSQL twin of store/sqlite/disburse.c: non-cash disbursement batches
 * and their items. */
#include "store/pg/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_COLS                                                                                 \
    "b.id, b.program_id, q.code, b.period, b.status, b.items, b.total, b.created_at, "             \
    "coalesce(b.approved_at, ''), coalesce(b.approved_by, '')"

static void read_batch(pl_batch *out, const PGresult *res, int i)
{
    memset(out, 0, sizeof *out);
    out->id = pl_pg_int(res, i, 0);
    out->program_id = pl_pg_int(res, i, 1);
    pl_pg_copy(out->program_code, sizeof out->program_code, res, i, 2);
    pl_pg_copy(out->period, sizeof out->period, res, i, 3);
    pl_pg_copy(out->status, sizeof out->status, res, i, 4);
    out->items = (long)pl_pg_int(res, i, 5);
    out->total = pl_pg_int(res, i, 6);
    pl_pg_copy(out->created_at, sizeof out->created_at, res, i, 7);
    pl_pg_copy(out->approved_at, sizeof out->approved_at, res, i, 8);
    pl_pg_copy(out->approved_by, sizeof out->approved_by, res, i, 9);
}

static int read_batch_one(void *out, const PGresult *res, int row, void *arg)
{
    (void)arg;
    read_batch(out, res, row);
    return 0;
}

int pl_pg_batch_get(pl_pg_store *s, pl_batch *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " BATCH_COLS " FROM disbursement_batch b JOIN program q "
                              "ON q.id = b.program_id WHERE b.id = $1::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    rc = pl_pg_one(s, sql, 1, p, read_batch_one, out, NULL, err, "batch");
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "batch", "batch #%lld tidak ada", (long long)id);
    return rc;
}

PL_PG_ROWS(batch_rows, pl_batch, pl_batch_cb, read_batch, "disbursement_batch");

int pl_pg_batch_list(pl_pg_store *s, int64_t program_id, const char *period, pl_batch_cb cb,
                     void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " BATCH_COLS " FROM disbursement_batch b JOIN program q "
                              "ON q.id = b.program_id WHERE ($1::bigint = 0 OR b.program_id = "
                              "$1::bigint) AND ($2 = '' OR b.period = $2) ORDER BY b.id DESC";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, program_id), period ? period : ""};
    return pl_pg_each(s, sql, 2, p, &batch_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* The account an item is paid to: the person's own first, then the household's; newest. */
#define ACCT                                                                                       \
    "(SELECT a.account_no FROM bank_account a WHERE a.person_id = e.person_id OR "                 \
    "a.household_id = coalesce(e.household_id, p.household_id) ORDER BY a.person_id IS NOT "       \
    "NULL DESC, a.id DESC LIMIT 1)"
#define FLAGGED                                                                                    \
    "EXISTS(SELECT 1 FROM integrity_finding f WHERE f.program_id = e.program_id AND f.period "     \
    "= e.period AND f.person_id = e.person_id)"

int pl_pg_batch_create(pl_pg_store *s, const pl_actor *who, const pl_program *p, const char *period,
                       int64_t amount_each, pl_batch *out, long *skipped_findings,
                       long *skipped_no_account, pl_error *err)
{
    static const char q_counts[] =
        "SELECT count(*) FILTER (WHERE " FLAGGED "), count(*) FILTER (WHERE NOT " FLAGGED
        " AND " ACCT " IS NULL) FROM enrolment e JOIN person p ON p.id = e.person_id "
        "WHERE e.program_id = $1::bigint AND e.period = $2";
    static const char q_batch[] =
        "INSERT INTO disbursement_batch(program_id, period, created_at, created_by) "
        "VALUES($1::bigint, $2, pl_now(), $3) RETURNING id";
    /* One statement adds the items (in village then enrolment order, as on SQLite). */
    static const char q_items[] =
        "INSERT INTO batch_item(batch_id, beneficiary, person_id, household_id, name, "
        "village_code, amount, account, reference) SELECT $3::bigint, CASE WHEN e.household_id "
        "IS NOT NULL THEN 'H' || e.household_id ELSE 'P' || e.person_id END, e.person_id, "
        "e.household_id, p.name, p.village_code, $4::bigint, " ACCT ", 'PL' || $3::bigint || "
        "'-' || e.id FROM enrolment e JOIN person p ON p.id = e.person_id WHERE e.program_id = "
        "$1::bigint AND e.period = $2 AND NOT " FLAGGED " AND " ACCT " IS NOT NULL "
        "ORDER BY p.village_code COLLATE \"C\", e.id";
    static const char q_totals[] =
        "UPDATE disbursement_batch SET items = (SELECT count(*) FROM batch_item WHERE batch_id "
        "= $1::bigint), total = (SELECT coalesce(sum(amount), 0) FROM batch_item WHERE batch_id "
        "= $1::bigint) WHERE id = $1::bigint";
    *skipped_findings = *skipped_no_account = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num pid, bid, amount;
    const char *pc[] = {pl_pg_i64(&pid, p->id), period, s->actor};
    PGresult *r = pl_pg_query(s, q_counts, 2, pc, err, "enrolment");
    if (r == NULL) {
        rc = err->code;
        goto out;
    }
    *skipped_findings = (long)pl_pg_int(r, 0, 0);
    *skipped_no_account = (long)pl_pg_int(r, 0, 1);
    PQclear(r);
    int64_t id = 0;
    if ((rc = pl_pg_scalar_i64(s, q_batch, 3, pc, &id, err, "disbursement_batch")))
        goto out;
    const char *pi[] = {pid.b, period, pl_pg_i64(&bid, id), pl_pg_i64(&amount, amount_each)};
    if ((rc = pl_pg_command(s, q_items, 4, pi, err, "batch_item")))
        goto out;
    const char *pt[] = {bid.b};
    if ((rc = pl_pg_command(s, q_totals, 1, pt, err, "disbursement_batch")))
        goto out;
    if ((rc = pl_pg_tx_end(s, own, 0, err)))
        return rc;
    return pl_pg_batch_get(s, out, id, err);
out:
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_batch_set_status(pl_pg_store *s, const pl_actor *who, int64_t id, const char *status,
                           pl_error *err)
{
    static const char sql[] =
        "UPDATE disbursement_batch SET status = $2, approved_at = CASE WHEN $2 = 'approved' "
        "THEN pl_now() ELSE approved_at END, approved_by = CASE WHEN $2 = 'approved' THEN $3 "
        "ELSE approved_by END WHERE id = $1::bigint";
    pl_batch b;
    int rc = pl_pg_batch_get(s, &b, id, err);
    if (rc)
        return rc;
    if (strcmp(b.status, status) == 0)
        return pl_error_set(err, PL_ECONFLICT, "status", "batch #%lld sudah berstatus %s",
                            (long long)id, status);
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id), status, s->actor};
    rc = pl_pg_command(s, sql, 3, p, err, "disbursement_batch");
    rc = pl_pg_tx_end(s, own, rc, err);
    if (rc == PL_EINVAL || rc == PL_ECONFLICT)
        return pl_error_set(err, PL_ECONFLICT, "status",
                            "batch #%lld berstatus %s; tidak dapat menjadi %s", (long long)id,
                            b.status, status);
    return rc;
}

static void read_batch_item(pl_batch_item *it, const PGresult *res, int i)
{
    it->id = pl_pg_int(res, i, 0);
    it->person_id = pl_pg_int(res, i, 1);
    it->household_id = pl_pg_int(res, i, 2);
    pl_pg_copy(it->beneficiary, sizeof it->beneficiary, res, i, 3);
    pl_pg_copy(it->name, sizeof it->name, res, i, 4);
    pl_pg_copy(it->village, sizeof it->village, res, i, 5);
    it->amount = pl_pg_int(res, i, 6);
    pl_pg_copy(it->account, sizeof it->account, res, i, 7);
    pl_pg_copy(it->reference, sizeof it->reference, res, i, 8);
    pl_pg_copy(it->status, sizeof it->status, res, i, 9);
    pl_pg_copy(it->status_reason, sizeof it->status_reason, res, i, 10);
}

PL_PG_ROWS(batch_item_rows, pl_batch_item, pl_batch_item_cb, read_batch_item, "batch_item");

int pl_pg_batch_items(pl_pg_store *s, int64_t batch_id, pl_batch_item_cb cb, void *ctx,
                      pl_error *err)
{
    static const char sql[] =
        "SELECT id, coalesce(person_id, 0), coalesce(household_id, 0), beneficiary, name, "
        "village_code, amount, account, reference, status, status_reason FROM batch_item "
        "WHERE batch_id = $1::bigint ORDER BY id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, batch_id)};
    return pl_pg_each(s, sql, 1, p, &batch_item_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_batch_item_status(pl_pg_store *s, const pl_actor *who, int64_t batch_id,
                            const char *reference, const char *status, const char *reason,
                            pl_error *err)
{
    static const char sql[] = "UPDATE batch_item SET status = $3, status_reason = $4 WHERE "
                              "batch_id = $1::bigint AND reference = $2";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, batch_id), reference, status, reason ? reason : ""};
    long changed = 0;
    PGresult *r = pl_pg_query(s, sql, 4, p, err, "batch_item");
    if (r == NULL) {
        rc = err->code;
    } else {
        changed = pl_pg_changes(r);
        PQclear(r);
    }
    rc = pl_pg_tx_end(s, own, rc, err);
    if (rc == PL_EINVAL) {
        /* The trigger's refusal, or a status the table does not know, as SQLite says it. */
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err->message);
        return pl_error_set(err, PL_ECONFLICT, "status", "referensi %s: %s", reference, why);
    }
    if (rc)
        return rc;
    if (changed == 0)
        return pl_error_set(err, PL_ENOTFOUND, "referensi", "referensi %s tidak ada di batch ini",
                            reference);
    return 0;
}

static void read_batch_total(pl_batch_total *t, const PGresult *res, int i)
{
    pl_pg_copy(t->region, sizeof t->region, res, i, 0);
    pl_pg_copy(t->status, sizeof t->status, res, i, 1);
    t->items = (long)pl_pg_int(res, i, 2);
    t->amount = pl_pg_int(res, i, 3);
}

PL_PG_ROWS(batch_total_rows, pl_batch_total, pl_batch_total_cb, read_batch_total, "batch_item");

int pl_pg_batch_totals(pl_pg_store *s, int64_t batch_id, const char *scope, pl_batch_total_cb cb,
                       void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT substr(village_code, 1, 5), status, count(*), sum(amount) FROM batch_item "
        "WHERE batch_id = $1::bigint AND " PL_PG_IN_PREFIX("village_code",
                                                           "$2") " GROUP BY 1, 2 ORDER BY 1, 2";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, batch_id), scope ? scope : ""};
    return pl_pg_each(s, sql, 2, p, &batch_total_rows, NULL, PL_PG_FN(cb), ctx, err);
}
