/*
 * schema_transfer.c - migration 10 of the SQLite schema (privacy issue):
 * transfer requests, and what integrity findings refer to. Never edit a
 * released migration: add a new one.
 *
 * - transfer_request: a registration (API, CLI, import row) whose NIK or KK
 *   belongs to a record outside the submitter's scope. The submitted row is
 *   kept as JSON of the canonical columns until the office owning the stored
 *   record (owner_village inside its scope) resolves it: 'pindah' (moved:
 *   handed over to target_village) or 'berbeda' (a different person: a NIK
 *   conflict for the civil registry). Rows are never deleted.
 * - integrity_finding.other_person / other_households: the records a
 *   duplicate or shared-account finding names besides its own subject, so
 *   that a finding naming a record outside the reader's scope is not shown.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

const char pl_sq_migration_10[] =
    "CREATE TABLE transfer_request(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  status TEXT NOT NULL DEFAULT 'menunggu' CHECK(status IN ('menunggu','pindah','berbeda')),\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('nik','kk')),\n"
    "  nik TEXT NOT NULL DEFAULT '',\n"
    "  kk TEXT NOT NULL,\n"
    "  name TEXT NOT NULL DEFAULT '',\n"
    "  target_village TEXT NOT NULL,\n"
    "  owner_village TEXT NOT NULL,\n"
    "  person_id INTEGER,\n"
    "  household_id INTEGER,\n"
    "  submitter TEXT NOT NULL,\n"
    "  submitter_scope TEXT NOT NULL,\n"
    "  source TEXT NOT NULL,\n"
    "  record TEXT NOT NULL CHECK(json_valid(record)),\n"
    "  created_at TEXT NOT NULL,\n"
    "  resolved_at TEXT,\n"
    "  resolved_by TEXT,\n"
    "  reason TEXT,\n"
    "  CHECK((status = 'menunggu') = (resolved_at IS NULL))\n"
    ");\n"
    "CREATE INDEX transfer_owner ON transfer_request(owner_village, id);\n"
    "CREATE INDEX transfer_submitter ON transfer_request(submitter, id);\n"
    "CREATE TRIGGER transfer_no_delete BEFORE DELETE ON transfer_request BEGIN "
    "SELECT RAISE(ABORT, 'transfer requests are kept'); END;\n"
    "ALTER TABLE integrity_finding ADD COLUMN other_person INTEGER;\n"
    "ALTER TABLE integrity_finding ADD COLUMN other_households TEXT;\n";
/* clang-format on */
