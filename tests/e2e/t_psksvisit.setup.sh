# t_psksvisit.setup.sh - data for tests/e2e/t_psksvisit.mjs (issue 20: the field worker's
# page Kunjungan PSKS and Tagana on the disaster page); sourced by test_e2e.sh with PILAR, T,
# SRC and YEAR set, before the server starts.
#
# A TKSK and a Tagana member with coordinates in the district of the Bontang person of
# facts.json; two assignments of that unit: the Bontang person (due next year) and a
# household overdue since January of last year; a flood whose area holds the Tagana member.
PV_VILLAGE=$(python3 -c "import json; print(json.load(open('$T/facts.json'))['village_bontang'])")
PV_DISTRICT=${PV_VILLAGE%.*}
PV_UNIT=$($PILAR psks add --type tksk --name "Kurniawan Lapangan" --area "$PV_DISTRICT" --phone 0812777001 \
  --lat 0.1400 --lon 117.4900 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || return 1
PV_TAGANA=$($PILAR psks add --type tagana --name "Bayu Siaga Banjir" --area "$PV_DISTRICT" --phone 0812777002 \
  --lat 0.1200 --lon 117.4700 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || return 1
PV_NIK=$(python3 -c "import json; print(json.load(open('$T/facts.json'))['bontang']['nik'])")
PV_PERSON=$(sqlite3 "$PILAR_DB" "SELECT id FROM person WHERE nik = '$PV_NIK'")
PV_HH=$(sqlite3 "$PILAR_DB" "SELECT id FROM household WHERE village_code LIKE '$PV_DISTRICT.%' AND id NOT IN
  (SELECT household_id FROM person WHERE id = $PV_PERSON) ORDER BY id LIMIT 1")
PV_NAME=$(sqlite3 "$PILAR_DB" "SELECT name FROM person WHERE id = $PV_PERSON")
$PILAR psks assign --person "$PV_PERSON" --unit "$PV_UNIT" --due "$((YEAR + 1))-01-31" --reason "Lansia tinggal sendiri" >/dev/null || return 1
$PILAR psks assign --household "$PV_HH" --unit "$PV_UNIT" --due "$((YEAR - 1))-01-31" --reason "Rumah tidak layak huni" >/dev/null || return 1
echo '{"type":"Polygon","coordinates":[[[117.46,0.11],[117.475,0.11],[117.475,0.125],[117.46,0.125],[117.46,0.11]]]}' >"$T/pv-area.geojson"
PV_EVENT=$($PILAR disaster add --type banjir --name "Banjir Uji Tagana" --date "$((YEAR - 1))-11-02" \
  --geojson "$T/pv-area.geojson" --region "$PV_DISTRICT" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || return 1
python3 - "$T/facts.json" "$PV_UNIT" "$PV_PERSON" "$PV_NAME" "$PV_EVENT" "$PV_DISTRICT" <<'PY' || return 1
import json, sys
f = json.load(open(sys.argv[1]))
f["psksvisit"] = {"unit": int(sys.argv[2]), "unit_name": "Kurniawan Lapangan", "person": int(sys.argv[3]),
                  "person_name": sys.argv[4], "event": int(sys.argv[5]), "tagana_name": "Bayu Siaga Banjir",
                  "district": sys.argv[6]}
json.dump(f, open(sys.argv[1], "w"))
PY
