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
 * province-partitioned table (relkind p: rows that may move to another shard) must lie in some
 * shard's range (ids below every range, hi - lo + 1, were given before the cluster: refused;
 * ids of another shard's range came with a moved province, and so may those of the tables whose
 * rows move with it); a sequence below lo restarts at lo (or above the table's highest id in the
 * range), and gets hi as its maximum. The count of columns changed is left in
 * pilar.cluster_restarted.
 */
static const char ids_sql[] =
    "DO $d$ DECLARE r record; lo bigint := current_setting('pilar.cluster_lo')::bigint; "
    "hi bigint := current_setting('pilar.cluster_hi')::bigint; mn bigint; mx bigint; "
    "mxin bigint; last bigint; called boolean; nxt bigint; top bigint; n int := 0; BEGIN "
    "FOR r IN SELECT c.oid::regclass AS tab, a.attname AS col, c.relkind = 'p' AS moving, "
    "pg_get_serial_sequence(format('%I.%I', ns.nspname, c.relname), a.attname) AS seq "
    "FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace "
    "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attidentity <> '' AND NOT a.attisdropped "
    "WHERE ns.nspname IN ('public', 'reads') AND c.relkind IN ('r', 'p') "
    "AND NOT c.relispartition ORDER BY 1::text, 2 LOOP "
    "EXECUTE format('SELECT min(%I), max(%I), max(%I) FILTER (WHERE %I BETWEEN $1 AND $2) "
    "FROM %s', r.col, r.col, r.col, r.col, r.tab) INTO mn, mx, mxin USING lo, hi; "
    "IF r.moving AND mn <= hi - lo THEN "
    "RAISE EXCEPTION USING ERRCODE = 'PL409', "
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
    "r.col, hi, greatest(nxt, lo, coalesce(mxin + 1, lo))); n := n + 1; END IF; END LOOP; "
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
 * A URI parsed: the CREATE SERVER and CREATE USER MAPPING statements for server name srv (into
 * ddl) and the connection without its password (into shown). A shard's server (shard true: the
 * coordinator reads the shard) is asynchronous and its sessions read-only; the coordinator's
 * server on a shard (shard false: the shard writes its reservations there) is neither, and
 * gives up connecting after 10 s unless the URI says otherwise. what names the data base in a
 * refusal ("shard 2").
 */
static int server_ddl(pl_pg_store *s, const char *conninfo, const char *what, bool shard,
                      const char *srv, pl_buf *ddl, pl_buf *shown, pl_error *err)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &perr);
    if (opts == NULL) {
        int rc = pl_error_set(err, PL_EINVAL, shard ? "shard" : "coordinator",
                              "alamat %s tidak sah: %s", what, perr ? perr : "memori tidak cukup");
        PQfreemem(perr);
        return rc;
    }
    const char *extra = NULL;
    bool timeout = false;
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
        timeout = timeout || strcmp(o->keyword, "connect_timeout") == 0;
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
    if (rc == 0 && shard &&
        (rc = pl_buf_puts(ddl, "async_capable 'true', fetch_size '10000', "
                               "fdw_tuple_cost '1.0', options ")) == 0)
        rc = put_literal(s, ddl, ro);
    /* The coordinator: a registration waits at most this long for it. */
    if (rc == 0 && !shard)
        rc = pl_buf_puts(ddl, timeout ? "" : "connect_timeout '10', ");
    if (rc == 0 && !shard && extra && (rc = pl_buf_puts(ddl, "options ")) == 0 &&
        (rc = put_literal(s, ddl, extra)) == 0)
        rc = pl_buf_puts(ddl, ", ");
    if (rc == 0 && !shard)
        rc = pl_buf_puts(ddl, "fetch_size '1000'");
    if (rc == 0)
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

/* server_ddl of shard sh. */
static int shard_ddl(pl_pg_store *s, const pl_cluster_shard *sh, const char *srv, pl_buf *ddl,
                     pl_buf *shown, pl_error *err)
{
    char what[32];
    snprintf(what, sizeof what, "shard %d", sh->number);
    return server_ddl(s, sh->conninfo, what, true, srv, ddl, shown, err);
}

/*
 * The schema national, built from public.cluster_shard and the catalogue: every table of public
 * partitioned by province (a partitioned table with a partition named <table>_other) becomes
 * national.<table> (LIKE public.<table>, the same partition key) with a foreign partition per
 * sharded province (remote public.<table>_<prov>) and an empty local default partition; the
 * registries person_key and household_key, partitioned by prov, and the tables a regency keeps
 * on its shard that the nation's reports read, psks_unit (by its area's province) and
 * period_approval (by its regency's), with one foreign partition per shard holding its
 * provinces; a shard's schema version and standbys as foreign tables.
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
    "FOR t IN SELECT * FROM (VALUES ('person_key', 'prov'), ('household_key', 'prov'), "
    "('psks_unit', 'substr(area_code, 1, 2)'), ('period_approval', 'substr(region_code, 1, 2)')) "
    "AS v(name, key) LOOP "
    "EXECUTE format('CREATE TABLE national.%I (LIKE public.%I) PARTITION BY LIST (%s)', "
    "t.name, t.name, t.key); "
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

/*
 * The national registry of NIKs and KKs (docs/scale.md): public.cluster_key, created if need be
 * and filled from every shard's person_key (NIKs) and household_key (KKs) through national.*.
 * Refused (PL410, the transaction rolled back) when two shards hold one key with different ids,
 * or when a reservation already there holds a shard's key for another id; a reservation with
 * the same id keeps its time and gets the shard's province.
 */
static const char keys_sql[] =
    "CREATE TABLE IF NOT EXISTS public.cluster_key(kind text CHECK (kind IN ('nik', 'kk')), "
    "key text, prov text NOT NULL, id bigint NOT NULL, "
    "reserved_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (kind, key));\n"
    "DO $d$ DECLARE n bigint; bad text; BEGIN "
    "DROP TABLE IF EXISTS pg_temp.pl_cluster_keys_seen; "
    "CREATE TEMP TABLE pl_cluster_keys_seen ON COMMIT DROP AS "
    "SELECT 'nik'::text AS kind, nik AS key, prov, id FROM national.person_key "
    "WHERE nik IS NOT NULL UNION ALL SELECT 'kk', kk, prov, id FROM national.household_key; "
    "SELECT max(total), string_agg(t, '; ' ORDER BY o) INTO n, bad FROM (SELECT "
    "count(*) OVER () AS total, row_number() OVER (ORDER BY kind DESC, key) AS o, "
    "format('%s %s di provinsi %s', upper(kind), key, string_agg(DISTINCT prov, ' dan ' "
    "ORDER BY prov)) AS t FROM pg_temp.pl_cluster_keys_seen GROUP BY kind, key "
    "HAVING count(DISTINCT id) > 1) x WHERE o <= 5; "
    "IF bad IS NOT NULL THEN RAISE EXCEPTION USING ERRCODE = 'PL410', COLUMN = 'nik', "
    "MESSAGE = format('%s NIK/No. KK terdaftar untuk orang atau keluarga yang berbeda di lebih "
    "dari satu shard: %s%s; satu NIK hanya untuk satu orang dan satu No. KK untuk satu "
    "keluarga di seluruh klaster; klaster tidak disiapkan: perbaiki datanya di shard lalu "
    "jalankan lagi ''pilar cluster init''', n, bad, CASE WHEN n > 5 THEN '; ...' ELSE '' END); "
    "END IF; "
    "INSERT INTO public.cluster_key(kind, key, prov, id) SELECT kind, key, prov, id "
    "FROM pg_temp.pl_cluster_keys_seen ON CONFLICT (kind, key) DO UPDATE SET prov = excluded.prov "
    "WHERE cluster_key.id = excluded.id AND cluster_key.prov <> excluded.prov; "
    "SELECT max(total), string_agg(t, '; ' ORDER BY o) INTO n, bad FROM (SELECT "
    "count(*) OVER () AS total, row_number() OVER (ORDER BY k.kind DESC, k.key) AS o, "
    "format('%s %s di provinsi %s (registri: provinsi %s)', upper(k.kind), k.key, k.prov, "
    "c.prov) AS t FROM pg_temp.pl_cluster_keys_seen k JOIN public.cluster_key c "
    "ON c.kind = k.kind AND c.key = k.key WHERE c.id <> k.id) x WHERE o <= 5; "
    "IF bad IS NOT NULL THEN RAISE EXCEPTION USING ERRCODE = 'PL410', COLUMN = 'nik', "
    "MESSAGE = format('%s NIK/No. KK di shard dicadangkan registri nasional untuk orang atau "
    "keluarga lain: %s%s; periksa dengan ''pilar --db KOORDINATOR cluster keys'' (--repair "
    "menghapus cadangan yatim), lalu jalankan lagi ''pilar cluster init''', n, bad, "
    "CASE WHEN n > 5 THEN '; ...' ELSE '' END); END IF; END $d$";

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
            rc = pl_error_set(
                err, PL_ECONFLICT, "shard",
                "koordinator ini sudah disiapkan dengan provinsi %s di %s (%s), "
                "yang tidak disebut sekarang; klaster yang sudah ada tidak diubah "
                "oleh 'pilar cluster init'; pindahkan provinsi dengan 'pilar cluster move'",
                prov, srv, ci);
        else if (strcmp(m->server, srv) != 0 || strcmp(m->conninfo, ci) != 0)
            rc = pl_error_set(err, PL_ECONFLICT, "shard",
                              "koordinator ini sudah menempatkan provinsi %s di %s (%s), bukan di "
                              "%s (%s); klaster yang sudah ada tidak diubah oleh 'pilar cluster "
                              "init'; pindahkan provinsi dengan 'pilar cluster move'",
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
        rc = pl_pg_command_text(s, ddl.data, 0, NULL, err, "server shard");
    for (int i = 0; rc == 0 && !*again && i < w->n; i++) {
        const char *p[] = {w->rows[i].prov, w->rows[i].server, w->rows[i].conninfo};
        rc = pl_pg_command(s,
                           "INSERT INTO public.cluster_shard(prov, server_name, conninfo, "
                           "added_at) VALUES ($1, $2, $3, pl_now())",
                           3, p, err, "cluster_shard");
    }
    if (rc == 0)
        rc = pl_pg_command_text(s, national_sql, 0, NULL, err, "skema national");
    if (rc == 0)
        rc = pl_pg_command_text(s, keys_sql, 0, NULL, err, "registri NIK/KK nasional");
    rc = pl_pg_tx_end(s, own, rc, err);
    if (rc == 0)
        s->cluster_keys = true;
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

/* ------------------------------------------------------------- a shard's registry */

int pl_pg_cluster_shard_registry(pl_pg_store *s, const char *coordinator, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_buf ddl, shown;
    pl_buf_init(&ddl, 0);
    pl_buf_init(&shown, 0);
    if (pl_buf_puts(&ddl, "CREATE EXTENSION IF NOT EXISTS postgres_fdw;\n"
                          "DROP SERVER IF EXISTS pl_coordinator CASCADE;\n"))
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    if (rc == 0)
        rc = server_ddl(s, coordinator, "koordinator", false, "pl_coordinator", &ddl, &shown, err);
    /* reserved_at is left out: the coordinator's default (its own clock) gives it. */
    if (rc == 0 &&
        pl_buf_puts(&ddl, "CREATE FOREIGN TABLE public.cluster_registry(kind text, key text, "
                          "prov text, id bigint) SERVER pl_coordinator OPTIONS (schema_name "
                          "'public', table_name 'cluster_key', batch_size '1000');\n"))
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    bool own = false;
    if (rc == 0 && (rc = pl_pg_tx_begin_as(s, NULL, &own, err)) == 0) {
        rc = pl_pg_command_text(s, ddl.data, 0, NULL, err, "server koordinator");
        /* The shard reaches the coordinator's registry now, or nothing is changed. */
        if (rc == 0)
            rc = pl_pg_command_text(s, "SELECT 1 FROM public.cluster_registry LIMIT 1", 0, NULL,
                                    err, "registri NIK/KK nasional");
        rc = pl_pg_tx_end(s, own, rc, err);
    }
    pl_buf_free(&ddl);
    pl_buf_free(&shown);
    return rc;
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

/* ------------------------------------------------------------- moving a province */

/*
 * The partitions of province pilar.move_prov on this data base (t.oid, t.name): for every table
 * of public partitioned by province (a partition named <table>_other), its <table>_<prov>.
 */
#define MOVE_PARTS                                                                                 \
    "SELECT k.oid, k.relname AS name FROM pg_partitioned_table pt "                                \
    "JOIN pg_class c ON c.oid = pt.partrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace "     \
    "JOIN pg_inherits i ON i.inhparent = c.oid JOIN pg_class k ON k.oid = i.inhrelid "             \
    "WHERE ns.nspname = 'public' AND to_regclass(format('public.%I', c.relname || '_other')) "     \
    "IS NOT NULL AND k.relname = c.relname || '_' || p ORDER BY 2"

/*
 * Refuses (PL409) when rows of a table a move leaves behind (not partitioned by province, not a
 * registry) refer by a foreign key to a person or household of province p: deleting the
 * province's registry rows would leave them dangling.
 */
/*
 * The tables that refer to people or households through a one-column foreign key to person_key or
 * household_key, other than the registries and the province-partitioned tables: (f.name, f.leaf,
 * f.touches, f.inside). A leaf table (no foreign key refers to it, and its own refer only to the
 * registries and to regions, which every shard holds: dedup candidates, PMT household data, ...)
 * has its rows of the province moved with it: touches is the predicate on its row x that some
 * key refers to the province ($1), inside that every key does (or is NULL).
 */
#define MOVE_LINKED                                                                                \
    "SELECT r.relname AS name, NOT EXISTS (SELECT 1 FROM pg_constraint d WHERE d.contype = 'f' "   \
    "AND d.confrelid = r.oid) AND r.relkind = 'r' AND rn.nspname = 'public' "                      \
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint e WHERE e.contype = 'f' AND e.conrelid = r.oid "  \
    "AND e.confrelid NOT IN ('public.person_key'::regclass, 'public.household_key'::regclass, "    \
    "'public.region'::regclass)) AS leaf, "                                                        \
    "string_agg(format('x.%I IN (SELECT id FROM public.%I WHERE prov = $1)', a.attname, "          \
    "k.relname), ' OR ' ORDER BY a.attnum, k.relname) AS touches, "                                \
    "string_agg(format('(x.%I IS NULL OR x.%I IN (SELECT id FROM public.%I WHERE prov = $1))', "   \
    "a.attname, a.attname, k.relname), ' AND ' ORDER BY a.attnum, k.relname) AS inside "           \
    "FROM pg_constraint c JOIN pg_class k ON k.oid = c.confrelid "                                 \
    "JOIN pg_namespace kn ON kn.oid = k.relnamespace JOIN pg_class r ON r.oid = c.conrelid "       \
    "JOIN pg_namespace rn ON rn.oid = r.relnamespace "                                             \
    "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "                   \
    "WHERE c.contype = 'f' AND kn.nspname = 'public' AND k.relname IN ('person_key', "             \
    "'household_key') AND array_length(c.conkey, 1) = 1 AND c.conparentid = 0 "                    \
    "AND NOT (rn.nspname = 'public' AND r.relname IN ('person_key', 'household_key')) "            \
    "AND to_regclass(format('%I.%I', rn.nspname, r.relname || '_other')) IS NULL "                 \
    "GROUP BY r.oid, r.relname, r.relkind, rn.nspname ORDER BY 1"

/*
 * Refuses (PL409) a move the rows left behind would break: rows of a table that is not a leaf
 * (others refer to it: program enrolments, merges ...) referring to the province's people or
 * households, or rows of a leaf table referring both to the province and elsewhere (a duplicate
 * pair across provinces).
 */
#define MOVE_REFS                                                                                  \
    "FOR f IN " MOVE_LINKED " LOOP "                                                               \
    "EXECUTE format('SELECT count(*) FROM public.%I x WHERE (%s) AND NOT (%L::boolean AND %s)', "  \
    "f.name, "                                                                                     \
    "f.touches, f.leaf, f.inside) INTO n USING p; "                                                \
    "IF n > 0 THEN bad := bad || CASE WHEN bad = '' THEN '' ELSE ', ' END || "                     \
    "format('%s: %s baris%s', f.name, n, CASE WHEN f.leaf THEN ' yang juga merujuk provinsi "      \
    "lain' "                                                                                       \
    "ELSE '' END); END IF; END LOOP; "                                                             \
    "IF bad <> '' THEN RAISE EXCEPTION USING ERRCODE = 'PL409', MESSAGE = format('provinsi %s "    \
    "belum dapat dipindahkan: data yang tidak ikut dipindahkan merujuk orang atau keluarganya "    \
    "(%s); pemindahan data program, bencana dan penggabungan belum tersedia', p, bad); "           \
    "END IF; "

/* Deletes the rows of the leaf tables that belong to province p (before its registry rows). */
#define MOVE_DELETE_LINKED                                                                         \
    "FOR f IN " MOVE_LINKED " LOOP IF f.leaf THEN "                                                \
    "EXECUTE format('DELETE FROM public.%I x WHERE %s', f.name, f.touches) USING p; "              \
    "END IF; END LOOP; "

/*
 * The move's fence: the check constraint of every partition of the province calls it for each
 * row written; it refuses, except in a session with triggers off (the move's own copy).
 */
static const char moving_fn_sql[] =
    "CREATE OR REPLACE FUNCTION public.pl_cluster_moving(p text, dest text) RETURNS boolean "
    "LANGUAGE plpgsql AS $f$ BEGIN "
    "IF current_setting('session_replication_role') = 'replica' THEN RETURN true; END IF; "
    "RAISE EXCEPTION USING ERRCODE = 'PL403', MESSAGE = format('provinsi %s sedang dipindahkan "
    "ke shard %s; coba lagi setelah pemindahan selesai', p, dest); END $f$";

static const char fence_move_sql[] =
    "DO $d$ DECLARE p text := current_setting('pilar.move_prov'); "
    "dest text := current_setting('pilar.move_dest'); t record; f record; n bigint; "
    "bad text := ''; BEGIN " MOVE_REFS "FOR t IN " MOVE_PARTS " LOOP "
    "IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = t.oid AND "
    "conname = 'pl_cluster_moving') THEN "
    "EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT pl_cluster_moving CHECK "
    "(public.pl_cluster_moving(%L, %L)) NOT VALID', t.name, p, dest); END IF; "
    "EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT IF EXISTS pl_cluster_elsewhere', "
    "t.name); END LOOP; END $d$";

static const char unfence_sql[] =
    "DO $d$ DECLARE p text := current_setting('pilar.move_prov'); "
    "rm boolean := current_setting('pilar.move_remove')::boolean; t record; f record; "
    "n bigint; bad text := ''; BEGIN "
    "IF rm THEN " MOVE_REFS "FOR t IN " MOVE_PARTS " LOOP "
    "EXECUTE format('TRUNCATE public.%I', t.name); "
    "IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = t.oid AND "
    "conname = 'pl_cluster_elsewhere') THEN "
    "EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT pl_cluster_elsewhere CHECK (false)', "
    "t.name); END IF; END LOOP; " MOVE_DELETE_LINKED
    "DELETE FROM public.person_key WHERE prov = p; "
    "DELETE FROM public.household_key WHERE prov = p; END IF; "
    "FOR t IN " MOVE_PARTS " LOOP "
    "EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT IF EXISTS pl_cluster_moving', "
    "t.name); END LOOP; END $d$";

/* session_replication_role replica for the transaction, or PL_EDENIED saying why it is needed. */
static int triggers_off(pl_pg_store *s, pl_error *err)
{
    PGresult *r = PQexec(s->conn, "SET LOCAL session_replication_role = replica");
    int rc = 0;
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (state && strcmp(state, "42501") == 0)
            rc = pl_error_set(err, PL_EDENIED, "",
                              "memindahkan provinsi memerlukan peran superuser di shard (untuk "
                              "session_replication_role): baris disalin apa adanya, tanpa pemicu");
        else
            rc = pl_pg_fail(s, r, err, "session_replication_role");
    }
    PQclear(r);
    return rc;
}

/* Two-digit province code, as the statements below expect it. */
static int check_prov(const char *prov, pl_error *err)
{
    if (prov == NULL || strlen(prov) != 2 || prov[0] < '0' || prov[0] > '9' || prov[1] < '0' ||
        prov[1] > '9')
        return pl_error_set(err, PL_EINVAL, "prov", "'%s' bukan kode provinsi (dua angka, mis. 65)",
                            prov ? prov : "");
    return 0;
}

int pl_pg_cluster_fence(pl_pg_store *s, const char *prov, const char *dest, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc == 0)
        rc = check_prov(prov, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, NULL, &own, err)))
        return rc;
    const char *p[] = {prov, dest};
    rc = pl_pg_command(s,
                       "SELECT set_config('pilar.move_prov', $1, true), "
                       "set_config('pilar.move_dest', $2, true)",
                       2, p, err, "cluster_move");
    if (rc == 0)
        rc = pl_pg_command(s, moving_fn_sql, 0, NULL, err, "pagar pemindahan");
    if (rc == 0)
        rc = pl_pg_command(s, fence_move_sql, 0, NULL, err, "pagar pemindahan");
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_cluster_unfence(pl_pg_store *s, const char *prov, bool remove, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc == 0)
        rc = check_prov(prov, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, NULL, &own, err)))
        return rc;
    if (remove)
        rc = triggers_off(s, err);
    const char *p[] = {prov, remove ? "true" : "false"};
    if (rc == 0)
        rc = pl_pg_command(s,
                           "SELECT set_config('pilar.move_prov', $1, true), "
                           "set_config('pilar.move_remove', $2, true)",
                           2, p, err, "cluster_move");
    if (rc == 0)
        rc = pl_pg_command(s, unfence_sql, 0, NULL, err, "pagar pemindahan");
    return pl_pg_tx_end(s, own, rc, err);
}

/* The names of province prov's partitions on s (MOVE_PARTS), in name order. */
static PGresult *prov_parts(pl_pg_store *s, const char *prov, pl_error *err)
{
    const char *p[] = {prov};
    return pl_pg_query(s,
                       "SELECT k.relname FROM pg_partitioned_table pt "
                       "JOIN pg_class c ON c.oid = pt.partrelid "
                       "JOIN pg_namespace ns ON ns.oid = c.relnamespace "
                       "JOIN pg_inherits i ON i.inhparent = c.oid "
                       "JOIN pg_class k ON k.oid = i.inhrelid WHERE ns.nspname = 'public' "
                       "AND to_regclass(format('public.%I', c.relname || '_other')) IS NOT NULL "
                       "AND k.relname = c.relname || '_' || $1 ORDER BY 1",
                       1, p, err, "partisi provinsi");
}

/*
 * The leaf tables whose rows of province prov move with it (MOVE_LINKED), each with its
 * predicate on row x with the province written in: name and predicate pairs in *out (caller
 * frees the strings with free_linked); n_out their number.
 */
typedef struct linked {
    int n;
    char name[32][64];
    char *where[32];
} linked;

static void free_linked(linked *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->where[i]);
    l->n = 0;
}

static int linked_tables(pl_pg_store *s, const char *prov, linked *out, pl_error *err)
{
    out->n = 0;
    PGresult *r = pl_pg_query(s, MOVE_LINKED, 0, NULL, err, "tabel terkait");
    if (r == NULL)
        return err->code;
    int rc = 0;
    for (int i = 0; rc == 0 && i < PQntuples(r) && out->n < 32; i++) {
        if (strcmp(PQgetvalue(r, i, 1), "t") != 0)
            continue;
        const char *t = PQgetvalue(r, i, 2);
        pl_buf b;
        pl_buf_init(&b, 0);
        /* $1 becomes '65' (two digits, checked): COPY (SELECT ...) takes no parameters. */
        for (const char *c = t; rc == 0 && *c; c++)
            rc = (c[0] == '$' && c[1] == '1') ? (c++, pl_buf_printf(&b, "'%s'", prov))
                                              : pl_buf_putc(&b, *c);
        if (rc) {
            pl_buf_free(&b);
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            break;
        }
        snprintf(out->name[out->n], sizeof out->name[0], "%s", PQgetvalue(r, i, 0));
        out->where[out->n++] = b.data ? b.data : calloc(1, 1);
    }
    PQclear(r);
    if (rc)
        free_linked(out);
    return rc;
}

/* Streams one COPY ... TO STDOUT of src into one COPY ... FROM STDIN of dst. */
static int copy_stream(pl_pg_store *dst, pl_pg_store *src, const char *out_sql, const char *in_sql,
                       const char *table, int64_t *rows, pl_error *err)
{
    PGresult *r = PQexec(src->conn, out_sql);
    if (PQresultStatus(r) != PGRES_COPY_OUT) {
        int rc = pl_pg_fail(src, r, err, table);
        PQclear(r);
        return rc;
    }
    PQclear(r);
    PGresult *w = PQexec(dst->conn, in_sql);
    int rc = 0;
    if (PQresultStatus(w) != PGRES_COPY_IN)
        rc = pl_pg_fail(dst, w, err, table);
    PQclear(w);
    char *line = NULL;
    int n;
    bool in_open = rc == 0;
    while ((n = PQgetCopyData(src->conn, &line, 0)) > 0) {
        if (rc == 0 && PQputCopyData(dst->conn, line, n) != 1)
            rc = pl_pg_fail(dst, NULL, err, table);
        else if (rc == 0)
            (*rows)++;
        PQfreemem(line);
    }
    if (n == -2 && rc == 0)
        rc = pl_pg_fail(src, NULL, err, table);
    while ((r = PQgetResult(src->conn)) != NULL) {
        if (rc == 0 && PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = pl_pg_fail(src, r, err, table);
        PQclear(r);
    }
    if (in_open) {
        if (PQputCopyEnd(dst->conn, rc ? "salinan dibatalkan" : NULL) != 1 && rc == 0)
            rc = pl_pg_fail(dst, NULL, err, table);
        while ((w = PQgetResult(dst->conn)) != NULL) {
            if (rc == 0 && PQresultStatus(w) != PGRES_COMMAND_OK)
                rc = pl_pg_fail(dst, w, err, table);
            PQclear(w);
        }
    }
    return rc;
}

/* Copies table name (its rows where holds, or all when where is NULL) from src into dst. */
static int copy_table(pl_pg_store *dst, pl_pg_store *src, const char *name, const char *where,
                      int64_t *rows, pl_error *err)
{
    const char *p[] = {name};
    PGresult *r = pl_pg_query(src,
                              "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) "
                              "FROM pg_attribute WHERE attrelid = to_regclass('public.' || "
                              "quote_ident($1)) AND attnum > 0 AND NOT attisdropped "
                              "AND attgenerated = ''",
                              1, p, err, name);
    if (r == NULL)
        return err->code;
    pl_buf out, in;
    pl_buf_init(&out, 0);
    pl_buf_init(&in, 0);
    int rc = 0;
    const char *cols = pl_pg_text(r, 0, 0);
    char *ident = PQescapeIdentifier(src->conn, name, strlen(name));
    if (cols == NULL || ident == NULL)
        rc = pl_error_set(err, PL_EIO, "", "tabel %s tidak ditemukan di shard asal", name);
    else if ((rc = pl_buf_printf(&out, "COPY (SELECT %s FROM public.%s x%s%s) TO STDOUT", cols,
                                 ident, where ? " WHERE " : "", where ? where : "")) ||
             (rc = pl_buf_printf(&in, "COPY public.%s (%s) FROM STDIN", ident, cols)))
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    if (rc == 0)
        rc = copy_stream(dst, src, out.data, in.data, name, rows, err);
    PQfreemem(ident);
    PQclear(r);
    pl_buf_free(&out);
    pl_buf_free(&in);
    return rc;
}

int pl_pg_cluster_move_copy(pl_pg_store *s, pl_store *source, const char *prov, int64_t *rows,
                            pl_error *err)
{
    int64_t total = 0;
    if (rows)
        *rows = 0;
    if (source == NULL || source->ops != s->base.ops)
        return pl_error_set(err, PL_EINVAL, "", "shard asal dan tujuan harus PostgreSQL");
    pl_pg_store *src = (pl_pg_store *)source;
    int rc = pl_pg_require_schema(s, err);
    if (rc == 0)
        rc = pl_pg_require_schema(src, err);
    if (rc == 0)
        rc = check_prov(prov, err);
    if (rc)
        return rc;
    char reg_where[32];
    snprintf(reg_where, sizeof reg_where, "x.prov = '%s'", prov);
    linked mine = {0}, theirs = {0};
    PGresult *parts = prov_parts(src, prov, err);
    if (parts == NULL)
        return err->code;
    bool own = false, src_tx = false;
    if ((rc = linked_tables(s, prov, &mine, err)) || (rc = linked_tables(src, prov, &theirs, err)))
        goto out;
    if ((rc = pl_pg_tx_begin_as(s, NULL, &own, err)))
        goto out;
    rc = triggers_off(s, err);
    /* The province's rows on the target before (an interrupted copy) go first: the rows of the
     * leaf tables while the registry still tells which they are. */
    for (int i = 0; rc == 0 && i < mine.n; i++) {
        pl_buf b;
        pl_buf_init(&b, 0);
        rc = pl_buf_printf(&b, "DELETE FROM public.%s x WHERE %s", mine.name[i], mine.where[i]);
        rc = rc ? pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup")
                : pl_pg_command_text(s, b.data, 0, NULL, err, mine.name[i]);
        pl_buf_free(&b);
    }
    for (int i = 0; rc == 0 && i < PQntuples(parts); i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "TRUNCATE public.%s", PQgetvalue(parts, i, 0));
        rc = pl_pg_command_text(s, sql, 0, NULL, err, PQgetvalue(parts, i, 0));
    }
    const char *p[] = {prov};
    if (rc == 0)
        rc = pl_pg_command(s, "DELETE FROM public.person_key WHERE prov = $1", 1, p, err,
                           "person_key");
    if (rc == 0)
        rc = pl_pg_command(s, "DELETE FROM public.household_key WHERE prov = $1", 1, p, err,
                           "household_key");
    /* One snapshot of the source (fenced: nothing changes it anyway). */
    if (rc == 0) {
        rc = pl_pg_command_text(src, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", 0, NULL,
                                err, "salinan");
        src_tx = rc == 0;
    }
    if (rc == 0)
        rc = copy_table(s, src, "household_key", reg_where, &total, err);
    if (rc == 0)
        rc = copy_table(s, src, "person_key", reg_where, &total, err);
    for (int i = 0; rc == 0 && i < PQntuples(parts); i++)
        rc = copy_table(s, src, PQgetvalue(parts, i, 0), NULL, &total, err);
    for (int i = 0; rc == 0 && i < theirs.n; i++)
        rc = copy_table(s, src, theirs.name[i], theirs.where[i], &total, err);
    if (src_tx) {
        pl_error e;
        pl_error_clear(&e);
        pl_pg_command_text(src, "ROLLBACK", 0, NULL, &e, "salinan");
    }
    rc = pl_pg_tx_end(s, own, rc, err);
    if (rc == 0 && rows)
        *rows = total;
out:
    free_linked(&mine);
    free_linked(&theirs);
    PQclear(parts);
    return rc;
}

/*
 * The digest of one table (its rows where holds, all when NULL): rows and the sum of the first
 * 60 bits of each row's md5.
 */
static int digest_one(pl_pg_store *s, const char *name, const char *where, pl_cluster_digest_cb cb,
                      void *ctx, pl_error *err)
{
    pl_buf sql;
    pl_buf_init(&sql, 0);
    int rc = pl_buf_printf(&sql,
                           "SELECT count(*), coalesce(sum(('x' || substr(md5(x::text), 1, 15))"
                           "::bit(60)::bigint::numeric), 0)::text FROM public.%s x%s%s",
                           name, where ? " WHERE " : "", where ? where : "");
    if (rc) {
        pl_buf_free(&sql);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    PGresult *r = pl_pg_exec_text(s, sql.data, 0, NULL, err);
    pl_buf_free(&sql);
    if (r == NULL)
        return err->code ? err->code : PL_EIO;
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        rc = pl_pg_fail(s, r, err, name);
    else {
        pl_cluster_table_digest d;
        memset(&d, 0, sizeof d);
        snprintf(d.table, sizeof d.table, "%s", name);
        d.rows = pl_pg_int(r, 0, 0);
        pl_pg_copy(d.digest, sizeof d.digest, r, 0, 1);
        rc = cb(ctx, &d);
    }
    PQclear(r);
    return rc;
}

int pl_pg_cluster_move_digest(pl_pg_store *s, const char *prov, pl_cluster_digest_cb cb, void *ctx,
                              pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc == 0)
        rc = check_prov(prov, err);
    if (rc)
        return rc;
    char reg_where[32];
    snprintf(reg_where, sizeof reg_where, "x.prov = '%s'", prov);
    linked l = {0};
    if ((rc = linked_tables(s, prov, &l, err)))
        return rc;
    PGresult *parts = prov_parts(s, prov, err);
    if (parts == NULL) {
        free_linked(&l);
        return err->code;
    }
    rc = digest_one(s, "household_key", reg_where, cb, ctx, err);
    for (int i = 0; rc == 0 && i < PQntuples(parts); i++)
        rc = digest_one(s, PQgetvalue(parts, i, 0), NULL, cb, ctx, err);
    if (rc == 0)
        rc = digest_one(s, "person_key", reg_where, cb, ctx, err);
    for (int i = 0; rc == 0 && i < l.n; i++)
        rc = digest_one(s, l.name[i], l.where[i], cb, ctx, err);
    PQclear(parts);
    free_linked(&l);
    return rc;
}

/* ------------------------------------------------------------- the move's journal */

static const char journal_sql[] =
    "CREATE TABLE IF NOT EXISTS public.cluster_move(prov text PRIMARY KEY, step text NOT NULL, "
    "source_server text NOT NULL, source_conninfo text NOT NULL, target_server text NOT NULL, "
    "target_conninfo text NOT NULL, target_number integer NOT NULL, "
    "target_new boolean NOT NULL, started_at text NOT NULL, updated_at text NOT NULL)";

#define MOVE_COLS                                                                                  \
    "prov, step, source_server, source_conninfo, target_server, target_conninfo, "                 \
    "target_number, target_new, started_at, updated_at"

static void move_row(pl_cluster_move *mv, const PGresult *r, int i)
{
    memset(mv, 0, sizeof *mv);
    pl_pg_copy(mv->prov, sizeof mv->prov, r, i, 0);
    pl_pg_copy(mv->step, sizeof mv->step, r, i, 1);
    pl_pg_copy(mv->source_server, sizeof mv->source_server, r, i, 2);
    pl_pg_copy(mv->source_conninfo, sizeof mv->source_conninfo, r, i, 3);
    pl_pg_copy(mv->target_server, sizeof mv->target_server, r, i, 4);
    pl_pg_copy(mv->target_conninfo, sizeof mv->target_conninfo, r, i, 5);
    mv->target_number = (int)pl_pg_int(r, i, 6);
    mv->target_new = pl_pg_text(r, i, 7) && strcmp(pl_pg_text(r, i, 7), "t") == 0;
    pl_pg_copy(mv->started_at, sizeof mv->started_at, r, i, 8);
    pl_pg_copy(mv->updated_at, sizeof mv->updated_at, r, i, 9);
}

int pl_pg_cluster_moves(pl_pg_store *s, pl_cluster_move_cb cb, void *ctx, pl_error *err)
{
    PGresult *r = pl_pg_query(s, "SELECT to_regclass('public.cluster_move') IS NOT NULL", 0, NULL,
                              err, "cluster_move");
    if (r == NULL)
        return err->code;
    bool exists = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    if (!exists)
        return 0;
    r = pl_pg_query(s, "SELECT " MOVE_COLS " FROM public.cluster_move ORDER BY prov", 0, NULL, err,
                    "cluster_move");
    if (r == NULL)
        return err->code;
    int rc = 0;
    for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
        pl_cluster_move mv;
        move_row(&mv, r, i);
        rc = cb(ctx, &mv);
    }
    PQclear(r);
    return rc;
}

int pl_pg_cluster_move_record(pl_pg_store *s, const pl_cluster_move *mv, pl_error *err)
{
    int rc = pl_pg_command(s, journal_sql, 0, NULL, err, "cluster_move");
    if (rc)
        return rc;
    if (mv->step[0] == '\0') {
        const char *p[] = {mv->prov};
        return pl_pg_command(s, "DELETE FROM public.cluster_move WHERE prov = $1", 1, p, err,
                             "cluster_move");
    }
    pl_pg_num num;
    const char *p[] = {mv->prov,
                       mv->step,
                       mv->source_server,
                       mv->source_conninfo,
                       mv->target_server,
                       mv->target_conninfo,
                       pl_pg_i64(&num, mv->target_number),
                       mv->target_new ? "true" : "false"};
    return pl_pg_command(s,
                         "INSERT INTO public.cluster_move(" MOVE_COLS ") VALUES ($1, $2, $3, $4, "
                         "$5, $6, $7::integer, $8::boolean, pl_now(), pl_now()) "
                         "ON CONFLICT (prov) DO UPDATE SET step = EXCLUDED.step, "
                         "updated_at = EXCLUDED.updated_at",
                         8, p, err, "cluster_move");
}

/* libpq's own keywords (not postgres_fdw's options such as fetch_size). */
static bool libpq_keyword(const char *k)
{
    PQconninfoOption *d = PQconndefaults();
    bool found = false;
    for (PQconninfoOption *o = d; o && o->keyword && !found; o++)
        found = strcmp(o->keyword, k) == 0;
    PQconninfoFree(d);
    return found;
}

/* Appends the libpq options of "key=value" items separated by \1 to b (a conninfo string). */
static int put_options(pl_buf *b, const char *list)
{
    int rc = 0;
    for (const char *p = list; rc == 0 && *p;) {
        size_t len = strcspn(p, "\1");
        char item[1024];
        snprintf(item, sizeof item, "%.*s", (int)len, p);
        p += len;
        p += *p == '\1';
        char *eq = strchr(item, '=');
        if (eq == NULL)
            continue;
        *eq = '\0';
        char *val = eq + 1;
        if (!libpq_keyword(item) || skipped_option(item))
            continue;
        if (strcmp(item, "options") == 0) {
            /* The coordinator's sessions are read-only; the move writes. */
            char *ro = strstr(val, "-c default_transaction_read_only=on");
            if (ro) {
                *ro = '\0';
                for (char *e = ro; e > val && e[-1] == ' '; e--)
                    e[-1] = '\0';
            }
            if (val[0] == '\0')
                continue;
        }
        rc = put_conninfo_pair(b, item, val);
    }
    return rc;
}

/* Splits "11,12" into sh's provinces, without skip; with add appended unless present. */
static void set_provs(pl_cluster_shard *sh, const char *list, const char *skip, const char *add)
{
    sh->n_provs = 0;
    bool has_add = false;
    for (const char *p = list ? list : ""; *p && sh->n_provs < PL_CLUSTER_MAX_PROVS;) {
        size_t len = strcspn(p, ",");
        if (len == 2 && !(skip && strncmp(p, skip, 2) == 0)) {
            memcpy(sh->provs[sh->n_provs], p, 2);
            sh->provs[sh->n_provs++][2] = '\0';
            has_add |= add && strncmp(p, add, 2) == 0;
        }
        p += len;
        p += *p == ',';
    }
    if (add && !has_add && sh->n_provs < PL_CLUSTER_MAX_PROVS)
        snprintf(sh->provs[sh->n_provs++], sizeof sh->provs[0], "%.2s", add);
}

/* The number k of a server named pl_shard_<k>. */
static int server_number(const char *srv)
{
    return strncmp(srv, "pl_shard_", 9) == 0 ? atoi(srv + 9) : 0;
}

/* The shard of server srv as a URI with its mapping's user and password, into sh->conninfo. */
static int server_conninfo(pl_pg_store *s, const char *srv, pl_cluster_shard *sh, pl_error *err)
{
    const char *p[] = {srv};
    PGresult *r = pl_pg_query(
        s,
        "SELECT array_to_string(fs.srvoptions, chr(1)), "
        "coalesce((SELECT array_to_string(um.umoptions, chr(1)) FROM pg_user_mappings um "
        "WHERE um.srvid = fs.oid AND um.usename IN (current_user, 'public') "
        "ORDER BY um.usename = 'public' LIMIT 1), '') FROM pg_foreign_server fs "
        "WHERE fs.srvname = $1",
        1, p, err, "server shard");
    if (r == NULL)
        return err->code;
    int rc = 0;
    if (PQntuples(r) != 1)
        rc = pl_error_set(err, PL_EIO, "", "server %s tidak ada di koordinator", srv);
    else {
        pl_buf b;
        pl_buf_init(&b, 0);
        if ((rc = put_options(&b, PQgetvalue(r, 0, 0))) == 0)
            rc = put_options(&b, PQgetvalue(r, 0, 1));
        if (rc)
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        else if (b.len >= sizeof sh->conninfo)
            rc = pl_error_set(err, PL_EINVAL, "", "alamat shard %s terlalu panjang", srv);
        else
            snprintf(sh->conninfo, sizeof sh->conninfo, "%s", b.data ? b.data : "");
        pl_buf_free(&b);
    }
    PQclear(r);
    return rc;
}

/* The provinces of server srv in cluster_shard ("11,12"; "" when none) into out. */
static int server_provs(pl_pg_store *s, const char *srv, char *out, size_t cap, pl_error *err)
{
    const char *p[] = {srv};
    PGresult *r = pl_pg_query(s,
                              "SELECT coalesce(string_agg(prov, ',' ORDER BY prov), '') "
                              "FROM public.cluster_shard WHERE server_name = $1",
                              1, p, err, "cluster_shard");
    if (r == NULL)
        return err->code;
    pl_pg_copy(out, cap, r, 0, 0);
    PQclear(r);
    return 0;
}

/*
 * The foreign server pl_shard_<k> of the coordinator whose connection, without password, is shown
 * (a shard whose provinces all moved away has no row in cluster_shard but keeps its server and its
 * number) into srv; "" when none.
 */
static int known_server(pl_pg_store *s, const char *shown, char *srv, size_t cap, pl_error *err)
{
    srv[0] = '\0';
    PGresult *r = pl_pg_query(s,
                              "SELECT srvname FROM pg_foreign_server WHERE srvname ~ "
                              "'^pl_shard_[0-9]+$' ORDER BY length(srvname), srvname",
                              0, NULL, err, "server shard");
    if (r == NULL)
        return err->code;
    pl_cluster_shard *sh = calloc(1, sizeof *sh);
    int rc = sh ? 0 : pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    for (int i = 0; rc == 0 && !srv[0] && i < PQntuples(r); i++) {
        const char *name = PQgetvalue(r, i, 0);
        memset(sh, 0, sizeof *sh);
        if ((rc = server_conninfo(s, name, sh, err)))
            break;
        pl_buf ddl, seen;
        pl_buf_init(&ddl, 0);
        pl_buf_init(&seen, 0);
        if (shard_ddl(s, sh, name, &ddl, &seen, err) == 0 && seen.data &&
            strcmp(seen.data, shown) == 0)
            snprintf(srv, cap, "%s", name);
        pl_error_clear(err);
        pl_buf_free(&ddl);
        pl_buf_free(&seen);
    }
    free(sh);
    PQclear(r);
    return rc;
}

int pl_pg_cluster_move_plan(pl_pg_store *s, const char *prov, const char *target_url,
                            pl_cluster_move *mv, pl_cluster_shard *source, pl_cluster_shard *target,
                            bool *resumed, pl_error *err)
{
    memset(mv, 0, sizeof *mv);
    memset(source, 0, sizeof *source);
    memset(target, 0, sizeof *target);
    *resumed = false;
    int rc = pl_pg_require_schema(s, err);
    if (rc == 0)
        rc = check_prov(prov, err);
    if (rc)
        return rc;
    if (!s->coordinator)
        return pl_error_set(err, PL_EINVAL, "db",
                            "basis data ini bukan koordinator klaster; jalankan 'pilar --db "
                            "KOORDINATOR cluster move ...'");
    /* One move at a time: held by this session until it closes (a killed move lets go). */
    int64_t locked = 0;
    if ((rc =
             pl_pg_scalar_i64(s, "SELECT pg_try_advisory_lock(hashtext('pilar.cluster.move'))::int",
                              0, NULL, &locked, err, "cluster_move")))
        return rc;
    if (!locked)
        return pl_error_set(err, PL_ECONFLICT, "prov",
                            "pemindahan provinsi lain sedang dijalankan oleh proses lain pada "
                            "koordinator ini; tunggu sampai selesai (pilar cluster status)");
    /* The target's connection as cluster_shard records it (no password). */
    pl_cluster_shard t;
    memset(&t, 0, sizeof t);
    t.number = 0;
    if (strlen(target_url) >= sizeof t.conninfo)
        return pl_error_set(err, PL_EINVAL, "to", "URL shard tujuan terlalu panjang");
    snprintf(t.conninfo, sizeof t.conninfo, "%s", target_url);
    pl_buf ddl, shown;
    pl_buf_init(&ddl, 0);
    pl_buf_init(&shown, 0);
    PGresult *r = NULL;
    char provs[3 * PL_CLUSTER_MAX_PROVS + 1];
    if ((rc = shard_ddl(s, &t, "pl_shard_0", &ddl, &shown, err)))
        goto out;
    snprintf(mv->prov, sizeof mv->prov, "%s", prov);
    snprintf(mv->target_conninfo, sizeof mv->target_conninfo, "%s", shown.data ? shown.data : "");
    pl_cluster_move *under = NULL, found;
    r = pl_pg_query(s, "SELECT to_regclass('public.cluster_move') IS NOT NULL", 0, NULL, err,
                    "cluster_move");
    if (r == NULL) {
        rc = err->code;
        goto out;
    }
    bool journal = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    r = NULL;
    if (journal) {
        r = pl_pg_query(s, "SELECT " MOVE_COLS " FROM public.cluster_move ORDER BY prov = $1 DESC",
                        1, (const char *const[]){prov}, err, "cluster_move");
        if (r == NULL) {
            rc = err->code;
            goto out;
        }
        if (PQntuples(r) > 0) {
            move_row(&found, r, 0);
            under = &found;
        }
        PQclear(r);
        r = NULL;
    }
    if (under && strcmp(under->prov, prov) != 0) {
        rc = pl_error_set(err, PL_ECONFLICT, "prov",
                          "pemindahan provinsi %s ke %s sedang berlangsung (langkah %s); "
                          "selesaikan dulu: satu pemindahan pada satu waktu",
                          under->prov, under->target_server, under->step);
        goto out;
    }
    if (under && strcmp(under->target_conninfo, mv->target_conninfo) != 0) {
        rc = pl_error_set(err, PL_ECONFLICT, "to",
                          "pemindahan provinsi %s ke %s (%s) sedang berlangsung (langkah %s); "
                          "ulangi dengan --to yang sama untuk melanjutkan, atau batalkan dengan "
                          "--abort",
                          prov, under->target_server, under->target_conninfo, under->step);
        goto out;
    }
    if (under) {
        *mv = *under;
        *resumed = true;
    } else {
        r = pl_pg_query(s, "SELECT server_name, conninfo FROM public.cluster_shard WHERE prov = $1",
                        1, (const char *const[]){prov}, err, "cluster_shard");
        if (r == NULL) {
            rc = err->code;
            goto out;
        }
        if (PQntuples(r) != 1) {
            rc = pl_error_set(err, PL_EINVAL, "prov",
                              "provinsi %s tidak ditempatkan pada shard mana pun di klaster ini "
                              "(pilar cluster status)",
                              prov);
            goto out;
        }
        pl_pg_copy(mv->source_server, sizeof mv->source_server, r, 0, 0);
        pl_pg_copy(mv->source_conninfo, sizeof mv->source_conninfo, r, 0, 1);
        PQclear(r);
        r = pl_pg_query(s,
                        "SELECT (SELECT min(server_name) FROM public.cluster_shard WHERE "
                        "conninfo = $1), (SELECT coalesce(max(substr(srvname, 10)::integer), 0) "
                        "+ 1 FROM pg_foreign_server WHERE srvname ~ '^pl_shard_[0-9]+$')",
                        1, (const char *const[]){mv->target_conninfo}, err, "cluster_shard");
        if (r == NULL) {
            rc = err->code;
            goto out;
        }
        if (!pl_pg_null(r, 0, 0)) {
            pl_pg_copy(mv->target_server, sizeof mv->target_server, r, 0, 0);
            mv->target_number = server_number(mv->target_server);
        } else if ((rc = known_server(s, mv->target_conninfo, mv->target_server,
                                      sizeof mv->target_server, err)))
            goto out;
        else if (mv->target_server[0])
            mv->target_number = server_number(mv->target_server);
        else {
            mv->target_number = (int)pl_pg_int(r, 0, 1);
            mv->target_new = true;
            snprintf(mv->target_server, sizeof mv->target_server, "pl_shard_%d", mv->target_number);
        }
        PQclear(r);
        r = NULL;
        if (strcmp(mv->target_server, mv->source_server) == 0) {
            rc = pl_error_set(err, PL_EINVAL, "to", "provinsi %s sudah berada di shard %s (%s)",
                              prov, mv->source_server, mv->source_conninfo);
            goto out;
        }
    }
    /* The source: its URI from the coordinator's server and mapping, its other provinces. */
    source->number = server_number(mv->source_server);
    if ((rc = server_conninfo(s, mv->source_server, source, err)) ||
        (rc = server_provs(s, mv->source_server, provs, sizeof provs, err)))
        goto out;
    set_provs(source, provs, prov, NULL);
    target->number = mv->target_number;
    snprintf(target->conninfo, sizeof target->conninfo, "%s", target_url);
    provs[0] = '\0';
    if (!mv->target_new || strcmp(mv->step, "switched") == 0)
        rc = server_provs(s, mv->target_server, provs, sizeof provs, err);
    if (rc == 0)
        set_provs(target, provs, NULL, prov);
out:
    PQclear(r);
    pl_buf_free(&ddl);
    pl_buf_free(&shown);
    return rc;
}

int pl_pg_cluster_move_switch(pl_pg_store *s, const pl_cluster_move *mv,
                              const pl_cluster_shard *target, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_buf ddl, shown;
    pl_buf_init(&ddl, 0);
    pl_buf_init(&shown, 0);
    if (mv->target_new)
        rc = shard_ddl(s, target, mv->target_server, &ddl, &shown, err);
    bool own;
    if (rc == 0 && (rc = pl_pg_tx_begin_as(s, NULL, &own, err)) == 0) {
        rc = pl_pg_command(s, "SELECT pg_advisory_xact_lock(hashtext('pilar.cluster'))", 0, NULL,
                           err, "cluster_shard");
        if (rc == 0 && mv->target_new)
            rc = pl_pg_command_text(s, ddl.data, 0, NULL, err, "server shard");
        const char *p[] = {mv->prov, mv->target_server, mv->target_conninfo};
        if (rc == 0)
            rc = pl_pg_command(s,
                               "UPDATE public.cluster_shard SET server_name = $2, conninfo = $3, "
                               "added_at = pl_now() WHERE prov = $1",
                               3, p, err, "cluster_shard");
        if (rc == 0)
            rc = pl_pg_command_text(s, "DROP SCHEMA IF EXISTS national CASCADE", 0, NULL, err,
                                    "skema national");
        if (rc == 0)
            rc = pl_pg_command_text(s, national_sql, 0, NULL, err, "skema national");
        if (rc == 0) {
            pl_cluster_move m = *mv;
            snprintf(m.step, sizeof m.step, "switched");
            rc = pl_pg_cluster_move_record(s, &m, err);
        }
        rc = pl_pg_tx_end(s, own, rc, err);
    }
    pl_buf_free(&ddl);
    pl_buf_free(&shown);
    return rc;
}

/* ------------------------------------------------------------- a province's shard */

int pl_pg_need_coordinator(pl_pg_store *s, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc == 0 && !s->coordinator)
        rc = pl_error_set(err, PL_EINVAL, "db",
                          "basis data ini bukan koordinator klaster; jalankan 'pilar --db "
                          "KOORDINATOR cluster ...'");
    return rc;
}

int pl_pg_xact_shard(pl_pg_store *s, const char *prov, pl_cluster_shard *sh, pl_error *err)
{
    memset(sh, 0, sizeof *sh);
    int rc = check_prov(prov, err);
    if (rc == 0)
        rc = pl_pg_need_coordinator(s, err);
    if (rc)
        return rc;
    const char *p[] = {prov};
    PGresult *r = pl_pg_query(s, "SELECT server_name FROM public.cluster_shard WHERE prov = $1", 1,
                              p, err, "cluster_shard");
    if (r == NULL)
        return err->code;
    char srv[64] = "";
    if (PQntuples(r) == 1)
        pl_pg_copy(srv, sizeof srv, r, 0, 0);
    PQclear(r);
    if (!srv[0])
        return pl_error_set(err, PL_ENOTFOUND, "prov",
                            "provinsi %s tidak disimpan di shard mana pun dalam klaster ini", prov);
    char provs[3 * PL_CLUSTER_MAX_PROVS + 1];
    sh->number = server_number(srv);
    if ((rc = server_conninfo(s, srv, sh, err)) == 0 &&
        (rc = server_provs(s, srv, provs, sizeof provs, err)) == 0)
        set_provs(sh, provs, NULL, NULL);
    return rc;
}
