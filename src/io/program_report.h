/*
 * program_report.h - the program report as data (built by
 * service/program_report.h) and as JSON, CSV or XLSX. Amounts and counts
 * are plain numbers (machines read them); a hidden count (PL_SUPPRESSED,
 * public view) is null with "hidden": true in JSON and "<5" in
 * files; labels are in Bahasa Indonesia.
 *
 * Each file writer creates (or truncates) the file at path. Errors: PL_EIO,
 * PL_ENOMEM, with the pl_error field "file".
 */
#ifndef PL_IO_PROGRAM_REPORT_H
#define PL_IO_PROGRAM_REPORT_H

#include "domain/suppress.h"
#include "store/program_report.h"

#include <jansson.h>

/* One program in one region (or, in totals, the whole report region). */
typedef struct pl_program_report_line {
    pl_program_report_row r;
    char region_name[128];
} pl_program_report_line;

typedef struct pl_program_report {
    char region[PL_REGION_CODE_MAX]; /* "" = everything in scope */
    char period[12];                 /* canonical label */
    int level;                       /* 2 regency, 3 district */
    pl_program_report_line *rows;    /* by program, then region */
    size_t n_rows;
    pl_program_report_line *totals; /* one per program, region = the report region */
    size_t n_totals;
    pl_program_failure_row *failures; /* by program, region, status, most items first */
    size_t n_failures;
} pl_program_report;

/* Frees a report (NULL ok). */
void pl_program_report_free(pl_program_report *r);

/* Amount planned (all items) and failure count of a line. */
int64_t pl_program_report_planned(const pl_program_report_row *r);

/* The report as JSON (amounts in rupiah as integers). New reference or NULL. */
json_t *pl_program_report_json(const pl_program_report *r);

/*
 * One table: a line per program and region (bagian "wilayah"), per program
 * total ("jumlah") and per failure reason ("kegagalan": items and amount in
 * the failed or returned columns, with status and alasan).
 */
int pl_program_report_write_csv(const pl_program_report *r, const char *path, pl_error *err);

/* Workbook: "Program" (regions and totals) and "Kegagalan" (failures by reason). */
int pl_program_report_write_xlsx(const pl_program_report *r, const char *path, pl_error *err);

#endif
