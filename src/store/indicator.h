/*
 * indicator.h - regional indicators: one value per region, year and name
 * (slugs in service/report.h), replaced in place when loaded again.
 */
#ifndef PL_STORE_INDICATOR_H
#define PL_STORE_INDICATOR_H

#include "store/store.h"

#define PL_INDICATOR_NAME_MAX 32

typedef struct pl_indicator {
    char region[PL_REGION_CODE_MAX];
    int year;
    char name[PL_INDICATOR_NAME_MAX]; /* slug, see service/report.h */
    double value;
    char source[128];
} pl_indicator;

/*
 * Inserts or replaces the value of (region, year, name); *replaced tells
 * which (may be NULL). Errors: PL_EINVAL (unknown region), PL_EDENIED.
 */
int pl_store_indicator_put(pl_store *s, const pl_actor *who, const char *scope,
                           const pl_indicator *in, bool *replaced, pl_error *err);

typedef int (*pl_indicator_cb)(void *ctx, const pl_indicator *in);

/*
 * Indicators of region and every region below it (region "" = all) within
 * scope, for years from..to (0 = open), name NULL = all; ordered by region,
 * name, year.
 */
int pl_store_indicator_list(pl_store *s, const char *scope, const char *region, int from, int to,
                            const char *name, pl_indicator_cb cb, void *ctx, pl_error *err);

#endif
