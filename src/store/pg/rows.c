/*
 * rows.c - the PostgreSQL backend's parameter texts, field readers and its one "run, read
 * each row, call back, stop early" loop (internal.h).
 */
#include "store/pg/internal.h"
#include "store/pg/schema_sql.h"
#include "domain/region_code.h"

#include <inttypes.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pl_pg_i64(pl_pg_num *buf, int64_t v)
{
    snprintf(buf->b, sizeof buf->b, "%" PRId64, v);
    return buf->b;
}

const char *pl_pg_f64(pl_pg_num *buf, double v)
{
    snprintf(buf->b, sizeof buf->b, "%.17g", v);
    return buf->b;
}

const char *pl_pg_b(bool v)
{
    return v ? "1" : "0";
}

bool pl_pg_null(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) != 0;
}

int64_t pl_pg_int(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return 0;
    const char *v = PQgetvalue(r, row, col);
    if (v[0] == 't' && v[1] == '\0')
        return 1; /* a boolean expression's answer */
    if (v[0] == 'f' && v[1] == '\0')
        return 0;
    return strtoll(v, NULL, 10);
}

double pl_pg_real(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return 0.0;
    return strtod(PQgetvalue(r, row, col), NULL);
}

const char *pl_pg_text(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

void pl_pg_copy(char *dst, size_t cap, const PGresult *r, int row, int col)
{
    if (cap == 0)
        return;
    const char *v = pl_pg_text(r, row, col);
    snprintf(dst, cap, "%s", v ? v : "");
}

int pl_pg_each(pl_pg_store *s, const char *sql, int n, const char *const *params,
               const pl_pg_rows *rows, void *arg, pl_pg_fn cb, void *ctx, pl_error *err)
{
    alignas(max_align_t) unsigned char rec[PL_PG_REC_MAX];
    if (rows->size > sizeof rec)
        return pl_error_set(err, PL_EINTERNAL, "", "rekaman %s terlalu besar (%zu bita)",
                            rows->what, rows->size);
    PGresult *res = pl_pg_query(s, sql, n, params, err, rows->what);
    if (!res)
        return err->code;
    int rc = 0;
    int nrows = PQntuples(res);
    for (int i = 0; i < nrows; i++) {
        memset(rec, 0, rows->size);
        int skip = rows->read(rec, res, i, arg);
        if (skip < 0) {
            rc = skip;
            break;
        }
        if (skip)
            continue;
        rc = rows->emit(cb, ctx, rec);
        if (rc)
            break;
    }
    PQclear(res);
    return rc;
}

int pl_pg_one(pl_pg_store *s, const char *sql, int n, const char *const *params,
              int (*read)(void *out, const PGresult *res, int row, void *arg), void *out, void *arg,
              pl_error *err, const char *what)
{
    PGresult *res = pl_pg_query(s, sql, n, params, err, what);
    if (!res)
        return err->code;
    int rc;
    if (PQntuples(res) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "", "%s tidak ditemukan", what);
    else
        rc = read(out, res, 0, arg);
    PQclear(res);
    return rc;
}

int pl_pg_scalar_i64(pl_pg_store *s, const char *sql, int n, const char *const *params,
                     int64_t *out, pl_error *err, const char *what)
{
    PGresult *res = pl_pg_query(s, sql, n, params, err, what);
    if (!res)
        return err->code;
    int rc = 0;
    if (PQntuples(res) == 0 || PQnfields(res) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "", "%s tidak ditemukan", what);
    else
        *out = pl_pg_int(res, 0, 0);
    PQclear(res);
    return rc;
}

/* ------------------------------------------------------------- areas' helpers */

static void one_range(char *lo, char *hi, const char *prefix)
{
    if (prefix == NULL || prefix[0] == '\0') {
        strcpy(lo, "");
        strcpy(hi, "~"); /* above every digit and dot */
        return;
    }
    /* '/' sorts right after '.', so [p, p + "/") holds p and every "p.*". */
    snprintf(lo, 16, "%.14s", prefix);
    snprintf(hi, 16, "%.14s/", prefix);
}

void pl_pg_prefix_range(char *lo, char *hi, const char *prefix, const char *within)
{
    char lo2[16], hi2[16];
    one_range(lo, hi, prefix);
    one_range(lo2, hi2, within);
    if (strcmp(lo2, lo) > 0)
        strcpy(lo, lo2);
    if (strcmp(hi2, hi) < 0)
        strcpy(hi, hi2);
}

PGresult *pl_pg_query_sp(pl_pg_store *s, bool own, const char *sql, int n,
                         const char *const *params, pl_error *err, const char *what)
{
    if (own || !s->in_tx)
        return pl_pg_query(s, sql, n, params, err, what);
    if (pl_pg_command(s, "SAVEPOINT pl_stmt", 0, NULL, err, what))
        return NULL;
    PGresult *r = pl_pg_query(s, sql, n, params, err, what);
    if (r == NULL) {
        /* err keeps the statement's failure; the savepoint's own answer does not matter. */
        pl_error ignored;
        pl_error_clear(&ignored);
        pl_pg_command(s, "ROLLBACK TO SAVEPOINT pl_stmt", 0, NULL, &ignored, what);
        pl_pg_command(s, "RELEASE SAVEPOINT pl_stmt", 0, NULL, &ignored, what);
        return NULL;
    }
    if (pl_pg_command(s, "RELEASE SAVEPOINT pl_stmt", 0, NULL, err, what)) {
        PQclear(r);
        return NULL;
    }
    return r;
}

long pl_pg_changes(const PGresult *r)
{
    const char *n = PQcmdTuples((PGresult *)r);
    return n && n[0] ? strtol(n, NULL, 10) : 0;
}

/* ------------------------------------------------------------- (pgreport) regions and scopes */

bool pl_pg_in_scope(const char *code, const char *scope)
{
    return scope == NULL || scope[0] == '\0' || pl_region_code_in_scope(code, scope);
}

const int pl_pg_level_len[5] = {0, 2, 5, 8, 13};

int pl_pg_query_region(char *out, size_t cap, const char *scope, const char *region, pl_error *err)
{
    const char *sc = scope ? scope : "";
    const char *rg = region ? region : "";
    if (rg[0] && !pl_pg_in_scope(rg, sc))
        return pl_error_set(err, PL_EDENIED, "wilayah", "wilayah %s di luar wilayah akses Anda",
                            rg);
    snprintf(out, cap, "%s", rg[0] ? rg : sc);
    return 0;
}

void pl_pg_prov(char out[3], const char *prefix)
{
    snprintf(out, 3, "%.2s", prefix ? prefix : "");
}

int pl_pg_partition(const char *prov)
{
    static const char list[] = PL_PG_PROVINCES; /* "'11','12',...": 5 bytes an entry */
    char quoted[5];
    if (prov == NULL || strlen(prov) != 2)
        return PL_PG_PARTITIONS_N - 1;
    snprintf(quoted, sizeof quoted, "'%s'", prov);
    const char *at = strstr(list, quoted);
    return at && (at - list) % 5 == 0 ? (int)((at - list) / 5) : PL_PG_PARTITIONS_N - 1;
}

/* ------------------------------------------------------------- (pgpsks) shared steps */

int pl_pg_get_by_id(pl_pg_store *s, const char *sql, int64_t id, const pl_pg_rows *rows, void *out,
                    const char *noun, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    PGresult *res = pl_pg_query(s, sql, 1, p, err, rows->what);
    if (!res)
        return err->code;
    if (PQntuples(res) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "%s %lld tidak ditemukan", noun, (long long)id);
    else {
        memset(out, 0, rows->size);
        rc = rows->read(out, res, 0, NULL);
        if (rc > 0)
            rc = 0;
    }
    PQclear(res);
    return rc;
}

/* What a PL_PG_VERSIONED_UPDATE answered (res, cleared here), as pl_pg_update_versioned says. */
static int versioned_answer(PGresult *res, const char *noun, int64_t id, int64_t version,
                            const char *what, pl_error *err)
{
    int rc = 0;
    if (PQntuples(res) != 1 || PQnfields(res) != 2)
        rc = pl_error_set(err, PL_EINTERNAL, "", "jawaban perubahan %s tidak terduga", what);
    else if (!pl_pg_null(res, 0, 0))
        rc = 0;
    else if (pl_pg_null(res, 0, 1))
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "%s %lld tidak ditemukan", noun, (long long)id);
    else
        rc = pl_error_set(err, PL_ECONFLICT, "version",
                          "%s sudah diubah orang lain (versi %lld, bukan %lld); muat ulang lalu "
                          "ulangi",
                          noun, (long long)pl_pg_int(res, 0, 1), (long long)version);
    PQclear(res);
    return rc;
}

int pl_pg_update_versioned(pl_pg_store *s, const char *sql, int n, const char *const *params,
                           const char *noun, int64_t id, int64_t version, const char *what,
                           pl_error *err)
{
    PGresult *res = pl_pg_query(s, sql, n, params, err, what);
    if (!res)
        return err->code;
    return versioned_answer(res, noun, id, version, what, err);
}

int pl_pg_update_versioned_as(pl_pg_store *s, const pl_actor *who, const char *sql, int n,
                              const char *const *params, const char *noun, int64_t id,
                              int64_t version, const char *what, pl_error *err)
{
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, n, params, &res, what, err);
    if (rc)
        return rc;
    return versioned_answer(res, noun, id, version, what, err);
}

int pl_pg_write_as(pl_pg_store *s, const pl_actor *who, const char *sql, int n,
                   const char *const *params, PGresult **out, const char *what, pl_error *err)
{
    if (out)
        *out = NULL;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    /* A refusal inside the caller's transaction leaves it usable, as on SQLite. */
    PGresult *res = pl_pg_query_sp(s, own, sql, n, params, err, what);
    if (res == NULL)
        rc = err ? err->code : PL_EIO;
    if ((rc = pl_pg_tx_end(s, own, rc, err)) == 0 && out)
        *out = res;
    else
        PQclear(res);
    return rc;
}

char *pl_pg_text_array(const char *const *items, size_t n)
{
    size_t cap = 3;
    for (size_t i = 0; i < n; i++)
        cap += items[i] ? 2 * strlen(items[i]) + 3 : 5;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    char *w = out;
    *w++ = '{';
    for (size_t i = 0; i < n; i++) {
        if (i)
            *w++ = ',';
        if (items[i] == NULL) {
            memcpy(w, "NULL", 4);
            w += 4;
            continue;
        }
        *w++ = '"';
        for (const char *c = items[i]; *c; c++) {
            if (*c == '"' || *c == '\\')
                *w++ = '\\';
            *w++ = *c;
        }
        *w++ = '"';
    }
    *w++ = '}';
    *w = '\0';
    return out;
}

int pl_pg_plan_per_call(pl_pg_store *s, pl_error *err)
{
    return pl_pg_command(s, "SELECT set_config('plan_cache_mode', 'force_custom_plan', true)", 0,
                         NULL, err, "plan_cache_mode");
}

int pl_pg_plan_lookups(pl_pg_store *s, pl_error *err)
{
    return pl_pg_command(s,
                         "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
                         "set_config('enable_memoize', 'off', true)",
                         0, NULL, err, "plan_cache_mode");
}
