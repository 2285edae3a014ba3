#!/usr/bin/env bash
# Integration tests for matching on arrival and the duplicate review: an
# import and an API write (POST and PATCH /people) put probable duplicates in
# the queue at once; the review routes (pair view, merge, "not the same
# person", undo) are role- and scope-checked and audited; a merged-away id
# keeps answering with a pointer to the survivor (API and `pilar person
# show`), and undo gives both ids back. Needs PILAR (binary) and PILAR_SRC.
. "$(dirname "$0")/lib.sh"
cd "$T"
need sqlite3
need curl

export PILAR_DB="$T/t.db"
$PILAR init >/dev/null
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || die "region import"

HDR='nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude'
VB=64.74.01.1001 # Bontang
VS=64.72.01.1001 # Samarinda
cat >base.csv <<CSV
$HDR
6474010512800001,6474010101200001,Hermawan Saputra,Bontang,1980-12-05,L,Kepala Keluarga,Siti Aminah,Jl. Kenari 1,001,001,$VB,24@2025-01-01,,,
6474014506850001,6474010101200001,Rina Wati,Bontang,1985-06-05,P,Istri,Painem,Jl. Kenari 1,001,001,$VB,,,,
6474011506600001,6474010101200003,Joko Susilo,Bontang,1960-06-15,L,Kepala Keluarga,Tukiyem,Jl. Nuri 3,003,002,$VB,,,,
6474015208620001,6474010101200004,Sri Rahayu,Bontang,1962-08-12,P,Kepala Keluarga,Sainah,Jl. Nuri 5,003,002,$VB,,,,
6472015007500001,6472010101200005,Aminah Zulaikha,Samarinda,1950-07-10,P,Kepala Keluarga,Fatimah,Jl. Palaran 5,005,003,$VS,24@2025-01-01,,,
CSV
out=$($PILAR import base.csv --json) || die "import base"
eq "import of distinct people: no candidate" "$(jget "$out" candidates)" 0
eq "queue empty" "$(q "SELECT count(*) FROM dedup_candidate")" 0

# --- an import is matched on arrival: Joko again under another NIK and KK (same
# name, birth date and mother), and Aminah again in Samarinda.
cat >more.csv <<CSV
$HDR
6474011506600009,6474010101200006,Joko Susilo,Bontang,1960-06-15,L,Kepala Keluarga,Tukiyem,Jl. Cendrawasih 9,004,002,$VB,,,,
6472015007500009,6472010101200007,Aminah Zulaikha,Samarinda,1950-07-10,P,Kepala Keluarga,Fatimah,Jl. Palaran 7,005,003,$VS,,,,
CSV
out=$($PILAR import more.csv --json) || die "import more"
eq "import: two candidates on arrival" "$(jget "$out" candidates)" 2
pid() { q "SELECT id FROM person WHERE nik = '$1'"; }
JOKO=$(pid 6474011506600001) JOKO2=$(pid 6474011506600009)
AMI=$(pid 6472015007500001) AMI2=$(pid 6472015007500009)
CJ=$(q "SELECT id FROM dedup_candidate WHERE person_a = min($JOKO, $JOKO2) AND person_b = max($JOKO, $JOKO2)")
CS=$(q "SELECT id FROM dedup_candidate WHERE person_a = min($AMI, $AMI2) AND person_b = max($AMI, $AMI2)")
check "Joko pair queued open" test -n "$CJ"
check "Samarinda pair queued" test -n "$CS"
eq "open with reasons" "$(q "SELECT status, CASE WHEN reasons <> '' THEN 1 ELSE 0 END FROM dedup_candidate WHERE id = $CJ")" "open|1"
out=$($PILAR import more.csv --json) || die "import more again"
eq "the same file again: nothing new (unchanged people are not matched again)" "$(jget "$out" candidates)" 0
out=$($PILAR import more.csv --dry-run --json) || die "dry run"
eq "dry run matches nothing" "$(jget "$out" candidates)" 0

# --- accounts and server
while read -r u r s; do
  echo "kunci-kantor-12345" | $PILAR user add "$u" --role "$r" ${s:+--scope "$s"} >/dev/null || die "user $u"
done <<USERS
admin admin
bontang regency 64.74
samarinda regency 64.72
kec district 64.74.01
USERS
start_server --data-dir "$T/data"
tok() { $PILAR user token "$1"; }
TB=$(tok bontang) TK=$(tok kec) TA=$(tok admin)
as() { local t=$1 m=$2 u=$3; shift 3; req "$m" "$A$u" -H "Authorization: Bearer $t" "$@"; }

# --- an API write is matched on arrival: Wawan is Hermawan under a nickname and another NIK.
as "$TB" POST /people "${J[@]}" -d "{\"nik\":\"6474010512800002\",\"kk\":\"6474010101200002\",\"name\":\"Wawan Saputra\",\"birth_date\":\"1980-12-05\",\"sex\":\"L\",\"relationship\":\"kepala keluarga\",\"mother_name\":\"Siti Aminah\",\"village_code\":\"$VB\",\"address\":\"Jl. Merpati 7\"}"
eq "POST /people" "$STATUS" 201
WAWAN=$(jsonq "d['id']") HERMAWAN=$(pid 6474010512800001)
CW=$(q "SELECT id FROM dedup_candidate WHERE person_a = min($HERMAWAN, $WAWAN) AND person_b = max($HERMAWAN, $WAWAN) AND status = 'open'")
check "POST /people queued Hermawan / Wawan at once" test -n "$CW"
check "nickname named as a reason" grep -q "nama panggilan" <<<"$(q "SELECT reasons FROM dedup_candidate WHERE id = $CW")"
# PATCH: Sri's name and mother changed to Rina's (same household data otherwise differs): a
# change of identifying fields is matched again.
before=$(q "SELECT count(*) FROM dedup_candidate")
SRI=$(pid 6474015208620001)
as "$TB" GET "/people/$SRI"
v=$(jsonq "d['version']")
as "$TB" PATCH "/people/$SRI" "${J[@]}" -d "{\"version\":$v,\"name\":\"Rina Wati\",\"birth_date\":\"1985-06-05\",\"mother_name\":\"Painem\"}"
eq "PATCH /people" "$STATUS" 200
RINA=$(pid 6474014506850001)
check "PATCH /people queued the changed person" test -n "$(q "SELECT id FROM dedup_candidate WHERE person_a = min($SRI, $RINA) AND person_b = max($SRI, $RINA)")"
check "queue grew" test "$(q "SELECT count(*) FROM dedup_candidate")" -gt "$before"

# --- list and scope: Bontang sees its pairs, never the Samarinda pair
as "$TB" GET "/dedup/candidates?status=open"
eq "list" "$STATUS" 200
check "Bontang lists the Joko pair" test "$(jsonq "sum(1 for x in d['items'] if x['id'] == $CJ)")" = 1
eq "Bontang does not list the Samarinda pair" "$(jsonq "sum(1 for x in d['items'] if x['id'] == $CS)")" 0
as "$TB" GET "/dedup/candidates?status=open&min_score=1.01"
eq "min_score filters" "$(jsonq "len(d['items'])")" 0
as "$TA" GET "/dedup/candidates?status=open"
eq "admin lists the Samarinda pair" "$(jsonq "sum(1 for x in d['items'] if x['id'] == $CS)")" 1
as "$TB" GET "/dedup/candidates/$CS"
h_status=$STATUS h_body=$(sed "s/$CS/ID/g" "$T/body")
as "$TB" GET "/dedup/candidates/99999999"
eq "pair across scope: 404" "$h_status" 404
eq "pair across scope answers as an absent pair" "$h_body" "$(sed "s/99999999/ID/g" "$T/body")"
for act in merge distinct undo; do
  as "$TB" POST "/dedup/candidates/$CS/$act" "${J[@]}" -d "{\"survivor\":$AMI}"
  eq "$act of a pair outside the scope: 404" "$STATUS" 404
done
eq "Samarinda pair untouched" "$(q "SELECT status FROM dedup_candidate WHERE id = $CS")" open

# --- the pair view: both people with categories, household and programs; reads audited
reads0=$(sqlite3 -cmd "ATTACH '$PILAR_DB-reads' AS reads" "$PILAR_DB" "SELECT count(*) FROM reads.audit_read WHERE actor = 'bontang'")
as "$TB" GET "/dedup/candidates/$CW"
eq "pair view" "$STATUS" 200
eq "both sides" "$(jsonq "sorted([d['a']['id'], d['b']['id']]) == sorted([$HERMAWAN, $WAWAN])")" True
eq "sides carry categories, household, programs" "$(jsonq "all(k in d['a'] for k in ('categories','household','programs','merged_into'))")" True
eq "Hermawan's category shown" "$(jsonq "[c['category'] for s in (d['a'], d['b']) if s['id'] == $HERMAWAN for c in s['categories']]")" "[24]"
stop_server # the read-audit queue is flushed at stop
reads1=$(sqlite3 -cmd "ATTACH '$PILAR_DB-reads' AS reads" "$PILAR_DB" "SELECT count(*) FROM reads.audit_read WHERE actor = 'bontang'")
check "pair view audited as two reads" test "$((reads1 - reads0))" -ge 2
start_server --data-dir "$T/data"

# --- roles: a district operator may read a pair but not decide
as "$TK" GET "/dedup/candidates/$CW"
eq "district reads the pair" "$STATUS" 200
as "$TK" POST "/dedup/candidates/$CW/merge" "${J[@]}" -d "{\"survivor\":$HERMAWAN}"
eq "district may not merge" "$STATUS" 403

# --- merge keeps the survivor's id; the old id answers with a pointer
as "$TB" POST "/dedup/candidates/$CW/merge" "${J[@]}" -d "{\"survivor\":999}"
eq "survivor outside the pair: 422" "$STATUS" 422
eq "names the field" "$(jsonq "d['error']['field']")" survivor
as "$TB" POST "/dedup/candidates/$CW/merge" "${J[@]}" -d "{\"survivor\":$HERMAWAN}"
eq "merge" "$STATUS" 200
eq "pair merged, survivor kept" "$(jsonq "(d['status'], d['survivor_id'])")" "('merged', $HERMAWAN)"
MID=$(jsonq "d['merge_id']")
eq "merge audited with the actor" "$(q "SELECT CASE WHEN count(*) > 0 THEN 1 ELSE 0 END FROM audit WHERE entity = 'person' AND entity_id = $WAWAN AND action = 'update' AND actor = 'bontang'")" 1
as "$TB" POST "/dedup/candidates/$CW/merge" "${J[@]}" -d "{\"survivor\":$HERMAWAN}"
eq "merging again: 409" "$STATUS" 409
as "$TB" GET "/people/$WAWAN"
eq "old id: 200" "$STATUS" 200
eq "old id points at the survivor" "$(jsonq "(d['id'], d['merged_into'], d['merge_id'])")" "($WAWAN, $HERMAWAN, $MID)"
check "old id says so" body_has "Data ini telah digabung ke #$HERMAWAN"
body_lacks "Wawan" && ok || bad "the pointer carries no personal data"
as "$TB" GET "/people/$HERMAWAN"
eq "survivor answers itself" "$(jsonq "(d['id'], 'merged_into' in d)")" "($HERMAWAN, False)"
out=$($PILAR person show "$WAWAN")
check "CLI: old id says so" grep -q "Data ini telah digabung ke #$HERMAWAN" <<<"$out"
check "CLI: then shows the survivor" grep -q "Hermawan Saputra (id $HERMAWAN" <<<"$out"
out=$($PILAR person show "$WAWAN" --json)
eq "CLI --json pointer" "$(jget "$out" merged_into)" "$HERMAWAN"
as "$TB" GET "/dedup/candidates?status=merged"
eq "merged list carries the merge id" "$(jsonq "[x['merge_id'] for x in d['items'] if x['id'] == $CW]")" "[$MID]"
as "$TB" POST "/dedup/candidates/$CW/distinct" "${J[@]}" -d '{"reason":"x"}'
eq "distinct of a merged pair: 409" "$STATUS" 409
WV=$(q "SELECT version FROM person WHERE id = $WAWAN")
as "$TB" PATCH "/people/$WAWAN" "${J[@]}" -d "{\"version\":$WV,\"name\":\"Wawan Baru\"}"
eq "PATCH of a merged-away id: 409" "$STATUS" 409
check "says it was merged" body_has "telah digabung"
eq "the merged-away record unchanged" "$(q "SELECT name FROM person WHERE id = $WAWAN")" "Wawan Saputra"

# --- undo gives both ids back
as "$TB" POST "/dedup/candidates/$CW/undo" "${J[@]}" -d '{}'
eq "undo" "$STATUS" 200
eq "pair open again" "$(jsonq "d['status']")" open
as "$TB" GET "/people/$WAWAN"
eq "old id answers its own record again" "$(jsonq "(d['id'], d['name'], 'merged_into' in d)")" "($WAWAN, 'Wawan Saputra', False)"
out=$($PILAR person show "$WAWAN")
check "CLI: no pointer after undo" test -z "$(grep "Data ini telah digabung" <<<"$out")"
as "$TB" POST "/dedup/candidates/$CW/undo" "${J[@]}" -d '{}'
eq "undo of an open pair: 409" "$STATUS" 409

# --- not the same person: decided pairs are not proposed again on arrival
as "$TB" POST "/dedup/candidates/$CJ/distinct" "${J[@]}" -d '{"reason":"ayah dan anak bernama sama"}'
eq "distinct" "$STATUS" 200
eq "status not_same" "$(jsonq "d['status']")" not_same
as "$TB" GET "/people/$JOKO2"
v=$(jsonq "d['version']")
as "$TB" PATCH "/people/$JOKO2" "${J[@]}" -d "{\"version\":$v,\"birth_place\":\"Samarinda\"}"
eq "PATCH after the decision" "$STATUS" 200
eq "still not_same after matching again" "$(q "SELECT status FROM dedup_candidate WHERE id = $CJ")" not_same

summary
