/*
 * household.c - households keyed by KK on PostgreSQL: add, get, update, households without a
 * point. household is partitioned by province: a lookup by id or KK goes through
 * household_key's province (one partition).
 */
#include "store/pg/internal.h"

#include <stdio.h>
#include <string.h>

#define HH_COLS                                                                                    \
    "id, kk, village_code, address, rt, rw, lat, lon, state, version, created_at, updated_at"
/* The one partition holding household $N (by id). */
#define HH_BY_ID(N)                                                                                \
    "substr(village_code, 1, 2) = (SELECT prov FROM household_key WHERE id = " N ") AND id = " N

static void row_to_household(pl_household *h, const PGresult *r, int row)
{
    memset(h, 0, sizeof *h);
    h->id = pl_pg_int(r, row, 0);
    pl_pg_copy(h->kk, sizeof h->kk, r, row, 1);
    pl_pg_copy(h->village_code, sizeof h->village_code, r, row, 2);
    pl_pg_copy(h->address, sizeof h->address, r, row, 3);
    pl_pg_copy(h->rt, sizeof h->rt, r, row, 4);
    pl_pg_copy(h->rw, sizeof h->rw, r, row, 5);
    h->has_coord = !pl_pg_null(r, row, 6);
    h->lat = pl_pg_real(r, row, 6);
    h->lon = pl_pg_real(r, row, 7);
    pl_pg_copy(h->state, sizeof h->state, r, row, 8);
    h->version = pl_pg_int(r, row, 9);
    pl_pg_copy(h->created_at, sizeof h->created_at, r, row, 10);
    pl_pg_copy(h->updated_at, sizeof h->updated_at, r, row, 11);
}

static int read_household(void *out, const PGresult *r, int row, void *arg)
{
    (void)arg;
    row_to_household(out, r, row);
    return 0;
}

/* Reads the one household sql (its $1 the kk, or else the id) selects into out. */
static int fetch_one(pl_pg_store *s, pl_household *out, const char *sql, int64_t id, const char *kk,
                     pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {kk ? kk : pl_pg_i64(&n, id)};
    rc = pl_pg_one(s, sql, 1, p, read_household, out, NULL, err, "household");
    if (rc != PL_ENOTFOUND)
        return rc;
    if (kk)
        return pl_error_set(err, PL_ENOTFOUND, "no_kk", "keluarga dengan No. KK %s tidak ditemukan",
                            kk);
    return pl_error_set(err, PL_ENOTFOUND, "no_kk", "keluarga id %lld tidak ditemukan",
                        (long long)id);
}

static int village_exists(pl_pg_store *s, const char *code, pl_error *err)
{
    static const char sql[] = "SELECT 1 FROM region WHERE code = $1 AND level = 4";
    const char *p[] = {code};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "region");
    if (r == NULL)
        return err->code;
    int found = PQntuples(r);
    PQclear(r);
    if (found)
        return 0;
    return pl_error_set(err, PL_EINVAL, "kode_desa",
                        "kode desa %s tidak ada di pohon wilayah Kemendagri", code);
}

static const char *text_or_null(const char *v)
{
    return v && v[0] ? v : NULL;
}

int pl_pg_household_add(pl_pg_store *s, const pl_actor *who, pl_household *hh, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO household(kk, village_code, address, rt, rw, lat, lon, state, "
        "created_at, created_by, updated_at) SELECT $1, $2, $3, $4, $5, $6::float8, $7::float8, "
        "coalesce($8, 'draft'), pl_now(), $9, pl_now() "
        "WHERE NOT EXISTS (SELECT 1 FROM household_key WHERE kk = $1) RETURNING " HH_COLS;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if ((rc = village_exists(s, hh->village_code, err)))
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num lat, lon;
    const char *p[] = {hh->kk,
                       hh->village_code,
                       hh->address,
                       hh->rt,
                       hh->rw,
                       hh->has_coord ? pl_pg_f64(&lat, hh->lat) : NULL,
                       hh->has_coord ? pl_pg_f64(&lon, hh->lon) : NULL,
                       text_or_null(hh->state),
                       s->actor};
    PGresult *r = pl_pg_query_sp(s, own, sql, 9, p, err, "household");
    if (r == NULL) {
        rc = err->code;
        /* The cluster's national registry (migration 28) says where the KK is held. */
        if (rc == PL_ECONFLICT && strstr(err->message, "(klaster nasional)") == NULL)
            pl_error_set(err, PL_ECONFLICT, "no_kk", "No. KK %s sudah terdaftar", hh->kk);
        return pl_pg_tx_end(s, own, rc, err);
    }
    /* No row: the registry holds the KK (checked first, so that no id is used up). */
    bool found = PQntuples(r) == 1;
    if (found)
        row_to_household(hh, r, 0);
    PQclear(r);
    if (!found)
        rc = pl_error_set(err, PL_ECONFLICT, "no_kk", "No. KK %s sudah terdaftar", hh->kk);
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_household_get(pl_pg_store *s, pl_household *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " HH_COLS " FROM household WHERE " HH_BY_ID("$1::bigint");
    return fetch_one(s, out, sql, id, NULL, err);
}

int pl_pg_household_get_by_kk(pl_pg_store *s, pl_household *out, const char *kk, pl_error *err)
{
    static const char sql[] = "SELECT " HH_COLS " FROM household WHERE substr(village_code, 1, 2) "
                              "= (SELECT prov FROM household_key WHERE kk = $1) AND kk = $1";
    return fetch_one(s, out, sql, 0, kk, err);
}

int pl_pg_household_update(pl_pg_store *s, const pl_actor *who, pl_household *hh, pl_error *err)
{
    /* A village of another province moves the row to that partition (see person.c). */
    static const char sql[] =
        "UPDATE household SET village_code = $1, address = $2, rt = $3, rw = $4, "
        "lat = $5::float8, lon = $6::float8, version = version + 1, updated_at = pl_now() "
        "WHERE " HH_BY_ID("$7::bigint") " AND version = $8::bigint RETURNING " HH_COLS;
    static const char sql_people[] =
        "UPDATE person SET village_code = $1, version = version + 1, updated_at = pl_now() "
        "WHERE household_id = $2::bigint AND village_code <> $1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if ((rc = village_exists(s, hh->village_code, err)))
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num lat, lon, id, version;
    const char *p[] = {hh->village_code,
                       hh->address,
                       hh->rt,
                       hh->rw,
                       hh->has_coord ? pl_pg_f64(&lat, hh->lat) : NULL,
                       hh->has_coord ? pl_pg_f64(&lon, hh->lon) : NULL,
                       pl_pg_i64(&id, hh->id),
                       pl_pg_i64(&version, hh->version)};
    PGresult *r = pl_pg_query_sp(s, own, sql, 8, p, err, "household");
    if (r == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    pl_household after;
    bool found = PQntuples(r) == 1;
    if (found)
        row_to_household(&after, r, 0);
    PQclear(r);
    if (!found) {
        pl_household cur;
        rc = pl_pg_household_get(s, &cur, hh->id, err);
        if (rc == 0)
            rc = pl_error_set(err, PL_ECONFLICT, "version",
                              "data keluarga sudah diubah orang lain (versi %lld, bukan %lld); "
                              "muat ulang lalu ulangi",
                              (long long)cur.version, (long long)hh->version);
        return pl_pg_tx_end(s, own, rc, err);
    }
    /* A move takes every member along (their audit rows record it). */
    const char *pp[] = {hh->village_code, p[6]};
    if ((r = pl_pg_query_sp(s, own, sql_people, 2, pp, err, "person")) == NULL)
        return pl_pg_tx_end(s, own, err->code, err);
    PQclear(r);
    *hh = after;
    return pl_pg_tx_end(s, own, 0, err);
}

PL_PG_ROWS(household_rows, pl_household, pl_household_cb, row_to_household, "household");

int pl_pg_household_unlocated(pl_pg_store *s, const char *scope, int64_t after, int limit,
                              long *total, pl_household_cb cb, void *ctx, pl_error *err)
{
    static const char count_sql[] =
        "SELECT count(*) FROM household WHERE lat IS NULL AND " PL_PG_IN_RANGE(
            "village_code", "$1::text", "$2::text");
    static const char sql[] =
        "SELECT " HH_COLS " FROM household WHERE lat IS NULL AND "
        "" PL_PG_IN_RANGE("village_code", "$1::text",
                          "$2::text") " "
                                      "AND id > $3::bigint ORDER BY id LIMIT $4::bigint";
    *total = 0;
    if (limit < 1 || limit > 1000)
        return pl_error_set(err, PL_EINVAL, "limit", "limit harus 1 sampai 1000");
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char lo[16], hi[16];
    pl_pg_prefix_range(lo, hi, scope ? scope : "", NULL);
    const char *p[] = {lo, hi};
    int64_t n = 0;
    if ((rc = pl_pg_scalar_i64(s, count_sql, 2, p, &n, err, "household")))
        return rc;
    *total = (long)n;
    pl_pg_num a, l;
    const char *pp[] = {lo, hi, pl_pg_i64(&a, after), pl_pg_i64(&l, limit)};
    return pl_pg_each(s, sql, 4, pp, &household_rows, NULL, PL_PG_FN(cb), ctx, err);
}
