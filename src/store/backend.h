/*
 * backend.h - internal to src/store/: the functions of the store interface that take no
 * store handle, under each backend's prefix, and how a location names its backend.
 * src/store/backend.c defines the public pl_store_open and pl_store_in_use over them;
 * everything with a handle goes through the generated ops table (store/ops.h).
 */
#ifndef PL_STORE_BACKEND_H
#define PL_STORE_BACKEND_H

#include "store/ops.h"
#include "store/shared.h"

#include <stdbool.h>

struct pl_sq_store;
struct pl_pg_store;

/* pl_store_open for a SQLite file (src/store/sqlite/db.c). */
int pl_sq_open(struct pl_sq_store **out, const char *path, unsigned flags, pl_error *err);

/* pl_store_in_use for a SQLite file (src/store/sqlite/backup.c). */
int pl_sq_in_use(const char *path, bool *in_use, pl_error *err);

/* pl_store_open for a PostgreSQL connection string (src/store/pg/db.c). */
int pl_pg_open(struct pl_pg_store **out, const char *conninfo, unsigned flags, pl_error *err);

/*
 * pl_store_dump_check and pl_store_dump_restore for PostgreSQL dumps (src/store/pg/backup.c).
 */
int pl_pg_dump_check(const char *dump, pl_error *err);
int pl_pg_dump_restore(const char *location, const char *dump, pl_error *err);

/* pl_store_shared_open, _touch and _free on PostgreSQL (src/store/pg/shared.c). */
int pl_pg_shared_open(pl_store_shared **out, const char *conninfo, pl_error *err);
void pl_pg_shared_touch(pl_store_shared *sh);
void pl_pg_shared_free(pl_store_shared *sh);

/*
 * Whether location names a PostgreSQL data base: a URL starting "postgresql://" or
 * "postgres://", or a libpq key=value string ("host=... dbname=..."; a word followed by '='
 * at the start). Anything else is a SQLite file.
 */
bool pl_store_location_is_pg(const char *location);

#endif
