#!/usr/bin/env bash
# test_pg_cluster.sh - one nation over several PostgreSQL servers (issue 15, docs/scale.md),
# PostgreSQL mode only: a coordinator (a data base of the test's cluster) and two shards, each a
# throw-away cluster of its own (scripts/pg-cluster start; stopped on exit), province 64 on
# one and 65 on the other. `pilar cluster init` sets them up; people generated and imported
# into each shard are then read through the coordinator: report counts and compare equal the
# shards' own (and their sum for the nation), with the aggregate computed on the shards
# (auto_explain's plan of the real statement: an Async Foreign Scan whose Remote SQL holds the
# GROUP BY); a NIK of either shard is found; ids do not overlap; writes through the
# coordinator are refused naming the shard, and a shard refuses rows of another shard's province;
# a standby of shard 1 (pg_basebackup) is listed with its state and lag; `cluster status` counts what the shards count;
# init again changes nothing, init with other shards is refused; a shard that is down is
# reported by status and by a national report, while a report of the other shard's province
# still answers.
. "$(dirname "$0")/lib.sh"
if ! on_pg; then
  echo "SKIP: $TEST_NAME runs in the PostgreSQL mode only (PILAR_TEST_BACKEND=pg)"
  exit 77
fi
. "$(dirname "$0")/pg/shards.sh"
SB="$T/standby1"
at_exit "$PGC" stop "$SB"

# ------------------------------------------------ set-up: regions first, then the cluster
for u in "$C" "$S1" "$S2"; do
  x 0 "init $u" --db "$u" init
  x 0 "regions on $u" --db "$u" region import --from "$AREA"
done
x 0 "cluster init" cluster init --coordinator "$C" --shard "64=$S1" --shard "65=$S2"
has "init says the cluster is set up" "$T/out" "Klaster disiapkan"
has "shard 1's id range" "$T/out" "Shard 1 \(provinsi 64\).*id 1\.000\.000\.000\.001 sampai 2\.000\.000\.000\.000"
is "cluster_shard rows" "$(qc "SELECT string_agg(prov || '=' || server_name, ' ' ORDER BY prov) FROM cluster_shard")" \
  "64=pl_shard_1 65=pl_shard_2"
is "no password or unknown table in national" \
  "$(qc "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'national' AND c.relkind = 'p'")" \
  "$(($(qc "SELECT count(*) FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND to_regclass('public.' || c.relname || '_other') IS NOT NULL") + 4))"
is "person_64 is a foreign table on shard 1" \
  "$(qc "SELECT s.srvname FROM pg_foreign_table f JOIN pg_foreign_server s ON s.oid = f.ftserver WHERE f.ftrelid = 'national.person_64'::regclass")" pl_shard_1

x 0 "gen 64" --db "$S1" gen --people 2000 --region 64 --seed 11 --out "$T/g64.csv"
x 0 "gen 65" --db "$S2" gen --people 2000 --region 65 --seed 12 --out "$T/g65.csv"
x 0 "import into shard 1" --db "$S1" import "$T/g64.csv"
x 0 "import into shard 2" --db "$S2" import "$T/g65.csv"

# ------------------------------------------------ a shard refuses the provinces it does not hold
V65=$(qs "$S1" "SELECT code FROM region WHERE level = 4 AND code LIKE '65.%' ORDER BY code LIMIT 1")
x 1 "a household of 65 on shard 1" --db "$S1" household add --kk 6501010101990001 --village "$V65"
has "refused: not this shard's province" "$T/err" "shard klaster yang tidak menyimpan provinsi 65"
x 1 "province 65's people imported into shard 1" --db "$S1" import "$T/g65.csv"
has "the import refused too" "$T/err" "tidak menyimpan provinsi 65"
is "nothing of 65 on shard 1" "$(qs "$S1" "SELECT count(*) FROM person_65")" 0
is "shard 2's own partitions unfenced" \
  "$(qs "$S2" "SELECT count(*) FROM pg_constraint WHERE conname = 'pl_cluster_elsewhere' AND conrelid::regclass::text LIKE '%\_65'")" 0

# ------------------------------------------------ ids: each shard in its own range
R1=$(qs "$S1" "SELECT min(id) >= 1000000000001 AND max(id) <= 2000000000000 FROM person")
R2=$(qs "$S2" "SELECT min(id) >= 2000000000001 AND max(id) <= 3000000000000 FROM person")
is "shard 1's people in its range" "$R1" t
is "shard 2's people in its range" "$R2" t
is "shard 1's households in its range" \
  "$(qs "$S1" "SELECT min(id) >= 1000000000001 AND max(id) <= 2000000000000 FROM household")" t
is "ids of the two shards do not overlap" \
  "$(( $(qs "$S1" "SELECT max(id) FROM person") < $(qs "$S2" "SELECT min(id) FROM person") ))" 1

# ------------------------------------------------ reports through the coordinator
x 0 "counts 64 on shard 1" --db "$S1" report counts --region 64 --json
cp "$T/out" "$T/s64.json"
x 0 "counts 65 on shard 2" --db "$S2" report counts --region 65 --json
cp "$T/out" "$T/s65.json"
x 0 "counts 64 through the coordinator" --db "$C" report counts --region 64 --json
check "coordinator's 64 equals shard 1's" cmp -s "$T/out" "$T/s64.json"
x 0 "counts 65 through the coordinator" --db "$C" report counts --region 65 --json
check "coordinator's 65 equals shard 2's" cmp -s "$T/out" "$T/s65.json"
has "people counted in 64" "$T/s64.json" '"pmks_people":[1-9]'
for r in 64 65; do
  u=$S1
  [ $r = 65 ] && u=$S2
  x 0 "compare $r on its shard" --db "$u" report compare --region $r --period 2026 --compare 2025 --json
  cp "$T/out" "$T/cmp$r.json"
  x 0 "compare $r through the coordinator" --db "$C" report compare --region $r --period 2026 --compare 2025 --json
  check "coordinator's compare $r equals its shard's" cmp -s "$T/out" "$T/cmp$r.json"
done
# The nation, with auto_explain logging the plans of this one process's statements.
LOG="$PILAR_PG_DIR/server.log"
LINES=$(wc -l <"$LOG")
PGOPTIONS="-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 -c auto_explain.log_verbose=on" \
  x 0 "national counts through the coordinator" --db "$C" report counts --region "" --json
cp "$T/out" "$T/nation.json"
python3 - "$T/nation.json" "$T/s64.json" "$T/s65.json" >"$T/py" 2>&1 <<'EOF'
import json, sys
n, a, b = (json.load(open(p)) for p in sys.argv[1:4])
rows = {r["code"]: r for r in n["rows"]}
def cats(r):
    return [(c["category"], c.get("people"), c.get("households")) for c in r["categories"]]
assert n["region_name"] == "Indonesia", n["region_name"]
assert cats(rows["64"]) == cats(a["total"]), "64"
assert cats(rows["65"]) == cats(b["total"]), "65"
assert n["total"]["pmks_people"] == a["total"]["pmks_people"] + b["total"]["pmks_people"], "sum"
others = [c for c, r in rows.items() if c not in ("64", "65") and r["pmks_people"]]
assert not others, others
for (k, p, h), (_, p1, h1), (_, p2, h2) in zip(cats(n["total"]), cats(a["total"]), cats(b["total"])):
    assert p == p1 + p2, (k, p, p1, p2)
    assert (h or 0) == (h1 or 0) + (h2 or 0), (k, h, h1, h2)
print("ok")
EOF
is "the nation's counts: each province its shard's, the total their sum" "$(cat "$T/py")" ok
tail -n +"$((LINES + 1))" "$LOG" >"$T/plans"
# The count statement's plan (store/pg/report.c COUNT_YEARS): its lines from its "Query Text"
# to the next entry.
awk '/Query Text: SELECT g, c, sum\(p1\)/ {p = 1} p && /LOG:/ && !/Query Text/ && n++ > 0 {p = 0} p' "$T/plans" >"$T/count_plan"
has "the national count reads the shards asynchronously" "$T/count_plan" "Async Foreign Scan"
has "under an Append" "$T/count_plan" "Append"
has "shard 1 computes its groups (Remote SQL with GROUP BY)" "$T/count_plan" "Remote SQL: SELECT .*FROM public\.count_year_64 .*GROUP BY"
has "shard 2 too" "$T/count_plan" "Remote SQL: SELECT .*FROM public\.count_year_65 .*GROUP BY"
has "and the changes of the year so far" "$T/count_plan" "Remote SQL: SELECT .*FROM public\.count_delta_64 .*GROUP BY"
has "the shards' partial results are aggregates" "$T/count_plan" "Relations: Aggregate on"

# ------------------------------------------------ a person by NIK from either shard
N1=$(qs "$S1" "SELECT nik FROM person WHERE nik IS NOT NULL ORDER BY id LIMIT 1 OFFSET 5")
N2=$(qs "$S2" "SELECT nik FROM person WHERE nik IS NOT NULL ORDER BY id LIMIT 1 OFFSET 5")
I1=$(qs "$S1" "SELECT id FROM person WHERE nik = '$N1'")
I2=$(qs "$S2" "SELECT id FROM person WHERE nik = '$N2'")
x 0 "NIK of shard 1 through the coordinator" --db "$C" person search --nik "$N1" --json
has "found on shard 1" "$T/out" "\"id\":$I1[,}]"
x 0 "NIK of shard 2 through the coordinator" --db "$C" person search --nik "$N2" --json
has "found on shard 2" "$T/out" "\"id\":$I2[,}]"
# A NIK issued in province 64 whose person lives in 65 (shard 2): the coordinator asks the
# issuing province's shard first (store/pg/person.c), then every shard.
N3=$(qs "$S2" "SELECT nik FROM person WHERE nik IS NOT NULL ORDER BY id LIMIT 1 OFFSET 7")
I3=$(qs "$S2" "SELECT id FROM person WHERE nik = '$N3'")
M3="640101${N3:6:10}"
x 0 "shard 2 records a NIK issued in 64" --db "$S2" person update "$N3" --nik "$M3"
x 0 "that NIK through the coordinator" --db "$C" person search --nik "$M3" --json
has "found on shard 2, not on 64's shard" "$T/out" "\"id\":$I3[,}]"
x 0 "person show by id through the coordinator" --db "$C" person show "$I2"
has "shard 2's person by id" "$T/out" "id $I2"
x 1 "dedup on the coordinator is refused before any work" --db "$C" dedup
has "dedup names cluster dedup and the shards' own" "$T/err" "pilar cluster dedup.*pada shard itu"

# ------------------------------------------------ writes through the coordinator are refused
V64=$(qs "$S1" "SELECT code FROM region WHERE level = 4 AND code LIKE '64.%' ORDER BY code LIMIT 1")
HH1=$(qs "$S1" "SELECT count(*) FROM household")
x 1 "a household of 64 added through the coordinator" --db "$C" household add --kk 6401010101990001 --village "$V64"
has "refused naming shard 1" "$T/err" "koordinator klaster.*tulis ke shard pl_shard_1"
is "nothing written on shard 1" "$(qs "$S1" "SELECT count(*) FROM household")" "$HH1"
x 1 "a person of 65 changed through the coordinator" --db "$C" person update "$I2" --name "Lewat Koordinator"
has "refused naming the shards" "$T/err" "tulis ke shard provinsinya: 64 di pl_shard_1 .*65 di pl_shard_2"
is "unchanged on shard 2" "$(qs "$S2" "SELECT name <> 'Lewat Koordinator' FROM person WHERE id = $I2")" t
V11=$(qs "$S1" "SELECT code FROM region WHERE level = 4 AND code LIKE '11.%' ORDER BY code LIMIT 1")
x 1 "a household of a province no shard holds" --db "$C" household add --kk 1101010101990001 --village "$V11"
has "refused: no shard" "$T/err" "belum ditempatkan pada shard"
is "the coordinator holds no people" "$(qc "SELECT count(*) FROM public.person")" 0

# ------------------------------------------------ PSKS and approved periods, read from the shards
V65=$(qs "$S2" "SELECT code FROM region WHERE level = 4 AND code LIKE '65.%' ORDER BY code LIMIT 1")
x 0 "a TKSK of 64 on shard 1" --db "$S1" psks add --type 1 --name "Tksk Enam Empat" --area "${V64:0:8}"
x 0 "a TKSK of 65 on shard 2" --db "$S2" psks add --type 1 --name "Tksk Enam Lima" --area "${V65:0:8}"
x 0 "PSKS of the nation through the coordinator" --db "$C" psks list --json
has "shard 1's unit" "$T/out" "Tksk Enam Empat"
has "shard 2's unit" "$T/out" "Tksk Enam Lima"
x 0 "PSKS of 65 through the coordinator" --db "$C" psks list --region 65 --json
hasnt "only 65's" "$T/out" "Tksk Enam Empat"
x 1 "a PSKS unit added through the coordinator" --db "$C" psks add --type 1 --name "Lewat" --area "${V64:0:8}"
has "refused naming shard 1" "$T/err" "tulis ke shard pl_shard_1"
x 0 "a period approved on shard 1" --db "$S1" period approve --region "${V64:0:5}" --period 2024
x 0 "approvals through the coordinator" --db "$C" period status --region 64 --period 2024 --json
cp "$T/out" "$T/ap.coord.json"
x 0 "approvals on shard 1" --db "$S1" period status --region 64 --period 2024 --json
check "the coordinator's approvals of 64 are shard 1's" cmp -s "$T/out" "$T/ap.coord.json"
has "the approved regency" "$T/out" "${V64:0:5}"
x 1 "a period approved through the coordinator" --db "$C" period approve --region "${V65:0:5}" --period 2024
has "refused naming shard 2" "$T/err" "tulis ke shard pl_shard_2"
# The counts of 64 now carry its PSKS unit and approval: shard 1's and the coordinator's alike.
x 0 "counts 64 on shard 1 with its PSKS" --db "$S1" report counts --region 64 --json
cp "$T/out" "$T/s64.json"
x 0 "counts 64 through the coordinator with its PSKS" --db "$C" report counts --region 64 --json
check "the coordinator's counts of 64 are shard 1's" cmp -s "$T/out" "$T/s64.json"

# ------------------------------------------------ status
x 0 "cluster status" --db "$C" cluster status --json
cp "$T/out" "$T/status.json"
python3 - "$T/status.json" \
  "$(qs "$S1" "SELECT (SELECT count(*) FROM person) || ' ' || (SELECT count(*) FROM household) || ' ' || (SELECT count(*) FROM membership)")" \
  "$(qs "$S2" "SELECT (SELECT count(*) FROM person) || ' ' || (SELECT count(*) FROM household) || ' ' || (SELECT count(*) FROM membership)")" \
  >"$T/py" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
want = {"64": [int(v) for v in sys.argv[2].split()], "65": [int(v) for v in sys.argv[3].split()]}
sh = d["shards"]
assert [s["server"] for s in sh] == ["pl_shard_1", "pl_shard_2"], sh
assert all(s["reachable"] and s["schema_version"] > 0 for s in sh), sh
for s in sh:
    for p in s["provinces"]:
        got = [p["people"], p["households"], p["memberships"]]
        assert got == want[p["province"]], (p, want)
assert d["unreachable"] == 0
assert "password" not in json.dumps(d)
print("ok")
EOF
is "status: both shards, their counts as the shards count" "$(cat "$T/py")" ok
x 0 "cluster status (text)" --db "$C" cluster status
has "text names shard 2 and its province" "$T/out" "provinsi 65: 2\.[0-9]{3} orang"

# ------------------------------------------------ a standby of shard 1 and its lag
if "$PGC" standby "$SH1" "$SB" >"$T/standby.log" 2>&1; then
  for i in $(seq 1 100); do
    [ "$(qs "$S1" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" = 1 ] && break
    sleep 0.1
  done
  x 0 "status with a standby" --db "$C" cluster status --json
  python3 -c "
import json
d = json.load(open('$T/out'))
s1, s2 = d['shards']
assert [(b['name'], b['state']) for b in s1['standbys']] == [('standby1', 'streaming')], s1
assert 'replay_lag' in s1['standbys'][0] and s2['standbys'] == [], d
print('ok')" >"$T/py" 2>&1
  is "status lists shard 1's standby, streaming" "$(cat "$T/py")" ok
  x 0 "status text with a standby" --db "$C" cluster status
  has "text shows the standby" "$T/out" "standby standby1: streaming, async, jeda putar ulang"
else
  bad "standby of shard 1 (scripts/pg-cluster standby): $(tail -3 "$T/standby.log")"
fi

# ------------------------------------------------ init again, init otherwise
x 0 "cluster init again" cluster init --coordinator "$C" --shard "64=$S1" --shard "65=$S2" --json
has "again: nothing new" "$T/out" '"again":true'
hasnt "again: no id range moved" "$T/out" '"ids_set":true'
x 0 "counts 64 after init again" --db "$C" report counts --region 64 --json
check "still equal to shard 1's" cmp -s "$T/out" "$T/s64.json"
x 1 "init with the provinces swapped" cluster init --coordinator "$C" --shard "64=$S2" --shard "65=$S1"
has "refused: recorded elsewhere" "$T/err" "sudah menempatkan provinsi 64 di pl_shard_1"
x 1 "init without province 65" cluster init --coordinator "$C" --shard "64=$S1"
has "refused: 65 not named" "$T/err" "provinsi 65"
is "shard 2's ids untouched by the refusals" "$(qs "$S2" "SELECT seqmax FROM pg_sequence WHERE seqrelid = 'person_id_seq'::regclass")" 3000000000000
x 1 "a province twice" cluster init --coordinator "$C" --shard "64=$S1" --shard "64,65=$S2"
has "refused: twice" "$T/err" "disebut dua kali"

# ------------------------------------------------ a shard down
"$PGC" stop "$SH2" >/dev/null
x 1 "status with shard 2 down" --db "$C" cluster status --json
python3 -c "
import json, sys
d = json.load(open('$T/out'))
s1, s2 = d['shards']
assert s1['reachable'] and not s2['reachable'] and s2['error'], d
assert d['unreachable'] == 1
print('ok')" >"$T/py" 2>&1
is "status: shard 2 unreachable with its error, shard 1 fine" "$(cat "$T/py")" ok
x 1 "status text with shard 2 down" --db "$C" cluster status
has "text says so" "$T/out" "TIDAK TERHUBUNG"
x 0 "counts 64 with shard 2 down (pruned to shard 1)" --db "$C" report counts --region 64 --json
check "still shard 1's" cmp -s "$T/out" "$T/s64.json"
x 2 "national counts with shard 2 down" --db "$C" report counts --region ""
has "the national report names the unreachable shard" "$T/err" "shard klaster tidak dapat dihubungi.*pl_shard_2"

summary
