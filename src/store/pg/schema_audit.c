/*
 * schema_audit.c - migration 12 of the PostgreSQL schema (SQLite:
 * src/store/sqlite/schema_audit.c): the read audit gets a table of its own,
 * so that reads can neither crowd changes out of a record's history nor be
 * mistaken for them, and so that reads alone can be purged after their
 * retention time. SQLite keeps it in an attached file (schema "reads") so
 * that the server's many small audit commits do not touch the data base
 * file; PostgreSQL has no such cost and keeps it in the schema "reads" of the
 * same data base, under the same qualified name reads.audit_read.
 *
 * No UPDATE ever; a DELETE only of rows older than 30 days (the retention
 * purge). The existing "read" rows of audit move there, oldest first (the
 * append-only guard of audit is lifted for that one DELETE and put back, in
 * the same transaction). Never edit a released migration: add a new one.
 */
/* Migration SQL is laid out by hand. */
/* clang-format off */

const char pl_pg_migration_12[] =
    "CREATE SCHEMA reads;\n"
    "CREATE SEQUENCE reads.audit_read_id_seq;\n"
    "CREATE TABLE reads.audit_read(\n"
    "  id bigint PRIMARY KEY DEFAULT nextval('reads.audit_read_id_seq'),\n"
    "  at text NOT NULL,\n"
    "  actor text NOT NULL,\n"
    "  client text NOT NULL DEFAULT '',\n"
    "  entity text NOT NULL,\n"
    "  entity_id bigint NOT NULL\n"
    ");\n"
    "ALTER SEQUENCE reads.audit_read_id_seq OWNED BY reads.audit_read.id;\n"
    "CREATE TRIGGER audit_read_no_update BEFORE UPDATE ON reads.audit_read FOR EACH ROW "
    "EXECUTE FUNCTION pl_refuse('read audit rows cannot be changed');\n"
    "CREATE TRIGGER audit_read_keep BEFORE DELETE ON reads.audit_read FOR EACH ROW "
    "WHEN (OLD.at >= to_char((statement_timestamp() - interval '30 days') AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) "
    "EXECUTE FUNCTION pl_refuse('read audit rows are kept at least 30 days');\n"
    "CREATE TRIGGER audit_read_no_truncate BEFORE TRUNCATE ON reads.audit_read "
    "FOR EACH STATEMENT EXECUTE FUNCTION pl_refuse('read audit rows are kept at least 30 days');\n"
    "INSERT INTO reads.audit_read(at, actor, client, entity, entity_id) "
    "SELECT at, actor, client, entity, coalesce(entity_id, 0) FROM audit "
    "WHERE action = 'read' ORDER BY id;\n"
    "ALTER TABLE audit DISABLE TRIGGER audit_no_delete;\n"
    "DELETE FROM audit WHERE action = 'read';\n"
    "ALTER TABLE audit ENABLE TRIGGER audit_no_delete;\n";
/* clang-format on */
