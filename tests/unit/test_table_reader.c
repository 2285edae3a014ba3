/*
 * test_table_reader.c - the CSV side of io/table_reader (the XLSX side is in
 * test_xlsx.c). Fixtures are written to a fresh temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/table_reader.h"
#include "util/buf.h"

struct fixture {
    char dir[64];
    char path[128];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/pilar-io-XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    if (f->path[0])
        unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Writes bytes to <dir>/<name> and returns the path (kept in f). */
static const char *put_file(struct fixture *f, const char *name, const void *data, size_t len)
{
    if (f->path[0])
        unlink(f->path);
    snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
    FILE *fp = fopen(f->path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
    return f->path;
}

/*
 * Reads the whole table into "row:line:f1|f2|...\n" lines. Returns the
 * reader's final status (0 at a clean end, or the error) and the text in
 * *out (caller frees).
 */
static int dump(pl_table_reader *r, char **out, pl_error *err)
{
    pl_buf b;
    pl_buf_init(&b, 0);
    char **fields;
    size_t n;
    int rc;
    while ((rc = pl_table_next(r, &fields, &n, err)) == 1) {
        pl_buf_printf(&b, "%ld:%ld:", pl_table_row_number(r), pl_table_line(r));
        for (size_t i = 0; i < n; i++)
            pl_buf_printf(&b, "%s%s", i ? "|" : "", fields[i]);
        pl_buf_putc(&b, '\n');
    }
    *out = pl_buf_steal(&b);
    return rc;
}

/* Opens content as file <name>, dumps it, checks the expected text. */
static void check_csv(void **state, const char *name, const char *content, size_t len,
                      const pl_table_options *opt, const char *expect, char delim)
{
    struct fixture *f = *state;
    pl_error err;
    pl_table_reader *r = NULL;
    const char *path = put_file(f, name, content, len);
    assert_int_equal(pl_table_open(&r, path, opt, &err), 0);
    assert_string_equal(pl_table_format(r), "csv");
    if (delim)
        assert_int_equal(pl_table_delimiter(r), delim);
    char *text;
    int rc = dump(r, &text, &err);
    if (rc != 0)
        fail_msg("unexpected error %d: %s", rc, err.message);
    assert_string_equal(text, expect);
    assert_true(pl_table_progress(r) == 1.0);
    free(text);
    pl_table_close(r);
}

#define CHECK(name, lit, expect, delim)                                                            \
    check_csv(state, name, lit, sizeof(lit) - 1, NULL, expect, delim)

static void test_delimiters(void **state)
{
    CHECK("a.csv", "nik,nama\n1,Ani\n", "1:1:nik|nama\n2:2:1|Ani\n", ',');
    CHECK("b.csv", "nik;nama;alamat\n1;Ani;Jl. A, No 1\n",
          "1:1:nik|nama|alamat\n2:2:1|Ani|Jl. A, No 1\n", ';');
    CHECK("c.csv", "nik\tnama\n1\tAni, B\n", "1:1:nik|nama\n2:2:1|Ani, B\n", '\t');
    /* commas inside a quoted header do not count */
    CHECK("d.csv", "\"a,b,c\";x\n1;2\n", "1:1:a,b,c|x\n2:2:1|2\n", ';');
    /* Excel's sep= line */
    CHECK("e.csv", "sep=;\r\nnik;nama\r\n1;Ani\r\n", "1:2:nik|nama\n2:3:1|Ani\n", ';');
    /* explicit delimiter wins over detection */
    pl_table_options opt = {.delimiter = ';'};
    check_csv(state, "f.csv", "a,b;c\n", 6, &opt, "1:1:a,b|c\n", ';');
}

static void test_bom_and_line_ends(void **state)
{
    CHECK("bom.csv", "\xEF\xBB\xBFnik;nama\r\n1;Ani\r\n", "1:1:nik|nama\n2:2:1|Ani\n", ';');
    CHECK("lf.csv", "a,b\n1,2\n", "1:1:a|b\n2:2:1|2\n", ',');
    CHECK("crlf.csv", "a,b\r\n1,2\r\n", "1:1:a|b\n2:2:1|2\n", ',');
    CHECK("cr.csv", "a,b\r1,2\r3,4", "1:1:a|b\n2:2:1|2\n3:3:3|4\n", ',');
    /* no final newline; trailing delimiter gives an empty last field */
    CHECK("noeol.csv", "a,b,c\n1,2,", "1:1:a|b|c\n2:2:1|2|\n", ',');
}

static void test_quoting(void **state)
{
    CHECK("q.csv",
          "nama,alamat,catatan\r\n"
          "\"Budi, S.Pd\",\"Jl. \"\"Merdeka\"\" 5\",\"baris satu\r\nbaris dua\"\r\n"
          "\"\",x,\"ab\"c\r\n"
          "Ani,\"multi\nline\nthree\",z\r\n",
          "1:1:nama|alamat|catatan\n"
          "2:2:Budi, S.Pd|Jl. \"Merdeka\" 5|baris satu\r\nbaris dua\n"
          "3:4:|x|abc\n"
          "4:5:Ani|multi\nline\nthree|z\n",
          ',');
    /* a quote inside an unquoted field is kept */
    CHECK("q2.csv", "a,b\n5\" disk,x\n", "1:1:a|b\n2:2:5\" disk|x\n", ',');
}

static void test_blank_lines(void **state)
{
    /* blank lines and all-empty rows are skipped but counted; trailing
     * empty lines are not rows */
    CHECK("blank.csv", "a;b\n\n1;2\r\n\r\n;;\n3;4\n\n\n", "1:1:a|b\n3:3:1|2\n6:6:3|4\n", ';');
    CHECK("empty.csv", "", "", 0);
    CHECK("onlynl.csv", "\n\r\n", "", 0);
}

static void expect_error(void **state, const char *name, const void *data, size_t len,
                         const pl_table_options *opt, int code, const char *msg_part)
{
    struct fixture *f = *state;
    pl_error err;
    pl_error_clear(&err);
    pl_table_reader *r = NULL;
    const char *path = put_file(f, name, data, len);
    int rc = pl_table_open(&r, path, opt, &err);
    if (rc == 0) {
        char *text;
        rc = dump(r, &text, &err);
        free(text);
        pl_table_close(r);
    } else {
        assert_null(r);
    }
    assert_int_equal(rc, code);
    assert_int_equal(err.code, code);
    assert_string_equal(err.field, "file");
    if (strstr(err.message, msg_part) == NULL)
        fail_msg("message '%s' lacks '%s'", err.message, msg_part);
}

static void test_unterminated_quote(void **state)
{
    static const char csv[] = "a,b\n1,2\n3,\"never closed\n4,5\n";
    expect_error(state, "uq.csv", csv, sizeof csv - 1, NULL, PL_EINVAL,
                 "baris 3: tanda kutip tidak ditutup");
}

static void test_windows_1252(void **state)
{
    struct fixture *f = *state;
    /* "José;Rp 5€;‘kutip’" in Windows-1252 */
    static const char csv[] = "nama;harga;x\r\nJos\xE9;Rp 5\x80;\x91kutip\x92\r\n";
    pl_error err;
    pl_table_reader *r;
    assert_int_equal(pl_table_open(&r, put_file(f, "w.csv", csv, sizeof csv - 1), NULL, &err), 0);
    assert_string_equal(pl_table_encoding(r), "windows-1252");
    char *text;
    assert_int_equal(dump(r, &text, &err), 0);
    assert_string_equal(text, "1:1:nama|harga|x\n2:2:Jos\xC3\xA9|Rp 5\xE2\x82\xAC|"
                              "\xE2\x80\x98kutip\xE2\x80\x99\n");
    free(text);
    pl_table_close(r);

    static const char utf[] = "nama\nJos\xC3\xA9\n";
    assert_int_equal(pl_table_open(&r, put_file(f, "u.csv", utf, sizeof utf - 1), NULL, &err), 0);
    assert_string_equal(pl_table_encoding(r), "utf-8");
    pl_table_close(r);
}

static void test_bad_utf8(void **state)
{
    /* a BOM says UTF-8, so a bad byte is an error naming its row */
    static const char bom[] = "\xEF\xBB\xBFnama\nAni\nJos\xE9\n";
    expect_error(state, "bad1.csv", bom, sizeof bom - 1, NULL, PL_EINVAL,
                 "baris 3: teks bukan UTF-8");
    /* mostly UTF-8 with one stray byte: damaged UTF-8, not Windows-1252 */
    static const char mixed[] = "nama\nJos\xC3\xA9\nx\xFF\n";
    expect_error(state, "bad2.csv", mixed, sizeof mixed - 1, NULL, PL_EINVAL, "baris 3");
    static const char nul[] = "a,b\n1,2\n3,\0\n";
    expect_error(state, "nul.csv", nul, sizeof nul - 1, NULL, PL_EINVAL,
                 "baris 3: berisi byte NUL");
    static const char u16[] = "\xFF\xFE"
                              "a\0,\0b\0";
    expect_error(state, "u16.csv", u16, sizeof u16 - 1, NULL, PL_EINVAL, "UTF-16");
}

static void test_size_caps(void **state)
{
    pl_table_options opt = {.max_field = 8, .max_row = 20};
    static const char wide[] = "a,b\n1,2\n123456789,x\n";
    expect_error(state, "cap1.csv", wide, sizeof wide - 1, &opt, PL_ENOMEM,
                 "baris 3: kolom ke-1 melebihi batas 8 bita");
    static const char quoted[] = "a,b\n\"1234\"\"56789\",x\n";
    expect_error(state, "cap2.csv", quoted, sizeof quoted - 1, &opt, PL_ENOMEM,
                 "baris 2: kolom ke-1 melebihi batas");
    static const char longrow[] = "a\n1234567,1234567,1234567,1\n";
    expect_error(state, "cap3.csv", longrow, sizeof longrow - 1, &opt, PL_ENOMEM,
                 "baris 2: baris melebihi batas 20 bita");
    /* the default field cap is 64 KiB */
    size_t big = PL_TABLE_MAX_FIELD_DEFAULT + 10;
    char *data = malloc(big + 8);
    assert_non_null(data);
    memcpy(data, "a\n", 2);
    memset(data + 2, 'x', big);
    data[big + 2] = '\n';
    expect_error(state, "cap4.csv", data, big + 3, NULL, PL_ENOMEM, "baris 2: kolom ke-1");
    free(data);
}

static void test_format_detection(void **state)
{
    static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    expect_error(state, "old.xls", ole, sizeof ole - 1, NULL, PL_EINVAL, ".xls");
    expect_error(state, "fake.xlsx", "a,b\n", 4, NULL, PL_EINVAL, "bukan XLSX");
    /* zip magic wins over a .csv name */
    expect_error(state, "zip.csv", "PK\x03\x04garbage", 11, NULL, PL_EINVAL, "XLSX");

    pl_error err;
    pl_table_reader *r = (pl_table_reader *)1;
    assert_int_equal(pl_table_open(&r, "/nonexistent/x.csv", NULL, &err), PL_EIO);
    assert_null(r);
    assert_non_null(strstr(err.message, "berkas tidak dapat dibuka"));
}

static void test_mem_and_writable(void **state)
{
    (void)state;
    static const char csv[] = "nik;nama\n3201010101010001; Ani \n";
    pl_error err;
    pl_table_reader *r;
    assert_int_equal(pl_table_open_mem(&r, csv, sizeof csv - 1, "up.csv", NULL, &err), 0);
    assert_true(pl_table_progress(r) == 0.0);
    char **fields;
    size_t n;
    assert_int_equal(pl_table_next(r, &fields, &n, &err), 1);
    assert_int_equal(pl_table_next(r, &fields, &n, &err), 1);
    assert_int_equal(n, 2);
    assert_string_equal(fields[0], "3201010101010001");
    fields[1][4] = '\0'; /* writable in place */
    assert_string_equal(fields[1], " Ani");
    assert_int_equal(pl_table_next(r, &fields, &n, &err), 0);
    assert_int_equal(pl_table_next(r, &fields, &n, &err), 0);
    pl_table_close(r);
    pl_table_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_delimiters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bom_and_line_ends, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quoting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blank_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unterminated_quote, setup, teardown),
        cmocka_unit_test_setup_teardown(test_windows_1252, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_size_caps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_format_detection, setup, teardown),
        cmocka_unit_test(test_mem_and_writable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
