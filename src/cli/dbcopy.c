/* dbcopy.c - `pilar db copy` (service/dbcopy.h). */
#include "cli/cli.h"
#include "service/dbcopy.h"

#include <stdio.h>
#include <string.h>

static void progress(void *ctx, const char *table, long long rows)
{
    pl_cli *c = ctx;
    if (!c->json)
        fprintf(c->out, "  %-32s %12lld baris\n", table, rows);
}

static void progress_cb(void *ctx, const char *table, int64_t rows)
{
    progress(ctx, table, (long long)rows);
}

static json_t *stats_json(const pl_store_stats *s)
{
    return json_pack("{s:i,s:I,s:I,s:I,s:I,s:I,s:I,s:{s:I,s:s}}", "schema_version",
                     s->schema_version, "people", (json_int_t)s->people, "households",
                     (json_int_t)s->households, "memberships", (json_int_t)s->memberships, "users",
                     (json_int_t)s->users, "audit", (json_int_t)s->audit_rows, "audit_read",
                     (json_int_t)s->read_rows, "audit_head", "id", (json_int_t)s->head.id, "hash",
                     s->head.hash);
}

int pl_cmd_db_copy(pl_cli *c, int argc, char **argv)
{
    const char *from = NULL, *to = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--from", &v) && v)
            from = v;
        else if (pl_cli_opt(argc, argv, &i, "--to", &v) && v)
            to = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (!from)
        return pl_error_set(&c->err, PL_EINVAL, "from",
                            "sebutkan --from BASISDATA (berkas SQLite atau URL PostgreSQL)");
    if (!to)
        return pl_error_set(&c->err, PL_EINVAL, "to",
                            "sebutkan --to BASISDATA (berkas SQLite atau URL PostgreSQL)");
    char f[512], t[512];
    pl_cli_shown_location(f, sizeof f, from);
    pl_cli_shown_location(t, sizeof t, to);
    if (!c->json)
        fprintf(c->out, "Menyalin %s ke %s:\n", f, t);
    pl_dbcopy_result r;
    int rc = pl_dbcopy_run(from, to, progress_cb, c, &r, &c->err);
    if (rc)
        return rc;
    if (c->json) {
        json_t *j = json_pack("{s:s,s:s,s:i,s:I,s:o,s:o,s:b}", "from", f, "to", t, "tables",
                              r.tables, "rows", (json_int_t)r.rows, "source", stats_json(&r.source),
                              "target", stats_json(&r.target), "verified", 1);
        return pl_cli_print_json(c, j);
    }
    fprintf(c->out,
            "Selesai: %d tabel, %lld baris. Diperiksa: %lld orang, %lld keluarga, %lld akun,\n"
            "%lld baris audit (kepala id %lld %s) sama di asal dan salinan.\n",
            r.tables, (long long)r.rows, (long long)r.target.people, (long long)r.target.households,
            (long long)r.target.users, (long long)r.target.audit_rows, (long long)r.target.head.id,
            r.target.head.hash);
    return 0;
}
