#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/relationship.h"
#include "util/error.h"

#include <string.h>

static void test_slugs_and_labels(void **state)
{
    (void)state;
    assert_string_equal(pl_relationship_slug(PL_REL_KEPALA), "kepala_keluarga");
    assert_string_equal(pl_relationship_label(PL_REL_KEPALA), "Kepala Keluarga");
    assert_string_equal(pl_relationship_slug(PL_REL_PASANGAN), "istri_suami");
    assert_string_equal(pl_relationship_label(PL_REL_PASANGAN), "Istri/Suami");
    assert_string_equal(pl_relationship_slug(PL_REL_FAMILI_LAIN), "famili_lain");
    assert_string_equal(pl_relationship_slug(PL_REL__MAX), "");
    assert_string_equal(pl_relationship_label(PL_REL__MAX), "");
    for (int r = 0; r < PL_REL__MAX; r++) {
        assert_true(strlen(pl_relationship_slug((pl_relationship)r)) > 0);
        assert_int_equal(pl_relationship_parse(pl_relationship_slug((pl_relationship)r)), r);
        assert_int_equal(pl_relationship_parse(pl_relationship_label((pl_relationship)r)), r);
    }
}

static void test_parse_spreadsheet_forms(void **state)
{
    (void)state;
    assert_int_equal(pl_relationship_parse("KK"), PL_REL_KEPALA);
    assert_int_equal(pl_relationship_parse("kepala keluarga"), PL_REL_KEPALA);
    assert_int_equal(pl_relationship_parse("  KEPALA   KELUARGA "), PL_REL_KEPALA);
    assert_int_equal(pl_relationship_parse("ISTRI"), PL_REL_PASANGAN);
    assert_int_equal(pl_relationship_parse("Suami"), PL_REL_PASANGAN);
    assert_int_equal(pl_relationship_parse("anak kandung"), PL_REL_ANAK);
    assert_int_equal(pl_relationship_parse("Anak Tiri"), PL_REL_ANAK);
    assert_int_equal(pl_relationship_parse("MENANTU"), PL_REL_MENANTU);
    assert_int_equal(pl_relationship_parse("cucu"), PL_REL_CUCU);
    assert_int_equal(pl_relationship_parse("Orang Tua"), PL_REL_ORANG_TUA);
    assert_int_equal(pl_relationship_parse("orangtua"), PL_REL_ORANG_TUA);
    assert_int_equal(pl_relationship_parse("mertua"), PL_REL_MERTUA);
    assert_int_equal(pl_relationship_parse("Famili Lain"), PL_REL_FAMILI_LAIN);
    assert_int_equal(pl_relationship_parse("lainnya"), PL_REL_LAINNYA);
    assert_int_equal(pl_relationship_parse("Pembantu"), PL_REL_LAINNYA);
}

static void test_parse_card_numbers(void **state)
{
    (void)state;
    /* Dukcapil SHDK codes. */
    assert_int_equal(pl_relationship_parse("1"), PL_REL_KEPALA);
    assert_int_equal(pl_relationship_parse("2"), PL_REL_PASANGAN);
    assert_int_equal(pl_relationship_parse("3"), PL_REL_PASANGAN);
    assert_int_equal(pl_relationship_parse("4"), PL_REL_ANAK);
    assert_int_equal(pl_relationship_parse("5"), PL_REL_MENANTU);
    assert_int_equal(pl_relationship_parse("6"), PL_REL_CUCU);
    assert_int_equal(pl_relationship_parse("7"), PL_REL_ORANG_TUA);
    assert_int_equal(pl_relationship_parse("8"), PL_REL_MERTUA);
    assert_int_equal(pl_relationship_parse("9"), PL_REL_FAMILI_LAIN);
    assert_int_equal(pl_relationship_parse(" 9 "), PL_REL_FAMILI_LAIN);
    assert_int_equal(pl_relationship_parse("11"), PL_REL_LAINNYA);
}

static void test_parse_rejects(void **state)
{
    (void)state;
    assert_int_equal(pl_relationship_parse(""), PL_EINVAL);
    assert_int_equal(pl_relationship_parse("   "), PL_EINVAL);
    assert_int_equal(pl_relationship_parse(NULL), PL_EINVAL);
    assert_int_equal(pl_relationship_parse("0"), PL_EINVAL);
    assert_int_equal(pl_relationship_parse("12"), PL_EINVAL);
    assert_int_equal(pl_relationship_parse("tetangga"), PL_EINVAL);
    assert_int_equal(pl_relationship_parse("anakk"), PL_EINVAL);
    assert_int_equal(pl_relationship_parse("ana"), PL_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slugs_and_labels),
        cmocka_unit_test(test_parse_spreadsheet_forms),
        cmocka_unit_test(test_parse_card_numbers),
        cmocka_unit_test(test_parse_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
