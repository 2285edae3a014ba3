/*
 * program.h - part of the store interface: duplicate candidates and merges,
 * social-assistance programs, enrolments, integrity findings and non-cash
 * disbursement batches (dedup/programs issue). Included by store.h; callers
 * include store.h only.
 */
#ifndef PL_STORE_PROGRAM_H
#define PL_STORE_PROGRAM_H

#include "domain/eligibility.h"

/* ------------------------------------------------------------- dedup */

/* One person as duplicate detection reads it (strings valid for the callback). */
typedef struct pl_dedup_row {
    int64_t id;
    const char *nik, *name, *birth_date, *mother, *village, *address;
    char sex;
    int64_t household_id;
} pl_dedup_row;

typedef int (*pl_dedup_row_cb)(void *ctx, const pl_dedup_row *r);

/*
 * Streams living, unmerged people whose village lies inside region ("" =
 * all), household by household. Errors: PL_EIO.
 */
int pl_store_dedup_scan(pl_store *s, const char *region, pl_dedup_row_cb cb, void *ctx,
                        pl_error *err);

/*
 * Records a candidate pair (a != b, stored as min/max) with its score and
 * reasons as open, or refreshes an open one. A pair marked not_same or
 * merged is left alone and *written is false. Audited.
 */
int pl_store_dedup_candidate_put(pl_store *s, const pl_actor *who, int64_t a, int64_t b,
                                 double score, bool exact, const char *reasons, bool *written,
                                 pl_error *err);

typedef struct pl_dedup_candidate {
    int64_t id, person_a, person_b;
    double score;
    bool exact;
    char reasons[256];
    char status[12]; /* open / not_same / merged */
    char name_a[128], name_b[128];
    char nik_a[17], nik_b[17];
    char village_a[PL_REGION_CODE_MAX], village_b[PL_REGION_CODE_MAX];
} pl_dedup_candidate;

typedef int (*pl_dedup_candidate_cb)(void *ctx, const pl_dedup_candidate *c);

/* Candidates with status (NULL = any) and score >= min_score, best first, at most limit. */
int pl_store_dedup_candidate_list(pl_store *s, const char *status, double min_score, int limit,
                                  pl_dedup_candidate_cb cb, void *ctx, pl_error *err);

/*
 * Marks a and b as not the same person (creating the candidate row if
 * needed) so that detection never proposes them again. Errors: PL_ENOTFOUND
 * (a person), PL_EINVAL (a == b).
 */
int pl_store_dedup_distinct(pl_store *s, const pl_actor *who, int64_t a, int64_t b,
                            const char *reason, pl_error *err);

/*
 * Merges person `merged` into `survivor` in one transaction: the survivor's
 * empty fields (NIK, birth date and place, mother's name, disability) take
 * the merged record's values; the merged record's memberships, enrolments
 * and accounts move to the survivor (an open category the survivor already
 * has is closed instead); the merged record becomes rejected with a reason
 * and is marked merged. Before images of every touched row go to merge_log
 * (and every change to the audit). *merge_id receives the log id.
 * Errors: PL_ENOTFOUND, PL_EINVAL (same person, already merged), PL_ECONFLICT.
 */
int pl_store_dedup_merge(pl_store *s, const pl_actor *who, int64_t survivor, int64_t merged,
                         int64_t *merge_id, pl_error *err);

/*
 * Undoes a merge: every row touched is restored from its before image and
 * the candidate returns to open. Errors: PL_ENOTFOUND, PL_ECONFLICT (undone
 * already, or a later merge touched the same people and is not undone).
 */
int pl_store_dedup_undo(pl_store *s, const pl_actor *who, int64_t merge_id, pl_error *err);

/* ----------------------------------------------------------- programs */

/* Adds a program; fills p->id. Errors: PL_ECONFLICT (code exists), PL_EINVAL. */
int pl_store_program_add(pl_store *s, const pl_actor *who, pl_program *p, pl_error *err);

/* Fetches a program by code. Errors: PL_ENOTFOUND. */
int pl_store_program_get(pl_store *s, pl_program *out, const char *code, pl_error *err);

typedef int (*pl_program_cb)(void *ctx, const pl_program *p);

/* Every program ordered by code. */
int pl_store_program_list(pl_store *s, pl_program_cb cb, void *ctx, pl_error *err);

/* Sets a household's welfare decile (1..10, 0 = unknown). Errors: PL_ENOTFOUND. */
int pl_store_household_set_desil(pl_store *s, const pl_actor *who, int64_t household_id, int desil,
                                 pl_error *err);

typedef int (*pl_elig_cb)(void *ctx, const pl_elig_subject *subject);

/*
 * Streams the candidates of program p for the period starting at
 * period_start (YYYY-MM-DD, ages are counted there) and labelled period,
 * inside region ("" = all): people (household programs: heads of
 * household) that are not merged, with their age, disability, death,
 * desil, open PMKS categories at period_start and whether they are
 * enrolled in a program p excludes in the same period. When p has
 * categories, only people with one of them (or whose household has one)
 * are read. The rule itself is decided by pl_eligibility_check; fields the
 * rule does not test may be left unknown (age -1, desil 0).
 */
int pl_store_program_candidates(pl_store *s, const pl_program *p, const char *period,
                                const char *period_start, const char *region, pl_elig_cb cb,
                                void *ctx, pl_error *err);

/*
 * As pl_store_program_candidates, limited to people whose id lies in
 * id_from..id_to (inclusive), so that a scan can be split into parts read
 * by separate store handles.
 */
int pl_store_program_candidates_range(pl_store *s, const pl_program *p, const char *period,
                                      const char *period_start, const char *region, int64_t id_from,
                                      int64_t id_to, pl_elig_cb cb, void *ctx, pl_error *err);

/* Sets *lo and *hi to the lowest and highest person id (0 and 0 when none). */
int pl_store_program_id_span(pl_store *s, int64_t *lo, int64_t *hi, pl_error *err);

/*
 * The file name of s's data base, for opening a second handle on it; NULL
 * when the data base has no file (in memory) or s is inside a transaction
 * (another handle would not see its changes). Owned by s.
 */
const char *pl_store_program_db_file(pl_store *s);

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

/* ---------------------------------------------------------- integrity */

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

/* ------------------------------------------------------- disbursement */

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

/* ------------------------------------------------------------ reports */

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
