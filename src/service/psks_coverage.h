/*
 * psks_coverage.h - PSKS coverage against need (issue 20, item 4): per
 * district and village of a region, people in need per TKSK and per PSM,
 * villages without any PSKS, and Tagana in disaster-prone villages. The one
 * unit of work behind `pilar psks coverage`, GET /api/v1/psks/coverage and
 * the PSKS section of the rakor report. The model and its counting rules
 * are in io/psks_coverage.h.
 */
#ifndef PL_SERVICE_PSKS_COVERAGE_H
#define PL_SERVICE_PSKS_COVERAGE_H

#include "domain/suppress.h"
#include "io/psks_coverage.h"
#include "store/store.h"

typedef struct pl_psks_cov_options {
    const char *scope;  /* caller's scope ("" = everywhere) */
    const char *region; /* any spelling of a region code; NULL or "" = the scope */
    const char *date;   /* count date YYYY-MM-DD; NULL or "" = today */
    int years;          /* disaster window in years (1..50); 0 = 5 */
    bool viewer;        /* hide small counts of people (roles without personal access) */
    /*
     * Counts on o->date the caller already holds (NULL: counted here). With viewer, the tree
     * pl_cells_build made for that date; without, any tree whose service/cells.h measure
     * PL_CELL_PEOPLE holds the region's own counts (its villages, rolled up), such as the
     * rakor report collects from its own counting pass (one pass instead of two).
     */
    const pl_suppress_tree *cells;
} pl_psks_cov_options;

#define PL_PSKS_COV_YEARS_DEFAULT 5

/*
 * Builds the coverage of o->region. *out is owned by the caller
 * (pl_psks_cov_free). Errors: PL_EINVAL ("region" required or unknown,
 * "date", "years"), PL_EDENIED (region outside scope), PL_ENOTFOUND (no such
 * region), PL_EIO, PL_ENOMEM.
 */
int pl_psks_coverage(pl_psks_cov **out, pl_store *s, const pl_psks_cov_options *o, pl_error *err);

#endif
