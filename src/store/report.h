/*
 * report.h - counts by region and date: PMKS people and households, and
 * PSKS units.
 *
 * Counting rules (one place, used by every report):
 *  - a membership counts on day D when valid_from <= D and (valid_to is
 *    empty or valid_to >= D): valid_to is its last day;
 *  - a person counts on D unless dead: death_date <= D removes them;
 *  - a person or household counts in the village it lived in on D (the
 *    residence history kept by the schema; moves included);
 *  - a household category (24, 25, 26, ...) counts the household and, as
 *    people, its members alive on D.
 */
#ifndef PL_STORE_REPORT_H
#define PL_STORE_REPORT_H

#include "store/store.h"

#define PL_REPORT_MAX_DATES 2

typedef struct pl_count_query {
    const char *scope;                      /* caller's scope ("" = all) */
    const char *region;                     /* only this region and below ("" = all) */
    int level;                              /* group by this level (1 province .. 4 village) */
    const char *dates[PL_REPORT_MAX_DATES]; /* YYYY-MM-DD; dates[1] may be NULL */
} pl_count_query;

typedef struct pl_count_row {
    char region[PL_REGION_CODE_MAX];      /* code at the query's level */
    int category;                         /* PMKS code 1..26 */
    long people[PL_REPORT_MAX_DATES];     /* people (members, for household categories) */
    long households[PL_REPORT_MAX_DATES]; /* households (household categories only) */
} pl_count_row;

typedef int (*pl_count_cb)(void *ctx, const pl_count_row *r);

/*
 * Counts per region (at q->level) and PMKS category on one or two dates, in
 * one pass over the memberships. Only non-zero rows are reported; a
 * (region, category) pair appears at most once. Errors: PL_EINVAL (bad
 * level or date), PL_EDENIED (region outside scope), PL_EIO.
 */
int pl_store_count_at(pl_store *s, const pl_count_query *q, pl_count_cb cb, void *ctx,
                      pl_error *err);

/*
 * pl_store_count_at reads counts kept by the data base in the same transaction as each change
 * (per village, PMKS category and day: how many people and households started or stopped
 * counting). This compares them with a fresh computation from the memberships, residences and
 * death dates; *wrong receives the number of (village, category, day) rows that differ (0 =
 * exact). With rebuild, rows that differ are rewritten in one transaction (*wrong still says
 * how many differed). Errors: PL_EIO.
 */
int pl_store_count_check(pl_store *s, bool rebuild, long *wrong, pl_error *err);

typedef struct pl_psks_count_row {
    char region[PL_REGION_CODE_MAX];
    int type; /* PSKS 1..12 */
    long units;
} pl_psks_count_row;

typedef int (*pl_psks_count_cb)(void *ctx, const pl_psks_count_row *r);

/*
 * PSKS units active on date (valid_from/valid_to empty = always) whose area
 * lies inside region, grouped by the area's code cut to level (units serving
 * a wider area than level are reported under their own, shorter code).
 */
int pl_store_psks_count(pl_store *s, const char *scope, const char *region, int level,
                        const char *date, pl_psks_count_cb cb, void *ctx, pl_error *err);

#endif
