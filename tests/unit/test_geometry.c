#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/geometry.h"
#include "util/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define P(x, y) ((pl_geo_point){(x), (y)})

/* A shape of one polygon from rings given as flat lon,lat arrays. */
static pl_geo_shape *shape_of(const double *const *rings, const size_t *counts, size_t n_rings,
                              bool prepare)
{
    pl_geo_shape *s = pl_geo_shape_new();
    assert_non_null(s);
    assert_int_equal(pl_geo_shape_begin_polygon(s), 0);
    for (size_t r = 0; r < n_rings; r++) {
        pl_geo_point pts[64];
        for (size_t i = 0; i < counts[r]; i++)
            pts[i] = P(rings[r][2 * i], rings[r][2 * i + 1]);
        assert_int_equal(pl_geo_shape_add_ring(s, pts, counts[r]), 0);
    }
    if (prepare)
        assert_int_equal(pl_geo_shape_prepare(s), 0);
    return s;
}

static const double square[] = {0, 0, 10, 0, 10, 10, 0, 10, 0, 0};
static const double hole[] = {3, 3, 3, 7, 7, 7, 7, 3, 3, 3}; /* clockwise */

static void check_square(bool prepared)
{
    const double *rings[] = {square};
    size_t counts[] = {5};
    pl_geo_shape *s = shape_of(rings, counts, 1, prepared);
    char why[256];
    assert_int_equal(pl_geo_shape_validate(s, why, sizeof why), 0);
    assert_int_equal(pl_geo_shape_locate(s, P(5, 5)), PL_GEO_INSIDE);
    /* On an edge: each of the four sides, including the horizontal ones. */
    assert_int_equal(pl_geo_shape_locate(s, P(10, 5)), PL_GEO_ON_EDGE);
    assert_int_equal(pl_geo_shape_locate(s, P(0, 5)), PL_GEO_ON_EDGE);
    assert_int_equal(pl_geo_shape_locate(s, P(5, 0)), PL_GEO_ON_EDGE);
    assert_int_equal(pl_geo_shape_locate(s, P(5, 10)), PL_GEO_ON_EDGE);
    /* On a vertex. */
    assert_int_equal(pl_geo_shape_locate(s, P(0, 0)), PL_GEO_ON_EDGE);
    assert_int_equal(pl_geo_shape_locate(s, P(10, 10)), PL_GEO_ON_EDGE);
    assert_true(pl_geo_shape_contains(s, P(10, 10)));
    /* Just outside, and on the line of an edge beyond its end. */
    assert_int_equal(pl_geo_shape_locate(s, P(10.000001, 5)), PL_GEO_OUTSIDE);
    assert_int_equal(pl_geo_shape_locate(s, P(-1, 10)), PL_GEO_OUTSIDE);
    assert_int_equal(pl_geo_shape_locate(s, P(11, 0)), PL_GEO_OUTSIDE);
    assert_int_equal(pl_geo_shape_locate(s, P(5, -0.000001)), PL_GEO_OUTSIDE);
    assert_false(pl_geo_shape_contains(s, P(20, 20)));
    assert_false(pl_geo_shape_contains(s, P(NAN, 5)));
    assert_false(pl_geo_shape_contains(s, P(5, NAN)));
    pl_geo_shape_free(s);
}

static void test_square_edges_vertices(void **state)
{
    (void)state;
    check_square(true);
    check_square(false);
}

static void test_ray_through_vertex(void **state)
{
    (void)state;
    /* A diamond: a ray from (2,5) towards +lon passes exactly through vertex (10,5). */
    static const double diamond[] = {5, 0, 10, 5, 5, 10, 0, 5, 5, 0};
    const double *rings[] = {diamond};
    size_t counts[] = {5};
    for (int prep = 0; prep < 2; prep++) {
        pl_geo_shape *s = shape_of(rings, counts, 1, prep);
        assert_int_equal(pl_geo_shape_locate(s, P(2, 5)), PL_GEO_INSIDE);
        assert_int_equal(pl_geo_shape_locate(s, P(-1, 5)), PL_GEO_OUTSIDE);
        assert_int_equal(pl_geo_shape_locate(s, P(11, 5)), PL_GEO_OUTSIDE);
        assert_int_equal(pl_geo_shape_locate(s, P(5, 0)), PL_GEO_ON_EDGE);
        assert_int_equal(pl_geo_shape_locate(s, P(2.5, 2.5)), PL_GEO_ON_EDGE); /* diagonal edge */
        assert_int_equal(pl_geo_shape_locate(s, P(2.5, 2.6)), PL_GEO_INSIDE);
        assert_int_equal(pl_geo_shape_locate(s, P(2.5, 2.4)), PL_GEO_OUTSIDE);
        pl_geo_shape_free(s);
    }
}

static void test_holes(void **state)
{
    (void)state;
    const double *rings[] = {square, hole};
    size_t counts[] = {5, 5};
    for (int prep = 0; prep < 2; prep++) {
        pl_geo_shape *s = shape_of(rings, counts, 2, prep);
        char why[256];
        assert_int_equal(pl_geo_shape_validate(s, why, sizeof why), 0);
        assert_int_equal(pl_geo_shape_locate(s, P(5, 5)), PL_GEO_OUTSIDE); /* in the hole */
        assert_int_equal(pl_geo_shape_locate(s, P(2, 5)), PL_GEO_INSIDE);
        assert_int_equal(pl_geo_shape_locate(s, P(8, 8)), PL_GEO_INSIDE);
        /* The hole's boundary belongs to the polygon (closed set). */
        assert_int_equal(pl_geo_shape_locate(s, P(3, 5)), PL_GEO_ON_EDGE);
        assert_int_equal(pl_geo_shape_locate(s, P(7, 7)), PL_GEO_ON_EDGE);
        pl_geo_shape_free(s);
    }
}

static void test_multipolygon(void **state)
{
    (void)state;
    pl_geo_shape *s = pl_geo_shape_new();
    pl_geo_point a[] = {P(0, 0), P(1, 0), P(1, 1), P(0, 1), P(0, 0)};
    pl_geo_point b[] = {P(5, 5), P(6, 5), P(6, 6), P(5, 6), P(5, 5)};
    /* A third part overlapping the first: overlap must still count as inside. */
    pl_geo_point c[] = {P(0.5, 0.5), P(2, 0.5), P(2, 2), P(0.5, 2), P(0.5, 0.5)};
    assert_int_equal(pl_geo_shape_begin_polygon(s), 0);
    assert_int_equal(pl_geo_shape_add_ring(s, a, 5), 0);
    assert_int_equal(pl_geo_shape_begin_polygon(s), 0);
    assert_int_equal(pl_geo_shape_add_ring(s, b, 5), 0);
    assert_int_equal(pl_geo_shape_begin_polygon(s), 0);
    assert_int_equal(pl_geo_shape_add_ring(s, c, 5), 0);
    assert_int_equal(pl_geo_shape_count(s), 3);
    for (int prep = 0; prep < 2; prep++) {
        if (prep)
            assert_int_equal(pl_geo_shape_prepare(s), 0);
        assert_true(pl_geo_shape_contains(s, P(0.25, 0.25)));
        assert_true(pl_geo_shape_contains(s, P(5.5, 5.5)));
        assert_true(pl_geo_shape_contains(s, P(0.75, 0.75))); /* in two parts */
        assert_true(pl_geo_shape_contains(s, P(1.5, 1.5)));
        assert_false(pl_geo_shape_contains(s, P(3, 3)));
        assert_false(pl_geo_shape_contains(s, P(5.5, 7)));
    }
    pl_geo_bbox bb = pl_geo_shape_bbox(s);
    assert_true(bb.min_lon == 0 && bb.min_lat == 0 && bb.max_lon == 6 && bb.max_lat == 6);
    pl_geo_shape_free(s);
}

static void test_equator(void **state)
{
    (void)state;
    /* A quadrilateral across the equator, like East Kalimantan. */
    static const double q[] = {116, -1.5, 118, -1, 118.2, 1.2, 116.1, 0.8, 116, -1.5};
    const double *rings[] = {q};
    size_t counts[] = {5};
    pl_geo_shape *s = shape_of(rings, counts, 1, true);
    char why[256];
    assert_int_equal(pl_geo_shape_validate(s, why, sizeof why), 0);
    assert_true(pl_geo_shape_contains(s, P(117, 0)));
    assert_true(pl_geo_shape_contains(s, P(117, -0.0001)));
    assert_true(pl_geo_shape_contains(s, P(117, 0.0001)));
    assert_true(pl_geo_shape_contains(s, P(117.5, -1.0)));
    assert_false(pl_geo_shape_contains(s, P(117, 1.5)));
    assert_false(pl_geo_shape_contains(s, P(117, -1.6)));
    pl_geo_shape_free(s);
}

/* The banded index must agree with the plain test on an irregular ring. */
static void test_prepared_matches_plain(void **state)
{
    (void)state;
    pl_geo_point star[41];
    for (int i = 0; i < 40; i++) {
        double a = i * 2 * 3.14159265358979 / 40, r = (i % 2) ? 1.0 : 0.45 + 0.02 * (i % 7);
        star[i] = P(117 + r * cos(a), 0.2 + r * sin(a));
    }
    star[40] = star[0];
    pl_geo_shape *plain = pl_geo_shape_new(), *prep = pl_geo_shape_new();
    pl_geo_shape_begin_polygon(plain);
    pl_geo_shape_add_ring(plain, star, 41);
    pl_geo_shape_begin_polygon(prep);
    pl_geo_shape_add_ring(prep, star, 41);
    assert_int_equal(pl_geo_shape_prepare(prep), 0);
    char why[256];
    assert_int_equal(pl_geo_shape_validate(prep, why, sizeof why), 0);
    unsigned seed = 7;
    int inside = 0;
    for (int i = 0; i < 20000; i++) {
        seed = seed * 1103515245u + 12345u;
        double x = 115.8 + 2.4 * ((seed >> 8) & 0xffff) / 65535.0;
        seed = seed * 1103515245u + 12345u;
        double y = -1.0 + 2.4 * ((seed >> 8) & 0xffff) / 65535.0;
        pl_geo_where a = pl_geo_shape_locate(plain, P(x, y)),
                     b = pl_geo_shape_locate(prep, P(x, y));
        assert_int_equal(a, b);
        inside += a != PL_GEO_OUTSIDE;
    }
    assert_true(inside > 1000 && inside < 19000);
    /* Every vertex is on the boundary in both. */
    for (int i = 0; i < 40; i++) {
        assert_int_equal(pl_geo_shape_locate(plain, star[i]), PL_GEO_ON_EDGE);
        assert_int_equal(pl_geo_shape_locate(prep, star[i]), PL_GEO_ON_EDGE);
    }
    pl_geo_shape_free(plain);
    pl_geo_shape_free(prep);
}

/* A comb of tall teeth: every edge spans most bands; the index must stay small and right. */
static void test_comb(void **state)
{
    (void)state;
    enum { N = 2000 };
    static pl_geo_point pts[2 * N + 4];
    size_t n = 0;
    pts[n++] = P(0, -1);
    pts[n++] = P(N * 0.05, -1);
    pts[n++] = P(N * 0.05, 10);
    for (int i = N - 1; i >= 0; i--) {
        pts[n++] = P((i + 0.5) * 0.05, 0.5);
        pts[n++] = P(i * 0.05, 10);
    }
    pts[n - 1] = P(0, -1); /* the last tooth ends where the ring began */
    pl_geo_shape *plain = pl_geo_shape_new(), *prep = pl_geo_shape_new();
    pl_geo_shape_begin_polygon(plain);
    pl_geo_shape_add_ring(plain, pts, n);
    pl_geo_shape_begin_polygon(prep);
    pl_geo_shape_add_ring(prep, pts, n);
    char why[256];
    if (pl_geo_shape_validate(prep, why, sizeof why) != 0)
        fail_msg("%s", why);
    assert_int_equal(pl_geo_shape_prepare(prep), 0);
    for (int i = 0; i < 4000; i++) {
        pl_geo_point q = P((i * 7919 % 200000) / 2000.0, -1.5 + (i * 104729 % 1200) / 100.0);
        assert_int_equal(pl_geo_shape_locate(plain, q), pl_geo_shape_locate(prep, q));
    }
    assert_true(pl_geo_shape_contains(prep, P(0.5125, 5))); /* inside a tooth */
    assert_false(pl_geo_shape_contains(prep, P(0.525, 5))); /* above a valley */
    pl_geo_shape_free(plain);
    pl_geo_shape_free(prep);
}

#define BOX(a, b, c, d) ((pl_geo_bbox){(a), (b), (c), (d)})

/* Every point of a grid over box b (corners and edges included) agrees with w. */
static void check_box_agrees(const pl_geo_shape *s, pl_geo_bbox b, pl_geo_box_where w)
{
    if (w == PL_GEO_BOX_MIXED)
        return;
    for (int i = 0; i <= 8; i++)
        for (int j = 0; j <= 8; j++) {
            pl_geo_point q = P(b.min_lon + (b.max_lon - b.min_lon) * i / 8,
                               b.min_lat + (b.max_lat - b.min_lat) * j / 8);
            if (pl_geo_shape_contains(s, q) != (w == PL_GEO_BOX_INSIDE))
                fail_msg("box %g,%g..%g,%g said %s but %g,%g disagrees", b.min_lon, b.min_lat,
                         b.max_lon, b.max_lat, w == PL_GEO_BOX_INSIDE ? "inside" : "outside", q.lon,
                         q.lat);
        }
}

static void test_box_where(void **state)
{
    (void)state;
    const double *rings[] = {square, hole};
    size_t counts[] = {5, 5};
    pl_geo_shape *s = shape_of(rings, counts, 2, true);
    struct {
        pl_geo_bbox b;
        pl_geo_box_where w;
    } cases[] = {
        {BOX(1, 1, 2, 2), PL_GEO_BOX_INSIDE},          /* in the ring, away from the hole */
        {BOX(8, 0.5, 9.5, 9.5), PL_GEO_BOX_INSIDE},    /* tall, spanning many bands */
        {BOX(5, 5, 5, 5), PL_GEO_BOX_OUTSIDE},         /* a point inside the hole */
        {BOX(4, 4, 6, 6), PL_GEO_BOX_OUTSIDE},         /* wholly in the hole */
        {BOX(20, 20, 30, 30), PL_GEO_BOX_OUTSIDE},     /* far away */
        {BOX(10.5, 1, 11, 2), PL_GEO_BOX_OUTSIDE},     /* beside, within the shape's latitudes */
        {BOX(9, 1, 11, 2), PL_GEO_BOX_MIXED},          /* across the outer edge */
        {BOX(2, 2, 4, 4), PL_GEO_BOX_MIXED},           /* across the hole's edge */
        {BOX(-1, -1, 11, 11), PL_GEO_BOX_MIXED},       /* around everything */
        {BOX(10, 1, 11, 2), PL_GEO_BOX_MIXED},         /* touching the edge from outside */
        {BOX(10 + 1e-10, 1, 11, 2), PL_GEO_BOX_MIXED}, /* within the edge tolerance */
        {BOX(9, 1, 10, 2), PL_GEO_BOX_MIXED},          /* touching the edge from inside */
        {BOX(3, 5, 5, 6), PL_GEO_BOX_MIXED},           /* touching the hole's edge */
        {BOX(10, 10, 10, 10), PL_GEO_BOX_MIXED},       /* a vertex */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pl_geo_box_where w = pl_geo_shape_box_where(s, &cases[i].b);
        if (w != cases[i].w)
            fail_msg("case %zu: got %d, want %d", i, (int)w, (int)cases[i].w);
        check_box_agrees(s, cases[i].b, w);
    }
    /* Unprepared shapes and broken boxes are never decided. */
    pl_geo_shape *u = shape_of(rings, counts, 2, false);
    pl_geo_bbox in = BOX(1, 1, 2, 2), inverted = BOX(2, 2, 1, 1), nan_box = BOX(NAN, 1, 2, 2);
    assert_int_equal(pl_geo_shape_box_where(u, &in), PL_GEO_BOX_MIXED);
    assert_int_equal(pl_geo_shape_box_where(s, &inverted), PL_GEO_BOX_MIXED);
    assert_int_equal(pl_geo_shape_box_where(s, &nan_box), PL_GEO_BOX_MIXED);
    pl_geo_shape_free(u);
    pl_geo_shape_free(s);
}

/* Random boxes over a multipolygon crossing the equator: decided boxes agree with every point. */
static void test_box_where_random(void **state)
{
    (void)state;
    pl_geo_shape *s = pl_geo_shape_new();
    /* A star (concave) around the equator, and a small square with a hole. */
    pl_geo_point star[21];
    for (int i = 0; i < 20; i++) {
        double r = i % 2 ? 1.0 : 3.0, a = i * 3.14159265358979 / 10;
        star[i] = P(117 + r * cos(a), r * sin(a));
    }
    star[20] = star[0];
    pl_geo_point sq[] = {P(122, -2), P(124, -2), P(124, 0), P(122, 0), P(122, -2)};
    pl_geo_point hl[] = {P(122.5, -1.5), P(122.5, -0.5), P(123.5, -0.5), P(123.5, -1.5),
                         P(122.5, -1.5)};
    assert_int_equal(pl_geo_shape_begin_polygon(s), 0);
    assert_int_equal(pl_geo_shape_add_ring(s, star, 21), 0);
    assert_int_equal(pl_geo_shape_begin_polygon(s), 0);
    assert_int_equal(pl_geo_shape_add_ring(s, sq, 5), 0);
    assert_int_equal(pl_geo_shape_add_ring(s, hl, 5), 0);
    char why[256];
    if (pl_geo_shape_validate(s, why, sizeof why) != 0)
        fail_msg("%s", why);
    assert_int_equal(pl_geo_shape_prepare(s), 0);
    uint32_t x = 12345;
    int decided[3] = {0, 0, 0};
    for (int i = 0; i < 3000; i++) {
        double v[4];
        for (int k = 0; k < 4; k++) {
            x = x * 1664525u + 1013904223u;
            v[k] = (x >> 8) / (double)(1u << 24);
        }
        double w = 0.02 + v[2] * (i % 3 == 0 ? 2.0 : 0.3);
        pl_geo_bbox b = BOX(113.5 + v[0] * 11, -3.5 + v[1] * 7, 0, 0);
        b.max_lon = b.min_lon + w;
        b.max_lat = b.min_lat + w * (0.5 + v[3]);
        pl_geo_box_where r = pl_geo_shape_box_where(s, &b);
        decided[r]++;
        check_box_agrees(s, b, r);
    }
    /* The test means something only if all three answers occur often. */
    assert_true(decided[PL_GEO_BOX_INSIDE] > 100);
    assert_true(decided[PL_GEO_BOX_OUTSIDE] > 100);
    assert_true(decided[PL_GEO_BOX_MIXED] > 100);
    pl_geo_shape_free(s);
}

static void test_haversine_known(void **state)
{
    (void)state;
    /* One degree along a meridian or the equator on the mean-radius sphere: 111195.08 m. */
    assert_true(fabs(pl_geo_haversine_m(P(0, 0), P(0, 1)) - 111195.08) < 0.5);
    assert_true(fabs(pl_geo_haversine_m(P(0, 0), P(1, 0)) - 111195.08) < 0.5);
    assert_true(pl_geo_haversine_m(P(117, -0.5), P(117, -0.5)) == 0);
    /* Jakarta - Surabaya about 662.6 km; Samarinda - Balikpapan about 88.4 km. */
    assert_true(fabs(pl_geo_haversine_m(P(106.8456, -6.2088), P(112.7521, -7.2575)) - 662572.7) <
                5);
    assert_true(fabs(pl_geo_haversine_m(P(117.1536, -0.5022), P(116.8529, -1.2379)) - 88374.1) < 5);
    /* A degree of longitude shrinks with latitude: at 60 degrees it is half. */
    double d60 = pl_geo_haversine_m(P(0, 60), P(1, 60));
    assert_true(fabs(d60 - 55597.5) < 30);
    /* The box around a radius holds the circle. */
    pl_geo_bbox b = pl_geo_bbox_around(P(117, 0), 1000);
    assert_true(fabs(b.max_lat - 0.0089932) < 1e-6);
    assert_true(pl_geo_bbox_contains(&b, P(117 + 0.00899, 0)));
    assert_false(pl_geo_bbox_contains(&b, P(117 + 0.0091, 0)));
}

static void test_edge_distance(void **state)
{
    (void)state;
    const double *rings[] = {square};
    size_t counts[] = {5};
    pl_geo_shape *s = shape_of(rings, counts, 1, true);
    /* 0.01 degree east of the edge lon = 10 on the equator: about 1112 m. */
    double d = pl_geo_shape_edge_distance_m(s, P(10.01, 0.0));
    assert_true(fabs(d - 1111.95) < 1);
    assert_true(pl_geo_shape_edge_distance_m(s, P(10, 5)) < 1e-6);
    pl_geo_shape_free(s);
}

static void expect_invalid(const double *ring, size_t n, const char *needle)
{
    const double *rings[] = {ring};
    size_t counts[] = {n};
    pl_geo_shape *s = shape_of(rings, counts, 1, false);
    char why[256] = "";
    assert_int_equal(pl_geo_shape_validate(s, why, sizeof why), PL_EINVAL);
    if (strstr(why, needle) == NULL)
        fail_msg("reason '%s' lacks '%s'", why, needle);
    pl_geo_shape_free(s);
}

static void test_invalid_polygons(void **state)
{
    (void)state;
    static const double open[] = {0, 0, 1, 0, 1, 1, 0, 1};
    expect_invalid(open, 4, "tidak tertutup");
    static const double line[] = {0, 0, 1, 0, 0, 0};
    expect_invalid(line, 3, "minimal 4");
    static const double bowtie[] = {0, 0, 2, 2, 2, 0, 0, 2, 0, 0};
    expect_invalid(bowtie, 5, "memotong");
    /* A figure eight touching itself at one vertex (1,1). */
    static const double eight[] = {0, 0, 1, 1, 2, 0, 2, 2, 1, 1, 0, 2, 0, 0};
    expect_invalid(eight, 7, "memotong");
    /* A spike folding back on itself. */
    static const double spike[] = {0, 0, 2, 0, 1, 0, 1, 1, 0, 0};
    expect_invalid(spike, 5, "memotong");
    static const double range[] = {0, 0, 200, 0, 1, 1, 0, 0};
    expect_invalid(range, 4, "rentang");
    static const double dup[] = {0, 0, 1, 0, 1, 0, 0, 0};
    expect_invalid(dup, 4, "3 titik berbeda");
    /* A hole outside its exterior. */
    static const double far_hole[] = {20, 20, 20, 21, 21, 21, 21, 20, 20, 20};
    const double *rings[] = {square, far_hole};
    size_t counts[] = {5, 5};
    pl_geo_shape *s = shape_of(rings, counts, 2, false);
    char why[256];
    assert_int_equal(pl_geo_shape_validate(s, why, sizeof why), PL_EINVAL);
    assert_non_null(strstr(why, "lubang"));
    pl_geo_shape_free(s);
    /* A hole crossing its exterior. */
    static const double cross_hole[] = {8, 4, 8, 6, 12, 6, 12, 4, 8, 4};
    const double *rings2[] = {square, cross_hole};
    s = shape_of(rings2, counts, 2, false);
    assert_int_equal(pl_geo_shape_validate(s, why, sizeof why), PL_EINVAL);
    assert_non_null(strstr(why, "saling memotong"));
    pl_geo_shape_free(s);
    /* An empty shape. */
    s = pl_geo_shape_new();
    assert_int_equal(pl_geo_shape_validate(s, why, sizeof why), PL_EINVAL);
    pl_geo_shape_free(s);
    pl_geo_shape_free(NULL);
    /* A repeated point is tolerated (no zero-length edge is checked). */
    static const double rep[] = {0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0};
    const double *r3[] = {rep};
    size_t c3[] = {6};
    s = shape_of(r3, c3, 1, false);
    assert_int_equal(pl_geo_shape_validate(s, why, sizeof why), 0);
    pl_geo_shape_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_square_edges_vertices),
        cmocka_unit_test(test_ray_through_vertex),
        cmocka_unit_test(test_holes),
        cmocka_unit_test(test_multipolygon),
        cmocka_unit_test(test_equator),
        cmocka_unit_test(test_prepared_matches_plain),
        cmocka_unit_test(test_comb),
        cmocka_unit_test(test_box_where),
        cmocka_unit_test(test_box_where_random),
        cmocka_unit_test(test_haversine_known),
        cmocka_unit_test(test_edge_distance),
        cmocka_unit_test(test_invalid_polygons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
