/*
 * household.h - households (one family card, KK) with their address, village,
 * home coordinates and verification state. A household's members are people
 * (store/person.h) that point at it. Changes use optimistic locking: a
 * write carries the version it read and is refused with PL_ECONFLICT when
 * the stored one moved on.
 */
#ifndef PL_STORE_HOUSEHOLD_H
#define PL_STORE_HOUSEHOLD_H

#include "store/store.h"

typedef struct pl_household {
    int64_t id;
    char kk[17];
    char village_code[PL_REGION_CODE_MAX];
    char address[256];
    char rt[8];
    char rw[8];
    bool has_coord;
    double lat, lon;
    char state[12]; /* draft / verified / rejected */
    int64_t version;
    char created_at[24], updated_at[24]; /* "YYYY-MM-DDTHH:MM:SSZ" */
} pl_household;

/*
 * Adds a household; fills hh->id, version and times. Errors: PL_ECONFLICT
 * (KK exists), PL_EINVAL (unknown village).
 */
int pl_store_household_add(pl_store *s, const pl_actor *who, pl_household *hh, pl_error *err);

/* Fetches by id or by KK number. Errors: PL_ENOTFOUND. */
int pl_store_household_get(pl_store *s, pl_household *out, int64_t id, pl_error *err);
int pl_store_household_get_by_kk(pl_store *s, pl_household *out, const char *kk, pl_error *err);

/*
 * Updates address, RT/RW, village and coordinates when hh->version is the
 * stored version; the version then grows by one and the change is audited.
 * Errors: PL_ENOTFOUND, PL_ECONFLICT (stale version).
 */
int pl_store_household_update(pl_store *s, const pl_actor *who, pl_household *hh, pl_error *err);

typedef int (*pl_household_cb)(void *ctx, const pl_household *h);

/*
 * Households without coordinates whose village lies inside scope ("" =
 * all): *total receives how many there are; then those with id > after,
 * by id, at most limit (1..1000), go to cb (record borrowed for the call;
 * a non-zero return stops and is returned). Errors: PL_EINVAL (limit),
 * PL_EIO.
 */
int pl_store_household_unlocated(pl_store *s, const char *scope, int64_t after, int limit,
                                 long *total, pl_household_cb cb, void *ctx, pl_error *err);

/* Sets a household's welfare decile (1..10, 0 = unknown). Errors: PL_ENOTFOUND. */
int pl_store_household_set_desil(pl_store *s, const pl_actor *who, int64_t household_id, int desil,
                                 pl_error *err);

#endif
