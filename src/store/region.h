/*
 * region.h - the region tree (province, regency, district, village) by dotted
 * code: bulk load, lookups, listings and search. Codes and levels follow
 * domain/region_code.h; a region's parent exists before it.
 */
#ifndef PL_STORE_REGION_H
#define PL_STORE_REGION_H

#include "store/store.h"

typedef struct pl_region {
    char code[PL_REGION_CODE_MAX];   /* dotted */
    char parent[PL_REGION_CODE_MAX]; /* "" for a province */
    int level;                       /* enum pl_region_level */
    char name[128];
} pl_region;

/* Inserts or updates regions in one transaction (bulk load of the tree). */
int pl_store_region_put_many(pl_store *s, const pl_region *regions, size_t n, pl_error *err);

/* Fetches one region by dotted code. Errors: PL_ENOTFOUND. */
int pl_store_region_get(pl_store *s, pl_region *out, const char *code, pl_error *err);

/* Counts of regions per level: counts[1..4] (counts[0] unused). */
int pl_store_region_counts(pl_store *s, long counts[5], pl_error *err);

/* Callback for listings; return non-zero to stop early (that value is returned). */
typedef int (*pl_region_cb)(void *ctx, const pl_region *r);

/* Children of code ("" = provinces), ordered by code. */
int pl_store_region_children(pl_store *s, const char *code, pl_region_cb cb, void *ctx,
                             pl_error *err);

/*
 * Regions whose name contains text (case-insensitive) or whose code starts
 * with it, at most limit, ordered by level then code.
 */
int pl_store_region_search(pl_store *s, const char *text, int limit, pl_region_cb cb, void *ctx,
                           pl_error *err);

/* Every region at a level inside scope ("" = all), ordered by code. */
int pl_store_region_list(pl_store *s, int level, const char *scope, pl_region_cb cb, void *ctx,
                         pl_error *err);

#endif
