# t_map.setup.sh - facts for tests/e2e/t_map.mjs (sourced by test_e2e.sh with PILAR, T, SRC):
# how many Bontang (64.74) households have no coordinates, and one of them, so the map page's
# count and list can be checked against the data base.
python3 - "$PILAR_DB" "$T/map_facts.json" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
n = db.execute("SELECT count(*) FROM household WHERE lat IS NULL AND village_code LIKE '64.74.%'").fetchone()[0]
one = db.execute("SELECT h.id, p.name FROM household h JOIN person p ON p.household_id = h.id "
                 "AND p.relationship = 'kepala_keluarga' WHERE h.lat IS NULL AND h.village_code "
                 "LIKE '64.74.%' ORDER BY h.id LIMIT 1").fetchone()
located = db.execute("SELECT h.id, p.name, h.address, h.lat, h.lon FROM household h JOIN person p ON "
                     "p.household_id = h.id AND p.relationship = 'kepala_keluarga' WHERE h.lat IS NOT NULL "
                     "AND h.village_code LIKE '64.74.%' ORDER BY h.id LIMIT 1").fetchone()
json.dump({"unlocated_bontang": n, "unlocated_one": {"id": one[0], "head": one[1]} if one else None,
           "located_one": {"id": located[0], "head": located[1], "address": located[2],
                           "lat": located[3], "lon": located[4]}},
          open(sys.argv[2], "w"))
PY
