/*
 * sync_json.h - the JSON shape of a registered offline instance (store/sync.h),
 * for the CLI's --json and the HTTP API alike.
 */
#ifndef PL_IO_SYNC_JSON_H
#define PL_IO_SYNC_JSON_H

#include "store/sync.h"

#include <jansson.h>

/* {"id","name","scope","public_key","user_id","created_at","created_by","revoked_at","revoked_by","version"}.
 */
json_t *pl_json_sync_instance(const pl_sync_instance *in);

#endif
