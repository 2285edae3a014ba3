/*
 * schema_import.c - migration 9 of the PostgreSQL schema (SQLite:
 * src/store/sqlite/schema_import.c): indexes that others cover are dropped,
 * because every one costs each imported person an index insert. The covering
 * indexes are the same partial ones; PostgreSQL uses an index whose predicate
 * `household_id IS NOT NULL` is implied by `household_id = $1` as well.
 * Never edit a released migration: add a new one.
 */
/* Migration SQL is laid out by hand. */
/* clang-format off */

const char pl_pg_migration_9[] =
    "DROP INDEX person_household;\n"
    "DROP INDEX membership_person;\n"
    "DROP INDEX membership_household;\n";
/* clang-format on */
