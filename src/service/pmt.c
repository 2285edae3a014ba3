/* pmt.c - welfare ranking and the public check (service/pmt.h). */
#include "service/pmt.h"
#include "domain/ident.h"
#include "domain/region_code.h"
#include "domain/suppress.h"
#include "io/table_reader.h"
#include "service/auth.h"
#include "store/audit.h"
#include "store/auth.h"
#include "store/enrolment.h"
#include "store/ident.h"
#include "store/person.h"
#include "store/region.h"
#include "util/vec.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PL_NAME_KEY_MAX 160 /* a name without spaces, upper-cased, NUL included */

/* Commits when rc is 0, else rolls back; returns rc (or the commit's failure). */
static int tx_end(pl_store *s, int rc, pl_error *err)
{
    if (rc == 0)
        return pl_store_commit(s, err);
    pl_store_rollback(s);
    return rc;
}

/* ---------------------------------------------------------------- socio */

/* The household id in scope, or PL_ENOTFOUND like a missing one. */
static int household_in_scope(pl_household *h, pl_store *s, const char *scope, int64_t id,
                              pl_error *err)
{
    int rc = pl_store_household_get(s, h, id, err);
    if (rc == 0 && !pl_region_code_in_scope(h->village_code, scope))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "id", "keluarga id %lld tidak ditemukan",
                            (long long)id);
    return rc;
}

/* Applies values (NULL = keep, "" = clear) to vals; the first bad one fails. */
static int apply_values(pl_pmt_values *vals, const char *const values[PL_PMT_ENTERED__MAX],
                        pl_error *err)
{
    for (int v = 0; v < PL_PMT_ENTERED__MAX; v++) {
        if (values[v] == NULL)
            continue;
        char reason[256];
        double x;
        bool known;
        if (pl_pmt_value_parse(&x, &known, v, values[v], reason, sizeof reason))
            return pl_error_set(err, PL_EINVAL, pl_pmt_var_get(v)->code, "%s", reason);
        vals->v[v] = known ? x : 0;
        vals->has[v] = known;
    }
    return 0;
}

int pl_pmt_socio_set(pl_socio *out, pl_store *s, const pl_actor *who, const char *scope,
                     int64_t household_id, const char *const values[PL_PMT_ENTERED__MAX],
                     int64_t version, const char *source, pl_error *err)
{
    pl_household h;
    int rc = household_in_scope(&h, s, scope, household_id, err);
    if (rc)
        return rc;
    if (source && strcmp(source, "entri") && strcmp(source, "impor") && strcmp(source, "lapangan"))
        return pl_error_set(err, PL_EINVAL, "source",
                            "sumber harus entri, impor atau lapangan (diperiksa di lapangan)");
    if ((rc = pl_store_begin(s, err)))
        return rc;
    pl_socio so;
    pl_error e;
    rc = pl_store_socio_get(s, &so, household_id, &e);
    if (rc == PL_ENOTFOUND) {
        memset(&so, 0, sizeof so);
        so.household_id = household_id;
        rc = 0;
    } else if (rc) {
        *err = e;
        goto out;
    }
    if (version >= 0 && version != so.version) {
        rc = pl_error_set(err, PL_ECONFLICT, "version",
                          "data sosial ekonomi keluarga ini baru saja diubah orang lain (versi "
                          "%lld, bukan %lld); muat ulang",
                          (long long)so.version, (long long)version);
        goto out;
    }
    if ((rc = apply_values(&so.vals, values, err)))
        goto out;
    snprintf(so.source, sizeof so.source, "%s", source ? source : "entri");
    rc = pl_store_socio_put(s, who, &so, err);
    if (rc == 0)
        *out = so;
out:
    return tx_end(s, rc, err);
}

/* Finds the columns named in a header; -1 for absent ones. */
static int header_index(char **f, size_t nf, const char *name)
{
    for (size_t j = 0; j < nf; j++)
        if (strcasecmp(f[j], name) == 0)
            return (int)j;
    return -1;
}

int pl_pmt_socio_import(pl_pmt_import_result *out, pl_store *s, const pl_actor *who,
                        const char *scope, const char *path, pl_pmt_reject_cb reject, void *ctx,
                        pl_error *err)
{
    memset(out, 0, sizeof *out);
    pl_table_reader *t = NULL;
    char **f;
    size_t nf;
    int rc = pl_table_open(&t, path, NULL, err);
    if (rc)
        return rc;
    int col[PL_PMT_ENTERED__MAX], kk = -1;
    if ((rc = pl_table_next(t, &f, &nf, err)) <= 0) {
        if (rc == 0)
            rc = pl_error_set(err, PL_EINVAL, "file", "berkas kosong: baris judul tidak ada");
        goto out;
    }
    for (int v = 0; v < PL_PMT_ENTERED__MAX; v++)
        col[v] = -1;
    for (size_t j = 0; j < nf; j++) {
        if (f[j][0] == '\0')
            continue;
        if (strcasecmp(f[j], "no_kk") == 0 || strcasecmp(f[j], "kk") == 0) {
            kk = (int)j;
            continue;
        }
        int v = pl_pmt_var_find(f[j]);
        if (v < 0 || v >= PL_PMT_ENTERED__MAX) {
            rc = pl_error_set(err, PL_EINVAL, f[j],
                              "baris 1: kolom '%s' bukan variabel sosial ekonomi yang dapat "
                              "diisi (lihat docs/internals/pmt.md)",
                              f[j]);
            goto out;
        }
        col[v] = (int)j;
    }
    if (kk < 0) {
        rc = pl_error_set(err, PL_EINVAL, "no_kk", "baris 1: kolom no_kk tidak ada");
        goto out;
    }
    while ((rc = pl_table_next(t, &f, &nf, err)) > 0) {
        out->rows++;
        const char *vals[PL_PMT_ENTERED__MAX];
        for (int v = 0; v < PL_PMT_ENTERED__MAX; v++)
            vals[v] = col[v] >= 0 && (size_t)col[v] < nf && f[col[v]][0] ? f[col[v]] : NULL;
        const char *k = (size_t)kk < nf ? f[kk] : "";
        pl_household h;
        pl_error e;
        pl_error_clear(&e);
        int r2 = pl_store_household_get_by_kk(s, &h, k, &e);
        if (r2 == 0 && !pl_region_code_in_scope(h.village_code, scope))
            r2 = PL_ENOTFOUND;
        pl_socio so;
        if (r2 == PL_ENOTFOUND)
            pl_error_set(&e, PL_EINVAL, "no_kk", "keluarga dengan No. KK %s tidak ditemukan", k);
        else if (r2 == 0)
            r2 = pl_pmt_socio_set(&so, s, who, scope, h.id, vals, -1, "impor", &e);
        if (r2 == 0) {
            out->stored++;
            continue;
        }
        if (r2 != PL_EINVAL && r2 != PL_ENOTFOUND && r2 != PL_ECONFLICT) {
            *err = e;
            rc = r2;
            goto out;
        }
        out->rejected++;
        if (reject && (r2 = reject(ctx, pl_table_row_number(t), e.field, e.message))) {
            rc = pl_error_set(err, r2, "", "baris yang ditolak tidak dapat dicatat");
            goto out;
        }
    }
out:
    pl_table_close(t);
    return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------------ models */

/* Reads a weight "0,25" / "-1.5e-2". */
static bool parse_weight(double *out, const char *text)
{
    char b[64];
    if (text == NULL || text[0] == '\0' || strlen(text) >= sizeof b)
        return false;
    snprintf(b, sizeof b, "%s", text);
    if (strchr(b, ',') && strchr(b, '.'))
        return false;
    for (char *p = b; *p; p++)
        if (*p == ',')
            *p = '.';
    char *end;
    double x = strtod(b, &end);
    if (end == b || *end || !isfinite(x))
        return false;
    *out = x;
    return true;
}

PL_VEC_DEFINE(model_vec, pl_pmt_model)

/* The model of region in v, added (empty) when new. */
static pl_pmt_model *model_for(model_vec *v, const char *region)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->v[i].region, region) == 0)
            return &v->v[i];
    pl_pmt_model *m;
    if (model_vec_add(v, &m))
        return NULL;
    memset(m, 0, sizeof *m);
    snprintf(m->region, sizeof m->region, "%s", region);
    return m;
}

enum { MC_REGION, MC_VAR, MC_CAT, MC_WEIGHT, MC__MAX };
static const char *const mcol[MC__MAX] = {"wilayah", "variabel", "kategori", "bobot"};

/* Checks one model row into its model; fills column and reason on a problem. */
static const char *model_row(model_vec *models, const char *const v[MC__MAX], const char *scope,
                             bool *has_intercept_dup, char *reason, size_t cap)
{
    char region[PL_REGION_CODE_MAX];
    *has_intercept_dup = false;
    if (pl_region_code_normalize(region, v[MC_REGION]) < 0 ||
        (pl_region_code_level(region) != 1 && pl_region_code_level(region) != 2)) {
        snprintf(reason, cap, "wilayah '%s' harus kode provinsi (64) atau kabupaten/kota (64.74)",
                 v[MC_REGION]);
        return mcol[MC_REGION];
    }
    if (!pl_region_code_in_scope(region, scope)) {
        snprintf(reason, cap, "wilayah %s di luar wilayah kerja Anda", region);
        return mcol[MC_REGION];
    }
    double w;
    if (!parse_weight(&w, v[MC_WEIGHT])) {
        snprintf(reason, cap, "bobot '%s' bukan angka", v[MC_WEIGHT]);
        return mcol[MC_WEIGHT];
    }
    pl_pmt_model *m = model_for(models, region);
    if (m == NULL) {
        snprintf(reason, cap, "memori tidak cukup");
        return mcol[MC_REGION];
    }
    if (strcasecmp(v[MC_VAR], "konstanta") == 0 || strcasecmp(v[MC_VAR], "intercept") == 0) {
        if (v[MC_CAT][0]) {
            snprintf(reason, cap, "konstanta tidak mempunyai kategori");
            return mcol[MC_CAT];
        }
        if (m->version < 0) {
            snprintf(reason, cap, "konstanta wilayah %s sudah ada", region);
            *has_intercept_dup = true;
            return mcol[MC_VAR];
        }
        m->intercept = w;
        m->version = -1; /* marks "intercept seen" until stored */
        return NULL;
    }
    int var = pl_pmt_var_find(v[MC_VAR]);
    if (var < 0) {
        snprintf(reason, cap, "variabel '%s' tidak dikenal (lihat docs/internals/pmt.md)",
                 v[MC_VAR]);
        return mcol[MC_VAR];
    }
    int opt = -1;
    if (v[MC_CAT][0]) {
        opt = pl_pmt_option_find(var, v[MC_CAT]);
        if (opt < 0 && pl_pmt_var_get(var)->kind == PL_PMT_ENUM) {
            snprintf(reason, cap, "kategori '%s' bukan pilihan %s", v[MC_CAT], v[MC_VAR]);
            return mcol[MC_CAT];
        }
        if (opt < 0) {
            snprintf(reason, cap, "%s tidak mempunyai kategori; kosongkan kolom kategori",
                     pl_pmt_var_get(var)->code);
            return mcol[MC_CAT];
        }
    }
    if (pl_pmt_model_term(m, var, opt, w, reason, cap))
        return v[MC_CAT][0] && pl_pmt_var_get(var)->kind != PL_PMT_ENUM ? mcol[MC_CAT]
                                                                        : mcol[MC_VAR];
    return NULL;
}

int pl_pmt_model_import(pl_pmt_import_result *out, pl_store *s, const pl_actor *who,
                        const char *scope, const char *path, const char *source,
                        pl_pmt_reject_cb reject, void *ctx, pl_error *err)
{
    memset(out, 0, sizeof *out);
    model_vec models = {0};
    pl_table_reader *t = NULL;
    char **f;
    size_t nf;
    int idx[MC__MAX];
    int rc = pl_table_open(&t, path, NULL, err);
    if (rc)
        return rc;
    if ((rc = pl_table_next(t, &f, &nf, err)) <= 0) {
        if (rc == 0)
            rc = pl_error_set(err, PL_EINVAL, "file", "berkas kosong: baris judul tidak ada");
        goto out;
    }
    for (int k = 0; k < MC__MAX; k++) {
        idx[k] = header_index(f, nf, mcol[k]);
        if (k == MC_REGION && idx[k] < 0)
            idx[k] = header_index(f, nf, "kode_wilayah");
        if (idx[k] < 0 && k != MC_CAT) {
            rc = pl_error_set(err, PL_EINVAL, mcol[k],
                              "baris 1: kolom '%s' tidak ada (wajib: wilayah, variabel, bobot; "
                              "pilihan: kategori)",
                              mcol[k]);
            goto out;
        }
    }
    while ((rc = pl_table_next(t, &f, &nf, err)) > 0) {
        out->rows++;
        const char *v[MC__MAX];
        for (int k = 0; k < MC__MAX; k++)
            v[k] = idx[k] >= 0 && (size_t)idx[k] < nf ? f[idx[k]] : "";
        char reason[256];
        bool dup;
        const char *column = model_row(&models, v, scope, &dup, reason, sizeof reason);
        if (column == NULL)
            continue;
        out->rejected++;
        if (reject && (rc = reject(ctx, pl_table_row_number(t), column, reason))) {
            rc = pl_error_set(err, rc, "", "baris yang ditolak tidak dapat dicatat");
            goto out;
        }
    }
    if (rc < 0)
        goto out;
    if (out->rejected) {
        rc = pl_error_set(err, PL_EINVAL, "file",
                          "model tidak disimpan: %ld baris salah (lihat daftar baris)",
                          out->rejected);
        goto out;
    }
    if (models.n == 0) {
        rc = pl_error_set(err, PL_EINVAL, "file", "berkas tidak berisi bobot");
        goto out;
    }
    for (size_t i = 0; i < models.n; i++)
        if (models.v[i].version != -1) {
            rc = pl_error_set(err, PL_EINVAL, "variabel",
                              "model wilayah %s tidak mempunyai baris konstanta",
                              models.v[i].region);
            goto out;
        }
    if ((rc = pl_store_begin(s, err)))
        goto out;
    for (size_t i = 0; i < models.n && rc == 0; i++) {
        pl_pmt_model *m = &models.v[i];
        snprintf(m->source, sizeof m->source, "%s", source ? source : "");
        if ((rc = pl_store_pmt_model_add(s, who, m, err)) == 0) {
            out->stored += m->n_terms;
            if ((size_t)out->models < sizeof out->saved / sizeof out->saved[0]) {
                out->saved[out->models] = *m;
                out->saved[out->models].n_terms = 0;
            }
            out->models++;
        }
    }
    rc = tx_end(s, rc, err);
out:
    pl_table_close(t);
    model_vec_free(&models);
    return rc < 0 ? rc : 0;
}

typedef struct list_ctx {
    const char *scope;
    pl_pmt_model_cb cb;
    void *ctx;
} list_ctx;

/* A model is visible when its region is inside the scope or covers it. */
static int list_visible(void *ctx, const pl_pmt_model *m)
{
    list_ctx *l = ctx;
    if (!pl_region_code_in_scope(m->region, l->scope) &&
        !pl_region_code_in_scope(l->scope, m->region))
        return 0;
    return l->cb(l->ctx, m);
}

int pl_pmt_model_list(pl_store *s, const char *scope, bool current_only, pl_pmt_model_cb cb,
                      void *ctx, pl_error *err)
{
    list_ctx l = {scope ? scope : "", cb, ctx};
    return pl_store_pmt_model_list(s, current_only, list_visible, &l, err);
}

/* ----------------------------------------------------------------- scoring */

typedef struct scored {
    int64_t household_id;
    int64_t model_id;
    char province[4];
    double score;
    int decile;
    int top[3];
    double top_value[3], top_contrib[3];
    int n_top;
} scored;

PL_VEC_DEFINE(scored_vec, scored)
PL_VEC_DEFINE(ranked_vec, pl_pmt_ranked)

typedef struct score_ctx {
    model_vec *models;
    scored_vec out;
    long no_data, no_model;
} score_ctx;

/* The current model with the longest region covering village, or NULL. */
static const pl_pmt_model *model_covering(const model_vec *models, const char *village)
{
    const pl_pmt_model *best = NULL;
    for (size_t i = 0; i < models->n; i++) {
        const pl_pmt_model *m = &models->v[i];
        if (pl_region_code_in_scope(village, m->region) &&
            (best == NULL || strlen(m->region) > strlen(best->region)))
            best = m;
    }
    return best;
}

static int score_one(void *ctx, const pl_pmt_subject *x)
{
    score_ctx *c = ctx;
    if (!x->has_socio) {
        c->no_data++;
        return 0;
    }
    const pl_pmt_model *m = model_covering(c->models, x->village);
    if (m == NULL) {
        c->no_model++;
        return 0;
    }
    pl_pmt_values vals = x->vals;
    pl_pmt_derive(&vals, &x->members);
    double contrib[PL_PMT_VAR__MAX];
    scored *o;
    if (scored_vec_add(&c->out, &o))
        return PL_ENOMEM;
    memset(o, 0, sizeof *o);
    o->household_id = x->household_id;
    o->model_id = m->id;
    snprintf(o->province, sizeof o->province, "%.2s", x->village);
    o->score = pl_pmt_score(m, &vals, contrib);
    o->n_top = pl_pmt_explain(o->top, 3, contrib);
    for (int i = 0; i < o->n_top; i++) {
        o->top_value[i] = vals.v[o->top[i]];
        o->top_contrib[i] = contrib[o->top[i]];
    }
    return 0;
}

/* The explanation of o as JSON text into out. */
static void explain_json(char *out, size_t cap, const scored *o)
{
    json_t *a = json_array();
    for (int i = 0; a && i < o->n_top; i++) {
        char val[64];
        pl_pmt_value_code(val, sizeof val, o->top[i], o->top_value[i]);
        json_array_append_new(a, json_pack("{s:s,s:s,s:f}", "var", pl_pmt_var_get(o->top[i])->code,
                                           "value", val, "contribution",
                                           round(o->top_contrib[i] * 1e6) / 1e6));
    }
    char *txt = a ? json_dumps(a, JSON_COMPACT) : NULL;
    snprintf(out, cap, "%s", txt && strlen(txt) < cap ? txt : "[]");
    free(txt);
    json_decref(a);
}

static int by_province(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    int c = strcmp(x->province, y->province);
    return c ? c : (x->household_id > y->household_id) - (x->household_id < y->household_id);
}

/* Ranks items[0..n) (one province) into deciles. */
static int rank_province(scored *items, size_t n)
{
    ranked_vec r = {0};
    if (ranked_vec_reserve(&r, n))
        return PL_ENOMEM;
    for (size_t i = 0; i < n; i++)
        r.v[r.n++] = (pl_pmt_ranked){items[i].household_id, items[i].score, 0};
    pl_pmt_deciles(r.v, r.n);
    /* items are by household id; r by score: find each by id (both hold the same ids). */
    for (size_t i = 0; i < r.n; i++) {
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (items[mid].household_id < r.v[i].household_id)
                lo = mid + 1;
            else
                hi = mid;
        }
        items[lo].decile = r.v[i].decile;
    }
    ranked_vec_free(&r);
    return 0;
}

static int keep_model_header(void *ctx, const pl_pmt_model *m)
{
    pl_pmt_model *x;
    if (model_vec_add(ctx, &x))
        return PL_ENOMEM;
    *x = *m;
    return 0;
}

int pl_pmt_score_run(pl_pmt_run_result *out, pl_store *s, const pl_actor *who, const char *scope,
                     const char *region, const char *reason, const char *today, pl_error *err)
{
    memset(out, 0, sizeof *out);
    scope = scope ? scope : "";
    region = region ? region : "";
    if (scope[0] && pl_region_code_level(scope) != 1)
        return pl_error_set(err, PL_EDENIED, "region",
                            "desil dihitung per provinsi: hanya peran tingkat provinsi atau admin "
                            "yang dapat menjalankan pemeringkatan");
    char reg[PL_REGION_CODE_MAX] = "";
    if (region[0]) {
        if (pl_region_code_normalize(reg, region) < 0 || pl_region_code_level(reg) != 1)
            return pl_error_set(err, PL_EINVAL, "region",
                                "wilayah pemeringkatan harus kode provinsi (mis. 64), bukan '%s'",
                                region);
        if (!pl_region_code_in_scope(reg, scope))
            return pl_error_set(err, PL_EDENIED, "region", "wilayah %s di luar wilayah kerja Anda",
                                reg);
    } else {
        snprintf(reg, sizeof reg, "%s", scope);
    }
    model_vec models = {0};
    score_ctx c = {&models, {0}, 0, 0};
    int rc = pl_store_pmt_model_list(s, true, keep_model_header, &models, err);
    if (rc)
        goto out;
    for (size_t i = 0; i < models.n && rc == 0; i++)
        rc = pl_store_pmt_model_get(s, &models.v[i], models.v[i].id, err);
    if (rc)
        goto out;
    if (models.n == 0) {
        rc = pl_error_set(err, PL_ENOTFOUND, "model",
                          "belum ada model PMT; impor model dahulu (pilar pmt model import)");
        goto out;
    }
    if ((rc = pl_store_pmt_subjects(s, reg, today, score_one, &c, err)))
        goto out;
    qsort(c.out.v, c.out.n, sizeof *c.out.v, by_province);
    for (size_t i = 0; i < c.out.n;) {
        size_t j = i;
        while (j < c.out.n && strcmp(c.out.v[j].province, c.out.v[i].province) == 0)
            j++;
        if ((rc = rank_province(c.out.v + i, j - i)))
            goto out;
        out->provinces++;
        i = j;
    }
    if ((rc = pl_store_begin(s, err)))
        goto out;
    pl_pmt_run *run = &out->run;
    snprintf(run->region, sizeof run->region, "%s", reg);
    snprintf(run->reason, sizeof run->reason, "%s", reason ? reason : "manual");
    run->scored = (long)c.out.n;
    run->unscored = c.no_data + c.no_model;
    rc = pl_store_pmt_run_add(s, who, run, err);
    for (size_t i = 0; i < c.out.n && rc == 0; i++) {
        const scored *o = &c.out.v[i];
        pl_pmt_score_row row = {.run_id = run->id,
                                .household_id = o->household_id,
                                .model_id = o->model_id,
                                .score = o->score,
                                .decile = o->decile};
        snprintf(row.province, sizeof row.province, "%s", o->province);
        explain_json(row.explain, sizeof row.explain, o);
        rc = pl_store_pmt_score_add(s, &row, err);
    }
    if (rc == 0)
        rc = pl_store_pmt_run_finish(s, who, run, &out->changed, err);
    rc = tx_end(s, rc, err);
    out->no_data = c.no_data;
    out->no_model = c.no_model;
out:
    if (rc == PL_ENOMEM && err && err->code == PL_OK)
        pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    scored_vec_free(&c.out);
    model_vec_free(&models);
    return rc;
}

int pl_pmt_run_list(pl_store *s, const char *scope, int limit, pl_pmt_run_cb cb, void *ctx,
                    pl_error *err)
{
    if (limit < 1 || limit > 1000)
        return pl_error_set(err, PL_EINVAL, "limit", "limit harus 1..1000");
    return pl_store_pmt_run_list(s, scope ? scope : "", limit, cb, ctx, err);
}

/* -------------------------------------------------------- one household */

typedef struct find_ctx {
    int64_t id;
    pl_pmt_subject *x;
    bool found;
} find_ctx;

static int find_subject(void *ctx, const pl_pmt_subject *x)
{
    find_ctx *f = ctx;
    if (x->household_id != f->id)
        return 0;
    *f->x = *x;
    f->found = true;
    return 1;
}

static int keep_history(void *ctx, const pl_pmt_score_row *r)
{
    pl_pmt_household *h = ctx;
    size_t cap = h->n_history; /* grows one at a time: a household has few runs */
    if (pl_vec_reserve(&h->history, &cap, h->n_history, 1))
        return PL_ENOMEM;
    h->history[h->n_history++] = *r;
    return 0;
}

/* The explanation lines of a stored JSON explanation. */
static void explain_lines(pl_pmt_household *h, const char *json)
{
    json_t *a = json_loads(json, 0, NULL);
    size_t i;
    json_t *e;
    json_array_foreach(a, i, e)
    {
        if (h->n_explain >= PL_PMT_EXPLAIN_MAX)
            break;
        int v = pl_pmt_var_find(json_string_value(json_object_get(e, "var")));
        const char *val = json_string_value(json_object_get(e, "value"));
        if (v < 0 || val == NULL)
            continue;
        double x =
            pl_pmt_var_get(v)->kind == PL_PMT_ENUM ? pl_pmt_option_find(v, val) : strtod(val, NULL);
        pl_pmt_explain_text(h->explain[h->n_explain++], sizeof h->explain[0], v, x,
                            json_number_value(json_object_get(e, "contribution")));
    }
    json_decref(a);
}

int pl_pmt_household_get(pl_pmt_household *out, pl_store *s, const char *scope,
                         int64_t household_id, const char *today, pl_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = household_in_scope(&out->hh, s, scope ? scope : "", household_id, err);
    if (rc)
        return rc;
    pl_pmt_subject x;
    memset(&x, 0, sizeof x);
    find_ctx f = {household_id, &x, false};
    rc = pl_store_pmt_subjects(s, out->hh.village_code, today, find_subject, &f, err);
    if (rc < 0)
        return rc;
    pl_error e;
    out->has_socio = pl_store_socio_get(s, &out->socio, household_id, &e) == 0;
    out->all = x.vals;
    pl_pmt_derive(&out->all, &x.members);
    if ((rc = pl_store_household_desil(s, household_id, &out->desil, err)))
        return rc;
    if ((rc = pl_store_pmt_score_history(s, household_id, keep_history, out, err))) {
        pl_pmt_household_free(out);
        return rc;
    }
    if (out->n_history) {
        out->has_score = true;
        out->latest = out->history[0];
        explain_lines(out, out->latest.explain);
    }
    return 0;
}

void pl_pmt_household_free(pl_pmt_household *h)
{
    if (h == NULL)
        return;
    free(h->history);
    h->history = NULL;
    h->n_history = 0;
}

/* ----------------------------------------------------------- decile report */

#define M_TOTAL 11 /* measures 0..10 are the deciles (0 = not ranked) */

static int add_decile(void *ctx, const pl_pmt_decile_count *c)
{
    pl_suppress_tree *t = ((void **)ctx)[0];
    const char *region = ((void **)ctx)[1];
    if (!pl_region_code_in_scope(c->village, region))
        return 0;
    int d = c->decile >= 1 && c->decile <= 10 ? c->decile : 0;
    int rc = pl_suppress_tree_add(t, c->village, d, c->households);
    if (rc == 0)
        rc = pl_suppress_tree_add(t, c->village, M_TOTAL, c->households);
    return rc == PL_EINVAL ? 0 : rc;
}

typedef struct region_rows {
    pl_pmt_decile_report *r;
    const pl_suppress_tree *t;
    size_t cap;
    bool personal;
} region_rows;

static void fill_row(pl_pmt_decile_row *row, const pl_suppress_tree *t, const char *code,
                     bool personal)
{
    for (int d = 0; d <= 10; d++)
        row->n[d] =
            personal ? pl_suppress_tree_value(t, code, d) : pl_suppress_tree_shown(t, code, d);
    row->total = personal ? pl_suppress_tree_value(t, code, M_TOTAL)
                          : pl_suppress_tree_shown(t, code, M_TOTAL);
}

static int add_region_row(void *ctx, const pl_region *reg)
{
    region_rows *x = ctx;
    if (pl_vec_reserve(&x->r->rows, &x->cap, x->r->n, 1))
        return PL_ENOMEM;
    pl_pmt_decile_row *row = &x->r->rows[x->r->n++];
    memset(row, 0, sizeof *row);
    snprintf(row->region, sizeof row->region, "%s", reg->code);
    snprintf(row->name, sizeof row->name, "%s", reg->name);
    fill_row(row, x->t, reg->code, x->personal);
    return 0;
}

int pl_pmt_decile_report_build(pl_pmt_decile_report *out, pl_store *s, const char *scope,
                               const char *region, int level, bool personal, pl_error *err)
{
    memset(out, 0, sizeof *out);
    scope = scope ? scope : "";
    if (level < 1 || level > 4)
        return pl_error_set(err, PL_EINVAL, "level", "level harus 1 (provinsi) .. 4 (desa)");
    char reg[PL_REGION_CODE_MAX] = "";
    if (region && region[0]) {
        if (pl_region_code_normalize(reg, region) < 0)
            return pl_error_set(err, PL_EINVAL, "region", "kode wilayah '%s' tidak sah", region);
        if (!pl_region_code_in_scope(reg, scope))
            return pl_error_set(err, PL_EDENIED, "region", "wilayah %s di luar wilayah kerja Anda",
                                reg);
    } else {
        snprintf(reg, sizeof reg, "%s", scope);
    }
    if (reg[0] && pl_region_code_level(reg) >= level)
        return pl_error_set(err, PL_EINVAL, "level", "level harus di bawah tingkat wilayah %s",
                            reg);
    snprintf(out->region, sizeof out->region, "%s", reg);
    out->level = level;
    out->suppressed = !personal;
    pl_suppress_tree *t = pl_suppress_tree_new(M_TOTAL + 1);
    if (t == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int members[11];
    for (int d = 0; d <= 10; d++)
        members[d] = d;
    /* Every region is counted (not only the caller's): hidden cells are the same for all. */
    void *ctx[2] = {t, ""};
    int rc = pl_suppress_tree_sum(t, M_TOTAL, members, 11);
    if (rc == 0)
        rc = pl_store_pmt_decile_by_village(s, add_decile, ctx, err);
    if (rc == 0 && (rc = pl_suppress_tree_run(t)))
        rc = pl_error_set(err, rc, "", "memori tidak cukup");
    region_rows x = {out, t, 0, personal};
    if (rc == 0)
        rc = pl_store_region_list(s, level, reg, add_region_row, &x, err);
    if (rc == 0) {
        snprintf(out->total.region, sizeof out->total.region, "%s", reg);
        snprintf(out->total.name, sizeof out->total.name, "Jumlah");
        fill_row(&out->total, t, reg, personal);
    }
    pl_suppress_tree_free(t);
    if (rc) {
        if (rc == PL_ENOMEM && err && err->code == PL_OK)
            pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        pl_pmt_decile_report_free(out);
    }
    return rc;
}

void pl_pmt_decile_report_free(pl_pmt_decile_report *r)
{
    if (r == NULL)
        return;
    free(r->rows);
    r->rows = NULL;
    r->n = 0;
}

/* ---------------------------------------------------------- public check */

/* name upper-cased with every space removed, into out. */
static void name_key(char *out, size_t cap, const char *name)
{
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && k + 1 < cap; p++)
        if (!isspace(*p))
            out[k++] = (char)toupper(*p);
    out[k] = '\0';
}

/* BLAKE2b-256 of a name key, so that the comparison is one fixed-length constant-time compare. */
static void name_digest(unsigned char out[32], const char *key)
{
    crypto_generichash(out, 32, (const unsigned char *)key, strlen(key), NULL, 0);
}

/* Checks the limits and counts this query under both keys (before it is answered). */
static int cek_throttle(pl_store *s, int *retry_after, const char *nik_key, const char *addr_key,
                        pl_error *err)
{
    int n_addr = 0, n_nik = 0, age_addr = 0, age_nik = 0;
    int rc = pl_store_login_failures(s, addr_key, PL_CEK_ADDR_WINDOW, &n_addr, &age_addr, err);
    if (rc == 0)
        rc = pl_store_login_failures(s, nik_key, PL_CEK_NIK_WINDOW, &n_nik, &age_nik, err);
    if (rc)
        return rc;
    if (n_addr >= PL_CEK_ADDR_MAX || n_nik >= PL_CEK_NIK_MAX) {
        *retry_after =
            n_addr >= PL_CEK_ADDR_MAX ? PL_CEK_ADDR_WINDOW - age_addr : PL_CEK_NIK_WINDOW - age_nik;
        if (*retry_after < 1)
            *retry_after = 1;
        return pl_error_set(err, PL_ELOCKED, "",
                            "terlalu banyak pemeriksaan; coba lagi dalam %d detik", *retry_after);
    }
    if ((rc = pl_store_login_failure_add(s, addr_key, err)) == 0)
        rc = pl_store_login_failure_add(s, nik_key, err);
    return rc ? pl_error_set(err, PL_EIO, "", "pemeriksaan tidak dapat dicatat; coba lagi nanti")
              : 0;
}

typedef struct cek_programs {
    pl_cek_result *out;
    const char *today;
    int64_t household_id;
    bool household_only;
} cek_programs;

static int add_program(void *ctx, const pl_enrolment_row *e)
{
    cek_programs *c = ctx;
    if (e->valid_to[0] && strcmp(e->valid_to, c->today) < 0)
        return 0;
    if (c->household_only && e->household_id != c->household_id)
        return 0;
    for (int i = 0; i < c->out->n_programs; i++)
        if (strcmp(c->out->programs[i], e->program_name) == 0)
            return 0;
    if (c->out->n_programs < PL_CEK_PROGRAMS_MAX)
        snprintf(c->out->programs[c->out->n_programs++], sizeof c->out->programs[0], "%s",
                 e->program_name);
    return 0;
}

static int find_head(void *ctx, const pl_person *p)
{
    if (strcmp(p->relationship, "kepala_keluarga") == 0 && p->death_date[0] == '\0') {
        *(int64_t *)ctx = p->id;
        return 1;
    }
    return 0;
}

int pl_pmt_public_check(pl_cek_result *out, int *retry_after, pl_store *s, const char *nik,
                        const char *name, const char *client, const char *today, pl_error *err)
{
    memset(out, 0, sizeof *out);
    *retry_after = 0;
    snprintf(out->band, sizeof out->band, "%s", pl_pmt_band(0));
    if (nik == NULL || strlen(nik) != 16 || strspn(nik, "0123456789") != 16)
        return pl_error_set(err, PL_EINVAL, "nik", "NIK harus 16 angka");
    char typed[PL_NAME_KEY_MAX];
    if (name == NULL || strlen(name) >= 128)
        return pl_error_set(err, PL_EINVAL, "nama", "nama lengkap wajib diisi (maks. 127 huruf)");
    name_key(typed, sizeof typed, name);
    if (typed[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "nama", "nama lengkap wajib diisi (maks. 127 huruf)");
    unsigned char key[PL_IDENT_KEY_LEN];
    int rc = pl_store_ident_key(s, key, err);
    if (rc)
        return rc;
    pl_ident_view view = {.pseudonym = true};
    memcpy(view.key, key, sizeof key);
    char ps[PL_IDENT_TEXT_MAX];
    const char *pseudo = pl_ident_text(ps, &view, PL_IDENT_NIK, nik);
    char nik_key[64], addr_key[96];
    snprintf(nik_key, sizeof nik_key, "cek-nik:%s", pseudo);
    snprintf(addr_key, sizeof addr_key, "cek-addr:%.80s", client ? client : "");
    if ((rc = cek_throttle(s, retry_after, nik_key, addr_key, err)))
        goto out;

    /* The same steps whatever the outcome: one lookup, one fixed-length comparison. */
    pl_person p;
    pl_error e;
    bool known = pl_store_person_get_by_nik(s, &p, nik, &e) == 0;
    char stored[PL_NAME_KEY_MAX];
    name_key(stored, sizeof stored, known ? p.name : "-");
    unsigned char a[32], b[32];
    name_digest(a, typed);
    name_digest(b, stored);
    bool match = pl_auth_equal(a, b, sizeof a);
    bool alive = known && p.death_date[0] == '\0' && strcmp(p.state, "rejected") != 0;
    out->found = known && match && alive;
    const char *outcome = out->found       ? "cocok"
                          : known && alive ? "nama_tidak_cocok"
                          : known          ? "tidak_berlaku"
                                           : "tidak_dikenal";
    if (out->found && p.household_id) {
        pl_household h;
        if (pl_store_household_get(s, &h, p.household_id, &e) == 0 &&
            strcmp(h.state, "rejected") != 0) {
            out->registered = true;
            pl_store_household_desil(s, h.id, &out->desil, &e);
            snprintf(out->band, sizeof out->band, "%s", pl_pmt_band(out->desil));
        }
    }
    if (out->found) {
        cek_programs c = {out, today, p.household_id, false};
        if ((rc = pl_store_enrolment_list_person(s, p.id, add_program, &c, err)))
            goto out;
        int64_t head = 0;
        if (p.household_id &&
            pl_store_household_members(s, p.household_id, find_head, &head, &e) >= 0 && head &&
            head != p.id) {
            c.household_only = true;
            if ((rc = pl_store_enrolment_list_person(s, head, add_program, &c, err)))
                goto out;
        }
    }
    json_t *after = json_pack("{s:s,s:s}", "nik", pseudo, "result", outcome);
    char *txt = after ? json_dumps(after, JSON_COMPACT) : NULL;
    json_decref(after);
    pl_actor who = {"publik", client ? client : ""};
    rc = txt ? pl_store_audit_add(s, &who, "cek_bansos", "person", out->found ? p.id : 0, NULL, txt,
                                  err)
             : pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    free(txt);
    if (rc)
        rc = pl_error_set(err, PL_EIO, "", "pemeriksaan tidak dapat dicatat; coba lagi nanti");
out:
    sodium_memzero(key, sizeof key);
    sodium_memzero(&view, sizeof view);
    if (rc) {
        int keep = *retry_after;
        memset(out, 0, sizeof *out);
        *retry_after = keep;
    }
    return rc;
}
