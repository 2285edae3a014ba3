/* plan.c - `pilar psks coverage` and `pilar intervention link` (issue 20, items 4 and 6). */
#include "cli/cli.h"
#include "io/psks_coverage.h"
#include "io/rakor_json.h"
#include "service/intervention.h"
#include "service/psks_coverage.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

static void print_ratio(FILE *f, long need, long units)
{
    double v;
    if (pl_psks_cov_ratio(&v, need, units))
        fprintf(f, " %9.1f", v);
    else
        fprintf(f, " %9s", "-");
}

static void print_row(FILE *f, const pl_psks_cov_row *r, bool indent)
{
    char need[24];
    if (pl_suppress_hidden(r->need))
        snprintf(need, sizeof need, "<%d", PL_SUPPRESS_MIN);
    else
        snprintf(need, sizeof need, "%ld", r->need);
    fprintf(f, "%s%-*s %-24.24s %7s %5ld %5ld %6ld", indent ? "  " : "", indent ? 15 : 17, r->code,
            r->name, need, r->tksk, r->psm, r->tagana);
    print_ratio(f, r->need, r->tksk);
    print_ratio(f, r->need, r->psm);
    if (r->level == 4)
        fprintf(f, " %5ld %s%s\n", r->units, r->units ? "" : "tanpa PSKS",
                r->prone ? (r->tagana ? " rawan bencana" : " rawan bencana, tanpa Tagana") : "");
    else
        fprintf(f, " %5ld desa %ld, tanpa PSKS %ld, rawan %ld (tanpa Tagana %ld)\n", r->units,
                r->villages, r->villages_without, r->prone, r->prone_without_tagana);
}

int pl_cmd_psks_coverage(pl_cli *c, int argc, char **argv)
{
    pl_psks_cov_options o = {0};
    const char *fmt = NULL, *out = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            o.region = v;
        else if (pl_cli_opt(argc, argv, &i, "--date", &v) && v)
            o.date = v;
        else if (pl_cli_opt(argc, argv, &i, "--years", &v) && v) {
            char *end;
            long y = strtol(v, &end, 10);
            if (*v == '\0' || *end || y < 1 || y > 50)
                return pl_error_set(&c->err, PL_EINVAL, "years",
                                    "--years harus bilangan 1 sampai 50");
            o.years = (int)y;
        } else if (pl_cli_opt(argc, argv, &i, "--format", &v) && v)
            fmt = v;
        else if (pl_cli_opt(argc, argv, &i, "--out", &v) && v)
            out = v;
        else if (strcmp(argv[i], "--viewer") == 0)
            o.viewer = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (fmt && strcmp(fmt, "csv") && strcmp(fmt, "xlsx"))
        return pl_error_set(&c->err, PL_EINVAL, "format", "--format harus csv atau xlsx");
    if (fmt && strcmp(fmt, "xlsx") == 0 && out == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "out", "--out BERKAS wajib untuk format xlsx");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_psks_cov *cv = NULL;
    rc = pl_psks_coverage(&cv, s, &o, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (fmt && strcmp(fmt, "csv") == 0)
        rc = pl_psks_cov_write_csv(cv, out ? out : "/dev/stdout", &c->err);
    else if (fmt)
        rc = pl_psks_cov_write_xlsx(cv, out, &c->err);
    else if (c->json)
        rc = pl_cli_print_json(c, pl_psks_cov_json(cv));
    else {
        fprintf(c->out, "Cakupan PSKS %s %s per %s (rawan bencana: kejadian sejak %s)%s\n",
                cv->region, cv->region_name, cv->date, cv->since,
                cv->viewer ? "; angka kecil disembunyikan" : "");
        fprintf(c->out, "%-17s %-24s %7s %5s %5s %6s %9s %9s %5s\n", "wilayah", "nama", "PMKS",
                "TKSK", "PSM", "Tagana", "PMKS/TKSK", "PMKS/PSM", "unit");
        for (size_t i = 0; i < cv->n_rows; i++)
            print_row(c->out, &cv->rows[i], cv->rows[i].level == 4);
        print_row(c->out, &cv->total, false);
    }
    pl_psks_cov_free(cv);
    return rc;
}

/* Splits a comma-separated list in place into at most max items. */
static size_t split(char *list, char **items, size_t max)
{
    size_t n = 0;
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t && n < max;
         t = strtok_r(NULL, ",", &save))
        items[n++] = t;
    return n;
}

int pl_cmd_intervention_link(pl_cli *c, int argc, char **argv)
{
    const char *id = NULL, *version = NULL;
    char psks[1024] = "", programs[1024] = "";
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--psks", &v) && v)
            rc = PL_CLI_COPY(c, psks, v, "psks");
        else if (pl_cli_opt(argc, argv, &i, "--program", &v) && v)
            rc = PL_CLI_COPY(c, programs, v, "programs");
        else if (pl_cli_opt(argc, argv, &i, "--version", &v) && v)
            version = v;
        else if (argv[i][0] != '-' && id == NULL)
            id = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (rc)
        return rc;
    if (id == NULL || atoll(id) <= 0)
        return pl_error_set(&c->err, PL_EINVAL, "id", "sebutkan id intervensi");
    char *items[64], *codes[64];
    int64_t units[64];
    size_t n_units = split(psks, items, 64), n_codes = split(programs, codes, 64);
    for (size_t i = 0; i < n_units; i++) {
        char *end;
        units[i] = strtoll(items[i], &end, 10);
        if (*end || units[i] <= 0)
            return pl_error_set(&c->err, PL_EINVAL, "psks", "--psks harus daftar id, mis. 3,7");
    }
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, 0)))
        return rc;
    pl_intervention iv;
    pl_intervention_links l = {units, n_units, (const char *const *)codes, n_codes};
    pl_intervention_change chg = {.category = -1, .links = &l};
    if (version)
        chg.version = atoll(version);
    else if ((rc = pl_intervention_get(&iv, s, "", atoll(id), &c->err)) == 0)
        chg.version = iv.version;
    if (rc == 0 &&
        (rc = pl_intervention_edit(&iv, s, &c->actor, "", atoll(id), &chg, &c->err)) == 0) {
        if (c->json)
            rc = pl_cli_print_json(c, pl_json_intervention(&iv));
        else
            fprintf(c->out,
                    "Intervensi %lld: %zu unit PSKS dan %zu program pelaksana (versi %lld).\n",
                    (long long)iv.id, n_units, n_codes, (long long)iv.version);
    }
    pl_store_close(s);
    return rc;
}
