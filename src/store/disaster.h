/*
 * disaster.h - disaster events with their area (GeoJSON), the people they
 * affect and the membership that records each (store/membership.h).
 */
#ifndef PL_STORE_DISASTER_H
#define PL_STORE_DISASTER_H

#include "store/geo.h"
#include "store/store.h"

#define PL_DISASTER_DRAFT "draft"
#define PL_DISASTER_CONFIRMED "confirmed"

typedef struct pl_disaster {
    int64_t id;
    char type[24]; /* banjir, kebakaran, longsor, ... */
    char name[128];
    char event_date[11];
    char end_date[11];                    /* "" = open */
    char region_code[PL_REGION_CODE_MAX]; /* the region that registered it ("" = none) */
    pl_store_bbox bbox;
    char state[12]; /* draft / confirmed */
    char confirmed_at[24];
    char confirmed_by[64];
    long affected;
    int64_t version;
    char created_at[24];
    char created_by[64];
} pl_disaster;

/* Adds an event with its area (GeoJSON geometry text, borrowed); fills id. */
int pl_store_disaster_add(pl_store *s, const pl_actor *who, pl_disaster *d, const char *area,
                          pl_error *err);

/*
 * Fetches an event; when area is non-NULL *area receives a malloc'd copy of
 * the GeoJSON text (caller frees). Errors: PL_ENOTFOUND.
 */
int pl_store_disaster_get(pl_store *s, pl_disaster *out, char **area, int64_t id, pl_error *err);

typedef int (*pl_disaster_cb)(void *ctx, const pl_disaster *d);

/* Events registered inside scope ("" = all; events without a region are listed for all), newest
 * first. */
int pl_store_disaster_list(pl_store *s, const char *scope, pl_disaster_cb cb, void *ctx,
                           pl_error *err);

/* Records one affected person of an event (and the membership that records it). */
int pl_store_disaster_affected_add(pl_store *s, int64_t event_id, int64_t person_id,
                                   int64_t membership_id, pl_error *err);

/*
 * Marks the event confirmed with the count of affected people (audited).
 * Errors: PL_ENOTFOUND, PL_ECONFLICT (already confirmed).
 */
int pl_store_disaster_set_confirmed(pl_store *s, const pl_actor *who, int64_t id, long affected,
                                    pl_error *err);

typedef int (*pl_disaster_village_cb)(void *ctx, const char *village, long events);

/*
 * Villages inside region ("" = all) with a recorded disaster whose event
 * date is on or after since (YYYY-MM-DD): a village where a person the
 * event affected lives, or the village that registered the event. Each
 * village once, in code order, with the number of such events. Used for
 * disaster-prone areas (PSKS coverage, issue 20).
 */
int pl_store_disaster_villages(pl_store *s, const char *region, const char *since,
                               pl_disaster_village_cb cb, void *ctx, pl_error *err);

#endif
