#!/usr/bin/env bash
# test_pg_cluster_move.sh - moving a province between shards (issue 15 item 1, docs/scale.md
# "Moving a province"), PostgreSQL mode only: a coordinator (a data base of the test's cluster)
# and two shard clusters of their own (scripts/pg-cluster start; stopped on exit). Provinces 64
# and 65 start on shard 1; `pilar cluster move 65 --to SHARD2` moves 65 to a new shard 2 while
# the test, paused at the fenced step (PILAR_TEST_MOVE_PAUSE), sees writes of 65 refused on
# shard 1 with the move's message, a read of 65 through the coordinator still answer and
# `cluster status` show the move. After it: counts, the coordinator's reports and an export of
# 65 equal to before, shard 1 holds nothing of 65 and refuses it, shard 2 takes writes of 65.
# Then 65 moves back, killed after the copy (PAUSE=copied, kill -9) and run again: every row
# once, on shard 1 only. Last, a move of 64 killed when fenced and undone with --abort, and one
# killed after its switch and finished by a rerun.
. "$(dirname "$0")/lib.sh"
if ! on_pg; then
  echo "SKIP: $TEST_NAME runs in the PostgreSQL mode only (PILAR_TEST_BACKEND=pg)"
  exit 77
fi
. "$(dirname "$0")/pg/shards.sh"
MOVER=
stop_mover() { [ -n "$MOVER" ] && kill "$MOVER"; }
at_exit stop_mover
# rows S PROV: the province's rows per table on shard S, one "table count" per line.
rows() {
  qs "$1" "SELECT string_agg(t || ' ' || n, E'\n' ORDER BY t) FROM (
      SELECT 'person_key' t, count(*) n FROM person_key WHERE prov = '$2'
      UNION ALL SELECT 'household_key', count(*) FROM household_key WHERE prov = '$2'
      UNION ALL SELECT 'person', count(*) FROM person_$2
      UNION ALL SELECT 'household', count(*) FROM household_$2
      UNION ALL SELECT 'membership', count(*) FROM membership_$2
      UNION ALL SELECT 'residence', count(*) FROM residence_$2
      UNION ALL SELECT 'count_total', count(*) FROM count_total_$2
      UNION ALL SELECT 'count_delta', count(*) FROM count_delta_$2) c"
}
# start_move STEP ARGS...: runs `cluster move ARGS` in the background, paused at STEP.
start_move() {
  local stepname=$1
  shift
  : >"$T/pause"
  PILAR_TEST_MOVE_PAUSE=$stepname PILAR_TEST_MOVE_PAUSE_FILE="$T/pause" \
    "$BIN" --db "$C" cluster move "$@" >"$T/move.out" 2>"$T/move.err" &
  MOVER=$!
  for _ in $(seq 1 300); do
    grep -q "jeda uji pada langkah $stepname" "$T/move.err" 2>/dev/null && return 0
    kill -0 "$MOVER" 2>/dev/null || break
    sleep 0.1
  done
  bad "move did not pause at $stepname: $(cat "$T/move.out" "$T/move.err" | head -c 600)"
  return 1
}

# ------------------------------------------------ set-up: 64 and 65 on shard 1
for u in "$C" "$S1" "$S2"; do
  x 0 "init $u" --db "$u" init
  x 0 "regions on $u" --db "$u" region import --from "$AREA"
done
x 0 "cluster init" cluster init --coordinator "$C" --shard "64,65=$S1"
x 0 "gen 65" --db "$S1" gen --people 1500 --region 65 --seed 21 --out "$T/g65.csv"
x 0 "gen 64" --db "$S1" gen --people 300 --region 64 --seed 22 --out "$T/g64.csv"
x 0 "import 65 into shard 1" --db "$S1" import "$T/g65.csv"
x 0 "import 64 into shard 1" --db "$S1" import "$T/g64.csv"
V65=$(qs "$S1" "SELECT code FROM region WHERE level = 4 AND code LIKE '65.%' ORDER BY code LIMIT 1")
V64=$(qs "$S1" "SELECT code FROM region WHERE level = 4 AND code LIKE '64.%' ORDER BY code LIMIT 1")
P65=$(qs "$S1" "SELECT id FROM person_65 ORDER BY id LIMIT 1")

# ------------------------------------------------ rows of other tables that belong to 65
# Duplicate pairs: one inside 65 moves with it; one across 64 and 65 would dangle either way.
P65B=$(qs "$S1" "SELECT id FROM person_65 ORDER BY id LIMIT 1 OFFSET 1")
P64=$(qs "$S1" "SELECT id FROM person_64 ORDER BY id LIMIT 1")
qs "$S1" "SET pilar.actor = 'uji'; DELETE FROM dedup_candidate; INSERT INTO dedup_candidate(person_a, person_b, score, created_at) VALUES ($P65, $P65B, 0.9, 'uji'), ($P65, $P64, 0.8, 'uji')" >/dev/null
x 1 "a move with a duplicate pair across provinces" --db "$C" cluster move 65 --to "$S2"
has "refused naming the table" "$T/err" "belum dapat dipindahkan: .*dedup_candidate: 1 baris yang juga merujuk provinsi lain"
is "nothing journaled" "$(qc "SELECT count(*) FROM cluster_move")" 0
x 0 "shard 1 still takes writes of 65" --db "$S1" household add --kk 6501010101990008 --village "$V65"
qs "$S1" "SET pilar.actor = 'uji'; DELETE FROM dedup_candidate WHERE person_b = $P64" >/dev/null

# ------------------------------------------------ a copy that differs is undone
# A trigger on shard 2 that fires even with triggers off (ENABLE ALWAYS) changes each copied
# household: the comparison finds it, the move is undone and shard 1 stays authoritative.
qs "$S2" "CREATE FUNCTION spoil() RETURNS trigger LANGUAGE plpgsql AS \$f\$ BEGIN NEW.address := NEW.address || ' (rusak)'; RETURN NEW; END \$f\$;
  CREATE TRIGGER spoil BEFORE INSERT ON household_65 FOR EACH ROW EXECUTE FUNCTION spoil();
  ALTER TABLE household_65 ENABLE ALWAYS TRIGGER spoil" >/dev/null
x 1 "a move whose copy differs" --db "$C" cluster move 65 --to "$S2"
has "refused naming the table" "$T/err" "salinan berbeda pada tabel household_65 .*isi berbeda"
has "undone, the source authoritative" "$T/err" "pemindahan dibatalkan, shard asal pl_shard_1 tetap berlaku"
is "still on shard 1" "$(qc "SELECT server_name FROM cluster_shard WHERE prov = '65'")" pl_shard_1
is "no move in the journal" "$(qc "SELECT count(*) FROM cluster_move")" 0
is "nothing of 65 left on shard 2" "$(qs "$S2" "SELECT (SELECT count(*) FROM household_65) + (SELECT count(*) FROM person_key)")" 0
x 0 "shard 1 takes writes of 65 again" --db "$S1" household add --kk 6501010101990009 --village "$V65"
qs "$S2" "DROP TRIGGER spoil ON household_65; DROP FUNCTION spoil()" >/dev/null

# An audited change of a person of 65 before the move (the audit stays on shard 1).
x 0 "a person of 65 changed before the move" --db "$S1" person update "$P65" --name "Sebelum Pindah"
ROWS_BEFORE=$(rows "$S1" 65)
x 0 "counts 65 through the coordinator, before" --db "$C" report counts --region 65 --json
cp "$T/out" "$T/c65.before"
x 0 "national counts, before" --db "$C" report counts --region "" --json
cp "$T/out" "$T/nation.before"
x 0 "export 65 on shard 1, before" --db "$S1" export --region 65 --out "$T/e65.before.csv"
check "the export holds people" test "$(wc -l <"$T/e65.before.csv")" -gt 1000

# ------------------------------------------------ during the move: fenced, still readable
start_move fenced 65 --to "$S2"
x 1 "a household of 65 on shard 1 during the move" --db "$S1" household add --kk 6501010101990001 --village "$V65"
has "refused: the province is moving" "$T/err" "provinsi 65 sedang dipindahkan ke shard pl_shard_2"
has "and when to try again" "$T/err" "coba lagi setelah pemindahan selesai"
x 1 "a person of 65 changed on shard 1 during the move" --db "$S1" person update "$P65" --name "Saat Pindah"
has "refused too" "$T/err" "sedang dipindahkan"
x 1 "a household of 65 on shard 2 during the move" --db "$S2" household add --kk 6501010101990002 --village "$V65"
has "refused on the target as well" "$T/err" "sedang dipindahkan"
x 0 "a household of 64 on shard 1 during the move" --db "$S1" household add --kk 6401010101990001 --village "$V64"
x 0 "counts 65 through the coordinator during the move" --db "$C" report counts --region 65 --json
check "read during the move equals before" cmp -s "$T/out" "$T/c65.before"
x 0 "status during the move" --db "$C" cluster status
has "status shows the move" "$T/out" "PEMINDAHAN BERLANGSUNG: provinsi 65 dari pl_shard_1 ke pl_shard_2 .*langkah fenced"
x 0 "status json during the move" --db "$C" cluster status --json
has "json: the move" "$T/out" '"moves":\[\{[^]]*"province":"65"[^]]*"step":"fenced"'
x 1 "a second move while one runs" --db "$C" cluster move 65 --to "$S2"
has "refused: one move at a time" "$T/err" "sedang dijalankan oleh proses lain"
rm -f "$T/pause"
wait "$MOVER"
rc=$?
MOVER=
is "the move finishes" "$rc" 0
has "it says so" "$T/move.out" "Provinsi 65 dipindahkan dari pl_shard_1 ke pl_shard_2 \(shard baru\)"
has "rows compared" "$T/move.out" "jumlah dan isinya sama di kedua shard"

# ------------------------------------------------ after: nothing lost, one copy
is "cluster_shard: 65 on shard 2" "$(qc "SELECT string_agg(prov || '=' || server_name, ' ' ORDER BY prov) FROM cluster_shard")" \
  "64=pl_shard_1 65=pl_shard_2"
is "no move left in the journal" "$(qc "SELECT count(*) FROM cluster_move")" 0
is "shard 2 holds 65's rows as shard 1 did" "$(rows "$S2" 65)" "$ROWS_BEFORE"
is "shard 1 holds nothing of 65" "$(qs "$S1" "SELECT (SELECT count(*) FROM person_key WHERE prov = '65') + (SELECT count(*) FROM household_key WHERE prov = '65') + (SELECT count(*) FROM person_65) + (SELECT count(*) FROM household_65) + (SELECT count(*) FROM membership_65) + (SELECT count(*) FROM count_delta_65) + (SELECT count(*) FROM count_total_65)")" 0
is "ids kept" "$(qs "$S2" "SELECT min(id) FROM person_65")" "$P65"
is "the duplicate pair of 65 moved with it" "$(qs "$S2" "SELECT person_a || '-' || person_b FROM dedup_candidate")" "$P65-$P65B"
is "and left shard 1" "$(qs "$S1" "SELECT count(*) FROM dedup_candidate")" 0
# The new shard keeps the national NIK registry from its first write, without a second init.
is "the new shard has the registry's foreign table" \
  "$(qs "$S2" "SELECT count(*) FROM pg_foreign_table f JOIN pg_foreign_server s ON s.oid = f.ftserver WHERE f.ftrelid = 'public.cluster_registry'::regclass AND s.srvname = 'pl_coordinator'")" 1
N64=$(qs "$S1" "SELECT nik FROM person WHERE nik IS NOT NULL ORDER BY id LIMIT 1")
KK65=$(qs "$S2" "SELECT kk FROM household_65 ORDER BY id LIMIT 1")
x 1 "the new shard refuses a NIK held in 64" --db "$S2" person add --nik "$N64" --name "Ganda" \
  --birth-date 1990-01-01 --sex L --kk "$KK65"
has "refused by the national registry" "$T/err" "sudah terdaftar di provinsi 64"
x 0 "export 65 on shard 2, after" --db "$S2" export --region 65 --out "$T/e65.after.csv"
check "the export of 65 is the same" cmp -s "$T/e65.before.csv" "$T/e65.after.csv"
x 0 "counts 65 through the coordinator, after" --db "$C" report counts --region 65 --json
check "coordinator's counts of 65 unchanged" cmp -s "$T/out" "$T/c65.before"
x 0 "counts 65 on shard 2" --db "$S2" report counts --region 65 --json
check "shard 2's own counts equal" cmp -s "$T/out" "$T/c65.before"
x 0 "national counts, after" --db "$C" report counts --region "" --json
python3 - "$T/nation.before" "$T/out" >"$T/py" 2>&1 <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
ra = {r["code"]: r for r in a["rows"]}
rb = {r["code"]: r for r in b["rows"]}
assert ra["65"] == rb["65"], "65"
print("ok")
PY
is "the nation's row of 65 unchanged" "$(cat "$T/py")" ok
x 0 "pilar check on shard 2 (the target) after the move" --db "$S2" check
has "the target's counts and audit whole" "$T/out" "Audit utuh"
x 0 "pilar check on shard 1 (the source) after the move" --db "$S1" check
has "the source's audit whole, the moved people's history kept" "$T/out" "Audit utuh"
is "the audit of the change stays on shard 1" "$(qs "$S1" "SELECT count(*) FROM audit WHERE entity = 'person' AND entity_id = $P65")" 1
x 0 "a household of 65 on shard 2 after the move" --db "$S2" household add --kk 6501010101990003 --village "$V65"
is "written on shard 2" "$(qs "$S2" "SELECT count(*) FROM household_65 WHERE kk = '6501010101990003'")" 1
x 1 "a household of 65 on shard 1 after the move" --db "$S1" household add --kk 6501010101990004 --village "$V65"
has "refused: shard 1 no longer holds 65" "$T/err" "tidak menyimpan provinsi 65"
x 0 "the new household read through the coordinator" --db "$C" household show 6501010101990003
x 0 "status after" --db "$C" cluster status --json
python3 - "$T/out" >"$T/py" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sh = {s["server"]: s for s in d["shards"]}
assert [p["province"] for p in sh["pl_shard_2"]["provinces"]] == ["65"], sh
assert [p["province"] for p in sh["pl_shard_1"]["provinces"]] == ["64"], sh
assert d["moves"] == [], d["moves"]
print("ok")
PY
is "status: 65 on shard 2, no move" "$(cat "$T/py")" ok
x 0 "cluster init again with the new layout" cluster init --coordinator "$C" --shard "64=$S1" --shard "65=$S2" --json
has "again: same shards" "$T/out" '"again":true'

# ------------------------------------------------ killed after the copy, run again
ROWS2=$(rows "$S2" 65)
start_move copied 65 --to "$S1"
is "journal at copied" "$(qc "SELECT step || ' ' || source_server || ' ' || target_server FROM cluster_move")" "copied pl_shard_2 pl_shard_1"
kill -9 "$MOVER"
wait "$MOVER" 2>/dev/null
MOVER=
x 0 "status shows the interrupted move" --db "$C" cluster status
has "at copied" "$T/out" "provinsi 65 dari pl_shard_2 ke pl_shard_1 .*langkah copied"
x 1 "a write of 65 on shard 2 while interrupted" --db "$S2" household add --kk 6501010101990005 --village "$V65"
has "still fenced" "$T/err" "provinsi 65 sedang dipindahkan ke shard pl_shard_1"
x 0 "counts 65 through the coordinator while interrupted (from shard 2)" --db "$C" report counts --region 65 --json
x 1 "a move to another target while one is under way" --db "$C" cluster move 65 --to "$C"
has "refused: the same --to to resume" "$T/err" "sedang berlangsung"
x 0 "the move run again" --db "$C" cluster move 65 --to "$S1"
has "resumed" "$T/out" "terhenti pada langkah copied dilanjutkan"
is "shard 1 holds 65's rows once" "$(rows "$S1" 65)" "$ROWS2"
is "shard 2 holds nothing of 65" "$(qs "$S2" "SELECT (SELECT count(*) FROM person_key WHERE prov = '65') + (SELECT count(*) FROM person_65) + (SELECT count(*) FROM household_65) + (SELECT count(*) FROM membership_65)")" 0
is "no duplicate ids on shard 1" "$(qs "$S1" "SELECT count(*) - count(DISTINCT id) FROM person_65")" 0
is "cluster_shard: 65 back on shard 1" "$(qc "SELECT server_name FROM cluster_shard WHERE prov = '65'")" pl_shard_1
x 0 "the household written on shard 2 came back" --db "$S1" household show 6501010101990003
x 0 "a write of 65 on shard 1 again" --db "$S1" household add --kk 6501010101990006 --village "$V65"
x 0 "export 65 on shard 1 after the round trip" --db "$S1" export --region 65 --out "$T/e65.back.csv"
check "the round trip keeps the people" test "$(wc -l <"$T/e65.back.csv")" = "$(wc -l <"$T/e65.before.csv")"

# ------------------------------------------------ killed when fenced, undone with --abort
start_move fenced 64 --to "$S2"
kill -9 "$MOVER"
wait "$MOVER" 2>/dev/null
MOVER=
x 1 "a write of 64 while the move is interrupted" --db "$S1" household add --kk 6401010101990002 --village "$V64"
has "fenced" "$T/err" "provinsi 64 sedang dipindahkan"
x 0 "abort" --db "$C" cluster move 64 --to "$S2" --abort
has "aborted" "$T/out" "dibatalkan"
is "journal empty" "$(qc "SELECT count(*) FROM cluster_move")" 0
is "64 still on shard 1" "$(qc "SELECT server_name FROM cluster_shard WHERE prov = '64'")" pl_shard_1
is "shard 2 holds nothing of 64" "$(qs "$S2" "SELECT count(*) FROM person_64")" 0
x 0 "a write of 64 on shard 1 after the abort" --db "$S1" household add --kk 6401010101990002 --village "$V64"
x 1 "abort with nothing under way" --db "$C" cluster move 64 --to "$S2" --abort
has "nothing to abort" "$T/err" "tidak ada pemindahan"

# ------------------------------------------------ killed after the switch: the target is authoritative
ROWS64=$(rows "$S1" 64)
start_move switched 64 --to "$S2"
kill -9 "$MOVER"
wait "$MOVER" 2>/dev/null
MOVER=
is "switched: the coordinator reads 64 from shard 2" "$(qc "SELECT server_name FROM cluster_shard WHERE prov = '64'")" pl_shard_2
x 1 "abort after the switch" --db "$C" cluster move 64 --to "$S2" --abort
has "refused: finish it" "$T/err" "sudah dialihkan ke pl_shard_2"
x 0 "the move run again" --db "$C" cluster move 64 --to "$S2"
has "resumed at switched" "$T/out" "terhenti pada langkah switched dilanjutkan"
is "shard 2 holds 64's rows" "$(rows "$S2" 64)" "$ROWS64"
is "shard 1 holds nothing of 64" "$(qs "$S1" "SELECT (SELECT count(*) FROM person_key WHERE prov = '64') + (SELECT count(*) FROM person_64) + (SELECT count(*) FROM household_64)")" 0
is "no move left" "$(qc "SELECT count(*) FROM cluster_move")" 0
x 0 "a write of 64 on shard 2" --db "$S2" household add --kk 6401010101990007 --village "$V64"
x 1 "a province already there" --db "$C" cluster move 65 --to "$S1"
has "refused: already there" "$T/err" "sudah berada di shard pl_shard_1"

summary
