/* test_suppress.c - primary and complementary small-cell suppression. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/suppress.h"
#include "util/error.h"

static void test_small(void **state)
{
    (void)state;
    assert_false(pl_suppress_is_small(0));
    assert_true(pl_suppress_is_small(1));
    assert_true(pl_suppress_is_small(4));
    assert_false(pl_suppress_is_small(5));
    assert_false(pl_suppress_is_small(-1));
    assert_true(pl_suppress_hidden(PL_SUPPRESSED));
    assert_false(pl_suppress_hidden(0));
}

/* Builds one group total = sum(v); returns the table (cells 0..n-1, total n). */
static pl_suppress *one_group(const long *v, size_t n)
{
    pl_suppress *t = pl_suppress_new();
    assert_non_null(t);
    long idx[16], sum = 0;
    for (size_t i = 0; i < n; i++) {
        idx[i] = pl_suppress_cell(t, v[i]);
        sum += v[i];
    }
    long tot = pl_suppress_cell(t, sum);
    assert_int_equal(pl_suppress_group(t, tot, idx, n), 0);
    pl_suppress_run(t);
    return t;
}

static void test_primary_only_when_no_small(void **state)
{
    (void)state;
    long v[] = {10, 0, 7, 20};
    pl_suppress *t = one_group(v, 4);
    for (long i = 0; i < 5; i++)
        assert_false(pl_suppress_is_hidden(t, i));
    pl_suppress_free(t);
}

/* 1/3/1 per district with a total of 5: all three small, hidden; total shown. */
static void test_all_small(void **state)
{
    (void)state;
    long v[] = {1, 3, 1};
    pl_suppress *t = one_group(v, 3);
    assert_true(pl_suppress_is_hidden(t, 0));
    assert_true(pl_suppress_is_hidden(t, 1));
    assert_true(pl_suppress_is_hidden(t, 2));
    assert_false(pl_suppress_is_hidden(t, 3)); /* 5: the three together are not exact */
    pl_suppress_free(t);
}

/* One hidden cell: the next smallest non-zero cell goes too (not the zero). */
static void test_complementary(void **state)
{
    (void)state;
    long v[] = {1, 0, 9, 6, 40};
    pl_suppress *t = one_group(v, 5);
    assert_true(pl_suppress_is_hidden(t, 0));
    assert_false(pl_suppress_is_hidden(t, 1));
    assert_true(pl_suppress_is_hidden(t, 3)); /* 6, the smallest shown non-zero */
    assert_false(pl_suppress_is_hidden(t, 2));
    assert_false(pl_suppress_is_hidden(t, 4));
    assert_false(pl_suppress_is_hidden(t, 5));
    pl_suppress_free(t);
}

/* Two hidden cells adding up to less than 5 (1 + 1 = 2 says both are 1): one more. */
static void test_hidden_sum_too_small(void **state)
{
    (void)state;
    long v[] = {1, 1, 8, 30};
    pl_suppress *t = one_group(v, 4);
    assert_true(pl_suppress_is_hidden(t, 0));
    assert_true(pl_suppress_is_hidden(t, 1));
    assert_true(pl_suppress_is_hidden(t, 2));
    assert_false(pl_suppress_is_hidden(t, 3));
    pl_suppress_free(t);
}

/* The only non-zero cell is small: its total is small too and hidden. */
static void test_total_hidden_when_no_partner(void **state)
{
    (void)state;
    long v[] = {2, 0, 0};
    pl_suppress *t = one_group(v, 3);
    assert_true(pl_suppress_is_hidden(t, 0));
    assert_true(pl_suppress_is_hidden(t, 3));
    pl_suppress_free(t);
}

/* A cell hidden as a complement elsewhere must not come back through another group. */
static void test_overlapping_groups(void **state)
{
    (void)state;
    /* 2x2 table plus margins:
     *        c1  c2 | row
     *   r1    2  10 | 12
     *   r2    8  20 | 28
     *   col  10  30 | 40
     */
    pl_suppress *t = pl_suppress_new();
    long a = pl_suppress_cell(t, 2), b = pl_suppress_cell(t, 10), c = pl_suppress_cell(t, 8),
         d = pl_suppress_cell(t, 20), r1 = pl_suppress_cell(t, 12), r2 = pl_suppress_cell(t, 28),
         c1 = pl_suppress_cell(t, 10), c2 = pl_suppress_cell(t, 30), all = pl_suppress_cell(t, 40);
    long g[][2] = {{a, b}, {c, d}, {a, c}, {b, d}, {r1, r2}, {c1, c2}};
    long tot[] = {r1, r2, c1, c2, all, all};
    for (int i = 0; i < 6; i++)
        assert_int_equal(pl_suppress_group(t, tot[i], g[i], 2), 0);
    pl_suppress_run(t);
    /* a is small; the row forces b, the column forces c, then d closes the rectangle. */
    assert_true(pl_suppress_is_hidden(t, a));
    assert_true(pl_suppress_is_hidden(t, b));
    assert_true(pl_suppress_is_hidden(t, c));
    assert_true(pl_suppress_is_hidden(t, d));
    /* Every group with a shown total has >= 2 hidden members. */
    pl_suppress_free(t);
}

static void test_bad_group(void **state)
{
    (void)state;
    pl_suppress *t = pl_suppress_new();
    long a = pl_suppress_cell(t, 3);
    long m[] = {a, 99};
    assert_int_equal(pl_suppress_group(t, a, m, 2), PL_EINVAL);
    pl_suppress_free(t);
    pl_suppress_free(NULL);
}

/*
 * Villages -> district -> regency: a district with one former prisoner
 * (category 15) beside districts with 6 and 20. The regency shows 27, so
 * hiding the 1 alone would give it back: the 6 goes too, in every view.
 */
static void test_tree_hierarchy(void **state)
{
    (void)state;
    pl_suppress_tree *t = pl_suppress_tree_new(2);
    assert_non_null(t);
    const char *village[] = {"64.74.01.2001", "64.74.02.2001", "64.74.02.2002", "64.74.03.2001"};
    long count[] = {1, 4, 2, 20};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pl_suppress_tree_add(t, village[i], 0, count[i]), 0);
        assert_int_equal(pl_suppress_tree_add(t, village[i], 1, count[i]), 0);
    }
    assert_int_equal(pl_suppress_tree_add(t, "bad", 1, 1), PL_EINVAL);
    assert_int_equal(pl_suppress_tree_add(t, "64.74.01.2001", 2, 1), PL_EINVAL);
    int members[] = {1};
    assert_int_equal(pl_suppress_tree_sum(t, 0, members, 1), 0);
    assert_int_equal(pl_suppress_tree_run(t), 0);
    assert_int_equal(pl_suppress_tree_shown(t, "64.74.01", 1), PL_SUPPRESSED);
    /* 64.74.02 holds 6 but two villages of 4 and 2 under it: both hidden, and it
       is the next smallest partner of 64.74.01 under the regency. */
    assert_int_equal(pl_suppress_tree_shown(t, "64.74.02.2001", 1), PL_SUPPRESSED);
    assert_int_equal(pl_suppress_tree_shown(t, "64.74.02.2002", 1), PL_SUPPRESSED);
    assert_int_equal(pl_suppress_tree_shown(t, "64.74.02", 1), PL_SUPPRESSED);
    assert_int_equal(pl_suppress_tree_shown(t, "64.74.03", 1), 20);
    assert_int_equal(pl_suppress_tree_shown(t, "64.74", 1), 27);
    assert_int_equal(pl_suppress_tree_shown(t, "", 1), 27);
    assert_int_equal(pl_suppress_tree_value(t, "64.74.02", 1), 6);
    /* Measure 0 = measure 1 in every region: the declared sum, hidden alike. */
    assert_int_equal(pl_suppress_tree_shown(t, "64.74.01", 0), PL_SUPPRESSED);
    assert_int_equal(pl_suppress_tree_shown(t, "64.99", 1), 0); /* unknown region */
    pl_suppress_tree_free(t);
}

/* The category sum within a region: one small category is not left alone. */
static void test_tree_category_sum(void **state)
{
    (void)state;
    pl_suppress_tree *t = pl_suppress_tree_new(4);
    assert_non_null(t);
    pl_suppress_tree_add(t, "64.74.01.2001", 1, 1);
    pl_suppress_tree_add(t, "64.74.01.2001", 2, 30);
    pl_suppress_tree_add(t, "64.74.01.2001", 3, 12);
    pl_suppress_tree_add(t, "64.74.01.2001", 0, 43);
    int members[] = {1, 2, 3};
    assert_int_equal(pl_suppress_tree_sum(t, 0, members, 3), 0);
    assert_int_equal(pl_suppress_tree_run(t), 0);
    assert_int_equal(pl_suppress_tree_shown(t, "64.74.01.2001", 1), PL_SUPPRESSED);
    assert_int_equal(pl_suppress_tree_shown(t, "64.74.01.2001", 3), PL_SUPPRESSED);
    assert_int_equal(pl_suppress_tree_shown(t, "64.74.01.2001", 2), 30);
    assert_int_equal(pl_suppress_tree_shown(t, "64.74.01.2001", 0), 43);
    /* The same pattern up the tree (one child each: the same values). */
    assert_int_equal(pl_suppress_tree_shown(t, "64", 1), PL_SUPPRESSED);
    assert_int_equal(pl_suppress_tree_shown(t, "64", 3), PL_SUPPRESSED);
    pl_suppress_tree_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_primary_only_when_no_small),
        cmocka_unit_test(test_all_small),
        cmocka_unit_test(test_complementary),
        cmocka_unit_test(test_hidden_sum_too_small),
        cmocka_unit_test(test_total_hidden_when_no_partner),
        cmocka_unit_test(test_overlapping_groups),
        cmocka_unit_test(test_bad_group),
        cmocka_unit_test(test_tree_hierarchy),
        cmocka_unit_test(test_tree_category_sum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
