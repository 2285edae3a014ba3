/* transfer.c - transfer requests (store/transfer.h) on PostgreSQL. */
#include "store/transfer.h"
#include "store/pg/internal.h"

#include <stdio.h>
#include <string.h>

#define TR_COLS                                                                                    \
    "id, status, kind, nik, kk, name, target_village, owner_village, coalesce(person_id, 0), "     \
    "coalesce(household_id, 0), submitter, submitter_scope, source, record, created_at, "          \
    "coalesce(resolved_at, ''), coalesce(resolved_by, ''), coalesce(reason, '')"

/*
 * The audit row about request $AUDIT_ID (explicit, not a trigger, as on SQLite: a bulk load's
 * insert phase runs without triggers). It names the request, never the stored record.
 * Parameters: $1 actor, $2 client, $3 action, $5 status before (NULL for none), $6 status,
 * $7 source, $8 reason.
 */
#define AUDIT_VALUES(AUDIT_ID)                                                                     \
    "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) "              \
    "SELECT pl_now(), $1, $2, $3, 'transfer', " AUDIT_ID ", CASE WHEN $5::text IS NULL THEN NULL " \
    "ELSE json_build_object('status', $5::text)::text END, json_build_object('status', "           \
    "$6::text, 'source', $7::text, 'reason', $8::text)::text"

static void row_to_transfer(pl_transfer *t, const PGresult *r, int row)
{
    memset(t, 0, sizeof *t);
    t->id = pl_pg_int(r, row, 0);
    pl_pg_copy(t->status, sizeof t->status, r, row, 1);
    pl_pg_copy(t->kind, sizeof t->kind, r, row, 2);
    pl_pg_copy(t->nik, sizeof t->nik, r, row, 3);
    pl_pg_copy(t->kk, sizeof t->kk, r, row, 4);
    pl_pg_copy(t->name, sizeof t->name, r, row, 5);
    pl_pg_copy(t->target_village, sizeof t->target_village, r, row, 6);
    pl_pg_copy(t->owner_village, sizeof t->owner_village, r, row, 7);
    t->person_id = pl_pg_int(r, row, 8);
    t->household_id = pl_pg_int(r, row, 9);
    pl_pg_copy(t->submitter, sizeof t->submitter, r, row, 10);
    pl_pg_copy(t->submitter_scope, sizeof t->submitter_scope, r, row, 11);
    pl_pg_copy(t->source, sizeof t->source, r, row, 12);
    pl_pg_copy(t->record, sizeof t->record, r, row, 13);
    pl_pg_copy(t->created_at, sizeof t->created_at, r, row, 14);
    pl_pg_copy(t->resolved_at, sizeof t->resolved_at, r, row, 15);
    pl_pg_copy(t->resolved_by, sizeof t->resolved_by, r, row, 16);
    pl_pg_copy(t->reason, sizeof t->reason, r, row, 17);
}

int pl_pg_transfer_add(pl_pg_store *s, const pl_actor *who, pl_transfer *t, pl_error *err)
{
    /* The request and its audit row in one statement. */
    static const char sql[] =
        "WITH t AS (INSERT INTO transfer_request(kind, nik, kk, name, target_village, "
        "owner_village, person_id, household_id, submitter, submitter_scope, source, record, "
        "created_at) SELECT $9, $10, $11, $12, $13, $14, $15::bigint, $16::bigint, $17, $18, "
        "$19, $20, pl_now() WHERE pl_json_valid($20) RETURNING id, created_at), "
        "a AS (" AUDIT_VALUES("t.id") " FROM t) "
                                      "SELECT id, created_at, $4::text FROM t";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num person, household;
    /* $4 is unused by this statement (the id comes from t): a text NULL keeps the numbering. */
    const char *p[] = {s->actor,
                       s->client,
                       "transfer_submit",
                       NULL,
                       NULL,
                       PL_TRANSFER_WAITING,
                       t->source,
                       NULL,
                       t->kind,
                       t->nik,
                       t->kk,
                       t->name,
                       t->target_village,
                       t->owner_village,
                       t->person_id ? pl_pg_i64(&person, t->person_id) : NULL,
                       t->household_id ? pl_pg_i64(&household, t->household_id) : NULL,
                       t->submitter,
                       t->submitter_scope,
                       t->source,
                       t->record};
    PGresult *r = pl_pg_query_sp(s, own, sql, 20, p, err, "transfer_request");
    if (r == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    /* No row: the record is not JSON (checked first, so that no id is used up). */
    bool found = PQntuples(r) == 1;
    if (found) {
        t->id = pl_pg_int(r, 0, 0);
        pl_pg_copy(t->created_at, sizeof t->created_at, r, 0, 1);
    }
    PQclear(r);
    if (!found)
        return pl_pg_tx_end(s, own,
                            pl_error_set(err, PL_EINVAL, "",
                                         "data tidak memenuhi aturan (transfer_request): "
                                         "rekaman bukan JSON yang sah"),
                            err);
    snprintf(t->status, sizeof t->status, "%s", PL_TRANSFER_WAITING);
    t->resolved_at[0] = t->resolved_by[0] = t->reason[0] = '\0';
    return pl_pg_tx_end(s, own, 0, err);
}

static int read_transfer(void *out, const PGresult *r, int row, void *arg)
{
    (void)arg;
    row_to_transfer(out, r, row);
    return 0;
}

int pl_pg_transfer_get(pl_pg_store *s, pl_transfer *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " TR_COLS " FROM transfer_request WHERE id = $1::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    rc = pl_pg_one(s, sql, 1, p, read_transfer, out, NULL, err, "transfer_request");
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "id", "permintaan pindah id %lld tidak ditemukan",
                            (long long)id);
    return rc;
}

PL_PG_ROWS(transfer_rows, pl_transfer, pl_transfer_cb, row_to_transfer, "transfer_request");

int pl_pg_transfer_list(pl_pg_store *s, const pl_transfer_query *q, pl_transfer_cb cb, void *ctx,
                        pl_error *err)
{
    /* A NULL owner scope matches no owner: only the submitter's own requests. */
    static const char sql[] =
        "SELECT " TR_COLS " FROM transfer_request WHERE id > $3::bigint "
        "AND ($4::text IS NULL OR status = $4) "
        "AND (($1::text = '' OR owner_village = $1 OR (owner_village >= $1 || '.' AND "
        "owner_village < $1 || '/')) OR submitter = $2) ORDER BY id LIMIT $5::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num after, lim;
    const char *p[] = {q->owner_scope, q->submitter, pl_pg_i64(&after, q->after_id), q->status,
                       pl_pg_i64(&lim, q->limit > 0 ? q->limit : 50)};
    return pl_pg_each(s, sql, 5, p, &transfer_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_transfer_resolve(pl_pg_store *s, const pl_actor *who, int64_t id, const char *status,
                           const char *reason, pl_error *err)
{
    /* The resolution and its audit row in one statement ($3 the action, $9 the reason). */
    static const char sql[] =
        "WITH t AS (UPDATE transfer_request SET status = $6, reason = $9, resolved_by = $1, "
        "resolved_at = pl_now() WHERE id = $4::bigint AND status = 'menunggu' RETURNING id), "
        "a AS (" AUDIT_VALUES("t.id") " FROM t) "
                                      "SELECT id FROM t";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (strcmp(status, PL_TRANSFER_MOVED) && strcmp(status, PL_TRANSFER_DIFFERENT))
        return pl_error_set(err, PL_EINVAL, "status", "status harus %s atau %s", PL_TRANSFER_MOVED,
                            PL_TRANSFER_DIFFERENT);
    pl_transfer cur;
    if ((rc = pl_pg_transfer_get(s, &cur, id, err)))
        return rc;
    if (strcmp(cur.status, PL_TRANSFER_WAITING) != 0)
        return pl_error_set(err, PL_ECONFLICT, "id", "permintaan %lld sudah diselesaikan (%s)",
                            (long long)id, cur.status);
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    char action[32];
    snprintf(action, sizeof action, "transfer_%s", status);
    pl_pg_num n;
    const char *p[] = {s->actor, s->client, action, pl_pg_i64(&n, id),   PL_TRANSFER_WAITING,
                       status,   NULL,      reason, reason ? reason : ""};
    PGresult *r = pl_pg_query_sp(s, own, sql, 9, p, err, "transfer_request");
    if (r == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    if (PQntuples(r) != 1)
        rc = pl_error_set(err, PL_ECONFLICT, "id", "permintaan %lld sudah diselesaikan",
                          (long long)id);
    PQclear(r);
    return pl_pg_tx_end(s, own, rc, err);
}
