#!/usr/bin/env bash
# Forms that help, verification that controls quality, imports that explain
# themselves (issue 21 items 2-4), on the server's side: plain error messages
# with each problem at its field and no column keys; a 409 naming the person
# who holds the NIK (inside the scope only); POST /households with members
# saved all or none; PMKS categories that cannot start in the future or
# contradict the person without a confirmation; no end date in the future;
# category changes in the person's history; four-eyes verification; the queue
# filtered by flag; GET /imports and the rejects file named after the upload.
# Needs PILAR (binary) and PILAR_SRC.
. "$(dirname "$0")/lib.sh"
cd "$T"
need sqlite3 curl python3
export PILAR_DB="$T/t.db" PILAR_PWHASH=fast
is() { [ "$STATUS" = "$1" ]; }
check_detail() { echo " (status $STATUS: $(head -c 300 "$T/body"))"; }

$PILAR init >/dev/null
$PILAR region import --from "$AREA" >/dev/null || die "region import failed"
for u in bontang bontang2; do echo "kunci-rahasia-7" | $PILAR user add $u --role regency --scope 64.74 >/dev/null || die "user $u"; done
echo 'kunci-rahasia-8' | $PILAR user add samarinda --role regency --scope 64.72 >/dev/null || die "user samarinda"
TB=$($PILAR user token bontang)
TB2=$($PILAR user token bontang2)
TS=$($PILAR user token samarinda)
start_server
V=64.74.01.1001
VS=64.72.01.1001
AB=(-H "Authorization: Bearer $TB" "${J[@]}")

# --- error messages: words, not column keys; every problem at its field
NEXT=$(($(date +%Y) + 1))
req POST "$A/people" "${AB[@]}" -d "{\"nik\":\"6474011205800001\",\"kk\":\"6474010101200001\",\"name\":\"Budi 2\",\"birth_date\":\"$NEXT-05-12\",\"sex\":\"L\",\"village_code\":\"$V\"}"
check "bad person is 422" is 422
check "message without column keys" body_lacks 'tanggal_lahir:'
check "message without 'nama:'" body_lacks '"message":"nama:'
check "problems list each field" test "$(jsonq "sorted(p['field'] for p in d['error']['problems'])")" = "['birth_date', 'name']"
check "birth date problem in words" test "$(jsonq "[p['message'] for p in d['error']['problems'] if p['field']=='birth_date'][0]")" = "tanggal lahir $NEXT-05-12 di masa depan"

req POST "$A/people" "${AB[@]}" -d "{\"nik\":\"6474011205800001\",\"kk\":\"6474010101200001\",\"name\":\"Budi Santoso\",\"birth_date\":\"1980-05-12\",\"sex\":\"L\",\"village_code\":\"$V\",\"relationship\":\"kepala keluarga\"}"
check "person registered" is 201
P1=$(jsonq "d['id']")
req POST "$A/people" "${AB[@]}" -d "{\"nik\":\"6474011205800001\",\"kk\":\"6474010101200001\",\"name\":\"Budi Lagi\",\"birth_date\":\"1980-05-12\",\"sex\":\"L\",\"village_code\":\"$V\"}"
check "NIK registered again is 409" is 409
check "409 names the person holding the NIK" test "$(jsonq "d['error']['id']")" = "$P1"
# outside the scope: a transfer request, never a name or id
req POST "$A/people" -H "Authorization: Bearer $TS" "${J[@]}" -d "{\"nik\":\"6474011205800001\",\"kk\":\"6472010101200001\",\"name\":\"Budi Lagi\",\"birth_date\":\"1980-05-12\",\"sex\":\"L\",\"village_code\":\"$VS\"}"
check "NIK held outside the scope waits (202)" is 202
check "no id of a hidden record" body_lacks "\"id\":$P1"

# --- a family: all members or none
KK=6474010101200002
FAM() { echo "{\"kk\":\"$KK\",\"village_code\":\"$V\",\"address\":\"Jl. Uji 1\",\"rt\":\"1\",\"rw\":\"2\"$1,\"members\":[{\"nik\":\"6474011708780002\",\"name\":\"Darto Uji\",\"birth_date\":\"1978-08-17\",\"sex\":\"L\",\"relationship\":\"kepala keluarga\"$2},{\"nik\":\"$3\",\"name\":\"Sumi Uji\",\"birth_date\":\"$4\",\"sex\":\"P\",\"relationship\":\"istri/suami\"}]}"; }
req POST "$A/households" "${AB[@]}" -d "$(FAM '' '' 6474015703850002 2990-03-17)"
check "member 2 refused: 422" is 422
check "the field names the member" test "$(jsonq "d['error']['field']")" = "members.1.birth_date"
check "its problems carry the member prefix" test "$(jsonq "d['error']['problems'][0]['field']")" = "members.1.birth_date"
check "member 1 not stored alone" test "$(sqlite3 "$PILAR_DB" "SELECT count(*) FROM person WHERE nik='6474011708780002'")" = 0
check "household not stored" test "$(sqlite3 "$PILAR_DB" "SELECT count(*) FROM household WHERE kk='$KK'")" = 0
req POST "$A/households" "${AB[@]}" -d "$(FAM '' '' 6474011205800001 1980-05-12)"
check "member 2's NIK registered: 409" is 409
check "409 names members.1.nik" test "$(jsonq "d['error']['field']")" = "members.1.nik"
check "409 links the holder" test "$(jsonq "d['error']['id']")" = "$P1"
check "still nothing stored" test "$(sqlite3 "$PILAR_DB" "SELECT count(*) FROM person WHERE nik='6474011708780002'")" = 0
# elderly neglect for a 48-year-old: a confirmation, then stored
req POST "$A/households" "${AB[@]}" -d "$(FAM '' ',"categories":"8"' 6474015703850002 1985-03-17)"
check "unconfirmed contradiction: 422" is 422
check "asks members.0.confirm" test "$(jsonq "d['error']['field']")" = "members.0.confirm"
check "says the rule and the age" body_has '60 tahun ke atas, sedangkan orang ini berumur 48 tahun'
req POST "$A/households" "${AB[@]}" -d "$(FAM ',"confirm":true' ',"categories":"8"' 6474015703850002 1985-03-17)"
check "confirmed family: 201" is 201
check "two members" test "$(jsonq "len(d['members'])")" = 2
check "household with its address" test "$(jsonq "d['household']['address']")" = "Jl. Uji 1"
HEAD=$(jsonq "d['members'][0]['id']")
# joining a registered family through the same route
req POST "$A/households" "${AB[@]}" -d "{\"kk\":\"$KK\",\"members\":[{\"nik\":\"6474010101100002\",\"name\":\"Anak Uji\",\"birth_date\":\"2010-01-01\",\"sex\":\"L\",\"relationship\":\"anak\"}]}"
check "member joins a registered family" is 201
check "three members now" test "$(sqlite3 "$PILAR_DB" "SELECT count(*) FROM person p JOIN household h ON h.id=p.household_id WHERE h.kk='$KK'")" = 3

# --- categories on a person
req POST "$A/people/$P1/categories" "${AB[@]}" -d '{"category":8}'
check "elderly neglect at 46: confirmation asked" is 422
check "field confirm" test "$(jsonq "d['error']['field']")" = confirm
req POST "$A/people/$P1/categories" "${AB[@]}" -d '{"category":1}'
check "toddler category for an adult: confirmation asked" is 422
req POST "$A/people/$P1/categories" "${AB[@]}" -d '{"category":9,"valid_from":"2990-01-01"}'
check "start in the future refused" is 422
check "field valid_from" test "$(jsonq "d['error']['field']")" = valid_from
req POST "$A/people/$P1/categories" "${AB[@]}" -d '{"category":9,"valid_from":"1970-01-01"}'
check "start before birth refused" is 422
req POST "$A/people/$P1/categories" "${AB[@]}" -d '{"category":8,"confirm":true}'
check "confirmed: 201" is 201
MID=$(jsonq "d['id']")
req POST "$A/people/$P1/categories/$MID/end" "${AB[@]}" -d '{"valid_to":"2990-01-01"}'
check "end in the future refused" is 422
req POST "$A/people/$P1/categories/$MID/end" "${AB[@]}" -d '{}'
check "ended today" is 200
req GET "$A/people/$P1/history" -H "Authorization: Bearer $TB"
check "history holds the creation" test "$(jsonq "[e['action'] for e in d['items'] if e['entity']=='person'][0]")" = insert
check "history holds the category start and end" test "$(jsonq "[e['action'] for e in d['items'] if e['entity']=='membership']")" = "['insert', 'update']"
check "history oldest first" test "$(jsonq "[e['id'] for e in d['items']] == sorted(e['id'] for e in d['items'])")" = True

# --- four eyes
req POST "$A/people/$P1/verify" -H "Authorization: Bearer $TB"
check "the registering account cannot verify" is 403
check "says a colleague must" body_has 'petugas lain'
req POST "$A/verification/bulk" "${AB[@]}" -d "{\"ids\":[$P1],\"action\":\"verify\"}"
check "not in bulk either" is 403
req POST "$A/people/$P1/reject" "${AB[@]}" -d '{"reason":"uji"}'
check "rejecting one's own is allowed" is 200
req POST "$A/people/$HEAD/verify" -H "Authorization: Bearer $TB2"
check "a colleague verifies" is 200
$PILAR verify accept 6474015703850002 >/dev/null
check "the command line is exempt" test "$(sqlite3 "$PILAR_DB" "SELECT state FROM person WHERE nik='6474015703850002'")" = verified

# --- the queue filtered by flag
req POST "$A/people" "${AB[@]}" -d "{\"nik\":\"6474011205800003\",\"kk\":\"6474010101200003\",\"name\":\"Tanggal Beda\",\"birth_date\":\"1980-05-13\",\"sex\":\"L\",\"village_code\":\"$V\",\"relationship\":\"kepala keluarga\"}"
check "birth date that disagrees with the NIK: registered, flagged" test "$(jsonq "d['flags']")" = "['nik_tanggal_lahir']"
PF=$(jsonq "d['id']")
req GET "$A/verification/queue?flag=nik_tanggal_lahir" -H "Authorization: Bearer $TB2"
check "flag filter 200" is 200
check "flag filter finds the flagged draft" test "$(jsonq "[p['id'] for p in d['items']]")" = "[$PF]"
req GET "$A/verification/queue?flag=any" -H "Authorization: Bearer $TB2"
check "any flag" test "$(jsonq "all(p['flags'] for p in d['items']) and len(d['items']) >= 1")" = True
req GET "$A/verification/queue?flag=bukan" -H "Authorization: Bearer $TB2"
check "unknown flag 422" is 422

# --- imports: history and the rejects file named after the upload
printf 'nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan_keluarga,kode_desa\n123,6474010101200009,X,1980-05-12,L,Kepala Keluarga,%s\n6474014101950009,6474010101200009,Anak Ada,1995-01-01,P,Anak,%s\n' $V $V > "$T/data warga.csv"
req POST "$A/imports" -H "Authorization: Bearer $TB" -F "file=@$T/data warga.csv"
check "import 200" is 200
LINK=$(jsonq "d['rejects']")
check "rejects named after the upload" test "$(jsonq "d['rejects_name']")" = "ditolak-data_warga.csv"
req GET "$B$LINK?name=$(jsonq "d['rejects_stem']")" -H "Authorization: Bearer $TB"
check "rejects download 200" is 200
check "named after the upload" grep -qi 'filename="ditolak-data_warga.csv"' "$T/hdr"
# a dry run names the stored values it would overwrite (a filled one that changes)
printf 'nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,kode_desa\n6474014101950009,6474010101200009,Anak Ada,1995-01-01,P,Anak,Ibu Baru,%s\n6474011205800001,6474010101200001,Budi Santoso Baru,1980-05-12,L,Kepala Keluarga,,%s\n' $V $V > "$T/ubah.csv"
req POST "$A/imports?dry_run=1" -H "Authorization: Bearer $TB" -F "file=@$T/ubah.csv"
check "dry run 200" is 200
check "dry run: one stored value overwritten (an empty mother's name filled is not)" test "$(jsonq "[(o['id'], o['field'], o['before'], o['after'], o['hidden']) for o in d['overwrites']]")" = "[($P1, 'name', 'Budi Santoso', 'Budi Santoso Baru', False)]"
check "overwrites_total" test "$(jsonq "d['overwrites_total']")" = 1
check "dry run stored nothing" test "$(sqlite3 "$PILAR_DB" "SELECT name FROM person WHERE id=$P1")" = "Budi Santoso"
req GET "$A/imports" -H "Authorization: Bearer $TB"
check "import history lists it" test "$(jsonq "[(x['file'], x['rejected'], x['inserted']) for x in d['items']]")" = "[('data warga.csv', 1, 1)]"
req GET "$A/imports" -H "Authorization: Bearer $TB2"
check "another operator does not see it" test "$(jsonq "len(d['items'])")" = 0

stop_server
summary
