/*
 * approval.h - signing off a regency's period and re-opening it. While a
 * period is signed off, changes dated inside it for that regency fail with
 * PL_ELOCKED (the store enforces the lock).
 */
#ifndef PL_SERVICE_APPROVAL_H
#define PL_SERVICE_APPROVAL_H

#include "store/store.h"
#include "store/approval.h"

/*
 * Signs off period (2024, 2024-S1, 2024-Q3, 2024-03) of regency region (any
 * spelling of a regency/city code) inside scope ("" = no limit), with note
 * (may be NULL). On success *out holds the sign-off (normalised region,
 * period label, dates, who, when). Errors: PL_EINVAL (field "wilayah" or
 * "periode"), PL_ECONFLICT (already signed off), PL_EDENIED.
 */
int pl_approval_sign(pl_approval *out, pl_store *s, const pl_actor *who, const char *scope,
                     const char *region, const char *period, const char *note, pl_error *err);

/*
 * Re-opens the active sign-off of period for regency region, recording
 * reason (required) in the history. On success out->region and out->period
 * hold the normalised code and label. Errors: PL_EINVAL (wilayah, periode,
 * alasan), PL_ENOTFOUND, PL_EDENIED.
 */
int pl_approval_reopen(pl_approval *out, pl_store *s, const pl_actor *who, const char *scope,
                       const char *region, const char *period, const char *reason, pl_error *err);

#endif
