/*
 * integrity.c - the PostgreSQL twin of store/sqlite/integrity.c: integrity checks over a
 * program's enrolments and the findings they store.
 */
#include "store/pg/internal.h"
#include "domain/period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void read_finding(pl_finding *f, const PGresult *res, int i)
{
    pl_pg_copy(f->rule, sizeof f->rule, res, i, 0);
    f->person_id = pl_pg_int(res, i, 1);
    f->household_id = pl_pg_int(res, i, 2);
    pl_pg_copy(f->nik, sizeof f->nik, res, i, 3);
    pl_pg_copy(f->name, sizeof f->name, res, i, 4);
    pl_pg_copy(f->village, sizeof f->village, res, i, 5);
    pl_pg_copy(f->detail, sizeof f->detail, res, i, 6);
}

PL_PG_ROWS(finding_rows, pl_finding, pl_finding_cb, read_finding, "integrity_finding");

int pl_pg_program_findings(pl_pg_store *s, int64_t program_id, const char *period,
                           const char *scope, pl_finding_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT f.rule, coalesce(f.person_id, 0), coalesce(f.household_id, 0), "
        "coalesce(p.nik, ''), coalesce(p.name, ''), coalesce(p.village_code, ''), f.detail "
        "FROM integrity_finding f LEFT JOIN person p ON p.id = f.person_id "
        "WHERE f.program_id = $1::bigint AND f.period = $2 AND " PL_PG_IN_PREFIX("p.village_code",
                                                                                 "$3")
        /* nor a finding that names another record outside the scope ($3, as above) */
        " AND NOT EXISTS (SELECT 1 FROM person o WHERE o.id = f.other_person AND "
        "NOT " PL_PG_IN_PREFIX("o.village_code", "$3") ") AND NOT EXISTS (SELECT 1 FROM "
                                                       "jsonb_array_elements_text(coalesce(f."
                                                       "other_households, '[]')::jsonb) j(v) "
                                                       "JOIN household h ON h.id = j.v::bigint "
                                                       "WHERE NOT " PL_PG_IN_PREFIX(
                                                           "h.village_code", "$3") ") "
                                                                                   "ORDER BY "
                                                                                   "f.rule "
                                                                                   "COLLATE "
                                                                                   "\"C\", "
                                                                                   "f.person_id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, program_id), period, scope ? scope : ""};
    return pl_pg_each(s, sql, 3, p, &finding_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* ---------------------------------------------------------- integrity */

/* The rules' columns: rule, F_COLS, detail, other person, other households. */
#define F_COLS                                                                                     \
    "p.id, coalesce(e.household_id, p.household_id, 0), coalesce(p.nik, ''), p.name, "             \
    "p.village_code"
#define E_FROM                                                                                     \
    " FROM enrolment e JOIN person p ON p.id = e.person_id WHERE e.program_id = $1::bigint AND "   \
    "e.period = $2"

/* $1 program id, $2 period. */
static const char f_dead[] =
    "SELECT 'dead', " F_COLS ", 'meninggal ' || p.death_date, NULL::bigint, NULL::text" E_FROM
    " AND p.death_date IS NOT NULL";
/* $3 the duplicate threshold. */
static const char f_dup[] =
    "SELECT CASE WHEN d.exact <> 0 THEN 'duplicate_exact' ELSE 'duplicate_probable' END, " F_COLS
    ", 'mungkin sama dengan #' || CASE WHEN d.person_a = p.id THEN d.person_b ELSE d.person_a "
    "END || ' (skor ' || to_char(d.score, 'FM999999990.00') || ': ' || d.reasons || ')', "
    "CASE WHEN d.person_a = p.id THEN d.person_b ELSE d.person_a END, NULL::text "
    "FROM enrolment e JOIN person p ON p.id = e.person_id JOIN dedup_candidate d ON "
    "(d.person_a = p.id OR d.person_b = p.id) WHERE e.program_id = $1::bigint AND e.period = $2 "
    "AND d.status = 'open' AND (d.exact <> 0 OR d.score >= $3::double precision)";
static const char f_unverified[] =
    "SELECT 'unverified', " F_COLS
    ", 'status verifikasi ' || p.state, NULL::bigint, NULL::text" E_FROM
    " AND p.state <> 'verified'";
/* $3 the program's excludes (a;b), $4 its code. */
static const char f_exclusive[] =
    "SELECT 'exclusive_program', " F_COLS ", 'juga menerima ' || e.x, NULL::bigint, NULL::text "
    "FROM (SELECT e1.*, (SELECT string_agg(q.code, ', ' ORDER BY e2.id) FROM enrolment e2 "
    "JOIN program q ON q.id = e2.program_id WHERE e2.period = e1.period AND e2.program_id <> "
    "e1.program_id AND (e2.person_id = e1.person_id OR e2.household_id = coalesce("
    "e1.household_id, (SELECT household_id FROM person WHERE id = e1.person_id))) AND "
    "(strpos(';' || $3 || ';', ';' || q.code || ';') > 0 OR strpos(';' || q.excludes || ';', "
    "';' || $4 || ';') > 0)) AS x FROM enrolment e1 WHERE e1.program_id = $1::bigint AND "
    "e1.period = $2) e JOIN person p ON p.id = e.person_id WHERE e.x IS NOT NULL";
/* $3 the amount of this payment, $4 the cap. */
static const char f_cap[] =
    "SELECT 'over_cap', " F_COLS ", 'sudah ' || e.paid || ' ditambah ' || $3::bigint || "
    "' melebihi batas ' || $4::bigint, NULL::bigint, NULL::text FROM (SELECT e1.*, (SELECT "
    "coalesce(sum(bi.amount), 0) FROM batch_item bi JOIN disbursement_batch b ON b.id = "
    "bi.batch_id WHERE b.program_id = $1::bigint AND b.period = $2 AND bi.person_id = "
    "e1.person_id AND bi.status NOT IN ('failed', 'returned')) AS paid FROM enrolment e1 "
    "WHERE e1.program_id = $1::bigint AND e1.period = $2) e JOIN person p ON p.id = e.person_id "
    "WHERE $4::bigint > 0 AND e.paid + $3::bigint > $4::bigint";
#define OTHER_HH "coalesce(a2.household_id, p2.household_id)"
static const char f_account[] =
    "SELECT 'shared_account', " F_COLS ", 'rekening ' || a.account_no || ' juga dipakai "
    "keluarga lain (id ' || string_agg(DISTINCT " OTHER_HH "::text, ',') || ')', NULL::bigint, "
    "'[' || string_agg(DISTINCT " OTHER_HH "::text, ',') || ']' FROM enrolment e "
    "JOIN person p ON p.id = e.person_id JOIN bank_account a ON (a.person_id = p.id OR "
    "a.household_id = coalesce(e.household_id, p.household_id)) JOIN bank_account a2 ON "
    "a2.account_no = a.account_no AND a2.id <> a.id LEFT JOIN person p2 ON p2.id = a2.person_id "
    "WHERE e.program_id = $1::bigint AND e.period = $2 AND " OTHER_HH " IS DISTINCT FROM "
    "coalesce(a.household_id, p.household_id) GROUP BY p.id, p.household_id, p.nik, p.name, "
    "p.village_code, e.household_id, a.account_no";
static const char f_all[] =
    "SELECT 'outside_region', " F_COLS ", '', NULL::bigint, NULL::text" E_FROM;

/*
 * A finding of one rule as the check reads it: the finding, and the other records it names
 * (another person, other households as a JSON array), stored with it so that readers outside
 * their scope are not shown it.
 */
typedef struct check_row {
    pl_finding f;
    bool has_other_person;
    int64_t other_person;
    char other_households[512]; /* "" when none */
} check_row;

typedef int (*check_row_cb)(void *ctx, const check_row *r);

typedef struct check_arg {
    const pl_program *p;
    bool region_rule;
} check_arg;

/* For the region rule, only villages outside the program's are findings. */
static int read_check(check_row *r, const PGresult *res, int i, void *arg)
{
    const check_arg *a = arg;
    read_finding(&r->f, res, i);
    r->has_other_person = !pl_pg_null(res, i, 7);
    r->other_person = pl_pg_int(res, i, 7);
    pl_pg_copy(r->other_households, sizeof r->other_households, res, i, 8);
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

PL_PG_ROWS_ARG(check_rows, check_row, check_row_cb, read_check, "integrity");

typedef struct finding_put {
    pl_pg_store *s;
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
        "detail, other_person, other_households, created_at) VALUES($1::bigint, $2, $3, "
        "$4::bigint, $5::bigint, $6, $7::bigint, $8, pl_now())";
    finding_put *fp = ctx;
    const pl_finding *f = &r->f;
    pl_pg_num id, pid, hid, op;
    const char *p[] = {pl_pg_i64(&id, fp->p->id),
                       fp->period,
                       f->rule,
                       pl_pg_i64(&pid, f->person_id),
                       f->household_id ? pl_pg_i64(&hid, f->household_id) : NULL,
                       f->detail,
                       r->has_other_person ? pl_pg_i64(&op, r->other_person) : NULL,
                       r->other_households[0] ? r->other_households : NULL};
    int rc = pl_pg_command(fp->s, q_put, 8, p, fp->err, "integrity_finding");
    if (rc)
        return rc;
    (*fp->count)++;
    return fp->cb ? fp->cb(fp->ctx, f) : 0;
}

int pl_pg_program_check(pl_pg_store *s, const pl_program *p, const char *period,
                        double dup_threshold, pl_finding_cb cb, void *ctx, long *count,
                        pl_error *err)
{
    static const char q_clear[] =
        "DELETE FROM integrity_finding WHERE program_id = $1::bigint AND period = $2";
    /* Each rule and how many of the parameters below it takes (see the rules). */
    static const struct {
        const char *sql;
        int kind; /* 0: $1 $2; 1: + threshold; 2: + excludes, code; 3: + amount, cap */
    } rules[] = {{f_dead, 0}, {f_dup, 1},     {f_unverified, 0}, {f_exclusive, 2},
                 {f_cap, 3},  {f_account, 0}, {f_all, 0}};
    *count = 0;
    int rc = pl_pg_require_schema(s, err);
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
    pl_pg_num id, thr, amount, cap;
    pl_pg_i64(&id, p->id);
    pl_pg_f64(&thr, dup_threshold);
    pl_pg_i64(&amount, p->amount * payments);
    pl_pg_i64(&cap, p->cap);
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, NULL, &own, err)))
        return rc;
    finding_put put = {s, p, period, cb, ctx, count, err};
    const char *pc[] = {id.b, period};
    if ((rc = pl_pg_command(s, q_clear, 2, pc, err, "integrity_finding")))
        goto out;
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        bool region_rule = rules[r].sql == f_all;
        if (region_rule && !p->rule.regions[0][0])
            continue;
        const char *prm[4] = {id.b, period, NULL, NULL};
        int n = 2;
        if (rules[r].kind == 1) {
            prm[2] = thr.b;
            n = 3;
        } else if (rules[r].kind == 2) {
            prm[2] = excl;
            prm[3] = p->code;
            n = 4;
        } else if (rules[r].kind == 3) {
            prm[2] = amount.b;
            prm[3] = cap.b;
            n = 4;
        }
        check_arg arg = {p, region_rule};
        if ((rc = pl_pg_each(s, rules[r].sql, n, prm, &check_rows, &arg, PL_PG_FN(put_finding),
                             &put, err)))
            goto out;
    }
out:
    return pl_pg_tx_end(s, own, rc, err);
}
