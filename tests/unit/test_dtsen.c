/* test_dtsen.c - the rules of the DTSEN update cycle: cut-off and periods, due dates, completeness.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/dtsen.h"

static void period_of(char out[8], int y, int m, int d, int cut)
{
    pl_date e = {y, m, d};
    pl_dtsen_period_for(out, &e, cut);
}

static void test_cutoff(void **state)
{
    (void)state;
    char p[8];
    period_of(p, 2026, 11, 10, 10);
    assert_string_equal(p, "2026-11"); /* on the cut-off day: this month */
    period_of(p, 2026, 11, 11, 10);
    assert_string_equal(p, "2026-12"); /* the day after: next month */
    period_of(p, 2026, 12, 21, 20);
    assert_string_equal(p, "2027-01"); /* across the year */
    period_of(p, 2026, 2, 28, 31);
    assert_string_equal(p, "2026-02"); /* day 31 means the month's last day */
    period_of(p, 2028, 2, 29, 30);
    assert_string_equal(p, "2028-02");
    period_of(p, 2026, 3, 1, 0);
    assert_string_equal(p, "2026-03"); /* a day below 1 is read as 1 */
    period_of(p, 2026, 3, 2, 0);
    assert_string_equal(p, "2026-04");
}

static void test_periods(void **state)
{
    (void)state;
    char p[8], d[11];
    assert_int_equal(pl_dtsen_period_next(p, "2026-12"), 0);
    assert_string_equal(p, "2027-01");
    assert_int_equal(pl_dtsen_period_next(p, "2026-13"), -1);
    assert_false(pl_dtsen_period_valid("2026-1"));
    assert_false(pl_dtsen_period_valid("1999-05"));
    assert_true(pl_dtsen_period_valid("2030-05"));
    assert_int_equal(pl_dtsen_cutoff_date(d, "2026-02", 31), 0);
    assert_string_equal(d, "2026-02-28");
    assert_int_equal(pl_dtsen_cutoff_date(d, "2026-11", 10), 0);
    assert_string_equal(d, "2026-11-10");
}

static void test_due(void **state)
{
    (void)state;
    char d[11];
    pl_date f = {2026, 12, 25};
    pl_dtsen_due_date(d, &f, 14);
    assert_string_equal(d, "2027-01-08");
    pl_date t = {2027, 1, 8};
    assert_false(pl_dtsen_overdue(d, &t)); /* due today: not yet late */
    t.day = 9;
    assert_true(pl_dtsen_overdue(d, &t));
    assert_false(pl_dtsen_overdue("bukan", &t));
}

static void test_facts(void **state)
{
    (void)state;
    pl_dtsen_missing m = {0};
    pl_dtsen_facts f = {.kind = PL_DTSEN_REMOVE,
                        .removal = PL_DTSEN_DIED,
                        .has_subject = true,
                        .meeting_has_minutes = true};
    pl_dtsen_check_facts(&m, &f);
    assert_int_equal(m.n, 2);
    char t[512];
    pl_dtsen_missing_text(t, sizeof t, &m);
    assert_string_equal(t, "tanggal meninggal belum diisi; surat keterangan kematian belum "
                           "dilampirkan");
    memset(&m, 0, sizeof m);
    f = (pl_dtsen_facts){.kind = PL_DTSEN_ADD_HOUSEHOLD,
                         .removal = -1,
                         .has_data = true,
                         .has_evidence = true,
                         .meeting_has_minutes = true};
    pl_dtsen_check_facts(&m, &f);
    assert_int_equal(m.n, 0); /* a new household needs no registered subject */
    f.kind = PL_DTSEN_ADD_PERSON;
    f.meeting_has_minutes = false;
    pl_dtsen_check_facts(&m, &f);
    assert_int_equal(m.n, 2);
    assert_non_null(strstr(m.items[0], "berita acara"));
    assert_non_null(strstr(m.items[1], "keluarga tujuan"));
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(pl_dtsen_kind_find("hapus"), PL_DTSEN_REMOVE);
    assert_int_equal(pl_dtsen_kind_find("HAPUS"), -1);
    assert_int_equal(pl_dtsen_removal_find("ganda"), PL_DTSEN_DUPLICATE);
    assert_string_equal(pl_dtsen_state_label("cek_lapangan"), "Menunggu cek lapangan");
    assert_true(pl_dtsen_filer_valid("psks"));
    assert_false(pl_dtsen_filer_valid("tetangga"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cutoff), cmocka_unit_test(test_periods), cmocka_unit_test(test_due),
        cmocka_unit_test(test_facts),  cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
