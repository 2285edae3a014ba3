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
    "gid, kind, person_id, nik, source_prov, target_prov, target_village, decision, started_at, "  \
    "survivor_id, pair_id"

int pl_pg_xact_begin(pl_pg_store *s, const pl_xact_entry *e, pl_error *err)
{
    int rc = pl_pg_need_coordinator(s, err);
    if (rc)
        return rc;
    /* Created by the first cross-shard write, as cluster_move by the first move: being a
     * coordinator is a role of one data base, not part of every schema. */
    rc = pl_pg_command(s,
                       "CREATE TABLE IF NOT EXISTS public.cluster_xact(gid text PRIMARY KEY, "
                       "kind text NOT NULL, person_id bigint NOT NULL, nik text NOT NULL, "
                       "source_prov text NOT NULL, target_prov text NOT NULL, "
                       "target_village text NOT NULL, decision text NOT NULL DEFAULT '' "
                       "CHECK (decision IN ('', 'commit')), started_at text NOT NULL, "
                       "survivor_id bigint NOT NULL DEFAULT 0, pair_id bigint NOT NULL DEFAULT 0)",
                       0, NULL, err, "cluster_xact");
    if (rc)
        return rc;
    /* Held from before the first half is prepared until this process ends. */
    const char *g[] = {e->gid};
    if ((rc = pl_pg_command(s, "SELECT pg_advisory_lock(hashtext($1))", 1, g, err, "cluster_xact")))
        return rc;
    pl_pg_num id, sv, pair;
    const char *p[] = {e->gid,
                       e->kind,
                       pl_pg_i64(&id, e->person_id),
                       e->nik,
                       e->source_prov,
                       e->target_prov,
                       e->target_village,
                       pl_pg_i64(&sv, e->survivor_id),
                       pl_pg_i64(&pair, e->pair_id)};
    return pl_pg_command(s,
                         "INSERT INTO public.cluster_xact(gid, kind, person_id, nik, source_prov, "
                         "target_prov, target_village, started_at, survivor_id, pair_id) VALUES "
                         "($1, $2, $3::bigint, $4, $5, $6, $7, pl_now(), $8::bigint, $9::bigint)",
                         9, p, err, "cluster_xact");
}

int pl_pg_xact_decide(pl_pg_store *s, const pl_actor *who, const pl_xact_entry *e, pl_error *err)
{
    int rc = pl_pg_need_coordinator(s, err);
    if (rc)
        return rc;
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    const char *g[] = {e->gid};
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
                          e->gid);
    PQclear(r);
    /* The coordinator's own tables of the write: not cached statements, since they may
     * appear between two calls (cluster init makes the registry, the first pair the pairs). */
    int64_t has = 0;
    pl_pg_num sv, pair;
    if (rc == 0 && e->nik[0])
        rc = pl_pg_scalar_i64(s, "SELECT (to_regclass('public.cluster_key') IS NOT NULL)::int", 0,
                              NULL, &has, err, "cluster_key");
    if (rc == 0 && has) {
        const char *k[] = {e->nik, e->target_prov, pl_pg_i64(&sv, e->survivor_id)};
        rc = pl_pg_command_text(s,
                                "UPDATE public.cluster_key SET prov = $2, id = CASE WHEN "
                                "$3::bigint > 0 THEN $3::bigint ELSE id END WHERE kind = 'nik' "
                                "AND key = $1",
                                3, k, err, "cluster_key");
    }
    if (rc == 0 && e->pair_id > 0) {
        const char *k[] = {pl_pg_i64(&pair, e->pair_id), s->actor};
        rc = pl_pg_command_text(s,
                                "UPDATE public.cluster_dedup SET status = 'merged', decided_by = "
                                "$2, decided_at = pl_now() WHERE id = $1::bigint",
                                2, k, err, "cluster_dedup");
    }
    return pl_pg_tx_end(s, own, rc, err);
}

int pl_pg_xact_forget(pl_pg_store *s, const char *gid, pl_error *err)
{
    int rc = pl_pg_need_coordinator(s, err);
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
    e->survivor_id = pl_pg_int(r, i, 9);
    e->pair_id = pl_pg_int(r, i, 10);
}

int pl_pg_xact_list(pl_pg_store *s, pl_xact_entry_cb cb, void *ctx, pl_error *err)
{
    int rc = pl_pg_need_coordinator(s, err);
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
    int rc = pl_pg_need_coordinator(s, err);
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
 * The pairs of the person's ($1, province $2) memberships (those with COND) and residence rows:
 * start s, end e (residence open: the end of time) and e_dep (residence open: the day of the
 * move, $3).
 */
/* clang-format off */
#define PAIRS_IF(COND)                                                                             \
    "SELECT r.village_code AS v, m.category AS c, GREATEST(m.valid_from, r.valid_from) AS s, "     \
    "LEAST(coalesce(" NEXT("m.valid_to") ", " INF "), coalesce(r.valid_to, " INF ")) AS e, "      \
    "LEAST(coalesce(" NEXT("m.valid_to") ", " INF "), coalesce(r.valid_to, $3)) AS e_dep "        \
    "FROM membership m JOIN residence r ON r.person_id = m.person_id "                             \
    "WHERE m.prov = $2 AND m.person_id = $1::bigint AND r.person_id = $1::bigint AND " COND

/* The terms (v, c, d, p) of PAIRS_IF(COND) ending at END ("e" or "e_dep"). */
#define TERMS_TO_IF(END, COND)                                                                     \
    "SELECT v, c, CASE WHEN k = 1 THEN s ELSE " END " END AS d, k AS p FROM (" PAIRS_IF(COND)      \
    ") t CROSS JOIN (VALUES (1), (-1)) AS kk(k) WHERE s < " END " AND (k = 1 OR " END " < " INF ")"
#define TERMS_TO(END) TERMS_TO_IF(END, "true")
/* clang-format on */

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

/*
 * The person's ($1, province $2) memberships leave this data base: their audit rows written,
 * then deleted with triggers off (their counts are the caller's: a period approved since their
 * start does not refuse them, as a move on one server does not).
 */
static int memberships_leave(pl_pg_store *s, const char *const *pp, pl_error *err)
{
    int rc = pl_pg_command(s,
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
    return rc;
}

/* The memberships of record ($4, a half's JSON) among the person's ($1, province $2). */
#define CAME                                                                                       \
    "m.id IN (SELECT (e ->> 'id')::bigint FROM jsonb_array_elements($4::jsonb -> 'memberships') "  \
    "e)"

/*
 * The memberships of record arrive as person id's (province prov) with their ids, triggers off;
 * their audit rows and their terms against the person's residence rows here written.
 */
static int memberships_arrive(pl_pg_store *s, const char *record, const char *id, const char *prov,
                              pl_error *err)
{
    const char *pm[] = {record, id, prov};
    int rc = pl_pg_command(s, "SELECT set_config('session_replication_role', 'replica', true)", 0,
                           NULL, err, "membership");
    if (rc == 0)
        rc = pl_pg_command(s,
                           "INSERT INTO membership SELECT (jsonb_populate_record(NULL::membership, "
                           "e || jsonb_build_object('person_id', $2::bigint, 'prov', $3::text))).* "
                           "FROM jsonb_array_elements($1::jsonb -> 'memberships') e",
                           3, pm, err, "membership");
    if (rc == 0)
        rc = pl_pg_command(s, "SELECT set_config('session_replication_role', 'origin', true)", 0,
                           NULL, err, "membership");
    const char *pp[] = {id, prov, "9999-12-31", record};
    if (rc == 0)
        rc = pl_pg_command(
            s,
            "SELECT pl_audit_put('insert', 'membership', m.id, NULL, " MEMBERSHIP_IMAGE
            ") FROM membership m WHERE m.prov = $2 AND m.person_id = $1::bigint "
            "AND $3::text IS NOT NULL AND " CAME " ORDER BY m.id",
            4, pp, err, "audit");
    if (rc == 0)
        rc = pl_pg_command(s, ADD_PEOPLE(TERMS_TO_IF("e", CAME)), 4, pp, err, "count_delta");
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
        rc = memberships_leave(s, pp, err);
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
    if (rc == 0)
        rc = memberships_arrive(s, record, id, prov, err);
    return half_end(s, gid, rc, err);
}

/* ------------------------------------------------------------------- merges */

/* The fields a merge fills on the survivor from the merged person (pl_pg_dedup_merge's). */
#define MERGED_IMAGE                                                                               \
    "json_build_object('nik', nik, 'birth_date', birth_date, 'birth_place', birth_place, "         \
    "'mother_name', mother_name, 'disability', disability, 'name', name)"

/* A person's province through the registry, and its row locked: its NIK and whether dead. */
static int lock_person(pl_pg_store *s, int64_t id, char prov[3], char nik[17], bool *dead,
                       pl_error *err)
{
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    PGresult *r = pl_pg_query(s, "SELECT prov FROM person_key WHERE id = $1::bigint", 1, p, err,
                              "person_key");
    if (r == NULL)
        return err->code;
    int rc = 0;
    if (PQntuples(r) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "orang id %lld tidak ada di shard ini",
                          (long long)id);
    else
        pl_pg_copy(prov, 3, r, 0, 0);
    PQclear(r);
    if (rc)
        return rc;
    const char *pp[] = {n.b, prov};
    r = pl_pg_query(s,
                    "SELECT coalesce(nik, ''), (death_date IS NOT NULL)::int FROM person WHERE "
                    "substr(village_code, 1, 2) = $2 AND id = $1::bigint FOR UPDATE",
                    2, pp, err, "person");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "orang id %lld tidak ada di shard ini",
                          (long long)id);
    else {
        pl_pg_copy(nik, 17, r, 0, 0);
        *dead = pl_pg_int(r, 0, 1) != 0;
    }
    PQclear(r);
    return rc;
}

int pl_pg_xact_survivor(pl_pg_store *s, int64_t id, pl_xact_survivor *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    PGresult *r = pl_pg_query(
        s,
        "SELECT k.prov, (p.nik IS NOT NULL)::int, (p.death_date IS NOT NULL)::int, "
        "coalesce((SELECT string_agg(DISTINCT m.category::text, ',') FROM membership m WHERE "
        "m.prov = k.prov AND m.person_id = k.id AND m.valid_to IS NULL), '') FROM person_key k "
        "JOIN person p ON substr(p.village_code, 1, 2) = k.prov AND p.id = k.id "
        "WHERE k.id = $1::bigint",
        1, p, err, "person");
    if (r == NULL)
        return err->code;
    if (PQntuples(r) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "orang id %lld tidak ada di shard ini",
                          (long long)id);
    else {
        pl_pg_copy(out->prov, sizeof out->prov, r, 0, 0);
        out->has_nik = pl_pg_int(r, 0, 1) != 0;
        out->dead = pl_pg_int(r, 0, 2) != 0;
        pl_pg_copy(out->open_categories, sizeof out->open_categories, r, 0, 3);
    }
    PQclear(r);
    return rc;
}

int pl_pg_xact_merge_out(pl_pg_store *s, const pl_actor *who, int64_t merged, int64_t survivor_id,
                         const char *survivor_prov, bool survivor_has_nik,
                         const char *survivor_open, const char *gid, pl_xact_merged *out,
                         pl_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = half_begin(s, who, err);
    if (rc)
        return rc;
    char prov[3], nik[17];
    bool dead = false;
    rc = lock_person(s, merged, prov, nik, &dead, err);
    if (rc == 0 && dead)
        rc = pl_error_set(err, PL_EINVAL, "id",
                          "orang id %lld tercatat meninggal; penggabungan lintas shard hanya "
                          "untuk orang yang hidup",
                          (long long)merged);
    char id[24], sv[24];
    snprintf(id, sizeof id, "%lld", (long long)merged);
    snprintf(sv, sizeof sv, "%lld", (long long)survivor_id);
    const char *p1[] = {id};
    int64_t n = 0;
    if (rc == 0 &&
        (rc = pl_pg_scalar_i64(s, "SELECT count(*) FROM person_merged WHERE person_id = $1::bigint",
                               1, p1, &n, err, "person_merged")) == 0 &&
        n > 0)
        rc = pl_error_set(err, PL_ECONFLICT, "id", "orang id %s sudah digabung", id);
    /* What follows a merged person on one server but cannot cross shards. */
    int64_t refs = 0;
    if (rc == 0 &&
        (rc = pl_pg_scalar_i64(s,
                               "SELECT (SELECT count(*) FROM enrolment WHERE person_id = "
                               "$1::bigint) + (SELECT count(*) FROM bank_account WHERE "
                               "person_id = $1::bigint)",
                               1, p1, &refs, err, "enrolment")) == 0 &&
        refs > 0)
        rc = pl_error_set(err, PL_ECONFLICT, "id",
                          "orang id %s punya %lld kepesertaan program atau rekening yang tidak "
                          "dapat ikut ke shard lain; akhiri dulu di shard asal",
                          id, (long long)refs);
    /* As on one server: the merged person's open memberships of categories the survivor has
     * open end today (triggers on: their counts follow). */
    const char *pc[] = {id, prov, survivor_open};
    if (rc == 0 && survivor_open[0])
        rc = pl_pg_command(s,
                           "UPDATE membership SET valid_to = greatest(valid_from, pl_today()) "
                           "WHERE prov = $2 AND person_id = $1::bigint AND valid_to IS NULL AND "
                           "category = ANY(string_to_array($3, ',')::bigint[])",
                           3, pc, err, "membership");
    const char *pp[] = {id, prov, "9999-12-31"};
    PGresult *r = NULL;
    if (rc == 0) {
        r = pl_pg_query(s,
                        "SELECT json_build_object('merged_id', id, 'merged', " MERGED_IMAGE
                        ", 'memberships', "
                        "coalesce((SELECT jsonb_agg(to_jsonb(m) ORDER BY m.id) FROM membership m "
                        "WHERE m.prov = $2 AND m.person_id = $1::bigint), '[]'::jsonb))::text, "
                        "(SELECT count(*) FROM membership m WHERE m.prov = $2 AND m.person_id = "
                        "$1::bigint) FROM person WHERE substr(village_code, 1, 2) = $2 AND "
                        "id = $1::bigint",
                        2, pp, err, "person");
        if (r == NULL)
            rc = err->code;
        else if ((out->record = strdup(PQgetvalue(r, 0, 0))) == NULL)
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        else
            out->memberships = (int)pl_pg_int(r, 0, 1);
        PQclear(r);
    }
    /* The merge's log: its before image says the survivor is on another shard (no undo). */
    const char *pl[] = {sv, id, out->record ? out->record : "{}", s->actor, survivor_prov};
    if (rc == 0)
        rc = pl_pg_scalar_i64(s,
                              "INSERT INTO merge_log(survivor_id, merged_id, before, at, actor) "
                              "VALUES ($1::bigint, $2::bigint, json_build_object('cross_shard', "
                              "true, 'survivor_prov', $5::text, 'merged', $3::json)::text, "
                              "pl_now(), $4) RETURNING id",
                              5, pl, &out->merge_id, err, "merge_log");
    /* The memberships go to the survivor: their terms leave this shard's counts. */
    if (rc == 0)
        rc = pl_pg_command(s, ADD_PEOPLE("SELECT v, c, d, -p AS p FROM (" TERMS_TO("e") ") x"), 3,
                           pp, err, "count_delta");
    if (rc == 0)
        rc = memberships_leave(s, pp, err);
    /* Its NIK goes to a survivor without one (the registry follows at the decision). */
    if (rc == 0 && !survivor_has_nik && nik[0]) {
        rc = pl_pg_command(s,
                           "UPDATE person SET nik = NULL WHERE substr(village_code, 1, 2) = $2 "
                           "AND id = $1::bigint",
                           2, pp, err, "person");
        snprintf(out->nik, sizeof out->nik, "%s", nik);
    }
    pl_pg_num ml;
    const char *pr[] = {id, prov, sv, survivor_prov, pl_pg_i64(&ml, out->merge_id), s->actor};
    if (rc == 0)
        rc = pl_pg_command(s,
                           "UPDATE person SET state = 'rejected', state_by = $6, state_at = "
                           "pl_now(), state_reason = 'digabung ke #' || $3 || ' (provinsi ' || "
                           "$4 || ', shard lain; penggabungan ' || $5 || ')', version = version "
                           "+ 1, updated_at = pl_now() WHERE substr(village_code, 1, 2) = $2 AND "
                           "id = $1::bigint",
                           6, pr, err, "person");
    const char *pm[] = {id, sv, ml.b};
    if (rc == 0)
        rc = pl_pg_command(s,
                           "INSERT INTO person_merged(person_id, into_id, merge_id) VALUES "
                           "($1::bigint, $2::bigint, $3::bigint)",
                           3, pm, err, "person_merged");
    rc = half_end(s, gid, rc, err);
    if (rc) {
        free(out->record);
        out->record = NULL;
    }
    return rc;
}

int pl_pg_xact_merge_in(pl_pg_store *s, const pl_actor *who, int64_t survivor, const char *record,
                        const char *gid, pl_error *err)
{
    int rc = half_begin(s, who, err);
    if (rc)
        return rc;
    char prov[3], nik[17];
    bool dead = false;
    rc = lock_person(s, survivor, prov, nik, &dead, err);
    if (rc == 0 && dead)
        rc = pl_error_set(err, PL_EINVAL, "survivor",
                          "orang id %lld tercatat meninggal; penggabungan lintas shard hanya "
                          "untuk orang yang hidup",
                          (long long)survivor);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)survivor);
    if (rc == 0)
        rc = memberships_arrive(s, record, id, prov, err);
    /* The survivor's empty fields from the merged person's, as on one server (triggers on:
     * audited, its registry row follows a NIK it gets). */
    const char *pf[] = {id, prov, record};
    if (rc == 0)
        rc = pl_pg_command(
            s,
            "UPDATE person SET nik = coalesce(nik, nullif($3::json -> 'merged' ->> 'nik', '')), "
            "birth_date = coalesce(birth_date, $3::json -> 'merged' ->> 'birth_date'), "
            "birth_place = CASE WHEN birth_place = '' THEN coalesce($3::json -> 'merged' ->> "
            "'birth_place', '') ELSE birth_place END, "
            "mother_name = CASE WHEN mother_name = '' THEN coalesce($3::json -> 'merged' ->> "
            "'mother_name', '') ELSE mother_name END, "
            "disability = CASE WHEN disability = '' THEN coalesce($3::json -> 'merged' ->> "
            "'disability', '') ELSE disability END, version = version + 1, updated_at = pl_now() "
            "WHERE substr(village_code, 1, 2) = $2 AND id = $1::bigint",
            3, pf, err, "person");
    int64_t log = 0;
    const char *pl[] = {id, record, s->actor};
    if (rc == 0)
        rc = pl_pg_scalar_i64(s,
                              "INSERT INTO merge_log(survivor_id, merged_id, before, at, actor) "
                              "VALUES ($1::bigint, ($2::json ->> 'merged_id')::bigint, "
                              "json_build_object('cross_shard', true, 'merged', $2::json)::text, "
                              "pl_now(), $3) RETURNING id",
                              3, pl, &log, err, "merge_log");
    return half_end(s, gid, rc, err);
}

/* ------------------------------------------------------------- pairs on two shards */

#define PAIR_COLS                                                                                  \
    "id, person_a, prov_a, person_b, prov_b, score, exact::int, reasons, status, created_at, "     \
    "coalesce(decided_by, ''), coalesce(decided_at, '')"

static void read_pair(pl_xact_pair *p, const PGresult *r, int i)
{
    memset(p, 0, sizeof *p);
    p->id = pl_pg_int(r, i, 0);
    p->person_a = pl_pg_int(r, i, 1);
    pl_pg_copy(p->prov_a, sizeof p->prov_a, r, i, 2);
    p->person_b = pl_pg_int(r, i, 3);
    pl_pg_copy(p->prov_b, sizeof p->prov_b, r, i, 4);
    p->score = strtod(PQgetvalue(r, i, 5), NULL);
    p->exact = pl_pg_int(r, i, 6) != 0;
    pl_pg_copy(p->reasons, sizeof p->reasons, r, i, 7);
    pl_pg_copy(p->status, sizeof p->status, r, i, 8);
    pl_pg_copy(p->created_at, sizeof p->created_at, r, i, 9);
    pl_pg_copy(p->decided_by, sizeof p->decided_by, r, i, 10);
    pl_pg_copy(p->decided_at, sizeof p->decided_at, r, i, 11);
}

static int have_pairs(pl_pg_store *s, bool *yes, pl_error *err)
{
    int64_t n = 0;
    int rc = pl_pg_need_coordinator(s, err);
    if (rc == 0)
        rc = pl_pg_scalar_i64(s, "SELECT (to_regclass('public.cluster_dedup') IS NOT NULL)::int", 0,
                              NULL, &n, err, "cluster_dedup");
    *yes = n != 0;
    return rc;
}

int pl_pg_xact_pair_put(pl_pg_store *s, const pl_xact_pair *p, bool *wrote, pl_error *err)
{
    *wrote = false;
    int rc = pl_pg_need_coordinator(s, err);
    if (rc == 0)
        rc = pl_pg_command_text(
            s,
            "CREATE TABLE IF NOT EXISTS public.cluster_dedup(id bigint GENERATED BY DEFAULT AS "
            "IDENTITY PRIMARY KEY, person_a bigint NOT NULL, prov_a text NOT NULL, person_b "
            "bigint NOT NULL, prov_b text NOT NULL, score double precision NOT NULL, exact "
            "boolean NOT NULL DEFAULT false, reasons text NOT NULL DEFAULT '', status text NOT "
            "NULL DEFAULT 'open' CHECK (status IN ('open', 'not_same', 'merged')), created_at "
            "text NOT NULL, decided_by text, decided_at text, CHECK (person_a < person_b), "
            "UNIQUE (person_a, person_b))",
            0, NULL, err, "cluster_dedup");
    if (rc)
        return rc;
    pl_pg_num a, b;
    char score[32];
    snprintf(score, sizeof score, "%.6f", p->score);
    const char *v[] = {
        pl_pg_i64(&a, p->person_a),  p->prov_a, pl_pg_i64(&b, p->person_b), p->prov_b, score,
        p->exact ? "true" : "false", p->reasons};
    PGresult *r = pl_pg_exec_text(
        s,
        "INSERT INTO public.cluster_dedup(person_a, prov_a, person_b, prov_b, score, exact, "
        "reasons, created_at) VALUES ($1::bigint, $2, $3::bigint, $4, $5::float8, $6::boolean, "
        "$7, pl_now()) ON CONFLICT (person_a, person_b) DO UPDATE SET prov_a = excluded.prov_a, "
        "prov_b = excluded.prov_b, score = excluded.score, exact = excluded.exact, reasons = "
        "excluded.reasons WHERE cluster_dedup.status = 'open' RETURNING id",
        7, v, err);
    if (r == NULL)
        return err->code;
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        rc = pl_pg_fail(s, r, err, "cluster_dedup");
    else
        *wrote = PQntuples(r) > 0;
    PQclear(r);
    return rc;
}

int pl_pg_xact_pairs(pl_pg_store *s, const char *status, pl_xact_pair_cb cb, void *ctx,
                     pl_error *err)
{
    bool yes = false;
    int rc = have_pairs(s, &yes, err);
    if (rc || !yes)
        return rc;
    const char *p[] = {status ? status : ""};
    PGresult *r = pl_pg_exec_text(s,
                                  "SELECT " PAIR_COLS " FROM public.cluster_dedup WHERE $1 = '' "
                                  "OR status = $1 ORDER BY score DESC, id",
                                  1, p, err);
    if (r == NULL)
        return err->code;
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        rc = pl_pg_fail(s, r, err, "cluster_dedup");
    for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
        pl_xact_pair x;
        read_pair(&x, r, i);
        rc = cb(ctx, &x);
    }
    PQclear(r);
    return rc;
}

int pl_pg_xact_pair_get(pl_pg_store *s, int64_t id, pl_xact_pair *out, pl_error *err)
{
    memset(out, 0, sizeof *out);
    bool yes = false;
    int rc = have_pairs(s, &yes, err);
    if (rc)
        return rc;
    if (!yes)
        return pl_error_set(err, PL_ENOTFOUND, "id", "pasangan %lld tidak ada", (long long)id);
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    PGresult *r = pl_pg_exec_text(
        s, "SELECT " PAIR_COLS " FROM public.cluster_dedup WHERE id = $1::bigint", 1, p, err);
    if (r == NULL)
        return err->code;
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        rc = pl_pg_fail(s, r, err, "cluster_dedup");
    else if (PQntuples(r) == 0)
        rc = pl_error_set(err, PL_ENOTFOUND, "id", "pasangan %lld tidak ada", (long long)id);
    else
        read_pair(out, r, 0);
    PQclear(r);
    return rc;
}

int pl_pg_xact_pair_distinct(pl_pg_store *s, const pl_actor *who, int64_t id, pl_error *err)
{
    pl_xact_pair x;
    int rc = pl_pg_xact_pair_get(s, id, &x, err);
    if (rc)
        return rc;
    if (strcmp(x.status, "open") != 0)
        return pl_error_set(err, PL_ECONFLICT, "id", "pasangan %lld sudah diputuskan (%s)",
                            (long long)id, x.status);
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id), s->actor};
    rc = pl_pg_command_text(s,
                            "UPDATE public.cluster_dedup SET status = 'not_same', decided_by = "
                            "$2, decided_at = pl_now() WHERE id = $1::bigint AND status = 'open'",
                            2, p, err, "cluster_dedup");
    return pl_pg_tx_end(s, own, rc, err);
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
