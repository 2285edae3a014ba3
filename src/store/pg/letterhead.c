/*
 * letterhead.c - the letterhead and signature block of an office's printed reports on
 * PostgreSQL (SQLite: src/store/sqlite/letterhead.c). The logo is bytea, sent and read as
 * hex text.
 */
#include "store/letterhead.h"
#include "store/pg/internal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define COLS                                                                                       \
    "id, region, agency, office_name, address, place, signer_title, signer_name, signer_nip, "     \
    "coalesce(length(logo), 0), updated_at, updated_by, version"

static void read_lh(pl_letterhead *o, const PGresult *r, int row)
{
    o->id = pl_pg_int(r, row, 0);
    pl_pg_copy(o->region, sizeof o->region, r, row, 1);
    pl_pg_copy(o->agency, sizeof o->agency, r, row, 2);
    pl_pg_copy(o->office_name, sizeof o->office_name, r, row, 3);
    pl_pg_copy(o->address, sizeof o->address, r, row, 4);
    pl_pg_copy(o->place, sizeof o->place, r, row, 5);
    pl_pg_copy(o->signer_title, sizeof o->signer_title, r, row, 6);
    pl_pg_copy(o->signer_name, sizeof o->signer_name, r, row, 7);
    pl_pg_copy(o->signer_nip, sizeof o->signer_nip, r, row, 8);
    o->logo_bytes = (long)pl_pg_int(r, row, 9);
    pl_pg_copy(o->updated_at, sizeof o->updated_at, r, row, 10);
    pl_pg_copy(o->updated_by, sizeof o->updated_by, r, row, 11);
    o->version = pl_pg_int(r, row, 12);
}
PL_PG_ROWS(lh_rows, pl_letterhead, pl_letterhead_cb, read_lh, "letterhead");

static int not_found(pl_error *err, const char *region)
{
    return pl_error_set(err, PL_ENOTFOUND, "region", "kop surat untuk wilayah %s belum diatur",
                        region);
}

int pl_pg_letterhead_get(pl_pg_store *s, pl_letterhead *out, const char *region, pl_error *err)
{
    static const char sql[] = "SELECT " COLS " FROM letterhead WHERE region = $1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {region};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "letterhead");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return not_found(err, region);
    }
    memset(out, 0, sizeof *out);
    read_lh(out, r, 0);
    PQclear(r);
    return 0;
}

int pl_pg_letterhead_list(pl_pg_store *s, pl_letterhead_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " COLS " FROM letterhead ORDER BY region";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    return pl_pg_each(s, sql, 0, NULL, &lh_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_letterhead_put(pl_pg_store *s, const pl_actor *who, const pl_letterhead *lh,
                         bool keep_logo, const unsigned char *logo, size_t logo_len, pl_error *err)
{
    static const char sql_region[] = "SELECT 1 FROM region WHERE code = $1";
    static const char sql_ins[] =
        "INSERT INTO letterhead(region, agency, office_name, address, place, signer_title, "
        "signer_name, signer_nip, logo, updated_at, updated_by) "
        "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9::bytea, pl_now(), $10)";
    static const char sql_upd[] =
        "UPDATE letterhead SET agency = $2, office_name = $3, address = $4, place = $5, "
        "signer_title = $6, signer_name = $7, signer_nip = $8, "
        "logo = CASE WHEN $11::boolean THEN logo ELSE $9::bytea END, updated_at = pl_now(), "
        "updated_by = $10, version = version + 1 "
        "WHERE region = $1 AND ($12::bigint = 0 OR version = $12::bigint)";
    if (logo_len > PL_LETTERHEAD_LOGO_MAX)
        return pl_error_set(err, PL_EINVAL, "logo", "logo lebih dari %d KB",
                            PL_LETTERHEAD_LOGO_MAX / 1024);
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *pr[] = {lh->region};
    PGresult *r = pl_pg_query(s, sql_region, 1, pr, err, "region");
    if (r == NULL)
        return err->code;
    bool known = PQntuples(r) > 0;
    PQclear(r);
    if (!known)
        return pl_error_set(err, PL_EINVAL, "region", "wilayah %s tidak ada di pohon wilayah",
                            lh->region);
    char *hex = NULL;
    if (logo && logo_len && !keep_logo) {
        if ((hex = malloc(2 * logo_len + 3)) == NULL)
            return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        hex[0] = '\\';
        hex[1] = 'x';
        sodium_bin2hex(hex + 2, 2 * logo_len + 1, logo, logo_len);
    }
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err))) {
        free(hex);
        return rc;
    }
    pl_letterhead old;
    rc = pl_pg_letterhead_get(s, &old, lh->region, err);
    bool exists = rc == 0;
    if (rc == PL_ENOTFOUND) {
        rc = 0;
        pl_error_clear(err);
    }
    pl_pg_num v;
    const char *p[] = {lh->region,      lh->agency,         lh->office_name,
                       lh->address,     lh->place,          lh->signer_title,
                       lh->signer_name, lh->signer_nip,     hex,
                       s->actor,        pl_pg_b(keep_logo), pl_pg_i64(&v, lh->version)};
    if (rc == 0 && exists) {
        PGresult *u = pl_pg_query(s, sql_upd, 12, p, err, "letterhead");
        if (u == NULL)
            rc = err->code;
        else {
            if (strcmp(PQcmdTuples(u), "0") == 0)
                rc = pl_error_set(err, PL_ECONFLICT, "version",
                                  "kop surat sudah diubah orang lain; muat ulang lalu ulangi");
            PQclear(u);
        }
    } else if (rc == 0) {
        rc = pl_pg_command(s, sql_ins, 10, p, err, "letterhead");
    }
    free(hex);
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_letterhead_delete(pl_pg_store *s, const pl_actor *who, const char *region, pl_error *err)
{
    static const char sql[] = "DELETE FROM letterhead WHERE region = $1";
    bool own;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    const char *p[] = {region};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "letterhead");
    if (r == NULL)
        rc = err->code;
    else {
        if (strcmp(PQcmdTuples(r), "0") == 0)
            rc = not_found(err, region);
        PQclear(r);
    }
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_letterhead_logo(pl_pg_store *s, unsigned char **out, size_t *len, const char *region,
                          pl_error *err)
{
    static const char sql[] = "SELECT logo FROM letterhead WHERE region = $1";
    *out = NULL;
    *len = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {region};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "letterhead");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return not_found(err, region);
    }
    const char *t = pl_pg_text(r, 0, 0);
    if (t && strlen(t) > 2) {
        size_t n = 0;
        unsigned char *b = PQunescapeBytea((const unsigned char *)t, &n);
        if (b == NULL) {
            PQclear(r);
            return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        }
        if ((*out = malloc(n ? n : 1)) == NULL) {
            PQfreemem(b);
            PQclear(r);
            return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        }
        memcpy(*out, b, n);
        *len = n;
        PQfreemem(b);
    }
    PQclear(r);
    return 0;
}
