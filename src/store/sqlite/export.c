/* export.c - people as canonical exchange rows, household by household. */
#include "store/sqlite/internal.h"

#include <string.h>

static void read_export(pl_export_row *r, sqlite3_stmt *st)
{
    pl_sq_col_text(r->nik, sizeof r->nik, st, 0);
    pl_sq_col_text(r->kk, sizeof r->kk, st, 1);
    pl_sq_col_text(r->name, sizeof r->name, st, 2);
    pl_sq_col_text(r->birth_place, sizeof r->birth_place, st, 3);
    pl_sq_col_text(r->birth_date, sizeof r->birth_date, st, 4);
    const unsigned char *sex = sqlite3_column_text(st, 5);
    r->sex = sex ? (char)sex[0] : 0;
    pl_sq_col_text(r->relationship, sizeof r->relationship, st, 6);
    pl_sq_col_text(r->mother_name, sizeof r->mother_name, st, 7);
    pl_sq_col_text(r->address, sizeof r->address, st, 8);
    pl_sq_col_text(r->rt, sizeof r->rt, st, 9);
    pl_sq_col_text(r->rw, sizeof r->rw, st, 10);
    pl_sq_col_text(r->village_code, sizeof r->village_code, st, 11);
    pl_sq_col_text(r->pmks, sizeof r->pmks, st, 12);
    pl_sq_col_text(r->disability, sizeof r->disability, st, 13);
    r->has_coord = sqlite3_column_type(st, 14) != SQLITE_NULL;
    r->lat = sqlite3_column_double(st, 14);
    r->lon = sqlite3_column_double(st, 15);
    pl_sq_col_text(r->no_nik_reason, sizeof r->no_nik_reason, st, 16);
}

PL_SQ_ROWS(export_rows, pl_export_row, pl_export_cb, read_export, "export");

int pl_sq_export(pl_sq_store *s, const pl_export_query *q, pl_export_cb cb, void *ctx,
                 pl_error *err)
{
    static const char sql[] =
        "WITH sel AS ("
        "  SELECT p.*, row_number() OVER (PARTITION BY p.household_id ORDER BY "
        "    CASE p.relationship WHEN 'kepala_keluarga' THEN 0 ELSE 1 END, p.id) AS rn "
        "  FROM person p "
        "  WHERE p.village_code >= ?1 AND p.village_code < ?2 "
        "  AND (?3 IS NULL OR p.state = ?3) "
        "  AND (?5 = 0 OR p.death_date IS NULL)) "
        "SELECT p.nik, h.kk, p.name, p.birth_place, p.birth_date, p.sex, p.relationship, "
        "  p.mother_name, h.address, h.rt, h.rw, p.village_code, "
        "  (SELECT group_concat(category || '@' || valid_from, ';') FROM ("
        "     SELECT category, valid_from FROM membership m WHERE m.valid_to IS NULL AND "
        "       (m.person_id = p.id OR (p.rn = 1 AND m.household_id = p.household_id)) "
        "     ORDER BY category)), "
        "  p.disability, CASE WHEN h.id IS NULL THEN p.lat ELSE h.lat END, "
        "  CASE WHEN h.id IS NULL THEN p.lon ELSE h.lon END, p.no_nik_reason "
        "FROM sel p LEFT JOIN household h ON h.id = p.household_id "
        "WHERE (?4 = 0 OR EXISTS (SELECT 1 FROM membership m WHERE m.category = ?4 AND "
        "  m.valid_to IS NULL AND (m.person_id = p.id OR m.household_id = p.household_id))) "
        "ORDER BY p.household_id, p.rn";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    char lo[16], hi[16];
    pl_sq_prefix_range(lo, hi, q->region, q->scope);
    sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
    pl_sq_bind_text_or_null(st, 3, q->state);
    sqlite3_bind_int(st, 4, q->category);
    sqlite3_bind_int(st, 5, q->alive_only);
    return pl_sq_each(s, st, &export_rows, NULL, PL_SQ_FN(cb), ctx, err);
}
