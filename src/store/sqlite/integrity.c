/*
 * integrity.c - integrity checks over a program's enrolments and the
 * findings they store (store/integrity.h).
 */
#include "store/sqlite/internal.h"
#include "domain/period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void read_finding(pl_finding *f, sqlite3_stmt *st)
{
    pl_sq_col_text(f->rule, sizeof f->rule, st, 0);
    f->person_id = sqlite3_column_int64(st, 1);
    f->household_id = sqlite3_column_int64(st, 2);
    pl_sq_col_text(f->nik, sizeof f->nik, st, 3);
    pl_sq_col_text(f->name, sizeof f->name, st, 4);
    pl_sq_col_text(f->village, sizeof f->village, st, 5);
    pl_sq_col_text(f->detail, sizeof f->detail, st, 6);
}

PL_SQ_ROWS(finding_rows, pl_finding, pl_finding_cb, read_finding, "integrity_finding");

int pl_sq_program_findings(pl_sq_store *s, int64_t program_id, const char *period,
                           const char *scope, pl_finding_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT f.rule, coalesce(f.person_id, 0), coalesce(f.household_id, 0), "
        "coalesce(p.nik, ''), coalesce(p.name, ''), coalesce(p.village_code, ''), f.detail "
        "FROM integrity_finding f LEFT JOIN person p ON p.id = f.person_id "
        "WHERE f.program_id = ?1 AND f.period = ?2 AND " PL_SQ_IN_PREFIX("p.village_code", "?3")
        /* nor a finding that names another record outside the scope (?3, as above) */
        " AND NOT EXISTS (SELECT 1 FROM person o WHERE o.id = f.other_person AND "
        "NOT " PL_SQ_IN_PREFIX("o.village_code",
                               "?3") ")"
                                     " AND NOT EXISTS (SELECT 1 FROM "
                                     "json_each(coalesce(f.other_households, '[]')) j JOIN "
                                     "household h ON h.id = j.value WHERE NOT " PL_SQ_IN_PREFIX(
                                         "h.village_code", "?3") ") "
                                                                 "ORDER BY f.rule, f.person_id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, program_id);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, scope ? scope : "", -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &finding_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* ---------------------------------------------------------- integrity */

#define F_COLS                                                                                     \
    "p.id, coalesce(e.household_id, p.household_id, 0), coalesce(p.nik, ''), p.name, "             \
    "p.village_code"
#define E_FROM                                                                                     \
    " FROM enrolment e JOIN person p ON p.id = e.person_id WHERE e.program_id = ?1 AND "           \
    "e.period = ?2"

static const char f_dead[] =
    "SELECT 'dead', " F_COLS ", 'meninggal ' || p.death_date, NULL, NULL" E_FROM
    " AND p.death_date IS NOT NULL";
static const char f_dup[] =
    "SELECT CASE WHEN d.exact THEN 'duplicate_exact' ELSE 'duplicate_probable' END, " F_COLS
    ", 'mungkin sama dengan #' || CASE WHEN d.person_a = p.id THEN d.person_b ELSE d.person_a "
    "END || ' (skor ' || printf('%.2f', d.score) || ': ' || d.reasons || ')', CASE WHEN "
    "d.person_a = p.id THEN d.person_b ELSE d.person_a END, NULL FROM enrolment e "
    "JOIN person p ON p.id = e.person_id JOIN dedup_candidate d ON (d.person_a = p.id OR "
    "d.person_b = p.id) WHERE e.program_id = ?1 AND e.period = ?2 AND d.status = 'open' AND "
    "(d.exact OR d.score >= ?3)";
static const char f_unverified[] =
    "SELECT 'unverified', " F_COLS ", 'status verifikasi ' || p.state, NULL, NULL" E_FROM
    " AND p.state <> 'verified'";
static const char f_exclusive[] =
    "SELECT 'exclusive_program', " F_COLS ", 'juga menerima ' || e.x, NULL, NULL FROM (SELECT "
    "e1.*, "
    "(SELECT group_concat(q.code, ', ') FROM enrolment e2 JOIN program q ON q.id = "
    "e2.program_id WHERE e2.period = e1.period AND e2.program_id <> e1.program_id AND "
    "(e2.person_id = e1.person_id OR e2.household_id = coalesce(e1.household_id, (SELECT "
    "household_id FROM person WHERE id = e1.person_id))) AND (instr(';' || ?4 || ';', ';' || "
    "q.code || ';') > 0 OR instr(';' || q.excludes || ';', ';' || ?5 || ';') > 0)) AS x "
    "FROM enrolment e1 WHERE e1.program_id = ?1 AND e1.period = ?2) e JOIN person p ON p.id = "
    "e.person_id WHERE e.x IS NOT NULL";
static const char f_cap[] =
    "SELECT 'over_cap', " F_COLS ", 'sudah ' || e.paid || ' ditambah ' || ?6 || ' melebihi "
    "batas ' || ?7, NULL, NULL FROM (SELECT e1.*, (SELECT coalesce(sum(bi.amount), 0) FROM "
    "batch_item bi "
    "JOIN disbursement_batch b ON b.id = bi.batch_id WHERE b.program_id = ?1 AND b.period = ?2 "
    "AND bi.person_id = e1.person_id AND bi.status NOT IN ('failed', 'returned')) AS paid FROM "
    "enrolment e1 WHERE e1.program_id = ?1 AND e1.period = ?2) e JOIN person p ON p.id = "
    "e.person_id WHERE ?7 > 0 AND e.paid + ?6 > ?7";
static const char f_account[] =
    "SELECT 'shared_account', " F_COLS ", 'rekening ' || a.account_no || ' juga dipakai "
    "keluarga lain (id ' || group_concat(DISTINCT coalesce(a2.household_id, p2.household_id)) "
    "|| ')', NULL, json_group_array(DISTINCT coalesce(a2.household_id, p2.household_id)) FROM "
    "enrolment e JOIN person p ON p.id = e.person_id JOIN bank_account a ON "
    "(a.person_id = p.id OR a.household_id = coalesce(e.household_id, p.household_id)) JOIN "
    "bank_account a2 ON a2.account_no = a.account_no AND a2.id <> a.id LEFT JOIN person p2 ON "
    "p2.id = a2.person_id WHERE e.program_id = ?1 AND e.period = ?2 AND "
    "coalesce(a2.household_id, p2.household_id) IS NOT coalesce(a.household_id, "
    "p.household_id) GROUP BY p.id, a.account_no";
static const char f_all[] = "SELECT 'outside_region', " F_COLS ", '', NULL, NULL" E_FROM;

/*
 * A finding of one rule as the check reads it: the finding, and the other
 * records it names (another person, other households as a JSON array; the
 * text is the row's own), stored with it so that readers outside their
 * scope are not shown it.
 */
typedef struct check_row {
    pl_finding f;
    bool has_other_person;
    int64_t other_person;
    const char *other_households; /* NULL when none */
} check_row;

typedef int (*check_row_cb)(void *ctx, const check_row *r);

/* Which program is checked, and whether the rule is the region rule. */
typedef struct check_arg {
    const pl_program *p;
    bool region_rule;
} check_arg;

/* For the region rule, only villages outside the program's are findings. */
static int read_check(check_row *r, sqlite3_stmt *st, void *arg)
{
    const check_arg *a = arg;
    read_finding(&r->f, st);
    r->has_other_person = sqlite3_column_type(st, 7) != SQLITE_NULL;
    r->other_person = sqlite3_column_int64(st, 7);
    r->other_households = (const char *)sqlite3_column_text(st, 8);
    if (!a->region_rule)
        return 0;
    pl_elig_subject x = {.village = r->f.village, .age = -1};
    pl_program_rule only = a->p->rule;
    only.categories = 0;
    only.age_min = only.age_max = -1;
    only.disability = false;
    only.desil_max = 0;
    if (pl_eligibility_check(&only, &x) == 0)
        return 1;
    snprintf(r->f.detail, sizeof r->f.detail, "desa %s di luar wilayah program", r->f.village);
    return 0;
}

PL_SQ_ROWS_ARG(check_rows, check_row, check_row_cb, read_check, "integrity");

/* Where pl_sq_program_check stores its findings and whom it tells. */
typedef struct finding_put {
    pl_sq_store *s;
    const pl_program *p;
    const char *period;
    pl_finding_cb cb; /* may be NULL */
    void *ctx;
    long *count;
    pl_error *err;
} finding_put;

/* Stores one finding and passes it on; a PL_E* code, or the caller's stop value. */
static int put_finding(void *ctx, const check_row *r)
{
    static const char q_put[] =
        "INSERT INTO integrity_finding(program_id, period, rule, person_id, household_id, "
        "detail, other_person, other_households, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "?8, " PL_SQ_NOW ")";
    finding_put *fp = ctx;
    pl_sq_store *s = fp->s;
    pl_error *err = fp->err;
    const pl_finding *f = &r->f;
    PL_SQ_PREP(put, q_put);
    sqlite3_bind_int64(put, 1, fp->p->id);
    sqlite3_bind_text(put, 2, fp->period, -1, SQLITE_STATIC);
    sqlite3_bind_text(put, 3, f->rule, -1, SQLITE_STATIC);
    sqlite3_bind_int64(put, 4, f->person_id);
    if (f->household_id)
        sqlite3_bind_int64(put, 5, f->household_id);
    sqlite3_bind_text(put, 6, f->detail, -1, SQLITE_STATIC);
    if (r->has_other_person)
        sqlite3_bind_int64(put, 7, r->other_person);
    if (r->other_households)
        sqlite3_bind_text(put, 8, r->other_households, -1, SQLITE_STATIC);
    int rc = pl_sq_done(s, put, err, "integrity_finding");
    if (rc)
        return rc;
    (*fp->count)++;
    return fp->cb ? fp->cb(fp->ctx, f) : 0;
}

int pl_sq_program_check(pl_sq_store *s, const pl_program *p, const char *period,
                        double dup_threshold, pl_finding_cb cb, void *ctx, long *count,
                        pl_error *err)
{
    static const char q_clear[] =
        "DELETE FROM integrity_finding WHERE program_id = ?1 AND period = ?2";
    static const char *const rules[] = {f_dead, f_dup,     f_unverified, f_exclusive,
                                        f_cap,  f_account, f_all};
    *count = 0;
    int rc = pl_sq_begin_as(s, NULL, err);
    if (rc)
        return rc;
    char excl[256];
    pl_eligibility_format_list(excl, sizeof excl, &p->rule.excludes[0][0], PL_PROGRAM_CODE_MAX);
    pl_period per;
    int payments = 1;
    if (pl_period_parse(&per, period) == 0) {
        int months = per.kind == PL_PERIOD_YEAR       ? 12
                     : per.kind == PL_PERIOD_SEMESTER ? 6
                     : per.kind == PL_PERIOD_QUARTER  ? 3
                                                      : 1;
        payments = pl_program_payments(p->frequency, months);
    }
    int64_t amount_each = p->amount * payments;
    int64_t cap = p->cap;
    finding_put put = {s, p, period, cb, ctx, count, err};
    PL_SQ_TX_STEP(
        q_clear,
        (sqlite3_bind_int64(st_, 1, p->id), sqlite3_bind_text(st_, 2, period, -1, SQLITE_STATIC)),
        "integrity_finding");
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        bool region_rule = rules[r] == f_all;
        if (region_rule && !p->rule.regions[0][0])
            continue;
        sqlite3_stmt *st = pl_sq_stmt(s, rules[r], err);
        if (st == NULL) {
            rc = PL_EINTERNAL;
            goto fail;
        }
        int n = sqlite3_bind_parameter_count(st);
        sqlite3_bind_int64(st, 1, p->id);
        sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
        if (n >= 3)
            sqlite3_bind_double(st, 3, dup_threshold);
        if (n >= 4)
            sqlite3_bind_text(st, 4, excl, -1, SQLITE_TRANSIENT);
        if (n >= 5)
            sqlite3_bind_text(st, 5, p->code, -1, SQLITE_STATIC);
        if (n >= 6)
            sqlite3_bind_int64(st, 6, amount_each);
        if (n >= 7)
            sqlite3_bind_int64(st, 7, cap);
        check_arg arg = {p, region_rule};
        if ((rc = pl_sq_each(s, st, &check_rows, &arg, PL_SQ_FN(put_finding), &put, err)))
            goto fail;
    }
    return pl_sq_commit(s, err);
fail:
    pl_sq_rollback(s);
    return rc;
}
