/*
 * schema_psks.c - migration of the PSKS registry (issue 20, items 1 and 7).
 * Never edit a released migration: add a new one.
 *
 * - psks_unit gains the legal basis of an organisation: decree (SK) number
 *   and date, registration number, accreditation grade and date (LKS). Its
 *   audit triggers are made again so that their images hold those columns.
 * - psks_served(unit_id, area_code): the districts or villages a unit serves
 *   besides (or including) its home area psks_unit.area_code. A unit lies
 *   inside a region when its home area or any served area does.
 * - psks_record: what happens to a unit over time, one row each: training
 *   ('pelatihan'), certification ('sertifikasi'), an active period
 *   ('masa_aktif') and an honorarium or incentive paid for a period
 *   ('honor', with amount in rupiah and source of funds).
 * - psks_meeting, psks_meeting_party, psks_meeting_item: a coordination
 *   meeting with PSKS, who took part (a registered unit or a free-text
 *   name), problems raised ('masalah') and recommendations
 *   ('rekomendasi') that are followed up (owner, due date, status
 *   'terbuka'/'selesai' with a note).
 *
 * Every table is audited by triggers; rows that are edited carry version.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define PSKS2_JSON(R)                                                                          \
    "json_object('type'," R ".type,'kind'," R ".kind,'name'," R ".name,'nik'," R              \
    ".nik,'area_code'," R ".area_code,'address'," R ".address,'phone'," R ".phone,'email'," R \
    ".email,'lat'," R ".lat,'lon'," R ".lon,'valid_from'," R ".valid_from,'valid_to'," R      \
    ".valid_to,'decree_no'," R ".decree_no,'decree_date'," R ".decree_date,'reg_no'," R       \
    ".reg_no,'accreditation'," R ".accreditation,'accreditation_date'," R                     \
    ".accreditation_date,'version'," R ".version)"
#define PSKS_SERVED_JSON(R)                                                                      \
    "json_object('unit_id'," R ".unit_id,'area_code'," R ".area_code)"
#define PSKS_RECORD_JSON(R)                                                                    \
    "json_object('unit_id'," R ".unit_id,'kind'," R ".kind,'title'," R ".title,'organiser'," R \
    ".organiser,'number'," R ".number,'started_on'," R ".started_on,'ended_on'," R            \
    ".ended_on,'amount'," R ".amount,'source'," R ".source,'note'," R ".note,'version'," R    \
    ".version)"
#define PSKS_MEETING_JSON(R)                                                                   \
    "json_object('held_on'," R ".held_on,'place'," R ".place,'region'," R ".region,'theme'," R \
    ".theme,'version'," R ".version)"
#define PSKS_PARTY_JSON(R)                                                                     \
    "json_object('meeting_id'," R ".meeting_id,'unit_id'," R ".unit_id,'name'," R ".name)"
#define PSKS_ITEM_JSON(R)                                                                      \
    "json_object('meeting_id'," R ".meeting_id,'kind'," R ".kind,'text'," R ".text,'owner'," R \
    ".owner,'due_on'," R ".due_on,'status'," R ".status,'note'," R ".note,'done_on'," R       \
    ".done_on,'version'," R ".version)"

const char pl_sq_migration_psks[] =
    "ALTER TABLE psks_unit ADD COLUMN decree_no TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE psks_unit ADD COLUMN decree_date TEXT;\n"
    "ALTER TABLE psks_unit ADD COLUMN reg_no TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE psks_unit ADD COLUMN accreditation TEXT NOT NULL DEFAULT '' "
    "CHECK(accreditation IN ('','A','B','C','belum'));\n"
    "ALTER TABLE psks_unit ADD COLUMN accreditation_date TEXT;\n"
    "DROP TRIGGER psks_unit_audit_insert;\n"
    "DROP TRIGGER psks_unit_audit_update;\n"
    "DROP TRIGGER psks_unit_audit_delete;\n"
    PL_SQ_AUDIT_TRIGGERS("psks_unit", PSKS2_JSON)
    "CREATE TABLE psks_served(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  unit_id INTEGER NOT NULL REFERENCES psks_unit(id),\n"
    "  area_code TEXT NOT NULL REFERENCES region(code),\n"
    "  UNIQUE(unit_id, area_code)\n"
    ");\n"
    "CREATE INDEX psks_served_code ON psks_served(area_code, unit_id);\n"
    PL_SQ_AUDIT_TRIGGERS("psks_served", PSKS_SERVED_JSON)
    "CREATE TABLE psks_record(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  unit_id INTEGER NOT NULL REFERENCES psks_unit(id),\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('pelatihan','sertifikasi','masa_aktif','honor')),\n"
    "  title TEXT NOT NULL DEFAULT '',\n"
    "  organiser TEXT NOT NULL DEFAULT '',\n"
    "  number TEXT NOT NULL DEFAULT '',\n"
    "  started_on TEXT NOT NULL,\n"
    "  ended_on TEXT,\n"
    "  amount INTEGER CHECK(amount IS NULL OR amount >= 0),\n"
    "  source TEXT CHECK(source IS NULL OR source IN ('APBD','APBN','CSR','lainnya')),\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  CHECK(ended_on IS NULL OR ended_on >= started_on),\n"
    "  CHECK((kind = 'honor') = (amount IS NOT NULL AND source IS NOT NULL))\n"
    ");\n"
    "CREATE INDEX psks_record_unit ON psks_record(unit_id, kind, started_on);\n"
    PL_SQ_AUDIT_TRIGGERS("psks_record", PSKS_RECORD_JSON)
    "CREATE TABLE psks_meeting(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  held_on TEXT NOT NULL,\n"
    "  place TEXT NOT NULL,\n"
    "  region TEXT NOT NULL REFERENCES region(code),\n"
    "  theme TEXT NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX psks_meeting_region ON psks_meeting(region, held_on);\n"
    PL_SQ_AUDIT_TRIGGERS("psks_meeting", PSKS_MEETING_JSON)
    "CREATE TABLE psks_meeting_party(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  meeting_id INTEGER NOT NULL REFERENCES psks_meeting(id),\n"
    "  unit_id INTEGER REFERENCES psks_unit(id),\n"
    "  name TEXT NOT NULL DEFAULT '',\n"
    "  CHECK(unit_id IS NOT NULL OR name <> '')\n"
    ");\n"
    "CREATE INDEX psks_party_meeting ON psks_meeting_party(meeting_id);\n"
    PL_SQ_AUDIT_TRIGGERS("psks_meeting_party", PSKS_PARTY_JSON)
    "CREATE TABLE psks_meeting_item(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  meeting_id INTEGER NOT NULL REFERENCES psks_meeting(id),\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('masalah','rekomendasi')),\n"
    "  text TEXT NOT NULL CHECK(text <> ''),\n"
    "  owner TEXT NOT NULL DEFAULT '',\n"
    "  due_on TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'terbuka' CHECK(status IN ('terbuka','selesai')),\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  done_on TEXT,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  CHECK(kind = 'rekomendasi' OR (owner = '' AND due_on IS NULL AND status = 'terbuka')),\n"
    "  CHECK((status = 'selesai') = (done_on IS NOT NULL))\n"
    ");\n"
    "CREATE INDEX psks_item_meeting ON psks_meeting_item(meeting_id, kind);\n"
    "CREATE INDEX psks_item_due ON psks_meeting_item(status, due_on);\n"
    PL_SQ_AUDIT_TRIGGERS("psks_meeting_item", PSKS_ITEM_JSON);
/* clang-format on */
