/*
 * cluster_keys.c - the coordinator's national registry of NIKs and KKs (store/cluster.h,
 * docs/scale.md): its size, and its comparison with the shards' keys (`pilar cluster keys`),
 * with the repair. The registry is made and filled by pl_pg_cluster_setup (cluster.c) and kept
 * by the shards' triggers (migration 28, schema_keys.c).
 *
 * The shards' keys are read once into a temporary table (one statement through national.*),
 * and only then is the registry read, in later statements: a reservation is committed before
 * its shard's row (postgres_fdw commits the remote transaction in the shard's pre-commit), so
 * every key the first read saw has its reservation visible to the later ones, and none is
 * called missing while its registration is in flight. A reservation without its row may be in
 * flight (reserved, the shard's commit not done yet): only those older than the grace period are
 * orphans.
 */
#include "store/cluster.h"
#include "store/pg/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether this coordinator has its registry. */
static int has_registry(pl_pg_store *s, bool *out, pl_error *err)
{
    int64_t n = 0;
    int rc = pl_pg_scalar_i64(s, "SELECT (to_regclass('public.cluster_key') IS NOT NULL)::int", 0,
                              NULL, &n, err, "cluster_key");
    *out = rc == 0 && n == 1;
    return rc;
}

int pl_pg_cluster_key_count(pl_pg_store *s, pl_cluster_key_count *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = has_registry(s, &out->exists, err)) || !out->exists)
        return rc;
    /* The table may not exist on another data base: not prepared (unknown at parse time). */
    PGresult *r = pl_pg_exec_text(s,
                                  "SELECT count(*) FILTER (WHERE kind = 'nik'), "
                                  "count(*) FILTER (WHERE kind = 'kk') FROM public.cluster_key",
                                  0, NULL, err);
    if (r == NULL)
        return err->code ? err->code : PL_EIO;
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        rc = pl_pg_fail(s, r, err, "cluster_key");
        PQclear(r);
        return rc;
    }
    out->nik = pl_pg_int(r, 0, 0);
    out->kk = pl_pg_int(r, 0, 1);
    PQclear(r);
    return 0;
}

/* The shards' keys, read once (a statement through every shard). */
static const char seen_sql[] =
    "DROP TABLE IF EXISTS pg_temp.pl_cluster_keys_seen; "
    "CREATE TEMP TABLE pl_cluster_keys_seen ON COMMIT DROP AS "
    "SELECT 'nik'::text AS kind, nik AS key, prov, id FROM national.person_key "
    "WHERE nik IS NOT NULL UNION ALL SELECT 'kk', kk, prov, id FROM national.household_key; "
    "ANALYZE pg_temp.pl_cluster_keys_seen";

/* Orphans (older than $1 seconds), missing reservations, wrong provinces; in that order. */
#define ORPHANS                                                                                    \
    "FROM public.cluster_key r WHERE r.reserved_at < now() - $1::bigint * interval '1 second' "    \
    "AND NOT EXISTS (SELECT 1 FROM pg_temp.pl_cluster_keys_seen k WHERE k.kind = r.kind "          \
    "AND k.key = r.key AND k.id = r.id)"
#define MISSING                                                                                    \
    "FROM pg_temp.pl_cluster_keys_seen k WHERE NOT EXISTS (SELECT 1 FROM public.cluster_key r "    \
    "WHERE r.kind = k.kind AND r.key = k.key AND r.id = k.id)"
#define WRONG_PROV                                                                                 \
    "FROM public.cluster_key r JOIN pg_temp.pl_cluster_keys_seen k ON k.kind = r.kind "            \
    "AND k.key = r.key AND k.id = r.id WHERE k.prov <> r.prov"

static const char problems_sql[] =
    "SELECT 1 AS o, 'orphan', r.kind, r.key, r.prov, '', r.id, "
    "to_char(r.reserved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') " ORPHANS
    " UNION ALL SELECT 2, 'missing', k.kind, k.key, k.prov, '', k.id, '' " MISSING
    " UNION ALL SELECT 3, 'prov', r.kind, r.key, r.prov, k.prov, r.id, "
    "to_char(r.reserved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') " WRONG_PROV
    " ORDER BY 1, 3 DESC, 4";

static const char repair_delete[] = "DELETE FROM public.cluster_key x USING (SELECT r.kind, r.key, "
                                    "r.id " ORPHANS ") o WHERE x.kind = o.kind AND x.key = o.key "
                                    "AND x.id = o.id";
static const char repair_add[] = "INSERT INTO public.cluster_key(kind, key, prov, id) SELECT "
                                 "k.kind, k.key, k.prov, k.id " MISSING " ON CONFLICT DO NOTHING";
static const char repair_prov[] =
    "UPDATE public.cluster_key x SET prov = k.prov FROM pg_temp.pl_cluster_keys_seen k "
    "WHERE k.kind = x.kind AND k.key = x.key AND k.id = x.id AND k.prov <> x.prov";

/* Runs sql (parameters p) and puts its row count into *n. */
static int count_rows(pl_pg_store *s, const char *sql, int np, const char *const *p, int64_t *n,
                      pl_error *err, const char *what)
{
    PGresult *r = pl_pg_exec_text(s, sql, np, p, err);
    if (r == NULL)
        return err->code ? err->code : PL_EIO;
    int rc = 0;
    if (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK)
        *n = strtoll(PQcmdTuples(r)[0] ? PQcmdTuples(r) : "0", NULL, 10);
    else
        rc = pl_pg_fail(s, r, err, what);
    PQclear(r);
    return rc;
}

int pl_pg_cluster_keys(pl_pg_store *s, int64_t grace_seconds, bool repair, pl_cluster_key_cb cb,
                       void *ctx, pl_cluster_keys_result *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    bool exists = false;
    if ((rc = has_registry(s, &exists, err)))
        return rc;
    if (!s->coordinator || !exists)
        return pl_error_set(err, PL_EINVAL, "db",
                            "basis data ini bukan koordinator klaster dengan registri NIK/KK "
                            "nasional; siapkan dengan 'pilar cluster init --coordinator URL "
                            "--shard PROV=URL ...'");
    if (grace_seconds < 0)
        return pl_error_set(err, PL_EINVAL, "grace", "--grace harus 0 detik atau lebih");
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, NULL, &own, err)))
        return rc;
    pl_pg_num g;
    const char *p[] = {pl_pg_i64(&g, grace_seconds)};
    rc = pl_pg_command_text(s, seen_sql, 0, NULL, err, "kunci shard");
    PGresult *r = NULL;
    if (rc == 0) {
        r = pl_pg_exec_text(s,
                            "SELECT (SELECT count(*) FROM public.cluster_key), "
                            "(SELECT count(*) FROM pg_temp.pl_cluster_keys_seen)",
                            0, NULL, err);
        if (r && PQresultStatus(r) == PGRES_TUPLES_OK) {
            out->reservations = pl_pg_int(r, 0, 0);
            out->seen = pl_pg_int(r, 0, 1);
        } else
            rc = r ? pl_pg_fail(s, r, err, "cluster_key") : (err->code ? err->code : PL_EIO);
        PQclear(r);
        r = NULL;
    }
    if (rc == 0) {
        r = pl_pg_exec_text(s, problems_sql, 1, p, err);
        if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK)
            rc = r ? pl_pg_fail(s, r, err, "cluster_key") : (err->code ? err->code : PL_EIO);
    }
    for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
        pl_cluster_key_problem k;
        memset(&k, 0, sizeof k);
        pl_pg_copy(k.problem, sizeof k.problem, r, i, 1);
        pl_pg_copy(k.kind, sizeof k.kind, r, i, 2);
        pl_pg_copy(k.key, sizeof k.key, r, i, 3);
        pl_pg_copy(k.prov, sizeof k.prov, r, i, 4);
        pl_pg_copy(k.shard_prov, sizeof k.shard_prov, r, i, 5);
        k.id = pl_pg_int(r, i, 6);
        pl_pg_copy(k.reserved_at, sizeof k.reserved_at, r, i, 7);
        out->orphans += k.problem[0] == 'o';
        out->missing += k.problem[0] == 'm';
        out->wrong_prov += k.problem[0] == 'p';
        if (cb)
            rc = cb(ctx, &k);
    }
    PQclear(r);
    if (rc == 0 && repair) {
        if ((rc = count_rows(s, repair_delete, 1, p, &out->deleted, err, "cluster_key")) == 0 &&
            (rc = count_rows(s, repair_add, 0, NULL, &out->added, err, "cluster_key")) == 0)
            rc = count_rows(s, repair_prov, 0, NULL, &out->fixed, err, "cluster_key");
    }
    return pl_pg_tx_end(s, own, rc, err);
}
