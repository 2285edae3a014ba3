/*
 * geo_index.c - the deferred spatial index: markers (geo_pending, migration
 * 8) and rebuilding person_geo and household_geo in one pass (rtree_bulk.c)
 * or, when few points are missing, by inserting just those.
 */
#include "store/sqlite/internal.h"

int pl_sq_geo_pending_after(pl_sq_store *s, const char *name, int64_t *after, pl_error *err)
{
    static const char sql[] = "SELECT after_id FROM geo_pending WHERE name = ?1";
    return pl_sq_one_int64(s, sql, name, -1, after, "geo_pending", err);
}

int pl_sq_geo_defer(pl_sq_store *s, pl_error *err)
{
    static const char sql[] = "INSERT OR IGNORE INTO geo_pending(name, after_id) "
                              "SELECT 'person', coalesce(max(id), 0) FROM person "
                              "UNION ALL SELECT 'household', coalesce(max(id), 0) FROM household";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    return pl_sq_done(s, st, err, "geo_pending");
}

int pl_sq_geo_pending(pl_sq_store *s, bool *pending, pl_error *err)
{
    static const char sql[] = "SELECT EXISTS (SELECT 1 FROM geo_pending)";
    *pending = false;
    int rc = pl_sq_require_schema(s, err);
    if (rc)
        return rc;
    int64_t any = 0;
    if ((rc = pl_sq_one_int64(s, sql, NULL, 0, &any, "geo_pending", err)))
        return rc;
    *pending = any != 0;
    return 0;
}

/*
 * One index: its table, rtree dimensions, source and catch-up statement.
 * The source reads each value of the migration 8 view once; pad gives the
 * upper bounds as the view has them: lat1 = lat0, lon1 = lon0, birth1 =
 * birth0, dis1 = dis0 + 1, dist1 = dist0 + 1 for people (migration 7),
 * every upper bound equal to its lower one for households (tests compare
 * the packed trees with the views).
 */
typedef struct geo_index {
    const char *base; /* table whose rows it indexes, the marker's name */
    const char *rtree;
    int ndim;
    const char *rows; /* SELECT id and each dimension's lower bound of every point */
    const int32_t *pad;
    const char *catch_up;
    const char *counts; /* rows added after ?1, and all rows */
    const char *size;   /* points in the index (its rowid shadow table counts fast) */
} geo_index;

static const int32_t person_pad[] = {0, 0, 0, 1, 1};
static const int32_t household_pad[] = {0, 0, 0};

static const geo_index indexes[] = {
    {"person", "person_geo", 5, "SELECT id, lat0, lon0, birth0, dis0, dist0 FROM person_geo_rows",
     person_pad, pl_sq_geo_catch_up_person,
     "SELECT (SELECT count(*) FROM person WHERE id > ?1), (SELECT count(*) FROM person)",
     "SELECT count(*) FROM person_geo_rowid"},
    {"household", "household_geo", 3, "SELECT id, lat0, lon0, dist0 FROM household_geo_rows",
     household_pad, pl_sq_geo_catch_up_household,
     "SELECT (SELECT count(*) FROM household WHERE id > ?1), (SELECT count(*) FROM household)",
     "SELECT count(*) FROM household_geo_rowid"},
};

static int count_of(pl_sq_store *s, const char *sql, int64_t bind, long *a, long *b, pl_error *err)
{
    PL_SQ_PREP(st, sql);
    if (sqlite3_bind_parameter_count(st) > 0)
        sqlite3_bind_int64(st, 1, bind);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return pl_sq_step_error(s, rc, err, "geo count");
    *a = (long)sqlite3_column_int64(st, 0);
    if (b)
        *b = (long)sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    return 0;
}

/* Brings one index up to date; *points its size afterwards. */
static int reindex_one(pl_sq_store *s, const geo_index *x, int mode, bool *packed, long *points,
                       long *caught_up, pl_error *err)
{
    static const char clear[] = "DELETE FROM geo_pending WHERE name = ?1";
    int64_t after = -1;
    int rc = pl_sq_geo_pending_after(s, x->base, &after, err);
    if (rc)
        return rc;
    *packed = false;
    if (mode == PL_GEO_REINDEX_PENDING && after < 0)
        return count_of(s, x->size, 0, points, NULL, err);
    bool pack = true;
    if (mode == PL_GEO_REINDEX_PENDING) {
        long added = 0, all = 0;
        if ((rc = count_of(s, x->counts, after, &added, &all, err)))
            return rc;
        pack = added * 8 >= all;
    }
    if (pack) {
        if ((rc = pl_sq_rtree_bulk(s, x->rtree, x->ndim, x->rows, x->pad, points, err)))
            return rc;
        *packed = true;
    } else {
        PL_SQ_PREP(st, x->catch_up);
        sqlite3_bind_int64(st, 1, after);
        if ((rc = sqlite3_step(st)) != SQLITE_DONE)
            return pl_sq_step_error(s, rc, err, x->rtree);
        *caught_up += sqlite3_changes(s->db);
        if ((rc = count_of(s, x->size, 0, points, NULL, err)))
            return rc;
    }
    PL_SQ_PREP(st, clear);
    sqlite3_bind_text(st, 1, x->base, -1, SQLITE_STATIC);
    return pl_sq_done(s, st, err, "geo_pending");
}

int pl_sq_geo_reindex(pl_sq_store *s, int mode, pl_geo_reindex_stats *out, pl_error *err)
{
    pl_geo_reindex_stats st = {0};
    int rc = pl_sq_require_schema(s, err);
    if (rc || (rc = pl_sq_geo_pending(s, &st.was_pending, err)))
        return rc;
    if (mode == PL_GEO_REINDEX_PENDING && !st.was_pending) {
        if (out) {
            rc = count_of(s, indexes[0].size, 0, &st.people, NULL, err);
            if (rc == 0)
                rc = count_of(s, indexes[1].size, 0, &st.households, NULL, err);
            *out = st;
        }
        return rc;
    }
    /* A transaction of our own when the caller has none; a savepoint either way so that a
     * failure leaves the trees as they were. */
    bool own = sqlite3_get_autocommit(s->db) != 0;
    if (own && (rc = pl_sq_exec(s, "BEGIN IMMEDIATE", err)))
        return rc;
    if ((rc = pl_sq_exec(s, "SAVEPOINT geo_reindex", err))) {
        if (own)
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    rc = reindex_one(s, &indexes[0], mode, &st.people_packed, &st.people, &st.caught_up, err);
    if (rc == 0)
        rc = reindex_one(s, &indexes[1], mode, &st.households_packed, &st.households, &st.caught_up,
                         err);
    if (rc) {
        sqlite3_exec(s->db, "ROLLBACK TO geo_reindex; RELEASE geo_reindex", NULL, NULL, NULL);
        if (own)
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    if ((rc = pl_sq_exec(s, "RELEASE geo_reindex", err)) ||
        (own && (rc = pl_sq_exec(s, "COMMIT", err)))) {
        if (own)
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    if (out)
        *out = st;
    return 0;
}

int pl_sq_geo_rebuild(pl_sq_store *s, pl_error *err)
{
    return pl_sq_geo_reindex(s, PL_GEO_REINDEX_ALL, NULL, err);
}
