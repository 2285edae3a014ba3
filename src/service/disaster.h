/*
 * disaster.h - disaster events: register an event (type, date, area), list
 * the vulnerable people inside its area, and confirm it, which records every
 * living person inside as korban bencana alam (PMKS 21) from the event date
 * (to the end date when one is given), in one audited transaction.
 */
#ifndef PL_SERVICE_DISASTER_H
#define PL_SERVICE_DISASTER_H

#include "service/area.h"
#include "store/disaster.h"
#include "store/store.h"

/* Known event types (slugs); NULL-terminated. */
extern const char *const pl_disaster_types[];

/* True when type is one of pl_disaster_types. */
bool pl_disaster_type_known(const char *type);

/*
 * Registers d (type, name, event_date, end_date, region_code) with the area
 * shape (validated and prepared). region_code must lie inside scope, and
 * when scope is set it is required. Fills d->id. Errors: PL_EINVAL (unknown
 * type, bad dates), PL_EDENIED.
 */
int pl_disaster_register(pl_store *s, const pl_actor *who, pl_disaster *d, const pl_geo_shape *area,
                         const char *scope, pl_error *err);

/*
 * Loads event id (inside scope) and its area. *shape is owned by the caller.
 * Errors: PL_ENOTFOUND (also for events outside scope), PL_EINVAL (broken area).
 */
int pl_disaster_load(pl_disaster *d, pl_geo_shape **shape, pl_store *s, int64_t id,
                     const char *scope, pl_error *err);

/*
 * Confirms event id: every living person inside the area (and scope) gets a
 * PMKS 21 membership valid from the event date (a person with one open
 * already keeps it) and is recorded in the event's affected list. *affected
 * receives the count. Errors: PL_ECONFLICT (already confirmed), PL_ENOTFOUND.
 */
int pl_disaster_confirm(pl_store *s, const pl_actor *who, int64_t id, const char *scope,
                        const pl_date *today, long *affected, pl_error *err);

#endif
