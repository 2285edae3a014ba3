/* pmt_json.c - JSON and CSV of the welfare ranking's answers (see pmt_json.h). */
#include "io/pmt_json.h"
#include "domain/suppress.h"
#include "io/csv_writer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char pl_cek_objection_text[] =
    "Jika data ini tidak sesuai (keluarga Anda layak tetapi tidak terdaftar, atau terdaftar "
    "tetapi tidak layak), ajukan sanggahan di Dinas Sosial kabupaten/kota atau kantor "
    "desa/kelurahan Anda dengan membawa KTP dan Kartu Keluarga.";

/* A value as JSON: a string for options, a number otherwise; null when unknown. */
static json_t *value_json(const pl_pmt_values *v, int var)
{
    if (!v->has[var])
        return json_null();
    const pl_pmt_var_def *d = pl_pmt_var_get(var);
    if (d->kind == PL_PMT_ENUM) {
        char code[64];
        pl_pmt_value_code(code, sizeof code, var, v->v[var]);
        return json_string(code);
    }
    if (d->kind == PL_PMT_BOOL)
        return json_boolean(v->v[var] != 0);
    if (d->integer)
        return json_integer((json_int_t)v->v[var]);
    return json_real(round(v->v[var] * 1e4) / 1e4);
}

static json_t *score_json(const pl_pmt_score_row *r)
{
    json_t *ex = json_loads(r->explain, 0, NULL);
    return json_pack("{s:I,s:s,s:f,s:i,s:s,s:s,s:i,s:o}", "run_id", (json_int_t)r->run_id, "at",
                     r->at, "score", round(r->score * 1e6) / 1e6, "desil", r->decile, "province",
                     r->province, "model_region", r->model_region, "model_version",
                     r->model_version, "contributions", ex ? ex : json_array());
}

json_t *pl_pmt_household_json(const pl_pmt_household *h)
{
    json_t *vars = json_object(), *computed = json_object(), *lines = json_array(),
           *hist = json_array();
    for (int v = 0; v < PL_PMT_VAR__MAX; v++)
        json_object_set_new(v < PL_PMT_ENTERED__MAX ? vars : computed, pl_pmt_var_get(v)->code,
                            value_json(v < PL_PMT_ENTERED__MAX ? &h->socio.vals : &h->all, v));
    for (int i = 0; i < h->n_explain; i++)
        json_array_append_new(lines, json_string(h->explain[i]));
    for (size_t i = 0; i < h->n_history; i++)
        json_array_append_new(hist, score_json(&h->history[i]));
    json_t *o = json_pack("{s:I,s:o,s:o,s:o,s:i,s:s}", "household_id", (json_int_t)h->hh.id,
                          "variables", vars, "computed", computed, "explanation", lines, "desil",
                          h->desil, "desil_band", pl_pmt_band(h->desil));
    if (o == NULL)
        return NULL;
    if (h->has_socio) {
        json_object_set_new(o, "version", json_integer((json_int_t)h->socio.version));
        json_object_set_new(o, "source", json_string(h->socio.source));
        json_object_set_new(o, "updated_at", json_string(h->socio.updated_at));
        json_object_set_new(o, "updated_by", json_string(h->socio.updated_by));
    } else {
        json_object_set_new(o, "version", json_integer(0));
    }
    json_object_set_new(o, "latest", h->has_score ? score_json(&h->latest) : json_null());
    json_object_set_new(o, "history", hist);
    return o;
}

json_t *pl_pmt_model_json(const pl_pmt_model *m)
{
    json_t *o = json_pack("{s:I,s:s,s:i,s:f,s:s,s:s,s:s}", "id", (json_int_t)m->id, "region",
                          m->region, "version", m->version, "intercept", m->intercept, "source",
                          m->source, "created_at", m->created_at, "created_by", m->created_by);
    if (o && m->n_terms > 0) {
        json_t *w = json_array();
        for (int i = 0; i < m->n_terms; i++) {
            const pl_pmt_term *t = &m->terms[i];
            const pl_pmt_var_def *d = pl_pmt_var_get(t->var);
            json_array_append_new(w, json_pack("{s:s,s:s,s:f}", "variable", d->code, "category",
                                               t->option >= 0 ? d->options[t->option].code : "",
                                               "weight", t->weight));
        }
        json_object_set_new(o, "weights", w);
    }
    return o;
}

json_t *pl_pmt_run_json(const pl_pmt_run *r)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:s}", "id", (json_int_t)r->id, "region", r->region,
                     "at", r->at, "actor", r->actor, "scored", (json_int_t)r->scored, "unscored",
                     (json_int_t)r->unscored, "reason", r->reason);
}

static json_t *count_json(long v)
{
    return pl_suppress_hidden(v) ? json_null() : json_integer(v);
}

static json_t *decile_row_json(const pl_pmt_decile_row *row)
{
    json_t *d = json_array();
    bool hidden = pl_suppress_hidden(row->total);
    for (int i = 1; i <= 10; i++) {
        json_array_append_new(d, count_json(row->n[i]));
        hidden = hidden || pl_suppress_hidden(row->n[i]);
    }
    hidden = hidden || pl_suppress_hidden(row->n[0]);
    json_t *o =
        json_pack("{s:s,s:s,s:o,s:o,s:o}", "region", row->region, "name", row->name, "deciles", d,
                  "unranked", count_json(row->n[0]), "total", count_json(row->total));
    if (o && hidden)
        json_object_set_new(o, "hidden", json_true());
    return o;
}

json_t *pl_pmt_decile_report_json(const pl_pmt_decile_report *r)
{
    json_t *items = json_array();
    for (size_t i = 0; i < r->n; i++)
        json_array_append_new(items, decile_row_json(&r->rows[i]));
    return json_pack("{s:s,s:i,s:b,s:o,s:o}", "region", r->region, "level", r->level, "suppressed",
                     r->suppressed, "items", items, "total", decile_row_json(&r->total));
}

static void count_text(char *out, size_t cap, long v)
{
    if (pl_suppress_hidden(v))
        snprintf(out, cap, "<5");
    else
        snprintf(out, cap, "%ld", v);
}

int pl_pmt_decile_report_csv(pl_buf *b, const pl_pmt_decile_report *r, pl_error *err)
{
    pl_csv_kind kinds[14] = {PL_CSV_TEXT, PL_CSV_TEXT};
    for (int i = 2; i < 14; i++)
        kinds[i] = PL_CSV_NUMBER;
    pl_csv_writer_options opt = {.kinds = kinds, .n_kinds = 14};
    pl_csv_writer *w = NULL;
    int rc = pl_csv_writer_open_buf(&w, b, &opt, err);
    if (rc)
        return rc;
    static const char *const head[14] = {
        "kode_wilayah", "nama_wilayah", "desil_1",           "desil_2",        "desil_3",
        "desil_4",      "desil_5",      "desil_6",           "desil_7",        "desil_8",
        "desil_9",      "desil_10",     "belum_diperingkat", "jumlah_keluarga"};
    rc = pl_csv_writer_row(w, head, 14, err);
    for (size_t i = 0; rc == 0 && i <= r->n; i++) {
        const pl_pmt_decile_row *row = i < r->n ? &r->rows[i] : &r->total;
        char cell[12][24];
        const char *f[14] = {row->region[0] ? row->region : "", row->name};
        for (int d = 1; d <= 10; d++) {
            count_text(cell[d - 1], sizeof cell[0], row->n[d]);
            f[d + 1] = cell[d - 1];
        }
        count_text(cell[10], sizeof cell[0], row->n[0]);
        count_text(cell[11], sizeof cell[0], row->total);
        f[12] = cell[10];
        f[13] = cell[11];
        rc = pl_csv_writer_row(w, f, 14, err);
    }
    int rc2 = pl_csv_writer_close(w, err);
    return rc ? rc : rc2;
}

json_t *pl_cek_result_json(const pl_cek_result *c)
{
    json_t *p = json_array();
    for (int i = 0; c->found && i < c->n_programs; i++)
        json_array_append_new(p, json_string(c->programs[i]));
    if (!c->found) {
        json_decref(p);
        return json_pack("{s:b,s:s,s:s}", "found", 0, "message",
                         "Data tidak ditemukan. Periksa kembali NIK dan nama lengkap sesuai KTP.",
                         "objection", pl_cek_objection_text);
    }
    return json_pack("{s:b,s:b,s:s,s:o,s:s}", "found", 1, "registered", c->registered, "desil_band",
                     c->band, "programs", p, "objection", pl_cek_objection_text);
}
