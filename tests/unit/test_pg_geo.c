/*
 * test_pg_geo.c - the geo area on PostgreSQL gives SQLite's answers: the same rows are written
 * into a SQLite data base and a PostgreSQL one, and every area query is asked of both: people
 * in polygons (slanted edges, a hole) and radii through service/area.c, with points exactly
 * on the edges and vertices, at half a microdegree (where PostgreSQL's round() would differ
 * from SQLite's), and random ones; boxes with scopes down to a village and categories;
 * households; region counts; the outline-check list; the deferred index (a marker with
 * points missing, then a reindex). Run by ctest as pg/test_pg_geo through scripts/pg-cluster.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/geojson.h"
#include "service/area.h"
#include "util/vec.h"
#include "store/geo.h"
#include "store/pg/internal.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *pg_dir, *pg_port;
static char admin_url[512];

typedef struct fx {
    char db[64];
    char url[512];
    char path[256];
    pl_store *pg, *sq;
    pl_error err;
} fx;

static void admin_sql(const char *sql)
{
    PGconn *c = PQconnectdb(admin_url);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("connect: %s", PQerrorMessage(c));
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
}

/* Runs sql on both backends (through each store's own connection). */
static void both_sql(fx *f, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(pl_sq_of(f->sq)->db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("sqlite: %s: %s", sql, msg);
    /* PQexec: pl_pg_command caches statements by the text's address (a literal's). */
    PGconn *c = pl_pg_of(f->pg)->conn;
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("pg: %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
}

static void open_both(fx *f)
{
    if (pl_store_open(&f->sq, f->path, PL_STORE_CREATE, &f->err) ||
        pl_store_migrate(f->sq, NULL, NULL, &f->err))
        fail_msg("sqlite: %s", f->err.message);
    if (pl_store_open(&f->pg, f->url, 0, &f->err) || pl_store_migrate(f->pg, NULL, NULL, &f->err))
        fail_msg("pg: %s", f->err.message);
    pl_error e;
    if (pl_pg_command(pl_pg_of(f->pg), "SELECT set_config('pilar.actor', 'test', false)", 0, NULL,
                      &e, "actor"))
        fail_msg("actor: %s", e.message);
}

static unsigned rnd_state = 12345;
static double rnd(void)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (double)((rnd_state >> 8) & 0xffffff) / (double)0x1000000;
}

/*
 * Regions, 2 villages; households and people: on the triangle's and square's edges and
 * vertices, at half microdegrees, random ones; a few dead, disabled, with own coordinates.
 */
static void load(fx *f)
{
    both_sql(f, "INSERT INTO region(code, parent, level, name) VALUES "
                "('64', NULL, 1, 'KALTIM'), ('64.72', '64', 2, 'SAMARINDA'), "
                "('64.72.01', '64.72', 3, 'D1'), ('64.72.02', '64.72', 3, 'D2'), "
                "('64.72.01.1001', '64.72.01', 4, 'V1'), ('64.72.02.1001', '64.72.02', 4, 'V2'), "
                "('65', NULL, 1, 'KALTARA'), ('65.01', '65', 2, 'R'), ('65.01.01', '65.01', 3, "
                "'D'), ('65.01.01.2001', '65.01.01', 4, 'V3')");
    both_sql(f, "BEGIN");
    char sql[1024];
    static const char *const vil[] = {"64.72.01.1001", "64.72.02.1001", "65.01.01.2001"};
    for (int i = 1; i <= 1600; i++) {
        double lat, lon;
        if (i <= 100) { /* on the triangle's slanted edge (117.1,-0.5)-(117.15,-0.4) */
            lon = (117100000 + 500 * i) / 1e6;
            lat = (-500000 + 1000 * i) / 1e6;
        } else if (i <= 200) { /* on the square's edges and corners */
            int k = i - 100;
            lon = k % 2 ? 117.3 : (117300000 + 1000 * k) / 1e6;
            lat = k % 2 ? (-500000 + 1000 * k) / 1e6 : -0.5;
        } else if (i <= 400) { /* half microdegrees, just around the triangle's base */
            lon = (117100000 + 997 * (i - 200)) / 1e6 + 0.5e-6;
            lat = -0.5 + (i % 3 - 1) * 0.5e-6;
        } else {
            lon = 117.05 + rnd() * 0.35;
            lat = -0.55 + rnd() * 0.2;
        }
        char la[32], lo[32];
        snprintf(la, sizeof la, "%.17g", lat);
        snprintf(lo, sizeof lo, "%.17g", lon);
        snprintf(sql, sizeof sql,
                 "INSERT INTO household(id, kk, village_code, lat, lon, created_at, created_by, "
                 "updated_at) VALUES(%d, '64720100%08d', '%s', %s, %s, 'x', 'x', 'x')",
                 i, i, vil[i % 3], i % 17 == 0 ? "NULL" : la, i % 17 == 0 ? "NULL" : lo);
        both_sql(f, sql);
        /* Two people: one living at home, one with own coordinates (or dead, or none). */
        snprintf(sql, sizeof sql,
                 "INSERT INTO person(id, nik, household_id, name, name_norm, birth_date, "
                 "disability, village_code, created_at, created_by, updated_at) VALUES(%d, "
                 "'647201%010d', %d, 'A', 'a', '%d-0%d-1%d', '%s', '%s', 'x', 'x', 'x')",
                 2 * i, i, i, 1940 + i % 85, 1 + i % 9, i % 10, i % 7 == 0 ? "fisik" : "",
                 vil[i % 3]);
        both_sql(f, sql);
        snprintf(sql, sizeof sql,
                 "INSERT INTO person(id, nik, household_id, name, name_norm, birth_date, "
                 "death_date, lat, lon, village_code, created_at, created_by, updated_at) "
                 "VALUES(%d, '647202%010d', %d, 'B', 'b', NULL, %s, %.17g, %.17g, '%s', 'x', "
                 "'x', 'x')",
                 2 * i + 1, i, i, i % 11 == 0 ? "'2020-01-01'" : "NULL", -0.55 + rnd() * 0.2,
                 117.05 + rnd() * 0.35 + (i % 5 == 0 ? 0.5e-6 : 0), vil[(i + 1) % 3]);
        both_sql(f, sql);
    }
    both_sql(f, "COMMIT");
}

static int setup(void **state)
{
    static int n;
    fx *f = calloc(1, sizeof *f);
    snprintf(f->db, sizeof f->db, "t_geo_%ld_%d", (long)getpid(), ++n);
    snprintf(f->url, sizeof f->url, "postgresql://postgres@/%s?host=%s&port=%s", f->db, pg_dir,
             pg_port);
    snprintf(f->path, sizeof f->path, "/tmp/%s.db", f->db);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->db);
    admin_sql(sql);
    open_both(f);
    load(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    pl_store_close(f->pg);
    pl_store_close(f->sq);
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", f->db);
    admin_sql(sql);
    static const char *const ext[] = {"", "-wal", "-shm", "-reads", "-reads-wal", "-reads-shm"};
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s%s", f->path, ext[i]);
        unlink(p);
    }
    free(f);
    return 0;
}

static pl_geo_shape *shape_of(const char *geojson)
{
    json_error_t je;
    json_t *g = json_loads(geojson, 0, &je);
    assert_non_null(g);
    pl_geo_shape *s = NULL;
    pl_error err;
    if (pl_geojson_shape_from_json(&s, g, &err))
        fail_msg("shape: %s", err.message);
    json_decref(g);
    return s;
}

/* pl_area_run on both: the same people, in the same order, with the same values. */
static long same_area(fx *f, const pl_area_query *q)
{
    pl_area_result *a = NULL, *b = NULL;
    if (pl_area_run(&a, f->sq, q, &f->err))
        fail_msg("sqlite area: %s", f->err.message);
    if (pl_area_run(&b, f->pg, q, &f->err))
        fail_msg("pg area: %s", f->err.message);
    assert_int_equal(a->people, b->people);
    assert_int_equal(a->vulnerable, b->vulnerable);
    assert_int_equal(a->elderly, b->elderly);
    assert_int_equal(a->children, b->children);
    assert_int_equal(a->disabled, b->disabled);
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(a->hits[i].person_id, b->hits[i].person_id);
        assert_true(a->hits[i].lat == b->hits[i].lat && a->hits[i].lon == b->hits[i].lon);
        assert_true(a->hits[i].distance_m == b->hits[i].distance_m);
        assert_int_equal(a->hits[i].vuln, b->hits[i].vuln);
    }
    long n = a->people;
    pl_area_result_free(a);
    pl_area_result_free(b);
    return n;
}

static const char triangle[] =
    "{\"type\":\"Polygon\",\"coordinates\":[[[117.1,-0.5],[117.2,-0.5],[117.15,-0.4],"
    "[117.1,-0.5]]]}";
/* A square whose west and south edges carry points, with a hole. */
static const char square[] =
    "{\"type\":\"Polygon\",\"coordinates\":[[[117.3,-0.5],[117.4,-0.5],[117.4,-0.4],[117.3,-0.4],"
    "[117.3,-0.5]],[[117.33,-0.47],[117.37,-0.47],[117.37,-0.43],[117.33,-0.43],[117.33,-0.47]]]}";

static void test_polygons_and_radii_match(void **state)
{
    fx *f = *state;
    pl_area_query q = {.scope = "", .today = {2025, 6, 1}};
    const char *shapes[] = {triangle, square};
    for (int i = 0; i < 2; i++) {
        pl_geo_shape *s = shape_of(shapes[i]);
        q.shape = s;
        long n = same_area(f, &q);
        assert_true(n > 20);
        q.scope = "64.72.02";
        same_area(f, &q);
        q.scope = "64.72.01.1001"; /* a village: checked against each row */
        same_area(f, &q);
        q.scope = "65";
        same_area(f, &q);
        q.scope = "";
        pl_geo_shape_free(s);
    }
    q.shape = NULL;
    double radii[] = {50, 1000, 5000, 12000, 40000};
    for (size_t i = 0; i < sizeof radii / sizeof *radii; i++) {
        q.center = (pl_geo_point){117.15, -0.45};
        q.radius_m = radii[i];
        same_area(f, &q);
        q.center = (pl_geo_point){117.1005, -0.499}; /* a point on the edge */
        same_area(f, &q);
    }
}

/* Rows of a callback, as text lines, for comparing two answers. */
typedef struct lines {
    char **v;
    size_t n, cap;
} lines;

static void add_line(lines *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    assert_int_equal(pl_vec_reserve(&l->v, &l->cap, l->n, 1), 0);
    l->v[l->n++] = strdup(buf);
}

static int on_person(void *ctx, const pl_geo_person_pt *p)
{
    add_line(ctx, "%lld %.17g %.17g %d %d %d", (long long)p->id, p->lat, p->lon, p->birth_days,
             p->disabled, p->district);
    return 0;
}

static int on_pt(void *ctx, const pl_geo_pt *p)
{
    add_line(ctx, "%lld %.17g %.17g %d", (long long)p->id, p->lat, p->lon, p->kind);
    return 0;
}

static int on_count(void *ctx, const char *code, long n)
{
    add_line(ctx, "%s %ld", code, n);
    return 0;
}

static int on_located(void *ctx, const pl_geo_located *r)
{
    add_line(ctx, "%s %lld %s %s %.17g %.17g", r->kind, (long long)r->id, r->label, r->region,
             r->lat, r->lon);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Equal answers; sorted first when the order is the index's (not specified). */
static const char *where = "";

static void same_lines(lines *a, lines *b, bool sort)
{
    if (a->n != b->n)
        fail_msg("%s: %zu rows on SQLite, %zu on PostgreSQL", where, a->n, b->n);
    if (sort && a->n > 1 && b->n > 1) {
        qsort(a->v, a->n, sizeof *a->v, cmp_str);
        qsort(b->v, b->n, sizeof *b->v, cmp_str);
    }
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_string_equal(a->v[i], b->v[i]);
        free(a->v[i]);
        free(b->v[i]);
    }
    free(a->v);
    free(b->v);
    a->v = b->v = NULL;
    a->n = b->n = 0;
    a->cap = b->cap = 0;
}

#define OK(CALL)                                                                                   \
    do {                                                                                           \
        if ((CALL) != 0)                                                                           \
            fail_msg("%s: %s", #CALL, f->err.message);                                             \
    } while (0)

static void boxes_match(fx *f)
{
    static const pl_store_bbox boxes[] = {
        {117.1, -0.5, 117.2, -0.4}, {117.3, -0.5, 117.4, -0.4},
        {117.0, -0.6, 117.5, -0.3}, {117.1005, -0.499, 117.1005, -0.499},
        {-180, -90, 180, 90},       {80, -20, 100, 10}};
    static const char *const scopes[] = {"", "64", "64.72", "64.72.01", "64.72.02.1001", "65"};
    lines a = {0}, b = {0};
    for (size_t i = 0; i < sizeof boxes / sizeof *boxes; i++)
        for (size_t k = 0; k < sizeof scopes / sizeof *scopes; k++) {
            char w[128];
            snprintf(w, sizeof w, "box %zu scope '%s'", i, scopes[k]);
            where = w;
            OK(pl_store_geo_people_in_bbox(f->sq, &boxes[i], scopes[k], on_person, &a, &f->err));
            OK(pl_store_geo_people_in_bbox(f->pg, &boxes[i], scopes[k], on_person, &b, &f->err));
            same_lines(&a, &b, true);
            for (int cat = 0; cat <= 3; cat += 3) {
                OK(pl_store_geo_households_in_bbox(f->sq, &boxes[i], scopes[k], cat, on_pt, &a,
                                                   &f->err));
                OK(pl_store_geo_households_in_bbox(f->pg, &boxes[i], scopes[k], cat, on_pt, &b,
                                                   &f->err));
                same_lines(&a, &b, true);
            }
        }
    long x = 0, y = 0;
    OK(pl_store_geo_people_count(f->sq, &x, &f->err));
    OK(pl_store_geo_people_count(f->pg, &y, &f->err));
    assert_int_equal(x, y);
}

static void test_boxes_counts_lists_match(void **state)
{
    fx *f = *state;
    boxes_match(f);
    lines a = {0}, b = {0};
    for (int level = 1; level <= 4; level++) {
        OK(pl_store_geo_region_counts(f->sq, level, 0, "", on_count, &a, &f->err));
        OK(pl_store_geo_region_counts(f->pg, level, 0, "", on_count, &b, &f->err));
        same_lines(&a, &b, false);
        OK(pl_store_geo_region_counts(f->sq, level, 0, "64", on_count, &a, &f->err));
        OK(pl_store_geo_region_counts(f->pg, level, 0, "64", on_count, &b, &f->err));
        same_lines(&a, &b, false);
    }
    static const char *const scopes[] = {"", "64.72.01", "65"};
    for (size_t k = 0; k < 3; k++) {
        OK(pl_store_geo_located_list(f->sq, scopes[k], on_located, &a, &f->err));
        OK(pl_store_geo_located_list(f->pg, scopes[k], on_located, &b, &f->err));
        assert_true(a.n > 0 || k == 2);
        same_lines(&a, &b, false);
    }
}

/* A marker with points missing from both indexes: the same answers, then the same reindex. */
static void test_deferred_index_matches(void **state)
{
    fx *f = *state;
    both_sql(f, "INSERT INTO geo_pending(name, after_id) VALUES('person', 2000), "
                "('household', 1000)");
    both_sql(f, "DELETE FROM person_geo WHERE id > 2000");
    both_sql(f, "DELETE FROM household_geo WHERE id > 1000");
    bool pa = false, pb = false;
    OK(pl_store_geo_pending(f->sq, &pa, &f->err));
    OK(pl_store_geo_pending(f->pg, &pb, &f->err));
    assert_true(pa && pb);
    boxes_match(f);
    pl_area_query q = {.scope = "", .today = {2025, 6, 1}};
    pl_geo_shape *s = shape_of(triangle);
    q.shape = s;
    assert_true(same_area(f, &q) > 20);
    pl_geo_reindex_stats x, y;
    OK(pl_store_geo_reindex(f->sq, PL_GEO_REINDEX_PENDING, &x, &f->err));
    OK(pl_store_geo_reindex(f->pg, PL_GEO_REINDEX_PENDING, &y, &f->err));
    assert_true(x.was_pending && y.was_pending);
    assert_int_equal(x.people_packed, y.people_packed);
    assert_int_equal(x.households_packed, y.households_packed);
    assert_int_equal(x.people, y.people);
    assert_int_equal(x.households, y.households);
    assert_int_equal(x.caught_up, y.caught_up);
    OK(pl_store_geo_pending(f->pg, &pb, &f->err));
    assert_false(pb);
    same_area(f, &q);
    boxes_match(f);
    /* A full rebuild inside a caller's transaction, then the same answers again. */
    assert_int_equal(pl_store_begin(f->pg, &f->err), 0);
    OK(pl_store_geo_rebuild(f->pg, &f->err));
    assert_int_equal(pl_store_commit(f->pg, &f->err), 0);
    same_area(f, &q);
    pl_geo_shape_free(s);
}

int main(void)
{
    pg_dir = getenv("PILAR_PG_DIR");
    pg_port = getenv("PILAR_PG_PORT");
    if (!pg_dir || !pg_port) {
        fprintf(stderr, "SKIP: no PostgreSQL cluster (run me through scripts/pg-cluster run)\n");
        return 77;
    }
    snprintf(admin_url, sizeof admin_url, "postgresql://postgres@/pilar?host=%s&port=%s", pg_dir,
             pg_port);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_polygons_and_radii_match, setup, teardown),
        cmocka_unit_test_setup_teardown(test_boxes_counts_lists_match, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deferred_index_matches, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
