/* pmt.c - socio-economic variables, PMT models, scoring runs and deciles (store/pmt.h). */
#include "store/pmt.h"
#include "store/sqlite/internal.h"

#include <stdio.h>
#include <string.h>

/* The entered variables in pl_pmt_var order (domain/pmt.h). */
#define SOCIO_VARS                                                                                 \
    "status_bangunan, luas_lantai, lantai, dinding, atap, sumber_air, fasilitas_bab, "             \
    "penerangan, bahan_bakar, pendidikan_kepala, anggota_bekerja, lemari_es, ac, pemanas_air, "    \
    "televisi, komputer, emas, sepeda_motor, mobil, perahu_motor, lahan, rumah_lain, "             \
    "ternak_besar"
#define SOCIO_VARS_N 23
_Static_assert(SOCIO_VARS_N == PL_PMT_ENTERED__MAX, "SOCIO_VARS must list every entered variable");

/* Reads the entered variables from columns first.. of st into vals. */
static void read_vals(pl_pmt_values *vals, sqlite3_stmt *st, int first)
{
    for (int v = 0; v < PL_PMT_ENTERED__MAX; v++) {
        int c = first + v;
        if (sqlite3_column_type(st, c) == SQLITE_NULL)
            continue;
        const pl_pmt_var_def *d = pl_pmt_var_get(v);
        if (d->kind == PL_PMT_ENUM) {
            int o = pl_pmt_option_find(v, (const char *)sqlite3_column_text(st, c));
            if (o < 0)
                continue;
            vals->v[v] = o;
        } else {
            vals->v[v] = sqlite3_column_double(st, c);
        }
        vals->has[v] = true;
    }
}

/* Binds the entered variables of vals to parameters first.. of st. */
static void bind_vals(sqlite3_stmt *st, int first, const pl_pmt_values *vals)
{
    for (int v = 0; v < PL_PMT_ENTERED__MAX; v++) {
        int i = first + v;
        const pl_pmt_var_def *d = pl_pmt_var_get(v);
        if (!vals->has[v])
            sqlite3_bind_null(st, i);
        else if (d->kind == PL_PMT_ENUM)
            sqlite3_bind_text(st, i, d->options[(int)vals->v[v]].code, -1, SQLITE_STATIC);
        else if (d->kind == PL_PMT_BOOL || d->integer)
            sqlite3_bind_int64(st, i, (sqlite3_int64)vals->v[v]);
        else
            sqlite3_bind_double(st, i, vals->v[v]);
    }
}

static void row_to_socio(pl_socio *so, sqlite3_stmt *st)
{
    memset(so, 0, sizeof *so);
    so->household_id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(so->source, sizeof so->source, st, 1);
    so->version = sqlite3_column_int64(st, 2);
    pl_sq_col_text(so->updated_at, sizeof so->updated_at, st, 3);
    pl_sq_col_text(so->updated_by, sizeof so->updated_by, st, 4);
    read_vals(&so->vals, st, 5);
}

int pl_sq_socio_get(pl_sq_store *s, pl_socio *out, int64_t household_id, pl_error *err)
{
    static const char sql[] =
        "SELECT household_id, source, version, updated_at, updated_by, " SOCIO_VARS
        " FROM household_socio WHERE household_id = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, household_id);
    rc = pl_sq_row(s, st, "household_socio", err);
    if (rc != 1)
        return rc ? rc
                  : pl_error_set(err, PL_ENOTFOUND, "household_id",
                                 "data sosial ekonomi keluarga belum diisi");
    row_to_socio(out, st);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_socio_put(pl_sq_store *s, const pl_actor *who, pl_socio *so, pl_error *err)
{
    static const char ins[] =
        "INSERT INTO household_socio(household_id, source, version, updated_at, "
        "updated_by, " SOCIO_VARS ") SELECT ?1, ?2, 1, " PL_SQ_NOW ", pl_actor(), "
        "?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25 "
        "WHERE EXISTS (SELECT 1 FROM household WHERE id = ?1)";
    static const char upd[] =
        "UPDATE household_socio SET source = ?2, version = version + 1, updated_at = " PL_SQ_NOW
        ", updated_by = pl_actor(), status_bangunan = ?3, luas_lantai = ?4, lantai = ?5, "
        "dinding = ?6, atap = ?7, sumber_air = ?8, fasilitas_bab = ?9, penerangan = ?10, "
        "bahan_bakar = ?11, pendidikan_kepala = ?12, anggota_bekerja = ?13, lemari_es = ?14, "
        "ac = ?15, pemanas_air = ?16, televisi = ?17, komputer = ?18, emas = ?19, "
        "sepeda_motor = ?20, mobil = ?21, perahu_motor = ?22, lahan = ?23, rumah_lain = ?24, "
        "ternak_besar = ?25 WHERE household_id = ?1 AND version = ?26";
    sqlite3_stmt *st;
    bool insert = so->version == 0;
    int rc = pl_sq_ready_as(s, who, &st, insert ? ins : upd, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, so->household_id);
    sqlite3_bind_text(st, 2, so->source[0] ? so->source : "entri", -1, SQLITE_STATIC);
    bind_vals(st, 3, &so->vals);
    if (!insert)
        sqlite3_bind_int64(st, 26, so->version);
    if ((rc = pl_sq_done(s, st, err, "household_socio"))) {
        if (rc == PL_ECONFLICT && insert)
            return pl_error_set(err, PL_ECONFLICT, "version",
                                "data sosial ekonomi keluarga ini sudah ada; muat ulang lalu "
                                "ubah (sertakan versinya)");
        return rc;
    }
    if (sqlite3_changes(s->db) == 0) {
        if (insert)
            return pl_error_set(err, PL_EINVAL, "household_id", "keluarga tidak ditemukan");
        return pl_error_set(err, PL_ECONFLICT, "version",
                            "data sosial ekonomi keluarga ini baru saja diubah orang lain; muat "
                            "ulang");
    }
    pl_socio now;
    if ((rc = pl_sq_socio_get(s, &now, so->household_id, err)))
        return rc;
    *so = now;
    return 0;
}

/* ------------------------------------------------------------------ models */

#define MODEL_COLS "id, region, version, intercept, source, created_at, created_by"

static void row_to_model(pl_pmt_model *m, sqlite3_stmt *st)
{
    m->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(m->region, sizeof m->region, st, 1);
    m->version = sqlite3_column_int(st, 2);
    m->intercept = sqlite3_column_double(st, 3);
    pl_sq_col_text(m->source, sizeof m->source, st, 4);
    pl_sq_col_text(m->created_at, sizeof m->created_at, st, 5);
    pl_sq_col_text(m->created_by, sizeof m->created_by, st, 6);
}

int pl_sq_pmt_model_add(pl_sq_store *s, const pl_actor *who, pl_pmt_model *m, pl_error *err)
{
    static const char ins[] =
        "INSERT INTO pmt_model(region, version, intercept, source, created_at, created_by) "
        "VALUES(?1, (SELECT coalesce(max(version), 0) + 1 FROM pmt_model WHERE region = ?1), "
        "?2, ?3, " PL_SQ_NOW ", pl_actor())";
    static const char wins[] =
        "INSERT INTO pmt_weight(model_id, variable, category, weight) VALUES(?1, ?2, ?3, ?4)";
    static const char audit[] =
        "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) "
        "SELECT " PL_SQ_NOW ", pl_actor(), pl_client(), 'pmt_model_import', 'pmt_model', id, "
        "NULL, json_object('region', region, 'version', version, 'intercept', intercept, "
        "'source', source, 'weights', (SELECT count(*) FROM pmt_weight WHERE model_id = ?1)) "
        "FROM pmt_model WHERE id = ?1";
    bool own = false;
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, ins, err);
    if (rc)
        return rc;
    if ((rc = pl_sq_tx_begin(s, &own, err)))
        return rc;
    sqlite3_bind_text(st, 1, m->region, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 2, m->intercept);
    sqlite3_bind_text(st, 3, m->source, -1, SQLITE_STATIC);
    if ((rc = pl_sq_insert(s, st, &m->id, "pmt_model", err)))
        goto fail;
    for (int i = 0; i < m->n_terms; i++) {
        const pl_pmt_term *t = &m->terms[i];
        const pl_pmt_var_def *d = pl_pmt_var_get(t->var);
        PL_SQ_TX_STEP(wins,
                      (sqlite3_bind_int64(st_, 1, m->id),
                       sqlite3_bind_text(st_, 2, d->code, -1, SQLITE_STATIC),
                       sqlite3_bind_text(st_, 3, t->option >= 0 ? d->options[t->option].code : "",
                                         -1, SQLITE_STATIC),
                       sqlite3_bind_double(st_, 4, t->weight)),
                      "pmt_weight");
    }
    PL_SQ_TX_STEP(audit, sqlite3_bind_int64(st_, 1, m->id), "audit");
    {
        static const char get[] = "SELECT " MODEL_COLS " FROM pmt_model WHERE id = ?1";
        sqlite3_stmt *g = pl_sq_stmt(s, get, err);
        if (g == NULL) {
            rc = PL_EINTERNAL;
            goto fail;
        }
        sqlite3_bind_int64(g, 1, m->id);
        if ((rc = pl_sq_row(s, g, "pmt_model", err)) == 1) {
            row_to_model(m, g);
            sqlite3_reset(g);
            rc = 0;
        } else if (rc == 0)
            rc = pl_error_set(err, PL_EINTERNAL, "", "model baru hilang");
    }
fail:
    return pl_sq_tx_end(s, own, rc, err);
}

static void read_model(pl_pmt_model *m, sqlite3_stmt *st)
{
    row_to_model(m, st);
}

PL_SQ_ROWS(model_rows, pl_pmt_model, pl_pmt_model_cb, read_model, "pmt_model");

int pl_sq_pmt_model_list(pl_sq_store *s, bool current_only, pl_pmt_model_cb cb, void *ctx,
                         pl_error *err)
{
    static const char all[] = "SELECT " MODEL_COLS " FROM pmt_model ORDER BY region, version";
    static const char cur[] = "SELECT " MODEL_COLS " FROM pmt_model m WHERE version = "
                              "(SELECT max(version) FROM pmt_model WHERE region = m.region) "
                              "ORDER BY region";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, current_only ? cur : all, err);
    if (rc)
        return rc;
    return pl_sq_each(s, st, &model_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_pmt_model_get(pl_sq_store *s, pl_pmt_model *out, int64_t id, pl_error *err)
{
    static const char get[] = "SELECT " MODEL_COLS " FROM pmt_model WHERE id = ?1";
    static const char terms[] =
        "SELECT variable, category, weight FROM pmt_weight WHERE model_id = ?1 "
        "ORDER BY variable, category";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, get, err);
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    sqlite3_bind_int64(st, 1, id);
    if ((rc = pl_sq_row(s, st, "pmt_model", err)) != 1)
        return rc ? rc
                  : pl_error_set(err, PL_ENOTFOUND, "model", "model PMT id %lld tidak ditemukan",
                                 (long long)id);
    row_to_model(out, st);
    sqlite3_reset(st);
    PL_SQ_PREP(t, terms);
    sqlite3_bind_int64(t, 1, id);
    while ((rc = sqlite3_step(t)) == SQLITE_ROW) {
        int v = pl_pmt_var_find((const char *)sqlite3_column_text(t, 0));
        const char *cat = (const char *)sqlite3_column_text(t, 1);
        int o = cat && cat[0] ? pl_pmt_option_find(v, cat) : -1;
        if (v < 0 || (cat && cat[0] && o < 0) || out->n_terms >= PL_PMT_TERMS_MAX)
            continue; /* a variable this build no longer knows */
        out->terms[out->n_terms++] = (pl_pmt_term){v, o, sqlite3_column_double(t, 2)};
    }
    sqlite3_reset(t);
    return rc == SQLITE_DONE ? 0 : pl_sq_step_error(s, rc, err, "pmt_weight");
}

/* ---------------------------------------------------------------- subjects */

static void row_to_subject(pl_pmt_subject *x, sqlite3_stmt *st)
{
    x->household_id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(x->village, sizeof x->village, st, 1);
    x->has_socio = sqlite3_column_int(st, 2) != 0;
    x->members.living = sqlite3_column_int(st, 3);
    x->members.working_age = sqlite3_column_int(st, 4);
    x->members.dependants = sqlite3_column_int(st, 5);
    x->members.disabled = sqlite3_column_int(st, 6);
    x->members.head_female = sqlite3_column_int(st, 7) != 0;
    x->members.head_known = sqlite3_column_int(st, 8) != 0;
    if (x->has_socio)
        read_vals(&x->vals, st, 9);
}

PL_SQ_ROWS(subject_rows, pl_pmt_subject, pl_pmt_subject_cb, row_to_subject, "household");

int pl_sq_pmt_subjects(pl_sq_store *s, const char *region, const char *today, pl_pmt_subject_cb cb,
                       void *ctx, pl_error *err)
{
    /* Age in whole years on ?2 from a YYYY-MM-DD birth date; NULL when unknown. */
#define AGE                                                                                        \
    "CASE WHEN p.birth_date IS NULL OR length(p.birth_date) < 10 THEN NULL ELSE "                  \
    "CAST(substr(?2, 1, 4) AS INTEGER) - CAST(substr(p.birth_date, 1, 4) AS INTEGER) - "           \
    "(substr(?2, 6, 5) < substr(p.birth_date, 6, 5)) END"
    static const char sql[] =
        "SELECT h.id, h.village_code, so.id IS NOT NULL, coalesce(m.living, 0), "
        "coalesce(m.wa, 0), coalesce(m.dep, 0), coalesce(m.dis, 0), coalesce(m.head_f, 0), "
        "coalesce(m.head, 0), " SOCIO_VARS " FROM household h "
        "LEFT JOIN household_socio so ON so.household_id = h.id "
        "LEFT JOIN (SELECT a.household_id AS hid, count(*) AS living, "
        "sum(a.age BETWEEN 15 AND 64) AS wa, sum(a.age < 15 OR a.age > 64) AS dep, "
        "sum(a.disability <> '') AS dis, "
        "max(a.relationship = 'kepala_keluarga' AND a.sex = 'P') AS head_f, "
        "max(a.relationship = 'kepala_keluarga') AS head "
        "FROM (SELECT p.household_id, p.disability, p.relationship, p.sex, " AGE " AS age "
        "FROM person p LEFT JOIN person_merged pm ON pm.person_id = p.id "
        "WHERE p.household_id IS NOT NULL AND p.death_date IS NULL AND pm.person_id IS NULL "
        "AND p.state <> 'rejected' AND " PL_SQ_IN_PREFIX(
            "p.village_code", "?1") ") a "
                                    "GROUP BY a.household_id) m ON m.hid = h.id "
                                    "WHERE h.state <> 'rejected' AND " PL_SQ_IN_PREFIX(
                                        "h.village_code", "?1") " ORDER BY h.id";
#undef AGE
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, region ? region : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
    return pl_sq_each(s, st, &subject_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* -------------------------------------------------------------------- runs */

int pl_sq_pmt_run_add(pl_sq_store *s, const pl_actor *who, pl_pmt_run *run, pl_error *err)
{
    static const char sql[] = "INSERT INTO pmt_run(region, at, actor, reason) VALUES(?1, " PL_SQ_NOW
                              ", pl_actor(), ?2) RETURNING id, at, actor";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, run->region, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, run->reason, -1, SQLITE_STATIC);
    if ((rc = pl_sq_row(s, st, "pmt_run", err)) != 1)
        return rc ? rc : pl_error_set(err, PL_EINTERNAL, "", "run PMT tidak tersimpan");
    run->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(run->at, sizeof run->at, st, 1);
    pl_sq_col_text(run->actor, sizeof run->actor, st, 2);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_pmt_score_add(pl_sq_store *s, const pl_pmt_score_row *sc, pl_error *err)
{
    static const char sql[] = "INSERT INTO pmt_score(run_id, household_id, model_id, province, "
                              "score, decile, explain) VALUES(?1,?2,?3,?4,?5,?6,?7)";
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int64(st, 1, sc->run_id);
    sqlite3_bind_int64(st, 2, sc->household_id);
    sqlite3_bind_int64(st, 3, sc->model_id);
    sqlite3_bind_text(st, 4, sc->province, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 5, sc->score);
    sqlite3_bind_int(st, 6, sc->decile);
    sqlite3_bind_text(st, 7, sc->explain[0] ? sc->explain : "[]", -1, SQLITE_STATIC);
    return pl_sq_done(s, st, err, "pmt_score");
}

int pl_sq_pmt_run_finish(pl_sq_store *s, const pl_actor *who, const pl_pmt_run *run, long *changed,
                         pl_error *err)
{
    static const char counts[] = "UPDATE pmt_run SET scored = ?2, unscored = ?3 WHERE id = ?1";
    static const char audit_desil[] =
        "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) "
        "SELECT " PL_SQ_NOW ", pl_actor(), pl_client(), 'pmt_desil', 'household', h.id, "
        "json_object('desil', h.desil), json_object('desil', sc.decile, 'run_id', sc.run_id, "
        "'score', sc.score) FROM pmt_score sc JOIN household h ON h.id = sc.household_id "
        "WHERE sc.run_id = ?1 AND h.desil IS NOT sc.decile ORDER BY h.id";
    static const char set_desil[] =
        "UPDATE household SET desil = (SELECT sc.decile FROM pmt_score sc WHERE sc.run_id = ?1 "
        "AND sc.household_id = household.id), version = version + 1, updated_at = " PL_SQ_NOW
        " WHERE id IN (SELECT sc.household_id FROM pmt_score sc WHERE sc.run_id = ?1 AND "
        "sc.decile IS NOT (SELECT desil FROM household h2 WHERE h2.id = sc.household_id))";
    static const char audit_run[] =
        "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) "
        "SELECT " PL_SQ_NOW ", pl_actor(), pl_client(), 'pmt_score', 'pmt_run', id, NULL, "
        "json_object('region', region, 'scored', scored, 'unscored', unscored, 'changed', ?2, "
        "'reason', reason) FROM pmt_run WHERE id = ?1";
    *changed = 0;
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    pl_sq_set_actor(s, who);
    bool own = false;
    if ((rc = pl_sq_tx_begin(s, &own, err)))
        return rc;
    PL_SQ_TX_STEP(counts,
                  (sqlite3_bind_int64(st_, 1, run->id), sqlite3_bind_int64(st_, 2, run->scored),
                   sqlite3_bind_int64(st_, 3, run->unscored)),
                  "pmt_run");
    PL_SQ_TX_STEP(audit_desil, sqlite3_bind_int64(st_, 1, run->id), "audit");
    PL_SQ_TX_STEP(set_desil, sqlite3_bind_int64(st_, 1, run->id), "household");
    *changed = (long)sqlite3_changes(s->db);
    PL_SQ_TX_STEP(audit_run,
                  (sqlite3_bind_int64(st_, 1, run->id), sqlite3_bind_int64(st_, 2, *changed)),
                  "audit");
fail:
    return pl_sq_tx_end(s, own, rc, err);
}

static void row_to_run(pl_pmt_run *r, sqlite3_stmt *st)
{
    r->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(r->region, sizeof r->region, st, 1);
    pl_sq_col_text(r->at, sizeof r->at, st, 2);
    pl_sq_col_text(r->actor, sizeof r->actor, st, 3);
    r->scored = (long)sqlite3_column_int64(st, 4);
    r->unscored = (long)sqlite3_column_int64(st, 5);
    pl_sq_col_text(r->reason, sizeof r->reason, st, 6);
}

PL_SQ_ROWS(run_rows, pl_pmt_run, pl_pmt_run_cb, row_to_run, "pmt_run");

int pl_sq_pmt_run_list(pl_sq_store *s, const char *scope, int limit, pl_pmt_run_cb cb, void *ctx,
                       pl_error *err)
{
    static const char sql[] =
        "SELECT id, region, at, actor, scored, unscored, reason FROM pmt_run WHERE "
        "(" PL_SQ_IN_PREFIX("region", "?1") " OR " PL_SQ_IN_PREFIX(
            "?1", "region") ") "
                            "ORDER BY id DESC LIMIT ?2";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, scope ? scope : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, limit);
    return pl_sq_each(s, st, &run_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

static void row_to_score(pl_pmt_score_row *r, sqlite3_stmt *st)
{
    r->run_id = sqlite3_column_int64(st, 0);
    r->household_id = sqlite3_column_int64(st, 1);
    r->model_id = sqlite3_column_int64(st, 2);
    pl_sq_col_text(r->province, sizeof r->province, st, 3);
    r->score = sqlite3_column_double(st, 4);
    r->decile = sqlite3_column_int(st, 5);
    pl_sq_col_text(r->explain, sizeof r->explain, st, 6);
    pl_sq_col_text(r->at, sizeof r->at, st, 7);
    pl_sq_col_text(r->model_region, sizeof r->model_region, st, 8);
    r->model_version = sqlite3_column_int(st, 9);
}

PL_SQ_ROWS(score_rows, pl_pmt_score_row, pl_pmt_score_cb, row_to_score, "pmt_score");

int pl_sq_pmt_score_history(pl_sq_store *s, int64_t household_id, pl_pmt_score_cb cb, void *ctx,
                            pl_error *err)
{
    static const char sql[] =
        "SELECT sc.run_id, sc.household_id, sc.model_id, sc.province, sc.score, sc.decile, "
        "sc.explain, r.at, m.region, m.version FROM pmt_score sc "
        "JOIN pmt_run r ON r.id = sc.run_id JOIN pmt_model m ON m.id = sc.model_id "
        "WHERE sc.household_id = ?1 ORDER BY sc.run_id DESC";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, household_id);
    return pl_sq_each(s, st, &score_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_household_desil(pl_sq_store *s, int64_t household_id, int *desil, pl_error *err)
{
    static const char sql[] = "SELECT coalesce(desil, 0) FROM household WHERE id = ?1";
    sqlite3_stmt *st;
    *desil = 0;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, household_id);
    if ((rc = pl_sq_row(s, st, "household", err)) != 1)
        return rc ? rc : pl_error_set(err, PL_ENOTFOUND, "id", "keluarga tidak ditemukan");
    *desil = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return 0;
}

static void row_to_decile(pl_pmt_decile_count *c, sqlite3_stmt *st)
{
    pl_sq_col_text(c->village, sizeof c->village, st, 0);
    c->decile = sqlite3_column_int(st, 1);
    c->households = (long)sqlite3_column_int64(st, 2);
}

PL_SQ_ROWS(decile_rows, pl_pmt_decile_count, pl_pmt_decile_cb, row_to_decile, "household");

int pl_sq_pmt_decile_by_village(pl_sq_store *s, pl_pmt_decile_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT village_code, coalesce(desil, 0), count(*) FROM household "
                              "WHERE state <> 'rejected' GROUP BY village_code, coalesce(desil, 0) "
                              "ORDER BY village_code";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    return pl_sq_each(s, st, &decile_rows, NULL, PL_SQ_FN(cb), ctx, err);
}
