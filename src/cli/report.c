/* report.c - `pilar report counts|compare|rakor`. */
#include "cli/cli.h"
#include "domain/category.h"
#include "domain/date.h"
#include "domain/numfmt.h"
#include "io/report_render.h"
#include "service/report.h"
#include "store/store.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

typedef struct report_args {
    const char *region, *period, *compare, *format, *out, *date;
    int level, top;
    bool viewer;
} report_args;

static int parse_args(pl_cli *c, int argc, char **argv, report_args *a)
{
    memset(a, 0, sizeof *a);
    a->top = 20;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            a->region = v;
        else if (pl_cli_opt(argc, argv, &i, "--period", &v) && v)
            a->period = v;
        else if (pl_cli_opt(argc, argv, &i, "--compare", &v) && v)
            a->compare = v;
        else if (pl_cli_opt(argc, argv, &i, "--format", &v) && v)
            a->format = v;
        else if (pl_cli_opt(argc, argv, &i, "--out", &v) && v)
            a->out = v;
        else if (pl_cli_opt(argc, argv, &i, "--date", &v) && v)
            a->date = v;
        else if (pl_cli_opt(argc, argv, &i, "--level", &v) && v)
            a->level = atoi(v);
        else if (pl_cli_opt(argc, argv, &i, "--top", &v) && v)
            a->top = atoi(v);
        else if (strcmp(argv[i], "--viewer") == 0)
            a->viewer = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (a->region == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "region", "--region wajib diisi (mis. 64)");
    return 0;
}

static int build(pl_cli *c, pl_store *s, const report_args *a, bool districts, bool letterhead,
                 pl_report **out)
{
    int y, m, d;
    pl_cli_today(&y, &m, &d);
    pl_date today = {y, m, d};
    pl_report_options o = {.scope = "",
                           .region = a->region,
                           .period = a->period,
                           .compare = a->compare,
                           .level = a->level,
                           .districts = districts,
                           .viewer = a->viewer,
                           .letterhead = letterhead,
                           .today = &today};
    return pl_report_build(out, s, &o, &c->err);
}

/* `pilar report counts`: counts per region and category on one date. */
int pl_cmd_report_counts(pl_cli *c, int argc, char **argv)
{
    report_args a;
    int rc = parse_args(c, argc, argv, &a);
    if (rc)
        return rc;
    char today[11];
    int y, m, d;
    pl_cli_today(&y, &m, &d);
    snprintf(today, sizeof today, "%04d-%02d-%02d", y, m, d);
    pl_date dd;
    if (a.date && pl_date_parse(&dd, a.date) != 0)
        return pl_error_set(&c->err, PL_EINVAL, "date", "--date harus tanggal (YYYY-MM-DD)");
    char date[11];
    if (a.date)
        pl_date_format(date, &dd);
    else
        snprintf(date, sizeof date, "%s", today);
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_report *r = NULL;
    char period[8];
    snprintf(period, sizeof period, "%.4s", date);
    pl_report_options o = {.scope = "",
                           .region = a.region,
                           .period = period,
                           .date = date,
                           .level = a.level,
                           .viewer = a.viewer};
    if ((rc = pl_report_build(&r, s, &o, &c->err)))
        goto out;
    if (c->json) {
        rc = pl_cli_print_json(c, pl_report_json(r));
        goto out;
    }
    fprintf(c->out, "PMKS di %s (%s) per %s\n", r->region_name, r->region, r->date);
    for (size_t i = 0; i <= r->n_rows; i++) {
        const pl_report_region *g = i < r->n_rows ? &r->rows[i] : &r->total;
        char n[PL_NUMFMT_MAX];
        fprintf(c->out, "\n%s %s: %s orang\n", i < r->n_rows ? g->code : "JUMLAH", g->name,
                pl_numfmt_count(n, sizeof n, g->pmks[0].people[PL_CUR], r->viewer));
        for (int k = 1; k <= 26; k++) {
            const pl_report_cell *cell = &g->pmks[k];
            if (cell->people[PL_CUR] == 0 && cell->households[PL_CUR] == 0)
                continue;
            const pl_category *cat = pl_pmks_get(k);
            char p[PL_NUMFMT_MAX], h[PL_NUMFMT_MAX];
            pl_numfmt_count(p, sizeof p, cell->people[PL_CUR], r->viewer);
            if (cat->applies_to != PL_APPLIES_PERSON)
                fprintf(c->out, "  %2d %-34s %10s orang  %10s keluarga\n", k, cat->label, p,
                        pl_numfmt_count(h, sizeof h, cell->households[PL_CUR], r->viewer));
            else
                fprintf(c->out, "  %2d %-34s %10s orang\n", k, cat->label, p);
        }
    }
out:
    pl_report_free(r);
    pl_store_close(s);
    return rc;
}

/* `pilar report compare`: changes between two periods, largest rise first. */
int pl_cmd_report_compare(pl_cli *c, int argc, char **argv)
{
    report_args a;
    int rc = parse_args(c, argc, argv, &a);
    if (rc)
        return rc;
    if (a.period == NULL || a.compare == NULL)
        return pl_error_set(
            &c->err, PL_EINVAL, "period",
            "--period dan --compare wajib diisi (mis. --period 2025 --compare 2024)");
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_report *r = NULL;
    pl_report_change *ch = NULL;
    size_t n = 0;
    if ((rc = build(c, s, &a, false, false, &r)))
        goto out;
    if (c->json) {
        rc = pl_cli_print_json(c, pl_report_json(r));
        goto out;
    }
    if ((rc = pl_report_changes(&ch, &n, r))) {
        pl_error_set(&c->err, rc, "", "memori tidak cukup");
        goto out;
    }
    char pa[48], pb[48];
    pl_period_name_id(pa, sizeof pa, &r->period);
    pl_period_name_id(pb, sizeof pb, &r->compare);
    fprintf(c->out, "Perubahan PMKS di %s: %s (per %s) dibanding %s (per %s)\n", r->region_name, pa,
            r->date, pb, r->compare_date);
    fprintf(c->out, "%-14s %-26s %-30s %10s %10s %10s %9s\n", "Kode", "Wilayah", "Kategori",
            r->compare.label, r->period.label, "Perubahan", "%");
    int shown = 0;
    for (size_t i = 0; i < n && shown < a.top; i++) {
        char b0[PL_NUMFMT_MAX], b1[PL_NUMFMT_MAX], d[PL_NUMFMT_MAX], p[PL_NUMFMT_MAX];
        pl_numfmt_int(b0, sizeof b0, ch[i].before);
        pl_numfmt_int(b1, sizeof b1, ch[i].after);
        pl_numfmt_signed(d, sizeof d, ch[i].diff);
        if (ch[i].has_pct)
            pl_numfmt_signed_percent(p, sizeof p, ch[i].pct, 1);
        else
            snprintf(p, sizeof p, "baru");
        fprintf(c->out, "%-14s %-26.26s %-30.30s %10s %10s %10s %9s\n", ch[i].region->code,
                ch[i].region->name, pl_pmks_get(ch[i].category)->label, b0, b1, d, p);
        shown++;
    }
    char t0[PL_NUMFMT_MAX], t1[PL_NUMFMT_MAX], td[PL_NUMFMT_MAX];
    long before = r->total.pmks[0].people[PL_PREV], after = r->total.pmks[0].people[PL_CUR];
    if (pl_suppress_hidden(before) || pl_suppress_hidden(after))
        snprintf(td, sizeof td, "-");
    else
        pl_numfmt_signed(td, sizeof td, after - before);
    fprintf(c->out, "Jumlah: %s -> %s orang (%s)\n", pl_numfmt_count(t0, sizeof t0, before, false),
            pl_numfmt_count(t1, sizeof t1, after, false), td);
out:
    free(ch);
    pl_report_free(r);
    pl_store_close(s);
    return rc;
}

/* `pilar report rakor`: the yearly coordination report as a file. */
int pl_cmd_report_rakor(pl_cli *c, int argc, char **argv)
{
    report_args a;
    int rc = parse_args(c, argc, argv, &a);
    if (rc)
        return rc;
    if (a.period == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "period", "--period wajib diisi (mis. 2025)");
    const char *fmt = a.format ? a.format : "json";
    if (strcmp(fmt, "xlsx") && strcmp(fmt, "pdf") && strcmp(fmt, "csv") && strcmp(fmt, "json"))
        return pl_error_set(&c->err, PL_EINVAL, "format",
                            "--format harus xlsx, pdf, csv atau json");
    if (a.out == NULL && (strcmp(fmt, "xlsx") == 0 || strcmp(fmt, "pdf") == 0))
        return pl_error_set(&c->err, PL_EINVAL, "out", "--out BERKAS wajib untuk format %s", fmt);
    pl_store *s = NULL;
    if ((rc = pl_cli_open(c, &s, PL_STORE_READONLY)))
        return rc;
    pl_report *r = NULL;
    if ((rc = build(c, s, &a, true, strcmp(fmt, "pdf") == 0, &r)))
        goto out;
    if (strcmp(fmt, "json") == 0) {
        json_t *j = pl_report_json(r);
        if (a.out) {
            if (json_dump_file(j, a.out, JSON_INDENT(1)) != 0)
                rc = pl_error_set(&c->err, PL_EIO, "out", "berkas '%s' tidak dapat ditulis", a.out);
            json_decref(j);
        } else {
            rc = pl_cli_print_json(c, j);
        }
    } else if (strcmp(fmt, "csv") == 0) {
        rc = pl_report_write_csv(r, a.out ? a.out : "/dev/stdout", &c->err);
    } else if (strcmp(fmt, "xlsx") == 0) {
        rc = pl_report_write_xlsx(r, a.out, &c->err);
    } else {
        rc = pl_report_write_pdf(r, a.out, &c->err);
        /* Single-threaded CLI: release cairo's and fontconfig's caches (clean leak checks). */
        cairo_debug_reset_static_data();
        FcFini();
    }
    if (rc == 0 && a.out && !c->json)
        fprintf(stderr, "Laporan rakor %s %s ditulis ke %s (%zu wilayah, %zu disahkan).\n",
                r->region, r->period.label, a.out, r->n_rows, r->n_approved);
out:
    pl_report_free(r);
    pl_store_close(s);
    return rc;
}
