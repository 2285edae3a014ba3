/*
 * report_render.h - a period report (io/report_model.h) written as JSON,
 * CSV, XLSX (summary sheet + one sheet per region row + interventions) or
 * PDF (A4 landscape, tables and bar charts, via cairo). Hidden counts
 * (PL_SUPPRESSED) appear as null with "hidden": true in JSON and as
 * "<5" in CSV, XLSX and PDF; changes and percents built on them are left
 * empty. Labels are in Bahasa Indonesia; PDF numbers use Indonesian
 * formatting (1.234.567; 6,68%).
 *
 * Each writer below creates (or truncates) the file at path. Errors: PL_EIO
 * (cannot write), PL_ENOMEM, with the pl_error field "file".
 */
#ifndef PL_IO_REPORT_RENDER_H
#define PL_IO_REPORT_RENDER_H

#include "io/report_model.h"
#include "store/summary.h"

#include <jansson.h>

/*
 * The report as JSON (English keys, docs/api.md "Reports"; category and
 * region names stay as recorded). Returns a new reference, or NULL when out
 * of memory.
 */
json_t *pl_report_json(const pl_report *r);

/*
 * The dashboard's totals of region (service/report.h pl_report_summary) as
 * JSON: {region, households, people, people_alive, without_nik, memberships_open,
 * psks_units, status {draft, verified, rejected}, pmks [{category, name,
 * count}]}; a hidden count is null and its object carries
 * "hidden": true. New reference or NULL.
 */
json_t *pl_summary_json(const pl_store_summary *s, const char *region);

/*
 * Long CSV: one line per region row and category with both counts, the
 * change and the change in percent (decimal point, for machines).
 */
int pl_report_write_csv(const pl_report *r, const char *path, pl_error *err);

/* Workbook: "Ringkasan", one sheet per row region, "Intervensi". */
int pl_report_write_xlsx(const pl_report *r, const char *path, pl_error *err);

/* PDF document: summary page with a chart, a page per row region, interventions. */
int pl_report_write_pdf(const pl_report *r, const char *path, pl_error *err);

#endif
