#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/eligibility.h"
#include "util/error.h"

#include <string.h>

/* Elderly fakir miskin (24) or lansia terlantar (8), 60+, desil 1..4, in Bontang or
 * Samarinda, not also in PKH. */
static pl_program_rule rule(void)
{
    pl_program_rule r;
    memset(&r, 0, sizeof r);
    assert_int_equal(pl_eligibility_parse_categories(&r.categories, "24,8"), 0);
    r.age_min = 60;
    r.age_max = -1;
    r.desil_max = 4;
    assert_int_equal(pl_eligibility_parse_list(&r.regions[0][0], PL_REGION_CODE_MAX, "64.74;64.72"),
                     0);
    assert_int_equal(pl_eligibility_parse_list(&r.excludes[0][0], PL_PROGRAM_CODE_MAX, "PKH"), 0);
    return r;
}

static pl_elig_subject ok(void)
{
    return (pl_elig_subject){.person_id = 1,
                             .household_id = 1,
                             .village = "64.74.01.1001",
                             .age = 67,
                             .desil = 2,
                             .categories = 1u << 24};
}

static void test_each_rule(void **state)
{
    (void)state;
    pl_program_rule r = rule();
    pl_elig_subject s = ok();
    assert_int_equal(pl_eligibility_check(&r, &s), 0);

    s = ok();
    s.categories = 1u << 9;
    assert_int_equal(pl_eligibility_check(&r, &s), PL_ELIG_CATEGORY);
    s.categories = (1u << 9) | (1u << 8);
    assert_int_equal(pl_eligibility_check(&r, &s), 0);

    s = ok();
    s.age = 59;
    assert_int_equal(pl_eligibility_check(&r, &s), PL_ELIG_AGE);
    s.age = 60;
    assert_int_equal(pl_eligibility_check(&r, &s), 0);
    s.age = -1;
    assert_int_equal(pl_eligibility_check(&r, &s), PL_ELIG_AGE);

    s = ok();
    s.desil = 5;
    assert_int_equal(pl_eligibility_check(&r, &s), PL_ELIG_DESIL);
    s.desil = 0;
    assert_int_equal(pl_eligibility_check(&r, &s), PL_ELIG_DESIL);

    s = ok();
    s.village = "64.71.01.1001"; /* Balikpapan */
    assert_int_equal(pl_eligibility_check(&r, &s), PL_ELIG_REGION);
    s.village = "64.72.05.1002";
    assert_int_equal(pl_eligibility_check(&r, &s), 0);
    s.village = "64.741.01.1001"; /* not a child of 64.74 */
    assert_int_equal(pl_eligibility_check(&r, &s), PL_ELIG_REGION);

    s = ok();
    s.excluded_hit = true;
    assert_int_equal(pl_eligibility_check(&r, &s), PL_ELIG_EXCLUDED);

    s = ok();
    s.dead = true;
    assert_int_equal(pl_eligibility_check(&r, &s), PL_ELIG_DEAD);

    /* Without NIK: refused unless the program takes people without one. */
    s = ok();
    s.no_nik = true;
    assert_int_equal(pl_eligibility_check(&r, &s), PL_ELIG_NO_NIK);
    char why[128];
    pl_eligibility_reasons(why, sizeof why, PL_ELIG_NO_NIK, true);
    assert_string_equal(why, "no_nik");
    r.nik_optional = true;
    assert_int_equal(pl_eligibility_check(&r, &s), 0);
    r.nik_optional = false;

    r.disability = true;
    s = ok();
    assert_int_equal(pl_eligibility_check(&r, &s), PL_ELIG_DISABILITY);
    s.disability = true;
    assert_int_equal(pl_eligibility_check(&r, &s), 0);

    /* Several failures at once, spelled out. */
    s = ok();
    s.age = 30;
    s.desil = 9;
    unsigned f = pl_eligibility_check(&r, &s);
    assert_int_equal(f, PL_ELIG_AGE | PL_ELIG_DESIL | PL_ELIG_DISABILITY);
    char text[256];
    pl_eligibility_reasons(text, sizeof text, f, true);
    assert_string_equal(text, "age,disability,desil");
    pl_eligibility_reasons(text, sizeof text, PL_ELIG_EXCLUDED, false);
    assert_string_equal(text, "sudah menerima program yang tidak boleh dirangkap");
}

static void test_empty_rule(void **state)
{
    (void)state;
    pl_program_rule r;
    memset(&r, 0, sizeof r);
    r.age_min = r.age_max = -1;
    pl_elig_subject s = {.village = "65.01.01.2001", .age = -1};
    assert_int_equal(pl_eligibility_check(&r, &s), 0);
    s.dead = true;
    assert_int_equal(pl_eligibility_check(&r, &s), PL_ELIG_DEAD);
}

static void test_parse_format(void **state)
{
    (void)state;
    uint32_t set;
    assert_int_equal(pl_eligibility_parse_categories(&set, "24, 9;8"), 0);
    assert_int_equal(set, (1u << 24) | (1u << 9) | (1u << 8));
    char out[64];
    pl_eligibility_format_categories(out, sizeof out, set);
    assert_string_equal(out, "8,9,24");
    assert_int_equal(pl_eligibility_parse_categories(&set, ""), 0);
    assert_int_equal(set, 0);
    assert_int_equal(pl_eligibility_parse_categories(&set, "27"), PL_EINVAL);
    assert_int_equal(pl_eligibility_parse_categories(&set, "0"), PL_EINVAL);
    assert_int_equal(pl_eligibility_parse_categories(&set, "9x"), PL_EINVAL);

    char list[PL_PROGRAM_LIST_MAX][PL_PROGRAM_CODE_MAX];
    assert_int_equal(pl_eligibility_parse_list(&list[0][0], PL_PROGRAM_CODE_MAX, "PKH;BLT, BPNT"),
                     0);
    assert_string_equal(list[2], "BPNT");
    assert_string_equal(list[3], "");
    pl_eligibility_format_list(out, sizeof out, &list[0][0], PL_PROGRAM_CODE_MAX);
    assert_string_equal(out, "PKH;BLT;BPNT");
    assert_int_equal(
        pl_eligibility_parse_list(&list[0][0], PL_PROGRAM_CODE_MAX, "A;B;C;D;E;F;G;H;I"),
        PL_EINVAL);
    assert_int_equal(pl_eligibility_parse_list(&list[0][0], PL_PROGRAM_CODE_MAX,
                                               "THIS-CODE-IS-FAR-TOO-LONG-FOR-A-PROGRAM"),
                     PL_EINVAL);
}

static void test_levels_frequencies(void **state)
{
    (void)state;
    assert_int_equal(pl_program_level_parse("kabupaten-kota"), PL_PROGRAM_KABKOTA);
    assert_int_equal(pl_program_level_parse("desa"), 0);
    assert_string_equal(pl_program_level_name(PL_PROGRAM_PUSAT), "pusat");
    assert_int_equal(pl_program_frequency_parse("triwulan"), PL_FREQ_TRIWULAN);
    assert_string_equal(pl_program_frequency_name(PL_FREQ_BULANAN), "bulanan");
    assert_int_equal(pl_program_payments(PL_FREQ_BULANAN, 3), 3);
    assert_int_equal(pl_program_payments(PL_FREQ_TRIWULAN, 3), 1);
    assert_int_equal(pl_program_payments(PL_FREQ_TRIWULAN, 12), 4);
    assert_int_equal(pl_program_payments(PL_FREQ_TAHUNAN, 1), 1);
    assert_int_equal(pl_program_payments(PL_FREQ_SEKALI, 12), 1);
}

static void test_bank_account_check(void **state)
{
    (void)state;
    pl_error err = {0};
    assert_int_equal(pl_bank_account_check("0123456789", &err), 0);
    assert_int_equal(pl_bank_account_check("1234567890123456789012345678901234", &err), 0);
    assert_int_equal(pl_bank_account_check("12345678901234567890123456789012345", &err), PL_EINVAL);
    assert_string_equal(err.field, "nomor");
    assert_int_equal(pl_bank_account_check("", &err), PL_EINVAL);
    assert_int_equal(pl_bank_account_check(NULL, &err), PL_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_rule),          cmocka_unit_test(test_empty_rule),
        cmocka_unit_test(test_parse_format),       cmocka_unit_test(test_levels_frequencies),
        cmocka_unit_test(test_bank_account_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
