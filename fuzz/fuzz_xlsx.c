/*
 * fuzz_xlsx.c - libFuzzer target for the XLSX side of io/table_reader.
 *
 * The first byte picks a mode: 0 = the input is the whole .xlsx file
 * (exercises libzip handling); 1, 2, 3 = the input is the sheet XML, the
 * shared strings or the styles of an otherwise valid workbook, packed into
 * an in-memory zip here, so expat-level mutations reach our callbacks.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zip_pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char workbook[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
    "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
static const char sheet[] =
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"1\">"
    "<v>45000</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row></sheetData></worksheet>";
static const char sst[] = "<sst><si><t>a</t></si><si><r><t>b</t></r></si></sst>";
static const char styles[] =
    "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"d/m/y\"/>"
    "</numFmts><cellXfs><xf/><xf numFmtId=\"164\"/></cellXfs></styleSheet>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int mode = data[0] & 3;
    data++;
    size--;
    void *packed = NULL;
    const void *file = data;
    size_t filelen = size;
    if (mode != 0) {
        const char *names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                               "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"};
        const void *bodies[] = {workbook, rels, sheet, sst, styles};
        size_t lens[] = {sizeof workbook - 1, sizeof rels - 1, sizeof sheet - 1, sizeof sst - 1,
                         sizeof styles - 1};
        bodies[mode + 1] = data;
        lens[mode + 1] = size;
        packed = pl_fuzz_zip_pack(names, bodies, lens, 5, &filelen);
        if (packed == NULL)
            return 0;
        file = packed;
    }
    pl_fuzz_read_table(file, filelen, "fuzz.xlsx");
    free(packed);
    return 0;
}
