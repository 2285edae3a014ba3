/*
 * backup.h - copies of the store's data taken while it is in use, what a
 * copy holds, and whether another process has a data base open. The service
 * (service/backup.h) packs, encrypts, verifies, rotates and restores the
 * copies; a backend only makes them. The SQLite backend copies its two
 * files (the data base and its read-audit file) with SQLite's online backup
 * API; the PostgreSQL backend writes pg_dump's custom format of the whole
 * data base (the read audit included) into the first file and leaves the
 * second empty, and restores such a dump with pg_restore into an empty data
 * base (pl_store_dump_restore).
 */
#ifndef PL_STORE_BACKUP_H
#define PL_STORE_BACKUP_H

#include "store/audit.h"
#include "store/store.h"

/* What a store holds, for a backup's manifest and for comparing a copy with it. */
typedef struct pl_store_stats {
    int schema_version;
    int64_t people, households, memberships, users;
    int64_t audit_rows, read_rows; /* write audit, read audit */
    pl_audit_head head;            /* the write audit's newest row and its seal */
} pl_store_stats;

/* Fills *out from s (counts of the tables named above). Errors: PL_EIO. */
int pl_store_stats_get(pl_store *s, pl_store_stats *out, pl_error *err);

/*
 * Writes a copy of the data base to db_out and of its read audit to
 * reads_out (files created owner-only, replaced when they exist), both as
 * of one moment shortly after the call starts: every commit that returned
 * before the call is in the copy. Writers go on meanwhile; the copy is made
 * in steps of step_pages pages (<= 0: 1024) from one snapshot, so they are
 * not held up (the data base's WAL grows until the copy ends). *stats (may
 * be NULL) receives what the copy holds, counted in that snapshot. A SQLite
 * copy opens with pl_store_open like the original (db_out +
 * PL_STORE_READS_SUFFIX should be reads_out); a PostgreSQL copy is a
 * pg_dump custom-format file in db_out, checked by pg_restore --list after
 * writing, with reads_out empty (the read audit is in the dump). s must not
 * be in a transaction. Errors: PL_EIO.
 */
int pl_store_backup(pl_store *s, const char *db_out, const char *reads_out, int step_pages,
                    pl_store_stats *stats, pl_error *err);

/*
 * Sets *in_use when another process has the data base at path, or its
 * read-audit file, open (a server, an import): the lock every SQLite
 * connection holds while open. A missing data base is not in use. Errors:
 * PL_EIO.
 */
int pl_store_in_use(const char *path, bool *in_use, pl_error *err);

/*
 * Moves everything the data base's write-ahead logs hold into its files and
 * empties the logs, so that the files alone are the data base (before they
 * are moved or copied as files). Errors: PL_EIO (e.g. another connection is
 * reading).
 */
int pl_store_checkpoint(pl_store *s, pl_error *err);

/*
 * Whether location names a PostgreSQL data base (a postgresql:// URL or a libpq key=value
 * string) rather than a SQLite file (also declared in store/backend.h).
 */
bool pl_store_location_is_pg(const char *location);

/*
 * Checks that dump is a whole PostgreSQL dump Pilar's backup wrote (pg_restore --list reads
 * it). Errors: PL_EIO naming what pg_restore said.
 */
int pl_store_dump_check(const char *dump, pl_error *err);

/*
 * Restores the PostgreSQL dump at dump into the data base at location (a PostgreSQL
 * connection string), which must be empty (no table but an extension's): the dump's
 * extensions are created when missing, functions of the same name the empty data base
 * already has are kept, and the rest is restored by pg_restore in one transaction (nothing
 * is left half restored). Errors: PL_EINVAL (location is not PostgreSQL), PL_ECONFLICT (the
 * data base is not empty), PL_EUNAVAIL, PL_EIO.
 */
int pl_store_dump_restore(const char *location, const char *dump, pl_error *err);

#endif
