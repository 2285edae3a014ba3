/*
 * sqlshell.c - the part of the sqlite3 shell the integration tests use, linked with the SQLite
 * that Pilar itself is built with, so the suite can look inside an encrypted data base (a
 * PILAR_CIPHER=ON build run with PILAR_DB_KEY_FILE set: lib.sh puts this program first on PATH
 * as `sqlite3`).
 *
 *     pilar-sqlshell [-cmd SQL]... DB [SQL]
 *
 * With PILAR_SQLSHELL_SEAL=1 it also has pl_audit_hash(), the audit chain's sealing function
 * (tests that write sealed rows Pilar would not, through lib.sh seal_sql).
 *
 * DB may be a file: URI (file:t.db?mode=ro). SQL (several statements allowed) runs in list mode:
 * one line per row, columns separated by '|', NULL as an empty string, as the sqlite3 shell prints
 * them. Every -cmd runs first. With PILAR_DB_KEY_FILE set the data base, and every file it
 * attaches, is keyed with that file's key (pilar_core's key rules). Exit status 1 on any SQL error,
 * printed on stderr.
 */
#include "store/sqlite/internal.h"
#include "store/store.h"
#include "util/buf.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_row(void *unused, int n, char **vals, char **names)
{
    (void)unused;
    (void)names;
    for (int i = 0; i < n; i++)
        printf("%s%s", i ? "|" : "", vals[i] ? vals[i] : "");
    putchar('\n');
    return 0;
}

static int run(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, print_row, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "Error: %s\n", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return 1;
    }
    return 0;
}

/* Reads f to its end into a NUL-terminated string the caller frees (NULL when out of memory). */
static char *read_all(FILE *f)
{
    pl_buf b;
    pl_buf_init(&b, PL_BUF_DEFAULT_MAX);
    char chunk[65536];
    for (size_t got; (got = fread(chunk, 1, sizeof chunk, f)) > 0;)
        if (pl_buf_append(&b, chunk, got)) {
            pl_buf_free(&b);
            return NULL;
        }
    if (pl_buf_putc(&b, '\0')) {
        pl_buf_free(&b);
        return NULL;
    }
    return pl_buf_steal(&b);
}

int main(int argc, char **argv)
{
    const char *cmds[16];
    int ncmd = 0, i = 1;
    for (; i + 1 < argc && strcmp(argv[i], "-cmd") == 0 && ncmd < 16; i += 2)
        cmds[ncmd++] = argv[i + 1];
    if (i >= argc) {
        fprintf(
            stderr,
            "usage: pilar-sqlshell [-cmd SQL]... DB [SQL] (SQL on standard input when absent)\n");
        return 1;
    }
    const char *path = argv[i], *sql = i + 1 < argc ? argv[i + 1] : NULL;
    pl_error err;
    pl_error_clear(&err);
    const char *key_file = getenv("PILAR_DB_KEY_FILE");
    if (key_file && key_file[0] && pl_store_use_key_file(key_file, &err)) {
        fprintf(stderr, "Error: %s\n", err.message);
        return 1;
    }
    sqlite3 *db = NULL;
    int rc = 1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
                        NULL) != SQLITE_OK) {
        fprintf(stderr, "Error: %s\n", db ? sqlite3_errmsg(db) : "out of memory");
        goto done;
    }
    if (pl_sq_cipher_key(db, &err)) {
        fprintf(stderr, "Error: %s\n", err.message);
        goto done;
    }
    sqlite3_busy_timeout(db, 5000);
    /* PILAR_SQLSHELL_SEAL=1: the audit chain's sealing function too, for tests that play code
     * able to compute seals (lib.sh seal_sql); without it, like the real shell, none. */
    const char *seal = getenv("PILAR_SQLSHELL_SEAL");
    if (seal && strcmp(seal, "1") == 0 &&
        sqlite3_create_function(db, "pl_audit_hash", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                pl_sq_fn_audit_hash, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "Error: %s\n", sqlite3_errmsg(db));
        goto done;
    }
    rc = 0;
    for (int c = 0; c < ncmd && rc == 0; c++)
        rc = run(db, cmds[c]);
    if (rc == 0 && sql)
        rc = run(db, sql);
    else if (rc == 0) {
        /* No SQL argument: the statements come on standard input, as with the real shell. */
        char *in = read_all(stdin);
        rc = in ? run(db, in) : 1;
        free(in);
    }
done:
    sqlite3_close(db);
    return rc;
}
