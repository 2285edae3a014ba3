/*
 * schema_import.c - migration 9 of the SQLite schema (import issue):
 * indexes that others already cover are dropped, because every one costs
 * each imported person a b-tree insert. Never edit a released migration:
 * add a new one.
 *
 * - person_household(household_id) is a prefix of person_household_death
 *   (household_id, death_date) WHERE household_id IS NOT NULL, which SQLite
 *   uses for any `household_id = ?` (the comparison implies NOT NULL);
 * - membership_person(person_id, category) and membership_household
 *   (household_id, category) are prefixes of membership_person_span and
 *   membership_household_span in the same way.
 * Query plans checked with EXPLAIN QUERY PLAN for every statement that
 * filtered on those columns (membership by subject, open membership, members
 * of a household, living members, the OR of person and household).
 */
#include "store/sqlite/internal.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

const char pl_sq_migration_9[] =
    "DROP INDEX person_household;\n"
    "DROP INDEX membership_person;\n"
    "DROP INDEX membership_household;\n";
/* clang-format on */
