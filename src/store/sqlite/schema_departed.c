/*
 * schema_departed.c - migration 29 of the SQLite schema (PostgreSQL:
 * src/store/pg/schema_departed.c, which says why): the change counts of people who left this
 * data base for another shard of a cluster. SQLite is never a shard, so the table stays empty
 * here; it exists so that both schemas and `pilar check`'s counting rule are the same. Never
 * edit a released migration.
 */

/* Migration SQL is laid out by hand. */
/* clang-format off */
const char pl_sq_migration_29[] =
    "CREATE TABLE count_departed(\n"
    "  village_code TEXT NOT NULL,\n"
    "  category INTEGER NOT NULL,\n"
    "  day TEXT NOT NULL,\n"
    "  people INTEGER NOT NULL DEFAULT 0,\n"
    "  households INTEGER NOT NULL DEFAULT 0,\n"
    "  person_id INTEGER NOT NULL,\n"
    "  moved_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX count_departed_person ON count_departed(person_id);\n"
    /* person_merged.into_id no longer a reference (PostgreSQL's file says why): rebuilt. */
    "CREATE TABLE person_merged_29(\n"
    "  person_id INTEGER PRIMARY KEY REFERENCES person(id),\n"
    "  into_id INTEGER NOT NULL,\n"
    "  merge_id INTEGER NOT NULL REFERENCES merge_log(id)\n"
    ");\n"
    "INSERT INTO person_merged_29 SELECT person_id, into_id, merge_id FROM person_merged;\n"
    "DROP TABLE person_merged;\n"
    "ALTER TABLE person_merged_29 RENAME TO person_merged;\n";
/* clang-format on */
