/*
 * pool.h - the server's data-base connections, and the bearer tokens each
 * connection has already checked (the token memo). Private to src/http/.
 *
 * Contract. A request takes one connection for the authentication step and
 * one for its handler (pl_http_pool_get) and gives it back when done
 * (pl_http_pool_put); a connection is used by one thread at a time. Idle
 * connections wait in a stack of at most PL_HTTP_POOL_MAX; when none is idle
 * a new one is opened, and one given back to a full stack is closed. Giving
 * a connection back rolls back whatever transaction a handler left open.
 * The pool is thread-safe (one mutex around the stack; opening and closing
 * happen outside it).
 *
 * The token memo of a connection remembers up to PL_HTTP_AUTH_MEMO token
 * digests with their accounts. An entry is used only while nothing has been
 * committed since it was made: the connection's data version (commits by
 * any other connection or process) and the server's write epoch (requests
 * that may have written through this very connection) both unchanged. So a
 * revoked token or a disabled account fails on the very next request.
 *
 * A replica pool (pl_http_pool_new_replica, `pilar serve --read-db`) lends read-only
 * connections to a streaming standby, for the routes that only read (reports, searches, maps).
 * It never fails a request: pl_http_pool_get_replica lends nothing when the standby is behind
 * the caller's read floor, cannot be reached, or rests after a failure (PL_HTTP_REPLICA_REST_MS),
 * and the server reads from the primary instead. Its connections share no cache with the
 * primary's (a standby replays a commit later than the primary notifies it).
 */
#ifndef PL_HTTP_POOL_H
#define PL_HTTP_POOL_H

#include "http/access_log.h"
#include "store/auth.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

#define PL_HTTP_POOL_MAX 64 /* idle connections kept */
#define PL_HTTP_AUTH_MEMO 4 /* tokens remembered per connection */

typedef struct pl_http_auth_memo {
    struct {
        bool used;
        char digest[PL_DIGEST_HEX];
        pl_user user;
        int64_t data_version;
        unsigned long epoch;
        long long made; /* monotonic seconds: an entry lives PL_HTTP_AUTH_MEMO_TTL at most */
    } slot[PL_HTTP_AUTH_MEMO];
    unsigned next; /* slot to replace (round robin) */
} pl_http_auth_memo;

/* A pooled connection and its memo; owned by the pool, lent by pl_http_pool_get. */
typedef struct pl_http_pool_conn {
    pl_store *store;
    pl_http_auth_memo memo;
    uint64_t replayed; /* replica pools: the standby's replay position last read on it */
} pl_http_pool_conn;

#define PL_HTTP_REPLICA_REST_MS 2000 /* a failed replica is left alone this long */

typedef struct pl_http_pool pl_http_pool;

/*
 * An empty pool whose connections open db_path (copied) with pl_store_open
 * flags (e.g. PL_STORE_SYNC_NORMAL); max_pages > 0 caps
 * the data base's size on each (tests only, pl_store_set_max_pages). *out is
 * owned by the caller (pl_http_pool_free). Errors: PL_ENOMEM, PL_EINVAL
 * (path too long).
 */
int pl_http_pool_new(pl_http_pool **out, const char *db_path, unsigned flags, long max_pages,
                     pl_error *err);

/*
 * An empty replica pool: read-only connections (PL_STORE_READONLY added to flags) to the
 * standby at location (copied), sharing nothing; its changes between usable and unusable are
 * logged once each to log (NULL ok). Errors: PL_ENOMEM, PL_EINVAL (location too long).
 */
int pl_http_pool_new_replica(pl_http_pool **out, const char *location, unsigned flags,
                             pl_http_log *log, pl_error *err);

/*
 * Lends a connection of replica pool p whose standby has replayed at least floor (0: any)
 * into *out and returns true; false (nothing lent) when the standby is behind floor, cannot be
 * reached, or rests after a failure. Reads the replay position only when the connection's last
 * known one is below floor.
 */
bool pl_http_pool_get_replica(pl_http_pool *p, uint64_t floor, pl_http_pool_conn **out);

/*
 * Gives back pc, lent by pl_http_pool_get_replica. failure non-NULL says the standby failed a
 * read (a lost connection; the text is logged): pc is closed with every idle one, and p rests
 * PL_HTTP_REPLICA_REST_MS.
 */
void pl_http_pool_replica_done(pl_http_pool *p, pl_http_pool_conn *pc, const char *failure);

/*
 * Says that a write went through the pool's connections: what they cached is void
 * (pl_store_shared_touch).
 */
void pl_http_pool_touch(pl_http_pool *p);

/*
 * Lends an idle connection, or opens a new one, into *out.
 * Errors: PL_ENOMEM, and those of pl_store_open (PL_EIO, ...).
 */
int pl_http_pool_get(pl_http_pool *p, pl_http_pool_conn **out, pl_error *err);

/* Rolls back conn's open transaction and takes it back (NULL ok); closes it when the pool is full.
 */
void pl_http_pool_put(pl_http_pool *p, pl_http_pool_conn *conn);

/*
 * Closes every idle connection, stops what they shared, and frees p (NULL ok). Lent
 * connections must be back.
 */
void pl_http_pool_free(pl_http_pool *p);

/* Seconds a memo entry lives even without commits (a token expires without one). */
#define PL_HTTP_AUTH_MEMO_TTL 10

/*
 * Looks digest up in m: true (and *out filled) when an entry was made at
 * this data_version and epoch less than PL_HTTP_AUTH_MEMO_TTL seconds ago.
 * Compares digests in constant time.
 */
bool pl_http_auth_memo_find(const pl_http_auth_memo *m, pl_user *out, const char *digest,
                            int64_t data_version, unsigned long epoch);

/* Remembers that digest belonged to u at data_version and epoch (replaces the oldest entry). */
void pl_http_auth_memo_put(pl_http_auth_memo *m, const char *digest, const pl_user *u,
                           int64_t data_version, unsigned long epoch);

#endif
