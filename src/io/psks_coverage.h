/*
 * psks_coverage.h - PSKS coverage against need as data, and its renderers
 * (JSON, CSV, XLSX): per district and village of a region, the people in
 * need, the active TKSK, PSM and Tagana serving the area, the PSKS units
 * registered there, and whether the village is disaster-prone.
 * service/psks_coverage.h builds it (and hides small counts of people for
 * roles without personal access); the rakor report carries the district
 * rows in its PSKS section.
 *
 * Counting rules (docs/api.md, "PSKS coverage"):
 *  - need: people in PMKS categories on the count date, as the report
 *    counts them (a person in two categories counts twice); PL_SUPPRESSED
 *    when hidden, and every ratio built on it is hidden with it;
 *  - tksk, psm, tagana: units of that type active on the date (started,
 *    not ended) whose area is the row's region, lies inside it, or
 *    contains it (a TKSK of a district serves each of its villages);
 *  - units: active units of any type whose area is the region itself or
 *    lies inside it; a village with none is "without PSKS" (a unit of the
 *    whole district does not count for its villages here);
 *  - prone: a village with a disaster recorded on or after the date minus
 *    `years` years (store/disaster.h pl_store_disaster_villages); a
 *    district row counts its prone villages.
 */
#ifndef PL_IO_PSKS_COVERAGE_H
#define PL_IO_PSKS_COVERAGE_H

#include "domain/suppress.h"
#include "store/store.h"
#include "util/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct pl_psks_cov_row {
    char code[PL_REGION_CODE_MAX];
    char name[128];
    int level;             /* 3 district, 4 village (or the report region's level for the total) */
    long need;             /* people in need, or PL_SUPPRESSED */
    long tksk;             /* active TKSK serving the area */
    long psm;              /* active PSM serving the area */
    long tagana;           /* active Tagana serving the area */
    long units;            /* active PSKS units of any type registered in the area */
    long villages;         /* villages in the area (1 for a village) */
    long villages_without; /* of those, villages without any PSKS unit of their own */
    long prone;            /* disaster-prone villages in the area */
    long prone_without_tagana; /* of those, villages no Tagana serves */
    long disasters;            /* villages: disasters recorded in the window */
} pl_psks_cov_row;

typedef struct pl_psks_cov {
    char region[PL_REGION_CODE_MAX];
    char region_name[128];
    char date[11];  /* count date */
    char since[11]; /* disasters on or after this date make a village prone */
    int years;
    bool viewer; /* small counts were hidden */
    pl_psks_cov_row total;
    pl_psks_cov_row *rows; /* each district, followed by its villages, in code order */
    size_t n_rows;
} pl_psks_cov;

/* Frees a coverage (NULL ok). */
void pl_psks_cov_free(pl_psks_cov *c);

/*
 * need / units as shown: false (no ratio) when need is hidden or units is 0;
 * otherwise *out receives the ratio.
 */
bool pl_psks_cov_ratio(double *out, long need, long units);

/*
 * The coverage as JSON: {region, region_name, count_date, since, years,
 * small_cells_hidden, total, rows[]}; a row: {code, name, level, need,
 * tksk, psm, tagana, need_per_tksk, need_per_psm, units, villages,
 * villages_without_psks, prone_villages, prone_without_tagana, disasters}
 * (a hidden need is null with "need_hidden": true; ratios null when not
 * computable). New reference or NULL.
 */
json_t *pl_psks_cov_json(const pl_psks_cov *c);

/* One CSV line per row (hidden counts "<5", ratios with a decimal point). */
int pl_psks_cov_write_csv(const pl_psks_cov *c, const char *path, pl_error *err);

/* Workbook with one sheet "Cakupan PSKS" of the same columns. */
int pl_psks_cov_write_xlsx(const pl_psks_cov *c, const char *path, pl_error *err);

#endif
