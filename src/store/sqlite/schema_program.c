/*
 * schema_program.c - migration 6 of the SQLite schema: duplicate candidates
 * and merges, programs, enrolments, bank accounts, integrity findings and
 * non-cash disbursement batches.
 * Never edit a released migration: add a new one.
 *
 * Disbursement rules enforced by triggers, whoever writes:
 * - a batch moves forward only: draft -> approved -> exported -> reconciled;
 * - once approved, a batch's items cannot be added, removed or changed,
 *   except their payment status, and only while the batch is exported;
 * - an item's status moves pending -> paid | failed | returned, paid -> returned;
 * - a beneficiary appears once per batch (UNIQUE(batch_id, beneficiary)).
 * Every row change is audited like the rest of the schema.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define CAND_JSON(R)                                                                           \
    "json_object('person_a'," R ".person_a,'person_b'," R ".person_b,'score'," R              \
    ".score,'reasons'," R ".reasons,'status'," R ".status)"
#define PROGRAM_JSON(R)                                                                        \
    "json_object('code'," R ".code,'name'," R ".name,'level'," R ".level,'household'," R      \
    ".household,'amount'," R ".amount,'frequency'," R ".frequency,'cap'," R                   \
    ".cap,'categories'," R ".categories,'age_min'," R ".age_min,'age_max'," R                 \
    ".age_max,'disability'," R ".disability,'desil_max'," R ".desil_max,'regions'," R         \
    ".regions,'excludes'," R ".excludes,'version'," R ".version)"
#define ENROL_JSON(R)                                                                          \
    "json_object('program_id'," R ".program_id,'person_id'," R ".person_id,'household_id'," R \
    ".household_id,'period'," R ".period,'reason'," R ".reason,'valid_from'," R               \
    ".valid_from,'valid_to'," R ".valid_to)"
#define ACCOUNT_JSON(R)                                                                        \
    "json_object('household_id'," R ".household_id,'person_id'," R ".person_id,'account_no'," \
    R ".account_no,'bank'," R ".bank,'holder'," R ".holder)"
#define BATCH_JSON(R)                                                                          \
    "json_object('program_id'," R ".program_id,'period'," R ".period,'status'," R             \
    ".status,'items'," R ".items,'total'," R ".total)"
#define ITEM_JSON(R)                                                                           \
    "json_object('batch_id'," R ".batch_id,'beneficiary'," R ".beneficiary,'amount'," R       \
    ".amount,'account'," R ".account,'reference'," R ".reference,'status'," R                 \
    ".status,'status_reason'," R ".status_reason)"
#define MERGE_JSON(R)                                                                          \
    "json_object('survivor_id'," R ".survivor_id,'merged_id'," R ".merged_id,'undone_at'," R  \
    ".undone_at)"

const char pl_sq_migration_6[] =
    /* National welfare ranking of households (DTSEN desil 1..10). */
    "ALTER TABLE household ADD COLUMN desil INTEGER CHECK(desil IS NULL OR desil BETWEEN 1 AND "
    "10);\n"
    /* Candidate duplicate pairs (person_a < person_b). */
    "CREATE TABLE dedup_candidate(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  person_a INTEGER NOT NULL REFERENCES person(id),\n"
    "  person_b INTEGER NOT NULL REFERENCES person(id),\n"
    "  score REAL NOT NULL,\n"
    "  exact INTEGER NOT NULL DEFAULT 0,\n"
    "  reasons TEXT NOT NULL DEFAULT '',\n"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open','not_same','merged')),\n"
    "  created_at TEXT NOT NULL,\n"
    "  decided_by TEXT, decided_at TEXT,\n"
    "  CHECK (person_a < person_b),\n"
    "  UNIQUE(person_a, person_b)\n"
    ");\n"
    "CREATE INDEX dedup_candidate_status ON dedup_candidate(status, score);\n"
    "CREATE INDEX dedup_candidate_b ON dedup_candidate(person_b);\n"
    /* Merges with full before images, so that each can be undone. */
    "CREATE TABLE merge_log(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  survivor_id INTEGER NOT NULL,\n"
    "  merged_id INTEGER NOT NULL,\n"
    "  candidate_id INTEGER,\n"
    "  before TEXT NOT NULL,\n"
    "  at TEXT NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  undone_at TEXT, undone_by TEXT\n"
    ");\n"
    /* A merged person stays as a rejected record pointing at the survivor. */
    "CREATE TABLE person_merged(\n"
    "  person_id INTEGER PRIMARY KEY REFERENCES person(id),\n"
    "  into_id INTEGER NOT NULL REFERENCES person(id),\n"
    "  merge_id INTEGER NOT NULL REFERENCES merge_log(id)\n"
    ");\n"
    /* Programs as data. */
    "CREATE TABLE program(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  code TEXT NOT NULL UNIQUE,\n"
    "  name TEXT NOT NULL,\n"
    "  level TEXT NOT NULL CHECK(level IN ('pusat','provinsi','kabupaten-kota')),\n"
    "  household INTEGER NOT NULL DEFAULT 0,\n"
    "  amount INTEGER NOT NULL CHECK(amount >= 0),\n"
    "  frequency TEXT NOT NULL CHECK(frequency IN ('sekali','bulanan','triwulan','tahunan')),\n"
    "  cap INTEGER NOT NULL DEFAULT 0,\n"
    "  categories TEXT NOT NULL DEFAULT '',\n"
    "  age_min INTEGER, age_max INTEGER,\n"
    "  disability INTEGER NOT NULL DEFAULT 0,\n"
    "  desil_max INTEGER NOT NULL DEFAULT 0,\n"
    "  regions TEXT NOT NULL DEFAULT '',\n"
    "  excludes TEXT NOT NULL DEFAULT '',\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL\n"
    ");\n"
    /* Who receives a program in a period, and why. */
    "CREATE TABLE enrolment(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  program_id INTEGER NOT NULL REFERENCES program(id),\n"
    "  person_id INTEGER NOT NULL REFERENCES person(id),\n" /* recipient (head for a KK) */
    "  household_id INTEGER REFERENCES household(id),\n"    /* set for household programs */
    "  period TEXT NOT NULL,\n"
    "  reason TEXT NOT NULL DEFAULT '',\n"
    "  valid_from TEXT NOT NULL,\n"
    "  valid_to TEXT,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL\n"
    ");\n"
    "CREATE UNIQUE INDEX enrolment_person ON enrolment(program_id, period, person_id);\n"
    "CREATE UNIQUE INDEX enrolment_household ON enrolment(program_id, period, household_id) "
    "WHERE household_id IS NOT NULL;\n"
    "CREATE INDEX enrolment_person_period ON enrolment(person_id, period);\n"
    "CREATE INDEX enrolment_household_period ON enrolment(household_id, period);\n"
    /* Bank or post-office accounts, for transfers and the shared-account check. */
    "CREATE TABLE bank_account(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  household_id INTEGER REFERENCES household(id),\n"
    "  person_id INTEGER REFERENCES person(id),\n"
    "  account_no TEXT NOT NULL,\n"
    "  bank TEXT NOT NULL DEFAULT '',\n"
    "  holder TEXT NOT NULL DEFAULT '',\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  CHECK (household_id IS NOT NULL OR person_id IS NOT NULL)\n"
    ");\n"
    "CREATE INDEX bank_account_no ON bank_account(account_no);\n"
    "CREATE INDEX bank_account_household ON bank_account(household_id);\n"
    "CREATE INDEX bank_account_person ON bank_account(person_id);\n"
    /* Findings of the integrity checks of one program and period (replaced per run). */
    "CREATE TABLE integrity_finding(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  program_id INTEGER NOT NULL REFERENCES program(id),\n"
    "  period TEXT NOT NULL,\n"
    "  rule TEXT NOT NULL,\n"
    "  person_id INTEGER,\n"
    "  household_id INTEGER,\n"
    "  detail TEXT NOT NULL DEFAULT '',\n"
    "  created_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX integrity_finding_run ON integrity_finding(program_id, period, rule);\n"
    /* Non-cash disbursement. */
    "CREATE TABLE disbursement_batch(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  program_id INTEGER NOT NULL REFERENCES program(id),\n"
    "  period TEXT NOT NULL,\n"
    "  status TEXT NOT NULL DEFAULT 'draft' CHECK(status IN ('draft','approved','exported',"
    "'reconciled')),\n"
    "  items INTEGER NOT NULL DEFAULT 0,\n"
    "  total INTEGER NOT NULL DEFAULT 0,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  approved_at TEXT, approved_by TEXT\n"
    ");\n"
    "CREATE INDEX disbursement_batch_program ON disbursement_batch(program_id, period);\n"
    "CREATE TABLE batch_item(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  batch_id INTEGER NOT NULL REFERENCES disbursement_batch(id),\n"
    "  beneficiary TEXT NOT NULL,\n" /* 'P<person id>' or 'H<household id>' */
    "  person_id INTEGER REFERENCES person(id),\n"
    "  household_id INTEGER REFERENCES household(id),\n"
    "  name TEXT NOT NULL,\n"
    "  village_code TEXT NOT NULL,\n"
    "  amount INTEGER NOT NULL CHECK(amount > 0),\n"
    "  account TEXT NOT NULL,\n"
    "  reference TEXT NOT NULL UNIQUE,\n"
    "  status TEXT NOT NULL DEFAULT 'pending' CHECK(status IN ('pending','paid','failed',"
    "'returned')),\n"
    "  status_reason TEXT NOT NULL DEFAULT '',\n"
    "  UNIQUE(batch_id, beneficiary)\n"
    ");\n"
    "CREATE TRIGGER batch_forward BEFORE UPDATE OF status ON disbursement_batch "
    "WHEN NOT ((OLD.status = 'draft' AND NEW.status = 'approved') OR "
    "(OLD.status = 'approved' AND NEW.status = 'exported') OR "
    "(OLD.status = 'exported' AND NEW.status = 'reconciled') OR OLD.status = NEW.status) BEGIN "
    "SELECT RAISE(ABORT, 'status batch hanya maju: draft, approved, exported, reconciled'); "
    "END;\n"
    "CREATE TRIGGER batch_frozen BEFORE UPDATE OF program_id, period, items, total ON "
    "disbursement_batch WHEN OLD.status <> 'draft' BEGIN "
    "SELECT RAISE(ABORT, 'batch sudah disetujui dan tidak dapat diubah'); END;\n"
    "CREATE TRIGGER batch_no_delete BEFORE DELETE ON disbursement_batch "
    "WHEN OLD.status <> 'draft' BEGIN "
    "SELECT RAISE(ABORT, 'batch sudah disetujui dan tidak dapat dihapus'); END;\n"
    "CREATE TRIGGER batch_item_no_insert BEFORE INSERT ON batch_item "
    "WHEN (SELECT status FROM disbursement_batch WHERE id = NEW.batch_id) <> 'draft' BEGIN "
    "SELECT RAISE(ABORT, 'batch sudah disetujui dan tidak dapat diubah'); END;\n"
    "CREATE TRIGGER batch_item_no_delete BEFORE DELETE ON batch_item "
    "WHEN (SELECT status FROM disbursement_batch WHERE id = OLD.batch_id) <> 'draft' BEGIN "
    "SELECT RAISE(ABORT, 'batch sudah disetujui dan tidak dapat diubah'); END;\n"
    "CREATE TRIGGER batch_item_frozen BEFORE UPDATE OF batch_id, beneficiary, person_id, "
    "household_id, name, village_code, amount, account, reference ON batch_item "
    "WHEN (SELECT status FROM disbursement_batch WHERE id = OLD.batch_id) <> 'draft' BEGIN "
    "SELECT RAISE(ABORT, 'batch sudah disetujui dan tidak dapat diubah'); END;\n"
    "CREATE TRIGGER batch_item_status BEFORE UPDATE OF status ON batch_item "
    "WHEN NEW.status <> OLD.status AND ("
    "(SELECT status FROM disbursement_batch WHERE id = OLD.batch_id) <> 'exported' OR NOT ("
    "(OLD.status = 'pending' AND NEW.status IN ('paid','failed','returned')) OR "
    "(OLD.status = 'paid' AND NEW.status = 'returned'))) BEGIN "
    "SELECT RAISE(ABORT, 'status pembayaran hanya berubah setelah ekspor: pending ke "
    "paid/failed/returned, paid ke returned'); END;\n"
    PL_SQ_AUDIT_TRIGGERS("dedup_candidate", CAND_JSON)
    PL_SQ_AUDIT_TRIGGERS("merge_log", MERGE_JSON)
    PL_SQ_AUDIT_TRIGGERS("program", PROGRAM_JSON)
    PL_SQ_AUDIT_TRIGGERS("enrolment", ENROL_JSON)
    PL_SQ_AUDIT_TRIGGERS("bank_account", ACCOUNT_JSON)
    PL_SQ_AUDIT_TRIGGERS("disbursement_batch", BATCH_JSON)
    PL_SQ_AUDIT_TRIGGERS("batch_item", ITEM_JSON);
/* clang-format on */
