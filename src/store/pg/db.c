/*
 * db.c - the PostgreSQL backend's core (transitional: the connection itself comes in the
 * next commit; until then opening a PostgreSQL location answers PL_EIO).
 */
#include "store/backend.h"
#include "store/pg/api.h"

struct pl_pg_store {
    pl_store base;
};

int pl_pg_unported(pl_error *err, const char *name)
{
    return pl_error_set(err, PL_EIO, "db", "fungsi ini belum tersedia pada PostgreSQL: %s", name);
}

int pl_pg_open(pl_pg_store **out, const char *conninfo, unsigned flags, pl_error *err)
{
    *out = NULL;
    return pl_pg_unported(err, "pl_store_open");
}

void pl_pg_close(pl_pg_store *s)
{
}

int pl_pg_rollback(pl_pg_store *s)
{
    return 0;
}

const char *pl_pg_location(pl_pg_store *s)
{
    return NULL;
}

unsigned pl_pg_tightened_mode(const pl_pg_store *s)
{
    return 0;
}

bool pl_pg_reads_recreated(const pl_pg_store *s)
{
    return false;
}
