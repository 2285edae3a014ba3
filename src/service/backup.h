/*
 * backup.h - backups taken while the server serves and writes, verified
 * after writing, optionally encrypted and rotated; and restoring one.
 *
 * A backup is one file holding both halves of the data (the data base and
 * its read-audit file, copied from one moment by pl_store_backup) and a
 * manifest saying what they hold:
 *
 *     "PILARBK1" | manifest length (u32, little endian) | manifest (JSON)
 *     | data base bytes | read-audit bytes
 *
 * The manifest: {"format": 1, "created_at", "source", "schema_version",
 * "counts": {"people", "households", "memberships", "users", "audit",
 * "audit_read"}, "audit_head": {"id", "at", "hash"}, "files": [{"name":
 * "db"|"reads", "size", "blake2b"}]}, and "backend": "postgresql" when the
 * data base half is a PostgreSQL dump (pg_dump's custom format of the whole
 * data base, the read audit included; the read-audit half is then empty).
 * Such a backup restores only into an empty PostgreSQL data base (through
 * pg_restore; the result is checked against the manifest). An encrypted backup is "PILARBE1",
 * a libsodium crypto_secretstream (XChaCha20-Poly1305) header, then that
 * same stream in chunks of at most 64 KiB (u32 length + ciphertext), the
 * last tagged final: a cut, reordered or changed chunk fails to decrypt.
 * The key is 32 bytes, raw or as 64 hex digits, in a file only its owner
 * can read (mode 0600).
 */
#ifndef PL_SERVICE_BACKUP_H
#define PL_SERVICE_BACKUP_H

#include "store/backup.h"
#include "store/store.h"

#include <stdbool.h>
#include <time.h>

#define PL_BACKUP_SUFFIX ".pilarbak"

/* What a backup holds (its manifest). */
typedef struct pl_backup_manifest {
    int format;
    char created_at[24];
    char source[1024];
    pl_store_stats stats;
    int64_t db_size, reads_size;
    char db_hash[PL_AUDIT_HASH_HEX], reads_hash[PL_AUDIT_HASH_HEX];
    bool encrypted;
    bool pg; /* "backend": "postgresql": the db half is a pg_dump (custom format), reads empty */
} pl_backup_manifest;

typedef struct pl_backup_options {
    const char *out;      /* a file, or an existing folder (the file is named by the time,
                             pilar-YYYYMMDDTHHMMSSZ[-N].pilarbak) */
    const char *key_file; /* NULL: not encrypted */
    int keep;             /* > 0: keep the newest keep backups in out's folder, delete the rest */
} pl_backup_options;

typedef struct pl_backup_result {
    char path[4096]; /* the backup written */
    int64_t bytes;
    pl_backup_manifest m;
    int removed; /* older backups rotation deleted */
} pl_backup_result;

/*
 * Backs up the store s (opened from source, the path named in the
 * manifest) into o->out while others go on writing: copies both files
 * (pl_store_backup), writes the backup to a temporary file, syncs and
 * renames it into place, then verifies it as pl_backup_verify does, and
 * rotates when o->keep > 0. now is the backup's time. Errors: PL_EINVAL
 * (a key file that is not owner-only or not a key; keep < 0), PL_EIO.
 * Nothing is left behind on failure but the previous backups.
 */
int pl_backup_create(pl_store *s, const char *source, const pl_backup_options *o, time_t now,
                     pl_backup_result *out, pl_error *err);

/*
 * Reads the backup at file (decrypting with key_file when it is encrypted;
 * an encrypted one without key_file is PL_EINVAL) and checks it whole: the
 * stream ends where it should, each half has the manifest's size and
 * BLAKE2b hash, the copy opens and passes pl_store_integrity_check and
 * pl_store_audit_verify, and its schema version and counts equal the
 * manifest's. The halves are written to extract and extract +
 * PL_STORE_READS_SUFFIX (removed again when keep_extract is false). *out
 * receives the manifest. Errors: PL_EINVAL (not a backup, wrong key),
 * PL_EIO (damaged, or differs from its manifest).
 */
int pl_backup_verify(const char *file, const char *key_file, const char *extract, bool keep_extract,
                     pl_backup_manifest *out, pl_error *err);

typedef struct pl_backup_restored {
    pl_backup_manifest m;
    bool replaced;     /* a data base was at the path (now at path + ".before-restore") */
    char before[4096]; /* where the replaced data base went */
} pl_backup_restored;

/*
 * Restores the backup file into db_path (and db_path's read-audit file):
 * verifies it first (pl_backup_verify, extracting beside db_path); with
 * dry_run stops there, touching nothing. Otherwise refuses when a process
 * has the data base at db_path open (pl_store_in_use: stop the server
 * first), moves the current data base and read-audit file aside to
 * db_path + ".before-restore" (and its "-reads"; an older one there is
 * replaced), and renames the verified copies into place. A backup of a
 * PostgreSQL data base restores only into an empty PostgreSQL data base
 * (db_path a postgresql:// URL): verified in a private temporary folder,
 * restored with pg_restore (pl_store_dump_restore), then checked against
 * the manifest like a copy (integrity, audit chain, counts). Errors:
 * PL_EINVAL (a backup of the other backend), PL_ECONFLICT (in use; a
 * PostgreSQL data base that is not empty), PL_EIO.
 */
int pl_backup_restore(const char *file, const char *key_file, const char *db_path, bool dry_run,
                      pl_backup_restored *out, pl_error *err);

#endif
