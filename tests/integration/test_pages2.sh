#!/usr/bin/env bash
# test_pages2.sh - the routes behind the web pages Program, Penyaluran, Laporan
# (sign-off) and Indikator: enrolment and who the rule refuses (in words),
# integrity checks, disbursement batches (create, approve, transfer file, bank
# status upload), period sign-off and re-opening, indicator upload with a dry
# run; each for the roles that may, refused for the others, inside the scope
# (404 like absent outside it), and audited.
. "$(dirname "$0")/lib.sh"
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
check_detail() { echo " (status ${STATUS:-none}, body: $(head -c 300 "$T/body"))"; }
need sqlite3

$PILAR init >/dev/null || die "init"
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || die "regions"
# Bontang: Sumarni 70 y. (lansia), Joko 65 y. (fakir miskin), Hermawan 45 y. (fakir miskin,
# too young for ASLUT); Samarinda: Aminah 75 y. (fakir miskin).
cat >"$T/people.csv" <<'CSV'
nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude
6474010512800001,6474010101200001,Hermawan Saputra,Bontang,1980-12-05,L,Kepala Keluarga,Siti Aminah,Jl. Kenari 1,001,001,64.74.01.1001,24@2025-01-01,,,
6474015203550001,6474010101200002,Sumarni,Tenggarong,1955-03-12,P,Kepala Keluarga,Inah,Jl. Merpati 7,002,001,64.74.01.1001,8@2025-01-01,,,
6474011506600001,6474010101200003,Joko Susilo,Samarinda,1960-06-15,L,Kepala Keluarga,Tukiyem,Jl. Nuri 3,003,002,64.74.01.1002,24@2025-01-01,,,
6472015007500001,6472010101200005,Aminah Zulaikha,Samarinda,1950-07-10,P,Kepala Keluarga,Fatimah,Jl. Palaran 5,005,003,64.72.01.1001,24@2025-01-01,,,
CSV
$PILAR import "$T/people.csv" >/dev/null || die "import"
$PILAR program add ASLUT --name "Asistensi Lanjut Usia Bontang" --level kabupaten-kota \
  --amount 300000 --frequency bulanan --categories 8,24 --age-min 60 --regions 64.74 >/dev/null || die "ASLUT"
$PILAR program add PKHX --name "Keluarga Harapan Daerah" --level provinsi --household \
  --amount 750000 --frequency triwulan --categories 24 --desil-max 4 >/dev/null || die "PKHX"
$PILAR program desil 6474010101200001 2 >/dev/null || die "desil"
$PILAR program add BLTX --name "Bantuan Langsung Tunai" --level pusat --amount 600000 \
  --frequency sekali --categories 24 --age-min 60 >/dev/null || die "BLTX"
for n in 6474015203550001 6474011506600001 6474010512800001 6472015007500001; do
  $PILAR program account --person $n --number "11122${n: -6}" --bank "Bank Kaltimtara" >/dev/null || die "account $n"
done
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || die "user"
echo 'kota-btg-kunci1' | $PILAR user add bontang --role regency --scope 64.74 >/dev/null || die "user"
echo 'kota-smd-kunci1' | $PILAR user add samarinda --role regency --scope 64.72 >/dev/null || die "user"
echo 'kaltim-kunci-1' | $PILAR user add prov --role province --scope 64 >/dev/null || die "user"
echo 'camat-kunci-771' | $PILAR user add kec --role district --scope 64.74.01 >/dev/null || die "user"
echo 'viewer-pass-12' | $PILAR user add lihat --role viewer >/dev/null || die "user"
TA=$($PILAR user token admin)
TB=$($PILAR user token bontang)
TS=$($PILAR user token samarinda)
TP=$($PILAR user token prov)
TK=$($PILAR user token kec)
TV=$($PILAR user token lihat)
start_server --data-dir "$T/data"
is() { [ "$STATUS" = "$1" ]; }
as() { echo "Authorization: Bearer $1"; }
audit_by() { q "SELECT count(*) FROM audit WHERE entity = '$1' AND actor LIKE '%$2%'"; }

# ---------------------------------------------------------------- program: preview, refused, enrol
req GET "$A/programs/ASLUT/preview?period=2026-Q1" -H "$(as "$TB")"
check "preview 200" is 200
check "preview: refusals in words" body_has '"reason":"umur di luar batas"'
# PKHX: Hermawan's household has desil 2; Joko's has none, so the rule refuses him.
req GET "$A/programs/PKHX/refused?period=2026-Q1" -H "$(as "$TB")"
check "refused 200" is 200
check "refused: Joko by name" body_has '"name":"Joko Susilo"'
check "refused: the reason in words" body_has '"reasons":"desil kesejahteraan di atas batas atau tidak diketahui"'
eq "refused: total" "$(jsonq "(d['total'], [x['rules'] for x in d['items']])")" "(1, [['desil']])"
JOKO=$(jsonq "d['items'][0]['person_id']")
eq "refused: the read of Joko audited" "$(sqlite3 -cmd "ATTACH '$PILAR_DB-reads' AS reads" "$PILAR_DB" "SELECT count(*) FROM audit_read WHERE actor LIKE '%bontang%' AND entity = 'person' AND entity_id = $JOKO")" 1
req GET "$A/programs/PKHX/refused?period=2026-Q1" -H "$(as "$TS")"
eq "refused as Samarinda: Aminah only (nobody of Bontang)" "$(jsonq "[x['name'] for x in d['items']]")" "['Aminah Zulaikha']"
req GET "$A/programs/ASLUT/refused?period=2026-Q1&region=64.72" -H "$(as "$TB")"
check "refused: a region outside the scope is refused" is 403
req GET "$A/programs/ASLUT/refused?period=2026-Q1" -H "$(as "$TV")"
check "refused: viewer 403" is 403
req GET "$A/programs/NOPE/refused?period=2026-Q1" -H "$(as "$TB")"
check "refused: unknown program 404" is 404

req POST "$A/programs/ASLUT/enrol" -H "$(as "$TK")" "${J[@]}" -d '{"period":"2026-Q1","reason":"SK 1"}'
check "enrol: district operator 403" is 403
req POST "$A/programs/ASLUT/enrol" -H "$(as "$TB")" "${J[@]}" -d '{"period":"2026-Q1"}'
check "enrol without a reason: 422" is 422
eq "enrol without a reason: field" "$(jsonq "d['error']['field']")" reason
req POST "$A/programs/ASLUT/enrol" -H "$(as "$TB")" "${J[@]}" -d '{"period":"2026-Q9","reason":"SK 1"}'
check "enrol with a bad period: 422" is 422
req POST "$A/programs/ASLUT/enrol" -H "$(as "$TB")" "${J[@]}" -d '{"period":"2026-Q1","reason":"SK Bupati 12/2026"}'
check "enrol 200" is 200
eq "enrol: the two eligible" "$(jsonq "d['enrolled']")" 2
req POST "$A/programs/ASLUT/enrol" -H "$(as "$TB")" "${J[@]}" -d '{"period":"2026-Q1","reason":"SK Bupati 12/2026"}'
eq "enrol again: none new" "$(jsonq "(d['enrolled'], d['already'])")" "(0, 2)"
eq "enrolments audited as bontang" "$(audit_by enrolment bontang)" 2
req POST "$A/programs/BLTX/enrol" -H "$(as "$TS")" "${J[@]}" -d '{"period":"2026-Q1","reason":"SK 7"}'
eq "enrol as Samarinda: Aminah only" "$(jsonq "d['enrolled']")" 1
req POST "$A/programs/BLTX/enrol" -H "$(as "$TB")" "${J[@]}" -d '{"period":"2026-Q1","reason":"SK 8"}'
eq "enrol as Bontang: Joko only" "$(jsonq "d['enrolled']")" 1

req POST "$A/programs/ASLUT/check" -H "$(as "$TB")" "${J[@]}" -d '{"period":"2026-Q1"}'
check "check 200" is 200
req GET "$A/programs/ASLUT/findings?period=2026-Q1" -H "$(as "$TB")"
check "findings: the rule in words" body_has '"rule_name":"Data belum diverifikasi"'
req POST "$A/programs/ASLUT/check" -H "$(as "$TP")" "${J[@]}" -d '{"period":"2026-Q1"}'
check "check: province analyst 403" is 403

# ---------------------------------------------------------------- batches
for n in 6474015203550001 6474011506600001 6472015007500001; do
  $PILAR verify accept $n >/dev/null || bad "verify $n"
done
req POST "$A/programs/BLTX/batches" -H "$(as "$TB")" "${J[@]}" -d '{"period":"2026-Q1"}'
check "batch of a program wider than the scope: 403" is 403
req POST "$A/programs/ASLUT/batches" -H "$(as "$TB")" "${J[@]}" -d '{"period":"2026-Q1"}'
check "batch created: 201" is 201
BA=$(jsonq "d['id']")
eq "batch: the two with accounts and no finding" "$(jsonq "(d['items'], d['total'], d['status'])")" "(2, 1800000, 'draft')"
req POST "$A/programs/BLTX/batches" -H "$(as "$TA")" "${J[@]}" -d '{"period":"2026-Q1"}'
check "mixed batch by admin: 201" is 201
BM=$(jsonq "d['id']")
req GET "$A/batches" -H "$(as "$TB")"
eq "batches as Bontang: both (its part of the mixed one)" "$(jsonq "sorted((b['id'], b['items']) for b in d['items'])")" "[($BA, 2), ($BM, 1)]"
req GET "$A/batches?program=ASLUT" -H "$(as "$TS")"
eq "batches as Samarinda: not the Bontang batch" "$(jsonq "len(d['items'])")" 0
req GET "$A/batches" -H "$(as "$TV")"
check "batches: viewer 403" is 403

req POST "$A/batches/$BA/approve" -H "$(as "$TS")"
check "approve as Samarinda: 404" is 404
cp "$T/body" "$T/hidden"
req POST "$A/batches/99999999/approve" -H "$(as "$TS")"
check "approve: outside the scope answers like an absent batch" \
  test "$(sed "s/$BA/ID/g" "$T/hidden")" = "$(sed 's/99999999/ID/g' "$T/body")"
req POST "$A/batches/$BM/approve" -H "$(as "$TB")"
check "approve a batch with items outside the scope: 403" is 403
req POST "$A/batches/$BA/approve" -H "$(as "$TK")"
check "approve: district operator 403" is 403
req POST "$A/batches/$BA/transfer-file" -H "$(as "$TB")"
check "transfer file of a draft: 409" is 409
req POST "$A/batches/$BA/approve" -H "$(as "$TB")"
check "approve 200" is 200
eq "approved by bontang" "$(jsonq "(d['status'], d['approved_by'])")" "('approved', 'bontang')"
req POST "$A/batches/$BA/approve" -H "$(as "$TB")"
check "approve twice: 409" is 409
eq "approval audited as bontang" "$(q "SELECT count(*) FROM audit WHERE entity = 'disbursement_batch' AND actor LIKE '%bontang%' AND after LIKE '%approved%' AND before LIKE '%draft%'")" 1

req POST "$A/batches/$BA/transfer-file" -H "$(as "$TB")"
check "transfer file 200" is 200
check "transfer file: CSV" grep -qi '^content-type: text/csv' "$T/hdr"
check "transfer file: attachment" grep -qi 'content-disposition: attachment; filename="transfer-ASLUT-2026-Q1' "$T/hdr"
eq "transfer file: header" "$(head -1 "$T/body" | tr -d '\r')" "rekening,nama,nominal,referensi"
eq "transfer file: two rows" "$(($(wc -l <"$T/body") - 1))" 2
check "transfer file: Sumarni" body_has 'Sumarni,900000'
cp "$T/body" "$T/transfer.csv"
req GET "$A/batches/$BA" -H "$(as "$TB")"
eq "exported after the file" "$(jsonq "d['status']")" exported

# The bank's answer: first paid, second failed; then a file with a bad status.
python3 - "$T/transfer.csv" "$T/status.csv" "$T/bad.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
with open(sys.argv[2], "w") as f:
    f.write("referensi,status,alasan\n%s,paid,\n%s,failed,rekening ditutup\nTIDAK-ADA,paid,\n" % (rows[0]["referensi"], rows[1]["referensi"]))
with open(sys.argv[3], "w") as f:
    f.write("referensi,status\n%s,lunas\n" % rows[0]["referensi"])
PY
req POST "$A/batches/$BA/reconcile" -H "$(as "$TB")" -F "file=@$T/bad.csv;type=text/csv"
check "bank file with an unknown status: 422" is 422
check "bank file error names the row" body_has 'baris 2'
req POST "$A/batches/$BA/reconcile" -H "$(as "$TV")" -F "file=@$T/status.csv;type=text/csv"
check "reconcile: viewer 403" is 403
req POST "$A/batches/$BA/reconcile" -H "$(as "$TB")" -F "file=@$T/status.csv;type=text/csv"
check "reconcile 200" is 200
eq "reconcile counts" "$(jsonq "[d['reconcile'][k] for k in ('paid','failed','returned','unknown','pending','reconciled')]")" "[1, 1, 0, 1, 0, True]"
eq "reconciled" "$(jsonq "d['status']")" reconciled
check "reconcile: totals per status" body_has '"status":"failed","items":1'
eq "reconcile lists the unpaid item: who, how much, why" "$(jsonq "[(u['status'], u['reason'], u['amount'] > 0, bool(u['name'])) for u in d['unpaid']]")" "[('failed', 'rekening ditutup', True, True)]"
eq "item statuses audited as bontang" "$(q "SELECT count(*) FROM audit WHERE entity = 'batch_item' AND actor LIKE '%bontang%' AND action = 'update' AND (after LIKE '%\"paid\"%' OR after LIKE '%rekening ditutup%')")" 2

# ---------------------------------------------------------------- period sign-off
Y=2024
req GET "$A/approvals?region=64&period=$Y" -H "$(as "$TB")"
check "approvals of the province as a regency operator: 200 (its scope)" is 200
req GET "$A/reports/compare?region=64.74&period=$Y&compare=2023&level=3" -H "$(as "$TB")"
check "compare inside the scope: 200" is 200
req POST "$A/approvals" -H "$(as "$TK")" "${J[@]}" -d "{\"region\":\"64.74\",\"period\":\"$Y\"}"
check "sign-off: district operator 403" is 403
req POST "$A/approvals" -H "$(as "$TB")" "${J[@]}" -d "{\"region\":\"64.72\",\"period\":\"$Y\"}"
check "sign-off outside the scope: 403" is 403
req POST "$A/approvals" -H "$(as "$TB")" "${J[@]}" -d "{\"region\":\"64.74\",\"period\":\"20X\"}"
check "sign-off with a bad period: 422" is 422
eq "sign-off error names the request's member" "$(jsonq "d['error']['field']")" period
req POST "$A/approvals" -H "$(as "$TB")" "${J[@]}" -d "{\"region\":\"64.74\",\"period\":\"$Y\",\"note\":\"Rakor Maret\"}"
check "sign-off 201" is 201
eq "sign-off answer" "$(jsonq "(d['region'], d['period'], d['approved_by'], d['active'], d['date_to'])")" "('64.74', '$Y', 'bontang', True, '$Y-12-31')"
req POST "$A/approvals" -H "$(as "$TB")" "${J[@]}" -d "{\"region\":\"64.74\",\"period\":\"$Y\"}"
check "sign-off twice: 409" is 409
req GET "$A/approvals?region=64.74&period=$Y" -H "$(as "$TV")"
eq "approvals as viewer: listed" "$(jsonq "[a['active'] for a in d['items']]")" "[True]"
req GET "$A/approvals" -H "$(as "$TS")"
eq "approvals as Samarinda: none of Bontang" "$(jsonq "len(d['items'])")" 0
req POST "$A/approvals/reopen" -H "$(as "$TB")" "${J[@]}" -d "{\"region\":\"64.74\",\"period\":\"$Y\",\"reason\":\"x\"}"
check "re-open: regency operator 403 (administrators re-open)" is 403
req POST "$A/approvals/reopen" -H "$(as "$TA")" "${J[@]}" -d "{\"region\":\"64.74\",\"period\":\"$Y\"}"
check "re-open without a reason: 422" is 422
eq "re-open error names reason" "$(jsonq "d['error']['field']")" reason
req POST "$A/approvals/reopen" -H "$(as "$TA")" "${J[@]}" -d "{\"region\":\"64.74\",\"period\":\"$Y\",\"reason\":\"Koreksi data lansia\"}"
check "re-open 200" is 200
req GET "$A/approvals?region=64.74&period=$Y" -H "$(as "$TB")"
eq "re-opened, with the reason" "$(jsonq "(d['items'][0]['active'], d['items'][0]['reopened']['reason'], d['items'][0]['reopened']['by'])")" "(False, 'Koreksi data lansia', 'admin')"
check "sign-off and re-open audited" test "$(audit_by period_approval bontang)" -ge 1 -a "$(audit_by period_approval admin)" -ge 1

# ---------------------------------------------------------------- indicators
cat >"$T/ind.csv" <<'CSV'
kode_wilayah,tahun,indikator,nilai,sumber
64.74,2024,persentase_penduduk_miskin,"4,56",BPS Bontang 2025
64.72,2024,ipm,80.1,BPS
64.74,2024,kemiskinan,3,BPS
64.74,20x4,ipm,80,BPS
CSV
req POST "$A/indicators/import?dry_run=1" -H "$(as "$TB")" -F "file=@$T/ind.csv;type=text/csv"
check "indicator dry run 200" is 200
eq "dry run counts" "$(jsonq "(d['dry_run'], d['stored'], d['rejected'])")" "(True, 1, 3)"
eq "dry run: each refused row with its column" "$(jsonq "[(x['row'], x['column']) for x in d['rejects']]")" "[(3, 'kode_wilayah'), (4, 'indikator'), (5, 'tahun')]"
req GET "$A/indicators?region=64.74" -H "$(as "$TB")"
eq "dry run stored nothing" "$(jsonq "len(d['items'])")" 0
req POST "$A/indicators/import" -H "$(as "$TV")" -F "file=@$T/ind.csv;type=text/csv"
check "indicator import: viewer 403" is 403
req POST "$A/indicators/import" -H "$(as "$TP")" -F "file=@$T/ind.csv;type=text/csv"
check "indicator import: province analyst 403" is 403
printf 'wilayah,tahun\n64.74,2024\n' >"$T/nohdr.csv"
req POST "$A/indicators/import" -H "$(as "$TB")" -F "file=@$T/nohdr.csv;type=text/csv"
check "indicator file without the columns: 422" is 422
req POST "$A/indicators/import" -H "$(as "$TB")" -F "file=@$T/ind.csv;type=text/csv"
eq "import counts" "$(jsonq "(d['dry_run'], d['stored'], d['rejected'])")" "(False, 1, 3)"
req GET "$A/indicators?region=64.74" -H "$(as "$TV")"
eq "stored with its label and source" "$(jsonq "[(x['label'], x['value'], x['source']) for x in d['items']]")" "[('Persentase penduduk miskin', 4.56, 'BPS Bontang 2025')]"
eq "indicator audited as bontang" "$(audit_by indicator bontang)" 1

summary
