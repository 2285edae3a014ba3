/*
 * enrolment.h - enrolments of people (and, for household programs, their
 * households) in a program for a period, and the bank or post-office
 * accounts payments go to.
 */
#ifndef PL_STORE_ENROLMENT_H
#define PL_STORE_ENROLMENT_H

#include "store/store.h"

/*
 * Enrols a person (and for household programs their household) in program
 * for period with a reason. Errors: PL_ECONFLICT (already enrolled).
 */
int pl_store_enrolment_add(pl_store *s, const pl_actor *who, int64_t program_id, int64_t person_id,
                           int64_t household_id, const char *period, const char *reason,
                           const char *valid_from, const char *valid_to, pl_error *err);

/* Number of enrolments of a program in a period. */
int pl_store_enrolment_count(pl_store *s, int64_t program_id, const char *period, long *out,
                             pl_error *err);

/* Records a bank or post-office account of a household or person (either may be 0). */
int pl_store_account_add(pl_store *s, const pl_actor *who, int64_t household_id, int64_t person_id,
                         const char *number, const char *bank, const char *holder, pl_error *err);

/* One enrolment of a person as a person's page shows it (program code and name). */
typedef struct pl_enrolment_row {
    int64_t id, program_id, household_id;
    char program[32], program_name[128];
    char period[16], valid_from[11], valid_to[11];
} pl_enrolment_row;

typedef int (*pl_enrolment_row_cb)(void *ctx, const pl_enrolment_row *e);

/* The enrolments of person_id (as recipient), latest period first. Errors: PL_EIO. */
int pl_store_enrolment_list_person(pl_store *s, int64_t person_id, pl_enrolment_row_cb cb,
                                   void *ctx, pl_error *err);

#endif
