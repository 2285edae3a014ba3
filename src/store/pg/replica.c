/*
 * replica.c - WAL positions for read replicas (store/replica.h): the primary's insert
 * position and a standby's replay position, as numbers.
 */
#include "store/pg/internal.h"
#include "store/replica.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

bool pl_pg_lsn_parse(const char *text, uint64_t *out)
{
    unsigned hi = 0, lo = 0;
    int end = 0;
    if (text == NULL || sscanf(text, "%X/%X%n", &hi, &lo, &end) != 2 || text[end] != '\0')
        return false;
    *out = ((uint64_t)hi << 32) | lo;
    return true;
}

/* The one value of sql (an LSN as text, NULL for "none") into *lsn, none_is when NULL. */
static int lsn_of(pl_pg_store *s, const char *sql, uint64_t none_is, uint64_t *lsn, pl_error *err,
                  const char *what)
{
    PGresult *r = pl_pg_query(s, sql, 0, NULL, err, what);
    if (r == NULL)
        return err ? err->code : PL_EIO;
    int rc = 0;
    if (PQntuples(r) != 1 || pl_pg_null(r, 0, 0))
        *lsn = none_is;
    else if (!pl_pg_lsn_parse(pl_pg_text(r, 0, 0), lsn))
        rc = pl_error_set(err, PL_EIO, "db", "posisi WAL tidak dikenal (%s): %s", what,
                          pl_pg_text(r, 0, 0));
    PQclear(r);
    return rc;
}

uint64_t pl_pg_lsn_record_end(uint64_t lsn, uint64_t block, uint64_t segment)
{
    if (block == 0 || segment == 0)
        return lsn;
    uint64_t off = lsn % block;
    if (off == PL_PG_WAL_SHORT_HEADER || (off == PL_PG_WAL_LONG_HEADER && lsn % segment == off))
        return lsn - off;
    return lsn;
}

int pl_pg_write_position(pl_pg_store *s, uint64_t *lsn, pl_error *err)
{
    *lsn = 0;
    /*
     * The insert position, not pg_current_wal_lsn() (what is written out): with
     * synchronous_commit off the latter may still be before a commit that has returned.
     */
    PGresult *r = pl_pg_query(s,
                              "SELECT pg_current_wal_insert_lsn()::text, "
                              "current_setting('wal_block_size')::bigint, "
                              "(SELECT setting::bigint FROM pg_settings "
                              "WHERE name = 'wal_segment_size')",
                              0, NULL, err, "write_position");
    if (r == NULL)
        return err ? err->code : PL_EIO;
    int rc = 0;
    uint64_t at = 0;
    if (PQntuples(r) != 1 || !pl_pg_lsn_parse(pl_pg_text(r, 0, 0), &at))
        rc = pl_error_set(err, PL_EIO, "db", "posisi WAL tidak dikenal (write_position)");
    else
        *lsn = pl_pg_lsn_record_end(at, (uint64_t)pl_pg_int(r, 0, 1), (uint64_t)pl_pg_int(r, 0, 2));
    PQclear(r);
    return rc;
}

int pl_pg_replay_position(pl_pg_store *s, uint64_t *lsn, pl_error *err)
{
    *lsn = 0;
    /* Not in recovery: a primary, current by definition. A standby that has replayed nothing
     * yet answers NULL from pg_last_wal_replay_lsn(): 0, behind every write. */
    return lsn_of(s,
                  "SELECT CASE WHEN NOT pg_is_in_recovery() THEN NULL "
                  "ELSE coalesce(pg_last_wal_replay_lsn(), '0/0')::text END",
                  UINT64_MAX, lsn, err, "replay_position");
}
