/*
 * dedup.h - duplicate people: the scan that detection reads, candidate pairs
 * with their score, "not the same person" decisions, merges and their undo.
 */
#ifndef PL_STORE_DEDUP_H
#define PL_STORE_DEDUP_H

#include "store/store.h"

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
 * The blocked lookup of matching on arrival: streams the living, unmerged
 * people of one village (exact code, through its index), household by
 * household, in the rows of pl_store_dedup_scan. A household lies in one
 * village, so the same KK is inside; a NIK is unique in the store, so the
 * same NIK is the same record. The finer blocks (birth year, name key,
 * household) are made from these rows in memory. Errors: PL_EIO.
 */
int pl_store_dedup_near(pl_store *s, const char *village, pl_dedup_row_cb cb, void *ctx,
                        pl_error *err);

/*
 * pl_store_dedup_near for villages[0..n) (distinct, in strcmp order), their rows in that
 * order: the same rows as one call per village, in fewer round trips. Errors: PL_EIO.
 */
int pl_store_dedup_near_many(pl_store *s, const char *const *villages, size_t n, pl_dedup_row_cb cb,
                             void *ctx, pl_error *err);

/*
 * Where a merged-away person went: *into receives the surviving id at the
 * end of the chain (a survivor merged later is followed, at most 32 steps)
 * and *merge_id the merge that took id away. Errors: PL_ENOTFOUND when id
 * is not merged (absent or alive), PL_EIO.
 */
int pl_store_person_merged_into(pl_store *s, int64_t id, int64_t *into, int64_t *merge_id,
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
    char reasons[512];
    char status[12]; /* open / not_same / merged */
    char name_a[128], name_b[128];
    char nik_a[17], nik_b[17];
    char village_a[PL_REGION_CODE_MAX], village_b[PL_REGION_CODE_MAX];
    char created_at[24], decided_by[64], decided_at[24]; /* decided_*: "" while open */
    int64_t merge_id;    /* status merged: the merge that undoes it (0 otherwise) */
    int64_t survivor_id; /* status merged: the id kept (0 otherwise) */
} pl_dedup_candidate;

typedef int (*pl_dedup_candidate_cb)(void *ctx, const pl_dedup_candidate *c);

/*
 * Candidates with status (NULL = any) and score >= min_score whose two
 * people both live inside scope (region prefix, "" = all), best first, at
 * most limit.
 */
int pl_store_dedup_candidate_list(pl_store *s, const char *status, double min_score,
                                  const char *scope, int limit, pl_dedup_candidate_cb cb, void *ctx,
                                  pl_error *err);

/* Candidate pair id into *out. Errors: PL_ENOTFOUND, PL_EIO. */
int pl_store_dedup_candidate_get(pl_store *s, pl_dedup_candidate *out, int64_t id, pl_error *err);

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

#endif
