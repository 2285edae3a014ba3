/* zip_pack.h - an in-memory zip of named parts (stored, not compressed), for the fuzz targets
 * of zip-based spreadsheet formats. */
#ifndef PL_FUZZ_ZIP_PACK_H
#define PL_FUZZ_ZIP_PACK_H

#include <stddef.h>

/* Packs n parts (names[i] holding lens[i] bytes of bodies[i]); returns a malloc'd buffer of
 * *outlen bytes (the caller frees it), or NULL. */
void *pl_fuzz_zip_pack(const char *const names[], const void *const bodies[], const size_t lens[],
                       size_t n, size_t *outlen);

/* Reads the workbook file (len bytes, named name: its extension picks the format) row by row
 * through io/table_reader, trapping on a row of no or too many fields. */
void pl_fuzz_read_table(const void *file, size_t len, const char *name);

#endif
