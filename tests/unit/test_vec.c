/* test_vec.c - growable arrays: typed vectors, reserve on struct fields, the
 * limit, and the overflow paths that must fail with PL_ENOMEM before any
 * allocation and leave the array untouched. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "util/error.h"
#include "util/vec.h"

#include <stdlib.h>
#include <string.h>

typedef struct point {
    double lat, lon;
    int64_t id;
} point;

PL_VEC_DEFINE(id_vec, int64_t)
PL_VEC_DEFINE(point_vec, point)
PL_VEC_DEFINE(str_vec, const char *)

static void test_push_keeps_order(void **state)
{
    (void)state;
    id_vec ids = {0};
    for (int64_t i = 0; i < 100000; i++)
        assert_int_equal(id_vec_push(&ids, i * 3), 0);
    assert_int_equal(ids.n, 100000);
    assert_true(ids.cap >= ids.n);
    for (size_t i = 0; i < ids.n; i++)
        assert_int_equal(ids.v[i], (int64_t)i * 3);
    id_vec_clear(&ids);
    assert_int_equal(ids.n, 0);
    assert_non_null(ids.v); /* memory kept */
    assert_int_equal(id_vec_push(&ids, 7), 0);
    assert_int_equal(ids.v[0], 7);
    id_vec_free(&ids);
    assert_null(ids.v);
    assert_int_equal(ids.n, 0);
    assert_int_equal(ids.cap, 0);
    id_vec_free(&ids); /* twice is fine */
}

static void test_add_zeroes(void **state)
{
    (void)state;
    point_vec pts = {0};
    for (int i = 0; i < 50; i++) {
        point *p = NULL;
        assert_int_equal(point_vec_add(&pts, &p), 0);
        assert_non_null(p);
        assert_true(p->lat == 0 && p->lon == 0 && p->id == 0);
        p->id = i;
        p->lat = -0.5 * i;
    }
    assert_int_equal(pts.n, 50);
    assert_int_equal(pts.v[49].id, 49);
    assert_true(pts.v[10].lat == -5.0);
    point_vec_free(&pts);

    str_vec names = {0};
    assert_int_equal(str_vec_push(&names, "Siti"), 0);
    assert_int_equal(str_vec_push(&names, "Budi"), 0);
    assert_string_equal(names.v[1], "Budi");
    str_vec_free(&names);
}

static void test_reserve(void **state)
{
    (void)state;
    id_vec ids = {0};
    assert_int_equal(id_vec_reserve(&ids, 0), 0);
    assert_null(ids.v); /* nothing needed, nothing allocated */
    assert_int_equal(id_vec_reserve(&ids, 1000), 0);
    assert_true(ids.cap >= 1000);
    int64_t *before = ids.v;
    size_t cap = ids.cap;
    for (int64_t i = 0; i < 1000; i++)
        assert_int_equal(id_vec_push(&ids, i), 0);
    assert_ptr_equal(ids.v, before); /* no growth after a reserve */
    assert_int_equal(ids.cap, cap);
    id_vec_free(&ids);

    /* The first allocation: at least 16 elements, or 256 bytes of small ones. */
    char *bytes = NULL;
    size_t bcap = 0;
    assert_int_equal(pl_vec_reserve(&bytes, &bcap, 0, 1), 0);
    assert_int_equal(bcap, 256);
    point *pts = NULL;
    size_t pcap = 0;
    assert_int_equal(pl_vec_reserve(&pts, &pcap, 0, 1), 0);
    assert_int_equal(pcap, 16);
    free(bytes);
    free(pts);
}

/* Fields of an existing struct, under their own names. */
struct shape {
    int *rings;
    size_t n_rings;
    size_t cap_rings;
};

static void test_struct_fields(void **state)
{
    (void)state;
    struct shape s = {0};
    for (int i = 0; i < 33; i++) {
        assert_int_equal(pl_vec_reserve(&s.rings, &s.cap_rings, s.n_rings, 1), 0);
        s.rings[s.n_rings++] = i;
    }
    assert_int_equal(s.n_rings, 33);
    assert_int_equal(s.rings[32], 32);
    /* 256 bytes of int first, then no growth needed */
    assert_int_equal(s.cap_rings, 64);
    free(s.rings);
}

static void test_overflow_fails_cleanly(void **state)
{
    (void)state;
    id_vec ids = {0};
    assert_int_equal(id_vec_push(&ids, 1), 0);
    int64_t *before = ids.v;
    size_t cap = ids.cap;

    /* len + extra overflows size_t */
    assert_int_equal(id_vec_reserve(&ids, SIZE_MAX), PL_ENOMEM);
    /* count * sizeof(int64_t) overflows size_t */
    assert_int_equal(id_vec_reserve(&ids, SIZE_MAX / 4), PL_ENOMEM);
    /* byte size over PTRDIFF_MAX */
    assert_int_equal(id_vec_reserve(&ids, (size_t)PTRDIFF_MAX / 8 + 1), PL_ENOMEM);
    assert_ptr_equal(ids.v, before);
    assert_int_equal(ids.cap, cap);
    assert_int_equal(ids.n, 1);
    assert_int_equal(ids.v[0], 1);

    /* A push into a vector whose count sits at the edge fails, never wraps. */
    id_vec edge = {.v = ids.v, .n = SIZE_MAX, .cap = SIZE_MAX};
    /* n == cap, so a push must grow: SIZE_MAX + 1 does not fit */
    assert_int_equal(id_vec_push(&edge, 5), PL_ENOMEM);
    assert_int_equal(edge.n, SIZE_MAX);

    /* The doubling itself never overflows: from a capacity past half the
     * maximum, growth goes to the maximum, which is over PTRDIFF_MAX here. */
    size_t big = (size_t)PTRDIFF_MAX / 8 / 2 + 1;
    int64_t *p = ids.v;
    size_t pcap = big;
    assert_int_equal(pl_vec_grow(&p, &pcap, (size_t)PTRDIFF_MAX / 8 + 1, 8, 0), PL_ENOMEM);
    assert_int_equal(pcap, big);
    assert_ptr_equal(p, ids.v);

    /* A zero element size is a bug, not a size. */
    assert_int_equal(pl_vec_grow(&p, &pcap, 1, 0, 0), PL_EINVAL);
    id_vec_free(&ids);
}

static void test_limit(void **state)
{
    (void)state;
    char *b = NULL;
    size_t cap = 0;
    /* capacity is clamped to the limit */
    assert_int_equal(pl_vec_grow(&b, &cap, 300, 1, 1000), 0);
    assert_int_equal(cap, 512);
    assert_int_equal(pl_vec_grow(&b, &cap, 600, 1, 1000), 0);
    assert_int_equal(cap, 1000);
    memset(b, 'x', cap);
    /* one more than the limit fails and changes nothing */
    char *before = b;
    assert_int_equal(pl_vec_grow(&b, &cap, 1001, 1, 1000), PL_ENOMEM);
    assert_ptr_equal(b, before);
    assert_int_equal(cap, 1000);
    assert_int_equal(b[999], 'x');
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_keeps_order),
        cmocka_unit_test(test_add_zeroes),
        cmocka_unit_test(test_reserve),
        cmocka_unit_test(test_struct_fields),
        cmocka_unit_test(test_overflow_fails_cleanly),
        cmocka_unit_test(test_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
