/*
 * registry.h - registering and changing people and households as one unit
 * of work: a validated record (domain/record.h) becomes a household, a
 * person and their PMKS memberships in one transaction. Used by the CLI and
 * the HTTP API; the bulk importer has its own faster path.
 */
#ifndef PL_SERVICE_REGISTRY_H
#define PL_SERVICE_REGISTRY_H

#include "domain/record.h"
#include "store/person.h"
#include "store/store.h"

/*
 * Adds the person in rec: the household with rec->kk is created when absent
 * (in rec->village, with the row's address and point as its home), else the
 * person joins it (a household in another village is refused; a point that
 * differs from the household's home becomes the person's own). PMKS
 * categories that apply to a household attach to the household, the rest to
 * the person; a category without a start date starts today. New records are drafts. On success
 * *out holds the stored person. Errors: PL_ECONFLICT (NIK registered),
 * PL_EINVAL (village mismatch), PL_EIO.
 */
int pl_registry_person_add(pl_store *s, const pl_actor *who, const pl_record *rec,
                           const pl_date *today, pl_person *out, pl_error *err);

/* Adds memberships for categories of rec not already open on the subject. */
int pl_registry_add_categories(pl_store *s, const pl_actor *who, const pl_person *p,
                               const pl_record_pmks *pmks, int n, const pl_date *today,
                               pl_error *err);

/* Copies a validated record's person fields into a store record (ids untouched). */
void pl_registry_record_to_person(pl_person *p, const pl_record *rec);

#endif
