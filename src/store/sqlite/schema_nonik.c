/*
 * schema_nonik.c - migration 13 of the SQLite schema (issue 16, item 1):
 * people without a NIK, and programs that require one. Never edit a
 * released migration: add a new one.
 *
 * - person.no_nik_reason: the reason code (domain/nonik.h) of a person
 *   stored without a NIK; NULL when the person has one. People stored
 *   without a NIK before this migration get 'tidak_diketahui'. The person's
 *   audit triggers are made again so that their images carry the reason.
 * - person_nonik: a partial index over the people without NIK (the referral
 *   queue for the civil registry, and matching re-imported rows by village
 *   and birth date).
 * - program.requires_nik: 1 when only people with a NIK may be enrolled;
 *   programs stored before start as 1 when they pay an amount (a transfer
 *   to an account needs the NIK), else 0.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define PERSON_JSON_13(R)                                                                      \
    "json_object('nik'," R ".nik,'household_id'," R ".household_id,'name'," R                 \
    ".name,'birth_place'," R ".birth_place,'birth_date'," R ".birth_date,'sex'," R            \
    ".sex,'relationship'," R ".relationship,'mother_name'," R ".mother_name,'death_date'," R  \
    ".death_date,'disability'," R ".disability,'lat'," R ".lat,'lon'," R                      \
    ".lon,'village_code'," R ".village_code,'state'," R ".state,'state_reason'," R            \
    ".state_reason,'flags'," R ".flags,'no_nik_reason'," R ".no_nik_reason,'version'," R      \
    ".version)"

const char pl_sq_migration_13[] =
    "ALTER TABLE person ADD COLUMN no_nik_reason TEXT CHECK(no_nik_reason IS NULL OR "
    "no_nik_reason IN ('belum_rekam_ktp_el','anak_belum_ber_nik','kat','tunawisma',"
    "'tidak_diketahui','lainnya'));\n"
    "DROP TRIGGER person_audit_insert;\n"
    "DROP TRIGGER person_audit_update;\n"
    "DROP TRIGGER person_audit_delete;\n"
    PL_SQ_AUDIT_TRIGGERS("person", PERSON_JSON_13)
    "UPDATE person SET no_nik_reason = 'tidak_diketahui', flags = flags | 8 "
    "WHERE nik IS NULL;\n"
    "CREATE INDEX person_nonik ON person(village_code, birth_date) WHERE nik IS NULL;\n"
    "ALTER TABLE program ADD COLUMN requires_nik INTEGER NOT NULL DEFAULT 1 "
    "CHECK(requires_nik IN (0,1));\n"
    "UPDATE program SET requires_nik = (amount > 0);\n";

/* People against their latest audited image, in the image the triggers write now. */
const char pl_sq_drift_person[] = PL_SQ_DRIFT("person", PERSON_JSON_13);
/* clang-format on */
