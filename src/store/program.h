/*
 * program.h - social-assistance programs (domain/eligibility.h holds the
 * record and its rule) and the scan of a program's candidates for a period.
 */
#ifndef PL_STORE_PROGRAM_H
#define PL_STORE_PROGRAM_H

#include "domain/eligibility.h"
#include "store/store.h"

/* Adds a program; fills p->id. Errors: PL_ECONFLICT (code exists), PL_EINVAL. */
int pl_store_program_add(pl_store *s, const pl_actor *who, pl_program *p, pl_error *err);

/* Fetches a program by code. Errors: PL_ENOTFOUND. */
int pl_store_program_get(pl_store *s, pl_program *out, const char *code, pl_error *err);

typedef int (*pl_program_cb)(void *ctx, const pl_program *p);

/* Every program ordered by code. */
int pl_store_program_list(pl_store *s, pl_program_cb cb, void *ctx, pl_error *err);

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
 * by separate store handles (pl_store_location).
 */
int pl_store_program_candidates_range(pl_store *s, const pl_program *p, const char *period,
                                      const char *period_start, const char *region, int64_t id_from,
                                      int64_t id_to, pl_elig_cb cb, void *ctx, pl_error *err);

/* Sets *lo and *hi to the lowest and highest person id (0 and 0 when none). */
int pl_store_program_id_span(pl_store *s, int64_t *lo, int64_t *hi, pl_error *err);

#endif
