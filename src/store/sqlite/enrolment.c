/* enrolment.c - enrolments in programs and bank accounts (store/enrolment.h). */
#include "store/sqlite/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pl_sq_enrolment_add(pl_sq_store *s, const pl_actor *who, int64_t program_id, int64_t person_id,
                        int64_t household_id, const char *period, const char *reason,
                        const char *valid_from, const char *valid_to, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO enrolment(program_id, person_id, household_id, period, reason, valid_from, "
        "valid_to, created_at, created_by) VALUES(?1,?2,?3,?4,?5,?6,?7," PL_SQ_NOW ",?8)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, program_id);
    sqlite3_bind_int64(st, 2, person_id);
    if (household_id)
        sqlite3_bind_int64(st, 3, household_id);
    sqlite3_bind_text(st, 4, period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, reason ? reason : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, valid_from, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 7, valid_to ? valid_to : "");
    sqlite3_bind_text(st, 8, s->actor, -1, SQLITE_STATIC);
    return pl_sq_done(s, st, err, "enrolment");
}

int pl_sq_enrolment_count(pl_sq_store *s, int64_t program_id, const char *period, long *out,
                          pl_error *err)
{
    static const char sql[] =
        "SELECT count(*) FROM enrolment WHERE program_id = ?1 AND period = ?2";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, program_id);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : pl_sq_step_error(s, rc, err, "enrolment");
}

int pl_sq_account_add(pl_sq_store *s, const pl_actor *who, int64_t household_id, int64_t person_id,
                      const char *number, const char *bank, const char *holder, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO bank_account(household_id, person_id, account_no, bank, holder, "
        "created_at, created_by) VALUES(?1,?2,?3,?4,?5," PL_SQ_NOW ",?6)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    if (household_id)
        sqlite3_bind_int64(st, 1, household_id);
    if (person_id)
        sqlite3_bind_int64(st, 2, person_id);
    sqlite3_bind_text(st, 3, number, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, bank ? bank : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, holder ? holder : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, s->actor, -1, SQLITE_STATIC);
    return pl_sq_done(s, st, err, "bank_account");
}

static void read_enrolment_row(pl_enrolment_row *e, sqlite3_stmt *st)
{
    e->id = sqlite3_column_int64(st, 0);
    e->program_id = sqlite3_column_int64(st, 1);
    e->household_id = sqlite3_column_int64(st, 2);
    pl_sq_col_text(e->program, sizeof e->program, st, 3);
    pl_sq_col_text(e->program_name, sizeof e->program_name, st, 4);
    pl_sq_col_text(e->period, sizeof e->period, st, 5);
    pl_sq_col_text(e->valid_from, sizeof e->valid_from, st, 6);
    pl_sq_col_text(e->valid_to, sizeof e->valid_to, st, 7);
}

PL_SQ_ROWS(enrolment_rows, pl_enrolment_row, pl_enrolment_row_cb, read_enrolment_row, "enrolment");

int pl_sq_enrolment_list_person(pl_sq_store *s, int64_t person_id, pl_enrolment_row_cb cb,
                                void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT e.id, e.program_id, coalesce(e.household_id, 0), p.code, p.name, e.period, "
        "e.valid_from, coalesce(e.valid_to, '') FROM enrolment e JOIN program p ON "
        "p.id = e.program_id WHERE e.person_id = ?1 ORDER BY e.period DESC, p.code LIMIT 200";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, person_id);
    return pl_sq_each(s, st, &enrolment_rows, NULL, PL_SQ_FN(cb), ctx, err);
}
