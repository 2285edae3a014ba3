/*
 * report_model.h - the period report as data: counts per region and PMKS
 * category on one or two dates, PSKS, indicators, sign-offs, program
 * coverage, interventions and (rakor) the DTSEN cycles. service/report.h builds it (and hides small
 * cells for roles without personal access: domain/suppress.h); the
 * renderers in io/report_render.h write it as JSON, CSV, XLSX or PDF.
 *
 * A count is a number >= 0, or PL_SUPPRESSED when it is hidden; whatever
 * is derived from a hidden count (a change, a percent, a ratio) is hidden
 * by the renderer.
 */
#ifndef PL_IO_REPORT_MODEL_H
#define PL_IO_REPORT_MODEL_H

#include "domain/eligibility.h"
#include "domain/period.h"
#include "domain/suppress.h"
#include "io/dtsen_json.h"
#include "io/psks_coverage.h"
#include "io/letterhead.h"
#include "store/rakor.h"

/* Indicators imported from the statistics office (slugs are the CSV's "indikator"). */
typedef enum pl_indicator_id {
    PL_IND_POVERTY_RATE, /* persentase_penduduk_miskin, % */
    PL_IND_POOR,         /* jumlah_penduduk_miskin, ribu jiwa or jiwa as imported */
    PL_IND_IPM,          /* ipm */
    PL_IND_GINI,         /* gini */
    PL_IND_INFLATION,    /* inflasi, % */
    PL_IND_GROWTH,       /* pertumbuhan_ekonomi, % */
    PL_IND_TPT,          /* tpt: tingkat pengangguran terbuka, % */
    PL_IND__MAX
} pl_indicator_id;

typedef struct pl_indicator_def {
    const char *slug;
    const char *label; /* Bahasa Indonesia */
    int decimals;
    bool percent;
} pl_indicator_def;

/* The definition of indicator i (0..PL_IND__MAX-1), or NULL. */
const pl_indicator_def *pl_indicator_def_get(int i);

/* Index of an indicator by slug (case-insensitive), or -1. */
int pl_indicator_find(const char *slug);

/* Index 0 is the report period, index 1 the period compared with. */
enum { PL_CUR = 0, PL_PREV = 1 };

typedef struct pl_report_cell {
    long people[2];
    long households[2];
} pl_report_cell;

typedef struct pl_report_district {
    char code[PL_REGION_CODE_MAX];
    char name[128];
    long pmks_people; /* people in any PMKS category (a person in two counts twice) */
    long psks[13];    /* units per PSKS type; [0] = all */
} pl_report_district;

/*
 * Program coverage of one PMKS category in a region (rakor reports): of the
 * people/households counted in pmks[category], how many hold an enrolment
 * (store/program.h, pl_store_program_coverage). program "" = any program.
 */
typedef struct pl_report_coverage {
    int category;
    char program[PL_PROGRAM_CODE_MAX];
    long people, households;
} pl_report_coverage;

typedef struct pl_report_region {
    char code[PL_REGION_CODE_MAX];
    char name[128];
    pl_report_cell pmks[27]; /* [1..26]; [0] sums the categories */
    long psks[13];           /* units per PSKS type on the period's date; [0] = all */
    double ind[PL_IND__MAX][2];
    bool has_ind[PL_IND__MAX][2];
    bool approved; /* the period is signed off (regency rows) */
    char approved_by[64];
    char approved_at[24];
    pl_report_district *districts; /* rakor reports: the districts of a regency */
    size_t n_districts;
    pl_report_coverage *coverage; /* rakor reports: by category, "" (any) first */
    size_t n_coverage;
    size_t cap_coverage; /* entries allocated */
} pl_report_region;

typedef struct pl_report {
    char region[PL_REGION_CODE_MAX];
    char region_name[128];
    pl_period period, compare;
    bool has_compare;
    char date[11], compare_date[11]; /* count dates */
    int level;
    bool viewer;   /* small cells were suppressed (roles without personal access) */
    bool coverage; /* program coverage was counted (rakor) */
    pl_report_region total;
    pl_report_region *rows;
    size_t n_rows;
    size_t n_approved;        /* regency rows signed off */
    pl_intervention *prev_iv; /* interventions agreed at last year's rakor */
    size_t n_prev_iv;
    pl_rakor_problem *problems; /* problems raised at this year's rakor */
    size_t n_problems;
    pl_intervention *iv; /* interventions agreed this year */
    size_t n_iv;
    /*
     * Rakor reports: PSKS coverage against need (io/psks_coverage.h) with the
     * district rows of the report region (or the region itself below that),
     * on the report's count date; NULL otherwise.
     */
    pl_psks_cov *psks_cov;
    /*
     * Rakor reports: the DTSEN update cycles of the report's year in its
     * region (io/dtsen_json.h: proposals per cycle, objections per regency,
     * small counts hidden like the rest for roles without personal access);
     * NULL otherwise.
     */
    pl_dtsen_report *dtsen;
    pl_doc_letterhead *letterhead; /* kop surat and signature of the PDF, NULL = none */
} pl_report;

/* Frees a report (NULL ok). */
void pl_report_free(pl_report *r);

/*
 * Coverage of category c in g by program ("" = any program): *people and
 * *households receive the covered counts (0 when none).
 */
void pl_report_coverage_get(const pl_report_region *g, int c, const char *program, long *people,
                            long *households);

/* Covered as a percent of of (0 when of is 0). */
double pl_report_coverage_pct(long covered, long of);

/* One change in a comparison, for rankings. */
typedef struct pl_report_change {
    const pl_report_region *region;
    int category;
    long before, after, diff;
    double pct;
    bool has_pct;
} pl_report_change;

/*
 * Every (row, category) pair with a count in either period, sorted by the
 * largest rise first (falls last); pairs with a hidden count are left out.
 * *out is owned by the caller (free()).
 */
int pl_report_changes(pl_report_change **out, size_t *n, const pl_report *r);

/*
 * The categories of one region sorted by change, largest rise first:
 * cats[0..n) receive the codes with a non-zero change (at most 26); a
 * category with a hidden count has no change.
 */
size_t pl_report_region_ranking(int cats[26], const pl_report_region *g);

#endif
