/*
 * audit.c - `pilar audit purge`: the read audit's retention, by hand;
 * `pilar audit anchor`: the head of the audit's hash chain, for the operator
 * to record elsewhere.
 */
#include "cli/cli.h"
#include "service/audit.h"
#include "store/audit.h"

#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

/* Parses --read-audit-days N into *days (PL_AUDIT_READ_DAYS_MIN..PL_AUDIT_READ_DAYS_MAX). */
int pl_cli_read_audit_days(pl_cli *c, const char *v, int *days)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || n < PL_AUDIT_READ_DAYS_MIN || n > PL_AUDIT_READ_DAYS_MAX)
        return pl_error_set(&c->err, PL_EINVAL, "read-audit-days",
                            "--read-audit-days harus bilangan %d sampai %d", PL_AUDIT_READ_DAYS_MIN,
                            PL_AUDIT_READ_DAYS_MAX);
    *days = (int)n;
    return 0;
}

int pl_cmd_audit_purge(pl_cli *c, int argc, char **argv)
{
    int days = PL_AUDIT_READ_DAYS;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--read-audit-days", &v) && v) {
            int rc = pl_cli_read_audit_days(c, v, &days);
            if (rc)
                return rc;
        } else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    int64_t removed = 0;
    char before[24];
    rc = pl_audit_purge_reads(s, &c->actor, days, time(NULL), &removed, before, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:i,s:s,s:I}", "read_audit_days", days, "before",
                                              before, "removed", (json_int_t)removed));
    fprintf(c->out,
            "Audit baca: %lld baris sebelum %s (lebih dari %d hari) dihapus; audit perubahan "
            "tidak pernah dihapus.\n",
            (long long)removed, before, days);
    return 0;
}

int pl_cmd_audit_anchor(pl_cli *c, int argc, char **argv)
{
    bool to_syslog = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--syslog") == 0)
            to_syslog = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_audit_head h;
    rc = pl_store_audit_head(s, &h, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (h.id == 0)
        return pl_error_set(&c->err, PL_ENOTFOUND, "audit",
                            "audit masih kosong: belum ada jangkar");
    if (to_syslog) {
        openlog("pilar", LOG_PID, LOG_USER);
        syslog(LOG_NOTICE, "jangkar audit db=%s id=%lld at=%s hash=%s", c->db_shown,
               (long long)h.id, h.at, h.hash);
        closelog();
    }
    if (c->json)
        return pl_cli_print_json(
            c, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)h.id, "at", h.at, "hash", h.hash));
    fprintf(c->out, "%lld %s %s\n", (long long)h.id, h.at, h.hash);
    return 0;
}
