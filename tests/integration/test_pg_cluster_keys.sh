#!/usr/bin/env bash
# test_pg_cluster_keys.sh - national NIK and KK uniqueness across a cluster's shards (issue 15
# item 2, docs/scale.md "National NIK and KK uniqueness"), PostgreSQL mode only: the
# coordinator's registry public.cluster_key, filled by `cluster init` and kept by the shards'
# triggers (migration 28) through their foreign table public.cluster_registry. A NIK or KK held
# on one shard is refused on the other (person add, household add, import) with nothing stored;
# a new or changed NIK moves its reservation; two concurrent registrations of one NIK end with
# one; a coordinator that cannot be reached stops registrations with a NIK, not those without;
# init is refused when two shards already hold one NIK; `cluster keys` finds orphans (past the
# grace only), missing reservations and wrong provinces, and --repair fixes them; `pilar check`
# passes everywhere.
. "$(dirname "$0")/lib.sh"
if ! on_pg; then
  echo "SKIP: $TEST_NAME runs in the PostgreSQL mode only (PILAR_TEST_BACKEND=pg)"
  exit 77
fi
. "$(dirname "$0")/pg/shards.sh"

# jv PATH: a value of $T/out's JSON (PATH dotted: reservations.nik).
jv() { python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v[k]
print(v)' "$T/out" "$1"; }

# ------------------------------------------------ set-up
for u in "$C" "$S1" "$S2"; do
  x 0 "init $u" --db "$u" init
  x 0 "regions on $u" --db "$u" region import --from "$AREA"
done
x 0 "cluster init" cluster init --coordinator "$C" --shard "64=$S1" --shard "65=$S2"
has "init names the registry" "$T/out" "Registri NIK/KK nasional: 0 NIK dan 0 No. KK"
is "the coordinator has cluster_key" "$(qc "SELECT to_regclass('public.cluster_key') IS NOT NULL")" t
for u in "$S1" "$S2"; do
  is "the shard's registry is a foreign table on pl_coordinator" \
    "$(qs "$u" "SELECT s.srvname FROM pg_foreign_table f JOIN pg_foreign_server s ON s.oid = f.ftserver WHERE f.ftrelid = 'public.cluster_registry'::regclass")" pl_coordinator
  has "batched" <(qs "$u" "SELECT ftoptions::text FROM pg_foreign_table WHERE ftrelid = 'public.cluster_registry'::regclass") "batch_size=1000"
  is "its sessions are not read-only" \
    "$(qs "$u" "SELECT count(*) FROM pg_foreign_server WHERE srvname = 'pl_coordinator' AND array_to_string(srvoptions, ' ') LIKE '%read_only%'")" 0
done
is "the coordinator has no registry foreign table" "$(qc "SELECT to_regclass('public.cluster_registry') IS NULL")" t

x 0 "gen 64" --db "$S1" gen --people 1500 --region 64 --seed 21 --out "$T/g64.csv"
x 0 "gen 65" --db "$S2" gen --people 1500 --region 65 --seed 22 --out "$T/g65.csv"
x 0 "import into shard 1" --db "$S1" import "$T/g64.csv"
x 0 "import into shard 2" --db "$S2" import "$T/g65.csv"

# ------------------------------------------------ the registry holds every shard's keys
keys_of() { # URL -> "NIKs KKs" of the shard
  qs "$1" "SELECT (SELECT count(*) FROM person_key WHERE nik IS NOT NULL) || ' ' || (SELECT count(*) FROM household_key)"
}
reg_of() { # PROV -> "NIKs KKs" reserved for the province
  qc "SELECT count(*) FILTER (WHERE kind = 'nik') || ' ' || count(*) FILTER (WHERE kind = 'kk') FROM cluster_key WHERE prov = '$1'"
}
K1=$(keys_of "$S1") K2=$(keys_of "$S2")
check "shard 1 has people with NIK" test "${K1%% *}" -gt 1000
is "the imports reserved shard 1's NIKs and KKs as province 64" "$(reg_of 64)" "$K1"
is "and shard 2's as 65" "$(reg_of 65)" "$K2"
is "each reservation carries its shard's id" \
  "$(qc "SELECT count(*) FROM cluster_key c JOIN national.person_key k ON k.nik = c.key AND k.id = c.id WHERE c.kind = 'nik'")" \
  "$((${K1%% *} + ${K2%% *}))"
# init again: idempotent, and it fills what is missing (reservations deleted by hand).
qc "DELETE FROM cluster_key WHERE key IN (SELECT key FROM cluster_key WHERE prov = '64' ORDER BY key LIMIT 3)" >/dev/null
x 0 "cluster init again" cluster init --coordinator "$C" --shard "64=$S1" --shard "65=$S2"
has "a rerun" "$T/out" "Klaster sudah disiapkan dengan shard yang sama"
is "init again refills province 64" "$(reg_of 64)" "$K1"
is "and leaves 65 as it was" "$(reg_of 65)" "$K2"
x 0 "cluster status" --db "$C" cluster status
has "status counts the reservations" "$T/out" "Registri NIK/KK nasional: [0-9.]+ NIK dan [0-9.]+ No. KK dicadangkan"
x 0 "cluster status --json" --db "$C" cluster status --json
is "status --json: NIKs reserved" "$(jv reservations.nik)" "$(( ${K1%% *} + ${K2%% *} ))"

# ------------------------------------------------ a NIK or KK of shard 1 refused on shard 2
N1=$(qs "$S1" "SELECT nik FROM person WHERE nik IS NOT NULL ORDER BY id LIMIT 1 OFFSET 7")
KK1=$(qs "$S1" "SELECT kk FROM household ORDER BY id LIMIT 1 OFFSET 3")
KK2=$(qs "$S2" "SELECT kk FROM household ORDER BY id LIMIT 1")
V65=$(qs "$S2" "SELECT code FROM region WHERE level = 4 AND code LIKE '65.%' ORDER BY code LIMIT 1")
P2=$(qs "$S2" "SELECT count(*) FROM person") H2=$(qs "$S2" "SELECT count(*) FROM household")
x 1 "person add on shard 2 with shard 1's NIK" --db "$S2" person add --nik "$N1" --name "Ani Dobel" \
  --birth-date 1990-01-01 --sex L --kk "$KK2"
has "refused in Indonesian, naming the NIK and its province" "$T/err" \
  "NIK $N1 sudah terdaftar di provinsi 64 \(klaster nasional\); satu NIK hanya untuk satu orang"
is "nothing stored on shard 2" "$(qs "$S2" "SELECT count(*) FROM person") $(qs "$S2" "SELECT count(*) FROM person_key")" "$P2 $P2"
x 1 "household add on shard 2 with shard 1's KK" --db "$S2" household add --kk "$KK1" --village "$V65"
has "the KK refused likewise" "$T/err" "No. KK $KK1 sudah terdaftar di provinsi 64 \(klaster nasional\)"
is "no household stored on shard 2" "$(qs "$S2" "SELECT count(*) FROM household")" "$H2"
is "the reservation still shard 1's" "$(qc "SELECT prov || ':' || (id < 2000000000000) FROM cluster_key WHERE kind = 'kk' AND key = '$KK1'")" "64:true"
# An import (the bulk path: COPY into the partitions) of a 65 row with shard 1's NIK, in a
# family already on shard 2.
head -1 "$T/g65.csv" >"$T/dup.csv"
awk -F, -v nik="$N1" -v kk="$KK2" 'NR == 2 {OFS = ","; $1 = nik; $2 = kk; print}' "$T/g65.csv" >>"$T/dup.csv"
"$BIN" --db "$S2" import "$T/dup.csv" >"$T/out" 2>"$T/err"
has "the import counts the row refused" "$T/out" "ditolak: 1"
has "its refused rows' file gives the registry's message" "$T/dup-ditolak.csv" \
  "NIK $N1 sudah terdaftar di provinsi 64 \(klaster nasional\)"
is "the import stored nothing on shard 2" \
  "$(qs "$S2" "SELECT count(*) FROM person") $(qs "$S2" "SELECT count(*) FROM household")" "$P2 $H2"
is "the NIK still reserved once, for shard 1's person" \
  "$(qc "SELECT count(*) || ':' || min(prov) FROM cluster_key WHERE kind = 'nik' AND key = '$N1'")" "1:64"

# ------------------------------------------------ a fresh NIK, then a changed NIK
x 0 "person add with a fresh NIK on shard 2" --db "$S2" person add --nik 6401010101900001 \
  --name "Budi Pindahan" --birth-date 1990-01-01 --sex L --kk "$KK2"
ID=$(qs "$S2" "SELECT id FROM person WHERE nik = '6401010101900001'")
is "reserved as province 65 with the new id" \
  "$(qc "SELECT prov || ':' || id FROM cluster_key WHERE kind = 'nik' AND key = '6401010101900001'")" "65:$ID"
x 0 "the coordinator finds it (registry's province first)" --db "$C" person show 6401010101900001 --json
is "its id through the coordinator" "$(jv id)" "$ID"
x 0 "NIK changed" --db "$S2" person update "$ID" --nik 6501010101900002
is "the old NIK's reservation is gone" "$(qc "SELECT count(*) FROM cluster_key WHERE key = '6401010101900001'")" 0
is "the new NIK is reserved for the same id" \
  "$(qc "SELECT prov || ':' || id FROM cluster_key WHERE kind = 'nik' AND key = '6501010101900002'")" "65:$ID"
x 1 "a NIK change to shard 1's NIK" --db "$S2" person update "$ID" --nik "$N1"
has "refused by the registry" "$T/err" "NIK $N1 sudah terdaftar di provinsi 64 \(klaster nasional\)"
is "the person keeps its NIK" "$(qs "$S2" "SELECT nik FROM person WHERE id = $ID")" 6501010101900002
is "and its reservation" "$(qc "SELECT id FROM cluster_key WHERE key = '6501010101900002'")" "$ID"

# ------------------------------------------------ two registrations of one NIK at once
KKS1=$(qs "$S1" "SELECT kk FROM household ORDER BY id LIMIT 1")
HID1=$(qs "$S1" "SELECT id FROM household WHERE kk = '$KKS1'")
V64=$(qs "$S1" "SELECT village_code FROM household WHERE id = $HID1")
# race NIK COMMIT|ROLLBACK: shard 1 inserts NIK in a psql transaction and holds it; shard 2's
# pilar person add waits on the coordinator's index; then shard 1 commits or rolls back.
race() {
  local nik=$1 end=$2
  rm -f "$T/fifo"
  mkfifo "$T/fifo"
  psql -X -q -v ON_ERROR_STOP=1 "$S1" <"$T/fifo" >"$T/psql.out" 2>&1 &
  local psql_pid=$!
  exec 3>"$T/fifo"
  echo "BEGIN; SELECT set_config('pilar.actor', 'uji', true);
INSERT INTO person(nik, household_id, name, name_norm, village_code, created_at, created_by, updated_at)
VALUES ('$nik', $HID1, 'Balapan Satu', 'balapan satu', '$V64', pl_now(), 'uji', pl_now());
SELECT 'held';" >&3
  for _ in $(seq 50); do grep -q held "$T/psql.out" && break; sleep 0.1; done
  "$BIN" --db "$S2" person add --nik "$nik" --name "Balapan Dua" --birth-date 1990-01-01 --sex L \
    --kk "$KK2" >"$T/race.out" 2>"$T/race.err" &
  local pilar_pid=$!
  local waited=0
  for _ in $(seq 100); do
    [ "$(qc "SELECT count(*) FROM pg_stat_activity WHERE datname = 'coord' AND wait_event_type = 'Lock'")" -gt 0 ] && { waited=1; break; }
    sleep 0.1
  done
  is "shard 2's registration waits for shard 1's ($end)" "$waited" 1
  echo "$end;" >&3
  exec 3>&-
  wait "$psql_pid"
  wait "$pilar_pid"
  race_rc=$?
}
race 6401010101900010 COMMIT
is "shard 1 committed first: shard 2's registration refused" "$race_rc" 1
has "with the registry's message" "$T/race.err" "NIK 6401010101900010 .*(klaster nasional)"
is "exactly one holder: shard 1's person" \
  "$(qc "SELECT count(*) || ':' || min(prov) FROM cluster_key WHERE key = '6401010101900010'") $(qs "$S2" "SELECT count(*) FROM person WHERE nik = '6401010101900010'") $(qs "$S1" "SELECT count(*) FROM person WHERE nik = '6401010101900010'")" \
  "1:64 0 1"
race 6401010101900011 ROLLBACK
is "shard 1 rolled back: shard 2's registration stands" "$race_rc" 0
is "exactly one holder: shard 2's person" \
  "$(qc "SELECT count(*) || ':' || min(prov) FROM cluster_key WHERE key = '6401010101900011'") $(qs "$S2" "SELECT count(*) FROM person WHERE nik = '6401010101900011'") $(qs "$S1" "SELECT count(*) FROM person WHERE nik = '6401010101900011'")" \
  "1:65 1 0"

# ------------------------------------------------ the switch: pilar.cluster_keys = off
PGOPTIONS="-c pilar.cluster_keys=off" x 0 "a registration with the registry switched off" --db "$S1" \
  person add --nik 6401010101900020 --name "Tanpa Registri" --birth-date 1990-01-01 --sex L --kk "$KKS1"
is "nothing reserved with the switch off" "$(qc "SELECT count(*) FROM cluster_key WHERE key = '6401010101900020'")" 0

# ------------------------------------------------ the coordinator unreachable
P1=$(qs "$S1" "SELECT count(*) FROM person")
qs "$S1" "ALTER SERVER pl_coordinator OPTIONS (SET port '1')" >/dev/null
x 2 "a registration with a NIK while the coordinator is unreachable" --db "$S1" person add \
  --nik 6401010101900030 --name "Tak Terhubung" --birth-date 1990-01-01 --sex L --kk "$KKS1"
has "a clear error" "$T/err" "registri NIK/KK nasional di koordinator klaster tidak dapat dihubungi"
is "nothing stored" "$(qs "$S1" "SELECT count(*) FROM person")" "$P1"
x 0 "a registration without NIK still works" --db "$S1" person add --no-nik-reason tunawisma \
  --name "Tanpa Nik" --birth-date 1960-01-01 --sex L --village "$V64"
is "stored" "$(qs "$S1" "SELECT count(*) FROM person")" "$((P1 + 1))"
qs "$S1" "ALTER SERVER pl_coordinator OPTIONS (SET port '$PILAR_PG_PORT')" >/dev/null
x 0 "the coordinator back: the registration goes through" --db "$S1" person add \
  --nik 6401010101900030 --name "Tak Terhubung" --birth-date 1990-01-01 --sex L --kk "$KKS1"

# ------------------------------------------------ cluster keys: orphans, missing, provinces
x 1 "cluster keys: the registry and the shards agree but for the switched-off NIK" --db "$C" cluster keys --json
is "one missing (registered with the switch off)" "$(jv missing)" 1
x 1 "exit 1 while it is missing" --db "$C" cluster keys
has "it names the missing NIK" "$T/out" "hilang: NIK 6401010101900020"
qc "INSERT INTO cluster_key(kind, key, prov, id) VALUES ('nik', '6501019999000099', '65', 2999999999999)" >/dev/null
qc "INSERT INTO cluster_key(kind, key, prov, id, reserved_at) VALUES ('nik', '6501019999000098', '65', 2999999999998, now() - interval '1 hour')" >/dev/null
qc "UPDATE cluster_key SET prov = '64' WHERE key = '6501010101900002'" >/dev/null
x 1 "cluster keys finds the problems" --db "$C" cluster keys --json
is "one orphan past the grace (the young one is in flight)" "$(jv orphans)" 1
is "the orphan found is the old one" "$(python3 -c 'import json,sys; print(" ".join(p["key"] for p in json.load(sys.stdin)["problems"] if p["problem"] == "orphan"))' <"$T/out")" 6501019999000098
is "one wrong province" "$(jv wrong_province)" 1
x 1 "with --grace 0 both orphans" --db "$C" cluster keys --grace 0 --json
is "two orphans" "$(jv orphans)" 2
x 0 "--repair" --db "$C" cluster keys --repair
has "it reports the repair" "$T/out" "Diperbaiki: 1 cadangan yatim dihapus, 1 ditambahkan, 1 provinsi dibetulkan"
is "the old orphan deleted, the young one kept" \
  "$(qc "SELECT string_agg(key, ' ' ORDER BY key) FROM cluster_key WHERE key IN ('6501019999000098', '6501019999000099')")" 6501019999000099
is "the missing NIK reserved for its id" "$(qc "SELECT prov || ':' || id FROM cluster_key WHERE key = '6401010101900020'")" \
  "64:$(qs "$S1" "SELECT id FROM person WHERE nik = '6401010101900020'")"
is "the province fixed" "$(qc "SELECT prov FROM cluster_key WHERE key = '6501010101900002'")" 65
x 0 "--grace 0 --repair removes the young orphan" --db "$C" cluster keys --grace 0 --repair
x 0 "then everything agrees" --db "$C" cluster keys
has "no problems" "$T/out" "0 yatim .* 0 hilang, 0 dengan provinsi salah"
x 1 "cluster keys on a shard is refused" --db "$S1" cluster keys
has "not a coordinator" "$T/err" "bukan koordinator klaster"
x 1 "a bad --grace" --db "$C" cluster keys --grace -5
has "names the option" "$T/err" "grace"

# ------------------------------------------------ pilar check everywhere
for u in "$S1" "$S2" "$C"; do
  x 0 "pilar check on $u" --db "$u" check
done

# ------------------------------------------------ init refused when two shards hold one NIK
psql -X -q -h "$PILAR_PG_DIR" -p "$PILAR_PG_PORT" -U postgres -d postgres -c "CREATE DATABASE dupc" || die "createdb dupc"
for d in "$SH1" "$SH2"; do
  psql -X -q "$("$PGC" url "$d")" -c "CREATE DATABASE dup" || die "createdb dup"
done
DC="postgresql://postgres@/dupc?host=$PILAR_PG_DIR&port=$PILAR_PG_PORT"
D1=$(echo "$S1" | sed 's#/pilar?#/dup?#') D2=$(echo "$S2" | sed 's#/pilar?#/dup?#')
for u in "$DC" "$D1" "$D2"; do
  x 0 "init $u" --db "$u" init
  x 0 "regions on $u" --db "$u" region import --from "$AREA"
done
x 0 "cluster init of the second pair" cluster init --coordinator "$DC" --shard "64=$D1" --shard "65=$D2"
x 0 "a family on dup shard 1" --db "$D1" household add --kk 6401010101880001 --village "$V64"
x 0 "a person on dup shard 1" --db "$D1" person add --nik 6401010101800001 --name "Satu" \
  --birth-date 1980-01-01 --sex L --kk 6401010101880001
x 0 "a family on dup shard 2" --db "$D2" household add --kk 6501010101880001 --village "$V65"
PGOPTIONS="-c pilar.cluster_keys=off" x 0 "the same NIK on dup shard 2, registry off" --db "$D2" \
  person add --nik 6401010101800001 --name "Dua" --birth-date 1980-01-01 --sex L --kk 6501010101880001
BEFORE=$(psql -X -At "$DC" -c "SELECT count(*) || ':' || string_agg(key || prov, ',' ORDER BY key) FROM cluster_key")
x 1 "init again refused: two shards hold one NIK" cluster init --coordinator "$DC" --shard "64=$D1" --shard "65=$D2"
has "the refusal lists the NIK and both provinces" "$T/err" "NIK 6401010101800001 di provinsi 64 dan 65"
has "in Indonesian, saying nothing was set up" "$T/err" "klaster tidak disiapkan"
is "the registry unchanged" "$(psql -X -At "$DC" -c "SELECT count(*) || ':' || string_agg(key || prov, ',' ORDER BY key) FROM cluster_key")" "$BEFORE"

summary
