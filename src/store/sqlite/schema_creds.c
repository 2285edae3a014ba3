/*
 * schema_creds.c - migration 14 of the SQLite schema (issue 17, item 6):
 * credentials that end, expire and take a second factor. Never edit a
 * released migration: add a new one.
 *
 * - session.last_seen: unix seconds of the last request of the session
 *   (the idle timeout); sessions alive at the upgrade count as seen now.
 * - api_token.expires_at: live tokens of older versions expire 90 days
 *   after the upgrade.
 * - user_totp: the TOTP secret (base32) of an account and the last time
 *   step accepted (a code is never accepted twice).
 * - recovery_code: one-time codes of an account with TOTP, kept as digests.
 * - login_challenge: the short-lived second step of a login (a TOTP code,
 *   or the enrolment of an administrator without TOTP), by digest.
 * - login_known: addresses an account signed in from; the account-wide
 *   soft limit does not slow them down.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

const char pl_sq_migration_14[] =
    "ALTER TABLE session ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;\n"
    "UPDATE session SET last_seen = CAST(strftime('%s','now') AS INTEGER);\n"
    "ALTER TABLE api_token ADD COLUMN expires_at TEXT;\n"
    "UPDATE api_token SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ','now','+90 days')\n"
    "  WHERE revoked_at IS NULL;\n"
    "CREATE TABLE user_totp(\n"
    "  user_id INTEGER PRIMARY KEY REFERENCES app_user(id),\n"
    "  secret TEXT NOT NULL,\n"
    "  last_step INTEGER NOT NULL DEFAULT 0,\n"
    "  created_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE recovery_code(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  code_hash TEXT NOT NULL,\n"
    "  used_at TEXT\n"
    ");\n"
    "CREATE INDEX recovery_code_user ON recovery_code(user_id, code_hash);\n"
    "CREATE TABLE login_challenge(\n"
    "  id_hash TEXT PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('totp','enrol')),\n"
    "  secret TEXT NOT NULL DEFAULT '',\n" /* the secret being enrolled */
    "  attempts INTEGER NOT NULL DEFAULT 0,\n"
    "  expires_at INTEGER NOT NULL\n" /* unix seconds */
    ") WITHOUT ROWID;\n"
    "CREATE TABLE login_known(\n"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  addr TEXT NOT NULL,\n"
    "  at INTEGER NOT NULL,\n" /* unix seconds of the last sign-in */
    "  PRIMARY KEY(user_id, addr)\n"
    ") WITHOUT ROWID;\n";
/* clang-format on */
