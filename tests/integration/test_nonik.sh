#!/usr/bin/env bash
# People without a NIK (issue 16, item 1), end to end: registration through
# the CLI and the API with a reason code, import of rows with an empty nik and
# alasan_tanpa_nik (twice: nobody twice), a doubtful match into the duplicate
# review queue, the referral queue (CLI, API, scope), a NIK recorded later
# (history kept; a NIK held by someone else: 409 naming that record), the
# summary's without_nik, export then import into a fresh data base (each
# person exactly once), dedup, and a program that requires a NIK.
# Needs PILAR (binary) and PILAR_SRC.
. "$(dirname "$0")/lib.sh"
cd "$T"
need sqlite3 curl python3

export PILAR_DB="$T/t.db"
$PILAR init >/dev/null
$PILAR region import --from "$AREA" >/dev/null || die "region import failed"
V=64.74.01.1001
VS=64.72.01.1001

# --- import: an empty nik with a reason (code or label, any case); a row without reason is
# rejected naming row and field; the same file twice registers nobody twice.
cat > a.csv <<CSV
nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude,alasan_tanpa_nik
6474010512800001,6474010101200001,Hermawan Saputra,Bontang,1980-12-05,L,Kepala Keluarga,Siti Aminah,Jl. Kenari 1,001,001,$V,24@2025-01-01,,,,
,6474010101200001,Putri Saputra,Bontang,2024-02-01,P,Anak,Rina Wati,Jl. Kenari 1,001,001,$V,,,,,ANAK BELUM BER-NIK
,,Udin Gelandangan,Bontang,1970-01-01,L,,,,,,$V,1@2025-02-01,,0.13,117.5,tunawisma
,6474010101200002,Nenek Sumi,Bontang,1940-05-05,P,Kepala Keluarga,,Jl. Merpati,002,001,$V,8@2025-01-01,,,,belum_rekam_ktp_el
,6474010101200001,Budi Saputra,Bontang,2020-02-01,L,Anak,Rina Wati,Jl. Kenari 1,001,001,$V,,,,,
,6474010101200001,Tono Saputra,Bontang,2021-02-01,L,Anak,Rina Wati,Jl. Kenari 1,001,001,$V,,,,,bukan_alasan
CSV
out=$($PILAR import a.csv --json)
eq "import 1 inserted" "$(jget "$out" inserted)" 4
eq "import 1 rejected" "$(jget "$out" rejected)" 2
eq "import 1 without_nik" "$(jget "$out" without_nik)" 3
has "row without reason rejected naming row and field" a-ditolak.csv 'baris 6: nik: NIK wajib diisi; untuk orang yang belum punya NIK isi kolom alasan_tanpa_nik'
has "unknown reason rejected" a-ditolak.csv "baris 7: alasan_tanpa_nik: alasan tanpa NIK 'bukan_alasan' tidak dikenal"
out=$($PILAR import a.csv --json)
eq "import 2 inserted nobody" "$(jget "$out" inserted)" 0
eq "import 2 unchanged" "$(jget "$out" unchanged)" 4
eq "people stored once" "$(q 'SELECT count(*) FROM person')" 4
eq "reason stored as code" "$(q "SELECT no_nik_reason FROM person WHERE name='Putri Saputra'")" anak_belum_ber_nik
eq "homeless without household" "$(q "SELECT CASE WHEN household_id IS NULL THEN 1 ELSE 0 END FROM person WHERE name='Udin Gelandangan'")" 1
eq "NIK unique still" "$(q "SELECT count(*) FROM person WHERE nik='6474010512800001'")" 1

# --- a changed row of the same person (same key) updates it; nobody new
sed 's/,Bontang,2024-02-01,P,Anak,Rina Wati/,Samarinda,2024-02-01,P,Anak,Rina Wati/' a.csv > a2.csv
out=$($PILAR import a2.csv --json)
eq "changed row updated" "$(jget "$out" updated)" 1
eq "changed row: nobody new" "$(jget "$out" inserted)" 0

# --- doubtful: same KK and birth date, a similar name -> a draft and a review pair
cat > d.csv <<CSV
nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kode_desa,alasan_tanpa_nik
,6474010101200001,Putri Saputri,2024-02-01,P,$V,anak_belum_ber_nik
,6474010101200009,Udin Gelandangan,1970-01-01,L,$V,tunawisma
CSV
out=$($PILAR import d.csv --json)
eq "doubtful rows to review" "$(jget "$out" review)" 2
eq "review pairs open" "$(q "SELECT count(*) FROM dedup_candidate WHERE status='open' AND reasons LIKE 'tanpa NIK:%'")" 2
out=$($PILAR import d.csv --json)
eq "doubtful file again: nobody new" "$(jget "$out" inserted)" 0
eq "doubtful file again: no new pair" "$(q "SELECT count(*) FROM dedup_candidate")" 2
DUP=$(q "SELECT id FROM person WHERE name='Putri Saputri'")


# --- CLI registration
check "cli add without NIK" $PILAR person add --no-nik-reason kat --name "Ama Lobo" --birth-date 1990-03-03 --sex L --village $V
expect 1 "cli add without NIK and reason refused" person add --name "Ama Lobo" --birth-date 1990-03-03 --sex L --village $V
has "cli message names the option" "$T/err" 'no-nik-reason'
expect 1 "cli same no-NIK person again refused" person add --no-nik-reason kat --name "Ama Lobo" --birth-date 1990-03-03 --sex L --village $V
has "cli refusal names the stored id" "$T/err" 'P-0000'
AMA=$(q "SELECT id FROM person WHERE name='Ama Lobo'")
run person show "P-$(printf %06d "$AMA")"
has "show by Pilar id" "$T/out" "Id Pilar       : P-$(printf %06d "$AMA")"
has "show reason label" "$T/out" 'komunitas adat terpencil'
check "cli add into a household" $PILAR person add --no-nik-reason belum_rekam_ktp_el --name "Kakek Sumi" --birth-date 1938-01-01 --sex L --kk 6474010101200002

# --- summary counts them
out=$($PILAR status --json)
eq "status without_nik" "$(jget "$out" without_nik)" 7

# --- API
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || die "user"
echo 'kota-btg-kunci1' | $PILAR user add bontang --role regency --scope 64.74 >/dev/null || die "user"
echo 'kota-smd-kunci1' | $PILAR user add samarinda --role regency --scope 64.72 >/dev/null || die "user"
echo 'viewer-pass-12' | $PILAR user add lihat --role viewer >/dev/null || die "user"
TA=$($PILAR user token admin)
TB=$($PILAR user token bontang)
TS=$($PILAR user token samarinda)
TV=$($PILAR user token lihat)
start_server

req POST "$A/people" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"nik\":null,\"no_nik_reason\":\"tidak diketahui\",\"kk\":\"\",\"name\":\"Anak Jalanan\",\"birth_date\":\"2012-04-04\",\"sex\":\"L\",\"village_code\":\"$V\"}"
eq "api add without NIK" "$STATUS" 201
ANAK=$(jsonq "d['id']")
eq "api pilar_id" "$(jsonq "d['pilar_id']")" "P-$(printf %06d "$ANAK")"
eq "api nik null" "$(jsonq "d['nik']")" None
eq "api reason label" "$(jsonq "d['no_nik_reason_label']")" "tidak diketahui"
req POST "$A/people" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"name\":\"Tanpa Alasan\",\"birth_date\":\"2012-04-04\",\"sex\":\"L\",\"village_code\":\"$V\"}"
eq "api add without NIK nor reason" "$STATUS" 422
eq "api error field" "$(jsonq "d['error']['field']")" nik
req POST "$A/people" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"no_nik_reason\":\"tidak_diketahui\",\"name\":\"Anak Jalanan\",\"birth_date\":\"2012-04-04\",\"sex\":\"L\",\"village_code\":\"$V\"}"
eq "api same no-NIK person again" "$STATUS" 409

# the queue: scoped, paged, masked, audited
req GET "$A/people/without-nik?limit=2" -H "Authorization: Bearer $TB"
eq "queue page" "$STATUS" 200
eq "queue page size" "$(jsonq "len(d['items'])")" 2
eq "queue total" "$(jsonq "d['without_nik']")" 8
eq "queue by reason" "$(jsonq "d['by_reason']['tunawisma']")" 2
NEXT=$(jsonq "d['next']")
req GET "$A/people/without-nik?limit=50&cursor=$NEXT" -H "Authorization: Bearer $TB"
eq "queue next page" "$(jsonq "len(d['items'])")" 6
req GET "$A/people/without-nik?reason=tunawisma" -H "Authorization: Bearer $TB"
eq "queue by reason filter" "$(jsonq "len(d['items'])")" 2
req GET "$A/people/without-nik?reason=xyz" -H "Authorization: Bearer $TB"
eq "queue unknown reason" "$STATUS" 422
req GET "$A/people/without-nik" -H "Authorization: Bearer $TS"
eq "queue out of scope: empty" "$(jsonq "len(d['items'])")" 0
eq "queue out of scope: no count" "$(jsonq "d['without_nik']")" 0
req GET "$A/people/without-nik" -H "Authorization: Bearer $TV"
eq "queue refused to viewer" "$STATUS" 403
sleep 0.3
reads=$(sqlite3 -cmd "ATTACH '$PILAR_DB-reads' AS reads" "$PILAR_DB" "SELECT count(*) FROM reads.audit_read WHERE entity='person' AND entity_id=$ANAK")
check "queue reads audited" [ "${reads:-0}" -ge 1 ]
req GET "$A/summary?region=64.74" -H "Authorization: Bearer $TB"
eq "api summary without_nik" "$(jsonq "d['without_nik']")" 8

# --- a NIK recorded later: the id and history stay; a NIK held by another: 409 naming it
req GET "$A/people/$ANAK" -H "Authorization: Bearer $TB"
VER=$(jsonq "d['version']")
req PATCH "$A/people/$ANAK" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"version\":$VER,\"nik\":\"6474010512800001\",\"kk\":\"6474010101200001\"}"
eq "NIK of another person: 409" "$STATUS" 409
eq "409 field" "$(jsonq "d['error']['field']")" nik
HER=$(q "SELECT id FROM person WHERE nik='6474010512800001'")
check "409 names the other id" body_has "id $HER"
req PATCH "$A/people/$ANAK" -H "Authorization: Bearer $TB" "${J[@]}" -d "{\"version\":$VER,\"nik\":\"6474010404120001\",\"kk\":\"6474010101200001\"}"
eq "NIK recorded later" "$STATUS" 200
eq "same id after NIK" "$(jsonq "d['id']")" "$ANAK"
eq "reason cleared" "$(jsonq "d['no_nik_reason']")" None
eq "history kept" "$(q "SELECT count(*) FROM audit WHERE entity='person' AND entity_id=$ANAK AND action='update' AND json_extract(before,'\$.no_nik_reason')='tidak_diketahui' AND json_extract(after,'\$.nik')='6474010404120001'")" 1
expect 1 "cli NIK of another person refused" person update "$AMA" --nik 6474010512800001 --kk 6474010101200001
has "cli refusal names the id" "$T/err" "id $HER"

# --- masking: a viewer-like role without full NIK sees no pseudonym for an empty NIK
echo 'kunci-dsa-1234' | $PILAR user add desa --role village --scope $V >/dev/null 2>&1
TD=$($PILAR user token desa 2>/dev/null)
if [ -n "$TD" ]; then
  req GET "$A/people/$AMA" -H "Authorization: Bearer $TD"
  if [ "$STATUS" = 200 ]; then
    eq "masked view: nik null" "$(jsonq "d['nik']")" None
    eq "masked view: pilar id" "$(jsonq "d['pilar_id']")" "P-$(printf %06d "$AMA")"
  fi
fi
stop_server; SERVER_PID=

# --- CLI queue listing and CSV
run person without-nik --region 64.74 --format csv
has "csv header" "$T/out" '^id_pilar,nama,jenis_kelamin,tanggal_lahir,no_kk,kode_desa,alasan_tanpa_nik,alasan,status'
has "csv row" "$T/out" 'Udin Gelandangan,L,1970-01-01,,64.74.01.1001,tunawisma'
run person without-nik --region 64.72
has "other region empty" "$T/out" 'Tidak ada orang tanpa NIK'

# --- dedup: no-NIK people are not all paired with each other
$PILAR dedup >/dev/null 2>&1
eq "dedup: no pair of unrelated no-NIK people" "$(q "SELECT count(*) FROM dedup_candidate c JOIN person a ON a.id=c.person_a JOIN person b ON b.id=c.person_b WHERE a.nik IS NULL AND b.nik IS NULL AND a.name_norm <> b.name_norm AND reasons NOT LIKE 'tanpa NIK:%'")" 0

# --- programs: requires_nik by default; no_nik in the reasons
check "program requiring NIK" $PILAR program add ASLUT --name "Asistensi Lansia" --level kabupaten-kota --amount 300000 --frequency bulanan --categories 8
check "program not requiring NIK" $PILAR program add SEMBAKO --name "Paket sembako" --level kabupaten-kota --amount 100000 --frequency sekali --categories 8 --no-requires-nik
eq "requires_nik default" "$($PILAR program list --json | python3 -c 'import json,sys; print([p["requires_nik"] for p in json.load(sys.stdin)["items"] if p["code"]=="ASLUT"][0])')" True
out=$($PILAR program preview ASLUT --period 2026-Q1 --json)
eq "preview: no_nik counted" "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["failed"]["no_nik"])' "$out")" 1
out=$($PILAR program preview SEMBAKO --period 2026-Q1 --json)
eq "preview: optional NIK eligible" "$(jget "$out" eligible)" 1
SUMI=$(q "SELECT id FROM person WHERE name='Nenek Sumi'")
expect 1 "enrol no-NIK person refused" program enroll ASLUT --period 2026-Q1 --reason uji --person "$SUMI"
has "enrol refusal says no NIK" "$T/err" 'NIK'
check "enrol into a program without NIK requirement" $PILAR program enroll SEMBAKO --period 2026-Q1 --reason uji --person "$SUMI"

# --- export then import into a fresh data base: each person exactly once
$PILAR export --region 64 --out e.csv >/dev/null || bad "export"
has "export carries the reason" e.csv '^,,Udin Gelandangan,.*,tunawisma'
export PILAR_DB="$T/fresh.db"
$PILAR init >/dev/null
$PILAR region import --from "$AREA" >/dev/null
out=$($PILAR import e.csv --json)
eq "round trip: nothing rejected" "$(jget "$out" rejected)" 0
N=$(q 'SELECT count(*) FROM person')
eq "round trip: everyone once" "$N" "$(sqlite3 "$T/t.db" 'SELECT count(*) FROM person')"
out=$($PILAR import e.csv --json)
eq "round trip again: nobody new" "$(jget "$out" inserted)" 0
eq "round trip again: count" "$(q 'SELECT count(*) FROM person')" "$N"
$PILAR export --region 64 --out e2.csv >/dev/null
# The same rows (people without NIK get their ids after the batch's people with one, so the
# order inside a household may differ).
check "round trip: same rows exported" cmp -s <(sort e.csv) <(sort e2.csv)
eq "round trip: no-NIK count" "$(q 'SELECT count(*) FROM person WHERE nik IS NULL')" "$(sqlite3 "$T/t.db" 'SELECT count(*) FROM person WHERE nik IS NULL')"


# --- one person twice in one file (old spelling Oe/U folds to the same name): the later row is
# a duplicate entry, rejected naming the first; importing again changes nothing (no flip-flop)
cat > w.csv <<CSV
nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kode_desa,alasan_tanpa_nik
,6474010101200031,Rusmiati,1988-09-04,P,$V,belum_rekam_ktp_el
,6474010101200031,Roesmiati,1988-09-04,P,$V,belum_rekam_ktp_el
CSV
export PILAR_DB="$T/w.db"
$PILAR init >/dev/null && $PILAR region import --from "$AREA" >/dev/null || die "w.db"
out=$($PILAR import w.csv --json)
eq "twice in one file: one inserted" "$(jget "$out" inserted)" 1
eq "twice in one file: one rejected" "$(jget "$out" rejected)" 1
has "the duplicate row names the first" w-ditolak.csv 'baris 3: .*sama dengan baris 2 berkas ini'
out=$($PILAR import w.csv --json)
eq "twice in one file, again: nothing updated" "$(jget "$out" updated)" 0
eq "twice in one file, again: stored name kept" "$(q "SELECT name FROM person WHERE no_nik_reason IS NOT NULL AND birth_date='1988-09-04'")" Rusmiati

summary
