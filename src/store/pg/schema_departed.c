/*
 * schema_departed.c - migration 29 of the PostgreSQL schema (SQLite:
 * src/store/sqlite/schema_departed.c): the change counts of people who left this data base.
 *
 * A person moved to a province held by another shard (`pilar cluster move-person`,
 * docs/scale.md) takes their rows with them, but the counts of the provinces they lived in
 * here must not change for the days they lived here. Their terms up to the day of the move
 * (membership x residence, docs/internals/counts.md) are kept here, one row per village,
 * category and day, and count_delta is the fresh computation from the stored rows plus these
 * (`pilar check` compares exactly that). Partitioned by province as count_delta, so that a
 * province moved to another shard takes its departed terms with it. Never edit a released
 * migration.
 *
 * Also: change notifications that a transaction to be prepared can do without, and a merged
 * person's survivor that may live on another shard.
 */
#include "store/pg/schema_sql.h"

/* Migration SQL is laid out by hand. */
/* clang-format off */
const char pl_pg_migration_29[] =
    "CREATE TABLE count_departed(\n"
    "  village_code text NOT NULL,\n"
    "  category bigint NOT NULL,\n"
    "  day text NOT NULL,\n"
    "  people bigint NOT NULL DEFAULT 0,\n"
    "  households bigint NOT NULL DEFAULT 0,\n"
    "  person_id bigint NOT NULL,\n"
    "  moved_at text NOT NULL,\n"
    "  prov text NOT NULL\n"
    ") PARTITION BY LIST (prov);\n"
    PL_PG_PARTITIONS("count_departed")
    "CREATE INDEX count_departed_person ON count_departed(person_id);\n"
    /*
     * A transaction that will be PREPAREd cannot NOTIFY (PostgreSQL refuses it): a half of a
     * cross-shard write sets pilar.notify off for itself and notifies once committed
     * (store/pg/xact.c). Migration 25's function otherwise unchanged.
     */
    "CREATE OR REPLACE FUNCTION pl_notify_change() RETURNS trigger LANGUAGE plpgsql AS $f$ "
    "BEGIN IF coalesce(current_setting('pilar.notify', true), '') <> 'off' THEN "
    "PERFORM pg_notify('pilar_change', TG_ARGV[0]); END IF; RETURN NULL; END $f$;\n"
    /*
     * A person merged into a survivor held by another shard (`pilar cluster merge`) points at
     * an id this data base does not hold: into_id names the survivor, no longer a reference.
     */
    "ALTER TABLE person_merged DROP CONSTRAINT person_merged_into_id_fkey;\n";
/* clang-format on */
