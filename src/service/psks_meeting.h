/*
 * psks_meeting.h - coordination meetings with PSKS (like the provincial
 * meeting with the pilar sosial on Social Workers' Day): the meeting, its
 * participants, the problems raised and the recommendations that become
 * follow-up items with an owner, a due date and a status. Behind `pilar
 * psks meeting ...` and /api/v1/psks-meetings.
 *
 * A meeting is visible in a scope when its region lies inside it; one
 * outside is answered as missing (PL_ENOTFOUND), never PL_EDENIED.
 */
#ifndef PL_SERVICE_PSKS_MEETING_H
#define PL_SERVICE_PSKS_MEETING_H

#include "store/psks.h"
#include "store/store.h"

/*
 * Records (m->id 0) or changes (m->id set, m->version read before) a
 * meeting: held_on a date (any pl_date_parse form, stored YYYY-MM-DD),
 * place and theme required, region any spelling of a code inside scope.
 * Errors: PL_EINVAL naming the field ("held_on", "place", "theme",
 * "region"), PL_EDENIED (region outside scope), PL_ENOTFOUND (changing a
 * meeting missing or outside scope), PL_ECONFLICT (stale version).
 */
int pl_psks_meeting_save(pl_psks_meeting *m, pl_store *s, const pl_actor *who, const char *scope,
                         pl_error *err);

/* Fetches meeting id visible in scope. Errors: PL_ENOTFOUND (missing or outside). */
int pl_psks_meeting_get(pl_psks_meeting *out, pl_store *s, const char *scope, int64_t id,
                        pl_error *err);

/*
 * Adds a participant to meeting p->meeting_id (visible in scope): a
 * registered unit (p->unit_id, which must be visible in scope too) or a
 * free-text name. Errors: PL_ENOTFOUND (meeting), PL_EINVAL ("unit_id":
 * unknown or invisible unit; "name": neither given or too long).
 */
int pl_psks_party_add(pl_psks_party *p, pl_store *s, const pl_actor *who, const char *scope,
                      pl_error *err);

/*
 * Adds a problem or recommendation to meeting i->meeting_id (visible in
 * scope). Text required; a recommendation needs an owner and may have a
 * due date (any pl_date_parse form); a problem has neither. Errors:
 * PL_ENOTFOUND (meeting), PL_EINVAL naming the field ("kind", "text",
 * "owner", "due_on").
 */
int pl_psks_item_add(pl_psks_item *i, pl_store *s, const pl_actor *who, const char *scope,
                     pl_error *err);

/* What pl_psks_item_update changes: NULL keeps the stored value. */
typedef struct pl_psks_item_change {
    int64_t version;
    const char *text, *owner, *due_on; /* due_on "" removes the date */
    const char *status;                /* PL_PSKS_ITEM_OPEN or PL_PSKS_ITEM_DONE */
    const char *note;
} pl_psks_item_change;

/*
 * Changes item id of a meeting visible in scope. Marking a recommendation
 * done needs a note (what was done) and dates it today (YYYY-MM-DD, NULL =
 * the system's date); opening it again clears that date. Errors:
 * PL_ENOTFOUND, PL_EINVAL naming the field, PL_ECONFLICT (stale version).
 */
int pl_psks_item_update(pl_psks_item *out, pl_store *s, const pl_actor *who, const char *scope,
                        int64_t id, const pl_psks_item_change *chg, const char *today,
                        pl_error *err);

/*
 * Open follow-up items (recommendations) of meetings inside region ("" =
 * the whole scope; it must lie inside scope), by due date; overdue keeps
 * only those due before today (NULL = the system's date). Errors:
 * PL_EDENIED (region outside scope), the store's.
 */
int pl_psks_followups(pl_store *s, const char *scope, const char *region, bool overdue,
                      const char *today, pl_psks_item_cb cb, void *ctx, pl_error *err);

/* Writes today's date (local time) as YYYY-MM-DD into out (11 bytes). */
void pl_psks_today(char out[11]);

#endif
