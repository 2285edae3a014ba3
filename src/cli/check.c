/* check.c - `pilar check`: data base integrity (pages, indexes, foreign keys). */
#include "cli/cli.h"
#include "store/store.h"

int pl_cmd_check(pl_cli *c, int argc, char **argv)
{
    if (argc > 0)
        return pl_cli_bad_option(c, argv[0]);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    rc = pl_store_integrity_check(s, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json)
        return pl_cli_print_json(c, json_pack("{s:s,s:b}", "db", c->db_path, "ok", 1));
    fprintf(c->out, "Basis data %s utuh: halaman, indeks dan rujukan antartabel baik.\n",
            c->db_path);
    return 0;
}
