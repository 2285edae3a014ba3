/*
 * test_xlsx.c - io/xlsx_writer and the XLSX side of io/table_reader:
 * hand-built workbooks (shared strings, rich text, inline strings, missing
 * cells, dates, several sheets), a writer -> reader round trip, and errors.
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
#include <zip.h>

#include "io/table_reader.h"
#include "io/xlsx_writer.h"
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
    snprintf(f->dir, sizeof f->dir, "/tmp/pilar-xlsx-XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/t.xlsx", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

struct part {
    const char *name;
    const char *xml;
};

/* Writes a zip holding the given parts (NULL-terminated list) to path. */
static void make_zip(const char *path, const struct part *parts)
{
    int zerr;
    unlink(path);
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_EXCL, &zerr);
    assert_non_null(z);
    for (const struct part *p = parts; p->name; p++) {
        zip_source_t *src = zip_source_buffer(z, p->xml, strlen(p->xml), 0);
        assert_non_null(src);
        assert_true(zip_file_add(z, p->name, src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
#define RNS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char workbook[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                               "<workbook " NS RNS "><workbookPr/><sheets>"
                               "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
                               "<sheet name=\"Rekap &amp; Data\" sheetId=\"2\" r:id=\"rId2\"/>"
                               "</sheets></workbook>";

static const char rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
    "</Relationships>";

static const char sst[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<sst " NS "count=\"5\" uniqueCount=\"5\">"
    "<si><t>nik</t></si>"
    "<si><r><t xml:space=\"preserve\">Ani </t></r><r><rPr><b/></rPr><t>Lestari</t></r></si>"
    "<si><t>abc</t><rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
    "<si><t>baris_x000D_\nbaru</t></si>"
    "<si><t>A &amp; B &lt;c&gt;</t></si>"
    "</sst>";

static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<styleSheet " NS "><numFmts count=\"2\">"
    "<numFmt numFmtId=\"164\" formatCode=\"[$-421]dd\\ mmmm\\ yyyy\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"#,##0.00&quot;d&quot;\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"49\"/></cellXfs>"
    "</styleSheet>";

static const char sheet1[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<worksheet " NS RNS "><dimension ref=\"A1:E7\"/><sheetData>"
    "<row r=\"1\" spans=\"1:5\">"
    "<c r=\"A1\" t=\"s\"><v>0</v></c>"
    "<c r=\"B1\" t=\"inlineStr\"><is><t>nama</t></is></c>"
    "<c r=\"C1\" t=\"str\"><f>\"tgl\"</f><v>tgl</v></c>"
    "<c r=\"D1\" t=\"inlineStr\"><is><r><t>ka</t></r><r><t>ya</t></r></is></c>"
    "<c r=\"E1\" t=\"s\"><v>4</v></c></row>"
    "<row r=\"2\">"
    "<c r=\"A2\"><v>6.4740112038500E+15</v></c>"
    "<c r=\"B2\" t=\"s\"><v>1</v></c>"
    "<c r=\"C2\" s=\"1\"><v>45292</v></c>"
    "<c r=\"D2\" s=\"2\"><v>36526.5</v></c>"
    "<c r=\"E2\" t=\"b\"><v>1</v></c></row>"
    "<row r=\"4\">"
    "<c r=\"A4\"><v>6474011203850000</v></c>"
    "<c r=\"C4\" t=\"e\"><f>NA()</f><v>#N/A</v></c>"
    "<c t=\"s\"><v>2</v></c>"
    "<c r=\"F4\" s=\"3\"/></row>"
    "<row r=\"5\"><c r=\"A5\" s=\"3\"/><c r=\"B5\" t=\"inlineStr\"><is><t></t></is></c></row>"
    "<row><c r=\"B6\" t=\"s\"><v>3</v></c></row>"
    "<row r=\"7\"><c r=\"A7\" s=\"3\"><v>1234.5</v></c><c r=\"B7\" s=\"4\"><v>0812</v></c>"
    "<c r=\"C7\" t=\"b\"><v>0</v></c></row>"
    "</sheetData></worksheet>";

static const char sheet2[] = "<?xml version=\"1.0\"?>\n"
                             "<worksheet " NS "><sheetData>"
                             "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>rekap</t></is></c>"
                             "<c r=\"B1\"><v>42</v></c></row>"
                             "</sheetData></worksheet>";

static void make_fixture(const char *path)
{
    const struct part parts[] = {
        {"xl/workbook.xml", workbook},
        {"xl/_rels/workbook.xml.rels", rels},
        {"xl/sharedStrings.xml", sst},
        {"xl/styles.xml", styles},
        {"xl/worksheets/sheet1.xml", sheet1},
        {"xl/worksheets/sheet2.xml", sheet2},
        {NULL, NULL},
    };
    make_zip(path, parts);
}

static int dump(pl_table_reader *r, char **out, pl_error *err)
{
    pl_buf b;
    pl_buf_init(&b, 0);
    char **fields;
    size_t n;
    int rc;
    while ((rc = pl_table_next(r, &fields, &n, err)) == 1) {
        pl_buf_printf(&b, "%ld:", pl_table_row_number(r));
        for (size_t i = 0; i < n; i++)
            pl_buf_printf(&b, "%s%s", i ? "|" : "", fields[i]);
        pl_buf_putc(&b, '\n');
    }
    *out = pl_buf_steal(&b);
    return rc;
}

static char *read_sheet(const char *path, const pl_table_options *opt)
{
    pl_error err;
    pl_table_reader *r;
    int rc = pl_table_open(&r, path, opt, &err);
    if (rc)
        fail_msg("open: %d %s", rc, err.message);
    assert_string_equal(pl_table_format(r), "xlsx");
    char *text;
    rc = dump(r, &text, &err);
    if (rc)
        fail_msg("next: %d %s", rc, err.message);
    assert_true(pl_table_progress(r) == 1.0);
    pl_table_close(r);
    return text;
}

static void test_read_cells(void **state)
{
    struct fixture *f = *state;
    make_fixture(f->path);
    char *text = read_sheet(f->path, NULL);
    assert_string_equal(text, "1:nik|nama|tgl|kaya|A & B <c>\n"
                              "2:6.4740112038500E+15|Ani Lestari|2024-01-01|2000-01-01|TRUE\n"
                              "4:6474011203850000||#N/A|abc\n"
                              "6:|baris\r\nbaru\n"
                              "7:1234.5|0812|FALSE\n");
    free(text);

    pl_table_options raw = {.raw_dates = 1};
    text = read_sheet(f->path, &raw);
    assert_non_null(strstr(text, "2:6.4740112038500E+15|Ani Lestari|45292|36526.5|TRUE\n"));
    free(text);
}

static void test_sheet_by_name(void **state)
{
    struct fixture *f = *state;
    make_fixture(f->path);
    pl_table_options opt = {.sheet = "Rekap & Data"};
    char *text = read_sheet(f->path, &opt);
    assert_string_equal(text, "1:rekap|42\n");
    free(text);
    opt.sheet = "rekap & DATA"; /* Excel's names are case-insensitive */
    text = read_sheet(f->path, &opt);
    assert_string_equal(text, "1:rekap|42\n");
    free(text);

    pl_error err;
    pl_table_reader *r = (pl_table_reader *)1;
    opt.sheet = "Data";
    assert_int_equal(pl_table_open(&r, f->path, &opt, &err), PL_ENOTFOUND);
    assert_null(r);
    assert_string_equal(err.field, "file");
    assert_string_equal(err.message,
                        "lembar 'Data' tidak ada; lembar yang tersedia: Sheet1, Rekap & Data");
}

static void test_open_mem(void **state)
{
    struct fixture *f = *state;
    make_fixture(f->path);
    FILE *fp = fopen(f->path, "rb");
    assert_non_null(fp);
    static char data[65536];
    size_t len = fread(data, 1, sizeof data, fp);
    fclose(fp);
    pl_error err;
    pl_table_reader *r;
    pl_table_options opt = {.sheet = "Rekap & Data"};
    assert_int_equal(pl_table_open_mem(&r, data, len, NULL, &opt, &err), 0);
    assert_string_equal(pl_table_sheet(r), "Rekap & Data");
    char *text;
    assert_int_equal(dump(r, &text, &err), 0);
    assert_string_equal(text, "1:rekap|42\n");
    free(text);
    pl_table_close(r);
}

static void expect_open_or_read_error(const char *path, int code, const char *msg_part)
{
    pl_error err;
    pl_error_clear(&err);
    pl_table_reader *r;
    int rc = pl_table_open(&r, path, NULL, &err);
    if (rc == 0) {
        char *text;
        rc = dump(r, &text, &err);
        free(text);
        pl_table_close(r);
    }
    assert_int_equal(rc, code);
    if (strstr(err.message, msg_part) == NULL)
        fail_msg("message '%s' lacks '%s'", err.message, msg_part);
}

static void test_broken_files(void **state)
{
    struct fixture *f = *state;
    const struct part no_workbook[] = {{"xl/worksheets/sheet1.xml", sheet2}, {NULL, NULL}};
    make_zip(f->path, no_workbook);
    expect_open_or_read_error(f->path, PL_EINVAL, "xl/workbook.xml tidak ada");

    const struct part bad_index[] = {
        {"xl/workbook.xml", workbook},
        {"xl/_rels/workbook.xml.rels", rels},
        {"xl/worksheets/sheet1.xml",
         "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>a</t></is></c></row>"
         "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>"},
        {NULL, NULL},
    };
    make_zip(f->path, bad_index);
    expect_open_or_read_error(f->path, PL_EINVAL, "baris 3: indeks teks bersama '7' tidak sah");

    const struct part doctype[] = {
        {"xl/workbook.xml", "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><workbook/>"},
        {NULL, NULL},
    };
    make_zip(f->path, doctype);
    expect_open_or_read_error(f->path, PL_EINVAL, "DOCTYPE");

    const struct part badxml[] = {
        {"xl/workbook.xml", workbook},
        {"xl/_rels/workbook.xml.rels", rels},
        {"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row><c><v>1</v></row>"},
        {NULL, NULL},
    };
    make_zip(f->path, badxml);
    expect_open_or_read_error(f->path, PL_EINVAL, "berkas XLSX rusak");

    FILE *fp = fopen(f->path, "wb");
    assert_non_null(fp);
    fputs("PK\x03\x04 not really a zip", fp);
    fclose(fp);
    expect_open_or_read_error(f->path, PL_EINVAL, "bukan XLSX");
}

/* The attributes of cell ref in the sheet XML, for checking types. */
static char *cell_xml(const char *path, const char *sheet, const char *ref)
{
    int zerr;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    assert_non_null(z);
    zip_stat_t st;
    assert_int_equal(zip_stat(z, sheet, 0, &st), 0);
    char *xml = calloc(1, st.size + 1);
    zip_file_t *zf = zip_fopen(z, sheet, 0);
    assert_non_null(zf);
    assert_int_equal(zip_fread(zf, xml, st.size), (zip_int64_t)st.size);
    zip_fclose(zf);
    zip_discard(z);
    char pat[32];
    snprintf(pat, sizeof pat, "<c r=\"%s\"", ref);
    char *p = strstr(xml, pat);
    assert_non_null(p);
    char *e = strstr(p, "</c>");
    assert_non_null(e);
    size_t n = (size_t)(e - p);
    memmove(xml, p, n);
    xml[n] = '\0';
    return xml;
}

static void round_trip(struct fixture *f, int in_memory)
{
    pl_error err;
    pl_xlsx_writer *w;
    pl_xlsx_writer_options wo = {.in_memory = in_memory};
    assert_int_equal(pl_xlsx_writer_open(&w, f->path, &wo, &err), 0);
    const pl_xlsx_column cols[] = {
        {"NIK", PL_XLSX_TEXT, 0},
        {"Nama", PL_XLSX_TEXT, 30},
        {"Jumlah", PL_XLSX_NUMBER, 0},
        {"Nomor", PL_XLSX_NUMBER, 0},
    };
    assert_int_equal(pl_xlsx_writer_add_sheet(w, "Data Penduduk", cols, 4, &err), 0);
    const char *r1[] = {"6474011203851234", "Ani \"A\" & <b> Şükrü", "12.5", "6474011203850000"};
    const char *r2[] = {"0012345", NULL, "", "abc"};
    const char *r3[] = {"", "x", "-3", "1e20"};
    const char *r4[] = {"0812", "baris\nbaru"};
    assert_int_equal(pl_xlsx_writer_row(w, r1, 4, &err), 0);
    assert_int_equal(pl_xlsx_writer_row(w, r2, 4, &err), 0);
    assert_int_equal(pl_xlsx_writer_row(w, r3, 4, &err), 0);
    assert_int_equal(pl_xlsx_writer_row(w, r4, 2, &err), 0);
    const pl_xlsx_column one[] = {{"Total", PL_XLSX_NUMBER, 0}};
    assert_int_equal(pl_xlsx_writer_add_sheet(w, "Rekap", one, 1, &err), 0);
    const char *t[] = {"4"};
    assert_int_equal(pl_xlsx_writer_row(w, t, 1, &err), 0);
    assert_int_equal(pl_xlsx_writer_close(w, &err), 0);

    char *text = read_sheet(f->path, NULL);
    assert_string_equal(text, "1:NIK|Nama|Jumlah|Nomor\n"
                              "2:6474011203851234|Ani \"A\" & <b> Şükrü|12.5|6474011203850000\n"
                              "3:0012345|||abc\n"
                              "4:|x|-3|1E+20\n"
                              "5:0812|baris\nbaru\n");
    free(text);
    pl_table_options opt = {.sheet = "Rekap"};
    text = read_sheet(f->path, &opt);
    assert_string_equal(text, "1:Total\n2:4\n");
    free(text);

    /* the NIK is a string cell, the 16-digit number a number cell */
    char *a2 = cell_xml(f->path, "xl/worksheets/sheet1.xml", "A2");
    assert_true(strstr(a2, "t=\"s\"") || strstr(a2, "t=\"inlineStr\""));
    free(a2);
    char *d2 = cell_xml(f->path, "xl/worksheets/sheet1.xml", "D2");
    assert_null(strstr(d2, " t=\""));
    assert_non_null(strstr(d2, "<v>6474011203850000</v>"));
    free(d2);
}

static void test_round_trip_streaming(void **state)
{
    round_trip(*state, 0);
}

static void test_round_trip_in_memory(void **state)
{
    round_trip(*state, 1);
}

static void test_writer_errors(void **state)
{
    struct fixture *f = *state;
    pl_error err;
    pl_xlsx_writer *w = (pl_xlsx_writer *)1;
    assert_int_equal(pl_xlsx_writer_open(&w, "/nonexistent/dir/x.xlsx", NULL, &err), PL_EIO);
    assert_null(w);
    assert_non_null(strstr(err.message, "tidak dapat dibuat"));

    assert_int_equal(pl_xlsx_writer_open(&w, f->path, NULL, &err), 0);
    const char *row[] = {"a", "b"};
    assert_int_equal(pl_xlsx_writer_row(w, row, 1, &err), PL_EINVAL);
    const pl_xlsx_column cols[] = {{"a", PL_XLSX_TEXT, 0}};
    assert_int_equal(pl_xlsx_writer_add_sheet(w, "bad/name", cols, 1, &err), PL_EINVAL);
    assert_int_equal(pl_xlsx_writer_add_sheet(w, "S", cols, 0, &err), PL_EINVAL);
    assert_int_equal(pl_xlsx_writer_add_sheet(w, "S", cols, 1, &err), 0);
    assert_int_equal(pl_xlsx_writer_add_sheet(w, "s", cols, 1, &err), PL_EINVAL); /* duplicate */
    assert_int_equal(pl_xlsx_writer_row(w, row, 2, &err), PL_EINVAL);
    pl_xlsx_writer_free(w); /* dropped: no file left behind */
    assert_int_not_equal(access(f->path, F_OK), 0);
    pl_xlsx_writer_free(NULL);
    assert_int_equal(pl_xlsx_writer_close(NULL, &err), 0);
}

static void test_serial_dates(void **state)
{
    (void)state;
    int y, m, d;
    assert_int_equal(pl_xlsx_serial_to_date(1, &y, &m, &d), 0);
    assert_true(y == 1900 && m == 1 && d == 1);
    assert_int_equal(pl_xlsx_serial_to_date(59, &y, &m, &d), 0);
    assert_true(y == 1900 && m == 2 && d == 28);
    assert_int_equal(pl_xlsx_serial_to_date(60, &y, &m, &d), PL_EINVAL);
    assert_int_equal(pl_xlsx_serial_to_date(61, &y, &m, &d), 0);
    assert_true(y == 1900 && m == 3 && d == 1);
    assert_int_equal(pl_xlsx_serial_to_date(25569, &y, &m, &d), 0);
    assert_true(y == 1970 && m == 1 && d == 1);
    assert_int_equal(pl_xlsx_serial_to_date(45351.99, &y, &m, &d), 0);
    assert_true(y == 2024 && m == 2 && d == 29);
    assert_int_equal(pl_xlsx_serial_to_date(2958465, &y, &m, &d), 0);
    assert_true(y == 9999 && m == 12 && d == 31);
    assert_int_equal(pl_xlsx_serial_to_date(2958466, &y, &m, &d), PL_EINVAL);
    assert_int_equal(pl_xlsx_serial_to_date(0.5, &y, &m, &d), PL_EINVAL);
    assert_int_equal(pl_xlsx_serial_to_date(-1, &y, &m, &d), PL_EINVAL);
    /* 1904 system: serial 0 is 1904-01-01 */
    assert_int_equal(pl_xlsx_serial_to_date(0 + 1462, &y, &m, &d), 0);
    assert_true(y == 1904 && m == 1 && d == 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_read_cells, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sheet_by_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_mem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_broken_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip_streaming, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip_in_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer_errors, setup, teardown),
        cmocka_unit_test(test_serial_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
