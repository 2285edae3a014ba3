/*
 * disaster_json.h - disaster events and disability cards as JSON (jansson),
 * shared by the CLI's --json and the HTTP API. Each function returns a new
 * reference owned by the caller (NULL on allocation failure).
 */
#ifndef PL_IO_DISASTER_JSON_H
#define PL_IO_DISASTER_JSON_H

#include "store/card.h"
#include "store/disaster.h"

#include <jansson.h>

/* {id, type, name, date, until, region, state, affected, confirmed_at, created_by}. */
json_t *pl_json_disaster(const pl_disaster *d);

/*
 * {token, status ("valid" or "revoked"), issued_at, issued_by, revoked_at,
 * revoked_by, reason, url ("/kartu/<token>", the public check page)}.
 */
json_t *pl_json_card(const pl_card *c);

#endif
