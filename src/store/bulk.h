/*
 * bulk.h - the importer's path: bulk-load mode, its phases, and upserts of
 * households, people and memberships keyed by KK, NIK and category.
 */
#ifndef PL_STORE_BULK_H
#define PL_STORE_BULK_H

#include "store/household.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/store.h"

/*
 * Bulk-load mode for the importer, entered outside a transaction:
 * - the per-row audit of inserts is off (the importer writes one audit row
 *   for the whole import; rows carry created_by and created_at; updates and
 *   deletes are always audited);
 * - new people are added to the name index, and new people and households
 *   to the residence history and the spatial index, by pl_store_bulk_flush
 *   once per batch instead of one by one;
 * - references are not re-checked row by row: the importer has checked
 *   every village code against the region tree and makes households itself;
 * - when expected_rows (the rows the load may add; 0 = unknown) is at least
 *   a sixth of the people stored afterwards, the spatial index is left
 *   behind during the load (pl_store_geo_defer) and rebuilt in one pass by
 *   pl_store_bulk_end (pl_store_geo_rebuild), several times cheaper than
 *   adding the points one by one.
 * Call pl_store_bulk_flush before every commit of a batch and
 * pl_store_bulk_end (outside a transaction) when done.
 */
int pl_store_bulk_begin(pl_store *s, long expected_rows, pl_error *err);
int pl_store_bulk_flush(pl_store *s, pl_error *err);
int pl_store_bulk_end(pl_store *s, pl_error *err);

/*
 * Phases of a bulk batch, inside its transaction. In the insert phase the
 * store may add new people and households without its per-row checks and
 * upkeep of derived data (which pl_store_bulk_flush catches up; when it
 * cannot guarantee that, the phase keeps them on):
 * pl_store_household_upsert and pl_store_person_upsert only insert new rows
 * there and answer PL_UPSERT_DEFERRED for a row that exists and may need a
 * change; pl_store_membership_ensure must not be called. In the update phase
 * (the default) every check, period lock and audit applies and every call
 * behaves as documented below: the importer repeats its deferred rows and
 * adds memberships then. Entering the update phase inside a transaction
 * flushes first (pl_store_bulk_flush), so that updates find the new rows
 * indexed.
 */
typedef enum pl_bulk_phase { PL_BULK_UPDATES, PL_BULK_INSERTS } pl_bulk_phase;
int pl_store_bulk_phase(pl_store *s, pl_bulk_phase phase, pl_error *err);

/*
 * Finds the household with hh->kk or inserts it. When it exists in another
 * village: PL_ECONFLICT, or PL_EDENIED when that village lies outside scope.
 * When update is true, a stored address, RT/RW or coordinates that differ
 * from hh are overwritten (audited). Fills *id and *outcome.
 */
int pl_store_household_upsert(pl_store *s, const pl_actor *who, const pl_household *hh, bool update,
                              const char *scope, int64_t *id, pl_upsert_outcome *outcome,
                              pl_error *err);

/*
 * Inserts the person with p->nik, or updates the stored one when any field
 * of the canonical record differs (name, birth place and date, sex,
 * relationship, mother's name, disability, household, village, flags);
 * identical records are left alone. A changed verified record returns to
 * draft. A stored record outside scope is refused with PL_EDENIED. Fills
 * *id and *outcome. name_norm is p->name normalised (domain/name.h), or NULL
 * to have it computed here.
 */
int pl_store_person_upsert(pl_store *s, const pl_actor *who, const pl_person *p,
                           const char *name_norm, const char *scope, int64_t *id,
                           pl_upsert_outcome *outcome, pl_error *err);

/*
 * Insert phase only (pl_store_bulk_phase): adds the people rows[0..n) whose
 * NIK is new, many per statement with consecutive new ids. ids[i] receives
 * the new id, or 0 when rows[i] was left out: its NIK exists already, or
 * the data base refused the row; call pl_store_person_upsert for it in the
 * update phase (which updates it, leaves it, or says why it is refused).
 * norms[i] is rows[i]->name normalised. Scope is the caller's to check.
 * Errors: PL_EINTERNAL (outside the insert phase), PL_EIO.
 */
int pl_store_people_insert_new(pl_store *s, const pl_actor *who, const pl_person *const *rows,
                               const char *const *norms, size_t n, int64_t *ids, pl_error *err);

/* Opens m unless the same category is already open for the subject (then UNCHANGED). */
int pl_store_membership_ensure(pl_store *s, const pl_actor *who, const pl_membership *m,
                               pl_upsert_outcome *outcome, pl_error *err);

/*
 * pl_store_membership_ensure for ms[0..n), in that order (one statement on PostgreSQL, where
 * each would be a round trip); *inserted receives how many were opened. A refusal (a period
 * lock) fails the whole call with the error pl_store_membership_ensure gives.
 */
int pl_store_memberships_ensure(pl_store *s, const pl_actor *who, const pl_membership *ms, size_t n,
                                size_t *inserted, pl_error *err);

#endif
