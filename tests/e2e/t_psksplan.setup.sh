# t_psksplan.setup.sh - data for tests/e2e/t_psksplan.mjs (sourced by test_e2e.sh with PILAR, T,
# SRC, YEAR): PSKS units with coordinates in Bontang Utara (64.74.01), a disaster registered by
# one of its villages last year, and the units' ids as facts.
$PILAR psks add --type 11 --name "Tksk Bontang Utara" --area 64.74.01 --lat 0.1330 --lon 117.4960 >/dev/null || return 1
$PILAR psks add --type 2 --name "Psm Bontang Kuala" --area 64.74.01.1001 --lat 0.1380 --lon 117.5020 >/dev/null || return 1
$PILAR psks add --type 3 --name "Tagana Lok Tuan" --area 64.74.01.1003 --lat 0.1290 --lon 117.4880 >/dev/null || return 1
echo '{"type":"Polygon","coordinates":[[[117.48,0.12],[117.51,0.12],[117.51,0.15],[117.48,0.15],[117.48,0.12]]]}' >"$T/psksplan-area.geojson"
$PILAR disaster add --type banjir --date $((YEAR - 1))-11-20 --geojson "$T/psksplan-area.geojson" \
  --region 64.74.01.1002 --name "Banjir Bontang Baru" >/dev/null || return 1
PSKSPLAN_TKSK=$(sqlite3 "$PILAR_DB" "SELECT id FROM psks_unit WHERE name = 'Tksk Bontang Utara'")
python3 - "$T/psksplan_facts.json" "$PSKSPLAN_TKSK" <<'PY'
import json, sys
json.dump({"tksk": int(sys.argv[2]), "tksk_name": "Tksk Bontang Utara", "lat": 0.1330, "lon": 117.4960},
          open(sys.argv[1], "w"))
PY
