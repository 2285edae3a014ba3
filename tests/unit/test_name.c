#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/name.h"
#include "util/error.h"

#include <string.h>

static void expect_norm(const char *in, const char *want)
{
    char out[PL_NAME_MAX];
    int n = pl_name_normalize(out, sizeof out, in);
    if (n < 0 || strcmp(out, want) != 0)
        fail_msg("normalize(\"%s\") = \"%s\" (%d), want \"%s\"", in, out, n, want);
    assert_int_equal(n, (int)strlen(want));
}

static void test_brief_examples(void **state)
{
    (void)state;
    expect_norm("Hj. SITI  Nurhaliza, S.Pd.", "siti nurhaliza");
    expect_norm("M. Ridwan", "muhammad ridwan");
    expect_norm("Drs. H. Moh. Noor Achmad, M.Si", "muhammad nur ahmad");
}

static void test_case_space_punctuation(void **state)
{
    (void)state;
    expect_norm("  BUDI   santoso  ", "budi santoso");
    expect_norm("Budi-Santoso", "budi santoso");
    expect_norm("Ma'ruf Amin", "maruf amin");
    expect_norm("Ma\xE2\x80\x99ruf", "maruf");
    expect_norm("Budi\tSantoso", "budi santoso");
    expect_norm("(Budi) Santoso", "budi santoso");
    expect_norm("", "");
    expect_norm("   ", "");
}

static void test_accents(void **state)
{
    (void)state;
    expect_norm("Andr\xC3\xA9 Sinaga", "andre sinaga"); /* UTF-8 é */
    expect_norm("Andr\xE9 Sinaga", "andre sinaga");     /* Latin-1 é */
    expect_norm("J\xC3\xBCrgen M\xC3\xBCller", "jurgen muller");
    expect_norm("Stra\xC3\x9F"
                "e",
                "strasse");
    expect_norm("\xC3\x87"
                "ahya",
                "cahya");
    expect_norm("Budi\xC2\xA0Santoso", "budi santoso");       /* no-break space */
    expect_norm("Budi \xE4\xB8\xAD Santoso", "budi santoso"); /* CJK dropped */
    expect_norm("\xC5\x81ukasz", "lukasz");
}

static void test_titles(void **state)
{
    (void)state;
    expect_norm("Prof. Dr. Ir. Bambang Sutrisno, M.T.", "bambang sutrisno");
    expect_norm("dr. Andi Wijaya", "andi wijaya");
    expect_norm("Dra. Sri Wahyuni", "sri wahyuni");
    expect_norm("H. Abdul Rahman", "abdul rahman");
    expect_norm("Haji Abdul Rahman", "abdul rahman");
    expect_norm("Hajjah Aminah", "aminah");
    expect_norm("KH. Hasyim Asyari", "hasyim asyari");
    expect_norm("Ust. Yusuf", "yusuf");
    expect_norm("Ustadz Yusuf", "yusuf");
    expect_norm("Ny. Sri Rahayu", "sri rahayu");
    expect_norm("Tn. Budi", "budi");
    expect_norm("Nn. Dewi", "dewi");
    expect_norm("Bpk. Slamet", "slamet");
    expect_norm("Ibu Sumarni", "sumarni");
    expect_norm("Sdr. Agus", "agus");
    expect_norm("Sdri. Rina", "rina");
    expect_norm("Rina Amelia, S.Kom", "rina amelia");
    expect_norm("Rina Amelia, S.Kom., M.Kom.", "rina amelia");
    expect_norm("Rina Amelia S.Pd", "rina amelia");
    expect_norm("Joko Widodo, S.H., M.H.", "joko widodo");
    expect_norm("Joko Widodo, SH, MH", "joko widodo");
    expect_norm("Joko Widodo, S. H.", "joko widodo");
    expect_norm("Dewi Lestari, S.E", "dewi lestari");
    expect_norm("Dewi Lestari, S.Sos", "dewi lestari");
    expect_norm("Dewi Lestari, S.Ag.", "dewi lestari");
    expect_norm("Dewi Lestari, S.IP", "dewi lestari");
    expect_norm("Dewi Lestari, S.Kep., Ns.", "dewi lestari");
    expect_norm("Dewi Lestari, S.Ked", "dewi lestari");
    expect_norm("Dewi Lestari, A.Md", "dewi lestari");
    expect_norm("Dewi Lestari, Amd", "dewi lestari");
    expect_norm("Dewi Lestari, S.Pd.I", "dewi lestari");
    expect_norm("Dewi Lestari, M.Pd", "dewi lestari");
    expect_norm("Dewi Lestari, MM", "dewi lestari");
    expect_norm("Dewi Lestari, M.Kes", "dewi lestari");
    expect_norm("Dewi Lestari, MBA", "dewi lestari");
    expect_norm("Dewi Lestari, Ph.D.", "dewi lestari");
    /* "ST" after a comma is Sarjana Teknik. */
    expect_norm("Agus Salim, ST", "agus salim");
    expect_norm("Agus Salim, S.T.", "agus salim");
    /* A part after a comma that is not a title stays. */
    expect_norm("Nurhaliza, Siti", "nurhaliza siti");
}

static void test_siti_and_muhammad(void **state)
{
    (void)state;
    expect_norm("St. Aminah", "siti aminah");
    expect_norm("ST AMINAH", "siti aminah");
    expect_norm("Hj. St. Aminah", "siti aminah");
    expect_norm("Hj.St.Aminah", "siti aminah");
    expect_norm("Sitti Aminah", "siti aminah");
    expect_norm("M Ridwan", "muhammad ridwan");
    expect_norm("H.M. Yusuf Kalla", "muhammad yusuf kalla");
    /* A later single "m" is an initial, not Muhammad. */
    expect_norm("Ridwan M.", "ridwan m");

    const char *muhammad[] = {"Muhammad Ali", "Muhamad Ali", "Mohammad Ali",  "Mohamad Ali",
                              "Mohamed Ali",  "Muhamat Ali", "Moh. Ali",      "Mhd. Ali",
                              "Muh. Ali",     "M. Ali",      "MOCHAMMAD ALI", "Moehammad Ali"};
    for (size_t i = 0; i < sizeof muhammad / sizeof muhammad[0]; i++)
        expect_norm(muhammad[i], "muhammad ali");
}

static void test_variants_and_old_spelling(void **state)
{
    (void)state;
    expect_norm("Noor Hidayah", "nur hidayah");
    expect_norm("Nor Hidayah", "nur hidayah");
    expect_norm("Noer Hidayah", "nur hidayah");
    expect_norm("Abd. Rahman", "abdul rahman");
    expect_norm("Abdoel Rahman", "abdul rahman");
    expect_norm("Achmad Dahlan", "ahmad dahlan");
    expect_norm("Akhmad Dahlan", "ahmad dahlan");
    expect_norm("Soekarno", "sukarno");
    expect_norm("Soeharto", "suharto");
    expect_norm("Djoko Tjahjono", "joko cahjono");
    expect_norm("Tjipto", "cipto");
}

static void test_normalize_small_buffer(void **state)
{
    (void)state;
    char out[8];
    assert_int_equal(pl_name_normalize(out, sizeof out, "Budi Santoso"), PL_EINVAL);
    assert_string_equal(out, "");
    assert_int_equal(pl_name_normalize(out, sizeof out, "Budi"), 4);
    assert_int_equal(pl_name_normalize(out, 5, "Budi"), 4);
    assert_int_equal(pl_name_normalize(out, 4, "Budi"), PL_EINVAL);
    assert_int_equal(pl_name_normalize(out, sizeof out, NULL), 0);
    assert_string_equal(out, "");
}

static void expect_invalid(const char *name, const char *reason_part)
{
    char reason[128];
    if (pl_name_validate(name, reason, sizeof reason) != PL_EINVAL)
        fail_msg("accepted \"%s\"", name ? name : "(null)");
    if (strstr(reason, reason_part) == NULL)
        fail_msg("\"%s\": reason \"%s\", want \"%s\"", name ? name : "(null)", reason, reason_part);
}

static void expect_valid(const char *name)
{
    char reason[128];
    if (pl_name_validate(name, reason, sizeof reason) != 0)
        fail_msg("rejected \"%s\": %s", name, reason);
}

static void test_validate(void **state)
{
    (void)state;
    expect_valid("Siti Nurhaliza");
    expect_valid("Ma'ruf Amin");
    expect_valid("Drs. H. Moh. Noor Achmad, M.Si");
    expect_valid("Anak-Agung Gde");
    expect_valid("Andr\xC3\xA9");
    expect_valid("Ma\xE2\x80\x99ruf");
    expect_valid("  Budi  ");

    expect_invalid("", "nama kosong");
    expect_invalid("   ", "nama kosong");
    expect_invalid(NULL, "nama kosong");
    expect_invalid("Budi 2", "nama mengandung angka");
    expect_invalid("Budi\tSantoso", "karakter kontrol");
    expect_invalid("Budi\x01", "karakter kontrol");
    expect_invalid("Andr\xE9", "UTF-8");
    expect_invalid("Budi @ Santoso", "\"@\"");
    expect_invalid("-.,'", "huruf");

    char longname[200];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    expect_invalid(longname, "nama terlalu panjang (maks 127 karakter)");
    longname[127] = '\0';
    expect_valid(longname);

    /* NULL reason is allowed. */
    assert_int_equal(pl_name_validate("", NULL, 0), PL_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brief_examples),
        cmocka_unit_test(test_case_space_punctuation),
        cmocka_unit_test(test_accents),
        cmocka_unit_test(test_titles),
        cmocka_unit_test(test_siti_and_muhammad),
        cmocka_unit_test(test_variants_and_old_spelling),
        cmocka_unit_test(test_normalize_small_buffer),
        cmocka_unit_test(test_validate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
