/* enrolment.c - enrolments in programs and bank accounts (store/enrolment.h) on PostgreSQL. */
#include "store/pg/internal.h"

#include <stdio.h>
#include <string.h>

int pl_pg_enrolment_add(pl_pg_store *s, const pl_actor *who, int64_t program_id, int64_t person_id,
                        int64_t household_id, const char *period, const char *reason,
                        const char *valid_from, const char *valid_to, pl_error *err)
{
    /*
     * A second enrolment of the same person (or household) in a program and period is
     * PL_ECONFLICT, as on SQLite; callers enrolling a list skip it inside their transaction,
     * which a unique violation would abort here: the statement answers no row instead (the
     * check first, so that no id is used up, as on SQLite; ON CONFLICT for a concurrent one).
     */
    static const char sql[] =
        "INSERT INTO enrolment(program_id, person_id, household_id, period, reason, valid_from, "
        "valid_to, created_at, created_by) SELECT $1::bigint, $2::bigint, $3::bigint, $4, $5, "
        "$6, $7, pl_now(), $8 WHERE NOT EXISTS (SELECT 1 FROM enrolment WHERE program_id = "
        "$1::bigint AND period = $4 AND (person_id = $2::bigint OR household_id = $3::bigint)) "
        "ON CONFLICT DO NOTHING RETURNING id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num prog, person, household;
    const char *p[] = {pl_pg_i64(&prog, program_id),
                       pl_pg_i64(&person, person_id),
                       household_id ? pl_pg_i64(&household, household_id) : NULL,
                       period,
                       reason ? reason : "",
                       valid_from,
                       valid_to && valid_to[0] ? valid_to : NULL,
                       s->actor};
    PGresult *r = pl_pg_query_sp(s, own, sql, 8, p, err, "enrolment");
    if (r == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    if (PQntuples(r) == 0)
        rc = pl_error_set(err, PL_ECONFLICT, "",
                          "data sudah ada (enrolment): program %lld periode %s sudah diterima "
                          "orang id %lld%s",
                          (long long)program_id, period, (long long)person_id,
                          household_id ? " atau keluarganya" : "");
    PQclear(r);
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_enrolment_count(pl_pg_store *s, int64_t program_id, const char *period, long *out,
                          pl_error *err)
{
    static const char sql[] =
        "SELECT count(*) FROM enrolment WHERE program_id = $1::bigint AND period = $2";
    *out = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num prog;
    const char *p[] = {pl_pg_i64(&prog, program_id), period};
    int64_t n = 0;
    if ((rc = pl_pg_scalar_i64(s, sql, 2, p, &n, err, "enrolment")))
        return rc;
    *out = (long)n;
    return 0;
}

int pl_pg_account_add(pl_pg_store *s, const pl_actor *who, int64_t household_id, int64_t person_id,
                      const char *number, const char *bank, const char *holder, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO bank_account(household_id, person_id, account_no, bank, holder, "
        "created_at, created_by) VALUES($1::bigint, $2::bigint, $3, $4, $5, pl_now(), $6)";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num household, person;
    const char *p[] = {household_id ? pl_pg_i64(&household, household_id) : NULL,
                       person_id ? pl_pg_i64(&person, person_id) : NULL,
                       number,
                       bank ? bank : "",
                       holder ? holder : "",
                       s->actor};
    PGresult *r = pl_pg_query_sp(s, own, sql, 6, p, err, "bank_account");
    if (r == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    PQclear(r);
    return pl_pg_tx_end(s, own, 0, err);
}

static void read_enrolment_row(pl_enrolment_row *e, const PGresult *r, int row)
{
    e->id = pl_pg_int(r, row, 0);
    e->program_id = pl_pg_int(r, row, 1);
    e->household_id = pl_pg_int(r, row, 2);
    pl_pg_copy(e->program, sizeof e->program, r, row, 3);
    pl_pg_copy(e->program_name, sizeof e->program_name, r, row, 4);
    pl_pg_copy(e->period, sizeof e->period, r, row, 5);
    pl_pg_copy(e->valid_from, sizeof e->valid_from, r, row, 6);
    pl_pg_copy(e->valid_to, sizeof e->valid_to, r, row, 7);
}

PL_PG_ROWS(enrolment_rows, pl_enrolment_row, pl_enrolment_row_cb, read_enrolment_row, "enrolment");

int pl_pg_enrolment_list_person(pl_pg_store *s, int64_t person_id, pl_enrolment_row_cb cb,
                                void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT e.id, e.program_id, coalesce(e.household_id, 0), p.code, p.name, e.period, "
        "e.valid_from, coalesce(e.valid_to, '') FROM enrolment e JOIN program p ON "
        "p.id = e.program_id WHERE e.person_id = $1::bigint ORDER BY e.period DESC, p.code "
        "LIMIT 200";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, person_id)};
    return pl_pg_each(s, sql, 1, p, &enrolment_rows, NULL, PL_PG_FN(cb), ctx, err);
}
