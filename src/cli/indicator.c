/* indicator.c - `pilar indicator import|list`: statistics office indicators. */
#include "cli/cli.h"
#include "domain/numfmt.h"
#include "io/rakor_json.h"
#include "io/table_reader.h"
#include "service/report.h"
#include "store/indicator.h"
#include "store/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { COL_REGION, COL_YEAR, COL_NAME, COL_VALUE, COL_SOURCE, COL__MAX };
static const char *const col_names[COL__MAX] = {[COL_REGION] = "kode_wilayah",
                                                [COL_YEAR] = "tahun",
                                                [COL_NAME] = "indikator",
                                                [COL_VALUE] = "nilai",
                                                [COL_SOURCE] = "sumber"};

/* Reads "6,68" or "6.68" (one decimal separator, no grouping). */
static bool parse_value(double *out, const char *s)
{
    char buf[64];
    if (s == NULL || s[0] == '\0' || strlen(s) >= sizeof buf)
        return false;
    snprintf(buf, sizeof buf, "%s", s);
    if (strchr(buf, ',') && strchr(buf, '.'))
        return false;
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    char *end = NULL;
    double v = strtod(buf, &end);
    if (end == buf || *end != '\0' || !isfinite(v))
        return false;
    *out = v;
    return true;
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
    pl_table_reader *t = NULL;
    pl_store *s = NULL;
    json_t *errors = json_array();
    long ok = 0, replaced = 0, bad = 0;
    int rc = pl_table_open(&t, path, NULL, &c->err);
    if (rc)
        goto out;
    if ((rc = pl_cli_open(c, &s, 0)))
        goto out;
    char **f;
    size_t nf;
    int idx[COL__MAX];
    rc = pl_table_next(t, &f, &nf, &c->err);
    if (rc <= 0) {
        if (rc == 0)
            rc = pl_error_set(&c->err, PL_EINVAL, "berkas", "berkas kosong");
        goto out;
    }
    for (int k = 0; k < COL__MAX; k++) {
        idx[k] = -1;
        for (size_t j = 0; j < nf; j++)
            if (strcasecmp(f[j], col_names[k]) == 0)
                idx[k] = (int)j;
        if (idx[k] < 0 && k != COL_SOURCE) {
            rc = pl_error_set(&c->err, PL_EINVAL, col_names[k],
                              "kolom '%s' tidak ada di baris judul (wajib: kode_wilayah, tahun, "
                              "indikator, nilai; pilihan: sumber)",
                              col_names[k]);
            goto out;
        }
    }
    if ((rc = pl_store_begin(s, &c->err)))
        goto out;
    while ((rc = pl_table_next(t, &f, &nf, &c->err)) > 0) {
        long row = pl_table_row_number(t);
        const char *v[COL__MAX];
        for (int k = 0; k < COL__MAX; k++)
            v[k] = idx[k] >= 0 && (size_t)idx[k] < nf ? f[idx[k]] : "";
        pl_indicator in = {0};
        const char *field = NULL;
        char reason[256] = "", field_buf[64];
        char *end = NULL;
        if (pl_region_code_normalize(in.region, v[COL_REGION]) < 0) {
            field = col_names[COL_REGION];
            snprintf(reason, sizeof reason, "kode wilayah '%s' tidak dapat dibaca", v[COL_REGION]);
        } else if ((in.year = (int)strtol(v[COL_YEAR], &end, 10)) < 1900 || in.year > 2200 ||
                   *end) {
            field = col_names[COL_YEAR];
            snprintf(reason, sizeof reason, "tahun '%s' tidak sah", v[COL_YEAR]);
        } else if (pl_indicator_find(v[COL_NAME]) < 0) {
            field = col_names[COL_NAME];
            snprintf(reason, sizeof reason,
                     "indikator '%s' tidak dikenal (persentase_penduduk_miskin, "
                     "jumlah_penduduk_miskin, ipm, gini, inflasi, pertumbuhan_ekonomi, tpt)",
                     v[COL_NAME]);
        } else if (!parse_value(&in.value, v[COL_VALUE])) {
            field = col_names[COL_VALUE];
            snprintf(reason, sizeof reason, "nilai '%s' bukan angka", v[COL_VALUE]);
        } else {
            int k = pl_indicator_find(v[COL_NAME]);
            snprintf(in.name, sizeof in.name, "%s", pl_indicator_def_get(k)->slug);
            snprintf(in.source, sizeof in.source, "%s", v[COL_SOURCE]);
            if (pl_indicator_def_get(k)->percent && (in.value < -100 || in.value > 100)) {
                field = col_names[COL_VALUE];
                snprintf(reason, sizeof reason, "persentase %s di luar -100..100", v[COL_VALUE]);
            } else if (k == PL_IND_GINI && (in.value < 0 || in.value > 1)) {
                field = col_names[COL_VALUE];
                snprintf(reason, sizeof reason, "rasio Gini %s di luar 0..1", v[COL_VALUE]);
            }
        }
        if (field == NULL) {
            bool rep = false;
            pl_error e;
            pl_error_clear(&e);
            int r2 = pl_store_indicator_put(s, &c->actor, "", &in, &rep, &e);
            if (r2 == PL_EINVAL || r2 == PL_EDENIED) {
                snprintf(field_buf, sizeof field_buf, "%s", e.field[0] ? e.field : "kode_wilayah");
                field = field_buf;
                snprintf(reason, sizeof reason, "%s", e.message);
            } else if (r2) {
                c->err = e;
                rc = r2;
                pl_store_rollback(s);
                goto out;
            } else {
                ok++;
                replaced += rep;
            }
        }
        if (field) {
            bad++;
            json_array_append_new(errors, json_pack("{s:I,s:s,s:s}", "baris", (json_int_t)row,
                                                    "kolom", field, "alasan", reason));
        }
    }
    if (rc < 0) {
        pl_store_rollback(s);
        goto out;
    }
    rc = dry ? (pl_store_rollback(s), 0) : pl_store_commit(s, &c->err);
    if (rc)
        goto out;
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
    pl_table_close(t);
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
        char v[PL_NUMFMT_MAX], d[PL_NUMFMT_MAX] = "";
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
