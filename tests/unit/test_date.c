#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/date.h"
#include "util/error.h"

#include <string.h>

static void test_valid_and_leap_years(void **state)
{
    (void)state;
    assert_true(pl_date_valid(2024, 2, 29));
    assert_true(pl_date_valid(2000, 2, 29));  /* divisible by 400 */
    assert_false(pl_date_valid(1900, 2, 29)); /* divisible by 100 only */
    assert_false(pl_date_valid(2023, 2, 29));
    assert_false(pl_date_valid(2023, 4, 31));
    assert_false(pl_date_valid(2023, 13, 1));
    assert_false(pl_date_valid(2023, 0, 1));
    assert_false(pl_date_valid(2023, 1, 0));
    assert_false(pl_date_valid(1799, 1, 1));
    assert_false(pl_date_valid(2201, 1, 1));
    assert_true(pl_date_valid(2023, 12, 31));
    assert_int_equal(pl_date_days_in_month(2024, 2), 29);
    assert_int_equal(pl_date_days_in_month(2023, 2), 28);
    assert_int_equal(pl_date_days_in_month(2023, 9), 30);
    assert_int_equal(pl_date_days_in_month(2023, 13), 0);
}

static void expect_parse(const char *s, int y, int m, int d)
{
    pl_date out = {0, 0, 0};
    assert_int_equal(pl_date_parse(&out, s), 0);
    assert_int_equal(out.year, y);
    assert_int_equal(out.month, m);
    assert_int_equal(out.day, d);
}

static void test_parse_forms(void **state)
{
    (void)state;
    expect_parse("1985-03-12", 1985, 3, 12);
    expect_parse("12-03-1985", 1985, 3, 12);
    expect_parse("12/03/1985", 1985, 3, 12);
    expect_parse("2/3/1985", 1985, 3, 2);
    expect_parse("2-3-1985", 1985, 3, 2);
    expect_parse("  29/02/2024 ", 2024, 2, 29);
}

static void test_parse_rejects(void **state)
{
    (void)state;
    pl_date d;
    const char *bad[] = {
        "",
        "   ",
        "1985-3-12",
        "1985/03/12",
        "12-03/1985",
        "12.03.1985",
        "12-03-85",
        "31-02-2020",
        "29-02-2023",
        "1985-02-30",
        "1985-03-12x",
        "x1985-03-12",
        "123-03-1985",
        "12-003-1985",
        "2023-13-01",
        "00-01-2020",
        "1985-03-12 10:00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (pl_date_parse(&d, bad[i]) != PL_EINVAL)
            fail_msg("accepted \"%s\"", bad[i]);
    }
    assert_int_equal(pl_date_parse(&d, NULL), PL_EINVAL);
}

static void test_is_iso(void **state)
{
    (void)state;
    assert_true(pl_date_is_iso("2024-02-29"));
    assert_true(pl_date_is_iso("1985-12-31"));
    assert_false(pl_date_is_iso(NULL));
    assert_false(pl_date_is_iso(""));
    assert_false(pl_date_is_iso("2023-02-29")); /* not a leap year */
    assert_false(pl_date_is_iso("2024-13-01"));
    assert_false(pl_date_is_iso("31-12-2023")); /* parsed by pl_date_parse, not stored form */
    assert_false(pl_date_is_iso("2024-1-01"));
    assert_false(pl_date_is_iso(" 2024-01-01"));
    assert_false(pl_date_is_iso("2024-01-01 "));
    assert_false(pl_date_is_iso("2024/01/01"));
}

static void test_format(void **state)
{
    (void)state;
    char buf[32];
    pl_date d = {1985, 3, 2};
    pl_date_format(buf, &d);
    assert_string_equal(buf, "1985-03-02");

    pl_date_format_id(buf, &(pl_date){2025, 8, 17});
    assert_string_equal(buf, "17 Agustus 2025");
    pl_date_format_id(buf, &(pl_date){2024, 1, 1});
    assert_string_equal(buf, "1 Januari 2024");
    pl_date_format_id(buf, &(pl_date){2023, 5, 9});
    assert_string_equal(buf, "9 Mei 2023");
    pl_date_format_id(buf, &(pl_date){2023, 12, 31});
    assert_string_equal(buf, "31 Desember 2023");
}

static void test_cmp_and_age(void **state)
{
    (void)state;
    pl_date a = {1985, 3, 12}, b = {1985, 3, 13}, c = {1986, 1, 1};
    assert_true(pl_date_cmp(&a, &b) < 0);
    assert_true(pl_date_cmp(&c, &b) > 0);
    assert_int_equal(pl_date_cmp(&a, &a), 0);

    pl_date birth = {1985, 3, 12};
    assert_int_equal(pl_date_age(&birth, &(pl_date){2025, 3, 11}), 39);
    assert_int_equal(pl_date_age(&birth, &(pl_date){2025, 3, 12}), 40);
    assert_int_equal(pl_date_age(&birth, &(pl_date){1985, 3, 12}), 0);
    assert_true(pl_date_age(&birth, &(pl_date){1985, 3, 11}) < 0);

    pl_date leapling = {2000, 2, 29};
    assert_int_equal(pl_date_age(&leapling, &(pl_date){2001, 2, 28}), 0);
    assert_int_equal(pl_date_age(&leapling, &(pl_date){2001, 3, 1}), 1);
    assert_int_equal(pl_date_age(&leapling, &(pl_date){2004, 2, 29}), 4);
}

static void test_days_round_trip(void **state)
{
    (void)state;
    assert_int_equal(pl_date_to_days(&(pl_date){1970, 1, 1}), 0);
    assert_int_equal(pl_date_to_days(&(pl_date){1970, 1, 2}), 1);
    assert_int_equal(pl_date_to_days(&(pl_date){1969, 12, 31}), -1);
    assert_int_equal(pl_date_to_days(&(pl_date){2000, 3, 1}), 11017);

    for (long days = -60000; days < 80000; days += 37) {
        pl_date d;
        pl_date_from_days(&d, days);
        assert_true(pl_date_valid(d.year, d.month, d.day));
        assert_int_equal(pl_date_to_days(&d), days);
    }
    pl_date d;
    pl_date_from_days(&d, pl_date_to_days(&(pl_date){2024, 2, 28}) + 1);
    assert_int_equal(d.month, 2);
    assert_int_equal(d.day, 29);
}

static void test_year_end_before(void **state)
{
    (void)state;
    char next[11];
    assert_int_equal(pl_date_year_end_before("2025-12-31", next), 2025);
    assert_string_equal(next, "2026-01-01");
    assert_int_equal(pl_date_year_end_before("2025-06-30", next), 2024);
    assert_string_equal(next, "2025-01-01");
    assert_int_equal(pl_date_year_end_before("2025-01-01", next), 2024);
    assert_string_equal(next, "2025-01-01");
    assert_int_equal(pl_date_year_end_before("9999-12-31", next), 9999);
    assert_string_equal(next, "9999-99-99");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_and_leap_years),
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_is_iso),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_cmp_and_age),
        cmocka_unit_test(test_days_round_trip),
        cmocka_unit_test(test_year_end_before),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
