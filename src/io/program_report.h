/*
 * program_report.h - the program report (service/program_report.h) as CSV
 * or XLSX. Amounts and counts are plain numbers (machines read them);
 * labels are in Bahasa Indonesia.
 *
 * Each function creates (or truncates) the file at path. Errors: PL_EIO,
 * PL_ENOMEM, with the pl_error field "file".
 */
#ifndef PL_IO_PROGRAM_REPORT_H
#define PL_IO_PROGRAM_REPORT_H

#include "service/program_report.h"

/*
 * One table: a line per program and region (bagian "wilayah"), per program
 * total ("jumlah") and per failure reason ("kegagalan": items and amount in
 * the failed or returned columns, with status and alasan).
 */
int pl_program_report_write_csv(const pl_program_report *r, const char *path, pl_error *err);

/* Workbook: "Program" (regions and totals) and "Kegagalan" (failures by reason). */
int pl_program_report_write_xlsx(const pl_program_report *r, const char *path, pl_error *err);

#endif
