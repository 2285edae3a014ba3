#!/usr/bin/env bash
# test_pg_servers.sh - many servers, one data base (issue 14 item 6), PostgreSQL mode only: two
# `pilar serve` processes on one PostgreSQL data base. A session opened through one is good on
# the other, and its logout ends it on both; a token revoked through one stops working on the
# other within milliseconds (the other's token memo is voided by PostgreSQL's notification,
# store/shared.h), and so does a person cached by NIK changed through one or with psql; the login
# throttle counted through one holds on the other (failures are in the data base); a write
# through one expires the other's cached aggregates (the summary here; choropleths share the cache)
# within their stated
# time, PL_HTTP_CACHE_TTL_MS (5 s; src/http/response_cache.h) after they were stored.
. "$(dirname "$0")/lib.sh"
if ! on_pg; then
  echo "SKIP: $TEST_NAME runs in the PostgreSQL mode only (PILAR_TEST_BACKEND=pg)"
  exit 77
fi
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
check_detail() { echo " (status ${STATUS:-none}, body: $(head -c 300 "$T/body"))"; }
is() { [ "$STATUS" = "$1" ]; }

$PILAR init >/dev/null || exit 1
$PILAR region import --from "$AREA" >/dev/null || exit 1
$PILAR gen --people 120 --region 64.74 --seed 7 --out "$T/gen.csv" >/dev/null 2>&1 || exit 1
$PILAR import "$T/gen.csv" >/dev/null || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
echo 'kota-btg-kunci1' | $PILAR user add bontang --role regency --scope 64.74 >/dev/null || exit 1
TB=$($PILAR user token bontang)

# Two servers on one data base (lib's start_server, start_second_server).
start_server --data-dir "$T/data1"
A1=$A
start_second_server --data-dir "$T/data2"

# ------------------------------------------------ a session opened on 1, used on 2
req POST "$A1/login" -c "$T/cj" "${J[@]}" -d '{"username":"bontang","password":"kota-btg-kunci1"}'
check "login through server 1" is 200
CSRF=$(jsonq "d['csrf_token']")
req GET "$A2/me" -b "$T/cj"
check "the session works on server 2" is 200
check "as the account that signed in" body_has '"bontang"'
ID=$(q "SELECT id FROM person ORDER BY id LIMIT 1")
req GET "$A2/people/$ID" -b "$T/cj"
check "server 2 serves a read with that session" is 200
V=$(jsonq "d['version']")
req PATCH "$A2/people/$ID" -b "$T/cj" "${J[@]}" -H "X-CSRF-Token: $CSRF" -d "{\"name\":\"Dua Server\",\"version\":$V}"
check "a write on server 2 with the session's CSRF token" is 200
is_eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }
is_eq "the write is audited with the session's account" \
  "$(q "SELECT actor FROM audit WHERE entity = 'person' AND entity_id = $ID ORDER BY id DESC LIMIT 1")" bontang
req POST "$A1/logout" -b "$T/cj" -H "X-CSRF-Token: $CSRF"
check "logout through server 1" test "$STATUS" = 200 -o "$STATUS" = 204
req GET "$A2/me" -b "$T/cj"
check "the session ended on server 2 too" is 401

# ------------------------------------------------ a token revoked through 1 stops on 2
req GET "$A2/me" -H "Authorization: Bearer $TB"
check "token on server 2" is 200
req GET "$A2/me" -H "Authorization: Bearer $TB"
check "token on server 2 again (remembered by its memo)" is 200
$PILAR user revoke bontang >/dev/null || bad "revoke"
# Server 2 learns of it from PostgreSQL's notification (store/shared.h): milliseconds.
req_after_cli 401 GET "$A2/me" -H "Authorization: Bearer $TB"
check "the revoked token is refused by server 2 (request $TRIES after the revocation)" \
  test "$STATUS" = 401 -a "$TRIES" -le 20
TB=$($PILAR user token bontang)

# ------------------------------------------------ a person cached by NIK on 2, changed on 1
NIKC=$(q "SELECT nik FROM person WHERE nik IS NOT NULL AND village_code LIKE '64.74%' ORDER BY id LIMIT 1 OFFSET 3")
IDC=$(q "SELECT id FROM person WHERE nik = '$NIKC'")
for a in "$A1" "$A2" "$A2"; do req GET "$a/people?nik=$NIKC" -H "Authorization: Bearer $TB"; done
check "a person by NIK on server 2 (read twice: cached)" body_has "\"id\":$IDC,"
VC=$(q "SELECT version FROM person WHERE id = $IDC")
req PATCH "$A1/people/$IDC" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"name\":\"Ganti Di Satu\",\"version\":$VC}"
check "renamed through server 1" is 200
req GET "$A1/people?nik=$NIKC" -H "Authorization: Bearer $TB"
check "server 1 answers the new name at once (its own write voids its cache)" body_has "Ganti Di Satu"
# until_body TEXT URL: GETs URL (bearer $TB) every 10 ms, up to 100 times, until the body
# holds TEXT; LAG is the try that did (empty if none).
until_body() {
  LAG=
  for i in $(seq 1 100); do
    req GET "$2" -H "Authorization: Bearer $TB"
    grep -q "$1" "$T/body" && { LAG=$i; return; }
    sleep 0.01
  done
}
until_body "Ganti Di Satu" "$A2/people?nik=$NIKC"
check "server 2 answers the new name (request $LAG after the write)" test -n "$LAG" -a "${LAG:-99}" -le 20
# A change made outside Pilar's servers (psql, with an actor) reaches both the same way.
q "BEGIN; SELECT set_config('pilar.actor', 'dba', true); UPDATE person SET name = 'Ganti Lewat Psql' WHERE id = $IDC; COMMIT" >/dev/null
until_body "Ganti Lewat Psql" "$A2/people?nik=$NIKC"
check "server 2 answers a change made with psql (request $LAG after it)" test -n "$LAG" -a "${LAG:-99}" -le 20

# ------------------------------------------------ the login throttle is shared
for i in 1 2 3 4 5; do
  req POST "$A1/login" --interface 127.0.0.3 "${J[@]}" -d '{"username":"admin","password":"salah-salah-1"}'
done
check "the 5th failure on server 1 is refused as a failure" is 401
STATUS=$(curl -s -o "$T/body" -w '%{http_code}' --interface 127.0.0.3 "${J[@]}" \
  -d '{"username":"admin","password":"utama-kunci-123"}' "$A2/login")
check "server 2 makes that address wait too, even with the right password (429)" is 429

# ------------------------------------------------ cached aggregates expire across servers
people_of() { jsonq "d['people']"; }
req GET "$A2/summary?region=64.74" -H "Authorization: Bearer $TB"
check "summary on server 2" is 200
BEFORE=$(people_of)
# The write goes through server 1; server 2 learns of it from the data base alone.
VB=$(q "SELECT village_code FROM person WHERE id = $ID")
NIK=6474011212900077
WROTE=$(date +%s.%N)
req POST "$A1/people" -H "Authorization: Bearer $TB" "${J[@]}" \
  -d "{\"nik\":\"$NIK\",\"kk\":\"6474011212900001\",\"name\":\"Baru Lewat Satu\",\"birth_date\":\"1990-12-12\",\"sex\":\"P\",\"village_code\":\"$VB\",\"relationship\":\"kepala keluarga\"}"
check "a person added through server 1" test "$STATUS" = 201 -o "$STATUS" = 200
AFTER=$BEFORE
for _ in $(seq 1 60); do
  req GET "$A2/summary?region=64.74" -H "Authorization: Bearer $TB"
  AFTER=$(people_of)
  [ "$AFTER" != "$BEFORE" ] && break
  sleep 0.2
done
SEEN=$(date +%s.%N)
is_eq "server 2's summary counts the new person" "$AFTER" "$((BEFORE + 1))"
LAG=$(python3 -c "print(round($SEEN - $WROTE, 2))")
check "within the cache's stated time (5 s, plus a recomputation): ${LAG}s" \
  python3 -c "import sys; sys.exit(0 if $SEEN - $WROTE <= 6.5 else 1)"
summary
