#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/category.h"

#include <stdbool.h>
#include <string.h>

static void test_pmks_table(void **state)
{
    (void)state;
    for (int code = 1; code <= PL_PMKS_COUNT; code++) {
        const pl_category *c = pl_pmks_get(code);
        assert_non_null(c);
        assert_int_equal(c->code, code);
        assert_true(strlen(c->slug) > 0 && strlen(c->name) > 0 && strlen(c->short_name) > 0);
        for (const char *p = c->slug; *p; p++)
            assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_');
        /* Slugs, names and short names find their own entry. */
        assert_ptr_equal(pl_pmks_find(c->slug), c);
        assert_ptr_equal(pl_pmks_find(c->name), c);
        assert_ptr_equal(pl_pmks_find(c->short_name), c);
        /* One label a person reads: whole words, fits a table, unique, found again. */
        assert_non_null(c->label);
        assert_true(strlen(c->label) > 0 && strlen(c->label) <= PL_CATEGORY_LABEL_MAX);
        assert_ptr_equal(pl_pmks_find(c->label), c);
        bool lower = false;
        for (const char *p = c->label; *p; p++)
            lower |= *p >= 'a' && *p <= 'z';
        assert_true(lower); /* not an abbreviation such as "ODHA" */
        for (int other = 1; other < code; other++) {
            assert_string_not_equal(pl_pmks_get(other)->slug, c->slug);
            assert_string_not_equal(pl_pmks_get(other)->label, c->label);
        }
    }
    assert_null(pl_pmks_get(0));
    assert_null(pl_pmks_get(27));

    /* The order of Permensos 8/2012 as in DESIGN.md. */
    assert_string_equal(pl_pmks_get(1)->name, "Anak Balita Terlantar");
    assert_string_equal(pl_pmks_get(8)->name, "Lanjut Usia Terlantar");
    assert_string_equal(pl_pmks_get(9)->name, "Penyandang Disabilitas");
    assert_string_equal(pl_pmks_get(16)->name, "Orang dengan HIV/AIDS");
    assert_string_equal(pl_pmks_get(21)->name, "Korban Bencana Alam");
    assert_string_equal(pl_pmks_get(23)->name, "Perempuan Rawan Sosial Ekonomi");
    assert_string_equal(pl_pmks_get(24)->slug, "fakir_miskin");
    assert_string_equal(pl_pmks_get(26)->name, "Komunitas Adat Terpencil");
    assert_string_equal(pl_pmks_get(PL_PMKS_LANSIA_TERLANTAR)->slug, "lanjut_usia_terlantar");
    assert_string_equal(pl_pmks_get(PL_PMKS_DISABILITAS)->slug, "penyandang_disabilitas");
    assert_string_equal(pl_pmks_get(PL_PMKS_KORBAN_BENCANA_ALAM)->slug, "korban_bencana_alam");
}

static void test_pmks_applies_to(void **state)
{
    (void)state;
    for (int code = 1; code <= PL_PMKS_COUNT; code++) {
        pl_applies_to want = PL_APPLIES_PERSON;
        if (code == 24 || code == 25)
            want = PL_APPLIES_HOUSEHOLD;
        if (code == 26)
            want = PL_APPLIES_COMMUNITY;
        assert_int_equal(pl_pmks_get(code)->applies_to, want);
    }
}

static void test_pmks_find(void **state)
{
    (void)state;
    const pl_category *fm = pl_pmks_get(PL_PMKS_FAKIR_MISKIN);
    assert_ptr_equal(pl_pmks_find("24"), fm);
    assert_ptr_equal(pl_pmks_find(" 24 "), fm);
    assert_ptr_equal(pl_pmks_find("fakir_miskin"), fm);
    assert_ptr_equal(pl_pmks_find("Fakir Miskin"), fm);
    assert_ptr_equal(pl_pmks_find(" FAKIR  MISKIN "), fm);
    assert_ptr_equal(pl_pmks_find("KAT"), pl_pmks_get(26));
    assert_ptr_equal(pl_pmks_find("ODHA"), pl_pmks_get(16));
    assert_ptr_equal(pl_pmks_find("orang dengan hiv aids"), pl_pmks_get(16));
    assert_ptr_equal(pl_pmks_find("1"), pl_pmks_get(1));
    assert_ptr_equal(pl_pmks_find("26"), pl_pmks_get(26));
    assert_null(pl_pmks_find("0"));
    assert_null(pl_pmks_find("27"));
    assert_null(pl_pmks_find("24a"));
    assert_null(pl_pmks_find("fakir"));
    assert_null(pl_pmks_find("fakirmiskin"));
    assert_null(pl_pmks_find(""));
    assert_null(pl_pmks_find(NULL));
}

static void test_psks(void **state)
{
    (void)state;
    for (int code = 1; code <= PL_PSKS_COUNT; code++) {
        const pl_category *c = pl_psks_get(code);
        assert_non_null(c);
        assert_int_equal(c->code, code);
        assert_ptr_equal(pl_psks_find(c->slug), c);
        assert_ptr_equal(pl_psks_find(c->name), c);
        assert_ptr_equal(pl_psks_find(c->short_name), c);
    }
    assert_null(pl_psks_get(0));
    assert_null(pl_psks_get(13));
    assert_ptr_equal(pl_psks_find("Tagana"), pl_psks_get(PL_PSKS_TAGANA));
    assert_ptr_equal(pl_psks_find("taruna siaga bencana"), pl_psks_get(3));
    assert_ptr_equal(pl_psks_find("LKS"), pl_psks_get(PL_PSKS_LKS));
    assert_ptr_equal(pl_psks_find("TKSK"), pl_psks_get(PL_PSKS_TKSK));
    assert_ptr_equal(pl_psks_find("psm"), pl_psks_get(2));
    assert_ptr_equal(pl_psks_find("Karang Taruna"), pl_psks_get(5));
    assert_ptr_equal(pl_psks_find("12"), pl_psks_get(12));
    assert_null(pl_psks_find("13"));
    assert_string_equal(pl_psks_get(PL_PSKS_TKSK)->name, "Tenaga Kesejahteraan Sosial Kecamatan");

    static const pl_applies_to want[PL_PSKS_COUNT + 1] = {
        [1] = PL_APPLIES_PERSON,       [2] = PL_APPLIES_PERSON,
        [3] = PL_APPLIES_PERSON,       [4] = PL_APPLIES_ORGANISATION,
        [5] = PL_APPLIES_ORGANISATION, [6] = PL_APPLIES_ORGANISATION,
        [7] = PL_APPLIES_HOUSEHOLD,    [8] = PL_APPLIES_ORGANISATION,
        [9] = PL_APPLIES_PERSON,       [10] = PL_APPLIES_PERSON,
        [11] = PL_APPLIES_PERSON,      [12] = PL_APPLIES_ORGANISATION,
    };
    for (int code = 1; code <= PL_PSKS_COUNT; code++)
        assert_int_equal(pl_psks_get(code)->applies_to, want[code]);
}

static void test_applies_label(void **state)
{
    (void)state;
    assert_string_equal(pl_applies_to_label(PL_APPLIES_PERSON), "orang");
    assert_string_equal(pl_applies_to_label(PL_APPLIES_HOUSEHOLD), "keluarga");
    assert_string_equal(pl_applies_to_label(PL_APPLIES_COMMUNITY), "komunitas");
    assert_string_equal(pl_applies_to_label(PL_APPLIES_ORGANISATION), "lembaga");
    assert_string_equal(pl_applies_to_label(PL_APPLIES__MAX), "");
}

static void test_disability(void **state)
{
    (void)state;
    static const char *slugs[] = {"fisik",          "intelektual",     "mental", "sensorik_netra",
                                  "sensorik_rungu", "sensorik_wicara", "ganda"};
    assert_int_equal(pl_disability_count(), 7);
    for (size_t i = 0; i < 7; i++) {
        const pl_disability *d = pl_disability_at(i);
        assert_non_null(d);
        assert_string_equal(d->slug, slugs[i]);
        assert_ptr_equal(pl_disability_find(d->slug), d);
        assert_ptr_equal(pl_disability_find(d->label), d);
    }
    assert_null(pl_disability_at(7));
    assert_string_equal(pl_disability_find("FISIK")->slug, "fisik");
    assert_string_equal(pl_disability_find("disabilitas fisik")->slug, "fisik");
    assert_string_equal(pl_disability_find("Sensorik Netra")->slug, "sensorik_netra");
    assert_string_equal(pl_disability_find("tuna netra")->slug, "sensorik_netra");
    assert_string_equal(pl_disability_find("multi")->slug, "ganda");
    assert_null(pl_disability_find("sensorik"));
    assert_null(pl_disability_find(""));
    assert_null(pl_disability_find(NULL));
}

/* The age and sex rules of PMKS categories: elderly neglect at 48 asks, at 60 fits. */
static void test_pmks_person_fit(void **state)
{
    (void)state;
    char msg[300];
    pl_date on = {2026, 12, 6};
    pl_date b48 = {1978, 8, 17}, b60 = {1966, 12, 6}, b59 = {1966, 12, 7}, kid = {2023, 1, 1};
    assert_int_equal(pl_pmks_person_fit(msg, sizeof msg, PL_PMKS_LANSIA_TERLANTAR, &b48, 'L', &on),
                     1);
    assert_non_null(strstr(msg, "Lanjut Usia Terlantar"));
    assert_non_null(strstr(msg, "60 tahun ke atas"));
    assert_non_null(strstr(msg, "berumur 48 tahun pada 6 Desember 2026"));
    assert_int_equal(pl_pmks_person_fit(msg, sizeof msg, PL_PMKS_LANSIA_TERLANTAR, &b60, 'P', &on),
                     0);
    assert_string_equal(msg, "");
    assert_int_equal(pl_pmks_person_fit(msg, sizeof msg, PL_PMKS_LANSIA_TERLANTAR, &b59, 'P', &on),
                     1);
    /* children's categories: under 18 (balita under 5) */
    assert_int_equal(pl_pmks_person_fit(msg, sizeof msg, 1, &kid, 'L', &on), 0);
    assert_int_equal(pl_pmks_person_fit(msg, sizeof msg, 1, &b48, 'L', &on), 1);
    assert_int_equal(pl_pmks_person_fit(msg, sizeof msg, 2, &kid, 'L', &on), 1); /* 3 years */
    assert_int_equal(pl_pmks_person_fit(msg, sizeof msg, 4, &b48, 'L', &on), 1);
    /* PRSE: women 18..59 */
    assert_int_equal(pl_pmks_person_fit(msg, sizeof msg, 23, &b48, 'L', &on), 1);
    assert_non_null(strstr(msg, "laki-laki"));
    assert_int_equal(pl_pmks_person_fit(msg, sizeof msg, 23, &b48, 'P', &on), 0);
    /* no rule: fakir miskin, disabilitas; unknown code; a birth after the date */
    assert_int_equal(pl_pmks_person_fit(msg, sizeof msg, PL_PMKS_FAKIR_MISKIN, &kid, 'L', &on), 0);
    assert_int_equal(pl_pmks_person_fit(msg, sizeof msg, PL_PMKS_DISABILITAS, &kid, 'L', &on), 0);
    assert_int_equal(pl_pmks_person_fit(msg, sizeof msg, 99, &b48, 'L', &on), 0);
    pl_date later = {2030, 1, 1};
    assert_int_equal(pl_pmks_person_fit(msg, sizeof msg, 1, &later, 'L', &on), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pmks_table),      cmocka_unit_test(test_pmks_applies_to),
        cmocka_unit_test(test_pmks_find),       cmocka_unit_test(test_psks),
        cmocka_unit_test(test_applies_label),   cmocka_unit_test(test_disability),
        cmocka_unit_test(test_pmks_person_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
