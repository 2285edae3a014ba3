/*
 * approval.h - sign-off of a regency's period: once signed off, changes
 * dated inside the period for that regency are refused with PL_ELOCKED
 * (by the store itself, whoever writes) until the sign-off is re-opened.
 */
#ifndef PL_STORE_APPROVAL_H
#define PL_STORE_APPROVAL_H

#include "store/store.h"

typedef struct pl_approval {
    int64_t id;
    char region[PL_REGION_CODE_MAX]; /* a regency/city */
    char period[12];                 /* label, "2024" */
    char date_from[11], date_to[11];
    char approved_by[64], approved_at[24];
    char note[256];
    char reopened_by[64], reopened_at[24]; /* "" while active */
    char reopen_reason[256];
} pl_approval;

/*
 * Signs off the period of a regency (a->region, a->period, dates): from
 * then on, changes dated inside it for that regency fail with PL_ELOCKED.
 * Fills id and approved_at. Errors: PL_ECONFLICT (already signed off),
 * PL_EINVAL (not a regency code), PL_EDENIED (outside scope).
 */
int pl_store_period_approve(pl_store *s, const pl_actor *who, const char *scope, pl_approval *a,
                            pl_error *err);

/* Re-opens the active sign-off (audited, with reason). Errors: PL_ENOTFOUND, PL_EDENIED. */
int pl_store_period_reopen(pl_store *s, const pl_actor *who, const char *scope, const char *region,
                           const char *period, const char *reason, pl_error *err);

typedef int (*pl_approval_cb)(void *ctx, const pl_approval *a);

/*
 * Sign-offs of regencies inside region (""), for period (NULL = all),
 * oldest first; active_only leaves out re-opened ones.
 */
int pl_store_approval_list(pl_store *s, const char *scope, const char *region, const char *period,
                           bool active_only, pl_approval_cb cb, void *ctx, pl_error *err);

#endif
