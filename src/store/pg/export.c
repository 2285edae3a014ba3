/* export.c - people as canonical exchange rows, household by household (PostgreSQL). */
#include "store/pg/internal.h"

#include <stdio.h>
#include <string.h>

static void read_export(pl_export_row *r, const PGresult *res, int row)
{
    pl_pg_copy(r->nik, sizeof r->nik, res, row, 0);
    pl_pg_copy(r->kk, sizeof r->kk, res, row, 1);
    pl_pg_copy(r->name, sizeof r->name, res, row, 2);
    pl_pg_copy(r->birth_place, sizeof r->birth_place, res, row, 3);
    pl_pg_copy(r->birth_date, sizeof r->birth_date, res, row, 4);
    const char *sex = pl_pg_text(res, row, 5);
    r->sex = sex ? sex[0] : 0;
    pl_pg_copy(r->relationship, sizeof r->relationship, res, row, 6);
    pl_pg_copy(r->mother_name, sizeof r->mother_name, res, row, 7);
    pl_pg_copy(r->address, sizeof r->address, res, row, 8);
    pl_pg_copy(r->rt, sizeof r->rt, res, row, 9);
    pl_pg_copy(r->rw, sizeof r->rw, res, row, 10);
    pl_pg_copy(r->village_code, sizeof r->village_code, res, row, 11);
    pl_pg_copy(r->pmks, sizeof r->pmks, res, row, 12);
    pl_pg_copy(r->disability, sizeof r->disability, res, row, 13);
    r->has_coord = !pl_pg_null(res, row, 14);
    r->lat = pl_pg_real(res, row, 14);
    r->lon = pl_pg_real(res, row, 15);
    pl_pg_copy(r->no_nik_reason, sizeof r->no_nik_reason, res, row, 16);
}

PL_PG_ROWS(export_rows, pl_export_row, pl_export_cb, read_export, "export");

/*
 * The people inside region and scope (dotted prefixes, "" = all): $1 and $2 are the prefixes,
 * $6 the province both name (the partition to read; "" when neither names one).
 */
#define IN_PREFIX(COL, P) "(" P " = '' OR " COL " = " P " OR starts_with(" COL ", " P " || '.'))"

int pl_pg_export(pl_pg_store *s, const pl_export_query *q, pl_export_cb cb, void *ctx,
                 pl_error *err)
{
    /* NULL households first, as SQLite sorts them. A subject's memberships lie in its province's
     * partition, which is the person's (a household member lives in the household's village). */
    static const char sql[] =
        "WITH sel AS ("
        "  SELECT p.*, row_number() OVER (PARTITION BY p.household_id ORDER BY "
        "    CASE p.relationship WHEN 'kepala_keluarga' THEN 0 ELSE 1 END, p.id) AS rn "
        "  FROM person p "
        "  WHERE ($6 = '' OR substr(p.village_code, 1, 2) = $6) "
        "  AND " IN_PREFIX("p.village_code", "$1") " AND " IN_PREFIX(
            "p.village_code",
            "$2") " "
                  "  AND ($3::text IS NULL OR p.state = $3) "
                  "  AND ($5 = 0 OR p.death_date IS NULL)) "
                  "SELECT p.nik, h.kk, p.name, p.birth_place, p.birth_date, p.sex, p.relationship, "
                  "  p.mother_name, h.address, h.rt, h.rw, p.village_code, "
                  "  (SELECT string_agg(m.category || '@' || m.valid_from, ';' ORDER BY "
                  "m.category) "
                  "     FROM membership m WHERE m.prov = substr(p.village_code, 1, 2) AND "
                  "m.valid_to IS NULL AND "
                  "       (m.person_id = p.id OR (p.rn = 1 AND m.household_id = p.household_id))), "
                  "  p.disability, CASE WHEN h.id IS NULL THEN p.lat ELSE h.lat END, "
                  "  CASE WHEN h.id IS NULL THEN p.lon ELSE h.lon END, p.no_nik_reason "
                  "FROM sel p LEFT JOIN household h ON h.id = p.household_id "
                  "WHERE ($4 = 0 OR EXISTS (SELECT 1 FROM membership m WHERE m.category = $4 AND "
                  "  m.prov = substr(p.village_code, 1, 2) AND "
                  "  m.valid_to IS NULL AND (m.person_id = p.id OR m.household_id = "
                  "p.household_id))) "
                  "ORDER BY p.household_id NULLS FIRST, p.rn";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *region = q->region ? q->region : "";
    const char *scope = q->scope ? q->scope : "";
    char prov[3] = "";
    const char *longer = strlen(region) >= strlen(scope) ? region : scope;
    if (strlen(longer) >= 2)
        snprintf(prov, sizeof prov, "%.2s", longer);
    pl_pg_num cat, alive;
    const char *p[] = {region,
                       scope,
                       q->state && q->state[0] ? q->state : NULL,
                       pl_pg_i64(&cat, q->category),
                       pl_pg_i64(&alive, q->alive_only ? 1 : 0),
                       prov};
    return pl_pg_each(s, sql, 6, p, &export_rows, NULL, PL_PG_FN(cb), ctx, err);
}
