#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/match.h"
#include "domain/name.h"
#include "gen/gen_tables.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 0.001)

static void test_jaro_winkler_known(void **state)
{
    (void)state;
    /* Winkler's published examples. */
    NEAR(pl_match_jaro_winkler("MARTHA", "MARHTA"), 0.961);
    NEAR(pl_match_jaro_winkler("DWAYNE", "DUANE"), 0.840);
    NEAR(pl_match_jaro_winkler("DIXON", "DICKSONX"), 0.813);
    NEAR(pl_match_jaro_winkler("abc", "abc"), 1.0);
    NEAR(pl_match_jaro_winkler("", ""), 1.0);
    NEAR(pl_match_jaro_winkler("abc", ""), 0.0);
    NEAR(pl_match_jaro_winkler("abc", "xyz"), 0.0);
}

static void expect_key(const char *word, const char *want)
{
    char out[64];
    pl_match_phonetic(out, sizeof out, word);
    if (strcmp(out, want) != 0)
        fail_msg("phonetic(%s) = %s, want %s", word, out, want);
}

static void test_phonetic(void **state)
{
    (void)state;
    expect_key("hermawan", "hrmn");
    expect_key("syamsuddin", "smsdn");
    expect_key("syamsudin", "smsdn");
    expect_key("samsudin", "smsdn");
    expect_key("djoko", "jk");
    expect_key("joko", "jk");
    expect_key("soekarno", "skrn");
    expect_key("sukarno", "skrn");
    expect_key("tjahjadi", "cjd");
    expect_key("khairul", "hrl");
    expect_key("chairul", "hrl");
    expect_key("philipus", "flps");
    expect_key("ani", "an");
    char out[64];
    pl_match_phonetic_name(out, sizeof out, "syamsudin ahmad");
    assert_string_equal(out, "amd smsdn");
    pl_match_phonetic_name(out, sizeof out, "ahmad samsudin");
    assert_string_equal(out, "amd smsdn");
}

static void test_nicknames_match_generator(void **state)
{
    (void)state;
    /* Every formal name the generator shortens must be recognised with its nickname. */
    static const char *const formal[] = {
        "Hermawan",   "Setiawan",    "Kurniawan",    "Suryanti",   "Agustinus",  "Syamsudin",
        "Hasanuddin", "Nur Aini",    "Muhammad",     "Slamet",     "Rahmat",     "Abdullah",
        "Ahmad",      "Susilawati",  "Sulistyowati", "Fransiskus", "Theresia",   "Margaretha",
        "Natalia",    "Saifullah",   "Zulkifli",     "Sofyan",     "Sumarni",    "Nurhayati",
        "Fitriani",   "Kartini",     "Sutrisno",     "Haryanto",   "Heriyanto",  "Supriyadi",
        "Yuliana",    "Rusdiansyah", "Abdurrahman",  "Sulaiman",   "Hendrawan",  "Kristianus",
        "Bonifasius", "Benediktus",  "Wahyuni",      "Rahmawati",  "Suryadi",    "Sugiyanto",
        "Purwanto",   "Agustina",    "Kristina",     "Magdalena",  "Elisabeth",  "Fransiska",
        "Stefanus",   "Yohanes",     "Zainuddin",    "Jamaluddin", "Kamaruddin", "Nurjannah",
        "Handayani",  "Sulistyo",    "Bambang",      "Heru",       "Zubaidah",
    };
    for (size_t i = 0; i < sizeof formal / sizeof formal[0]; i++) {
        size_t at, len;
        const char *nick = gen_name_nickname(formal[i], &at, &len);
        assert_non_null(nick);
        char nn[64], fn[64];
        pl_name_normalize(nn, sizeof nn, nick);
        pl_name_normalize(fn, sizeof fn, formal[i]);
        if (!pl_match_is_nickname(nn, fn))
            fail_msg("%s / %s not recognised", nn, fn);
        unsigned how;
        char a[96], b[96];
        snprintf(a, sizeof a, "%s sitompul", fn);
        snprintf(b, sizeof b, "%s sitompul", nn);
        double s = pl_match_name(a, b, &how);
        if (s < 0.99 || !(how & PL_NAME_NICKNAME))
            fail_msg("name(%s, %s) = %.3f how %u", a, b, s, how);
    }
    assert_false(pl_match_is_nickname("wawan", "kurniawan"));
    assert_false(pl_match_is_nickname("hermawan", "wawan"));
}

static void test_names(void **state)
{
    (void)state;
    unsigned how;
    NEAR(pl_match_name("siti aminah", "siti aminah", &how), 1.0);
    assert_int_equal(how, PL_NAME_EQUAL);
    NEAR(pl_match_name("muhammad ridwan", "ridwan muhammad", &how), 1.0);
    assert_int_equal(how, PL_NAME_ORDER);
    NEAR(pl_match_name("nur aini lestari", "ani lestari", &how), 1.0);
    assert_true(how & PL_NAME_NICKNAME);
    NEAR(pl_match_name("s aminah", "siti aminah", &how), 0.95);
    assert_true(how & PL_NAME_INITIAL);
    /* M. is normalised to muhammad, which then stands for any initial M. */
    NEAR(pl_match_name("muhammad singkat", "martinus singkat", &how), 0.95);
    assert_true(how & PL_NAME_INITIAL);
    double typo = pl_match_name("budi santoso", "budi santosa", &how);
    assert_true(typo > 0.95 && typo < 1.0);
    assert_true(how & PL_NAME_TYPO);
    /* A missing word costs a little; a common one (siti) agreeing says little. */
    double miss = pl_match_name("rahman", "hasan rahman", &how);
    NEAR(miss, 0.925);
    assert_true(how & PL_NAME_MISSING_WORD);
    assert_true(pl_match_name("siti fatimah", "siti handayani", NULL) < 0.8);
    assert_true(pl_match_name("budi", "wati", NULL) < 0.6);
    NEAR(pl_match_name("", "budi", NULL), 0.0);
}

static void test_dates(void **state)
{
    (void)state;
    int k;
    NEAR(pl_match_date("1980-05-12", "1980-05-12", &k), 1.0);
    assert_int_equal(k, PL_DATE_EQUAL);
    NEAR(pl_match_date("1980-05-12", "1980-12-05", &k), 0.9);
    assert_int_equal(k, PL_DATE_SWAPPED);
    NEAR(pl_match_date("1980-05-12", "1980-05-13", &k), 0.85);
    assert_int_equal(k, PL_DATE_ONE_DIGIT);
    NEAR(pl_match_date("1980-05-12", "1930-05-12", &k), 0.85);
    assert_int_equal(k, PL_DATE_ONE_DIGIT);
    NEAR(pl_match_date("1980-05-12", "1980-05-21", &k), 0.8);
    assert_int_equal(k, PL_DATE_TRANSPOSED);
    NEAR(pl_match_date("1980-05-12", "1980-09-30", &k), 0.2);
    assert_int_equal(k, PL_DATE_SAME_YEAR);
    NEAR(pl_match_date("1980-05-12", "1975-09-30", &k), 0.0);
    assert_int_equal(k, PL_DATE_DIFFERENT);
    NEAR(pl_match_date("", "1975-09-30", &k), -1.0);
    assert_int_equal(k, PL_DATE_UNKNOWN);
    NEAR(pl_match_date("12/05/1980", "1980-05-12", &k), -1.0);
}

static void test_nik(void **state)
{
    (void)state;
    int k;
    NEAR(pl_match_nik("6474014512800001", "6474014512800001", &k), 1.0);
    assert_int_equal(k, PL_NIKSIM_EQUAL);
    NEAR(pl_match_nik("6474014512800001", "6474014512800007", &k), 0.6);
    assert_int_equal(k, PL_NIKSIM_ONE_DIGIT);
    NEAR(pl_match_nik("6474014512800001", "6474014521800001", &k), 0.6);
    assert_int_equal(k, PL_NIKSIM_TRANSPOSED);
    NEAR(pl_match_nik("6474014512800001", "6571010101900002", &k), 0.0);
    assert_int_equal(k, PL_NIKSIM_DIFFERENT);
    NEAR(pl_match_nik("", "6571010101900002", &k), -1.0);
    assert_int_equal(k, PL_NIKSIM_UNKNOWN);
    NEAR(pl_match_nik("6.47401E+15", "6474014512800001", &k), -1.0);
}

static pl_match_rec rec(const char *nik, const char *name, const char *bd, char sex,
                        const char *mother, int64_t hh)
{
    return (pl_match_rec){.nik = nik,
                          .name = name,
                          .birth_date = bd,
                          .sex = sex,
                          .mother = mother,
                          .village = "64.74.01.1001",
                          .address = "",
                          .household = hh};
}

static void test_score_duplicates(void **state)
{
    (void)state;
    pl_match_result r;
    /* Wawan, no NIK, in another household: the main case. */
    pl_match_rec a =
        rec("6474010512800001", "hermawan saputra", "1980-12-05", 'L', "siti aminah", 1);
    pl_match_rec b = rec("", "wawan saputra", "1980-12-05", 'L', "siti aminah", 2);
    pl_match_score(&r, &a, &b, 0);
    assert_true(r.score >= 0.9);
    assert_true(r.why & PL_WHY_NICKNAME);
    assert_true(r.why & PL_WHY_NIK_MISSING);
    assert_true(r.why & PL_WHY_MOTHER_EQUAL);
    assert_false(r.exact);
    char text[256];
    pl_match_reasons_text(text, sizeof text, r.why, true);
    assert_non_null(strstr(text, "nickname"));
    pl_match_reasons_text(text, sizeof text, r.why, false);
    assert_non_null(strstr(text, "nama panggilan"));

    /* Typo, swapped day/month and a NIK under another number. */
    b = rec("6474010512800009", "hermawan saputro", "1980-05-12", 'L', "siti aminah", 2);
    pl_match_score(&r, &a, &b, 0);
    assert_true(r.score >= 0.8);
    assert_true(r.why & PL_WHY_DATE_SWAPPED);

    /* Exact: same name, date and mother under two NIKs. */
    b = rec("6474010512800002", "hermawan saputra", "1980-12-05", 'L', "siti aminah", 2);
    pl_match_score(&r, &a, &b, 0);
    assert_true(r.exact);
    assert_true(r.score >= 0.9);
}

static void test_score_not_duplicates(void **state)
{
    (void)state;
    pl_match_result r;
    /* Twins: one household, one date, one mother, different names. */
    pl_match_rec a = rec("6474010512800001", "hasan basri", "1980-12-05", 'L', "siti aminah", 1);
    pl_match_rec b = rec("6474010512800002", "husin basri", "1980-12-05", 'L', "siti aminah", 1);
    pl_match_score(&r, &a, &b, 0);
    assert_true(r.score < 0.7);
    assert_true(r.why & PL_WHY_SAME_HOUSEHOLD);
    /* Same name and date, different mothers: two people. */
    b = rec("6474010512800002", "hasan basri", "1980-12-05", 'L', "rusmiati", 2);
    pl_match_score(&r, &a, &b, 0);
    NEAR(r.score, 0.7);
    /* Different sex. */
    b = rec("", "hasan basri", "1980-12-05", 'P', "siti aminah", 2);
    pl_match_score(&r, &a, &b, 0);
    assert_true(r.score <= 0.3);
    assert_true(r.why & PL_WHY_SEX_DIFFERS);
    /* Same block (village, birth year), nothing else: early exit below the threshold. */
    b = rec("6474011103800001", "joko susilo", "1980-03-11", 'L', "painem", 2);
    pl_match_score(&r, &a, &b, 0.8);
    assert_true(r.score < 0.8);
    assert_int_equal(r.why, 0);
}

static void test_pair_check(void **state)
{
    (void)state;
    pl_error err = {0};
    assert_int_equal(pl_dedup_pair_check(7, 9, &err), 0);
    assert_int_equal(pl_dedup_pair_check(7, 7, &err), PL_EINVAL);
    assert_string_equal(err.field, "id");
    assert_string_equal(err.message, "A dan B orang yang sama");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jaro_winkler_known),
        cmocka_unit_test(test_phonetic),
        cmocka_unit_test(test_nicknames_match_generator),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_nik),
        cmocka_unit_test(test_score_duplicates),
        cmocka_unit_test(test_score_not_duplicates),
        cmocka_unit_test(test_pair_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
