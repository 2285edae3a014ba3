/*
 * schema_dtsen.c - migration 21 of the SQLite schema (issue 19 items 1-5):
 * the monthly update cycle of the national social data. Never edit a
 * released migration: add a new one.
 *
 * - dtsen_file: uploaded documents (minutes, SPTJM, evidence, the regent's
 *   decision) with their SHA-256 and BLAKE2b; never changed or deleted; the
 *   audit image holds the hashes and size, never the bytes.
 * - dtsen_setting: the cut-off day (per region, optionally per month) and
 *   the objection time limit; a regency's row overrides its province's.
 * - dtsen_meeting: a village meeting (musdes/muskel) and its documents.
 * - dtsen_cycle: one per regency and month; ratified once with the SK.
 * - dtsen_proposal: a proposal of a meeting in a cycle; once its cycle is
 *   ratified, triggers refuse every change ("terkunci:", PL_ELOCKED).
 * - dtsen_check: a field check of a proposal or an objection, assigned to a
 *   PSKS unit, linked to the PSKS assignment and the visit that recorded it.
 * - dtsen_objection: an objection (sanggah) and its decision and answer.
 * Every table is audited on insert, update and delete.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define FILE_JSON(R)                                                                           \
    "json_object('kind'," R ".kind,'name'," R ".name,'mime'," R ".mime,'size'," R ".size,"     \
    "'sha256'," R ".sha256,'blake2b'," R ".blake2b)"
#define SETTING_JSON(R)                                                                        \
    "json_object('region'," R ".region,'month'," R ".month,'cutoff_day'," R ".cutoff_day,"     \
    "'objection_days'," R ".objection_days)"
#define MEETING_JSON(R)                                                                        \
    "json_object('village'," R ".village,'kind'," R ".kind,'held_on'," R ".held_on,"           \
    "'participants'," R ".participants,'participants_note'," R ".participants_note,"          \
    "'minutes_file_id'," R ".minutes_file_id,'sptjm_file_id'," R ".sptjm_file_id,"            \
    "'sptjm_number'," R ".sptjm_number,'version'," R ".version)"
#define CYCLE_JSON(R)                                                                          \
    "json_object('regency'," R ".regency,'period'," R ".period,'status'," R ".status,"         \
    "'cutoff_day'," R ".cutoff_day,'sk_number'," R ".sk_number,'sk_date'," R ".sk_date,"      \
    "'sk_file_id'," R ".sk_file_id,'applied'," R ".applied,'rejected'," R ".rejected,"        \
    "'carried'," R ".carried,'score_note'," R ".score_note,'version'," R ".version)"
#define PROPOSAL_JSON(R)                                                                       \
    "json_object('meeting_id'," R ".meeting_id,'cycle_id'," R ".cycle_id,'village'," R         \
    ".village,'kind'," R ".kind,'removal'," R ".removal,'person_id'," R ".person_id,"         \
    "'household_id'," R ".household_id,'data'," R ".data,'note'," R ".note,"                  \
    "'evidence_file_id'," R ".evidence_file_id,'death_date'," R ".death_date,'status'," R     \
    ".status,'missing'," R ".missing,'duplicates'," R ".duplicates,'reject_reason'," R        \
    ".reject_reason,'applied_person_id'," R ".applied_person_id,'applied_household_id'," R    \
    ".applied_household_id,'entered_on'," R ".entered_on,'version'," R ".version)"
#define CHECK_JSON(R)                                                                          \
    "json_object('proposal_id'," R ".proposal_id,'objection_id'," R ".objection_id,"           \
    "'region_code'," R ".region_code,'psks_id'," R ".psks_id,'assignment_id'," R               \
    ".assignment_id,'visit_id'," R ".visit_id,'due_date'," R ".due_date,'status'," R          \
    ".status,'recommendation'," R ".recommendation,'findings'," R ".findings,'version'," R    \
    ".version)"
#define OBJECTION_JSON(R)                                                                      \
    "json_object('village'," R ".village,'household_id'," R ".household_id,'kind'," R          \
    ".kind,'subject_name'," R ".subject_name,'subject_address'," R ".subject_address,"        \
    "'filer_kind'," R ".filer_kind,'filer_name'," R ".filer_name,'filer_contact'," R          \
    ".filer_contact,'filer_address'," R ".filer_address,'statement'," R ".statement,"         \
    "'filed_on'," R ".filed_on,'due_on'," R ".due_on,'status'," R ".status,'decision'," R     \
    ".decision,'decision_reason'," R ".decision_reason,'decided_on'," R ".decided_on,"        \
    "'answer_number'," R ".answer_number,'answered_on'," R ".answered_on,'version'," R         \
    ".version)"

#define LOCKED_MSG                                                                             \
    "'terkunci: siklus ini sudah disahkan dengan SK bupati/wali kota; usulannya tidak dapat "  \
    "diubah lagi'"

const char pl_sq_migration_dtsen[] =
    "CREATE TABLE dtsen_file(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('notulen','sptjm','bukti','sk')),\n"
    "  name TEXT NOT NULL DEFAULT '',\n"
    "  mime TEXT NOT NULL,\n"
    "  size INTEGER NOT NULL,\n"
    "  sha256 TEXT NOT NULL CHECK(length(sha256) = 64),\n"
    "  blake2b TEXT NOT NULL CHECK(length(blake2b) = 64),\n"
    "  data BLOB NOT NULL,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL\n"
    ");\n"
    "CREATE TRIGGER dtsen_file_kept BEFORE UPDATE ON dtsen_file BEGIN "
    "SELECT RAISE(ABORT, 'documents are never changed'); END;\n"
    "CREATE TRIGGER dtsen_file_no_delete BEFORE DELETE ON dtsen_file BEGIN "
    "SELECT RAISE(ABORT, 'documents are kept'); END;\n"
    "CREATE TABLE dtsen_setting(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  region TEXT NOT NULL,\n"
    "  month TEXT NOT NULL DEFAULT '',\n"
    "  cutoff_day INTEGER NOT NULL DEFAULT 0 CHECK(cutoff_day BETWEEN 0 AND 31),\n"
    "  objection_days INTEGER NOT NULL DEFAULT 0 CHECK(objection_days BETWEEN 0 AND 365),\n"
    "  updated_at TEXT NOT NULL,\n"
    "  updated_by TEXT NOT NULL,\n"
    "  UNIQUE(region, month)\n"
    ");\n"
    "CREATE TABLE dtsen_meeting(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  village TEXT NOT NULL REFERENCES region(code),\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('musdes','muskel')),\n"
    "  held_on TEXT NOT NULL,\n"
    "  participants INTEGER NOT NULL DEFAULT 0,\n"
    "  participants_note TEXT NOT NULL DEFAULT '',\n"
    "  minutes_file_id INTEGER REFERENCES dtsen_file(id),\n"
    "  sptjm_file_id INTEGER REFERENCES dtsen_file(id),\n"
    "  sptjm_number TEXT NOT NULL DEFAULT '',\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX dtsen_meeting_village ON dtsen_meeting(village);\n"
    "CREATE TABLE dtsen_cycle(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  regency TEXT NOT NULL REFERENCES region(code),\n"
    "  period TEXT NOT NULL,\n"
    "  status TEXT NOT NULL DEFAULT 'terbuka' CHECK(status IN ('terbuka','disahkan')),\n"
    "  cutoff_day INTEGER NOT NULL,\n"
    "  sk_number TEXT NOT NULL DEFAULT '',\n"
    "  sk_date TEXT,\n"
    "  sk_file_id INTEGER REFERENCES dtsen_file(id),\n"
    "  ratified_at TEXT,\n"
    "  ratified_by TEXT,\n"
    "  applied INTEGER NOT NULL DEFAULT 0,\n"
    "  rejected INTEGER NOT NULL DEFAULT 0,\n"
    "  carried INTEGER NOT NULL DEFAULT 0,\n"
    "  score_note TEXT NOT NULL DEFAULT '',\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  UNIQUE(regency, period)\n"
    ");\n"
    "CREATE TABLE dtsen_proposal(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  meeting_id INTEGER NOT NULL REFERENCES dtsen_meeting(id),\n"
    "  cycle_id INTEGER NOT NULL REFERENCES dtsen_cycle(id),\n"
    "  village TEXT NOT NULL REFERENCES region(code),\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('tambah_keluarga','tambah_orang','hapus','ubah')),\n"
    "  removal TEXT NOT NULL DEFAULT '',\n"
    "  person_id INTEGER,\n"
    "  household_id INTEGER,\n"
    "  data TEXT NOT NULL DEFAULT '{}' CHECK(json_valid(data)),\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  evidence_file_id INTEGER REFERENCES dtsen_file(id),\n"
    "  death_date TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'masuk' CHECK(status IN "
    "('masuk','cek_lapangan','diperiksa','ditolak','disahkan')),\n"
    "  missing TEXT NOT NULL DEFAULT '',\n"
    "  duplicates TEXT NOT NULL DEFAULT '',\n"
    "  reject_reason TEXT NOT NULL DEFAULT '',\n"
    "  applied_person_id INTEGER,\n"
    "  applied_household_id INTEGER,\n"
    "  entered_on TEXT NOT NULL,\n"
    "  entered_at TEXT NOT NULL,\n"
    "  entered_by TEXT NOT NULL,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  CHECK(status <> 'ditolak' OR reject_reason <> '')\n"
    ");\n"
    "CREATE INDEX dtsen_proposal_cycle ON dtsen_proposal(cycle_id, status);\n"
    "CREATE INDEX dtsen_proposal_village ON dtsen_proposal(village);\n"
    "CREATE INDEX dtsen_proposal_meeting ON dtsen_proposal(meeting_id);\n"
    "CREATE TRIGGER dtsen_proposal_locked BEFORE UPDATE ON dtsen_proposal "
    "WHEN (SELECT status FROM dtsen_cycle WHERE id = OLD.cycle_id) = 'disahkan' BEGIN "
    "SELECT RAISE(ABORT, " LOCKED_MSG "); END;\n"
    "CREATE TRIGGER dtsen_proposal_locked_in BEFORE INSERT ON dtsen_proposal "
    "WHEN (SELECT status FROM dtsen_cycle WHERE id = NEW.cycle_id) = 'disahkan' BEGIN "
    "SELECT RAISE(ABORT, " LOCKED_MSG "); END;\n"
    "CREATE TRIGGER dtsen_proposal_no_delete BEFORE DELETE ON dtsen_proposal BEGIN "
    "SELECT RAISE(ABORT, 'proposals are kept'); END;\n"
    "CREATE TABLE dtsen_objection(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  village TEXT NOT NULL REFERENCES region(code),\n"
    "  household_id INTEGER,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('salah_masuk','tidak_masuk')),\n"
    "  subject_name TEXT NOT NULL DEFAULT '',\n"
    "  subject_address TEXT NOT NULL DEFAULT '',\n"
    "  filer_kind TEXT NOT NULL CHECK(filer_kind IN ('warga','psks','operator')),\n"
    "  filer_name TEXT NOT NULL,\n"
    "  filer_contact TEXT NOT NULL DEFAULT '',\n"
    "  filer_address TEXT NOT NULL DEFAULT '',\n"
    "  statement TEXT NOT NULL,\n"
    "  filed_on TEXT NOT NULL,\n"
    "  due_on TEXT NOT NULL,\n"
    "  status TEXT NOT NULL DEFAULT 'diterima' CHECK(status IN "
    "('diterima','cek_lapangan','diputus','dijawab')),\n"
    "  decision TEXT NOT NULL DEFAULT '' CHECK(decision IN ('','dikabulkan','ditolak')),\n"
    "  decision_reason TEXT NOT NULL DEFAULT '',\n"
    "  decided_on TEXT,\n"
    "  answer_number TEXT NOT NULL DEFAULT '',\n"
    "  answered_on TEXT,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX dtsen_objection_village ON dtsen_objection(village);\n"
    "CREATE INDEX dtsen_objection_due ON dtsen_objection(status, due_on);\n"
    "CREATE TABLE dtsen_check(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  proposal_id INTEGER REFERENCES dtsen_proposal(id),\n"
    "  objection_id INTEGER REFERENCES dtsen_objection(id),\n"
    "  region_code TEXT NOT NULL REFERENCES region(code),\n"
    "  psks_id INTEGER NOT NULL REFERENCES psks_unit(id),\n"
    "  assignment_id INTEGER REFERENCES psks_assignment(id),\n"
    "  visit_id INTEGER REFERENCES psks_visit(id),\n"
    "  due_date TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'ditugaskan' CHECK(status IN ('ditugaskan','selesai')),\n"
    "  recommendation TEXT NOT NULL DEFAULT '' CHECK(recommendation IN ('','setuju','tolak')),\n"
    "  findings TEXT NOT NULL DEFAULT '',\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  CHECK ((proposal_id IS NULL) <> (objection_id IS NULL))\n"
    ");\n"
    "CREATE INDEX dtsen_check_region ON dtsen_check(region_code);\n"
    "CREATE INDEX dtsen_check_unit ON dtsen_check(psks_id, status);\n"
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("dtsen_file", FILE_JSON)
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("dtsen_setting", SETTING_JSON)
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("dtsen_meeting", MEETING_JSON)
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("dtsen_cycle", CYCLE_JSON)
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("dtsen_proposal", PROPOSAL_JSON)
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("dtsen_objection", OBJECTION_JSON)
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("dtsen_check", CHECK_JSON);
/* clang-format on */
