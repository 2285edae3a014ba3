/*
 * report.c - the PostgreSQL twin of store/sqlite/report.c: counts at a date (memberships x
 * residence history x deaths), PSKS counts, indicators, period approvals, rakor and
 * interventions.
 *
 * A report over one province names its partitions (substr(village_code, 1, 2) = <province>,
 * prov = <province> for memberships), so that it reads that province's tables only; a
 * national report reads them all. See count_at for people who moved out of the province.
 */
#include "store/pg/internal.h"
#include "domain/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs one write statement in a transaction of its own (unless the caller has one), with
 * the actor set; *out (may be NULL) receives the result. */
static int write1(pl_pg_store *s, const pl_actor *who, const char *sql, int n,
                  const char *const *params, PGresult **out, pl_error *err, const char *what)
{
    if (out)
        *out = NULL;
    bool own;
    int rc = pl_pg_tx_begin_as(s, who, &own, err);
    if (rc)
        return rc;
    PGresult *r = pl_pg_query(s, sql, n, params, err, what);
    if (r == NULL)
        rc = err->code;
    rc = pl_pg_tx_end(s, own, rc, err);
    if (rc == 0 && out)
        *out = r;
    else
        PQclear(r);
    return rc;
}

/* ------------------------------------------------------------------ counts */

/* A count row; rows that are zero on both dates are skipped (arg: whether a second date). */
static int read_count(pl_count_row *row, const PGresult *res, int i, void *arg)
{
    const bool *two_dates = arg;
    pl_pg_copy(row->region, sizeof row->region, res, i, 0);
    row->category = (int)pl_pg_int(res, i, 1);
    for (int d = 0; d < PL_REPORT_MAX_DATES; d++) {
        bool on = d == 0 || *two_dates;
        row->people[d] = on ? (long)pl_pg_int(res, i, 2 + d) : 0;
        row->households[d] = on ? (long)pl_pg_int(res, i, 4 + d) : 0;
    }
    return row->people[0] == 0 && row->people[1] == 0 && row->households[0] == 0 &&
           row->households[1] == 0;
}

PL_PG_ROWS_ARG(count_rows, pl_count_row, pl_count_cb, read_count, "count");

/* The usual start of a level report here and in program_report.c (pl_sq_level_report). */
static int level_report(char *out, pl_pg_store *s, const char *scope, const char *region, int level,
                        pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (level < 1 || level > 4)
        return pl_error_set(err, PL_EINVAL, "tingkat", "tingkat wilayah harus 1 sampai 4");
    return pl_pg_query_region(out, PL_REGION_CODE_MAX, scope, region, err);
}

/*
 * A count at D from the roll-ups (schema_count.c, as SQLite's report.c): count_year at the end
 * of the year before D's ($3, $4 for the two dates: a group's row of that year, or its total
 * when its last year is earlier) plus the changes from the next 1 January ($7, $8) to D ($5,
 * $6). $1 prefix length, $2 region prefix, $9 the province (the province form reads its
 * partitions only). Index ranges, no join.
 */
/*
 * Each part groups by prov too: that changes no group (a code of two digits or more names its
 * province) but lets the planner aggregate each partition on its own, so that on a cluster's
 * coordinator (docs/scale.md) each shard computes its provinces' sums (postgres_fdw's Remote
 * SQL holds the GROUP BY) and only the groups cross the network.
 */
/* clang-format off */
#define PART_GROUP " GROUP BY prov, 1, 2"
#define COUNT_YEARS(PROV)                                                                          \
    "SELECT g, c, sum(p1), sum(p2), sum(h1), sum(h2) FROM ("                                       \
    "SELECT substr(village_code, 1, $1::int) AS g, category AS c, "                                \
    "sum(CASE WHEN year = $3::bigint THEN people ELSE 0 END) AS p1, "                              \
    "sum(CASE WHEN year = $4::bigint THEN people ELSE 0 END) AS p2, "                              \
    "sum(CASE WHEN year = $3::bigint THEN households ELSE 0 END) AS h1, "                          \
    "sum(CASE WHEN year = $4::bigint THEN households ELSE 0 END) AS h2 FROM count_year "           \
    "WHERE " PROV "year IN ($3::bigint, $4::bigint) AND "                                          \
    PL_PG_IN_PREFIX("village_code", "$2") PART_GROUP                                               \
    " UNION ALL SELECT substr(village_code, 1, $1::int), category, "                               \
    "sum(CASE WHEN last_year < $3::bigint THEN people ELSE 0 END), "                               \
    "sum(CASE WHEN last_year < $4::bigint THEN people ELSE 0 END), "                               \
    "sum(CASE WHEN last_year < $3::bigint THEN households ELSE 0 END), "                           \
    "sum(CASE WHEN last_year < $4::bigint THEN households ELSE 0 END) FROM count_total "           \
    "WHERE " PROV "(last_year < $3::bigint OR last_year < $4::bigint) AND "                        \
    PL_PG_IN_PREFIX("village_code", "$2") PART_GROUP                                               \
    " UNION ALL SELECT substr(village_code, 1, $1::int), category, sum(people), 0, "               \
    "sum(households), 0 FROM count_delta WHERE " PROV "day BETWEEN $7 AND $5 AND "                 \
    PL_PG_IN_PREFIX("village_code", "$2") PART_GROUP                                               \
    " UNION ALL SELECT substr(village_code, 1, $1::int), category, 0, sum(people), 0, "            \
    "sum(households) FROM count_delta WHERE " PROV "day BETWEEN $8 AND $6 AND "                    \
    PL_PG_IN_PREFIX("village_code", "$2") PART_GROUP ") x GROUP BY 1, 2 ORDER BY 1, 2"
/* clang-format on */

int pl_pg_count_at(pl_pg_store *s, const pl_count_query *q, pl_count_cb cb, void *ctx,
                   pl_error *err)
{
    static const char sql_all[] = COUNT_YEARS("");
    static const char sql_prov[] = COUNT_YEARS("prov = $9 AND ");
    char region[PL_REGION_CODE_MAX];
    int rc = level_report(region, s, q->scope, q->region, q->level, err);
    if (rc)
        return rc;
    const char *d1 = q->dates[0], *d2 = q->dates[1] ? q->dates[1] : q->dates[0];
    char start1[11], start2[11];
    pl_pg_num len, y1, y2;
    const char *y1s = pl_pg_i64(&y1, pl_date_year_end_before(d1, start1));
    const char *y2s = pl_pg_i64(&y2, pl_date_year_end_before(d2, start2));
    char prov[3];
    pl_pg_prov(prov, region);
    const char *p[] = {
        pl_pg_i64(&len, pl_pg_level_len[q->level]), region, y1s, y2s, d1, d2, start1, start2, prov};
    bool two_dates = q->dates[1] != NULL;
    return pl_pg_each(s, prov[0] ? sql_prov : sql_all, prov[0] ? 9 : 8, p, &count_rows, &two_dates,
                      PL_PG_FN(cb), ctx, err);
}

int pl_pg_count_check(pl_pg_store *s, bool rebuild, long *wrong, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    int64_t n = 0;
    if ((rc = pl_pg_scalar_i64(s, pl_pg_count_diff, 0, NULL, &n, err, "count_delta")))
        return rc;
    *wrong = (long)n;
    if (!rebuild || n == 0)
        return 0;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, NULL, &own, err)))
        return rc;
    /* The roll-ups' trigger stands aside (pilar.count_rebuild): they are filled after. */
    static const char *const steps[] = {"SELECT set_config('pilar.count_rebuild', 'on', true)",
                                        "DELETE FROM count_delta",
                                        "DELETE FROM count_total",
                                        "DELETE FROM count_year",
                                        pl_pg_count_fill,
                                        pl_pg_count_fill_total,
                                        pl_pg_count_fill_year,
                                        "SELECT set_config('pilar.count_rebuild', 'off', true)"};
    for (size_t i = 0; rc == 0 && i < sizeof steps / sizeof steps[0]; i++)
        rc = pl_pg_command(s, steps[i], 0, NULL, err, "count_delta");
    return pl_pg_tx_end(s, own, rc, err);
}

static void read_psks_count(pl_psks_count_row *row, const PGresult *res, int i)
{
    pl_pg_copy(row->region, sizeof row->region, res, i, 0);
    row->type = (int)pl_pg_int(res, i, 1);
    row->units = (long)pl_pg_int(res, i, 2);
}

PL_PG_ROWS(psks_count_rows, pl_psks_count_row, pl_psks_count_cb, read_psks_count, "psks");

int pl_pg_psks_count(pl_pg_store *s, const char *scope, const char *region, int level,
                     const char *date, pl_psks_count_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT substr(area_code, 1, $1::int) AS g, type, count(*) FROM psks_unit "
        "WHERE " PL_PG_IN_PREFIX("area_code",
                                 "$2") " AND ($2 = '' OR substr(area_code, 1, 2) = "
                                       "substr($2, 1, 2)) AND (valid_from IS NULL OR valid_from <= "
                                       "$3) AND (valid_to IS NULL OR valid_to >= $3) "
                                       "GROUP BY 1, 2 ORDER BY 1, 2";
    char rg[PL_REGION_CODE_MAX];
    int rc = level_report(rg, s, scope, region, level, err);
    if (rc)
        return rc;
    pl_pg_num len;
    const char *p[] = {pl_pg_i64(&len, pl_pg_level_len[level]), rg, date};
    return pl_pg_each(s, sql, 3, p, &psks_count_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* The open residence of a person: its start and village. */
typedef struct cur_res {
    char from[11];
    char village[PL_REGION_CODE_MAX];
} cur_res;

static int read_cur_res(void *out, const PGresult *res, int row, void *arg)
{
    (void)arg;
    cur_res *c = out;
    pl_pg_copy(c->from, sizeof c->from, res, row, 0);
    pl_pg_copy(c->village, sizeof c->village, res, row, 1);
    return 0;
}

int pl_pg_residence_move(pl_pg_store *s, const pl_actor *who, int64_t person_id,
                         const char *village, const char *date, pl_error *err)
{
    static const char sql_village[] = "SELECT 1 FROM region WHERE code = $1 AND level = 4";
    /* The person's partition through the registry (run-time pruning). */
    static const char sql_cur[] =
        "SELECT valid_from, village_code FROM residence WHERE substr(village_code, 1, 2) = "
        "(SELECT prov FROM person_key WHERE id = $1) AND person_id = $1 AND valid_to IS NULL";
    static const char sql_person[] =
        "UPDATE person SET village_code = $2, version = version + 1, updated_at = pl_now() "
        "WHERE substr(village_code, 1, 2) = (SELECT prov FROM person_key WHERE id = $1) "
        "AND id = $1";
    /* The row the update closed today (its old village) ends on the date of the move. */
    static const char sql_close[] =
        "UPDATE residence SET valid_to = $2 WHERE person_id = $1 AND valid_to = pl_today() "
        "AND id = (SELECT max(id) FROM residence WHERE person_id = $1 AND valid_to IS NOT NULL)";
    static const char sql_open[] =
        "UPDATE residence SET valid_from = $2 WHERE substr(village_code, 1, 2) = "
        "(SELECT prov FROM person_key WHERE id = $1) AND person_id = $1 AND valid_to IS NULL";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (!pl_date_is_iso(date))
        return pl_error_set(err, PL_EINVAL, "tanggal", "tanggal pindah harus YYYY-MM-DD");
    const char *pv[] = {village};
    PGresult *r = pl_pg_query(s, sql_village, 1, pv, err, "region");
    if (r == NULL)
        return err->code;
    bool known = PQntuples(r) > 0;
    PQclear(r);
    if (!known)
        return pl_error_set(err, PL_EINVAL, "desa", "kode desa %s tidak dikenal", village);
    pl_pg_num id;
    const char *pid[] = {pl_pg_i64(&id, person_id)};
    cur_res cur;
    rc = pl_pg_one(s, sql_cur, 1, pid, read_cur_res, &cur, NULL, err, "residence");
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "id", "orang id %lld tidak ada",
                            (long long)person_id);
    if (rc)
        return rc;
    if (strcmp(date, cur.from) <= 0)
        return pl_error_set(err, PL_EINVAL, "tanggal",
                            "tanggal pindah %s tidak setelah awal tempat tinggal sekarang (%s)",
                            date, cur.from);
    if (strcmp(cur.village, village) == 0)
        return pl_error_set(err, PL_EINVAL, "desa", "orang ini sudah tinggal di desa %s", village);
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    const char *steps[] = {sql_person, sql_close, sql_open};
    for (int i = 0; i < 3 && rc == 0; i++) {
        const char *p[] = {id.b, i == 0 ? village : date};
        rc = pl_pg_command(s, steps[i], 2, p, err, "residence");
    }
    return pl_pg_tx_end(s, own, rc, err);
}

/* -------------------------------------------------------------- indicators */

int pl_pg_indicator_put(pl_pg_store *s, const pl_actor *who, const char *scope,
                        const pl_indicator *in, bool *replaced, pl_error *err)
{
    static const char sql_region[] = "SELECT 1 FROM region WHERE code = $1";
    /* xmax <> 0: the row was there (updated or left alone by the WHERE). */
    static const char sql_get[] =
        "SELECT 1 FROM indicator WHERE region_code = $1 AND year = $2::bigint AND name = $3";
    static const char sql_put[] =
        "INSERT INTO indicator(region_code, year, name, value, source, created_at, created_by) "
        "VALUES($1, $2::bigint, $3, $4::double precision, $5, pl_now(), $6) "
        "ON CONFLICT(region_code, year, name) DO UPDATE SET value = excluded.value, "
        "source = excluded.source WHERE indicator.value IS DISTINCT FROM excluded.value "
        "OR indicator.source IS DISTINCT FROM excluded.source";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (!pl_pg_in_scope(in->region, scope))
        return pl_error_set(err, PL_EDENIED, "kode_wilayah",
                            "wilayah %s di luar wilayah akses Anda", in->region);
    const char *pr[] = {in->region};
    PGresult *r = pl_pg_query(s, sql_region, 1, pr, err, "region");
    if (r == NULL)
        return err->code;
    bool known = PQntuples(r) > 0;
    PQclear(r);
    if (!known)
        return pl_error_set(err, PL_EINVAL, "kode_wilayah", "kode wilayah %s tidak dikenal",
                            in->region);
    pl_pg_num y, v;
    const char *pg[] = {in->region, pl_pg_i64(&y, in->year), in->name};
    r = pl_pg_query(s, sql_get, 3, pg, err, "indicator");
    if (r == NULL)
        return err->code;
    if (replaced)
        *replaced = PQntuples(r) > 0;
    PQclear(r);
    if ((rc = pl_pg_set_actor(s, who, err)))
        return rc;
    const char *p[] = {in->region, y.b, in->name, pl_pg_f64(&v, in->value), in->source, s->actor};
    return write1(s, who, sql_put, 6, p, NULL, err, "indicator");
}

static void read_indicator(pl_indicator *in, const PGresult *res, int i)
{
    pl_pg_copy(in->region, sizeof in->region, res, i, 0);
    in->year = (int)pl_pg_int(res, i, 1);
    pl_pg_copy(in->name, sizeof in->name, res, i, 2);
    in->value = pl_pg_real(res, i, 3);
    pl_pg_copy(in->source, sizeof in->source, res, i, 4);
}

PL_PG_ROWS(indicator_rows, pl_indicator, pl_indicator_cb, read_indicator, "indicator");

int pl_pg_indicator_list(pl_pg_store *s, const char *scope, const char *region, int from, int to,
                         const char *name, pl_indicator_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT region_code, year, name, value, source FROM indicator "
        "WHERE " PL_PG_IN_PREFIX("region_code", "$1") " AND ($2::bigint = 0 OR year >= "
                                                      "$2::bigint) AND ($3::bigint = 0 OR year <= "
                                                      "$3::bigint) AND ($4::text IS NULL OR name "
                                                      "= $4) ORDER BY region_code COLLATE \"C\", "
                                                      "name COLLATE \"C\", year";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char rg[PL_REGION_CODE_MAX];
    if ((rc = pl_pg_query_region(rg, sizeof rg, scope, region, err)))
        return rc;
    pl_pg_num f, t;
    const char *p[] = {rg, pl_pg_i64(&f, from), pl_pg_i64(&t, to), name && name[0] ? name : NULL};
    return pl_pg_each(s, sql, 4, p, &indicator_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* --------------------------------------------------------------- approvals */

#define APPROVAL_COLS                                                                              \
    "id, region_code, period, date_from, date_to, approved_by, approved_at, note, "                \
    "reopened_by, reopened_at, reopen_reason"

static void row_to_approval(pl_approval *a, const PGresult *res, int i)
{
    memset(a, 0, sizeof *a);
    a->id = pl_pg_int(res, i, 0);
    pl_pg_copy(a->region, sizeof a->region, res, i, 1);
    pl_pg_copy(a->period, sizeof a->period, res, i, 2);
    pl_pg_copy(a->date_from, sizeof a->date_from, res, i, 3);
    pl_pg_copy(a->date_to, sizeof a->date_to, res, i, 4);
    pl_pg_copy(a->approved_by, sizeof a->approved_by, res, i, 5);
    pl_pg_copy(a->approved_at, sizeof a->approved_at, res, i, 6);
    pl_pg_copy(a->note, sizeof a->note, res, i, 7);
    pl_pg_copy(a->reopened_by, sizeof a->reopened_by, res, i, 8);
    pl_pg_copy(a->reopened_at, sizeof a->reopened_at, res, i, 9);
    pl_pg_copy(a->reopen_reason, sizeof a->reopen_reason, res, i, 10);
}

int pl_pg_period_approve(pl_pg_store *s, const pl_actor *who, const char *scope, pl_approval *a,
                         pl_error *err)
{
    static const char sql_region[] = "SELECT 1 FROM region WHERE code = $1 AND level = 2";
    static const char sql[] =
        "INSERT INTO period_approval(region_code, period, date_from, date_to, approved_by, "
        "approved_at, note) VALUES($1, $2, $3, $4, $5, pl_now(), $6) RETURNING approved_at, id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (!pl_pg_in_scope(a->region, scope))
        return pl_error_set(err, PL_EDENIED, "wilayah", "wilayah %s di luar wilayah akses Anda",
                            a->region);
    const char *pr[] = {a->region};
    PGresult *r = pl_pg_query(s, sql_region, 1, pr, err, "region");
    if (r == NULL)
        return err->code;
    bool known = PQntuples(r) > 0;
    PQclear(r);
    if (!known)
        return pl_error_set(err, PL_EINVAL, "wilayah", "kabupaten/kota %s tidak dikenal",
                            a->region);
    if ((rc = pl_pg_set_actor(s, who, err)))
        return rc;
    const char *p[] = {a->region, a->period, a->date_from, a->date_to, s->actor, a->note};
    rc = write1(s, who, sql, 6, p, &r, err, "period_approval");
    if (rc) {
        if (rc == PL_ECONFLICT)
            pl_error_set(err, PL_ECONFLICT, "periode",
                         "periode %s untuk %s sudah disahkan; buka kembali dahulu bila perlu",
                         a->period, a->region);
        return rc;
    }
    pl_pg_copy(a->approved_at, sizeof a->approved_at, r, 0, 0);
    a->id = pl_pg_int(r, 0, 1);
    snprintf(a->approved_by, sizeof a->approved_by, "%s", s->actor);
    PQclear(r);
    return 0;
}

int pl_pg_period_reopen(pl_pg_store *s, const pl_actor *who, const char *scope, const char *region,
                        const char *period, const char *reason, pl_error *err)
{
    static const char sql[] = "UPDATE period_approval SET reopened_by = $3, "
                              "reopened_at = pl_now(), reopen_reason = $4 "
                              "WHERE region_code = $1 AND period = $2 AND reopened_at IS NULL";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (!pl_pg_in_scope(region, scope))
        return pl_error_set(err, PL_EDENIED, "wilayah", "wilayah %s di luar wilayah akses Anda",
                            region);
    if ((rc = pl_pg_set_actor(s, who, err)))
        return rc;
    const char *p[] = {region, period, s->actor, reason};
    PGresult *r;
    if ((rc = write1(s, who, sql, 4, p, &r, err, "period_approval")))
        return rc;
    long n = pl_pg_changes(r);
    PQclear(r);
    if (n == 0)
        return pl_error_set(err, PL_ENOTFOUND, "periode", "periode %s untuk %s belum disahkan",
                            period, region);
    return 0;
}

PL_PG_ROWS(approval_rows, pl_approval, pl_approval_cb, row_to_approval, "period_approval");

int pl_pg_approval_list(pl_pg_store *s, const char *scope, const char *region, const char *period,
                        bool active_only, pl_approval_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " APPROVAL_COLS " FROM period_approval WHERE " PL_PG_IN_PREFIX(
            "region_code", "$1") " AND ($1 = '' OR substr(region_code, 1, 2) = substr($1, 1, "
                                 "2)) AND ($2::text IS NULL OR period = $2) AND ($3::int = 0 OR "
                                 "reopened_at IS NULL) ORDER BY region_code COLLATE \"C\", id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char rg[PL_REGION_CODE_MAX];
    if ((rc = pl_pg_query_region(rg, sizeof rg, scope, region, err)))
        return rc;
    const char *p[] = {rg, period && period[0] ? period : NULL, pl_pg_b(active_only)};
    return pl_pg_each(s, sql, 3, p, &approval_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* ----------------------------------------------------------------- rakor */

int pl_pg_rakor_add(pl_pg_store *s, const pl_actor *who, pl_rakor *r, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO rakor(year, host_region, held_on, theme, participants, created_at, "
        "created_by) VALUES($1::bigint, $2, $3, $4, $5, pl_now(), $6) RETURNING id";
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_set_actor(s, who, err)))
        return rc;
    pl_pg_num y;
    const char *p[] = {pl_pg_i64(&y, r->year), r->host_region, r->held_on, r->theme,
                       r->participants,        s->actor};
    PGresult *res;
    if ((rc = write1(s, who, sql, 6, p, &res, err, "rakor"))) {
        if (rc == PL_ECONFLICT)
            pl_error_set(err, PL_ECONFLICT, "tahun", "rakor %d di %s sudah tercatat", r->year,
                         r->host_region);
        else if (rc == PL_EINVAL)
            pl_error_set(err, PL_EINVAL, "tuan_rumah", "wilayah tuan rumah %s tidak dikenal",
                         r->host_region);
        return rc;
    }
    r->id = pl_pg_int(res, 0, 0);
    PQclear(res);
    return 0;
}

static void read_rakor(pl_rakor *r, const PGresult *res, int i)
{
    r->id = pl_pg_int(res, i, 0);
    r->year = (int)pl_pg_int(res, i, 1);
    pl_pg_copy(r->host_region, sizeof r->host_region, res, i, 2);
    pl_pg_copy(r->held_on, sizeof r->held_on, res, i, 3);
    pl_pg_copy(r->theme, sizeof r->theme, res, i, 4);
    pl_pg_copy(r->participants, sizeof r->participants, res, i, 5);
}

PL_PG_ROWS(rakor_rows, pl_rakor, pl_rakor_cb, read_rakor, "rakor");

int pl_pg_rakor_list(pl_pg_store *s, int year, const char *region, pl_rakor_cb cb, void *ctx,
                     pl_error *err)
{
    static const char sql[] =
        "SELECT id, year, host_region, held_on, theme, participants FROM rakor "
        "WHERE ($1::bigint = 0 OR year = $1::bigint) AND " PL_PG_IN_PREFIX(
            "host_region", "$2") " ORDER BY year, id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num y;
    const char *p[] = {pl_pg_i64(&y, year), region ? region : ""};
    return pl_pg_each(s, sql, 2, p, &rakor_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_problem_add(pl_pg_store *s, const pl_actor *who, pl_rakor_problem *pb, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO rakor_problem(rakor_id, region_code, category, text, created_at, "
        "created_by) VALUES($1::bigint, $2, $3::bigint, $4, pl_now(), $5) RETURNING id";
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_set_actor(s, who, err)))
        return rc;
    pl_pg_num k, c;
    const char *p[] = {pl_pg_i64(&k, pb->rakor_id), pb->region,
                       pb->category ? pl_pg_i64(&c, pb->category) : NULL, pb->text, s->actor};
    PGresult *res;
    if ((rc = write1(s, who, sql, 5, p, &res, err, "rakor_problem")))
        return rc;
    pb->id = pl_pg_int(res, 0, 0);
    PQclear(res);
    return 0;
}

static void read_problem(pl_rakor_problem *pb, const PGresult *res, int i)
{
    pb->id = pl_pg_int(res, i, 0);
    pb->rakor_id = pl_pg_int(res, i, 1);
    pl_pg_copy(pb->region, sizeof pb->region, res, i, 2);
    pb->category = (int)pl_pg_int(res, i, 3);
    pl_pg_copy(pb->text, sizeof pb->text, res, i, 4);
}

PL_PG_ROWS(problem_rows, pl_rakor_problem, pl_problem_cb, read_problem, "rakor_problem");

int pl_pg_problem_list(pl_pg_store *s, int64_t rakor_id, const char *region, pl_problem_cb cb,
                       void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT id, rakor_id, region_code, coalesce(category, 0), text FROM rakor_problem "
        "WHERE rakor_id = $1::bigint AND " PL_PG_IN_PREFIX(
            "region_code", "$2") " ORDER BY region_code COLLATE \"C\", id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num k;
    const char *p[] = {pl_pg_i64(&k, rakor_id), region ? region : ""};
    return pl_pg_each(s, sql, 2, p, &problem_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* ---------------------------------------------------------- interventions */

#define IV_COLS                                                                                    \
    "i.id, coalesce(i.rakor_id, 0), coalesce(i.problem_id, 0), coalesce(k.year, 0), "              \
    "i.region_code, coalesce(i.category, 0), i.title, i.level, i.owner, i.budget, i.due_date, "    \
    "i.status, i.version, i.created_at, i.updated_at, n.text, n.noted_on "                         \
    "FROM intervention i LEFT JOIN rakor k ON k.id = i.rakor_id "                                  \
    "LEFT JOIN LATERAL (SELECT text, noted_on FROM intervention_note n "                           \
    "WHERE n.intervention_id = i.id ORDER BY noted_on COLLATE \"C\" DESC, id DESC LIMIT 1) n "     \
    "ON true "

static void row_to_iv(pl_intervention *iv, const PGresult *res, int i)
{
    memset(iv, 0, sizeof *iv);
    iv->id = pl_pg_int(res, i, 0);
    iv->rakor_id = pl_pg_int(res, i, 1);
    iv->problem_id = pl_pg_int(res, i, 2);
    iv->rakor_year = (int)pl_pg_int(res, i, 3);
    pl_pg_copy(iv->region, sizeof iv->region, res, i, 4);
    iv->category = (int)pl_pg_int(res, i, 5);
    pl_pg_copy(iv->title, sizeof iv->title, res, i, 6);
    pl_pg_copy(iv->level, sizeof iv->level, res, i, 7);
    pl_pg_copy(iv->owner, sizeof iv->owner, res, i, 8);
    iv->has_budget = !pl_pg_null(res, i, 9);
    iv->budget = pl_pg_real(res, i, 9);
    pl_pg_copy(iv->due_date, sizeof iv->due_date, res, i, 10);
    pl_pg_copy(iv->status, sizeof iv->status, res, i, 11);
    iv->version = pl_pg_int(res, i, 12);
    pl_pg_copy(iv->created_at, sizeof iv->created_at, res, i, 13);
    pl_pg_copy(iv->updated_at, sizeof iv->updated_at, res, i, 14);
    pl_pg_copy(iv->last_note, sizeof iv->last_note, res, i, 15);
    pl_pg_copy(iv->last_note_on, sizeof iv->last_note_on, res, i, 16);
}

static int read_iv_one(void *out, const PGresult *res, int row, void *arg)
{
    (void)arg;
    row_to_iv(out, res, row);
    return 0;
}

int pl_pg_intervention_add(pl_pg_store *s, const pl_actor *who, pl_intervention *iv, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO intervention(rakor_id, problem_id, region_code, category, title, level, "
        "owner, budget, due_date, status, created_at, created_by, updated_at) "
        "VALUES($1::bigint, $2::bigint, $3, $4::bigint, $5, $6, $7, $8::double precision, $9, "
        "$10, pl_now(), $11, pl_now()) RETURNING id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (iv->status[0] == '\0')
        snprintf(iv->status, sizeof iv->status, "%s", PL_IV_PLANNED);
    if ((rc = pl_pg_set_actor(s, who, err)))
        return rc;
    pl_pg_num k, pb, c, b;
    const char *p[] = {iv->rakor_id ? pl_pg_i64(&k, iv->rakor_id) : NULL,
                       iv->problem_id ? pl_pg_i64(&pb, iv->problem_id) : NULL,
                       iv->region,
                       iv->category ? pl_pg_i64(&c, iv->category) : NULL,
                       iv->title,
                       iv->level,
                       iv->owner,
                       iv->has_budget ? pl_pg_f64(&b, iv->budget) : NULL,
                       iv->due_date[0] ? iv->due_date : NULL,
                       iv->status,
                       s->actor};
    PGresult *res;
    if ((rc = write1(s, who, sql, 11, p, &res, err, "intervention"))) {
        if (rc == PL_EINVAL)
            pl_error_set(err, PL_EINVAL, "wilayah",
                         "wilayah %s, rakor atau masalah yang dirujuk tidak dikenal", iv->region);
        return rc;
    }
    iv->id = pl_pg_int(res, 0, 0);
    PQclear(res);
    return pl_pg_intervention_get(s, iv, iv->id, err);
}

int pl_pg_intervention_get(pl_pg_store *s, pl_intervention *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " IV_COLS "WHERE i.id = $1::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    rc = pl_pg_one(s, sql, 1, p, read_iv_one, out, NULL, err, "intervention");
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "id", "intervensi id %lld tidak ada", (long long)id);
    return rc;
}

int pl_pg_intervention_update(pl_pg_store *s, const pl_actor *who, int64_t id, int64_t version,
                              const char *status, const char *noted_on, const char *note,
                              pl_error *err)
{
    static const char sql_upd[] =
        "UPDATE intervention SET status = $3, version = version + 1, updated_at = pl_now() "
        "WHERE id = $1::bigint AND ($2::bigint = 0 OR version = $2::bigint)";
    static const char sql_note[] =
        "INSERT INTO intervention_note(intervention_id, noted_on, text, created_at, created_by) "
        "VALUES($1::bigint, $2, $3, pl_now(), $4)";
    pl_intervention cur;
    int rc = pl_pg_intervention_get(s, &cur, id, err);
    if (rc)
        return rc;
    if (version && cur.version != version)
        return pl_error_set(err, PL_ECONFLICT, "versi",
                            "intervensi sudah diubah orang lain (versi %lld, bukan %lld)",
                            (long long)cur.version, (long long)version);
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num i, v;
    pl_pg_i64(&i, id);
    if (status) {
        const char *p[] = {i.b, pl_pg_i64(&v, version), status};
        PGresult *r = pl_pg_query(s, sql_upd, 3, p, err, "intervention");
        if (r == NULL) {
            rc = err->code;
            goto out;
        }
        long n = pl_pg_changes(r);
        PQclear(r);
        if (n == 0) {
            rc = pl_error_set(err, PL_ECONFLICT, "versi", "intervensi sudah diubah orang lain");
            goto out;
        }
    }
    if (note && note[0]) {
        const char *p[] = {i.b, noted_on, note, s->actor};
        if ((rc = pl_pg_command(s, sql_note, 4, p, err, "intervention_note")))
            goto out;
    }
    rc = 0;
out:
    return pl_pg_tx_end(s, own, rc, err);
}

PL_PG_ROWS(intervention_rows, pl_intervention, pl_intervention_cb, row_to_iv, "intervention");

int pl_pg_intervention_list(pl_pg_store *s, const pl_intervention_query *q, pl_intervention_cb cb,
                            void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " IV_COLS "WHERE " PL_PG_IN_PREFIX(
        "i.region_code",
        "$1") " AND ($2::bigint = 0 OR k.year = $2::bigint) AND ($3::text IS NULL OR i.status = "
              "$3) AND ($4::text IS NULL OR (i.status IN ('direncanakan','berjalan') AND "
              "i.due_date < $4)) ORDER BY i.due_date IS NULL, i.due_date COLLATE \"C\", i.id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char rg[PL_REGION_CODE_MAX];
    if ((rc = pl_pg_query_region(rg, sizeof rg, q->scope, q->region, err)))
        return rc;
    pl_pg_num y;
    const char *p[] = {rg, pl_pg_i64(&y, q->rakor_year),
                       q->status && q->status[0] ? q->status : NULL,
                       q->overdue_at && q->overdue_at[0] ? q->overdue_at : NULL};
    return pl_pg_each(s, sql, 4, p, &intervention_rows, NULL, PL_PG_FN(cb), ctx, err);
}

static void read_note(pl_intervention_note *n, const PGresult *res, int i)
{
    n->id = pl_pg_int(res, i, 0);
    n->intervention_id = pl_pg_int(res, i, 1);
    pl_pg_copy(n->noted_on, sizeof n->noted_on, res, i, 2);
    pl_pg_copy(n->text, sizeof n->text, res, i, 3);
    pl_pg_copy(n->created_by, sizeof n->created_by, res, i, 4);
}

PL_PG_ROWS(note_rows, pl_intervention_note, pl_intervention_note_cb, read_note,
           "intervention_note");

int pl_pg_intervention_notes(pl_pg_store *s, int64_t id, pl_intervention_note_cb cb, void *ctx,
                             pl_error *err)
{
    static const char sql[] =
        "SELECT id, intervention_id, noted_on, text, created_by FROM intervention_note "
        "WHERE intervention_id = $1::bigint ORDER BY noted_on COLLATE \"C\", id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    return pl_pg_each(s, sql, 1, p, &note_rows, NULL, PL_PG_FN(cb), ctx, err);
}
