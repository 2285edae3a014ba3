/*
 * fuzz_csv.c - libFuzzer target for the CSV side of io/table_reader.
 * The first byte picks the delimiter (or detection) and small size caps so
 * that the cap paths are reached; the rest is the file. See README.md.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "io/table_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delims[4] = {0, ',', ';', '\t'};
    pl_table_options opt = {0};
    if (size > 0) {
        opt.delimiter = delims[data[0] & 3];
        if (data[0] & 4) {
            opt.max_field = 1 + (data[0] >> 4);
            opt.max_row = 4 + (data[0] >> 3);
        }
        data++;
        size--;
    }
    pl_table_reader *r;
    pl_error err;
    if (pl_table_open_mem(&r, data, size, "fuzz.csv", &opt, &err) != 0)
        return 0;
    char **fields;
    size_t n;
    long last = 0;
    while (pl_table_next(r, &fields, &n, &err) == 1) {
        /* contract checks: rows go forward, fields are writable strings */
        if (pl_table_row_number(r) <= last || pl_table_line(r) < pl_table_row_number(r))
            __builtin_trap();
        last = pl_table_row_number(r);
        for (size_t i = 0; i < n; i++) {
            size_t len = strlen(fields[i]);
            if (len)
                fields[i][len - 1] = fields[i][0];
        }
        double p = pl_table_progress(r);
        if (p < 0.0 || p > 1.0)
            __builtin_trap();
    }
    pl_table_close(r);
    return 0;
}
