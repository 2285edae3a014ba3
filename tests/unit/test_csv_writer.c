/*
 * test_csv_writer.c - io/csv_writer: quoting, options, sinks, and a round
 * trip through io/table_reader.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/csv_writer.h"
#include "io/table_reader.h"

/* Writes the rows with opt into a pl_buf and returns its text (caller frees). */
static char *write_rows(const pl_csv_writer_options *opt, const char *const *rows, size_t nrows,
                        size_t ncols)
{
    pl_buf b;
    pl_buf_init(&b, 0);
    pl_error err;
    pl_csv_writer *w;
    assert_int_equal(pl_csv_writer_open_buf(&w, &b, opt, &err), 0);
    for (size_t i = 0; i < nrows; i++)
        assert_int_equal(pl_csv_writer_row(w, rows + i * ncols, ncols, &err), 0);
    assert_int_equal(pl_csv_writer_close(w, &err), 0);
    return pl_buf_steal(&b);
}

static void test_quoting(void **state)
{
    (void)state;
    const char *rows[] = {
        "plain",      "a,b",    "say \"hi\"", "two\nlines",
        " lead",      "trail ", "",           "3201010101010001",
        "semi;colon", "cr\rx",  "\ttab",      NULL,
    };
    char *out = write_rows(NULL, rows, 3, 4);
    /* ',' and ';' are quoted whatever the delimiter; a leading tab is formula-guarded. */
    assert_string_equal(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
                             "\" lead\",\"trail \",,3201010101010001\r\n"
                             "\"semi;colon\",\"cr\rx\",\"'\ttab\",\r\n");
    free(out);

    pl_csv_writer_options semi = {.delimiter = ';', .line_end = PL_CSV_LF};
    out = write_rows(&semi, rows, 3, 4);
    assert_string_equal(out, "plain;\"a,b\";\"say \"\"hi\"\"\";\"two\nlines\"\n"
                             "\" lead\";\"trail \";;3201010101010001\n"
                             "\"semi;colon\";\"cr\rx\";\"'\ttab\";\n");
    free(out);
}

static void test_bom_and_guard(void **state)
{
    (void)state;
    const char *rows[] = {"=SUM(A1)", "+62812", "-5", "@cmd", "a=b", "=x,y"};
    pl_csv_writer_options opt = {.bom = 1};
    char *out = write_rows(&opt, rows, 1, 6);
    /* Always on: each guarded field gets an apostrophe and quotes (OWASP). */
    assert_string_equal(
        out, "\xEF\xBB\xBF\"'=SUM(A1)\",\"'+62812\",\"'-5\",\"'@cmd\",a=b,\"'=x,y\"\r\n");
    free(out);

    /* Apostrophes followed by a formula character get one more, so the guard can be undone. */
    const char *tricky[] = {"'=x", "''+1", "'abc", "it's", "\rcr", "=HYPERLINK(\"http://x\")"};
    out = write_rows(NULL, tricky, 1, 6);
    assert_string_equal(
        out, "\"''=x\",\"'''+1\",'abc,it's,\"'\rcr\",\"'=HYPERLINK(\"\"http://x\"\")\"\r\n");
    free(out);
}

static void test_number_columns(void **state)
{
    (void)state;
    /* Text, number, number, number, then text past n_kinds. */
    static const pl_csv_kind kinds[4] = {PL_CSV_TEXT, PL_CSV_NUMBER, PL_CSV_NUMBER, PL_CSV_NUMBER};
    pl_csv_writer_options opt = {.kinds = kinds, .n_kinds = 4};
    const char *rows[] = {"-0.5", "-0.5", "+117.25", "-12", "-1", "-1e5", "=1+1", "-",
                          ".5",   "@x",   "-3-2",    "-.5", "1.", "",     "-2"};
    char *out = write_rows(&opt, rows, 3, 5);
    assert_string_equal(out, "\"'-0.5\",-0.5,+117.25,-12,\"'-1\"\r\n"
                             "\"'-1e5\",\"'=1+1\",\"'-\",.5,\"'@x\"\r\n"
                             "\"'-3-2\",-.5,1.,,\"'-2\"\r\n");
    free(out);
}

/* Writes each value, reads it back through table_reader, undoes the guard: the same value. */
static void test_unguard(void **state)
{
    (void)state;
    const char *values[] = {"=SUM(A1)", "+62", "-", "@",    "\tx",  "\ry",  "'=x",   "''-1",
                            "'abc",     "'",   "a", "it's", "-0.5", "'''@", "=a;b,c"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        const char *row[1] = {values[i]};
        char *out = write_rows(NULL, row, 1, 1);
        char path[] = "/tmp/pilar-unguard-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        FILE *f = fdopen(fd, "wb");
        assert_non_null(f);
        fputs("h\r\n", f);
        fputs(out, f);
        fclose(f);
        free(out);
        pl_table_reader *r;
        pl_error err;
        char **fields;
        size_t n;
        assert_int_equal(pl_table_open(&r, path, NULL, &err), 0);
        assert_int_equal(pl_table_next(r, &fields, &n, &err), 1);
        assert_int_equal(pl_table_next(r, &fields, &n, &err), 1);
        bool changed = strcmp(values[i], fields[0]) != 0;
        assert_int_equal(pl_csv_unguard(fields[0]), changed);
        assert_string_equal(fields[0], values[i]);
        pl_table_close(r);
        unlink(path);
    }
    char plain[] = "'abc";
    assert_false(pl_csv_unguard(plain));
    assert_string_equal(plain, "'abc");
    assert_false(pl_csv_unguard(NULL));
}

static void test_bad_options(void **state)
{
    (void)state;
    pl_buf b;
    pl_buf_init(&b, 0);
    pl_error err;
    pl_csv_writer *w = (pl_csv_writer *)1;
    pl_csv_writer_options opt = {.delimiter = '"'};
    assert_int_equal(pl_csv_writer_open_buf(&w, &b, &opt, &err), PL_EINVAL);
    assert_null(w);
    opt = (pl_csv_writer_options){.line_end = PL_CSV_LINE_END__MAX};
    assert_int_equal(pl_csv_writer_open_buf(&w, &b, &opt, &err), PL_EINVAL);
    opt = (pl_csv_writer_options){.delimiter = '\''}; /* the guard's own character */
    assert_int_equal(pl_csv_writer_open_buf(&w, &b, &opt, &err), PL_EINVAL);
    pl_csv_kind bad_kind[1] = {PL_CSV_KIND__MAX};
    opt = (pl_csv_writer_options){.kinds = bad_kind, .n_kinds = 1};
    assert_int_equal(pl_csv_writer_open_buf(&w, &b, &opt, &err), PL_EINVAL);
    assert_int_equal(pl_csv_writer_open(&w, NULL, NULL, &err), PL_EINVAL);
    assert_int_equal(pl_csv_writer_open_path(&w, "/nonexistent/dir/x.csv", NULL, &err), PL_EIO);
    assert_non_null(strstr(err.message, "tidak dapat dibuat"));
    assert_int_equal(pl_csv_writer_close(NULL, &err), 0);
    pl_buf_free(&b);
}

static void test_buf_cap(void **state)
{
    (void)state;
    pl_buf b;
    pl_buf_init(&b, 100);
    pl_error err;
    pl_csv_writer *w;
    assert_int_equal(pl_csv_writer_open_buf(&w, &b, NULL, &err), 0);
    const char *row[] = {"0123456789012345678901234567890123456789"};
    int rc = 0;
    for (int i = 0; i < 5000 && rc == 0; i++)
        rc = pl_csv_writer_row(w, row, 1, &err);
    if (rc == 0)
        rc = pl_csv_writer_close(w, &err);
    else
        pl_csv_writer_close(w, NULL);
    assert_int_equal(rc, PL_ENOMEM);
    pl_buf_free(&b);
}

static void test_file_round_trip(void **state)
{
    (void)state;
    char dir[] = "/tmp/pilar-csvw-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/out.csv", dir);

    pl_error err;
    pl_csv_writer *w;
    pl_csv_writer_options opt = {.delimiter = ';', .bom = 1};
    assert_int_equal(pl_csv_writer_open_path(&w, path, &opt, &err), 0);
    const char *hdr[] = {"nik", "nama", "alamat"};
    assert_int_equal(pl_csv_writer_row(w, hdr, 3, &err), 0);
    char nik[17];
    const char *row[3] = {nik, "Siti \"Ani\"; S.Pd", "Jl. A\r\nRT 01"};
    for (int i = 0; i < 20000; i++) { /* several buffer flushes */
        snprintf(nik, sizeof nik, "6474%012d", i);
        assert_int_equal(pl_csv_writer_row(w, row, 3, &err), 0);
    }
    assert_int_equal(pl_csv_writer_close(w, &err), 0);

    pl_table_reader *r;
    assert_int_equal(pl_table_open(&r, path, NULL, &err), 0);
    assert_int_equal(pl_table_delimiter(r), ';');
    char **fields;
    size_t n;
    assert_int_equal(pl_table_next(r, &fields, &n, &err), 1);
    assert_string_equal(fields[0], "nik"); /* BOM dropped */
    for (int i = 0; i < 20000; i++) {
        assert_int_equal(pl_table_next(r, &fields, &n, &err), 1);
        assert_int_equal(n, 3);
        snprintf(nik, sizeof nik, "6474%012d", i);
        assert_string_equal(fields[0], nik);
        assert_string_equal(fields[1], "Siti \"Ani\"; S.Pd");
        assert_string_equal(fields[2], "Jl. A\r\nRT 01");
        assert_int_equal(pl_table_row_number(r), i + 2);
        assert_int_equal(pl_table_line(r), 2 * i + 2);
    }
    assert_int_equal(pl_table_next(r, &fields, &n, &err), 0);
    pl_table_close(r);

    /* writing to a caller's FILE leaves it open */
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(pl_csv_writer_open(&w, fp, NULL, &err), 0);
    assert_int_equal(pl_csv_writer_row(w, hdr, 3, &err), 0);
    assert_int_equal(pl_csv_writer_close(w, &err), 0);
    assert_int_equal(ftell(fp), (long)strlen("nik,nama,alamat\r\n"));
    assert_int_equal(fclose(fp), 0);

    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting),         cmocka_unit_test(test_bom_and_guard),
        cmocka_unit_test(test_number_columns),  cmocka_unit_test(test_unguard),
        cmocka_unit_test(test_bad_options),     cmocka_unit_test(test_buf_cap),
        cmocka_unit_test(test_file_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
