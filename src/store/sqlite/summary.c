/* summary.c - totals inside a scope for `pilar status` and the dashboard. */
#include "store/sqlite/internal.h"

#include <stdio.h>
#include <string.h>

/* ?1..?2: the scope as an index range (pl_sq_prefix_range). */
#define IN_SCOPE(col) "(" col " >= ?1 AND " col " < ?2)"

static void bind_range(sqlite3_stmt *st, const char *lo, const char *hi)
{
    if (sqlite3_bind_parameter_count(st) >= 2) {
        sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
    }
}

static int count(pl_sq_store *s, const char *sql, const char *lo, const char *hi, long *out,
                 pl_error *err)
{
    PL_SQ_PREP(st, sql);
    bind_range(st, lo, hi);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return pl_sq_step_error(s, rc, err, "summary");
    *out = (long)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_summary_get(pl_sq_store *s, pl_store_summary *out, const char *scope, pl_error *err)
{
    static const char q_hh[] = "SELECT count(*) FROM household WHERE " IN_SCOPE("village_code");
    static const char q_people[] = "SELECT count(*) FROM person WHERE " IN_SCOPE("village_code");
    static const char q_alive[] =
        "SELECT count(*) FROM person WHERE death_date IS NULL AND " IN_SCOPE("village_code");
    static const char q_nonik[] = "SELECT count(*) FROM person WHERE nik IS NULL AND "
                                  "death_date IS NULL AND " IN_SCOPE("village_code");
    static const char q_psks[] = "SELECT count(*) FROM psks_unit WHERE " IN_SCOPE("area_code");
    static const char q_users[] = "SELECT count(*) FROM app_user";
    static const char q_audit[] = "SELECT count(*) FROM audit";
    static const char q_state[] =
        "SELECT state, count(*) FROM person WHERE " IN_SCOPE("village_code") " GROUP BY state";
    static const char q_pmks[] =
        "SELECT m.category, count(*) FROM membership m "
        "LEFT JOIN person p ON p.id = m.person_id "
        "LEFT JOIN household h ON h.id = m.household_id "
        "WHERE m.valid_to IS NULL AND " IN_SCOPE(
            "coalesce(p.village_code, h.village_code)") " GROUP BY m.category";
    memset(out, 0, sizeof *out);
    char lo[16], hi[16];
    pl_sq_prefix_range(lo, hi, scope, NULL);
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if ((rc = pl_sq_region_counts(s, out->regions, err)) ||
        (rc = count(s, q_hh, lo, hi, &out->households, err)) ||
        (rc = count(s, q_people, lo, hi, &out->people, err)) ||
        (rc = count(s, q_alive, lo, hi, &out->people_alive, err)) ||
        (rc = count(s, q_nonik, lo, hi, &out->without_nik, err)) ||
        (rc = count(s, q_psks, lo, hi, &out->psks_units, err)) ||
        (rc = count(s, q_users, lo, hi, &out->users, err)) ||
        (rc = count(s, q_audit, lo, hi, &out->audit_rows, err)))
        return rc;
    PL_SQ_PREP(st, q_state);
    bind_range(st, lo, hi);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *state = (const char *)sqlite3_column_text(st, 0);
        long n = (long)sqlite3_column_int64(st, 1);
        if (strcmp(state, PL_STATE_DRAFT) == 0)
            out->by_state[0] = n;
        else if (strcmp(state, PL_STATE_VERIFIED) == 0)
            out->by_state[1] = n;
        else
            out->by_state[2] = n;
    }
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "summary");
    st = pl_sq_stmt(s, q_pmks, err);
    if (st == NULL)
        return PL_EINTERNAL;
    bind_range(st, lo, hi);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int c = sqlite3_column_int(st, 0);
        long n = (long)sqlite3_column_int64(st, 1);
        if (c >= 1 && c <= 26) {
            out->pmks_people[c] = n;
            out->memberships_open += n;
        }
    }
    return rc == SQLITE_DONE ? 0 : pl_sq_step_error(s, rc, err, "summary");
}

int pl_sq_summary_by_village(pl_sq_store *s, const char *scope, pl_village_summary_cb cb, void *ctx,
                             pl_error *err)
{
    /* kind 0: households; 1: people by state and death. */
    static const char sql[] =
        "SELECT village_code, 0, '', 0, count(*), 0 FROM household WHERE " IN_SCOPE(
            "village_code") " GROUP BY village_code "
                            "UNION ALL SELECT village_code, 1, state, death_date IS NULL, "
                            "count(*), "
                            "nik IS NULL FROM person WHERE " IN_SCOPE(
                                "village_code") " GROUP BY village_code, state, death_date IS "
                                                "NULL, "
                                                "nik IS NULL ORDER BY 1";
    char lo[16], hi[16];
    pl_sq_prefix_range(lo, hi, scope, NULL);
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    bind_range(st, lo, hi);
    pl_village_summary v = {0};
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char code[PL_REGION_CODE_MAX];
        pl_sq_col_text(code, sizeof code, st, 0);
        if (strcmp(code, v.village) != 0) {
            int stop = v.village[0] ? cb(ctx, &v) : 0;
            if (stop) {
                sqlite3_reset(st);
                return stop;
            }
            memset(&v, 0, sizeof v);
            snprintf(v.village, sizeof v.village, "%s", code);
        }
        long n = (long)sqlite3_column_int64(st, 4);
        if (sqlite3_column_int(st, 1) == 0) {
            v.households += n;
            continue;
        }
        const char *state = (const char *)sqlite3_column_text(st, 2);
        v.people += n;
        if (sqlite3_column_int(st, 3))
            v.people_alive += n;
        if (sqlite3_column_int(st, 3) && sqlite3_column_int(st, 5))
            v.without_nik += n;
        v.by_state[strcmp(state, PL_STATE_DRAFT) == 0      ? 0
                   : strcmp(state, PL_STATE_VERIFIED) == 0 ? 1
                                                           : 2] += n;
    }
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "summary");
    return v.village[0] ? cb(ctx, &v) : 0;
}
