/*
 * import_json.h - the JSON of an import run, shared by `pilar import --json`
 * and POST /api/v1/imports (keys listed in docs/api.md).
 */
#ifndef PL_IO_IMPORT_JSON_H
#define PL_IO_IMPORT_JSON_H

#include "domain/import_summary.h"

#include <jansson.h>

/*
 * The summary of an import of file: file, format, committed, read,
 * inserted, updated, unchanged, rejected, flagged, conflicts,
 * households_inserted, households_updated, memberships_added, pending,
 * unknown_columns, seconds, sheet ("" for CSV), header_row, signature_rows
 * ({from, to} of a place-and-signature block left out, or null). Front ends add where to find the
 * rejected rows (CLI: rejects_file and dry_run; HTTP: id and rejects, a link). Returns a new
 * reference owned by the caller, or NULL when memory runs out.
 */
json_t *pl_json_import_summary(const pl_import_summary *s, const char *file);

#endif
