/*
 * report_render.h - a period report (service/report.h) written as CSV,
 * XLSX (summary sheet + one sheet per region row + interventions) or PDF
 * (A4 landscape, tables and bar charts, via cairo). Counts 1..4 appear as
 * "<5" when the report was built for a viewer. Labels are in Bahasa
 * Indonesia; PDF numbers use Indonesian formatting (1.234.567; 6,68%).
 *
 * Each function creates (or truncates) the file at path. Errors: PL_EIO
 * (cannot write), PL_ENOMEM, with the pl_error field "file".
 */
#ifndef PL_IO_REPORT_RENDER_H
#define PL_IO_REPORT_RENDER_H

#include "service/report.h"

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
