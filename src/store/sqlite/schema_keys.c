/*
 * schema_keys.c - migration 28 of the SQLite schema: nothing. On PostgreSQL it adds the triggers
 * by which a cluster's shard keeps the coordinator's national registry of NIKs and KKs
 * (pg/schema_keys.c, docs/scale.md); a SQLite data base is never part of a cluster. The number
 * is kept so that both backends count the same versions.
 */
#include "store/sqlite/internal.h"

const char pl_sq_migration_28[] = "";
