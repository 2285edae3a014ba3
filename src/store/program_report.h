/*
 * program_report.h - reports over programs: beneficiaries and money per
 * program, region and period, failures by reason, and program coverage of
 * the PMKS population (counted by the rules of store/report.h).
 */
#ifndef PL_STORE_PROGRAM_REPORT_H
#define PL_STORE_PROGRAM_REPORT_H

#include "domain/eligibility.h"
#include "store/store.h"

/* Payment statuses of a batch item, as indexes of the report arrays. */
enum { PL_PAY_PENDING, PL_PAY_PAID, PL_PAY_FAILED, PL_PAY_RETURNED, PL_PAY__MAX };

typedef struct pl_program_report_query {
    const char *scope;  /* caller's scope ("" = all) */
    const char *region; /* only this region prefix (inside scope; "" = the scope) */
    int level;          /* group by 2 (regency) or 3 (district); 0 = one row, region "" */
    int64_t program_id; /* 0 = every program */
    const char *period; /* enrolment and batch period label, e.g. "2026-Q1" */
} pl_program_report_query;

typedef struct pl_program_report_row {
    char program[PL_PROGRAM_CODE_MAX];
    char region[PL_REGION_CODE_MAX]; /* code cut to the query's level */
    long people;                     /* enrolled people (household programs: living members) */
    long households;                 /* enrolled households (person programs: their households) */
    long batches;                    /* batches with an item in the region */
    long items[PL_PAY__MAX];
    int64_t amount[PL_PAY__MAX];
} pl_program_report_row;

typedef int (*pl_program_report_cb)(void *ctx, const pl_program_report_row *r);

typedef struct pl_program_failure_row {
    char program[PL_PROGRAM_CODE_MAX];
    char region[PL_REGION_CODE_MAX];
    char status[12];  /* failed / returned */
    char reason[128]; /* the bank's reason, "" when none was given */
    long items;
    int64_t amount;
} pl_program_failure_row;

typedef int (*pl_program_failure_cb)(void *ctx, const pl_program_failure_row *f);

/*
 * Beneficiaries and money of program(s) for one period per region: the
 * enrolments of the period (region = the recipient's village) and the
 * items of the period's batches (region = the item's village), merged into
 * one row per program and region, ordered by program then region. Then
 * failed and returned items grouped by reason (fcb may be NULL), ordered by
 * program, region, status and most items first. Errors: PL_EINVAL (level),
 * PL_EDENIED (region outside scope), PL_EIO.
 */
int pl_store_program_report(pl_store *s, const pl_program_report_query *q, pl_program_report_cb cb,
                            pl_program_failure_cb fcb, void *ctx, pl_error *err);

typedef struct pl_coverage_row {
    char region[PL_REGION_CODE_MAX];   /* code cut to the query's level */
    int category;                      /* PMKS 1..26 */
    char program[PL_PROGRAM_CODE_MAX]; /* "" = any program */
    long people;                       /* covered people (members, for household categories) */
    long households;                   /* covered households (household categories only) */
} pl_coverage_row;

typedef int (*pl_coverage_cb)(void *ctx, const pl_coverage_row *r);

/*
 * Program coverage of the PMKS population counted on date (the counting
 * rules of store/report.h): a person of a person category is covered when
 * they, or their household, hold an enrolment of a program; a household of
 * a household category is covered when it or one of its members does, and
 * its covered people are the members living on date who hold one
 * personally or through the household. An enrolment counts when it runs
 * within from..date (valid_from <= date and its end, valid_to or else the
 * end of its period label, >= from). One row per region, category and
 * program plus one with program "" for any program, non-zero only,
 * ordered by region, category, program. Errors: PL_EINVAL, PL_EDENIED,
 * PL_EIO.
 */
int pl_store_program_coverage(pl_store *s, const char *scope, const char *region, int level,
                              const char *from, const char *date, pl_coverage_cb cb, void *ctx,
                              pl_error *err);

#endif
