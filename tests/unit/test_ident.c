/* test_ident.c - what NIK, KK and birth date become for each role. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "domain/account.h"
#include "domain/ident.h"

#include <stdio.h>
#include <string.h>

static const unsigned char key1[PL_IDENT_KEY_LEN] = {1, 2, 3};
static const unsigned char key2[PL_IDENT_KEY_LEN] = {1, 2, 4};

static void test_full_roles(void **state)
{
    (void)state;
    static const char *const full[] = {"admin", "regency", "district", "village"};
    for (size_t i = 0; i < sizeof full / sizeof full[0]; i++) {
        pl_ident_view v;
        const pl_ident_view *view = pl_ident_view_init(&v, pl_account_perms(full[i]), key1);
        assert_null(view);
        assert_false(pl_ident_hides(view));
        char t[PL_IDENT_TEXT_MAX];
        const char *nik = "6474014508900003";
        assert_ptr_equal(pl_ident_text(t, view, PL_IDENT_NIK, nik), nik);
        assert_string_equal(pl_ident_text(t, view, PL_IDENT_BIRTH_DATE, "1990-08-05"),
                            "1990-08-05");
    }
}

static void test_pseudonyms(void **state)
{
    (void)state;
    static const char *const hidden[] = {"province", "viewer", "nosuchrole"};
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
        pl_ident_view v;
        assert_true(pl_ident_hides(pl_ident_view_init(&v, pl_account_perms(hidden[i]), key1)));
    }
    pl_ident_view a, b;
    const pl_ident_view *va = pl_ident_view_init(&a, pl_account_perms("province"), key1);
    const pl_ident_view *vb = pl_ident_view_init(&b, pl_account_perms("province"), key2);
    char t1[PL_IDENT_TEXT_MAX], t2[PL_IDENT_TEXT_MAX], t3[PL_IDENT_TEXT_MAX];
    const char *nik = "6474014508900003";
    const char *p1 = pl_ident_text(t1, va, PL_IDENT_NIK, nik);
    assert_int_equal(strlen(p1), 19);
    assert_memory_equal(p1, "PS-", 3);
    assert_true(pl_ident_is_pseudonym(p1));
    assert_false(pl_ident_looks_like_nik(p1));
    /* Stable for one key, different under another key and for a KK of the same digits. */
    assert_string_equal(pl_ident_text(t2, va, PL_IDENT_NIK, nik), p1);
    assert_string_not_equal(pl_ident_text(t2, vb, PL_IDENT_NIK, nik), p1);
    const char *k = pl_ident_text(t3, va, PL_IDENT_KK, nik);
    assert_memory_equal(k, "PK-", 3);
    assert_string_not_equal(k + 3, p1 + 3);
    assert_string_not_equal(pl_ident_text(t2, va, PL_IDENT_NIK, "6474014508900004"), p1);
    /* No digit run of the NIK survives. */
    assert_null(strstr(p1, "647401"));
    /* Birth date: the year; empty stays empty; garbage is withheld. */
    assert_string_equal(pl_ident_text(t1, va, PL_IDENT_BIRTH_DATE, "1990-08-05"), "1990");
    assert_string_equal(pl_ident_text(t1, va, PL_IDENT_BIRTH_DATE, "05-08-1990"), "");
    assert_string_equal(pl_ident_text(t1, va, PL_IDENT_NIK, ""), "");
    assert_null(pl_ident_text(t1, va, PL_IDENT_NIK, NULL));
}

static void test_shapes(void **state)
{
    (void)state;
    assert_true(pl_ident_looks_like_nik("6474014508900003"));
    assert_false(pl_ident_looks_like_nik("647401450890000"));
    assert_false(pl_ident_looks_like_nik("64740145089000x3"));
    assert_true(pl_ident_is_pseudonym("PK-bcdfghjklmnpqrst"));
    assert_false(pl_ident_is_pseudonym("PX-bcdfghjklmnpqrst"));
    assert_false(pl_ident_is_pseudonym("PS-BCDFGHJKLMNPQRST"));
    assert_false(pl_ident_is_pseudonym("PS-bcdfghjklmnpqrs"));
    /* The old hex form is not a pseudonym any more: its digits could spell a NIK. */
    assert_false(pl_ident_is_pseudonym("PK-0123456789abcdef"));
}

/*
 * No pseudonym carries a digit, so none can be read as a NIK. With hex, all 16 characters are
 * decimal digits once in ~1850 values; 40,000 NIKs would give about 20 such pseudonyms.
 */
static void test_never_digits(void **state)
{
    (void)state;
    unsigned char key[PL_IDENT_KEY_LEN];
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (unsigned char)(i * 7 + 3);
    pl_ident_view v;
    const pl_ident_view *vv = pl_ident_view_init(&v, pl_account_perms("province"), key);
    char nik[17], t[PL_IDENT_TEXT_MAX];
    for (int i = 0; i < 40000; i++) {
        snprintf(nik, sizeof nik, "6474%012d", i);
        for (int f = PL_IDENT_NIK; f <= PL_IDENT_KK; f++) {
            const char *p = pl_ident_text(t, vv, (pl_ident_field)f, nik);
            assert_true(pl_ident_is_pseudonym(p));
            assert_null(strpbrk(p, "0123456789"));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_roles),
        cmocka_unit_test(test_pseudonyms),
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_never_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
