/*
 * geo.c - region outlines, the spatial index (R*Trees of microdegrees kept
 * by triggers, see schema_geo.c), disaster events and disability cards.
 */
#include "store/sqlite/internal.h"
#include "util/vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *nz(const char *s)
{
    return s ? s : "";
}

static int32_t micro_floor(double deg)
{
    return (int32_t)floor(deg * 1e6);
}

static int32_t micro_ceil(double deg)
{
    return (int32_t)ceil(deg * 1e6);
}

/*
 * District-number range for a scope prefix; *village is set when the scope
 * is a village (the range then covers its district, rows are checked).
 */
static int scope_range(const char *scope, int32_t *lo, int32_t *hi, bool *village, pl_error *err)
{
    *village = false;
    *lo = 0;
    *hi = 999999;
    if (scope == NULL || scope[0] == '\0')
        return 0;
    char digits[16];
    size_t n = 0;
    int dots = 0;
    for (const char *p = scope; *p; p++) {
        if (*p == '.') {
            dots++;
            continue;
        }
        if (*p < '0' || *p > '9' || n >= sizeof digits - 1)
            return pl_error_set(err, PL_EINVAL, "scope", "cakupan wilayah '%s' tidak sah", scope);
        digits[n++] = *p;
    }
    digits[n] = '\0';
    if (dots >= 3) {
        *village = true;
        digits[6] = '\0';
        n = 6;
    }
    if (n != 2 && n != 4 && n != 6)
        return pl_error_set(err, PL_EINVAL, "scope", "cakupan wilayah '%s' tidak sah", scope);
    int32_t v = (int32_t)atol(digits);
    int32_t mul = n == 2 ? 10000 : n == 4 ? 100 : 1;
    *lo = v * mul;
    *hi = v * mul + mul - 1;
    return 0;
}

/* ------------------------------------------------------------- outlines */

int pl_sq_boundary_put(pl_sq_store *s, const pl_actor *who, const pl_boundary *b, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO boundary(code, name, level, geometry, min_lon, min_lat, max_lon, max_lat, "
        "source, updated_at, updated_by) VALUES(?,?,?,?,?,?,?,?,?," PL_SQ_NOW ",?) "
        "ON CONFLICT(code) DO UPDATE SET name=excluded.name, level=excluded.level, "
        "geometry=excluded.geometry, min_lon=excluded.min_lon, min_lat=excluded.min_lat, "
        "max_lon=excluded.max_lon, max_lat=excluded.max_lat, source=excluded.source, "
        "updated_at=excluded.updated_at, updated_by=excluded.updated_by";
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    if (b->code[0] == '\0' || b->geometry == NULL || b->geometry[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "kode", "batas wilayah tanpa kode atau geometri");
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    sqlite3_bind_text(st, 1, b->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, b->name, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, b->level);
    sqlite3_bind_text(st, 4, b->geometry, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 5, b->bbox.min_lon);
    sqlite3_bind_double(st, 6, b->bbox.min_lat);
    sqlite3_bind_double(st, 7, b->bbox.max_lon);
    sqlite3_bind_double(st, 8, b->bbox.max_lat);
    sqlite3_bind_text(st, 9, b->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, s->actor, -1, SQLITE_STATIC);
    if ((rc = pl_sq_done(s, st, err, "boundary")))
        return rc;
    return 0;
}

#define B_COLS "code, name, level, min_lon, min_lat, max_lon, max_lat, source, updated_at"

static void row_to_boundary(pl_boundary *b, sqlite3_stmt *st)
{
    memset(b, 0, sizeof *b);
    pl_sq_col_text(b->code, sizeof b->code, st, 0);
    pl_sq_col_text(b->name, sizeof b->name, st, 1);
    b->level = sqlite3_column_int(st, 2);
    b->bbox.min_lon = sqlite3_column_double(st, 3);
    b->bbox.min_lat = sqlite3_column_double(st, 4);
    b->bbox.max_lon = sqlite3_column_double(st, 5);
    b->bbox.max_lat = sqlite3_column_double(st, 6);
    pl_sq_col_text(b->source, sizeof b->source, st, 7);
    pl_sq_col_text(b->updated_at, sizeof b->updated_at, st, 8);
}

int pl_sq_boundary_get(pl_sq_store *s, pl_boundary *out, char **geometry, const char *code,
                       pl_error *err)
{
    static const char sql[] = "SELECT " B_COLS ", geometry FROM boundary WHERE code = ?";
    *geometry = NULL;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return pl_error_set(err, PL_ENOTFOUND, "kode", "batas wilayah %s belum dimuat", code);
    if (rc != SQLITE_ROW)
        return pl_sq_step_error(s, rc, err, "boundary");
    row_to_boundary(out, st);
    const char *g = (const char *)sqlite3_column_text(st, 9);
    *geometry = strdup(g ? g : "");
    sqlite3_reset(st);
    if (*geometry == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    out->geometry = *geometry;
    return 0;
}

/* A listed outline: the geometry (column 9) is borrowed for the callback. */
static void read_boundary_listed(pl_boundary *b, sqlite3_stmt *st)
{
    row_to_boundary(b, st);
    b->geometry = (const char *)sqlite3_column_text(st, 9);
}

PL_SQ_ROWS(boundary_rows, pl_boundary, pl_boundary_cb, read_boundary_listed, "boundary");

int pl_sq_boundary_list(pl_sq_store *s, int level, const char *scope, bool with_geometry,
                        pl_boundary_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " B_COLS ", CASE WHEN ?3 THEN geometry END FROM boundary "
        "WHERE (?1 = 0 OR level = ?1) AND " PL_SQ_IN_PREFIX("code", "?2") " ORDER BY code";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, level);
    sqlite3_bind_text(st, 2, nz(scope), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, with_geometry);
    return pl_sq_each(s, st, &boundary_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

static int count_one(pl_sq_store *s, const char *sql, int bind_int, long *out, pl_error *err)
{
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, bind_int);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return pl_sq_step_error(s, rc, err, "count");
    *out = (long)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_boundary_count(pl_sq_store *s, int level, long *out, pl_error *err)
{
    static const char sql[] = "SELECT count(*) FROM boundary WHERE ?1 = 0 OR level = ?1";
    return count_one(s, sql, level, out, err);
}

/* --------------------------------------------------------- spatial index */

static void bind_box(sqlite3_stmt *st, const pl_store_bbox *box)
{
    sqlite3_bind_int(st, 1, micro_floor(box->min_lat));
    sqlite3_bind_int(st, 2, micro_ceil(box->max_lat));
    sqlite3_bind_int(st, 3, micro_floor(box->min_lon));
    sqlite3_bind_int(st, 4, micro_ceil(box->max_lon));
}

static int village_in_scope(pl_sq_store *s, const char *table, int64_t id, const char *scope,
                            bool *in, pl_error *err)
{
    static const char sql_p[] = "SELECT village_code FROM person WHERE id = ?";
    static const char sql_h[] = "SELECT village_code FROM household WHERE id = ?";
    sqlite3_stmt *st = pl_sq_stmt(s, strcmp(table, "person") == 0 ? sql_p : sql_h, err);
    if (st == NULL)
        return PL_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return pl_sq_step_error(s, rc, err, table);
    char code[PL_REGION_CODE_MAX] = "";
    if (rc == SQLITE_ROW)
        pl_sq_col_text(code, sizeof code, st, 0);
    sqlite3_reset(st);
    *in = pl_region_code_in_scope(code, scope);
    return 0;
}

/*
 * While a deferred-index marker exists (pl_sq_geo_defer), rows added
 * after its after_id may be missing from the tree. Every row the tree holds
 * is current (triggers keep it so), and every row up to after_id is in it;
 * so a query takes the tree's answer plus the rows above after_id that the
 * tree lacks, read from the views of migration 8 with the same values and
 * the same conditions (parameter ?8 = after_id).
 */
#define MISSING(T) " AND g.id > ?8 AND NOT EXISTS (SELECT 1 FROM " T " t WHERE t.id = g.id)"

#define P_COLS "SELECT g.id, g.lat0, g.lon0, g.birth0, g.dis0, g.dist0 FROM "
#define P_BOX " WHERE g.lat1 >= ?1 AND g.lat0 <= ?2 AND g.lon1 >= ?3 AND g.lon0 <= ?4"
#define P_DIST " AND g.dist1 > ?5 AND g.dist0 <= ?6"
/* Without a scope the district test is left out: fewer comparisons per index cell. */
#define P_NODIST " AND ?5 <= ?6"
#define P_CAT " JOIN membership m ON m.person_id = g.id AND m.category = ?7 AND m.valid_to IS NULL"

#define P_TREE(JOIN, COND) P_COLS "person_geo g" JOIN P_BOX COND
#define P_ROWS(JOIN, COND) P_COLS "person_geo_rows g" JOIN P_BOX COND MISSING("person_geo")
#define P_BOTH(JOIN, COND) P_TREE(JOIN, COND) " UNION ALL " P_ROWS(JOIN, COND)

/* The people query for a scope or not, a category or not: tree only, tree + missing, missing. */
static const char *const people_sql[2][2][3] = {
    {{P_TREE("", P_NODIST), P_BOTH("", P_NODIST), P_ROWS("", P_NODIST)},
     {P_TREE("", P_DIST), P_BOTH("", P_DIST), P_ROWS("", P_DIST)}},
    {{P_TREE(P_CAT, P_DIST), P_BOTH(P_CAT, P_DIST), P_ROWS(P_CAT, P_DIST)},
     {P_TREE(P_CAT, P_DIST), P_BOTH(P_CAT, P_DIST), P_ROWS(P_CAT, P_DIST)}},
};

enum { Q_TREE, Q_BOTH, Q_MISSING };

/* The marker of table: Q_TREE when none, else which with *after its after_id. */
static int pending_kind(pl_sq_store *s, const char *table, int64_t *after, int *kind, pl_error *err)
{
    int rc = pl_sq_geo_pending_after(s, table, after, err);
    *kind = *after < 0 ? Q_TREE : Q_BOTH;
    return rc;
}

/* The village check of an indexed row, for scopes finer than a district. */
typedef struct in_scope_arg {
    pl_sq_store *s;
    const char *scope;
    bool village; /* check each row's village against scope */
    const char *table;
    pl_error *err;
} in_scope_arg;

/* 0 when the row with id passes a's village check, 1 when not, or an error. */
static int row_in_scope(const in_scope_arg *a, int64_t id)
{
    if (!a->village)
        return 0;
    bool in = false;
    int rc = village_in_scope(a->s, a->table, id, a->scope, &in, a->err);
    return rc ? rc : !in;
}

/* An indexed person (microdegrees in columns 1 and 2). */
static int read_point(pl_geo_person_pt *p, sqlite3_stmt *st, void *arg)
{
    p->id = sqlite3_column_int64(st, 0);
    p->lat = sqlite3_column_int(st, 1) / 1e6;
    p->lon = sqlite3_column_int(st, 2) / 1e6;
    p->birth_days = sqlite3_column_int(st, 3);
    p->disabled = sqlite3_column_int(st, 4) != 0;
    p->district = sqlite3_column_int(st, 5);
    return row_in_scope(arg, p->id);
}

PL_SQ_ROWS_ARG(point_rows, pl_geo_person_pt, pl_geo_person_cb, read_point, "person_geo");

/* Runs one of people_sql (kind Q_*; after: the marker's after_id) and passes its rows. */
static int people_query(pl_sq_store *s, int kind, int64_t after, const pl_store_bbox *box,
                        const char *scope, int category, pl_geo_person_cb cb, void *ctx,
                        pl_error *err)
{
    int32_t lo, hi;
    bool village;
    int rc = pl_sq_require_schema(s, err);
    if (rc || (rc = scope_range(scope, &lo, &hi, &village, err)))
        return rc;
    const char *sql = people_sql[category > 0][scope && scope[0]][kind];
    /* A private statement: the village check below uses the cache meanwhile. */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pl_sq_fail(s, PL_EINTERNAL, err, "prepare");
    bind_box(st, box);
    sqlite3_bind_int(st, 5, lo);
    sqlite3_bind_int(st, 6, hi);
    if (category > 0)
        sqlite3_bind_int(st, 7, category);
    if (kind != Q_TREE)
        sqlite3_bind_int64(st, 8, after);
    in_scope_arg arg = {s, scope, village, "person", err};
    rc = pl_sq_each(s, st, &point_rows, &arg, PL_SQ_FN(cb), ctx, err);
    sqlite3_finalize(st);
    return rc;
}

/* people_query on the tree, plus the rows it lacks while a marker exists. */
static int people_select(pl_sq_store *s, const pl_store_bbox *box, const char *scope, int category,
                         pl_geo_person_cb cb, void *ctx, pl_error *err)
{
    int64_t after;
    int kind;
    int rc = pl_sq_require_schema(s, err);
    if (rc || (rc = pending_kind(s, "person", &after, &kind, err)))
        return rc;
    return people_query(s, kind, after, box, scope, category, cb, ctx, err);
}

int pl_sq_geo_people_in_bbox(pl_sq_store *s, const pl_store_bbox *box, const char *scope,
                             pl_geo_person_cb cb, void *ctx, pl_error *err)
{
    return people_select(s, box, scope, 0, cb, ctx, err);
}

/*
 * Direct walk of person_geo's nodes. SQLite's R*Tree keeps each node as a
 * blob in person_geo_node (node 1 is the root): a 2-byte big-endian depth
 * (root only), a 2-byte cell count, then cells of an 8-byte big-endian
 * rowid (leaves) or child node number (inner nodes) followed by the
 * dimensions' lower and upper bounds as 4-byte big-endian integers
 * (rtree_i32): lat, lon, birth, dis, dist.
 */
#define RT_DIMS 5
#define RT_CELL (8 + 8 * RT_DIMS)
#define RT_MAX_DEPTH 40

typedef struct rt_walk {
    pl_sq_store *s;
    int32_t lat0, lat1, lon0, lon1, lo, hi; /* query box and district range */
    bool village;
    const char *scope;
    pl_geo_cell_cb classify;
    pl_geo_person_cb cb;
    void *ctx;
    unsigned char *buf[RT_MAX_DEPTH + 1]; /* one node per level */
    size_t cap[RT_MAX_DEPTH + 1];
    sqlite3_blob *blob; /* reopened on each node */
    pl_error *err;
} rt_walk;

static int32_t rt_i32(const unsigned char *p)
{
    return (int32_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
                     (uint32_t)p[3]);
}

static int64_t rt_i64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return (int64_t)v;
}

/* Copies node `no` into w->buf[level]; *ncell its cells. 1 when missing or malformed. */
static int rt_read(rt_walk *w, int64_t no, int level, int *ncell, int *depth)
{
    int rc = w->blob
                 ? sqlite3_blob_reopen(w->blob, no)
                 : sqlite3_blob_open(w->s->db, "main", "person_geo_node", "data", no, 0, &w->blob);
    if (rc == SQLITE_ERROR)
        return 1; /* no such node */
    if (rc != SQLITE_OK)
        return pl_sq_fail(w->s, PL_EIO, w->err, "person_geo_node");
    int len = sqlite3_blob_bytes(w->blob);
    if (len < 4)
        return 1;
    if (pl_vec_reserve(&w->buf[level], &w->cap[level], 0, (size_t)len) != 0)
        return pl_error_set(w->err, PL_ENOMEM, "", "memori tidak cukup");
    unsigned char *d = w->buf[level];
    if (sqlite3_blob_read(w->blob, d, len, 0) != SQLITE_OK)
        return pl_sq_fail(w->s, PL_EIO, w->err, "person_geo_node");
    *depth = d[0] << 8 | d[1];
    *ncell = d[2] << 8 | d[3];
    return 4 + (size_t)*ncell * RT_CELL > (size_t)len ? 1 : 0;
}

/* Visits the cells of the node in w->buf[level] at height (0 = leaf); inside: all taken. */
static int rt_visit(rt_walk *w, int level, int ncell, int height, bool inside)
{
    for (int i = 0; i < ncell; i++) {
        const unsigned char *cell = w->buf[level] + 4 + (size_t)i * RT_CELL;
        int32_t c[2 * RT_DIMS];
        for (int k = 0; k < 4; k++)
            c[k] = rt_i32(cell + 8 + 4 * k);
        /* lat0 lat1 lon0 lon1 birth0 birth1 dis0 dis1 dist0 dist1 */
        if (c[1] < w->lat0 || c[0] > w->lat1 || c[3] < w->lon0 || c[2] > w->lon1)
            continue;
        for (int k = 4; k < 2 * RT_DIMS; k++)
            c[k] = rt_i32(cell + 8 + 4 * k);
        if (c[9] <= w->lo || c[8] > w->hi)
            continue;
        int64_t id = rt_i64(cell);
        if (height > 0) {
            bool in = inside;
            if (!in && w->classify) {
                pl_store_bbox b = {c[2] / 1e6, c[0] / 1e6, c[3] / 1e6, c[1] / 1e6};
                int k = w->classify(w->ctx, &b);
                if (k == PL_STORE_CELL_OUTSIDE)
                    continue;
                in = k == PL_STORE_CELL_INSIDE;
            }
            if (level + 1 > RT_MAX_DEPTH)
                return pl_error_set(w->err, PL_EIO, "", "indeks spasial rusak (terlalu dalam)");
            int n = 0, depth = 0;
            int rc = rt_read(w, id, level + 1, &n, &depth);
            if (rc == 1)
                return pl_error_set(w->err, PL_EIO, "", "indeks spasial rusak (simpul %lld)",
                                    (long long)id);
            if (rc || (rc = rt_visit(w, level + 1, n, height - 1, in)))
                return rc;
            continue;
        }
        pl_geo_person_pt p = {
            .id = id,
            .lat = c[0] / 1e6,
            .lon = c[2] / 1e6,
            .birth_days = c[4],
            .disabled = c[6] != 0,
            .district = c[8],
            .box_inside = inside,
        };
        if (w->village) {
            bool in = false;
            int rc = village_in_scope(w->s, "person", p.id, w->scope, &in, w->err);
            if (rc)
                return rc;
            if (!in)
                continue;
        }
        int stop = w->cb(w->ctx, &p);
        if (stop)
            return stop;
    }
    return 0;
}

int pl_sq_geo_people_walk(pl_sq_store *s, const pl_store_bbox *box, const char *scope,
                          pl_geo_cell_cb classify, pl_geo_person_cb cb, void *ctx, pl_error *err)
{
    rt_walk w = {
        .s = s, .scope = nz(scope), .classify = classify, .cb = cb, .ctx = ctx, .err = err};
    int rc = pl_sq_require_schema(s, err);
    if (rc || (rc = scope_range(scope, &w.lo, &w.hi, &w.village, err)))
        return rc;
    w.lat0 = micro_floor(box->min_lat);
    w.lat1 = micro_ceil(box->max_lat);
    w.lon0 = micro_floor(box->min_lon);
    w.lon1 = micro_ceil(box->max_lon);
    /* One read transaction: the nodes (and the marker) must come from one version. */
    bool own_txn = sqlite3_get_autocommit(s->db) != 0;
    if (own_txn && (rc = pl_sq_exec(s, "BEGIN", err)))
        return rc;
    int64_t after = -1;
    int kind = Q_TREE, n = 0, depth = 0;
    if ((rc = pending_kind(s, "person", &after, &kind, err)) == 0)
        rc = rt_read(&w, 1, 0, &n, &depth);
    if (rc == 1 || (rc == 0 && depth > RT_MAX_DEPTH)) {
        sqlite3_blob_close(w.blob);
        w.blob = NULL;
        /* Not the node layout expected: the SQL query gives the same rows. */
        rc = people_query(s, kind, after, box, scope, 0, cb, ctx, err);
    } else if (rc == 0) {
        rc = rt_visit(&w, 0, n, depth, false);
        /* With a marker: then the people the tree lacks, every one to be tested. */
        if (rc == 0 && kind != Q_TREE)
            rc = people_query(s, Q_MISSING, after, box, scope, 0, cb, ctx, err);
    }
    sqlite3_blob_close(w.blob);
    if (own_txn) {
        pl_error ignored;
        pl_sq_exec(s, "COMMIT", &ignored);
    }
    for (int i = 0; i <= RT_MAX_DEPTH; i++)
        free(w.buf[i]);
    return rc;
}

int pl_sq_geo_person_disability(pl_sq_store *s, int64_t id, char *out, size_t cap, pl_error *err)
{
    static const char sql[] = "SELECT disability FROM person WHERE id = ?";
    out[0] = '\0';
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        return pl_error_set(err, PL_ENOTFOUND, "id", "penduduk %lld tidak ditemukan",
                            (long long)id);
    }
    if (rc != SQLITE_ROW)
        return pl_sq_step_error(s, rc, err, "person");
    pl_sq_col_text(out, cap, st, 0);
    sqlite3_reset(st);
    return 0;
}

/*
 * The tally over the walk: SQLite reads every point of the R*Tree's cells cheaply, so the
 * points of inside cells are counted here, their disability texts summed per text.
 */
typedef struct tally_walk {
    pl_sq_store *s;
    pl_geo_tally *t;
    pl_geo_tally_dis_cb dis_cb;
    pl_geo_cell_cb classify;
    pl_geo_person_cb cb;
    void *ctx;
    struct tally_dis {
        char text[32];
        long n;
    } dis[32];
    size_t n_dis;
    pl_error *err;
} tally_walk;

/* The walk hands its own context to the classifier too: the caller's is passed on. */
static int tally_classify(void *ctx, const pl_store_bbox *cell)
{
    tally_walk *w = ctx;
    return w->classify(w->ctx, cell);
}

static int tally_point(void *ctx, const pl_geo_person_pt *p)
{
    tally_walk *w = ctx;
    if (!p->box_inside)
        return w->cb(w->ctx, p);
    pl_geo_tally *t = w->t;
    bool known = p->birth_days != PL_GEO_BIRTH_UNKNOWN;
    bool old = known && p->birth_days <= t->elderly_cut;
    bool child = known && p->birth_days > t->child_cut;
    t->people++;
    t->elderly += old;
    t->children += child;
    t->disabled += p->disabled;
    t->vulnerable += old || child || p->disabled;
    if (!p->disabled)
        return 0;
    char text[32];
    int rc = pl_sq_geo_person_disability(w->s, p->id, text, sizeof text, w->err);
    if (rc)
        return rc;
    for (size_t i = 0; i < w->n_dis; i++)
        if (strcmp(w->dis[i].text, text) == 0) {
            w->dis[i].n++;
            return 0;
        }
    if (w->n_dis == sizeof w->dis / sizeof w->dis[0])
        return w->dis_cb(w->ctx, text, 1); /* more texts than slots: one by one */
    snprintf(w->dis[w->n_dis].text, sizeof w->dis[w->n_dis].text, "%s", text);
    w->dis[w->n_dis++].n = 1;
    return 0;
}

int pl_sq_geo_people_tally(pl_sq_store *s, const pl_store_bbox *box, const char *scope,
                           pl_geo_cell_cb classify, pl_geo_tally *t, pl_geo_tally_dis_cb dis_cb,
                           pl_geo_person_cb cb, void *ctx, pl_error *err)
{
    tally_walk *w = calloc(1, sizeof *w);
    if (w == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    *w = (tally_walk){
        .s = s, .t = t, .dis_cb = dis_cb, .classify = classify, .cb = cb, .ctx = ctx, .err = err};
    int rc =
        pl_sq_geo_people_walk(s, box, scope, classify ? tally_classify : NULL, tally_point, w, err);
    for (size_t i = 0; rc == 0 && i < w->n_dis; i++)
        rc = dis_cb(ctx, w->dis[i].text, w->dis[i].n);
    free(w);
    return rc;
}

int pl_sq_geo_people_disability(pl_sq_store *s, const int64_t *ids, size_t n,
                                pl_geo_disability_cb cb, void *ctx, pl_error *err)
{
    for (size_t i = 0; i < n; i++) {
        char text[64];
        int rc = pl_sq_geo_person_disability(s, ids[i], text, sizeof text, err);
        if (rc || (rc = cb(ctx, ids[i], text)))
            return rc;
    }
    return 0;
}

/* A person read from the tables (degrees). */
static void read_scanned(pl_geo_person_pt *p, sqlite3_stmt *st)
{
    p->id = sqlite3_column_int64(st, 0);
    p->lat = sqlite3_column_double(st, 1);
    p->lon = sqlite3_column_double(st, 2);
    p->birth_days = sqlite3_column_int(st, 3);
    p->disabled = sqlite3_column_int(st, 4) != 0;
    p->district = sqlite3_column_int(st, 5);
}

PL_SQ_ROWS(scan_rows, pl_geo_person_pt, pl_geo_person_cb, read_scanned, "person_point");

int pl_sq_geo_people_scan(pl_sq_store *s, const char *scope, pl_geo_person_cb cb, void *ctx,
                          pl_error *err)
{
    static const char sql[] =
        "SELECT id, lat, lon, coalesce(CAST(round(julianday(birth_date) - 2440587.5) AS INTEGER), "
        "2147483647), disability <> '', CAST(replace(substr(village_code, 1, 8), '.', '') AS "
        "INTEGER) FROM person_point WHERE lat IS NOT NULL AND lon IS NOT NULL AND " PL_SQ_IN_PREFIX(
            "village_code", "?1");
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, nz(scope), -1, SQLITE_TRANSIENT);
    return pl_sq_each(s, st, &scan_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_geo_people_in_bbox_category(pl_sq_store *s, const pl_store_bbox *box, const char *scope,
                                      int category, pl_geo_person_cb cb, void *ctx, pl_error *err)
{
    if (category <= 0)
        return pl_sq_geo_people_in_bbox(s, box, scope, cb, ctx, err);
    return people_select(s, box, scope, category, cb, ctx, err);
}

#define H_SEL(T)                                                                                   \
    "SELECT g.id, g.lat0, g.lon0 FROM " T " g WHERE g.lat1 >= ?1 AND g.lat0 <= ?2 "                \
    "AND g.lon1 >= ?3 AND g.lon0 <= ?4 AND g.dist1 >= ?5 AND g.dist0 <= ?6 AND (?7 = 0 OR "        \
    "EXISTS(SELECT 1 FROM membership m WHERE m.household_id = g.id AND m.category = ?7 "           \
    "AND m.valid_to IS NULL))"

/* An indexed household (microdegrees). */
static int read_household_pt(pl_geo_pt *p, sqlite3_stmt *st, void *arg)
{
    p->id = sqlite3_column_int64(st, 0);
    p->lat = sqlite3_column_int(st, 1) / 1e6;
    p->lon = sqlite3_column_int(st, 2) / 1e6;
    return row_in_scope(arg, p->id);
}

PL_SQ_ROWS_ARG(household_pt_rows, pl_geo_pt, pl_geo_pt_cb, read_household_pt, "household_geo");

int pl_sq_geo_households_in_bbox(pl_sq_store *s, const pl_store_bbox *box, const char *scope,
                                 int category, pl_geo_pt_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = H_SEL("household_geo");
    /* With a marker: the rows the tree lacks too (see MISSING). */
    static const char sql_both[] =
        H_SEL("household_geo") " UNION ALL " H_SEL("household_geo_rows") MISSING("household_geo");
    int32_t lo, hi;
    bool village;
    int64_t after;
    int kind;
    int rc = pl_sq_require_schema(s, err);
    if (rc || (rc = scope_range(scope, &lo, &hi, &village, err)) ||
        (rc = pending_kind(s, "household", &after, &kind, err)))
        return rc;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, kind == Q_TREE ? sql : sql_both, -1, &st, NULL) != SQLITE_OK)
        return pl_sq_fail(s, PL_EINTERNAL, err, "prepare");
    bind_box(st, box);
    sqlite3_bind_int(st, 5, lo);
    sqlite3_bind_int(st, 6, hi);
    sqlite3_bind_int(st, 7, category);
    if (kind != Q_TREE)
        sqlite3_bind_int64(st, 8, after);
    in_scope_arg arg = {s, scope, village, "household", err};
    rc = pl_sq_each(s, st, &household_pt_rows, &arg, PL_SQ_FN(cb), ctx, err);
    sqlite3_finalize(st);
    return rc;
}

/* An indexed PSKS unit (microdegrees) with its type. */
static void read_psks_pt(pl_geo_pt *p, sqlite3_stmt *st)
{
    p->id = sqlite3_column_int64(st, 0);
    p->lat = sqlite3_column_int(st, 1) / 1e6;
    p->lon = sqlite3_column_int(st, 2) / 1e6;
    p->kind = sqlite3_column_int(st, 3);
}

PL_SQ_ROWS(psks_pt_rows, pl_geo_pt, pl_geo_pt_cb, read_psks_pt, "psks_geo");

int pl_sq_geo_psks_in_bbox(pl_sq_store *s, const pl_store_bbox *box, int type, pl_geo_pt_cb cb,
                           void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT id, lat0, lon0, type0 FROM psks_geo WHERE lat1 >= ?1 AND lat0 <= ?2 AND "
        "lon1 >= ?3 AND lon0 <= ?4 AND (?5 = 0 OR (type0 <= ?5 AND type1 >= ?5))";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    bind_box(st, box);
    sqlite3_bind_int(st, 5, type);
    return pl_sq_each(s, st, &psks_pt_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_geo_people_count(pl_sq_store *s, long *out, pl_error *err)
{
    static const char sql[] = "SELECT count(*) FROM person_geo WHERE ?1 = ?1";
    /* With a marker: plus the people the tree lacks (see MISSING). */
    static const char sql_both[] =
        "SELECT (SELECT count(*) FROM person_geo) + (SELECT count(*) FROM person_geo_rows g "
        "WHERE 1" MISSING("person_geo") ")";
    int64_t after;
    int kind;
    int rc = pl_sq_require_schema(s, err);
    if (rc || (rc = pending_kind(s, "person", &after, &kind, err)))
        return rc;
    if (kind == Q_TREE)
        return count_one(s, sql, 0, out, err);
    PL_SQ_PREP(st, sql_both);
    sqlite3_bind_int64(st, 8, after);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return pl_sq_step_error(s, rc, err, "count");
    *out = (long)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

/* One (code, count) row; its callback takes the two as arguments. */
typedef struct region_count {
    char code[PL_REGION_CODE_MAX];
    long count;
} region_count;

static int read_region_count(void *rec, sqlite3_stmt *st, void *arg)
{
    (void)arg;
    region_count *r = rec;
    pl_sq_col_text(r->code, sizeof r->code, st, 0);
    r->count = (long)sqlite3_column_int64(st, 1);
    return 0;
}

static int emit_region_count(pl_sq_fn cb, void *ctx, const void *rec)
{
    const region_count *r = rec;
    return ((pl_region_count_cb)cb)(ctx, r->code, r->count);
}

static const pl_sq_rows region_count_rows = {sizeof(region_count), read_region_count,
                                             emit_region_count, "region_counts"};

int pl_sq_geo_region_counts(pl_sq_store *s, int level, int category, const char *scope,
                            pl_region_count_cb cb, void *ctx, pl_error *err)
{
    static const char sql_all[] =
        "SELECT substr(village_code, 1, ?1), count(*) FROM person WHERE death_date IS NULL "
        "AND " PL_SQ_IN_PREFIX("village_code", "?2") " GROUP BY 1 ORDER BY 1";
    static const char sql_cat[] =
        "SELECT code, sum(n) FROM ("
        "SELECT substr(p.village_code, 1, ?1) AS code, count(*) AS n FROM membership m "
        "JOIN person p ON p.id = m.person_id WHERE m.category = ?3 AND m.valid_to IS NULL AND "
        "p.death_date IS NULL AND " PL_SQ_IN_PREFIX(
            "p.village_code",
            "?2") " GROUP BY 1 "
                  "UNION ALL SELECT substr(p.village_code, 1, ?1), count(*) FROM membership m "
                  "JOIN person p ON p.household_id = m.household_id WHERE m.category = ?3 AND "
                  "m.valid_to IS NULL AND p.death_date IS NULL AND " PL_SQ_IN_PREFIX(
                      "p.village_code", "?2") " GROUP BY 1) GROUP BY code ORDER BY code";
    if (level < PL_LEVEL_PROVINCE || level > PL_LEVEL_VILLAGE)
        return pl_error_set(err, PL_EINVAL, "level", "tingkat wilayah %d tidak dikenal", level);
    static const int len[] = {0, 2, 5, 8, 13};
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, category ? sql_cat : sql_all, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, len[level]);
    sqlite3_bind_text(st, 2, nz(scope), -1, SQLITE_TRANSIENT);
    if (category)
        sqlite3_bind_int(st, 3, category);
    return pl_sq_each(s, st, &region_count_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

static void read_located(pl_geo_located *r, sqlite3_stmt *st)
{
    pl_sq_col_text(r->kind, sizeof r->kind, st, 0);
    r->id = sqlite3_column_int64(st, 1);
    pl_sq_col_text(r->label, sizeof r->label, st, 2);
    pl_sq_col_text(r->region, sizeof r->region, st, 3);
    r->lat = sqlite3_column_double(st, 4);
    r->lon = sqlite3_column_double(st, 5);
}

PL_SQ_ROWS(located_rows, pl_geo_located, pl_geo_located_cb, read_located, "located");

int pl_sq_geo_located_list(pl_sq_store *s, const char *scope, pl_geo_located_cb cb, void *ctx,
                           pl_error *err)
{
    static const char sql[] =
        "SELECT 'household', id, kk, village_code, lat, lon FROM household WHERE lat IS NOT NULL "
        "AND lon IS NOT NULL AND " PL_SQ_IN_PREFIX(
            "village_code",
            "?1") " UNION ALL SELECT 'person', id, coalesce(nik, name), village_code, lat, lon "
                  "FROM person "
                  "WHERE lat IS NOT NULL AND lon IS NOT NULL AND death_date IS NULL "
                  "AND " PL_SQ_IN_PREFIX(
                      "village_code", "?1") " UNION ALL SELECT 'psks', id, name, area_code, lat, "
                                            "lon FROM psks_unit WHERE lat IS NOT "
                                            "NULL AND lon IS NOT NULL AND " PL_SQ_IN_PREFIX(
                                                "area_code", "?1") " ORDER BY 4, 1, 2";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, nz(scope), -1, SQLITE_TRANSIENT);
    return pl_sq_each(s, st, &located_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* ------------------------------------------------------- disaster events */

#define D_COLS                                                                                     \
    "id, type, name, event_date, end_date, region_code, min_lon, min_lat, max_lon, max_lat, "      \
    "state, confirmed_at, confirmed_by, affected, version, created_at, created_by"

static void row_to_disaster(pl_disaster *d, sqlite3_stmt *st)
{
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(d->type, sizeof d->type, st, 1);
    pl_sq_col_text(d->name, sizeof d->name, st, 2);
    pl_sq_col_text(d->event_date, sizeof d->event_date, st, 3);
    pl_sq_col_text(d->end_date, sizeof d->end_date, st, 4);
    pl_sq_col_text(d->region_code, sizeof d->region_code, st, 5);
    d->bbox.min_lon = sqlite3_column_double(st, 6);
    d->bbox.min_lat = sqlite3_column_double(st, 7);
    d->bbox.max_lon = sqlite3_column_double(st, 8);
    d->bbox.max_lat = sqlite3_column_double(st, 9);
    pl_sq_col_text(d->state, sizeof d->state, st, 10);
    pl_sq_col_text(d->confirmed_at, sizeof d->confirmed_at, st, 11);
    pl_sq_col_text(d->confirmed_by, sizeof d->confirmed_by, st, 12);
    d->affected = (long)sqlite3_column_int64(st, 13);
    d->version = sqlite3_column_int64(st, 14);
    pl_sq_col_text(d->created_at, sizeof d->created_at, st, 15);
    pl_sq_col_text(d->created_by, sizeof d->created_by, st, 16);
}

int pl_sq_disaster_add(pl_sq_store *s, const pl_actor *who, pl_disaster *d, const char *area,
                       pl_error *err)
{
    static const char sql[] =
        "INSERT INTO disaster_event(type, name, event_date, end_date, region_code, area, "
        "min_lon, min_lat, max_lon, max_lat, created_at, created_by) "
        "VALUES(?,?,?,?,?,?,?,?,?,?," PL_SQ_NOW ",?)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, d->type, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, d->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, d->event_date, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 4, d->end_date);
    sqlite3_bind_text(st, 5, d->region_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, area, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 7, d->bbox.min_lon);
    sqlite3_bind_double(st, 8, d->bbox.min_lat);
    sqlite3_bind_double(st, 9, d->bbox.max_lon);
    sqlite3_bind_double(st, 10, d->bbox.max_lat);
    sqlite3_bind_text(st, 11, s->actor, -1, SQLITE_STATIC);
    if ((rc = pl_sq_insert(s, st, &d->id, "disaster_event", err)))
        return rc;
    snprintf(d->state, sizeof d->state, "%s", PL_DISASTER_DRAFT);
    d->version = 1;
    return 0;
}

int pl_sq_disaster_get(pl_sq_store *s, pl_disaster *out, char **area, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " D_COLS ", area FROM disaster_event WHERE id = ?";
    if (area)
        *area = NULL;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return pl_error_set(err, PL_ENOTFOUND, "id", "kejadian bencana %lld tidak ditemukan",
                            (long long)id);
    if (rc != SQLITE_ROW)
        return pl_sq_step_error(s, rc, err, "disaster_event");
    row_to_disaster(out, st);
    if (area) {
        const char *a = (const char *)sqlite3_column_text(st, 17);
        *area = strdup(a ? a : "");
        if (*area == NULL) {
            sqlite3_reset(st);
            return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        }
    }
    sqlite3_reset(st);
    return 0;
}

PL_SQ_ROWS(disaster_rows, pl_disaster, pl_disaster_cb, row_to_disaster, "disaster_event");

int pl_sq_disaster_list(pl_sq_store *s, const char *scope, pl_disaster_cb cb, void *ctx,
                        pl_error *err)
{
    static const char sql[] =
        "SELECT " D_COLS " FROM disaster_event WHERE region_code = '' OR " PL_SQ_IN_PREFIX(
            "region_code", "?1") " ORDER BY event_date DESC, id DESC";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, nz(scope), -1, SQLITE_TRANSIENT);
    return pl_sq_each(s, st, &disaster_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_disaster_affected_add(pl_sq_store *s, int64_t event_id, int64_t person_id,
                                int64_t membership_id, pl_error *err)
{
    static const char sql[] = "INSERT OR IGNORE INTO disaster_affected(event_id, person_id, "
                              "membership_id) VALUES(?,?,?)";
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_int64(st, 2, person_id);
    if (membership_id)
        sqlite3_bind_int64(st, 3, membership_id);
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? 0 : pl_sq_step_error(s, rc, err, "disaster_affected");
}

int pl_sq_disaster_set_confirmed(pl_sq_store *s, const pl_actor *who, int64_t id, long affected,
                                 pl_error *err)
{
    static const char sql[] =
        "UPDATE disaster_event SET state = 'confirmed', confirmed_at = " PL_SQ_NOW
        ", confirmed_by = ?, "
        "affected = ?, version = version + 1 WHERE id = ? AND state = 'draft'";
    pl_disaster d;
    int rc = pl_sq_disaster_get(s, &d, NULL, id, err);
    if (rc)
        return rc;
    if (strcmp(d.state, PL_DISASTER_DRAFT) != 0)
        return pl_error_set(err, PL_ECONFLICT, "id",
                            "kejadian bencana %lld sudah dikonfirmasi pada %s oleh %s",
                            (long long)id, d.confirmed_at, d.confirmed_by);
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    sqlite3_bind_text(st, 1, s->actor, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, affected);
    sqlite3_bind_int64(st, 3, id);
    if ((rc = pl_sq_done(s, st, err, "disaster_event")))
        return rc;
    return 0;
}

int pl_sq_membership_open_id(pl_sq_store *s, int64_t person_id, int category, int64_t *id,
                             pl_error *err)
{
    static const char sql[] = "SELECT id FROM membership WHERE person_id = ? AND category = ? "
                              "AND valid_to IS NULL";
    PL_SQ_PREP(st, sql);
    sqlite3_bind_int64(st, 1, person_id);
    sqlite3_bind_int(st, 2, category);
    int rc = sqlite3_step(st);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : pl_sq_step_error(s, rc, err, "membership");
}

/* ------------------------------------------------------- disability cards */

#define C_COLS "id, token, person_id, issued_at, issued_by, revoked_at, revoked_by, reason"

static void row_to_card(pl_card *c, sqlite3_stmt *st)
{
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(c->token, sizeof c->token, st, 1);
    c->person_id = sqlite3_column_int64(st, 2);
    pl_sq_col_text(c->issued_at, sizeof c->issued_at, st, 3);
    pl_sq_col_text(c->issued_by, sizeof c->issued_by, st, 4);
    pl_sq_col_text(c->revoked_at, sizeof c->revoked_at, st, 5);
    pl_sq_col_text(c->revoked_by, sizeof c->revoked_by, st, 6);
    pl_sq_col_text(c->reason, sizeof c->reason, st, 7);
}

int pl_sq_card_add(pl_sq_store *s, const pl_actor *who, pl_card *c, pl_error *err)
{
    static const char sql[] = "INSERT INTO card(token, person_id, issued_at, issued_by) "
                              "VALUES(?, ?, " PL_SQ_NOW ", ?) RETURNING issued_at";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, c->token, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, c->person_id);
    sqlite3_bind_text(st, 3, s->actor, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = pl_sq_step_error(s, rc, err, "card");
        if (rc == PL_ECONFLICT)
            pl_error_set(err, PL_ECONFLICT, "kartu", "orang ini sudah memegang kartu yang berlaku");
        return rc;
    }
    pl_sq_col_text(c->issued_at, sizeof c->issued_at, st, 0);
    snprintf(c->issued_by, sizeof c->issued_by, "%s", s->actor);
    sqlite3_reset(st);
    c->id = sqlite3_last_insert_rowid(s->db);
    return 0;
}

int pl_sq_card_get(pl_sq_store *s, pl_card *out, const char *token, pl_error *err)
{
    static const char sql[] = "SELECT " C_COLS " FROM card WHERE token = ?";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, token, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return pl_error_set(err, PL_ENOTFOUND, "token", "kartu tidak dikenal");
    if (rc != SQLITE_ROW)
        return pl_sq_step_error(s, rc, err, "card");
    row_to_card(out, st);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_card_active(pl_sq_store *s, pl_card *out, int64_t person_id, pl_error *err)
{
    static const char sql[] = "SELECT " C_COLS " FROM card WHERE person_id = ? AND revoked_at "
                              "IS NULL";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, person_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return pl_error_set(err, PL_ENOTFOUND, "kartu", "belum ada kartu yang berlaku");
    if (rc != SQLITE_ROW)
        return pl_sq_step_error(s, rc, err, "card");
    row_to_card(out, st);
    sqlite3_reset(st);
    return 0;
}

PL_SQ_ROWS(card_rows, pl_card, pl_card_cb, row_to_card, "card");

int pl_sq_card_list(pl_sq_store *s, int64_t person_id, pl_card_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " C_COLS " FROM card WHERE person_id = ? ORDER BY id DESC";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, person_id);
    return pl_sq_each(s, st, &card_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_card_revoke(pl_sq_store *s, const pl_actor *who, const char *token, const char *reason,
                      pl_error *err)
{
    static const char sql[] =
        "UPDATE card SET revoked_at = " PL_SQ_NOW ", revoked_by = ?, reason = ? "
        "WHERE token = ? AND revoked_at IS NULL";
    pl_card c;
    int rc = pl_sq_card_get(s, &c, token, err);
    if (rc)
        return rc;
    if (c.revoked_at[0])
        return pl_error_set(err, PL_ECONFLICT, "token", "kartu sudah dicabut pada %s",
                            c.revoked_at);
    pl_sq_set_actor(s, who);
    PL_SQ_PREP(st, sql);
    sqlite3_bind_text(st, 1, s->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, nz(reason), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, token, -1, SQLITE_TRANSIENT);
    return pl_sq_done(s, st, err, "card");
}
