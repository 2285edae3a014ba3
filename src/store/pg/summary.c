/* summary.c - totals inside a scope for `pilar status` and the dashboard, on PostgreSQL. */
#include "store/pg/internal.h"

#include <stdio.h>
#include <string.h>

/* $1..$2: the scope as a code range (pl_pg_prefix_range), pruning the province partitions. */
#define IN_SCOPE(col) PL_PG_IN_RANGE(col, "$1::text", "$2::text")

/* The state's slot in by_state: draft, verified, the rest (rejected). */
static int state_slot(const char *state)
{
    return strcmp(state, PL_STATE_DRAFT) == 0 ? 0 : strcmp(state, PL_STATE_VERIFIED) == 0 ? 1 : 2;
}

int pl_pg_summary_get(pl_pg_store *s, pl_store_summary *out, const char *scope, pl_error *err)
{
    /* One round trip: each total a subquery, the people's in one pass over their partitions. */
    static const char q_totals[] = "SELECT (SELECT count(*) FROM household WHERE " IN_SCOPE(
        "village_code") "), "
                        "p.n, p.alive, p.nonik, p.draft, p.verified, "
                        "(SELECT count(*) FROM psks_unit WHERE area_code >= $1 AND area_code < "
                        "$2), "
                        "(SELECT count(*) FROM app_user), (SELECT count(*) FROM audit) "
                        "FROM (SELECT count(*) AS n, count(*) FILTER (WHERE death_date IS NULL) AS "
                        "alive, "
                        "count(*) FILTER (WHERE nik IS NULL AND death_date IS NULL) AS nonik, "
                        "count(*) FILTER (WHERE state = 'draft') AS draft, "
                        "count(*) FILTER (WHERE state = 'verified') AS verified "
                        "FROM person WHERE " IN_SCOPE("village_code") ") p";
    /* A membership shares its subject's partition: prov prunes both sides. */
    static const char q_pmks[] =
        "SELECT m.category, count(*) FROM membership m "
        "LEFT JOIN person p ON p.id = m.person_id AND substr(p.village_code, 1, 2) = m.prov "
        "LEFT JOIN household h ON h.id = m.household_id AND substr(h.village_code, 1, 2) = m.prov "
        "WHERE m.valid_to IS NULL AND m.prov BETWEEN substr($1::text, 1, 2) AND "
        "substr($2::text, 1, 2) AND coalesce(p.village_code, h.village_code) >= $1 AND "
        "coalesce(p.village_code, h.village_code) < $2 GROUP BY m.category";
    memset(out, 0, sizeof *out);
    char lo[16], hi[16];
    pl_pg_prefix_range(lo, hi, scope, NULL);
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if ((rc = pl_pg_region_counts(s, out->regions, err)))
        return rc;
    const char *p[] = {lo, hi};
    PGresult *r = pl_pg_query(s, q_totals, 2, p, err, "summary");
    if (r == NULL)
        return err->code;
    out->households = (long)pl_pg_int(r, 0, 0);
    out->people = (long)pl_pg_int(r, 0, 1);
    out->people_alive = (long)pl_pg_int(r, 0, 2);
    out->without_nik = (long)pl_pg_int(r, 0, 3);
    out->by_state[0] = (long)pl_pg_int(r, 0, 4);
    out->by_state[1] = (long)pl_pg_int(r, 0, 5);
    out->by_state[2] = out->people - out->by_state[0] - out->by_state[1];
    out->psks_units = (long)pl_pg_int(r, 0, 6);
    out->users = (long)pl_pg_int(r, 0, 7);
    out->audit_rows = (long)pl_pg_int(r, 0, 8);
    PQclear(r);
    if ((r = pl_pg_query(s, q_pmks, 2, p, err, "summary")) == NULL)
        return err->code;
    for (int i = 0; i < PQntuples(r); i++) {
        int64_t c = pl_pg_int(r, i, 0);
        long n = (long)pl_pg_int(r, i, 1);
        if (c >= 1 && c <= 26) {
            out->pmks_people[c] = n;
            out->memberships_open += n;
        }
    }
    PQclear(r);
    return 0;
}

int pl_pg_summary_by_village(pl_pg_store *s, const char *scope, pl_village_summary_cb cb, void *ctx,
                             pl_error *err)
{
    /* kind 0: households; 1: people by state and death. */
    static const char sql[] =
        "SELECT village_code, 0, '', 0, count(*), 0 FROM household WHERE " IN_SCOPE(
            "village_code") " GROUP BY village_code "
                            "UNION ALL SELECT village_code, 1, state, (death_date IS NULL)::int, "
                            "count(*), (nik IS NULL)::int FROM person WHERE " IN_SCOPE(
                                "village_code") " GROUP BY village_code, state, death_date IS "
                                                "NULL, nik IS NULL ORDER BY 1";
    char lo[16], hi[16];
    pl_pg_prefix_range(lo, hi, scope, NULL);
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {lo, hi};
    PGresult *r = pl_pg_query(s, sql, 2, p, err, "summary");
    if (r == NULL)
        return err->code;
    pl_village_summary v = {0};
    int stop = 0;
    for (int i = 0; i < PQntuples(r) && stop == 0; i++) {
        const char *code = PQgetvalue(r, i, 0);
        if (strcmp(code, v.village) != 0) {
            stop = v.village[0] ? cb(ctx, &v) : 0;
            if (stop)
                break;
            memset(&v, 0, sizeof v);
            snprintf(v.village, sizeof v.village, "%s", code);
        }
        long n = (long)pl_pg_int(r, i, 4);
        if (pl_pg_int(r, i, 1) == 0) {
            v.households += n;
            continue;
        }
        bool alive = pl_pg_int(r, i, 3) != 0;
        v.people += n;
        if (alive)
            v.people_alive += n;
        if (alive && pl_pg_int(r, i, 5))
            v.without_nik += n;
        v.by_state[state_slot(PQgetvalue(r, i, 2))] += n;
    }
    PQclear(r);
    if (stop)
        return stop;
    return v.village[0] ? cb(ctx, &v) : 0;
}
