/* indicator.c - `pilar indicator import|list`: statistics office indicators. */
#include "cli/cli.h"
#include "domain/numfmt.h"
#include "io/rakor_json.h"
#include "io/table_reader.h"
#include "service/indicator.h"
#include "service/report.h"
#include "store/indicator.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

/* Keeps each refused row for the report printed after the counts. */
static int keep_reject(void *ctx, long row, const char *column, const char *reason)
{
    return json_array_append_new(ctx, json_pack("{s:I,s:s,s:s}", "baris", (json_int_t)row, "kolom",
                                                column, "alasan", reason))
               ? PL_ENOMEM
               : 0;
}

int pl_cmd_indicator_import(pl_cli *c, int argc, char **argv)
{
    const char *path = NULL;
    bool dry = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--dry-run") == 0)
            dry = true;
        else if (argv[i][0] != '-' && path == NULL)
            path = argv[i];
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    if (path == NULL)
        return pl_error_set(&c->err, PL_EINVAL, "berkas", "sebutkan berkas CSV/XLSX indikator");
    pl_store *s = NULL;
    json_t *errors = json_array();
    pl_indicator_import_result r;
    int rc = pl_cli_open(c, &s, 0);
    if (rc ||
        (rc = pl_indicator_import(&r, s, &c->actor, "", path, dry, keep_reject, errors, &c->err)))
        goto out;
    long ok = r.stored, replaced = r.replaced, bad = r.rejected;
    if (c->json) {
        rc = pl_cli_print_json(c, json_pack("{s:I,s:I,s:I,s:b,s:O}", "disimpan", (json_int_t)ok,
                                            "diganti", (json_int_t)replaced, "ditolak",
                                            (json_int_t)bad, "uji_saja", dry, "galat", errors));
    } else {
        fprintf(c->out, "%ld indikator %s (%ld mengganti nilai lama), %ld baris ditolak.\n", ok,
                dry ? "sah (uji saja, tidak disimpan)" : "disimpan", replaced, bad);
        size_t i;
        json_t *e;
        json_array_foreach(errors, i, e)
        {
            fprintf(c->out, "  baris %lld, kolom %s: %s\n",
                    (long long)json_integer_value(json_object_get(e, "baris")),
                    json_string_value(json_object_get(e, "kolom")),
                    json_string_value(json_object_get(e, "alasan")));
        }
    }
    if (rc == 0 && bad > 0)
        rc = 1;
out:
    json_decref(errors);
    pl_store_close(s);
    return rc;
}

typedef struct list_ctx {
    pl_cli *c;
    json_t *arr;
    bool trend;
    char last_key[64];
    double last;
    bool has_last;
} list_ctx;

static int print_indicator(void *ctx, const pl_indicator *in)
{
    list_ctx *l = ctx;
    int k = pl_indicator_find(in->name);
    const pl_indicator_def *def = pl_indicator_def_get(k);
    char key[64];
    snprintf(key, sizeof key, "%s/%s", in->region, in->name);
    bool same = l->has_last && strcmp(key, l->last_key) == 0;
    double delta = same ? in->value - l->last : 0;
    if (l->arr) {
        json_t *o = pl_json_indicator(in);
        if (l->trend)
            json_object_set_new(o, "change", same ? json_real(delta) : json_null());
        json_array_append_new(l->arr, o);
    } else {
        char v[PL_NUMFMT_MAX], d[PL_NUMFMT_MAX + 8] = ""; /* sign, number, space, arrow */
        int dec = def ? def->decimals : 2;
        if (def && def->percent)
            pl_numfmt_percent(v, sizeof v, in->value, dec);
        else
            pl_numfmt_decimal(v, sizeof v, in->value, dec);
        if (l->trend && same) {
            char t[PL_NUMFMT_MAX];
            pl_numfmt_decimal(t, sizeof t, delta, dec);
            snprintf(d, sizeof d, "%s%s %s", delta > 0 ? "+" : "", t,
                     delta > 0   ? "\xe2\x96\xb2"
                     : delta < 0 ? "\xe2\x96\xbc"
                                 : "=");
        }
        fprintf(l->c->out, "%-14s %4d  %-34s %12s  %-14s %s\n", in->region, in->year,
                def ? def->label : in->name, v, d, in->source);
    }
    snprintf(l->last_key, sizeof l->last_key, "%s", key);
    l->last = in->value;
    l->has_last = true;
    return 0;
}

int pl_cmd_indicator_list(pl_cli *c, int argc, char **argv)
{
    const char *region = "", *name = NULL;
    int from = 0, to = 0;
    bool trend = false;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (pl_cli_opt(argc, argv, &i, "--region", &v) && v)
            region = v;
        else if (pl_cli_opt(argc, argv, &i, "--name", &v) && v)
            name = v;
        else if (pl_cli_opt(argc, argv, &i, "--from", &v) && v)
            from = atoi(v);
        else if (pl_cli_opt(argc, argv, &i, "--to", &v) && v)
            to = atoi(v);
        else if (strcmp(argv[i], "--trend") == 0)
            trend = true;
        else
            return pl_cli_bad_option(c, argv[i]);
    }
    char rg[PL_REGION_CODE_MAX] = "";
    if (region[0] && pl_region_code_normalize(rg, region) < 0)
        return pl_error_set(&c->err, PL_EINVAL, "wilayah", "kode wilayah '%s' tidak dikenal",
                            region);
    if (name && pl_indicator_find(name) < 0)
        return pl_error_set(&c->err, PL_EINVAL, "indikator", "indikator '%s' tidak dikenal", name);
    pl_store *s = NULL;
    int rc = pl_cli_open(c, &s, PL_STORE_READONLY);
    if (rc)
        return rc;
    list_ctx l = {.c = c, .arr = c->json ? json_array() : NULL, .trend = trend};
    if (!c->json)
        fprintf(c->out, "%-14s %4s  %-34s %12s  %-14s %s\n", "Wilayah", "Thn", "Indikator", "Nilai",
                trend ? "Perubahan" : "", "Sumber");
    rc = pl_store_indicator_list(s, "", rg, from, to, name, print_indicator, &l, &c->err);
    if (rc == 0 && c->json)
        rc = pl_cli_print_json(c, l.arr);
    else
        json_decref(l.arr);
    pl_store_close(s);
    return rc;
}
