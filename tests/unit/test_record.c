/* test_record.c - the canonical row: header aliases and row validation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/record.h"
#include "domain/relationship.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

static bool fake_exists(void *ctx, const char *dotted)
{
    static const char *const known[] = {
        "64", "64.74", "64.74.01", "64.74.01.1001", "64.74.01.1002",
        "65", "65.01", "65.01.01", "65.01.01.2001",
    };
    (void)ctx;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(known[i], dotted) == 0)
            return true;
    return false;
}

static const pl_region_known tree = {fake_exists, NULL};
static const pl_date today = {2025, 6, 1};

/* A valid row for a woman born 5 June 1990 in Bontang Utara. */
static void valid_row(const char *f[PL_COL__MAX])
{
    memset(f, 0, PL_COL__MAX * sizeof f[0]);
    f[PL_COL_NIK] = " 6474014506900001 ";
    f[PL_COL_NO_KK] = "6474011506200001";
    f[PL_COL_NAMA] = "  Siti Aminah ";
    f[PL_COL_TEMPAT_LAHIR] = "Bontang";
    f[PL_COL_TANGGAL_LAHIR] = "05-06-1990";
    f[PL_COL_JENIS_KELAMIN] = "Perempuan";
    f[PL_COL_HUBUNGAN] = "Istri";
    f[PL_COL_NAMA_IBU] = "Fatimah";
    f[PL_COL_ALAMAT] = "Jl. Mawar 1";
    f[PL_COL_RT] = "1";
    f[PL_COL_RW] = "02";
    f[PL_COL_KODE_DESA] = "6474011001";
    f[PL_COL_PMKS] = "24; 9@2020-01-01; 24";
    f[PL_COL_DISABILITAS] = "fisik";
    f[PL_COL_LATITUDE] = "0,1333";
    f[PL_COL_LONGITUDE] = "117,5";
}

static int has_problem(const pl_record_problems *p, pl_col col)
{
    int n = 0;
    for (int i = 0; i < p->n; i++)
        n += p->items[i].col == col;
    return n;
}

static const char *problem_text(const pl_record_problems *p, pl_col col)
{
    for (int i = 0; i < p->n; i++)
        if (p->items[i].col == col)
            return p->items[i].message;
    return "";
}

static void test_col_find(void **state)
{
    (void)state;
    /* Every canonical name finds its own column. */
    for (int c = 0; c < PL_COL__MAX; c++)
        assert_int_equal(pl_col_find(pl_col_name((pl_col)c)), c);
    assert_string_equal(pl_col_name(PL_COL_NO_KK), "no_kk");
    assert_string_equal(pl_col_name(PL_COL_KODE_DESA), "kode_desa");
    assert_string_equal(pl_col_name(PL_COL__MAX), "");
    /* Aliases seen in real spreadsheets. */
    assert_int_equal(pl_col_find("NIK"), PL_COL_NIK);
    assert_int_equal(pl_col_find("No. NIK"), PL_COL_NIK);
    assert_int_equal(pl_col_find(" n i k "), PL_COL_NIK);
    assert_int_equal(pl_col_find("No KK"), PL_COL_NO_KK);
    assert_int_equal(pl_col_find("Nomor Kartu Keluarga"), PL_COL_NO_KK);
    assert_int_equal(pl_col_find("NAMA LENGKAP"), PL_COL_NAMA);
    assert_int_equal(pl_col_find("TGL LAHIR"), PL_COL_TANGGAL_LAHIR);
    assert_int_equal(pl_col_find("Tgl. Lahir"), PL_COL_TANGGAL_LAHIR);
    assert_int_equal(pl_col_find("Tempat Lahir"), PL_COL_TEMPAT_LAHIR);
    assert_int_equal(pl_col_find("JK"), PL_COL_JENIS_KELAMIN);
    assert_int_equal(pl_col_find("SHDK"), PL_COL_HUBUNGAN);
    assert_int_equal(pl_col_find("Nama Ibu Kandung"), PL_COL_NAMA_IBU);
    assert_int_equal(pl_col_find("Kode Desa/Kel"), PL_COL_KODE_DESA);
    assert_int_equal(pl_col_find("PPKS"), PL_COL_PMKS);
    assert_int_equal(pl_col_find("Jenis Disabilitas"), PL_COL_DISABILITAS);
    assert_int_equal(pl_col_find("Lat"), PL_COL_LATITUDE);
    assert_int_equal(pl_col_find("Long"), PL_COL_LONGITUDE);
    /* Not columns. */
    assert_int_equal(pl_col_find(""), -1);
    assert_int_equal(pl_col_find("---"), -1);
    assert_int_equal(pl_col_find("Keterangan"), -1);
    assert_int_equal(pl_col_find("NIKA"), -1);
}

/* The API key of each column is English; the CSV header name stays Bahasa Indonesia. */
static void test_col_key(void **state)
{
    (void)state;
    static const char *const want[PL_COL__MAX] = {
        "nik",          "kk",          "name",     "birth_place", "birth_date",   "sex",
        "relationship", "mother_name", "address",  "rt",          "rw",           "village_code",
        "categories",   "disability",  "latitude", "longitude",   "no_nik_reason"};
    for (int c = 0; c < PL_COL__MAX; c++) {
        assert_string_equal(pl_col_key((pl_col)c), want[c]);
        assert_string_equal(pl_field_key(pl_col_name((pl_col)c)), want[c]);
        assert_string_equal(pl_field_key(want[c]), want[c]);
    }
    assert_string_equal(pl_col_name(PL_COL_NO_KK), "no_kk");
    assert_string_equal(pl_field_key("tanggal_meninggal"), "death_date");
    assert_string_equal(pl_field_key("kategori"), "category");
    assert_string_equal(pl_field_key("berlaku_dari"), "valid_from");
    assert_string_equal(pl_field_key("berlaku_sampai"), "valid_to");
    assert_string_equal(pl_field_key("version"), "version");
    assert_string_equal(pl_field_key(""), "");
    assert_string_equal(pl_col_key(PL_COL__MAX), "");
}

/* An empty NIK with a reason (code or label) is a person without NIK; no KK then too. */
static void test_no_nik(void **state)
{
    (void)state;
    const char *f[PL_COL__MAX];
    pl_record r;
    pl_record_problems p;
    valid_row(f);
    f[PL_COL_NIK] = "";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), PL_EINVAL);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.items[0].col, PL_COL_NIK);
    assert_non_null(strstr(p.items[0].message, "alasan_tanpa_nik"));
    f[PL_COL_ALASAN_TANPA_NIK] = "Anak Belum Ber-NIK";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), 0);
    assert_string_equal(r.nik, "");
    assert_int_equal(r.no_nik_reason, PL_NONIK_ANAK);
    assert_string_equal(r.kk, "6474011506200001");
    f[PL_COL_NO_KK] = "  ";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), 0);
    assert_string_equal(r.kk, "");
    f[PL_COL_ALASAN_TANPA_NIK] = "lupa";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), PL_EINVAL);
    assert_true(has_problem(&p, PL_COL_ALASAN_TANPA_NIK));
    assert_false(has_problem(&p, PL_COL_NO_KK)); /* the reason is the problem, not the KK */
    /* A NIK wins over a reason; the KK is required again. */
    valid_row(f);
    f[PL_COL_ALASAN_TANPA_NIK] = "kat";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), 0);
    assert_int_equal(r.no_nik_reason, PL_NONIK_NONE);
    f[PL_COL_NO_KK] = "";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), PL_EINVAL);
    assert_true(has_problem(&p, PL_COL_NO_KK));
    /* The header the data generator writes. */
    assert_int_equal(pl_col_find("alasan_tanpa_nik"), PL_COL_ALASAN_TANPA_NIK);
    assert_int_equal(pl_col_find("Alasan Tanpa NIK"), PL_COL_ALASAN_TANPA_NIK);
}

static void test_valid_row(void **state)
{
    (void)state;
    const char *f[PL_COL__MAX];
    valid_row(f);
    pl_record r;
    pl_record_problems p;
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), 0);
    assert_int_equal(p.n, 0);
    assert_int_equal(p.n_notes, 0);
    assert_string_equal(r.nik, "6474014506900001");
    assert_string_equal(r.kk, "6474011506200001");
    assert_string_equal(r.name, "Siti Aminah");
    assert_int_equal(r.birth.year, 1990);
    assert_int_equal(r.birth.month, 6);
    assert_int_equal(r.birth.day, 5);
    assert_int_equal(r.sex, 'P');
    assert_int_equal(r.relationship, PL_REL_PASANGAN);
    assert_string_equal(r.rt, "001");
    assert_string_equal(r.rw, "002");
    assert_string_equal(r.village, "64.74.01.1001");
    assert_int_equal(r.n_pmks, 2); /* the repeated 24 counts once */
    assert_int_equal(r.pmks[0].code, 24);
    assert_false(r.pmks[0].has_since);
    assert_int_equal(r.pmks[1].code, 9);
    assert_true(r.pmks[1].has_since);
    assert_int_equal(r.pmks[1].since.year, 2020);
    assert_string_equal(r.disability, "fisik");
    assert_true(r.has_coord);
    assert_true(r.lat > 0.1332 && r.lat < 0.1334);
    assert_true(r.lon > 117.49 && r.lon < 117.51);
    assert_int_equal(r.flags, 0);
    /* Relationship may be empty: lainnya. */
    f[PL_COL_HUBUNGAN] = "";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), 0);
    assert_int_equal(r.relationship, PL_REL_LAINNYA);
}

static void test_required(void **state)
{
    (void)state;
    const char *f[PL_COL__MAX] = {0};
    pl_record r;
    pl_record_problems p;
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), PL_EINVAL);
    assert_int_equal(p.n, 6);
    assert_int_equal(has_problem(&p, PL_COL_NIK), 1);
    assert_int_equal(has_problem(&p, PL_COL_NO_KK), 1);
    assert_int_equal(has_problem(&p, PL_COL_NAMA), 1);
    assert_int_equal(has_problem(&p, PL_COL_TANGGAL_LAHIR), 1);
    assert_int_equal(has_problem(&p, PL_COL_JENIS_KELAMIN), 1);
    assert_int_equal(has_problem(&p, PL_COL_KODE_DESA), 1);
    assert_non_null(strstr(problem_text(&p, PL_COL_NIK), "wajib"));
    /* Whitespace only is empty too. */
    const char *g[PL_COL__MAX];
    valid_row(g);
    g[PL_COL_NAMA] = "   ";
    assert_int_equal(pl_record_validate(&r, &p, g, &tree, &today), PL_EINVAL);
    assert_int_equal(p.n, 1);
    assert_int_equal(has_problem(&p, PL_COL_NAMA), 1);
}

static void test_every_problem_reported(void **state)
{
    (void)state;
    const char *f[PL_COL__MAX];
    valid_row(f);
    f[PL_COL_NIK] = "6.47401E+15";
    f[PL_COL_TANGGAL_LAHIR] = "31-02-1990";
    f[PL_COL_JENIS_KELAMIN] = "X";
    f[PL_COL_HUBUNGAN] = "tetangga";
    f[PL_COL_RT] = "0001";
    f[PL_COL_RW] = "1a";
    f[PL_COL_PMKS] = "99;9@2030-01-01;8@kemarin";
    f[PL_COL_DISABILITAS] = "lainnya sekali";
    pl_record r;
    pl_record_problems p;
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), PL_EINVAL);
    assert_int_equal(has_problem(&p, PL_COL_NIK), 1);
    assert_non_null(strstr(problem_text(&p, PL_COL_NIK), "Excel"));
    assert_int_equal(has_problem(&p, PL_COL_TANGGAL_LAHIR), 1);
    assert_int_equal(has_problem(&p, PL_COL_JENIS_KELAMIN), 1);
    assert_non_null(strstr(problem_text(&p, PL_COL_JENIS_KELAMIN), "'X'"));
    assert_int_equal(has_problem(&p, PL_COL_HUBUNGAN), 1);
    assert_int_equal(has_problem(&p, PL_COL_RT), 1);
    assert_int_equal(has_problem(&p, PL_COL_RW), 1);
    assert_int_equal(has_problem(&p, PL_COL_PMKS), 3);
    assert_int_equal(has_problem(&p, PL_COL_DISABILITAS), 1);
    assert_int_equal(p.n, 10);
    char joined[2048];
    pl_record_problems_join(joined, sizeof joined, &p, false);
    assert_non_null(strstr(joined, "nik: "));
    assert_non_null(strstr(joined, "; tanggal_lahir: "));
    assert_non_null(strstr(joined, "; rt: "));
    /* A small buffer is cut, never overrun. */
    char small[16];
    memset(small, 'z', sizeof small);
    pl_record_problems_join(small, sizeof small, &p, false);
    assert_int_equal(strlen(small), sizeof small - 1);
}

static void test_dates_and_places(void **state)
{
    (void)state;
    const char *f[PL_COL__MAX];
    pl_record r;
    pl_record_problems p;
    valid_row(f);
    f[PL_COL_TANGGAL_LAHIR] = "2025-06-02"; /* tomorrow */
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), PL_EINVAL);
    assert_non_null(strstr(problem_text(&p, PL_COL_TANGGAL_LAHIR), "masa depan"));
    f[PL_COL_TANGGAL_LAHIR] = "1850-01-01";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), PL_EINVAL);
    assert_int_equal(has_problem(&p, PL_COL_TANGGAL_LAHIR), 1);
    /* Unknown village in the tree, and a district code where a village belongs. */
    valid_row(f);
    f[PL_COL_KODE_DESA] = "64.74.01.1999";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), PL_EINVAL);
    assert_non_null(strstr(problem_text(&p, PL_COL_KODE_DESA), "tidak ada"));
    f[PL_COL_KODE_DESA] = "64.74.01";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), PL_EINVAL);
    assert_int_equal(has_problem(&p, PL_COL_KODE_DESA), 1);
    /* Without a tree the village is only checked for form. */
    f[PL_COL_KODE_DESA] = "64.74.01.1999";
    assert_int_equal(pl_record_validate(&r, &p, f, NULL, &today), 0);
    /* Coordinates: both or neither, inside Indonesia, swapped ones named. */
    valid_row(f);
    f[PL_COL_LONGITUDE] = "";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), PL_EINVAL);
    assert_int_equal(has_problem(&p, PL_COL_LONGITUDE), 1);
    f[PL_COL_LATITUDE] = "117.5";
    f[PL_COL_LONGITUDE] = "0.1333";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), PL_EINVAL);
    assert_non_null(strstr(problem_text(&p, PL_COL_LATITUDE), "tertukar"));
    assert_false(r.has_coord);
    f[PL_COL_LATITUDE] = "utara";
    f[PL_COL_LONGITUDE] = "117.5";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), PL_EINVAL);
    assert_int_equal(has_problem(&p, PL_COL_LATITUDE), 1);
    f[PL_COL_LATITUDE] = "";
    f[PL_COL_LONGITUDE] = NULL;
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), 0);
    assert_false(r.has_coord);
}

static void test_flags(void **state)
{
    (void)state;
    const char *f[PL_COL__MAX];
    pl_record r;
    pl_record_problems p;
    /* The stated birth date disagrees with the NIK: kept, flagged, noted. */
    valid_row(f);
    f[PL_COL_TANGGAL_LAHIR] = "1990-06-06";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), 0);
    assert_int_equal(r.flags, PL_RECORD_FLAG_BIRTHDATE);
    assert_int_equal(p.n_notes, 1);
    assert_int_equal(p.notes[0].col, PL_COL_TANGGAL_LAHIR);
    char joined[512];
    pl_record_problems_join(joined, sizeof joined, &p, true);
    assert_non_null(strstr(joined, "tanggal_lahir: "));
    /* Sex disagrees. */
    valid_row(f);
    f[PL_COL_JENIS_KELAMIN] = "L";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), 0);
    assert_int_equal(r.flags, PL_RECORD_FLAG_SEX);
    assert_int_equal(r.sex, 'L');
    /* A former (pre-2012 Bulungan) region code is valid and flagged. */
    valid_row(f);
    f[PL_COL_NIK] = "6404014506900001";
    assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), 0);
    assert_int_equal(r.flags, PL_RECORD_FLAG_FORMER);
    assert_int_equal(p.n_notes, 1);
    assert_int_equal(p.notes[0].col, PL_COL_NIK);
    /* Sex words. */
    valid_row(f);
    const char *const women[] = {"P", "p", "Pr", "WANITA", " perempuan "};
    for (size_t i = 0; i < sizeof women / sizeof women[0]; i++) {
        f[PL_COL_JENIS_KELAMIN] = women[i];
        assert_int_equal(pl_record_validate(&r, &p, f, &tree, &today), 0);
        assert_int_equal(r.sex, 'P');
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_col_find),         cmocka_unit_test(test_col_key),
        cmocka_unit_test(test_valid_row),        cmocka_unit_test(test_no_nik),
        cmocka_unit_test(test_required),         cmocka_unit_test(test_every_problem_reported),
        cmocka_unit_test(test_dates_and_places), cmocka_unit_test(test_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
