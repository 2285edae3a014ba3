#!/usr/bin/env bash
# test_pg_cluster_xact.sh - a person moved between shards by two-phase commit (issue 15 item 2,
# docs/scale.md "Moving a person to another shard"), PostgreSQL mode only: a coordinator and two
# shards (pg/shards.sh), province 64 on shard 1 and 65 on shard 2, people imported into each.
# `pilar cluster move-person NIK --to VILLAGE` moves one person with its id, NIK and PMKS
# memberships; the counts of 64 for the days before the move stay, those of 65 start on the day;
# `pilar check` passes on both shards. Then the move is interrupted at every step - the process
# killed (kill -9) at each, shard 1 crashed after both halves were prepared, shard 2 crashed
# before its half, the coordinator refusing connections before the decision - and after `pilar
# cluster resolve` every person is found exactly once (on shard 1 when no decision was
# recorded, on shard 2 when it was), no prepared transaction is left, the journal is empty and
# both shards pass `pilar check`. Refusals (same shard, unknown NIK, stale version, a person
# other rows refer to, an unfinished move of the same person, SQLite) change nothing.
. "$(dirname "$0")/lib.sh"
if ! on_pg; then
  echo "SKIP: $TEST_NAME runs in the PostgreSQL mode only (PILAR_TEST_BACKEND=pg)"
  exit 77
fi
. "$(dirname "$0")/pg/shards.sh"

for u in "$C" "$S1" "$S2"; do
  x 0 "init $u" --db "$u" init
  x 0 "regions on $u" --db "$u" region import --from "$AREA"
done
x 0 "cluster init" cluster init --coordinator "$C" --shard "64=$S1" --shard "65=$S2"
x 0 "gen 64" --db "$S1" gen --people 1500 --region 64 --seed 21 --out "$T/g64.csv"
x 0 "gen 65" --db "$S2" gen --people 300 --region 65 --seed 22 --out "$T/g65.csv"
x 0 "import into shard 1" --db "$S1" import "$T/g64.csv"
x 0 "import into shard 2" --db "$S2" import "$T/g65.csv"
V65=$(qs "$S2" "SELECT code FROM region WHERE level = 4 AND code LIKE '65.%' ORDER BY code LIMIT 1")
DAY=2026-03-01

# People of 64 to move: alive, with a NIK, a PMKS membership of their own that started before
# the day of the move, no other row referring to them, and a family without household
# categories (a person leaving a family leaves its member counts, which are not dated: on one
# server as here). One per scenario, in id order.
CANDS=$(qs "$S1" "SELECT p.nik FROM person p WHERE p.nik IS NOT NULL AND p.death_date IS NULL
  AND EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id AND m.valid_from < '$DAY')
  AND NOT EXISTS (SELECT 1 FROM membership h WHERE h.household_id = p.household_id)
  AND NOT EXISTS (SELECT 1 FROM dedup_candidate d WHERE p.id IN (d.person_a, d.person_b))
  ORDER BY p.id LIMIT 12")
read -r -a NIKS <<<"$(echo $CANDS)"
[ "${#NIKS[@]}" -ge 12 ] || die "only ${#NIKS[@]} people to move in the generated data"

# The rows of a NIK on each shard: "person person_key memberships" on shard 1, then shard 2.
rows_of() {
  local u out=""
  for u in "$S1" "$S2"; do
    out+="$(qs "$u" "SELECT (SELECT count(*) FROM person WHERE nik = '$1') || ' ' ||
      (SELECT count(*) FROM person_key WHERE nik = '$1') || ' ' || (SELECT count(*) FROM membership
      WHERE person_id IN (SELECT id FROM person_key WHERE nik = '$1'))") | "
  done
  echo "${out% | }"
}
# Exactly once: on shard WHERE (1 or 2), with its memberships, and nothing on the other.
declare -A MEMB ID MIDS
once() {
  local nik=$1 where=$2 want
  if [ "$where" = 1 ]; then want="1 1 ${MEMB[$nik]} | 0 0 0"; else want="0 0 0 | 1 1 ${MEMB[$nik]}"; fi
  is "$3: NIK $nik once, on shard $where" "$(rows_of "$nik")" "$want"
  local u=$S1
  [ "$where" = 2 ] && u=$S2
  is "$3: its id kept" "$(qs "$u" "SELECT id FROM person WHERE nik = '$nik'")" "${ID[$nik]}"
  is "$3: the national registry names its province" \
    "$(qc "SELECT prov || ' ' || id FROM public.cluster_key WHERE kind = 'nik' AND key = '$nik'")" \
    "$([ "$where" = 1 ] && echo 64 || echo 65) ${ID[$nik]}"
}
# Nothing left over: no prepared transaction on either shard, the journal empty.
clean() {
  is "$1: nothing prepared on shard 1" "$(qs "$S1" "SELECT count(*) FROM pg_prepared_xacts")" 0
  is "$1: nothing prepared on shard 2" "$(qs "$S2" "SELECT count(*) FROM pg_prepared_xacts")" 0
  is "$1: the journal empty" "$(qc "SELECT CASE WHEN to_regclass('public.cluster_xact') IS NULL
    THEN 0 ELSE (SELECT count(*) FROM public.cluster_xact) END")" 0
}
checks() {
  x 0 "$1: pilar check on shard 1" --db "$S1" check
  x 0 "$1: pilar check on shard 2" --db "$S2" check
}
V64_OF_N=$(qs "$S1" "SELECT village_code FROM person WHERE nik = '${NIKS[11]}'")
for n in "${NIKS[@]}"; do
  MEMB[$n]=$(qs "$S1" "SELECT count(*) FROM membership WHERE person_id = (SELECT id FROM person_key WHERE nik = '$n')")
  ID[$n]=$(qs "$S1" "SELECT id FROM person_key WHERE nik = '$n'")
  MIDS[$n]=$(qs "$S1" "SELECT string_agg(id::text, ',' ORDER BY id) FROM membership WHERE person_id = ${ID[$n]}")
done

# The nation's counts before any move: the days before it must not change.
x 0 "national counts before" --db "$C" report counts --region "" --date 2026-02-28 --json
cp "$T/out" "$T/past.json"
x 0 "counts of 64 at year end before" --db "$S1" report counts --region 64 --date 2026-12-31 --json
cp "$T/out" "$T/end64.json"
x 0 "counts of 65 at year end before" --db "$S2" report counts --region 65 --date 2026-12-31 --json
cp "$T/out" "$T/end65.json"
people() { python3 -c 'import json,sys; print(sum(r["pmks_people"] for r in json.load(open(sys.argv[1]))["rows"]))' "$1"; }

# ------------------------------------------------ a move that runs through
P=${NIKS[0]}
VER=$(qs "$S1" "SELECT version FROM person WHERE nik = '$P'")
x 0 "move-person $P" --db "$C" cluster move-person "$P" --to "$V65" --date "$DAY" --version "$VER"
has "it says where the person went" "$T/out" "pindah dari provinsi 64 \(pl_shard_1\) ke desa $V65 \(pl_shard_2\)"
once "$P" 2 "a move"
clean "a move"
checks "a move"
is "its version one up" "$(qs "$S2" "SELECT version FROM person WHERE nik = '$P'")" "$((VER + 1))"
is "its village" "$(qs "$S2" "SELECT village_code FROM person WHERE nik = '$P'")" "$V65"
is "its residence on shard 2 from the day" \
  "$(qs "$S2" "SELECT valid_from || '/' || coalesce(valid_to, '') FROM residence WHERE person_id = ${ID[$P]}")" "$DAY/"
is "its memberships keep their ids" \
  "$(qs "$S2" "SELECT string_agg(id::text, ',' ORDER BY id) FROM membership WHERE person_id = ${ID[$P]}")" "${MIDS[$P]}"
is "shard 2 audits their arrival" \
  "$(qs "$S2" "SELECT count(*) FROM audit WHERE entity = 'membership' AND action = 'insert'")" "${MEMB[$P]}"
is "shard 1 kept its terms of the days before the move" \
  "$(qs "$S1" "SELECT count(*) > 0 AND sum(people) = 0 FROM count_departed WHERE person_id = ${ID[$P]}")" t
is "shard 1 audits the person leaving" \
  "$(qs "$S1" "SELECT count(*) FROM audit WHERE entity = 'person' AND action = 'delete' AND entity_id = ${ID[$P]}")" 1
is "shard 1 audits its memberships leaving" \
  "$(qs "$S1" "SELECT count(*) FROM audit WHERE entity = 'membership' AND action = 'delete'")" "${MEMB[$P]}"
x 0 "the coordinator finds the NIK" --db "$C" person show "$P" --json
has "in its new village" "$T/out" "\"village_code\":\"$V65\""
x 0 "national counts after" --db "$C" report counts --region "" --date 2026-02-28 --json
check "the nation's counts before the day did not change" cmp -s "$T/out" "$T/past.json"
x 0 "counts of 64 at year end after" --db "$S1" report counts --region 64 --date 2026-12-31 --json
is "64 counts one person fewer at year end" "$(people "$T/out")" "$(($(people "$T/end64.json") - 1))"
x 0 "counts of 65 at year end after" --db "$S2" report counts --region 65 --date 2026-12-31 --json
is "65 counts one person more at year end" "$(people "$T/out")" "$(($(people "$T/end65.json") + 1))"
x 0 "the counts of 65 through the coordinator" --db "$C" report counts --region 65 --date 2026-12-31 --json
is "the coordinator sees the same" "$(people "$T/out")" "$(($(people "$T/end65.json") + 1))"

# ------------------------------------------------ refusals: nothing changes
x 1 "a second move to the same shard's province" --db "$C" cluster move-person "$P" --to "$V65"
has "refused: one shard" "$T/err" "disimpan di shard yang sama"
x 1 "an unknown NIK" --db "$C" cluster move-person 6401019999990001 --to "$V65"
Q=${NIKS[1]}
x 1 "a stale version" --db "$C" cluster move-person "$Q" --to "$V65" --date "$DAY" --version 99
has "refused: changed by someone else" "$T/err" "sudah diubah orang lain"
x 1 "a date that is none" --db "$C" cluster move-person "$Q" --to "$V65" --date 2026-13-45
has "refused: the date" "$T/err" "harus YYYY-MM-DD"
# A duplicate pair refers to the person: it cannot follow them.
R=$(qs "$S1" "SELECT nik FROM person WHERE id IN (SELECT person_a FROM dedup_candidate) AND nik IS NOT NULL ORDER BY id LIMIT 1")
if [ -n "$R" ]; then
  x 1 "a person in a duplicate pair" --db "$C" cluster move-person "$R" --to "$V65" --date "$DAY"
  has "refused, naming the table" "$T/err" "dedup_candidate: [0-9]+ baris"
  is "that person stays on shard 1" "$(qs "$S1" "SELECT count(*) FROM person WHERE nik = '$R'")" 1
fi
once "$Q" 1 "after the refusals"
clean "after the refusals"
x 0 "a SQLite data base" --db "$T/lite.db" init
x 1 "resolve on SQLite" --db "$T/lite.db" cluster resolve
has "refused: no cluster on SQLite" "$T/err" "klaster hanya tersedia pada PostgreSQL"
x 0 "resolve with nothing to do" --db "$C" cluster resolve
has "it says so" "$T/out" "Tidak ada penulisan lintas shard yang tertunda"

# ------------------------------------------------ the process killed at each step
touch_pause() { : >"$T/pause"; }
# Starts a move of NIK paused at STEP (in the background: MV its pid); 0 when it got there.
start_paused() {
  touch_pause
  PILAR_TEST_XACT_PAUSE=$1 PILAR_TEST_XACT_PAUSE_FILE="$T/pause" \
    "$BIN" --db "$C" cluster move-person "$2" --to "$V65" --date "$DAY" >"$T/mv.out" 2>"$T/mv.err" &
  MV=$!
  local i
  for i in $(seq 1 600); do
    grep -q "jeda uji pada langkah $1" "$T/mv.err" && return 0
    kill -0 "$MV" 2>/dev/null || break
    sleep 0.05
  done
  bad "the move did not reach $1: $(head -c 300 "$T/mv.err")"
  return 1
}
k=2
for step in journaled prepared-source prepared-target decided committed-source committed-target; do
  N=${NIKS[$k]}
  k=$((k + 1))
  start_paused "$step" "$N" || continue
  if [ "$step" = prepared-target ]; then
    x 0 "resolve while the move still runs" --db "$C" cluster resolve
    has "it is left to its process" "$T/out" "masih dijalankan proses lain"
  fi
  kill -9 "$MV"
  wait "$MV" 2>/dev/null
  rm -f "$T/pause"
  x 1 "killed at $step: a new move of the same person is refused" --db "$C" cluster move-person "$N" --to "$V65" --date "$DAY"
  has "killed at $step: refused until resolved" "$T/err" "belum selesai; jalankan 'pilar cluster resolve'"
  x 0 "killed at $step: status" --db "$C" cluster status
  has "killed at $step: status shows the write waiting" "$T/out" "PENULISAN LINTAS SHARD TERTUNDA: pilar_x_"
  x 0 "killed at $step: resolve" --db "$C" cluster resolve
  case $step in
    journaled | prepared-source | prepared-target)
      has "killed at $step: rolled back" "$T/out" "dibatalkan"
      once "$N" 1 "killed at $step" ;;
    *)
      has "killed at $step: finished" "$T/out" "diselesaikan"
      once "$N" 2 "killed at $step" ;;
  esac
  clean "killed at $step"
done
checks "after the kills"

# ------------------------------------------------ shard 1 crashes after both halves are prepared
N=${NIKS[8]}
start_paused prepared-target "$N"
"$PGC" crash "$SH1"
rm -f "$T/pause"
wait "$MV"
rc=$?
is "shard 1 down at the commit: the move reports it" "$rc" 2
has "decided, left to the resolver" "$T/mv.err" "sudah diputuskan dan berlaku.*pilar cluster resolve"
is "the person is on shard 2 already" "$(qs "$S2" "SELECT count(*) FROM person WHERE nik = '$N'")" 1
x 1 "resolve while shard 1 is down" --db "$C" cluster resolve
has "it fails and keeps the row" "$T/out" "gagal, ulangi nanti"
"$PGC" resume "$SH1" || die "cannot restart shard 1"
is "shard 1 kept its half across the crash" \
  "$(qs "$S1" "SELECT count(*) FROM pg_prepared_xacts WHERE gid LIKE 'pilar_x_%'")" 1
x 0 "resolve after the restart" --db "$C" cluster resolve
has "finished" "$T/out" "diselesaikan"
once "$N" 2 "shard 1 crashed"
clean "shard 1 crashed"

# ------------------------------------------------ shard 2 crashes before its half
N=${NIKS[9]}
start_paused prepared-source "$N"
"$PGC" crash "$SH2"
rm -f "$T/pause"
wait "$MV"
rc=$?
is "shard 2 down: the move fails" "$rc" 2
"$PGC" resume "$SH2" || die "cannot restart shard 2"
once "$N" 1 "shard 2 crashed"
clean "shard 2 crashed"

# ------------------------------------------------ the coordinator unreachable before the decision
N=${NIKS[10]}
start_paused prepared-target "$N"
psql -X -q -h "$PILAR_PG_DIR" -p "$PILAR_PG_PORT" -U postgres -d postgres \
  -c "ALTER DATABASE coord ALLOW_CONNECTIONS false" \
  -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'coord'" >/dev/null
rm -f "$T/pause"
wait "$MV"
rc=$?
is "coordinator gone: the move fails" "$rc" 2
has "no decision recorded" "$T/mv.err" "tidak dapat dicatat di koordinator"
is "both halves wait" "$(($(qs "$S1" "SELECT count(*) FROM pg_prepared_xacts") + $(qs "$S2" "SELECT count(*) FROM pg_prepared_xacts")))" 2
psql -X -q -h "$PILAR_PG_DIR" -p "$PILAR_PG_PORT" -U postgres -d postgres \
  -c "ALTER DATABASE coord ALLOW_CONNECTIONS true" >/dev/null
x 0 "resolve when the coordinator is back" --db "$C" cluster resolve
has "rolled back" "$T/out" "dibatalkan"
once "$N" 1 "coordinator gone"
clean "coordinator gone"

# ------------------------------------------------ a prepared half no journal row names
N=${NIKS[11]}
start_paused prepared-source "$N"
kill -9 "$MV"
wait "$MV" 2>/dev/null
rm -f "$T/pause"
qc "DELETE FROM public.cluster_xact" >/dev/null
x 0 "resolve an orphan half" --db "$C" cluster resolve
has "rolled back without a journal row" "$T/out" "tanpa catatan jurnal: dibatalkan"
once "$N" 1 "an orphan half"
clean "an orphan half"

# ------------------------------------------------ approved periods, as on one server
# A period approved on the source around the person's memberships' start does not stop the
# move (their dates do not change); one approved where the day of the move falls does.
N=${NIKS[11]}
MS=$(qs "$S1" "SELECT min(valid_from) FROM membership WHERE person_id = ${ID[$N]}")
REG=$(qs "$S1" "SELECT substr(village_code, 1, 5) FROM person WHERE nik = '$N'")
x 0 "approve the month of the memberships' start on shard 1" --db "$S1" period approve --region "$REG" --period "${MS:0:7}"
x 0 "a move after the approved month" --db "$C" cluster move-person "$N" --to "$V65" --date 2026-11-20
once "$N" 2 "moved past an approved month"
x 0 "approve December on shard 2" --db "$S2" period approve --region "${V65:0:5}" --period 2026-12
x 1 "a move back inside the approved month" --db "$C" cluster move-person "$N" --to "$V64_OF_N" --date 2026-12-05
has "refused: the period is approved" "$T/err" "periode yang sudah disetujui"
once "$N" 2 "refused by an approved period"
clean "refused by an approved period"
x 0 "reopen December on shard 2" --db "$S2" period reopen --region "${V65:0:5}" --period 2026-12 --reason uji
checks "approved periods"

# ------------------------------------------------ and back again, into a family
FAM=$(qs "$S2" "SELECT kk FROM household ORDER BY id LIMIT 1")
V64=$(qs "$S1" "SELECT village_code FROM person WHERE nik = '${NIKS[1]}'")
x 1 "back to 64 before the day it arrived" --db "$C" cluster move-person "$P" --to "$V64" --date 2026-02-01
has "refused: not after its residence there" "$T/err" "tidak setelah awal tempat tinggal sekarang \\($DAY\\)"
clean "a refused date"
x 0 "the first person moves back to 64" --db "$C" cluster move-person "$P" --to "$V64" --date 2026-10-01
once "$P" 1 "moved back"
x 0 "and again to 65, into a family" --db "$C" cluster move-person "$P" --to "$V65" --date 2026-11-01 --kk "$FAM"
once "$P" 2 "moved into a family"
is "in that family" "$(qs "$S2" "SELECT h.kk FROM person p JOIN household_key h ON h.id = p.household_id WHERE p.nik = '$P'")" "$FAM"
x 1 "an unknown family" --db "$C" cluster move-person "${NIKS[1]}" --to "$V65" --date "$DAY" --kk 6501019999990001
has "refused: the family is not there" "$T/err" "tidak ada di shard tujuan"
once "${NIKS[1]}" 1 "an unknown family"
# No move of a person while its province is being moved to another shard (`cluster move`).
psql -X -q -h "$PILAR_PG_DIR" -p "$PILAR_PG_PORT" -U postgres -d postgres -c "CREATE DATABASE s3" ||
  die "createdb s3"
S3="postgresql://postgres@/s3?host=$PILAR_PG_DIR&port=$PILAR_PG_PORT"
x 0 "init a third data base" --db "$S3" init
x 0 "regions on it" --db "$S3" region import --from "$AREA"
: >"$T/pause"
PILAR_TEST_MOVE_PAUSE=fenced PILAR_TEST_MOVE_PAUSE_FILE="$T/pause" \
  "$BIN" --db "$C" cluster move 64 --to "$S3" >"$T/pm.out" 2>"$T/pm.err" &
PM=$!
for _ in $(seq 1 300); do
  grep -q "jeda uji pada langkah fenced" "$T/pm.err" 2>/dev/null && break
  kill -0 "$PM" 2>/dev/null || break
  sleep 0.1
done
kill -9 "$PM"
wait "$PM" 2>/dev/null
rm -f "$T/pause"
x 1 "a person of 64 while 64 is being moved" --db "$C" cluster move-person "${NIKS[1]}" --to "$V65" --date "$DAY"
has "refused: the province is moving" "$T/err" "provinsi 64 sedang dipindahkan ke shard lain"
once "${NIKS[1]}" 1 "while 64 is being moved"
x 0 "the province move undone" --db "$C" cluster move 64 --to "$S3" --abort

# A person without a NIK moves by the Pilar id.
x 0 "a person without NIK on shard 1" --db "$S1" person add --no-nik-reason belum_rekam_ktp_el \
  --name "Tanpa Nik" --birth-date 2001-02-03 --sex P --village "$V64" --pmks "9@2026-06-01" --json
NN=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$T/out")
x 0 "moved by its Pilar id" --db "$C" cluster move-person "P-$NN" --to "$V65" --date 2026-11-15
is "on shard 2 only, with its membership" \
  "$(qs "$S1" "SELECT count(*) FROM person_key WHERE id = $NN") $(qs "$S2" "SELECT count(*) FROM person_key WHERE id = $NN") $(qs "$S2" "SELECT count(*) FROM membership WHERE person_id = $NN")" "0 1 1"
x 1 "not an id nor a NIK" --db "$C" cluster move-person "P-x1" --to "$V65"
has "refused: what it is not" "$T/err" "bukan NIK \\(16 digit\\) atau id orang"
clean "at the end"
checks "at the end"
x 0 "national counts at the end" --db "$C" report counts --region "" --date 2026-02-28 --json
check "the nation's counts before the day never changed" cmp -s "$T/out" "$T/past.json"
x 0 "status on the coordinator" --db "$C" cluster status

summary
