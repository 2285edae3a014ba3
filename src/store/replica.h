/*
 * replica.h - the write-ahead-log positions a server compares to send a read to a streaming
 * replica (`pilar serve --read-db`) without showing a user data older than their own writes.
 *
 * A position is PostgreSQL's LSN as an unsigned 64-bit number ("16/B374D848" is 0x16B374D848),
 * so positions compare as numbers. pl_store_write_position on the primary gives a position at
 * or past the end of everything committed through any connection so far (the WAL insert
 * position); pl_store_replay_position on a standby gives how far it has replayed. A standby
 * whose replay position is at or past a write position shows that write (and every commit
 * before it) to every query that starts afterwards.
 *
 * SQLite has no replicas: its write position is 0 and its replay position UINT64_MAX (one
 * file, everything committed is visible), so any comparison says "current". A PostgreSQL data
 * base that is not in recovery (a primary named as a read location) answers UINT64_MAX too.
 */
#ifndef PL_STORE_REPLICA_H
#define PL_STORE_REPLICA_H

#include "store/store.h"

#include <stdint.h>

/*
 * The primary's current WAL insert position into *lsn (0 on SQLite). Errors: PL_EUNAVAIL
 * (connection lost), PL_EIO (a data base in recovery has no write position).
 */
int pl_store_write_position(pl_store *s, uint64_t *lsn, pl_error *err);

/*
 * How far s's data base has replayed the primary's WAL into *lsn: pg_last_wal_replay_lsn() on
 * a standby (0 when it has replayed nothing yet), UINT64_MAX on a data base not in recovery
 * and on SQLite. Errors: PL_EUNAVAIL (connection lost), PL_EIO.
 */
int pl_store_replay_position(pl_store *s, uint64_t *lsn, pl_error *err);

#endif
