#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/nonik.h"

#include <string.h>

/* Codes and labels both name a reason, in any case and with -, _ or spaces alike. */
static void test_parse(void **state)
{
    (void)state;
    assert_int_equal(pl_nonik_parse("belum_rekam_ktp_el"), PL_NONIK_BELUM_REKAM);
    assert_int_equal(pl_nonik_parse("Belum rekam KTP-el"), PL_NONIK_BELUM_REKAM);
    assert_int_equal(pl_nonik_parse("  BELUM REKAM KTP EL "), PL_NONIK_BELUM_REKAM);
    assert_int_equal(pl_nonik_parse("anak belum ber-NIK"), PL_NONIK_ANAK);
    assert_int_equal(pl_nonik_parse("anak_belum_ber_nik"), PL_NONIK_ANAK);
    assert_int_equal(pl_nonik_parse("KAT"), PL_NONIK_KAT);
    assert_int_equal(pl_nonik_parse("Komunitas Adat Terpencil"), PL_NONIK_KAT);
    assert_int_equal(pl_nonik_parse("tunawisma / tanpa tempat tinggal tetap"), PL_NONIK_TUNAWISMA);
    assert_int_equal(pl_nonik_parse("Tunawisma"), PL_NONIK_TUNAWISMA);
    assert_int_equal(pl_nonik_parse("tidak diketahui"), PL_NONIK_TIDAK_DIKETAHUI);
    assert_int_equal(pl_nonik_parse("LAINNYA"), PL_NONIK_LAINNYA);
    assert_int_equal(pl_nonik_parse(""), PL_NONIK_NONE);
    assert_int_equal(pl_nonik_parse("   "), PL_NONIK_NONE);
    assert_int_equal(pl_nonik_parse(NULL), PL_NONIK_NONE);
    assert_int_equal(pl_nonik_parse("ktp hilang"), -1);
    assert_int_equal(pl_nonik_parse("belum"), -1);
}

/* Every reason's code parses back to it; codes are the stable list of the import contract. */
static void test_table(void **state)
{
    (void)state;
    static const char *const codes[] = {"",       "belum_rekam_ktp_el", "anak_belum_ber_nik",
                                        "kat",    "tunawisma",          "tidak_diketahui",
                                        "lainnya"};
    for (int r = 0; r < PL_NONIK__MAX; r++) {
        assert_string_equal(pl_nonik_code((pl_nonik_reason)r), codes[r]);
        assert_true(strlen(codes[r]) < PL_NONIK_CODE_MAX);
        if (r)
            assert_int_equal(pl_nonik_parse(pl_nonik_label((pl_nonik_reason)r)), r);
    }
    assert_string_equal(pl_nonik_label(PL_NONIK_BELUM_REKAM), "belum rekam KTP-el");
    assert_string_equal(pl_nonik_code(PL_NONIK__MAX), "");
    assert_string_equal(pl_nonik_label((pl_nonik_reason)-1), "");
}

static void test_pilar_id(void **state)
{
    (void)state;
    char buf[PL_PILAR_ID_MAX];
    assert_string_equal(pl_pilar_id(buf, 123), "P-000123");
    assert_string_equal(pl_pilar_id(buf, 12345678), "P-12345678");
    int64_t id = 0;
    assert_true(pl_pilar_id_parse("P-000123", &id));
    assert_int_equal(id, 123);
    assert_true(pl_pilar_id_parse("p-7", &id));
    assert_int_equal(id, 7);
    assert_false(pl_pilar_id_parse("P-", &id));
    assert_false(pl_pilar_id_parse("P-12a", &id));
    assert_false(pl_pilar_id_parse("P-000000", &id));
    assert_false(pl_pilar_id_parse("PS-00112233", &id));
    assert_false(pl_pilar_id_parse("123", &id));
    assert_false(pl_pilar_id_parse(NULL, &id));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_pilar_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
