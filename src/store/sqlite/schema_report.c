/*
 * schema_report.c - migration 4 of the SQLite schema: period counts, indicators, approvals, rakor and interventions (report issue).
 * Never edit a released migration: add a new one.
 *
 * Residence history: counts "at a date" attribute each person and household
 * to the village it lived in on that date. residence rows are kept by
 * triggers: the first row of a subject starts at 0001-01-01 (it lived there
 * as far as the register knows), a change of village closes the open row
 * today and opens a new one (pl_store_residence_move back-dates a move).
 * Intervals are [valid_from, valid_to): valid_to is the first day elsewhere.
 *
 * Locks: an active period_approval row (reopened_at IS NULL) of a regency
 * makes triggers refuse membership changes and death dates dated inside
 * that period for subjects of that regency, with a message starting
 * "terkunci:" that the store maps to PL_ELOCKED.
 */
#include "store/sqlite/internal.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

#define AUDIT_UPDATE_DELETE(T, JSON)                                                           \
    "CREATE TRIGGER " T "_audit_insert AFTER INSERT ON " T " WHEN pl_audit_inserts() BEGIN "   \
    "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) VALUES(" NOW \
    ", pl_actor(), pl_client(), 'insert', '" T "', NEW.id, NULL, " JSON("NEW") "); END;\n"     \
    "CREATE TRIGGER " T "_audit_update AFTER UPDATE ON " T " BEGIN "                           \
    "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) VALUES(" NOW \
    ", pl_actor(), pl_client(), 'update', '" T "', NEW.id, " JSON("OLD") ", " JSON("NEW")      \
    "); END;\n"                                                                                \
    "CREATE TRIGGER " T "_audit_delete AFTER DELETE ON " T " BEGIN "                           \
    "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) VALUES(" NOW \
    ", pl_actor(), pl_client(), 'delete', '" T "', OLD.id, " JSON("OLD") ", NULL); END;\n"

#define APPROVAL_JSON(R)                                                                       \
    "json_object('region_code'," R ".region_code,'period'," R ".period,'date_from'," R         \
    ".date_from,'date_to'," R ".date_to,'approved_by'," R ".approved_by,'approved_at'," R      \
    ".approved_at,'reopened_by'," R ".reopened_by,'reopened_at'," R                           \
    ".reopened_at,'reopen_reason'," R ".reopen_reason)"
#define INDICATOR_JSON(R)                                                                      \
    "json_object('region_code'," R ".region_code,'year'," R ".year,'name'," R                 \
    ".name,'value'," R ".value,'source'," R ".source)"
#define RAKOR_JSON(R)                                                                          \
    "json_object('year'," R ".year,'host_region'," R ".host_region,'held_on'," R              \
    ".held_on,'theme'," R ".theme,'participants'," R ".participants)"
#define PROBLEM_JSON(R)                                                                        \
    "json_object('rakor_id'," R ".rakor_id,'region_code'," R ".region_code,'category'," R     \
    ".category,'text'," R ".text)"
#define INTERVENTION_JSON(R)                                                                   \
    "json_object('rakor_id'," R ".rakor_id,'region_code'," R ".region_code,'category'," R     \
    ".category,'title'," R ".title,'level'," R ".level,'owner'," R ".owner,'budget'," R       \
    ".budget,'due_date'," R ".due_date,'status'," R ".status,'version'," R ".version)"
#define NOTE_JSON(R)                                                                           \
    "json_object('intervention_id'," R ".intervention_id,'noted_on'," R ".noted_on,'text'," R \
    ".text)"

/* A date d lies inside an active approval of regency r (subquery text). */
#define LOCKED(R, D)                                                                           \
    "EXISTS (SELECT 1 FROM period_approval a WHERE a.reopened_at IS NULL AND a.region_code = " \
    R " AND " D " BETWEEN a.date_from AND a.date_to)"
#define ANY_LOCK "EXISTS (SELECT 1 FROM period_approval WHERE reopened_at IS NULL)"
#define SUBJECT_REGENCY(R)                                                                     \
    "substr(coalesce((SELECT village_code FROM person WHERE id = " R ".person_id), "           \
    "(SELECT village_code FROM household WHERE id = " R ".household_id)), 1, 5)"
#define LOCK_MSG                                                                               \
    "'terkunci: data periode ini sudah disahkan kabupaten/kota dan terkunci; perubahan "       \
    "bertanggal di dalam periode itu ditolak sampai periode dibuka kembali (pilar period "     \
    "reopen)'"

const char pl_sq_migration_4[] =
    /* Where each person and household lived, over time. */
    "CREATE TABLE residence(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER REFERENCES person(id),\n"
    "  household_id INTEGER REFERENCES household(id),\n"
    "  village_code TEXT NOT NULL,\n"
    "  valid_from TEXT NOT NULL,\n"
    "  valid_to TEXT,\n"
    "  CHECK ((person_id IS NULL) <> (household_id IS NULL))\n"
    ");\n"
    "CREATE INDEX residence_person ON residence(person_id, valid_from, valid_to, village_code) "
    "WHERE person_id IS NOT NULL;\n"
    "CREATE INDEX residence_household ON residence(household_id, valid_from, valid_to, "
    "village_code) WHERE household_id IS NOT NULL;\n"
    "INSERT INTO residence(person_id, village_code, valid_from) "
    "SELECT id, village_code, '0001-01-01' FROM person;\n"
    "INSERT INTO residence(household_id, village_code, valid_from) "
    "SELECT id, village_code, '0001-01-01' FROM household;\n"
    "CREATE TRIGGER person_residence_insert AFTER INSERT ON person BEGIN "
    "INSERT INTO residence(person_id, village_code, valid_from) "
    "VALUES(NEW.id, NEW.village_code, '0001-01-01'); END;\n"
    "CREATE TRIGGER person_residence_move AFTER UPDATE OF village_code ON person "
    "WHEN OLD.village_code <> NEW.village_code BEGIN "
    "UPDATE residence SET valid_to = date('now') WHERE person_id = NEW.id AND valid_to IS NULL;"
    "INSERT INTO residence(person_id, village_code, valid_from) "
    "VALUES(NEW.id, NEW.village_code, date('now')); END;\n"
    "CREATE TRIGGER household_residence_insert AFTER INSERT ON household BEGIN "
    "INSERT INTO residence(household_id, village_code, valid_from) "
    "VALUES(NEW.id, NEW.village_code, '0001-01-01'); END;\n"
    "CREATE TRIGGER household_residence_move AFTER UPDATE OF village_code ON household "
    "WHEN OLD.village_code <> NEW.village_code BEGIN "
    "UPDATE residence SET valid_to = date('now') WHERE household_id = NEW.id "
    "AND valid_to IS NULL;"
    "INSERT INTO residence(household_id, village_code, valid_from) "
    "VALUES(NEW.id, NEW.village_code, date('now')); END;\n"
    /* Household members and their death dates, without touching person rows. */
    "CREATE INDEX person_household_death ON person(household_id, death_date) "
    "WHERE household_id IS NOT NULL;\n"
    "CREATE INDEX membership_person_span ON membership(person_id, category, valid_from, "
    "valid_to) WHERE person_id IS NOT NULL;\n"
    "CREATE INDEX person_death ON person(death_date) WHERE death_date IS NOT NULL;\n"
    /* Indicators from the statistics office, per region and year. */
    "CREATE TABLE indicator(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  region_code TEXT NOT NULL REFERENCES region(code),\n"
    "  year INTEGER NOT NULL CHECK(year BETWEEN 1900 AND 2200),\n"
    "  name TEXT NOT NULL,\n"
    "  value REAL NOT NULL,\n"
    "  source TEXT NOT NULL DEFAULT '',\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  UNIQUE(region_code, year, name)\n"
    ");\n"
    /* Period sign-off per regency; a row is active until re-opened. */
    "CREATE TABLE period_approval(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  region_code TEXT NOT NULL REFERENCES region(code),\n"
    "  period TEXT NOT NULL,\n"
    "  date_from TEXT NOT NULL,\n"
    "  date_to TEXT NOT NULL,\n"
    "  approved_by TEXT NOT NULL,\n"
    "  approved_at TEXT NOT NULL,\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  reopened_by TEXT,\n"
    "  reopened_at TEXT,\n"
    "  reopen_reason TEXT\n"
    ");\n"
    "CREATE UNIQUE INDEX period_approval_active ON period_approval(region_code, period) "
    "WHERE reopened_at IS NULL;\n"
    "CREATE INDEX period_approval_open ON period_approval(reopened_at, region_code);\n"
    /* Locks on memberships and death dates. */
    "CREATE TRIGGER membership_lock_insert BEFORE INSERT ON membership WHEN " ANY_LOCK " BEGIN "
    "SELECT RAISE(ABORT, " LOCK_MSG ") WHERE " LOCKED(SUBJECT_REGENCY("NEW"), "NEW.valid_from")
    " OR (NEW.valid_to IS NOT NULL AND " LOCKED(SUBJECT_REGENCY("NEW"), "NEW.valid_to") "); END;\n"
    "CREATE TRIGGER membership_lock_update BEFORE UPDATE ON membership WHEN " ANY_LOCK " BEGIN "
    "SELECT RAISE(ABORT, " LOCK_MSG ") WHERE "
    "(NEW.valid_from IS NOT OLD.valid_from AND (" LOCKED(SUBJECT_REGENCY("OLD"), "OLD.valid_from")
    " OR " LOCKED(SUBJECT_REGENCY("NEW"), "NEW.valid_from") ")) OR "
    "(NEW.valid_to IS NOT OLD.valid_to AND (" LOCKED(SUBJECT_REGENCY("OLD"), "OLD.valid_to")
    " OR " LOCKED(SUBJECT_REGENCY("NEW"), "NEW.valid_to") ")) OR "
    "(NEW.category <> OLD.category AND EXISTS (SELECT 1 FROM period_approval a WHERE "
    "a.reopened_at IS NULL AND a.region_code = " SUBJECT_REGENCY("OLD") " AND "
    "OLD.valid_from <= a.date_to AND (OLD.valid_to IS NULL OR OLD.valid_to >= a.date_from)));"
    " END;\n"
    "CREATE TRIGGER membership_lock_delete BEFORE DELETE ON membership WHEN " ANY_LOCK " BEGIN "
    "SELECT RAISE(ABORT, " LOCK_MSG ") WHERE EXISTS (SELECT 1 FROM period_approval a WHERE "
    "a.reopened_at IS NULL AND a.region_code = " SUBJECT_REGENCY("OLD") " AND "
    "OLD.valid_from <= a.date_to AND (OLD.valid_to IS NULL OR OLD.valid_to >= a.date_from));"
    " END;\n"
    "CREATE TRIGGER person_lock_death BEFORE UPDATE OF death_date ON person "
    "WHEN NEW.death_date IS NOT OLD.death_date AND " ANY_LOCK " BEGIN "
    "SELECT RAISE(ABORT, " LOCK_MSG ") WHERE (OLD.death_date IS NOT NULL AND "
    LOCKED("substr(OLD.village_code, 1, 5)", "OLD.death_date") ") OR (NEW.death_date IS NOT "
    "NULL AND " LOCKED("substr(NEW.village_code, 1, 5)", "NEW.death_date") "); END;\n"
    "CREATE TRIGGER person_lock_death_insert BEFORE INSERT ON person "
    "WHEN NEW.death_date IS NOT NULL AND " ANY_LOCK " BEGIN "
    "SELECT RAISE(ABORT, " LOCK_MSG ") WHERE "
    LOCKED("substr(NEW.village_code, 1, 5)", "NEW.death_date") "; END;\n"
    /* Rakor: the yearly coordination meeting, its problems and interventions. */
    "CREATE TABLE rakor(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  year INTEGER NOT NULL CHECK(year BETWEEN 1900 AND 2200),\n"
    "  host_region TEXT NOT NULL REFERENCES region(code),\n"
    "  held_on TEXT NOT NULL,\n"
    "  theme TEXT NOT NULL DEFAULT '',\n"
    "  participants TEXT NOT NULL DEFAULT '',\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  UNIQUE(year, host_region)\n"
    ");\n"
    "CREATE TABLE rakor_problem(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  rakor_id INTEGER NOT NULL REFERENCES rakor(id),\n"
    "  region_code TEXT NOT NULL REFERENCES region(code),\n"
    "  category INTEGER CHECK(category IS NULL OR category BETWEEN 1 AND 26),\n"
    "  text TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX rakor_problem_rakor ON rakor_problem(rakor_id, region_code);\n"
    "CREATE TABLE intervention(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  rakor_id INTEGER REFERENCES rakor(id),\n"
    "  problem_id INTEGER REFERENCES rakor_problem(id),\n"
    "  region_code TEXT NOT NULL REFERENCES region(code),\n"
    "  category INTEGER CHECK(category IS NULL OR category BETWEEN 1 AND 26),\n"
    "  title TEXT NOT NULL,\n"
    "  level TEXT NOT NULL CHECK(level IN ('pusat','provinsi','kabupaten-kota')),\n"
    "  owner TEXT NOT NULL DEFAULT '',\n"
    "  budget REAL,\n"
    "  due_date TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'direncanakan' CHECK(status IN "
    "('direncanakan','berjalan','selesai','batal')),\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX intervention_rakor ON intervention(rakor_id, region_code);\n"
    "CREATE INDEX intervention_due ON intervention(status, due_date);\n"
    "CREATE TABLE intervention_note(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  intervention_id INTEGER NOT NULL REFERENCES intervention(id),\n"
    "  noted_on TEXT NOT NULL,\n"
    "  text TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX intervention_note_iv ON intervention_note(intervention_id, noted_on);\n"
    AUDIT_UPDATE_DELETE("indicator", INDICATOR_JSON)
    AUDIT_UPDATE_DELETE("period_approval", APPROVAL_JSON)
    AUDIT_UPDATE_DELETE("rakor", RAKOR_JSON)
    AUDIT_UPDATE_DELETE("rakor_problem", PROBLEM_JSON)
    AUDIT_UPDATE_DELETE("intervention", INTERVENTION_JSON)
    AUDIT_UPDATE_DELETE("intervention_note", NOTE_JSON);
