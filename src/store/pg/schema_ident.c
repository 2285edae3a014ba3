/*
 * schema_ident.c - migration 11 of the PostgreSQL schema (SQLite: the
 * migration in src/store/sqlite/ident.c): the 32-byte key of the pseudonyms,
 * made once from the server's strong randomness (pgcrypto) and never changed
 * or deleted. Never edit a released migration: add a new one.
 */
/* Migration SQL is laid out by hand. */
/* clang-format off */

const char pl_pg_migration_11[] =
    "CREATE EXTENSION IF NOT EXISTS pgcrypto;\n"
    "CREATE TABLE ident_key (\n"
    "  id bigint PRIMARY KEY CHECK (id = 1),\n"
    "  key bytea NOT NULL CHECK (length(key) = 32)\n"
    ");\n"
    "INSERT INTO ident_key(id, key) VALUES (1, gen_random_bytes(32));\n"
    "CREATE TRIGGER ident_key_no_update BEFORE UPDATE ON ident_key FOR EACH ROW "
    "EXECUTE FUNCTION pl_refuse('kunci pseudonim tidak dapat diubah');\n"
    "CREATE TRIGGER ident_key_no_delete BEFORE DELETE ON ident_key FOR EACH ROW "
    "EXECUTE FUNCTION pl_refuse('kunci pseudonim tidak dapat dihapus');\n"
    "CREATE TRIGGER ident_key_no_truncate BEFORE TRUNCATE ON ident_key FOR EACH STATEMENT "
    "EXECUTE FUNCTION pl_refuse('kunci pseudonim tidak dapat dihapus');\n";
/* clang-format on */
