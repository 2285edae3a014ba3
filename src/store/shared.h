/*
 * shared.h - what the connections of one process to one data base share: a listener that
 * learns of commits made elsewhere, and the caches it keeps valid.
 *
 * A server opens one pl_store_shared for its data base and hands it to every pooled
 * connection (pl_store_share). On PostgreSQL it holds a connection of its own that LISTENs on
 * the channel Pilar's statement triggers notify (migration 25: accounts and tokens, people and
 * their KK), a generation per kind of data that every notification, every local commit and
 * every reconnection moves on, and a cache of people by NIK valid at one generation. So a
 * token is checked, and a person found by NIK, without a round trip while nothing changed.
 *
 * How stale it may be: a commit made elsewhere reaches the caches when PostgreSQL delivers
 * its notification (milliseconds); a commit made through this process's connections at once.
 * The listener proves itself alive every second; after PL_STORE_SHARED_SILENT_MS without
 * that proof (a lost or hung connection) the caches are bypassed until it is back, and a
 * reconnection voids everything cached before. A cached person also expires after
 * PL_STORE_SHARED_PERSON_TTL seconds.
 *
 * SQLite shares nothing here (its reads cost no round trip): pl_store_shared_open gives NULL,
 * and every function takes NULL.
 */
#ifndef PL_STORE_SHARED_H
#define PL_STORE_SHARED_H

#include "store/store.h"

#include <stdint.h>

typedef struct pl_store_shared pl_store_shared;

#define PL_STORE_SHARED_SILENT_MS 3000 /* listener silent this long: caches bypassed */
#define PL_STORE_SHARED_PERSON_TTL 60  /* seconds a cached person lives at most */

/*
 * Opens what the connections to location share into *out (owned by the caller,
 * pl_store_shared_free): on PostgreSQL starts the listener thread, which connects in the
 * background (until it has, the caches are bypassed); on SQLite *out is NULL. Errors:
 * PL_ENOMEM, PL_EIO (the thread could not start).
 */
int pl_store_shared_open(pl_store_shared **out, const char *location, pl_error *err);

/*
 * Says that this process has written through a connection without sh attached (or may
 * have): everything cached now is void. NULL ok.
 */
void pl_store_shared_touch(pl_store_shared *sh);

/* Stops the listener and frees sh (NULL ok); no connection may use it any more. */
void pl_store_shared_free(pl_store_shared *sh);

/*
 * Attaches sh (NULL: none) to s, which then reads and fills its caches and voids them at its
 * own commits. sh must outlive s's use of it.
 */
int pl_store_share(pl_store *s, pl_store_shared *sh, pl_error *err);

/*
 * A stamp that changes whenever accounts, roles, scopes or tokens may have been changed by
 * another handle or process since s last looked. Compare two stamps of the same handle, for
 * equality (a remembered token check is stale when it changed). SQLite: the file's
 * data_version (any commit by another connection). PostgreSQL: from the attached
 * pl_store_shared, without a round trip; PL_EUNAVAIL when none is attached or its listener is
 * not listening (then nothing may be remembered).
 */
int pl_store_auth_stamp(pl_store *s, int64_t *out, pl_error *err);

#endif
