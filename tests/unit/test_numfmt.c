/* test_numfmt.c - Indonesian number formatting. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/numfmt.h"

#include <limits.h>
#include <string.h>

#define MINUS "\xe2\x88\x92"

static void test_int(void **state)
{
    (void)state;
    char b[PL_NUMFMT_MAX];
    assert_string_equal(pl_numfmt_int(b, sizeof b, 0), "0");
    assert_string_equal(pl_numfmt_int(b, sizeof b, 7), "7");
    assert_string_equal(pl_numfmt_int(b, sizeof b, 999), "999");
    assert_string_equal(pl_numfmt_int(b, sizeof b, 1000), "1.000");
    assert_string_equal(pl_numfmt_int(b, sizeof b, 1234567), "1.234.567");
    assert_string_equal(pl_numfmt_int(b, sizeof b, 285600000), "285.600.000");
    assert_string_equal(pl_numfmt_int(b, sizeof b, -56), MINUS "56");
    assert_string_equal(pl_numfmt_int(b, sizeof b, -1234), MINUS "1.234");
    assert_string_equal(pl_numfmt_int(b, sizeof b, LLONG_MIN), MINUS "9.223.372.036.854.775.808");
    char small[6];
    assert_string_equal(pl_numfmt_int(small, sizeof small, 1234567), "1.234"); /* truncated */
}

static void test_decimal_percent(void **state)
{
    (void)state;
    char b[PL_NUMFMT_MAX];
    assert_string_equal(pl_numfmt_decimal(b, sizeof b, 6.675, 2), "6,68");
    assert_string_equal(pl_numfmt_decimal(b, sizeof b, 1234.5, 2), "1.234,50");
    assert_string_equal(pl_numfmt_decimal(b, sizeof b, 0.3167, 3), "0,317");
    assert_string_equal(pl_numfmt_decimal(b, sizeof b, 1999.999, 2), "2.000,00");
    assert_string_equal(pl_numfmt_decimal(b, sizeof b, -3.25, 1), MINUS "3,3");
    assert_string_equal(pl_numfmt_decimal(b, sizeof b, -0.001, 2), "0,00");
    assert_string_equal(pl_numfmt_decimal(b, sizeof b, 72.5, 0), "73");
    assert_string_equal(pl_numfmt_percent(b, sizeof b, 6.68, 2), "6,68%");
    assert_string_equal(pl_numfmt_percent(b, sizeof b, 10, 1), "10,0%");
}

static void test_signed(void **state)
{
    (void)state;
    char b[PL_NUMFMT_MAX];
    assert_string_equal(pl_numfmt_signed(b, sizeof b, 1234), "+1.234");
    assert_string_equal(pl_numfmt_signed(b, sizeof b, -56), MINUS "56");
    assert_string_equal(pl_numfmt_signed(b, sizeof b, 0), "0");
    assert_string_equal(pl_numfmt_signed_percent(b, sizeof b, 12.5, 1), "+12,5%");
    assert_string_equal(pl_numfmt_signed_percent(b, sizeof b, -3.25, 1), MINUS "3,3%");
    assert_string_equal(pl_numfmt_signed_percent(b, sizeof b, 0.01, 1), "0,0%");
}

static void test_count_suppression(void **state)
{
    (void)state;
    char b[PL_NUMFMT_MAX];
    assert_string_equal(pl_numfmt_count(b, sizeof b, 0, true), "0");
    for (int v = 1; v <= 4; v++) {
        assert_string_equal(pl_numfmt_count(b, sizeof b, v, true), "<5");
        assert_true(pl_numfmt_is_small(v));
    }
    assert_string_equal(pl_numfmt_count(b, sizeof b, 5, true), "5");
    assert_string_equal(pl_numfmt_count(b, sizeof b, 3, false), "3");
    assert_string_equal(pl_numfmt_count(b, sizeof b, 12345, true), "12.345");
    assert_string_equal(pl_numfmt_count(b, sizeof b, -1, false), "<5"); /* hidden */
    assert_false(pl_numfmt_is_small(0));
    assert_false(pl_numfmt_is_small(5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int),
        cmocka_unit_test(test_decimal_percent),
        cmocka_unit_test(test_signed),
        cmocka_unit_test(test_count_suppression),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
