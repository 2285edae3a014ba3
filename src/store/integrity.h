/*
 * integrity.h - integrity checks over the enrolments of a program and period
 * (dead, duplicates, unverified, outside the program's regions, exclusive
 * programs, over the cap, shared accounts) and the findings they store.
 */
#ifndef PL_STORE_INTEGRITY_H
#define PL_STORE_INTEGRITY_H

#include "store/program.h"
#include "store/store.h"

typedef struct pl_finding {
    char rule[24]; /* dead, duplicate_exact, duplicate_probable, unverified, outside_region,
                      exclusive_program, over_cap, shared_account */
    int64_t person_id, household_id;
    char nik[17], name[128];
    char village[PL_REGION_CODE_MAX];
    char detail[256];
} pl_finding;

typedef int (*pl_finding_cb)(void *ctx, const pl_finding *f);

/*
 * Runs the integrity checks over the enrolments of program p in period and
 * replaces the stored findings of that program and period with the result;
 * each finding is passed to cb (may be NULL). dup_threshold is the lowest
 * candidate score reported as a probable duplicate. *count receives the
 * number of findings.
 */
int pl_store_program_check(pl_store *s, const pl_program *p, const char *period,
                           double dup_threshold, pl_finding_cb cb, void *ctx, long *count,
                           pl_error *err);

/*
 * Streams the findings stored by the last pl_store_program_check of a
 * program and period, ordered by rule then person, whose village lies in
 * scope ("" = all). A finding that names another record outside scope (the
 * other person of a duplicate, the other households of a shared account) is
 * left out, so that it reveals nothing about records the reader may not see.
 */
int pl_store_program_findings(pl_store *s, int64_t program_id, const char *period,
                              const char *scope, pl_finding_cb cb, void *ctx, pl_error *err);

#endif
