/*
 * schema_auth.c - migration 3 of the SQLite schema: accounts, sessions and API tokens (HTTP issue).
 * Never edit a released migration: add a new one.
 */
#include "store/sqlite/internal.h"

const char pl_sq_migration_3[] = "SELECT 1;";
