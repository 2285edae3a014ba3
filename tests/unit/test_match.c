#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/match.h"
#include "domain/name.h"
#include "gen/gen_tables.h"
#include "util/vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The nickname table is searched by halves: every pair written in match.c must be found,
 * which fails for an entry out of order. */
static void test_nickname_table_sorted(void **state)
{
    (void)state;
    const char *src = getenv("PILAR_SRC");
    char path[1024], buf[512];
    snprintf(path, sizeof path, "%s/src/domain/match.c", src ? src : ".");
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int in = 0, n = 0;
    while (fgets(buf, sizeof buf, f)) {
        if (strstr(buf, "} nicknames[] = {")) {
            in = 1;
            continue;
        }
        if (in && strncmp(buf, "};", 2) == 0)
            break;
        char nick[64], formal[64];
        for (const char *p = buf; in && (p = strchr(p, '{')) != NULL; p++) {
            if (sscanf(p, "{\"%63[^\"]\", \"%63[^\"]\"}", nick, formal) != 2)
                continue;
            if (!pl_match_is_nickname(nick, formal))
                fail_msg("nickname table: %s / %s not found (out of order?)", nick, formal);
            n++;
        }
    }
    fclose(f);
    assert_true(n >= 60);
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

/* ------------------------------------------------------------ labelled pairs (tests/data) */

typedef struct side {
    char nik[32], kk[32], raw[128], name[256], birth[16], mother_raw[128], mother[256], village[32];
    char sex;
} side;

typedef struct labelled {
    bool same;
    char kind[40];
    side a, b;
    int line;
} labelled;

static void field(char *out, size_t cap, const char *v)
{
    snprintf(out, cap, "%s", strcmp(v, "-") == 0 ? "" : v);
}

/* Reads tests/data/<file>; returns the number of pairs read into *out (malloc'd). */
static int read_pairs(labelled **out, const char *file)
{
    const char *src = getenv("PILAR_SRC");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/%s", src ? src : ".", file);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    labelled *v = NULL;
    int n = 0, line = 0;
    size_t cap = 0;
    char buf[2048];
    while (fgets(buf, sizeof buf, f)) {
        line++;
        buf[strcspn(buf, "\r\n")] = '\0';
        if (buf[0] == '#' || buf[0] == '\0')
            continue;
        char *col[16] = {NULL};
        int k = 0;
        for (char *p = buf; k < 16; k++) {
            col[k] = p;
            char *t = strchr(p, '\t');
            if (t == NULL) {
                k++;
                break;
            }
            *t = '\0';
            p = t + 1;
        }
        if (k != 16)
            fail_msg("%s:%d: %d columns, want 16", file, line, k);
        assert_int_equal(pl_vec_reserve(&v, &cap, (size_t)n, 1), 0);
        labelled *x = &v[n++];
        memset(x, 0, sizeof *x);
        x->line = line;
        if (strcmp(col[0], "same") != 0 && strcmp(col[0], "different") != 0)
            fail_msg("%s:%d: label %s", file, line, col[0]);
        x->same = strcmp(col[0], "same") == 0;
        snprintf(x->kind, sizeof x->kind, "%s", col[1]);
        for (int s = 0; s < 2; s++) {
            side *d = s ? &x->b : &x->a;
            char **c = col + 2 + 7 * s;
            field(d->nik, sizeof d->nik, c[0]);
            field(d->kk, sizeof d->kk, c[1]);
            field(d->raw, sizeof d->raw, c[2]);
            field(d->birth, sizeof d->birth, c[3]);
            d->sex = strcmp(c[4], "-") == 0 ? 0 : c[4][0];
            field(d->mother_raw, sizeof d->mother_raw, c[5]);
            field(d->village, sizeof d->village, c[6]);
            assert_true(pl_name_normalize(d->name, sizeof d->name, d->raw) >= 0);
            assert_true(pl_name_normalize(d->mother, sizeof d->mother, d->mother_raw) >= 0);
        }
    }
    fclose(f);
    *out = v;
    return n;
}

static pl_match_rec side_rec(const side *d)
{
    return (pl_match_rec){.nik = d->nik,
                          .name = d->name,
                          .birth_date = d->birth,
                          .sex = d->sex,
                          .mother = d->mother,
                          .village = d->village,
                          .address = "",
                          .household = d->kk[0] ? strtoll(d->kk, NULL, 10) : 0,
                          .raw_name = d->raw};
}

/* Scores one labelled pair both ways round (and with the scan's early exit); the
 * proposal decision and the reasons must not depend on the order. */
static bool judge(const labelled *x, double *score, char *why, size_t cap)
{
    pl_match_rec a = side_rec(&x->a), b = side_rec(&x->b);
    pl_match_result r, rr, fast;
    pl_match_score(&r, &a, &b, 0);
    pl_match_score(&rr, &b, &a, 0);
    pl_match_score(&fast, &a, &b, 0.8);
    if (fabs(r.score - rr.score) > 1e-9)
        fail_msg("line %d: score depends on order (%.4f / %.4f)", x->line, r.score, rr.score);
    if ((r.score >= 0.8) != (fast.score >= 0.8))
        fail_msg("line %d: early exit changes the decision (%.4f / %.4f)", x->line, r.score,
                 fast.score);
    pl_match_explain(why, cap, &a, &b);
    *score = r.score;
    return r.score >= 0.8;
}

/* The reason each kind of duplicate must name. */
static const struct {
    const char *kind, *reason;
} kind_reason[] = {
    {"nickname", "nama panggilan: "},
    {"suffix", "nama panggilan: "},
    {"prefix", "nama panggilan: "},
    {"reduplication", "nama panggilan: "},
    {"generic_call", "nama panggilan umum: "},
    {"title", "diabaikan: "},
    {"patronym", "bin/binti diabaikan: "},
    {"old_spelling", "ejaan lama: "},
    {"placeholder_date", "tanggal lahir tidak diketahui ("},
    {"swapped_date", "tanggal lahir: hari dan bulan tertukar"},
    {"no_nik", "NIK tidak ada"},
    {"nik_typo", "(salah ketik)"},
    {"nik_reuse", "NIK dipakai ulang"},
    {"exact_kk", "nama sama; tanggal lahir sama"},
};

static void test_labelled_cases(void **state)
{
    (void)state;
    labelled *v = NULL;
    int n = read_pairs(&v, "dedup_cases.tsv"), bad = 0, same = 0, diff = 0;
    assert_true(n >= 80);
    for (int i = 0; i < n; i++) {
        double score;
        char why[512];
        bool proposed = judge(&v[i], &score, why, sizeof why);
        if (getenv("MATCH_DEBUG"))
            print_message("%.3f %s %s / %s: %s\n", score, v[i].kind, v[i].a.raw, v[i].b.raw, why);
        same += v[i].same;
        diff += !v[i].same;
        if (proposed != v[i].same) {
            print_message("line %d %s %s: %s / %s scored %.3f (%s)\n", v[i].line,
                          v[i].same ? "same" : "different", v[i].kind, v[i].a.raw, v[i].b.raw,
                          score, why);
            bad++;
            continue;
        }
        for (size_t k = 0; v[i].same && k < sizeof kind_reason / sizeof kind_reason[0]; k++)
            if (strcmp(kind_reason[k].kind, v[i].kind) == 0 &&
                strstr(why, kind_reason[k].reason) == NULL) {
                print_message("line %d %s: reasons \"%s\" lack \"%s\"\n", v[i].line, v[i].kind, why,
                              kind_reason[k].reason);
                bad++;
            }
    }
    assert_true(same >= 40 && diff >= 25);
    free(v);
    assert_int_equal(bad, 0);
}

/* The held-out pairs (written before the model was reworked, never tuned on): precision
 * and recall are printed for the record, not asserted, so that the file stays held out. */
static void test_holdout_report(void **state)
{
    (void)state;
    labelled *v = NULL;
    int n = read_pairs(&v, "dedup_holdout.tsv"), tp = 0, fp = 0, fn = 0, tn = 0;
    assert_true(n >= 40);
    for (int i = 0; i < n; i++) {
        double score;
        char why[512];
        bool p = judge(&v[i], &score, why, sizeof why);
        tp += p && v[i].same;
        fp += p && !v[i].same;
        fn += !p && v[i].same;
        tn += !p && !v[i].same;
        if (p != v[i].same)
            print_message("holdout line %d %s %s: %s / %s scored %.3f (%s)\n", v[i].line,
                          v[i].same ? "same" : "different", v[i].kind, v[i].a.raw, v[i].b.raw,
                          score, why);
    }
    print_message("holdout: %d pairs, precision %.3f, recall %.3f (tp %d fp %d fn %d tn %d)\n", n,
                  tp + fp ? (double)tp / (tp + fp) : 1.0, tp + fn ? (double)tp / (tp + fn) : 1.0,
                  tp, fp, fn, tn);
    free(v);
}

/* The pair of issue 16: one household, same name, birth date, mother and NIK scored 0.72
 * under the old model (a flat 0.3 taken off for sharing a family card). A NIK that is
 * NULL or empty is unknown: the same score as a pair without one, neither for nor against. */
static void test_score_same_card(void **state)
{
    (void)state;
    pl_match_result r, none, null_nik;
    pl_match_rec a =
        rec("6474011502800003", "hermawan saputra", "1980-02-15", 'L', "siti aminah", 7);
    pl_match_rec b = a;
    pl_match_score(&r, &a, &b, 0.8);
    assert_true(r.score >= 0.99);
    assert_true(r.exact);
    assert_true(r.why & PL_WHY_SAME_HOUSEHOLD);
    b.nik = "";
    pl_match_score(&none, &a, &b, 0);
    assert_true(none.score >= 0.8);
    assert_true(none.why & PL_WHY_NIK_MISSING);
    b.nik = NULL;
    b.mother = NULL;
    b.address = NULL;
    pl_match_score(&null_nik, &a, &b, 0);
    pl_match_rec c = b;
    c.nik = "";
    c.mother = "";
    pl_match_score(&none, &a, &c, 0);
    NEAR(null_nik.score, none.score);
    /* Unknown is not a disagreement: without a NIK the pair scores above one with a
     * different NIK, below one with the same NIK. */
    c.nik = "6571010101900002";
    pl_match_score(&r, &a, &c, 0);
    assert_true(r.score < none.score);
    assert_true(r.why & PL_WHY_NIK_DIFFERS);
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
        cmocka_unit_test(test_nickname_table_sorted),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_nik),
        cmocka_unit_test(test_score_duplicates),
        cmocka_unit_test(test_score_not_duplicates),
        cmocka_unit_test(test_score_same_card),
        cmocka_unit_test(test_labelled_cases),
        cmocka_unit_test(test_holdout_report),
        cmocka_unit_test(test_pair_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
