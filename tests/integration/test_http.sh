#!/usr/bin/env bash
# test_http.sh - starts the real `pilar serve` on a loopback port and drives
# the JSON API with curl: login/logout, CSRF, rate limit, tokens, scope,
# masking, error shape, body limits, SQL-injection strings, lost updates,
# imports/exports, audit, static files, graceful stop, and docs/api.md.
. "$(dirname "$0")/lib.sh"
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
# check's failures name the last request's status and body.
check_detail() { echo " (status ${STATUS:-none}, body: $(head -c 300 "$T/body"))"; }

# ---------------------------------------------------------------- set-up
$PILAR init >/dev/null || exit 1
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || exit 1
$PILAR gen --people 300 --region 64 --seed 7 --out "$T/gen.csv" >/dev/null 2>&1 || exit 1
$PILAR import "$T/gen.csv" >/dev/null || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
echo 'kota-btg-kunci1' | $PILAR user add bontang --role regency --scope 64.74 >/dev/null || exit 1
echo 'kota-smd-kunci1' | $PILAR user add samarinda --role regency --scope 6472 >/dev/null || exit 1
echo 'kaltim-kunci-1' | $PILAR user add prov --role province --scope 64 >/dev/null || exit 1
echo 'viewer-pass-12' | $PILAR user add lihat --role viewer >/dev/null || exit 1
echo 'kunci-lm-12345' | $PILAR user add lockme --role viewer >/dev/null || exit 1
if echo 'x' | $PILAR user add shortpw --role viewer >/dev/null 2>&1; then bad "short password accepted"; else ok; fi
if echo 'long-enough-1' | $PILAR user add badscope --role regency --scope 64 >/dev/null 2>&1; then
  bad "regency with province scope accepted"; else ok; fi
TA=$($PILAR user token admin)
TB=$($PILAR user token bontang)
TS=$($PILAR user token samarinda)
TP=$($PILAR user token prov)
TV=$($PILAR user token lihat)
mkdir -p "$T/web"
echo '<!doctype html><title>Pilar</title>' >"$T/web/index.html"
echo 'secret' >"$T/secret.txt"

start_server --web "$T/web" --data-dir "$T/data"

is() { [ "$STATUS" = "$1" ]; }
err_shape() { jsonq "d['error']['code'] and 'message' in d['error'] and 'field' in d['error']" | grep -q .; }

# ---------------------------------------------------------------- basics
req GET "$B/healthz"
check "healthz" is 200
check "healthz body" body_has '"status":"ok"'
req GET "$A/people?q=a"
check "unauthenticated is 401" is 401
check "401 error shape" err_shape
req GET "$A/nowhere" -H "Authorization: Bearer $TA"
check "unknown route 404" is 404
check "404 error shape" err_shape
req DELETE "$A/people" -H "Authorization: Bearer $TA"
check "wrong method 405" is 405

# ---------------------------------------------------------------- fixtures via the API
req GET "$A/regions?parent=64.74.01" -H "Authorization: Bearer $TA"
VB=$(jsonq "d['items'][0]['code']")
req GET "$A/regions?parent=64.72.01" -H "Authorization: Bearer $TA"
VS=$(jsonq "d['items'][0]['code']")
check "village codes" test -n "$VB" -a -n "$VS"
NB=6474011205809901; NS=6472011505859901
req POST "$A/people" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"nik\":\"$NB\",\"kk\":\"6474010101209901\",\"name\":\"Budi Bontang\",\"birth_date\":\"1980-05-12\",\"sex\":\"L\",\"village_code\":\"$VB\",\"relationship\":\"kepala keluarga\"}"
check "bontang operator registers in Bontang" is 201
IB=$(jsonq "d['id']")
check "person reply: English keys" test "$(jsonq "[d['kk'], d['name'], d['birth_date'], d['sex'], d['relationship'], d['village_code'], d['flags'], d['notes'], d['status_by']]")" = "['6474010101209901', 'Budi Bontang', '1980-05-12', 'L', 'kepala_keluarga', '$VB', [], [], None]"
check "person reply: no Bahasa keys" body_lacks '"nama"'
req POST "$A/people" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"nik\":\"$NS\",\"kk\":\"6472010202209901\",\"name\":\"Sari Samarinda\",\"birth_date\":\"1985-05-15\",\"sex\":\"L\",\"village_code\":\"$VS\"}"
check "bontang operator cannot register in Samarinda" is 403
req POST "$A/people" -H "Authorization: Bearer $TS" "${J[@]}" -d "{\"nik\":\"$NS\",\"kk\":\"6472010202209901\",\"name\":\"Sari Samarinda\",\"birth_date\":\"1985-05-15\",\"sex\":\"L\",\"village_code\":\"$VS\"}"
check "samarinda operator registers in Samarinda" is 201
IS=$(jsonq "d['id']")
req POST "$A/people" -H "Authorization: Bearer $TS" "${J[@]}" -d "{\"nik\":\"6472011505850000\",\"kk\":\"6472010202209901\",\"name\":\"X\",\"birth_date\":\"1985-05-15\",\"sex\":\"L\",\"village_code\":\"$VS\"}"
check "invalid NIK is 422" is 422
check "invalid NIK names the field" body_has '"field":"nik"'
req POST "$A/people" -H "Authorization: Bearer $TS" "${J[@]}" -d "{\"nik\":\"$NS\",\"kk\":\"6472010202209901\",\"name\":\"Sari\",\"birth_date\":\"1985-05-15\",\"sex\":\"L\",\"village_code\":\"$VS\"}"
check "duplicate NIK is 409" is 409
req POST "$A/people" -H "Authorization: Bearer $TS" "${J[@]}" -d "{\"nik\":\"6472011505850001\",\"kk\":\"6472010202209901\",\"nama\":\"Sari\",\"birth_date\":\"1985-05-15\",\"sex\":\"P\",\"village_code\":\"$VS\"}"
check "POST /people: a Bahasa key is unknown (422)" is 422
check "POST /people: the unknown key is named" body_has '"field":"nama"'
req POST "$A/people" -H "Authorization: Bearer $TS" "${J[@]}" -d "{\"nik\":\"6472015505850001\",\"kk\":\"6472010202209901\",\"name\":\"Sari\",\"birth_date\":\"1985-05-15\",\"sex\":\"P\",\"village_code\":\"$VS\",\"mother_name\":\"Ibu\",\"categories\":\"99\"}"
check "POST /people: bad categories 422" is 422
check "POST /people: the error names categories" body_has '"field":"categories"'
req POST "$A/households" -H "Authorization: Bearer $TS" "${J[@]}" -d "{\"no_kk\":\"6472010202209902\",\"village_code\":\"$VS\"}"
check "POST /households: a Bahasa key is unknown (422)" is 422
check "POST /households: the unknown key is named" body_has '"field":"no_kk"'
req POST "$A/households" -H "Authorization: Bearer $TS" "${J[@]}" -d "{\"kk\":\"6472010202209902\",\"village_code\":\"64.72.01\"}"
check "POST /households: not a village 422" is 422
check "POST /households: the error names village_code" body_has '"field":"village_code"'

# ---------------------------------------------------------------- login, session, CSRF, logout
req POST "$A/login" "${J[@]}" -d '{"username":"bontang","password":"wrong-password"}'
check "wrong password 401" is 401
check "wrong password error shape" err_shape
req POST "$A/login" "${J[@]}" -d '{"username":"bontang","password":"kota-btg-kunci1"}' -c "$T/cj"
check "login 200" is 200
check "cookie HttpOnly SameSite=Strict" grep -qi 'Set-Cookie: pilar_session=.*HttpOnly; SameSite=Strict; Path=/' "$T/hdr"
CSRF=$(jsonq "d['csrf_token']")
check "csrf token returned" test ${#CSRF} -ge 32
req GET "$A/me" -b "$T/cj"
check "me with cookie" body_has '"username":"bontang"'
req GET "$A/people/$IB" -b "$T/cj"
check "cookie GET person" is 200
req PATCH "$A/people/$IB" -b "$T/cj" "${J[@]}" -d '{"name":"Budi Santoso","version":1}'
check "PATCH without CSRF is 403" is 403
check "CSRF error code" body_has '"code":"csrf"'
req PATCH "$A/people/$IB" -b "$T/cj" "${J[@]}" -H "X-CSRF-Token: nope" -d '{"name":"Budi Santoso","version":1}'
check "PATCH with wrong CSRF is 403" is 403
req PATCH "$A/people/$IB" -b "$T/cj" "${J[@]}" -H "X-CSRF-Token: $CSRF" -d '{"name":"Budi Santoso","version":1}'
check "PATCH with CSRF is 200" is 200
check "PATCH bumps version" test "$(jsonq "d['version']")" = 2
req POST "$A/logout" -b "$T/cj" "${J[@]}" -H "X-CSRF-Token: $CSRF" -d '{}'
check "logout 200" is 200
req GET "$A/me" -b "$T/cj"
check "session gone after logout" is 401

# ---------------------------------------------------------------- tokens
req GET "$A/me" -H "Authorization: Bearer $TB"
check "bearer works" is 200
TX=$($PILAR user token bontang --label sekali)
req GET "$A/me" -H "Authorization: Bearer $TX"
check "second token works" is 200
TXID=$($PILAR user revoke bontang --list | awk '$2=="sekali"{print $1}')
$PILAR user revoke bontang --token "$TXID" >/dev/null
req_after_cli 401 GET "$A/me" -H "Authorization: Bearer $TX"
check "revoked token is 401" is 401
req GET "$A/me" -H "Authorization: Bearer $TB"
check "other token still works" is 200
req GET "$A/me" -H "Authorization: Bearer plt_0000"
check "bogus token 401" is 401
# A colleague's token: the account that registered IB (bontang) may not verify it (four eyes).
req POST "$A/verification/bulk" -H "Authorization: Bearer $TA" "${J[@]}" -d "{\"ids\":[$IB],\"action\":\"verify\"}"
check "bearer needs no CSRF" is 200

# ---------------------------------------------------------------- scope
req GET "$A/people/$IS" -H "Authorization: Bearer $TB"
check "Bontang cannot read Samarinda by id" is 404
check "no name leaked" body_lacks 'Sari'
req PATCH "$A/people/$IS" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"name":"Diretas","version":1}'
check "Bontang cannot change Samarinda" is 404
req GET "$A/people?nik=$NS" -H "Authorization: Bearer $TB"
check "NIK search outside scope is empty" test "$(jsonq "len(d['items'])")" = 0
req GET "$A/people?q=Sari%20Samarinda" -H "Authorization: Bearer $TB"
check "name search outside scope is empty" body_lacks "$NS"
req GET "$A/people?q=Sari%20Samarinda" -H "Authorization: Bearer $TS"
check "name search inside scope finds" body_has "$NS"
req GET "$A/people/$IS/history" -H "Authorization: Bearer $TB"
check "history outside scope 404" is 404
req POST "$A/people/$IS/verify" -H "Authorization: Bearer $TB"
check "verify outside scope 404" is 404
req GET "$A/exports?region=64.72" -H "Authorization: Bearer $TB"
check "export of Samarinda refused" is 403
req GET "$A/exports?format=csv" -H "Authorization: Bearer $TB"
check "export in scope 200" is 200
check "export has Bontang" body_has "$NB"
check "export lacks Samarinda" body_lacks "$NS"
check "export lacks other regencies" body_lacks ',64\.72\.'
{
  echo "nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kode_desa"
  echo "$NS,6472010202209901,Nama Diganti,1985-05-15,L,$VS"
  echo "6474011306809902,6474010101209901,Adik Budi,1980-06-13,L,$VB"
} >"$T/up.csv"
req POST "$A/imports" -H "Authorization: Bearer $TB" -F "file=@$T/up.csv;type=text/csv"
check "import 200" is 200
check "import rejects the Samarinda row" test "$(jsonq "d['rejected']")" = 1
check "import inserts the Bontang row" test "$(jsonq "d['inserted']")" = 1
REJ=$(jsonq "d['rejects']")
req GET "$B$REJ" -H "Authorization: Bearer $TB"
check "rejects file for its owner" body_has "$NS"
req GET "$B$REJ" -H "Authorization: Bearer $TS"
check "rejects file not for another user" is 404
req GET "$B$REJ" -H "Authorization: Bearer $TA"
check "rejects file for admin" is 200
req GET "$A/people/$IS" -H "Authorization: Bearer $TS"
check "Samarinda person unchanged by the import" body_has '"name":"Sari Samarinda"'
req POST "$A/imports" -H "Authorization: Bearer $TB" -H 'Content-Type: text/csv' --data-binary "@$T/up.csv"
check "raw CSV import 200" is 200
req POST "$A/imports" -H "Authorization: Bearer $TB" "${J[@]}" -d '{}'
check "import with JSON type 415" is 415

# ---------------------------------------------------------------- roles, masking
req GET "$A/people/$IB" -H "Authorization: Bearer $TV"
check "viewer cannot read a person" is 403
req GET "$A/people?q=Budi" -H "Authorization: Bearer $TV"
check "viewer cannot search people" is 403
req GET "$A/exports" -H "Authorization: Bearer $TV"
check "viewer cannot export" is 403
req GET "$A/summary?region=64.74" -H "Authorization: Bearer $TV"
check "viewer gets aggregates" is 200
check "summary has counts" body_has '"people":'
check "summary has no NIK" body_lacks "$NB"
req GET "$A/summary?region=64.72" -H "Authorization: Bearer $TB"
check "summary outside scope 403" is 403
req GET "$A/people/$IB" -H "Authorization: Bearer $TP"
check "province reads in scope" is 200
check "province sees a pseudonym, not a partial NIK" body_has '"nik":"PS-[bcdfghjklmnpqrst]\{16\}"'
check "province sees no masked digits" body_lacks '\*\*\*\*'
check "province does not see full NIK" body_lacks "$NB"
req GET "$A/people/$IB/history" -H "Authorization: Bearer $TP"
check "province history masks NIK" body_lacks "$NB"
req GET "$A/people/$IB" -H "Authorization: Bearer $TB"
check "regency sees full NIK" body_has "\"nik\":\"$NB\""
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TP" "${J[@]}" -d '{"name":"X","version":2}'
check "province cannot write" is 403
req GET "$A/audit" -H "Authorization: Bearer $TB"
check "audit is admin only" is 403
req GET "$A/users" -H "Authorization: Bearer $TB"
check "users is admin only" is 403

# ---------------------------------------------------------------- error shape, content types, limits
req POST "$A/people" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"nik": "123",'
check "malformed JSON 400" is 400
check "malformed JSON error shape" err_shape
req POST "$A/people" -H "Authorization: Bearer $TB" "${J[@]}" -d '[1,2]'
check "non-object JSON 400" is 400
req POST "$A/people" -H "Authorization: Bearer $TB" -H 'Content-Type: text/plain' -d '{}'
check "wrong content type 415" is 415
check "415 error shape" err_shape
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"name":"Tanpa Versi"}'
check "PATCH without version 422" is 422
check "PATCH without version names the field" body_has '"field":"version"'
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"birth_date":"1980-13-45","version":2}'
check "bad date 422" is 422
check "bad date names canonical field" body_has '"field":"birth_date"'
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"tanggal_meninggal":"2024-01-01","version":2}'
check "PATCH: a Bahasa key is refused" is 422
check "PATCH: the refused key is named" body_has '"field":"tanggal_meninggal"'
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"death_date":"1970-01-01","version":2}'
check "PATCH: death before birth names death_date" body_has '"field":"death_date"'
head -c 1200000 /dev/zero | tr '\0' 'a' >"$T/big.json"
req POST "$A/people" -H "Authorization: Bearer $TB" "${J[@]}" --data-binary "@$T/big.json"
check "oversized body 413" is 413
check "413 error shape" err_shape
req GET "$A/people?limit=0" -H "Authorization: Bearer $TB"
check "limit 0 is 422" is 422
req GET "$A/people?limit=5000" -H "Authorization: Bearer $TB"
check "limit 5000 is 422" is 422

# ---------------------------------------------------------------- paging
req GET "$A/people?region=64&limit=7" -H "Authorization: Bearer $TA"
check "page 1" test "$(jsonq "len(d['items'])")" = 7
NEXT=$(jsonq "d['next']")
FIRST=$(jsonq "d['items'][0]['id']")
req GET "$A/people?region=64&limit=7&cursor=$NEXT" -H "Authorization: Bearer $TA"
check "page 2 continues after the cursor" test "$(jsonq "d['items'][0]['id'] > $NEXT")" = True
req GET "$A/people?nik=$NB" -H "Authorization: Bearer $TB"
check "NIK lookup answers items/next" test "$(jsonq "(len(d['items']), d['next'])")" = "(1, None)"
# A page of 100: every person on it is audited as one read (rows go in many per statement).
echo 'baca-kunci-123' | $PILAR user add pembaca --role province --scope 64 >/dev/null
TR=$($PILAR user token pembaca)
req GET "$A/people?region=64&limit=100" -H "Authorization: Bearer $TR"
check "page of 100" test "$(jsonq "len(d['items'])")" = 100
IDS100=$(jsonq "sorted(e['id'] for e in d['items'])")
req GET "$A/audit?entity=person&limit=1000" -H "Authorization: Bearer $TA"
check "each of the 100 read once in the audit, with time and client" test "$(jsonq "sorted(e['entity_id'] for e in d['items'] if e['action'] == 'read' and e['actor'] == 'pembaca' and e['client'] == '127.0.0.1' and len(e['at']) == 20 and e['at'].endswith('Z'))")" = "$IDS100"

# ---------------------------------------------------------------- SQL injection strings
BEFORE=$(sqlite3 "$PILAR_DB" "select count(*) from person; select count(*) from app_user;" | tr '\n' ' ')
INJ=("' OR '1'='1" "1; DROP TABLE person; --" "\" OR 1=1 --" "x') UNION SELECT * FROM app_user --" "%' AND 1=1 --" "64.74' OR '1'='1" "*" "NEAR(a b)" "\"a\" OR \"b\"")
for s in "${INJ[@]}"; do
  for p in q nik kk region state category cursor limit; do
    STATUS=$(curl -s -o "$T/body" -w '%{http_code}' -G -H "Authorization: Bearer $TB" --data-urlencode "$p=$s" "$A/people")
    if [ "$STATUS" = 200 ]; then
      n=$(jsonq "len(d['items'])")
      if [ "$p" != q ] || [ "${n:-x}" = x ] || grep -q "$NS" "$T/body"; then bad "injection $p=$s gave 200 with $n items"; else ok; fi
    elif [ "$STATUS" -ge 400 ] && [ "$STATUS" -lt 500 ] && err_shape; then ok
    else bad "injection $p=$s gave $STATUS"; fi
  done
  for u in "$A/regions/search" "$A/regions" "$A/audit" "$A/exports" "$A/summary" "$A/psks"; do
    for p in q parent entity region format type cursor; do
      STATUS=$(curl -s -o "$T/body" -w '%{http_code}' -G -H "Authorization: Bearer $TA" --data-urlencode "$p=$s" "$u")
      if [ "$STATUS" -lt 500 ]; then ok; else bad "injection $u $p=$s gave $STATUS"; fi
    done
  done
  body=$(python3 -c "import json,sys; print(json.dumps({'username': sys.argv[1], 'password': sys.argv[1]}))" "$s")
  STATUS=$(curl -s -o "$T/body" -w '%{http_code}' "${J[@]}" -d "$body" "$A/login")
  if [ "$STATUS" = 401 ] || [ "$STATUS" = 429 ]; then ok; else bad "login injection gave $STATUS"; fi
  body=$(python3 -c "import json,sys; print(json.dumps({'name': sys.argv[1], 'version': 1}))" "$s")
  STATUS=$(curl -s -o "$T/body" -w '%{http_code}' -X PATCH -H "Authorization: Bearer $TB" "${J[@]}" -d "$body" "$A/people/$IB")
  if [ "$STATUS" -ge 400 ] && [ "$STATUS" -lt 500 ]; then ok; else bad "PATCH injection gave $STATUS"; fi
  STATUS=$(curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer $TB" "$A/people/$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1], safe=""))' "$s")")
  if [ "$STATUS" = 422 ] || [ "$STATUS" = 404 ]; then ok; else bad "id injection gave $STATUS"; fi
done
AFTER=$(sqlite3 "$PILAR_DB" "select count(*) from person; select count(*) from app_user;" | tr '\n' ' ')
check "DB intact after injection strings" test "$BEFORE" = "$AFTER"
if on_pg; then
  check "integrity ok" "$PILAR" check --db "$PILAR_DB"
else
  check "integrity ok" test "$(sqlite3 "$PILAR_DB" 'PRAGMA integrity_check')" = ok
fi

# ---------------------------------------------------------------- concurrent writes: no lost update
req GET "$A/people/$IS" -H "Authorization: Bearer $TS"
V=$(jsonq "d['version']")
NAMES=(x Alfa Beta Gama Delta Eko Fajar Gilang Hana)
for i in 1 2 3 4 5 6 7 8; do
  curl -s -o "$T/cw$i" -w '%{http_code}\n' -X PATCH -H "Authorization: Bearer $TS" "${J[@]}" \
    -d "{\"name\":\"Sari ${NAMES[$i]}\",\"version\":$V}" "$A/people/$IS" >"$T/cs$i" &
done
wait_for_curls() { for j in $(jobs -p); do [ "$j" != "$SERVER_PID" ] && wait "$j"; done; }
wait_for_curls
wins=$(cat "$T"/cs* | grep -c '^200$'); lost=$(cat "$T"/cs* | grep -c '^409$')
check "exactly one concurrent write wins" test "$wins" = 1 -a "$lost" = 7
check "409 names the current version" grep -q "versi $((V + 1))" "$T/cw$(grep -l '^409$' "$T"/cs* | head -1 | sed 's/.*cs//')"
req PATCH "$A/people/$IS" -H "Authorization: Bearer $TS" "${J[@]}" -d "{\"name\":\"Stale\",\"version\":$V}"
check "stale write 409" is 409
check "409 error shape" err_shape

# ---------------------------------------------------------------- verification, categories, households
req POST "$A/people/$IS/reject" -H "Authorization: Bearer $TS" "${J[@]}" -d '{}'
check "reject without reason 422" is 422
req POST "$A/people/$IS/reject" -H "Authorization: Bearer $TS" "${J[@]}" -d '{"reason":"alamat tidak ditemukan"}'
check "reject with reason" body_has '"status":"rejected"'
req GET "$A/verification/queue?region=64.74" -H "Authorization: Bearer $TB"
check "queue lists drafts" body_has '"status":"draft"'
check "queue excludes verified" body_lacks "\"nik\":\"$NB\""
req POST "$A/people/$IB/categories" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"category":9}'
check "add PMKS category" is 201
MID=$(jsonq "d['id']")
req POST "$A/people/$IB/categories/$MID/end" -H "Authorization: Bearer $TB" "${J[@]}" -d '{}'
check "end PMKS membership" is 200
req GET "$A/people/$IB/categories" -H "Authorization: Bearer $TB"
check "memberships listed" body_has '"category":9'
# PATCH does everything `pilar person update` does: PMKS categories started and ended with the
# change (one transaction), the death date set and cleared, the own point set and cleared.
req GET "$A/people/$IB" -H "Authorization: Bearer $TB"
V=$(jsonq "d['version']")
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TB" "${J[@]}" \
  -d "{\"version\":$V,\"birth_place\":\"Bontang\",\"categories_add\":[{\"category\":8,\"valid_from\":\"2021-01-01\"},\"13\"]}"
check "PATCH categories_add 200" is 200
V=$(jsonq "d['version']")
req GET "$A/people/$IB/categories" -H "Authorization: Bearer $TB"
check "categories_add with its date" test "$(jsonq "len([m for m in d['items'] if m['category']==8 and m['valid_from']=='2021-01-01' and m['valid_to'] is None])")" = 1
check "categories_add by slug or code, from today" test "$(jsonq "len([m for m in d['items'] if m['category']==13 and m['valid_to'] is None])")" = 1
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TB" "${J[@]}" \
  -d "{\"version\":$V,\"categories_end\":[{\"category\":8,\"valid_to\":\"2022-01-01\"}]}"
check "PATCH categories_end 200" is 200
V=$(jsonq "d['version']")
req GET "$A/people/$IB/categories" -H "Authorization: Bearer $TB"
check "categories_end ended it" test "$(jsonq "[m['valid_to'] for m in d['items'] if m['category']==8][0]")" = 2022-01-01
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TB" "${J[@]}" \
  -d "{\"version\":$V,\"name\":\"Tidak Jadi\",\"categories_end\":[5]}"
check "ending a category not open 404" is 404
check "404 names categories_end" body_has '"field":"categories_end"'
req GET "$A/people/$IB" -H "Authorization: Bearer $TB"
check "refused end rolls the change back" test "$(jsonq "d['name'] != 'Tidak Jadi' and d['version'] == $V")" = True
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"version\":$V,\"categories_add\":[99]}"
check "unknown category 422" is 422
check "unknown category names the key" body_has '"field":"categories_add"'
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TB" "${J[@]}" \
  -d "{\"version\":$V,\"death_date\":\"2024-02-03\",\"latitude\":0.1372,\"longitude\":117.4985}"
check "PATCH death date and point" test "$STATUS/$(jsonq "d['death_date'], d['latitude'], d['longitude']")" = "200/2024-02-03 0.1372 117.4985"
V=$(jsonq "d['version']")
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TB" "${J[@]}" \
  -d "{\"version\":$V,\"death_date\":null,\"latitude\":null,\"longitude\":null}"
check "PATCH clears death date and point" test "$STATUS/$(jsonq "d['death_date'], d['latitude']")" = "200/None None"
HID=$(sqlite3 "$PILAR_DB" "select household_id from person where id=$IB")
req GET "$A/households/$HID/members" -H "Authorization: Bearer $TB"
check "household members" body_has "$NB"
req PATCH "$A/households/$HID" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"address":"Jl. Baru 1","version":1}'
check "household PATCH" body_has 'Jl. Baru 1'
check "household reply: English keys" test "$(jsonq "[d['address'], d['kk'], d['village_code'] == '$VB']")" = "['Jl. Baru 1', '6474010101209901', True]"
req PATCH "$A/households/$HID" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"kk":"6474010101209902","version":2}'
check "household PATCH: kk cannot change" body_has '"field":"kk"'
req PATCH "$A/households/$HID" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"alamat":"Jl. Lama","version":2}'
check "household PATCH: a Bahasa key is unknown" body_has '"field":"alamat"'
req GET "$A/households/$HID/history" -H "Authorization: Bearer $TB"
check "household history has the update" body_has '"action":"update"'
req GET "$A/people/$IB/history" -H "Authorization: Bearer $TB"
check "person history has the update" body_has 'Budi Santoso'
req GET "$A/categories" -H "Authorization: Bearer $TV"
check "categories" test "$(jsonq "len(d['items'])")" = 26
req GET "$A/categories/psks" -H "Authorization: Bearer $TV"
check "psks categories" test "$(jsonq "len(d['items'])")" = 12
req POST "$A/psks" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"type\":11,\"name\":\"TKSK Bontang Utara\",\"region\":\"64.74.01\"}"
check "PSKS add" is 201
req POST "$A/psks" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"type":11,"name":"Rudi Hartono","region":"6474","latitude":0.13,"longitude":117.49}'
check "PSKS add with coordinates" is 201
check "PSKS coordinates kept" test "$(jsonq "d['latitude']")" = 0.13
check "PSKS region normalised" test "$(jsonq "d['region']")" = 64.74
req POST "$A/psks" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"type":11,"name":"R2D2 ###","region":"64.74"}'
check "PSKS person name checked as on the CLI" is 422
check "PSKS bad name names the field" body_has '"field":"name"'
req POST "$A/psks" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"type":11,"name":"Rudi","region":"64.74","latitude":40,"longitude":117}'
check "PSKS coordinates outside Indonesia refused" is 422
req GET "$A/psks" -H "Authorization: Bearer $TB"
check "PSKS list" body_has 'TKSK Bontang Utara'
# POST /psks is the same unit of work as `pilar psks add`: a point, and the person name rules.
req POST "$A/psks" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"type\":\"tagana\",\"name\":\"Tagana Bontang\",\"region\":\"64.74\",\"latitude\":0.1372,\"longitude\":117.4985}"
check "PSKS with a point" test "$STATUS/$(jsonq "d['latitude'], d['longitude']")" = "201/0.1372 117.4985"
req POST "$A/psks" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"type\":\"tagana\",\"name\":\"Tagana Bontang\",\"region\":\"64.74\",\"latitude\":0.1372}"
check "PSKS half point 422" test "$STATUS/$(jsonq "d['error']['field']")" = "422/latitude"
req POST "$A/psks" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"type\":11,\"name\":\"TKSK 123\",\"region\":\"64.74.01\"}"
check "PSKS person name with digits 422" test "$STATUS/$(jsonq "d['error']['field']")" = "422/name"
req GET "$A/regions/search?q=Bontang" -H "Authorization: Bearer $TV"
check "region search" body_has '"64.74"'
req GET "$A/regions/64.74" -H "Authorization: Bearer $TV"
check "region with children" body_has '"children"'

# ---------------------------------------------------------------- audit of reads
req GET "$A/audit?entity=person&limit=500" -H "Authorization: Bearer $TA"
check "audit lists reads" test "$(jsonq "sum(1 for e in d['items'] if e.get('action')=='read' and e.get('actor')=='bontang' and e.get('client')=='127.0.0.1' and e.get('entity_id')==$IB)" )" -ge 1
req GET "$A/audit?entity=app_user&limit=500" -H "Authorization: Bearer $TA"
check "login failures audited" body_has '"login_failed"'
check "no password in the audit" body_lacks 'kota-btg-kunci1'
check "no password in the audit (wrong one)" body_lacks 'wrong-password'

# ---------------------------------------------------------------- users over the API
req POST "$A/users" -H "Authorization: Bearer $TA" "${J[@]}" -d '{"username":"desa1","role":"village","scope":"'"$VB"'","password":"desa-pass-123"}'
check "admin adds a user" is 201
req POST "$A/login" "${J[@]}" -d '{"username":"desa1","password":"desa-pass-123"}'
check "new user logs in" is 200
$PILAR user disable desa1 >/dev/null
req POST "$A/login" "${J[@]}" -d '{"username":"desa1","password":"desa-pass-123"}'
check "disabled user cannot log in" is 401
DID=$(sqlite3 "$PILAR_DB" "select id from app_user where username='desa1'")
AID=$(sqlite3 "$PILAR_DB" "select id from app_user where username='admin'")
req PATCH "$A/users/$DID" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"disabled":false}'
check "PATCH user is admin only" is 403
req PATCH "$A/users/$DID" -H "Authorization: Bearer $TA" "${J[@]}" -d '{"disabled":false,"password":"desa-baru-456"}'
check "admin re-enables and sets a password" is 200
check "answer shows enabled" body_has '"disabled":false'
req POST "$A/login" "${J[@]}" -d '{"username":"desa1","password":"desa-pass-123"}'
check "old password refused after change" is 401
req POST "$A/login" "${J[@]}" -d '{"username":"desa1","password":"desa-baru-456"}' -c "$T/cjd"
check "new password logs in" is 200
req PATCH "$A/users/$DID" -H "Authorization: Bearer $TA" "${J[@]}" -d '{"password":"x"}'
check "short password 422" is 422
check "short password names the field" body_has '"field":"password"'
req PATCH "$A/users/$DID" -H "Authorization: Bearer $TA" "${J[@]}" -d '{"role":"admin"}'
check "other keys refused" is 422
req PATCH "$A/users/999999" -H "Authorization: Bearer $TA" "${J[@]}" -d '{"disabled":true}'
check "unknown user 404" is 404
req POST "$A/login" "${J[@]}" -d '{"username":"admin","password":"utama-kunci-123"}' -c "$T/cja"
ACSRF=$(jsonq "d['csrf_token']")
req PATCH "$A/users/$DID" -b "$T/cja" "${J[@]}" -d '{"disabled":true}'
check "cookie PATCH user without CSRF 403" is 403
req PATCH "$A/users/$AID" -b "$T/cja" "${J[@]}" -H "X-CSRF-Token: $ACSRF" -d '{"disabled":true}'
check "admin cannot disable itself" is 422
TD=$($PILAR user token desa1 --label api)
for i in 1 2 3 4 5 6; do req GET "$A/me" -H "Authorization: Bearer $TD"; done
check "token of the enabled account works (checked tokens remembered)" is 200
req PATCH "$A/users/$DID" -b "$T/cja" "${J[@]}" -H "X-CSRF-Token: $ACSRF" -d '{"disabled":true}'
check "admin disables over the API" is 200
check "answer shows disabled" body_has '"disabled":true'
req GET "$A/me" -b "$T/cjd"
check "disabling ends the sessions" is 401
req GET "$A/me" -H "Authorization: Bearer $TD"
check "token of an account disabled over the API fails at once" is 401
$PILAR user disable desa1 --enable >/dev/null
req_after_cli 200 GET "$A/me" -H "Authorization: Bearer $TD"
check "token works again after enabling by the CLI" is 200
$PILAR user disable desa1 >/dev/null
req_after_cli 401 GET "$A/me" -H "Authorization: Bearer $TD"
check "token of an account disabled by the CLI fails (at once on SQLite; request $TRIES)" is 401
req POST "$A/login" "${J[@]}" -d '{"username":"desa1","password":"desa-baru-456"}'
check "disabled over the API cannot log in" is 401
NAUD=$(sqlite3 "$PILAR_DB" "select count(*) from audit where entity='app_user' and entity_id=$DID and action='update'")
check "user changes audited" test "$NAUD" -ge 2
check "no new password in the audit" sh -c "! sqlite3 '$PILAR_DB' 'select before, after from audit' | grep -q desa-baru"

# ---------------------------------------------------------------- static files
req GET "$B/"
check "static index" body_has '<title>Pilar'
check "static content type" grep -qi 'Content-Type: text/html' "$T/hdr"
STATUS=$(curl -s -o "$T/body" -w '%{http_code}' --path-as-is "$B/../secret.txt")
check "no traversal" test "$STATUS" = 404
STATUS=$(curl -s -o "$T/body" -w '%{http_code}' --path-as-is "$B/%2e%2e/secret.txt")
check "no encoded traversal" test "$STATUS" = 404

# ---------------------------------------------------------------- rate limits (last: they lock the address)
for i in 1 2 3 4 5; do req POST "$A/login" "${J[@]}" -d '{"username":"lockme","password":"nope-nope-1"}'; done
req POST "$A/login" "${J[@]}" -d '{"username":"lockme","password":"kunci-lm-12345"}'
check "account locked after 5 failures, even with the right password" is 429
check "Retry-After" grep -qi '^Retry-After: [0-9]' "$T/hdr"
check "429 error shape" err_shape
req POST "$A/login" "${J[@]}" -d '{"username":"admin","password":"utama-kunci-123"}'
check "other accounts still log in" is 200
for i in $(seq 1 20); do req POST "$A/login" "${J[@]}" -d "{\"username\":\"nobody$i\",\"password\":\"nope-nope-1\"}"; done
req POST "$A/login" "${J[@]}" -d '{"username":"admin","password":"utama-kunci-123"}'
check "address locked after 20 failures" is 429

# ---------------------------------------------------------------- docs/api.md matches the route table
$PILAR serve --routes | while read -r m p _; do
  grep -qF "### $m $p" "$SRC/docs/api.md" || echo "$m $p"
done >"$T/undocumented"
check "every route documented in docs/api.md" test ! -s "$T/undocumented"
grep -E '^### (GET|POST|PATCH|PUT|DELETE) /' "$SRC/docs/api.md" | while read -r _ m p; do
  $PILAR serve --routes | grep -qF "$m $p " || echo "$m $p"
done >"$T/stale"
check "no documented route missing from the table" test ! -s "$T/stale"
[ -s "$T/undocumented" ] && cat "$T/undocumented" >&2
[ -s "$T/stale" ] && cat "$T/stale" >&2

# ---------------------------------------------------------------- access log, graceful stop
check "access log line" grep -qE '127\.0\.0\.1 GET /api/v1/people/[0-9]+ 200 [0-9]+ [0-9.]+ms bontang' "$T/server.log"
check "no secrets in the access log" sh -c "! grep -q 'plt_' '$T/server.log'"
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"; rc=$?
SERVER_PID=
check "SIGTERM stops cleanly (exit 0)" test "$rc" = 0
check "stop message" grep -q 'Pilar berhenti' "$T/server.log"
if on_pg; then
  check "integrity after stop" "$PILAR" check --db "$PILAR_DB"
else
  check "integrity after stop" test "$(sqlite3 "$PILAR_DB" 'PRAGMA integrity_check')" = ok
fi

summary
