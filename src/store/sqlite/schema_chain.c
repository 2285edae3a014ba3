/*
 * schema_chain.c - the migration that chains the audit (issue 17): every
 * row of the write audit (audit) and of the read audit (reads.audit_read)
 * gets a seal, a BLAKE2b-256 hash over the previous row's seal and the
 * row's own content, so that a deleted, edited or inserted row breaks the
 * chain where it happened (chain.c verifies it; docs/conventions.md,
 * section Data base, says what it can and cannot prove). Never edit a
 * released migration: add a new one.
 *
 * - audit_chain(id, hash): one seal per audit row, same id. The trigger
 *   audit_chain_seal writes it as the audit row is inserted, in the same
 *   statement and transaction, through pl_audit_hash(), a function that
 *   exists only on Pilar's connections (db.c): like pl_actor(), a write
 *   through another client fails instead of going unsealed. Seals are
 *   never changed or deleted.
 * - reads.audit_read_chain(id, hash): the same for the read audit, in its
 *   file. A purge deletes a prefix of old rows and their seals; the seal of
 *   the last purged row is kept in the purge's own audit row (see
 *   pl_sq_audit_read_purge), so the chain stays verifiable from there.
 * - Rows that exist when the migration runs are sealed in id order by the
 *   same statement the store uses after a bulk load's insert phase
 *   (pl_sq_chain_seal_sql), the read audit likewise.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

/* The content a seal covers, in this order, after the previous seal. */
#define AUDIT_FIELDS(R) R "id, " R "at, " R "actor, " R "client, " R "action, " R "entity, " \
    R "entity_id, " R "before, " R "after"
#define READ_FIELDS(R) R "id, " R "at, " R "actor, " R "client, " R "entity, " R "entity_id"

/*
 * Seals, in id order, every row of AUDIT above the last sealed one (all of them in an
 * unsealed table): a recursive walk that carries the previous seal from row to row.
 */
#define SEAL_SQL(AUDIT, CHAIN, FIELDS) \
    "WITH RECURSIVE c(id, hash, seed) AS (" \
    "SELECT coalesce((SELECT max(id) FROM " CHAIN "), 0), " \
    "(SELECT hash FROM " CHAIN " ORDER BY id DESC LIMIT 1), 1 " \
    "UNION ALL SELECT a.id, pl_audit_hash(c.hash, " FIELDS("a.") "), 0 " \
    "FROM c JOIN " AUDIT " a ON a.id = (SELECT min(id) FROM " AUDIT " WHERE id > c.id)) " \
    "INSERT INTO " CHAIN "(id, hash) SELECT id, hash FROM c WHERE seed = 0;\n"

const char pl_sq_chain_seal_sql[] = SEAL_SQL("main.audit", "main.audit_chain", AUDIT_FIELDS);

#define READS_CHAIN_SCHEMA \
    "CREATE TABLE IF NOT EXISTS reads.audit_read_chain(\n" \
    "  id INTEGER PRIMARY KEY,\n" \
    "  hash BLOB NOT NULL\n" \
    ");\n" \
    "CREATE TRIGGER IF NOT EXISTS reads.audit_read_seal AFTER INSERT ON audit_read BEGIN " \
    "INSERT INTO audit_read_chain(id, hash) VALUES(NEW.id, pl_audit_hash(" \
    "(SELECT hash FROM audit_read_chain ORDER BY id DESC LIMIT 1), " READ_FIELDS("NEW.") ")); " \
    "END;\n" \
    "CREATE TRIGGER IF NOT EXISTS reads.audit_read_unseal AFTER DELETE ON audit_read BEGIN " \
    "DELETE FROM audit_read_chain WHERE id = OLD.id; END;\n" \
    "CREATE TRIGGER IF NOT EXISTS reads.audit_read_chain_no_update BEFORE UPDATE ON " \
    "audit_read_chain BEGIN SELECT RAISE(ABORT, 'audit seals cannot be changed'); END;\n" \
    "CREATE TRIGGER IF NOT EXISTS reads.audit_read_chain_keep BEFORE DELETE ON audit_read_chain " \
    "WHEN EXISTS (SELECT 1 FROM audit_read WHERE id = OLD.id) BEGIN " \
    "SELECT RAISE(ABORT, 'audit seals go only with their row'); END;\n"

const char pl_sq_reads_chain_schema[] = READS_CHAIN_SCHEMA;

const char pl_sq_migration_chain[] =
    "CREATE TABLE audit_chain(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  hash BLOB NOT NULL\n"
    ");\n"
    "CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain BEGIN "
    "SELECT RAISE(ABORT, 'audit seals cannot be changed'); END;\n"
    "CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain BEGIN "
    "SELECT RAISE(ABORT, 'audit seals cannot be deleted'); END;\n"
    SEAL_SQL("main.audit", "main.audit_chain", AUDIT_FIELDS)
    "CREATE TRIGGER audit_chain_seal AFTER INSERT ON audit BEGIN "
    "INSERT INTO audit_chain(id, hash) VALUES(NEW.id, pl_audit_hash("
    "(SELECT hash FROM audit_chain ORDER BY id DESC LIMIT 1), " AUDIT_FIELDS("NEW.") ")); END;\n"
    READS_CHAIN_SCHEMA
    SEAL_SQL("reads.audit_read", "reads.audit_read_chain", READ_FIELDS);

/* Verification walks (chain.c): each row with its seal, in id order. */
const char pl_sq_chain_walk_audit[] =
    "SELECT " AUDIT_FIELDS("a.") ", c.hash FROM main.audit a "
    "LEFT JOIN main.audit_chain c ON c.id = a.id ORDER BY a.id";
const char pl_sq_chain_walk_reads[] =
    "SELECT " READ_FIELDS("a.") ", c.hash FROM reads.audit_read a "
    "LEFT JOIN reads.audit_read_chain c ON c.id = a.id ORDER BY a.id";
/* clang-format on */

/*
 * Migration 23 changes nothing here: on PostgreSQL the server now seals its read-audit rows
 * itself (pg/schema_chain.c); SQLite's triggers already seal with the C function. The number
 * is kept so that both backends count the same versions.
 */
const char pl_sq_migration_read_seal[] = "";

/*
 * Migration 26 changes nothing here: on PostgreSQL the rows of a read-audit batch, sealed by
 * the server, skip the seal trigger (pg/schema_chain.c); SQLite's chain is written by the
 * store itself. The number is kept so that both backends count the same versions.
 */
const char pl_sq_migration_26[] = "";
