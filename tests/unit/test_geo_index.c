/*
 * test_geo_index.c - the packed R*Tree build (rtree_bulk.c) and the deferred
 * spatial index (geo_index.c, the marker-aware queries of geo.c).
 *
 * Bulk builds are checked with SQLite's own rtreecheck() and against a tree
 * of the same points built by ordinary inserts: same ids for many boxes,
 * and single inserts and deletes afterwards keep both equal and consistent.
 * The marker tests load people the way a bulk import does (INSERT triggers
 * that index points are off), then check that every spatial query still
 * counts them until the rebuild, and after it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"

#include "store/geo.h"
#include "store/region.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fx {
    char dir[64];
    char path[96];
    pl_store *s;
    pl_error err;
} fx;

static const pl_region tree[] = {
    {"64", "", 1, "Kalimantan Timur"},           {"64.74", "64", 2, "Kota Bontang"},
    {"64.74.01", "64.74", 3, "Bontang Utara"},   {"64.74.01.1001", "64.74.01", 4, "Bontang Kuala"},
    {"64.74.02", "64.74", 3, "Bontang Selatan"}, {"64.74.02.1001", "64.74.02", 4, "Tanjung Laut"},
};
#define N_TREE (sizeof tree / sizeof tree[0])

static void remove_files(fx *f)
{
    pl_test_rmtree(f->dir);
}

/* An unmigrated store: plain rtree tables for the packing tests. */
static int setup_raw(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/pl_geoidx_XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    if (pl_store_open(&f->s, f->path, PL_STORE_CREATE, &f->err) != 0)
        return -1;
    *state = f;
    return 0;
}

/* A migrated store with a small region tree. */
static int setup(void **state)
{
    if (setup_raw(state))
        return -1;
    fx *f = *state;
    if (pl_store_migrate(f->s, NULL, NULL, &f->err) != 0 ||
        pl_store_region_put_many(f->s, tree, N_TREE, &f->err) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    pl_store_close(f->s);
    remove_files(f);
    free(f);
    return 0;
}

static void exec(fx *f, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(pl_sq_of(f->s)->db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

static long count_sql(fx *f, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(pl_sq_of(f->s)->db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void assert_rtree_ok(fx *f, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT rtreecheck('%s')", table);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(pl_sq_of(f->s)->db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *r = (const char *)sqlite3_column_text(st, 0);
    if (r == NULL || strcmp(r, "ok") != 0)
        fail_msg("rtreecheck(%s): %s", table, r ? r : "NULL");
    sqlite3_finalize(st);
}

/* Ids from sql (one int column), in order, into out (cap); returns how many. */
static size_t ids_of(fx *f, const char *sql, const int32_t *bind, int nbind, int64_t *out,
                     size_t cap)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(pl_sq_of(f->s)->db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(pl_sq_of(f->s)->db));
    for (int i = 0; i < nbind; i++)
        sqlite3_bind_int(st, i + 1, bind[i]);
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        assert_true(n < cap);
        out[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

/* Node count, depth and cells of the fullest / emptiest non-root node of table. */
static void node_stats(fx *f, const char *table, long *nodes, int *depth, int *max_cells,
                       int *min_cells, int *blob_len)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT nodeno, data FROM \"%s_node\"", table);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(pl_sq_of(f->s)->db, sql, -1, &st, NULL), SQLITE_OK);
    *nodes = 0;
    *max_cells = 0;
    *min_cells = 1 << 20;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *d = sqlite3_column_blob(st, 1);
        int len = sqlite3_column_bytes(st, 1);
        int cells = d[2] << 8 | d[3];
        (*nodes)++;
        if (sqlite3_column_int64(st, 0) == 1) {
            *depth = d[0] << 8 | d[1];
            *blob_len = len;
            continue;
        }
        assert_int_equal(len, *blob_len ? *blob_len : len); /* all nodes the root's size */
        if (cells > *max_cells)
            *max_cells = cells;
        if (cells < *min_cells)
            *min_cells = cells;
    }
    sqlite3_finalize(st);
}

/* -------------------------------------------------------- packing */

static uint64_t rng = 88172645463325252ULL;

static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

/*
 * n points in src, people-like: clustered around villages (lat/lon in
 * microdegrees), a birth day, a disability flag and a district as [v, v+1].
 */
static void make_points(fx *f, long n)
{
    exec(f, "DROP TABLE IF EXISTS src; CREATE TABLE src(id INTEGER PRIMARY KEY, lat0, lat1, "
            "lon0, lon1, b0, b1, d0, d1, k0, k1)");
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(pl_sq_of(f->s)->db,
                                        "INSERT INTO src VALUES(?,?,?,?,?,?,?,?,?,?,?)", -1, &st,
                                        NULL),
                     SQLITE_OK);
    exec(f, "BEGIN");
    for (long i = 0; i < n; i++) {
        int village = (int)(next_rand() % 60);
        int32_t clat = -2000000 + village * 61000, clon = 115000000 + (village * 7919 % 60) * 65000;
        int32_t lat = clat + (int32_t)(next_rand() % 20000) - 10000;
        int32_t lon = clon + (int32_t)(next_rand() % 20000) - 10000;
        int32_t birth = (int32_t)(next_rand() % 30000) - 5000;
        int32_t dis = next_rand() % 10 == 0;
        int32_t dist = 647401 + village % 7;
        int32_t v[10] = {lat, lat, lon, lon, birth, birth, dis, dis + 1, dist, dist + 1};
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, 1000 + i * 3); /* ids with gaps */
        for (int k = 0; k < 10; k++)
            sqlite3_bind_int(st, k + 2, v[k]);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    }
    exec(f, "COMMIT");
    sqlite3_finalize(st);
}

static const char create_a[] = "CREATE VIRTUAL TABLE a_geo USING rtree_i32(id, lat0, lat1, lon0, "
                               "lon1, b0, b1, d0, d1, k0, k1)";
static const char create_b[] = "CREATE VIRTUAL TABLE b_geo USING rtree_i32(id, lat0, lat1, lon0, "
                               "lon1, b0, b1, d0, d1, k0, k1)";

/* a_geo by inserts, b_geo packed, from the same src. */
static void build_both(fx *f, long n)
{
    make_points(f, n);
    exec(f, "DROP TABLE IF EXISTS a_geo; DROP TABLE IF EXISTS b_geo");
    exec(f, create_a);
    exec(f, create_b);
    exec(f, "INSERT INTO a_geo SELECT * FROM src");
    long count = -1;
    exec(f, "BEGIN");
    assert_int_equal(
        pl_sq_rtree_bulk(pl_sq_of(f->s), "b_geo", 5, "SELECT * FROM src", NULL, &count, &f->err),
        0);
    exec(f, "COMMIT");
    assert_int_equal(count, n);
    assert_rtree_ok(f, "a_geo");
    assert_rtree_ok(f, "b_geo");
    assert_int_equal(count_sql(f, "SELECT count(*) FROM b_geo"), n);
}

#define MAXIDS 200000
static int64_t ids_a[MAXIDS], ids_b[MAXIDS];

/* Same ids from both trees for a box (and a district range), as the area queries ask. */
static size_t compare_box(fx *f, int32_t lat0, int32_t lat1, int32_t lon0, int32_t lon1,
                          int32_t dlo, int32_t dhi)
{
    static const char qa[] = "SELECT id FROM a_geo WHERE lat1 >= ?1 AND lat0 <= ?2 AND lon1 >= ?3 "
                             "AND lon0 <= ?4 AND k1 > ?5 AND k0 <= ?6 ORDER BY id";
    static const char qb[] = "SELECT id FROM b_geo WHERE lat1 >= ?1 AND lat0 <= ?2 AND lon1 >= ?3 "
                             "AND lon0 <= ?4 AND k1 > ?5 AND k0 <= ?6 ORDER BY id";
    static const char qs[] = "SELECT count(*) FROM src WHERE lat1 >= ?1 AND lat0 <= ?2 AND "
                             "lon1 >= ?3 AND lon0 <= ?4 AND k1 > ?5 AND k0 <= ?6";
    int32_t b[6] = {lat0, lat1, lon0, lon1, dlo, dhi};
    size_t na = ids_of(f, qa, b, 6, ids_a, MAXIDS);
    size_t nb = ids_of(f, qb, b, 6, ids_b, MAXIDS);
    assert_int_equal(na, nb);
    assert_memory_equal(ids_a, ids_b, na * sizeof ids_a[0]);
    int64_t brute = 0;
    assert_int_equal(ids_of(f, qs, b, 6, &brute, 1), 1);
    assert_int_equal((int64_t)na, brute);
    return na;
}

static void compare_many(fx *f)
{
    size_t total = 0;
    /* Everything, an empty box, then boxes of every size. */
    total += compare_box(f, INT32_MIN, INT32_MAX, INT32_MIN, INT32_MAX, 0, 999999);
    assert_int_equal(compare_box(f, 5000000, 5000001, 0, 1, 0, 999999), 0);
    for (int i = 0; i < 40; i++) {
        int32_t lat = -2100000 + (int32_t)(next_rand() % 3800000);
        int32_t lon = 114900000 + (int32_t)(next_rand() % 4100000);
        int32_t h = 1 + (int32_t)(next_rand() % (i < 20 ? 30000 : 900000));
        int32_t w = 1 + (int32_t)(next_rand() % (i < 20 ? 30000 : 900000));
        bool scoped = i % 3 == 0;
        int32_t dist = 647401 + (int32_t)(next_rand() % 7);
        total +=
            compare_box(f, lat, lat + h, lon, lon + w, scoped ? dist : 0, scoped ? dist : 999999);
    }
    assert_int_equal(total > 0, count_sql(f, "SELECT count(*) FROM src") > 0);
}

static void test_bulk_empty(void **state)
{
    fx *f = *state;
    build_both(f, 0);
    long nodes;
    int depth = -1, maxc, minc, len = 0;
    node_stats(f, "b_geo", &nodes, &depth, &maxc, &minc, &len);
    assert_int_equal(nodes, 1);
    assert_int_equal(depth, 0);
    assert_int_equal(len, 4 + 48 * 51); /* the size the module chose when it made the table */
    compare_many(f);
    /* Single inserts and deletes work on the packed (empty) tree. */
    exec(f, "INSERT INTO b_geo VALUES(7, 1, 1, 2, 2, 3, 3, 0, 1, 647401, 647402)");
    assert_int_equal(count_sql(f, "SELECT count(*) FROM b_geo WHERE lat0 <= 1 AND lat1 >= 1"), 1);
    exec(f, "DELETE FROM b_geo WHERE id = 7");
    assert_int_equal(count_sql(f, "SELECT count(*) FROM b_geo"), 0);
    assert_rtree_ok(f, "b_geo");
}

static void test_bulk_one(void **state)
{
    fx *f = *state;
    build_both(f, 1);
    long nodes;
    int depth = -1, maxc, minc, len = 0;
    node_stats(f, "b_geo", &nodes, &depth, &maxc, &minc, &len);
    assert_int_equal(nodes, 1);
    assert_int_equal(depth, 0);
    assert_int_equal(count_sql(f, "SELECT nodeno FROM b_geo_rowid WHERE rowid = 1000"), 1);
    compare_many(f);
    exec(f, "DELETE FROM b_geo WHERE id = 1000");
    assert_rtree_ok(f, "b_geo");
    assert_int_equal(count_sql(f, "SELECT count(*) FROM b_geo"), 0);
}

static void test_bulk_one_full_node(void **state)
{
    fx *f = *state;
    /* 51 cells: exactly a full root, still a leaf. */
    build_both(f, 51);
    long nodes;
    int depth = -1, maxc, minc, len = 0;
    node_stats(f, "b_geo", &nodes, &depth, &maxc, &minc, &len);
    assert_int_equal(nodes, 1);
    assert_int_equal(depth, 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM b_geo_parent"), 0);
    compare_many(f);
    /* One more point splits the root as the module does. */
    exec(f, "INSERT INTO a_geo VALUES(5, 0, 0, 115000000, 115000000, 1, 1, 0, 1, 647401, 647402);"
            "INSERT INTO b_geo VALUES(5, 0, 0, 115000000, 115000000, 1, 1, 0, 1, 647401, 647402);"
            "INSERT INTO src VALUES(5, 0, 0, 115000000, 115000000, 1, 1, 0, 1, 647401, 647402)");
    assert_rtree_ok(f, "b_geo");
    node_stats(f, "b_geo", &nodes, &depth, &maxc, &minc, &len);
    assert_int_equal(depth, 1);
    compare_many(f);
    /* 52 packed: two leaves under the root, each about half full. */
    build_both(f, 52);
    node_stats(f, "b_geo", &nodes, &depth, &maxc, &minc, &len);
    assert_int_equal(nodes, 3);
    assert_int_equal(depth, 1);
    assert_int_equal(minc, 26);
    assert_int_equal(maxc, 26);
    compare_many(f);
}

/* Inserts and deletes the same points in both trees; both stay consistent and equal. */
static void churn(fx *f, int rounds)
{
    for (int i = 0; i < rounds; i++) {
        char sql[512];
        int64_t id = 1000 + (int64_t)(next_rand() % 30000) * 3;
        snprintf(sql, sizeof sql,
                 "DELETE FROM a_geo WHERE id = %lld; DELETE FROM b_geo WHERE id = %lld; "
                 "DELETE FROM src WHERE id = %lld",
                 (long long)id, (long long)id, (long long)id);
        exec(f, sql);
        int32_t lat = -2000000 + (int32_t)(next_rand() % 3700000);
        int32_t lon = 115000000 + (int32_t)(next_rand() % 3900000);
        int64_t nid = 5000000 + i;
        const char *t[3] = {"a_geo", "b_geo", "src"};
        for (int k = 0; k < 3; k++) {
            snprintf(sql, sizeof sql,
                     "INSERT INTO %s VALUES(%lld, %d, %d, %d, %d, 100, 100, 1, 2, 647403, 647404)",
                     t[k], (long long)nid, lat, lat, lon, lon);
            exec(f, sql);
        }
    }
}

static void test_bulk_many(void **state)
{
    fx *f = *state;
    build_both(f, 40000);
    long nodes_a, nodes_b;
    int depth = -1, maxc, minc, len = 0;
    node_stats(f, "b_geo", &nodes_b, &depth, &maxc, &minc, &len);
    assert_int_equal(depth, 2);
    assert_true(maxc <= 47); /* about 90 % of 51: room for inserts */
    assert_true(minc >= 23);
    int d2 = -1, maxa, mina, lena = 0;
    node_stats(f, "a_geo", &nodes_a, &d2, &maxa, &mina, &lena);
    assert_int_equal(len, lena);
    assert_true(nodes_b < nodes_a); /* packed: fewer, fuller nodes */
    compare_many(f);
    /* From single values and pads (max = value + pad), the same tree. */
    static const int32_t pad[] = {0, 0, 0, 1, 1};
    long count = 0;
    assert_int_equal(pl_sq_rtree_bulk(pl_sq_of(f->s), "b_geo", 5,
                                      "SELECT id, lat0, lon0, b0, d0, k0 FROM src", pad, &count,
                                      &f->err),
                     0);
    assert_int_equal(count, 40000);
    assert_rtree_ok(f, "b_geo");
    assert_int_equal(count_sql(f, "SELECT count(*) FROM (SELECT * FROM b_geo EXCEPT SELECT * FROM "
                                  "src)"),
                     0);
    compare_many(f);
    /* Later single inserts and deletes on the packed tree. */
    churn(f, 600);
    assert_rtree_ok(f, "a_geo");
    assert_rtree_ok(f, "b_geo");
    compare_many(f);
    /* Packing again over a tree that has data replaces it, in a transaction that also writes
     * through the module before and after (it keeps no node between statements). */
    exec(f, "BEGIN");
    exec(f, "INSERT INTO src VALUES(7, 5, 5, 115000005, 115000005, 1, 1, 0, 1, 647401, 647402);"
            "INSERT INTO b_geo SELECT * FROM src WHERE id = 7");
    assert_int_equal(count_sql(f, "SELECT count(*) FROM b_geo WHERE lat0 <= 5 AND lat1 >= 5 AND "
                                  "lon0 <= 115000005 AND lon1 >= 115000005"),
                     1);
    assert_int_equal(
        pl_sq_rtree_bulk(pl_sq_of(f->s), "b_geo", 5, "SELECT * FROM src", NULL, &count, &f->err),
        0);
    exec(f, "INSERT INTO src VALUES(8, 6, 6, 115000006, 115000006, 1, 1, 0, 1, 647401, 647402);"
            "INSERT INTO b_geo SELECT * FROM src WHERE id = 8;"
            "DELETE FROM src WHERE id = 1003; DELETE FROM b_geo WHERE id = 1003");
    exec(f, "COMMIT");
    exec(f, "INSERT INTO a_geo SELECT * FROM src WHERE id IN (7, 8); DELETE FROM a_geo WHERE id = "
            "1003");
    assert_int_equal(count_sql(f, "SELECT count(*) FROM b_geo"),
                     count_sql(f, "SELECT count(*) FROM src"));
    assert_rtree_ok(f, "b_geo");
    compare_many(f);
}

static void test_bulk_three_dims(void **state)
{
    fx *f = *state;
    make_points(f, 5000);
    exec(f, "CREATE VIRTUAL TABLE h_geo USING rtree_i32(id, lat0, lat1, lon0, lon1, k0, k1);"
            "CREATE VIRTUAL TABLE g_geo USING rtree_i32(id, lat0, lat1, lon0, lon1, k0, k1);"
            "INSERT INTO g_geo SELECT id, lat0, lat1, lon0, lon1, k0, k0 FROM src");
    long count = 0;
    /* Rows not in id order: the rowid map is sorted before it is written. */
    assert_int_equal(pl_sq_rtree_bulk(pl_sq_of(f->s), "h_geo", 3,
                                      "SELECT id, lat0, lat1, lon0, lon1, k0, k0 FROM src "
                                      "ORDER BY lon0 DESC",
                                      NULL, &count, &f->err),
                     0);
    assert_int_equal(count, 5000);
    assert_rtree_ok(f, "h_geo");
    long nodes;
    int depth = -1, maxc, minc, len = 0;
    node_stats(f, "h_geo", &nodes, &depth, &maxc, &minc, &len);
    assert_int_equal(len, 4 + 32 * 51);
    static const char qh[] = "SELECT id FROM h_geo WHERE lat1 >= ?1 AND lat0 <= ?2 AND lon1 >= ?3 "
                             "AND lon0 <= ?4 ORDER BY id";
    static const char qg[] = "SELECT id FROM g_geo WHERE lat1 >= ?1 AND lat0 <= ?2 AND lon1 >= ?3 "
                             "AND lon0 <= ?4 ORDER BY id";
    for (int i = 0; i < 20; i++) {
        int32_t lat = -2100000 + (int32_t)(next_rand() % 3800000);
        int32_t lon = 114900000 + (int32_t)(next_rand() % 4100000);
        int32_t b[4] = {lat, lat + 300000, lon, lon + 300000};
        size_t na = ids_of(f, qh, b, 4, ids_a, MAXIDS);
        size_t nb = ids_of(f, qg, b, 4, ids_b, MAXIDS);
        assert_int_equal(na, nb);
        assert_memory_equal(ids_a, ids_b, na * sizeof ids_a[0]);
    }
}

static void test_bulk_refuses_bad_rows(void **state)
{
    fx *f = *state;
    make_points(f, 100);
    exec(f, create_b);
    long count = 0;
    assert_int_equal(
        pl_sq_rtree_bulk(pl_sq_of(f->s), "b_geo", 5, "SELECT * FROM src", NULL, &count, &f->err),
        0);
    /* Lower bound above the upper one: refused before anything changes. */
    assert_int_equal(pl_sq_rtree_bulk(pl_sq_of(f->s), "b_geo", 5,
                                      "SELECT id, lat1 + 1, lat0, lon0, lon1, b0, b1, d0, d1, k0, "
                                      "k1 FROM src",
                                      NULL, &count, &f->err),
                     PL_EINVAL);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM b_geo"), 100);
    assert_rtree_ok(f, "b_geo");
    /* Wrong column count. */
    assert_int_equal(pl_sq_rtree_bulk(pl_sq_of(f->s), "b_geo", 5, "SELECT id, lat0, lat1 FROM src",
                                      NULL, &count, &f->err),
                     PL_EINTERNAL);
    /* A duplicate id fails (the caller's transaction is to be rolled back). */
    exec(f, "SAVEPOINT dup");
    assert_int_equal(pl_sq_rtree_bulk(pl_sq_of(f->s), "b_geo", 5,
                                      "SELECT * FROM src UNION ALL SELECT * FROM src WHERE id = "
                                      "1000",
                                      NULL, &count, &f->err),
                     PL_ECONFLICT);
    exec(f, "ROLLBACK TO dup; RELEASE dup");
    assert_int_equal(count_sql(f, "SELECT count(*) FROM b_geo"), 100);
    assert_rtree_ok(f, "b_geo");
}

/* -------------------------------------------------------- deferred index */

/*
 * n households in 64.74.01.1001 / 64.74.02.1001 around Bontang, each with
 * two people (every fifth with own coordinates, every seventh disabled),
 * written as a bulk import writes them when the index is deferred: the
 * INSERT triggers that index points do nothing (pl_audit_inserts() false).
 */
static void load_people(fx *f, long first, long n, bool index)
{
    pl_sq_of(f->s)->audit_inserts = index ? 1 : 0;
    char sql[2048];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE k(i) AS (SELECT %ld UNION ALL SELECT i + 1 FROM k WHERE i < %ld) "
             "INSERT INTO household(id, kk, village_code, lat, lon, created_at, created_by, "
             "updated_at) SELECT i, printf('6474%%012d', i), CASE i %% 2 WHEN 0 THEN "
             "'64.74.01.1001' ELSE '64.74.02.1001' END, 0.12 + (i %% 97) * 0.001, "
             "117.45 + (i %% 89) * 0.001, 'x', 'x', 'x' FROM k;"
             "WITH RECURSIVE k(i) AS (SELECT %ld UNION ALL SELECT i + 1 FROM k WHERE i < %ld) "
             "INSERT INTO person(id, household_id, name, name_norm, birth_date, disability, lat, "
             "lon, village_code, created_at, created_by, updated_at) "
             "SELECT 2 * i + j, i, 'n', 'n', printf('19%%02d-01-15', i %% 100), CASE WHEN i %% 7 "
             "= 0 AND j = 0 THEN 'fisik' ELSE '' END, CASE WHEN i %% 5 = 0 AND j = 1 THEN 0.2 + "
             "(i %% 13) * 0.002 END, CASE WHEN i %% 5 = 0 AND j = 1 THEN 117.5 END, "
             "CASE i %% 2 WHEN 0 THEN '64.74.01.1001' ELSE '64.74.02.1001' END, 'x', 'x', 'x' "
             "FROM k, (SELECT 0 AS j UNION ALL SELECT 1)",
             first, first + n - 1, first, first + n - 1);
    exec(f, sql);
    pl_sq_of(f->s)->audit_inserts = 1;
}

typedef struct idset {
    int64_t *ids;
    size_t n;
    long inside; /* box_inside points */
} idset;

static int collect(void *ctx, const pl_geo_person_pt *p)
{
    idset *s = ctx;
    assert_true(s->n < MAXIDS);
    s->ids[s->n++] = p->id;
    s->inside += p->box_inside;
    return 0;
}

static int collect_pt(void *ctx, const pl_geo_pt *p)
{
    idset *s = ctx;
    assert_true(s->n < MAXIDS);
    s->ids[s->n++] = p->id;
    return 0;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static void sort_set(idset *s)
{
    qsort(s->ids, s->n, sizeof s->ids[0], cmp_id);
}

/* The ids a query must give, straight from the tables (same values as the index). */
static size_t truth(fx *f, const char *table, const pl_store_bbox *b, int32_t dlo, int32_t dhi,
                    int category, int64_t *out)
{
    char sql[1024];
    if (strcmp(table, "person") == 0)
        snprintf(sql, sizeof sql,
                 "SELECT g.id FROM person_geo_rows g WHERE lat0 BETWEEN ?1 AND ?2 AND lon0 "
                 "BETWEEN ?3 AND ?4 AND dist0 BETWEEN ?5 AND ?6 AND (?7 = 0 OR EXISTS (SELECT 1 "
                 "FROM membership m WHERE m.person_id = g.id AND m.category = ?7 AND m.valid_to "
                 "IS NULL)) ORDER BY id");
    else
        snprintf(sql, sizeof sql,
                 "SELECT g.id FROM household_geo_rows g WHERE lat0 BETWEEN ?1 AND ?2 AND lon0 "
                 "BETWEEN ?3 AND ?4 AND dist0 BETWEEN ?5 AND ?6 AND (?7 = 0 OR EXISTS (SELECT 1 "
                 "FROM membership m WHERE m.household_id = g.id AND m.category = ?7 AND "
                 "m.valid_to IS NULL)) ORDER BY id");
    /* The box as the store binds it: outward to whole microdegrees. */
    int32_t bind[7] = {(int32_t)floor(b->min_lat * 1e6),
                       (int32_t)ceil(b->max_lat * 1e6),
                       (int32_t)floor(b->min_lon * 1e6),
                       (int32_t)ceil(b->max_lon * 1e6),
                       dlo,
                       dhi,
                       category};
    return ids_of(f, sql, bind, 7, out, MAXIDS);
}

static int64_t want[MAXIDS];

/* Every spatial query over box and scope gives exactly the rows of the tables; returns
 * the people found. */
static size_t check_queries(fx *f, const pl_store_bbox *box, const char *scope, int32_t dlo,
                            int32_t dhi)
{
    idset got = {ids_a, 0, 0};
    size_t nw = truth(f, "person", box, dlo, dhi, 0, want), people = nw;
    assert_int_equal(pl_store_geo_people_in_bbox(f->s, box, scope, collect, &got, &f->err), 0);
    sort_set(&got);
    assert_int_equal(got.n, nw);
    assert_memory_equal(got.ids, want, nw * sizeof want[0]);
    got.n = 0;
    assert_int_equal(pl_store_geo_people_walk(f->s, box, scope, NULL, collect, &got, &f->err), 0);
    sort_set(&got);
    assert_int_equal(got.n, nw);
    assert_memory_equal(got.ids, want, nw * sizeof want[0]);
    got.n = 0;
    nw = truth(f, "person", box, dlo, dhi, 9, want);
    assert_int_equal(
        pl_store_geo_people_in_bbox_category(f->s, box, scope, 9, collect, &got, &f->err), 0);
    sort_set(&got);
    assert_int_equal(got.n, nw);
    assert_memory_equal(got.ids, want, nw * sizeof want[0]);
    got.n = 0;
    nw = truth(f, "household", box, dlo, dhi, 0, want);
    assert_int_equal(
        pl_store_geo_households_in_bbox(f->s, box, scope, 0, collect_pt, &got, &f->err), 0);
    sort_set(&got);
    assert_int_equal(got.n, nw);
    assert_memory_equal(got.ids, want, nw * sizeof want[0]);
    long count = -1;
    assert_int_equal(pl_store_geo_people_count(f->s, &count, &f->err), 0);
    assert_int_equal(count, count_sql(f, "SELECT count(*) FROM person_geo_rows"));
    return people;
}

static void check_all_queries(fx *f)
{
    const pl_store_bbox all = {117.0, -1.0, 118.0, 1.0};
    const pl_store_bbox part = {117.47, 0.15, 117.51, 0.19};
    long people = count_sql(f, "SELECT count(*) FROM person_geo_rows");
    assert_int_equal(check_queries(f, &all, "", 0, 999999), people);
    size_t part_n = check_queries(f, &part, "", 0, 999999);
    assert_true(part_n > 0 && part_n < (size_t)people);
    assert_true(check_queries(f, &all, "64.74.01", 647401, 647401) > 0);
    assert_true(check_queries(f, &part, "64.74.02", 647402, 647402) > 0);
    assert_int_equal(check_queries(f, &part, "64.74", 647400, 647499), part_n);
}

static int cell_inside(void *ctx, const pl_store_bbox *cell)
{
    (void)ctx;
    (void)cell;
    return PL_STORE_CELL_INSIDE;
}

static void test_defer_marker(void **state)
{
    fx *f = *state;
    /* Memberships for the category queries: PMKS 9 for some people and households. */
    load_people(f, 1, 300, true);
    bool pending = true;
    assert_int_equal(pl_store_geo_pending(f->s, &pending, &f->err), 0);
    assert_false(pending);
    long indexed = count_sql(f, "SELECT count(*) FROM person_geo");
    assert_int_equal(indexed, 600);
    check_all_queries(f);

    /* A load that defers: the marker commits with the rows it skips. */
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_int_equal(pl_store_geo_defer(f->s, &f->err), 0);
    load_people(f, 301, 700, false);
    assert_int_equal(pl_store_commit(f->s, &f->err), 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM person_geo"), 600);
    assert_int_equal(count_sql(f, "SELECT after_id FROM geo_pending WHERE name = 'person'"), 601);
    assert_int_equal(count_sql(f, "SELECT after_id FROM geo_pending WHERE name = 'household'"),
                     300);
    assert_int_equal(pl_store_geo_pending(f->s, &pending, &f->err), 0);
    assert_true(pending);
    exec(f, "INSERT INTO membership(person_id, category, valid_from, created_at, created_by) "
            "SELECT id, 9, '2020-01-01', 'x', 'x' FROM person WHERE id % 11 = 0;"
            "INSERT INTO membership(household_id, category, valid_from, created_at, created_by) "
            "SELECT id, 9, '2020-01-01', 'x', 'x' FROM household WHERE id % 13 = 0");
    /* Updates during the load re-index rows above the marker through the triggers: no
     * row may come twice. */
    exec(f, "UPDATE person SET disability = 'netra' WHERE id IN (1001, 1500, 1999)");
    exec(f, "UPDATE household SET lat = lat + 0.0001 WHERE id IN (310, 650)");
    assert_true(count_sql(f, "SELECT count(*) FROM person_geo WHERE id > 601") > 3);
    check_all_queries(f);

    /* A second defer keeps the older, lower marker. */
    assert_int_equal(pl_store_geo_defer(f->s, &f->err), 0);
    assert_int_equal(count_sql(f, "SELECT after_id FROM geo_pending WHERE name = 'person'"), 601);

    /* A crash leaves the marker: a new connection still counts everyone. */
    pl_store_close(f->s);
    assert_int_equal(pl_store_open(&f->s, f->path, 0, &f->err), 0);
    check_all_queries(f);
    /* The walk marks no missing point as inside a cell: they are tested by the caller. */
    idset got = {ids_a, 0, 0};
    const pl_store_bbox all = {117.0, -1.0, 118.0, 1.0};
    assert_int_equal(pl_store_geo_people_walk(f->s, &all, "", cell_inside, collect, &got, &f->err),
                     0);
    assert_int_equal(got.n, count_sql(f, "SELECT count(*) FROM person_geo_rows"));
    assert_int_equal(got.inside, count_sql(f, "SELECT count(*) FROM person_geo"));

    /* Rebuild: complete trees, no marker, same answers. */
    pl_geo_reindex_stats st;
    assert_int_equal(pl_store_geo_reindex(f->s, PL_GEO_REINDEX_PENDING, &st, &f->err), 0);
    assert_true(st.was_pending);
    assert_true(st.people_packed);
    assert_true(st.households_packed);
    assert_int_equal(st.people, 2000);
    assert_int_equal(st.households, 1000);
    assert_int_equal(pl_store_geo_pending(f->s, &pending, &f->err), 0);
    assert_false(pending);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM geo_pending"), 0);
    assert_rtree_ok(f, "person_geo");
    assert_rtree_ok(f, "household_geo");
    check_all_queries(f);
    /* The trees hold exactly the view's values. */
    assert_int_equal(count_sql(f, "SELECT count(*) FROM (SELECT * FROM person_geo EXCEPT "
                                  "SELECT * FROM person_geo_rows)"),
                     0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM (SELECT * FROM household_geo EXCEPT "
                                  "SELECT * FROM household_geo_rows)"),
                     0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM (SELECT * FROM person_geo_rows EXCEPT "
                                  "SELECT * FROM person_geo)"),
                     0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM (SELECT * FROM household_geo_rows EXCEPT "
                                  "SELECT * FROM household_geo)"),
                     0);
    /* Triggers go on working on the packed trees. */
    exec(f, "UPDATE person SET death_date = '2024-01-01' WHERE id = 1200");
    exec(f, "DELETE FROM person WHERE id = 1201");
    load_people(f, 1001, 10, true);
    assert_rtree_ok(f, "person_geo");
    check_all_queries(f);
    /* Nothing pending: nothing done. */
    assert_int_equal(pl_store_geo_reindex(f->s, PL_GEO_REINDEX_PENDING, &st, &f->err), 0);
    assert_false(st.was_pending);
    assert_false(st.people_packed);
    assert_int_equal(st.people, count_sql(f, "SELECT count(*) FROM person_geo"));
}

static void test_defer_few_caught_up(void **state)
{
    fx *f = *state;
    load_people(f, 1, 1000, true);
    /* A small load into a big file: the missing points are inserted, not the whole tree. */
    assert_int_equal(pl_store_geo_defer(f->s, &f->err), 0);
    load_people(f, 1001, 20, false);
    check_all_queries(f);
    pl_geo_reindex_stats st;
    assert_int_equal(pl_store_geo_reindex(f->s, PL_GEO_REINDEX_PENDING, &st, &f->err), 0);
    assert_true(st.was_pending);
    assert_false(st.people_packed);
    assert_false(st.households_packed);
    assert_int_equal(st.caught_up, 60);
    assert_int_equal(st.people, 2040);
    assert_int_equal(st.households, 1020);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM geo_pending"), 0);
    assert_rtree_ok(f, "person_geo");
    check_all_queries(f);
    /* pl_store_geo_rebuild packs whatever the marker says, inside the caller's transaction. */
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_int_equal(pl_store_geo_defer(f->s, &f->err), 0);
    load_people(f, 1021, 5, false);
    assert_int_equal(pl_store_geo_rebuild(f->s, &f->err), 0);
    assert_int_equal(pl_store_commit(f->s, &f->err), 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM geo_pending"), 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM person_geo"), 2050);
    assert_rtree_ok(f, "person_geo");
    assert_rtree_ok(f, "household_geo");
    check_all_queries(f);
    /* A rolled-back rebuild leaves tree and marker as they were. */
    assert_int_equal(pl_store_geo_defer(f->s, &f->err), 0);
    load_people(f, 1026, 5, false);
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_int_equal(pl_store_geo_rebuild(f->s, &f->err), 0);
    assert_int_equal(pl_store_rollback(f->s), 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM geo_pending"), 2);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM person_geo"), 2050);
    assert_rtree_ok(f, "person_geo");
    check_all_queries(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bulk_empty, setup_raw, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_one, setup_raw, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_one_full_node, setup_raw, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_many, setup_raw, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_three_dims, setup_raw, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_refuses_bad_rows, setup_raw, teardown),
        cmocka_unit_test_setup_teardown(test_defer_marker, setup, teardown),
        cmocka_unit_test_setup_teardown(test_defer_few_caught_up, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
