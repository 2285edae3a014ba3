/*
 * schema.c - numbered migrations of the PostgreSQL schema: the same versions,
 * tables, columns, constraints and guarantees as the SQLite migrations
 * (src/store/sqlite/schema.c), in PostgreSQL 15's dialect. Entry i moves a
 * data base from version i to i + 1 and runs in its own transaction (the
 * runner, src/store/pg/db.c). Never edit a released migration: add a new
 * one, for both backends.
 *
 * Types: INTEGER is bigint, REAL double precision, TEXT text, BLOB bytea.
 * Dates and times stay text in the SQLite forms ('YYYY-MM-DD',
 * 'YYYY-MM-DDTHH:MM:SSZ'), so that audit images, exports and the audit's hash
 * chain are the same bytes on both backends.
 *
 * Audit: PL/pgSQL triggers write the before and after image of every UPDATE
 * and DELETE (and of INSERTs unless a bulk load runs: pilar.audit_inserts =
 * 'off') with the actor and client the runner sets per transaction
 * (set_config('pilar.actor', ..., true), 'pilar.client'). A write without
 * pilar.actor fails instead of going unaudited, as a write through another
 * client than Pilar does on SQLite.
 *
 * Partitions: person, household, residence (by the first two characters of
 * their village code) and membership (by its subject's province, column prov)
 * are partitioned by province; person_key and household_key hold each id once
 * with its NIK or KK, unique across partitions, and are what other tables
 * reference. docs/internals/postgresql.md explains the design.
 */
#include "store/pg/schema.h"
#include "store/pg/schema_sql.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define PERSON_KEYS                                                                            \
    "'nik','household_id','name','birth_place','birth_date','sex','relationship',"            \
    "'mother_name','death_date','disability','lat','lon','village_code','state',"             \
    "'state_reason','flags','version'"
#define HOUSEHOLD_KEYS                                                                         \
    "'kk','village_code','address','rt','rw','lat','lon','state','version'"
#define MEMBERSHIP_KEYS                                                                        \
    "'person_id','household_id','category','valid_from','valid_to','note'"
#define PSKS_KEYS                                                                              \
    "'type','kind','name','nik','area_code','address','phone','email','lat','lon',"           \
    "'valid_from','valid_to','version'"
#define USER_KEYS "'username','role','scope','disabled','version'"

/* Functions every later migration uses. */
#define FUNCTIONS_1                                                                            \
    /* Now and today in UTC, in the forms SQLite's strftime gives. */                          \
    "CREATE FUNCTION pl_now() RETURNS text LANGUAGE sql STABLE AS $f$ "                       \
    "SELECT to_char(statement_timestamp() AT TIME ZONE 'UTC', "                                \
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') $f$;\n"                                                   \
    "CREATE FUNCTION pl_today() RETURNS text LANGUAGE sql STABLE AS $f$ "                     \
    "SELECT to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD') $f$;\n"            \
    /* Who acts: set by the runner for the transaction; a write without it fails. */          \
    "CREATE FUNCTION pl_actor() RETURNS text LANGUAGE plpgsql STABLE AS $f$ "                 \
    "DECLARE a text := current_setting('pilar.actor', true); BEGIN "                          \
    "IF a IS NULL OR a = '' THEN RAISE EXCEPTION 'pilar.actor is not set: writes to this "    \
    "data base go through Pilar, which records who acts' USING ERRCODE = 'insufficient_privilege'; " \
    "END IF; RETURN a; END $f$;\n"                                                             \
    "CREATE FUNCTION pl_client() RETURNS text LANGUAGE sql STABLE AS $f$ "                    \
    "SELECT coalesce(current_setting('pilar.client', true), '') $f$;\n"                        \
    "CREATE FUNCTION pl_audit_inserts() RETURNS boolean LANGUAGE sql STABLE AS $f$ "          \
    "SELECT coalesce(current_setting('pilar.audit_inserts', true), '') <> 'off' $f$;\n"        \
    /* A BEFORE trigger that refuses the change with its argument as the message. */          \
    "CREATE FUNCTION pl_refuse() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "              \
    "RAISE EXCEPTION '%', TG_ARGV[0]; END $f$;\n"                                              \
    /* The JSON image of a row (as jsonb) over the listed keys, in their order. */            \
    /* Helpers called per row are PL/pgSQL, whose plans a session keeps (SQL ones re-plan). */ \
    "CREATE FUNCTION pl_image(r jsonb, keys text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE "  \
    "AS $f$ BEGIN RETURN (SELECT json_object_agg(k, r -> k ORDER BY o)::text "                 \
    "FROM unnest(keys) WITH ORDINALITY AS u(k, o)); END $f$;\n"                                \
    "CREATE FUNCTION pl_audit_put(p_action text, p_entity text, p_id bigint, p_before text, "  \
    "p_after text) RETURNS void LANGUAGE plpgsql AS $f$ BEGIN "                                \
    "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) "          \
    "VALUES (pl_now(), pl_actor(), pl_client(), p_action, p_entity, p_id, p_before, p_after); " \
    "END $f$;\n" \
    /*                                                                                         \
     * Rows moving between partitions. PostgreSQL runs an UPDATE that changes a row's         \
     * partition as a DELETE from the old partition and an INSERT into the new one: the row's \
     * BEFORE UPDATE triggers fire, then its DELETE and INSERT triggers, never AFTER UPDATE.  \
     * pl_move_mark (BEFORE UPDATE) notes such a row with its old image in the transaction's  \
     * setting pilar.moving ({"table:id": old row}); the other triggers of the table ask      \
     * pl_moved: a DELETE of a moving row does nothing, an INSERT of one does what an UPDATE  \
     * does, with the noted old image; pl_move_done, the table's last AFTER INSERT trigger    \
     * (zz_ sorts last), forgets the row.                                                     \
     */                                                                                        \
    "CREATE FUNCTION pl_moved(p_table text, p_id bigint) RETURNS jsonb LANGUAGE sql STABLE "   \
    "AS $f$ SELECT nullif(current_setting('pilar.moving', true), '')::jsonb "                  \
    "-> (p_table || ':' || p_id) $f$;\n"                                                       \
    "CREATE FUNCTION pl_move_mark() RETURNS trigger LANGUAGE plpgsql AS $f$ "                 \
    "DECLARE o jsonb := to_jsonb(OLD); n jsonb := to_jsonb(NEW); BEGIN "                       \
    "IF substr(o ->> TG_ARGV[1], 1, 2) IS DISTINCT FROM substr(n ->> TG_ARGV[1], 1, 2) THEN " \
    "PERFORM set_config('pilar.moving', (coalesce(nullif(current_setting('pilar.moving', "     \
    "true), '')::jsonb, '{}'::jsonb) || jsonb_build_object(TG_ARGV[0] || ':' || OLD.id, o))::text, " \
    "true); END IF; RETURN NEW; END $f$;\n"                                                    \
    "CREATE FUNCTION pl_move_done() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "           \
    "IF pl_moved(TG_ARGV[0], NEW.id) IS NOT NULL THEN "                                        \
    "PERFORM set_config('pilar.moving', (current_setting('pilar.moving')::jsonb - "            \
    "(TG_ARGV[0] || ':' || NEW.id))::text, true); END IF; RETURN NULL; END $f$;\n"             \
    /* The audit trigger: pl_audit_row(entity, 'bulk' | 'all', keys...). */                    \
    "CREATE FUNCTION pl_audit_row() RETURNS trigger LANGUAGE plpgsql AS $f$ "                 \
    "DECLARE keys text[] := TG_ARGV[2:]; moved jsonb; BEGIN "                                  \
    "IF TG_OP = 'INSERT' THEN "                                                                \
    "moved := pl_moved(TG_ARGV[0], NEW.id); "                                                  \
    "IF moved IS NOT NULL THEN "                                                               \
    /* A row that only follows its subject to another partition changed nothing audited. */   \
    "IF pl_image(moved, keys) IS DISTINCT FROM pl_image(to_jsonb(NEW), keys) THEN "             \
    "PERFORM pl_audit_put('update', TG_ARGV[0], NEW.id, pl_image(moved, keys), "               \
    "pl_image(to_jsonb(NEW), keys)); END IF; "                                                 \
    "ELSIF TG_ARGV[1] = 'all' OR pl_audit_inserts() THEN "                                     \
    "PERFORM pl_audit_put('insert', TG_ARGV[0], NEW.id, NULL, pl_image(to_jsonb(NEW), keys)); " \
    "END IF; "                                                                                 \
    "ELSIF TG_OP = 'UPDATE' THEN "                                                             \
    "PERFORM pl_audit_put('update', TG_ARGV[0], NEW.id, pl_image(to_jsonb(OLD), keys), "       \
    "pl_image(to_jsonb(NEW), keys)); "                                                         \
    "ELSIF pl_moved(TG_ARGV[0], OLD.id) IS NULL THEN "                                         \
    "PERFORM pl_audit_put('delete', TG_ARGV[0], OLD.id, pl_image(to_jsonb(OLD), keys), NULL); " \
    "END IF; RETURN NULL; END $f$;\n"                                                          \
    /* The province of a membership's subject (its partition). */                             \
    "CREATE FUNCTION pl_subject_prov(p_person bigint, p_household bigint) RETURNS text "       \
    "LANGUAGE plpgsql STABLE AS $f$ BEGIN RETURN coalesce((SELECT prov FROM person_key "       \
    "WHERE id = p_person), (SELECT prov FROM household_key WHERE id = p_household)); END $f$;\n"

/*
 * The registries and what follows a person or a household: its row in person_key or
 * household_key (id, NIK or KK, province), and a move to another province moves its
 * memberships (migration 4 adds the residence history to these functions).
 */
#define SUBJECT_AFTER_1(T, KEYCOL)                                                             \
    "CREATE FUNCTION pl_" T "_after() RETURNS trigger LANGUAGE plpgsql AS $f$ "               \
    "DECLARE moved jsonb; old_key text; old_prov text; BEGIN "                                 \
    "IF TG_OP = 'DELETE' THEN "                                                                \
    "IF pl_moved('" T "', OLD.id) IS NULL THEN DELETE FROM " T "_key WHERE id = OLD.id; END IF; " \
    "RETURN NULL; END IF; "                                                                    \
    "IF TG_OP = 'INSERT' THEN moved := pl_moved('" T "', NEW.id); "                            \
    "IF moved IS NULL THEN INSERT INTO " T "_key(id, " KEYCOL ", prov) "                       \
    "VALUES (NEW.id, NEW." KEYCOL ", substr(NEW.village_code, 1, 2)); RETURN NULL; END IF; "   \
    "old_key := moved ->> '" KEYCOL "'; old_prov := substr(moved ->> 'village_code', 1, 2); "  \
    "ELSE old_key := OLD." KEYCOL "; old_prov := substr(OLD.village_code, 1, 2); END IF; "     \
    "IF NEW." KEYCOL " IS DISTINCT FROM old_key OR substr(NEW.village_code, 1, 2) <> old_prov " \
    "THEN UPDATE " T "_key SET " KEYCOL " = NEW." KEYCOL ", prov = substr(NEW.village_code, 1, 2) " \
    "WHERE id = NEW.id; END IF; "                                                              \
    "IF substr(NEW.village_code, 1, 2) <> old_prov THEN "                                      \
    "UPDATE membership SET prov = substr(NEW.village_code, 1, 2) WHERE " T "_id = NEW.id; "    \
    "END IF; RETURN NULL; END $f$;\n"                                                          \
    "CREATE TRIGGER " T "_after AFTER INSERT OR UPDATE OR DELETE ON " T                        \
    " FOR EACH ROW EXECUTE FUNCTION pl_" T "_after();\n"

static const char migration_1[] =
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
    /* The official region tree (idn-area-data) and former codes. */
    "CREATE TABLE region(\n"
    "  code text PRIMARY KEY,\n"
    "  parent text,\n"
    "  level bigint NOT NULL CHECK(level BETWEEN 1 AND 4),\n"
    "  name text NOT NULL\n"
    ");\n"
    "CREATE INDEX region_parent ON region(parent, code);\n"
    "CREATE TABLE region_former(\n"
    "  code text PRIMARY KEY,\n"
    "  current_code text NOT NULL,\n"
    "  name text NOT NULL,\n"
    "  valid_until text NOT NULL,\n"
    "  reason text NOT NULL DEFAULT ''\n"
    ");\n"
    /*
     * The registries: every person and household once, with its NIK or KK, unique across
     * the province partitions (a unique index of a partitioned table must contain its
     * partition key, so person.nik cannot be unique on person itself). Kept by triggers.
     */
    "CREATE TABLE household_key(\n"
    "  id bigint PRIMARY KEY,\n"
    "  kk text NOT NULL CONSTRAINT household_kk_unique UNIQUE,\n"
    "  prov text NOT NULL\n"
    ");\n"
    "CREATE TABLE person_key(\n"
    "  id bigint PRIMARY KEY,\n"
    "  nik text CONSTRAINT person_nik_unique UNIQUE,\n"
    "  prov text NOT NULL\n"
    ");\n"
    /* Households keyed by the family card number, partitioned by province. */
    "CREATE TABLE household(\n"
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,\n"
    "  kk text NOT NULL CHECK(length(kk) = 16),\n"
    "  village_code text NOT NULL REFERENCES region(code),\n"
    "  address text NOT NULL DEFAULT '',\n"
    "  rt text NOT NULL DEFAULT '',\n"
    "  rw text NOT NULL DEFAULT '',\n"
    "  lat double precision, lon double precision,\n"
    "  state text NOT NULL DEFAULT 'draft' CHECK(state IN ('draft','verified','rejected')),\n"
    "  state_by text, state_at text, state_reason text,\n"
    "  version bigint NOT NULL DEFAULT 1,\n"
    "  created_at text NOT NULL,\n"
    "  created_by text NOT NULL,\n"
    "  updated_at text NOT NULL\n"
    ") PARTITION BY LIST (substr(village_code, 1, 2));\n"
    PL_PG_PARTITIONS("household")
    "CREATE INDEX household_id ON household(id);\n"
    "CREATE INDEX household_kk ON household(kk);\n"
    "CREATE INDEX household_village ON household(village_code);\n"
    /* People keyed by NIK (NULL when unknown), partitioned by province. */
    "CREATE TABLE person(\n"
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,\n"
    "  nik text CHECK(nik IS NULL OR length(nik) = 16),\n"
    "  household_id bigint REFERENCES household_key(id),\n"
    "  name text NOT NULL,\n"
    "  name_norm text NOT NULL,\n"
    "  birth_place text NOT NULL DEFAULT '',\n"
    "  birth_date text,\n"
    "  sex text CHECK(sex IN ('L','P')),\n"
    "  relationship text NOT NULL DEFAULT '',\n"
    "  mother_name text NOT NULL DEFAULT '',\n"
    "  death_date text,\n"
    "  disability text NOT NULL DEFAULT '',\n"
    "  lat double precision, lon double precision,\n"
    "  village_code text NOT NULL REFERENCES region(code),\n"
    "  state text NOT NULL DEFAULT 'draft' CHECK(state IN ('draft','verified','rejected')),\n"
    "  state_by text, state_at text, state_reason text,\n"
    "  flags bigint NOT NULL DEFAULT 0,\n"
    "  version bigint NOT NULL DEFAULT 1,\n"
    "  created_at text NOT NULL,\n"
    "  created_by text NOT NULL,\n"
    "  updated_at text NOT NULL\n"
    ") PARTITION BY LIST (substr(village_code, 1, 2));\n"
    PL_PG_PARTITIONS("person")
    "CREATE INDEX person_id ON person(id);\n"
    "CREATE INDEX person_nik ON person(nik);\n"
    "CREATE INDEX person_village ON person(village_code);\n"
    "CREATE INDEX person_household ON person(household_id);\n"
    /* Name search (SQLite: FTS5 person_fts): trigrams of the normalised name. */
    "CREATE INDEX person_name_trgm ON person USING gin (name_norm gin_trgm_ops);\n"
    /* PMKS memberships over time, in the partition of their subject's province (prov). */
    "CREATE TABLE membership(\n"
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,\n"
    "  person_id bigint REFERENCES person_key(id),\n"
    "  household_id bigint REFERENCES household_key(id),\n"
    "  category bigint NOT NULL CHECK(category BETWEEN 1 AND 26),\n"
    "  valid_from text NOT NULL,\n"
    "  valid_to text,\n"
    "  note text NOT NULL DEFAULT '',\n"
    "  created_at text NOT NULL,\n"
    "  created_by text NOT NULL,\n"
    "  prov text NOT NULL,\n"
    "  CHECK ((person_id IS NULL) <> (household_id IS NULL)),\n"
    "  CHECK (valid_to IS NULL OR valid_to >= valid_from)\n"
    ") PARTITION BY LIST (prov);\n"
    PL_PG_PARTITIONS("membership")
    "CREATE INDEX membership_id ON membership(id);\n"
    "CREATE INDEX membership_person ON membership(person_id, category);\n"
    "CREATE INDEX membership_household ON membership(household_id, category);\n"
    "CREATE INDEX membership_category ON membership(category, valid_from);\n"
    /* A subject's memberships share its partition, so prov in the key costs nothing. */
    "CREATE UNIQUE INDEX membership_open_person ON membership(person_id, category, prov) "
    "WHERE valid_to IS NULL AND person_id IS NOT NULL;\n"
    "CREATE UNIQUE INDEX membership_open_household ON membership(household_id, category, prov) "
    "WHERE valid_to IS NULL AND household_id IS NOT NULL;\n"
    "CREATE FUNCTION pl_membership_prov() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "IF NEW.prov IS DISTINCT FROM pl_subject_prov(NEW.person_id, NEW.household_id) THEN "
    "RAISE EXCEPTION 'membership.prov must be the province of its subject: write "
    "pl_subject_prov(person_id, household_id)' USING ERRCODE = 'check_violation'; END IF; "
    "RETURN NEW; END $f$;\n"
    "CREATE TRIGGER membership_prov BEFORE INSERT OR UPDATE OF prov, person_id, household_id "
    "ON membership FOR EACH ROW EXECUTE FUNCTION pl_membership_prov();\n"
    /* PSKS: people and organisations serving an area. */
    "CREATE TABLE psks_unit(\n"
    "  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
    "  type bigint NOT NULL CHECK(type BETWEEN 1 AND 12),\n"
    "  kind text NOT NULL CHECK(kind IN ('orang','lembaga')),\n"
    "  name text NOT NULL,\n"
    "  nik text CHECK(nik IS NULL OR length(nik) = 16),\n"
    "  area_code text NOT NULL REFERENCES region(code),\n"
    "  address text NOT NULL DEFAULT '',\n"
    "  phone text NOT NULL DEFAULT '',\n"
    "  email text NOT NULL DEFAULT '',\n"
    "  lat double precision, lon double precision,\n"
    "  valid_from text,\n"
    "  valid_to text,\n"
    "  version bigint NOT NULL DEFAULT 1,\n"
    "  created_at text NOT NULL,\n"
    "  created_by text NOT NULL\n"
    ");\n"
    "CREATE INDEX psks_area ON psks_unit(area_code, type);\n"
    /* The audit: who, when, what, before and after. Append-only. */
    "CREATE SEQUENCE audit_id_seq;\n"
    "CREATE TABLE audit(\n"
    "  id bigint PRIMARY KEY DEFAULT nextval('audit_id_seq'),\n"
    "  at text NOT NULL,\n"
    "  actor text NOT NULL,\n"
    "  client text NOT NULL DEFAULT '',\n"
    "  action text NOT NULL,\n"
    "  entity text NOT NULL,\n"
    "  entity_id bigint,\n"
    "  before text,\n"
    "  after text\n"
    ");\n"
    "ALTER SEQUENCE audit_id_seq OWNED BY audit.id;\n"
    "CREATE INDEX audit_entity ON audit(entity, entity_id, id);\n"
    FUNCTIONS_1
    PL_PG_REFUSE("audit_no_update", "UPDATE", "audit", "'audit rows are append-only'")
    PL_PG_REFUSE("audit_no_delete", "DELETE", "audit", "'audit rows are append-only'")
    "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit "
    "FOR EACH STATEMENT EXECUTE FUNCTION pl_refuse('audit rows are append-only');\n"
    SUBJECT_AFTER_1("household", "kk")
    SUBJECT_AFTER_1("person", "nik")
    PL_PG_MOVES("household", "village_code")
    PL_PG_MOVES("person", "village_code")
    PL_PG_MOVES("membership", "prov")
    PL_PG_AUDIT("person", "bulk", PERSON_KEYS)
    PL_PG_AUDIT("household", "bulk", HOUSEHOLD_KEYS)
    PL_PG_AUDIT("membership", "bulk", MEMBERSHIP_KEYS)
    PL_PG_AUDIT("psks_unit", "bulk", PSKS_KEYS);

static const char migration_2[] =
    /* Accounts: role and region scope; password hashes never enter the audit. */
    "CREATE TABLE app_user(\n"
    "  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
    "  username text NOT NULL UNIQUE,\n"
    "  role text NOT NULL CHECK(role IN ('admin','province','regency','district','village',"
    "'viewer')),\n"
    "  scope text NOT NULL DEFAULT '',\n"
    "  password_hash text,\n"
    "  disabled bigint NOT NULL DEFAULT 0,\n"
    "  version bigint NOT NULL DEFAULT 1,\n"
    "  created_at text NOT NULL,\n"
    "  created_by text NOT NULL\n"
    ");\n"
    "CREATE TABLE api_token(\n"
    "  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
    "  user_id bigint NOT NULL REFERENCES app_user(id),\n"
    "  token_hash text NOT NULL UNIQUE,\n"
    "  label text NOT NULL DEFAULT '',\n"
    "  created_at text NOT NULL,\n"
    "  revoked_at text\n"
    ");\n"
    "CREATE TABLE session(\n"
    "  id_hash text PRIMARY KEY,\n"
    "  user_id bigint NOT NULL REFERENCES app_user(id),\n"
    "  csrf text NOT NULL,\n"
    "  created_at text NOT NULL,\n"
    "  expires_at text NOT NULL\n"
    ");\n"
    PL_PG_AUDIT("app_user", "bulk", USER_KEYS);

/* Later migrations live in files named like their SQLite counterparts. */
extern const char pl_pg_migration_3[];     /* schema_auth.c */
extern const char pl_pg_migration_4[];     /* schema_report.c */
extern const char pl_pg_migration_5[];     /* schema_geo.c */
extern const char pl_pg_migration_6[];     /* schema_program.c */
extern const char pl_pg_migration_7[];     /* schema_geo.c */
extern const char pl_pg_migration_8[];     /* schema_geo.c */
extern const char pl_pg_migration_9[];     /* schema_import.c */
extern const char pl_pg_migration_10[];    /* schema_transfer.c */
extern const char pl_pg_migration_11[];    /* schema_ident.c */
extern const char pl_pg_migration_12[];    /* schema_audit.c */
extern const char pl_pg_migration_13[];    /* schema_nonik.c */
extern const char pl_pg_migration_14[];    /* schema_creds.c */
extern const char pl_pg_migration_chain[]; /* schema_chain.c */
extern const char pl_pg_migration_16[];    /* schema_plan.c */
extern const char pl_pg_migration_pmt[];   /* schema_pmt.c */
extern const char pl_pg_migration_psks[];  /* schema_psks.c */
extern const char pl_pg_migration_psks_visit[]; /* schema_psks_visit.c */
extern const char pl_pg_migration_letterhead[]; /* schema_letterhead.c */
extern const char pl_pg_migration_dtsen[];      /* schema_dtsen.c */
extern const char pl_pg_migration_sync[];       /* schema_sync.c */
extern const char pl_pg_migration_read_seal[];  /* schema_chain.c */
extern const char pl_pg_migration_24[];         /* schema_geo.c */
extern const char pl_pg_migration_25[];         /* schema_notify.c */
extern const char pl_pg_migration_26[];         /* schema_chain.c */
extern const char pl_pg_migration_27[];         /* schema_count.c */
extern const char pl_pg_migration_28[];         /* schema_keys.c */

const pl_pg_migration pl_pg_migrations[] = {
    {1, "core", migration_1},
    {2, "accounts", migration_2},
    {3, "login failures", pl_pg_migration_3},
    {4, "residence, locks, reports", pl_pg_migration_4},
    {5, "geo", pl_pg_migration_5},
    {6, "programs and disbursement", pl_pg_migration_6},
    {7, "person geo rebuilt", pl_pg_migration_7},
    {8, "deferred geo indexing", pl_pg_migration_8},
    {9, "redundant indexes dropped", pl_pg_migration_9},
    {10, "transfer requests", pl_pg_migration_10},
    {11, "pseudonym key", pl_pg_migration_11},
    {12, "read audit", pl_pg_migration_12},
    {13, "people without NIK", pl_pg_migration_13},
    {14, "credentials", pl_pg_migration_14},
    {15, "audit hash chain", pl_pg_migration_chain},
    {16, "intervention links", pl_pg_migration_16},
    {17, "welfare ranking (PMT)", pl_pg_migration_pmt},
    {18, "psks registry and meetings", pl_pg_migration_psks},
    {19, "PSKS assignments and visits", pl_pg_migration_psks_visit},
    {20, "letterhead", pl_pg_migration_letterhead},
    {21, "DTSEN update cycle", pl_pg_migration_dtsen},
    {22, "offline instances", pl_pg_migration_sync},
    {23, "read audit sealed by the server", pl_pg_migration_read_seal},
    {24, "area tallies from the index", pl_pg_migration_24},
    {25, "change notifications", pl_pg_migration_25},
    {26, "read-audit batches skip the seal trigger", pl_pg_migration_26},
    {27, "maintained change counts", pl_pg_migration_27},
    {28, "national key registry", pl_pg_migration_28},
};
const size_t pl_pg_migration_count = sizeof pl_pg_migrations / sizeof pl_pg_migrations[0];
/* clang-format on */
