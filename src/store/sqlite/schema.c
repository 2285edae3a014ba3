/*
 * schema.c - numbered migrations of the SQLite schema. Each entry moves the
 * file from version i to i+1 and runs in its own transaction; PRAGMA
 * user_version records the version. Never edit a released migration: add
 * a new one.
 *
 * Audit: triggers write the before and after image of every UPDATE and
 * DELETE (and of INSERTs unless a bulk load is running: pl_audit_inserts()
 * is false then, see pl_sq_bulk_begin) to the audit
 * table, with the actor the store set through pl_actor()/pl_client(). Those
 * functions exist only on connections opened by Pilar, so a write through
 * another client fails instead of going unaudited.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

/* JSON images of rows, used by the audit triggers. */
#define PERSON_JSON(R)                                                                         \
    "json_object('nik'," R ".nik,'household_id'," R ".household_id,'name'," R                 \
    ".name,'birth_place'," R ".birth_place,'birth_date'," R ".birth_date,'sex'," R            \
    ".sex,'relationship'," R ".relationship,'mother_name'," R ".mother_name,'death_date'," R  \
    ".death_date,'disability'," R ".disability,'lat'," R ".lat,'lon'," R                      \
    ".lon,'village_code'," R ".village_code,'state'," R ".state,'state_reason'," R            \
    ".state_reason,'flags'," R ".flags,'version'," R ".version)"
#define HOUSEHOLD_JSON(R)                                                                      \
    "json_object('kk'," R ".kk,'village_code'," R ".village_code,'address'," R                \
    ".address,'rt'," R ".rt,'rw'," R ".rw,'lat'," R ".lat,'lon'," R ".lon,'state'," R         \
    ".state,'version'," R ".version)"
#define MEMBERSHIP_JSON(R)                                                                     \
    "json_object('person_id'," R ".person_id,'household_id'," R ".household_id,'category'," R \
    ".category,'valid_from'," R ".valid_from,'valid_to'," R ".valid_to,'note'," R ".note)"
#define PSKS_JSON(R)                                                                           \
    "json_object('type'," R ".type,'kind'," R ".kind,'name'," R ".name,'nik'," R              \
    ".nik,'area_code'," R ".area_code,'address'," R ".address,'phone'," R ".phone,'email'," R \
    ".email,'lat'," R ".lat,'lon'," R ".lon,'valid_from'," R ".valid_from,'valid_to'," R      \
    ".valid_to,'version'," R ".version)"
#define USER_JSON(R)                                                                           \
    "json_object('username'," R ".username,'role'," R ".role,'scope'," R ".scope,'disabled'," \
    R ".disabled,'version'," R ".version)"

static const char migration_1[] =
    /* The official region tree (idn-area-data) and former codes. */
    "CREATE TABLE region(\n"
    "  code TEXT PRIMARY KEY,\n"
    "  parent TEXT,\n"
    "  level INTEGER NOT NULL CHECK(level BETWEEN 1 AND 4),\n"
    "  name TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX region_parent ON region(parent, code);\n"
    "CREATE TABLE region_former(\n"
    "  code TEXT PRIMARY KEY,\n"
    "  current_code TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  valid_until TEXT NOT NULL,\n"
    "  reason TEXT NOT NULL DEFAULT ''\n"
    ") WITHOUT ROWID;\n"
    /* Households keyed by the family card number. */
    "CREATE TABLE household(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  kk TEXT NOT NULL UNIQUE CHECK(length(kk) = 16),\n"
    "  village_code TEXT NOT NULL REFERENCES region(code),\n"
    "  address TEXT NOT NULL DEFAULT '',\n"
    "  rt TEXT NOT NULL DEFAULT '',\n"
    "  rw TEXT NOT NULL DEFAULT '',\n"
    "  lat REAL, lon REAL,\n"
    "  state TEXT NOT NULL DEFAULT 'draft' CHECK(state IN ('draft','verified','rejected')),\n"
    "  state_by TEXT, state_at TEXT, state_reason TEXT,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX household_village ON household(village_code);\n"
    /* People keyed by NIK (NULL when unknown). */
    "CREATE TABLE person(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  nik TEXT UNIQUE CHECK(nik IS NULL OR length(nik) = 16),\n"
    "  household_id INTEGER REFERENCES household(id),\n"
    "  name TEXT NOT NULL,\n"
    "  name_norm TEXT NOT NULL,\n"
    "  birth_place TEXT NOT NULL DEFAULT '',\n"
    "  birth_date TEXT,\n"
    "  sex TEXT CHECK(sex IN ('L','P')),\n"
    "  relationship TEXT NOT NULL DEFAULT '',\n"
    "  mother_name TEXT NOT NULL DEFAULT '',\n"
    "  death_date TEXT,\n"
    "  disability TEXT NOT NULL DEFAULT '',\n"
    "  lat REAL, lon REAL,\n"
    "  village_code TEXT NOT NULL REFERENCES region(code),\n"
    "  state TEXT NOT NULL DEFAULT 'draft' CHECK(state IN ('draft','verified','rejected')),\n"
    "  state_by TEXT, state_at TEXT, state_reason TEXT,\n"
    "  flags INTEGER NOT NULL DEFAULT 0,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX person_village ON person(village_code);\n"
    "CREATE INDEX person_household ON person(household_id);\n"
    /* Name search over the normalised name. */
    "CREATE VIRTUAL TABLE person_fts USING fts5(name_norm, content='person', "
    "content_rowid='id', prefix='2 3');\n"
    /* During a bulk load the importer indexes new rows in one statement per batch. */
    "CREATE TRIGGER person_fts_ai AFTER INSERT ON person WHEN pl_audit_inserts() BEGIN "
    "INSERT INTO person_fts(rowid, name_norm) VALUES (NEW.id, NEW.name_norm); END;\n"
    "CREATE TRIGGER person_fts_ad AFTER DELETE ON person BEGIN "
    "INSERT INTO person_fts(person_fts, rowid, name_norm) VALUES('delete', OLD.id, "
    "OLD.name_norm); END;\n"
    "CREATE TRIGGER person_fts_au AFTER UPDATE OF name_norm ON person BEGIN "
    "INSERT INTO person_fts(person_fts, rowid, name_norm) VALUES('delete', OLD.id, "
    "OLD.name_norm); "
    "INSERT INTO person_fts(rowid, name_norm) VALUES (NEW.id, NEW.name_norm); END;\n"
    /* PMKS memberships over time: person or household, valid_from..valid_to. */
    "CREATE TABLE membership(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  person_id INTEGER REFERENCES person(id),\n"
    "  household_id INTEGER REFERENCES household(id),\n"
    "  category INTEGER NOT NULL CHECK(category BETWEEN 1 AND 26),\n"
    "  valid_from TEXT NOT NULL,\n"
    "  valid_to TEXT,\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  CHECK ((person_id IS NULL) <> (household_id IS NULL)),\n"
    "  CHECK (valid_to IS NULL OR valid_to >= valid_from)\n"
    ");\n"
    "CREATE INDEX membership_person ON membership(person_id, category);\n"
    "CREATE INDEX membership_household ON membership(household_id, category);\n"
    "CREATE INDEX membership_category ON membership(category, valid_from);\n"
    "CREATE UNIQUE INDEX membership_open_person ON membership(person_id, category) "
    "WHERE valid_to IS NULL AND person_id IS NOT NULL;\n"
    "CREATE UNIQUE INDEX membership_open_household ON membership(household_id, category) "
    "WHERE valid_to IS NULL AND household_id IS NOT NULL;\n"
    /* PSKS: people and organisations serving an area. */
    "CREATE TABLE psks_unit(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  type INTEGER NOT NULL CHECK(type BETWEEN 1 AND 12),\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('orang','lembaga')),\n"
    "  name TEXT NOT NULL,\n"
    "  nik TEXT CHECK(nik IS NULL OR length(nik) = 16),\n"
    "  area_code TEXT NOT NULL REFERENCES region(code),\n"
    "  address TEXT NOT NULL DEFAULT '',\n"
    "  phone TEXT NOT NULL DEFAULT '',\n"
    "  email TEXT NOT NULL DEFAULT '',\n"
    "  lat REAL, lon REAL,\n"
    "  valid_from TEXT,\n"
    "  valid_to TEXT,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX psks_area ON psks_unit(area_code, type);\n"
    /* The audit: who, when, what, before and after. Append-only. */
    "CREATE TABLE audit(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  at TEXT NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  client TEXT NOT NULL DEFAULT '',\n"
    "  action TEXT NOT NULL,\n"
    "  entity TEXT NOT NULL,\n"
    "  entity_id INTEGER,\n"
    "  before TEXT,\n"
    "  after TEXT\n"
    ");\n"
    "CREATE INDEX audit_entity ON audit(entity, entity_id, id);\n"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN "
    "SELECT RAISE(ABORT, 'audit rows are append-only'); END;\n"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN "
    "SELECT RAISE(ABORT, 'audit rows are append-only'); END;\n"
    PL_SQ_AUDIT_TRIGGERS("person", PERSON_JSON)
    PL_SQ_AUDIT_TRIGGERS("household", HOUSEHOLD_JSON)
    PL_SQ_AUDIT_TRIGGERS("membership", MEMBERSHIP_JSON)
    PL_SQ_AUDIT_TRIGGERS("psks_unit", PSKS_JSON);

static const char migration_2[] =
    /* Accounts: role and region scope; password hashes never enter the audit. */
    "CREATE TABLE app_user(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  username TEXT NOT NULL UNIQUE,\n"
    "  role TEXT NOT NULL CHECK(role IN ('admin','province','regency','district','village',"
    "'viewer')),\n"
    "  scope TEXT NOT NULL DEFAULT '',\n"
    "  password_hash TEXT,\n"
    "  disabled INTEGER NOT NULL DEFAULT 0,\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE api_token(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  token_hash TEXT NOT NULL UNIQUE,\n"
    "  label TEXT NOT NULL DEFAULT '',\n"
    "  created_at TEXT NOT NULL,\n"
    "  revoked_at TEXT\n"
    ");\n"
    "CREATE TABLE session(\n"
    "  id_hash TEXT PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  csrf TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL,\n"
    "  expires_at TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    PL_SQ_AUDIT_TRIGGERS("app_user", USER_JSON);

/* Later migrations live beside the code that uses them. */
extern const char pl_sq_migration_3[]; /* schema_auth.c */
extern const char pl_sq_migration_4[]; /* schema_report.c */
extern const char pl_sq_migration_5[]; /* schema_geo.c */
extern const char pl_sq_migration_6[]; /* schema_program.c */
extern const char pl_sq_migration_7[]; /* schema_geo.c */
extern const char pl_sq_migration_8[]; /* schema_geo.c */
extern const char pl_sq_migration_9[]; /* schema_import.c */
extern const char pl_sq_migration_10[]; /* schema_transfer.c */
extern const char pl_sq_migration_11[]; /* ident.c */
extern const char pl_sq_migration_12[]; /* schema_audit.c */
extern const char pl_sq_migration_13[]; /* schema_nonik.c */
extern const char pl_sq_migration_14[]; /* schema_creds.c */
extern const char pl_sq_migration_chain[]; /* schema_chain.c */
extern const char pl_sq_migration_16[]; /* schema_plan.c */
extern const char pl_sq_migration_pmt[];   /* schema_pmt.c */
extern const char pl_sq_migration_psks[]; /* schema_psks.c */
extern const char pl_sq_migration_psks_visit[]; /* schema_psks_visit.c */
extern const char pl_sq_migration_letterhead[]; /* schema_letterhead.c */
extern const char pl_sq_migration_dtsen[]; /* schema_dtsen.c */
extern const char pl_sq_migration_sync[]; /* schema_sync.c */
extern const char pl_sq_migration_read_seal[]; /* schema_chain.c */
extern const char pl_sq_migration_24[];        /* schema_geo.c */
extern const char pl_sq_migration_25[];        /* schema_auth.c */
extern const char pl_sq_migration_26[];        /* schema_chain.c */
extern const char pl_sq_migration_27[];        /* schema_count.c */
extern const char pl_sq_migration_28[];        /* schema_keys.c */

const char *const pl_sq_migrations[] = {migration_1, migration_2, pl_sq_migration_3,
                                        pl_sq_migration_4, pl_sq_migration_5,
                                        pl_sq_migration_6, pl_sq_migration_7,
                                        pl_sq_migration_8, pl_sq_migration_9,
                                        pl_sq_migration_10, pl_sq_migration_11,
                                        pl_sq_migration_12, pl_sq_migration_13,
                                        pl_sq_migration_14, pl_sq_migration_chain,
                                        pl_sq_migration_16, pl_sq_migration_pmt,
                                        pl_sq_migration_psks, pl_sq_migration_psks_visit,
                                        pl_sq_migration_letterhead, pl_sq_migration_dtsen,
                                        pl_sq_migration_sync, pl_sq_migration_read_seal,
                                        pl_sq_migration_24, pl_sq_migration_25,
                                        pl_sq_migration_26, pl_sq_migration_27,
                                        pl_sq_migration_28};
const int pl_sq_migration_count = (int)(sizeof pl_sq_migrations / sizeof pl_sq_migrations[0]);

_Static_assert(sizeof pl_sq_migrations / sizeof pl_sq_migrations[0] == PL_STORE_SCHEMA_VERSION,
               "PL_STORE_SCHEMA_VERSION must equal the number of migrations");

/* Households against their latest audited image (PL_SQ_DRIFT; people: schema_nonik.c). */
const char pl_sq_drift_household[] = PL_SQ_DRIFT("household", HOUSEHOLD_JSON);
/* clang-format on */
