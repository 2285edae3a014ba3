/*
 * program_report.h - beneficiaries and money per program, region and
 * period: enrolled people and households, batches, items and amounts by
 * payment status, and failed or returned payments grouped by the bank's
 * reason. Used by `pilar program report` and the HTTP API; the CSV and
 * XLSX renderers are in io/program_report.h.
 */
#ifndef PL_SERVICE_PROGRAM_REPORT_H
#define PL_SERVICE_PROGRAM_REPORT_H

#include "store/store.h"

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

/*
 * Builds the report of program p (NULL = every program) for period inside
 * region ("" = the caller's scope), rows at level 2 (regency) or 3
 * (district). *out is owned by the caller (pl_program_report_free).
 * Errors: PL_EINVAL (period, level), PL_EDENIED (region outside scope),
 * PL_ENOMEM, PL_EIO.
 */
int pl_program_report_build(pl_program_report **out, pl_store *s, const char *scope,
                            const pl_program *p, const char *period, const char *region, int level,
                            pl_error *err);

/* Frees a report (NULL ok). */
void pl_program_report_free(pl_program_report *r);

/* Amount planned (all items) and failure count of a line. */
int64_t pl_program_report_planned(const pl_program_report_row *r);

/* The report as JSON (amounts in rupiah as integers). New reference or NULL. */
json_t *pl_program_report_to_json(const pl_program_report *r);

#endif
