/* indicator.c - statistics office indicators from a table into the store. */
#include "service/indicator.h"
#include "domain/region_code.h"
#include "io/table_reader.h"
#include "service/report.h"
#include "store/indicator.h"

#include <math.h>
#include <stdio.h>
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

/* Finds each column in the header row f[nf]; sumber is optional. */
static int map_header(int idx[COL__MAX], char **f, size_t nf, pl_error *err)
{
    for (int k = 0; k < COL__MAX; k++) {
        idx[k] = -1;
        for (size_t j = 0; j < nf; j++)
            if (strcasecmp(f[j], col_names[k]) == 0)
                idx[k] = (int)j;
        if (idx[k] < 0 && k != COL_SOURCE)
            return pl_error_set(err, PL_EINVAL, col_names[k],
                                "kolom '%s' tidak ada di baris judul (wajib: kode_wilayah, tahun, "
                                "indikator, nilai; pilihan: sumber)",
                                col_names[k]);
    }
    return 0;
}

/* Validates one row into *in; on a problem returns its column and fills reason. */
static const char *check_row(pl_indicator *in, const char *const v[COL__MAX], char *reason,
                             size_t cap)
{
    char *end = NULL;
    if (pl_region_code_normalize(in->region, v[COL_REGION]) < 0) {
        snprintf(reason, cap, "kode wilayah '%s' tidak dapat dibaca", v[COL_REGION]);
        return col_names[COL_REGION];
    }
    if ((in->year = (int)strtol(v[COL_YEAR], &end, 10)) < 1900 || in->year > 2200 || *end) {
        snprintf(reason, cap, "tahun '%s' tidak sah", v[COL_YEAR]);
        return col_names[COL_YEAR];
    }
    int k = pl_indicator_find(v[COL_NAME]);
    if (k < 0) {
        snprintf(reason, cap,
                 "indikator '%s' tidak dikenal (persentase_penduduk_miskin, "
                 "jumlah_penduduk_miskin, ipm, gini, inflasi, pertumbuhan_ekonomi, tpt)",
                 v[COL_NAME]);
        return col_names[COL_NAME];
    }
    if (!parse_value(&in->value, v[COL_VALUE])) {
        snprintf(reason, cap, "nilai '%s' bukan angka", v[COL_VALUE]);
        return col_names[COL_VALUE];
    }
    snprintf(in->name, sizeof in->name, "%s", pl_indicator_def_get(k)->slug);
    snprintf(in->source, sizeof in->source, "%s", v[COL_SOURCE]);
    if (pl_indicator_def_get(k)->percent && (in->value < -100 || in->value > 100)) {
        snprintf(reason, cap, "persentase %s di luar -100..100", v[COL_VALUE]);
        return col_names[COL_VALUE];
    }
    if (k == PL_IND_GINI && (in->value < 0 || in->value > 1)) {
        snprintf(reason, cap, "rasio Gini %s di luar 0..1", v[COL_VALUE]);
        return col_names[COL_VALUE];
    }
    return NULL;
}

/* Reads, checks and writes every data row; refused rows go to reject. */
static int import_rows(pl_indicator_import_result *out, pl_store *s, const pl_actor *who,
                       const char *scope, pl_table_reader *t, const int idx[COL__MAX],
                       pl_indicator_reject_cb reject, void *ctx, pl_error *err)
{
    char **f;
    size_t nf;
    int rc;
    while ((rc = pl_table_next(t, &f, &nf, err)) > 0) {
        const char *v[COL__MAX];
        for (int k = 0; k < COL__MAX; k++)
            v[k] = idx[k] >= 0 && (size_t)idx[k] < nf ? f[idx[k]] : "";
        pl_indicator in = {0};
        char reason[sizeof((pl_error *)0)->message] = "", field_buf[64];
        const char *field = check_row(&in, v, reason, sizeof reason);
        if (field == NULL) {
            bool rep = false;
            pl_error e;
            pl_error_clear(&e);
            int r2 = pl_store_indicator_put(s, who, scope, &in, &rep, &e);
            if (r2 == PL_EINVAL || r2 == PL_EDENIED) {
                snprintf(field_buf, sizeof field_buf, "%s",
                         e.field[0] ? e.field : col_names[COL_REGION]);
                field = field_buf;
                snprintf(reason, sizeof reason, "%s", e.message);
            } else if (r2) {
                *err = e;
                return r2;
            } else {
                out->stored++;
                out->replaced += rep;
            }
        }
        if (field) {
            out->rejected++;
            if (reject && (rc = reject(ctx, pl_table_row_number(t), field, reason)))
                return pl_error_set(err, rc, "", "baris yang ditolak tidak dapat dicatat");
        }
    }
    return rc;
}

int pl_indicator_import(pl_indicator_import_result *out, pl_store *s, const pl_actor *who,
                        const char *scope, const char *path, bool dry_run,
                        pl_indicator_reject_cb reject, void *ctx, pl_error *err)
{
    memset(out, 0, sizeof *out);
    pl_table_reader *t = NULL;
    char **f;
    size_t nf;
    int idx[COL__MAX];
    int rc = pl_table_open(&t, path, NULL, err);
    if (rc)
        return rc;
    rc = pl_table_next(t, &f, &nf, err);
    if (rc == 0)
        rc = pl_error_set(err, PL_EINVAL, "berkas", "berkas kosong");
    if (rc < 0 || (rc = map_header(idx, f, nf, err)) || (rc = pl_store_begin(s, err)))
        goto out;
    rc = import_rows(out, s, who, scope, t, idx, reject, ctx, err);
    if (rc || dry_run)
        pl_store_rollback(s);
    else
        rc = pl_store_commit(s, err);
out:
    pl_table_close(t);
    return rc;
}
