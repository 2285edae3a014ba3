/*
 * schema_audit.c - migration 11 of the SQLite schema (issue 13): the read
 * audit gets its own table, so that reads can neither crowd changes out of
 * a record's history nor be mistaken for them, and so that reads alone can
 * be purged after their retention time (changes are kept for ever). Never
 * edit a released migration: add a new one.
 *
 * - audit_read: one row per read of a personal record (time of the read,
 *   user, client address, record). No UPDATE ever; a DELETE only of rows
 *   older than 30 days (the retention purge, pl_store_audit_read_purge),
 *   so no purge setting can erase what was read recently.
 * - The existing "read" rows of audit move there, oldest first (the
 *   append-only guard of audit is lifted for that one DELETE and put back).
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

const char pl_sq_migration_12[] =
    "CREATE TABLE audit_read(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  at TEXT NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  client TEXT NOT NULL DEFAULT '',\n"
    "  entity TEXT NOT NULL,\n"
    "  entity_id INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX audit_read_entity ON audit_read(entity, entity_id, id);\n"
    "CREATE INDEX audit_read_at ON audit_read(at);\n"
    "CREATE TRIGGER audit_read_no_update BEFORE UPDATE ON audit_read BEGIN "
    "SELECT RAISE(ABORT, 'read audit rows cannot be changed'); END;\n"
    "CREATE TRIGGER audit_read_keep BEFORE DELETE ON audit_read "
    "WHEN OLD.at >= strftime('%Y-%m-%dT%H:%M:%SZ','now','-30 days') BEGIN "
    "SELECT RAISE(ABORT, 'read audit rows are kept at least 30 days'); END;\n"
    "INSERT INTO audit_read(at, actor, client, entity, entity_id) "
    "SELECT at, actor, client, entity, coalesce(entity_id, 0) FROM audit "
    "WHERE action = 'read' ORDER BY id;\n"
    "DROP TRIGGER audit_no_delete;\n"
    "DELETE FROM audit WHERE action = 'read';\n"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN "
    "SELECT RAISE(ABORT, 'audit rows are append-only'); END;\n";
/* clang-format on */
