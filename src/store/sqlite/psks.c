/* psks.c - PSKS units (people and organisations) and the areas they serve. */
#include "store/sqlite/internal.h"

#include <string.h>

/* Binds a unit's columns type .. valid_to to parameters 1 .. 12 (insert and update alike). */
static void bind_unit(sqlite3_stmt *st, const pl_psks_unit *u)
{
    sqlite3_bind_int(st, 1, u->type);
    sqlite3_bind_text(st, 2, u->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, u->name, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 4, u->nik);
    sqlite3_bind_text(st, 5, u->area_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, u->address, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, u->phone, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, u->email, -1, SQLITE_STATIC);
    if (u->has_coord) {
        sqlite3_bind_double(st, 9, u->lat);
        sqlite3_bind_double(st, 10, u->lon);
    } else {
        sqlite3_bind_null(st, 9);
        sqlite3_bind_null(st, 10);
    }
    pl_sq_bind_text_or_null(st, 11, u->valid_from);
    pl_sq_bind_text_or_null(st, 12, u->valid_to);
}

/* The schema is current and the unit's area is in the region tree (field names the error). */
static int ready(pl_sq_store *s, const pl_psks_unit *u, const char *field, pl_error *err)
{
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    pl_region r;
    rc = pl_sq_region_get(s, &r, u->area_code, err);
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_EINVAL, field, "wilayah %s tidak ada di pohon wilayah",
                            u->area_code);
    return rc;
}

int pl_sq_psks_add(pl_sq_store *s, const pl_actor *who, pl_psks_unit *u, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_unit(type, kind, name, nik, area_code, address, phone, email, lat, lon, "
        "valid_from, valid_to, created_at, created_by) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?," PL_SQ_NOW ",?)";
    int rc = ready(s, u, "wilayah", err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    bind_unit(st, u);
    sqlite3_bind_text(st, 13, s->actor, -1, SQLITE_STATIC);
    if ((rc = pl_sq_insert(s, st, &u->id, "psks_unit", err)))
        return rc;
    u->version = 1;
    return 0;
}

static void read_psks(pl_psks_unit *u, sqlite3_stmt *st)
{
    u->id = sqlite3_column_int64(st, 0);
    u->type = sqlite3_column_int(st, 1);
    pl_sq_col_text(u->kind, sizeof u->kind, st, 2);
    pl_sq_col_text(u->name, sizeof u->name, st, 3);
    pl_sq_col_text(u->nik, sizeof u->nik, st, 4);
    pl_sq_col_text(u->area_code, sizeof u->area_code, st, 5);
    pl_sq_col_text(u->address, sizeof u->address, st, 6);
    pl_sq_col_text(u->phone, sizeof u->phone, st, 7);
    pl_sq_col_text(u->email, sizeof u->email, st, 8);
    u->has_coord = sqlite3_column_type(st, 9) != SQLITE_NULL;
    u->lat = sqlite3_column_double(st, 9);
    u->lon = sqlite3_column_double(st, 10);
    pl_sq_col_text(u->valid_from, sizeof u->valid_from, st, 11);
    pl_sq_col_text(u->valid_to, sizeof u->valid_to, st, 12);
    u->version = sqlite3_column_int64(st, 13);
    pl_sq_col_text(u->created_at, sizeof u->created_at, st, 14);
}

PL_SQ_ROWS(psks_rows, pl_psks_unit, pl_psks_cb, read_psks, "psks_unit");

int pl_sq_psks_list(pl_sq_store *s, const char *region, int type, pl_psks_cb cb, void *ctx,
                    pl_error *err)
{
    static const char sql[] =
        "SELECT id, type, kind, name, nik, area_code, address, phone, email, lat, lon, "
        "valid_from, valid_to, version, created_at FROM psks_unit "
        "WHERE " PL_SQ_IN_PREFIX("area_code",
                                 "?1") " "
                                       "AND (?2 = 0 OR type = ?2) ORDER BY area_code, type, name";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, region ? region : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, type);
    return pl_sq_each(s, st, &psks_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_psks_get(pl_sq_store *s, pl_psks_unit *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT id, type, kind, name, nik, area_code, address, phone, "
                              "email, lat, lon, valid_from, valid_to, version, created_at "
                              "FROM psks_unit WHERE id = ?";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if ((rc = pl_sq_row(s, st, "psks_unit", err)) < 0)
        return rc;
    if (rc == 0)
        return pl_error_set(err, PL_ENOTFOUND, "id", "unit PSKS %lld tidak ditemukan",
                            (long long)id);
    memset(out, 0, sizeof *out);
    read_psks(out, st);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_psks_update(pl_sq_store *s, const pl_actor *who, pl_psks_unit *u, pl_error *err)
{
    static const char sql[] =
        "UPDATE psks_unit SET type=?, kind=?, name=?, nik=?, area_code=?, address=?, phone=?, "
        "email=?, lat=?, lon=?, valid_from=?, valid_to=?, version=version+1 "
        "WHERE id=? AND version=?";
    int rc = ready(s, u, "region", err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    bind_unit(st, u);
    sqlite3_bind_int64(st, 13, u->id);
    sqlite3_bind_int64(st, 14, u->version);
    if ((rc = pl_sq_done(s, st, err, "psks_unit")))
        return rc;
    if (sqlite3_changes(s->db) == 0) {
        pl_psks_unit cur;
        if ((rc = pl_sq_psks_get(s, &cur, u->id, err)))
            return rc;
        return pl_error_set(err, PL_ECONFLICT, "version",
                            "unit PSKS sudah diubah orang lain (versi %lld, bukan %lld); muat "
                            "ulang lalu ulangi",
                            (long long)cur.version, (long long)u->version);
    }
    u->version++;
    return 0;
}
