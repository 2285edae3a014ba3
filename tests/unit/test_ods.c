/*
 * test_ods.c - the ODS side of io/table_reader (hand-built content.xml as
 * LibreOffice writes it: repeated rows and columns, covered cells of a merged
 * range, text:s and line breaks, comments, float/date/boolean cells), the
 * cell kinds of XLSX number cells, the header search over title rows and
 * cover sheets, and domain/signature's lines.
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

#include "domain/signature.h"
#include "io/table_reader.h"
#include "util/buf.h"

#include "fixture.h"

struct fixture {
    char dir[64];
    char path[128];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/pilar-ods-XXXXXX");
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
    pl_test_rmtree(f->dir);
    free(f);
    return 0;
}

struct part {
    const char *name;
    const char *xml;
};

static const char *make_zip(struct fixture *f, const char *name, const struct part *parts)
{
    int zerr;
    snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
    unlink(f->path);
    zip_t *z = zip_open(f->path, ZIP_CREATE | ZIP_EXCL, &zerr);
    assert_non_null(z);
    for (const struct part *p = parts; p->name; p++) {
        zip_source_t *src = zip_source_buffer(z, p->xml, strlen(p->xml), 0);
        assert_non_null(src);
        assert_true(zip_file_add(z, p->name, src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    return f->path;
}

#define ODS_HEAD                                                                                   \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                 \
    "<office:document-content "                                                                    \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                           \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                             \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body>"                  \
    "<office:spreadsheet>"
#define ODS_TAIL "</office:spreadsheet></office:body></office:document-content>"

/* A cover sheet, then the data the way LibreOffice writes them. */
static const char content[] = ODS_HEAD
    "<table:table table:name=\"Petunjuk\"><table:table-row><table:table-cell "
    "office:value-type=\"string\"><text:p>Isi lembar Data</text:p></table:table-cell>"
    "</table:table-row></table:table>"
    "<table:table table:name=\"Data\">"
    "<table:table-column table:number-columns-repeated=\"4\"/>"
    /* row 1: a title merged over four columns */
    "<table:table-row><table:table-cell table:number-columns-spanned=\"4\" "
    "office:value-type=\"string\"><text:p>DATA PMKS KELURAHAN</text:p></table:table-cell>"
    "<table:covered-table-cell table:number-columns-repeated=\"3\"/></table:table-row>"
    /* rows 2-3: empty, repeated */
    "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell "
    "table:number-columns-repeated=\"1024\"/></table:table-row>"
    /* row 4: the header */
    "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>nik</text:p>"
    "</table:table-cell><table:table-cell office:value-type=\"string\"><text:p>nama</text:p>"
    "</table:table-cell><table:table-cell office:value-type=\"string\"><text:p>tanggal_lahir"
    "</text:p></table:table-cell><table:table-cell office:value-type=\"string\"><text:p>aktif"
    "</text:p></table:table-cell></table:table-row>"
    /* row 5: a number NIK, spaces and a comment, a date, a boolean */
    "<table:table-row><table:table-cell office:value-type=\"float\" "
    "office:value=\"6402191902630010\"><text:p>6,40219E+15</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"string\"><office:annotation><text:p>catatan"
    "</text:p></office:annotation><text:p>Siti<text:s text:c=\"2\"/>Aminah</text:p>"
    "<text:p>baris <text:span>dua</text:span></text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"date\" office:date-value=\"1985-05-05T00:00:00\">"
    "<text:p>05/05/85</text:p></table:table-cell><table:table-cell "
    "office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>TRUE</text:p>"
    "</table:table-cell></table:table-row>"
    /* rows 6-7: the same text row twice */
    "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell "
    "office:value-type=\"string\"><text:p>6474010101800001</text:p></table:table-cell>"
    "<table:table-cell table:number-columns-repeated=\"2\" office:value-type=\"string\">"
    "<text:p>x</text:p></table:table-cell></table:table-row>"
    /* the rest of the sheet: a million empty rows */
    "<table:table-row table:number-rows-repeated=\"1048569\"><table:table-cell "
    "table:number-columns-repeated=\"1024\"/></table:table-row>"
    "</table:table>" ODS_TAIL;

static int score(void *ctx, char *const *f, size_t nf)
{
    (void)ctx;
    int n = 0;
    for (size_t i = 0; i < nf; i++)
        n += strcmp(f[i], "nik") == 0 || strcmp(f[i], "nama") == 0 ||
             strcmp(f[i], "tanggal_lahir") == 0;
    return n;
}

/* Every row as "row:kinds:a|b|c" (kinds: n number, t text). */
static char *dump(pl_table_reader *r)
{
    pl_buf b;
    pl_buf_init(&b, 1 << 20);
    char **fields;
    size_t n;
    pl_error err;
    int rc;
    while ((rc = pl_table_next(r, &fields, &n, &err)) == 1) {
        pl_buf_printf(&b, "%ld:", pl_table_row_number(r));
        for (size_t i = 0; i < n; i++)
            pl_buf_putc(&b, pl_table_cell_kind(r, i) == PL_TABLE_CELL_NUMBER ? 'n' : 't');
        pl_buf_putc(&b, ':');
        for (size_t i = 0; i < n; i++) {
            pl_buf_printf(&b, "%s%s", i ? "|" : "", fields[i]);
            fields[i][0] = '\0'; /* callers may write in place: repeats must not see it */
        }
        pl_buf_putc(&b, '\n');
    }
    if (rc)
        fail_msg("next: %d %s", rc, err.message);
    return pl_buf_steal(&b);
}

static void test_ods_cells(void **state)
{
    struct fixture *f = *state;
    const struct part parts[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                                 {"content.xml", content},
                                 {NULL, NULL}};
    const char *path = make_zip(f, "a.ods", parts);
    pl_error err;
    pl_table_reader *r;
    pl_table_options opt = {.sheet = "data"}; /* case-insensitive */
    assert_int_equal(pl_table_open(&r, path, &opt, &err), 0);
    assert_string_equal(pl_table_format(r), "ods");
    assert_string_equal(pl_table_sheet(r), "Data");
    char *text = dump(r);
    assert_string_equal(text, "1:t:DATA PMKS KELURAHAN\n"
                              "4:tttt:nik|nama|tanggal_lahir|aktif\n"
                              "5:nttt:6402191902630010|Siti  Aminah\nbaris dua|1985-05-05|TRUE\n"
                              "6:ttt:6474010101800001|x|x\n"
                              "7:ttt:6474010101800001|x|x\n");
    assert_true(pl_table_progress(r) == 1.0);
    free(text);
    pl_table_close(r);

    /* No sheet named so: the sheets are listed. */
    opt.sheet = "Rekap";
    assert_int_equal(pl_table_open(&r, path, &opt, &err), PL_ENOTFOUND);
    assert_string_equal(err.message,
                        "lembar 'Rekap' tidak ada; lembar yang tersedia: Petunjuk, Data");
}

/* Header search: past the cover sheet and the title rows, to the header row. */
static void test_ods_header_search(void **state)
{
    struct fixture *f = *state;
    /* No mimetype entry (some writers leave it out): content.xml decides. */
    const struct part parts[] = {{"content.xml", content}, {NULL, NULL}};
    const char *path = make_zip(f, "b.bin", parts);
    pl_error err;
    pl_table_reader *r;
    pl_table_options opt = {.header_score = score, .header_min = 2};
    assert_int_equal(pl_table_open(&r, path, &opt, &err), 0);
    assert_string_equal(pl_table_sheet(r), "Data");
    assert_int_equal(pl_table_header_row(r), 4);
    char *text = dump(r);
    assert_non_null(strstr(text, "4:tttt:nik|nama"));
    assert_null(strstr(text, "DATA PMKS"));
    free(text);
    pl_table_close(r);

    /* A score nothing reaches: several sheets, none with a header -> the sheets are listed. */
    opt.header_min = 9;
    assert_int_equal(pl_table_open(&r, path, &opt, &err), PL_EINVAL);
    assert_string_equal(err.field, "header");
    assert_non_null(strstr(err.message, "'Petunjuk', 'Data'"));
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
#define RNS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

/* XLSX: number cells are marked, date-styled ones and t="d" ones are dates (text). */
static void test_xlsx_kinds_and_search(void **state)
{
    struct fixture *f = *state;
    const struct part parts[] = {
        {"xl/workbook.xml", "<workbook " NS RNS "><sheets>"
                            "<sheet name=\"Sampul\" sheetId=\"1\" r:id=\"rId1\"/>"
                            "<sheet name=\"Data\" sheetId=\"2\" r:id=\"rId2\"/>"
                            "</sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
         "<Relationship Id=\"rId2\" Target=\"/xl/worksheets/sheet2.xml\"/></Relationships>"},
        {"xl/styles.xml", "<styleSheet " NS "><cellXfs count=\"2\"><xf numFmtId=\"0\"/>"
                          "<xf numFmtId=\"14\"/></cellXfs></styleSheet>"},
        {"xl/worksheets/sheet1.xml", "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" "
                                     "t=\"inlineStr\"><is><t>Sampul</t></is></c></row>"
                                     "</sheetData></worksheet>"},
        {"xl/worksheets/sheet2.xml",
         "<worksheet " NS "><sheetData>"
         "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>DATA PMKS</v></c></row>"
         "<row r=\"3\"><c r=\"A3\" t=\"str\"><v>nik</v></c><c r=\"B3\" t=\"str\"><v>nama</v></c>"
         "<c r=\"C3\" t=\"str\"><v>tanggal_lahir</v></c></row>"
         "<row r=\"4\"><c r=\"A4\"><v>6402191902630011</v></c><c r=\"B4\" t=\"str\"><v>Budi</v>"
         "</c><c r=\"C4\" t=\"d\"><v>1980-01-02T00:00:00.000Z</v></c></row>"
         "<row r=\"5\"><c r=\"A5\" t=\"str\"><v>6402191902630011</v></c><c r=\"C5\" s=\"1\">"
         "<v>29221</v></c></row>"
         "</sheetData></worksheet>"},
        {NULL, NULL}};
    const char *path = make_zip(f, "c.xlsx", parts);
    pl_error err;
    pl_table_reader *r;
    pl_table_options opt = {.header_score = score, .header_min = 2};
    assert_int_equal(pl_table_open(&r, path, &opt, &err), 0);
    assert_string_equal(pl_table_format(r), "xlsx");
    assert_string_equal(pl_table_sheet(r), "Data");
    assert_int_equal(pl_table_header_row(r), 3);
    char *text = dump(r);
    assert_string_equal(text, "3:ttt:nik|nama|tanggal_lahir\n"
                              "4:ntt:6402191902630011|Budi|1980-01-02\n"
                              "5:ttt:6402191902630011||1980-01-01\n");
    free(text);
    pl_table_close(r);

    /* Without the search: the first sheet, from its first row, as before. */
    assert_int_equal(pl_table_open(&r, path, NULL, &err), 0);
    assert_string_equal(pl_table_sheet(r), "Sampul");
    text = dump(r);
    assert_string_equal(text, "1:t:Sampul\n");
    assert_int_equal(pl_table_header_row(r), 1);
    free(text);
    pl_table_close(r);
}

/* A CSV without a header the score accepts is read from its first row, as always. */
static void test_csv_fallback(void **state)
{
    struct fixture *f = *state;
    static const char csv[] = "Judul\n\nnik,nama\n1,a\n";
    pl_error err;
    pl_table_reader *r;
    pl_table_options opt = {.header_score = score, .header_min = 2};
    assert_int_equal(pl_table_open_mem(&r, csv, sizeof csv - 1, "a.csv", &opt, &err), 0);
    char *text = dump(r);
    assert_string_equal(text, "3:tt:nik|nama\n4:tt:1|a\n");
    free(text);
    pl_table_close(r);
    opt.header_min = 5;
    assert_int_equal(pl_table_open_mem(&r, csv, sizeof csv - 1, "a.csv", &opt, &err), 0);
    assert_int_equal(pl_table_header_row(r), 0);
    text = dump(r);
    assert_string_equal(text, "1:t:Judul\n3:tt:nik|nama\n4:tt:1|a\n");
    assert_int_equal(pl_table_header_row(r), 1);
    free(text);
    pl_table_close(r);
    (void)f;
}

static void test_signature_lines(void **state)
{
    (void)state;
    const char *yes[] = {"Bontang, 12 Maret 2025",
                         "  Samarinda,   Maret 2025",
                         "Bontang, 12-03-2025",
                         "Mengetahui,",
                         "Kepala Desa Sukamaju",
                         "LURAH BONTANG BARU",
                         "NIP. 19700101 199003 1 001",
                         "Ttd",
                         "a.n. Camat",
                         "Dibuat oleh:",
                         "Tanjung Redeb, 1 Desember 2024"};
    const char *no[] = {"Kepala Keluarga",
                        "Ahmad Yani",
                        "Jl. Kapal Laut No. 5",
                        "Bontang, Jl. Pupuk 5",
                        "64.74.01.1001",
                        "",
                        "Nipah",
                        "6474010101800001",
                        "Bontang",
                        "Kepalan"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!pl_signature_line(yes[i]))
            fail_msg("not a signature line: \"%s\"", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (pl_signature_line(no[i]))
            fail_msg("taken for a signature line: \"%s\"", no[i]);
    char a[] = "", b[] = "Kepala Desa", c[] = "x", d[] = "y", e[] = "z";
    char *row[] = {a, b, c};
    assert_true(pl_signature_row(row, 3));
    char *wide[] = {b, c, d, e};
    assert_false(pl_signature_row(wide, 4));
    char *plain[] = {c, d};
    assert_false(pl_signature_row(plain, 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ods_cells, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ods_header_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_kinds_and_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_fallback, setup, teardown),
        cmocka_unit_test(test_signature_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
