/* zip_pack.c - what the spreadsheet fuzz targets share: packing parts into a zip in memory, and
 * reading a workbook through io/table_reader. */
#include "zip_pack.h"

#include "io/table_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* Packs the parts into a zip in memory; returns a malloc'd buffer or NULL. */
void *pl_fuzz_zip_pack(const char *const names[], const void *const bodies[], const size_t lens[],
                       size_t n, size_t *outlen)
{
    void *out = NULL;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (src == NULL)
        goto done;
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (z == NULL)
        goto done;
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(z, bodies[i], lens[i], 0);
        zip_int64_t idx = s ? zip_file_add(z, names[i], s, 0) : -1;
        if (idx < 0) {
            zip_source_free(s);
            zip_discard(z);
            goto done;
        }
        zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    if (zip_close(z) != 0) {
        zip_discard(z);
        goto done;
    }
    if (zip_source_open(src) != 0)
        goto done;
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t len = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    if (len > 0 && (out = malloc((size_t)len)) != NULL &&
        zip_source_read(src, out, (zip_uint64_t)len) != len) {
        free(out);
        out = NULL;
    }
    *outlen = (size_t)len;
    zip_source_close(src);
done:
    if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
    return out;
}

void pl_fuzz_read_table(const void *file, size_t len, const char *name)
{
    pl_table_options opt = {.max_field = 256, .max_row = 4096};
    pl_table_reader *r;
    pl_error err;
    if (pl_table_open_mem(&r, file, len, name, &opt, &err) != 0)
        return;
    char **fields;
    size_t n;
    while (pl_table_next(r, &fields, &n, &err) == 1) {
        if (n == 0 || n > PL_TABLE_MAX_COLUMNS)
            __builtin_trap();
        for (size_t i = 0; i < n; i++)
            (void)strlen(fields[i]);
    }
    pl_table_close(r);
}
