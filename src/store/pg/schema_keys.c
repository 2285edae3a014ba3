/*
 * schema_keys.c - migration 28 of the PostgreSQL schema (SQLite: src/store/sqlite/schema_keys.c,
 * empty): a shard keeps the cluster's national registry of NIKs and KKs (issue 15 item 2,
 * docs/scale.md "National NIK and KK uniqueness").
 *
 * The registry is the coordinator's public.cluster_key(kind, key, prov, id, reserved_at), with
 * PRIMARY KEY (kind, key); `pilar cluster init` gives each shard a postgres_fdw server
 * pl_coordinator and the foreign table public.cluster_registry mapping it. The triggers here
 * exist on every data base and do nothing unless that foreign table exists (a shard) and the
 * transaction has not switched them off (SET LOCAL pilar.cluster_keys = 'off': a transaction
 * that is to be PREPAREd must not touch a foreign table, and keeps the registry itself):
 *
 * - a new registry row (person_key or household_key, one INSERT statement: a form's person, a
 *   bulk load's thousands, written by pl_person_new / pl_household_new of migration 13 for every
 *   INSERT or COPY into person, household or a partition) reserves its key in one remote INSERT
 *   ... ON CONFLICT DO NOTHING (batched by postgres_fdw), then one remote SELECT of those keys
 *   (key = ANY(array), pushed down) finds any held by another id: refused with PL410, naming the
 *   key and the province that holds it. A row moving between partitions updates its registry
 *   row (migration 13's pl_T_after), it inserts none.
 * - a changed key or province (an UPDATE of person_key or household_key): the old key's
 *   reservation by this id is deleted, the new key reserved as above, its province set.
 * - a deleted registry row: its reservation by this id is deleted.
 *
 * A reservation held by the same id is never a conflict. A concurrent reservation of the same
 * key waits on the coordinator's unique index; postgres_fdw's remote transaction is REPEATABLE
 * READ, so when the other commits first the insert fails with a serialization failure, which is
 * the same refusal (the key was taken meanwhile). Never edit a released migration: add a new
 * one.
 */
#include "store/pg/schema_sql.h"
/* Migration SQL is laid out by hand. */
/* clang-format off */

/* Whether the registry is kept in this transaction (as an expression). */
#define KEPT_28                                                                                    \
    "(to_regclass('public.cluster_registry') IS NOT NULL AND "                                     \
    "coalesce(current_setting('pilar.cluster_keys', true), '') <> 'off')"

const char pl_pg_migration_28[] =
    /*
     * Reserves keys[i] of kind ('nik' or 'kk') for ids[i] of province provs[i] on the
     * coordinator; PL410 when one is held by another id. The province of a reservation held by
     * the same id is refreshed.
     */
    "CREATE FUNCTION pl_cluster_reserve(p_kind text, keys text[], provs text[], ids bigint[]) "
    "RETURNS void LANGUAGE plpgsql AS $f$ "
    "DECLARE bad record; n bigint; what text := CASE p_kind WHEN 'nik' THEN 'NIK' ELSE 'No. KK' END; "
    "col text := CASE p_kind WHEN 'nik' THEN 'nik' ELSE 'no_kk' END; "
    "who text := CASE p_kind WHEN 'nik' THEN 'satu orang' ELSE 'satu keluarga' END; BEGIN "
    "IF keys IS NULL OR cardinality(keys) = 0 THEN RETURN; END IF; "
    "BEGIN "
    "EXECUTE 'INSERT INTO public.cluster_registry(kind, key, prov, id) SELECT $1, k, p, i "
    "FROM unnest($2::text[], $3::text[], $4::bigint[]) AS u(k, p, i) ON CONFLICT DO NOTHING' "
    "USING p_kind, keys, provs, ids; "
    /* Another shard's reservation of one of the keys committed while this one waited. */
    "EXCEPTION WHEN serialization_failure THEN "
    "RAISE EXCEPTION USING ERRCODE = 'PL410', COLUMN = col, MESSAGE = format("
    "'%s %s baru saja didaftarkan bersamaan di shard lain (klaster nasional); satu %s hanya "
    "untuk %s', what, CASE WHEN cardinality(keys) = 1 THEN keys[1] ELSE 'salah satu dari ' || "
    "array_to_string(keys[1:5], ', ') || CASE WHEN cardinality(keys) > 5 THEN ', ...' ELSE '' "
    "END END, what, who); "
    "END; "
    "n := 0; "
    "FOR bad IN EXECUTE 'SELECT r.key, r.prov, r.id, u.i, u.p FROM (SELECT key, prov, id FROM "
    "public.cluster_registry WHERE kind = $1 AND key = ANY ($2) OFFSET 0) r "
    "JOIN unnest($2::text[], $3::text[], $4::bigint[]) AS u(k, p, i) ON u.k = r.key "
    "WHERE r.id <> u.i OR r.prov <> u.p ORDER BY r.id = u.i, r.key' "
    "USING p_kind, keys, provs, ids LOOP "
    "IF bad.id <> bad.i THEN n := n + 1; "
    "IF n = 1 THEN "
    "RAISE EXCEPTION USING ERRCODE = 'PL410', COLUMN = col, MESSAGE = format("
    "'%s %s sudah terdaftar di provinsi %s (klaster nasional); satu %s hanya untuk %s', "
    "what, bad.key, bad.prov, what, who); END IF; "
    "ELSE "
    "EXECUTE 'UPDATE public.cluster_registry SET prov = $1 WHERE kind = $2 AND key = $3 "
    "AND id = $4' USING bad.p, p_kind, bad.key, bad.id; END IF; END LOOP; "
    "END $f$;\n"
    /* New rows of a registry: one reservation statement per INSERT statement. */
    "CREATE FUNCTION pl_person_key_new() RETURNS trigger LANGUAGE plpgsql AS $f$ "
    "DECLARE k text[]; p text[]; i bigint[]; BEGIN "
    "IF NOT " KEPT_28 " THEN RETURN NULL; END IF; "
    "SELECT array_agg(nik ORDER BY nik), array_agg(prov ORDER BY nik), array_agg(id ORDER BY nik) "
    "INTO k, p, i FROM new_keys WHERE nik IS NOT NULL; "
    "PERFORM pl_cluster_reserve('nik', k, p, i); RETURN NULL; END $f$;\n"
    "CREATE FUNCTION pl_household_key_new() RETURNS trigger LANGUAGE plpgsql AS $f$ "
    "DECLARE k text[]; p text[]; i bigint[]; BEGIN "
    "IF NOT " KEPT_28 " THEN RETURN NULL; END IF; "
    "SELECT array_agg(kk ORDER BY kk), array_agg(prov ORDER BY kk), array_agg(id ORDER BY kk) "
    "INTO k, p, i FROM new_keys; "
    "PERFORM pl_cluster_reserve('kk', k, p, i); RETURN NULL; END $f$;\n"
    /*
     * A registry row changed (its key or its province) or deleted: pl_key_follow(kind), the
     * kind being the key's column too.
     */
    "CREATE FUNCTION pl_key_follow() RETURNS trigger LANGUAGE plpgsql AS $f$ "
    "DECLARE col text := TG_ARGV[0]; old_key text := to_jsonb(OLD) ->> col; "
    "new_key text; BEGIN "
    "IF TG_OP = 'UPDATE' THEN new_key := to_jsonb(NEW) ->> col; END IF; "
    "IF old_key IS NOT NULL AND old_key IS DISTINCT FROM new_key THEN "
    "EXECUTE 'DELETE FROM public.cluster_registry WHERE kind = $1 AND key = $2 AND id = $3' "
    "USING col, old_key, OLD.id; END IF; "
    "IF new_key IS NOT NULL THEN "
    "PERFORM pl_cluster_reserve(col, ARRAY[new_key], ARRAY[NEW.prov], ARRAY[NEW.id]); END IF; "
    "RETURN NULL; END $f$;\n"
    "CREATE TRIGGER person_key_reserve AFTER INSERT ON person_key REFERENCING NEW TABLE AS "
    "new_keys FOR EACH STATEMENT EXECUTE FUNCTION pl_person_key_new();\n"
    "CREATE TRIGGER household_key_reserve AFTER INSERT ON household_key REFERENCING NEW TABLE AS "
    "new_keys FOR EACH STATEMENT EXECUTE FUNCTION pl_household_key_new();\n"
    "CREATE TRIGGER person_key_follow AFTER UPDATE ON person_key FOR EACH ROW WHEN ("
    "(OLD.nik IS DISTINCT FROM NEW.nik OR OLD.prov <> NEW.prov) AND " KEPT_28 ") "
    "EXECUTE FUNCTION pl_key_follow('nik');\n"
    "CREATE TRIGGER household_key_follow AFTER UPDATE ON household_key FOR EACH ROW WHEN ("
    "(OLD.kk IS DISTINCT FROM NEW.kk OR OLD.prov <> NEW.prov) AND " KEPT_28 ") "
    "EXECUTE FUNCTION pl_key_follow('kk');\n"
    "CREATE TRIGGER person_key_forget AFTER DELETE ON person_key FOR EACH ROW WHEN (" KEPT_28 ") "
    "EXECUTE FUNCTION pl_key_follow('nik');\n"
    "CREATE TRIGGER household_key_forget AFTER DELETE ON household_key FOR EACH ROW WHEN ("
    KEPT_28 ") EXECUTE FUNCTION pl_key_follow('kk');\n";
/* clang-format on */
