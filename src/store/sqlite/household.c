/* household.c - households keyed by KK: add, get, update, members. */
#include "store/sqlite/internal.h"

#include <stdio.h>
#include <string.h>

#define HH_COLS                                                                                    \
    "id, kk, village_code, address, rt, rw, lat, lon, state, version, created_at, updated_at"

static void row_to_household(pl_household *h, sqlite3_stmt *st)
{
    memset(h, 0, sizeof *h);
    h->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(h->kk, sizeof h->kk, st, 1);
    pl_sq_col_text(h->village_code, sizeof h->village_code, st, 2);
    pl_sq_col_text(h->address, sizeof h->address, st, 3);
    pl_sq_col_text(h->rt, sizeof h->rt, st, 4);
    pl_sq_col_text(h->rw, sizeof h->rw, st, 5);
    h->has_coord = sqlite3_column_type(st, 6) != SQLITE_NULL;
    h->lat = sqlite3_column_double(st, 6);
    h->lon = sqlite3_column_double(st, 7);
    pl_sq_col_text(h->state, sizeof h->state, st, 8);
    h->version = sqlite3_column_int64(st, 9);
    pl_sq_col_text(h->created_at, sizeof h->created_at, st, 10);
    pl_sq_col_text(h->updated_at, sizeof h->updated_at, st, 11);
}

/* Reads the one household sql (its ?1 bound to kk, or else to id) selects into out. */
static int fetch_one(pl_sq_store *s, pl_household *out, const char *sql, int64_t id, const char *kk,
                     pl_error *err)
{
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    if (kk)
        sqlite3_bind_text(st, 1, kk, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, id);
    rc = pl_sq_row(s, st, "household", err);
    if (rc != 1) {
        if (rc)
            return rc;
        if (kk)
            return pl_error_set(err, PL_ENOTFOUND, "no_kk",
                                "keluarga dengan No. KK %s tidak ditemukan", kk);
        return pl_error_set(err, PL_ENOTFOUND, "no_kk", "keluarga id %lld tidak ditemukan",
                            (long long)id);
    }
    row_to_household(out, st);
    sqlite3_reset(st);
    return 0;
}

static int village_exists(pl_sq_store *s, const char *code, pl_error *err)
{
    static const char sql[] = "SELECT 1 FROM region WHERE code = ? AND level = 4";
    PL_SQ_PREP(st, sql);
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, "region");
    return pl_error_set(err, PL_EINVAL, "kode_desa",
                        "kode desa %s tidak ada di pohon wilayah Kemendagri", code);
}

static void bind_coord(sqlite3_stmt *st, int i, bool has, double lat, double lon)
{
    if (has) {
        sqlite3_bind_double(st, i, lat);
        sqlite3_bind_double(st, i + 1, lon);
    } else {
        sqlite3_bind_null(st, i);
        sqlite3_bind_null(st, i + 1);
    }
}

int pl_sq_household_add(pl_sq_store *s, const pl_actor *who, pl_household *hh, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO household(kk, village_code, address, rt, rw, lat, lon, state, "
        "created_at, created_by, updated_at) VALUES(?,?,?,?,?,?,?,coalesce(?, 'draft'), " PL_SQ_NOW
        ", ?, " PL_SQ_NOW ")";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if ((rc = village_exists(s, hh->village_code, err)))
        return rc;
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    sqlite3_bind_text(st, 1, hh->kk, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hh->village_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, hh->address, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, hh->rt, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, hh->rw, -1, SQLITE_STATIC);
    bind_coord(st, 6, hh->has_coord, hh->lat, hh->lon);
    pl_sq_bind_text_or_null(st, 8, hh->state);
    sqlite3_bind_text(st, 9, s->actor, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        rc = pl_sq_step_error(s, rc, err, "household");
        if (rc == PL_ECONFLICT)
            pl_error_set(err, PL_ECONFLICT, "no_kk", "No. KK %s sudah terdaftar", hh->kk);
        return rc;
    }
    int64_t id = sqlite3_last_insert_rowid(s->db);
    return pl_sq_household_get(s, hh, id, err);
}

int pl_sq_household_get(pl_sq_store *s, pl_household *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " HH_COLS " FROM household WHERE id = ?";
    return fetch_one(s, out, sql, id, NULL, err);
}

int pl_sq_household_get_by_kk(pl_sq_store *s, pl_household *out, const char *kk, pl_error *err)
{
    static const char sql[] = "SELECT " HH_COLS " FROM household WHERE kk = ?";
    return fetch_one(s, out, sql, 0, kk, err);
}

int pl_sq_household_update(pl_sq_store *s, const pl_actor *who, pl_household *hh, pl_error *err)
{
    static const char sql[] =
        "UPDATE household SET village_code=?, address=?, rt=?, rw=?, lat=?, lon=?, "
        "version=version+1, updated_at=" PL_SQ_NOW " "
        "WHERE id=? AND version=?";
    static const char sql_people[] = "UPDATE person SET village_code=?1, version=version+1, "
                                     "updated_at=" PL_SQ_NOW " "
                                     "WHERE household_id=?2 AND village_code<>?1";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if ((rc = village_exists(s, hh->village_code, err)))
        return rc;
    pl_sq_set_actor(s, who);
    bool own_tx;
    if ((rc = pl_sq_tx_begin(s, &own_tx, err)))
        return rc;
    sqlite3_stmt *st = pl_sq_stmt(s, sql, err);
    if (st == NULL) {
        rc = PL_EINTERNAL;
        goto out;
    }
    sqlite3_bind_text(st, 1, hh->village_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hh->address, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, hh->rt, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, hh->rw, -1, SQLITE_STATIC);
    bind_coord(st, 5, hh->has_coord, hh->lat, hh->lon);
    sqlite3_bind_int64(st, 7, hh->id);
    sqlite3_bind_int64(st, 8, hh->version);
    int src = sqlite3_step(st);
    if (src != SQLITE_DONE) {
        rc = pl_sq_step_error(s, src, err, "household");
        goto out;
    }
    if (sqlite3_changes(s->db) == 0) {
        pl_household cur;
        rc = pl_sq_household_get(s, &cur, hh->id, err);
        if (rc == 0)
            rc = pl_error_set(err, PL_ECONFLICT, "version",
                              "data keluarga sudah diubah orang lain (versi %lld, bukan %lld); "
                              "muat ulang lalu ulangi",
                              (long long)cur.version, (long long)hh->version);
        goto out;
    }
    /* A move takes every member along (their audit rows record it). */
    st = pl_sq_stmt(s, sql_people, err);
    if (st == NULL) {
        rc = PL_EINTERNAL;
        goto out;
    }
    sqlite3_bind_text(st, 1, hh->village_code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, hh->id);
    src = sqlite3_step(st);
    if (src != SQLITE_DONE) {
        rc = pl_sq_step_error(s, src, err, "person");
        goto out;
    }
    rc = pl_sq_household_get(s, hh, hh->id, err);
out:
    return pl_sq_tx_end(s, own_tx, rc, err);
}

PL_SQ_ROWS(household_rows, pl_household, pl_household_cb, row_to_household, "household");

int pl_sq_household_unlocated(pl_sq_store *s, const char *scope, int64_t after, int limit,
                              long *total, pl_household_cb cb, void *ctx, pl_error *err)
{
    *total = 0;
    if (limit < 1 || limit > 1000)
        return pl_error_set(err, PL_EINVAL, "limit", "limit harus 1 sampai 1000");
    char lo[16], hi[16];
    pl_sq_prefix_range(lo, hi, scope ? scope : "", NULL);
    static const char count_sql[] = "SELECT count(*) FROM household WHERE lat IS NULL AND "
                                    "village_code >= ?1 AND village_code < ?2";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, count_sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
    rc = pl_sq_row(s, st, "household", err);
    if (rc < 0)
        return rc;
    *total = rc == 1 ? (long)sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    static const char sql[] = "SELECT " HH_COLS " FROM household WHERE lat IS NULL AND "
                              "village_code >= ?1 AND village_code < ?2 AND id > ?3 "
                              "ORDER BY id LIMIT ?4";
    if ((rc = pl_sq_ready(s, &st, sql, err)))
        return rc;
    sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, after);
    sqlite3_bind_int(st, 4, limit);
    return pl_sq_each(s, st, &household_rows, NULL, PL_SQ_FN(cb), ctx, err);
}
