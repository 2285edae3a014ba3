/*
 * copy.h - moving a whole data base between the backends (pilar db copy): the tables a copy
 * moves, each read as rows of values in one canonical text form, and written into a data base
 * of the same schema version with its triggers off, so that the audit, its seals, the history
 * and every id arrive as they were. The service (service/dbcopy.h) drives it.
 *
 * The canonical value text: NULL is a NULL pointer; an integer in decimal; a real with 17
 * significant digits ("%.17g", so that it reads back as the same double); text as it is; a blob
 * as "\x" followed by lower-case hex (PostgreSQL's bytea text form).
 */
#ifndef PL_STORE_COPY_H
#define PL_STORE_COPY_H

#include "store/store.h"

#include <stdbool.h>

#define PL_COPY_MAX_COLS 80

/*
 * One table as a copy moves it: its name ("person", or "reads.audit_read" for the read audit)
 * and its columns with their kind: 'i' integer, 'r' real, 't' text, 'b' blob, 'n' anything
 * (SQLite's NUMERIC affinity, moved as text).
 */
typedef struct pl_copy_table {
    char name[64];
    int ncols;
    char cols[PL_COPY_MAX_COLS][48];
    char kinds[PL_COPY_MAX_COLS];
} pl_copy_table;

/* Called once per table; non-zero stops the listing and is returned. */
typedef int (*pl_copy_table_cb)(void *ctx, const pl_copy_table *t);
/* Called once per row with t->ncols values (canonical text, NULL for SQL NULL). */
typedef int (*pl_copy_row_cb)(void *ctx, const char *const *vals);

/* A table being written (backend-specific, opened by pl_store_copy_open). */
typedef struct pl_copy_writer pl_copy_writer;

/*
 * Lists the tables of s a copy moves, in the order the schema creates them (parents before
 * the tables that refer to them): every table of the SQLite schema, the read audit's included,
 * without what each backend derives from them (SQLite's full-text and R*Tree indexes;
 * PostgreSQL's NIK/KK registries, chain heads, point tables and PostGIS shapes, which
 * pl_store_copy_finish rebuilds). Both backends list the same tables and columns for the same
 * schema version. Errors: PL_EIO.
 */
int pl_store_copy_tables(pl_store *s, pl_copy_table_cb cb, void *ctx, pl_error *err);

/* Passes every row of table t of s to cb, in the order of its first column. Errors: PL_EIO. */
int pl_store_copy_read(pl_store *s, const pl_copy_table *t, pl_copy_row_cb cb, void *ctx,
                       pl_error *err);

/*
 * Starts a copy into s: one transaction, with triggers (and the checks a bulk load may skip)
 * off for its duration. On PostgreSQL this needs a role allowed to set
 * session_replication_role (a superuser): PL_EDENIED with that said otherwise.
 */
int pl_store_copy_begin(pl_store *s, pl_error *err);

/* Empties table t in s and opens *out to write its rows; closed by pl_store_copy_close. */
int pl_store_copy_open(pl_store *s, const pl_copy_table *t, pl_copy_writer **out, pl_error *err);

/* Writes one row (t->ncols canonical values) through w. Errors: PL_EINVAL, PL_EIO. */
int pl_store_copy_put(pl_store *s, pl_copy_writer *w, const char *const *vals, pl_error *err);

/* Ends the table w writes (flushing what is buffered) and frees w, also after a failure. */
int pl_store_copy_close(pl_store *s, pl_copy_writer *w, pl_error *err);

/*
 * Rebuilds what the backend derives from the copied tables (see pl_store_copy_tables), puts
 * its id sequences above the highest ids, turns the triggers back on and commits when commit
 * is true; rolls everything back otherwise (and after any failure).
 */
int pl_store_copy_finish(pl_store *s, bool commit, pl_error *err);

#endif
