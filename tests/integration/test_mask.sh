#!/usr/bin/env bash
# test_mask.sh - a province analyst (a role without the full-NIK permission)
# over the API and the export: no NIK or KK, no partial mask, pseudonyms that
# are stable and consistent between list, record, history and export, NIK and
# KK searches refused, birth dates cut to the year so that district + birth
# date + sex no longer rebuild any NIK; admins and regency operators still
# see full numbers.
. "$(dirname "$0")/lib.sh"
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
# check's failures name the last request's status and body.
check_detail() { echo " (status ${STATUS:-none}, body: $(head -c 300 "$T/body"))"; }

$PILAR init >/dev/null || exit 1
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || exit 1
$PILAR gen --people 400 --region 64.74 --seed 11 --out "$T/gen.csv" >/dev/null 2>&1 || exit 1
$PILAR import "$T/gen.csv" >/dev/null || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
echo 'kota-btg-kunci1' | $PILAR user add bontang --role regency --scope 64.74 >/dev/null || exit 1
echo 'kaltim-kunci-1' | $PILAR user add prov --role province --scope 64 >/dev/null || exit 1
TA=$($PILAR user token admin)
TB=$($PILAR user token bontang)
TP=$($PILAR user token prov)

start_server --data-dir "$T/data"

is() { [ "$STATUS" = "$1" ]; }
# No 16-digit value (a JSON string or CSV field: a NIK or KK), none of the real NIKs and KKs
# anywhere in the text (once known), no '*' of a partial mask. (Coordinates may hold long runs
# of digits after a point, so a bare digit run is no finding.)
no_numbers() {
  ! grep -Eq '(^|[",;])[0-9]{16}([",;]|\r?$)' "$1" && ! grep -q '\*\*' "$1" &&
    { [ ! -s "$T/real" ] || ! grep -Fqf "$T/real" "$1"; }
}

# ---------------------------------------------------------------- the same people, three roles
req GET "$A/people?region=64.74&limit=1000" -H "Authorization: Bearer $TA"
cp "$T/body" "$T/admin.json"
python3 -c "import json; d=json.load(open('$T/admin.json'))
for e in d['items']:
    [print(v) for v in (e['nik'], e['kk']) if v]" | sort -u >"$T/real"
N=$(jsonq "len(d['items'])")
check "admin lists the regency" test "${N:-0}" -ge 300
check "admin sees full NIKs" test "$(jsonq "all(len(e['nik']) == 16 and e['nik'].isdigit() for e in d['items'] if e['nik'])")" = True
check "admin sees full birth dates" test "$(jsonq "sum(len(e['birth_date'] or '') == 10 for e in d['items']) > 0")" = True
req GET "$A/people?region=64.74&limit=1000" -H "Authorization: Bearer $TB"
check "regency sees full NIKs" test "$(jsonq "sum(len(e['nik'] or '') == 16 and e['nik'].isdigit() for e in d['items'])")" = "$(python3 -c "import json; d=json.load(open('$T/admin.json')); print(sum(1 for e in d['items'] if e['nik']))")"

req GET "$A/people?region=64.74&limit=1000" -H "Authorization: Bearer $TP"
cp "$T/body" "$T/prov1.json"
check "province lists the same people" test "$(jsonq "len(d['items'])")" = "$N"
check "province list: no NIK, KK or partial mask" no_numbers "$T/prov1.json"
check "province list: NIK pseudonyms PS-" test "$(jsonq "all(e['nik'] is None or (e['nik'].startswith('PS-') and len(e['nik']) == 19) for e in d['items'])")" = True
check "province list: KK pseudonyms PK-" test "$(jsonq "all(e['kk'] is None or (e['kk'].startswith('PK-') and len(e['kk']) == 19) for e in d['items'])")" = True
check "province list: birth year only" test "$(jsonq "all(e['birth_date'] is None or (len(e['birth_date']) == 4 and e['birth_date'].isdigit()) for e in d['items'])")" = True
check "province list: pseudonyms distinct per person" test "$(jsonq "len({e['nik'] for e in d['items'] if e['nik']}) == sum(1 for e in d['items'] if e['nik'])")" = True
check "province list: household members share the KK pseudonym" test "$(jsonq "all(len({e['kk'] for e in d['items'] if e['household_id'] == h}) == 1 for h in {e['household_id'] for e in d['items'] if e['household_id']})")" = True
req GET "$A/people?region=64.74&limit=1000" -H "Authorization: Bearer $TP"
check "pseudonyms stable across calls" cmp -s "$T/body" "$T/prov1.json"

ID=$(python3 -c "import json; d=json.load(open('$T/prov1.json')); print([e for e in d['items'] if e['nik']][0]['id'])")
PS=$(python3 -c "import json; d=json.load(open('$T/prov1.json')); print([e for e in d['items'] if e['id'] == $ID][0]['nik'])")
PK=$(python3 -c "import json; d=json.load(open('$T/prov1.json')); print([e for e in d['items'] if e['id'] == $ID][0]['kk'])")
HH=$(python3 -c "import json; d=json.load(open('$T/prov1.json')); print([e for e in d['items'] if e['id'] == $ID][0]['household_id'])")
NIK=$(python3 -c "import json; d=json.load(open('$T/admin.json')); print([e for e in d['items'] if e['id'] == $ID][0]['nik'])")
KK=$(python3 -c "import json; d=json.load(open('$T/admin.json')); print([e for e in d['items'] if e['id'] == $ID][0]['kk'])")
req GET "$A/people/$ID" -H "Authorization: Bearer $TP"
check "person read: same pseudonym as the list" test "$(jsonq "d['nik']")" = "$PS"
check "person read: same KK pseudonym" test "$(jsonq "d['kk']")" = "$PK"
check "person read: no numbers" no_numbers "$T/body"
req GET "$A/households/$HH" -H "Authorization: Bearer $TP"
check "household read: same KK pseudonym" test "$(jsonq "d['kk']")" = "$PK"
req GET "$A/households/$HH/members" -H "Authorization: Bearer $TP"
check "household members: no numbers" no_numbers "$T/body"
check "household members: the person's pseudonym" grep -q "\"$PS\"" "$T/body"

# History after a change made by the regency operator: images carry pseudonyms and years.
req GET "$A/people/$ID" -H "Authorization: Bearer $TB"
V=$(jsonq "d['version']")
req PATCH "$A/people/$ID" -H "Authorization: Bearer $TB" -H 'Content-Type: application/json' -d "{\"birth_place\":\"Bontang\",\"version\":$V}"
check "regency changes the person" is 200
req GET "$A/people/$ID/history" -H "Authorization: Bearer $TP"
check "province history 200" is 200
check "province history: no numbers" no_numbers "$T/body"
check "province history: the same pseudonym in the images" test "$(jsonq "all(e['after'] is None or e['after'].get('nik') == '$PS' for e in d['items'] if e['action'] == 'update')")" = True
check "province history: birth year only" test "$(jsonq "all(len(str((e[k] or {}).get('birth_date') or '1234')) == 4 for e in d['items'] for k in ('before', 'after'))")" = True
req GET "$A/people/$ID/history" -H "Authorization: Bearer $TB"
check "regency history shows the NIK" grep -q "$NIK" "$T/body"
req GET "$A/households/$HH/history" -H "Authorization: Bearer $TP"
check "province household history: no numbers" no_numbers "$T/body"

# ---------------------------------------------------------------- searches by number refused
for q in "nik=$NIK" "nik=6474000000000000" "kk=$KK" "kk=6474000000000001" "q=$NIK" "q=647401"; do
  req GET "$A/people?$q" -H "Authorization: Bearer $TP"
  check "province search $q refused 403" is 403
  check "refusal in Bahasa Indonesia" test "$(jsonq "'NIK' in d['error']['message'] and 'tidak boleh' in d['error']['message']")" = True
done
req GET "$A/households?kk=$KK" -H "Authorization: Bearer $TP"
check "province household search by KK refused" is 403
req GET "$A/households?kk=6474000000000001" -H "Authorization: Bearer $TP"
check "unknown KK refused the same way" is 403
req GET "$A/people?q=Budi" -H "Authorization: Bearer $TP"
check "province name search still works" is 200
req GET "$A/people?nik=$NIK" -H "Authorization: Bearer $TB"
check "regency NIK search works" test "$(jsonq "len(d['items'])")" = 1
req GET "$A/households?kk=$KK" -H "Authorization: Bearer $TB"
check "regency KK search works" test "$(jsonq "len(d['items'])")" = 1

# ---------------------------------------------------------------- exports
curl -s -o "$T/prov.csv" -H "Authorization: Bearer $TP" "$A/exports?region=64.74"
curl -s -o "$T/admin.csv" -H "Authorization: Bearer $TA" "$A/exports?region=64.74"
check "admin export has full NIKs" grep -q "$NIK" "$T/admin.csv"
check "province export: no NIK, KK or partial mask" no_numbers "$T/prov.csv"
check "province export: birth years" test "$(python3 - "$T/prov.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
print(len(rows) > 0 and all(len(r['tanggal_lahir']) in (0, 4) for r in rows))
PY
)" = True
check "province export: the API's pseudonyms" test "$(python3 - "$T/prov.csv" "$T/prov1.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
api = json.load(open(sys.argv[2]))['items']
print({r['nik'] for r in rows if r['nik']} == {e['nik'] for e in api if e['nik']} and
      {r['no_kk'] for r in rows if r['no_kk']} == {e['kk'] for e in api if e['kk']})
PY
)" = True
# The attack of the issue: district + birth date (+40 for women) gives the NIK's first 12
# digits; with the admin's file it rebuilds most of them, with the analyst's none.
rebuild() { # rebuild ANALYST_CSV TRUTH_CSV -> exact 12-digit prefixes rebuilt
  python3 - "$1" "$2" <<'PY'
import csv, sys
def prefixes(path):
    out = []
    for r in csv.DictReader(open(path, encoding='utf-8-sig')):
        d, code, sex = r['tanggal_lahir'], r['kode_desa'].replace('.', ''), r['jenis_kelamin']
        if len(d) != 10 or len(code) < 6:
            out.append(None)
            continue
        day = int(d[8:10]) + (40 if sex == 'P' else 0)
        out.append(code[:6] + '%02d' % day + d[5:7] + d[2:4])
    return out
truth = {r['nik'][:12] for r in csv.DictReader(open(sys.argv[2], encoding='utf-8-sig')) if r['nik']}
print(sum(1 for p in prefixes(sys.argv[1]) if p and p in truth))
PY
}
check "the attack works on full data (sanity)" test "$(rebuild "$T/admin.csv" "$T/admin.csv")" -ge 100
check "the attack rebuilds 0 NIKs from the analyst's export" test "$(rebuild "$T/prov.csv" "$T/admin.csv")" = 0
$PILAR export --region 64.74 --mask-nik --out "$T/cli.csv" >/dev/null
check "pilar export --mask-nik: no numbers" no_numbers "$T/cli.csv"
check "pilar export --mask-nik: the server's pseudonyms" grep -q "$PS" "$T/cli.csv"

# ---------------------------------------------------------------- stable per server key
stop_server
start_server --data-dir "$T/data"
req GET "$A/people/$ID" -H "Authorization: Bearer $TP"
check "pseudonym stable across restarts" test "$(jsonq "d['nik']")" = "$PS"
check "key kept in the data base, made once" test "$(sqlite3 "$PILAR_DB" 'select count(*), max(length(key)) from ident_key')" = "1|32"
$PILAR init >/dev/null
req GET "$A/people/$ID" -H "Authorization: Bearer $TP"
check "pseudonym stable after init again" test "$(jsonq "d['nik']")" = "$PS"

# ---------------------------------------------------------------- other routes with NIKs
req GET "$A/dedup/candidates" -H "Authorization: Bearer $TP"
check "dedup candidates: no numbers for the province" no_numbers "$T/body"
req GET "$A/psks" -H "Authorization: Bearer $TP"
check "PSKS: no numbers for the province" no_numbers "$T/body"

summary
