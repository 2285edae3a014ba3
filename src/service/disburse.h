/*
 * disburse.h - non-cash disbursement: a batch per program and period built
 * after the integrity checks, approval (the batch is frozen from then on),
 * the transfer file for the paying bank or post office, and reconciliation
 * with the bank's status file.
 */
#ifndef PL_SERVICE_DISBURSE_H
#define PL_SERVICE_DISBURSE_H

#include "store/disburse.h"
#include "store/store.h"

typedef struct pl_disburse_created {
    pl_batch batch;
    long findings;         /* integrity findings of this run */
    long skipped_findings; /* beneficiaries left out because of a finding */
    long skipped_no_account;
} pl_disburse_created;

/*
 * Runs the integrity checks of program p for period (duplicates at or above
 * dup_threshold), then creates a draft batch of the clean beneficiaries
 * with an account; amount = pl_program_amount_for. Errors: PL_EINVAL
 * (period), PL_ECONFLICT (no beneficiary left), PL_EIO.
 */
int pl_disburse_create(pl_disburse_created *out, pl_store *s, const pl_actor *who,
                       const pl_program *p, const char *period, double dup_threshold,
                       pl_error *err);

/*
 * Approves draft batch batch_id: its content is frozen from then on.
 * Errors: PL_ENOTFOUND, PL_ECONFLICT (empty batch, or not a draft).
 */
int pl_disburse_approve(pl_store *s, const pl_actor *who, int64_t batch_id, pl_error *err);

/*
 * Writes the transfer file of an approved batch (CSV: rekening, nama,
 * nominal, referensi) to path and moves the batch to exported. Exporting an
 * exported batch again writes the same file. Errors: PL_ECONFLICT (draft),
 * PL_EIO.
 */
int pl_disburse_export(pl_store *s, const pl_actor *who, int64_t batch_id, const char *path,
                       long *rows, pl_error *err);

typedef struct pl_reconcile_result {
    long paid, failed, returned; /* status rows applied */
    long unknown;                /* references not in the batch */
    long pending;                /* items still pending afterwards */
    bool reconciled;             /* the batch moved to reconciled */
} pl_reconcile_result;

/*
 * Applies the bank's status file (CSV with columns referensi, status
 * paid|failed|returned, optional alasan) to an exported batch in one
 * transaction; when no item is pending afterwards the batch becomes
 * reconciled. Errors: PL_EINVAL (bad row: the message names it),
 * PL_ECONFLICT (batch not exported, or a status move not allowed), PL_EIO.
 */
int pl_disburse_reconcile(pl_reconcile_result *out, pl_store *s, const pl_actor *who,
                          int64_t batch_id, const char *status_path, pl_error *err);

#endif
