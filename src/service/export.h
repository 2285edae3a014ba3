/*
 * export.h - people out in the canonical columns (domain/record.h), as CSV
 * or XLSX, filtered by region, state and category and limited to the
 * caller's scope. An export imported again changes nothing.
 */
#ifndef PL_SERVICE_EXPORT_H
#define PL_SERVICE_EXPORT_H

#include "store/export.h"
#include "store/store.h"
#include "util/buf.h"
#include "domain/ident.h"

typedef enum pl_export_format { PL_EXPORT_CSV, PL_EXPORT_XLSX } pl_export_format;

typedef struct pl_export_options {
    pl_export_query query;
    pl_export_format format;
    const char *out_path; /* file to write; for CSV, NULL writes into out_buf */
    pl_buf *out_buf;      /* CSV into memory (HTTP), when out_path is NULL */
    /* What NIK, KK and birth date become (domain/ident.h); NULL writes them as stored. */
    const pl_ident_view *view;
} pl_export_options;

/*
 * Writes the export and audits it (who exported which region, how many
 * rows). *rows receives the row count. Errors: PL_EINVAL (bad format or
 * path), PL_EIO, PL_ENOMEM.
 */
int pl_export_run(pl_store *s, const pl_actor *who, const pl_export_options *opt, long *rows,
                  pl_error *err);

/* Parses "csv" / "xlsx". Returns the format or PL_EINVAL. */
int pl_export_format_parse(const char *text);

#endif
