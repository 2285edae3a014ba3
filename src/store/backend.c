/*
 * backend.c - the store functions without a handle: pl_store_open picks the backend from the
 * location, pl_store_in_use asks the backend that owns it.
 */
#include "store/backend.h"
#include "store/backup.h"

#include <ctype.h>
#include <string.h>

bool pl_store_location_is_pg(const char *location)
{
    if (location == NULL)
        return false;
    if (strncmp(location, "postgresql://", 13) == 0 || strncmp(location, "postgres://", 11) == 0)
        return true;
    /* libpq's keyword/value form ("host=/tmp port=5432 dbname=pilar"): a libpq keyword, '='. */
    static const char *const keys[] = {"host",    "hostaddr", "port",           "dbname",
                                       "user",    "password", "passfile",       "service",
                                       "sslmode", "options",  "connect_timeout"};
    const char *p = location;
    while (isspace((unsigned char)*p))
        p++;
    size_t n = 0;
    while (isalpha((unsigned char)p[n]) || p[n] == '_')
        n++;
    const char *q = p + n;
    while (isspace((unsigned char)*q))
        q++;
    if (n == 0 || *q != '=')
        return false;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strlen(keys[i]) == n && strncmp(p, keys[i], n) == 0)
            return true;
    return false;
}

/*
 * Opens the data base at location: a PostgreSQL connection string (pl_store_location_is_pg)
 * or else a SQLite file. See store/store.h.
 */
int pl_store_open(pl_store **out, const char *location, unsigned flags, pl_error *err)
{
    *out = NULL;
    if (pl_store_location_is_pg(location)) {
        struct pl_pg_store *pg = NULL;
        int rc = pl_pg_open(&pg, location, flags, err);
        *out = (pl_store *)pg; /* the base is the first member */
        return rc;
    }
    struct pl_sq_store *sq = NULL;
    int rc = pl_sq_open(&sq, location, flags, err);
    *out = (pl_store *)sq;
    return rc;
}

/*
 * Whether another process has the data base open (store/backup.h). A PostgreSQL server is
 * shared by design, so the question is asked of SQLite files only: a PostgreSQL location
 * answers false.
 */
int pl_store_in_use(const char *path, bool *in_use, pl_error *err)
{
    if (pl_store_location_is_pg(path)) {
        *in_use = false;
        return 0;
    }
    return pl_sq_in_use(path, in_use, err);
}

int pl_store_dump_check(const char *dump, pl_error *err)
{
    return pl_pg_dump_check(dump, err);
}

int pl_store_dump_restore(const char *location, const char *dump, pl_error *err)
{
    if (!pl_store_location_is_pg(location))
        return pl_error_set(err, PL_EINVAL, "db",
                            "cadangan PostgreSQL hanya dapat dipulihkan ke basis data PostgreSQL "
                            "(postgresql://...); untuk berkas SQLite pakai 'pilar db copy'");
    return pl_pg_dump_restore(location, dump, err);
}

/* store/shared.h: SQLite shares nothing (NULL); every function takes NULL. */
int pl_store_shared_open(pl_store_shared **out, const char *location, pl_error *err)
{
    *out = NULL;
    return pl_store_location_is_pg(location) ? pl_pg_shared_open(out, location, err) : 0;
}

void pl_store_shared_touch(pl_store_shared *sh)
{
    pl_pg_shared_touch(sh);
}

void pl_store_shared_free(pl_store_shared *sh)
{
    pl_pg_shared_free(sh);
}
