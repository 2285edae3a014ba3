# t_map.setup.sh - facts for tests/e2e/t_map.mjs (sourced by test_e2e.sh with PILAR, T, SRC):
# how many Bontang (64.74) households have no coordinates, and one of them, so the map page's
# count and list can be checked against the data base. Read through the sqlite3 shell on PATH,
# which in an encrypted run is lib.sh's keyed one.
# json_object is SQLite's; PostgreSQL builds the same object with json_build_object.
JOBJ=$(on_pg && echo json_build_object || echo json_object)
MAP_N=$(sqlite3 "$PILAR_DB" "SELECT count(*) FROM household WHERE lat IS NULL AND village_code LIKE '64.74.%'")
MAP_LOC=$(sqlite3 "$PILAR_DB" "SELECT $JOBJ('id', h.id, 'head', p.name, 'address', h.address, 'lat', h.lat, 'lon', h.lon) FROM household h JOIN person p ON p.household_id = h.id AND p.relationship = 'kepala_keluarga' WHERE h.lat IS NOT NULL AND h.village_code LIKE '64.74.%' ORDER BY h.id LIMIT 1")
MAP_ONE=$(sqlite3 "$PILAR_DB" "SELECT $JOBJ('id', h.id, 'head', p.name) FROM household h JOIN person p ON p.household_id = h.id AND p.relationship = 'kepala_keluarga' WHERE h.lat IS NULL AND h.village_code LIKE '64.74.%' ORDER BY h.id LIMIT 1")
python3 - "$T/map_facts.json" "$MAP_N" "${MAP_ONE:-null}" "$MAP_LOC" <<'PY'
import json, sys
json.dump({"unlocated_bontang": int(sys.argv[2]), "unlocated_one": json.loads(sys.argv[3]),
           "located_one": json.loads(sys.argv[4])}, open(sys.argv[1], "w"))
PY
