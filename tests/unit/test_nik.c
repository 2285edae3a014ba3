#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/nik.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

#define BIT(p) (1u << (p))

/* A small current tree: Bontang and Tarakan with a few districts, Bulungan. */
static bool fake_exists(void *ctx, const char *dotted)
{
    static const char *const known[] = {
        "64", "64.74", "64.74.01", "64.74.02", "64.71",    "64.71.01",
        "65", "65.01", "65.01.05", "65.71",    "65.71.02",
    };
    int *calls = ctx;
    if (calls)
        (*calls)++;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(known[i], dotted) == 0)
            return true;
    return false;
}

static pl_region_known tree = {fake_exists, NULL};

static pl_nik_info check(const char *text)
{
    pl_nik_info info;
    assert_int_equal(pl_nik_check(&info, PL_IDNUM_NIK, text, &tree), 0);
    return info;
}

static pl_nik_info check_kk(const char *text)
{
    pl_nik_info info;
    assert_int_equal(pl_nik_check(&info, PL_IDNUM_KK, text, &tree), 0);
    return info;
}

static void message(char *out, size_t cap, const pl_nik_info *info, pl_nik_problem p)
{
    pl_nik_problem_message(out, cap, info, p);
}

static void test_valid_man(void **state)
{
    (void)state;
    pl_nik_info i = check("6474011203850001");
    assert_true(i.valid);
    assert_int_equal(i.problems, 0);
    assert_string_equal(i.digits, "6474011203850001");
    assert_int_equal(i.sex, 'L');
    assert_int_equal(i.day, 12);
    assert_int_equal(i.month, 3);
    assert_int_equal(i.yy, 85);
    assert_int_equal(i.n_dates, 2);
    assert_int_equal(i.dates[0].year, 1985);
    assert_int_equal(i.dates[1].year, 2085);
    assert_int_equal(i.dates[0].month, 3);
    assert_int_equal(i.dates[0].day, 12);
    assert_string_equal(i.region_code, "64.74.01");
    assert_string_equal(i.current_code, "64.74.01");
    assert_int_equal(i.serial, 1);
}

static void test_woman_day_plus_40(void **state)
{
    (void)state;
    pl_nik_info i = check("6474015203850002");
    assert_true(i.valid);
    assert_int_equal(i.sex, 'P');
    assert_int_equal(i.day, 12);
    assert_int_equal(i.dates[0].day, 12);
    assert_int_equal(i.serial, 2);

    i = check("6474014101900003"); /* 1 January */
    assert_true(i.valid);
    assert_int_equal(i.sex, 'P');
    assert_int_equal(i.day, 1);

    i = check("6474017101900003"); /* 31 January */
    assert_true(i.valid);
    assert_int_equal(i.sex, 'P');
    assert_int_equal(i.day, 31);

    i = check("6474017201900003"); /* 72: no such day */
    assert_false(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_DATE));

    i = check("6474013501900003"); /* 35: neither man nor woman */
    assert_false(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_DATE));
    assert_int_equal(i.sex, 0);

    i = check("6474014001900003"); /* 40 = woman's day 0 */
    assert_int_equal(i.problems, BIT(PL_NIK_DATE));

    i = check("6474010001900003");
    assert_int_equal(i.problems, BIT(PL_NIK_DATE));

    i = check("6474017004900003"); /* woman, 30 April */
    assert_true(i.valid);
    i = check("6474017104900003"); /* woman, 31 April */
    assert_int_equal(i.problems, BIT(PL_NIK_DATE));
}

static void test_29_february(void **state)
{
    (void)state;
    /* yy = 00: 1900 is not a leap year, 2000 is. */
    pl_nik_info i = check("6474012902000001");
    assert_true(i.valid);
    assert_int_equal(i.n_dates, 1);
    assert_int_equal(i.dates[0].year, 2000);

    /* Woman, same date. */
    i = check("6474016902000001");
    assert_true(i.valid);
    assert_int_equal(i.sex, 'P');
    assert_int_equal(i.n_dates, 1);
    assert_int_equal(i.dates[0].year, 2000);

    /* yy = 04: both 1904 and 2004 are leap years. */
    i = check("6474012902040001");
    assert_true(i.valid);
    assert_int_equal(i.n_dates, 2);
    assert_int_equal(i.dates[0].year, 1904);
    assert_int_equal(i.dates[1].year, 2004);

    /* yy = 01, 23: neither century is a leap year. */
    i = check("6474012902010001");
    assert_false(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_DATE));
    assert_int_equal(i.n_dates, 0);
    i = check("6474016902230001");
    assert_int_equal(i.problems, BIT(PL_NIK_DATE));

    char msg[256];
    message(msg, sizeof msg, &i, PL_NIK_DATE);
    assert_non_null(strstr(msg, "tanggal lahir dalam NIK tidak valid (29-02-23"));
    assert_non_null(strstr(msg, "kabisat"));
}

static void test_former_region(void **state)
{
    (void)state;
    pl_nik_info i = check("6404051203850001");
    assert_true(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_FORMER_REGION));
    assert_string_equal(i.region_code, "64.04.05");
    assert_string_equal(i.current_code, "65.01.05");

    i = check("6473021203850001");
    assert_true(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_FORMER_REGION));
    assert_string_equal(i.current_code, "65.71.02");

    /* Mapped district not in today's tree: a second warning, still valid. */
    i = check("6473091203850001");
    assert_true(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_FORMER_REGION) | BIT(PL_NIK_DISTRICT_UNKNOWN));

    /* No callback: the built-in former table still applies. */
    pl_nik_info j;
    pl_nik_check(&j, PL_IDNUM_NIK, "6410011203850001", NULL);
    assert_true(j.valid);
    assert_int_equal(j.problems, BIT(PL_NIK_FORMER_REGION));
    assert_string_equal(j.current_code, "65.04.01");

    char msg[256];
    message(msg, sizeof msg, &i, PL_NIK_FORMER_REGION);
    assert_non_null(strstr(msg, "64.73"));
    assert_non_null(strstr(msg, "65.71"));
    assert_non_null(strstr(msg, "Kota Tarakan"));
    assert_true(pl_nik_problem_is_warning(PL_NIK_FORMER_REGION));
    assert_true(pl_nik_problem_is_warning(PL_NIK_DISTRICT_UNKNOWN));
    assert_false(pl_nik_problem_is_warning(PL_NIK_DATE));
    assert_false(pl_nik_problem_is_warning(PL_NIK_EXCEL_DAMAGED));
}

static void test_regions(void **state)
{
    (void)state;
    int calls = 0;
    pl_region_known counting = {fake_exists, &calls};
    pl_nik_info i;

    pl_nik_check(&i, PL_IDNUM_NIK, "9974011203850001", &counting);
    assert_false(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_PROVINCE));
    char msg[256];
    message(msg, sizeof msg, &i, PL_NIK_PROVINCE);
    assert_string_equal(msg, "kode provinsi 99 tidak dikenal");

    /* Regency unknown to the tree. */
    pl_nik_check(&i, PL_IDNUM_NIK, "6499011203850001", &counting);
    assert_true(calls > 0);
    assert_int_equal(i.problems, BIT(PL_NIK_REGENCY));
    message(msg, sizeof msg, &i, PL_NIK_REGENCY);
    assert_string_equal(msg, "kode kabupaten/kota 64.99 tidak dikenal");

    /* Without a callback the compiled official table decides: 64.99 is no regency. */
    pl_nik_check(&i, PL_IDNUM_NIK, "6499011203850001", NULL);
    assert_false(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_REGENCY));
    pl_nik_check(&i, PL_IDNUM_NIK, "6474991203850001", NULL);
    assert_true(i.valid); /* districts are not in the table: no warning either */
    assert_int_equal(i.problems, 0);
    pl_nik_check(&i, PL_IDNUM_NIK, "6503011203850001", NULL);
    assert_true(i.valid);
    pl_nik_check(&i, PL_IDNUM_NIK, "6505011203850001", NULL);
    assert_int_equal(i.problems, BIT(PL_NIK_REGENCY));
    assert_string_equal(pl_region_official_name("64.74"), "Kota Bontang");
    assert_string_equal(pl_region_official_name("65.03"), "Kabupaten Nunukan");
    assert_string_equal(pl_region_official_name("64"), "Kalimantan Timur");
    assert_null(pl_region_official_name("64.99"));
    assert_null(pl_region_official_name("64.74.01"));
    assert_null(pl_region_official_name("64.04")); /* former Bulungan: the former table's */
    assert_null(pl_region_official_name(NULL));
    assert_int_equal(pl_region_official_count(PL_LEVEL_PROVINCE), 38);
    assert_true(pl_region_official_count(PL_LEVEL_REGENCY) >= 514);
    for (int p = 10; p < 100; p++) { /* the province lists agree */
        char pp[3] = {(char)('0' + p / 10), (char)('0' + p % 10), 0};
        assert_int_equal(pl_nik_province_known(pp), pl_region_official_name(pp) != NULL);
    }
    pl_nik_check(&i, PL_IDNUM_NIK, "9974011203850001", NULL);
    assert_int_equal(i.problems, BIT(PL_NIK_PROVINCE));

    /* District unknown: a warning. */
    i = check("6474991203850001");
    assert_true(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_DISTRICT_UNKNOWN));
    message(msg, sizeof msg, &i, PL_NIK_DISTRICT_UNKNOWN);
    assert_non_null(strstr(msg, "64.74.99"));

    /* District 00: an error, with or without a callback. */
    i = check("6474001203850001");
    assert_false(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_DISTRICT));
    pl_nik_check(&i, PL_IDNUM_NIK, "6474001203850001", NULL);
    assert_int_equal(i.problems, BIT(PL_NIK_DISTRICT));

    /* Every province of the 38 is known; 97 and 20 are not. */
    assert_true(pl_nik_province_known("11"));
    assert_true(pl_nik_province_known("65"));
    assert_true(pl_nik_province_known("96"));
    assert_false(pl_nik_province_known("97"));
    assert_false(pl_nik_province_known("20"));
    assert_false(pl_nik_province_known("00"));
    int known = 0;
    for (int p = 0; p < 100; p++) {
        char pp[3];
        snprintf(pp, sizeof pp, "%02d", p);
        known += pl_nik_province_known(pp);
    }
    assert_int_equal(known, 38);
}

static void test_letters_and_spaces(void **state)
{
    (void)state;
    pl_nik_info i = check("64740112O3850001"); /* letter O for zero */
    assert_false(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_NOT_DIGITS));
    assert_string_equal(i.digits, "");

    i = check("NIK belum ada");
    assert_int_equal(i.problems, BIT(PL_NIK_NOT_DIGITS));

    /* Separators between 16 digits: not digits, but the rest is still checked. */
    i = check("6474 0112 0385 0001");
    assert_false(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_NOT_DIGITS));
    assert_string_equal(i.digits, "6474011203850001");
    i = check("6474.0131.0285.0000");
    assert_int_equal(i.problems, BIT(PL_NIK_NOT_DIGITS) | BIT(PL_NIK_DATE) | BIT(PL_NIK_SERIAL));

    /* Leading and trailing whitespace is fine. */
    i = check("  6474011203850001\t\n");
    assert_true(i.valid);
    assert_string_equal(i.digits, "6474011203850001");
    i = check("\xC2\xA0"
              "6474011203850001"
              "\xC2\xA0");
    assert_true(i.valid);

    char msg[256];
    i = check("6474-0112-0385-001");
    assert_int_equal(i.problems, BIT(PL_NIK_NOT_DIGITS) | BIT(PL_NIK_LENGTH));
    message(msg, sizeof msg, &i, PL_NIK_NOT_DIGITS);
    assert_non_null(strstr(msg, "NIK hanya boleh berisi angka"));
    assert_non_null(strstr(msg, "6474-0112-0385-001"));
}

static void test_length(void **state)
{
    (void)state;
    char msg[256];
    pl_nik_info i = check("647401120385001");
    assert_false(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_LENGTH));
    message(msg, sizeof msg, &i, PL_NIK_LENGTH);
    assert_string_equal(msg, "NIK harus 16 digit, terisi 15 digit");

    i = check("64740112038500011");
    assert_int_equal(i.problems, BIT(PL_NIK_LENGTH));
    message(msg, sizeof msg, &i, PL_NIK_LENGTH);
    assert_string_equal(msg, "NIK harus 16 digit, terisi 17 digit");

    i = check("1");
    assert_int_equal(i.problems, BIT(PL_NIK_LENGTH));
}

static void test_excel_damage(void **state)
{
    (void)state;
    const char *damaged[] = {
        "6.47401E+15",         "6,47401E+15",           "6.474011203850001e15",
        "6.47401e+15",         "6474011203850000.0",    "6474011203850000,0",
        "6474011203850000.00", "6.474.011.203.850.000", "6,474,011,203,850,000",
        " 6.47401E+15 ",
    };
    for (size_t k = 0; k < sizeof damaged / sizeof damaged[0]; k++) {
        pl_nik_info i = check(damaged[k]);
        if (i.problems != BIT(PL_NIK_EXCEL_DAMAGED))
            fail_msg("\"%s\": problems %#x", damaged[k], i.problems);
        assert_false(i.valid);
    }

    pl_nik_info i = check("6.47401E+15");
    char msg[256];
    message(msg, sizeof msg, &i, PL_NIK_EXCEL_DAMAGED);
    assert_string_equal(msg, "NIK rusak oleh Excel (tampil sebagai 6.47401E+15): tersimpan "
                             "sebagai angka, hanya 15 digit tersisa; format kolom sebagai Teks "
                             "lalu ketik ulang NIK, atau awali dengan tanda petik (')");
    /* It fits the record's problem message (224 bytes) even for a long KK form. */
    i = check_kk("6.474011203850001e15");
    message(msg, sizeof msg, &i, PL_NIK_EXCEL_DAMAGED);
    assert_true(strlen(msg) < 224);

    /* A real NIK may end in zeros: that alone is not Excel damage. */
    i = check("6474011203851000");
    assert_true(i.valid);
    i = check("6474011203850000");
    assert_int_equal(i.problems, BIT(PL_NIK_SERIAL));
}

/* A number cell: the cause replaces the symptoms (serial 0000), and says how to fix it. */
static void test_number_cell(void **state)
{
    (void)state;
    pl_nik_info i = check("6474010101800000");
    assert_true(i.problems & BIT(PL_NIK_SERIAL));
    pl_nik_mark_number_cell(&i);
    assert_int_equal(i.problems, BIT(PL_NIK_NUMBER_CELL));
    assert_false(i.valid);
    char msg[400];
    message(msg, sizeof msg, &i, PL_NIK_NUMBER_CELL);
    assert_string_equal(msg, "NIK tersimpan sebagai angka, bukan teks (terbaca 6474010101800000): "
                             "Excel hanya menyimpan 15 digit, jadi digit terakhir mungkin sudah "
                             "berubah menjadi 0. Perbaiki: format kolom NIK sebagai Teks lalu "
                             "ketik ulang nomornya, atau ketik dengan tanda petik di depan (')");
    /* A valid-looking number is refused too: its 16th digit cannot be trusted. */
    i = check_kk("6474011203150003");
    assert_true(i.valid);
    pl_nik_mark_number_cell(&i);
    assert_false(i.valid);
    message(msg, sizeof msg, &i, PL_NIK_NUMBER_CELL);
    assert_non_null(strstr(msg, "No. KK tersimpan sebagai angka"));
    assert_string_equal(pl_nik_problem_code(PL_NIK_NUMBER_CELL), "number_cell");
    /* An empty cell stays empty. */
    i = check("");
    pl_nik_mark_number_cell(&i);
    assert_int_equal(i.problems, BIT(PL_NIK_EMPTY));
}

static void test_many_problems(void **state)
{
    (void)state;
    pl_nik_info i = check("6474013102850000");
    assert_false(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_DATE) | BIT(PL_NIK_SERIAL));

    char msg[256];
    message(msg, sizeof msg, &i, PL_NIK_DATE);
    assert_string_equal(msg, "tanggal lahir dalam NIK tidak valid (31-02)");
    message(msg, sizeof msg, &i, PL_NIK_SERIAL);
    assert_string_equal(msg, "nomor urut NIK tidak boleh 0000 (bila pernah tersimpan sebagai "
                             "angka di Excel, digit terakhirnya berubah menjadi 0: ketik ulang "
                             "sebagai teks)");

    i = check("9900003213850000");
    assert_int_equal(i.problems, BIT(PL_NIK_PROVINCE) | BIT(PL_NIK_REGENCY) | BIT(PL_NIK_DISTRICT) |
                                     BIT(PL_NIK_DATE) | BIT(PL_NIK_SERIAL));

    /* Woman's day in the message shows what was written. */
    i = check("6474017102850001");
    message(msg, sizeof msg, &i, PL_NIK_DATE);
    assert_non_null(strstr(msg, "(31-02"));
    assert_non_null(strstr(msg, "71"));
}

static void test_empty(void **state)
{
    (void)state;
    pl_nik_info i = check("");
    assert_int_equal(i.problems, BIT(PL_NIK_EMPTY));
    assert_false(i.valid);
    i = check("   ");
    assert_int_equal(i.problems, BIT(PL_NIK_EMPTY));
    assert_int_equal(pl_nik_check(&i, PL_IDNUM_NIK, NULL, NULL), 0);
    assert_int_equal(i.problems, BIT(PL_NIK_EMPTY));
    char msg[64];
    message(msg, sizeof msg, &i, PL_NIK_EMPTY);
    assert_string_equal(msg, "NIK kosong");
}

static void test_kk(void **state)
{
    (void)state;
    pl_nik_info i = check_kk("6474011203200001");
    assert_true(i.valid);
    assert_int_equal(i.kind, PL_IDNUM_KK);
    assert_int_equal(i.sex, 0);
    assert_int_equal(i.day, 12);
    assert_int_equal(i.dates[1].year, 2020);

    /* No +40 on a family card. */
    i = check_kk("6474015203200001");
    assert_false(i.valid);
    assert_int_equal(i.problems, BIT(PL_NIK_DATE));
    assert_int_equal(i.sex, 0);
    char msg[256];
    message(msg, sizeof msg, &i, PL_NIK_DATE);
    assert_string_equal(msg, "tanggal terbit dalam No. KK tidak valid (52-03)");

    i = check_kk("647401120320000");
    message(msg, sizeof msg, &i, PL_NIK_LENGTH);
    assert_string_equal(msg, "No. KK harus 16 digit, terisi 15 digit");
    i = check_kk("6474011203200000");
    message(msg, sizeof msg, &i, PL_NIK_SERIAL);
    assert_non_null(strstr(msg, "nomor urut No. KK tidak boleh 0000"));
    i = check_kk("6.47401E+15");
    message(msg, sizeof msg, &i, PL_NIK_EXCEL_DAMAGED);
    assert_non_null(strstr(msg, "No. KK rusak oleh Excel"));
    i = check_kk("");
    message(msg, sizeof msg, &i, PL_NIK_EMPTY);
    assert_string_equal(msg, "No. KK kosong");
}

static void test_problem_codes(void **state)
{
    (void)state;
    assert_string_equal(pl_nik_problem_code(PL_NIK_EXCEL_DAMAGED), "excel_damaged");
    assert_string_equal(pl_nik_problem_code(PL_NIK_DATE), "date");
    for (int p = 0; p < PL_NIK_PROBLEM__MAX; p++) {
        assert_non_null(pl_nik_problem_code((pl_nik_problem)p));
        /* Every problem has a message for a NIK and a KK. */
        pl_nik_info i = check("6474013102850000");
        char msg[256];
        message(msg, sizeof msg, &i, (pl_nik_problem)p);
        assert_true(strlen(msg) > 5);
    }
    /* Messages are cut to the buffer. */
    pl_nik_info i = check("6.47401E+15");
    char tiny[8];
    message(tiny, sizeof tiny, &i, PL_NIK_EXCEL_DAMAGED);
    assert_int_equal(strlen(tiny), 7);
}

static void test_mask(void **state)
{
    (void)state;
    char out[17];
    pl_nik_mask(out, "6474011203850001");
    assert_string_equal(out, "6474**********01");
    pl_nik_mask(out, "1234");
    assert_string_equal(out, "****");
    pl_nik_mask(out, "");
    assert_string_equal(out, "");
    pl_nik_mask(out, NULL);
    assert_string_equal(out, "");
}

static void test_compose_round_trip(void **state)
{
    (void)state;
    char nik[17];
    assert_int_equal(pl_nik_compose(nik, "647401", &(pl_date){1985, 3, 12}, 'P', 2), 0);
    assert_string_equal(nik, "6474015203850002");
    assert_int_equal(pl_nik_compose(nik, "647401", &(pl_date){2000, 2, 29}, 'L', 9999), 0);
    assert_string_equal(nik, "6474012902009999");

    /* Every day of 1999..2001 for both sexes parses back. */
    for (long days = pl_date_to_days(&(pl_date){1999, 1, 1});
         days <= pl_date_to_days(&(pl_date){2001, 12, 31}); days += 3) {
        pl_date d;
        pl_date_from_days(&d, days);
        for (int s = 0; s < 2; s++) {
            char sex = s ? 'P' : 'L';
            assert_int_equal(pl_nik_compose(nik, "647402", &d, sex, (int)(days % 9999) + 1), 0);
            pl_nik_info i = check(nik);
            assert_true(i.valid);
            assert_int_equal(i.sex, sex);
            assert_int_equal(i.serial, (int)(days % 9999) + 1);
            pl_date got;
            assert_int_equal(pl_nik_birth_date(&got, &i, &d, NULL), 0);
            assert_int_equal(pl_date_cmp(&got, &d), 0);
        }
    }

    assert_int_equal(pl_nik_compose(nik, "64740", &(pl_date){1985, 3, 12}, 'L', 1), PL_EINVAL);
    assert_int_equal(pl_nik_compose(nik, "64.74.01", &(pl_date){1985, 3, 12}, 'L', 1), PL_EINVAL);
    assert_int_equal(pl_nik_compose(nik, "647401", &(pl_date){1985, 2, 30}, 'L', 1), PL_EINVAL);
    assert_int_equal(pl_nik_compose(nik, "647401", &(pl_date){1985, 3, 12}, 'X', 1), PL_EINVAL);
    assert_int_equal(pl_nik_compose(nik, "647401", &(pl_date){1985, 3, 12}, 'L', 0), PL_EINVAL);
    assert_int_equal(pl_nik_compose(nik, "647401", &(pl_date){1985, 3, 12}, 'L', 10000), PL_EINVAL);
}

static void test_birth_date(void **state)
{
    (void)state;
    pl_date today = {2025, 6, 1}, got;
    pl_nik_info i = check("6474011203100001"); /* 1910 or 2010 */
    assert_int_equal(pl_nik_birth_date(&got, &i, NULL, &today), 0);
    assert_int_equal(got.year, 2010);
    assert_int_equal(pl_nik_birth_date(&got, &i, &(pl_date){1910, 3, 12}, &today), 0);
    assert_int_equal(got.year, 1910);
    /* A stated date that matches no candidate falls back to the latest past one. */
    assert_int_equal(pl_nik_birth_date(&got, &i, &(pl_date){1910, 3, 13}, &today), 0);
    assert_int_equal(got.year, 2010);

    i = check("6474011203300001"); /* 2030 is in the future */
    assert_int_equal(pl_nik_birth_date(&got, &i, NULL, &today), 0);
    assert_int_equal(got.year, 1930);

    i = check("6474013102850001");
    assert_int_equal(pl_nik_birth_date(&got, &i, NULL, &today), PL_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_man),
        cmocka_unit_test(test_woman_day_plus_40),
        cmocka_unit_test(test_29_february),
        cmocka_unit_test(test_former_region),
        cmocka_unit_test(test_regions),
        cmocka_unit_test(test_letters_and_spaces),
        cmocka_unit_test(test_length),
        cmocka_unit_test(test_excel_damage),
        cmocka_unit_test(test_many_problems),
        cmocka_unit_test(test_number_cell),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_kk),
        cmocka_unit_test(test_problem_codes),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_compose_round_trip),
        cmocka_unit_test(test_birth_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
