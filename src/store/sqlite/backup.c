/* backup.c - online copies (SQLite's backup API), counts, and the open-by-another lock. */
#include "store/backup.h"
#include "store/sqlite/internal.h"
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int pl_sq_stats_get(pl_sq_store *s, pl_store_stats *out, pl_error *err)
{
    static const struct {
        const char *sql;
        size_t off;
    } counts[] = {
        {"SELECT count(*) FROM person", offsetof(pl_store_stats, people)},
        {"SELECT count(*) FROM household", offsetof(pl_store_stats, households)},
        {"SELECT count(*) FROM membership", offsetof(pl_store_stats, memberships)},
        {"SELECT count(*) FROM app_user", offsetof(pl_store_stats, users)},
        {"SELECT count(*) FROM audit", offsetof(pl_store_stats, audit_rows)},
        {"SELECT count(*) FROM " PL_SQ_READS ".audit_read", offsetof(pl_store_stats, read_rows)},
    };
    memset(out, 0, sizeof *out);
    int rc = pl_sq_schema_version(s, &out->schema_version, err);
    if (rc == 0)
        rc = pl_sq_require_schema(s, err);
    for (size_t i = 0; rc == 0 && i < sizeof counts / sizeof counts[0]; i++)
        rc = pl_sq_one_int64(s, counts[i].sql, NULL, 0,
                             (int64_t *)(void *)((char *)out + counts[i].off), "stats", err);
    if (rc == 0)
        rc = pl_sq_audit_head(s, &out->head, err);
    return rc;
}

/* Copies schema `from` of s into a new file at path, in steps, then makes it a rollback-journal
 * file (self-contained: no -wal beside it). */
static int copy_schema(pl_sq_store *s, const char *from, const char *path, int step, pl_error *err)
{
    sqlite3 *dst = NULL;
    sqlite3_backup *b = NULL;
    int rc = 0;
    bool created;
    unlink(path);
    if ((rc = pl_fs_prepare(path, &created, err)))
        return rc;
    if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        rc = pl_error_set(err, PL_EIO, "out", "salinan '%s' tidak dapat dibuat: %s", path,
                          dst ? sqlite3_errmsg(dst) : "?");
        goto out;
    }
    /* An encrypted data base gives an encrypted copy, under the same key. */
    if ((rc = pl_sq_cipher_key(dst, err)))
        goto out;
    b = sqlite3_backup_init(dst, "main", s->db, from);
    if (b == NULL) {
        rc = pl_error_set(err, PL_EIO, "out", "salinan '%s' gagal dimulai: %s", path,
                          sqlite3_errmsg(dst));
        goto out;
    }
    int r;
    while ((r = sqlite3_backup_step(b, step)) == SQLITE_OK || r == SQLITE_BUSY ||
           r == SQLITE_LOCKED) {
        if (r != SQLITE_OK)
            sqlite3_sleep(5);
    }
    r = sqlite3_backup_finish(b);
    b = NULL;
    if (r != SQLITE_OK) {
        rc = pl_error_set(err, PL_EIO, "out", "salinan '%s' gagal: %s", path, sqlite3_errmsg(dst));
        goto out;
    }
    char *msg = NULL;
    if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, &msg) != SQLITE_OK) {
        rc = pl_error_set(err, PL_EIO, "out", "salinan '%s': %s", path, msg ? msg : "?");
        sqlite3_free(msg);
    }
out:
    if (b)
        sqlite3_backup_finish(b);
    if (dst && sqlite3_close(dst) != SQLITE_OK && rc == 0)
        rc = pl_error_set(err, PL_EIO, "out", "salinan '%s' tidak dapat ditutup", path);
    return rc;
}

int pl_sq_backup(pl_sq_store *s, const char *db_out, const char *reads_out, int step_pages,
                 pl_store_stats *stats, pl_error *err)
{
    if (s->in_tx)
        return pl_error_set(err, PL_EINTERNAL, "", "backup inside a transaction");
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    /*
     * One read transaction over both files: every step copies from the same snapshot (a step
     * of its own would restart the copy whenever a writer commits, and under steady writes
     * never finish). In WAL mode a reader holds up no writer.
     */
    if ((rc = pl_sq_exec(s, "BEGIN", err)))
        return rc;
    s->in_tx = 1;
    rc = pl_sq_exec(s,
                    "SELECT count(*) FROM main.sqlite_master; "
                    "SELECT count(*) FROM " PL_SQ_READS ".sqlite_master",
                    err);
    int step = step_pages > 0 ? step_pages : 1024;
    /* Counted in the snapshot the copy is made from. */
    if (rc == 0 && stats)
        rc = pl_sq_stats_get(s, stats, err);
    if (rc == 0)
        rc = copy_schema(s, "main", db_out, step, err);
    if (rc == 0)
        rc = copy_schema(s, PL_SQ_READS, reads_out, step, err);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
    return rc;
}

/*
 * The dead-man-switch byte of a WAL index (-shm), offset 128 (SQLite's WAL format, "the DMS
 * lock"): every connection that has the file open holds a shared lock on it.
 */
#define SHM_DMS_OFFSET 128

static int shm_locked(const char *db, bool *locked, pl_error *err)
{
    char shm[4096];
    *locked = false;
    if (snprintf(shm, sizeof shm, "%s-shm", db) >= (int)sizeof shm)
        return pl_error_set(err, PL_EIO, "db", "nama berkas terlalu panjang");
    int fd = open(shm, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0
                               : pl_error_set(err, PL_EIO, "db", "%s: %s", shm, strerror(errno));
    struct flock fl = {
        .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = SHM_DMS_OFFSET, .l_len = 1};
    int rc = 0;
    if (fcntl(fd, F_GETLK, &fl) != 0)
        rc = pl_error_set(err, PL_EIO, "db", "%s: %s", shm, strerror(errno));
    else
        *locked = fl.l_type != F_UNLCK;
    close(fd);
    return rc;
}

int pl_sq_in_use(const char *path, bool *in_use, pl_error *err)
{
    char reads[4096];
    *in_use = false;
    if (snprintf(reads, sizeof reads, "%s%s", path, PL_STORE_READS_SUFFIX) >= (int)sizeof reads)
        return pl_error_set(err, PL_EIO, "db", "nama berkas terlalu panjang");
    bool a = false, b = false;
    int rc = shm_locked(path, &a, err);
    if (rc == 0)
        rc = shm_locked(reads, &b, err);
    *in_use = a || b;
    return rc;
}

int pl_sq_checkpoint(pl_sq_store *s, pl_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "PRAGMA main.wal_checkpoint(TRUNCATE)", -1, &st, NULL) !=
        SQLITE_OK)
        return pl_sq_fail(s, PL_EIO, err, "checkpoint");
    int busy = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
    sqlite3_finalize(st);
    if (busy == 0 && sqlite3_prepare_v2(s->db, "PRAGMA " PL_SQ_READS ".wal_checkpoint(TRUNCATE)",
                                        -1, &st, NULL) == SQLITE_OK) {
        busy = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
        sqlite3_finalize(st);
    }
    return busy ? pl_error_set(err, PL_EIO, "db",
                               "log tulis basis data tidak dapat dikosongkan (sedang dipakai?)")
                : 0;
}
