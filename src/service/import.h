/*
 * import.h - bulk import of people from a CSV or XLSX spreadsheet in the
 * canonical columns (domain/record.h), with row validation, a rejects file
 * an operator can fix and send again, conflict detection inside the file,
 * and batch commits aligned to households.
 *
 * Two passes over the file: the first finds NIKs that appear twice with
 * different data (both rows are rejected as a conflict; neither wins), the
 * second validates and writes. Valid rows upsert by NIK. Rows whose NIK
 * disagrees with the stated birth date or sex, or whose home point lies more
 * than PL_COORD_TOLERANCE_M outside the regency's outline (when outlines are
 * loaded), are imported and flagged for verification. Everything imported lands as a draft.
 *
 * A row whose NIK or KK belongs to a record outside the importer's scope is
 * neither refused with a reason nor written: it becomes a transfer request
 * for the office owning that record (service/transfer.h), counted as
 * pending, and its line in the rejects file says only that the data wait
 * for that office. A dry run makes no request and counts such a row exactly
 * as if the number were new, so that dry runs cannot probe for records
 * outside the scope.
 */
#ifndef PL_SERVICE_IMPORT_H
#define PL_SERVICE_IMPORT_H

#include "domain/date.h"
#include "domain/import_summary.h"
#include "store/store.h"

#include <limits.h>
#include <stdbool.h>

typedef struct pl_import_options {
    const char *path; /* file to read (or the upload's name with data) */
    const char *name; /* the file's name for the audit and messages; NULL = path */
    const void *data; /* in-memory upload, or NULL to read path */
    size_t data_len;
    const char *sheet;        /* XLSX sheet, NULL = first */
    bool dry_run;             /* validate and count, write nothing */
    bool all_or_nothing;      /* one transaction; any rejection writes nothing */
    const char *rejects_path; /* where rejected rows go; NULL = "<path stem>-ditolak.csv" */
    const char *scope;        /* region prefix the importer may write, "" = all */
    int batch_rows;       /* rows per transaction in the default mode (0 = PL_IMPORT_BATCH_ROWS) */
    const pl_date *today; /* for default category start dates and date checks */
    /* Called now and then with the fraction read (0..1) and rows so far; may be NULL. */
    void (*progress)(void *ctx, double fraction, long rows);
    void *progress_ctx;
} pl_import_options;

/*
 * Rows per transaction by default. Each commit writes every page the batch
 * touched to the WAL, and a batch of people touches most of the NIK index:
 * 1M rows took 17.8 s in batches of 20,000 (a 2 GB WAL) and 11.9 s in
 * batches of 100,000. A kill loses at most one batch; importing the file
 * again converges.
 */
#define PL_IMPORT_BATCH_ROWS 100000

/*
 * Runs an import into s as who. A missing required column, an unreadable
 * file or a data base failure stops the import with an error (rows already
 * committed in earlier batches stay; a re-run converges). Row problems do
 * not: they go to the rejects file. Errors: PL_EINVAL (no header, missing
 * columns, malformed file), PL_EIO, PL_ENOMEM.
 */
int pl_import_run(pl_store *s, const pl_actor *who, const pl_import_options *opt,
                  pl_import_summary *out, pl_error *err);

#endif
