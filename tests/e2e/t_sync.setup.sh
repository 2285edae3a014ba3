# t_sync.setup.sh - data for tests/e2e/t_sync.mjs (issue 18: the page Sinkronisasi of an offline
# instance); sourced by test_e2e.sh with PILAR, T, SRC and YEAR set, before the server starts.
#
# The page lives on a field instance, not on the office's server the other tests use. So: the
# office is a copy of the demo data base (p.db stays as the other tests expect it), served here
# for a moment on a free port; a field instance of the Bontang person's village is made from it
# with `pilar sync init`; then, in the village:
# - person 1 changed in the field (mother's name, birth place) and at the office (mother's name,
#   address of nothing else) -> a conflict after `pilar sync`, two differing fields;
# - person 2 given a PMKS category dated last year, a signed-off period at the office -> refused;
# - person 3 changed in the field after the sync -> waiting to be sent.
# t_sync.mjs starts `pilar serve` on the field data base itself (facts.json "sync").
# On PostgreSQL the office's data base is no file to copy for a second office: nothing is set up
# and t_sync.mjs registers no test (facts.json has no "sync"); test_sync covers the protocol
# there.
if on_pg; then return 0; fi
SY_VILLAGE=$(python3 -c "import json; print(json.load(open('$T/facts.json'))['village_bontang'])")
SY_OFFICE=$T/sy-office.db
SY_FIELD=$T/sy-field.db
cp "$PILAR_DB" "$SY_OFFICE" || return 1
[ ! -e "$PILAR_DB-reads" ] || cp "$PILAR_DB-reads" "$SY_OFFICE-reads" || return 1
echo 'kecamatan-kunci-7' | PILAR_DB=$SY_OFFICE $PILAR user add sy_kantor --role district \
  --scope "${SY_VILLAGE%.*}" >/dev/null || return 1
SY_TOKEN=$(PILAR_DB=$SY_OFFICE $PILAR user token sy_kantor | tail -1) || return 1
# Three living heads of household of the village, none of them the facts.json person.
SY_NIK0=$(python3 -c "import json; print(json.load(open('$T/facts.json'))['bontang']['nik'])")
SY_ROWS=$(sqlite3 "$SY_OFFICE" "SELECT p.nik, p.name, p.mother_name FROM person p WHERE p.village_code = '$SY_VILLAGE'
  AND p.nik IS NOT NULL AND p.nik <> '$SY_NIK0' AND p.death_date IS NULL AND p.state <> 'rejected'
  AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id AND m.category = 23)
  ORDER BY p.id LIMIT 3")
SY_NIK=() SY_NAME=() SY_MOTHER=()
while IFS='|' read -r a b c; do SY_NIK+=("$a") SY_NAME+=("$b") SY_MOTHER+=("$c"); done <<<"$SY_ROWS"
[ "${#SY_NIK[@]}" -eq 3 ] || return 1
(
  PILAR_DB=$SY_OFFICE
  export PILAR_DB
  : >"$T/sy-office.log"
  SERVER_LOG=$T/sy-office.log
  for _ in 1 2 3 4 5 6 7 8; do serve_on $((20000 + RANDOM % 10000)) && break; done
  [ -n "$SERVER_PID" ] || exit 1
  trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null' EXIT
  $PILAR sync init --server "$B" --token "$SY_TOKEN" --scope "$SY_VILLAGE" --name "Laptop Desa" \
    --db "$SY_FIELD" >/dev/null || exit 1
  $PILAR person update "${SY_NIK[0]}" --mother "${SY_MOTHER[0]} Lapangan" --birth-place Tenggarong \
    --db "$SY_FIELD" >/dev/null || exit 1
  $PILAR person update "${SY_NIK[0]}" --mother "${SY_MOTHER[0]} Kantor" >/dev/null || exit 1
  $PILAR person update "${SY_NIK[1]}" --pmks-add "23@$((YEAR - 1))-03-01" --db "$SY_FIELD" >/dev/null || exit 1
  $PILAR sync --db "$SY_FIELD" >/dev/null || exit 1
  $PILAR person update "${SY_NIK[2]}" --birth-place Sangatta --db "$SY_FIELD" >/dev/null || exit 1
) || return 1
echo 'lapangan-kunci-8' | $PILAR user add sy_lapangan --role district --scope "${SY_VILLAGE%.*}" \
  --db "$SY_FIELD" >/dev/null || return 1
python3 - "$T/facts.json" "$SY_FIELD" "$PILAR" "$SRC/web" "$SY_VILLAGE" "${SY_NAME[@]}" "${SY_MOTHER[@]}" <<'PY' || return 1
import json, sys
f = json.load(open(sys.argv[1]))
a = sys.argv
f["sync"] = {"db": a[2], "pilar": a[3], "web": a[4], "village": a[5], "user": "sy_lapangan",
             "password": "lapangan-kunci-8", "names": a[6:9], "mothers": a[9:12]}
json.dump(f, open(sys.argv[1], "w"))
PY
