/* test_period.c - period parsing, bounds, previous period, count date, change. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/period.h"

#include <string.h>

static void check(const char *text, const char *label, const char *start, const char *end)
{
    pl_period p;
    char a[11], b[11];
    assert_int_equal(pl_period_parse(&p, text), 0);
    assert_string_equal(p.label, label);
    pl_date_format(a, &p.start);
    pl_date_format(b, &p.end);
    assert_string_equal(a, start);
    assert_string_equal(b, end);
}

static void test_parse(void **state)
{
    (void)state;
    check("2024", "2024", "2024-01-01", "2024-12-31");
    check("2024-S1", "2024-S1", "2024-01-01", "2024-06-30");
    check("2024-s2", "2024-S2", "2024-07-01", "2024-12-31");
    check("2024-Q1", "2024-Q1", "2024-01-01", "2024-03-31");
    check("2024-Q3", "2024-Q3", "2024-07-01", "2024-09-30");
    check("2024-02", "2024-02", "2024-02-01", "2024-02-29"); /* leap year */
    check("2023-02", "2023-02", "2023-02-01", "2023-02-28");
    pl_period p;
    const char *bad[] = {"",        "24",   "2024-",  "2024-S3", "2024-Q5",  "2024-13",
                         "2024-00", "abcd", "2024-1", "1800",    "2024-Q12", "2024/03"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(pl_period_parse(&p, bad[i]), -1);
    assert_int_equal(pl_period_parse(&p, NULL), -1);
}

static void test_previous(void **state)
{
    (void)state;
    const char *pairs[][2] = {{"2024", "2023"},       {"2024-S1", "2023-S2"},
                              {"2024-S2", "2024-S1"}, {"2024-Q1", "2023-Q4"},
                              {"2024-Q3", "2024-Q2"}, {"2024-01", "2023-12"},
                              {"2024-03", "2024-02"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        pl_period p, q;
        assert_int_equal(pl_period_parse(&p, pairs[i][0]), 0);
        pl_period_previous(&q, &p);
        assert_string_equal(q.label, pairs[i][1]);
    }
}

static void test_contains_overlaps(void **state)
{
    (void)state;
    pl_period y, q, m;
    pl_period_parse(&y, "2024");
    pl_period_parse(&q, "2024-Q2");
    pl_period_parse(&m, "2025-01");
    pl_date d1 = {2024, 12, 31}, d2 = {2025, 1, 1}, d3 = {2024, 1, 1};
    assert_true(pl_period_contains(&y, &d1));
    assert_true(pl_period_contains(&y, &d3));
    assert_false(pl_period_contains(&y, &d2));
    assert_true(pl_period_overlaps(&y, &q));
    assert_false(pl_period_overlaps(&y, &m));
}

static void test_count_date_and_name(void **state)
{
    (void)state;
    pl_period p;
    char d[11], n[48];
    pl_period_parse(&p, "2025");
    pl_date today = {2025, 6, 15};
    pl_period_count_date(d, &p, &today);
    assert_string_equal(d, "2025-06-15"); /* not ended: today */
    pl_date later = {2026, 1, 2};
    pl_period_count_date(d, &p, &later);
    assert_string_equal(d, "2025-12-31");
    pl_period_count_date(d, &p, NULL);
    assert_string_equal(d, "2025-12-31");
    pl_period_name_id(n, sizeof n, &p);
    assert_string_equal(n, "Tahun 2025");
    pl_period_parse(&p, "2024-S1");
    pl_period_name_id(n, sizeof n, &p);
    assert_string_equal(n, "Semester 1 2024");
    pl_period_parse(&p, "2024-Q3");
    pl_period_name_id(n, sizeof n, &p);
    assert_string_equal(n, "Triwulan 3 2024");
    pl_period_parse(&p, "2024-08");
    pl_period_name_id(n, sizeof n, &p);
    assert_string_equal(n, "Agustus 2024");
}

static void test_change(void **state)
{
    (void)state;
    long d;
    double pct;
    assert_true(pl_period_change(200, 250, &d, &pct));
    assert_int_equal(d, 50);
    assert_true(pct > 24.999 && pct < 25.001);
    assert_true(pl_period_change(80, 60, &d, &pct));
    assert_int_equal(d, -20);
    assert_true(pct > -25.001 && pct < -24.999);
    assert_false(pl_period_change(0, 7, &d, &pct));
    assert_int_equal(d, 7);
    assert_true(pct == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_previous),
        cmocka_unit_test(test_contains_overlaps),
        cmocka_unit_test(test_count_date_and_name),
        cmocka_unit_test(test_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
