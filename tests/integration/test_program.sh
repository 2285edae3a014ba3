#!/usr/bin/env bash
# Integration tests for programs and non-cash disbursement: programs as data,
# eligibility preview with known counts per rule, enrolment per period,
# every integrity check naming record and rule, batches (a beneficiary once,
# frozen after approval), the transfer file, the bank's status file with
# reconciliation totals per region, and the audit of every status change.
# Needs PILAR (binary) and PILAR_SRC.
set -u
PILAR=${PILAR:?PILAR must point at the pilar binary}
SRC=${PILAR_SRC:?}
T=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
cd "$T"
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $*" >&2; }
check() { local d=$1; shift; if "$@"; then ok; else bad "$d"; fi; }
eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }
jget() { printf '%s' "$1" | sed -E 's/.*"'"$2"'":("?)([^",}]*)\1.*/\2/'; }
q() { sqlite3 "$PILAR_DB" "$1"; }
command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing"; exit 1; }

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

echo "test_program: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
