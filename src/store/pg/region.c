/* region.c - the region tree on PostgreSQL: bulk load, lookups, listings, search. */
#include "store/pg/internal.h"
#include "util/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define R_COLS "code, coalesce(parent, ''), level, name"

static void row_to_region(pl_region *r, const PGresult *res, int row)
{
    pl_pg_copy(r->code, sizeof r->code, res, row, 0);
    pl_pg_copy(r->parent, sizeof r->parent, res, row, 1);
    r->level = (int)pl_pg_int(res, row, 2);
    pl_pg_copy(r->name, sizeof r->name, res, row, 3);
}

PL_PG_ROWS(region_rows, pl_region, pl_region_cb, row_to_region, "region");

/* A growing text of a PostgreSQL array literal ("{...}"). */
typedef struct arr {
    char *b;
    size_t n, cap;
} arr;

static int arr_put(arr *a, const char *txt, size_t len)
{
    if (pl_vec_reserve(&a->b, &a->cap, a->n, len + 1))
        return PL_ENOMEM;
    memcpy(a->b + a->n, txt, len);
    a->n += len;
    a->b[a->n] = '\0';
    return 0;
}

/* Appends one element (NULL or "" with null_empty: SQL NULL), quoted, after a comma if needed. */
static int arr_add(arr *a, const char *v, bool null_empty)
{
    int rc = arr_put(a, a->n > 1 ? "," : "", a->n > 1);
    if (rc)
        return rc;
    if (v == NULL || (null_empty && v[0] == '\0'))
        return arr_put(a, "NULL", 4);
    if ((rc = arr_put(a, "\"", 1)))
        return rc;
    for (const char *p = v; *p && rc == 0; p++) {
        if (*p == '"' || *p == '\\')
            rc = arr_put(a, "\\", 1);
        if (rc == 0)
            rc = arr_put(a, p, 1);
    }
    return rc ? rc : arr_put(a, "\"", 1);
}

/* Regions per statement of the bulk load (one round trip each). */
#define PUT_BATCH 5000

int pl_pg_region_put_many(pl_pg_store *s, const pl_region *regions, size_t n, pl_error *err)
{
    /* One statement per batch; a code given twice keeps its last row, as row-by-row would. */
    static const char sql[] =
        "INSERT INTO region(code, parent, level, name) "
        "SELECT DISTINCT ON (code) code, parent, level, name FROM unnest($1::text[], "
        "$2::text[], $3::bigint[], $4::text[]) WITH ORDINALITY AS r(code, parent, level, name, o) "
        "ORDER BY code, o DESC "
        "ON CONFLICT (code) DO UPDATE SET parent = excluded.parent, level = excluded.level, "
        "name = excluded.name WHERE region.name IS DISTINCT FROM excluded.name "
        "OR region.parent IS DISTINCT FROM excluded.parent";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool own = !s->in_tx;
    if (own && (rc = pl_pg_begin(s, err)))
        return rc;
    arr a[4] = {{0}};
    for (size_t i = 0; i < n && rc == 0; i += PUT_BATCH) {
        for (int k = 0; k < 4; k++)
            a[k].n = 0;
        for (int k = 0; k < 4 && rc == 0; k++)
            rc = arr_put(&a[k], "{", 1);
        for (size_t j = i; j < n && j < i + PUT_BATCH && rc == 0; j++) {
            char level[16];
            snprintf(level, sizeof level, "%d", regions[j].level);
            if ((rc = arr_add(&a[0], regions[j].code, false)) ||
                (rc = arr_add(&a[1], regions[j].parent, true)) ||
                (rc = arr_add(&a[2], level, false)) ||
                (rc = arr_add(&a[3], regions[j].name, false)))
                break;
        }
        for (int k = 0; k < 4 && rc == 0; k++)
            rc = arr_put(&a[k], "}", 1);
        if (rc) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            break;
        }
        const char *p[] = {a[0].b, a[1].b, a[2].b, a[3].b};
        rc = pl_pg_command(s, sql, 4, p, err, "region");
    }
    for (int k = 0; k < 4; k++)
        free(a[k].b);
    return pl_pg_tx_end(s, own, rc, err);
}

static int read_region(void *out, const PGresult *res, int row, void *arg)
{
    (void)arg;
    row_to_region(out, res, row);
    return 0;
}

int pl_pg_region_get(pl_pg_store *s, pl_region *out, const char *code, pl_error *err)
{
    static const char sql[] = "SELECT " R_COLS " FROM region WHERE code = $1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {code};
    rc = pl_pg_one(s, sql, 1, p, read_region, out, NULL, err, "region");
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "kode_wilayah", "kode wilayah %s tidak ditemukan",
                            code);
    return rc;
}

int pl_pg_region_counts(pl_pg_store *s, long counts[5], pl_error *err)
{
    static const char sql[] = "SELECT level, count(*) FROM region GROUP BY level";
    memset(counts, 0, 5 * sizeof counts[0]);
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    PGresult *res = pl_pg_query(s, sql, 0, NULL, err, "region");
    if (res == NULL)
        return err->code;
    for (int i = 0; i < PQntuples(res); i++) {
        int64_t level = pl_pg_int(res, i, 0);
        if (level >= 1 && level <= 4)
            counts[level] = (long)pl_pg_int(res, i, 1);
    }
    PQclear(res);
    return 0;
}

int pl_pg_region_children(pl_pg_store *s, const char *code, pl_region_cb cb, void *ctx,
                          pl_error *err)
{
    static const char sql_top[] = "SELECT " R_COLS " FROM region WHERE level = 1 ORDER BY code";
    static const char sql[] = "SELECT " R_COLS " FROM region WHERE parent = $1 ORDER BY code";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (code == NULL || code[0] == '\0')
        return pl_pg_each(s, sql_top, 0, NULL, &region_rows, NULL, PL_PG_FN(cb), ctx, err);
    const char *p[] = {code};
    return pl_pg_each(s, sql, 1, p, &region_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_region_search(pl_pg_store *s, const char *text, int limit, pl_region_cb cb, void *ctx,
                        pl_error *err)
{
    /* SQLite's LIKE ignores the case of ASCII letters: ILIKE for the name. */
    static const char sql[] = "SELECT " R_COLS " FROM region "
                              "WHERE code LIKE $1::text || '%' OR name ILIKE '%' || $1 || '%' "
                              "ORDER BY level, code LIMIT $2";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char esc[256];
    size_t j = 0;
    for (const char *p = text; *p && j + 2 < sizeof esc; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            esc[j++] = '\\';
        esc[j++] = *p;
    }
    esc[j] = '\0';
    pl_pg_num lim;
    const char *p[] = {esc, pl_pg_i64(&lim, limit > 0 ? limit : 50)};
    return pl_pg_each(s, sql, 2, p, &region_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_region_list(pl_pg_store *s, int level, const char *scope, pl_region_cb cb, void *ctx,
                      pl_error *err)
{
    /* A range of codes rather than LIKE '64.%', which the C.UTF-8 data base cannot serve from
     * the primary key (a scan of the ~91,000 regions per call). */
    static const char sql[] =
        "SELECT " R_COLS " FROM region WHERE level = $1 AND ($2::text = '' OR code = $2 OR "
        "(code >= $2 || '.' AND code < $2 || '/')) ORDER BY code";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num lv;
    const char *p[] = {pl_pg_i64(&lv, level), scope ? scope : ""};
    return pl_pg_each(s, sql, 2, p, &region_rows, NULL, PL_PG_FN(cb), ctx, err);
}
