#!/usr/bin/env bash
# test_scope.sh - a Bontang operator (scope 64.74) against Samarinda data
# (64.72) on every path that could tell it a NIK or KK exists outside its
# scope: register (person, household), change, search, import (dry run and
# real), transfer requests end to end (submit, owner sees, resolve pindah and
# berbeda, CLI), batch totals, integrity findings and history client
# addresses. An out-of-scope record must answer exactly like an absent one,
# except for the designed outcome: a registration that collides waits as a
# transfer request (202 "menunggu").
. "$(dirname "$0")/lib.sh"
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
need sqlite3
# check's failures name the last request's status and body.
check_detail() { echo " (status ${STATUS:-}, body: $(head -c 300 "$T/body" 2>/dev/null))"; }

# ---------------------------------------------------------------- data
$PILAR init >/dev/null || exit 1
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || exit 1
VB=64.74.01.1001 VS=64.72.01.1001
# Bontang: Ahmad (KK A). Samarinda: Dewi (KK D), Eko (KK E). All fakir miskin (24).
NA=6474010101700001 KA=6474010101210001
ND=6472014707660001 KD=6472010101210004
NE=6472010909640001 KE=6472010101210005
cat >"$T/people.csv" <<CSV
nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude
$NA,$KA,Ahmad Fauzi,Bontang,1970-01-01,L,Kepala Keluarga,Halimah,Jl. Satu 1,001,001,$VB,24@2025-01-01,,,
$ND,$KD,Dewi Lestari,Samarinda,1966-07-07,P,Kepala Keluarga,Saodah,Jl. Empat 4,004,003,$VS,24@2025-01-01,,,
$NE,$KE,Eko Prasetyo,Samarinda,1964-09-09,L,Kepala Keluarga,Jumiati,Jl. Lima 5,005,003,64.72.01.1002,24@2025-01-01,,,
CSV
$PILAR import "$T/people.csv" >/dev/null || exit 1
IA=$(q "SELECT id FROM person WHERE nik = '$NA'")
ID=$(q "SELECT id FROM person WHERE nik = '$ND'")
HE=$(q "SELECT id FROM household WHERE kk = '$KE'")
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
echo 'kota-btg-kunci1' | $PILAR user add bontang --role regency --scope 64.74 >/dev/null || exit 1
echo 'kota-smd-kunci1' | $PILAR user add samarinda --role regency --scope 64.72 >/dev/null || exit 1
echo 'kukar-kunci-123' | $PILAR user add kutai --role regency --scope 64.02 >/dev/null || exit 1
TA=$($PILAR user token admin)
TB=$($PILAR user token bontang)
TS=$($PILAR user token samarinda)
TK=$($PILAR user token kutai)

# Programs: HKX pays households once. Batch 1 has Ahmad (Bontang) and Dewi (Samarinda);
# batch 2 (next quarter) only Dewi. Then Dewi's household gets Ahmad's account number too.
$PILAR program add HKX --name "Bantuan Keluarga Uji" --level provinsi --household \
  --amount 500000 --frequency sekali --categories 24 >/dev/null || exit 1
for n in $NA $ND; do $PILAR program enroll HKX --period 2026-Q1 --reason "SK 1" --person $n >/dev/null || exit 1; done
$PILAR program enroll HKX --period 2026-Q2 --reason "SK 2" --person $ND >/dev/null || exit 1
$PILAR verify accept $NA $ND >/dev/null || exit 1
$PILAR program account --kk $KA --number 9001 --bank BRI >/dev/null || exit 1
$PILAR program account --kk $KD --number 9002 --bank BRI >/dev/null || exit 1
B1=$($PILAR batch create HKX --period 2026-Q1 --json | sed -E 's/.*"id":([0-9]+).*/\1/')
B2=$($PILAR batch create HKX --period 2026-Q2 --json | sed -E 's/.*"id":([0-9]+).*/\1/')
$PILAR program account --kk $KD --number 9001 --bank BRI >/dev/null || exit 1
$PILAR program check HKX --period 2026-Q1 >/dev/null # exits 1: it has findings

# ---------------------------------------------------------------- server
mkdir -p "$T/web"
start_server --web "$T/web" --data-dir "$T/data"
is() { [ "$STATUS" = "$1" ]; }
# keep NAME: the last answer (status and body) as $T/NAME.ans
keep() { { echo "$STATUS"; cat "$T/body"; } >"$T/$1.ans"; }
# same_answer DESCRIPTION A B [FROM TO]: answers A and B identical (TO replaced by FROM in B)
same_answer() {
  if [ $# -ge 5 ]; then sed "s/$5/$4/g" "$T/$3.ans" >"$T/$3.norm"; else cp "$T/$3.ans" "$T/$3.norm"; fi
  if cmp -s "$T/$2.ans" "$T/$3.norm"; then ok; else
    bad "$1: out of scope and absent differ: $(head -c 300 "$T/$2.ans") / $(head -c 300 "$T/$3.norm")"; fi
}
no_leak() { # no_leak DESCRIPTION: the last body names nothing of Samarinda
  if body_lacks '64\.72\.' && body_lacks 'Dewi Lestari' && body_lacks 'Eko' && body_lacks 'Samarinda' &&
    body_lacks 'terdaftar'; then ok; else bad "$1 leaks: $(head -c 300 "$T/body")"; fi
}
n_transfers() { q "SELECT count(*) FROM transfer_request"; }

# ---------------------------------------------------------------- search
NX=6472014707669999 KX=6472010101219999 # valid, absent
for p in "people?nik" "people?kk" "households?kk"; do
  v1=$ND; v2=$NX
  [ "$p" = "people?nik" ] || { v1=$KD; v2=$KX; }
  req GET "$A/$p=$v1" -H "Authorization: Bearer $TB"; keep s1
  req GET "$A/$p=$v2" -H "Authorization: Bearer $TB"; keep s2
  same_answer "GET $p" s1 s2
done

# ---------------------------------------------------------------- batches
req GET "$A/batches/$B2" -H "Authorization: Bearer $TB"; keep b1
req GET "$A/batches/999999" -H "Authorization: Bearer $TB"; keep b2
same_answer "GET /batches of another region" b1 b2 "$B2" 999999
req GET "$A/batches/$B1" -H "Authorization: Bearer $TB"
check "mixed batch visible" is 200
eq "only Bontang's items" "$(jsonq "d['items']")" 1
eq "only Bontang's money" "$(jsonq "d['total']")" 500000
eq "only Bontang's totals" "$(jsonq "[t['region'] for t in d['totals']]")" "['64.74']"
req GET "$A/batches/$B1" -H "Authorization: Bearer $TA"
eq "admin sees the whole batch" "$(jsonq "d['items']")" 2

# ---------------------------------------------------------------- findings
req GET "$A/programs/HKX/findings?period=2026-Q1" -H "Authorization: Bearer $TA"
check "admin sees the shared account" body_has '"rule":"shared_account","person_id":'"$IA"
req GET "$A/programs/HKX/findings?period=2026-Q1" -H "Authorization: Bearer $TB"
check "findings 200" is 200
check "no finding names the Samarinda household" body_lacks 'shared_account'
check "findings stay in scope" body_lacks "\"person_id\":$ID"

# ---------------------------------------------------------------- register: person and household
req POST "$A/people" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"nik\":\"6474011205809901\",\"kk\":\"6474010101209901\",\"name\":\"Budi Bontang\",\"birth_date\":\"1980-05-12\",\"sex\":\"L\",\"village_code\":\"$VB\",\"relationship\":\"kepala keluarga\"}"
check "new person registers" is 201
IB=$(jsonq "d['id']")
n0=$(n_transfers)
req POST "$A/people" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"nik\":\"$ND\",\"kk\":\"6474010101219801\",\"name\":\"Dewi L\",\"birth_date\":\"1966-07-07\",\"sex\":\"P\",\"village_code\":\"$VB\",\"relationship\":\"kepala keluarga\",\"categories\":\"24\"}"
check "Samarinda NIK: 202 waiting" is 202
check "waiting status" body_has '"status":"menunggu"'
no_leak "POST /people out-of-scope NIK"
T1=$(jsonq "d['transfer_id']")
req POST "$A/people" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"nik\":\"$NX\",\"kk\":\"6474010101219802\",\"name\":\"Dewi L\",\"birth_date\":\"1966-07-07\",\"sex\":\"P\",\"village_code\":\"$VB\"}"
check "absent NIK registers" is 201
req POST "$A/households" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"kk\":\"$KE\",\"village_code\":\"$VB\",\"address\":\"Jl. Baru 1\"}"
check "Samarinda KK: 202 waiting" is 202
no_leak "POST /households out-of-scope KK"
T2=$(jsonq "d['transfer_id']")
req POST "$A/households" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"kk\":\"$KX\",\"village_code\":\"$VB\"}"
check "absent KK registers" is 201
eq "two requests stored" "$(n_transfers)" $((n0 + 2))
eq "requests never reveal to the audit who collided" "$(q "SELECT count(*) FROM audit WHERE entity = 'transfer' AND action = 'transfer_submit' AND after LIKE '%64.72%'")" 0

# ---------------------------------------------------------------- change: KK and NIK
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"kk\":\"$KD\",\"version\":1}"; keep p1
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"kk\":\"6472010101219998\",\"version\":1}"; keep p2
same_answer "PATCH to an out-of-scope KK" p1 p2 "$KD" 6472010101219998
check "PATCH unknown KK is 422" grep -q '^422$' "$T/p2.ans"
req PATCH "$A/people/$IB" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"nik\":\"$NE\",\"version\":1}"
check "PATCH to an out-of-scope NIK waits" is 202
no_leak "PATCH out-of-scope NIK"
T3=$(jsonq "d['transfer_id']")
req GET "$A/people/$IB" -H "Authorization: Bearer $TB"
check "the waiting change is not applied" body_has '"nik":"6474011205809901"'

# ---------------------------------------------------------------- import
HDR='nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude'
mkrows() { # mkrows NIK1 KK2 -> rows: NIK1 with a new Bontang KK, a new NIK with KK2
  echo "$HDR"
  echo "$1,6474010101219701,Dewi Pindah,Samarinda,1966-07-07,P,Kepala Keluarga,Saodah,Jl. Enam 6,006,001,$VB,24@2025-01-01,,,"
  echo "6474011505859902,$2,Rudi Baru,Bontang,1985-05-15,L,Kepala Keluarga,Ijah,Jl. Tujuh 7,007,001,$VB,24@2025-01-01;9@2025-01-01,,,"
}
mkrows $ND $KE >"$T/hidden.csv"
mkrows 6472014707669998 6472010101219997 | sed "s/6474010101219701/6474010101219702/" >"$T/absent.csv"
# import_summary: the counts of the last import answer on one line (not lib.sh's summary).
import_summary() { python3 -c "
import json; d=json.load(open('$T/body'))
print(' '.join('%s=%s' % (k, d.get(k)) for k in ('read','inserted','updated','unchanged','rejected','flagged','conflicts','households_inserted','households_updated','memberships_added','pending','rejects','committed')))"; }
n0=$(n_transfers)
req POST "$A/imports?dry_run=1" -H "Authorization: Bearer $TB" -F "file=@$T/hidden.csv;type=text/csv"
check "dry run 200" is 200
S1=$(import_summary)
req POST "$A/imports?dry_run=1" -H "Authorization: Bearer $TB" -F "file=@$T/absent.csv;type=text/csv"
S2=$(import_summary)
eq "dry run: out of scope counts like absent" "$S1" "$S2"
eq "dry run makes no transfer request" "$(n_transfers)" "$n0"
req POST "$A/imports" -H "Authorization: Bearer $TB" -F "file=@$T/hidden.csv;type=text/csv"
check "import 200" is 200
eq "import: both rows wait" "$(jsonq "d['pending']")" 2
eq "import: none inserted" "$(jsonq "d['inserted']")" 0
eq "import: none rejected" "$(jsonq "d['rejected']")" 0
eq "import made two requests" "$(n_transfers)" $((n0 + 2))
REJ=$(jsonq "d['rejects']")
req GET "$B$REJ" -H "Authorization: Bearer $TB"
check "rejects file says the data wait" body_has 'menunggu pemeriksaan oleh kantor pemilik data'
check "rejects file: no region" body_lacks '64\.72\.'
check "rejects file: no stored name" body_lacks 'Dewi Lestari'
check "rejects file: no stored name (KK)" body_lacks 'Eko'
check "rejects file: no 'terdaftar'" body_lacks 'terdaftar'
T5=$(q "SELECT max(id) FROM transfer_request")
T4=$((T5 - 1))
$PILAR import --dry-run "$T/hidden.csv" --json >/dev/null 2>&1
eq "CLI dry run (scope all) makes no request" "$(n_transfers)" $((n0 + 2))

# ---------------------------------------------------------------- transfer requests
req GET "$A/transfers" -H "Authorization: Bearer $TB"
check "submitter lists its requests" is 200
eq "submitter sees all five" "$(jsonq "len(d['items'])")" 5
check "submitter's view" body_has '"role":"submitter"'
check "submitter's view has no owner fields" body_lacks '"owner_village"'
check "submitter's view has no kind" body_lacks '"kind"'
no_leak "GET /transfers as submitter"
req GET "$A/transfers" -H "Authorization: Bearer $TS"
check "owner lists them" is 200
eq "owner sees all five" "$(jsonq "len(d['items'])")" 5
check "owner's view" body_has '"role":"owner"'
check "owner sees the stored village" body_has "\"owner_village\":\"$VS\""
API_KEYS="{'nik','kk','name','birth_place','birth_date','sex','relationship','mother_name','address','rt','rw','village_code','categories','disability','latitude','longitude','no_nik_reason'}"
check "a request echoes the person under the API's keys" test "$(jsonq "all(i['record'] and set(i['record']) <= $API_KEYS and {'kk','name','village_code'} <= set(i) for i in d['items'])")" = True
check "a request's record carries the submitted KK" test "$(jsonq "all(i['record']['kk'] == i['kk'] for i in d['items'])")" = True
req GET "$A/transfers" -H "Authorization: Bearer $TK"
eq "another regency sees none" "$(jsonq "len(d['items'])")" 0
req GET "$A/transfers/$T1" -H "Authorization: Bearer $TK"; keep k1
req GET "$A/transfers/999999" -H "Authorization: Bearer $TK"; keep k2
same_answer "GET /transfers/{id} of others" k1 k2 "$T1" 999999
check "others' request is 404" grep -q '^404$' "$T/k1.ans"
req POST "$A/transfers/$T1/resolve" -H "Authorization: Bearer $TB" "${J[@]}" -d '{"decision":"pindah","reason":"x"}'
check "the submitter cannot resolve" is 403
req POST "$A/transfers/$T1/resolve" -H "Authorization: Bearer $TK" "${J[@]}" -d '{"decision":"pindah","reason":"x"}'
check "another regency: 404" is 404
req POST "$A/transfers/$T1/resolve" -H "Authorization: Bearer $TS" "${J[@]}" -d '{"decision":"pindah"}'
check "a reason is required" is 422
# pindah: Dewi moves to the new Bontang household.
req POST "$A/transfers/$T1/resolve" -H "Authorization: Bearer $TS" "${J[@]}" -d '{"decision":"pindah","reason":"pindah domisili, surat pindah 12/2026"}'
check "owner resolves pindah" is 200
check "resolved" body_has '"status":"pindah"'
req POST "$A/transfers/$T1/resolve" -H "Authorization: Bearer $TS" "${J[@]}" -d '{"decision":"berbeda","reason":"x"}'
check "resolve twice: 409" is 409
req GET "$A/people?nik=$ND" -H "Authorization: Bearer $TB"
eq "moved person now in Bontang scope" "$(jsonq "len(d['items'])")" 1
eq "moved person's village" "$(jsonq "d['items'][0]['village_code']")" "$VB"
req GET "$A/people/$ID/history" -H "Authorization: Bearer $TB"
check "history shows the move" body_has "\"village_code\":\"$VB\""
eq "residence history: old village closed" "$(q "SELECT count(*) FROM residence WHERE person_id = $ID AND village_code = '$VS' AND valid_to IS NOT NULL")" 1
eq "residence history: new village open" "$(q "SELECT count(*) FROM residence WHERE person_id = $ID AND village_code = '$VB' AND valid_to IS NULL")" 1
eq "hand-over audited" "$(q "SELECT count(*) FROM audit WHERE entity = 'transfer' AND entity_id = $T1 AND action = 'transfer_pindah'")" 1
req GET "$A/people?nik=$ND" -H "Authorization: Bearer $TS"
eq "and out of Samarinda's" "$(jsonq "len(d['items'])")" 0
# berbeda: a different family holds Eko's KK.
req POST "$A/transfers/$T2/resolve" -H "Authorization: Bearer $TS" "${J[@]}" -d '{"decision":"berbeda","reason":"KK milik keluarga lain"}'
check "owner resolves berbeda" is 200
req GET "$A/transfers?status=berbeda" -H "Authorization: Bearer $TB"
eq "conflict listed for the submitter" "$(jsonq "[i['id'] for i in d['items']]")" "[$T2]"
check "conflict note names Dukcapil" body_has 'Dukcapil'
no_leak "conflict as seen by the submitter"
check "submitter does not see the owner's reason" body_lacks 'keluarga lain'
req GET "$A/transfers?status=berbeda" -H "Authorization: Bearer $TS"
eq "conflict listed for the owner" "$(jsonq "[i['id'] for i in d['items']]")" "[$T2]"
req GET "$A/households?kk=$KE" -H "Authorization: Bearer $TB"
eq "berbeda hands nothing over" "$(jsonq "len(d['items'])")" 0
# CLI: the owner's view of everything; pindah of a household (the import's KK row).
out=$($PILAR transfer list --status menunggu)
check "CLI lists waiting requests" grep -q "^$T5 " <<<"$out"
check "CLI resolve pindah" $PILAR transfer resolve "$T5" --pindah --reason "keluarga pindah" >/dev/null
$PILAR transfer resolve "$T4" --berbeda >/dev/null 2>&1
eq "CLI resolve without reason refused" $? 1
req GET "$A/households?kk=$KE" -H "Authorization: Bearer $TB"
eq "moved household now in Bontang" "$(jsonq "d['items'][0]['village_code']")" "$VB"
req GET "$A/people?nik=$NE" -H "Authorization: Bearer $TB"
eq "its members came along" "$(jsonq "d['items'][0]['village_code']")" "$VB"
req GET "$A/people?nik=6474011505859902" -H "Authorization: Bearer $TB"
eq "the submitted person was registered in it" "$(jsonq "d['items'][0]['kk']")" "$KE"
eq "household residence history" "$(q "SELECT count(*) FROM residence WHERE household_id = $HE")" 2

# ---------------------------------------------------------------- history client addresses
req GET "$A/people/$IB/history" -H "Authorization: Bearer $TB"
check "operator history 200" is 200
check "operator sees no client address" body_lacks '127\.0\.0\.1'
check "client is null" body_has '"client":null'
req GET "$A/people/$IB/history" -H "Authorization: Bearer $TA"
check "admin sees client addresses" body_has '"client":"127.0.0.1"'

summary
