/* test_jsonw.c - the direct JSON writer gives jansson's bytes for the same values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/account.h"
#include "http/jsonw.h"
#include "io/record_json.h"
#include "store/person.h"
#include "util/error.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* jansson's compact text of v (reference stolen), malloc'd. */
static char *dump(json_t *v)
{
    assert_non_null(v);
    char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(v);
    assert_non_null(t);
    return t;
}

static void expect_str(const char *in, const char *want)
{
    pl_buf b;
    pl_buf_init(&b, 0);
    assert_int_equal(pl_jw_str(&b, in), 0);
    assert_string_equal(b.data, want);
    /* Valid UTF-8 must match jansson exactly. */
    json_t *s = json_string(in);
    if (s) {
        char *t = dump(s);
        assert_string_equal(b.data, t);
        free(t);
    }
    pl_buf_free(&b);
}

static void test_strings(void **state)
{
    (void)state;
    expect_str("", "\"\"");
    expect_str("Budi", "\"Budi\"");
    expect_str("a\"b\\c", "\"a\\\"b\\\\c\"");
    expect_str("/path/", "\"/path/\"");
    expect_str("tab\there\nnl\rcr\bbs\fff", "\"tab\\there\\nnl\\rcr\\bbs\\fff\"");
    expect_str("\x01\x1f\x7f", "\"\\u0001\\u001F\x7f\"");
    expect_str("Siti Nurhaliza binti 'Ali", "\"Siti Nurhaliza binti 'Ali\"");
    /* Non-ASCII UTF-8 passes through: é, 中, emoji (4 bytes). */
    expect_str("Jos\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80",
               "\"Jos\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80\"");
    /* Invalid UTF-8 (jansson refuses these) becomes U+FFFD per bad byte, still valid JSON. */
    expect_str("a\xff"
               "b",
               "\"a\\uFFFDb\"");
    expect_str("\xc3", "\"\\uFFFD\"");                                  /* truncated */
    expect_str("\xc0\xaf", "\"\\uFFFD\\uFFFD\"");                       /* overlong */
    expect_str("\xed\xa0\x80", "\"\\uFFFD\\uFFFD\\uFFFD\"");            /* surrogate */
    expect_str("\xf4\x90\x80\x80", "\"\\uFFFD\\uFFFD\\uFFFD\\uFFFD\""); /* > U+10FFFF */
    expect_str("x\xe4\xb8"
               "\"",
               "\"x\\uFFFD\\uFFFD\\\"\"");
}

static void expect_real(double v)
{
    pl_buf b;
    pl_buf_init(&b, 0);
    assert_int_equal(pl_jw_real(&b, v), 0);
    char *t = dump(json_real(v));
    assert_string_equal(b.data, t);
    free(t);
    pl_buf_free(&b);
}

static void test_numbers(void **state)
{
    (void)state;
    const double reals[] = {0.0,
                            -0.0,
                            1.0,
                            -1.5,
                            0.1,
                            117.12345678,
                            -0.50271234,
                            1e-5,
                            1.25e-7,
                            1e20,
                            123456789012345678.0,
                            3.0e300,
                            -2.5e-300};
    for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++)
        expect_real(reals[i]);
    const int64_t ints[] = {0, 1, -1, 42, 6474012345678901LL, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        pl_buf b;
        pl_buf_init(&b, 0);
        assert_int_equal(pl_jw_int(&b, ints[i]), 0);
        char *t = dump(json_integer(ints[i]));
        assert_string_equal(b.data, t);
        free(t);
        pl_buf_free(&b);
    }
}

/* The view of a role without the full-NIK permission (pseudonyms, birth years). */
static const pl_ident_view *hiding(void)
{
    static pl_ident_view v;
    static const unsigned char key[PL_IDENT_KEY_LEN] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    return pl_ident_view_init(&v, pl_account_perms("province"), key);
}

static void expect_person_view(const pl_person *p, const pl_ident_view *view)
{
    pl_buf b;
    pl_buf_init(&b, 0);
    assert_int_equal(pl_jw_person(&b, p, view), 0);
    char *t = dump(pl_json_person(p, view));
    assert_string_equal(b.data, t);
    if (pl_ident_hides(view)) {
        /* No NIK, KK or full birth date digits anywhere in the hiding view's text. */
        if (p->nik[0])
            assert_null(strstr(b.data, p->nik));
        if (p->kk[0])
            assert_null(strstr(b.data, p->kk));
        if (p->birth_date[0])
            assert_null(strstr(b.data, p->birth_date));
        assert_null(strstr(b.data, "*"));
    }
    free(t);
    pl_buf_free(&b);
}

/* Every role's view gives the same bytes on both paths. */
static void expect_person(const pl_person *p)
{
    static const char *const roles[] = {"admin",    "province", "regency",
                                        "district", "village",  "viewer"};
    static const unsigned char key[PL_IDENT_KEY_LEN] = {42};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        pl_ident_view v;
        expect_person_view(p, pl_ident_view_init(&v, pl_account_perms(roles[i]), key));
    }
    expect_person_view(p, NULL);
    expect_person_view(p, hiding());
}

static void test_person(void **state)
{
    (void)state;
    pl_person p;
    memset(&p, 0, sizeof p);
    p.id = 57348;
    snprintf(p.nik, sizeof p.nik, "6402140509060001");
    p.household_id = 16188;
    snprintf(p.kk, sizeof p.kk, "6402142511150001");
    snprintf(p.name, sizeof p.name, "Muhammad \"Udin\" Kamaruddin\\");
    snprintf(p.birth_place, sizeof p.birth_place, "Loa Janan\t\xc3\xa9");
    snprintf(p.birth_date, sizeof p.birth_date, "2006-09-05");
    p.sex = 'L';
    snprintf(p.relationship, sizeof p.relationship, "anak");
    snprintf(p.mother_name, sizeof p.mother_name, "Rahmah\n");
    snprintf(p.village_code, sizeof p.village_code, "64.02.14.1003");
    snprintf(p.state, sizeof p.state, "draft");
    p.version = 1;
    snprintf(p.created_at, sizeof p.created_at, "2026-11-24T03:07:17Z");
    snprintf(p.updated_at, sizeof p.updated_at, "2026-11-24T03:07:17Z");
    expect_person(&p);
    /* Every optional member set, every flag, coordinates. */
    p.has_coord = true;
    p.lat = -0.50271234;
    p.lon = 117.12345678;
    snprintf(p.death_date, sizeof p.death_date, "2024-01-02");
    snprintf(p.disability, sizeof p.disability, "fisik");
    snprintf(p.state, sizeof p.state, "rejected");
    snprintf(p.state_by, sizeof p.state_by, "admin");
    snprintf(p.state_at, sizeof p.state_at, "2026-01-01T00:00:00Z");
    snprintf(p.state_reason, sizeof p.state_reason, "data \"ganda\"\x01");
    p.flags = PL_FLAG_NIK_BIRTHDATE | PL_FLAG_NIK_SEX | PL_FLAG_NIK_FORMER | PL_FLAG_COORD_OUTSIDE |
              PL_FLAG_NO_NIK;
    expect_person(&p);
    /* No NIK, no household, no sex, one flag. */
    p.nik[0] = p.kk[0] = '\0';
    p.household_id = 0;
    p.sex = 0;
    p.birth_date[0] = '\0';
    p.flags = PL_FLAG_NO_NIK;
    expect_person(&p);
}

static void test_cap(void **state)
{
    (void)state;
    pl_buf b;
    pl_buf_init(&b, 8);
    assert_int_equal(pl_jw_str(&b, "lebih dari delapan"), PL_ENOMEM);
    pl_buf_free(&b);
    pl_person p;
    memset(&p, 0, sizeof p);
    pl_buf_init(&b, 64);
    assert_int_equal(pl_jw_person(&b, &p, NULL), PL_ENOMEM);
    pl_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_person),
        cmocka_unit_test(test_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
