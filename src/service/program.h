/*
 * program.h - social-assistance programs over the store: eligibility
 * preview with counts per region, enrolment per period with a reason, and
 * the integrity checks that must pass before a payment list.
 */
#ifndef PL_SERVICE_PROGRAM_H
#define PL_SERVICE_PROGRAM_H

#include "domain/eligibility.h"
#include "store/store.h"

/* Releases a preview's rows (NULL ok). */
void pl_preview_free(pl_preview *p);

/*
 * Counts who is eligible for program p in period (a period label, see
 * domain/period.h) inside region ("" = all), grouped by regency (level 2)
 * or district (level 3). Nothing is written. Errors: PL_EINVAL (period),
 * PL_ENOMEM, PL_EIO.
 */
int pl_program_preview(pl_preview *out, pl_store *s, const pl_program *p, const char *period,
                       const char *region, int level, pl_error *err);

/*
 * Enrols every eligible candidate of p for period inside region (one
 * transaction), with reason; people already enrolled are skipped.
 * *enrolled and *skipped receive the counts.
 */
int pl_program_enroll_eligible(pl_store *s, const pl_actor *who, const pl_program *p,
                               const char *period, const char *region, const char *reason,
                               long *enrolled, long *skipped, pl_error *err);

/*
 * Enrols one person after checking the rule; PL_EINVAL with the failed
 * rule parts in the message when the person is not eligible.
 */
int pl_program_enroll_person(pl_store *s, const pl_actor *who, const pl_program *p,
                             const char *period, int64_t person_id, const char *reason,
                             pl_error *err);

/* A candidate the rule refuses (pl_program_refused). */
typedef struct pl_refusal {
    int64_t person_id, household_id;
    char village[PL_REGION_CODE_MAX];
    unsigned failed; /* PL_ELIG_* bits; pl_eligibility_reasons words them */
} pl_refusal;

typedef int (*pl_refusal_cb)(void *ctx, const pl_refusal *r);

/*
 * Streams to cb the first limit candidates of p for period inside region
 * ("" = all) that the rule refuses, in the store's order; *total receives
 * how many were refused in all. Nothing is written. A non-zero return from
 * cb stops the scan and is returned. Errors: PL_EINVAL (period), PL_EIO.
 */
int pl_program_refused(pl_store *s, const pl_program *p, const char *period, const char *region,
                       long limit, pl_refusal_cb cb, void *ctx, long *total, pl_error *err);

/*
 * Records program p under code (no spaces, commas or semicolons): name,
 * level, frequency and a positive amount are required, and the age range
 * must not be reversed. Fills p->code and the stored fields. Errors:
 * PL_EINVAL, PL_ECONFLICT (code in use).
 */
int pl_program_register(pl_program *p, pl_store *s, const pl_actor *who, const char *code,
                        pl_error *err);

/*
 * Records the bank account number (bank and holder may be "") of the
 * household with KK kk or of the person with NIK nik (exactly one given).
 * Errors: PL_EINVAL, PL_ENOTFOUND, the store's.
 */
int pl_program_account_add(pl_store *s, const pl_actor *who, const char *kk, const char *nik,
                           const char *number, const char *bank, const char *holder, pl_error *err);

/* Sets the welfare decile (1..10) of the household with KK kk. Errors: PL_EINVAL, PL_ENOTFOUND. */
int pl_program_desil_set(pl_store *s, const pl_actor *who, const char *kk, int desil,
                         pl_error *err);

/* Rupiah one beneficiary receives in period (amount times payments in the period). */
int64_t pl_program_amount_for(const pl_program *p, const char *period);

#endif
