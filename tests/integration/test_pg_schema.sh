#!/usr/bin/env bash
# test_pg_schema.sh - the PostgreSQL schema (src/store/pg/schema*.c, issue 14) on a throw-away
# cluster, applied migration by migration with psql (the C runner is built separately):
# every table and view of a fresh SQLite data base exists with the same columns; the audit
# triggers record inserts, updates and deletes with the actor and client of the transaction
# and refuse writes without one; the audit is append-only; a person moving to another province
# moves to that province's partition with its memberships and history and keeps its NIK
# unique; a duplicate NIK or KK in another province is refused; period locks hold; the audit
# chain gives the same seals as SQLite's for the same rows; pg_trgm finds a misspelled name.
# Skipped (exit 77) when the PostgreSQL server binaries are absent.
. "$(dirname "$0")/lib.sh"

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PGBIN" ] || PGBIN=$(dirname "$(command -v initdb 2>/dev/null || echo /none/initdb)")
if [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/pg_ctl" ] || ! command -v psql >/dev/null; then
  echo "$TEST_NAME: skipped: PostgreSQL server binaries (initdb, pg_ctl, psql) not found;" \
       "scripts/deps.sh installs postgresql-15, postgresql-contrib and postgresql-15-postgis-3" >&2
  exit 77
fi
DUMP=${PILAR_BUILD:?PILAR_BUILD must name the build folder}/tests/pilar-pg-schema-dump
[ -x "$DUMP" ] || die "$DUMP not built"

# ------------------------------------------------ a throw-away cluster: unix socket in $T
PGD="$T/pg"
mkdir -p "$PGD/data" "$PGD/sock"
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  chown -R postgres "$PGD"
  chmod 755 "$T"
  as_pg() { runuser -u postgres -- "$@"; }
fi
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$PGBIN/initdb" -D "$PGD/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
  >"$PGD/initdb.log" 2>&1 || die "initdb failed: $(tail -5 "$PGD/initdb.log")"
as_pg "$PGBIN/pg_ctl" -D "$PGD/data" -l "$PGD/log" -w -o "-c listen_addresses= \
  -c unix_socket_directories=$PGD/sock -c port=$PORT -c fsync=off -c full_page_writes=off" \
  start >/dev/null || die "the cluster did not start: $(tail -5 "$PGD/log")"
pg_cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$PGD/data" -m immediate stop >/dev/null 2>&1
  lib_cleanup
}
trap pg_cleanup EXIT
psq() { psql -h "$PGD/sock" -p "$PORT" -U postgres -X -q -v ON_ERROR_STOP=1 -At "$@"; }
# pgq DB SQL: the rows of SQL in data base DB, '|' between columns.
pgq() { psq -d "$1" -c "$2"; }
# pgw DB ACTOR SQL: SQL in one transaction acting as ACTOR from client 10.1.2.3.
pgw() {
  printf "BEGIN;\nSELECT set_config('pilar.actor', '%s', true), set_config('pilar.client', \
'10.1.2.3', true) \\\\g /dev/null\n%s;\nCOMMIT;\n" "$2" "$3" | psq -d "$1" 2>&1
}
for ext in pg_trgm postgis pgcrypto; do
  [ "$(pgq postgres "SELECT count(*) FROM pg_available_extensions WHERE name = '$ext'")" = 1 ] ||
    die "the PostgreSQL extension $ext is not installed (scripts/deps.sh)"
done

# ------------------------------------------------ every migration in order, one transaction each
N=$("$DUMP" count)
eq "as many migrations as SQLite" "$N" \
  "$(sed -n 's/^#define PL_STORE_SCHEMA_VERSION \([0-9]*\).*/\1/p' "$SRC/src/store/store.h")"
migrate() {
  psq -d postgres -c "CREATE DATABASE $1" || return 1
  local v
  for v in $(seq 1 "$N"); do
    { echo "BEGIN;"; "$DUMP" "$v"; echo "COMMIT;"; } | psq -d "$1" >/dev/null 2>"$T/migrate.err" ||
      { echo "migration $v: $(head -5 "$T/migrate.err")" >&2; return 1; }
  done
}
check "the $N migrations apply to an empty data base" migrate pilar

# ------------------------------------------------ the same tables and columns as SQLite
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
$PILAR init >/dev/null || die "pilar init failed"
sqlite3 "$PILAR_DB" "ATTACH '$PILAR_DB-reads' AS reads;
SELECT 'public', m.name, CASE WHEN m.type = 'view' THEN 'view' WHEN m.sql LIKE 'CREATE VIRTUAL%'
  THEN 'virtual' ELSE 'table' END, p.name, p.type, p.\"notnull\", p.pk
FROM main.sqlite_master m, pragma_table_info(m.name, 'main') p
WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%'
UNION ALL SELECT 'reads', m.name, 'table', p.name, p.type, p.\"notnull\", p.pk
FROM reads.sqlite_master m, pragma_table_info(m.name, 'reads') p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'" >"$T/sqlite_columns" ||
  die "cannot read the SQLite schema"
pgq pilar "SELECT c.table_schema, c.table_name, CASE WHEN t.table_type = 'VIEW' THEN 'view'
  ELSE 'table' END, c.column_name, c.data_type, c.is_nullable
FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
JOIN pg_class k ON k.oid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
WHERE c.table_schema IN ('public', 'reads') AND NOT k.relispartition
ORDER BY 1, 2, c.ordinal_position" >"$T/pg_columns"
check "every SQLite table and view has its columns in PostgreSQL" \
  python3 "$SRC/tests/integration/pg_schema_compare.py" "$T/sqlite_columns" "$T/pg_columns"

# ------------------------------------------------ one partition per province, and a default
PROVS=$(grep -oE '^    \{"[0-9]{2}", ' "$SRC/src/domain/region_table.c" | grep -oE '[0-9]{2}' | sort | tr '\n' ' ')
for t in person household membership residence person_geo household_geo; do
  got=$(pgq pilar "SELECT string_agg(substr(c.relname, length('$t') + 2), ' ' ORDER BY c.relname)
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '$t'::regclass
    AND c.relname ~ '^${t}_[0-9]{2}\$'")
  eq "$t: one partition per province of region_table.c" "$got " "$PROVS"
  eq "$t: a default partition" "$(pgq pilar "SELECT count(*) FROM pg_partitioned_table p
    JOIN pg_class c ON c.oid = p.partdefid WHERE p.partrelid = '$t'::regclass")" 1
done

# ------------------------------------------------ audit with the actor; append-only
R="INSERT INTO region(code, parent, level, name) VALUES ('64', NULL, 1, 'Kalimantan Timur'),
 ('64.72', '64', 2, 'Samarinda'), ('64.72.01', '64.72', 3, 'Palaran'),
 ('64.72.01.1001', '64.72.01', 4, 'Rawa Makmur'), ('32', NULL, 1, 'Jawa Barat'),
 ('32.73', '32', 2, 'Bandung'), ('32.73.01', '32.73', 3, 'Sukasari'),
 ('32.73.01.1001', '32.73.01', 4, 'Gegerkalong')"
out=$(pgw pilar setup "$R")
is "regions" "$out" ""
HH="INSERT INTO household(kk, village_code, lat, lon, created_at, created_by, updated_at)
 VALUES ('6472010101010001', '64.72.01.1001', -0.5, 117.15, pl_now(), 'u', pl_now())"
PERSON="INSERT INTO person(nik, household_id, name, name_norm, village_code, birth_date,
 created_at, created_by, updated_at) SELECT '6472014101900001', id, 'Siti Rahmawati',
 'siti rahmawati', '64.72.01.1001', '1990-01-01', pl_now(), 'u', pl_now() FROM household"
MEMB="INSERT INTO membership(person_id, category, valid_from, created_at, created_by, prov)
 SELECT id, 3, '2024-01-01', pl_now(), 'u', pl_subject_prov(id, NULL) FROM person"
out=$(pgw pilar operator1 "$HH; $PERSON; $MEMB")
is "a household, a person and a membership" "$out" ""
eq "inserts audited with actor and client" "$(pgq pilar "SELECT string_agg(action || ':' || entity
  || ':' || actor || ':' || client, ' ' ORDER BY id) FROM audit")" \
  "insert:household:operator1:10.1.2.3 insert:person:operator1:10.1.2.3 insert:membership:operator1:10.1.2.3"
out=$(pgw pilar operator2 "UPDATE person SET name = 'Siti R', version = version + 1")
eq "update audited with before and after" "$(pgq pilar "SELECT actor, before::json->>'name',
  after::json->>'name', after::json->>'version' FROM audit WHERE action = 'update'")" \
  "operator2|Siti Rahmawati|Siti R|2"
pgw pilar operator3 "INSERT INTO psks_unit(type, kind, name, area_code, created_at, created_by)
  VALUES (1, 'orang', 'Budi', '64.72', pl_now(), 'u'); DELETE FROM psks_unit" >/dev/null
eq "delete audited with the before image" "$(pgq pilar "SELECT actor, before::json->>'name',
  after IS NULL FROM audit WHERE action = 'delete'")" "operator3|Budi|t"
out=$(pgq pilar "INSERT INTO psks_unit(type, kind, name, area_code, created_at, created_by)
  VALUES (1, 'orang', 'Tanpa Pelaku', '64.72', pl_now(), 'u')" 2>&1)
has_text() { case "$2" in *"$3"*) ok ;; *) bad "$1: '$3' not in '$2'" ;; esac; }
has_text "a write without pilar.actor is refused" "$out" "pilar.actor is not set"
for sql in "UPDATE audit SET actor = 'x'" "DELETE FROM audit" "TRUNCATE audit" \
           "UPDATE audit_chain SET hash = NULL" "DELETE FROM audit_chain"; do
  out=$(pgq pilar "$sql" 2>&1)
  has_text "$sql refused" "$out" "ERROR"
done
pgq pilar "INSERT INTO reads.audit_read(at, actor, entity, entity_id) VALUES (pl_now(), 'u', 'person', 1)"
out=$(pgq pilar "DELETE FROM reads.audit_read" 2>&1)
has_text "a recent read is kept" "$out" "kept at least 30 days"
out=$(pgq pilar "UPDATE reads.audit_read SET actor = 'x'" 2>&1)
has_text "a read audit row cannot be changed" "$out" "cannot be changed"

# ------------------------------------------------ concurrent writers keep one chain
writer() {
  local i
  for i in $(seq 1 25); do
    printf "BEGIN;\nSELECT set_config('pilar.actor', 'w%s', true) \\\\g /dev/null\nINSERT INTO
psks_unit(type, kind, name, area_code, created_at, created_by) VALUES (1, 'orang', 'W%s-%s',
'64.72', pl_now(), 'u');\nCOMMIT;\n" "$1" "$1" "$i"
  done | psq -d pilar >/dev/null 2>>"$T/writers.err"
}
writer 1 & w1=$!
writer 2 & w2=$!
wait $w1 $w2
is "two writers at once" "$(cat "$T/writers.err" 2>/dev/null)" ""
eq "their 50 rows and audit rows" "$(pgq pilar "SELECT count(*) FROM psks_unit WHERE name LIKE 'W%'
  ")|$(pgq pilar "SELECT count(*) FROM audit WHERE actor IN ('w1', 'w2')")" "50|50"
eq "every seal follows from the row before it, in id order" "$(pgq pilar "SELECT count(*) FROM
  (SELECT a.*, c.hash, lag(c.hash) OVER (ORDER BY a.id) AS prev FROM audit a
   JOIN audit_chain c USING (id)) x WHERE x.hash IS DISTINCT FROM pl_audit_hash(x.prev,
   pl_chain_int(x.id) || pl_chain_text(x.at) || pl_chain_text(x.actor) || pl_chain_text(x.client)
   || pl_chain_text(x.action) || pl_chain_text(x.entity) || pl_chain_int(x.entity_id)
   || pl_chain_text(x.before) || pl_chain_text(x.after))")" 0
eq "every audit row sealed" "$(pgq pilar "SELECT count(*) FROM audit a
  WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.id = a.id)")" 0

# ------------------------------------------------ a NIK moving to another province
PID=$(pgq pilar "SELECT id FROM person")
before=$(pgq pilar "SELECT count(*) FROM audit")
out=$(pgw pilar operator4 "UPDATE person SET village_code = '32.73.01.1001' WHERE id = $PID")
is "the move" "$out" ""
eq "the person is in the partition of its new province" \
  "$(pgq pilar "SELECT tableoid::regclass FROM person WHERE id = $PID")" person_32
eq "its registry row follows" "$(pgq pilar "SELECT nik, prov FROM person_key WHERE id = $PID")" \
  "6472014101900001|32"
eq "its membership follows" "$(pgq pilar "SELECT tableoid::regclass, prov FROM membership")" \
  "membership_32|32"
eq "its residence: the old one closed, a new one in the new province" \
  "$(pgq pilar "SELECT string_agg(tableoid::regclass || ':' || village_code || ':' ||
    (valid_to IS NULL), ' ' ORDER BY id) FROM residence WHERE person_id = $PID")" \
  "residence_64:64.72.01.1001:false residence_32:32.73.01.1001:true"
eq "one audit row: an update from one village to the other" \
  "$(pgq pilar "SELECT string_agg(action || ':' || entity || ':' || (before::json->>'village_code')
    || '>' || (after::json->>'village_code'), ' ') FROM audit WHERE id > $before")" \
  "update:person:64.72.01.1001>32.73.01.1001"
eq "its point is indexed in the new province" \
  "$(pgq pilar "SELECT tableoid::regclass, dist FROM person_geo WHERE id = $PID")" "person_geo_32|327301"
out=$(pgw pilar operator5 "INSERT INTO person(nik, name, name_norm, village_code, created_at,
  created_by, updated_at) VALUES ('6472014101900001', 'Lain', 'lain', '64.72.01.1001', pl_now(),
  'u', pl_now())")
has_text "the same NIK in the old province is refused" "$out" "person_nik_unique"
out=$(pgw pilar operator5 "INSERT INTO household(kk, village_code, created_at, created_by,
  updated_at) VALUES ('6472010101010001', '32.73.01.1001', pl_now(), 'u', pl_now())")
has_text "the same KK in another province is refused" "$out" "household_kk_unique"
eq "nothing half-written" "$(pgq pilar "SELECT count(*) FROM person")" 1
out=$(pgw pilar operator5 "UPDATE person SET village_code = '64.72.01.1001' WHERE id = $PID;
  INSERT INTO membership(person_id, category, valid_from, created_at, created_by, prov)
  VALUES ($PID, 4, '2024-01-01', pl_now(), 'u', '32')")
has_text "a membership in another partition than its subject is refused" "$out" "membership.prov"
out=$(pgq pilar "SELECT count(*) FROM person WHERE substr(village_code, 1, 2) = '32'
  AND name_norm = 'x'; EXPLAIN SELECT count(*) FROM person WHERE substr(village_code, 1, 2) = '32'")
hasnt_text() { case "$2" in *"$3"*) bad "$1: '$3' in '$2'" ;; *) ok ;; esac; }
hasnt_text "a query of one province reads only its partition" "$out" "person_64"

# ------------------------------------------------ period locks
out=$(pgw pilar approver "INSERT INTO period_approval(region_code, period, date_from, date_to,
  approved_by, approved_at) VALUES ('32.73', '2024-Q1', '2024-01-01', '2024-03-31', 'a', pl_now())")
is "a period approved" "$out" ""
out=$(pgw pilar operator6 "INSERT INTO membership(person_id, category, valid_from, created_at,
  created_by, prov) VALUES ($PID, 5, '2024-02-01', pl_now(), 'u', '32')")
has_text "a membership dated inside a locked period is refused" "$out" "terkunci:"
out=$(pgw pilar operator6 "UPDATE person SET death_date = '2024-02-02' WHERE id = $PID")
has_text "a death date inside a locked period is refused" "$out" "terkunci:"
out=$(pgw pilar operator6 "UPDATE person SET death_date = '2024-05-02' WHERE id = $PID")
is "a death date after it is taken" "$out" ""

# ------------------------------------------------ names by trigrams (SQLite: FTS5)
eq "a misspelled name is found" "$(pgq pilar "SELECT name FROM person WHERE name_norm % 'siti rahmawti'
  OR name_norm % 'siti r'")" "Siti R"
eq "by the trigram index (each partition's part of person_name_trgm)" \
  "$(pgq pilar "SET enable_seqscan = off; EXPLAIN SELECT id FROM person
  WHERE name_norm % 'siti rahmawti'" | grep -cE 'Index Scan on person_32_name_norm_idx')" 1
eq "person_name_trgm is a GIN index of trigrams" "$(pgq pilar "SELECT indexdef FROM pg_indexes
  WHERE indexname = 'person_name_trgm'" | grep -c 'gin (name_norm gin_trgm_ops)')" 1

# ------------------------------------------------ the audit chain seals as SQLite's does
$PILAR region import --from "$AREA" >/dev/null || die "region import failed"
$PILAR gen --people 30 --region 64.74 --seed 5 --out "$T/gen.csv" >/dev/null 2>&1 || die "gen failed"
$PILAR import "$T/gen.csv" >/dev/null || die "import failed"
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || die "user add failed"
for id in 1 2; do
  $PILAR person update $id --name "Nama Baru Éka" --lat -0.512345 --lon 117.15 --pmks-add 3 \
    >/dev/null || die "person update failed"
done
q "SELECT 'INSERT INTO audit(id, at, actor, client, action, entity, entity_id, before, after) VALUES('
  || id || ',' || quote(at) || ',' || quote(actor) || ',' || quote(client) || ',' || quote(action)
  || ',' || quote(entity) || ',' || quote(entity_id) || ',' || quote(before) || ',' || quote(after)
  || ');' FROM audit ORDER BY id" >"$T/audit.sql"
ROWS=$(wc -l <"$T/audit.sql")
check "SQLite wrote audit rows to compare ($ROWS)" test "$ROWS" -ge 7
check "a second data base for the chain" migrate chain
psq -d chain -f "$T/audit.sql" >/dev/null 2>"$T/chain.err"
is "the same rows go into PostgreSQL's audit" "$(cat "$T/chain.err")" ""
eq "the same seals" "$(pgq chain "SELECT id || ':' || upper(encode(hash, 'hex')) FROM audit_chain
  ORDER BY id")" "$(q "SELECT id || ':' || hex(hash) FROM audit_chain ORDER BY id")"
eq "the same values give the same hash (NULL, numbers, text, multi-block text)" \
  "$(pgq chain "SELECT upper(encode(pl_audit_hash(NULL, pl_chain_int(-7) || pl_chain_text('')
    || pl_chain_int(NULL) || pl_chain_text(repeat('é', 300))), 'hex'))")" \
  "$(PILAR_SQLSHELL_SEAL=1 "$PILAR_BUILD/tests/pilar-sqlshell" "$T/p.db" \
    "SELECT hex(pl_audit_hash(NULL, -7, '', NULL, replace(hex(zeroblob(300)), '00', 'é')))")"
eq "the read audit's chain too" "$(pgq chain "INSERT INTO reads.audit_read(id, at, actor, client,
  entity, entity_id) VALUES (41, '2026-01-02T03:04:05Z', 'admin', '127.0.0.1', 'person', 9);
  SELECT upper(encode(hash, 'hex')) FROM reads.audit_read_chain")" \
  "$(PILAR_SQLSHELL_SEAL=1 "$PILAR_BUILD/tests/pilar-sqlshell" "$T/p.db" "SELECT hex(pl_audit_hash(
    NULL, 41, '2026-01-02T03:04:05Z', 'admin', '127.0.0.1', 'person', 9))")"
out=$(pgq chain "INSERT INTO audit(id, at, actor, action, entity) VALUES (2, 'x', 'y', 'z', 'w')" 2>&1)
has_text "an audit row below the head is refused" "$out" "sealed in id order"

summary
