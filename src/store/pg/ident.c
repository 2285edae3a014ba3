/* ident.c - reading the pseudonyms' server key on PostgreSQL (migration 11: schema_ident.c). */
#include "store/pg/internal.h"
#include "domain/ident.h"

#include <string.h>

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

int pl_pg_ident_key(pl_pg_store *s, unsigned char out[PL_IDENT_KEY_LEN], pl_error *err)
{
    static const char sql[] = "SELECT encode(key, 'hex') FROM ident_key WHERE id = 1";
    memset(out, 0, PL_IDENT_KEY_LEN);
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    PGresult *r = pl_pg_query(s, sql, 0, NULL, err, "ident_key");
    if (r == NULL)
        return err->code;
    const char *hex = PQntuples(r) == 1 ? pl_pg_text(r, 0, 0) : NULL;
    rc = hex && strlen(hex) == 2 * PL_IDENT_KEY_LEN ? 0 : PL_EIO;
    for (int i = 0; rc == 0 && i < PL_IDENT_KEY_LEN; i++) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            rc = PL_EIO;
        else
            out[i] = (unsigned char)(hi << 4 | lo);
    }
    PQclear(r);
    if (rc) {
        memset(out, 0, PL_IDENT_KEY_LEN);
        return pl_error_set(err, PL_EIO, "", "kunci pseudonim tidak ada di basis data");
    }
    return 0;
}
