/*
 * backup.c - what a PostgreSQL data base holds, its backup through pg_dump and its restore
 * through pg_restore (SQLite: src/store/sqlite/backup.c). The dump is pg_dump's custom format
 * of the whole data base (the read audit, schema reads, included), taken in a snapshot the
 * store exports, in which it also counts what the dump holds; it is checked after writing by
 * pg_restore --list. The tools are run without a shell, their messages kept for ours.
 */
#include "store/backup.h"
#include "store/pg/internal.h"
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int pl_pg_stats_get(pl_pg_store *s, pl_store_stats *out, pl_error *err)
{
    static const char sql[] = "SELECT (SELECT count(*) FROM person), "
                              "(SELECT count(*) FROM household), "
                              "(SELECT count(*) FROM membership), "
                              "(SELECT count(*) FROM app_user), "
                              "(SELECT count(*) FROM audit), "
                              "(SELECT count(*) FROM reads.audit_read)";
    memset(out, 0, sizeof *out);
    int rc = pl_pg_schema_version(s, &out->schema_version, err);
    if (rc == 0)
        rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    PGresult *r = pl_pg_query(s, sql, 0, NULL, err, "stats");
    if (r == NULL)
        return err->code;
    out->people = pl_pg_int(r, 0, 0);
    out->households = pl_pg_int(r, 0, 1);
    out->memberships = pl_pg_int(r, 0, 2);
    out->users = pl_pg_int(r, 0, 3);
    out->audit_rows = pl_pg_int(r, 0, 4);
    out->read_rows = pl_pg_int(r, 0, 5);
    PQclear(r);
    return pl_pg_audit_head(s, &out->head, err);
}

/*
 * Runs argv (a PostgreSQL client tool, found on PATH) without a shell, its standard output
 * into out_path (NULL: discarded) and its standard error kept: 0, or PL_EIO naming what and
 * the first line the tool wrote.
 */
static int run_tool(char *const argv[], const char *out_path, const char *what, pl_error *err)
{
    char errf[] = "/tmp/pilar-pgtool-XXXXXX";
    int efd = mkstemp(errf);
    if (efd < 0)
        return pl_error_set(err, PL_EIO, "db", "%s: berkas sementara: %s", what, strerror(errno));
    unlink(errf);
    int ofd = out_path ? open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)
                       : open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (ofd < 0) {
        int e = errno;
        close(efd);
        return pl_error_set(err, PL_EIO, "db", "%s: %s: %s", what, out_path ? out_path : "",
                            strerror(e));
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(ofd, 1);
        dup2(efd, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(ofd);
    int status = 0, rc = 0;
    if (pid < 0)
        rc = pl_error_set(err, PL_EIO, "db", "%s: %s", what, strerror(errno));
    else {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
            rc = pl_error_set(err, PL_EIO, "db",
                              "%s: program %s tidak ditemukan (pasang klien PostgreSQL, mis. "
                              "paket postgresql-client)",
                              what, argv[0]);
        else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            char msg[512] = "";
            ssize_t n = pread(efd, msg, sizeof msg - 1, 0);
            msg[n > 0 ? n : 0] = '\0';
            msg[strcspn(msg, "\n")] = '\0';
            rc = pl_error_set(err, PL_EIO, "db", "%s gagal%s%s%s", what, msg[0] ? " (" : "", msg,
                              msg[0] ? ")" : "");
        }
    }
    close(efd);
    return rc;
}

int pl_pg_dump_check(const char *dump, pl_error *err)
{
    char *argv[] = {"pg_restore", "--list", (char *)dump, NULL};
    return run_tool(argv, NULL, "pemeriksaan salinan (pg_restore --list)", err);
}

int pl_pg_backup(pl_pg_store *s, const char *db_out, const char *reads_out, int step_pages,
                 pl_store_stats *stats, pl_error *err)
{
    (void)step_pages;
    if (s->in_tx)
        return pl_error_set(err, PL_EINTERNAL, "", "backup inside a transaction");
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    /* The read audit is in the dump: its half of the backup is an empty file. */
    FILE *f = NULL;
    unlink(reads_out);
    if ((rc = pl_fs_create(&f, reads_out, err)))
        return rc;
    fclose(f);
    unlink(db_out);
    if ((rc = pl_fs_create(&f, db_out, err)))
        return rc;
    fclose(f);
    /*
     * One snapshot for the counts and the dump: this transaction exports it and stays open
     * while pg_dump reads in it. Writers go on meanwhile.
     */
    if ((rc = pl_pg_command(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, err,
                            "backup")))
        return rc;
    s->in_tx = 1;
    char snap[128] = "";
    PGresult *r = pl_pg_query(s, "SELECT pg_export_snapshot()", 0, NULL, err, "backup");
    if (r == NULL) {
        rc = err->code;
        goto out;
    }
    pl_pg_copy(snap, sizeof snap, r, 0, 0);
    PQclear(r);
    pl_store_stats local;
    if ((rc = pl_pg_stats_get(s, stats ? stats : &local, err)))
        goto out;
    char dbarg[4200], snaparg[160], fileopt[4200];
    if (snprintf(dbarg, sizeof dbarg, "--dbname=%s", s->conninfo) >= (int)sizeof dbarg ||
        snprintf(fileopt, sizeof fileopt, "--file=%s", db_out) >= (int)sizeof fileopt) {
        rc = pl_error_set(err, PL_EINVAL, "db",
                          "alamat basis data atau nama berkas terlalu panjang");
        goto out;
    }
    snprintf(snaparg, sizeof snaparg, "--snapshot=%s", snap);
    char *argv[] = {"pg_dump", "--format=custom", "--no-sync", snaparg, fileopt, dbarg, NULL};
    if ((rc = run_tool(argv, NULL, "salinan (pg_dump)", err)))
        goto out;
    chmod(db_out, 0600);
out:
    pl_pg_rollback(s);
    if (rc == 0)
        rc = pl_pg_dump_check(db_out, err);
    return rc;
}

int pl_pg_checkpoint(pl_pg_store *s, pl_error *err)
{
    (void)s;
    (void)err;
    return 0; /* the server keeps its own write-ahead log: no file of Pilar's to settle */
}

/* Whether a line of pg_restore --list names an object of type kind whose name is in have. */
static bool listed_in(const char *line, const char *kind, const PGresult *have)
{
    char pat[64];
    snprintf(pat, sizeof pat, " %s ", kind);
    const char *p = strstr(line, pat);
    if (p == NULL || line[0] == ';')
        return false;
    p += strlen(pat);
    if (strncmp(p, "public ", 7) == 0)
        p += 7;
    else if (strncmp(p, "- ", 2) == 0)
        p += 2;
    size_t n = strcspn(p, "( \n");
    for (int i = 0; i < PQntuples(have); i++) {
        const char *name = PQgetvalue(have, i, 0);
        if (strlen(name) == n && strncmp(p, name, n) == 0)
            return true;
    }
    return false;
}

/*
 * The restore's list of the dump's entries without what the empty data base already has: its
 * extensions (created beforehand if missing) and functions of the same name (e.g. helpers an
 * administrator put in template1).
 */
static int restore_list(pl_pg_store *t, const char *dump, const char *list, pl_error *err)
{
    char all[] = "/tmp/pilar-pglist-XXXXXX";
    int fd = mkstemp(all);
    if (fd < 0)
        return pl_error_set(err, PL_EIO, "db", "berkas sementara: %s", strerror(errno));
    close(fd);
    char *argv[] = {"pg_restore", "--list", (char *)dump, NULL};
    int rc = run_tool(argv, all, "daftar isi salinan (pg_restore --list)", err);
    FILE *in = rc ? NULL : fopen(all, "r");
    FILE *out = NULL;
    PGresult *fns = NULL;
    if (rc)
        goto done;
    if (in == NULL || (rc = pl_fs_create(&out, list, err))) {
        rc = rc ? rc : pl_error_set(err, PL_EIO, "db", "%s: %s", all, strerror(errno));
        goto done;
    }
    if ((fns = pl_pg_query(t,
                           "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = "
                           "p.pronamespace WHERE n.nspname = current_schema()",
                           0, NULL, err, "pg_proc")) == NULL) {
        rc = err->code;
        goto done;
    }
    char line[4096];
    while (rc == 0 && fgets(line, sizeof line, in)) {
        const char *ext = strstr(line, " EXTENSION - ");
        if (line[0] != ';' && ext) {
            /* Created here (IF NOT EXISTS) rather than restored over an existing one. */
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)strcspn(ext + 13, " \n"), ext + 13);
            char sql[256];
            char *q = PQescapeIdentifier(t->conn, name, strlen(name));
            if (q == NULL) {
                rc = pl_pg_fail(t, NULL, err, "extension");
                break;
            }
            snprintf(sql, sizeof sql, "CREATE EXTENSION IF NOT EXISTS %s", q);
            PQfreemem(q);
            PGresult *r = PQexec(t->conn, sql);
            if (PQresultStatus(r) != PGRES_COMMAND_OK)
                rc = pl_pg_fail(t, r, err, "extension");
            PQclear(r);
            continue;
        }
        if (line[0] != ';' && strstr(line, " COMMENT - EXTENSION "))
            continue;
        if (listed_in(line, "FUNCTION", fns) || listed_in(line, "AGGREGATE", fns))
            continue;
        fputs(line, out);
    }
done:
    PQclear(fns);
    if (in)
        fclose(in);
    if (out && fclose(out) != 0 && rc == 0)
        rc = pl_error_set(err, PL_EIO, "db", "%s: %s", list, strerror(errno));
    unlink(all);
    return rc;
}

int pl_pg_dump_restore(const char *location, const char *dump, pl_error *err)
{
    pl_pg_store *t = NULL;
    int rc = pl_pg_open(&t, location, 0, err);
    if (rc)
        return rc;
    /* Only into an empty data base: no table but an extension's. */
    int64_t tables = 0;
    if ((rc = pl_pg_scalar_i64(t,
                               "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                               "c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN "
                               "('pg_catalog', 'information_schema') AND n.nspname NOT LIKE "
                               "'pg\\_%' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE "
                               "d.classid = 'pg_class'::regclass AND d.objid = c.oid AND "
                               "d.deptype = 'e')",
                               0, NULL, &tables, err, "pg_class")))
        goto out;
    if (tables > 0) {
        rc = pl_error_set(err, PL_ECONFLICT, "db",
                          "basis data tujuan tidak kosong (%lld tabel); pulihkan ke basis data "
                          "PostgreSQL yang kosong (createdb NAMA)",
                          (long long)tables);
        goto out;
    }
    char list[] = "/tmp/pilar-pgrestore-XXXXXX";
    int fd = mkstemp(list);
    if (fd < 0) {
        rc = pl_error_set(err, PL_EIO, "db", "berkas sementara: %s", strerror(errno));
        goto out;
    }
    close(fd);
    if ((rc = restore_list(t, dump, list, err)) == 0) {
        char dbarg[4200], listarg[128];
        if (snprintf(dbarg, sizeof dbarg, "--dbname=%s", location) >= (int)sizeof dbarg)
            rc = pl_error_set(err, PL_EINVAL, "db", "alamat basis data terlalu panjang");
        snprintf(listarg, sizeof listarg, "--use-list=%s", list);
        char *argv[] = {"pg_restore",
                        "--no-owner",
                        "--no-privileges",
                        "--exit-on-error",
                        "--single-transaction",
                        listarg,
                        dbarg,
                        (char *)dump,
                        NULL};
        if (rc == 0)
            rc = run_tool(argv, NULL, "pemulihan (pg_restore)", err);
    }
    unlink(list);
out:
    pl_pg_close(t);
    return rc;
}
