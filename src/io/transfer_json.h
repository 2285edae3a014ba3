/*
 * transfer_json.h - a transfer request (store/transfer.h) as JSON, for the
 * CLI's --json output and the HTTP API. Two shapes: the owner's (everything,
 * including the stored record's ids and village and the submitted columns)
 * and the submitter's (only what it sent, the status and note: nothing
 * about the stored record, not even whether its NIK or its KK collided).
 */
#ifndef PL_IO_TRANSFER_JSON_H
#define PL_IO_TRANSFER_JSON_H

#include "store/transfer.h"

#include <jansson.h>
#include <stdbool.h>

/*
 * New reference owned by the caller (NULL on allocation failure). owner
 * selects the shape; note (may be NULL) is the text for "note".
 */
json_t *pl_json_transfer(const pl_transfer *t, bool owner, const char *note);

#endif
