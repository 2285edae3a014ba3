/*
 * ident.c - migration 11 (masking issue: the server key of pseudonyms) and
 * reading the key back. Never edit a released migration: add a new one.
 */
#include "store/sqlite/internal.h"
#include "domain/ident.h"

#include <string.h>

/* Migration SQL is laid out by hand. */
/* clang-format off */
const char pl_sq_migration_11[] =
    "CREATE TABLE ident_key (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  key BLOB NOT NULL CHECK (length(key) = 32)\n"
    ");\n"
    "INSERT INTO ident_key(id, key) VALUES (1, randomblob(32));\n"
    "CREATE TRIGGER ident_key_no_update BEFORE UPDATE ON ident_key BEGIN "
    "SELECT RAISE(ABORT, 'kunci pseudonim tidak dapat diubah'); END;\n"
    "CREATE TRIGGER ident_key_no_delete BEFORE DELETE ON ident_key BEGIN "
    "SELECT RAISE(ABORT, 'kunci pseudonim tidak dapat dihapus'); END;\n";
/* clang-format on */

_Static_assert(PL_IDENT_KEY_LEN == 32, "the migration makes a 32-byte key");

int pl_sq_ident_key(pl_sq_store *s, unsigned char out[PL_IDENT_KEY_LEN], pl_error *err)
{
    static const char sql[] = "SELECT key FROM ident_key WHERE id = 1";
    memset(out, 0, PL_IDENT_KEY_LEN);
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW || sqlite3_column_bytes(st, 0) != PL_IDENT_KEY_LEN) {
        rc = rc == SQLITE_ROW || rc == SQLITE_DONE
                 ? pl_error_set(err, PL_EIO, "", "kunci pseudonim tidak ada di basis data")
                 : pl_sq_fail(s, PL_EIO, err, "ident_key");
        sqlite3_reset(st);
        return rc;
    }
    memcpy(out, sqlite3_column_blob(st, 0), PL_IDENT_KEY_LEN);
    sqlite3_reset(st);
    return 0;
}
