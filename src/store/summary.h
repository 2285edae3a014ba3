/*
 * summary.h - totals for `pilar status` and the dashboard.
 */
#ifndef PL_STORE_SUMMARY_H
#define PL_STORE_SUMMARY_H

#include "store/store.h"

typedef struct pl_store_summary {
    long regions[5];
    long households;
    long people;
    long people_alive;
    long without_nik; /* living people without a NIK (store/person.h no_nik_reason) */
    long memberships_open;
    long psks_units;
    long users;
    long audit_rows;
    long by_state[3];     /* draft, verified, rejected */
    long pmks_people[27]; /* open memberships per PMKS code (people + households) */
} pl_store_summary;

/* Totals inside scope ("" = all), for `pilar status` and the dashboard. */
int pl_store_summary_get(pl_store *s, pl_store_summary *out, const char *scope, pl_error *err);

/* The summary's person totals of one village (small-cell suppression works per village). */
typedef struct pl_village_summary {
    char village[PL_REGION_CODE_MAX];
    long households;
    long people;
    long people_alive;
    long without_nik; /* living people without a NIK */
    long by_state[3]; /* draft, verified, rejected */
} pl_village_summary;

typedef int (*pl_village_summary_cb)(void *ctx, const pl_village_summary *v);

/*
 * pl_store_summary_get's household and person totals per village inside
 * scope ("" = all), villages in code order, only villages with a household
 * or a person. A non-zero return of cb stops the walk and is returned.
 */
int pl_store_summary_by_village(pl_store *s, const char *scope, pl_village_summary_cb cb, void *ctx,
                                pl_error *err);

#endif
