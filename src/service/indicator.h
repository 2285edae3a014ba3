/*
 * indicator.h - loading statistics office indicators (poverty rate, HDI,
 * Gini, ...) from a CSV/XLSX table: one row per region, year and indicator.
 */
#ifndef PL_SERVICE_INDICATOR_H
#define PL_SERVICE_INDICATOR_H

#include "store/store.h"

#include <stdbool.h>

/* Counts of an indicator import. */
typedef struct pl_indicator_import_result {
    long stored;   /* rows written (or valid, in a dry run) */
    long replaced; /* of those, rows that replaced an earlier value */
    long rejected; /* rows refused (each reported through the callback) */
} pl_indicator_import_result;

/* A refused row: its number in the file, the column at fault, why (borrowed for the call). */
typedef int (*pl_indicator_reject_cb)(void *ctx, long row, const char *column, const char *reason);

/*
 * Reads the table at path (header row with kode_wilayah, tahun, indikator,
 * nilai and optionally sumber, any order and case) and stores each valid
 * row inside scope ("" = no limit), replacing the value of the same region,
 * year and indicator. Rows that fail validation are reported to reject
 * (may be NULL) and skipped; the rest are written in one transaction,
 * rolled back when dry_run. A non-zero return from reject stops the import.
 * Errors: PL_EINVAL (unreadable file, no header, a required column
 * missing), PL_EIO, or the code reject returned.
 */
int pl_indicator_import(pl_indicator_import_result *out, pl_store *s, const pl_actor *who,
                        const char *scope, const char *path, bool dry_run,
                        pl_indicator_reject_cb reject, void *ctx, pl_error *err);

#endif
