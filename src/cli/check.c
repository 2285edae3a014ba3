/*
 * check.c - `pilar check`: data base integrity (pages, indexes, foreign keys)
 * and the audit's (triggers, hash chains, records against their audit, an
 * optional anchor).
 */
#include "cli/cli.h"
#include "store/audit.h"
#include "store/store.h"

int pl_cmd_check(pl_cli *c, int argc, char **argv)
{
    const char *anchor = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--anchor", &v) && v)
            anchor = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_audit_check ac;
    rc = pl_store_integrity_check(s, &c->err);
    if (rc == 0)
        rc = pl_store_audit_verify(s, anchor, &ac, &c->err);
    pl_store_close(s);
    if (rc)
        return rc == PL_EINVAL ? rc : PL_EIO; /* anything wrong with the audit: exit status 2 */
    if (c->json) {
        json_t *j = json_pack("{s:s,s:b,s:i,s:I,s:I}", "db", c->db_shown, "ok", 1, "triggers",
                              ac.triggers, "audit_rows", (json_int_t)ac.rows, "read_audit_rows",
                              (json_int_t)ac.read_rows);
        if (j && anchor)
            json_object_set_new(j, "anchor_id", json_integer(ac.anchor_id));
        return pl_cli_print_json(c, j);
    }
    fprintf(c->out, "Basis data %s utuh: halaman, indeks dan rujukan antartabel baik.\n",
            c->db_shown);
    fprintf(c->out,
            "Audit utuh: %d pemicu sesuai, rantai %lld baris audit perubahan dan %lld baris audit "
            "baca tersambung, data orang dan keluarga sesuai audit terakhirnya.\n",
            ac.triggers, (long long)ac.rows, (long long)ac.read_rows);
    if (anchor)
        fprintf(c->out, "Jangkar ditemukan pada baris audit id %lld.\n", (long long)ac.anchor_id);
    return 0;
}
