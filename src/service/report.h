/*
 * report.h - counts per region and category at the end of a period, the
 * comparison of two periods, and everything the yearly rakor report shows
 * beside them: PSKS against need, indicators, period sign-offs, last year's
 * interventions. Used by `pilar report` and the HTTP API. The model is in
 * io/report_model.h; the renderers in io/report_render.h turn it into JSON,
 * CSV, XLSX or PDF.
 *
 * A count "for a period" is taken on the period's last day (today when the
 * period has not ended); the counting rules are in store/report.h.
 */
#ifndef PL_SERVICE_REPORT_H
#define PL_SERVICE_REPORT_H

#include "io/report_model.h"
#include "store/store.h"
#include "store/summary.h"

typedef struct pl_report_options {
    const char *scope;   /* caller's scope ("" = all) */
    const char *region;  /* report region, e.g. "64"; "" with scope "" is the nation */
    const char *period;  /* "2025" */
    const char *compare; /* "2024", or NULL */
    const char *date;    /* count on this YYYY-MM-DD instead of the period's end, or NULL */
    int level;           /* rows' level; 0 = one below region */
    bool districts;      /* rakor: PSKS and need per district, and program coverage */
    bool viewer;         /* public view: small cells hidden (service/cells.h) */
    bool letterhead;     /* load the region's letterhead (service/letterhead.h), for a PDF */
    const pl_date *today;
} pl_report_options;

/*
 * Builds the report described by o. *out is owned by the caller
 * (pl_report_free). Errors: PL_EINVAL (bad period or region), PL_EDENIED
 * (outside scope), PL_ENOTFOUND (unknown region), PL_EIO, PL_ENOMEM.
 */
int pl_report_build(pl_report **out, pl_store *s, const pl_report_options *o, pl_error *err);

/*
 * The dashboard's totals inside scope ("" = all). With public_view, every
 * personal count (people, households, states, PMKS memberships) is taken
 * from the suppressed tree of service/cells.h for today (YYYY-MM-DD):
 * counted by the report's rules on that day, hidden counts PL_SUPPRESSED;
 * PSKS units, regions, users and audit rows stay exact. Errors: PL_EIO,
 * PL_ENOMEM.
 */
int pl_report_summary(pl_store_summary *out, pl_store *s, const char *scope, bool public_view,
                      const char *today, pl_error *err);

#endif
