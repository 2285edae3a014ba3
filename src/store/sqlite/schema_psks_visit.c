/*
 * schema_psks_visit.c - the migration of PSKS assignments and visits (issue
 * 20): who in need is assigned to which PSKS unit, each visit or service the
 * unit logs (with its photo), the units deployed to a disaster, and the visit
 * a PMKS membership's end cites. Never edit a released migration: add a new
 * one.
 *
 * - psks_assignment: a person or a household assigned to a unit; region_code
 *   is the subject's village when assigned (what scope filters on).
 * - psks_visit: a visit or service of a unit: to an assigned subject, to any
 *   person or household, or in a disaster (disaster_id); region_code is where
 *   (the subject's village, else the disaster's or the unit's region).
 * - psks_visit_photo: at most one photo per visit, its bytes and SHA-256; the
 *   audit keeps its size, type and hash (never the bytes).
 * - psks_deployment: a unit deployed to a disaster event, once per event.
 * - membership.ended_by_visit: the visit that ended a membership; the
 *   membership's audit triggers are made again with the key in their image.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define ASSIGNMENT_JSON(R)                                                                     \
    "json_object('psks_id'," R ".psks_id,'person_id'," R ".person_id,'household_id'," R       \
    ".household_id,'region_code'," R ".region_code,'reason'," R ".reason,'due_date'," R       \
    ".due_date,'status'," R ".status,'suggested'," R ".suggested,'version'," R ".version)"
#define VISIT_JSON(R)                                                                          \
    "json_object('psks_id'," R ".psks_id,'assignment_id'," R ".assignment_id,'disaster_id'," R \
    ".disaster_id,'person_id'," R ".person_id,'household_id'," R ".household_id,'region_code',"\
    R ".region_code,'visit_date'," R ".visit_date,'action'," R ".action,'lat'," R ".lat,'lon',"\
    R ".lon,'note'," R ".note)"
#define PHOTO_JSON(R)                                                                          \
    "json_object('visit_id'," R ".visit_id,'mime'," R ".mime,'size'," R ".size,'sha256'," R   \
    ".sha256)"
#define DEPLOYMENT_JSON(R)                                                                     \
    "json_object('disaster_id'," R ".disaster_id,'psks_id'," R ".psks_id,'deployed_on'," R    \
    ".deployed_on,'note'," R ".note)"
#define MEMBERSHIP_JSON_16(R)                                                                  \
    "json_object('person_id'," R ".person_id,'household_id'," R ".household_id,'category'," R \
    ".category,'valid_from'," R ".valid_from,'valid_to'," R ".valid_to,'note'," R ".note,"    \
    "'ended_by_visit'," R ".ended_by_visit)"

const char pl_sq_migration_psks_visit[] =
    "CREATE TABLE psks_assignment(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  psks_id INTEGER NOT NULL REFERENCES psks_unit(id),\n"
    "  person_id INTEGER REFERENCES person(id),\n"
    "  household_id INTEGER REFERENCES household(id),\n"
    "  region_code TEXT NOT NULL REFERENCES region(code),\n"
    "  reason TEXT NOT NULL DEFAULT '',\n"
    "  due_date TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'aktif' CHECK(status IN ('aktif','selesai','batal')),\n"
    "  suggested INTEGER NOT NULL DEFAULT 0,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  CHECK ((person_id IS NULL) <> (household_id IS NULL))\n"
    ");\n"
    "CREATE INDEX psks_assignment_unit ON psks_assignment(psks_id, status);\n"
    "CREATE INDEX psks_assignment_region ON psks_assignment(region_code);\n"
    "CREATE INDEX psks_assignment_person ON psks_assignment(person_id);\n"
    "CREATE TABLE psks_visit(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  psks_id INTEGER NOT NULL REFERENCES psks_unit(id),\n"
    "  assignment_id INTEGER REFERENCES psks_assignment(id),\n"
    "  disaster_id INTEGER REFERENCES disaster_event(id),\n"
    "  person_id INTEGER REFERENCES person(id),\n"
    "  household_id INTEGER REFERENCES household(id),\n"
    "  region_code TEXT NOT NULL REFERENCES region(code),\n"
    "  visit_date TEXT NOT NULL,\n"
    "  action TEXT NOT NULL CHECK(action IN ('kunjungan_rumah','bantuan','rujukan',"
    "'konseling','lainnya')),\n"
    "  lat REAL, lon REAL,\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  CHECK (person_id IS NULL OR household_id IS NULL)\n"
    ");\n"
    "CREATE INDEX psks_visit_unit ON psks_visit(psks_id, visit_date);\n"
    "CREATE INDEX psks_visit_assignment ON psks_visit(assignment_id);\n"
    "CREATE INDEX psks_visit_disaster ON psks_visit(disaster_id);\n"
    "CREATE INDEX psks_visit_region ON psks_visit(region_code, visit_date);\n"
    "CREATE TABLE psks_visit_photo(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  visit_id INTEGER NOT NULL UNIQUE REFERENCES psks_visit(id),\n"
    "  mime TEXT NOT NULL CHECK(mime IN ('image/jpeg','image/png','image/webp')),\n"
    "  size INTEGER NOT NULL,\n"
    "  sha256 TEXT NOT NULL CHECK(length(sha256) = 64),\n"
    "  data BLOB NOT NULL,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE psks_deployment(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  disaster_id INTEGER NOT NULL REFERENCES disaster_event(id),\n"
    "  psks_id INTEGER NOT NULL REFERENCES psks_unit(id),\n"
    "  deployed_on TEXT NOT NULL,\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  UNIQUE(disaster_id, psks_id)\n"
    ");\n"
    "ALTER TABLE membership ADD COLUMN ended_by_visit INTEGER REFERENCES psks_visit(id);\n"
    "DROP TRIGGER membership_audit_insert;\n"
    "DROP TRIGGER membership_audit_update;\n"
    "DROP TRIGGER membership_audit_delete;\n"
    PL_SQ_AUDIT_TRIGGERS("membership", MEMBERSHIP_JSON_16)
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("psks_assignment", ASSIGNMENT_JSON)
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("psks_visit", VISIT_JSON)
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("psks_visit_photo", PHOTO_JSON)
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("psks_deployment", DEPLOYMENT_JSON);
/* clang-format on */
