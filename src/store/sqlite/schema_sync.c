/*
 * schema_sync.c - the migration of the SQLite schema for offline instances
 * (issue 18), migration 22.
 * Never edit a released migration: add a new one.
 *
 * Server side (the office's data base):
 * - sync_instance: the registered offline instances, each with its Ed25519
 *   public key (hex), the account that registered it and the region it may
 *   change (a district or village inside that account's scope); revoked_at
 *   set = refused from then on. Audited like every table a person writes.
 * - sync_applied: every change an instance sent, by its client-made id, with
 *   the outcome and the answer given (a change sent again gets the same
 *   answer and is never applied twice).
 * - sync_package: the sequence numbers of the packages each instance sent
 *   (a package seen before is a replay and is refused).
 * - sync_key: the server's own Ed25519 key pair, which signs answer packages.
 * - audit_sync_client: the writes of a change carry "sync:<change id>" as
 *   their audit client (service/sync.c), in the transaction of the write, so
 *   this index tells a change applied before its sync_applied row was
 *   written.
 *
 * Field side (an offline instance's own data base, made by `pilar sync
 * init`; the tables stay empty on a server):
 * - sync_meta: key/value state: mode ('field' once initialised, 'applying'
 *   while a pull writes the server's records), server, token, scope,
 *   instance id, key pair, the server's public key, cursor, package sequence.
 * - sync_record: per local household, person and membership: its id on the
 *   server (NULL: made here), the server's version and image it was last in
 *   step with, and its state (synced, to_push, pushing, conflict, refused).
 * - sync_outbox: changes sent or about to be sent, with the id the server
 *   remembers them by: a change leaves the outbox in the transaction that
 *   records its answer, so an interrupted push sends it again, same id.
 * - sync_answer: answer packages imported (a replay is refused).
 * - the *_sync_mark triggers: a local insert or update of a household,
 *   person or membership marks the record to_push (a record in conflict
 *   stays in conflict) while mode is 'field'; a pull switches mode to
 *   'applying' inside its transaction so that the server's records it writes
 *   are not sent back.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define INSTANCE_JSON(R)                                                                       \
    "json_object('name'," R ".name,'scope'," R ".scope,'public_key'," R ".public_key,"        \
    "'user_id'," R ".user_id,'revoked_at'," R ".revoked_at,'revoked_by'," R ".revoked_by,"     \
    "'version'," R ".version)"

#define FIELD_MODE "(SELECT value FROM sync_meta WHERE key = 'mode') = 'field'"
#define MARK(T, WHEN, ENTITY)                                                                  \
    "CREATE TRIGGER " T "_sync_mark_" WHEN " AFTER " WHEN " ON " T " WHEN " FIELD_MODE        \
    " BEGIN INSERT INTO sync_record(entity, local_id, state, changed_at) "                     \
    "VALUES('" ENTITY "', NEW.id, 'to_push', " PL_SQ_NOW ") "                                  \
    "ON CONFLICT(entity, local_id) DO UPDATE SET "                                             \
    "state = CASE WHEN state = 'conflict' THEN 'conflict' ELSE 'to_push' END, "               \
    "changed_at = excluded.changed_at; END;\n"

const char pl_sq_migration_sync[] =
    "CREATE TABLE sync_instance(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 80),\n"
    "  scope TEXT NOT NULL REFERENCES region(code),\n"
    "  public_key TEXT NOT NULL UNIQUE CHECK(length(public_key) = 64),\n"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  created_at TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  revoked_at TEXT,\n"
    "  revoked_by TEXT,\n"
    "  version INTEGER NOT NULL DEFAULT 1\n"
    ");\n"
    "CREATE TABLE sync_applied(\n"
    "  instance_id INTEGER NOT NULL REFERENCES sync_instance(id),\n"
    "  change_id TEXT NOT NULL,\n"
    "  at TEXT NOT NULL,\n"
    "  outcome TEXT NOT NULL CHECK(outcome IN ('applied','conflict','refused')),\n"
    "  result TEXT NOT NULL,\n"
    "  PRIMARY KEY(instance_id, change_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE sync_package(\n"
    "  instance_id INTEGER NOT NULL REFERENCES sync_instance(id),\n"
    "  seq INTEGER NOT NULL,\n"
    "  digest TEXT NOT NULL,\n"
    "  at TEXT NOT NULL,\n"
    "  PRIMARY KEY(instance_id, seq)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE sync_key(\n"
    "  id INTEGER PRIMARY KEY CHECK(id = 1),\n"
    "  public_key TEXT NOT NULL,\n"
    "  secret_key TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX audit_sync_client ON audit(client) WHERE substr(client, 1, 5) = 'sync:';\n"
    "CREATE TABLE sync_meta(\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE sync_record(\n"
    "  entity TEXT NOT NULL CHECK(entity IN ('household','person','membership')),\n"
    "  local_id INTEGER NOT NULL,\n"
    "  server_id INTEGER,\n"
    "  base_version INTEGER NOT NULL DEFAULT 0,\n"
    "  base TEXT,\n"
    "  state TEXT NOT NULL CHECK(state IN ('synced','to_push','pushing','conflict','refused')),\n"
    "  server TEXT,\n"
    "  message TEXT NOT NULL DEFAULT '',\n"
    "  changed_at TEXT NOT NULL,\n"
    "  PRIMARY KEY(entity, local_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE UNIQUE INDEX sync_record_server ON sync_record(entity, server_id) "
    "WHERE server_id IS NOT NULL;\n"
    "CREATE INDEX sync_record_state ON sync_record(state, entity, local_id) "
    "WHERE state <> 'synced';\n"
    "CREATE TABLE sync_outbox(\n"
    "  change_id TEXT PRIMARY KEY,\n"
    "  ord INTEGER NOT NULL,\n"
    "  entity TEXT NOT NULL,\n"
    "  local_id INTEGER NOT NULL,\n"
    "  payload TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX sync_outbox_ord ON sync_outbox(ord);\n"
    "CREATE TABLE sync_answer(\n"
    "  seq INTEGER PRIMARY KEY,\n"
    "  digest TEXT NOT NULL,\n"
    "  at TEXT NOT NULL\n"
    ");\n"
    MARK("household", "INSERT", "household")
    MARK("household", "UPDATE", "household")
    MARK("person", "INSERT", "person")
    MARK("person", "UPDATE", "person")
    MARK("membership", "INSERT", "membership")
    MARK("membership", "UPDATE", "membership")
    PL_SQ_AUDIT_TRIGGERS_ALL_INSERTS("sync_instance", INSTANCE_JSON);
/* clang-format on */
