/*
 * fuzz_ods.c - libFuzzer target for the ODS side of io/table_reader (io/ods_reader.c).
 *
 * The first byte picks a mode: 0 = the input is the whole .ods file (libzip handling and the
 * format sniffing); 1 = the input is content.xml of an otherwise valid package, packed into an
 * in-memory zip here, so expat-level mutations (repeated rows and columns, covered cells, value
 * types, text:p spacing) reach our callbacks.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zip_pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char mimetype[] = "application/vnd.oasis.opendocument.spreadsheet";
static const char manifest[] =
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
    "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/"
    "vnd.oasis.opendocument.spreadsheet\"/></manifest:manifest>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int mode = data[0] & 1;
    data++;
    size--;
    void *packed = NULL;
    const void *file = data;
    size_t filelen = size;
    if (mode == 1) {
        const char *names[] = {"mimetype", "META-INF/manifest.xml", "content.xml"};
        const void *bodies[] = {mimetype, manifest, data};
        size_t lens[] = {sizeof mimetype - 1, sizeof manifest - 1, size};
        packed = pl_fuzz_zip_pack(names, bodies, lens, 3, &filelen);
        if (packed == NULL)
            return 0;
        file = packed;
    }
    pl_fuzz_read_table(file, filelen, "fuzz.ods");
    free(packed);
    return 0;
}
