#!/usr/bin/env bash
# Integration tests for `pilar import`, `pilar export` and `pilar verify`:
# every input quirk, each mode, kill -9 during an import, and the round trip
# export -> import = no change. Needs PILAR (binary) and PILAR_SRC.
. "$(dirname "$0")/lib.sh"
cd "$T"
export PILAR_DB="$T/base.db"
$PILAR init >/dev/null
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || { echo "region import failed"; exit 1; }
cp base.db regions.db
fresh() { rm -f "$T/t.db" "$T/t.db-wal" "$T/t.db-shm"; cp regions.db t.db; export PILAR_DB="$T/t.db"; }
count_people() { $PILAR status --json | sed -E 's/.*"people":([0-9]+).*/\1/'; }

HDR='nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude'
# Valid people of one Bontang household (NIKs consistent with birth date and sex).
R1='6474010101800001,6474011203150003,Ahmad Yani,Bontang,1980-01-01,L,Kepala Keluarga,Siti Maryam,Jl. Kapal Laut No. 5,5,2,64.74.01.1001,24,,0.133,117.5'
R2='6474014505850002,6474011203150003,Siti Aminah,Bontang,1985-05-05,P,Istri,Halimah,Jl. Kapal Laut No. 5,5,2,64.74.01.1001,9@2020-01-01,fisik,0.133,117.5'
R3='6474011010100003,6474011203150003,Rudi,Bontang,2010-10-10,L,Anak,Siti Aminah,Jl. Kapal Laut No. 5,5,2,64.74.01.1001,,,0.133,117.5'

# --- 1. a clean CSV: counts, JSON summary keys
fresh
printf '%s\n%s\n%s\n%s\n' "$HDR" "$R1" "$R2" "$R3" > a.csv
out=$($PILAR import a.csv --json)
check "clean import inserted 3" [ "$(jget "$out" inserted)" = 3 ]
for k in read inserted updated unchanged rejected flagged rejects_file; do
  check "summary has $k" grep -q "\"$k\":" <<<"$out"
done
check "no rejects file for a clean import" [ "$(jget "$out" rejects_file)" = null ]
check "household category 24 on the household" bash -c "$PILAR household show 6474011203150003 --json | grep -q '\"category\":24'"
check "person category 9 with its date" bash -c "$PILAR person show 6474014505850002 --json | grep -q '\"valid_from\":\"2020-01-01\"'"
out=$($PILAR import a.csv --json)
check "same file again: unchanged 3" [ "$(jget "$out" unchanged)" = 3 ]
check "same file again: inserted 0" [ "$(jget "$out" inserted)" = 0 ]

# --- 2. semicolon, BOM, CRLF, quoted fields with ; , quotes and newlines, aliases, date forms
fresh
{
  printf '\xef\xbb\xbf'
  printf 'No. NIK;NO KK;NAMA LENGKAP;Tempat Lahir;TGL LAHIR;JK;SHDK;Nama Ibu Kandung;ALAMAT;RT;RW;Kode Desa/Kel;PMKS;Kolom Tambahan\r\n'
  printf '6474010101800001;6474011203150003;"Ahmad Yani, S.Pd.";Bontang;01-01-1980;L;Kepala Keluarga;Siti;"Jl. ""Kapal""\r\nLaut; No. 5";005;002;6474011001;Fakir Miskin;x\r\n'
  printf '6474014505850002;6474011203150003;Siti Aminah;Bontang;05/05/1985;P;Istri;Halimah;Jl. Kapal Laut;5;2;64.74.01.1001;;y\r\n'
  printf '6474011010100003;6474011203150003;Rudi;Bontang;2010-10-10;L;Anak;Siti Aminah;Jl. Kapal Laut;5;2;64.74.01.1001;;z\r\n'
} > b.csv
out=$($PILAR import b.csv --json)
check "quirky CSV: 3 inserted" [ "$(jget "$out" inserted)" = 3 ]
check "quirky CSV: 0 rejected" [ "$(jget "$out" rejected)" = 0 ]
check "unknown column reported" grep -q '"unknown_columns":\["Kolom Tambahan"\]' <<<"$out"
check "quoted comma kept in name" bash -c "$PILAR person show 6474010101800001 --json | grep -q '\"name\":\"Ahmad Yani, S.Pd.\"'"
check "quoted ; and doubled quotes kept" bash -c "$PILAR household show 6474011203150003 --json | grep -qF 'Jl. \\\"Kapal\\\"'"
check "DD-MM-YYYY date" bash -c "$PILAR person show 6474010101800001 --json | grep -q '\"birth_date\":\"1980-01-01\"'"
check "DD/MM/YYYY date" bash -c "$PILAR person show 6474014505850002 --json | grep -q '\"birth_date\":\"1985-05-05\"'"
check "embedded newline kept in address" bash -c "$PILAR household show 6474011203150003 --json | grep -qF 'Kapal\\\"\\r\\nLaut; No. 5'"
check "RT zero-padded" bash -c "$PILAR household show 6474011203150003 --json | grep -q '\"rt\":\"005\"'"

# --- 3. bad rows: Excel-damaged NIK, unknown village, bad date, missing name; flags; conflicts
fresh
{
  echo "$HDR"
  echo "$R1"
  echo '6.47401E+15,6474011203150003,Budi,Bontang,1990-01-01,L,Anak,,Jl. A,1,1,64.74.01.1001,,,,'
  echo '6474011111900004,6474011203150099,Citra,Bontang,1990-11-11,L,Kepala Keluarga,,Jl. B,1,1,64.74.01.9999,,,,'
  echo '6474011212900005,6474011203150098,Dewi,Bontang,1990-02-30,P,Kepala Keluarga,,Jl. C,1,1,64.74.01.1001,,,,'
  echo '6474011301900006,6474011203150097,,Bontang,1990-01-13,L,Kepala Keluarga,,Jl. D,1,1,64.74.01.1001,,,,'
  echo '6474015010900007,6474011203150096,Eka,Bontang,1990-10-11,P,Kepala Keluarga,,Jl. E,1,1,64.74.01.1001,,,,'
  echo '6474010202900008,6474011203150095,Fajar,Bontang,1990-02-02,L,Kepala Keluarga,,Jl. F,1,1,64.74.01.1001,,,,'
  echo '6474010202900008,6474011203150095,Fajar Sidik,Bontang,1990-02-02,L,Kepala Keluarga,,Jl. F,1,1,64.74.01.1001,,,,'
} > c.csv
out=$($PILAR import c.csv --json)
check "bad rows: inserted 2 (R1 and the flagged one)" [ "$(jget "$out" inserted)" = 2 ]
check "bad rows: rejected 6" [ "$(jget "$out" rejected)" = 6 ]
check "bad rows: conflicts 2" [ "$(jget "$out" conflicts)" = 2 ]
check "bad rows: flagged 1 (NIK date 10-10 vs stated)" [ "$(jget "$out" flagged)" = 1 ]
rej=$(jget "$out" rejects_file)
check "rejects file exists" [ -f "$rej" ]
check "rejects: header has alasan" bash -c "head -1 '$rej' | grep -q 'alasan'"
check "rejects: Excel damage named" grep -q 'rusak oleh Excel' "$rej"
check "rejects: unknown village named" grep -q '64.74.01.9999 tidak ada' "$rej"
check "rejects: bad date named" grep -q 'tanggal_lahir' "$rej"
check "rejects: missing name named" grep -q 'nama' "$rej"
check "rejects: both conflicting rows listed" [ "$(grep -c 'muncul lagi' "$rej")" = 2 ]
check "rejects: row numbers in alasan" grep -q 'baris 8: nik' "$rej"
check "flagged person stored with flag" bash -c "$PILAR person show 6474015010900007 --json | grep -q nik_tanggal_lahir"
# Operator fixes the rejects file in Excel and imports it again.
sed -e 's/^6.47401E+15/6474010101900009/' -e 's/64.74.01.9999/64.74.01.1002/' -e 's/1990-02-30/1990-12-12/' \
  -e 's/^6474011301900006,6474011203150097,,/6474011301900006,6474011203150097,Gita,/' \
  -e '/Fajar Sidik/d' "$rej" > fixed.csv
out=$($PILAR import fixed.csv --json)
check "fixed rejects re-import: 5 inserted" [ "$(jget "$out" inserted)" = 5 ]
check "fixed rejects re-import: 0 rejected" [ "$(jget "$out" rejected)" = 0 ]

# --- 4. modes
fresh
before=$(count_people)
out=$($PILAR import c.csv --dry-run --json)
check "dry-run counts what would be inserted" [ "$(jget "$out" inserted)" = 2 ]
check "dry-run writes nothing" [ "$(count_people)" = "$before" ]
$PILAR import c.csv --all-or-nothing --json > aon.json
rc=$?
check "all-or-nothing with rejects exits 1" [ $rc = 1 ]
check "all-or-nothing with rejects writes nothing" [ "$(count_people)" = "$before" ]
check "all-or-nothing still writes the rejects file" [ -f "$(jget "$(cat aon.json)" rejects_file)" ]
out=$($PILAR import a.csv --all-or-nothing --json)
check "all-or-nothing clean file commits" [ "$(jget "$out" inserted)" = 3 ]
check "missing required column is an error" bash -c "printf 'nik,nama\n1,2\n' > m.csv; ! $PILAR import m.csv 2>err.txt && grep -q 'no_kk' err.txt"
check "import changes nothing when it fails on header" [ "$(count_people)" = 3 ]

# --- 5. update keeps history; verified record returns to draft when changed
$PILAR verify accept 6474010101800001 >/dev/null
sed 's/Ahmad Yani/Ahmad Yani Saputra/' a.csv > a2.csv
out=$($PILAR import a2.csv --json)
check "changed row counts as updated" [ "$(jget "$out" updated)" = 1 ]
check "history keeps before and after" bash -c "$PILAR person show 6474010101800001 | grep -q 'Ahmad Yani\" -> \"Ahmad Yani Saputra'"
check "changed verified record back to draft" bash -c "$PILAR person show 6474010101800001 --json | grep -q '\"status\":\"draft\"'"

# --- 6. verification workflow
check "queue lists drafts" bash -c "$PILAR verify queue --region 64.74 --json | grep -q 6474014505850002"
check "reject needs a reason" bash -c "! $PILAR verify reject 6474014505850002 2>/dev/null"
check "reject with reason" $PILAR verify reject 6474014505850002 --reason "tidak tinggal di alamat" >/dev/null
check "rejected state stored with who and why" bash -c "$PILAR person show 6474014505850002 --json | grep -q 'tidak tinggal di alamat'"
check "bulk accept drafts of a region" bash -c "$PILAR verify accept --region 64.74 --all-drafts --json | grep -q '\"count\":'"

# --- 7. round trip: export -> import = no change (CSV and XLSX), on generated data
fresh
$PILAR gen --people 3000 --region 64.74,65.71 --seed 5 --today 2026-01-01 --out g.csv >/dev/null
$PILAR import g.csv >/dev/null
for fmt in csv xlsx; do
  $PILAR export --region 64 --format $fmt --out e.$fmt >/dev/null
  out=$($PILAR import e.$fmt --json)
  check "$fmt round trip: inserted 0" [ "$(jget "$out" inserted)" = 0 ]
  check "$fmt round trip: updated 0" [ "$(jget "$out" updated)" = 0 ]
  check "$fmt round trip: rejected 0" [ "$(jget "$out" rejected)" = 0 ]
done
check "export needs --region" bash -c "! $PILAR export --out x.csv 2>/dev/null"
check "export NIK stays text in XLSX (read back equal)" bash -c "$PILAR import e.xlsx --dry-run --json | grep -q '\"unchanged\":[1-9]'"

# --- 8. kill -9 during an import: consistent data base, no half household, re-import converges
fresh
$PILAR gen --people 40000 --region 64,65 --seed 9 --today 2026-01-01 --out big.csv >/dev/null
cp t.db clean.db
$PILAR import big.csv --batch 2000 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  sleep 0.1
  n=$(sqlite3 "file:t.db?mode=ro" "select count(*) from person" 2>/dev/null || echo 0)
  [ "${n:-0}" -gt 4000 ] && break
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "kill -9: integrity check ok" $PILAR check >/dev/null
partial=$(sqlite3 "file:t.db?mode=ro" "select count(*) from person")
check "kill -9 happened mid-import" [ "$partial" -gt 0 ] && [ "$partial" -lt 40000 ]
# Every household in the data base has exactly the members the file gives it.
awk -F, 'NR>1 {n[$2]++} END {for (k in n) print k","n[k]}' big.csv | sort > file_counts.txt
sqlite3 "file:t.db?mode=ro" "select h.kk || ',' || count(*) from person p join household h on h.id = p.household_id group by h.kk" | sort > db_counts.txt
check "kill -9: no half-imported household" bash -c "comm -13 file_counts.txt db_counts.txt | wc -l | grep -qx 0"
# A big load packs the spatial indexes at its end: killed before that, the file says they are
# behind, area queries still count everyone, and a reindex catches up with the same answer.
# (On PostgreSQL each batch's points are written in the batch's transaction: never behind.)
if on_pg; then
    check "kill -9: every located person of the batches in is in the point index" [ "$(q "select count(*) from person_point where lat is not null")" = "$(q "select count(*) from person_geo")" ]
else
    check "kill -9: spatial indexes marked behind" [ "$(sqlite3 "file:t.db?mode=ro" "select count(*) from geo_pending")" -ge 1 ]
fi
behind=$(jget "$($PILAR area --point -0.5,117.1 --radius 200000 --json)" people)
check "area while behind counts people" [ "${behind:-0}" -gt 0 ]
$PILAR geo reindex >/dev/null
check "reindex clears the marker" [ "$(sqlite3 "file:t.db?mode=ro" "select count(*) from geo_pending")" = 0 ]
on_pg || check "reindexed R*Trees are well formed" [ "$(sqlite3 "file:t.db?mode=ro" "select rtreecheck('person_geo') || rtreecheck('household_geo')")" = okok ]
check "area after reindex: same count" [ "$(jget "$($PILAR area --point -0.5,117.1 --radius 200000 --json)" people)" = "$behind" ]
$PILAR import big.csv >/dev/null
PILAR_DB="$T/clean.db" $PILAR import big.csv >/dev/null
$PILAR export --region 64 --out after_kill.csv >/dev/null
$PILAR export --region 65 --out after_kill65.csv >/dev/null
PILAR_DB="$T/clean.db" $PILAR export --region 64 --out clean.csv >/dev/null
PILAR_DB="$T/clean.db" $PILAR export --region 65 --out clean65.csv >/dev/null
check "kill -9 then re-import converges (64)" cmp -s <(sort after_kill.csv) <(sort clean.csv)
check "kill -9 then re-import converges (65)" cmp -s <(sort after_kill65.csv) <(sort clean65.csv)
check "big import leaves no marker" [ "$(sqlite3 "file:t.db?mode=ro" "select count(*) from geo_pending")" = 0 ]
on_pg || check "packed person R*Tree well formed" [ "$(sqlite3 "file:t.db?mode=ro" "select rtreecheck('person_geo')")" = ok ]
check "every located person is in the spatial index" [ "$(sqlite3 "file:t.db?mode=ro" "select count(*) from person_point where lat is not null")" = "$(sqlite3 "file:t.db?mode=ro" "select count(*) from person_geo")" ]

# --- 9. a home far outside its regency's outline is imported and flagged (outlines loaded)
fresh
$PILAR boundary import "$SRC/data/boundaries/regencies-64-65.geojson" >/dev/null
{
  echo "$HDR"
  echo "$R1"
  # Bontang village, but a point in Samarinda (~90 km away).
  echo '6474014505850002,6474011203150004,Siti Aminah,Bontang,1985-05-05,P,Kepala Keluarga,Halimah,Jl. B,5,2,64.74.01.1001,,,-0.4950,117.1430'
} > geo.csv
out=$($PILAR import geo.csv --json)
check "far point: both rows imported" [ "$(jget "$out" inserted)" = 2 ]
check "far point: one row flagged" [ "$(jget "$out" flagged)" = 1 ]
check "far point flagged on the person" bash -c "$PILAR person show 6474014505850002 --json | grep -q koordinat_di_luar_wilayah"
check "point inside Bontang not flagged" bash -c "! $PILAR person show 6474010101800001 --json | grep -q koordinat_di_luar_wilayah"
out=$($PILAR import geo.csv --json)
check "far point: re-import unchanged" [ "$(jget "$out" unchanged)" = 2 ]

# --- 10. a person moving to another province through the import (on PostgreSQL the row
# changes partition: the registry, residence history and audit follow, the NIK stays once)
fresh
printf '%s\n%s\n%s\n%s\n' "$HDR" "$R1" "$R2" "$R3" > a.csv
$PILAR import a.csv >/dev/null
R3M='6474011010100003,6571041507230009,Rudi,Bontang,2010-10-10,L,Kepala Keluarga,Siti Aminah,RT 23 Gang Jambu,023,008,65.71.04.1003,,,3.467146,117.587354'
printf '%s\n%s\n%s\n%s\n' "$HDR" "$R1" "$R2" "$R3M" > move.csv
out=$($PILAR import move.csv --json)
check "moved person: updated 1, unchanged 2" [ "$(jget "$out" updated)/$(jget "$out" unchanged)/$(jget "$out" rejected)" = 1/2/0 ]
check "moved person: the new household inserted" [ "$(jget "$out" households_inserted)" = 1 ]
check "moved person lives in the new province" bash -c "$PILAR person show 6474011010100003 --json | grep -q '\"village_code\":\"65.71.04.1003\"'"
check "moved person: NIK held once" [ "$(q "select count(*) from person where nik='6474011010100003'")" = 1 ]
check "moved person: old residence closed, new one open" [ "$(q "select count(*) from residence r join person p on p.id = r.person_id where p.nik='6474011010100003' and ((r.village_code='64.74.01.1001' and r.valid_to is not null) or (r.village_code='65.71.04.1003' and r.valid_to is null))")" = 2 ]
check "moved person: one audited update from the old village to the new" [ "$(q "select count(*) from audit a join person p on p.id = a.entity_id where a.entity='person' and a.action='update' and p.nik='6474011010100003' and a.before like '%64.74.01.1001%' and a.after like '%65.71.04.1003%'")" = 1 ]
check "moved person: no delete or second insert audited" [ "$(q "select count(*) from audit a join person p on p.id = a.entity_id where a.entity='person' and a.action in ('delete','insert') and p.nik='6474011010100003'")" = 0 ]
check "moved person in the new province's point index" [ "$(q "select count(*) from person_geo g join person p on p.id = g.id where p.nik='6474011010100003'")" = 1 ]
if on_pg; then
  check "moved person: registry says province 65" [ "$(q "select prov from person_key where nik='6474011010100003'")" = 65 ]
  check "moved person: in partition person_65" [ "$(q "select count(*) from person_65 where nik='6474011010100003'")" = 1 ]
fi
out=$($PILAR import move.csv --json)
check "moved file again: unchanged 3" [ "$(jget "$out" unchanged)" = 3 ]
check "pilar check after the move" $PILAR check

summary
