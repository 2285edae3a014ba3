/*
 * store.h - the core of the interface to Pilar's data base: opening,
 * migrating and closing a store, transactions, who acts, and the types
 * every area shares. Each area of records has its own header beside this
 * one (store/person.h, store/region.h, ...); include the ones you use.
 * Every SQL statement lives behind these headers (src/store/sqlite/ today;
 * a PostgreSQL backend later), and none of them shows a backend's types or
 * SQL dialect: callers pass plain C values and get plain C records.
 *
 * Conventions of every area: functions return 0 or a negative PL_E* code
 * and fill the caller's pl_error (a message in Bahasa Indonesia).
 * Records are plain structs with fixed-size fields, so a record filled by
 * the store is owned by the caller and needs no freeing; strings a record
 * borrows say so and live for the callback only. Listings call a callback
 * per record; a non-zero return stops the listing and is returned. Every
 * change is audited: writes take a pl_actor naming who and from where.
 * Region filters named scope or region are dotted code prefixes, "" for
 * everything ("64.74" covers "64.74" and every "64.74.*", never
 * "64.741"); a scope is the caller's access, and a region asked for
 * outside it is refused with PL_EDENIED. Dates are "YYYY-MM-DD", times
 * "YYYY-MM-DDTHH:MM:SSZ" (UTC). A store refuses values its schema does not allow (unknown
 * references, duplicates, out-of-range codes) with PL_EINVAL or
 * PL_ECONFLICT; checks of user input beyond that belong to domain/ and
 * service/. A pl_store handle is used by one thread at a time; open one per
 * thread.
 */
#ifndef PL_STORE_STORE_H
#define PL_STORE_STORE_H

#include "domain/region_code.h"
#include "util/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pl_store pl_store;

enum {
    PL_STORE_READONLY = 1 << 0, /* open without writing (fails if absent) */
    PL_STORE_CREATE = 1 << 1,   /* create the data base when it does not exist */
    /*
     * Durability. By default a commit that returned is on disk (a power loss or an
     * operating-system crash loses no acknowledged write). With PL_STORE_SYNC_NORMAL commits
     * reach the disk at the next checkpoint instead: faster, and a power loss can lose the
     * writes of the last moments (SQLite: synchronous NORMAL in WAL mode, up to ~4 MB of
     * WAL); the data base stays consistent and a process crash loses nothing either way.
     * Applies to the read-audit file too.
     */
    PL_STORE_SYNC_NORMAL = 1 << 2,
};

/*
 * Caps the data base of this connection, and its read-audit file, at
 * max_pages pages of storage each (a file already larger keeps its size):
 * once reached, writes fail as on a full disk (PL_EIO). For tests only (the
 * server's --test-db-max-pages option).
 */
int pl_store_set_max_pages(pl_store *s, long max_pages, pl_error *err);

/* The schema version this build writes; pl_store_migrate brings older data bases here. */
#define PL_STORE_SCHEMA_VERSION 28

/*
 * Opens the data base at path. The schema is not touched: call
 * pl_store_migrate (pilar init) to create or upgrade it. A store whose schema
 * is older or newer than this build refuses every other call with PL_EIO and
 * a message naming the versions. *out is owned by the caller
 * (pl_store_close). Files are owner-only (pl_store_tightened_mode). Errors: PL_EIO.
 */
int pl_store_open(pl_store **out, const char *path, unsigned flags, pl_error *err);

/*
 * The data base's files are created owner-only (0600) whatever the umask,
 * and pl_store_open takes group and other permissions off existing ones.
 * Returns the mode the data base file had when this open tightened it
 * (e.g. 0644, for the operator's log), else 0.
 */
unsigned pl_store_tightened_mode(const pl_store *s);

/*
 * The read audit (store/audit.h: reads of personal records) is kept in a file of its own
 * beside the data base, named after it with this suffix ("pilar.db" -> "pilar.db-reads"),
 * with its own -wal and -shm, owner-only like the data base. When it is missing (a data
 * base copied without it), pl_store_open starts the read audit empty (a new file, or for a
 * read-only open an empty stand-in in memory) and pl_store_reads_recreated returns true:
 * the reads audited so far are not there. Back up and move both files together.
 */
#define PL_STORE_READS_SUFFIX "-reads"
bool pl_store_reads_recreated(const pl_store *s);

/*
 * Encryption at rest. In a build with PILAR_CIPHER=ON, every store this process opens after
 * this call encrypts the data base, its WAL and its read-audit file (SQLCipher v4 format) with
 * the key in the file at path: 64 hexadecimal digits (a random key, used as is) or a passphrase
 * of at least 20 characters (stretched with PBKDF2). The file must be a regular file that only
 * its owner may read. Process configuration: call once, before any store opens and before
 * threads start. Errors: PL_EINVAL (a build without encryption, a readable-by-others file, a
 * malformed key), PL_EIO.
 */
int pl_store_use_key_file(const char *path, pl_error *err);

/* Whether this build can encrypt (PILAR_CIPHER=ON). */
bool pl_store_cipher_built(void);

/* Closes the store (NULL ok), rolling back an open transaction. */
void pl_store_close(pl_store *s);

/*
 * Creates the schema in an empty data base or upgrades an older one in
 * place, one numbered migration per transaction. *from and *to receive the
 * versions before and after (either may be NULL). Errors: PL_EIO, or
 * PL_ECONFLICT when the data base is newer than this build.
 */
int pl_store_migrate(pl_store *s, int *from, int *to, pl_error *err);

/* Current schema version of the open data base (0 for an empty one). */
int pl_store_schema_version(pl_store *s, int *out, pl_error *err);

/* Explicit transactions for multi-step operations (nesting is refused). */
int pl_store_begin(pl_store *s, pl_error *err);
int pl_store_commit(pl_store *s, pl_error *err);
int pl_store_rollback(pl_store *s);

/*
 * Begins a transaction that holds other units of work: inside it,
 * pl_store_begin, pl_store_commit and pl_store_rollback nest as savepoints
 * (a nested rollback undoes only its own part; the caller then decides),
 * and the outermost pl_store_commit or pl_store_rollback ends it all. For a
 * step that must apply several service calls at once (ratifying a cycle of
 * the update cycle, service/dtsen.h). Errors: PL_EINTERNAL (a transaction
 * is open already), PL_EIO.
 */
int pl_store_begin_outer(pl_store *s, pl_error *err);

/*
 * Checks the data base's own consistency: the storage of the data base and
 * of its read-audit file, then that every reference points at a row. 0 when
 * sound, else PL_EIO naming the first problem.
 */
int pl_store_integrity_check(pl_store *s, pl_error *err);

/*
 * Where another handle opens the same data: the path to give pl_store_open
 * (which attaches the read-audit file beside it too), owned by s. NULL
 * when a second handle would not see what s sees (a data base without a
 * path, such as an in-memory one, or s inside a transaction).
 */
const char *pl_store_location(pl_store *s);

/* Who is acting, for the audit. Strings are borrowed for the call. */
typedef struct pl_actor {
    const char *user;   /* user name, "system" for set-up, "cli:<login>" for CLI */
    const char *client; /* client address, "cli" for the command line */
} pl_actor;

/* Verification states of people and households. */
#define PL_STATE_DRAFT "draft"
#define PL_STATE_VERIFIED "verified"
#define PL_STATE_REJECTED "rejected"

/* What an upsert did (store/bulk.h, store/membership.h). */
typedef enum pl_upsert_outcome {
    PL_UPSERT_INSERTED,
    PL_UPSERT_UPDATED,
    PL_UPSERT_UNCHANGED,
    PL_UPSERT_DEFERRED, /* insert phase only: the row exists; call again in the update phase */
} pl_upsert_outcome;

#endif
