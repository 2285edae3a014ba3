/*
 * schema_auth.c - migration 3 of the SQLite schema: accounts, sessions and API tokens (HTTP issue).
 * Never edit a released migration: add a new one.
 *
 * app_user, api_token and session came with migration 2; this one adds the
 * login-failure log behind the rate limit and lookup indexes.
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

const char pl_sq_migration_3[] =
    "CREATE TABLE login_failure(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  key TEXT NOT NULL,\n"
    "  at INTEGER NOT NULL\n" /* unix seconds */
    ");\n"
    "CREATE INDEX login_failure_key ON login_failure(key, at);\n"
    "CREATE INDEX api_token_user ON api_token(user_id);\n"
    "CREATE INDEX session_user ON session(user_id);\n";
/* clang-format on */

/*
 * Migration 25 changes nothing here: on PostgreSQL it adds the statement triggers that notify
 * the listeners of store/shared.h (pg/schema_notify.c); SQLite's connections of a process
 * share no cache. The number is kept so that both backends count the same versions.
 */
const char pl_sq_migration_25[] = "";
