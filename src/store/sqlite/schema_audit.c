/*
 * schema_audit.c - migration 12 of the SQLite schema (issue 13): the read
 * audit gets a table of its own, so that reads can neither crowd changes
 * out of a record's history nor be mistaken for them, and so that reads
 * alone can be purged after their retention time (changes are kept for
 * ever). The table lives in the read-audit file (schema "reads", attached
 * by pl_sq_open), so that the HTTP server's many small audit commits do
 * not touch the data base file: every other connection keeps its page cache
 * and its PRAGMA data_version. Never edit a released migration: add a new
 * one.
 *
 * - reads.audit_read: one row per read of a personal record (time of the
 *   read, user, client address, record). No UPDATE ever; a DELETE only of
 *   rows older than 30 days (the retention purge,
 *   pl_sq_audit_read_purge), so no purge setting can erase what was read
 *   recently. pl_sq_reads_schema creates it; pl_sq_open runs that too
 *   when a data base of this version comes without its read-audit file.
 * - The existing "read" rows of audit move there, oldest first (the
 *   append-only guard of audit is lifted for that one DELETE and put back).
 *   A transaction over two WAL files is atomic per file only: when a crash
 *   left the rows copied but not deleted, the rerun copies nothing (the
 *   copy runs only into an empty table) and deletes them.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

/*
 * No secondary index on audit_read: every read of a personal record adds a
 * row before its reply leaves, and an index on (entity, entity_id) put one
 * random page into the WAL per read (measured: lookups fell from 0.53x to
 * 0.36x nginx; an index on at alone cost 0.53x -> 0.47x). The hourly
 * purge and listing one record's reads scan instead (maintenance and
 * investigations, not the hot path).
 */
#define READS_SCHEMA \
    "CREATE TABLE IF NOT EXISTS reads.audit_read(\n" \
    "  id INTEGER PRIMARY KEY,\n" \
    "  at TEXT NOT NULL,\n" \
    "  actor TEXT NOT NULL,\n" \
    "  client TEXT NOT NULL DEFAULT '',\n" \
    "  entity TEXT NOT NULL,\n" \
    "  entity_id INTEGER NOT NULL\n" \
    ");\n" \
    "CREATE TRIGGER IF NOT EXISTS reads.audit_read_no_update BEFORE UPDATE ON audit_read BEGIN " \
    "SELECT RAISE(ABORT, 'read audit rows cannot be changed'); END;\n" \
    "CREATE TRIGGER IF NOT EXISTS reads.audit_read_keep BEFORE DELETE ON audit_read " \
    "WHEN OLD.at >= strftime('%Y-%m-%dT%H:%M:%SZ','now','-30 days') BEGIN " \
    "SELECT RAISE(ABORT, 'read audit rows are kept at least 30 days'); END;\n"

_Static_assert(PL_SQ_READS_SINCE == 12, "the read-audit file's table comes with migration 12");

const char pl_sq_reads_schema[] = READS_SCHEMA;

const char pl_sq_migration_12[] =
    READS_SCHEMA
    "INSERT INTO reads.audit_read(at, actor, client, entity, entity_id) "
    "SELECT at, actor, client, entity, coalesce(entity_id, 0) FROM main.audit "
    "WHERE action = 'read' AND NOT EXISTS (SELECT 1 FROM reads.audit_read) ORDER BY id;\n"
    "DROP TRIGGER main.audit_no_delete;\n"
    "DELETE FROM main.audit WHERE action = 'read';\n"
    "CREATE TRIGGER main.audit_no_delete BEFORE DELETE ON audit BEGIN "
    "SELECT RAISE(ABORT, 'audit rows are append-only'); END;\n";
/* clang-format on */
