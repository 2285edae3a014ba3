/*
 * check.c - `pilar check`: data base integrity (pages, indexes, foreign keys)
 * and the audit's (triggers, hash chains, records against their audit, an
 * optional anchor).
 */
#include "cli/cli.h"
#include "store/audit.h"
#include "store/report.h"
#include "store/store.h"

#include <string.h>

int pl_cmd_check(pl_cli *c, int argc, char **argv)
{
    const char *anchor = NULL;
    bool rebuild = false;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--anchor", &v) && v)
            anchor = v;
        else if (strcmp(argv[i], "--rebuild-counts") == 0)
            rebuild = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, rebuild ? 0 : PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_audit_check ac;
    long wrong = 0;
    rc = pl_store_integrity_check(s, &c->err);
    if (rc == 0)
        rc = pl_store_count_check(s, rebuild, &wrong, &c->err);
    if (rc == 0 && wrong > 0 && !rebuild)
        rc = pl_error_set(&c->err, PL_EIO, "count_delta",
                          "hitungan perubahan untuk laporan (count_delta) berbeda dari data "
                          "keanggotaan pada %ld baris; tulis ulang dengan pilar check "
                          "--rebuild-counts",
                          wrong);
    if (rc == 0)
        rc = pl_store_audit_verify(s, anchor, &ac, &c->err);
    pl_store_close(s);
    if (rc)
        return rc == PL_EINVAL ? rc : PL_EIO; /* anything wrong with the audit: exit status 2 */
    if (c->json) {
        json_t *j = json_pack("{s:s,s:b,s:i,s:I,s:I,s:I}", "db", c->db_shown, "ok", 1, "triggers",
                              ac.triggers, "audit_rows", (json_int_t)ac.rows, "read_audit_rows",
                              (json_int_t)ac.read_rows, "counts_rebuilt",
                              (json_int_t)(rebuild ? wrong : 0));
        if (j && anchor)
            json_object_set_new(j, "anchor_id", json_integer(ac.anchor_id));
        return pl_cli_print_json(c, j);
    }
    fprintf(c->out, "Basis data %s utuh: halaman, indeks dan rujukan antartabel baik.\n",
            c->db_shown);
    if (rebuild)
        fprintf(c->out,
                "Hitungan perubahan untuk laporan: %ld baris berbeda dari data keanggotaan, "
                "ditulis ulang.\n",
                wrong);
    else
        fprintf(c->out, "Hitungan perubahan untuk laporan sesuai dengan data keanggotaan.\n");
    fprintf(c->out,
            "Audit utuh: %d pemicu sesuai, rantai %lld baris audit perubahan dan %lld baris audit "
            "baca tersambung, data orang dan keluarga sesuai audit terakhirnya.\n",
            ac.triggers, (long long)ac.rows, (long long)ac.read_rows);
    if (anchor)
        fprintf(c->out, "Jangkar ditemukan pada baris audit id %lld.\n", (long long)ac.anchor_id);
    return 0;
}
