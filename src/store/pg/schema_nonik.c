/*
 * schema_nonik.c - migration 13 of the PostgreSQL schema (SQLite:
 * src/store/sqlite/schema_nonik.c): people without a NIK (the reason code,
 * the person's audit image carrying it, the referral index) and programs that
 * require one. Never edit a released migration: add a new one.
 */
#include "store/pg/schema_sql.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define PERSON_KEYS_13                                                                         \
    "'nik','household_id','name','birth_place','birth_date','sex','relationship',"            \
    "'mother_name','death_date','disability','lat','lon','village_code','state',"             \
    "'state_reason','flags','no_nik_reason','version'"

const char pl_pg_migration_13[] =
    "ALTER TABLE person ADD COLUMN no_nik_reason text CHECK(no_nik_reason IS NULL OR "
    "no_nik_reason IN ('belum_rekam_ktp_el','anak_belum_ber_nik','kat','tunawisma',"
    "'tidak_diketahui','lainnya'));\n"
    "DROP TRIGGER person_audit ON person;\n"
    PL_PG_AUDIT("person", "bulk", PERSON_KEYS_13)
    "UPDATE person SET no_nik_reason = 'tidak_diketahui', flags = flags | 8 "
    "WHERE nik IS NULL;\n"
    "CREATE INDEX person_nonik ON person(village_code, birth_date) WHERE nik IS NULL;\n"
    "ALTER TABLE program ADD COLUMN requires_nik bigint NOT NULL DEFAULT 1 "
    "CHECK(requires_nik IN (0,1));\n"
    "UPDATE program SET requires_nik = (amount > 0)::int;\n";
/* clang-format on */
