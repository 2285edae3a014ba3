/*
 * program_report.c - reports over programs: beneficiaries and money per
 * program, region and period with failures by reason, and the program
 * coverage of the PMKS population shown in the rakor report.
 */
#include "store/sqlite/internal.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------- program report */

#define PAY_SUMS(ST)                                                                               \
    "sum(i.status = '" ST "'), sum(CASE WHEN i.status = '" ST "' THEN i.amount ELSE 0 END)"

static void read_report(pl_program_report_row *row, sqlite3_stmt *st)
{
    pl_sq_col_text(row->program, sizeof row->program, st, 0);
    pl_sq_col_text(row->region, sizeof row->region, st, 1);
    row->people = (long)sqlite3_column_int64(st, 2);
    row->households = (long)sqlite3_column_int64(st, 3);
    row->batches = (long)sqlite3_column_int64(st, 4);
    for (int k = 0; k < PL_PAY__MAX; k++) {
        row->items[k] = (long)sqlite3_column_int64(st, 5 + 2 * k);
        row->amount[k] = sqlite3_column_int64(st, 6 + 2 * k);
    }
}

PL_SQ_ROWS(report_rows, pl_program_report_row, pl_program_report_cb, read_report, "program report");

static void read_failure(pl_program_failure_row *f, sqlite3_stmt *st)
{
    pl_sq_col_text(f->program, sizeof f->program, st, 0);
    pl_sq_col_text(f->region, sizeof f->region, st, 1);
    pl_sq_col_text(f->status, sizeof f->status, st, 2);
    pl_sq_col_text(f->reason, sizeof f->reason, st, 3);
    f->items = (long)sqlite3_column_int64(st, 4);
    f->amount = sqlite3_column_int64(st, 5);
}

PL_SQ_ROWS(failure_rows, pl_program_failure_row, pl_program_failure_cb, read_failure,
           "program report");

int pl_sq_program_report(pl_sq_store *s, const pl_program_report_query *q, pl_program_report_cb cb,
                         pl_program_failure_cb fcb, void *ctx, pl_error *err)
{
    /* ?1 prefix length, ?2 period, ?3 program id (0 = all), ?4 region prefix. */
    static const char sql[] =
        "SELECT code, g, sum(people), sum(households), sum(batches), "
        "sum(n0), sum(a0), sum(n1), sum(a1), sum(n2), sum(a2), sum(n3), sum(a3) FROM ("
        "SELECT q.code AS code, substr(p.village_code, 1, ?1) AS g, "
        "sum(CASE WHEN e.household_id IS NULL THEN 1 ELSE (SELECT count(*) FROM person m "
        "WHERE m.household_id = e.household_id AND m.death_date IS NULL) END) AS people, "
        "count(DISTINCT coalesce(e.household_id, p.household_id)) AS households, 0 AS batches, "
        "0 AS n0, 0 AS a0, 0 AS n1, 0 AS a1, 0 AS n2, 0 AS a2, 0 AS n3, 0 AS a3 "
        "FROM enrolment e JOIN program q ON q.id = e.program_id "
        "JOIN person p ON p.id = e.person_id "
        "WHERE e.period = ?2 AND (?3 = 0 OR e.program_id = ?3) "
        "AND " PL_SQ_IN_PREFIX(
            "p.village_code",
            "?4") " GROUP BY 1, 2 "
                  "UNION ALL "
                  "SELECT q.code, substr(i.village_code, 1, ?1), 0, 0, count(DISTINCT "
                  "i.batch_id), " PAY_SUMS("pending") ", " PAY_SUMS("paid") ", " PAY_SUMS(
                      "failed") ", " PAY_SUMS("returned") " FROM batch_item i JOIN "
                                                          "disbursement_batch b ON b.id = "
                                                          "i.batch_id "
                                                          "JOIN program q ON q.id = b.program_id "
                                                          "WHERE b.period = ?2 AND (?3 = 0 OR "
                                                          "b.program_id = ?3) "
                                                          "AND " PL_SQ_IN_PREFIX(
                                                              "i.village_code",
                                                              "?4") " GROUP BY 1, 2"
                                                                    ") GROUP BY 1, 2 ORDER BY 1, 2";
    static const char sql_fail[] =
        "SELECT q.code, substr(i.village_code, 1, ?1), i.status, i.status_reason, count(*), "
        "sum(i.amount) FROM batch_item i JOIN disbursement_batch b ON b.id = i.batch_id "
        "JOIN program q ON q.id = b.program_id "
        "WHERE b.period = ?2 AND (?3 = 0 OR b.program_id = ?3) "
        "AND i.status IN ('failed', 'returned') "
        "AND " PL_SQ_IN_PREFIX("i.village_code", "?4") " GROUP BY 1, 2, 3, 4 "
                                                       "ORDER BY 1, 2, 3, 5 DESC, 4";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if (q->level < 0 || q->level > 4)
        return pl_error_set(err, PL_EINVAL, "tingkat", "tingkat wilayah harus 0 sampai 4");
    char region[PL_REGION_CODE_MAX];
    if ((rc = pl_sq_query_region(region, sizeof region, q->scope, q->region, err)))
        return rc;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1 && fcb == NULL)
            break;
        PL_SQ_PREP(st, pass == 0 ? sql : sql_fail);
        sqlite3_bind_int(st, 1, pl_sq_level_len[q->level]);
        sqlite3_bind_text(st, 2, q->period, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, q->program_id);
        sqlite3_bind_text(st, 4, region, -1, SQLITE_STATIC);
        rc = pass == 0 ? pl_sq_each(s, st, &report_rows, NULL, PL_SQ_FN(cb), ctx, err)
                       : pl_sq_each(s, st, &failure_rows, NULL, PL_SQ_FN(fcb), ctx, err);
        if (rc)
            return rc;
    }
    return 0;
}

/* ------------------------------------------------------------- coverage */

/*
 * Enrolment e runs within ?4..?2: it began by ?2 and had not ended before
 * ?4; an open enrolment ends with its period label (valid_from is the
 * label's first day; YYYY, YYYY-Sn, YYYY-Qn, YYYY-MM).
 */
#define E_ON                                                                                       \
    "(e.valid_from <= ?2 AND coalesce(e.valid_to, date(e.valid_from, '+' || "                      \
    "CASE WHEN length(e.period) = 4 THEN 12 WHEN substr(e.period, 6, 1) IN ('S','s') THEN 6 "      \
    "WHEN substr(e.period, 6, 1) IN ('Q','q') THEN 3 ELSE 1 END || ' months', '-1 day')) >= ?4)"
#define M_ON "(m.valid_from <= ?2 AND (m.valid_to IS NULL OR m.valid_to >= ?2))"
#define R_ON "(r.valid_from <= ?2 AND (r.valid_to IS NULL OR r.valid_to > ?2))"

static void read_coverage(pl_coverage_row *row, sqlite3_stmt *st)
{
    pl_sq_col_text(row->region, sizeof row->region, st, 0);
    row->category = sqlite3_column_int(st, 1);
    pl_sq_col_text(row->program, sizeof row->program, st, 2);
    row->people = (long)sqlite3_column_int64(st, 3);
    row->households = (long)sqlite3_column_int64(st, 4);
}

PL_SQ_ROWS(coverage_rows, pl_coverage_row, pl_coverage_cb, read_coverage, "program coverage");

int pl_sq_program_coverage(pl_sq_store *s, const char *scope, const char *region, int level,
                           const char *from, const char *date, pl_coverage_cb cb, void *ctx,
                           pl_error *err)
{
    /* ?1 prefix length, ?2 count date, ?3 region prefix, ?4 first day of the period. */
    static const char sql_person[] =
        "WITH subj AS (SELECT substr(r.village_code, 1, ?1) AS g, m.category AS cat, "
        "m.person_id AS pid, p.household_id AS hid FROM membership m "
        "JOIN residence r ON r.person_id = m.person_id JOIN person p ON p.id = m.person_id "
        "WHERE m.person_id IS NOT NULL AND " M_ON " AND " R_ON " "
        "AND (p.death_date IS NULL OR p.death_date > ?2) "
        "AND " PL_SQ_IN_PREFIX(
            "r.village_code",
            "?3") "), "
                  "cov AS (SELECT s.g, s.cat, s.pid, e.program_id FROM subj s JOIN enrolment e "
                  "ON e.person_id = s.pid WHERE " E_ON " UNION "
                  "SELECT s.g, s.cat, s.pid, e.program_id FROM subj s JOIN enrolment e "
                  "ON e.household_id = s.hid WHERE " E_ON ") "
                  "SELECT g, cat, '', count(DISTINCT pid), 0 FROM cov GROUP BY 1, 2 UNION ALL "
                  "SELECT g, cat, q.code, count(DISTINCT pid), 0 FROM cov JOIN program q "
                  "ON q.id = cov.program_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
    static const char sql_household[] =
        "WITH subj AS (SELECT substr(r.village_code, 1, ?1) AS g, m.category AS cat, "
        "m.household_id AS hid FROM membership m "
        "JOIN residence r ON r.household_id = m.household_id "
        "WHERE m.household_id IS NOT NULL AND " M_ON " AND " R_ON " "
        "AND " PL_SQ_IN_PREFIX(
            "r.village_code",
            "?3") "), "
                  "mem AS (SELECT s.g, s.cat, s.hid, p.id AS pid FROM subj s JOIN person p "
                  "ON p.household_id = s.hid WHERE p.death_date IS NULL OR p.death_date > ?2), "
                  "cov AS (SELECT m.g, m.cat, m.hid, m.pid, e.program_id FROM mem m JOIN enrolment "
                  "e "
                  "ON e.household_id = m.hid WHERE " E_ON " UNION "
                  "SELECT m.g, m.cat, m.hid, m.pid, e.program_id FROM mem m JOIN enrolment e "
                  "ON e.person_id = m.pid WHERE " E_ON ") "
                  "SELECT g, cat, '', count(DISTINCT pid), count(DISTINCT hid) FROM cov GROUP BY "
                  "1, 2 "
                  "UNION ALL SELECT g, cat, q.code, count(DISTINCT pid), count(DISTINCT hid) FROM "
                  "cov "
                  "JOIN program q ON q.id = cov.program_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
    char rg[PL_REGION_CODE_MAX];
    int rc = pl_sq_level_report(rg, s, scope, region, level, err);
    if (rc)
        return rc;
    /* Person and household categories are disjoint: one pass each. */
    for (int pass = 0; pass < 2; pass++) {
        PL_SQ_PREP(st, pass == 0 ? sql_person : sql_household);
        sqlite3_bind_int(st, 1, pl_sq_level_len[level]);
        sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, rg, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, from, -1, SQLITE_STATIC);
        if ((rc = pl_sq_each(s, st, &coverage_rows, NULL, PL_SQ_FN(cb), ctx, err)))
            return rc;
    }
    return 0;
}
