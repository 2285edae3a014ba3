# t_uirest.setup.sh - facts for tests/e2e/t_uirest.mjs (sourced by test_e2e.sh with PILAR, T,
# SRC): a Bontang (64.74) person with a disability and a printed card (the person page links
# to it), and a Bontang person in PMKS category 24 (the page's label is the domain's).
UR_NIK=$(sqlite3 "$PILAR_DB" "SELECT nik FROM person WHERE disability <> '' AND nik IS NOT NULL AND death_date IS NULL AND village_code LIKE '64.74.%' ORDER BY id LIMIT 1")
[ -n "$UR_NIK" ] || return 1
UR_CARD=$($PILAR card "$UR_NIK" --out "$T/uirest-card.pdf" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["cards"][0]["token"])') || return 1
UR_PID=$(sqlite3 "$PILAR_DB" "SELECT id FROM person WHERE nik = '$UR_NIK'")
UR_CAT=$(sqlite3 "$PILAR_DB" "SELECT m.person_id FROM membership m JOIN person p ON p.id = m.person_id WHERE m.category = 9 AND m.valid_to IS NULL AND p.village_code LIKE '64.74.%' ORDER BY m.id LIMIT 1")
python3 - "$T/uirest_facts.json" "$UR_PID" "$UR_CARD" "${UR_CAT:-0}" <<'PY' || return 1
import json, sys
json.dump({"card_person": int(sys.argv[2]), "card_token": sys.argv[3],
           "category_person": int(sys.argv[4])}, open(sys.argv[1], "w"))
PY
