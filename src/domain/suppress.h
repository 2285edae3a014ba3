/*
 * suppress.h - small-cell suppression for aggregates shown to roles without
 * personal access. Pure: no I/O, no SQL.
 *
 * The rule, written once:
 *  1. primary: a count of 1..4 (below PL_SUPPRESS_MIN) is hidden; 0 is shown;
 *  2. complementary: in every group of cells that adds up to a shown total,
 *     the hidden cells must be at least two and add up to at least
 *     PL_SUPPRESS_MIN, so that "total minus the shown cells" neither gives a
 *     hidden cell back nor narrows two hidden cells down to exact values.
 *     While a group falls short, its smallest shown non-zero cell is hidden
 *     too; when no such cell is left, the total is hidden;
 *  3. groups overlap (a region's categories add up to its total, its
 *     districts add up to it per category): step 2 runs over every group
 *     again until nothing changes, so hierarchical totals (village ->
 *     district -> regency -> province -> all) and category totals hold
 *     together.
 * A hidden count is written into model structs as PL_SUPPRESSED; anything
 * derived from a hidden count (a change between periods, a percentage, a
 * ratio) is hidden as well by whoever renders it.
 *
 * Two interfaces: pl_suppress, cells and groups by index (any table), and
 * pl_suppress_tree, counts per region code and measure with the region
 * hierarchy and per-region sums of measures as its groups.
 */
#ifndef PL_DOMAIN_SUPPRESS_H
#define PL_DOMAIN_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#define PL_SUPPRESS_MIN 5   /* counts 1..PL_SUPPRESS_MIN-1 are small */
#define PL_SUPPRESSED (-1L) /* a hidden count in a model struct */

/* True for 1..PL_SUPPRESS_MIN-1. */
bool pl_suppress_is_small(long v);

/* True when v is PL_SUPPRESSED (any negative count). */
bool pl_suppress_hidden(long v);

/* ------------------------------------------------------------ cells */

typedef struct pl_suppress pl_suppress;

/* A new empty table, or NULL when out of memory. Free with pl_suppress_free (NULL ok). */
pl_suppress *pl_suppress_new(void);
void pl_suppress_free(pl_suppress *t);

/* Adds a cell holding v (negative is read as 0). Returns its index (>= 0) or PL_ENOMEM. */
long pl_suppress_cell(pl_suppress *t, long v);

/* Adds v to cell i. */
void pl_suppress_cell_add(pl_suppress *t, long i, long v);

/* Hides cell i whatever its value (hidden elsewhere). */
void pl_suppress_force(pl_suppress *t, long i);

/*
 * Declares that cells members[0..n) add up to cell total. Returns 0 or
 * PL_ENOMEM; PL_EINVAL for an index out of range.
 */
int pl_suppress_group(pl_suppress *t, long total, const long *members, size_t n);

/* Applies the rule to every cell and group. Returns the number of cells hidden. */
size_t pl_suppress_run(pl_suppress *t);

/* After pl_suppress_run: whether cell i is hidden, and its value. */
bool pl_suppress_is_hidden(const pl_suppress *t, long i);
long pl_suppress_value(const pl_suppress *t, long i);

/* ------------------------------------------------------------- tree */

typedef struct pl_suppress_tree pl_suppress_tree;

/*
 * A tree of regions (root "", provinces "64", regencies "64.74", districts
 * "64.74.01", villages "64.74.01.2001"), each holding `measures` counts.
 * NULL when out of memory. Free with pl_suppress_tree_free (NULL ok).
 */
pl_suppress_tree *pl_suppress_tree_new(int measures);
void pl_suppress_tree_free(pl_suppress_tree *t);

/*
 * Adds v to measure m of code and of every region above it up to the root.
 * Returns 0, PL_EINVAL (malformed code, m out of range) or PL_ENOMEM.
 */
int pl_suppress_tree_add(pl_suppress_tree *t, const char *code, int m, long v);

/*
 * Declares that in every region measures members[0..n) add up to measure
 * total (e.g. the categories to all categories). Returns 0, PL_EINVAL or
 * PL_ENOMEM. Call before pl_suppress_tree_run.
 */
int pl_suppress_tree_sum(pl_suppress_tree *t, int total, const int *members, int n);

/*
 * Applies the rule with groups: each region's children per measure, and
 * each declared sum per region. Returns 0 or PL_ENOMEM.
 */
int pl_suppress_tree_run(pl_suppress_tree *t);

/*
 * After pl_suppress_tree_run: measure m of code as it may be shown, the
 * count or PL_SUPPRESSED (0 for a region the tree never saw).
 */
long pl_suppress_tree_shown(const pl_suppress_tree *t, const char *code, int m);

/* The count itself (0 for an unknown region), for sums that are never shown. */
long pl_suppress_tree_value(const pl_suppress_tree *t, const char *code, int m);

#endif
