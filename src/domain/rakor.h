/*
 * rakor.h - rules for what coordination meetings (rakor) record: the
 * problems raised there and the interventions that follow, and the
 * sign-off of a regency's period. Pure: no I/O. The front ends and
 * services check input with these before handing it to the store, which
 * only refuses what its schema does not allow.
 */
#ifndef PL_DOMAIN_RAKOR_H
#define PL_DOMAIN_RAKOR_H

#include "util/error.h"

#include <stdbool.h>

/* Levels of government that own an intervention. */
#define PL_IV_LEVEL_PUSAT "pusat"
#define PL_IV_LEVEL_PROVINSI "provinsi"
#define PL_IV_LEVEL_KABKOTA "kabupaten-kota"

/* Statuses of an intervention. */
#define PL_IV_PLANNED "direncanakan"
#define PL_IV_RUNNING "berjalan"
#define PL_IV_DONE "selesai"
#define PL_IV_CANCELLED "batal"

/* True for one of PL_IV_LEVEL_*. */
bool pl_intervention_level_valid(const char *level);

/* True for one of the PL_IV_* statuses. */
bool pl_intervention_status_valid(const char *status);

/*
 * Checks a new intervention: a title, a known level, a known status ("" is
 * allowed: PL_IV_PLANNED is the default) and a due date that is "" or
 * YYYY-MM-DD. Errors: PL_EINVAL naming the field.
 */
int pl_intervention_check(const char *title, const char *level, const char *status,
                          const char *due_date, pl_error *err);

/*
 * Checks a change of an intervention: status NULL (unchanged) or known; a
 * note (NULL or "" = none) needs noted_on as YYYY-MM-DD. Errors: PL_EINVAL.
 */
int pl_intervention_update_check(const char *status, const char *noted_on, const char *note,
                                 pl_error *err);

/* Checks a rakor's date (YYYY-MM-DD). Errors: PL_EINVAL. */
int pl_rakor_check(const char *held_on, pl_error *err);

/* Checks a problem raised at a rakor: its text is required. Errors: PL_EINVAL. */
int pl_problem_check(const char *text, pl_error *err);

/*
 * Checks a period sign-off: region is a regency code and both bounds are
 * YYYY-MM-DD. Errors: PL_EINVAL.
 */
int pl_approval_check(const char *region, const char *date_from, const char *date_to,
                      pl_error *err);

/* Checks the reason for re-opening a signed-off period (required). Errors: PL_EINVAL. */
int pl_approval_reopen_check(const char *reason, pl_error *err);

#endif
