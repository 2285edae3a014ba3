/*
 * cells.h - the counts that roles without personal access may see, with
 * small cells hidden (domain/suppress.h) the same way on every route.
 *
 * One tree per count date holds, for every region from the villages up to
 * the whole country (whatever the caller's scope, so that no two answers
 * hide different cells of the same table), the measures below. The
 * report's counts (people and households per PMKS category on the date),
 * the summary's totals and the choropleth's counts are all read from it,
 * so a cell hidden in one answer is hidden in every other, and a region's
 * total minus its other children never gives it back.
 */
#ifndef PL_SERVICE_CELLS_H
#define PL_SERVICE_CELLS_H

#include "domain/suppress.h"
#include "store/store.h"

enum {
    PL_CELL_PEOPLE = 0,       /* + c (0..26): people per PMKS category on the date; 0 = the sum */
    PL_CELL_HOUSEHOLDS = 27,  /* + c - 1 (c 1..26): households per PMKS category */
    PL_CELL_MEMBERSHIPS = 53, /* open memberships: people (person categories) + households */
    PL_CELL_PERSONS = 54,     /* people registered (summary) */
    PL_CELL_FAMILIES = 55,    /* households registered (summary) */
    PL_CELL_ALIVE = 56,       /* living people (summary, choropleth "everyone") */
    PL_CELL_DRAFT = 57,       /* people by verification state; the three add up to PERSONS */
    PL_CELL_VERIFIED = 58,
    PL_CELL_REJECTED = 59,
    PL_CELL_NO_NIK = 60, /* living people without a NIK (summary) */
    PL_CELL__MAX = 61
};

/* The measure of households in PMKS category c (1..26). */
#define PL_CELL_HH(c) (PL_CELL_HOUSEHOLDS + (c)-1)

/*
 * Builds the suppressed tree for counts on date (YYYY-MM-DD; the summary's
 * totals are always today's). *out is owned by the caller
 * (pl_suppress_tree_free). Errors: PL_EINVAL (date), PL_EIO, PL_ENOMEM.
 */
int pl_cells_build(pl_suppress_tree **out, pl_store *s, const char *date, pl_error *err);

/*
 * A count as it may be shown: v, or PL_SUPPRESSED when v is small or the
 * tree hides measure m of code.
 */
long pl_cells_shown(const pl_suppress_tree *t, const char *code, int m, long v);

#endif
