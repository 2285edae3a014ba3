/* letterhead.c - the letterhead and signature block of an office's printed reports. */
#include "store/letterhead.h"
#include "store/region.h"
#include "store/sqlite/internal.h"

#include <stdlib.h>
#include <string.h>

#define COLS                                                                                       \
    "id, region, agency, office_name, address, place, signer_title, signer_name, signer_nip, "     \
    "coalesce(length(logo), 0), updated_at, updated_by, version"

static void read_lh(pl_letterhead *o, sqlite3_stmt *st)
{
    o->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(o->region, sizeof o->region, st, 1);
    pl_sq_col_text(o->agency, sizeof o->agency, st, 2);
    pl_sq_col_text(o->office_name, sizeof o->office_name, st, 3);
    pl_sq_col_text(o->address, sizeof o->address, st, 4);
    pl_sq_col_text(o->place, sizeof o->place, st, 5);
    pl_sq_col_text(o->signer_title, sizeof o->signer_title, st, 6);
    pl_sq_col_text(o->signer_name, sizeof o->signer_name, st, 7);
    pl_sq_col_text(o->signer_nip, sizeof o->signer_nip, st, 8);
    o->logo_bytes = (long)sqlite3_column_int64(st, 9);
    pl_sq_col_text(o->updated_at, sizeof o->updated_at, st, 10);
    pl_sq_col_text(o->updated_by, sizeof o->updated_by, st, 11);
    o->version = sqlite3_column_int64(st, 12);
}
PL_SQ_ROWS(lh_rows, pl_letterhead, pl_letterhead_cb, read_lh, "letterhead");

static int not_found(pl_error *err, const char *region)
{
    return pl_error_set(err, PL_ENOTFOUND, "region", "kop surat untuk wilayah %s belum diatur",
                        region);
}

int pl_sq_letterhead_get(pl_sq_store *s, pl_letterhead *out, const char *region, pl_error *err)
{
    static const char sql[] = "SELECT " COLS " FROM letterhead WHERE region = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, region, -1, SQLITE_STATIC);
    rc = pl_sq_row(s, st, "letterhead", err);
    if (rc != 1)
        return rc ? rc : not_found(err, region);
    memset(out, 0, sizeof *out);
    read_lh(out, st);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_letterhead_list(pl_sq_store *s, pl_letterhead_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " COLS " FROM letterhead ORDER BY region";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    return pl_sq_each(s, st, &lh_rows, NULL, (pl_sq_fn)cb, ctx, err);
}

int pl_sq_letterhead_put(pl_sq_store *s, const pl_actor *who, const pl_letterhead *lh,
                         bool keep_logo, const unsigned char *logo, size_t logo_len, pl_error *err)
{
    static const char sql_ins[] =
        "INSERT INTO letterhead(region, agency, office_name, address, place, signer_title, "
        "signer_name, signer_nip, logo, updated_at, updated_by) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " PL_SQ_NOW ", ?10)";
    static const char sql_upd[] =
        "UPDATE letterhead SET agency = ?2, office_name = ?3, address = ?4, place = ?5, "
        "signer_title = ?6, signer_name = ?7, signer_nip = ?8, "
        "logo = CASE WHEN ?11 THEN logo ELSE ?9 END, updated_at = " PL_SQ_NOW ", "
        "updated_by = ?10, version = version + 1 WHERE region = ?1 AND (?12 = 0 OR version = ?12)";
    if (logo_len > PL_LETTERHEAD_LOGO_MAX)
        return pl_error_set(err, PL_EINVAL, "logo", "logo lebih dari %d KB",
                            PL_LETTERHEAD_LOGO_MAX / 1024);
    pl_region g;
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if ((rc = pl_sq_region_get(s, &g, lh->region, err)) == PL_ENOTFOUND)
        return pl_error_set(err, PL_EINVAL, "region", "wilayah %s tidak ada di pohon wilayah",
                            lh->region);
    if (rc)
        return rc;
    pl_letterhead old;
    rc = pl_sq_letterhead_get(s, &old, lh->region, err);
    if (rc && rc != PL_ENOTFOUND)
        return rc;
    bool exists = rc == 0;
    pl_error_clear(err);
    pl_sq_set_actor(s, who);
    sqlite3_stmt *st = pl_sq_stmt(s, exists ? sql_upd : sql_ins, err);
    if (st == NULL)
        return PL_EINTERNAL;
    sqlite3_bind_text(st, 1, lh->region, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, lh->agency, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, lh->office_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, lh->address, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, lh->place, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, lh->signer_title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, lh->signer_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, lh->signer_nip, -1, SQLITE_STATIC);
    if (logo && logo_len)
        sqlite3_bind_blob(st, 9, logo, (int)logo_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 9);
    sqlite3_bind_text(st, 10, s->actor, -1, SQLITE_STATIC);
    if (exists) {
        sqlite3_bind_int(st, 11, keep_logo);
        sqlite3_bind_int64(st, 12, lh->version);
    } else if (keep_logo) {
        sqlite3_bind_null(st, 9);
    }
    if ((rc = pl_sq_done(s, st, err, "letterhead")))
        return rc;
    if (exists && sqlite3_changes(s->db) == 0)
        return pl_error_set(err, PL_ECONFLICT, "version",
                            "kop surat sudah diubah orang lain; muat ulang lalu ulangi");
    return 0;
}

int pl_sq_letterhead_delete(pl_sq_store *s, const pl_actor *who, const char *region, pl_error *err)
{
    static const char sql[] = "DELETE FROM letterhead WHERE region = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, region, -1, SQLITE_STATIC);
    if ((rc = pl_sq_done(s, st, err, "letterhead")))
        return rc;
    return sqlite3_changes(s->db) ? 0 : not_found(err, region);
}

int pl_sq_letterhead_logo(pl_sq_store *s, unsigned char **out, size_t *len, const char *region,
                          pl_error *err)
{
    static const char sql[] = "SELECT logo FROM letterhead WHERE region = ?1";
    *out = NULL;
    *len = 0;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, region, -1, SQLITE_STATIC);
    rc = pl_sq_row(s, st, "letterhead", err);
    if (rc != 1)
        return rc ? rc : not_found(err, region);
    int n = sqlite3_column_bytes(st, 0);
    const void *b = sqlite3_column_blob(st, 0);
    if (n > 0 && b) {
        *out = malloc((size_t)n);
        if (*out == NULL) {
            sqlite3_reset(st);
            return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        }
        memcpy(*out, b, (size_t)n);
        *len = (size_t)n;
    }
    sqlite3_reset(st);
    return 0;
}
