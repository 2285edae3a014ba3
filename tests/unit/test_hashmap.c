/* test_hashmap.c - the string set and the 64-bit map, including growth. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "util/hashmap.h"

#include <stdio.h>
#include <string.h>

static void test_strset_basic(void **state)
{
    (void)state;
    pl_strset *s = pl_strset_new();
    assert_non_null(s);
    assert_int_equal(pl_strset_count(s), 0);
    assert_false(pl_strset_has(s, "64.74"));
    char key[16];
    snprintf(key, sizeof key, "64.74");
    assert_int_equal(pl_strset_add(s, key), 0);
    key[0] = 'X'; /* the set keeps its own copy */
    assert_true(pl_strset_has(s, "64.74"));
    assert_false(pl_strset_has(s, "X4.74"));
    assert_false(pl_strset_has(s, "64.7"));
    assert_false(pl_strset_has(s, "64.74.01"));
    assert_int_equal(pl_strset_add(s, "64.74"), 0); /* duplicate: no-op */
    assert_int_equal(pl_strset_count(s), 1);
    assert_int_equal(pl_strset_add(s, ""), 0);
    assert_true(pl_strset_has(s, ""));
    assert_int_equal(pl_strset_count(s), 2);
    pl_strset_free(s);
    pl_strset_free(NULL);
}

static void test_strset_grows(void **state)
{
    (void)state;
    pl_strset *s = pl_strset_new();
    char key[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "64.%02d.%02d.%04d", i % 100, i / 100 % 100, i);
        assert_int_equal(pl_strset_add(s, key), 0);
    }
    /* Re-adding every key leaves the count alone. */
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "64.%02d.%02d.%04d", i % 100, i / 100 % 100, i);
        assert_int_equal(pl_strset_add(s, key), 0);
    }
    assert_int_equal(pl_strset_count(s), 20000);
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "64.%02d.%02d.%04d", i % 100, i / 100 % 100, i);
        assert_true(pl_strset_has(s, key));
        snprintf(key, sizeof key, "65.%02d.%02d.%04d", i % 100, i / 100 % 100, i);
        assert_false(pl_strset_has(s, key));
    }
    pl_strset_free(s);
}

static void test_u64map_basic(void **state)
{
    (void)state;
    pl_u64map *m = pl_u64map_new(0);
    assert_non_null(m);
    assert_null(pl_u64map_get(m, 6474014506900001ULL, false));
    pl_u64map_entry *e = pl_u64map_get(m, 6474014506900001ULL, true);
    assert_non_null(e);
    assert_true(e->key == 6474014506900001ULL);
    assert_true(e->a == 0 && e->b == 0); /* zero payload on insert */
    e->a = 7;
    e->b = 99;
    e = pl_u64map_get(m, 6474014506900001ULL, false);
    assert_non_null(e);
    assert_true(e->a == 7 && e->b == 99);
    /* create on an existing key finds it, payload kept */
    e = pl_u64map_get(m, 6474014506900001ULL, true);
    assert_true(e->a == 7);
    /* key 0 is reserved */
    assert_null(pl_u64map_get(m, 0, true));
    assert_null(pl_u64map_get(m, 0, false));
    pl_u64map_free(m);
    pl_u64map_free(NULL);
}

static void test_u64map_grows(void **state)
{
    (void)state;
    pl_u64map *m = pl_u64map_new(10); /* far fewer than we insert */
    const uint64_t base = 6474010000000000ULL;
    for (uint64_t i = 1; i <= 50000; i++) {
        pl_u64map_entry *e = pl_u64map_get(m, base + i * 7, true);
        assert_non_null(e);
        e->a = i;
        e->b = i * 3;
    }
    for (uint64_t i = 1; i <= 50000; i++) {
        pl_u64map_entry *e = pl_u64map_get(m, base + i * 7, false);
        assert_non_null(e);
        assert_true(e->a == i && e->b == i * 3);
        assert_null(pl_u64map_get(m, base + i * 7 + 1, false));
    }
    /* Keys that differ only in high bits do not collide into one. */
    assert_non_null(pl_u64map_get(m, 1ULL << 63, true));
    assert_non_null(pl_u64map_get(m, (1ULL << 63) | 1, true));
    assert_true(pl_u64map_get(m, 1ULL << 63, false) != pl_u64map_get(m, (1ULL << 63) | 1, false));
    pl_u64map_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strset_basic),
        cmocka_unit_test(test_strset_grows),
        cmocka_unit_test(test_u64map_basic),
        cmocka_unit_test(test_u64map_grows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
