/*
 * program_report.c - the PostgreSQL twin of store/sqlite/program_report.c: beneficiaries and
 * money per program, region and period with failures by reason, and the program coverage of
 * the PMKS population shown in the rakor report. Over one province the people, residence
 * and membership partitions read are that province's (see report.c for who moved away).
 */
#include "store/pg/internal.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------- program report */

#define PAY_SUMS(ST)                                                                               \
    "count(*) FILTER (WHERE i.status = '" ST "'), "                                                \
    "coalesce(sum(i.amount) FILTER (WHERE i.status = '" ST "'), 0)"

static void read_report(pl_program_report_row *row, const PGresult *res, int i)
{
    pl_pg_copy(row->program, sizeof row->program, res, i, 0);
    pl_pg_copy(row->region, sizeof row->region, res, i, 1);
    row->people = (long)pl_pg_int(res, i, 2);
    row->households = (long)pl_pg_int(res, i, 3);
    row->batches = (long)pl_pg_int(res, i, 4);
    for (int k = 0; k < PL_PAY__MAX; k++) {
        row->items[k] = (long)pl_pg_int(res, i, 5 + 2 * k);
        row->amount[k] = pl_pg_int(res, i, 6 + 2 * k);
    }
}

PL_PG_ROWS(report_rows, pl_program_report_row, pl_program_report_cb, read_report, "program report");

static void read_failure(pl_program_failure_row *f, const PGresult *res, int i)
{
    pl_pg_copy(f->program, sizeof f->program, res, i, 0);
    pl_pg_copy(f->region, sizeof f->region, res, i, 1);
    pl_pg_copy(f->status, sizeof f->status, res, i, 2);
    pl_pg_copy(f->reason, sizeof f->reason, res, i, 3);
    f->items = (long)pl_pg_int(res, i, 4);
    f->amount = pl_pg_int(res, i, 5);
}

PL_PG_ROWS(failure_rows, pl_program_failure_row, pl_program_failure_cb, read_failure,
           "program report");

/* $1 prefix length, $2 period, $3 program id (0 = all), $4 region prefix; PROV prunes. */
#define REPORT_SQL(PROV)                                                                           \
    "SELECT code, g, sum(people), sum(households), sum(batches), "                                 \
    "sum(n0), sum(a0), sum(n1), sum(a1), sum(n2), sum(a2), sum(n3), sum(a3) FROM ("                \
    "SELECT q.code AS code, substr(p.village_code, 1, $1::int) AS g, "                             \
    "sum(CASE WHEN e.household_id IS NULL THEN 1 ELSE (SELECT count(*) FROM person m "             \
    "WHERE m.household_id = e.household_id AND m.death_date IS NULL) END) AS people, "             \
    "count(DISTINCT coalesce(e.household_id, p.household_id)) AS households, 0 AS batches, "       \
    "0 AS n0, 0 AS a0, 0 AS n1, 0 AS a1, 0 AS n2, 0 AS a2, 0 AS n3, 0 AS a3 "                      \
    "FROM enrolment e JOIN program q ON q.id = e.program_id "                                      \
    "JOIN person p ON p.id = e.person_id "                                                         \
    "WHERE e.period = $2 AND ($3::bigint = 0 OR e.program_id = $3::bigint) "                       \
    "AND " PL_PG_IN_PREFIX("p.village_code", "$4") PROV                                            \
        " GROUP BY 1, 2 "                                                                          \
        "UNION ALL "                                                                               \
        "SELECT q.code, substr(i.village_code, 1, $1::int), 0, 0, count(DISTINCT "                 \
        "i.batch_id), " PAY_SUMS("pending") ", " PAY_SUMS("paid") ", " PAY_SUMS(                   \
            "failed") ", " PAY_SUMS("returned") " FROM batch_item i JOIN disbursement_batch b ON " \
                                                "b.id = i.batch_id "                               \
                                                "JOIN program q ON q.id = b.program_id "           \
                                                "WHERE b.period = $2 AND ($3::bigint = 0 OR "      \
                                                "b.program_id = $3::bigint) "                      \
                                                "AND " PL_PG_IN_PREFIX(                            \
                                                    "i.village_code",                              \
                                                    "$4") " GROUP BY 1, 2"                         \
                                                          ") x GROUP BY 1, 2 ORDER BY "            \
                                                          "1, 2"

int pl_pg_program_report(pl_pg_store *s, const pl_program_report_query *q, pl_program_report_cb cb,
                         pl_program_failure_cb fcb, void *ctx, pl_error *err)
{
    static const char sql[] = REPORT_SQL("");
    static const char sql_prov[] = REPORT_SQL(" AND substr(p.village_code, 1, 2) = $5");
    static const char sql_fail[] =
        "SELECT q.code, substr(i.village_code, 1, $1::int), i.status, i.status_reason, count(*), "
        "sum(i.amount) FROM batch_item i JOIN disbursement_batch b ON b.id = i.batch_id "
        "JOIN program q ON q.id = b.program_id "
        "WHERE b.period = $2 AND ($3::bigint = 0 OR b.program_id = $3::bigint) "
        "AND i.status IN ('failed', 'returned') "
        "AND " PL_PG_IN_PREFIX("i.village_code", "$4") " GROUP BY 1, 2, 3, 4 "
                                                       "ORDER BY 1, 2, 3, 5 DESC, 4";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (q->level < 0 || q->level > 4)
        return pl_error_set(err, PL_EINVAL, "tingkat", "tingkat wilayah harus 0 sampai 4");
    char region[PL_REGION_CODE_MAX];
    if ((rc = pl_pg_query_region(region, sizeof region, q->scope, q->region, err)))
        return rc;
    char prov[3];
    pl_pg_prov(prov, region);
    pl_pg_num len, id;
    const char *p[] = {pl_pg_i64(&len, pl_pg_level_len[q->level]), q->period,
                       pl_pg_i64(&id, q->program_id), region, prov};
    if ((rc = pl_pg_each(s, prov[0] ? sql_prov : sql, prov[0] ? 5 : 4, p, &report_rows, NULL,
                         PL_PG_FN(cb), ctx, err)))
        return rc;
    if (fcb == NULL)
        return 0;
    return pl_pg_each(s, sql_fail, 4, p, &failure_rows, NULL, PL_PG_FN(fcb), ctx, err);
}

/* ------------------------------------------------------------- coverage */

/*
 * Enrolment e runs within $4..$2: it began by $2 and had not ended before $4; an open
 * enrolment ends with its period label (valid_from is the label's first day; YYYY, YYYY-Sn,
 * YYYY-Qn, YYYY-MM).
 */
#define E_ON                                                                                       \
    "(e.valid_from <= $2 AND coalesce(e.valid_to, to_char(e.valid_from::date + make_interval("     \
    "months => CASE WHEN length(e.period) = 4 THEN 12 WHEN substr(e.period, 6, 1) IN ('S','s') "   \
    "THEN 6 WHEN substr(e.period, 6, 1) IN ('Q','q') THEN 3 ELSE 1 END) - interval '1 day', "      \
    "'YYYY-MM-DD')) >= "                                                                           \
    "$4)"
#define M_ON "(m.valid_from <= $2 AND (m.valid_to IS NULL OR m.valid_to >= $2))"
#define R_ON "(r.valid_from <= $2 AND (r.valid_to IS NULL OR r.valid_to > $2))"
#define ALIVE(P) "(" P ".death_date IS NULL OR " P ".death_date > $2)"

static void read_coverage(pl_coverage_row *row, const PGresult *res, int i)
{
    pl_pg_copy(row->region, sizeof row->region, res, i, 0);
    row->category = (int)pl_pg_int(res, i, 1);
    pl_pg_copy(row->program, sizeof row->program, res, i, 2);
    row->people = (long)pl_pg_int(res, i, 3);
    row->households = (long)pl_pg_int(res, i, 4);
}

PL_PG_ROWS(coverage_rows, pl_coverage_row, pl_coverage_cb, read_coverage, "program coverage");

/* $1 prefix length, $2 count date, $3 region prefix, $4 first day of the period, $5 province. */
#define SUBJ_P                                                                                     \
    "substr(r.village_code, 1, $1::int) AS g, m.category AS cat, m.person_id AS pid, "             \
    "p.household_id AS hid "
#define SUBJ_P_WHERE                                                                               \
    " AND " M_ON " AND " R_ON " AND " ALIVE("p") " AND " PL_PG_IN_PREFIX("r.village_code", "$3")
#define COV_P                                                                                      \
    "cov AS (SELECT s.g, s.cat, s.pid, e.program_id FROM subj s JOIN enrolment e "                 \
    "ON e.person_id = s.pid WHERE " E_ON " UNION "                                                 \
    "SELECT s.g, s.cat, s.pid, e.program_id FROM subj s JOIN enrolment e "                         \
    "ON e.household_id = s.hid WHERE " E_ON ") "                                                   \
    "SELECT g, cat, '', count(DISTINCT pid), 0 FROM cov GROUP BY 1, 2 UNION ALL "                  \
    "SELECT g, cat, q.code, count(DISTINCT pid), 0 FROM cov JOIN program q "                       \
    "ON q.id = cov.program_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"

static const char cov_person[] =
    "WITH subj AS (SELECT " SUBJ_P "FROM membership m JOIN residence r ON r.person_id = "
    "m.person_id JOIN person p ON p.id = m.person_id WHERE m.person_id IS NOT NULL" SUBJ_P_WHERE
    "), " COV_P;
/*
 * The province form: each membership of the province's partition with the subject's residence
 * rows in the province and its person row found by index lookups (LATERAL with OFFSET 0, as
 * report.c's count_at: the planner otherwise hashes every residence row of the province), then
 * those who moved out.
 */
#define R_LOOKUP(T)                                                                                \
    "CROSS JOIN LATERAL (SELECT r.village_code, r.valid_from, r.valid_to FROM residence r "        \
    "WHERE substr(r.village_code, 1, 2) = $5 AND r." T "_id = m." T "_id AND " R_ON                \
    " OFFSET 0) r "
static const char cov_person_prov[] = "WITH subj AS (SELECT " SUBJ_P "FROM membership m " R_LOOKUP(
    "person") "CROSS JOIN LATERAL (SELECT p.household_id, p.death_date FROM person p "
              "WHERE substr(p.village_code, 1, 2) = $5 AND p.id = m.person_id OFFSET 0) p "
              "WHERE m.prov = $5 AND m.person_id IS NOT NULL" SUBJ_P_WHERE
              " UNION ALL SELECT " SUBJ_P
              "FROM residence r JOIN person_key k ON k.id = r.person_id "
              "JOIN membership m ON m.prov = k.prov AND m.person_id = k.id JOIN person p ON "
              "substr(p.village_code, 1, 2) = k.prov AND p.id = k.id WHERE substr(r.village_code, "
              "1, 2) = "
              "$5 AND k.prov <> $5 AND r.valid_to IS NOT NULL AND r.person_id IS NOT "
              "NULL" SUBJ_P_WHERE "), " COV_P;

#define SUBJ_H "substr(r.village_code, 1, $1::int) AS g, m.category AS cat, m.household_id AS hid "
#define SUBJ_H_WHERE " AND " M_ON " AND " R_ON " AND " PL_PG_IN_PREFIX("r.village_code", "$3")
#define MEM_H(WHERE)                                                                               \
    "SELECT s.g, s.cat, s.hid, p.id AS pid FROM subj s JOIN person p ON p.household_id = s.hid "   \
    "WHERE " ALIVE("p") WHERE
#define COV_H                                                                                      \
    "cov AS (SELECT m.g, m.cat, m.hid, m.pid, e.program_id FROM mem m JOIN enrolment e "           \
    "ON e.household_id = m.hid WHERE " E_ON " UNION "                                              \
    "SELECT m.g, m.cat, m.hid, m.pid, e.program_id FROM mem m JOIN enrolment e "                   \
    "ON e.person_id = m.pid WHERE " E_ON ") "                                                      \
    "SELECT g, cat, '', count(DISTINCT pid), count(DISTINCT hid) FROM cov GROUP BY 1, 2 "          \
    "UNION ALL SELECT g, cat, q.code, count(DISTINCT pid), count(DISTINCT hid) FROM cov "          \
    "JOIN program q ON q.id = cov.program_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"

static const char cov_household[] =
    "WITH subj AS (SELECT " SUBJ_H "FROM membership m JOIN residence r ON r.household_id = "
    "m.household_id WHERE m.household_id IS NOT NULL" SUBJ_H_WHERE
    "), mem AS (" MEM_H("") "), " COV_H;
/* Members of the subject households wherever they live: one index scan per partition over the
 * array of the households (not one lookup per household and partition). */
static const char cov_household_prov[] =
    "WITH subj AS MATERIALIZED (SELECT " SUBJ_H "FROM membership m " R_LOOKUP(
        "household") "WHERE m.prov = $5 AND m.household_id IS NOT NULL" SUBJ_H_WHERE
                     " UNION ALL SELECT " SUBJ_H "FROM residence r JOIN household_key k ON k.id = "
                     "r.household_id JOIN membership m ON "
                     "m.prov = k.prov AND m.household_id = k.id WHERE substr(r.village_code, 1, 2) "
                     "= $5 AND "
                     "k.prov <> $5 AND r.valid_to IS NOT NULL AND r.household_id IS NOT "
                     "NULL" SUBJ_H_WHERE
                     "), h AS (SELECT ARRAY(SELECT DISTINCT hid FROM subj) AS ids), "
                     "px AS (SELECT p.household_id AS hid, p.id AS pid FROM person p "
                     "WHERE p.household_id = ANY ((SELECT ids FROM h)::bigint[]) AND " ALIVE(
                         "p") "), "
                              "mem AS (SELECT s.g, s.cat, s.hid, px.pid FROM subj s JOIN px ON "
                              "px.hid = s.hid), " COV_H;

int pl_pg_program_coverage(pl_pg_store *s, const char *scope, const char *region, int level,
                           const char *from, const char *date, pl_coverage_cb cb, void *ctx,
                           pl_error *err)
{
    char rg[PL_REGION_CODE_MAX];
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (level < 1 || level > 4)
        return pl_error_set(err, PL_EINVAL, "tingkat", "tingkat wilayah harus 1 sampai 4");
    if ((rc = pl_pg_query_region(rg, sizeof rg, scope, region, err)))
        return rc;
    char prov[3];
    pl_pg_prov(prov, rg);
    pl_pg_num len;
    const char *p[] = {pl_pg_i64(&len, pl_pg_level_len[level]), date, rg, from, prov};
    /* As count_at (report.c): a province's passes in one transaction without Memoize. */
    bool own = prov[0] && !s->in_tx;
    if (own && (rc = pl_pg_begin(s, err)))
        return rc;
    if (prov[0])
        rc = pl_pg_plan_lookups(s, err);
    /* Person and household categories are disjoint: one pass each. */
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        const char *sql = pass == 0 ? (prov[0] ? cov_person_prov : cov_person)
                                    : (prov[0] ? cov_household_prov : cov_household);
        rc = pl_pg_each(s, sql, prov[0] ? 5 : 4, p, &coverage_rows, NULL, PL_PG_FN(cb), ctx, err);
    }
    if (!own)
        return rc;
    if (rc == 0)
        return pl_pg_commit(s, err);
    pl_pg_rollback(s);
    return rc;
}
