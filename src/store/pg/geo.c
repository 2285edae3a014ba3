/*
 * geo.c - region outlines, the spatial index (PostGIS geography points with GiST, kept by
 * triggers, see schema_geo.c), area queries over it, deferred indexing, disaster events and
 * disability cards: the PostgreSQL twin of store/sqlite/geo.c and geo_index.c.
 *
 * Who decides what is inside. Area queries reach the store as a box (and, for a polygon, a
 * classifier of boxes); the exact test (point in polygon, haversine distance) is done by the
 * caller in C (service/area.c, domain/geometry.c) on points rounded to microdegrees, the same
 * code on both backends. PostGIS only finds the candidates: the GiST index over geography
 * answers `pt && box`, then the box is checked in microdegrees exactly as SQLite's R*Tree
 * does. ST_Covers/ST_DWithin on geography would decide points near an edge differently from
 * the C test (geodesic edges and a spheroid instead of the planar ring and the sphere), so they
 * cannot give SQLite's answers. A polygon walk cuts the box into a grid of cells that the
 * caller's classifier sorts (outside / inside / crossed by the outline), as SQLite's walk sorts
 * its R*Tree cells: points of outside cells are dropped in SQL and never sent, points of inside
 * cells arrive marked box_inside; the classifier agrees with the point test for every point of
 * a cell (domain/geometry.h), so the people found are the same.
 */
#include "store/pg/internal.h"
#include "domain/region_code.h"
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

/* A code inside scope P (a text parameter; '' = everything), as PL_SQ_IN_PREFIX. */
#define IN_PREFIX(COL, P) "(" P " = '' OR " COL " = " P " OR starts_with(" COL ", " P " || '.'))"
/* Text order of codes whatever the data base's collation (SQLite compares bytes). */
#define BYTES " COLLATE \"C\""

/*
 * District-number range for a scope prefix; *village is set when the scope is a village (the
 * range then covers its district, rows are checked). As on SQLite.
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

int pl_pg_boundary_put(pl_pg_store *s, const pl_actor *who, const pl_boundary *b, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO boundary(code, name, level, geometry, min_lon, min_lat, max_lon, max_lat, "
        "source, updated_at, updated_by) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,pl_now(),pl_actor()) "
        "ON CONFLICT(code) DO UPDATE SET name=excluded.name, level=excluded.level, "
        "geometry=excluded.geometry, min_lon=excluded.min_lon, min_lat=excluded.min_lat, "
        "max_lon=excluded.max_lon, max_lat=excluded.max_lat, source=excluded.source, "
        "updated_at=excluded.updated_at, updated_by=excluded.updated_by";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (b->code[0] == '\0' || b->geometry == NULL || b->geometry[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "kode", "batas wilayah tanpa kode atau geometri");
    pl_pg_num lv, x0, y0, x1, y1;
    const char *p[] = {b->code,
                       b->name,
                       pl_pg_i64(&lv, b->level),
                       b->geometry,
                       pl_pg_f64(&x0, b->bbox.min_lon),
                       pl_pg_f64(&y0, b->bbox.min_lat),
                       pl_pg_f64(&x1, b->bbox.max_lon),
                       pl_pg_f64(&y1, b->bbox.max_lat),
                       b->source};
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    rc = pl_pg_command(s, sql, 9, p, err, "boundary");
    return pl_pg_tx_end(s, own, rc, err);
}

#define B_COLS "code, name, level, min_lon, min_lat, max_lon, max_lat, source, updated_at"

static void row_to_boundary(pl_boundary *b, const PGresult *r, int row)
{
    memset(b, 0, sizeof *b);
    pl_pg_copy(b->code, sizeof b->code, r, row, 0);
    pl_pg_copy(b->name, sizeof b->name, r, row, 1);
    b->level = (int)pl_pg_int(r, row, 2);
    b->bbox.min_lon = pl_pg_real(r, row, 3);
    b->bbox.min_lat = pl_pg_real(r, row, 4);
    b->bbox.max_lon = pl_pg_real(r, row, 5);
    b->bbox.max_lat = pl_pg_real(r, row, 6);
    pl_pg_copy(b->source, sizeof b->source, r, row, 7);
    pl_pg_copy(b->updated_at, sizeof b->updated_at, r, row, 8);
}

int pl_pg_boundary_get(pl_pg_store *s, pl_boundary *out, char **geometry, const char *code,
                       pl_error *err)
{
    static const char sql[] = "SELECT " B_COLS ", geometry FROM boundary WHERE code = $1";
    *geometry = NULL;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {code};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "boundary");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return pl_error_set(err, PL_ENOTFOUND, "kode", "batas wilayah %s belum dimuat", code);
    }
    row_to_boundary(out, r, 0);
    *geometry = strdup(nz(pl_pg_text(r, 0, 9)));
    PQclear(r);
    if (*geometry == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    out->geometry = *geometry;
    return 0;
}

/* A listed outline: the geometry (column 9) is borrowed for the callback. */
static void read_boundary_listed(pl_boundary *b, const PGresult *r, int row)
{
    row_to_boundary(b, r, row);
    b->geometry = pl_pg_text(r, row, 9);
}

PL_PG_ROWS(boundary_rows, pl_boundary, pl_boundary_cb, read_boundary_listed, "boundary");

int pl_pg_boundary_list(pl_pg_store *s, int level, const char *scope, bool with_geometry,
                        pl_boundary_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " B_COLS ", CASE WHEN $3 THEN geometry END FROM boundary "
        "WHERE ($1 = 0 OR level = $1) AND " IN_PREFIX("code", "$2") " ORDER BY code" BYTES;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num lv;
    const char *p[] = {pl_pg_i64(&lv, level), nz(scope), with_geometry ? "true" : "false"};
    return pl_pg_each(s, sql, 3, p, &boundary_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* The bigint answer of sql (one row, one column) with n parameters, as a long. */
static int count_of(pl_pg_store *s, const char *sql, int n, const char *const *p, long *out,
                    pl_error *err)
{
    int64_t v = 0;
    int rc = pl_pg_scalar_i64(s, sql, n, p, &v, err, "count");
    *out = (long)v;
    return rc;
}

int pl_pg_boundary_count(pl_pg_store *s, int level, long *out, pl_error *err)
{
    static const char sql[] = "SELECT count(*) FROM boundary WHERE $1 = 0 OR level = $1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num lv;
    const char *p[] = {pl_pg_i64(&lv, level)};
    return count_of(s, sql, 1, p, out, err);
}

/* --------------------------------------------------------- spatial index */

/* The after_id of table's marker (geo_pending), -1 when there is none. */
static int pending_after(pl_pg_store *s, const char *table, int64_t *after, pl_error *err)
{
    static const char sql[] =
        "SELECT coalesce((SELECT after_id FROM geo_pending WHERE name = $1), -1)";
    const char *p[] = {table};
    *after = -1;
    return pl_pg_scalar_i64(s, sql, 1, p, after, err, "geo_pending");
}

/*
 * The GiST prefilter: `pt && box` on geography compares boxes around the points and the
 * outline in 3-D (geocentric) space. A lon/lat rectangle's extremes in that space lie on its
 * edges as long as no meridian that is a multiple of 90 degrees runs through its inside, so the
 * box is cut at those meridians into pieces, each widened by a margin (far more than the
 * index's float rounding); the exact test in microdegrees follows in SQL. The answer is the
 * EWKT of a multipolygon of the pieces for `pt && $n::geography` (its box in the index holds
 * every piece's; `&& ANY(array)` would not use the GiST index).
 */
#define ENV_MARGIN 0.001
#define ENV_TEXT_MAX 1536 /* at most 5 pieces of about 200 bytes */

static void envelopes(char *out, size_t cap, const pl_store_bbox *box)
{
    double y0 = fmax(-90.0, box->min_lat - ENV_MARGIN), y1 = fmin(90.0, box->max_lat + ENV_MARGIN);
    double x0 = fmax(-180.0, box->min_lon - ENV_MARGIN);
    double x1 = fmin(180.0, box->max_lon + ENV_MARGIN);
    size_t len = 0;
    int n = snprintf(out, cap, "SRID=4326;MULTIPOLYGON(");
    len = n > 0 ? (size_t)n : 0;
    if (!(x0 <= x1) || !(y0 <= y1)) {
        snprintf(out, cap, "SRID=4326;MULTIPOLYGON EMPTY");
        return;
    }
    /* The first multiple of 90 strictly east of x0 cuts the first piece, and so on. */
    double cut = (floor(x0 / 90.0) + 1.0) * 90.0, ym = (y0 + y1) / 2;
    for (bool first = true; len < cap; first = false, x0 = cut - ENV_MARGIN, cut += 90.0) {
        double right = cut < x1 ? cut + ENV_MARGIN : x1;
        /* A vertex half-way up each side: no edge may span 180 degrees (pole to pole). */
        n = snprintf(out + len, cap - len,
                     "%s((%.7f %.7f,%.7f %.7f,%.7f %.7f,%.7f %.7f,%.7f %.7f,%.7f %.7f,%.7f %.7f))",
                     first ? "" : ",", x0, y0, right, y0, right, ym, right, y1, x0, y1, x0, ym, x0,
                     y0);
        if (n < 0)
            break;
        len += (size_t)n;
        if (cut >= x1)
            break;
    }
    if (len + 2 <= cap)
        snprintf(out + len, cap - len, ")");
}

/*
 * Microdegrees of a coordinate as SQLite's CAST(round(v * 1000000) AS INTEGER) gives them: the
 * point tables of people and households keep them (lat_e6, lon_e6, generated from pt); PSKS
 * units' are computed.
 */
#define LAT_U "g.lat_e6"
#define LON_U "g.lon_e6"
#define PSKS_LAT_U "pl_micro(ST_Y(g.pt::geometry))"
#define PSKS_LON_U "pl_micro(ST_X(g.pt::geometry))"
/* (Their subqueries end in OFFSET 0: each is then computed once per row, not once per use.) */

/*
 * Every people query: $1..$4 the box in microdegrees (lat0, lat1, lon0, lon1), $5..$6 the
 * district range, $7 the GiST pieces, $8 the scope's province ('' = any), $9 a village scope
 * checked against the person row ('' = none), $10 a person category (0 = none), $11 the
 * marker's after_id (-1 = none: the indexed points only), $12 the cells' classes ('0' outside,
 * '1' inside, '2' crossed) over a grid of $13 columns and $14 rows of a box $15 x $16
 * microdegrees wide and high. The points the index lacks while a marker exists follow, read
 * from the view of migration 8, all of class '2'. Column 6 is the class.
 */
/* The numeric parameters, typed (PostgreSQL infers no type from a comparison to a literal). */
#define LAT0 "$1::bigint"
#define LAT1 "$2::bigint"
#define LON0 "$3::bigint"
#define LON1 "$4::bigint"
#define DLO "$5::bigint"
#define DHI "$6::bigint"
#define CAT "$10::bigint"
#define AFTER "$11::bigint"
#define GX "$13::bigint"
#define GY "$14::bigint"
#define GW "$15::bigint"
#define GH "$16::bigint"
#define IN_BOX(LA, LO) LA " BETWEEN " LAT0 " AND " LAT1 " AND " LO " BETWEEN " LON0 " AND " LON1

/*
 * The village and category conditions are separate statements: an `$n = '' OR EXISTS (...)`
 * in a generic plan is a subplan the planner may hash over every person (seconds).
 */
#define P_VILLAGE(G)                                                                               \
    " AND EXISTS (SELECT 1 FROM person p WHERE substr(p.village_code, 1, 2) = " G                  \
    ".prov AND p.id = " G ".id AND " IN_PREFIX("p.village_code", "$9") ")"
#define P_CAT(G)                                                                                   \
    " AND EXISTS (SELECT 1 FROM membership m WHERE m.prov = " G ".prov AND m.person_id = " G       \
    ".id AND m.category = " CAT " AND m.valid_to IS NULL)"
/* Without them the parameters are still named (typed), in a condition decided once. */
#define NO_VILLAGE(G) " AND $9::text IS NOT NULL"
#define NO_CAT(G) " AND " CAT " IS NOT NULL"
#define GEO_FILTER(G, V, C)                                                                        \
    "(" G ".dist BETWEEN " DLO " AND " DHI ") AND ($8 = '' OR " G ".prov = $8)" V(G) C(G)

/*
 * The class of a point's cell (la, lo in microdegrees): byte i of $12 as 0, 1 or 2 (a bytea:
 * get_byte reads it in constant time where substr on text walks the characters).
 */
#define CELL(LA, LO)                                                                               \
    "get_byte($12, (((" LA " - " LAT0 " + 1) * " GY " - 1) / " GH " * " GX " + ((" LO " - " LON0   \
    " + 1) * " GX " - 1) / " GW ")::int) - 48"

#define PEOPLE_SQL(V, C)                                                                           \
    "SELECT id, la, lo, birth, dis, dist, c FROM (SELECT x.*, " CELL(                              \
        "x.la",                                                                                    \
        "x.lo") " AS c FROM (SELECT g.id, " LAT_U " AS la, " LON_U                                 \
                " AS lo, g.birth, g.dis, g.dist FROM person_geo g WHERE g.pt && "                  \
                "$7::geography AND " GEO_FILTER("g", V, C) " OFFSET 0) x WHERE " IN_BOX(           \
                    "x.la",                                                                        \
                    "x.lo") ") y WHERE c <> 0 UNION ALL SELECT g.id, g.lat0, "                     \
                            "g.lon0, g.birth0, g.dis0, g.dist0, 2 FROM (SELECT "                   \
                            "v.id, v.lat0, v.lon0, v.birth0, v.dis0, v.dist0, "                    \
                            "(v.dist0 / 10000)::text AS prov, v.dist0 AS dist "                    \
                            "FROM person_geo_rows v WHERE " AFTER " >= 0 AND v.id > " AFTER        \
                            " AND NOT EXISTS (SELECT 1 FROM person_geo t WHERE t.id = v.id)) g "   \
                            "WHERE " IN_BOX("g.lat0", "g.lon0") " AND " GEO_FILTER("g", V, C)

/* By [village scope][category]. */
static const char *const people_sql[2][2] = {
    {PEOPLE_SQL(NO_VILLAGE, NO_CAT), PEOPLE_SQL(NO_VILLAGE, P_CAT)},
    {PEOPLE_SQL(P_VILLAGE, NO_CAT), PEOPLE_SQL(P_VILLAGE, P_CAT)},
};

#define GRID_MAX 64

/* A people query's grid of cells over the box (microdegrees) and their classes. */
typedef struct grid {
    int32_t lat0, lat1, lon0, lon1;
    int64_t w, h; /* box width and height in microdegrees (lon1 - lon0 + 1, ...) */
    int gx, gy;
    char cls[GRID_MAX * GRID_MAX + 1];
} grid;

/* Lower bound (microdegrees) of cell i of n over a side of len starting at base. */
static int64_t cell_lo(int64_t base, int64_t len, int i, int n)
{
    return base + (int64_t)i * len / n;
}

/*
 * Classifies the cells with classify (NULL: one cell, crossed). Cell (i, j) holds the points
 * whose microdegrees lie in [lo(i), lo(i + 1) - 1]: the SQL above computes i as
 * ((v - base + 1) * n - 1) / len, the inverse of cell_lo.
 */
static void grid_make(grid *g, const pl_store_bbox *box, pl_geo_cell_cb classify, void *ctx)
{
    g->lat0 = micro_floor(box->min_lat);
    g->lat1 = micro_ceil(box->max_lat);
    g->lon0 = micro_floor(box->min_lon);
    g->lon1 = micro_ceil(box->max_lon);
    g->w = (int64_t)g->lon1 - g->lon0 + 1;
    g->h = (int64_t)g->lat1 - g->lat0 + 1;
    if (g->w < 1 || g->h < 1 || classify == NULL) {
        g->gx = g->gy = 1;
        g->w = g->w < 1 ? 1 : g->w;
        g->h = g->h < 1 ? 1 : g->h;
        snprintf(g->cls, sizeof g->cls, "2");
        return;
    }
    g->gx = g->w < GRID_MAX ? (int)g->w : GRID_MAX;
    g->gy = g->h < GRID_MAX ? (int)g->h : GRID_MAX;
    for (int j = 0; j < g->gy; j++) {
        int64_t y0 = cell_lo(g->lat0, g->h, j, g->gy),
                y1 = cell_lo(g->lat0, g->h, j + 1, g->gy) - 1;
        for (int i = 0; i < g->gx; i++) {
            int64_t x0 = cell_lo(g->lon0, g->w, i, g->gx);
            int64_t x1 = cell_lo(g->lon0, g->w, i + 1, g->gx) - 1;
            pl_store_bbox b = {x0 / 1e6, y0 / 1e6, x1 / 1e6, y1 / 1e6};
            int k = classify(ctx, &b);
            g->cls[j * g->gx + i] = k == PL_STORE_CELL_OUTSIDE  ? '0'
                                    : k == PL_STORE_CELL_INSIDE ? '1'
                                                                : '2';
        }
    }
    g->cls[g->gx * g->gy] = '\0';
}

/* An indexed person (microdegrees in columns 1 and 2, the cell's class in 6). */
static void read_point(pl_geo_person_pt *p, const PGresult *r, int row)
{
    p->id = pl_pg_int(r, row, 0);
    p->lat = (double)pl_pg_int(r, row, 1) / 1e6;
    p->lon = (double)pl_pg_int(r, row, 2) / 1e6;
    p->birth_days = (int32_t)pl_pg_int(r, row, 3);
    p->disabled = pl_pg_int(r, row, 4) != 0;
    p->district = (int32_t)pl_pg_int(r, row, 5);
    p->box_inside = pl_pg_int(r, row, 6) == 1;
}

PL_PG_ROWS(point_rows, pl_geo_person_pt, pl_geo_person_cb, read_point, "person_geo");

/* Runs people_sql for box, scope, category and the cells of classify, passing its rows to cb. */
static int people_query(pl_pg_store *s, const pl_store_bbox *box, const char *scope, int category,
                        pl_geo_cell_cb classify, pl_geo_person_cb cb, void *ctx, pl_error *err)
{
    int32_t lo, hi;
    bool village;
    int64_t after = -1;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = scope_range(scope, &lo, &hi, &village, err)) ||
        (rc = pending_after(s, "person", &after, err)))
        return rc;
    grid *g = malloc(sizeof *g);
    if (g == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    grid_make(g, box, classify, ctx);
    char env[ENV_TEXT_MAX], prov[3] = "";
    envelopes(env, sizeof env, box);
    if (scope && scope[0])
        snprintf(prov, sizeof prov, "%.2s", scope);
    pl_pg_num n[13];
    const char *p[] = {pl_pg_i64(&n[0], g->lat0),
                       pl_pg_i64(&n[1], g->lat1),
                       pl_pg_i64(&n[2], g->lon0),
                       pl_pg_i64(&n[3], g->lon1),
                       pl_pg_i64(&n[4], lo),
                       pl_pg_i64(&n[5], hi),
                       env,
                       prov,
                       village ? scope : "",
                       pl_pg_i64(&n[6], category),
                       pl_pg_i64(&n[7], after),
                       g->cls,
                       pl_pg_i64(&n[8], g->gx),
                       pl_pg_i64(&n[9], g->gy),
                       pl_pg_i64(&n[10], g->w),
                       pl_pg_i64(&n[11], g->h)};
    rc = pl_pg_each(s, people_sql[village][category > 0], 16, p, &point_rows, NULL, PL_PG_FN(cb),
                    ctx, err);
    free(g);
    return rc;
}

int pl_pg_geo_people_in_bbox(pl_pg_store *s, const pl_store_bbox *box, const char *scope,
                             pl_geo_person_cb cb, void *ctx, pl_error *err)
{
    return people_query(s, box, scope, 0, NULL, cb, ctx, err);
}

/*
 * A GiST index cannot be walked from outside PostgreSQL: the grid of people_query stands for
 * SQLite's R*Tree cells (classify sorts each cell; outside ones are dropped in SQL).
 */
/* ---------------------------------------------- walks over the Morton key */

/*
 * A polygon walk reads person_geo by its Morton key (zkey, migration 5: the bits of lon +
 * 180000000 and lat + 90000000 in microdegrees interleaved, lon's in the odd places). The
 * box is cut into a quadtree of aligned squares of 2^k by 2^k microdegrees, each one range of
 * keys, which the caller's classifier sorts as SQLite's walk sorts its R*Tree cells: squares
 * outside are dropped, squares inside become key ranges whose points need no test (a tally
 * counts them in SQL and ships none of them), squares the outline crosses are split down to
 * the finest size and their points sent for the exact test. The heap is filled in key order
 * (geo_reindex), so a range is a run of neighbouring pages.
 */
#define Z_LAT_OFF 90000000
#define Z_LON_OFF 180000000
#define Z_MAX ((INT64_C(1) << 29) - 1)
/* The finest square: the box's larger side over 2^Z_DEPTH (about 256 squares a side). */
#define Z_DEPTH 8

static uint64_t zspread(uint64_t x)
{
    x = (x | (x << 16)) & UINT64_C(0x0000FFFF0000FFFF);
    x = (x | (x << 8)) & UINT64_C(0x00FF00FF00FF00FF);
    x = (x | (x << 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
    x = (x | (x << 2)) & UINT64_C(0x3333333333333333);
    return (x | (x << 1)) & UINT64_C(0x5555555555555555);
}

/* pl_zkey of migration 5 for offset coordinates x = lon + Z_LON_OFF, y = lat + Z_LAT_OFF. */
static int64_t zkey_at(int64_t x, int64_t y)
{
    return (int64_t)(zspread((uint64_t)x) << 1 | zspread((uint64_t)y));
}

typedef struct zrange {
    int64_t lo, hi;
} zrange;

typedef struct zlist {
    zrange *v;
    size_t n, cap;
} zlist;

typedef struct zwalk {
    int64_t x0, x1, y0, y1; /* the box in offset microdegrees */
    int leaf;               /* log2 of the finest square's side */
    pl_geo_cell_cb classify;
    void *ctx;
    zlist inside, crossed;
} zwalk;

static int zpush(zlist *l, int64_t lo, int64_t hi)
{
    if (pl_vec_reserve(&l->v, &l->cap, l->n, 1) != 0)
        return PL_ENOMEM;
    l->v[l->n++] = (zrange){lo, hi};
    return 0;
}

/* The square of side 2^k at (x, y): dropped, a range, or its four quarters in key order. */
static int zvisit(zwalk *w, int64_t x, int64_t y, int k)
{
    int64_t side = INT64_C(1) << k;
    if (x > w->x1 || x + side - 1 < w->x0 || y > w->y1 || y + side - 1 < w->y0)
        return 0;
    pl_store_bbox b = {(double)(x - Z_LON_OFF) / 1e6, (double)(y - Z_LAT_OFF) / 1e6,
                       (double)(x + side - 1 - Z_LON_OFF) / 1e6,
                       (double)(y + side - 1 - Z_LAT_OFF) / 1e6};
    int c = w->classify(w->ctx, &b);
    if (c == PL_STORE_CELL_OUTSIDE)
        return 0;
    int64_t lo = zkey_at(x, y), hi = lo + ((INT64_C(1) << (2 * k)) - 1);
    if (c == PL_STORE_CELL_INSIDE)
        return zpush(&w->inside, lo, hi);
    if (k <= w->leaf)
        return zpush(&w->crossed, lo, hi);
    int64_t d = side / 2;
    int rc;
    /* lat's bit is the lower of each pair: (x, y), (x, y + d), (x + d, y), (x + d, y + d). */
    if ((rc = zvisit(w, x, y, k - 1)) || (rc = zvisit(w, x, y + d, k - 1)) ||
        (rc = zvisit(w, x + d, y, k - 1)) || (rc = zvisit(w, x + d, y + d, k - 1)))
        return rc;
    return 0;
}

static int cmp_zrange(const void *a, const void *b)
{
    const zrange *x = a, *y = b;
    return (x->lo > y->lo) - (x->lo < y->lo);
}

/* Sorts the ranges and joins neighbours; then writes them as two array literals. */
static int zlist_arrays(zlist *l, char **los, char **his)
{
    if (l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, cmp_zrange);
    size_t m = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (m && l->v[m - 1].hi + 1 == l->v[i].lo)
            l->v[m - 1].hi = l->v[i].hi;
        else
            l->v[m++] = l->v[i];
    }
    l->n = m;
    size_t cap = l->n * 21 + 3;
    *los = malloc(cap);
    *his = malloc(cap);
    if (*los == NULL || *his == NULL)
        return PL_ENOMEM;
    size_t a = 0, b = 0;
    (*los)[a++] = '{';
    (*his)[b++] = '{';
    for (size_t i = 0; i < l->n; i++) {
        a += (size_t)snprintf(*los + a, cap - a, "%s%lld", i ? "," : "", (long long)l->v[i].lo);
        b += (size_t)snprintf(*his + b, cap - b, "%s%lld", i ? "," : "", (long long)l->v[i].hi);
    }
    snprintf(*los + a, cap - a, "}");
    snprintf(*his + b, cap - b, "}");
    return 0;
}

/*
 * The provinces whose partitions hold points in the box ($1 the GiST pieces, $2 the scope's
 * province or ''): the key ranges are then read in those partitions only (one index descent
 * per range and partition). One GiST probe per province; the ORDER BY makes it an index
 * scan (with LIMIT 1 alone the planner may scan a big partition from its start).
 */
static const char zprov_sql[] =
    "SELECT coalesce(array_agg(s.p), '{}') FROM (SELECT to_char(i, 'FM00') AS p FROM "
    "generate_series(0, 99) i) s WHERE ($2 = '' OR s.p = $2) AND (SELECT 1 FROM person_geo g "
    "WHERE g.prov = s.p AND g.pt && $1::geography ORDER BY g.pt <-> $1::geography LIMIT 1) "
    "IS NOT NULL";

/*
 * The walk: $1/$2 the inside ranges' bounds, $3/$4 the crossed ones', $5..$8 the box (lat0,
 * lat1, lon0, lon1), $9..$10 the district range, $11 the provinces to read, $12 a village
 * scope ('' = none), $13 the marker's after_id, $14/$15 the elderly and child cuts, $16 1 to
 * pass inside points (a walk) or 0 to count them (a tally), $17 the scope's province ('').
 * Rows: c = 1 an inside point, 2 a point to test, 3 the tally's counts (n, elderly, children,
 * disabled, vulnerable), 4 one disability text of the tally with its count.
 */
#define Z_UNKNOWN "2147483647"
#define Z_OLD "(g.birth <> " Z_UNKNOWN " AND g.birth <= $14::bigint)"
#define Z_KID "(g.birth <> " Z_UNKNOWN " AND g.birth > $15::bigint)"
/* Each range read through the key's index (OFFSET 0 keeps the planner from a join over all). */
#define Z_RANGES(LO, HI, COLS, WHERE)                                                              \
    " FROM unnest(" LO "::bigint[], " HI "::bigint[]) r(lo, hi) CROSS JOIN LATERAL (SELECT " COLS  \
    " FROM person_geo g WHERE g.zkey BETWEEN r.lo AND r.hi AND g.prov = ANY($11::text[]) AND "     \
    "g.dist BETWEEN $9::bigint AND $10::bigint AND " WHERE " OFFSET 0) g"
#define Z_VILLAGE                                                                                  \
    " AND EXISTS (SELECT 1 FROM person p WHERE substr(p.village_code, 1, 2) = g.prov AND p.id = "  \
    "g.id AND " IN_PREFIX("p.village_code", "$12") ")"
#define Z_NO_VILLAGE " AND $12::text IS NOT NULL"
#define Z_IN_BOX(LA, LO)                                                                           \
    LA " BETWEEN $5::bigint AND $6::bigint AND " LO " BETWEEN $7::bigint AND $8::bigint"
#define Z_COLS "g.id, g.lat_e6, g.lon_e6, g.birth, g.dis, g.dist"
#define Z_POINT "g.id, g.lat_e6, g.lon_e6, g.birth, g.dis, g.dist, NULL::text"

/* The tally's rows hold counts per disability text ('' for the people without one). */
#define WALK_SQL(V)                                                                                \
    "SELECT 3 AS c, count(*), count(*) FILTER (WHERE " Z_OLD "), count(*) FILTER (WHERE " Z_KID    \
    "), count(*) FILTER (WHERE g.dis <> 0), count(*) FILTER (WHERE g.dis <> 0 OR " Z_OLD           \
    " OR " Z_KID "), 0::bigint, g.disability" Z_RANGES(                                            \
        "$1", "$2", "g.birth, g.dis, g.disability",                                                \
        "$16::int = 0" V) " GROUP BY g.disability UNION ALL SELECT 1, " Z_POINT                    \
        Z_RANGES("$1", "$2", Z_COLS, "$16::int = 1" V) " UNION ALL SELECT 2, " Z_POINT Z_RANGES(   \
            "$3", "$4", Z_COLS,                                                                    \
            Z_IN_BOX("g.lat_e6", "g.lon_e6")                                                       \
                V) " UNION ALL SELECT 2, g.id, g.lat0, g.lon0, "                                   \
                   "g.birth0, g.dis0, g.dist0, NULL FROM (SELECT v.id, "                           \
                   "v.lat0, v.lon0, v.birth0, v.dis0, v.dist0, "                                   \
                   "(v.dist0 / 10000)::text AS prov, v.dist0 AS dist "                             \
                   "FROM person_geo_rows v WHERE $13::bigint >= 0 AND "                            \
                   "v.id > $13::bigint AND NOT EXISTS (SELECT 1 FROM "                             \
                   "person_geo x WHERE x.id = v.id)) g WHERE " Z_IN_BOX(                           \
                       "g.lat0", "g.lon0") " AND ($17 = '' OR g.prov = "                           \
                                           "$17) AND g.dist BETWEEN "                              \
                                           "$9::bigint AND $10::bigint" V

/* By village scope. */
static const char *const walk_sql[2] = {WALK_SQL(Z_NO_VILLAGE), WALK_SQL(Z_VILLAGE)};

/* Reads the walk's rows: points to cb, counts to t, texts to dis_cb. */
static int walk_rows(const PGresult *r, pl_geo_tally *t, pl_geo_tally_dis_cb dis_cb,
                     pl_geo_person_cb cb, void *ctx)
{
    int n = PQntuples(r);
    for (int i = 0; i < n; i++) {
        int c = (int)pl_pg_int(r, i, 0), rc = 0;
        if (c == 3 && t) {
            long disabled = (long)pl_pg_int(r, i, 4);
            t->people += (long)pl_pg_int(r, i, 1);
            t->elderly += (long)pl_pg_int(r, i, 2);
            t->children += (long)pl_pg_int(r, i, 3);
            t->disabled += disabled;
            t->vulnerable += (long)pl_pg_int(r, i, 5);
            const char *text = nz(pl_pg_text(r, i, 7));
            if (disabled > 0 && text[0] && dis_cb)
                rc = dis_cb(ctx, text, disabled);
        } else if (c == 1 || c == 2) {
            pl_geo_person_pt p = {
                .id = pl_pg_int(r, i, 1),
                .lat = (double)pl_pg_int(r, i, 2) / 1e6,
                .lon = (double)pl_pg_int(r, i, 3) / 1e6,
                .birth_days = (int32_t)pl_pg_int(r, i, 4),
                .disabled = pl_pg_int(r, i, 5) != 0,
                .district = (int32_t)pl_pg_int(r, i, 6),
                .box_inside = c == 1,
            };
            rc = cb(ctx, &p);
        }
        if (rc)
            return rc;
    }
    return 0;
}

/* A walk (t NULL: inside points passed marked) or a tally over the Morton key. */
static int zwalk_query(pl_pg_store *s, const pl_store_bbox *box, const char *scope,
                       pl_geo_cell_cb classify, pl_geo_tally *t, pl_geo_tally_dis_cb dis_cb,
                       pl_geo_person_cb cb, void *ctx, pl_error *err)
{
    int32_t lo, hi;
    bool village;
    int64_t after = -1;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = scope_range(scope, &lo, &hi, &village, err)) ||
        (rc = pending_after(s, "person", &after, err)))
        return rc;
    int32_t lat0 = micro_floor(box->min_lat), lat1 = micro_ceil(box->max_lat);
    int32_t lon0 = micro_floor(box->min_lon), lon1 = micro_ceil(box->max_lon);
    zwalk w = {.classify = classify, .ctx = ctx};
    w.x0 = lon0 + (int64_t)Z_LON_OFF;
    w.x1 = lon1 + (int64_t)Z_LON_OFF;
    w.y0 = lat0 + (int64_t)Z_LAT_OFF;
    w.y1 = lat1 + (int64_t)Z_LAT_OFF;
    w.x0 = w.x0 < 0 ? 0 : w.x0;
    w.y0 = w.y0 < 0 ? 0 : w.y0;
    w.x1 = w.x1 > Z_MAX ? Z_MAX : w.x1;
    w.y1 = w.y1 > Z_MAX ? Z_MAX : w.y1;
    char *a[4] = {NULL, NULL, NULL, NULL}, env[ENV_TEXT_MAX], prov[3] = "";
    PGresult *r = NULL;
    if (w.x0 <= w.x1 && w.y0 <= w.y1) {
        int64_t ext = w.x1 - w.x0 > w.y1 - w.y0 ? w.x1 - w.x0 : w.y1 - w.y0;
        int k = 0;
        while ((INT64_C(1) << k) <= ext)
            k++;
        w.leaf = k > Z_DEPTH ? k - Z_DEPTH : 0;
        /* At most two squares of side 2^k each way cover the box. */
        int64_t side = INT64_C(1) << k;
        for (int64_t x = w.x0 / side * side; rc == 0 && x <= w.x1; x += side)
            for (int64_t y = w.y0 / side * side; rc == 0 && y <= w.y1; y += side)
                rc = zvisit(&w, x, y, k);
    }
    if (rc || (rc = zlist_arrays(&w.inside, &a[0], &a[1])) ||
        (rc = zlist_arrays(&w.crossed, &a[2], &a[3]))) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    envelopes(env, sizeof env, box);
    if (scope && scope[0])
        snprintf(prov, sizeof prov, "%.2s", scope);
    const char *pp[] = {env, prov};
    if ((r = pl_pg_query(s, zprov_sql, 2, pp, err, "person_geo")) == NULL) {
        rc = err->code;
        goto out;
    }
    pl_pg_num n[11];
    const char *p[] = {a[0],
                       a[1],
                       a[2],
                       a[3],
                       pl_pg_i64(&n[0], lat0),
                       pl_pg_i64(&n[1], lat1),
                       pl_pg_i64(&n[2], lon0),
                       pl_pg_i64(&n[3], lon1),
                       pl_pg_i64(&n[4], lo),
                       pl_pg_i64(&n[5], hi),
                       nz(pl_pg_text(r, 0, 0)),
                       village ? scope : "",
                       pl_pg_i64(&n[6], after),
                       pl_pg_i64(&n[7], t ? t->elderly_cut : 0),
                       pl_pg_i64(&n[8], t ? t->child_cut : 0),
                       t ? "0" : "1",
                       prov};
    PGresult *rows = pl_pg_query(s, walk_sql[village], 17, p, err, "person_geo");
    if (rows == NULL) {
        rc = err->code;
        goto out;
    }
    rc = walk_rows(rows, t, dis_cb, cb, ctx);
    PQclear(rows);
out:
    PQclear(r);
    for (int i = 0; i < 4; i++)
        free(a[i]);
    free(w.inside.v);
    free(w.crossed.v);
    return rc;
}

int pl_pg_geo_people_walk(pl_pg_store *s, const pl_store_bbox *box, const char *scope,
                          pl_geo_cell_cb classify, pl_geo_person_cb cb, void *ctx, pl_error *err)
{
    if (classify == NULL)
        return people_query(s, box, scope, 0, NULL, cb, ctx, err);
    return zwalk_query(s, box, scope, classify, NULL, NULL, cb, ctx, err);
}

int pl_pg_geo_people_tally(pl_pg_store *s, const pl_store_bbox *box, const char *scope,
                           pl_geo_cell_cb classify, pl_geo_tally *t, pl_geo_tally_dis_cb dis_cb,
                           pl_geo_person_cb cb, void *ctx, pl_error *err)
{
    if (classify == NULL)
        return people_query(s, box, scope, 0, NULL, cb, ctx, err);
    return zwalk_query(s, box, scope, classify, t, dis_cb, cb, ctx, err);
}

typedef struct dis_row {
    int64_t id;
    char text[64];
} dis_row;

static void read_dis(dis_row *d, const PGresult *r, int row)
{
    d->id = pl_pg_int(r, row, 0);
    pl_pg_copy(d->text, sizeof d->text, r, row, 1);
}

typedef int (*dis_row_cb)(void *ctx, const dis_row *d);
PL_PG_ROWS(dis_rows, dis_row, dis_row_cb, read_dis, "person");

typedef struct dis_ctx {
    pl_geo_disability_cb cb;
    void *ctx;
    size_t seen;
} dis_ctx;

static int emit_dis(void *ctx, const dis_row *d)
{
    dis_ctx *c = ctx;
    c->seen++;
    return c->cb(c->ctx, d->id, d->text);
}

int pl_pg_geo_people_disability(pl_pg_store *s, const int64_t *ids, size_t n,
                                pl_geo_disability_cb cb, void *ctx, pl_error *err)
{
    /* The provinces first, so that the lookup reads only their partitions (by constants). */
    static const char provs[] = "SELECT coalesce(array_agg(DISTINCT prov), '{}') FROM person_key "
                                "WHERE id = ANY($1::bigint[])";
    static const char sql[] = "SELECT id, disability FROM person WHERE substr(village_code, 1, 2) "
                              "= ANY($2::text[]) AND id = ANY($1::bigint[])";
    if (n == 0)
        return 0;
    size_t cap = n * 21 + 3, len = 0;
    char *arr = malloc(cap);
    if (arr == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    arr[len++] = '{';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(arr + len, cap - len, "%s%lld", i ? "," : "", (long long)ids[i]);
    snprintf(arr + len, cap - len, "}");
    const char *p[] = {arr, NULL};
    dis_ctx c = {cb, ctx, 0};
    int rc = 0;
    PGresult *r = pl_pg_query(s, provs, 1, p, err, "person_key");
    if (r == NULL) {
        rc = err->code;
    } else {
        p[1] = nz(pl_pg_text(r, 0, 0));
        rc = pl_pg_each(s, sql, 2, p, &dis_rows, NULL, PL_PG_FN(emit_dis), &c, err);
        PQclear(r);
    }
    free(arr);
    if (rc == 0 && c.seen < n)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "penduduk tidak ditemukan");
    return rc;
}

int pl_pg_geo_people_in_bbox_category(pl_pg_store *s, const pl_store_bbox *box, const char *scope,
                                      int category, pl_geo_person_cb cb, void *ctx, pl_error *err)
{
    return people_query(s, box, scope, category > 0 ? category : 0, NULL, cb, ctx, err);
}

int pl_pg_geo_person_disability(pl_pg_store *s, int64_t id, char *out, size_t cap, pl_error *err)
{
    static const char sql[] = "SELECT disability FROM person WHERE substr(village_code, 1, 2) = "
                              "(SELECT prov FROM person_key WHERE id = $1) AND id = $1";
    out[0] = '\0';
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "person");
    if (r == NULL)
        return err->code;
    int rc = 0;
    if (PQntuples(r) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "penduduk %lld tidak ditemukan", (long long)id);
    else
        pl_pg_copy(out, cap, r, 0, 0);
    PQclear(r);
    return rc;
}

/* A person read from the tables (degrees). */
static void read_scanned(pl_geo_person_pt *p, const PGresult *r, int row)
{
    p->id = pl_pg_int(r, row, 0);
    p->lat = pl_pg_real(r, row, 1);
    p->lon = pl_pg_real(r, row, 2);
    p->birth_days = (int32_t)pl_pg_int(r, row, 3);
    p->disabled = pl_pg_int(r, row, 4) != 0;
    p->district = (int32_t)pl_pg_int(r, row, 5);
}

PL_PG_ROWS(scan_rows, pl_geo_person_pt, pl_geo_person_cb, read_scanned, "person_point");

int pl_pg_geo_people_scan(pl_pg_store *s, const char *scope, pl_geo_person_cb cb, void *ctx,
                          pl_error *err)
{
    static const char sql[] =
        "SELECT id, lat, lon, coalesce(pl_days(birth_date), 2147483647), "
        "(disability <> '')::int, replace(substr(village_code, 1, 8), '.', '')::bigint "
        "FROM person_point WHERE lat IS NOT NULL AND lon IS NOT NULL AND " IN_PREFIX("village_code",
                                                                                     "$1");
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {nz(scope)};
    return pl_pg_each(s, sql, 1, p, &scan_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/*
 * Households: $1..$7 as for people, $8 the scope's province, $9 a village scope, $10 a
 * household category, $11 the marker's after_id.
 */
#define H_VILLAGE(G)                                                                               \
    " AND EXISTS (SELECT 1 FROM household h WHERE substr(h.village_code, 1, 2) = " G               \
    ".prov AND h.id = " G ".id AND " IN_PREFIX("h.village_code", "$9") ")"
#define H_CAT(G)                                                                                   \
    " AND EXISTS (SELECT 1 FROM membership m WHERE m.prov = " G ".prov AND m.household_id = " G    \
    ".id AND m.category = " CAT " AND m.valid_to IS NULL)"

#define HOUSEHOLDS_SQL(V, C)                                                                       \
    "SELECT id, la, lo FROM (SELECT g.id, " LAT_U " AS la, " LON_U " AS lo FROM household_geo g "  \
    "WHERE g.pt && $7::geography AND " GEO_FILTER("g", V, C) " OFFSET 0) x WHERE " IN_BOX(         \
        "x.la", "x.lo") " UNION ALL SELECT g.id, g.lat0, g.lon0 FROM (SELECT v.id, v.lat0, "       \
                        "v.lon0, (v.dist0 / 10000)::text AS prov, v.dist0 AS dist FROM "           \
                        "household_geo_rows v WHERE " AFTER " >= 0 AND v.id > " AFTER              \
                        " AND NOT EXISTS (SELECT 1 FROM household_geo t WHERE t.id = v.id)) g "    \
                        "WHERE " IN_BOX("g.lat0", "g.lon0") " AND " GEO_FILTER("g", V, C)

static const char *const households_sql[2][2] = {
    {HOUSEHOLDS_SQL(NO_VILLAGE, NO_CAT), HOUSEHOLDS_SQL(NO_VILLAGE, H_CAT)},
    {HOUSEHOLDS_SQL(H_VILLAGE, NO_CAT), HOUSEHOLDS_SQL(H_VILLAGE, H_CAT)},
};

/* An indexed household (microdegrees). */
static void read_household_pt(pl_geo_pt *p, const PGresult *r, int row)
{
    p->id = pl_pg_int(r, row, 0);
    p->lat = (double)pl_pg_int(r, row, 1) / 1e6;
    p->lon = (double)pl_pg_int(r, row, 2) / 1e6;
}

PL_PG_ROWS(household_pt_rows, pl_geo_pt, pl_geo_pt_cb, read_household_pt, "household_geo");

int pl_pg_geo_households_in_bbox(pl_pg_store *s, const pl_store_bbox *box, const char *scope,
                                 int category, pl_geo_pt_cb cb, void *ctx, pl_error *err)
{
    int32_t lo, hi;
    bool village;
    int64_t after = -1;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = scope_range(scope, &lo, &hi, &village, err)) ||
        (rc = pending_after(s, "household", &after, err)))
        return rc;
    char env[ENV_TEXT_MAX], prov[3] = "";
    envelopes(env, sizeof env, box);
    if (scope && scope[0])
        snprintf(prov, sizeof prov, "%.2s", scope);
    pl_pg_num n[8];
    const char *p[] = {pl_pg_i64(&n[0], micro_floor(box->min_lat)),
                       pl_pg_i64(&n[1], micro_ceil(box->max_lat)),
                       pl_pg_i64(&n[2], micro_floor(box->min_lon)),
                       pl_pg_i64(&n[3], micro_ceil(box->max_lon)),
                       pl_pg_i64(&n[4], lo),
                       pl_pg_i64(&n[5], hi),
                       env,
                       prov,
                       village ? scope : "",
                       pl_pg_i64(&n[6], category),
                       pl_pg_i64(&n[7], after)};
    return pl_pg_each(s, households_sql[village][category > 0], 11, p, &household_pt_rows, NULL,
                      PL_PG_FN(cb), ctx, err);
}

/* An indexed PSKS unit (microdegrees) with its type. */
static void read_psks_pt(pl_geo_pt *p, const PGresult *r, int row)
{
    p->id = pl_pg_int(r, row, 0);
    p->lat = (double)pl_pg_int(r, row, 1) / 1e6;
    p->lon = (double)pl_pg_int(r, row, 2) / 1e6;
    p->kind = (int)pl_pg_int(r, row, 3);
}

PL_PG_ROWS(psks_pt_rows, pl_geo_pt, pl_geo_pt_cb, read_psks_pt, "psks_geo");

int pl_pg_geo_psks_in_bbox(pl_pg_store *s, const pl_store_bbox *box, int type, pl_geo_pt_cb cb,
                           void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT id, la, lo, type FROM (SELECT g.id, " PSKS_LAT_U " AS la, " PSKS_LON_U
        " AS lo, g.type "
        "FROM psks_geo g WHERE g.pt && $5::geography AND ($6 = 0 OR g.type = $6) OFFSET 0) x "
        "WHERE x.la BETWEEN $1 AND $2 AND x.lo BETWEEN $3 AND $4";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char env[ENV_TEXT_MAX];
    envelopes(env, sizeof env, box);
    pl_pg_num n[5];
    const char *p[] = {pl_pg_i64(&n[0], micro_floor(box->min_lat)),
                       pl_pg_i64(&n[1], micro_ceil(box->max_lat)),
                       pl_pg_i64(&n[2], micro_floor(box->min_lon)),
                       pl_pg_i64(&n[3], micro_ceil(box->max_lon)),
                       env,
                       pl_pg_i64(&n[4], type)};
    return pl_pg_each(s, sql, 6, p, &psks_pt_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_geo_people_count(pl_pg_store *s, long *out, pl_error *err)
{
    /* With a marker: plus the people the index lacks. */
    static const char sql[] =
        "SELECT (SELECT count(*) FROM person_geo) + CASE WHEN $1 < 0 THEN 0 ELSE (SELECT "
        "count(*) FROM person_geo_rows v WHERE v.id > $1 AND NOT EXISTS (SELECT 1 FROM "
        "person_geo t WHERE t.id = v.id)) END";
    int64_t after;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pending_after(s, "person", &after, err)))
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, after)};
    return count_of(s, sql, 1, p, out, err);
}

/* One (code, count) row; its callback takes the two as arguments. */
typedef struct region_count {
    char code[PL_REGION_CODE_MAX];
    long count;
} region_count;

static int read_region_count(void *rec, const PGresult *r, int row, void *arg)
{
    (void)arg;
    region_count *c = rec;
    pl_pg_copy(c->code, sizeof c->code, r, row, 0);
    c->count = (long)pl_pg_int(r, row, 1);
    return 0;
}

static int emit_region_count(pl_pg_fn cb, void *ctx, const void *rec)
{
    const region_count *c = rec;
    return ((pl_region_count_cb)cb)(ctx, c->code, c->count);
}

static const pl_pg_rows region_count_rows = {sizeof(region_count), read_region_count,
                                             emit_region_count, "region_counts"};

int pl_pg_geo_region_counts(pl_pg_store *s, int level, int category, const char *scope,
                            pl_region_count_cb cb, void *ctx, pl_error *err)
{
    /* $4: the scope's province ('' = all), so one province reads its partitions only. */
    static const char sql_all[] =
        "SELECT code, n FROM (SELECT substr(village_code, 1, $1) AS code, count(*) AS n FROM "
        "person WHERE death_date IS NULL AND ($4 = '' OR substr(village_code, 1, 2) = $4) "
        "AND " IN_PREFIX("village_code", "$2") " AND $3 = 0 GROUP BY 1) u ORDER BY code" BYTES;
    static const char sql_cat[] =
        "SELECT code, sum(n) FROM ("
        "SELECT substr(p.village_code, 1, $1) AS code, count(*) AS n FROM membership m "
        "JOIN person p ON substr(p.village_code, 1, 2) = m.prov AND p.id = m.person_id "
        "WHERE m.category = $3 AND m.valid_to IS NULL AND p.death_date IS NULL AND "
        "($4 = '' OR m.prov = $4) AND " IN_PREFIX(
            "p.village_code",
            "$2") " GROUP BY 1 "
                  "UNION ALL SELECT substr(p.village_code, 1, $1), count(*) FROM membership m "
                  "JOIN person p ON p.household_id = m.household_id WHERE m.category = $3 AND "
                  "m.valid_to IS NULL AND p.death_date IS NULL AND " IN_PREFIX(
                      "p.village_code", "$2") " GROUP BY 1) u GROUP BY code ORDER BY code" BYTES;
    if (level < PL_LEVEL_PROVINCE || level > PL_LEVEL_VILLAGE)
        return pl_error_set(err, PL_EINVAL, "level", "tingkat wilayah %d tidak dikenal", level);
    static const int len[] = {0, 2, 5, 8, 13};
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char prov[3] = "";
    if (scope && scope[0])
        snprintf(prov, sizeof prov, "%.2s", scope);
    pl_pg_num a, c;
    const char *p[] = {pl_pg_i64(&a, len[level]), nz(scope), pl_pg_i64(&c, category), prov};
    return pl_pg_each(s, category ? sql_cat : sql_all, 4, p, &region_count_rows, NULL, PL_PG_FN(cb),
                      ctx, err);
}

static void read_located(pl_geo_located *r, const PGresult *res, int row)
{
    pl_pg_copy(r->kind, sizeof r->kind, res, row, 0);
    r->id = pl_pg_int(res, row, 1);
    pl_pg_copy(r->label, sizeof r->label, res, row, 2);
    pl_pg_copy(r->region, sizeof r->region, res, row, 3);
    r->lat = pl_pg_real(res, row, 4);
    r->lon = pl_pg_real(res, row, 5);
}

PL_PG_ROWS(located_rows, pl_geo_located, pl_geo_located_cb, read_located, "located");

int pl_pg_geo_located_list(pl_pg_store *s, const char *scope, pl_geo_located_cb cb, void *ctx,
                           pl_error *err)
{
    static const char sql[] =
        "SELECT kind, id, label, region, lat, lon FROM ("
        "SELECT 'household' AS kind, id, kk AS label, village_code AS region, lat, lon "
        "FROM household WHERE lat IS NOT NULL AND lon IS NOT NULL AND ($2 = '' OR "
        "substr(village_code, 1, 2) = $2) AND " IN_PREFIX(
            "village_code",
            "$1") " UNION ALL SELECT 'person', id, coalesce(nik, name), village_code, lat, lon "
                  "FROM person WHERE lat IS NOT NULL AND lon IS NOT NULL AND death_date IS NULL "
                  "AND ($2 = '' OR substr(village_code, 1, 2) = $2) AND " IN_PREFIX(
                      "village_code",
                      "$1") " UNION ALL SELECT 'psks', id, name, area_code, lat, lon FROM "
                            "psks_unit WHERE lat IS NOT NULL AND lon IS NOT NULL AND " IN_PREFIX(
                                "area_code", "$1") ") u ORDER BY region" BYTES ", kind" BYTES
                                                   ", id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    char prov[3] = "";
    if (scope && scope[0])
        snprintf(prov, sizeof prov, "%.2s", scope);
    const char *p[] = {nz(scope), prov};
    return pl_pg_each(s, sql, 2, p, &located_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* ------------------------------------------------------- deferred indexing */

int pl_pg_geo_defer(pl_pg_store *s, pl_error *err)
{
    static const char sql[] = "INSERT INTO geo_pending(name, after_id) "
                              "SELECT 'person', coalesce(max(id), 0) FROM person "
                              "UNION ALL SELECT 'household', coalesce(max(id), 0) FROM household "
                              "ON CONFLICT (name) DO NOTHING";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    return pl_pg_command(s, sql, 0, NULL, err, "geo_pending");
}

int pl_pg_geo_pending(pl_pg_store *s, bool *pending, pl_error *err)
{
    static const char sql[] = "SELECT EXISTS (SELECT 1 FROM geo_pending)::int";
    *pending = false;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    int64_t any = 0;
    if ((rc = pl_pg_scalar_i64(s, sql, 0, NULL, &any, err, "geo_pending")))
        return rc;
    *pending = any != 0;
    return 0;
}

/*
 * One point table: its base table (the marker's name), how to empty and refill it from the
 * tables in one pass (as the triggers would fill it row by row), how to add only the rows
 * above a marker it lacks, and the counts that choose between the two.
 */
typedef struct geo_index {
    const char *base;
    const char *clear;
    const char *fill;
    const char *catch_up; /* $1 = after_id */
    const char *analyze;
    const char *counts; /* rows added after $1, and all rows */
    const char *size;
} geo_index;

#define PERSON_POINT_SELECT                                                                        \
    "SELECT id, substr(village_code, 1, 2), ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, " \
    "coalesce(pl_days(birth_date), 2147483647), (disability <> '')::int, "                         \
    "replace(substr(village_code, 1, 8), '.', '')::bigint, disability FROM person_point v WHERE "  \
    "lat IS NOT NULL AND lon IS NOT NULL"
#define HOUSEHOLD_POINT_SELECT                                                                     \
    "SELECT id, substr(village_code, 1, 2), ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, " \
    "replace(substr(village_code, 1, 8), '.', '')::bigint FROM household v WHERE lat IS NOT NULL " \
    "AND lon IS NOT NULL"

static const geo_index indexes[] = {
    /* A full fill writes the heap in Morton order: a walk's key range is then a run of
     * neighbouring pages (as CLUSTER would leave them, without its exclusive lock). */
    {"person", "TRUNCATE person_geo",
     "INSERT INTO person_geo(id, prov, pt, birth, dis, dist, disability) " PERSON_POINT_SELECT
     " ORDER BY 2, pl_zkey(pl_micro(lat), pl_micro(lon))",
     "INSERT INTO person_geo(id, prov, pt, birth, dis, dist, disability) " PERSON_POINT_SELECT
     " AND v.id > $1 AND NOT EXISTS (SELECT 1 FROM person_geo t WHERE t.id = v.id)",
     "ANALYZE person_geo",
     "SELECT (SELECT count(*) FROM person WHERE id > $1), (SELECT count(*) FROM person)",
     "SELECT count(*) FROM person_geo"},
    {"household", "TRUNCATE household_geo",
     "INSERT INTO household_geo(id, prov, pt, dist) " HOUSEHOLD_POINT_SELECT,
     "INSERT INTO household_geo(id, prov, pt, dist) " HOUSEHOLD_POINT_SELECT
     " AND v.id > $1 AND NOT EXISTS (SELECT 1 FROM household_geo t WHERE t.id = v.id)",
     "ANALYZE household_geo",
     "SELECT (SELECT count(*) FROM household WHERE id > $1), (SELECT count(*) FROM household)",
     "SELECT count(*) FROM household_geo"},
};

/* Brings one point table up to date; *points its size afterwards. */
static int reindex_one(pl_pg_store *s, const geo_index *x, int mode, bool *packed, long *points,
                       long *caught_up, pl_error *err)
{
    static const char clear[] = "DELETE FROM geo_pending WHERE name = $1";
    int64_t after = -1;
    int rc = pending_after(s, x->base, &after, err);
    if (rc)
        return rc;
    *packed = false;
    if (mode == PL_GEO_REINDEX_PENDING && after < 0)
        return count_of(s, x->size, 0, NULL, points, err);
    pl_pg_num a;
    const char *p[] = {pl_pg_i64(&a, after)};
    bool pack = true;
    if (mode == PL_GEO_REINDEX_PENDING) {
        PGresult *r = pl_pg_query(s, x->counts, 1, p, err, "geo count");
        if (r == NULL)
            return err->code;
        long added = (long)pl_pg_int(r, 0, 0), all = (long)pl_pg_int(r, 0, 1);
        PQclear(r);
        pack = added * 8 >= all;
    }
    if (pack) {
        if ((rc = pl_pg_command(s, x->clear, 0, NULL, err, x->base)) ||
            (rc = pl_pg_command(s, x->fill, 0, NULL, err, x->base)) ||
            (rc = pl_pg_command(s, x->analyze, 0, NULL, err, x->base)))
            return rc;
        *packed = true;
    } else {
        PGresult *r = pl_pg_query(s, x->catch_up, 1, p, err, x->base);
        if (r == NULL)
            return err->code;
        *caught_up += atol(PQcmdTuples(r));
        PQclear(r);
    }
    if ((rc = count_of(s, x->size, 0, NULL, points, err)))
        return rc;
    const char *name[] = {x->base};
    return pl_pg_command(s, clear, 1, name, err, "geo_pending");
}

int pl_pg_geo_reindex(pl_pg_store *s, int mode, pl_geo_reindex_stats *out, pl_error *err)
{
    pl_geo_reindex_stats st = {0};
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = pl_pg_geo_pending(s, &st.was_pending, err)))
        return rc;
    if (mode == PL_GEO_REINDEX_PENDING && !st.was_pending) {
        if (out) {
            rc = count_of(s, indexes[0].size, 0, NULL, &st.people, err);
            if (rc == 0)
                rc = count_of(s, indexes[1].size, 0, NULL, &st.households, err);
            *out = st;
        }
        return rc;
    }
    /* A transaction of our own when the caller has none; a savepoint either way, so that a
     * failure leaves the point tables as they were. */
    bool own = !s->in_tx;
    if (own && (rc = pl_pg_begin(s, err)))
        return rc;
    if ((rc = pl_pg_command(s, "SAVEPOINT geo_reindex", 0, NULL, err, "savepoint"))) {
        if (own)
            pl_pg_rollback(s);
        return rc;
    }
    rc = reindex_one(s, &indexes[0], mode, &st.people_packed, &st.people, &st.caught_up, err);
    if (rc == 0)
        rc = reindex_one(s, &indexes[1], mode, &st.households_packed, &st.households, &st.caught_up,
                         err);
    if (rc) {
        pl_error ignored;
        pl_pg_command(s, "ROLLBACK TO SAVEPOINT geo_reindex", 0, NULL, &ignored, "rollback");
        pl_pg_command(s, "RELEASE SAVEPOINT geo_reindex", 0, NULL, &ignored, "release");
        if (own)
            pl_pg_rollback(s);
        return rc;
    }
    if ((rc = pl_pg_command(s, "RELEASE SAVEPOINT geo_reindex", 0, NULL, err, "release")) ||
        (own && (rc = pl_pg_commit(s, err)))) {
        if (own)
            pl_pg_rollback(s);
        return rc;
    }
    if (own && st.people_packed) {
        /*
         * A full fill leaves every page of person_geo not yet all-visible, so the area walk's
         * index-only scans (migration 24) would read the heap until autovacuum comes. The fill
         * is committed: a VACUUM that fails only leaves that to autovacuum.
         */
        pl_error ignored;
        pl_pg_command(s, "VACUUM person_geo", 0, NULL, &ignored, "vacuum");
    }
    if (out)
        *out = st;
    return 0;
}

int pl_pg_geo_rebuild(pl_pg_store *s, pl_error *err)
{
    return pl_pg_geo_reindex(s, PL_GEO_REINDEX_ALL, NULL, err);
}

/* ------------------------------------------------------- disaster events */

#define D_COLS                                                                                     \
    "id, type, name, event_date, end_date, region_code, min_lon, min_lat, max_lon, max_lat, "      \
    "state, confirmed_at, confirmed_by, affected, version, created_at, created_by"

static void row_to_disaster(pl_disaster *d, const PGresult *r, int row)
{
    memset(d, 0, sizeof *d);
    d->id = pl_pg_int(r, row, 0);
    pl_pg_copy(d->type, sizeof d->type, r, row, 1);
    pl_pg_copy(d->name, sizeof d->name, r, row, 2);
    pl_pg_copy(d->event_date, sizeof d->event_date, r, row, 3);
    pl_pg_copy(d->end_date, sizeof d->end_date, r, row, 4);
    pl_pg_copy(d->region_code, sizeof d->region_code, r, row, 5);
    d->bbox.min_lon = pl_pg_real(r, row, 6);
    d->bbox.min_lat = pl_pg_real(r, row, 7);
    d->bbox.max_lon = pl_pg_real(r, row, 8);
    d->bbox.max_lat = pl_pg_real(r, row, 9);
    pl_pg_copy(d->state, sizeof d->state, r, row, 10);
    pl_pg_copy(d->confirmed_at, sizeof d->confirmed_at, r, row, 11);
    pl_pg_copy(d->confirmed_by, sizeof d->confirmed_by, r, row, 12);
    d->affected = (long)pl_pg_int(r, row, 13);
    d->version = pl_pg_int(r, row, 14);
    pl_pg_copy(d->created_at, sizeof d->created_at, r, row, 15);
    pl_pg_copy(d->created_by, sizeof d->created_by, r, row, 16);
}

int pl_pg_disaster_add(pl_pg_store *s, const pl_actor *who, pl_disaster *d, const char *area,
                       pl_error *err)
{
    static const char sql[] =
        "INSERT INTO disaster_event(type, name, event_date, end_date, region_code, area, "
        "min_lon, min_lat, max_lon, max_lat, created_at, created_by) "
        "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,pl_now(),pl_actor()) RETURNING id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num x0, y0, x1, y1;
    const char *p[] = {d->type,
                       d->name,
                       d->event_date,
                       d->end_date[0] ? d->end_date : NULL,
                       d->region_code,
                       area,
                       pl_pg_f64(&x0, d->bbox.min_lon),
                       pl_pg_f64(&y0, d->bbox.min_lat),
                       pl_pg_f64(&x1, d->bbox.max_lon),
                       pl_pg_f64(&y1, d->bbox.max_lat)};
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    rc = pl_pg_scalar_i64(s, sql, 10, p, &d->id, err, "disaster_event");
    if ((rc = pl_pg_tx_end(s, own, rc, err)))
        return rc;
    snprintf(d->state, sizeof d->state, "%s", PL_DISASTER_DRAFT);
    d->version = 1;
    return 0;
}

int pl_pg_disaster_get(pl_pg_store *s, pl_disaster *out, char **area, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " D_COLS ", area FROM disaster_event WHERE id = $1";
    if (area)
        *area = NULL;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "disaster_event");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return pl_error_set(err, PL_ENOTFOUND, "id", "kejadian bencana %lld tidak ditemukan",
                            (long long)id);
    }
    row_to_disaster(out, r, 0);
    if (area && (*area = strdup(nz(pl_pg_text(r, 0, 17)))) == NULL)
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    PQclear(r);
    return rc;
}

PL_PG_ROWS(disaster_rows, pl_disaster, pl_disaster_cb, row_to_disaster, "disaster_event");

int pl_pg_disaster_list(pl_pg_store *s, const char *scope, pl_disaster_cb cb, void *ctx,
                        pl_error *err)
{
    static const char sql[] =
        "SELECT " D_COLS " FROM disaster_event WHERE region_code = '' OR " IN_PREFIX(
            "region_code", "$1") " ORDER BY event_date" BYTES " DESC, id DESC";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {nz(scope)};
    return pl_pg_each(s, sql, 1, p, &disaster_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_disaster_affected_add(pl_pg_store *s, int64_t event_id, int64_t person_id,
                                int64_t membership_id, pl_error *err)
{
    static const char sql[] = "INSERT INTO disaster_affected(event_id, person_id, membership_id) "
                              "VALUES($1,$2,$3) ON CONFLICT DO NOTHING";
    pl_pg_num e, pe, m;
    const char *p[] = {pl_pg_i64(&e, event_id), pl_pg_i64(&pe, person_id),
                       membership_id ? pl_pg_i64(&m, membership_id) : NULL};
    return pl_pg_command(s, sql, 3, p, err, "disaster_affected");
}

int pl_pg_disaster_set_confirmed(pl_pg_store *s, const pl_actor *who, int64_t id, long affected,
                                 pl_error *err)
{
    static const char sql[] =
        "UPDATE disaster_event SET state = 'confirmed', confirmed_at = pl_now(), "
        "confirmed_by = pl_actor(), affected = $1, version = version + 1 "
        "WHERE id = $2 AND state = 'draft'";
    pl_disaster d;
    int rc = pl_pg_disaster_get(s, &d, NULL, id, err);
    if (rc)
        return rc;
    if (strcmp(d.state, PL_DISASTER_DRAFT) != 0)
        return pl_error_set(err, PL_ECONFLICT, "id",
                            "kejadian bencana %lld sudah dikonfirmasi pada %s oleh %s",
                            (long long)id, d.confirmed_at, d.confirmed_by);
    pl_pg_num a, n;
    const char *p[] = {pl_pg_i64(&a, affected), pl_pg_i64(&n, id)};
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    rc = pl_pg_command(s, sql, 2, p, err, "disaster_event");
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_membership_open_id(pl_pg_store *s, int64_t person_id, int category, int64_t *id,
                             pl_error *err)
{
    static const char sql[] =
        "SELECT coalesce((SELECT id FROM membership WHERE prov = (SELECT prov FROM person_key "
        "WHERE id = $1) AND person_id = $1 AND category = $2 AND valid_to IS NULL), 0)";
    pl_pg_num a, c;
    const char *p[] = {pl_pg_i64(&a, person_id), pl_pg_i64(&c, category)};
    *id = 0;
    return pl_pg_scalar_i64(s, sql, 2, p, id, err, "membership");
}

/* ------------------------------------------------- disaster-prone villages */

typedef struct dv_row {
    char village[PL_REGION_CODE_MAX];
    long events;
} dv_row;

typedef struct dv_ctx {
    pl_disaster_village_cb cb;
    void *ctx;
} dv_ctx;

static void read_dv(dv_row *r, const PGresult *res, int row)
{
    pl_pg_copy(r->village, sizeof r->village, res, row, 0);
    r->events = (long)pl_pg_int(res, row, 1);
}

static int emit_dv(void *ctx, const dv_row *r)
{
    const dv_ctx *c = ctx;
    return c->cb(c->ctx, r->village, r->events);
}

typedef int (*dv_cb)(void *ctx, const dv_row *r);
PL_PG_ROWS(dv_rows, dv_row, dv_cb, read_dv, "disaster_event");

int pl_pg_disaster_villages(pl_pg_store *s, const char *region, const char *since,
                            pl_disaster_village_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT v, count(DISTINCT e) FROM ("
        "SELECT p.village_code AS v, a.event_id AS e FROM disaster_affected a "
        "JOIN disaster_event d ON d.id = a.event_id JOIN person_key k ON k.id = a.person_id "
        "JOIN person p ON substr(p.village_code, 1, 2) = k.prov AND p.id = a.person_id "
        "WHERE d.event_date >= $2 "
        "UNION ALL SELECT d.region_code, d.id FROM disaster_event d "
        "WHERE d.event_date >= $2 AND length(d.region_code) = 13) u "
        "WHERE " IN_PREFIX("v", "$1") " GROUP BY v ORDER BY v" BYTES;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {region ? region : "", since};
    dv_ctx c = {cb, ctx};
    return pl_pg_each(s, sql, 2, p, &dv_rows, NULL, PL_PG_FN(emit_dv), &c, err);
}

/* ------------------------------------------------------- disability cards */

#define C_COLS "id, token, person_id, issued_at, issued_by, revoked_at, revoked_by, reason"

static void row_to_card(pl_card *c, const PGresult *r, int row)
{
    memset(c, 0, sizeof *c);
    c->id = pl_pg_int(r, row, 0);
    pl_pg_copy(c->token, sizeof c->token, r, row, 1);
    c->person_id = pl_pg_int(r, row, 2);
    pl_pg_copy(c->issued_at, sizeof c->issued_at, r, row, 3);
    pl_pg_copy(c->issued_by, sizeof c->issued_by, r, row, 4);
    pl_pg_copy(c->revoked_at, sizeof c->revoked_at, r, row, 5);
    pl_pg_copy(c->revoked_by, sizeof c->revoked_by, r, row, 6);
    pl_pg_copy(c->reason, sizeof c->reason, r, row, 7);
}

int pl_pg_card_add(pl_pg_store *s, const pl_actor *who, pl_card *c, pl_error *err)
{
    static const char sql[] = "INSERT INTO card(token, person_id, issued_at, issued_by) "
                              "VALUES($1, $2, pl_now(), pl_actor()) RETURNING id, issued_at";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {c->token, pl_pg_i64(&n, c->person_id)};
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    PGresult *r = pl_pg_query(s, sql, 2, p, err, "card");
    if (r == NULL) {
        rc = err->code;
        if (rc == PL_ECONFLICT)
            pl_error_set(err, PL_ECONFLICT, "kartu", "orang ini sudah memegang kartu yang berlaku");
    } else {
        c->id = pl_pg_int(r, 0, 0);
        pl_pg_copy(c->issued_at, sizeof c->issued_at, r, 0, 1);
        snprintf(c->issued_by, sizeof c->issued_by, "%s", s->actor);
        PQclear(r);
    }
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_card_get(pl_pg_store *s, pl_card *out, const char *token, pl_error *err)
{
    static const char sql[] = "SELECT " C_COLS " FROM card WHERE token = $1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {token};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "card");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "token", "kartu tidak dikenal");
    else
        row_to_card(out, r, 0);
    PQclear(r);
    return rc;
}

int pl_pg_card_active(pl_pg_store *s, pl_card *out, int64_t person_id, pl_error *err)
{
    static const char sql[] =
        "SELECT " C_COLS " FROM card WHERE person_id = $1 AND revoked_at IS NULL";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, person_id)};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "card");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "kartu", "belum ada kartu yang berlaku");
    else
        row_to_card(out, r, 0);
    PQclear(r);
    return rc;
}

PL_PG_ROWS(card_rows, pl_card, pl_card_cb, row_to_card, "card");

int pl_pg_card_list(pl_pg_store *s, int64_t person_id, pl_card_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " C_COLS " FROM card WHERE person_id = $1 ORDER BY id DESC";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, person_id)};
    return pl_pg_each(s, sql, 1, p, &card_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_card_revoke(pl_pg_store *s, const pl_actor *who, const char *token, const char *reason,
                      pl_error *err)
{
    static const char sql[] = "UPDATE card SET revoked_at = pl_now(), revoked_by = pl_actor(), "
                              "reason = $1 WHERE token = $2 AND revoked_at IS NULL";
    pl_card c;
    int rc = pl_pg_card_get(s, &c, token, err);
    if (rc)
        return rc;
    if (c.revoked_at[0])
        return pl_error_set(err, PL_ECONFLICT, "token", "kartu sudah dicabut pada %s",
                            c.revoked_at);
    const char *p[] = {nz(reason), token};
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    rc = pl_pg_command(s, sql, 2, p, err, "card");
    return pl_pg_tx_end(s, own, rc, err);
}
