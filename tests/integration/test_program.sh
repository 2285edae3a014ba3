#!/usr/bin/env bash
# Integration tests for programs and non-cash disbursement: programs as data,
# eligibility preview with known counts per rule, enrolment per period,
# every integrity check naming record and rule, batches (a beneficiary once,
# frozen after approval), the transfer file, the bank's status file with
# reconciliation totals per region, and the audit of every status change.
# Needs PILAR (binary) and PILAR_SRC.
. "$(dirname "$0")/lib.sh"
cd "$T"
need sqlite3

export PILAR_DB="$T/t.db"
$PILAR init >/dev/null
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || { echo "region import failed"; exit 1; }
# Ids follow the rows: 1 Hermawan, 2 Rina, 3 Hasan, 4 Husin (KK ...01, fakir miskin),
# 5 Wawan (= Hermawan), 6 Sumarni 70 y. lansia (KK ...02, fakir miskin), 7 Joko 65 y.,
# 8 Sri 63 y. (KK ...03, fakir miskin), 9 Joko again (KK ...04), 10 Aminah (Samarinda).
cat > people.csv <<'CSV'
nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude
6474010512800001,6474010101200001,Hermawan Saputra,Bontang,1980-12-05,L,Kepala Keluarga,Siti Aminah,Jl. Kenari 1,001,001,64.74.01.1001,24@2025-01-01,,,
6474014506850001,6474010101200001,Rina Wati,Bontang,1985-06-05,P,Istri,Painem,Jl. Kenari 1,001,001,64.74.01.1001,,,,
6474011003100001,6474010101200001,Hasan Basri,Bontang,2010-03-10,L,Anak,Rina Wati,Jl. Kenari 1,001,001,64.74.01.1001,,,,
6474011003100002,6474010101200001,Husin Basri,Bontang,2010-03-10,L,Anak,Rina Wati,Jl. Kenari 1,001,001,64.74.01.1001,,,,
6474010512800002,6474010101200002,Wawan Saputra,Bontang,1980-12-05,L,Kepala Keluarga,Siti Aminah,Jl. Merpati 7,002,001,64.74.01.1001,24@2025-01-01;19@2025-02-01,,,
6474015203550001,6474010101200002,Sumarni,Tenggarong,1955-03-12,P,Orang Tua,Inah,Jl. Merpati 7,002,001,64.74.01.1001,8@2025-01-01,,,
6474011506600001,6474010101200003,Joko Susilo,Samarinda,1960-06-15,L,Kepala Keluarga,Tukiyem,Jl. Nuri 3,003,002,64.74.01.1002,24@2025-01-01,,,
6474015208620001,6474010101200003,Sri Rahayu,Samarinda,1962-08-12,P,Istri,Sainah,Jl. Nuri 3,003,002,64.74.01.1002,,,,
6474011506600002,6474010101200004,Joko Susilo,Samarinda,1960-06-15,L,Kepala Keluarga,Tukiyem,Jl. Cendrawasih 9,004,002,64.74.01.1002,,,,
6472015007500001,6472010101200005,Aminah,Samarinda,1950-07-10,P,Kepala Keluarga,Fatimah,Jl. Palaran 5,005,003,64.72.01.1001,24@2025-01-01,,,
CSV
$PILAR import people.csv >/dev/null || { echo "import failed"; exit 1; }
$PILAR dedup >/dev/null
check "desil KK1" $PILAR program desil 6474010101200001 2 >/dev/null
check "desil KK3" $PILAR program desil 6474010101200003 6 >/dev/null
$PILAR program desil 6474010101200003 11 >/dev/null 2>&1
eq "desil 11 refused" $? 1

# --- programs as data
check "add ASLUT" $PILAR program add ASLUT --name "Asistensi Lanjut Usia Bontang" \
  --level kabupaten-kota --amount 300000 --frequency bulanan --cap 900000 \
  --categories 8,24 --age-min 60 --regions 64.74 >/dev/null
$PILAR program add ASLUT --name X --level pusat --amount 1 --frequency sekali >/dev/null 2>&1
eq "duplicate code refused" $? 1
$PILAR program add X1 --name X --level desa --amount 1 --frequency sekali >/dev/null 2>&1
eq "unknown level refused" $? 1
$PILAR program add X2 --name X --level pusat --amount 1 --frequency sekali --categories 30 >/dev/null 2>&1
eq "category 30 refused" $? 1
check "add PKH" $PILAR program add PKH --name "Program Keluarga Harapan" --level pusat \
  --household --amount 750000 --frequency triwulan --categories 24 --desil-max 4 --excludes BLT >/dev/null
check "add BLT" $PILAR program add BLT --name "Bantuan Langsung Tunai" --level pusat \
  --amount 600000 --frequency sekali --categories 24 --regions 64.74 >/dev/null
eq "programs listed" "$($PILAR program list --json | grep -o '"code":' | wc -l)" 3
check "show" grep -q "Rp 300000 bulanan, batas Rp 900000" <<<"$($PILAR program show ASLUT)"

# --- preview: 9 people have category 8 or 24; the store reads only the 4 born by
# 1966-01-01 (age prefilter); 3 of them live in Bontang.
out=$($PILAR program preview ASLUT --period 2026-Q1 --json)
eq "ASLUT candidates" "$(jget "$out" candidates)" 4
eq "ASLUT eligible" "$(jget "$out" eligible)" 3
check "ASLUT by regency" grep -q '"by_region":\[{"region":"64.74","eligible":3}\]' <<<"$out"
eq "ASLUT outside region" "$(jget "$out" region)" 1
out=$($PILAR program preview ASLUT --period 2026-Q1 --by district --json)
check "ASLUT by district" grep -q '"region":"64.74.01","eligible":3' <<<"$out"
out=$($PILAR program preview ASLUT --period 2026-Q1 --region 64.72 --json)
eq "ASLUT in Samarinda" "$(jget "$out" eligible)" 0
$PILAR program preview ASLUT --period 2026-13 >/dev/null 2>&1
eq "bad period refused" $? 1
# A program with no condition at all: every living person (the preview splits this scan
# across two connections); the count must equal the data base's own.
check "add SEMUA" $PILAR program add SEMUA --name "Semua warga" --level provinsi --amount 1 \
    --frequency sekali >/dev/null
# (read-only through SQLite's URI; PostgreSQL mode names the data base by its path)
ro="file:$PILAR_DB?mode=ro"
if on_pg; then ro=$PILAR_DB; fi
alive=$(sqlite3 "$ro" "select count(*) from person where (death_date is null or death_date > '2026-01-01') and (birth_date is null or birth_date <= '2026-01-01')")
out=$($PILAR program preview SEMUA --period 2026-Q1 --json)
eq "SEMUA candidates = living people" "$(jget "$out" candidates)" "$alive"
check "SEMUA all eligible" grep -q "\"eligible\":$alive," <<<"$out"
# PKH: heads of fakir-miskin households with desil <= 4: only KK1 (desil 2).
out=$($PILAR program preview PKH --period 2026-Q1 --json)
eq "PKH candidates (heads)" "$(jget "$out" candidates)" 4
eq "PKH eligible" "$(jget "$out" eligible)" 1
eq "PKH desil failures" "$(jget "$out" desil)" 3

# --- enrolment
$PILAR program enroll ASLUT --period 2026-Q1 >/dev/null 2>&1
eq "enrolment needs a reason" $? 1
out=$($PILAR program enroll ASLUT --period 2026-Q1 --reason "SK Wali Kota 12/2026" --json)
eq "ASLUT enrolled" "$(jget "$out" enrolled)" 3
out=$($PILAR program enroll ASLUT --period 2026-Q1 --reason "ulang" --json)
eq "ASLUT again: none new" "$(jget "$out" enrolled)" 0
eq "ASLUT again: already" "$(jget "$out" already)" 3
eq "reason stored" "$(q "SELECT DISTINCT reason FROM enrolment")" "SK Wali Kota 12/2026"
out=$($PILAR program enroll PKH --period 2026-Q1 --reason "SK Kemensos" --json)
eq "PKH enrolled" "$(jget "$out" enrolled)" 1
eq "PKH enrols the household" "$(q "SELECT person_id || '/' || household_id FROM enrolment e JOIN program p ON p.id = e.program_id WHERE p.code = 'PKH'")" "1/1"
# BLT (excluded by PKH): KK1 members left out; Wawan, Sumarni, Joko, Sri in.
out=$($PILAR program enroll BLT --period 2026-Q1 --reason "BLT DD" --json)
eq "BLT enrolled (PKH household excluded)" "$(jget "$out" enrolled)" 4
$PILAR program enroll BLT --period 2026-Q1 --reason x --person 6474014506850001 >/dev/null 2>err.txt
eq "one excluded person refused" $? 1
check "refusal says why" grep -q "tidak boleh dirangkap" err.txt

# --- integrity checks (ASLUT, 2026-Q1)
check "account KK2" $PILAR program account --kk 6474010101200002 --number 222 --bank BRI >/dev/null
check "account KK3" $PILAR program account --kk 6474010101200003 --number 333 --bank BRI >/dev/null
check "account KK4 shares 333" $PILAR program account --kk 6474010101200004 --number 333 --bank BRI >/dev/null
check "account KK1" $PILAR program account --kk 6474010101200001 --number 111 --bank BNI >/dev/null
check "verify Sumarni" $PILAR verify accept 6474015203550001 >/dev/null
check "Sri died" $PILAR person update 6474015208620001 --death-date 2026-01-15 >/dev/null
out=$($PILAR program check ASLUT --period 2026-Q1 --json)
eq "check exit status with findings" $? 1
rules() { printf '%s' "$1" | grep -o '"rule":"[a-z_]*","person_id":[0-9]*' | sed -E 's/"rule":"([a-z_]*)","person_id":([0-9]*)/\2:\1/' | sort | tr '\n' ' '; }
eq "ASLUT findings" "$(rules "$out")" "7:duplicate_exact 7:shared_account 7:unverified 8:dead 8:shared_account 8:unverified "
check "finding names the other record" grep -q 'mungkin sama dengan #9' <<<"$out"
check "finding names the account" grep -q 'rekening 333 juga dipakai' <<<"$out"
eq "findings stored" "$(q "SELECT count(*) FROM integrity_finding")" 6
# Exclusive programs through a merge: Wawan's BLT enrolment moves to Hermawan (PKH).
check "merge Wawan into Hermawan" $PILAR dedup merge 1 5 >/dev/null
out=$($PILAR program check PKH --period 2026-Q1 --json)
check "PKH: exclusive program found" grep -q '"rule":"exclusive_program","person_id":1,.*juga menerima BLT' <<<"$out"
check "PKH: unverified head" grep -q '"rule":"unverified","person_id":1' <<<"$out"
check "undo merge" $PILAR dedup undo 1 >/dev/null
out=$($PILAR program check PKH --period 2026-Q1 --json)
check "PKH: after undo, a duplicate again, no exclusive" test "$(rules "$out")" = "1:duplicate_probable 1:unverified "
# Outside the program's regions: enrol Aminah (Samarinda) into BLT? Refused by the rule;
# an enrolment that came another way is caught by the check.
check "program without region" $PILAR program add SEMBAKO --name Sembako --level pusat --amount 200000 --frequency bulanan --categories 24 --regions 64.72 >/dev/null
check "enrol Aminah in SEMBAKO" $PILAR program enroll SEMBAKO --period 2026-Q1 --reason x --person 6472015007500001 >/dev/null
$PILAR program enroll SEMBAKO --period 2026-Q1 --reason x --person 6474011506600001 >/dev/null 2>err.txt
eq "enrol outside region refused" $? 1
check "refusal names region" grep -q "di luar wilayah program" err.txt

# --- disbursement (ASLUT: only Sumarni is clean and has an account via KK2)
out=$($PILAR batch create ASLUT --period 2026-Q1 --json)
B=$(jget "$out" id)
eq "batch items" "$(jget "$out" items)" 1
eq "batch total (3 months x 300000)" "$(jget "$out" total)" 900000
eq "left out for findings" "$(jget "$out" skipped_findings)" 2
eq "batch draft" "$(jget "$out" status)" draft
eq "item account and beneficiary" "$(q "SELECT beneficiary || ' ' || account FROM batch_item WHERE batch_id = $B")" "P6 222"
$PILAR batch export "$B" --out transfer.csv >/dev/null 2>&1
eq "export of a draft refused" $? 1
check "approve" $PILAR batch approve "$B" >/dev/null
$PILAR batch approve "$B" >/dev/null 2>&1
eq "approve twice refused" $? 1
# Frozen: the triggers that refuse changes to an approved batch are tested in
# tests/unit/test_disburse.c (the sqlite3 shell cannot run our audit triggers).
check "export" $PILAR batch export "$B" --out transfer.csv >/dev/null
REF=$(q "SELECT reference FROM batch_item WHERE batch_id = $B")
eq "transfer file" "$(cat transfer.csv)" "$(printf 'rekening,nama,nominal,referensi\n222,Sumarni,900000,%s' "$REF")"
eq "transfer file is owner-only" "$(umask 000; $PILAR batch export "$B" --out t0.csv >/dev/null; stat -c %a t0.csv)" 600
eq "exported" "$(q "SELECT status FROM disbursement_batch WHERE id = $B")" exported
# Bank status: unknown reference counted, bad status refused.
printf 'referensi,status,alasan\n%s,sukses,\n' "$REF" > bad.csv
$PILAR batch reconcile "$B" --status-file bad.csv >/dev/null 2>&1
eq "bad status refused" $? 1
eq "nothing applied" "$(q "SELECT status FROM batch_item WHERE batch_id = $B")" pending
printf 'referensi,status,alasan\n%s,failed,rekening tidak aktif\nPL99-1,paid,\n' "$REF" > status.csv
out=$($PILAR batch reconcile "$B" --status-file status.csv --json)
eq "failed applied" "$(jget "$out" failed)" 1
eq "unknown reference" "$(jget "$out" unknown)" 1
check "reconciled" grep -q '"status":"reconciled"' <<<"$out"
check "totals per regency" grep -q '"totals":\[{"region":"64.74","status":"failed","items":1,"amount":900000}\]' <<<"$out"
eq "reason kept" "$(q "SELECT status_reason FROM batch_item WHERE batch_id = $B")" "rekening tidak aktif"
eq "status changes audited" "$(q "SELECT count(*) FROM audit WHERE entity = 'disbursement_batch' AND action = 'update' AND json_extract(before, '$.status') <> json_extract(after, '$.status')")" 3
eq "item status audited" "$(q "SELECT count(*) FROM audit WHERE entity = 'batch_item' AND action = 'update' AND after LIKE '%failed%'")" 1
# Cap: a second batch (failed items do not count) passes; once paid, the cap is hit.
out=$($PILAR batch create ASLUT --period 2026-Q1 --json)
B2=$(jget "$out" id)
eq "second batch for the failed payment" "$(jget "$out" items)" 1
$PILAR batch approve "$B2" >/dev/null && $PILAR batch export "$B2" --out t2.csv >/dev/null
REF2=$(q "SELECT reference FROM batch_item WHERE batch_id = $B2")
printf 'referensi,status\n%s,paid\n' "$REF2" > s2.csv
$PILAR batch reconcile "$B2" --status-file s2.csv >/dev/null
out=$($PILAR program check ASLUT --period 2026-Q1 --json)
check "over the cap after payment" grep -q '"rule":"over_cap","person_id":6' <<<"$out"
check "show" grep -q "reconciled" <<<"$($PILAR batch show "$B2" --items)"

# --- reports (a fresh data base with known answers): HKX pays households of fakir miskin
# (category 24) once, 500000, cap 500000. Bontang: KK A (3 people, 64.74.01), KK B (2, 64.74.01),
# KK C (1, 64.74.02); Samarinda: KK D (2), KK E (2, not in HKX; its head Eko in PRS, a person
# program). Siti (KK A) and Lastri (KK E) are disabled (category 9).
export PILAR_DB="$T/r.db"
$PILAR init >/dev/null
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || { echo "region import failed"; exit 1; }
cat > rp.csv <<'CSV'
nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude
6474010101700001,6474010101210001,Ahmad Fauzi,Bontang,1970-01-01,L,Kepala Keluarga,Halimah,Jl. Satu 1,001,001,64.74.01.1001,24@2025-01-01,,,
6474014202750001,6474010101210001,Siti Khodijah,Bontang,1975-02-02,P,Istri,Zubaidah,Jl. Satu 1,001,001,64.74.01.1001,9@2025-01-01,,,
6474010303050001,6474010101210001,Umar Fauzi,Bontang,2005-03-03,L,Anak,Siti Khodijah,Jl. Satu 1,001,001,64.74.01.1001,,,,
6474010404720001,6474010101210002,Budi Santoso,Bontang,1972-04-04,L,Kepala Keluarga,Sumirah,Jl. Dua 2,002,001,64.74.01.1002,24@2025-01-01,,,
6474014505740001,6474010101210002,Wulan Sari,Bontang,1974-05-05,P,Istri,Marni,Jl. Dua 2,002,001,64.74.01.1002,,,,
6474020606680001,6474020101210003,Candra Wijaya,Bontang,1968-06-06,L,Kepala Keluarga,Rukmini,Jl. Tiga 3,003,002,64.74.02.1001,24@2025-01-01,,,
6472014707660001,6472010101210004,Dewi Lestari,Samarinda,1966-07-07,P,Kepala Keluarga,Saodah,Jl. Empat 4,004,003,64.72.01.1001,24@2025-01-01,,,
6472010808080001,6472010101210004,Rizki Pratama,Samarinda,2008-08-08,L,Anak,Dewi Lestari,Jl. Empat 4,004,003,64.72.01.1001,,,,
6472010909640001,6472010101210005,Eko Prasetyo,Samarinda,1964-09-09,L,Kepala Keluarga,Jumiati,Jl. Lima 5,005,003,64.72.01.1002,24@2025-01-01,,,
6472015010670001,6472010101210005,Lastri Handayani,Samarinda,1967-10-10,P,Istri,Ponirah,Jl. Lima 5,005,003,64.72.01.1002,9@2025-01-01,,,
CSV
$PILAR import rp.csv >/dev/null || { echo "import failed"; exit 1; }
for n in 6474010101700001 6474010404720001 6474020606680001 6472014707660001 6472010909640001; do
  $PILAR verify accept $n >/dev/null || bad "verify $n"
done
check "add HKX" $PILAR program add HKX --name "Bantuan Keluarga Uji" --level provinsi --household \
  --amount 500000 --frequency sekali --cap 500000 --categories 24 >/dev/null
check "add PRS" $PILAR program add PRS --name "Bantuan Perorangan Uji" --level kabupaten-kota \
  --amount 100000 --frequency bulanan --categories 24 >/dev/null
for n in 6474010101700001 6474010404720001 6474020606680001 6472014707660001; do
  check "enrol $n" $PILAR program enroll HKX --period 2026-Q1 --reason "SK 1/2026" --person $n >/dev/null
done
check "enrol Eko in PRS" $PILAR program enroll PRS --period 2026-Q1 --reason "SK 2/2026" --person 6472010909640001 >/dev/null
i=1
for kk in 6474010101210001 6474010101210002 6474020101210003 6472010101210004; do
  check "account $kk" $PILAR program account --kk $kk --number 900$i --bank BRI >/dev/null
  i=$((i + 1))
done
out=$($PILAR batch create HKX --period 2026-Q1 --json)
R1=$(jget "$out" id)
eq "report batch 1 items" "$(jget "$out" items)" 4
$PILAR batch approve "$R1" >/dev/null && $PILAR batch export "$R1" --out r1.csv >/dev/null
ref() { q "SELECT reference FROM batch_item WHERE batch_id = $1 AND name = '$2'"; }
{ echo 'referensi,status,alasan'
  echo "$(ref "$R1" 'Ahmad Fauzi'),paid,"
  echo "$(ref "$R1" 'Budi Santoso'),failed,rekening tidak aktif"
  echo "$(ref "$R1" 'Candra Wijaya'),returned,nama tidak sesuai"
  echo "$(ref "$R1" 'Dewi Lestari'),failed,rekening tidak aktif"; } > rs1.csv
check "report reconcile" $PILAR batch reconcile "$R1" --status-file rs1.csv >/dev/null
# Batch 2 repeats the three unpaid households (Ahmad is over the cap); exported, not reconciled.
out=$($PILAR batch create HKX --period 2026-Q1 --json)
R2=$(jget "$out" id)
eq "report batch 2 items" "$(jget "$out" items)" 3
$PILAR batch approve "$R2" >/dev/null && $PILAR batch export "$R2" --out r2.csv >/dev/null
rep=$($PILAR program report HKX --period 2026-Q1 --json)
row() { printf '%s' "$rep" | python3 -c "import json,sys; d=json.load(sys.stdin); r=[x for x in d['$1'] if x['region']=='$2'][0]; print(r['people'],r['households'],r['batches'],r['items']['paid'],r['items']['failed'],r['items']['returned'],r['items']['pending'],r['planned'],r['paid'])"; }
eq "report Bontang" "$(row rows 64.74)" "6 3 2 1 1 1 2 2500000 500000"
eq "report Samarinda" "$(row rows 64.72)" "2 1 2 0 1 0 1 1000000 0"
eq "report total" "$(row totals '')" "8 4 2 1 2 1 3 3500000 500000"
fails() { printf '%s' "$1" | python3 -c "import json,sys; print(';'.join('%s/%s/%s/%d/%d' % (f['region'],f['status'],f['reason'],f['items'],f['amount']) for f in json.load(sys.stdin)['failures']))"; }
eq "report failures" "$(fails "$rep")" "64.72/failed/rekening tidak aktif/1/500000;64.74/failed/rekening tidak aktif/1/500000;64.74/returned/nama tidak sesuai/1/500000"
rep=$($PILAR program report HKX --period 2026-Q1 --region 64.74 --level district --json)
eq "report district 64.74.01" "$(row rows 64.74.01)" "5 2 2 1 1 0 1 1500000 500000"
eq "report district 64.74.02" "$(row rows 64.74.02)" "1 1 2 0 0 1 1 1000000 0"
eq "report district total" "$(row totals 64.74)" "6 3 2 1 1 1 2 2500000 500000"
eq "report district failures" "$(fails "$rep")" "64.74.01/failed/rekening tidak aktif/1/500000;64.74.02/returned/nama tidak sesuai/1/500000"
rep=$($PILAR program report --period 2026-Q1 --json)
eq "report all programs: PRS" "$(printf '%s' "$rep" | grep -o '"program":"PRS","region":"64.72","region_name":"Kota Samarinda","people":1,"households":1,"batches":0' | wc -l)" 1
eq "report other period empty" "$($PILAR program report HKX --period 2026-Q2 --json | grep -c '"rows":\[\]')" 1
check "report text in Indonesian numbers" grep -q "3.500.000" <<<"$($PILAR program report HKX --period 2026-Q1)"
check "report csv" $PILAR program report HKX --period 2026-Q1 --out rep.csv
check "report csv total line" grep -q '^HKX,jumlah,,Jumlah,8,4,2,3,1,2,1,3500000,500000,1000000,500000,,' rep.csv
check "report csv failure line" grep -q '^HKX,kegagalan,64.74,,,,,,,,1,,,,500000,returned,nama tidak sesuai' rep.csv
check "report xlsx" $PILAR program report HKX --period 2026-Q1 --format xlsx --out rep.xlsx
check "report xlsx sheets" grep -q 'Kegagalan' <<<"$(unzip -p rep.xlsx xl/workbook.xml)"
$PILAR program report HKX --period 2026-13 >/dev/null 2>&1
eq "report bad period refused" $? 1

# Coverage in the rakor report (2026, counted today or at the year's end): fakir miskin
# Bontang 3/3 KK, 6/6 people (HKX); Samarinda 2/2 KK (D by HKX, E through Eko's PRS),
# 3/4 people (Lastri holds nothing herself); disability: Siti covered by her KK's HKX, Lastri not.
rak=$($PILAR report rakor --region 64 --period 2026 --format json)
cov() { printf '%s' "$rak" | python3 -c "
import json,sys; d=json.load(sys.stdin)
g=d['total'] if '$1'=='total' else [x for x in d['rows'] if x['code']=='$1'][0]
c=[x for x in g['program_coverage'] if x['category']==$2][0]
print(c['people'],c['people_covered'],c['people_pct'],c.get('households','-'),c.get('households_covered','-'),c.get('households_pct','-'),' '.join('%s:%s/%s'%(p['code'],p['people'],p.get('households','-')) for p in c['programs']))"; }
eq "coverage Bontang 24" "$(cov 64.74 24)" "6 6 100.0 3 3 100.0 HKX:6/3"
eq "coverage Samarinda 24" "$(cov 64.72 24)" "4 3 75.0 2 2 100.0 HKX:2/1 PRS:1/1"
eq "coverage total 24" "$(cov total 24)" "10 9 90.0 5 5 100.0 HKX:8/4 PRS:1/1"
eq "coverage Samarinda 9" "$(cov 64.72 9)" "1 0 0.0 - - - "
eq "coverage total 9" "$(cov total 9)" "2 1 50.0 - - - HKX:1/-"
rak=$($PILAR report rakor --region 64 --period 2027 --date 2027-06-30 --format json 2>/dev/null || $PILAR report rakor --region 64 --period 2027 --format json)
eq "no coverage after the enrolment period" "$(cov total 24)" "10 0 0.0 5 0 0.0 "
check "rakor xlsx" $PILAR report rakor --region 64 --period 2026 --format xlsx --out rakor.xlsx 2>/dev/null
check "rakor xlsx coverage sheet" grep -q 'Cakupan Program' <<<"$(unzip -p rakor.xlsx xl/workbook.xml)"
check "rakor pdf" $PILAR report rakor --region 64 --period 2026 --format pdf --out rakor.pdf 2>/dev/null
if command -v pdftotext >/dev/null; then
  check "rakor pdf coverage page" grep -q "Cakupan program" <<<"$(pdftotext rakor.pdf -)"
  check "rakor pdf coverage percent" grep -q "90,0%" <<<"$(pdftotext rakor.pdf -)"
fi

summary
