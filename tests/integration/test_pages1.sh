#!/usr/bin/env bash
# test_pages1 - the routes behind the web pages of issue 21 item 1 (export,
# disability cards, disasters, PSKS registry, audit log, own password):
# disability cards of a person (list, print as PDF, reprint keeps the token,
# re-issue with a new token, revoke), disaster events (record with a GeoJSON
# area or a loaded outline, people inside the caller's scope, confirm as
# PMKS 21), PATCH /psks/{id}, the audit filters (actor, entity, day range)
# and POST /me/password; each with its refusals, scope (404 outside) and audit.
. "$(dirname "$0")/lib.sh"
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
BD=$PILAR_SRC/data/boundaries

is() { [ "$STATUS" = "$1" ]; }
check_detail() { printf ' (status %s: %s)' "$STATUS" "$(head -c 300 "$T/body")"; }

$PILAR init >/dev/null || die "init"
$PILAR region import --from "$AREA" >/dev/null || die "region import"
$PILAR boundary import "$BD/districts-64-65.geojson" --level district >/dev/null || die "boundary"
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || die "user admin"
echo 'kota-smd-kunci1' | $PILAR user add samarinda --role regency --scope 64.72 >/dev/null || die "user smd"
echo 'kota-btg-kunci1' | $PILAR user add bontang --role regency --scope 64.74 >/dev/null || die "user btg"
echo 'camat-kunci-12' | $PILAR user add kec --role district --scope 64.72.01 >/dev/null || die "user kec"
echo 'viewer-pass-12' | $PILAR user add lihat --role viewer >/dev/null || die "user lihat"
TA=$($PILAR user token admin)
TS=$($PILAR user token samarinda)
TB=$($PILAR user token bontang)
TK=$($PILAR user token kec)
TV=$($PILAR user token lihat)
H() { printf 'Authorization: Bearer %s' "$1"; }

# Samarinda: an elderly man with a disability at the city hall, a neighbour without one.
VIL=$(q "SELECT code FROM region WHERE code LIKE '64.72.01.%' AND level = 4 ORDER BY code LIMIT 1")
$PILAR household add --kk 6472010101209001 --village "$VIL" --address "Jl. Kesuma Bangsa 1" \
  --lat -0.502200 --lon 117.153600 >/dev/null || die "household"
$PILAR person add --nik 6472010503509001 --name "Abdul Rahman" --birth-date 1950-03-05 --sex L \
  --kk 6472010101209001 --disability fisik >/dev/null || die "person 1"
$PILAR person add --nik 6472011508909001 --name "Budi Santoso" --birth-date 1990-08-15 --sex L \
  --kk 6472010101209001 >/dev/null || die "person 2"
P1=$(q "SELECT id FROM person WHERE nik='6472010503509001'")
P2=$(q "SELECT id FROM person WHERE nik='6472011508909001'")
ABSENT=99999999

start_server --data-dir "$T/data" --base-url https://pilar.test/

# ---------------------------------------------------------------- cards
req GET "$A/people/$P1/cards" -H "$(H "$TS")"
check "no card yet" test "$(jsonq "len(d['items'])")" = 0
req POST "$A/people/$P1/card" -H "$(H "$TS")" -o "$T/card1.pdf"
check "print: 200 PDF" is 200
check "print: a PDF" test "$(head -c 4 "$T/body")" = "%PDF"
TOK1=$(grep -i '^X-Pilar-Card-Token:' "$T/hdr" | tr -d '\r' | awk '{print $2}')
check "print: token header" test ${#TOK1} = 16
check "print: attachment named after the token" grep -qi "Content-Disposition: attachment; filename=\"kartu-$TOK1.pdf\"" "$T/hdr"
req POST "$A/people/$P1/card" -H "$(H "$TS")"
check "reprint keeps the token" grep -qi "X-Pilar-Card-Token: $TOK1" "$T/hdr"
check "reprint said" grep -qi "X-Pilar-Card-Reprint: 1" "$T/hdr"
eq "one card stored" "$(q "SELECT count(*) FROM card WHERE person_id=$P1")" 1
eq "issue audited" "$(q "SELECT count(*) FROM audit WHERE entity='card' AND action='insert'")" 1
check "print read audited" test "$(sqlite3 "$PILAR_DB-reads" "SELECT count(*) FROM audit_read WHERE actor='samarinda' AND entity='person' AND entity_id=$P1")" -ge 2
req POST "$A/people/$P2/card" -H "$(H "$TS")"
check "no disability: 422 on disability" test "$STATUS/$(jsonq "d['error']['field']")" = 422/disability
req POST "$A/people/$P1/card/reissue" -H "$(H "$TS")" "${J[@]}" -d '{}'
check "reissue without reason: 422 on reason" test "$STATUS/$(jsonq "d['error']['field']")" = 422/reason
req POST "$A/people/$P1/card/reissue" -H "$(H "$TS")" "${J[@]}" -d '{"reason":"kartu hilang"}'
check "reissue: 200 PDF" test "$STATUS/$(head -c 4 "$T/body")" = "200/%PDF"
TOK2=$(grep -i '^X-Pilar-Card-Token:' "$T/hdr" | tr -d '\r' | awk '{print $2}')
check "reissue: a new token" test "${#TOK2}" = 16 -a "$TOK2" != "$TOK1"
req GET "$B/kartu/$TOK1?format=json"
check "old card revoked on the check page" test "$(jsonq "d['status']")" = revoked
req GET "$B/kartu/$TOK2?format=json"
check "new card valid on the check page" test "$(jsonq "d['status']")" = valid
req GET "$A/people/$P1/cards" -H "$(H "$TS")"
check "list: new valid, old revoked with reason" test "$(jsonq "[(c['status'], c['reason']) for c in d['items']] == [('valid', None), ('revoked', 'kartu hilang')] and d['items'][0]['url'] == '/kartu/$TOK2'")" = True
req POST "$A/people/$P1/card/revoke" -H "$(H "$TS")" "${J[@]}" -d '{"reason":"meninggal pindah"}'
check "revoke: 200 revoked" test "$STATUS/$(jsonq "d['status']")" = 200/revoked
req POST "$A/people/$P1/card/revoke" -H "$(H "$TS")" "${J[@]}" -d '{"reason":"lagi"}'
check "revoke without an active card: 404" is 404
eq "revocations audited" "$(q "SELECT count(*) FROM audit WHERE entity='card' AND action='update'")" 2
# Scope: a Bontang operator gets for Samarinda's person exactly what it gets for an absent id.
for path in cards card card/reissue card/revoke; do
  m=POST; [ $path = cards ] && m=GET
  req $m "$A/people/$P1/$path" -H "$(H "$TB")" "${J[@]}" -d '{"reason":"x"}'
  a="$STATUS $(sed "s/$P1/ID/g" "$T/body")"
  req $m "$A/people/$ABSENT/$path" -H "$(H "$TB")" "${J[@]}" -d '{"reason":"x"}'
  b="$STATUS $(sed "s/$ABSENT/ID/g" "$T/body")"
  eq "$path outside the scope = absent" "$a" "$b"
  check "$path outside the scope: 404" test "${a%% *}" = 404
done
req GET "$A/people/$P1/cards" -H "$(H "$TV")"
check "viewer: cards 403" is 403

# ---------------------------------------------------------------- disasters
SQUARE='{"type":"Polygon","coordinates":[[[117.1534,-0.5024],[117.1538,-0.5024],[117.1538,-0.5020],[117.1534,-0.5020],[117.1534,-0.5024]]]}'
req POST "$A/disasters" -H "$(H "$TS")" "${J[@]}" -d "{\"type\":\"banjir\",\"name\":\"Banjir Uji\",\"date\":\"2025-01-15\",\"region\":\"64.72\",\"area\":$SQUARE}"
check "record: 201" is 201
EV=$(jsonq "d['id']")
check "record: 2 people inside, 1 vulnerable" test "$(jsonq "(d['people'], d['vulnerable'], d['state'])")" = "(2, 1, 'draft')"
req POST "$A/disasters" -H "$(H "$TS")" "${J[@]}" -d "{\"type\":\"meteor\",\"date\":\"2025-01-15\",\"region\":\"64.72\",\"area\":$SQUARE}"
check "unknown type: 422 on type" test "$STATUS/$(jsonq "d['error']['field']")" = 422/type
req POST "$A/disasters" -H "$(H "$TS")" "${J[@]}" -d "{\"type\":\"banjir\",\"date\":\"2025-01-15\",\"region\":\"64.72\"}"
check "no area: 422 on area" test "$STATUS/$(jsonq "d['error']['field']")" = 422/area
req POST "$A/disasters" -H "$(H "$TS")" "${J[@]}" -d "{\"type\":\"banjir\",\"date\":\"2025-01-15\",\"region\":\"64.74\",\"area\":$SQUARE}"
check "region outside the scope: 403" is 403
req POST "$A/disasters" -H "$(H "$TS")" "${J[@]}" -d '{"type":"longsor","date":"2025-02-01","region":"64.72","boundary":"64.72.09"}'
check "record with a loaded district outline: 201" is 201
EV2=$(jsonq "d['id']")
check "outline: the 2 people are inside" test "$(jsonq "d['people'] >= 2")" = True
req GET "$A/disasters" -H "$(H "$TS")"
check "list: both, newest first" test "$(jsonq "[e['id'] for e in d['items']]")" = "[$EV2, $EV]"
req GET "$A/disasters" -H "$(H "$TB")"
check "Bontang lists none of Samarinda's events" test "$(jsonq "len(d['items'])")" = 0
req GET "$A/disasters/$EV/affected?all=1" -H "$(H "$TS")"
check "affected (all): both, village by name" test "$(jsonq "sorted(i['name'] for i in d['items']) == ['Abdul Rahman', 'Budi Santoso'] and all(i['village'] and not i['village'][0].isdigit() for i in d['items'])")" = True
req GET "$A/disasters/$EV/affected" -H "$(H "$TS")"
check "affected (vulnerable): the elderly man, labelled" test "$(jsonq "[(i['name'], i['vulnerability'], i['disability']) for i in d['items']]")" = "[('Abdul Rahman', 'lansia, disabilitas', 'Disabilitas fisik')]"
check "affected reads audited" test "$(sqlite3 "$PILAR_DB-reads" "SELECT count(*) FROM audit_read WHERE actor='samarinda' AND entity='person' AND entity_id=$P2")" -ge 1
for path in "" /affected; do
  req GET "$A/disasters/$EV$path" -H "$(H "$TB")"
  a="$STATUS $(sed "s/$EV/ID/g" "$T/body")"
  req GET "$A/disasters/$ABSENT$path" -H "$(H "$TB")"
  b="$STATUS $(sed "s/$ABSENT/ID/g" "$T/body")"
  eq "event$path outside the scope = absent" "$a" "$b"
done
req POST "$A/disasters/$EV/confirm" -H "$(H "$TK")"
check "district operator (no verify): confirm 403" is 403
req POST "$A/disasters/$EV/confirm" -H "$(H "$TB")"
check "Bontang: confirm Samarinda's event 404" is 404
req POST "$A/disasters/$EV/confirm" -H "$(H "$TS")"
check "confirm: 2 affected" test "$STATUS/$(jsonq "d['affected']")" = 200/2
eq "PMKS 21 recorded for both" "$(q "SELECT count(*) FROM membership WHERE category=21 AND person_id IN ($P1,$P2)")" 2
eq "confirmation audited" "$(q "SELECT count(*) FROM audit WHERE entity='disaster_event' AND action='confirm' AND actor='samarinda'")" 1
req POST "$A/disasters/$EV/confirm" -H "$(H "$TS")"
check "confirm twice: 409" is 409
req GET "$A/disasters" -H "$(H "$TV")"
check "viewer: disasters 403" is 403

# ---------------------------------------------------------------- PSKS
req POST "$A/psks" -H "$(H "$TS")" "${J[@]}" -d "{\"type\":\"tksk\",\"name\":\"Rina Wati\",\"region\":\"64.72.01\",\"phone\":\"0811\"}"
check "psks add 201" is 201
U=$(jsonq "d['id']")
req PATCH "$A/psks/$U" -H "$(H "$TS")" "${J[@]}" -d '{"version":1,"phone":"0812 555","address":"Jl. Baru 2","latitude":-0.5,"longitude":117.15}'
check "psks patch: 200, version 2" test "$STATUS/$(jsonq "(d['phone'], d['address'], d['version'], d['latitude'])")" = "200/('0812 555', 'Jl. Baru 2', 2, -0.5)"
req PATCH "$A/psks/$U" -H "$(H "$TS")" "${J[@]}" -d '{"version":1,"phone":"0813"}'
check "psks patch with a stale version: 409" is 409
req PATCH "$A/psks/$U" -H "$(H "$TS")" "${J[@]}" -d '{"version":2,"name":""}'
check "psks patch: empty name 422 on name" test "$STATUS/$(jsonq "d['error']['field']")" = 422/name
req PATCH "$A/psks/$U" -H "$(H "$TS")" "${J[@]}" -d '{"version":2,"region":"64.74.01"}'
check "psks patch: a region outside the scope 403" is 403
req PATCH "$A/psks/$U" -H "$(H "$TS")" "${J[@]}" -d '{"version":2,"valid_to":"2020-13-01"}'
check "psks patch: bad date 422 on valid_to" test "$STATUS/$(jsonq "d['error']['field']")" = 422/valid_to
req PATCH "$A/psks/$U" -H "$(H "$TS")" "${J[@]}" -d '{"version":2,"warna":"biru"}'
check "psks patch: unknown key 422" test "$STATUS/$(jsonq "d['error']['field']")" = 422/warna
eq "psks change audited" "$(q "SELECT json_extract(after,'\$.phone') FROM audit WHERE entity='psks_unit' AND action='update' AND entity_id=$U")" "0812 555"
req PATCH "$A/psks/$U" -H "$(H "$TB")" "${J[@]}" -d '{"version":2,"phone":"1"}'
a="$STATUS $(sed "s/$U/ID/g" "$T/body")"
req PATCH "$A/psks/$ABSENT" -H "$(H "$TB")" "${J[@]}" -d '{"version":2,"phone":"1"}'
b="$STATUS $(sed "s/$ABSENT/ID/g" "$T/body")"
eq "psks patch outside the scope = absent" "$a" "$b"
check "psks patch outside the scope: 404" test "${a%% *}" = 404

# ---------------------------------------------------------------- audit filters
req GET "$A/audit?kind=write&actor=samarinda&entity=psks_unit" -H "$(H "$TA")"
check "audit by actor and entity" test "$(jsonq "len(d['items']) == 2 and all(e['actor'] == 'samarinda' and e['entity'] == 'psks_unit' for e in d['items'])")" = True
TODAY=$(date -u +%Y-%m-%d)
req GET "$A/audit?actor=samarinda&from=$TODAY&to=$TODAY&limit=5" -H "$(H "$TA")"
check "audit by day range, paged" test "$(jsonq "len(d['items']) == 5 and d['next'] is not None and all(e['at'].startswith('$TODAY') for e in d['items'])")" = True
NEXT=$(jsonq "d['next']")
req GET "$A/audit?actor=samarinda&from=$TODAY&to=$TODAY&limit=5&cursor=$NEXT" -H "$(H "$TA")"
check "audit: the next page" test "$(jsonq "len(d['items']) >= 1")" = True
req GET "$A/audit?from=2000-01-01&to=2000-12-31" -H "$(H "$TA")"
check "audit: an empty range" test "$(jsonq "len(d['items'])")" = 0
req GET "$A/audit?from=2025-02-30" -H "$(H "$TA")"
check "audit: a bad date 422 on from" test "$STATUS/$(jsonq "d['error']['field']")" = 422/from
req GET "$A/audit?from=2025-02-02&to=2025-02-01" -H "$(H "$TA")"
check "audit: to before from 422" is 422
req GET "$A/audit?kind=write&entity=psks_unit&entity_id=$U" -H "$(H "$TA")"
check "audit: one record's changes" test "$(jsonq "len(d['items']) == 2 and all(e['entity_id'] == $U for e in d['items'])")" = True
req GET "$A/audit?actor=samarinda" -H "$(H "$TS")"
check "audit: regency operator 403" is 403

# ---------------------------------------------------------------- own password
req POST "$A/login" "${J[@]}" -d '{"username":"kec","password":"camat-kunci-12"}' -c "$T/cj"
CSRF=$(jsonq "d['csrf_token']")
# (the route and its rules belong to the credentials work; here: what the page relies on)
req POST "$A/me/password" -b "$T/cj" -H "X-CSRF-Token: $CSRF" "${J[@]}" -d '{"current_password":"salah-sekali-1","new_password":"bulan-purnama-77"}'
check "wrong current password: refused naming current_password" test "$(jsonq "d['error']['field']")" = current_password
req POST "$A/me/password" -b "$T/cj" -H "X-CSRF-Token: $CSRF" "${J[@]}" -d '{"current_password":"camat-kunci-12","new_password":"pendek"}'
check "short new password: 422" is 422
req POST "$A/me/password" -b "$T/cj" -H "X-CSRF-Token: $CSRF" "${J[@]}" -d '{"current_password":"camat-kunci-12","new_password":"bulan-purnama-77"}'
check "change: 200" is 200
req POST "$A/login" "${J[@]}" -d '{"username":"kec","password":"bulan-purnama-77"}'
check "new password works" is 200

# ---------------------------------------------------------------- export (the page's filters)
req GET "$A/exports?region=64.72.01&format=csv&state=draft&category=21" -H "$(H "$TS")"
check "export with the page's filters: the 2 confirmed victims" test "$STATUS/$(grep -i '^X-Pilar-Rows' "$T/hdr" | tr -d '\r' | awk '{print $2}')" = 200/2
req GET "$A/exports?region=64.74&format=csv" -H "$(H "$TS")"
check "export of another regency: 403" is 403

# ---------------------------------------------------------------- the CLI offers the same
stop_server
$PILAR psks update "$U" --phone "0813 1" --until 2024-12-31 --json >"$T/u.json" || bad "psks update"
check "psks update: the unit changed" test "$(python3 -c "import json; d=json.load(open('$T/u.json')); print(d['phone'], d['valid_to'], d['version'])")" = "0813 1 2024-12-31 3"
expect 1 "psks update: a stale --version refused" psks update "$U" --phone 1 --version 1
$PILAR card "6472010503509001" --out "$T/c.pdf" >/dev/null || bad "card"
$PILAR card reissue 6472010503509001 --reason "rusak" --out "$T/c2.pdf" --base-url https://pilar.test --json >"$T/r.json" || bad "card reissue"
check "card reissue: PDF and a new token" test "$(head -c 4 "$T/c2.pdf")/$(python3 -c "import json; print(json.load(open('$T/r.json'))['url'].startswith('https://pilar.test/kartu/'))")" = "%PDF/True"
eq "card reissue: one valid card left" "$(q "SELECT count(*) FROM card WHERE person_id=$P1 AND revoked_at IS NULL")" 1
expect 1 "card reissue without a reason refused" card reissue 6472010503509001 --out "$T/c3.pdf"

summary
