/* test_pmt.c - the proxy-means test: values, scores and deciles against hand computation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/pmt.h"
#include "util/error.h"

#include <string.h>

/* The model of the hand computation: 10 - 2 x [floor is earth] + 0.01 x floor area + 1.5 x fridge.
 */
static void small_model(pl_pmt_model *m)
{
    char why[128];
    memset(m, 0, sizeof *m);
    m->intercept = 10;
    assert_int_equal(pl_pmt_model_term(m, PL_PMT_LANTAI, pl_pmt_option_find(PL_PMT_LANTAI, "tanah"),
                                       -2, why, sizeof why),
                     0);
    assert_int_equal(pl_pmt_model_term(m, PL_PMT_LUAS_LANTAI, -1, 0.01, why, sizeof why), 0);
    assert_int_equal(pl_pmt_model_term(m, PL_PMT_LEMARI_ES, -1, 1.5, why, sizeof why), 0);
}

static pl_pmt_values household(const char *floor, double area, int fridge)
{
    pl_pmt_values v;
    memset(&v, 0, sizeof v);
    v.v[PL_PMT_LANTAI] = pl_pmt_option_find(PL_PMT_LANTAI, floor);
    v.has[PL_PMT_LANTAI] = true;
    v.v[PL_PMT_LUAS_LANTAI] = area;
    v.has[PL_PMT_LUAS_LANTAI] = true;
    v.v[PL_PMT_LEMARI_ES] = fridge;
    v.has[PL_PMT_LEMARI_ES] = true;
    return v;
}

static void test_scores_and_deciles_by_hand(void **state)
{
    (void)state;
    pl_pmt_model m;
    small_model(&m);
    static const struct {
        const char *floor;
        double area;
        int fridge;
        double score; /* by hand */
        int decile;   /* by hand: rank by score among the ten */
    } hh[10] = {
        {"tanah", 20, 0, 8.2, 2},       {"keramik", 100, 1, 12.5, 9}, {"tanah", 30, 0, 8.3, 3},
        {"keramik", 50, 0, 10.5, 7},    {"tanah", 10, 1, 9.6, 5},     {"keramik", 200, 1, 13.5, 10},
        {"semen_bata", 40, 0, 10.4, 6}, {"tanah", 60, 0, 8.6, 4},     {"keramik", 80, 1, 12.3, 8},
        {"tanah", 15, 0, 8.15, 1},
    };
    pl_pmt_ranked r[10];
    for (int i = 0; i < 10; i++) {
        pl_pmt_values v = household(hh[i].floor, hh[i].area, hh[i].fridge);
        double c[PL_PMT_VAR__MAX];
        double s = pl_pmt_score(&m, &v, c);
        assert_float_equal(s, hh[i].score, 1e-9);
        r[i] = (pl_pmt_ranked){i + 1, s, 0};
    }
    pl_pmt_deciles(r, 10);
    for (int i = 0; i < 10; i++)
        assert_int_equal(r[i].decile, hh[r[i].household_id - 1].decile);
}

static void test_deciles_uneven_and_ties(void **state)
{
    (void)state;
    /* 7 households, all the same score: ranked by id; decile = rank * 10 / 7 + 1. */
    pl_pmt_ranked r[7];
    for (int i = 0; i < 7; i++)
        r[i] = (pl_pmt_ranked){70 - i, 1.0, 0};
    pl_pmt_deciles(r, 7);
    static const int want[7] = {1, 2, 3, 5, 6, 8, 9};
    for (int i = 0; i < 7; i++) {
        assert_int_equal(r[i].household_id, 64 + i);
        assert_int_equal(r[i].decile, want[i]);
    }
}

static void test_explain(void **state)
{
    (void)state;
    pl_pmt_model m;
    small_model(&m);
    pl_pmt_values v = household("tanah", 20, 0);
    double c[PL_PMT_VAR__MAX];
    pl_pmt_score(&m, &v, c);
    int top[3];
    assert_int_equal(pl_pmt_explain(top, 3, c), 2); /* the fridge contributes 0 */
    assert_int_equal(top[0], PL_PMT_LANTAI);
    assert_int_equal(top[1], PL_PMT_LUAS_LANTAI);
    char line[256];
    pl_pmt_explain_text(line, sizeof line, top[0], v.v[top[0]], c[top[0]]);
    assert_string_equal(line, "Jenis lantai terluas: Tanah (menurunkan skor 2)");
}

static void test_values(void **state)
{
    (void)state;
    double x;
    bool known;
    char why[256];
    assert_int_equal(pl_pmt_value_parse(&x, &known, PL_PMT_LANTAI, "Keramik", why, sizeof why), 0);
    assert_true(known);
    assert_int_equal((int)x, pl_pmt_option_find(PL_PMT_LANTAI, "keramik"));
    assert_int_equal(pl_pmt_value_parse(&x, &known, PL_PMT_LANTAI, "plastik", why, sizeof why),
                     PL_EINVAL);
    assert_int_equal(pl_pmt_value_parse(&x, &known, PL_PMT_LUAS_LANTAI, "12,5", why, sizeof why),
                     0);
    assert_float_equal(x, 12.5, 1e-12);
    assert_int_equal(pl_pmt_value_parse(&x, &known, PL_PMT_SEPEDA_MOTOR, "1.5", why, sizeof why),
                     PL_EINVAL);
    assert_int_equal(pl_pmt_value_parse(&x, &known, PL_PMT_MOBIL, "ya", why, sizeof why), 0);
    assert_float_equal(x, 1, 0);
    assert_int_equal(pl_pmt_value_parse(&x, &known, PL_PMT_MOBIL, "", why, sizeof why), 0);
    assert_false(known);
    assert_int_equal(pl_pmt_value_parse(&x, &known, PL_PMT_JUMLAH_ANGGOTA, "3", why, sizeof why),
                     PL_EINVAL); /* computed, never entered */
    /* Computed from the members: 4 living, 2 of working age, 1 of them working. */
    pl_pmt_values v = household("tanah", 20, 0);
    v.v[PL_PMT_ANGGOTA_BEKERJA] = 1;
    v.has[PL_PMT_ANGGOTA_BEKERJA] = true;
    pl_pmt_members mem = {4, 2, 2, 1, true, true};
    pl_pmt_derive(&v, &mem);
    assert_float_equal(v.v[PL_PMT_LUAS_PER_KAPITA], 5, 1e-12);
    assert_float_equal(v.v[PL_PMT_RASIO_BEKERJA], 0.5, 1e-12);
    assert_float_equal(v.v[PL_PMT_RASIO_TANGGUNGAN], 1, 1e-12);
    assert_float_equal(v.v[PL_PMT_KEPALA_PEREMPUAN], 1, 0);
    /* A model term twice, an option on a number, none on an enumeration. */
    pl_pmt_model m;
    small_model(&m);
    assert_int_equal(pl_pmt_model_term(&m, PL_PMT_LUAS_LANTAI, -1, 1, why, sizeof why), PL_EINVAL);
    assert_int_equal(pl_pmt_model_term(&m, PL_PMT_LUAS_LANTAI, 0, 1, why, sizeof why), PL_EINVAL);
    assert_int_equal(pl_pmt_model_term(&m, PL_PMT_ATAP, -1, 1, why, sizeof why), PL_EINVAL);
    assert_string_equal(pl_pmt_band(3), "Desil 1–4");
    assert_string_equal(pl_pmt_band(0), "Belum diperingkat");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scores_and_deciles_by_hand),
        cmocka_unit_test(test_deciles_uneven_and_ties),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
