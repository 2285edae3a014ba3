#!/usr/bin/env bash
# test_pg_cluster_dedup.sh - duplicates across shards (issue 15 items 2 and 3, docs/scale.md
# "Duplicates across shards"), PostgreSQL mode only: a coordinator and two shards
# (pg/shards.sh), 64 on shard 1 and 65 on shard 2, people imported into each; then people
# of 64 registered again on shard 2 without a NIK (a family that moved and was entered anew).
# `pilar cluster dedup` on the coordinator finds those pairs and only pairs across shards,
# `cluster pairs` lists them, `cluster distinct` keeps a pair from coming back, `cluster merge`
# merges one by two-phase commit (the memberships go to the survivor, the merged person is
# rejected and recorded as merged, a NIK goes to a survivor without one and the national
# registry follows), interrupted merges are finished or undone by `cluster resolve`, and
# `pilar check` passes on both shards throughout.
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
x 0 "gen 64" --db "$S1" gen --people 800 --region 64 --seed 31 --out "$T/g64.csv"
x 0 "gen 65" --db "$S2" gen --people 300 --region 65 --seed 32 --out "$T/g65.csv"
x 0 "import into shard 1" --db "$S1" import "$T/g64.csv"
x 0 "import into shard 2" --db "$S2" import "$T/g65.csv"
V65=$(qs "$S2" "SELECT code FROM region WHERE level = 4 AND code LIKE '65.%' ORDER BY code LIMIT 1")

# Six people of 64 with a NIK, a mother's name, a full birth date and a PMKS membership of their
# own, no enrolment: each is entered again on shard 2 without a NIK.
mapfile -t SRC < <(qs "$S1" "SELECT p.id || '|' || p.nik || '|' || p.name || '|' || p.birth_date || '|' ||
  p.sex || '|' || p.mother_name FROM person p WHERE p.nik IS NOT NULL AND p.mother_name <> ''
  AND p.birth_date IS NOT NULL AND p.death_date IS NULL
  AND EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id) ORDER BY p.id LIMIT 6")
[ "${#SRC[@]}" -eq 6 ] || die "only ${#SRC[@]} people to copy"
declare -A A_ID A_NIK B_ID
for k in 0 1 2 3 4 5; do
  IFS='|' read -r id nik name bd sex mother <<<"${SRC[$k]}"
  A_ID[$k]=$id
  A_NIK[$k]=$nik
  x 0 "entered again on shard 2 ($k)" --db "$S2" person add --no-nik-reason tidak_diketahui \
    --name "$name" --birth-date "$bd" --sex "$sex" --mother "$mother" --village "$V65" --pmks "9@2026-01-01" --json
  B_ID[$k]=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$T/out")
done

# ------------------------------------------------ finding them
x 1 "pilar dedup on the coordinator points to cluster dedup" --db "$C" dedup
has "it says which command" "$T/err" "pilar cluster dedup"
x 0 "cluster dedup" --db "$C" cluster dedup --json
W=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["written"])' "$T/out")
check "at least the six pairs written ($W)" test "$W" -ge 6
x 0 "the pairs" --db "$C" cluster pairs --json
cp "$T/out" "$T/pairs.json"
pair_of() { # the id of the pair of A_ID[$1] and B_ID[$1]
  python3 -c 'import json,sys
a, b = sorted((int(sys.argv[2]), int(sys.argv[3])))
print(next((p["id"] for p in json.load(open(sys.argv[1])) if p["person_a"] == a and p["person_b"] == b), ""))' \
    "$T/pairs.json" "${A_ID[$1]}" "${B_ID[$1]}"
}
declare -A PAIR
for k in 0 1 2 3 4 5; do
  PAIR[$k]=$(pair_of $k)
  check "pair $k found" test -n "${PAIR[$k]}"
done
is "every pair joins two shards" \
  "$(python3 -c 'import json,sys; print(sum(1 for p in json.load(open(sys.argv[1])) if {p["prov_a"], p["prov_b"]} != {"64", "65"}))' "$T/pairs.json")" 0
has "the reasons say why" "$T/pairs.json" "tanggal lahir sama"
x 0 "cluster dedup again" --db "$C" cluster dedup
is "no pair twice" "$(qc "SELECT count(*) - count(DISTINCT (person_a, person_b)) FROM public.cluster_dedup")" 0

# ------------------------------------------------ not the same person
x 0 "pair 5 is not one person" --db "$C" cluster distinct "${PAIR[5]}"
x 1 "decided once" --db "$C" cluster distinct "${PAIR[5]}"
x 0 "cluster dedup after the decision" --db "$C" cluster dedup
is "the decision stays" "$(qc "SELECT status FROM public.cluster_dedup WHERE id = ${PAIR[5]}")" not_same
x 1 "a merge of a decided pair" --db "$C" cluster merge "${PAIR[5]}" --survivor "${A_NIK[5]}"
x 1 "a survivor outside the pair" --db "$C" cluster merge "${PAIR[0]}" --survivor 6401019999990001
has "refused: not one of the pair" "$T/err" "salah satu dari pasangan"

# ------------------------------------------------ a merge: the person of shard 2 into the one of shard 1
MEM_A=$(qs "$S1" "SELECT count(*) FROM membership WHERE person_id = ${A_ID[0]}")
MEM_B=$(qs "$S2" "SELECT count(*) FROM membership WHERE person_id = ${B_ID[0]}")
x 0 "merge pair 0 into shard 1's person" --db "$C" cluster merge "${PAIR[0]}" --survivor "${A_NIK[0]}"
has "it says who went where" "$T/out" "digabung ke id ${A_ID[0]} \(provinsi 64\)"
is "the memberships went to the survivor" "$(qs "$S1" "SELECT count(*) FROM membership WHERE person_id = ${A_ID[0]}")" "$((MEM_A + MEM_B))"
is "none left with the merged person" "$(qs "$S2" "SELECT count(*) FROM membership WHERE person_id = ${B_ID[0]}")" 0
is "the merged person rejected, pointing at the survivor" \
  "$(qs "$S2" "SELECT state || ' ' || (state_reason LIKE 'digabung ke #${A_ID[0]} %') FROM person WHERE id = ${B_ID[0]}")" "rejected true"
is "recorded as merged on its shard" "$(qs "$S2" "SELECT into_id FROM person_merged WHERE person_id = ${B_ID[0]}")" "${A_ID[0]}"
is "the pair merged" "$(qc "SELECT status FROM public.cluster_dedup WHERE id = ${PAIR[0]}")" merged
x 0 "pilar check on shard 1" --db "$S1" check
x 0 "pilar check on shard 2" --db "$S2" check
x 0 "the shard's own dedup" --db "$S2" dedup
is "the merged person is no candidate on its shard" \
  "$(qs "$S2" "SELECT count(*) FROM dedup_candidate WHERE ${B_ID[0]} IN (person_a, person_b)")" 0
x 0 "cluster dedup after the merge" --db "$C" cluster dedup
is "the merged pair is not proposed again" "$(qc "SELECT count(*) FROM public.cluster_dedup WHERE ${B_ID[0]} IN (person_a, person_b) AND status = 'open'")" 0
MID=$(qs "$S2" "SELECT merge_id FROM person_merged WHERE person_id = ${B_ID[0]}")
x 1 "undo on the shard is refused" --db "$S2" dedup undo "$MID"
has "it says why" "$T/err" "shard lain"

# ------------------------------------------------ a NIK goes to a survivor without one
MEM_A=$(qs "$S1" "SELECT count(*) FROM membership WHERE person_id = ${A_ID[1]}")
x 0 "merge pair 1 into shard 2's person (no NIK)" --db "$C" cluster merge "${PAIR[1]}" --survivor "${B_ID[1]}"
has "the NIK moved" "$T/out" "NIK ${A_NIK[1]}"
is "the survivor has the NIK" "$(qs "$S2" "SELECT nik FROM person WHERE id = ${B_ID[1]}")" "${A_NIK[1]}"
is "the merged person does not" "$(qs "$S1" "SELECT coalesce(nik, '-') FROM person WHERE id = ${A_ID[1]}")" "-"
is "the national registry follows" \
  "$(qc "SELECT prov || ' ' || id FROM public.cluster_key WHERE kind = 'nik' AND key = '${A_NIK[1]}'")" "65 ${B_ID[1]}"
is "its memberships went along" "$(qs "$S2" "SELECT count(*) FROM membership WHERE person_id = ${B_ID[1]}")" "$((MEM_A + 1))"
x 0 "the coordinator finds the NIK on shard 2" --db "$C" person show "${A_NIK[1]}" --json
has "as the survivor" "$T/out" "\"id\":${B_ID[1]}"
x 0 "pilar check on shard 1 after" --db "$S1" check
x 0 "pilar check on shard 2 after" --db "$S2" check

# ------------------------------------------------ merges interrupted
start_paused() {
  : >"$T/pause"
  PILAR_TEST_XACT_PAUSE=$1 PILAR_TEST_XACT_PAUSE_FILE="$T/pause" \
    "$BIN" --db "$C" cluster merge "$2" --survivor "$3" >"$T/mv.out" 2>"$T/mv.err" &
  MV=$!
  local i
  for i in $(seq 1 600); do
    grep -q "jeda uji pada langkah $1" "$T/mv.err" && return 0
    kill -0 "$MV" 2>/dev/null || break
    sleep 0.05
  done
  bad "the merge did not reach $1: $(head -c 300 "$T/mv.err")"
  return 1
}
k=2
for step in prepared-target decided committed-source; do
  MEM_A=$(qs "$S1" "SELECT count(*) FROM membership WHERE person_id = ${A_ID[$k]}")
  start_paused "$step" "${PAIR[$k]}" "${A_NIK[$k]}" || { k=$((k + 1)); continue; }
  kill -9 "$MV"
  wait "$MV" 2>/dev/null
  rm -f "$T/pause"
  x 0 "killed at $step: resolve" --db "$C" cluster resolve
  if [ "$step" = prepared-target ]; then
    has "killed at $step: rolled back" "$T/out" "dibatalkan"
    is "killed at $step: the pair still open" "$(qc "SELECT status FROM public.cluster_dedup WHERE id = ${PAIR[$k]}")" open
    is "killed at $step: the memberships where they were" \
      "$(qs "$S1" "SELECT count(*) FROM membership WHERE person_id = ${A_ID[$k]}") $(qs "$S2" "SELECT count(*) FROM membership WHERE person_id = ${B_ID[$k]}")" "$MEM_A 1"
    is "killed at $step: not merged" "$(qs "$S2" "SELECT state FROM person WHERE id = ${B_ID[$k]}")" draft
  else
    has "killed at $step: finished" "$T/out" "diselesaikan"
    is "killed at $step: the pair merged" "$(qc "SELECT status FROM public.cluster_dedup WHERE id = ${PAIR[$k]}")" merged
    is "killed at $step: the memberships with the survivor only" \
      "$(qs "$S1" "SELECT count(*) FROM membership WHERE person_id = ${A_ID[$k]}") $(qs "$S2" "SELECT count(*) FROM membership WHERE person_id = ${B_ID[$k]}")" "$((MEM_A + 1)) 0"
    is "killed at $step: merged once" "$(qs "$S2" "SELECT count(*) FROM person_merged WHERE person_id = ${B_ID[$k]}")" 1
  fi
  is "killed at $step: nothing prepared" \
    "$(($(qs "$S1" "SELECT count(*) FROM pg_prepared_xacts") + $(qs "$S2" "SELECT count(*) FROM pg_prepared_xacts")))" 0
  is "killed at $step: the journal empty" "$(qc "SELECT count(*) FROM public.cluster_xact")" 0
  x 0 "killed at $step: pilar check on shard 1" --db "$S1" check
  x 0 "killed at $step: pilar check on shard 2" --db "$S2" check
  k=$((k + 1))
done
x 0 "the pair rolled back merges after all" --db "$C" cluster merge "${PAIR[2]}" --survivor "${A_NIK[2]}"
x 0 "pairs by status" --db "$C" cluster pairs --status merged --json
is "five merged" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/out")" 5
x 1 "a bad status" --db "$C" cluster pairs --status maybe
# ------------------------------------------------ eligibility previewed for the nation
for u in "$C" "$S1" "$S2"; do
  x 0 "a national program on $u" --db "$u" program add PKH --name "Program Keluarga Harapan" \
    --level pusat --amount 750000 --frequency triwulan --categories 5,9 --no-requires-nik
done
x 0 "preview of 64 on shard 1" --db "$S1" program preview PKH --period 2026-Q4 --region 64 --json
cp "$T/out" "$T/pv64.json"
x 0 "preview of 65 on shard 2" --db "$S2" program preview PKH --period 2026-Q4 --region 65 --json
cp "$T/out" "$T/pv65.json"
# The same JSON but for the run's time.
same_preview() {
  python3 -c 'import json,sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
a.pop("seconds", None); b.pop("seconds", None)
sys.exit(0 if a == b else 1)' "$1" "$2"
}
x 0 "preview of 64 through the coordinator" --db "$C" program preview PKH --period 2026-Q4 --region 64 --json
check "the coordinator's 64 equals shard 1's" same_preview "$T/out" "$T/pv64.json"
x 0 "preview of 65 through the coordinator" --db "$C" program preview PKH --period 2026-Q4 --region 65 --json
check "the coordinator's 65 equals shard 2's" same_preview "$T/out" "$T/pv65.json"
x 0 "the nation's preview" --db "$C" program preview PKH --period 2026-Q4 --json
is "the nation's eligible are both shards'" \
  "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["eligible"])' "$T/out")" \
  "$(python3 -c 'import json,sys; print(sum(json.load(open(f))["eligible"] for f in sys.argv[1:]))' "$T/pv64.json" "$T/pv65.json")"
has "with both provinces' regencies" "$T/out" '"region":"64\.[0-9]+".*"region":"65\.[0-9]+"'

x 1 "cluster dedup on a shard" --db "$S1" cluster dedup
has "refused: not a coordinator" "$T/err" "bukan koordinator"
x 0 "a SQLite data base" --db "$T/lite.db" init
x 1 "cluster pairs on SQLite" --db "$T/lite.db" cluster pairs
has "refused: PostgreSQL only" "$T/err" "klaster hanya tersedia pada PostgreSQL"

summary
