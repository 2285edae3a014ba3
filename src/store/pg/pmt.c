/*
 * pmt.c - socio-economic variables, PMT models, scoring runs and deciles on PostgreSQL (the
 * SQLite twin is src/store/sqlite/pmt.c: same results, errors and audit rows). Deciles are
 * ranked per province: the queries of a province's run (its subjects, the deciles it sets)
 * name the province's partition (substr(village_code, 1, 2) = $n), so they touch only it.
 */
#include "store/pg/internal.h"
#include "store/pmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The entered variables in pl_pmt_var order (domain/pmt.h). */
#define SOCIO_VARS                                                                                 \
    "status_bangunan, luas_lantai, lantai, dinding, atap, sumber_air, fasilitas_bab, "             \
    "penerangan, bahan_bakar, pendidikan_kepala, anggota_bekerja, lemari_es, ac, pemanas_air, "    \
    "televisi, komputer, emas, sepeda_motor, mobil, perahu_motor, lahan, rumah_lain, "             \
    "ternak_besar"
#define SOCIO_VARS_N 23
_Static_assert(SOCIO_VARS_N == PL_PMT_ENTERED__MAX, "SOCIO_VARS must list every entered variable");
/* The same as parameters $3 .. $25 typed as their columns (an INSERT ... SELECT infers none). */
#define SOCIO_PARAMS                                                                               \
    "$3::text, $4::float8, $5::text, $6::text, $7::text, $8::text, $9::text, $10::text, "          \
    "$11::text, $12::text, $13::bigint, $14::bigint, $15::bigint, $16::bigint, $17::bigint, "      \
    "$18::bigint, $19::bigint, $20::bigint, $21::bigint, $22::bigint, $23::bigint, $24::bigint, "  \
    "$25::bigint"
#define SOCIO_COLS "household_id, source, version, updated_at, updated_by, " SOCIO_VARS

/* Reads the entered variables from columns first.. of row i of r into vals. */
static void read_vals(pl_pmt_values *vals, const PGresult *r, int i, int first)
{
    for (int v = 0; v < PL_PMT_ENTERED__MAX; v++) {
        int c = first + v;
        if (pl_pg_null(r, i, c))
            continue;
        const pl_pmt_var_def *d = pl_pmt_var_get(v);
        if (d->kind == PL_PMT_ENUM) {
            int o = pl_pmt_option_find(v, pl_pg_text(r, i, c));
            if (o < 0)
                continue;
            vals->v[v] = o;
        } else {
            vals->v[v] = pl_pg_real(r, i, c);
        }
        vals->has[v] = true;
    }
}

/* The entered variables of vals as texts p[0..] (nums: their numbers' storage). */
static void vals_params(const char **p, pl_pg_num *nums, const pl_pmt_values *vals)
{
    for (int v = 0; v < PL_PMT_ENTERED__MAX; v++) {
        const pl_pmt_var_def *d = pl_pmt_var_get(v);
        if (!vals->has[v])
            p[v] = NULL;
        else if (d->kind == PL_PMT_ENUM)
            p[v] = d->options[(int)vals->v[v]].code;
        else if (d->kind == PL_PMT_BOOL || d->integer)
            p[v] = pl_pg_i64(&nums[v], (int64_t)vals->v[v]);
        else
            p[v] = pl_pg_f64(&nums[v], vals->v[v]);
    }
}

static void row_to_socio(pl_socio *so, const PGresult *r, int i)
{
    memset(so, 0, sizeof *so);
    so->household_id = pl_pg_int(r, i, 0);
    pl_pg_copy(so->source, sizeof so->source, r, i, 1);
    so->version = pl_pg_int(r, i, 2);
    pl_pg_copy(so->updated_at, sizeof so->updated_at, r, i, 3);
    pl_pg_copy(so->updated_by, sizeof so->updated_by, r, i, 4);
    read_vals(&so->vals, r, i, 5);
}

int pl_pg_socio_get(pl_pg_store *s, pl_socio *out, int64_t household_id, pl_error *err)
{
    static const char sql[] =
        "SELECT " SOCIO_COLS " FROM household_socio WHERE household_id = $1::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num h;
    const char *p[] = {pl_pg_i64(&h, household_id)};
    PGresult *res = pl_pg_query(s, sql, 1, p, err, "household_socio");
    if (res == NULL)
        return err->code;
    if (PQntuples(res) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "household_id",
                          "data sosial ekonomi keluarga belum diisi");
    else
        row_to_socio(out, res, 0);
    PQclear(res);
    return rc;
}

int pl_pg_socio_put(pl_pg_store *s, const pl_actor *who, pl_socio *so, pl_error *err)
{
    static const char ins[] =
        "INSERT INTO household_socio(household_id, source, version, updated_at, updated_by, "
        "" SOCIO_VARS ") SELECT $1::bigint, $2::text, 1, pl_now(), pl_actor(), " SOCIO_PARAMS
        " WHERE EXISTS (SELECT 1 FROM household_key WHERE id = $1::bigint) "
        "RETURNING " SOCIO_COLS;
    static const char upd[] =
        "UPDATE household_socio SET source = $2, version = version + 1, updated_at = pl_now(), "
        "updated_by = pl_actor(), status_bangunan = $3, luas_lantai = $4, lantai = $5, "
        "dinding = $6, atap = $7, sumber_air = $8, fasilitas_bab = $9, penerangan = $10, "
        "bahan_bakar = $11, pendidikan_kepala = $12, anggota_bekerja = $13, lemari_es = $14, "
        "ac = $15, pemanas_air = $16, televisi = $17, komputer = $18, emas = $19, "
        "sepeda_motor = $20, mobil = $21, perahu_motor = $22, lahan = $23, rumah_lain = $24, "
        "ternak_besar = $25 WHERE household_id = $1::bigint AND version = $26::bigint "
        "RETURNING " SOCIO_COLS;
    bool insert = so->version == 0;
    const char *p[26];
    pl_pg_num h, version, nums[PL_PMT_ENTERED__MAX];
    p[0] = pl_pg_i64(&h, so->household_id);
    p[1] = so->source[0] ? so->source : "entri";
    vals_params(p + 2, nums, &so->vals);
    p[25] = pl_pg_i64(&version, so->version);
    PGresult *res;
    int rc = pl_pg_write_as(s, who, insert ? ins : upd, insert ? 25 : 26, p, &res,
                            "household_socio", err);
    if (rc) {
        if (rc == PL_ECONFLICT && insert && strstr(err->message, "data sudah ada"))
            return pl_error_set(err, PL_ECONFLICT, "version",
                                "data sosial ekonomi keluarga ini sudah ada; muat ulang lalu "
                                "ubah (sertakan versinya)");
        return rc;
    }
    if (PQntuples(res) == 0) {
        PQclear(res);
        if (insert)
            return pl_error_set(err, PL_EINVAL, "household_id", "keluarga tidak ditemukan");
        return pl_error_set(err, PL_ECONFLICT, "version",
                            "data sosial ekonomi keluarga ini baru saja diubah orang lain; muat "
                            "ulang");
    }
    row_to_socio(so, res, 0);
    PQclear(res);
    return 0;
}

/* ------------------------------------------------------------------ models */

#define MODEL_COLS "id, region, version, intercept, source, created_at, created_by"

static void row_to_model(pl_pmt_model *m, const PGresult *r, int i)
{
    m->id = pl_pg_int(r, i, 0);
    pl_pg_copy(m->region, sizeof m->region, r, i, 1);
    m->version = (int)pl_pg_int(r, i, 2);
    m->intercept = pl_pg_real(r, i, 3);
    pl_pg_copy(m->source, sizeof m->source, r, i, 4);
    pl_pg_copy(m->created_at, sizeof m->created_at, r, i, 5);
    pl_pg_copy(m->created_by, sizeof m->created_by, r, i, 6);
}

/* The weights of m as three array literals (variables, categories, weights; malloc'd). */
static int weight_arrays(char *out[3], const pl_pmt_model *m)
{
    size_t n = m->n_terms > 0 ? (size_t)m->n_terms : 0;
    const char **cols[3] = {NULL, NULL, NULL};
    pl_pg_num *w = calloc(n + 1, sizeof *w);
    int rc = w ? 0 : PL_ENOMEM;
    for (int c = 0; rc == 0 && c < 3; c++)
        if ((cols[c] = calloc(n + 1, sizeof *cols[c])) == NULL)
            rc = PL_ENOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const pl_pmt_term *t = &m->terms[i];
        const pl_pmt_var_def *d = pl_pmt_var_get(t->var);
        cols[0][i] = d->code;
        cols[1][i] = t->option >= 0 ? d->options[t->option].code : "";
        cols[2][i] = pl_pg_f64(&w[i], t->weight);
    }
    for (int c = 0; c < 3; c++) {
        out[c] = rc == 0 ? pl_pg_text_array(cols[c], n) : NULL;
        if (out[c] == NULL)
            rc = PL_ENOMEM;
        free(cols[c]);
    }
    free(w);
    return rc;
}

int pl_pg_pmt_model_add(pl_pg_store *s, const pl_actor *who, pl_pmt_model *m, pl_error *err)
{
    static const char ins[] =
        "INSERT INTO pmt_model(region, version, intercept, source, created_at, created_by) "
        "VALUES($1, (SELECT coalesce(max(version), 0) + 1 FROM pmt_model WHERE region = $1), "
        "$2, $3, pl_now(), pl_actor()) RETURNING " MODEL_COLS;
    /* The weights in one statement, then the model's audit row counting them. */
    static const char wins[] =
        "WITH w AS (INSERT INTO pmt_weight(model_id, variable, category, weight) "
        "SELECT $1::bigint, t.v, t.c, t.w FROM unnest($2::text[], $3::text[], $4::float8[]) "
        "AS t(v, c, w) RETURNING 1) "
        "SELECT pl_audit_put('pmt_model_import', 'pmt_model', id, NULL, json_build_object("
        "'region', region, 'version', version, 'intercept', intercept, 'source', source, "
        "'weights', (SELECT count(*) FROM w))::text) FROM pmt_model WHERE id = $1::bigint";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char *arrays[3] = {NULL, NULL, NULL};
    if (weight_arrays(arrays, m)) {
        for (int c = 0; c < 3; c++)
            free(arrays[c]);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        goto out;
    pl_pg_num intercept, id;
    const char *p[] = {m->region, pl_pg_f64(&intercept, m->intercept), m->source};
    PGresult *res = pl_pg_query(s, ins, 3, p, err, "pmt_model");
    if (res == NULL)
        rc = err->code;
    else {
        row_to_model(m, res, 0);
        PQclear(res);
        const char *w[] = {pl_pg_i64(&id, m->id), arrays[0], arrays[1], arrays[2]};
        rc = pl_pg_command(s, wins, 4, w, err, "pmt_weight");
    }
    rc = pl_pg_tx_end(s, own, rc, err);
out:
    for (int c = 0; c < 3; c++)
        free(arrays[c]);
    return rc;
}

static void read_model(pl_pmt_model *m, const PGresult *r, int i)
{
    row_to_model(m, r, i);
}

PL_PG_ROWS(model_rows, pl_pmt_model, pl_pmt_model_cb, read_model, "pmt_model");

int pl_pg_pmt_model_list(pl_pg_store *s, bool current_only, pl_pmt_model_cb cb, void *ctx,
                         pl_error *err)
{
    static const char all[] =
        "SELECT " MODEL_COLS " FROM pmt_model ORDER BY region COLLATE \"C\", version";
    static const char cur[] = "SELECT " MODEL_COLS " FROM pmt_model m WHERE version = "
                              "(SELECT max(version) FROM pmt_model WHERE region = m.region) "
                              "ORDER BY region COLLATE \"C\"";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    return pl_pg_each(s, current_only ? cur : all, 0, NULL, &model_rows, NULL, PL_PG_FN(cb), ctx,
                      err);
}

int pl_pg_pmt_model_get(pl_pg_store *s, pl_pmt_model *out, int64_t id, pl_error *err)
{
    /* The model and its weights in one answer (a model without weights gives one row). */
    static const char sql[] =
        "SELECT m.id, m.region, m.version, m.intercept, m.source, m.created_at, m.created_by, "
        "w.variable, w.category, w.weight FROM pmt_model m "
        "LEFT JOIN pmt_weight w ON w.model_id = m.id WHERE m.id = $1::bigint "
        "ORDER BY w.variable COLLATE \"C\", w.category COLLATE \"C\"";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    PGresult *res = pl_pg_query(s, sql, 1, p, err, "pmt_model");
    if (res == NULL)
        return err->code;
    int rows = PQntuples(res);
    if (rows == 0) {
        PQclear(res);
        return pl_error_set(err, PL_ENOTFOUND, "model", "model PMT id %lld tidak ditemukan",
                            (long long)id);
    }
    row_to_model(out, res, 0);
    for (int i = 0; i < rows; i++) {
        if (pl_pg_null(res, i, 7))
            continue; /* no weights */
        int v = pl_pmt_var_find(pl_pg_text(res, i, 7));
        const char *cat = pl_pg_text(res, i, 8);
        int o = cat && cat[0] ? pl_pmt_option_find(v, cat) : -1;
        if (v < 0 || (cat && cat[0] && o < 0) || out->n_terms >= PL_PMT_TERMS_MAX)
            continue; /* a variable this build no longer knows */
        out->terms[out->n_terms++] = (pl_pmt_term){v, o, pl_pg_real(res, i, 9)};
    }
    PQclear(res);
    return 0;
}

/* ---------------------------------------------------------------- subjects */

static void row_to_subject(pl_pmt_subject *x, const PGresult *r, int i)
{
    x->household_id = pl_pg_int(r, i, 0);
    pl_pg_copy(x->village, sizeof x->village, r, i, 1);
    x->has_socio = pl_pg_int(r, i, 2) != 0;
    x->members.living = (int)pl_pg_int(r, i, 3);
    x->members.working_age = (int)pl_pg_int(r, i, 4);
    x->members.dependants = (int)pl_pg_int(r, i, 5);
    x->members.disabled = (int)pl_pg_int(r, i, 6);
    x->members.head_female = pl_pg_int(r, i, 7) != 0;
    x->members.head_known = pl_pg_int(r, i, 8) != 0;
    if (x->has_socio)
        read_vals(&x->vals, r, i, 9);
}

/* Households per page of pl_pg_pmt_subjects (a province has hundreds of thousands). */
#define SUBJECT_PAGE 5000
#define SUBJECT_PAGE_S "5000"

/*
 * The subjects with an id above $3, SUBJECT_PAGE at most, in region $1 (a prefix) on day $2;
 * PROV_H and PROV_P add the partition of province $4 for the households (h) and the people
 * (p), or nothing for every province. Age in whole years on $2 from a YYYY-MM-DD birth date,
 * NULL when unknown. The people are those of the page's households (an id range).
 */
#define SUBJECTS_SQL(PROV_H, PROV_P)                                                               \
    "WITH pg AS (SELECT h.id, h.village_code FROM household h WHERE h.state <> 'rejected' " PROV_H \
    " AND " PL_PG_IN_PREFIX(                                                                       \
        "h.village_code",                                                                          \
        "$1") " AND h.id > $3::bigint ORDER BY h.id "                                              \
              "LIMIT " SUBJECT_PAGE_S ") "                                                         \
              "SELECT pg.id, pg.village_code, so.id IS NOT NULL, coalesce(m.living, 0), "          \
              "coalesce(m.wa, 0), coalesce(m.dep, 0), coalesce(m.dis, 0), coalesce(m.head_f, 0), " \
              "coalesce(m.head, 0), " SOCIO_VARS " FROM pg "                                       \
              "LEFT JOIN household_socio so ON so.household_id = pg.id "                           \
              "LEFT JOIN (SELECT a.household_id AS hid, count(*) AS living, "                      \
              "sum((a.age BETWEEN 15 AND 64)::int) AS wa, sum((a.age < 15 OR a.age > 64)::int) "   \
              "AS dep, "                                                                           \
              "sum((a.disability <> '')::int) AS dis, "                                            \
              "max((a.relationship = 'kepala_keluarga' AND a.sex = 'P')::int) AS head_f, "         \
              "max((a.relationship = 'kepala_keluarga')::int) AS head "                            \
              "FROM (SELECT p.household_id, p.disability, p.relationship, p.sex, "                 \
              "CASE WHEN p.birth_date IS NULL OR length(p.birth_date) < 10 "                       \
              "OR p.birth_date !~ '^[0-9]{4}' THEN NULL ELSE "                                     \
              "substr($2::text, 1, 4)::int - substr(p.birth_date, 1, 4)::int - "                   \
              "(substr($2::text, 6, 5) < substr(p.birth_date, 6, 5) COLLATE \"C\")::int END AS "   \
              "age "                                                                               \
              "FROM person p LEFT JOIN person_merged pm ON pm.person_id = p.id "                   \
              "WHERE p.household_id > $3::bigint AND p.household_id <= (SELECT max(id) FROM "      \
              "pg) " PROV_P                                                                        \
              " AND p.death_date IS NULL AND pm.person_id IS NULL AND p.state <> 'rejected' "      \
              "AND " PL_PG_IN_PREFIX(                                                              \
                  "p.village_code",                                                                \
                  "$1") ") a "                                                                     \
                        "GROUP BY a.household_id) m ON m.hid = pg.id ORDER BY pg.id"

/* A row reader that also notes the last household id of the page (arg: int64_t *). */
static int read_subject_page(pl_pmt_subject *x, const PGresult *r, int i, void *arg)
{
    row_to_subject(x, r, i);
    *(int64_t *)arg = x->household_id;
    return 0;
}

PL_PG_ROWS_ARG(subject_page_rows, pl_pmt_subject, pl_pmt_subject_cb, read_subject_page,
               "household");

/* Counts the rows a page passed on, then hands each to the caller's callback. */
typedef struct page_ctx {
    pl_pmt_subject_cb cb;
    void *ctx;
    long rows;
} page_ctx;

static int page_cb(void *ctx, const pl_pmt_subject *x)
{
    page_ctx *c = ctx;
    c->rows++;
    return c->cb(c->ctx, x);
}

int pl_pg_pmt_subjects(pl_pg_store *s, const char *region, const char *today, pl_pmt_subject_cb cb,
                       void *ctx, pl_error *err)
{
    static const char one[] = SUBJECTS_SQL("AND substr(h.village_code, 1, 2) = $4",
                                           "AND substr(p.village_code, 1, 2) = $4");
    static const char all[] = SUBJECTS_SQL("", "");
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    region = region ? region : "";
    char prov[3] = "";
    pl_pg_prov(prov, region);
    /* The pages in one transaction (the caller's, or one of this call's own). */
    bool own = !s->in_tx;
    if (own && (rc = pl_pg_begin(s, err)))
        return rc;
    if (prov[0])
        rc = pl_pg_plan_per_call(s, err);
    int64_t after = 0;
    while (rc == 0) {
        pl_pg_num a;
        const char *p[] = {region, today, pl_pg_i64(&a, after), prov};
        page_ctx c = {cb, ctx, 0};
        int64_t last = after;
        rc = pl_pg_each(s, prov[0] ? one : all, prov[0] ? 4 : 3, p, &subject_page_rows, &last,
                        PL_PG_FN(page_cb), &c, err);
        if (c.rows < SUBJECT_PAGE)
            break;
        after = last;
    }
    if (!own)
        return rc;
    if (rc == 0)
        return pl_pg_commit(s, err);
    pl_pg_rollback(s);
    return rc;
}

/* -------------------------------------------------------------------- runs */

int pl_pg_pmt_run_add(pl_pg_store *s, const pl_actor *who, pl_pmt_run *run, pl_error *err)
{
    static const char sql[] = "INSERT INTO pmt_run(region, at, actor, reason) VALUES($1, pl_now(), "
                              "pl_actor(), $2) RETURNING id, at, actor";
    const char *p[] = {run->region, run->reason};
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, 2, p, &res, "pmt_run", err);
    if (rc)
        return rc;
    if (PQntuples(res) != 1)
        rc = pl_error_set(err, PL_EINTERNAL, "", "run PMT tidak tersimpan");
    else {
        run->id = pl_pg_int(res, 0, 0);
        pl_pg_copy(run->at, sizeof run->at, res, 0, 1);
        pl_pg_copy(run->actor, sizeof run->actor, res, 0, 2);
    }
    PQclear(res);
    return rc;
}

int pl_pg_pmt_score_add(pl_pg_store *s, const pl_pmt_score_row *sc, pl_error *err)
{
    static const char sql[] = "INSERT INTO pmt_score(run_id, household_id, model_id, province, "
                              "score, decile, explain) VALUES($1, $2, $3, $4, $5, $6, $7)";
    pl_pg_num run, h, model, score, decile;
    const char *p[] = {pl_pg_i64(&run, sc->run_id),        pl_pg_i64(&h, sc->household_id),
                       pl_pg_i64(&model, sc->model_id),    sc->province,
                       pl_pg_f64(&score, sc->score),       pl_pg_i64(&decile, sc->decile),
                       sc->explain[0] ? sc->explain : "[]"};
    return pl_pg_command(s, sql, 7, p, err, "pmt_score");
}

/*
 * Closing a run: the counts and the audit of each decile that moves (by household id), the
 * deciles themselves (*changed), the run's own audit row. PROV prunes to the run's province.
 */
#define RUN_DESIL_AUDIT(PROV)                                                                      \
    "WITH r AS (UPDATE pmt_run SET scored = $2::bigint, unscored = $3::bigint "                    \
    "WHERE id = $1::bigint RETURNING id) "                                                         \
    "INSERT INTO audit(at, actor, client, action, entity, entity_id, before, after) "              \
    "SELECT pl_now(), pl_actor(), pl_client(), 'pmt_desil', 'household', h.id, "                   \
    "json_build_object('desil', h.desil)::text, json_build_object('desil', sc.decile, "            \
    "'run_id', sc.run_id, 'score', sc.score)::text FROM pmt_score sc "                             \
    "JOIN household h ON h.id = sc.household_id WHERE sc.run_id = (SELECT id FROM r) " PROV        \
    " AND h.desil IS DISTINCT FROM sc.decile ORDER BY h.id"
#define RUN_DESIL_SET(PROV)                                                                        \
    "UPDATE household h SET desil = sc.decile, version = h.version + 1, updated_at = pl_now() "    \
    "FROM pmt_score sc WHERE sc.run_id = $1::bigint AND sc.household_id = h.id " PROV              \
    " AND h.desil IS DISTINCT FROM sc.decile"

int pl_pg_pmt_run_finish(pl_pg_store *s, const pl_actor *who, const pl_pmt_run *run, long *changed,
                         pl_error *err)
{
    static const char audit_one[] =
        RUN_DESIL_AUDIT("AND substr(h.village_code, 1, 2) = $4 AND sc.province = $4");
    static const char audit_all[] = RUN_DESIL_AUDIT("");
    static const char set_one[] =
        RUN_DESIL_SET("AND substr(h.village_code, 1, 2) = $2 AND sc.province = $2");
    static const char set_all[] = RUN_DESIL_SET("");
    static const char audit_run[] =
        "SELECT pl_audit_put('pmt_score', 'pmt_run', id, NULL, json_build_object('region', "
        "region, 'scored', scored, 'unscored', unscored, 'changed', $2::bigint, 'reason', "
        "reason)::text) FROM pmt_run WHERE id = $1::bigint";
    *changed = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    /* A run covers one province (its region) or every one (""). */
    char prov[3] = "";
    pl_pg_prov(prov, run->region);
    bool one = prov[0] != '\0';
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num id, scored, unscored, moved;
    const char *p[] = {pl_pg_i64(&id, run->id), pl_pg_i64(&scored, run->scored),
                       pl_pg_i64(&unscored, run->unscored), prov};
    if ((one && (rc = pl_pg_plan_per_call(s, err))) ||
        (rc = pl_pg_command(s, one ? audit_one : audit_all, one ? 4 : 3, p, err, "audit")))
        goto out;
    const char *ps[] = {p[0], prov};
    PGresult *res = pl_pg_query(s, one ? set_one : set_all, one ? 2 : 1, ps, err, "household");
    if (res == NULL) {
        rc = err->code;
        goto out;
    }
    *changed = atol(PQcmdTuples(res));
    PQclear(res);
    const char *pa[] = {p[0], pl_pg_i64(&moved, *changed)};
    rc = pl_pg_command(s, audit_run, 2, pa, err, "audit");
out:
    return pl_pg_tx_end(s, own, rc, err);
}

static void row_to_run(pl_pmt_run *r, const PGresult *res, int i)
{
    r->id = pl_pg_int(res, i, 0);
    pl_pg_copy(r->region, sizeof r->region, res, i, 1);
    pl_pg_copy(r->at, sizeof r->at, res, i, 2);
    pl_pg_copy(r->actor, sizeof r->actor, res, i, 3);
    r->scored = (long)pl_pg_int(res, i, 4);
    r->unscored = (long)pl_pg_int(res, i, 5);
    pl_pg_copy(r->reason, sizeof r->reason, res, i, 6);
}

PL_PG_ROWS(run_rows, pl_pmt_run, pl_pmt_run_cb, row_to_run, "pmt_run");

int pl_pg_pmt_run_list(pl_pg_store *s, const char *scope, int limit, pl_pmt_run_cb cb, void *ctx,
                       pl_error *err)
{
    static const char sql[] =
        "SELECT id, region, at, actor, scored, unscored, reason FROM pmt_run WHERE "
        "(" PL_PG_IN_PREFIX("region", "$1") " OR " PL_PG_IN_PREFIX(
            "$1", "region") ") ORDER BY id DESC LIMIT $2::integer";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num l;
    const char *p[] = {scope ? scope : "", pl_pg_i64(&l, limit)};
    return pl_pg_each(s, sql, 2, p, &run_rows, NULL, PL_PG_FN(cb), ctx, err);
}

static void row_to_score(pl_pmt_score_row *r, const PGresult *res, int i)
{
    r->run_id = pl_pg_int(res, i, 0);
    r->household_id = pl_pg_int(res, i, 1);
    r->model_id = pl_pg_int(res, i, 2);
    pl_pg_copy(r->province, sizeof r->province, res, i, 3);
    r->score = pl_pg_real(res, i, 4);
    r->decile = (int)pl_pg_int(res, i, 5);
    pl_pg_copy(r->explain, sizeof r->explain, res, i, 6);
    pl_pg_copy(r->at, sizeof r->at, res, i, 7);
    pl_pg_copy(r->model_region, sizeof r->model_region, res, i, 8);
    r->model_version = (int)pl_pg_int(res, i, 9);
}

PL_PG_ROWS(score_rows, pl_pmt_score_row, pl_pmt_score_cb, row_to_score, "pmt_score");

int pl_pg_pmt_score_history(pl_pg_store *s, int64_t household_id, pl_pmt_score_cb cb, void *ctx,
                            pl_error *err)
{
    static const char sql[] =
        "SELECT sc.run_id, sc.household_id, sc.model_id, sc.province, sc.score, sc.decile, "
        "sc.explain, r.at, m.region, m.version FROM pmt_score sc "
        "JOIN pmt_run r ON r.id = sc.run_id JOIN pmt_model m ON m.id = sc.model_id "
        "WHERE sc.household_id = $1::bigint ORDER BY sc.run_id DESC";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num h;
    const char *p[] = {pl_pg_i64(&h, household_id)};
    return pl_pg_each(s, sql, 1, p, &score_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_household_desil(pl_pg_store *s, int64_t household_id, int *desil, pl_error *err)
{
    /* By id through the registry's province: one partition. */
    static const char sql[] =
        "SELECT coalesce(desil, 0) FROM household WHERE substr(village_code, 1, 2) = "
        "(SELECT prov FROM household_key WHERE id = $1::bigint) AND id = $1::bigint";
    *desil = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num h;
    const char *p[] = {pl_pg_i64(&h, household_id)};
    PGresult *res = pl_pg_query(s, sql, 1, p, err, "household");
    if (res == NULL)
        return err->code;
    if (PQntuples(res) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "keluarga tidak ditemukan");
    else
        *desil = (int)pl_pg_int(res, 0, 0);
    PQclear(res);
    return rc;
}

static void row_to_decile(pl_pmt_decile_count *c, const PGresult *r, int i)
{
    pl_pg_copy(c->village, sizeof c->village, r, i, 0);
    c->decile = (int)pl_pg_int(r, i, 1);
    c->households = (long)pl_pg_int(r, i, 2);
}

PL_PG_ROWS(decile_rows, pl_pmt_decile_count, pl_pmt_decile_cb, row_to_decile, "household");

int pl_pg_pmt_decile_by_village(pl_pg_store *s, pl_pmt_decile_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT village_code, coalesce(desil, 0), count(*) FROM household "
                              "WHERE state <> 'rejected' GROUP BY village_code, coalesce(desil, 0) "
                              "ORDER BY village_code COLLATE \"C\", 2";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    return pl_pg_each(s, sql, 0, NULL, &decile_rows, NULL, PL_PG_FN(cb), ctx, err);
}
