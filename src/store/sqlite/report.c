/*
 * report.c - counts at a date (memberships x residence history x deaths),
 * PSKS counts, indicators, period approvals, rakor and interventions.
 */
#include "store/sqlite/internal.h"
#include "domain/date.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ counts */

/* A count row; rows that are zero on both dates are skipped (arg: whether a second date). */
static int read_count(pl_count_row *row, sqlite3_stmt *st, void *arg)
{
    const bool *two_dates = arg;
    pl_sq_col_text(row->region, sizeof row->region, st, 0);
    row->category = sqlite3_column_int(st, 1);
    for (int i = 0; i < PL_REPORT_MAX_DATES; i++) {
        bool on = i == 0 || *two_dates;
        row->people[i] = on ? (long)sqlite3_column_int64(st, 2 + i) : 0;
        row->households[i] = on ? (long)sqlite3_column_int64(st, 4 + i) : 0;
    }
    return row->people[0] == 0 && row->people[1] == 0 && row->households[0] == 0 &&
           row->households[1] == 0;
}

PL_SQ_ROWS_ARG(count_rows, pl_count_row, pl_count_cb, read_count, "count");

/* Shared start of the level reports here and in program_report.c (see internal.h). */
int pl_sq_level_report(char *out, pl_sq_store *s, const char *scope, const char *region, int level,
                       pl_error *err)
{
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if (level < 1 || level > 4)
        return pl_error_set(err, PL_EINVAL, "tingkat", "tingkat wilayah harus 1 sampai 4");
    return pl_sq_query_region(out, PL_REGION_CODE_MAX, scope, region, err);
}

/*
 * A count at D from the roll-ups (schema_count.c): count_year at the end of the year before D's
 * (?3, ?4 for the two dates: a group's row of that year, or its total when its last year is
 * earlier, or nothing when its first year is later) plus the changes from the next 1 January
 * (?7, ?8) to D (?5, ?6): none when D is 31 December. ?1 prefix length, ?2 region prefix, ?9 the
 * province (its changes by day: index count_delta_day). Index ranges, no join.
 */
#define COUNT_YEARS                                                                                \
    "SELECT g, c, sum(p1), sum(p2), sum(h1), sum(h2) FROM ("                                       \
    "SELECT substr(village_code, 1, ?1) AS g, category AS c, "                                     \
    "CASE WHEN year = ?3 THEN people ELSE 0 END AS p1, "                                           \
    "CASE WHEN year = ?4 THEN people ELSE 0 END AS p2, "                                           \
    "CASE WHEN year = ?3 THEN households ELSE 0 END AS h1, "                                       \
    "CASE WHEN year = ?4 THEN households ELSE 0 END AS h2 "                                        \
    "FROM count_year WHERE year IN (?3, ?4) AND " PL_SQ_IN_PREFIX(                                 \
        "village_code",                                                                            \
        "?2") " UNION ALL SELECT substr(village_code, 1, ?1), category, "                          \
              "CASE WHEN last_year < ?3 THEN people ELSE 0 END, "                                  \
              "CASE WHEN last_year < ?4 THEN people ELSE 0 END, "                                  \
              "CASE WHEN last_year < ?3 THEN households ELSE 0 END, "                              \
              "CASE WHEN last_year < ?4 THEN households ELSE 0 END FROM count_total "              \
              "WHERE (last_year < ?3 OR last_year < ?4) AND " PL_SQ_IN_PREFIX("village_code",      \
                                                                              "?2")
#define COUNT_PARTIAL(PROV)                                                                        \
    " UNION ALL SELECT substr(village_code, 1, ?1), category, people, 0, households, 0 FROM "      \
    "count_delta WHERE " PROV "day BETWEEN ?7 AND ?5 AND " PL_SQ_IN_PREFIX(                        \
        "village_code", "?2") " UNION ALL SELECT substr(village_code, 1, ?1), category, 0, "       \
                              "people, 0, households FROM "                                        \
                              "count_delta WHERE " PROV                                            \
                              "day BETWEEN ?8 AND ?6 AND " PL_SQ_IN_PREFIX(                        \
                                  "village_code", "?2") ") GROUP BY 1, 2 ORDER BY 1, 2"

int pl_sq_count_at(pl_sq_store *s, const pl_count_query *q, pl_count_cb cb, void *ctx,
                   pl_error *err)
{
    static const char sql_all[] = COUNT_YEARS COUNT_PARTIAL("");
    static const char sql_prov[] =
        COUNT_YEARS COUNT_PARTIAL("substr(village_code, 1, 2) = ?9 AND ");
    char region[PL_REGION_CODE_MAX];
    int rc = pl_sq_level_report(region, s, q->scope, q->region, q->level, err);
    if (rc)
        return rc;
    const char *d1 = q->dates[0], *d2 = q->dates[1] ? q->dates[1] : q->dates[0];
    char start1[11], start2[11];
    int y1 = pl_date_year_end_before(d1, start1), y2 = pl_date_year_end_before(d2, start2);
    char prov[3] = "";
    if (strlen(region) >= 2)
        snprintf(prov, sizeof prov, "%.2s", region);
    PL_SQ_PREP(st, prov[0] ? sql_prov : sql_all);
    sqlite3_bind_int(st, 1, pl_sq_level_len[q->level]);
    sqlite3_bind_text(st, 2, region, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, y1);
    sqlite3_bind_int(st, 4, y2);
    sqlite3_bind_text(st, 5, d1, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, d2, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, start1, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, start2, -1, SQLITE_STATIC);
    if (prov[0])
        sqlite3_bind_text(st, 9, prov, -1, SQLITE_STATIC);
    bool two_dates = q->dates[1] != NULL;
    return pl_sq_each(s, st, &count_rows, &two_dates, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_count_check(pl_sq_store *s, bool rebuild, long *wrong, pl_error *err)
{
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    PL_SQ_PREP(st, pl_sq_count_diff);
    long n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        n += (long)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "count_delta");
    *wrong = n;
    if (!rebuild || n == 0)
        return 0;
    bool own_tx;
    if ((rc = pl_sq_tx_begin(s, &own_tx, err)))
        return rc;
    /* The rebuild writes the roll-ups itself: count_delta's triggers stand aside meanwhile. */
    int was_on = 1;
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, &was_on);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
    rc = pl_sq_exec(s, pl_sq_count_rebuild, err);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, was_on, NULL);
    return pl_sq_tx_end(s, own_tx, rc, err);
}

static void read_psks_count(pl_psks_count_row *row, sqlite3_stmt *st)
{
    pl_sq_col_text(row->region, sizeof row->region, st, 0);
    row->type = sqlite3_column_int(st, 1);
    row->units = (long)sqlite3_column_int64(st, 2);
}

PL_SQ_ROWS(psks_count_rows, pl_psks_count_row, pl_psks_count_cb, read_psks_count, "psks");

int pl_sq_psks_count(pl_sq_store *s, const char *scope, const char *region, int level,
                     const char *date, pl_psks_count_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT substr(area_code, 1, ?1), type, count(*) FROM psks_unit "
        "WHERE " PL_SQ_IN_PREFIX("area_code",
                                 "?2") " "
                                       "AND (valid_from IS NULL OR valid_from <= ?3) AND "
                                       "(valid_to IS NULL OR valid_to >= ?3) "
                                       "GROUP BY 1, 2 ORDER BY 1, 2";
    char rg[PL_REGION_CODE_MAX];
    int rc = pl_sq_level_report(rg, s, scope, region, level, err);
    if (rc)
        return rc;
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int(st, 1, pl_sq_level_len[level]);
    sqlite3_bind_text(st, 2, rg, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, date, -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &psks_count_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_residence_move(pl_sq_store *s, const pl_actor *who, int64_t person_id,
                         const char *village, const char *date, pl_error *err)
{
    static const char sql_cur[] =
        "SELECT valid_from, village_code FROM residence WHERE person_id = ? AND valid_to IS NULL";
    static const char sql_village[] = "SELECT 1 FROM region WHERE code = ? AND level = 4";
    static const char sql_person[] = "UPDATE person SET village_code = ?2, version = version + 1, "
                                     "updated_at = " PL_SQ_NOW " WHERE id = ?1";
    static const char sql_close[] =
        "UPDATE residence SET valid_to = ?2 WHERE person_id = ?1 AND valid_to = date('now') "
        "AND id = (SELECT max(id) FROM residence WHERE person_id = ?1 AND valid_to IS NOT NULL)";
    static const char sql_open[] =
        "UPDATE residence SET valid_from = ?2 WHERE person_id = ?1 AND valid_to IS NULL";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if (!pl_date_is_iso(date))
        return pl_error_set(err, PL_EINVAL, "tanggal", "tanggal pindah harus YYYY-MM-DD");
    PL_SQ_PREP(st, sql_village);
    sqlite3_bind_text(st, 1, village, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return pl_error_set(err, PL_EINVAL, "desa", "kode desa %s tidak dikenal", village);
    st = pl_sq_stmt(s, sql_cur, err);
    if (st == NULL)
        return PL_EINTERNAL;
    sqlite3_bind_int64(st, 1, person_id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return pl_error_set(err, PL_ENOTFOUND, "id", "orang id %lld tidak ada",
                            (long long)person_id);
    }
    char from[11], cur[PL_REGION_CODE_MAX];
    pl_sq_col_text(from, sizeof from, st, 0);
    pl_sq_col_text(cur, sizeof cur, st, 1);
    sqlite3_reset(st);
    if (strcmp(date, from) <= 0)
        return pl_error_set(err, PL_EINVAL, "tanggal",
                            "tanggal pindah %s tidak setelah awal tempat tinggal sekarang (%s)",
                            date, from);
    if (strcmp(cur, village) == 0)
        return pl_error_set(err, PL_EINVAL, "desa", "orang ini sudah tinggal di desa %s", village);
    bool own_tx;
    if ((rc = pl_sq_tx_begin(s, &own_tx, err)))
        return rc;
    pl_sq_set_actor(s, who);
    const char *steps[] = {sql_person, sql_close, sql_open};
    for (int i = 0; i < 3; i++) {
        st = pl_sq_stmt(s, steps[i], err);
        if (st == NULL) {
            rc = PL_EINTERNAL;
            goto out;
        }
        sqlite3_bind_int64(st, 1, person_id);
        sqlite3_bind_text(st, 2, i == 0 ? village : date, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc != SQLITE_DONE) {
            rc = pl_sq_step_error(s, rc, err, "residence");
            goto out;
        }
    }
    rc = 0;
out:
    return pl_sq_tx_end(s, own_tx, rc, err);
}

/* -------------------------------------------------------------- indicators */

int pl_sq_indicator_put(pl_sq_store *s, const pl_actor *who, const char *scope,
                        const pl_indicator *in, bool *replaced, pl_error *err)
{
    static const char sql_get[] =
        "SELECT value, source FROM indicator WHERE region_code = ? AND year = ? AND name = ?";
    static const char sql_ins[] =
        "INSERT INTO indicator(region_code, year, name, value, source, created_at, created_by) "
        "VALUES(?1,?2,?3,?4,?5," PL_SQ_NOW ",?6) "
        "ON CONFLICT(region_code, year, name) DO UPDATE SET value = excluded.value, "
        "source = excluded.source WHERE value IS NOT excluded.value "
        "OR source IS NOT excluded.source";
    static const char sql_region[] = "SELECT 1 FROM region WHERE code = ?";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if (!pl_sq_in_scope(in->region, scope))
        return pl_error_set(err, PL_EDENIED, "kode_wilayah",
                            "wilayah %s di luar wilayah akses Anda", in->region);
    PL_SQ_PREP(st, sql_region);
    sqlite3_bind_text(st, 1, in->region, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return pl_error_set(err, PL_EINVAL, "kode_wilayah", "kode wilayah %s tidak dikenal",
                            in->region);
    st = pl_sq_stmt(s, sql_get, err);
    if (st == NULL)
        return PL_EINTERNAL;
    sqlite3_bind_text(st, 1, in->region, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, in->year);
    sqlite3_bind_text(st, 3, in->name, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (replaced)
        *replaced = rc == SQLITE_ROW;
    pl_sq_set_actor(s, who);
    st = pl_sq_stmt(s, sql_ins, err);
    if (st == NULL)
        return PL_EINTERNAL;
    sqlite3_bind_text(st, 1, in->region, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, in->year);
    sqlite3_bind_text(st, 3, in->name, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 4, in->value);
    sqlite3_bind_text(st, 5, in->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, s->actor, -1, SQLITE_STATIC);
    return pl_sq_done(s, st, err, "indicator");
}

static void read_indicator(pl_indicator *in, sqlite3_stmt *st)
{
    pl_sq_col_text(in->region, sizeof in->region, st, 0);
    in->year = sqlite3_column_int(st, 1);
    pl_sq_col_text(in->name, sizeof in->name, st, 2);
    in->value = sqlite3_column_double(st, 3);
    pl_sq_col_text(in->source, sizeof in->source, st, 4);
}

PL_SQ_ROWS(indicator_rows, pl_indicator, pl_indicator_cb, read_indicator, "indicator");

int pl_sq_indicator_list(pl_sq_store *s, const char *scope, const char *region, int from, int to,
                         const char *name, pl_indicator_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT region_code, year, name, value, source FROM indicator "
        "WHERE " PL_SQ_IN_PREFIX("region_code",
                                 "?1") " AND (?2 = 0 OR year >= ?2) "
                                       "AND (?3 = 0 OR year <= ?3) AND (?4 IS NULL OR name = ?4) "
                                       "ORDER BY region_code, name, year";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    char rg[PL_REGION_CODE_MAX];
    if ((rc = pl_sq_query_region(rg, sizeof rg, scope, region, err)))
        return rc;
    PL_SQ_PREP(st, sql);
    sqlite3_bind_text(st, 1, rg, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, from);
    sqlite3_bind_int(st, 3, to);
    pl_sq_bind_text_or_null(st, 4, name);
    return pl_sq_each(s, st, &indicator_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* --------------------------------------------------------------- approvals */

#define APPROVAL_COLS                                                                              \
    "id, region_code, period, date_from, date_to, approved_by, approved_at, note, "                \
    "reopened_by, reopened_at, reopen_reason"

static void row_to_approval(pl_approval *a, sqlite3_stmt *st)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(a->region, sizeof a->region, st, 1);
    pl_sq_col_text(a->period, sizeof a->period, st, 2);
    pl_sq_col_text(a->date_from, sizeof a->date_from, st, 3);
    pl_sq_col_text(a->date_to, sizeof a->date_to, st, 4);
    pl_sq_col_text(a->approved_by, sizeof a->approved_by, st, 5);
    pl_sq_col_text(a->approved_at, sizeof a->approved_at, st, 6);
    pl_sq_col_text(a->note, sizeof a->note, st, 7);
    pl_sq_col_text(a->reopened_by, sizeof a->reopened_by, st, 8);
    pl_sq_col_text(a->reopened_at, sizeof a->reopened_at, st, 9);
    pl_sq_col_text(a->reopen_reason, sizeof a->reopen_reason, st, 10);
}

int pl_sq_period_approve(pl_sq_store *s, const pl_actor *who, const char *scope, pl_approval *a,
                         pl_error *err)
{
    static const char sql_region[] = "SELECT 1 FROM region WHERE code = ? AND level = 2";
    static const char sql[] =
        "INSERT INTO period_approval(region_code, period, date_from, date_to, approved_by, "
        "approved_at, note) VALUES(?,?,?,?,?," PL_SQ_NOW ",?) "
        "RETURNING approved_at";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if (!pl_sq_in_scope(a->region, scope))
        return pl_error_set(err, PL_EDENIED, "wilayah", "wilayah %s di luar wilayah akses Anda",
                            a->region);
    PL_SQ_PREP(st, sql_region);
    sqlite3_bind_text(st, 1, a->region, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return pl_error_set(err, PL_EINVAL, "wilayah", "kabupaten/kota %s tidak dikenal",
                            a->region);
    pl_sq_set_actor(s, who);
    st = pl_sq_stmt(s, sql, err);
    if (st == NULL)
        return PL_EINTERNAL;
    sqlite3_bind_text(st, 1, a->region, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, a->period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, a->date_from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, a->date_to, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, s->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, a->note, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = pl_sq_step_error(s, rc, err, "period_approval");
        if (rc == PL_ECONFLICT)
            pl_error_set(err, PL_ECONFLICT, "periode",
                         "periode %s untuk %s sudah disahkan; buka kembali dahulu bila perlu",
                         a->period, a->region);
        return rc;
    }
    pl_sq_col_text(a->approved_at, sizeof a->approved_at, st, 0);
    snprintf(a->approved_by, sizeof a->approved_by, "%s", s->actor);
    a->id = sqlite3_last_insert_rowid(s->db);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_period_reopen(pl_sq_store *s, const pl_actor *who, const char *scope, const char *region,
                        const char *period, const char *reason, pl_error *err)
{
    static const char sql[] = "UPDATE period_approval SET reopened_by = ?3, "
                              "reopened_at = " PL_SQ_NOW ", reopen_reason = ?4 "
                              "WHERE region_code = ?1 AND period = ?2 AND reopened_at IS NULL";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if (!pl_sq_in_scope(region, scope))
        return pl_error_set(err, PL_EDENIED, "wilayah", "wilayah %s di luar wilayah akses Anda",
                            region);
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    sqlite3_bind_text(st, 1, region, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, s->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
    if ((rc = pl_sq_done(s, st, err, "period_approval")))
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return pl_error_set(err, PL_ENOTFOUND, "periode", "periode %s untuk %s belum disahkan",
                            period, region);
    return 0;
}

PL_SQ_ROWS(approval_rows, pl_approval, pl_approval_cb, row_to_approval, "period_approval");

int pl_sq_approval_list(pl_sq_store *s, const char *scope, const char *region, const char *period,
                        bool active_only, pl_approval_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " APPROVAL_COLS " FROM period_approval WHERE " PL_SQ_IN_PREFIX(
            "region_code",
            "?1") " AND (?2 IS NULL OR period = ?2) AND (?3 = 0 OR reopened_at IS NULL) "
                  "ORDER BY region_code, id";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    char rg[PL_REGION_CODE_MAX];
    if ((rc = pl_sq_query_region(rg, sizeof rg, scope, region, err)))
        return rc;
    /* A regency user asking about the province still sees the regencies inside scope. */
    PL_SQ_PREP(st, sql);
    sqlite3_bind_text(st, 1, rg, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 2, period);
    sqlite3_bind_int(st, 3, active_only);
    return pl_sq_each(s, st, &approval_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* ----------------------------------------------------------------- rakor */

int pl_sq_rakor_add(pl_sq_store *s, const pl_actor *who, pl_rakor *r, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO rakor(year, host_region, held_on, theme, participants, created_at, "
        "created_by) VALUES(?,?,?,?,?," PL_SQ_NOW ",?)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, r->year);
    sqlite3_bind_text(st, 2, r->host_region, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->held_on, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, r->theme, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, r->participants, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, s->actor, -1, SQLITE_STATIC);
    if ((rc = pl_sq_insert(s, st, &r->id, "rakor", err))) {
        if (rc == PL_ECONFLICT)
            pl_error_set(err, PL_ECONFLICT, "tahun", "rakor %d di %s sudah tercatat", r->year,
                         r->host_region);
        else if (rc == PL_EINVAL)
            pl_error_set(err, PL_EINVAL, "tuan_rumah", "wilayah tuan rumah %s tidak dikenal",
                         r->host_region);
        return rc;
    }
    return 0;
}

static void read_rakor(pl_rakor *r, sqlite3_stmt *st)
{
    r->id = sqlite3_column_int64(st, 0);
    r->year = sqlite3_column_int(st, 1);
    pl_sq_col_text(r->host_region, sizeof r->host_region, st, 2);
    pl_sq_col_text(r->held_on, sizeof r->held_on, st, 3);
    pl_sq_col_text(r->theme, sizeof r->theme, st, 4);
    pl_sq_col_text(r->participants, sizeof r->participants, st, 5);
}

PL_SQ_ROWS(rakor_rows, pl_rakor, pl_rakor_cb, read_rakor, "rakor");

int pl_sq_rakor_list(pl_sq_store *s, int year, const char *region, pl_rakor_cb cb, void *ctx,
                     pl_error *err)
{
    static const char sql[] =
        "SELECT id, year, host_region, held_on, theme, participants FROM rakor "
        "WHERE (?1 = 0 OR year = ?1) AND " PL_SQ_IN_PREFIX("host_region",
                                                           "?2") " ORDER BY year, id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, region ? region : "", -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &rakor_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_problem_add(pl_sq_store *s, const pl_actor *who, pl_rakor_problem *p, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO rakor_problem(rakor_id, region_code, category, text, created_at, "
        "created_by) VALUES(?,?,?,?," PL_SQ_NOW ",?)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, p->rakor_id);
    sqlite3_bind_text(st, 2, p->region, -1, SQLITE_STATIC);
    if (p->category)
        sqlite3_bind_int(st, 3, p->category);
    sqlite3_bind_text(st, 4, p->text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, s->actor, -1, SQLITE_STATIC);
    if ((rc = pl_sq_insert(s, st, &p->id, "rakor_problem", err)))
        return rc;
    return 0;
}

static void read_problem(pl_rakor_problem *p, sqlite3_stmt *st)
{
    p->id = sqlite3_column_int64(st, 0);
    p->rakor_id = sqlite3_column_int64(st, 1);
    pl_sq_col_text(p->region, sizeof p->region, st, 2);
    p->category = sqlite3_column_int(st, 3);
    pl_sq_col_text(p->text, sizeof p->text, st, 4);
}

PL_SQ_ROWS(problem_rows, pl_rakor_problem, pl_problem_cb, read_problem, "rakor_problem");

int pl_sq_problem_list(pl_sq_store *s, int64_t rakor_id, const char *region, pl_problem_cb cb,
                       void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT id, rakor_id, region_code, coalesce(category, 0), text FROM rakor_problem "
        "WHERE rakor_id = ?1 AND " PL_SQ_IN_PREFIX("region_code", "?2") " ORDER BY region_code, id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, rakor_id);
    sqlite3_bind_text(st, 2, region ? region : "", -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &problem_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* ---------------------------------------------------------- interventions */

#define IV_COLS                                                                                    \
    "i.id, coalesce(i.rakor_id, 0), coalesce(i.problem_id, 0), coalesce(k.year, 0), "              \
    "i.region_code, coalesce(i.category, 0), i.title, i.level, i.owner, i.budget, i.due_date, "    \
    "i.status, i.version, i.created_at, i.updated_at, "                                            \
    "(SELECT text FROM intervention_note n WHERE n.intervention_id = i.id "                        \
    " ORDER BY noted_on DESC, id DESC LIMIT 1), "                                                  \
    "(SELECT noted_on FROM intervention_note n WHERE n.intervention_id = i.id "                    \
    " ORDER BY noted_on DESC, id DESC LIMIT 1) "                                                   \
    "FROM intervention i LEFT JOIN rakor k ON k.id = i.rakor_id "

static void row_to_iv(pl_intervention *iv, sqlite3_stmt *st)
{
    memset(iv, 0, sizeof *iv);
    iv->id = sqlite3_column_int64(st, 0);
    iv->rakor_id = sqlite3_column_int64(st, 1);
    iv->problem_id = sqlite3_column_int64(st, 2);
    iv->rakor_year = sqlite3_column_int(st, 3);
    pl_sq_col_text(iv->region, sizeof iv->region, st, 4);
    iv->category = sqlite3_column_int(st, 5);
    pl_sq_col_text(iv->title, sizeof iv->title, st, 6);
    pl_sq_col_text(iv->level, sizeof iv->level, st, 7);
    pl_sq_col_text(iv->owner, sizeof iv->owner, st, 8);
    iv->has_budget = sqlite3_column_type(st, 9) != SQLITE_NULL;
    iv->budget = sqlite3_column_double(st, 9);
    pl_sq_col_text(iv->due_date, sizeof iv->due_date, st, 10);
    pl_sq_col_text(iv->status, sizeof iv->status, st, 11);
    iv->version = sqlite3_column_int64(st, 12);
    pl_sq_col_text(iv->created_at, sizeof iv->created_at, st, 13);
    pl_sq_col_text(iv->updated_at, sizeof iv->updated_at, st, 14);
    pl_sq_col_text(iv->last_note, sizeof iv->last_note, st, 15);
    pl_sq_col_text(iv->last_note_on, sizeof iv->last_note_on, st, 16);
}

int pl_sq_intervention_add(pl_sq_store *s, const pl_actor *who, pl_intervention *iv, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO intervention(rakor_id, problem_id, region_code, category, title, level, "
        "owner, budget, due_date, status, created_at, created_by, updated_at) "
        "VALUES(?,?,?,?,?,?,?,?,?,?," PL_SQ_NOW ",?," PL_SQ_NOW ")";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if (iv->status[0] == '\0')
        snprintf(iv->status, sizeof iv->status, "%s", PL_IV_PLANNED);
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    if (iv->rakor_id)
        sqlite3_bind_int64(st, 1, iv->rakor_id);
    if (iv->problem_id)
        sqlite3_bind_int64(st, 2, iv->problem_id);
    sqlite3_bind_text(st, 3, iv->region, -1, SQLITE_STATIC);
    if (iv->category)
        sqlite3_bind_int(st, 4, iv->category);
    sqlite3_bind_text(st, 5, iv->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, iv->level, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, iv->owner, -1, SQLITE_STATIC);
    if (iv->has_budget)
        sqlite3_bind_double(st, 8, iv->budget);
    pl_sq_bind_text_or_null(st, 9, iv->due_date);
    sqlite3_bind_text(st, 10, iv->status, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, s->actor, -1, SQLITE_STATIC);
    if ((rc = pl_sq_insert(s, st, &iv->id, "intervention", err))) {
        if (rc == PL_EINVAL)
            pl_error_set(err, PL_EINVAL, "wilayah",
                         "wilayah %s, rakor atau masalah yang dirujuk tidak dikenal", iv->region);
        return rc;
    }
    return pl_sq_intervention_get(s, iv, iv->id, err);
}

int pl_sq_intervention_get(pl_sq_store *s, pl_intervention *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " IV_COLS "WHERE i.id = ?";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = pl_sq_row(s, st, "intervention", err);
    if (rc != 1)
        return rc ? rc
                  : pl_error_set(err, PL_ENOTFOUND, "id", "intervensi id %lld tidak ada",
                                 (long long)id);
    row_to_iv(out, st);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_intervention_update(pl_sq_store *s, const pl_actor *who, int64_t id, int64_t version,
                              const char *status, const char *noted_on, const char *note,
                              pl_error *err)
{
    static const char sql_upd[] = "UPDATE intervention SET status = ?3, version = version + 1, "
                                  "updated_at = " PL_SQ_NOW " WHERE id = ?1 AND "
                                  "(?2 = 0 OR version = ?2)";
    static const char sql_note[] =
        "INSERT INTO intervention_note(intervention_id, noted_on, text, created_at, created_by) "
        "VALUES(?,?,?," PL_SQ_NOW ",?)";
    pl_intervention cur;
    int rc = pl_sq_intervention_get(s, &cur, id, err);
    if (rc)
        return rc;
    if (version && cur.version != version)
        return pl_error_set(err, PL_ECONFLICT, "versi",
                            "intervensi sudah diubah orang lain (versi %lld, bukan %lld)",
                            (long long)cur.version, (long long)version);
    bool own_tx;
    if ((rc = pl_sq_tx_begin(s, &own_tx, err)))
        return rc;
    pl_sq_set_actor(s, who);
    sqlite3_stmt *st;
    if (status) {
        st = pl_sq_stmt(s, sql_upd, err);
        if (st == NULL) {
            rc = PL_EINTERNAL;
            goto out;
        }
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, version);
        sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc != SQLITE_DONE) {
            rc = pl_sq_step_error(s, rc, err, "intervention");
            goto out;
        }
        if (sqlite3_changes(s->db) == 0) {
            rc = pl_error_set(err, PL_ECONFLICT, "versi", "intervensi sudah diubah orang lain");
            goto out;
        }
    }
    if (note && note[0]) {
        st = pl_sq_stmt(s, sql_note, err);
        if (st == NULL) {
            rc = PL_EINTERNAL;
            goto out;
        }
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, noted_on, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, note, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, s->actor, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc != SQLITE_DONE) {
            rc = pl_sq_step_error(s, rc, err, "intervention_note");
            goto out;
        }
    }
    rc = 0;
out:
    return pl_sq_tx_end(s, own_tx, rc, err);
}

PL_SQ_ROWS(intervention_rows, pl_intervention, pl_intervention_cb, row_to_iv, "intervention");

int pl_sq_intervention_list(pl_sq_store *s, const pl_intervention_query *q, pl_intervention_cb cb,
                            void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " IV_COLS "WHERE " PL_SQ_IN_PREFIX(
        "i.region_code",
        "?1") " AND (?2 = 0 OR k.year = ?2) AND (?3 IS NULL OR i.status = ?3) "
              "AND (?4 IS NULL OR (i.status IN ('direncanakan','berjalan') AND i.due_date < ?4)) "
              "ORDER BY i.due_date IS NULL, i.due_date, i.id";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    char rg[PL_REGION_CODE_MAX];
    if ((rc = pl_sq_query_region(rg, sizeof rg, q->scope, q->region, err)))
        return rc;
    PL_SQ_PREP(st, sql);
    sqlite3_bind_text(st, 1, rg, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, q->rakor_year);
    pl_sq_bind_text_or_null(st, 3, q->status);
    pl_sq_bind_text_or_null(st, 4, q->overdue_at);
    return pl_sq_each(s, st, &intervention_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

static void read_note(pl_intervention_note *n, sqlite3_stmt *st)
{
    n->id = sqlite3_column_int64(st, 0);
    n->intervention_id = sqlite3_column_int64(st, 1);
    pl_sq_col_text(n->noted_on, sizeof n->noted_on, st, 2);
    pl_sq_col_text(n->text, sizeof n->text, st, 3);
    pl_sq_col_text(n->created_by, sizeof n->created_by, st, 4);
}

PL_SQ_ROWS(note_rows, pl_intervention_note, pl_intervention_note_cb, read_note,
           "intervention_note");

int pl_sq_intervention_notes(pl_sq_store *s, int64_t id, pl_intervention_note_cb cb, void *ctx,
                             pl_error *err)
{
    static const char sql[] =
        "SELECT id, intervention_id, noted_on, text, created_by FROM intervention_note "
        "WHERE intervention_id = ? ORDER BY noted_on, id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    return pl_sq_each(s, st, &note_rows, NULL, PL_SQ_FN(cb), ctx, err);
}
