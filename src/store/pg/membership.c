/*
 * membership.c - PMKS category memberships with valid_from / valid_to on PostgreSQL, in the
 * partition of their subject's province (membership.prov = pl_subject_prov(...)).
 */
#include "store/pg/internal.h"

#include <stdio.h>
#include <string.h>

int pl_pg_membership_add(pl_pg_store *s, const pl_actor *who, pl_membership *m, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO membership(person_id, household_id, category, valid_from, valid_to, note, "
        "created_at, created_by, prov) SELECT $1::bigint, $2::bigint, $3::bigint, $4, $5, $6, "
        "pl_now(), $7, pl_subject_prov($1::bigint, $2::bigint) "
        "WHERE $5::text IS NOT NULL OR NOT EXISTS (SELECT 1 FROM membership WHERE "
        "prov = pl_subject_prov($1::bigint, $2::bigint) AND category = $3::bigint AND "
        "valid_to IS NULL AND (person_id = $1::bigint OR "
        "household_id = $2::bigint)) RETURNING id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num person, household, category;
    const char *p[] = {m->person_id ? pl_pg_i64(&person, m->person_id) : NULL,
                       m->household_id ? pl_pg_i64(&household, m->household_id) : NULL,
                       pl_pg_i64(&category, m->category),
                       m->valid_from,
                       m->valid_to[0] ? m->valid_to : NULL,
                       m->note,
                       s->actor};
    PGresult *r = pl_pg_query_sp(s, own, sql, 7, p, err, "membership");
    if (r == NULL) {
        rc = err->code;
        if (rc == PL_ECONFLICT)
            pl_error_set(err, PL_ECONFLICT, "pmks", "kategori PMKS %d sudah aktif untuk data ini",
                         m->category);
        return pl_pg_tx_end(s, own, rc, err);
    }
    /* No row: the category is open for the subject already (checked first, so that no id
     * is used up; a concurrent one meets the unique index). */
    bool found = PQntuples(r) == 1;
    if (found)
        m->id = pl_pg_int(r, 0, 0);
    PQclear(r);
    if (!found)
        rc = pl_error_set(err, PL_ECONFLICT, "pmks", "kategori PMKS %d sudah aktif untuk data ini",
                          m->category);
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_membership_end(pl_pg_store *s, const pl_actor *who, int64_t id, const char *valid_to,
                         pl_error *err)
{
    static const char sql[] = "UPDATE membership SET valid_to = $1 WHERE id = $2::bigint "
                              "AND valid_to IS NULL AND valid_from <= $1";
    static const char sql_get[] =
        "SELECT valid_from, valid_to FROM membership WHERE id = $1::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num n;
    const char *p[] = {valid_to, pl_pg_i64(&n, id)};
    PGresult *r = pl_pg_query_sp(s, own, sql, 2, p, err, "membership");
    if (r == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    long changed = pl_pg_changes(r);
    PQclear(r);
    if ((rc = pl_pg_tx_end(s, own, 0, err)) || changed == 1)
        return rc;
    if ((r = pl_pg_query(s, sql_get, 1, p + 1, err, "membership")) == NULL)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return pl_error_set(err, PL_ENOTFOUND, "id", "keanggotaan kategori id %lld tidak ada",
                            (long long)id);
    }
    char from[11], to[11];
    pl_pg_copy(from, sizeof from, r, 0, 0);
    pl_pg_copy(to, sizeof to, r, 0, 1);
    PQclear(r);
    if (to[0])
        return pl_error_set(err, PL_ECONFLICT, "berlaku_sampai",
                            "keanggotaan kategori sudah berakhir pada %s", to);
    return pl_error_set(err, PL_EINVAL, "berlaku_sampai",
                        "tanggal akhir %s sebelum tanggal mulai %s", valid_to, from);
}

static void read_membership(pl_membership *m, const PGresult *r, int row)
{
    m->id = pl_pg_int(r, row, 0);
    m->person_id = pl_pg_int(r, row, 1);
    m->household_id = pl_pg_int(r, row, 2);
    m->category = (int)pl_pg_int(r, row, 3);
    pl_pg_copy(m->valid_from, sizeof m->valid_from, r, row, 4);
    pl_pg_copy(m->valid_to, sizeof m->valid_to, r, row, 5);
    pl_pg_copy(m->note, sizeof m->note, r, row, 6);
    m->ended_by_visit = pl_pg_int(r, row, 7);
}

PL_PG_ROWS(membership_rows, pl_membership, pl_membership_cb, read_membership, "membership");

int pl_pg_membership_list(pl_pg_store *s, int64_t person_id, int64_t household_id,
                          pl_membership_cb cb, void *ctx, pl_error *err)
{
    /* A subject's memberships live in the partition of its province (prov). */
    static const char sql[] =
        "SELECT id, person_id, household_id, category, valid_from, valid_to, note, "
        "ended_by_visit FROM membership WHERE ($1::bigint <> 0 AND person_id = $1 "
        "AND prov = (SELECT prov FROM person_key WHERE id = $1)) OR ($2::bigint <> 0 AND "
        "household_id = $2 AND prov = (SELECT prov FROM household_key WHERE id = $2)) "
        "ORDER BY valid_from, id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num a, b;
    const char *p[] = {pl_pg_i64(&a, person_id), pl_pg_i64(&b, household_id)};
    return pl_pg_each(s, sql, 2, p, &membership_rows, NULL, PL_PG_FN(cb), ctx, err);
}
