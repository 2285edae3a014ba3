/*
 * pmt.c - `pilar household socio` (a household's socio-economic variables)
 * and `pilar pmt model-import|models|socio-import|score|runs|show|deciles`
 * (the welfare ranking, service/pmt.h).
 */
#include "cli/cli.h"
#include "io/pmt_json.h"
#include "service/pmt.h"
#include "store/household.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void today_text(char *out, size_t cap)
{
    int y, m, d;
    pl_cli_today(&y, &m, &d);
    snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
}

/* The household named by a No. KK (16 digits) or an id. */
static int load_household(pl_cli *c, pl_store *s, const char *arg, pl_household *h)
{
    if (strlen(arg) == 16)
        return pl_store_household_get_by_kk(s, h, arg, &c->err);
    char *end;
    long long id = strtoll(arg, &end, 10);
    if (*end || id <= 0)
        return pl_error_set(&c->err, PL_EINVAL, "no_kk", "beri No. KK (16 angka) atau id keluarga");
    return pl_store_household_get(s, h, id, &c->err);
}

static int reject_line(void *ctx, long row, const char *column, const char *reason)
{
    pl_cli *c = ctx;
    fprintf(c->errs, "baris %ld, kolom %s: %s\n", row, column, reason);
    return 0;
}

static int reject_json(void *ctx, long row, const char *column, const char *reason)
{
    return json_array_append_new(ctx, json_pack("{s:I,s:s,s:s}", "row", (json_int_t)row, "field",
                                                column, "reason", reason))
               ? PL_ENOMEM
               : 0;
}

/* Prints a household's ranking for people. */
static void print_household(pl_cli *c, const pl_pmt_household *h)
{
    fprintf(c->out, "Keluarga No. KK %s (id %lld): %s\n", h->hh.kk, (long long)h->hh.id,
            h->desil ? pl_pmt_band(h->desil) : "belum diperingkat");
    if (h->desil)
        fprintf(c->out, "Desil saat ini: %d\n", h->desil);
    fprintf(c->out, "Kondisi sosial ekonomi%s:\n", h->has_socio ? "" : " (belum diisi)");
    for (int v = 0; v < PL_PMT_VAR__MAX; v++) {
        const pl_pmt_values *vals = v < PL_PMT_ENTERED__MAX ? &h->socio.vals : &h->all;
        char val[96] = "-";
        if (vals->has[v])
            pl_pmt_value_label(val, sizeof val, v, vals->v[v]);
        fprintf(c->out, "  %-45s %s%s\n", pl_pmt_var_get(v)->label, val,
                pl_pmt_var_get(v)->computed ? " (dihitung)" : "");
    }
    if (h->has_score) {
        fprintf(c->out, "Skor terakhir %.4f (desil %d, model %s versi %d, %s)\n", h->latest.score,
                h->latest.decile, h->latest.model_region, h->latest.model_version, h->latest.at);
        fprintf(c->out, "Yang paling menentukan skor:\n");
        for (int i = 0; i < h->n_explain; i++)
            fprintf(c->out, "  - %s\n", h->explain[i]);
        fprintf(c->out, "Riwayat:\n");
        for (size_t i = 0; i < h->n_history; i++)
            fprintf(c->out, "  run %lld  %s  skor %.4f  desil %d\n",
                    (long long)h->history[i].run_id, h->history[i].at, h->history[i].score,
                    h->history[i].decile);
    }
}

/* Loads and prints household arg's ranking (s open). */
static int show_household(pl_cli *c, pl_store *s, int64_t id)
{
    char today[11];
    today_text(today, sizeof today);
    pl_pmt_household h;
    int rc = pl_pmt_household_get(&h, s, "", id, today, &c->err);
    if (rc)
        return rc;
    if (c->json)
        rc = pl_cli_print_json(c, pl_pmt_household_json(&h));
    else
        print_household(c, &h);
    pl_pmt_household_free(&h);
    return rc;
}

int pl_cmd_household_socio(pl_cli *c, int argc, char **argv)
{
    if (argc < 1)
        return pl_error_set(&c->err, PL_EINVAL, "",
                            "pemakaian: pilar household socio NO_KK|ID [VARIABEL=NILAI ...] "
                            "[--source entri|lapangan]");
    const char *values[PL_PMT_ENTERED__MAX] = {0};
    const char *source = "entri";
    int n_set = 0;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--source", &v) && v) {
            source = v;
            continue;
        }
        char *eq = strchr(argv[i], '=');
        if (argv[i][0] == '-' || eq == NULL)
            return pl_cli_bad_option(c, argv[i]);
        *eq = '\0';
        int var = pl_pmt_var_find(argv[i]);
        if (var < 0 || var >= PL_PMT_ENTERED__MAX)
            return pl_error_set(&c->err, PL_EINVAL, argv[i],
                                "'%s' bukan variabel sosial ekonomi yang dapat diisi", argv[i]);
        values[var] = eq + 1;
        n_set++;
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_household h;
    if ((rc = load_household(c, s, argv[0], &h)))
        goto out;
    if (n_set) {
        pl_socio so;
        if ((rc = pl_pmt_socio_set(&so, s, &c->actor, "", h.id, values, -1, source, &c->err)))
            goto out;
        if (!c->json)
            fprintf(c->out, "Kondisi sosial ekonomi keluarga %s disimpan (versi %lld).\n", h.kk,
                    (long long)so.version);
    }
    rc = show_household(c, s, h.id);
out:
    pl_store_close(s);
    return rc;
}

int pl_cmd_pmt_show(pl_cli *c, int argc, char **argv)
{
    if (argc != 1)
        return pl_error_set(&c->err, PL_EINVAL, "", "pemakaian: pilar pmt show NO_KK|ID");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_household h;
    if ((rc = load_household(c, s, argv[0], &h)) == 0)
        rc = show_household(c, s, h.id);
    pl_store_close(s);
    return rc;
}

/* Runs a table import (model or socio) and prints its result. */
static int run_import(pl_cli *c, int argc, char **argv, bool model)
{
    if (argc != 1)
        return pl_error_set(&c->err, PL_EINVAL, "",
                            model ? "pemakaian: pilar pmt model-import BERKAS"
                                  : "pemakaian: pilar pmt socio-import BERKAS");
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    json_t *rej = c->json ? json_array() : NULL;
    pl_pmt_import_result x;
    const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    pl_pmt_reject_cb cb = c->json ? reject_json : reject_line;
    void *ctx = c->json ? (void *)rej : (void *)c;
    rc = model ? pl_pmt_model_import(&x, s, &c->actor, "", argv[0], base, cb, ctx, &c->err)
               : pl_pmt_socio_import(&x, s, &c->actor, "", argv[0], cb, ctx, &c->err);
    pl_store_close(s);
    if (c->json && (rc == 0 || x.rejected)) {
        json_t *o =
            json_pack("{s:b,s:I,s:I,s:I,s:o}", "ok", rc == 0, "rows", (json_int_t)x.rows, "stored",
                      (json_int_t)x.stored, "rejected", (json_int_t)x.rejected, "rejects", rej);
        if (model && o) {
            json_t *ms = json_array();
            for (int i = 0; i < x.models && i < 8; i++)
                json_array_append_new(ms, pl_pmt_model_json(&x.saved[i]));
            json_object_set_new(o, "models", ms);
        }
        int prc = pl_cli_print_json(c, o);
        return rc ? rc : prc;
    }
    json_decref(rej);
    if (rc)
        return rc;
    if (model)
        for (int i = 0; i < x.models && i < 8; i++)
            fprintf(c->out, "Model PMT wilayah %s versi %d disimpan (id %lld).\n",
                    x.saved[i].region, x.saved[i].version, (long long)x.saved[i].id);
    fprintf(c->out, "%ld baris dibaca, %ld %s, %ld ditolak.\n", x.rows, x.stored,
            model ? "bobot disimpan" : "keluarga diperbarui", x.rejected);
    return 0;
}

int pl_cmd_pmt_model_import(pl_cli *c, int argc, char **argv)
{
    return run_import(c, argc, argv, true);
}

int pl_cmd_pmt_socio_import(pl_cli *c, int argc, char **argv)
{
    return run_import(c, argc, argv, false);
}

static int print_model(void *ctx, const pl_pmt_model *m)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr)
        return json_array_append_new(l->arr, pl_pmt_model_json(m)) ? PL_ENOMEM : 0;
    fprintf(l->c->out, "%-8s versi %-3d id %-5lld konstanta %-10g %s  %s (%s)\n", m->region,
            m->version, (long long)m->id, m->intercept, m->created_at, m->source, m->created_by);
    return 0;
}

int pl_cmd_pmt_models(pl_cli *c, int argc, char **argv)
{
    bool all = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--all") == 0)
            all = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_cli_list l = pl_cli_list_begin(c);
    rc = pl_pmt_model_list(s, "", !all, print_model, &l, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&l, rc, 0, "Belum ada model PMT.");
}

int pl_cmd_pmt_score(pl_cli *c, int argc, char **argv)
{
    const char *region = "", *reason = "manual";
    char reg[PL_REGION_CODE_MAX] = "";
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            region = v;
        else if (pl_cli_opt(argc, argv, &i, "--reason", &v) && v)
            reason = v;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (region[0] && pl_cli_region_opt(c, reg, region))
        return c->err.code;
    char today[11];
    today_text(today, sizeof today);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, 0);
    if (rc)
        return rc;
    pl_pmt_run_result x;
    rc = pl_pmt_score_run(&x, s, &c->actor, "", reg, reason, today, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json) {
        json_t *o = pl_pmt_run_json(&x.run);
        json_object_set_new(o, "changed", json_integer(x.changed));
        json_object_set_new(o, "no_data", json_integer(x.no_data));
        json_object_set_new(o, "no_model", json_integer(x.no_model));
        json_object_set_new(o, "provinces", json_integer(x.provinces));
        return pl_cli_print_json(c, o);
    }
    fprintf(c->out,
            "Run %lld: %ld keluarga diberi skor di %d provinsi, %ld desil berubah; %ld tanpa data "
            "sosial ekonomi, %ld tanpa model.\n",
            (long long)x.run.id, x.run.scored, x.provinces, x.changed, x.no_data, x.no_model);
    return 0;
}

static int print_run(void *ctx, const pl_pmt_run *r)
{
    pl_cli_list *l = ctx;
    l->n++;
    if (l->arr)
        return json_array_append_new(l->arr, pl_pmt_run_json(r)) ? PL_ENOMEM : 0;
    fprintf(l->c->out, "run %-5lld %s  wilayah %-4s  %ld diberi skor, %ld tidak  %s (%s)\n",
            (long long)r->id, r->at, r->region[0] ? r->region : "semua", r->scored, r->unscored,
            r->reason, r->actor);
    return 0;
}

int pl_cmd_pmt_runs(pl_cli *c, int argc, char **argv)
{
    int limit = 50;
    int64_t after = 0;
    for (int i = 0; i < argc; i++)
        if (!pl_cli_page_opt(argc, argv, &i, &limit, &after))
            return pl_cli_bad_option(c, argv[i]);
    if (pl_cli_limit_check(c, limit))
        return c->err.code;
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_cli_list l = pl_cli_list_begin(c);
    rc = pl_pmt_run_list(s, "", limit, print_run, &l, &c->err);
    pl_store_close(s);
    return pl_cli_list_end(&l, rc, 0, "Belum ada run pemeringkatan.");
}

/* A count as the text table shows it: "<5" when hidden. */
static void count_cell(char *out, size_t cap, long v)
{
    if (v < 0)
        snprintf(out, cap, "<5");
    else
        snprintf(out, cap, "%ld", v);
}

int pl_cmd_pmt_deciles(pl_cli *c, int argc, char **argv)
{
    const char *region = "", *format = "text";
    int level = 2;
    bool viewer = false;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            region = v;
        else if (pl_cli_opt(argc, argv, &i, "--level", &v) && v)
            level = atoi(v);
        else if (pl_cli_opt(argc, argv, &i, "--format", &v) && v)
            format = v;
        else if (strcmp(argv[i], "--viewer") == 0)
            viewer = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    pl_pmt_decile_report r;
    rc = pl_pmt_decile_report_build(&r, s, "", region, level, !viewer, &c->err);
    pl_store_close(s);
    if (rc)
        return rc;
    if (c->json) {
        rc = pl_cli_print_json(c, pl_pmt_decile_report_json(&r));
    } else if (strcmp(format, "csv") == 0) {
        pl_buf b;
        pl_buf_init(&b, (size_t)64 << 20);
        rc = pl_pmt_decile_report_csv(&b, &r, &c->err);
        if (rc == 0)
            fwrite(b.data, 1, b.len, c->out);
        pl_buf_free(&b);
    } else {
        fprintf(c->out, "%-14s %-28s", "wilayah", "nama");
        for (int d = 1; d <= 10; d++)
            fprintf(c->out, " %6s%d", "D", d);
        fprintf(c->out, " %8s %8s\n", "belum", "jumlah");
        for (size_t i = 0; i <= r.n; i++) {
            const pl_pmt_decile_row *row = i < r.n ? &r.rows[i] : &r.total;
            fprintf(c->out, "%-14s %-28.28s", row->region, row->name);
            char cell[24];
            for (int d = 1; d <= 10; d++) {
                count_cell(cell, sizeof cell, row->n[d]);
                fprintf(c->out, " %7s", cell);
            }
            count_cell(cell, sizeof cell, row->n[0]);
            fprintf(c->out, " %8s", cell);
            count_cell(cell, sizeof cell, row->total);
            fprintf(c->out, " %8s\n", cell);
        }
    }
    pl_pmt_decile_report_free(&r);
    return rc;
}
