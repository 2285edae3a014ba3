/*
 * xact.c - writes spanning two shards by two-phase commit (store/xact.h, docs/scale.md): the
 * coordinator's journal public.cluster_xact and the shards' halves of a person's move.
 */
#include "store/xact.h"
#include "store/pg/internal.h"

#include "domain/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -------------------------------------------------------------- the coordinator's journal */

#define XACT_COLS                                                                                  \
    "gid, kind, person_id, nik, source_prov, target_prov, target_village, decision, started_at"

static int need_coordinator(pl_pg_store *s, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc == 0 && !s->coordinator)
        rc = pl_error_set(err, PL_EINVAL, "db",
                          "basis data ini bukan koordinator klaster; jalankan 'pilar --db "
                          "KOORDINATOR cluster ...'");
    return rc;
}

int pl_pg_xact_begin(pl_pg_store *s, const pl_xact_entry *e, pl_error *err)
{
    int rc = need_coordinator(s, err);
    if (rc)
        return rc;
    /* Created by the first cross-shard write, as cluster_move by the first move: being a
     * coordinator is a role of one data base, not part of every schema. */
    rc = pl_pg_command(s,
                       "CREATE TABLE IF NOT EXISTS public.cluster_xact(gid text PRIMARY KEY, "
                       "kind text NOT NULL, person_id bigint NOT NULL, nik text NOT NULL, "
                       "source_prov text NOT NULL, target_prov text NOT NULL, "
                       "target_village text NOT NULL, decision text NOT NULL DEFAULT '' "
                       "CHECK (decision IN ('', 'commit')), started_at text NOT NULL)",
                       0, NULL, err, "cluster_xact");
    if (rc)
        return rc;
    /* Held from before the first half is prepared until this process ends. */
    const char *g[] = {e->gid};
    if ((rc = pl_pg_command(s, "SELECT pg_advisory_lock(hashtext($1))", 1, g, err, "cluster_xact")))
        return rc;
    pl_pg_num id;
    const char *p[] = {e->gid,           e->kind,        pl_pg_i64(&id, e->person_id),
                       e->nik,           e->source_prov, e->target_prov,
                       e->target_village};
    return pl_pg_command(s,
                         "INSERT INTO public.cluster_xact(gid, kind, person_id, nik, source_prov, "
                         "target_prov, target_village, started_at) VALUES ($1, $2, $3::bigint, $4, "
                         "$5, $6, $7, pl_now())",
                         7, p, err, "cluster_xact");
}

int pl_pg_xact_decide(pl_pg_store *s, const char *gid, const char *nik, const char *target_prov,
                      pl_error *err)
{
    int rc = need_coordinator(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, NULL, &own, err)))
        return rc;
    const char *g[] = {gid};
    PGresult *r = pl_pg_query(s,
                              "UPDATE public.cluster_xact SET decision = 'commit' WHERE gid = $1 "
                              "AND decision = ''",
                              1, g, err, "cluster_xact");
    if (r == NULL)
        rc = err->code;
    else if (pl_pg_changes(r) != 1)
        rc = pl_error_set(err, PL_ENOTFOUND, "gid",
                          "penulisan lintas shard %s tidak ada lagi di jurnal koordinator "
                          "(dibatalkan oleh 'pilar cluster resolve'?)",
                          gid);
    PQclear(r);
    if (rc == 0 && nik[0]) {
        /* The national key registry, when this coordinator has one (cluster init makes it):
         * not a cached statement, since the table may appear between two calls. */
        int64_t has = 0;
        rc = pl_pg_scalar_i64(s, "SELECT (to_regclass('public.cluster_key') IS NOT NULL)::int", 0,
                              NULL, &has, err, "cluster_key");
        const char *k[] = {nik, target_prov};
        if (rc == 0 && has)
            rc = pl_pg_command_text(s,
                                    "UPDATE public.cluster_key SET prov = $2 WHERE kind = 'nik' "
                                    "AND key = $1",
                                    2, k, err, "cluster_key");
    }
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_xact_forget(pl_pg_store *s, const char *gid, pl_error *err)
{
    int rc = need_coordinator(s, err);
    if (rc)
        return rc;
    const char *g[] = {gid};
    return pl_pg_command(s, "DELETE FROM public.cluster_xact WHERE gid = $1", 1, g, err,
                         "cluster_xact");
}

static void read_entry(pl_xact_entry *e, const PGresult *r, int i)
{
    memset(e, 0, sizeof *e);
    pl_pg_copy(e->gid, sizeof e->gid, r, i, 0);
    pl_pg_copy(e->kind, sizeof e->kind, r, i, 1);
    e->person_id = pl_pg_int(r, i, 2);
    pl_pg_copy(e->nik, sizeof e->nik, r, i, 3);
    pl_pg_copy(e->source_prov, sizeof e->source_prov, r, i, 4);
    pl_pg_copy(e->target_prov, sizeof e->target_prov, r, i, 5);
    pl_pg_copy(e->target_village, sizeof e->target_village, r, i, 6);
    pl_pg_copy(e->decision, sizeof e->decision, r, i, 7);
    pl_pg_copy(e->started_at, sizeof e->started_at, r, i, 8);
}

int pl_pg_xact_list(pl_pg_store *s, pl_xact_entry_cb cb, void *ctx, pl_error *err)
{
    int rc = need_coordinator(s, err);
    if (rc)
        return rc;
    int64_t exists = 0;
    if ((rc = pl_pg_scalar_i64(s, "SELECT (to_regclass('public.cluster_xact') IS NOT NULL)::int", 0,
                               NULL, &exists, err, "cluster_xact")) ||
        !exists)
        return rc;
    PGresult *r = pl_pg_exec_text(s,
                                  "SELECT " XACT_COLS " FROM public.cluster_xact "
                                  "ORDER BY started_at, gid",
                                  0, NULL, err);
    if (r == NULL)
        return err->code;
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        rc = pl_pg_fail(s, r, err, "cluster_xact");
    for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
        pl_xact_entry e;
        read_entry(&e, r, i);
        rc = cb(ctx, &e);
    }
    PQclear(r);
    return rc;
}

int pl_pg_xact_claim(pl_pg_store *s, const char *gid, bool *claimed, pl_error *err)
{
    *claimed = false;
    int rc = need_coordinator(s, err);
    if (rc)
        return rc;
    int64_t got = 0;
    const char *g[] = {gid};
    rc = pl_pg_scalar_i64(s, "SELECT pg_try_advisory_lock(hashtext($1))::int", 1, g, &got, err,
                          "cluster_xact");
    *claimed = got != 0;
    return rc;
}

/* ------------------------------------------------------------------- the shards' halves */

/* The day after D, and the far end of time, as the counts' terms use them (schema_count.c). */
#define INF "'9999-12-31'"
#define NEXT(D) "CASE WHEN " D " < " INF " THEN to_char(" D "::date + 1, 'YYYY-MM-DD') END"

/*
 * The pairs of the person's ($1, province $2) memberships and residence rows: start s, end
 * e (residence open: the end of time) and e_dep (residence open: the day of the move, $3).
 */
#define PAIRS                                                                                      \
    "SELECT r.village_code AS v, m.category AS c, GREATEST(m.valid_from, r.valid_from) AS s, "     \
    "LEAST(coalesce(" NEXT(                                                                        \
        "m.valid_to") ", " INF "), coalesce(r.valid_to, " INF ")) AS e, "                          \
                      "LEAST(coalesce(" NEXT(                                                      \
                          "m.valid_to") ", " INF "), coalesce(r.valid_to, $3)) AS e_dep "          \
                                        "FROM membership m JOIN residence r ON r.person_id = "     \
                                        "m.person_id "                                             \
                                        "WHERE m.prov = $2 AND m.person_id = $1::bigint AND "      \
                                        "r.person_id = $1::bigint"

/* The terms (v, c, d, p) of PAIRS ending at END ("e" or "e_dep"). */
#define TERMS_TO(END)                                                                              \
    "SELECT v, c, CASE WHEN k = 1 THEN s ELSE " END " END AS d, k AS p FROM (" PAIRS ") t "        \
    "CROSS JOIN (VALUES (1), (-1)) AS kk(k) WHERE s < " END " AND (k = 1 OR " END " < " INF ")"

/* Adds the rows (v, c, d, p) of FROM to count_delta (its roll-up triggers keep the rest). */
#define ADD_PEOPLE(FROM)                                                                           \
    "INSERT INTO count_delta(prov, village_code, category, day, people, households) "              \
    "SELECT substr(v, 1, 2), v, c, d, sum(p), 0 FROM (" FROM ") f GROUP BY v, c, d "               \
    "HAVING sum(p) <> 0 ORDER BY 1, 2, 3, 4 ON CONFLICT (prov, village_code, category, day) "      \
    "DO UPDATE SET people = count_delta.people + excluded.people"

#define MEMBERSHIP_IMAGE                                                                           \
    "pl_image(to_jsonb(m), ARRAY['person_id','household_id','category','valid_from','valid_to',"   \
    "'note'])"

/* Begins the half's transaction as who: the national key trigger stands aside (store/xact.h). */
static int half_begin(pl_pg_store *s, const pl_actor *who, pl_error *err)
{
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    if (s->coordinator)
        return pl_error_set(err, PL_EINVAL, "db",
                            "basis data ini koordinator klaster; separuh penulisan lintas shard "
                            "dijalankan di shard");
    if (s->in_tx)
        return pl_error_set(err, PL_EINTERNAL, "", "transaksi bersarang tidak didukung");
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    /* No NOTIFY either (PREPARE refuses a transaction that did one): sent after the commit. */
    rc = pl_pg_command(s,
                       "SELECT set_config('pilar.cluster_keys', 'off', true), "
                       "set_config('pilar.notify', 'off', true)",
                       0, NULL, err, "cluster_keys");
    if (rc)
        pl_pg_rollback(s);
    return rc;
}

/* Ends it: prepared as gid when rc is 0, else rolled back; rc or the PREPARE's failure. */
static int half_end(pl_pg_store *s, const char *gid, int rc, pl_error *err)
{
    if (rc) {
        pl_pg_rollback(s);
        return rc;
    }
    return pl_pg_prepare(s, gid, err);
}

/* Refuses a day inside an approved (locked) period of village's regency. */
static int refuse_locked(pl_pg_store *s, const char *village, const char *date, pl_error *err)
{
    int64_t locked = 0;
    const char *p[] = {village, date};
    int rc = pl_pg_scalar_i64(s, "SELECT pl_locked(substr($1, 1, 5), $2)::int", 2, p, &locked, err,
                              "period_approval");
    if (rc == 0 && locked)
        rc = pl_error_set(err, PL_ELOCKED, "tanggal",
                          "tanggal pindah %s ada dalam periode yang sudah disetujui untuk "
                          "kabupaten/kota %.5s; buka kembali periode itu dahulu",
                          date, village);
    return rc;
}

/*
 * Refuses the move when rows that cannot follow the person refer to it: every foreign key
 * to person_key but those of the rows that move or are derived (found in the catalogue, so a
 * table added later is covered).
 */
static int refuse_referred(pl_pg_store *s, const char *id, pl_error *err)
{
    static const char sql[] =
        "SELECT t, n FROM (SELECT format('%I.%I', ns.nspname, cl.relname) AS t, "
        "(xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I WHERE %I = "
        "%s', ns.nspname, cl.relname, a.attname, $1::bigint), false, true, '')))[1]::text::bigint "
        "AS n FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid "
        "JOIN pg_namespace ns ON ns.oid = cl.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "WHERE c.contype = 'f' AND c.confrelid = 'public.person_key'::regclass "
        "AND c.conparentid = 0 AND array_length(c.conkey, 1) = 1 "
        "AND NOT (ns.nspname = 'public' AND cl.relname IN ('membership', 'residence', "
        "'person_geo'))) x WHERE n > 0 ORDER BY t";
    const char *p[] = {id};
    PGresult *r = pl_pg_query(s, sql, 1, p, err, "person_key");
    if (r == NULL)
        return err->code;
    int rc = 0;
    if (PQntuples(r) > 0) {
        char list[512] = "";
        size_t len = 0;
        for (int i = 0; i < PQntuples(r) && len + 80 < sizeof list; i++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s: %s baris", i ? ", " : "",
                                    PQgetvalue(r, i, 0), PQgetvalue(r, i, 1));
        rc = pl_error_set(err, PL_ECONFLICT, "nik",
                          "orang ini belum dapat dipindahkan ke shard lain: data lain merujuknya "
                          "dan tidak ikut pindah (%s); selesaikan atau akhiri dulu di shard asal",
                          list);
    }
    PQclear(r);
    return rc;
}

int pl_pg_xact_depart(pl_pg_store *s, const pl_actor *who, const char *nik, int64_t person_id,
                      int64_t expect_version, const char *date, const char *gid,
                      pl_xact_person *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    if (!pl_date_is_iso(date))
        return pl_error_set(err, PL_EINVAL, "tanggal", "tanggal pindah harus YYYY-MM-DD");
    int rc = half_begin(s, who, err);
    if (rc)
        return rc;
    pl_pg_num idn;
    const char *key[] = {nik};
    const char *byid[] = {pl_pg_i64(&idn, person_id)};
    PGresult *r = nik[0] ? pl_pg_query(s, "SELECT id, prov FROM person_key WHERE nik = $1", 1, key,
                                       err, "person_key")
                         : pl_pg_query(s, "SELECT id, prov FROM person_key WHERE id = $1::bigint",
                                       1, byid, err, "person_key");
    if (r == NULL)
        return half_end(s, gid, err->code, err);
    if (PQntuples(r) == 0)
        rc = nik[0] ? pl_error_set(err, PL_ENOTFOUND, "nik", "NIK %s tidak ada di shard ini", nik)
                    : pl_error_set(err, PL_ENOTFOUND, "id", "orang id %lld tidak ada di shard ini",
                                   (long long)person_id);
    else {
        out->id = pl_pg_int(r, 0, 0);
        pl_pg_copy(out->prov, sizeof out->prov, r, 0, 1);
    }
    PQclear(r);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)out->id);
    const char *pp[] = {id, out->prov};
    bool dead = false;
    if (rc == 0) {
        r = pl_pg_query(
            s,
            "SELECT coalesce(nik, ''), name, village_code, version, "
            "(death_date IS NOT NULL)::int FROM person WHERE substr(village_code, 1, 2) "
            "= $2 AND id = $1::bigint FOR UPDATE",
            2, pp, err, "person");
        if (r == NULL)
            rc = err->code;
        else if (PQntuples(r) == 0)
            rc = pl_error_set(err, PL_ENOTFOUND, "id", "orang id %s tidak ada di shard ini", id);
        else {
            pl_pg_copy(out->nik, sizeof out->nik, r, 0, 0);
            pl_pg_copy(out->name, sizeof out->name, r, 0, 1);
            pl_pg_copy(out->village, sizeof out->village, r, 0, 2);
            out->version = pl_pg_int(r, 0, 3);
            dead = pl_pg_int(r, 0, 4) != 0;
        }
        PQclear(r);
    }
    if (rc == 0 && dead)
        rc = pl_error_set(err, PL_EINVAL, "nik",
                          "orang ini tercatat meninggal; orang yang meninggal tidak dipindahkan");
    if (rc == 0 && expect_version > 0 && expect_version != out->version)
        rc = pl_error_set(err, PL_ECONFLICT, "version",
                          "data orang ini sudah diubah orang lain (versi %lld, bukan %lld); muat "
                          "ulang lalu ulangi",
                          (long long)out->version, (long long)expect_version);
    if (rc == 0) {
        r = pl_pg_query(s,
                        "SELECT valid_from FROM residence WHERE person_id = $1::bigint AND "
                        "valid_to IS NULL",
                        1, pp, err, "residence");
        if (r == NULL)
            rc = err->code;
        else if (PQntuples(r) == 1 && strcmp(date, PQgetvalue(r, 0, 0)) <= 0)
            rc = pl_error_set(err, PL_EINVAL, "tanggal",
                              "tanggal pindah %s tidak setelah awal tempat tinggal sekarang (%s)",
                              date, PQgetvalue(r, 0, 0));
        PQclear(r);
    }
    if (rc == 0)
        rc = refuse_locked(s, out->village, date, err);
    if (rc == 0)
        rc = refuse_referred(s, id, err);
    if (rc == 0) {
        r = pl_pg_query(s,
                        "SELECT json_build_object('person', to_jsonb(p), 'memberships', "
                        "coalesce((SELECT jsonb_agg(to_jsonb(m) ORDER BY m.id) FROM membership m "
                        "WHERE m.prov = $2 AND m.person_id = $1::bigint), '[]'::jsonb))::text, "
                        "(SELECT count(*) FROM membership m WHERE m.prov = $2 AND "
                        "m.person_id = $1::bigint) FROM person p WHERE "
                        "substr(p.village_code, 1, 2) = $2 AND p.id = $1::bigint",
                        2, pp, err, "person");
        if (r == NULL)
            rc = err->code;
        else if ((out->record = strdup(PQgetvalue(r, 0, 0))) == NULL)
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        else
            out->memberships = (int)pl_pg_int(r, 0, 1);
        PQclear(r);
    }
    /* The counts: the terms of the days lived here are kept (count_departed); count_delta
     * loses the rest, as the memberships leave with their triggers off. */
    const char *pd[] = {id, out->prov, date, gid};
    if (rc == 0) {
        r = pl_pg_query(s,
                        "INSERT INTO count_departed(prov, village_code, category, day, people, "
                        "households, person_id, moved_at) SELECT substr(v, 1, 2), v, c, d, sum(p), "
                        "0, $1::bigint, $4 FROM (" TERMS_TO("e_dep") ") f GROUP BY v, c, d "
                                                                     "HAVING sum(p) <> 0",
                        4, pd, err, "count_departed");
        if (r == NULL)
            rc = err->code;
        else
            out->departed_rows = (int)pl_pg_changes(r);
        PQclear(r);
    }
    if (rc == 0)
        rc = pl_pg_command(s,
                           ADD_PEOPLE(TERMS_TO("e_dep") " UNION ALL SELECT v, c, d, -p FROM "
                                                        "(" TERMS_TO("e") ") x"),
                           3, pd, err, "count_delta");
    if (rc == 0)
        rc = pl_pg_command(s,
                           "SELECT pl_audit_put('delete', 'membership', m.id, " MEMBERSHIP_IMAGE
                           ", NULL) FROM membership m WHERE m.prov = $2 AND "
                           "m.person_id = $1::bigint ORDER BY m.id",
                           2, pp, err, "audit");
    if (rc == 0)
        rc = pl_pg_command(s, "SELECT set_config('session_replication_role', 'replica', true)", 0,
                           NULL, err, "membership");
    if (rc == 0)
        rc = pl_pg_command(s, "DELETE FROM membership WHERE prov = $2 AND person_id = $1::bigint",
                           2, pp, err, "membership");
    if (rc == 0)
        rc = pl_pg_command(s, "SELECT set_config('session_replication_role', 'origin', true)", 0,
                           NULL, err, "membership");
    /* Triggers on: the registry row, the point, the audit and a family's member terms go. */
    if (rc == 0)
        rc = pl_pg_command(s, "DELETE FROM residence WHERE person_id = $1::bigint", 1, pp, err,
                           "residence");
    if (rc == 0)
        rc = pl_pg_command(s,
                           "DELETE FROM person WHERE substr(village_code, 1, 2) = $2 AND "
                           "id = $1::bigint",
                           2, pp, err, "person");
    if (rc) {
        free(out->record);
        out->record = NULL;
    }
    rc = half_end(s, gid, rc, err);
    if (rc) {
        free(out->record);
        out->record = NULL;
    }
    return rc;
}

int pl_pg_xact_arrive(pl_pg_store *s, const pl_actor *who, const char *record, const char *village,
                      const char *kk, const char *date, const char *gid, pl_error *err)
{
    if (!pl_date_is_iso(date))
        return pl_error_set(err, PL_EINVAL, "tanggal", "tanggal pindah harus YYYY-MM-DD");
    int rc = half_begin(s, who, err);
    if (rc)
        return rc;
    int64_t n = 0;
    const char *pv[] = {village};
    rc = pl_pg_scalar_i64(s, "SELECT count(*) FROM region WHERE code = $1 AND level = 4", 1, pv, &n,
                          err, "region");
    if (rc == 0 && n == 0)
        rc = pl_error_set(err, PL_EINVAL, "desa", "kode desa %s tidak dikenal di shard tujuan",
                          village);
    if (rc == 0)
        rc = refuse_locked(s, village, date, err);
    const char *pr[] = {record};
    if (rc == 0)
        rc = pl_pg_scalar_i64(s,
                              "SELECT count(*) FROM person_key WHERE id = ($1::jsonb -> 'person' "
                              "->> 'id')::bigint OR nik = ($1::jsonb -> 'person' ->> 'nik')",
                              1, pr, &n, err, "person_key");
    if (rc == 0 && n > 0)
        rc = pl_error_set(err, PL_ECONFLICT, "nik",
                          "orang ini (id atau NIK-nya) sudah ada di shard tujuan; tidak "
                          "dipindahkan dua kali");
    char hid[24] = "";
    if (rc == 0 && kk[0]) {
        int64_t h = 0;
        const char *pk[] = {kk};
        rc = pl_pg_scalar_i64(s, "SELECT id FROM household_key WHERE kk = $1", 1, pk, &h, err,
                              "household_key");
        if (rc == PL_ENOTFOUND)
            rc = pl_error_set(err, PL_ENOTFOUND, "kk",
                              "keluarga dengan No. KK %s tidak ada di shard tujuan; daftarkan "
                              "keluarganya di sana dahulu",
                              kk);
        snprintf(hid, sizeof hid, "%lld", (long long)h);
    }
    const char *pi[] = {record, village, hid[0] ? hid : NULL};
    if (rc == 0)
        rc = pl_pg_command(
            s,
            "INSERT INTO person SELECT (jsonb_populate_record(NULL::person, ($1::jsonb -> "
            "'person') || jsonb_build_object('village_code', $2::text, 'household_id', "
            "$3::bigint, 'relationship', CASE WHEN $3::bigint IS NULL THEN '' ELSE "
            "$1::jsonb -> 'person' ->> 'relationship' END, 'lat', NULL, 'lon', NULL, 'version', "
            "($1::jsonb -> 'person' ->> 'version')::bigint + 1, 'updated_at', pl_now()))).*",
            3, pi, err, "person");
    /* The person's residence here starts on the day of the move (the new row's first one
     * starts at the beginning of time). */
    char id[24] = "";
    if (rc == 0) {
        int64_t pid = 0;
        rc = pl_pg_scalar_i64(s, "SELECT ($1::jsonb -> 'person' ->> 'id')::bigint", 1, pr, &pid,
                              err, "person");
        snprintf(id, sizeof id, "%lld", (long long)pid);
    }
    char prov[3];
    snprintf(prov, sizeof prov, "%.2s", village);
    const char *pp[] = {id, prov, date};
    if (rc == 0)
        rc = pl_pg_command(s,
                           "UPDATE residence SET valid_from = $3 WHERE substr(village_code, 1, 2) "
                           "= $2 AND person_id = $1::bigint AND valid_to IS NULL",
                           3, pp, err, "residence");
    /* The memberships with their ids, triggers off; their audit and terms written here. */
    const char *pm[] = {record, prov};
    if (rc == 0)
        rc = pl_pg_command(s, "SELECT set_config('session_replication_role', 'replica', true)", 0,
                           NULL, err, "membership");
    if (rc == 0)
        rc = pl_pg_command(s,
                           "INSERT INTO membership SELECT (jsonb_populate_record(NULL::membership, "
                           "e || jsonb_build_object('prov', $2::text))).* FROM "
                           "jsonb_array_elements($1::jsonb -> 'memberships') e",
                           2, pm, err, "membership");
    if (rc == 0)
        rc = pl_pg_command(s, "SELECT set_config('session_replication_role', 'origin', true)", 0,
                           NULL, err, "membership");
    if (rc == 0)
        rc = pl_pg_command(
            s,
            "SELECT pl_audit_put('insert', 'membership', m.id, NULL, " MEMBERSHIP_IMAGE
            ") FROM membership m WHERE m.prov = $2 AND m.person_id = $1::bigint "
            "ORDER BY m.id",
            2, pp, err, "audit");
    if (rc == 0)
        rc = pl_pg_command(s, ADD_PEOPLE(TERMS_TO("e")), 3, pp, err, "count_delta");
    return half_end(s, gid, rc, err);
}

int pl_pg_xact_finish(pl_pg_store *s, const char *gid, bool commit, bool *found, pl_error *err)
{
    *found = false;
    int64_t n = 0;
    const char *g[] = {gid};
    int rc = pl_pg_scalar_i64(s,
                              "SELECT count(*) FROM pg_prepared_xacts WHERE gid = $1 AND "
                              "database = current_database()",
                              1, g, &n, err, "pg_prepared_xacts");
    if (rc || n == 0)
        return rc;
    for (const char *c = gid; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
            return pl_error_set(err, PL_EINVAL, "gid", "gid tidak sah");
    char sql[128];
    snprintf(sql, sizeof sql, "%s PREPARED '%s'", commit ? "COMMIT" : "ROLLBACK", gid);
    PGresult *r = pl_pg_exec_text(s, sql, 0, NULL, err);
    if (r == NULL)
        return err->code;
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = pl_pg_fail(s, r, err, "prepared");
    else
        *found = true;
    PQclear(r);
    /* The servers of this data base forget what they cached of people (store/shared.h). */
    if (rc == 0 && commit)
        rc = pl_pg_command(s, "SELECT pg_notify('pilar_change', 'person')", 0, NULL, err, "notify");
    return rc;
}

int pl_pg_xact_prepared(pl_pg_store *s, pl_xact_prepared_cb cb, void *ctx, pl_error *err)
{
    PGresult *r = pl_pg_query(s,
                              "SELECT gid, to_char(prepared AT TIME ZONE 'UTC', "
                              "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM pg_prepared_xacts WHERE "
                              "database = current_database() AND gid LIKE 'pilar\\_x\\_%' "
                              "ORDER BY prepared, gid",
                              0, NULL, err, "pg_prepared_xacts");
    if (r == NULL)
        return err->code;
    int rc = 0;
    for (int i = 0; rc == 0 && i < PQntuples(r); i++)
        rc = cb(ctx, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1));
    PQclear(r);
    return rc;
}
