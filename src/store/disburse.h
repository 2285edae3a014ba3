/*
 * disburse.h - non-cash disbursement batches: created from the enrolments
 * of a program and period without findings, moved draft -> approved ->
 * exported -> reconciled (the store refuses other moves and changes to an
 * approved batch's items), with per-item payment status.
 */
#ifndef PL_STORE_DISBURSE_H
#define PL_STORE_DISBURSE_H

#include "store/program.h"
#include "store/store.h"

typedef struct pl_batch {
    int64_t id, program_id;
    char program_code[PL_PROGRAM_CODE_MAX];
    char period[12];
    char status[12]; /* draft / approved / exported / reconciled */
    long items;
    int64_t total;
    char created_at[24], approved_at[24], approved_by[64];
} pl_batch;

/*
 * Creates a draft batch for program p and period with one item per enrolled
 * beneficiary that has an account and no stored integrity finding; amount
 * per item is `amount_each`. *skipped_findings and *skipped_no_account
 * count who was left out. Fills out. Errors: PL_EIO.
 */
int pl_store_batch_create(pl_store *s, const pl_actor *who, const pl_program *p, const char *period,
                          int64_t amount_each, pl_batch *out, long *skipped_findings,
                          long *skipped_no_account, pl_error *err);

/* Fetches a batch. Errors: PL_ENOTFOUND. */
int pl_store_batch_get(pl_store *s, pl_batch *out, int64_t id, pl_error *err);

typedef int (*pl_batch_cb)(void *ctx, const pl_batch *b);

/*
 * Batches of program program_id (0 = every program) and period (NULL or ""
 * = every period), newest first. items and total count the whole batch.
 */
int pl_store_batch_list(pl_store *s, int64_t program_id, const char *period, pl_batch_cb cb,
                        void *ctx, pl_error *err);

/*
 * Moves a batch to status (approved, exported, reconciled); the data base
 * refuses any other move and any change to an approved batch's items.
 * Errors: PL_ENOTFOUND, PL_ECONFLICT (not allowed from the current status).
 */
int pl_store_batch_set_status(pl_store *s, const pl_actor *who, int64_t id, const char *status,
                              pl_error *err);

typedef struct pl_batch_item {
    int64_t id, person_id, household_id;
    char beneficiary[24];
    char name[128];
    char village[PL_REGION_CODE_MAX];
    int64_t amount;
    char account[40];
    char reference[40];
    char status[12];
    char status_reason[128];
} pl_batch_item;

typedef int (*pl_batch_item_cb)(void *ctx, const pl_batch_item *it);

/* Items of a batch ordered by id. */
int pl_store_batch_items(pl_store *s, int64_t batch_id, pl_batch_item_cb cb, void *ctx,
                         pl_error *err);

/*
 * Sets the payment status of the item with reference in batch_id (audited).
 * Errors: PL_ENOTFOUND (no such reference in the batch), PL_ECONFLICT (the
 * move is not allowed, e.g. the batch is not exported).
 */
int pl_store_batch_item_status(pl_store *s, const pl_actor *who, int64_t batch_id,
                               const char *reference, const char *status, const char *reason,
                               pl_error *err);

typedef struct pl_batch_total {
    char region[PL_REGION_CODE_MAX]; /* regency code */
    char status[12];
    long items;
    int64_t amount;
} pl_batch_total;

typedef int (*pl_batch_total_cb)(void *ctx, const pl_batch_total *t);

/*
 * Totals of a batch per regency and payment status, ordered by region then
 * status, counting only items whose village lies in scope ("" = all).
 */
int pl_store_batch_totals(pl_store *s, int64_t batch_id, const char *scope, pl_batch_total_cb cb,
                          void *ctx, pl_error *err);

#endif
