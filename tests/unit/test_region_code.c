#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/region_code.h"
#include "util/error.h"

#include <string.h>

static void expect_norm(const char *in, const char *want, int level)
{
    char out[PL_REGION_CODE_MAX];
    int got = pl_region_code_normalize(out, in);
    if (got != level)
        fail_msg("normalize(\"%s\") = %d, want %d", in ? in : "(null)", got, level);
    assert_string_equal(out, want);
}

static void expect_bad(const char *in)
{
    char out[PL_REGION_CODE_MAX];
    if (pl_region_code_normalize(out, in) != PL_EINVAL)
        fail_msg("normalize(\"%s\") accepted as %s", in ? in : "(null)", out);
}

static void test_normalize(void **state)
{
    (void)state;
    expect_norm("6474011001", "64.74.01.1001", PL_LEVEL_VILLAGE);
    expect_norm("64.74.01.1001", "64.74.01.1001", PL_LEVEL_VILLAGE);
    expect_norm("64", "64", PL_LEVEL_PROVINCE);
    expect_norm("6474", "64.74", PL_LEVEL_REGENCY);
    expect_norm("647401", "64.74.01", PL_LEVEL_DISTRICT);
    expect_norm("64.74", "64.74", PL_LEVEL_REGENCY);
    expect_norm("64.74.01", "64.74.01", PL_LEVEL_DISTRICT);
    expect_norm(" 64.74.01 ", "64.74.01", PL_LEVEL_DISTRICT);
}

static void test_normalize_rejects(void **state)
{
    (void)state;
    expect_bad("");
    expect_bad(NULL);
    expect_bad("6");
    expect_bad("647");
    expect_bad("64740");
    expect_bad("64740110");  /* 8 digits: village must be 4 */
    expect_bad("647401100"); /* 9 digits */
    expect_bad("64740110011");
    expect_bad("64.74.01.100");
    expect_bad("64.74.01.10011");
    expect_bad("64.7");
    expect_bad("64.74.1");
    expect_bad("64.74.");
    expect_bad(".64");
    expect_bad("64..74");
    expect_bad("64.74.01.1001.01");
    expect_bad("6a.74");
    expect_bad("64-74");
    expect_bad("00");
    expect_bad("64.00");
}

static void test_level_and_parent(void **state)
{
    (void)state;
    char out[PL_REGION_CODE_MAX];
    assert_int_equal(pl_region_code_level("64"), 1);
    assert_int_equal(pl_region_code_level("64.74"), 2);
    assert_int_equal(pl_region_code_level("64.74.01"), 3);
    assert_int_equal(pl_region_code_level("64.74.01.1001"), 4);
    assert_int_equal(pl_region_code_level("6474"), PL_EINVAL);
    assert_int_equal(pl_region_code_level("64.74.01.1001x"), PL_EINVAL);

    assert_int_equal(pl_region_code_parent(out, "64.74.01.1001"), 0);
    assert_string_equal(out, "64.74.01");
    assert_int_equal(pl_region_code_parent(out, "64.74.01"), 0);
    assert_string_equal(out, "64.74");
    assert_int_equal(pl_region_code_parent(out, "64.74"), 0);
    assert_string_equal(out, "64");
    assert_int_equal(pl_region_code_parent(out, "64"), PL_EINVAL);
    assert_int_equal(pl_region_code_parent(out, "junk"), PL_EINVAL);
}

static void test_in_scope(void **state)
{
    (void)state;
    assert_true(pl_region_code_in_scope("64.74.01.1001", ""));
    assert_true(pl_region_code_in_scope("64", ""));
    assert_true(pl_region_code_in_scope("64.74", "64.74"));
    assert_true(pl_region_code_in_scope("64.74.01", "64.74"));
    assert_true(pl_region_code_in_scope("64.74.01.1001", "64"));
    assert_true(pl_region_code_in_scope("64.74.01.1001", "64.74.01.1001"));
    assert_false(pl_region_code_in_scope("64.74", "64.7"));
    assert_false(pl_region_code_in_scope("64.74", "6"));
    assert_false(pl_region_code_in_scope("64.71", "64.74"));
    assert_false(pl_region_code_in_scope("64", "64.74"));
    assert_false(pl_region_code_in_scope("65.01", "64"));
    assert_false(pl_region_code_in_scope("64.74.011", "64.74.01"));
    assert_false(pl_region_code_in_scope("64.74.01.1001", "64.74.01.100"));
}

static void test_former_table(void **state)
{
    (void)state;
    static const char *pairs[][3] = {
        {"64.04", "65.01", "Kabupaten Bulungan"}, {"64.05", "65.03", "Kabupaten Nunukan"},
        {"64.06", "65.02", "Kabupaten Malinau"},  {"64.10", "65.04", "Kabupaten Tana Tidung"},
        {"64.73", "65.71", "Kota Tarakan"},
    };
    assert_int_equal(pl_region_former_count(), 5);
    for (size_t i = 0; i < 5; i++) {
        const pl_region_former *f = pl_region_former_find(pairs[i][0]);
        assert_non_null(f);
        assert_string_equal(f->current, pairs[i][1]);
        assert_string_equal(f->name, pairs[i][2]);
        assert_string_equal(f->until, "2012-10-25");
        assert_ptr_equal(pl_region_former_at(i), f);
    }
    assert_null(pl_region_former_at(5));
    assert_null(pl_region_former_find("64.74"));
    assert_null(pl_region_former_find("65.01"));
    assert_null(pl_region_former_find("64"));
    assert_null(pl_region_former_find("64.041"));

    assert_non_null(pl_region_former_find("64.04.05"));
    assert_non_null(pl_region_former_find("64.73.02.1003"));
}

static void test_former_map(void **state)
{
    (void)state;
    char out[PL_REGION_CODE_MAX];
    assert_int_equal(pl_region_former_map(out, "64.04"), 0);
    assert_string_equal(out, "65.01");
    assert_int_equal(pl_region_former_map(out, "64.04.05"), 0);
    assert_string_equal(out, "65.01.05");
    assert_int_equal(pl_region_former_map(out, "64.73.02.1003"), 0);
    assert_string_equal(out, "65.71.02.1003");
    assert_int_equal(pl_region_former_map(out, "64.10.01"), 0);
    assert_string_equal(out, "65.04.01");
    assert_int_equal(pl_region_former_map(out, "64.74.01"), PL_ENOTFOUND);
    assert_int_equal(pl_region_former_map(out, "64"), PL_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize),        cmocka_unit_test(test_normalize_rejects),
        cmocka_unit_test(test_level_and_parent), cmocka_unit_test(test_in_scope),
        cmocka_unit_test(test_former_table),     cmocka_unit_test(test_former_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
