/*
 * program_report.h - beneficiaries and money per program, region and
 * period: enrolled people and households, batches, items and amounts by
 * payment status, and failed or returned payments grouped by the bank's
 * reason. Used by `pilar program report` and the HTTP API; the model and
 * its JSON, CSV and XLSX renderers are in io/program_report.h.
 */
#ifndef PL_SERVICE_PROGRAM_REPORT_H
#define PL_SERVICE_PROGRAM_REPORT_H

#include "io/program_report.h"
#include "service/program.h"
#include "store/store.h"

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

/*
 * The public view of a report (roles without personal access): counts of
 * people, households and items of 1..4 hidden (PL_SUPPRESSED), with
 * complementary cells so that each program's regions do not give a hidden
 * one back from the program's total; an amount is hidden with its items.
 */
void pl_program_report_suppress(pl_program_report *r);

/*
 * The eligibility preview of p (service/program.h) in its public view:
 * eligible counts hidden from one tree per program and period over every
 * district of the country (so that region and grouping do not change what
 * is hidden), candidates and failed rule parts of 1..4 hidden. Region must
 * be a province, regency or district ("" = all). Errors as
 * pl_program_preview, and PL_EINVAL for a village.
 */
int pl_program_preview_public(pl_preview *out, pl_store *s, const pl_program *p, const char *period,
                              const char *region, int level, pl_error *err);

#endif
