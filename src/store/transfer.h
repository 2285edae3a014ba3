/*
 * transfer.h - part of the store interface: transfer requests (privacy
 * issue). A registration whose NIK or KK belongs to a record outside the
 * submitter's scope is not refused with a message that would reveal the
 * record; the submitted row is kept here until the office owning the stored
 * record resolves it (service/transfer.h holds the rules).
 */
#ifndef PL_STORE_TRANSFER_H
#define PL_STORE_TRANSFER_H

#include "store/store.h"

#include <stdint.h>

#define PL_TRANSFER_WAITING "menunggu"  /* not resolved yet */
#define PL_TRANSFER_MOVED "pindah"      /* the record was handed over to the submitter's region */
#define PL_TRANSFER_DIFFERENT "berbeda" /* a different person: NIK conflict for Dukcapil */

typedef struct pl_transfer {
    int64_t id;
    char status[12]; /* PL_TRANSFER_* */
    char kind[4];    /* "nik" or "kk": which number belongs to the stored record */
    char nik[17];    /* submitted NIK, "" for a household alone */
    char kk[17];     /* submitted KK */
    char name[128];  /* submitted name, "" for a household alone */
    char target_village[PL_REGION_CODE_MAX]; /* submitted village */
    char owner_village[PL_REGION_CODE_MAX];  /* stored record's village when submitted */
    int64_t person_id;                       /* stored person (kind nik), else 0 */
    int64_t household_id;                    /* stored household (kind kk), else 0 */
    char submitter[64];                      /* user name of the submitter */
    char submitter_scope[PL_REGION_CODE_MAX];
    char source[8];       /* "api", "impor", "cli" */
    char record[4096];    /* submitted canonical columns as a JSON object */
    char created_at[24];  /* "YYYY-MM-DDTHH:MM:SSZ" */
    char resolved_at[24]; /* "" while waiting */
    char resolved_by[64]; /* actor who resolved it */
    char reason[256];     /* the resolver's reason */
} pl_transfer;

/*
 * Adds a waiting request from t (id, status and times are set here and
 * written back) and one audit row (action "transfer_submit"). Errors:
 * PL_EINVAL (record not JSON), PL_EIO.
 */
int pl_store_transfer_add(pl_store *s, const pl_actor *who, pl_transfer *t, pl_error *err);

/* Fetches one request. Errors: PL_ENOTFOUND. */
int pl_store_transfer_get(pl_store *s, pl_transfer *out, int64_t id, pl_error *err);

typedef struct pl_transfer_query {
    const char *owner_scope; /* requests whose owner_village lies inside it ("" = all) */
    const char *submitter;   /* ... or that this user submitted (NULL = none) */
    const char *status;      /* one status, or NULL for all */
    int64_t after_id;        /* cursor: ids greater than this */
    int limit;               /* 1..1000 */
} pl_transfer_query;

typedef int (*pl_transfer_cb)(void *ctx, const pl_transfer *t);

/* Requests matching q ordered by id; cb returning non-zero stops (that value is returned). */
int pl_store_transfer_list(pl_store *s, const pl_transfer_query *q, pl_transfer_cb cb, void *ctx,
                           pl_error *err);

/*
 * Marks a waiting request resolved with status (PL_TRANSFER_MOVED or
 * PL_TRANSFER_DIFFERENT) and reason, audited (action "transfer_<status>").
 * Run inside the caller's transaction together with the hand-over. Errors:
 * PL_ENOTFOUND, PL_ECONFLICT (already resolved), PL_EINVAL.
 */
int pl_store_transfer_resolve(pl_store *s, const pl_actor *who, int64_t id, const char *status,
                              const char *reason, pl_error *err);

#endif
