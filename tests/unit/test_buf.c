/* test_buf.c - the bounded buffer: appends, printf, the size cap, steal. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static void test_append_and_nul(void **state)
{
    (void)state;
    pl_buf b;
    pl_buf_init(&b, 0);
    assert_int_equal(b.max, PL_BUF_DEFAULT_MAX);
    assert_int_equal(pl_buf_puts(&b, "NIK"), 0);
    assert_int_equal(pl_buf_putc(&b, ','), 0);
    assert_int_equal(pl_buf_append(&b, "6474\0xyz", 4), 0);
    assert_int_equal(b.len, 8);
    assert_string_equal(b.data, "NIK,6474");
    assert_int_equal(pl_buf_append(&b, "", 0), 0);
    assert_int_equal(b.len, 8);
    assert_int_equal(pl_buf_printf(&b, ";%d;%s", 42, "x"), 0);
    assert_string_equal(b.data, "NIK,6474;42;x");
    pl_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    assert_int_equal(pl_buf_puts(&b, "lagi"), 0);
    assert_string_equal(b.data, "lagi");
    pl_buf_free(&b);
    assert_null(b.data);
    pl_buf_free(&b); /* twice is fine */
}

static void test_grows(void **state)
{
    (void)state;
    pl_buf b;
    pl_buf_init(&b, 0);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(pl_buf_puts(&b, "0123456789"), 0);
    assert_int_equal(b.len, 100000);
    assert_int_equal(strlen(b.data), 100000);
    assert_true(b.cap > b.len);
    /* printf longer than its internal stack buffer */
    char big[1000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    pl_buf_reset(&b);
    assert_int_equal(pl_buf_printf(&b, "<%s>", big), 0);
    assert_int_equal(b.len, 1001);
    assert_int_equal(b.data[0], '<');
    assert_int_equal(b.data[1000], '>');
    assert_int_equal(b.data[1001], '\0');
    pl_buf_free(&b);
}

static void test_cap(void **state)
{
    (void)state;
    pl_buf b;
    pl_buf_init(&b, 10);
    assert_int_equal(pl_buf_puts(&b, "12345"), 0);
    assert_int_equal(pl_buf_puts(&b, "678901"), PL_ENOMEM); /* would be 11 */
    assert_int_equal(b.len, 5);
    assert_string_equal(b.data, "12345");          /* unchanged */
    assert_int_equal(pl_buf_puts(&b, "67890"), 0); /* exactly the cap */
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "1234567890");
    assert_int_equal(pl_buf_putc(&b, 'x'), PL_ENOMEM);
    assert_int_equal(pl_buf_printf(&b, "%d", 1), PL_ENOMEM);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "1234567890");
    assert_true(b.cap <= 11); /* never allocates past the cap */
    /* A huge append is refused without overflow in the size arithmetic. */
    assert_int_equal(pl_buf_append(&b, "x", (size_t)-1), PL_ENOMEM);
    pl_buf_reset(&b);
    char big[300];
    memset(big, 'b', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(pl_buf_printf(&b, "%s", big), PL_ENOMEM);
    assert_int_equal(b.len, 0);
    pl_buf_free(&b);
}

static void test_steal(void **state)
{
    (void)state;
    pl_buf b;
    pl_buf_init(&b, 0);
    char *empty = pl_buf_steal(&b);
    assert_non_null(empty);
    assert_string_equal(empty, "");
    free(empty);
    assert_int_equal(pl_buf_puts(&b, "{\"a\":1}"), 0);
    char *s = pl_buf_steal(&b);
    assert_string_equal(s, "{\"a\":1}");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    /* The buffer is usable again after a steal. */
    assert_int_equal(pl_buf_puts(&b, "x"), 0);
    assert_string_equal(b.data, "x");
    free(s);
    pl_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_and_nul),
        cmocka_unit_test(test_grows),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_steal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
