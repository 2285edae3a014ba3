/*
 * dedup.h - duplicate detection over person records: an in-memory set of
 * records (loaded once from the store or straight from an import CSV),
 * several blocking passes, scoring by domain/match.h on two or more
 * threads, and the store-side workflow (candidates, "not the same person",
 * merge and undo).
 *
 * Blocking passes (a pair is compared once, in the first pass that puts the
 * two records in one block):
 *   1. village + sex + birth year (placeholder and swapped dates keep it)
 *   2. village + sex + phonetic key of the mother's name
 *   3. regency + sex + full birth date (people who moved village)
 *   4. village + sex + pl_match_block_key of the name (longest uncommon word,
 *      old spelling folded, patronym and honorifics dropped)
 *   5. family card (KK) + sex: a person entered twice in one card, whatever
 *      the birth dates say
 * or, with pl_dedup_options.national, only:
 *   6. sex + full birth date + the name's key, anywhere in the nation
 */
#ifndef PL_SERVICE_DEDUP_H
#define PL_SERVICE_DEDUP_H

#include "domain/match.h"
#include "store/dedup.h"
#include "store/store.h"
#include "util/error.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct pl_dedup_set pl_dedup_set;

/* An empty set; *out owned by the caller (pl_dedup_set_free). Errors: PL_ENOMEM. */
int pl_dedup_set_new(pl_dedup_set **out, pl_error *err);
void pl_dedup_set_free(pl_dedup_set *set);

/*
 * Adds one record. id is the caller's key (person id, or CSV data row);
 * name and mother are raw and normalised here; household is any key shared
 * by the members of one household (0 = none). Strings are copied.
 * Errors: PL_ENOMEM.
 */
int pl_dedup_set_add(pl_dedup_set *set, int64_t id, const char *nik, const char *name,
                     const char *birth_date, char sex, const char *mother, const char *village,
                     const char *address, int64_t household, pl_error *err);

/* Number of records in the set. */
size_t pl_dedup_set_count(const pl_dedup_set *set);

/*
 * Loads every row of an import CSV/XLSX (canonical columns, gen.h) into set,
 * keyed by its 1-based data row number, whether or not the importer would
 * accept it (the benchmark scores the generator's ground truth this way).
 * Errors: those of table_reader.h, PL_EINVAL for missing columns.
 */
int pl_dedup_load_table(pl_dedup_set *set, const char *path, pl_error *err);

/*
 * Loads the living, unmerged people inside region (prefix, "" = all) and
 * scope from the store. Errors: PL_EIO, PL_EDENIED (region outside scope).
 */
int pl_dedup_load_store(pl_dedup_set *set, pl_store *s, const char *region, const char *scope,
                        pl_error *err);

#define PL_DEDUP_REASONS_MAX 512

typedef struct pl_dedup_pair {
    int64_t a, b; /* record ids, a < b */
    double score;
    unsigned why; /* PL_WHY_* */
    bool exact;
    char reasons[PL_DEDUP_REASONS_MAX]; /* pl_match_explain of a and b, in Bahasa */
} pl_dedup_pair;

typedef struct pl_dedup_options {
    double threshold; /* pairs at or above this score are kept (0 = 0.8) */
    int threads;      /* worker threads (0 = 2) */
    /* Only pairs with at least one record marked as an arrival (pl_dedup_match_new). */
    bool arrivals_only;
    /*
     * Instead of the passes above, one pass over the whole set: sex + full birth date +
     * pl_match_block_key of the name, whatever the place (people registered in two provinces;
     * a cluster's coordinator, service/cluster_dedup.h).
     */
    bool national;
} pl_dedup_options;

typedef struct pl_dedup_stats {
    long records;
    long blocks;
    long long comparisons; /* pairs scored */
    long pairs;            /* pairs kept */
    long exact;
    double seconds; /* blocking and scoring wall time */
} pl_dedup_stats;

/*
 * Finds candidate pairs in set. *out (array of *n, sorted by a then b) is
 * owned by the caller (free()). stats may be NULL. Errors: PL_ENOMEM,
 * PL_EINTERNAL (a thread could not start).
 */
int pl_dedup_run(pl_dedup_pair **out, size_t *n, pl_dedup_set *set, const pl_dedup_options *opt,
                 pl_dedup_stats *stats, pl_error *err);

/*
 * Runs detection over the store and records the pairs as open candidates;
 * pairs marked "not the same person" or already merged are not proposed
 * again. *written (may be NULL) receives the number of new or refreshed
 * candidates.
 */
int pl_dedup_detect(pl_store *s, const pl_actor *who, const char *region, const char *scope,
                    const pl_dedup_options *opt, pl_dedup_stats *stats, long *written,
                    pl_error *err);

/*
 * Merges person `merged` into `survivor` (each a NIK or an id, as
 * pl_registry_person_find reads them) in one audited transaction; *merge_id
 * receives the merge's number for pl_dedup_undo. Errors: PL_ENOTFOUND (no
 * such person), PL_EINVAL (the same person twice), the store's.
 */
int pl_dedup_merge(pl_store *s, const pl_actor *who, const char *survivor, const char *merged,
                   int64_t *survivor_id, int64_t *merged_id, int64_t *merge_id, pl_error *err);

/* Undoes merge merge_id. Errors: PL_EINVAL (not a merge number), the store's. */
int pl_dedup_undo(pl_store *s, const pl_actor *who, int64_t merge_id, pl_error *err);

/*
 * Records that a and b (NIK or id each) are not the same person, with
 * reason, so they are not proposed again; *a_id and *b_id receive their ids.
 * Errors: as pl_dedup_merge.
 */
int pl_dedup_distinct(pl_store *s, const pl_actor *who, const char *a, const char *b,
                      const char *reason, int64_t *a_id, int64_t *b_id, pl_error *err);

/* ------------------------------------------------------- matching on arrival */

/* A person just registered or changed, and the village they live in. */
typedef struct pl_dedup_arrival {
    int64_t id;
    char village[PL_REGION_CODE_MAX];
} pl_dedup_arrival;

/* People written whose matching waits for the end of a batch (pl_transfer_origin.match_later). */
typedef struct pl_dedup_arrivals {
    pl_dedup_arrival *v;
    size_t n, cap;
} pl_dedup_arrivals;

/* Adds person id of village to a. Errors: PL_ENOMEM. */
int pl_dedup_arrivals_add(pl_dedup_arrivals *a, int64_t id, const char *village, pl_error *err);

/* Frees what a holds (a itself is the caller's) and empties it. */
void pl_dedup_arrivals_clear(pl_dedup_arrivals *a);

/*
 * Matches people just written (arrivals[0..n), any order, repeats allowed)
 * against the registry at once: the living, unmerged people of each
 * arrival's village are read with pl_store_dedup_near (the blocked lookup;
 * a household and so the same KK lies in one village, a NIK is unique),
 * blocked in memory as pl_dedup_run does (village + birth year, mother's
 * name key, name key, household) and every pair with at least one arrival
 * scoring at least opt->threshold becomes an open candidate with its
 * reasons, in one transaction. Pairs decided already (not the same,
 * merged) stay as they are. *written (may be NULL) receives the number of
 * new or refreshed candidates. Called outside a transaction, or inside
 * one begun with pl_store_begin_outer (its writes then nest as a savepoint).
 * Errors: PL_ENOMEM, PL_EIO.
 */
int pl_dedup_match_new(pl_store *s, const pl_actor *who, const pl_dedup_arrival *arrivals, size_t n,
                       const pl_dedup_options *opt, long *written, pl_error *err);

/* ------------------------------------------------------- review of one pair */

/*
 * Candidate pair id as the caller with scope (region prefix, "" = all) may
 * see it: both people inside scope, else PL_ENOTFOUND exactly as for an
 * absent pair. Errors: PL_ENOTFOUND, PL_EIO.
 */
int pl_dedup_candidate_get(pl_store *s, pl_dedup_candidate *out, int64_t id, const char *scope,
                           pl_error *err);

/*
 * Merges candidate pair id (seen as pl_dedup_candidate_get does) keeping
 * survivor, which must be one of its two people; the other id keeps
 * answering with a pointer to survivor (pl_store_person_merged_into).
 * *out receives the pair after the merge (status merged, merge_id).
 * Errors: PL_ENOTFOUND, PL_EINVAL (survivor not in the pair, field
 * "survivor"), PL_ECONFLICT (merged already), the store's.
 */
int pl_dedup_candidate_merge(pl_store *s, const pl_actor *who, const char *scope, int64_t id,
                             int64_t survivor, pl_dedup_candidate *out, pl_error *err);

/*
 * Marks candidate pair id "not the same person" with reason (may be "").
 * Errors: PL_ENOTFOUND, PL_ECONFLICT (merged: undo first), the store's.
 */
int pl_dedup_candidate_distinct(pl_store *s, const pl_actor *who, const char *scope, int64_t id,
                                const char *reason, pl_dedup_candidate *out, pl_error *err);

/*
 * Undoes the merge of candidate pair id: both ids answer as before and the
 * pair is open again. Errors: PL_ENOTFOUND, PL_ECONFLICT (not merged, or a
 * later merge touching these people is not undone), the store's.
 */
int pl_dedup_candidate_undo(pl_store *s, const pl_actor *who, const char *scope, int64_t id,
                            pl_dedup_candidate *out, pl_error *err);

#endif
