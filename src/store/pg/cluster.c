/*
 * cluster.c - a coordinator over shards (store/cluster.h, docs/scale.md): the id range of a
 * shard, the coordinator's foreign servers, public.cluster_shard and the schema national, and
 * the shards' state seen through postgres_fdw.
 *
 * Statements naming a server or a table built here run through pl_pg_exec_text (unprepared);
 * values in them are quoted by libpq (PQescapeLiteral), names are Pilar's own (pl_shard_<k>,
 * tables found in the catalogue and quoted by format('%I') in PL/pgSQL).
 */
#include "store/cluster.h"
#include "store/pg/internal.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 0 when the result is a success, else pl_pg_fail's code (r freed either way). */
static int done(pl_pg_store *s, PGresult *r, pl_error *err, const char *what)
{
    if (r == NULL)
        return err->code ? err->code : PL_EIO;
    ExecStatusType st = PQresultStatus(r);
    int rc = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? 0 : pl_pg_fail(s, r, err, what);
    PQclear(r);
    return rc;
}

/* Whether public.cluster_shard exists (a data base that was never a coordinator lacks it). */
static int has_table(pl_pg_store *s, bool *out, pl_error *err)
{
    PGresult *r = pl_pg_query(s, "SELECT to_regclass('public.cluster_shard') IS NOT NULL", 0, NULL,
                              err, "cluster_shard");
    if (r == NULL)
        return err->code;
    *out = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    return 0;
}

int pl_pg_cluster_list(pl_pg_store *s, pl_cluster_row_cb cb, void *ctx, pl_error *err)
{
    bool exists = false;
    int rc = has_table(s, &exists, err);
    if (rc || !exists)
        return rc;
    PGresult *r = pl_pg_query(s,
                              "SELECT prov, server_name, conninfo, added_at FROM "
                              "public.cluster_shard ORDER BY prov",
                              0, NULL, err, "cluster_shard");
    if (r == NULL)
        return err->code;
    for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
        pl_cluster_row row;
        memset(&row, 0, sizeof row);
        pl_pg_copy(row.prov, sizeof row.prov, r, i, 0);
        pl_pg_copy(row.server, sizeof row.server, r, i, 1);
        pl_pg_copy(row.conninfo, sizeof row.conninfo, r, i, 2);
        pl_pg_copy(row.added_at, sizeof row.added_at, r, i, 3);
        rc = cb(ctx, &row);
    }
    PQclear(r);
    return rc;
}

/* ------------------------------------------------------------- a shard's ids */

/*
 * Every identity column of public and reads (partitions share their parent's): the rows of a
 * province-partitioned table (relkind p: rows that may move to another shard) must lie in the
 * range; a sequence below lo restarts at lo (or above the table's highest id), and gets hi as
 * its maximum. The count of columns changed is left in pilar.cluster_restarted.
 */
static const char ids_sql[] =
    "DO $d$ DECLARE r record; lo bigint := current_setting('pilar.cluster_lo')::bigint; "
    "hi bigint := current_setting('pilar.cluster_hi')::bigint; mn bigint; mx bigint; "
    "last bigint; called boolean; nxt bigint; top bigint; n int := 0; BEGIN "
    "FOR r IN SELECT c.oid::regclass AS tab, a.attname AS col, c.relkind = 'p' AS moving, "
    "pg_get_serial_sequence(format('%I.%I', ns.nspname, c.relname), a.attname) AS seq "
    "FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace "
    "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attidentity <> '' AND NOT a.attisdropped "
    "WHERE ns.nspname IN ('public', 'reads') AND c.relkind IN ('r', 'p') "
    "AND NOT c.relispartition ORDER BY 1::text, 2 LOOP "
    "EXECUTE format('SELECT min(%I), max(%I) FROM %s', r.col, r.col, r.tab) INTO mn, mx; "
    "IF (r.moving AND mn < lo) OR mx > hi THEN RAISE EXCEPTION USING ERRCODE = 'PL409', "
    "MESSAGE = format('tabel %s sudah berisi id %s sampai %s, di luar rentang id shard ini "
    "(%s sampai %s); siapkan shard dengan ''pilar cluster init'' sebelum mengisinya', "
    "r.tab, mn, mx, lo, hi); END IF; "
    "EXECUTE format('SELECT last_value, is_called FROM %s', r.seq) INTO last, called; "
    "nxt := CASE WHEN called THEN last + 1 ELSE last END; "
    "IF nxt > hi + 1 THEN RAISE EXCEPTION USING ERRCODE = 'PL409', "
    "MESSAGE = format('urutan id %s sudah melewati rentang shard ini (%s sampai %s)', "
    "r.seq, lo, hi); END IF; "
    "SELECT seqmax INTO top FROM pg_sequence WHERE seqrelid = r.seq::regclass; "
    "IF nxt < lo OR top <> hi THEN "
    "EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET MAXVALUE %s RESTART WITH %s', r.tab, "
    "r.col, hi, greatest(nxt, lo, coalesce(mx + 1, lo))); n := n + 1; END IF; END LOOP; "
    "PERFORM set_config('pilar.cluster_restarted', n::text, true); END $d$";

/*
 * The partitions of the provinces this shard does not hold (pilar.cluster_provs, "64,65")
 * refuse every row (CHECK (false), validated: adding it fails when one holds rows); its own
 * provinces' partitions lose the fence (a province assigned here later).
 */
static const char fence_sql[] =
    "DO $d$ DECLARE t record; mine text[] := string_to_array(current_setting("
    "'pilar.cluster_provs'), ','); held boolean; BEGIN "
    "FOR t IN SELECT k.oid AS part, k.relname AS name, substr(k.relname, length(c.relname) + 2) "
    "AS prov FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid "
    "JOIN pg_namespace ns ON ns.oid = c.relnamespace JOIN pg_inherits i ON i.inhparent = c.oid "
    "JOIN pg_class k ON k.oid = i.inhrelid WHERE ns.nspname = 'public' "
    "AND to_regclass(format('public.%I', c.relname || '_other')) IS NOT NULL ORDER BY 2 LOOP "
    "IF t.prov = ANY (mine) THEN "
    "EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT IF EXISTS pl_cluster_elsewhere', "
    "t.name); "
    "ELSIF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = t.part AND "
    "conname = 'pl_cluster_elsewhere') THEN "
    "EXECUTE format('SELECT EXISTS (SELECT 1 FROM public.%I)', t.name) INTO held; "
    "IF held THEN RAISE EXCEPTION USING ERRCODE = 'PL409', "
    "MESSAGE = format('shard ini sudah berisi data provinsi %s (tabel %s), yang tidak "
    "ditempatkan di sini', t.prov, t.name); END IF; "
    "EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT pl_cluster_elsewhere CHECK (false)', "
    "t.name); END IF; END LOOP; END $d$";

int pl_pg_cluster_shard_prepare(pl_pg_store *s, const pl_cluster_shard *sh, int64_t lo, int64_t hi,
                                int *restarted, pl_error *err)
{
    if (restarted)
        *restarted = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (lo < 1 || hi < lo)
        return pl_error_set(err, PL_EINVAL, "", "rentang id tidak sah (%lld sampai %lld)",
                            (long long)lo, (long long)hi);
    char provs[3 * PL_CLUSTER_MAX_PROVS + 1] = "";
    for (int k = 0; k < sh->n_provs && k < PL_CLUSTER_MAX_PROVS; k++)
        snprintf(provs + strlen(provs), sizeof provs - strlen(provs), "%s%.2s", k ? "," : "",
                 sh->provs[k]);
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, NULL, &own, err)))
        return rc;
    pl_pg_num a, b;
    const char *p[] = {pl_pg_i64(&a, lo), pl_pg_i64(&b, hi), provs};
    rc = pl_pg_command(s,
                       "SELECT set_config('pilar.cluster_lo', $1, true), "
                       "set_config('pilar.cluster_hi', $2, true), "
                       "set_config('pilar.cluster_provs', $3, true)",
                       3, p, err, "cluster_shard");
    if (rc == 0)
        rc = pl_pg_command(s, ids_sql, 0, NULL, err, "rentang id shard");
    if (rc == 0) {
        int64_t n = 0;
        rc = pl_pg_scalar_i64(s, "SELECT current_setting('pilar.cluster_restarted')::bigint", 0,
                              NULL, &n, err, "cluster_shard");
        if (rc == 0 && restarted)
            *restarted = (int)n;
    }
    if (rc == 0)
        rc = pl_pg_command(s, fence_sql, 0, NULL, err, "provinsi shard");
    return pl_pg_tx_end(s, own, rc, err);
}

/* ------------------------------------------------------------- the coordinator */

/* Appends 'v' quoted as a SQL literal; PL_ENOMEM when memory runs out. */
static int put_literal(pl_pg_store *s, pl_buf *b, const char *v)
{
    char *q = PQescapeLiteral(s->conn, v, strlen(v));
    if (q == NULL)
        return PL_ENOMEM;
    int rc = pl_buf_puts(b, q);
    PQfreemem(q);
    return rc;
}

/* Appends key='value' to a libpq key=value string (value quoted as libpq reads it). */
static int put_conninfo_pair(pl_buf *b, const char *key, const char *val)
{
    int rc = pl_buf_printf(b, "%s%s='", b->len ? " " : "", key);
    for (const char *c = val; rc == 0 && *c; c++)
        rc = (*c == '\'' || *c == '\\') ? pl_buf_printf(b, "\\%c", *c) : pl_buf_putc(b, *c);
    return rc ? rc : pl_buf_putc(b, '\'');
}

/* libpq's options that postgres_fdw takes from a user mapping, not from the server. */
static bool mapping_option(const char *k)
{
    return strcmp(k, "user") == 0 || strcmp(k, "password") == 0 || strcmp(k, "sslkey") == 0 ||
           strcmp(k, "sslcert") == 0;
}

/* libpq's options postgres_fdw refuses (it sets them itself) or that mean nothing there. */
static bool skipped_option(const char *k)
{
    return strcmp(k, "client_encoding") == 0 || strcmp(k, "fallback_application_name") == 0 ||
           strcmp(k, "sslpassword") == 0 || strcmp(k, "replication") == 0;
}

/*
 * A shard's URI parsed: the CREATE SERVER and CREATE USER MAPPING statements for server name
 * srv (into ddl) and the connection without its password (into shown).
 */
static int shard_ddl(pl_pg_store *s, const pl_cluster_shard *sh, const char *srv, pl_buf *ddl,
                     pl_buf *shown, pl_error *err)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(sh->conninfo, &perr);
    if (opts == NULL) {
        int rc = pl_error_set(err, PL_EINVAL, "shard", "alamat shard %d tidak sah: %s", sh->number,
                              perr ? perr : "memori tidak cukup");
        PQfreemem(perr);
        return rc;
    }
    const char *extra = NULL;
    int rc =
        pl_buf_printf(ddl, "CREATE SERVER %s FOREIGN DATA WRAPPER postgres_fdw OPTIONS (", srv);
    for (PQconninfoOption *o = opts; rc == 0 && o->keyword; o++) {
        if (o->val == NULL || o->val[0] == '\0' || skipped_option(o->keyword))
            continue;
        if (strcmp(o->keyword, "password") != 0)
            rc = put_conninfo_pair(shown, o->keyword, o->val);
        if (rc || mapping_option(o->keyword))
            continue;
        if (strcmp(o->keyword, "options") == 0) {
            extra = o->val;
            continue;
        }
        if ((rc = pl_buf_printf(ddl, "%s ", o->keyword)) == 0 &&
            (rc = put_literal(s, ddl, o->val)) == 0)
            rc = pl_buf_puts(ddl, ", ");
    }
    /*
     * Remote sessions are read-only: the coordinator never writes a shard's rows. A row
     * fetched from a shard costs the planner 1.0 (a local row 0.01): with the default 0.01
     * the planner moved every count_delta row of a small shard to the coordinator to group
     * them there rather than send the GROUP BY to the shard.
     */
    char ro[1024];
    snprintf(ro, sizeof ro, "%s%s-c default_transaction_read_only=on", extra ? extra : "",
             extra ? " " : "");
    if (rc == 0 &&
        (rc = pl_buf_puts(ddl, "async_capable 'true', fetch_size '10000', "
                               "fdw_tuple_cost '1.0', options ")) == 0 &&
        (rc = put_literal(s, ddl, ro)) == 0)
        rc = pl_buf_printf(ddl, "); CREATE USER MAPPING FOR CURRENT_USER SERVER %s", srv);
    int n_map = 0;
    for (PQconninfoOption *o = opts; rc == 0 && o->keyword; o++) {
        if (o->val == NULL || o->val[0] == '\0' || !mapping_option(o->keyword))
            continue;
        if ((rc = pl_buf_printf(ddl, "%s%s ", n_map++ ? ", " : " OPTIONS (", o->keyword)) == 0)
            rc = put_literal(s, ddl, o->val);
    }
    if (rc == 0 && n_map)
        rc = pl_buf_putc(ddl, ')');
    if (rc == 0)
        rc = pl_buf_puts(ddl, ";\n");
    PQconninfoFree(opts);
    return rc ? pl_error_set(err, rc, "", "memori tidak cukup") : 0;
}

/*
 * The schema national, built from public.cluster_shard and the catalogue: every table of public
 * partitioned by province (a partitioned table with a partition named <table>_other) becomes
 * national.<table> (LIKE public.<table>, the same partition key) with a foreign partition per
 * sharded province (remote public.<table>_<prov>) and an empty local default partition; the
 * registries person_key and household_key, partitioned by prov, with one foreign partition
 * per shard holding its provinces; a shard's schema version and standbys as foreign tables.
 * Each foreign partition refuses writes (pl_cluster_refuse), naming the shard.
 */
static const char national_sql[] =
    "CREATE SCHEMA national;\n"
    "CREATE FUNCTION national.pl_cluster_refuse() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "IF TG_ARGV[0] = '' THEN RAISE EXCEPTION USING ERRCODE = 'PL403', MESSAGE = format("
    "'basis data ini koordinator klaster dan tidak menyimpan data penduduk (tabel %s); "
    "provinsi ini belum ditempatkan pada shard mana pun (pilar cluster status)', TG_TABLE_NAME); "
    "END IF; RAISE EXCEPTION USING ERRCODE = 'PL403', MESSAGE = format("
    "'basis data ini koordinator klaster: data provinsi %s (tabel %s) hanya dibaca di sini; "
    "tulis ke shard %s (%s)', TG_ARGV[0], TG_TABLE_NAME, TG_ARGV[1], TG_ARGV[2]); END $f$;\n"
    /* UPDATE and DELETE fetch the rows (FOR UPDATE) before a row trigger fires, which the
     * read-only remote session refuses in English: the statement is refused before that. */
    "CREATE FUNCTION national.pl_cluster_refuse_all() RETURNS trigger LANGUAGE plpgsql AS $f$ "
    "BEGIN RAISE EXCEPTION USING ERRCODE = 'PL403', MESSAGE = format('basis data ini "
    "koordinator klaster: tabel %s hanya dibaca di sini; tulis ke shard provinsinya: %s', "
    "TG_TABLE_NAME, (SELECT string_agg(prov || ' di ' || server_name || ' (' || conninfo || ')', "
    "'; ' ORDER BY prov) FROM public.cluster_shard)); END $f$;\n"
    "DO $d$ DECLARE t record; sh record; part text; BEGIN "
    "FOR t IN SELECT c.relname AS name, pg_get_partkeydef(c.oid) AS key "
    "FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid "
    "JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = 'public' "
    "AND EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class k ON k.oid = i.inhrelid "
    "WHERE i.inhparent = c.oid AND k.relname = c.relname || '_other') ORDER BY 1 LOOP "
    "EXECUTE format('CREATE TABLE national.%I (LIKE public.%I) PARTITION BY %s', t.name, t.name, "
    "t.key); "
    "EXECUTE format('CREATE TRIGGER pl_cluster_refuse BEFORE UPDATE OR DELETE OR TRUNCATE ON "
    "national.%I FOR EACH STATEMENT EXECUTE FUNCTION national.pl_cluster_refuse_all()', t.name); "
    "FOR sh IN SELECT prov, server_name, conninfo FROM public.cluster_shard ORDER BY prov LOOP "
    "part := t.name || '_' || sh.prov; "
    "EXECUTE format('CREATE FOREIGN TABLE national.%I PARTITION OF national.%I FOR VALUES IN "
    "(%L) SERVER %I OPTIONS (schema_name ''public'', table_name %L)', part, t.name, sh.prov, "
    "sh.server_name, part); "
    "EXECUTE format('CREATE TRIGGER pl_cluster_refuse BEFORE INSERT OR UPDATE OR DELETE ON "
    "national.%I FOR EACH ROW EXECUTE FUNCTION national.pl_cluster_refuse(%L, %L, %L)', part, "
    "sh.prov, sh.server_name, sh.conninfo); "
    "EXECUTE format('CREATE TRIGGER pl_cluster_refuse_stmt BEFORE UPDATE OR DELETE ON "
    "national.%I FOR EACH STATEMENT EXECUTE FUNCTION national.pl_cluster_refuse(%L, %L, %L)', "
    "part, sh.prov, sh.server_name, sh.conninfo); END LOOP; "
    "EXECUTE format('CREATE TABLE national.%I PARTITION OF national.%I DEFAULT', "
    "t.name || '_other', t.name); "
    "EXECUTE format('CREATE TRIGGER pl_cluster_refuse BEFORE INSERT OR UPDATE OR DELETE ON "
    "national.%I FOR EACH ROW EXECUTE FUNCTION national.pl_cluster_refuse('''')', "
    "t.name || '_other'); END LOOP; "
    "FOR t IN SELECT unnest(ARRAY['person_key', 'household_key']) AS name LOOP "
    "EXECUTE format('CREATE TABLE national.%I (LIKE public.%I) PARTITION BY LIST (prov)', "
    "t.name, t.name); "
    "EXECUTE format('CREATE TRIGGER pl_cluster_refuse BEFORE UPDATE OR DELETE OR TRUNCATE ON "
    "national.%I FOR EACH STATEMENT EXECUTE FUNCTION national.pl_cluster_refuse_all()', t.name); "
    "FOR sh IN SELECT server_name, min(conninfo) AS conninfo, string_agg(prov, ',' ORDER BY prov) "
    "AS provs, array_agg(prov ORDER BY prov) AS list FROM public.cluster_shard GROUP BY 1 "
    "ORDER BY 1 LOOP part := t.name || '_' || sh.server_name; "
    "EXECUTE format('CREATE FOREIGN TABLE national.%I PARTITION OF national.%I FOR VALUES IN "
    "(%s) SERVER %I OPTIONS (schema_name ''public'', table_name %L)', part, t.name, "
    "(SELECT string_agg(quote_literal(x), ', ') FROM unnest(sh.list) x), sh.server_name, "
    "t.name); "
    "EXECUTE format('CREATE TRIGGER pl_cluster_refuse BEFORE INSERT OR UPDATE OR DELETE ON "
    "national.%I FOR EACH ROW EXECUTE FUNCTION national.pl_cluster_refuse(%L, %L, %L)', part, "
    "sh.provs, sh.server_name, sh.conninfo); END LOOP; "
    "EXECUTE format('CREATE TABLE national.%I PARTITION OF national.%I DEFAULT', "
    "t.name || '_other', t.name); "
    "EXECUTE format('CREATE TRIGGER pl_cluster_refuse BEFORE INSERT OR UPDATE OR DELETE ON "
    "national.%I FOR EACH ROW EXECUTE FUNCTION national.pl_cluster_refuse('''')', "
    "t.name || '_other'); END LOOP; "
    "FOR sh IN SELECT DISTINCT server_name FROM public.cluster_shard LOOP "
    "EXECUTE format('CREATE FOREIGN TABLE national.%I (version integer) SERVER %I OPTIONS "
    "(schema_name ''public'', table_name ''pilar_schema_version'')', sh.server_name || "
    "'_version', sh.server_name); "
    "EXECUTE format('CREATE FOREIGN TABLE national.%I (application_name text, state text, "
    "sync_state text, replay_lag interval) SERVER %I OPTIONS (schema_name ''pg_catalog'', "
    "table_name ''pg_stat_replication'')', sh.server_name || '_replication', sh.server_name); "
    "END LOOP; END $d$";

/* The requested rows of cluster_shard, one per province, in province order. */
typedef struct wanted {
    pl_cluster_row rows[PL_CLUSTER_MAX_SHARDS * PL_CLUSTER_MAX_PROVS];
    int n;
} wanted;

static int cmp_row(const void *a, const void *b)
{
    return strcmp(((const pl_cluster_row *)a)->prov, ((const pl_cluster_row *)b)->prov);
}

/* Compares the recorded rows with w: 0 (same: *same true; none recorded: false) or a refusal. */
static int compare_recorded(pl_pg_store *s, const wanted *w, bool *same, pl_error *err)
{
    *same = false;
    PGresult *r = pl_pg_query(s,
                              "SELECT prov, server_name, conninfo FROM public.cluster_shard "
                              "ORDER BY prov",
                              0, NULL, err, "cluster_shard");
    if (r == NULL)
        return err->code;
    int n = PQntuples(r), rc = 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        const char *prov = PQgetvalue(r, i, 0), *srv = PQgetvalue(r, i, 1),
                   *ci = PQgetvalue(r, i, 2);
        const pl_cluster_row *m = NULL;
        for (int j = 0; j < w->n && !m; j++)
            if (strcmp(w->rows[j].prov, prov) == 0)
                m = &w->rows[j];
        if (m == NULL)
            rc = pl_error_set(err, PL_ECONFLICT, "shard",
                              "koordinator ini sudah disiapkan dengan provinsi %s di %s (%s), "
                              "yang tidak disebut sekarang; klaster yang sudah ada tidak diubah "
                              "oleh 'pilar cluster init' (pemindahan provinsi belum tersedia)",
                              prov, srv, ci);
        else if (strcmp(m->server, srv) != 0 || strcmp(m->conninfo, ci) != 0)
            rc = pl_error_set(err, PL_ECONFLICT, "shard",
                              "koordinator ini sudah menempatkan provinsi %s di %s (%s), bukan di "
                              "%s (%s); klaster yang sudah ada tidak diubah oleh 'pilar cluster "
                              "init' (pemindahan provinsi belum tersedia)",
                              prov, srv, ci, m->server, m->conninfo);
    }
    if (rc == 0 && n > 0 && n != w->n) {
        for (int j = 0; j < w->n && rc == 0; j++) {
            bool found = false;
            for (int i = 0; i < n && !found; i++)
                found = strcmp(PQgetvalue(r, i, 0), w->rows[j].prov) == 0;
            if (!found)
                rc = pl_error_set(err, PL_ECONFLICT, "shard",
                                  "koordinator ini sudah disiapkan tanpa provinsi %s; klaster "
                                  "yang sudah ada tidak diubah oleh 'pilar cluster init' "
                                  "(penambahan provinsi belum tersedia)",
                                  w->rows[j].prov);
        }
    }
    if (rc == 0)
        *same = n > 0;
    PQclear(r);
    return rc;
}

/* The DDL of the servers (into ddl) and the rows of cluster_shard (into w, province order). */
static int build(pl_pg_store *s, const pl_cluster_shard *shards, int n, wanted *w, pl_buf *ddl,
                 pl_error *err)
{
    if (n < 1 || n > PL_CLUSTER_MAX_SHARDS)
        return pl_error_set(err, PL_EINVAL, "shard", "sebutkan 1 sampai %d shard",
                            PL_CLUSTER_MAX_SHARDS);
    pl_buf shown;
    pl_buf_init(&shown, 0);
    int rc = pl_buf_puts(ddl, "CREATE EXTENSION IF NOT EXISTS postgres_fdw;\n"
                              "DROP SCHEMA IF EXISTS national CASCADE;\n");
    for (int i = 0; rc == 0 && i < n; i++) {
        char srv[64];
        snprintf(srv, sizeof srv, "pl_shard_%d", shards[i].number);
        pl_buf_reset(&shown);
        if ((rc = pl_buf_printf(ddl, "DROP SERVER IF EXISTS %s CASCADE;\n", srv)) ||
            (rc = shard_ddl(s, &shards[i], srv, ddl, &shown, err)))
            break;
        for (int k = 0; k < shards[i].n_provs && w->n < (int)(sizeof w->rows / sizeof w->rows[0]);
             k++) {
            pl_cluster_row *row = &w->rows[w->n++];
            snprintf(row->prov, sizeof row->prov, "%s", shards[i].provs[k]);
            snprintf(row->server, sizeof row->server, "%s", srv);
            snprintf(row->conninfo, sizeof row->conninfo, "%s", shown.data ? shown.data : "");
        }
    }
    pl_buf_free(&shown);
    if (rc == PL_ENOMEM)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    if (rc == 0)
        qsort(w->rows, (size_t)w->n, sizeof w->rows[0], cmp_row);
    return rc;
}

/* Checks, and unless check_only sets up (pl_store_cluster_setup). */
static int setup(pl_pg_store *s, const pl_cluster_shard *shards, int n, bool check_only,
                 bool *again, pl_error *err)
{
    *again = false;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    wanted *w = calloc(1, sizeof *w);
    pl_buf ddl;
    pl_buf_init(&ddl, 0);
    if (w == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    if ((rc = build(s, shards, n, w, &ddl, err)))
        goto out;
    if (check_only) {
        bool exists = false;
        if ((rc = has_table(s, &exists, err)) == 0 && exists)
            rc = compare_recorded(s, w, again, err);
        goto out;
    }
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, NULL, &own, err)))
        goto out;
    /* One setup at a time: a second waits, then finds the first's rows. */
    rc = pl_pg_command(s, "SELECT pg_advisory_xact_lock(hashtext('pilar.cluster'))", 0, NULL, err,
                       "cluster_shard");
    if (rc == 0)
        rc = pl_pg_command(s,
                           "CREATE TABLE IF NOT EXISTS public.cluster_shard(prov text PRIMARY KEY, "
                           "server_name text NOT NULL, conninfo text NOT NULL, "
                           "added_at text NOT NULL)",
                           0, NULL, err, "cluster_shard");
    if (rc == 0)
        rc = compare_recorded(s, w, again, err);
    if (rc == 0)
        rc = done(s, pl_pg_exec_text(s, ddl.data, 0, NULL, err), err, "server shard");
    for (int i = 0; rc == 0 && !*again && i < w->n; i++) {
        const char *p[] = {w->rows[i].prov, w->rows[i].server, w->rows[i].conninfo};
        rc = pl_pg_command(s,
                           "INSERT INTO public.cluster_shard(prov, server_name, conninfo, "
                           "added_at) VALUES ($1, $2, $3, pl_now())",
                           3, p, err, "cluster_shard");
    }
    if (rc == 0)
        rc = pl_pg_command_text(s, national_sql, 0, NULL, err, "skema national");
    rc = pl_pg_tx_end(s, own, rc, err);
    if (rc == 0 && !s->coordinator) {
        /* This session reads the nation from now on, as the next opens will. */
        s->coordinator = true;
        rc = pl_pg_command_text(s,
                                "SET search_path = national, public; "
                                "SET enable_partitionwise_aggregate = on; "
                                "SET enable_partitionwise_join = on",
                                0, NULL, err, "session");
    }
out:
    free(w);
    pl_buf_free(&ddl);
    return rc;
}

int pl_pg_cluster_check(pl_pg_store *s, const pl_cluster_shard *shards, int n, bool *same,
                        pl_error *err)
{
    return setup(s, shards, n, true, same, err);
}

int pl_pg_cluster_setup(pl_pg_store *s, const pl_cluster_shard *shards, int n, bool *again,
                        pl_error *err)
{
    return setup(s, shards, n, false, again, err);
}

/* ------------------------------------------------------------- status */

/* The failure of r (or of the connection) as one line: the message and its detail. */
static void failure_text(char *out, size_t cap, pl_pg_store *s, const PGresult *r)
{
    const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : NULL;
    if (msg == NULL)
        msg = PQerrorMessage(s->conn);
    size_t dn = detail ? strcspn(detail, "\n") : 0;
    snprintf(out, cap, "%.*s%s%.*s", (int)strcspn(msg, "\n"), msg, dn ? ": " : "", (int)dn,
             detail ? detail : "");
}

/* Runs a read of one shard; false with st->error set (and reachable false) when it fails. */
static bool shard_read(pl_pg_store *s, const char *sql, pl_cluster_shard_status *st, PGresult **out,
                       pl_error *err)
{
    *out = pl_pg_exec_text(s, sql, 0, NULL, err);
    if (*out && PQresultStatus(*out) == PGRES_TUPLES_OK)
        return true;
    st->reachable = false;
    if (*out)
        failure_text(st->error, sizeof st->error, s, *out);
    else
        snprintf(st->error, sizeof st->error, "%s", err->message);
    PQclear(*out);
    *out = NULL;
    return false;
}

/* Fills st for server srv holding the provinces provs ("11,12"). */
static void shard_status(pl_pg_store *s, pl_cluster_shard_status *st, const char *provs,
                         pl_error *err)
{
    char sql[512];
    PGresult *r;
    st->reachable = true;
    snprintf(sql, sizeof sql, "SELECT max(version) FROM national.%s_version", st->server);
    if (!shard_read(s, sql, st, &r, err))
        return;
    st->schema_version = (int)pl_pg_int(r, 0, 0);
    PQclear(r);
    for (const char *p = provs; *p && st->n_provs < PL_CLUSTER_MAX_PROVS;) {
        pl_cluster_prov_count *c = &st->provs[st->n_provs++];
        snprintf(c->prov, sizeof c->prov, "%.2s", p);
        /* count(*) of one foreign partition: postgres_fdw sends the aggregate to the shard. */
        snprintf(sql, sizeof sql,
                 "SELECT (SELECT count(*) FROM national.person_%s), "
                 "(SELECT count(*) FROM national.household_%s), "
                 "(SELECT count(*) FROM national.membership_%s)",
                 c->prov, c->prov, c->prov);
        if (!shard_read(s, sql, st, &r, err))
            return;
        c->people = pl_pg_int(r, 0, 0);
        c->households = pl_pg_int(r, 0, 1);
        c->memberships = pl_pg_int(r, 0, 2);
        PQclear(r);
        p += strcspn(p, ",");
        p += *p == ',';
    }
    snprintf(sql, sizeof sql,
             "SELECT coalesce(application_name, ''), coalesce(state, ''), "
             "coalesce(sync_state, ''), coalesce(replay_lag::text, '') "
             "FROM national.%s_replication ORDER BY 1",
             st->server);
    if (!shard_read(s, sql, st, &r, err))
        return;
    for (int i = 0; i < PQntuples(r) && st->n_standbys < PL_CLUSTER_MAX_STANDBYS; i++) {
        pl_cluster_standby *b = &st->standbys[st->n_standbys++];
        pl_pg_copy(b->name, sizeof b->name, r, i, 0);
        pl_pg_copy(b->state, sizeof b->state, r, i, 1);
        pl_pg_copy(b->sync_state, sizeof b->sync_state, r, i, 2);
        pl_pg_copy(b->replay_lag, sizeof b->replay_lag, r, i, 3);
    }
    PQclear(r);
}

int pl_pg_cluster_status(pl_pg_store *s, pl_cluster_status_cb cb, void *ctx, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (!s->coordinator)
        return pl_error_set(err, PL_EINVAL, "db",
                            "basis data ini bukan koordinator klaster; siapkan dengan 'pilar "
                            "cluster init --coordinator URL --shard PROV=URL ...'");
    PGresult *r = pl_pg_query(s,
                              "SELECT server_name, min(conninfo), string_agg(prov, ',' ORDER BY "
                              "prov) FROM public.cluster_shard GROUP BY 1 "
                              "ORDER BY length(server_name), server_name",
                              0, NULL, err, "cluster_shard");
    if (r == NULL)
        return err->code;
    pl_cluster_shard_status *st = malloc(sizeof *st);
    if (st == NULL) {
        PQclear(r);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
        memset(st, 0, sizeof *st);
        pl_pg_copy(st->server, sizeof st->server, r, i, 0);
        pl_pg_copy(st->conninfo, sizeof st->conninfo, r, i, 1);
        pl_error e;
        pl_error_clear(&e);
        shard_status(s, st, pl_pg_text(r, i, 2), &e);
        if (s->tx_lost || PQstatus(s->conn) != CONNECTION_OK) {
            rc = pl_pg_fail(s, NULL, err, "cluster_status");
            break;
        }
        rc = cb(ctx, st);
    }
    free(st);
    PQclear(r);
    return rc;
}
