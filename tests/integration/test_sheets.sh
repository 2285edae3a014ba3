#!/usr/bin/env bash
# Integration tests for spreadsheets as offices make them (issue 16, items 2 and 3), every file
# written by another library than Pilar's (exceljs, SheetJS; LibreOffice when installed):
# Excel-damaged numbers (NIK/KK in number cells, exponent form in CSV), title rows above the
# header, a cover sheet, ODS files, ISO and date-styled dates, a literal apostrophe, a
# place-and-signature block, blank rows, and the import template (CLI and API) round trip.
# Needs PILAR (binary), PILAR_SRC and node with exceljs and xlsx in $PILAR_SRC/node_modules.
. "$(dirname "$0")/lib.sh"
cd "$T"
export PILAR_DB="$T/base.db" PILAR_PWHASH=fast
export NODE_PATH="$SRC/node_modules"
[ -d "$SRC/node_modules/exceljs" ] && [ -d "$SRC/node_modules/xlsx" ] ||
  die "node_modules/exceljs or xlsx missing (run scripts/deps.sh)"
$PILAR init >/dev/null
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || die "region import failed"
cp base.db regions.db
cp base.db-reads regions.db-reads
fresh() {
  rm -f "$T/t.db" "$T/t.db-wal" "$T/t.db-shm" "$T/t.db-reads"
  cp regions.db t.db
  cp regions.db-reads t.db-reads
  export PILAR_DB="$T/t.db"
}
nik_of() { $PILAR person show "$1" --json 2>/dev/null | jq -r '.nik // empty'; }
mkdir fx
node "$SRC/tests/integration/sheets_fixtures.js" "$T/fx" || die "fixtures (node) failed"

NUMBER_CAUSE='tersimpan sebagai angka, bukan teks.*Excel hanya menyimpan 15 digit.*digit terakhir mungkin sudah berubah menjadi 0.*format kolom .* sebagai Teks lalu ketik ulang.*tanda petik'

# --- 1. NIK / KK in number cells (exceljs): refused with the cause; the text row imports
fresh
out=$($PILAR import fx/num_exceljs.xlsx --json)
is "exceljs numbers: read 4" "$(jq .read <<<"$out")" 4
is "exceljs numbers: 3 rejected" "$(jq .rejected <<<"$out")" 3
is "exceljs numbers: 1 inserted (the text row)" "$(jq .inserted <<<"$out")" 1
is "exceljs numbers: no conflict" "$(jq .conflicts <<<"$out")" 0
rej=fx/num_exceljs-ditolak.csv
has "row 2: the NIK number cell's cause" "$rej" "baris 2: nik: NIK $NUMBER_CAUSE"
has "row 3: serial 0000 does not hide the cause" "$rej" "baris 3: nik: NIK tersimpan sebagai angka"
hasnt "row 3: no serial-0000 message" "$rej" "nomor urut"
has "row 4: the KK number cell's cause" "$rej" "baris 4: no_kk: No. KK $NUMBER_CAUSE"
check "the number-cell NIK was not stored" [ -z "$(nik_of 6474010101800001)" ]
is "the text NIK was stored intact" "$(nik_of 6474010202700005)" 6474010202700005

# --- 2. the same with SheetJS, as XLSX and as ODS
for f in num_sheetjs.xlsx num_sheetjs.ods; do
  fresh
  out=$($PILAR import "fx/$f" --json)
  is "$f: 2 rejected" "$(jq .rejected <<<"$out")" 2
  is "$f: 1 inserted" "$(jq .inserted <<<"$out")" 1
  rej="fx/${f%.*}-ditolak.csv"
  has "$f: the cause in row 2" "$rej" "baris 2: nik: NIK $NUMBER_CAUSE"
  has "$f: the cause, not serial 0000, in row 3" "$rej" "baris 3: nik: NIK tersimpan sebagai angka"
  hasnt "$f: no serial-0000 message" "$rej" "nomor urut"
  rm -f "$rej"
done
is "ods format named" "$(jq -r .format <<<"$out")" ods

# --- 3. CSV: exponent form and a literal leading apostrophe
fresh
{
  echo 'nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,kode_desa'
  echo "'6474010101800001,'6474011203150003,Ahmad Yani,Bontang,1980-01-01,L,Kepala Keluarga,64.74.01.1001"
  echo '6.40219190263001E+15,6474011203150003,Budi,Bontang,1963-02-19,L,Anak,64.74.01.1001'
  echo '6474014505850002,6.47401120315E+15,Siti,Bontang,1985-05-05,P,Istri,64.74.01.1001'
} > quirks.csv
out=$($PILAR import quirks.csv --json)
is "csv: apostrophe row inserted" "$(jq .inserted <<<"$out")" 1
is "csv: exponent rows rejected" "$(jq .rejected <<<"$out")" 2
is "csv: apostrophe stripped from the NIK" "$(nik_of 6474010101800001)" 6474010101800001
check "csv: apostrophe stripped from the KK" bash -c "$PILAR household show 6474011203150003 --json | grep -q '\"kk\":\"6474011203150003\"'"
has "csv: exponent NIK named with the cause" quirks-ditolak.csv "baris 3: nik: NIK rusak oleh Excel \(tampil sebagai 6.40219190263001E\+15\): tersimpan sebagai angka, hanya 15 digit"
has "csv: exponent KK named with the fix" quirks-ditolak.csv "baris 4: no_kk: No. KK rusak oleh Excel.*format kolom sebagai Teks lalu ketik ulang"
is "csv: no sheet" "$(jq -r .sheet <<<"$out")" ""
is "csv: header row 1" "$(jq .header_row <<<"$out")" 1

# --- 4. title rows, merged title, header on row 4, date-styled cells, blank row, signature block
fresh
out=$($PILAR import fx/titled_exceljs.xlsx --json)
is "titled: sheet" "$(jq -r .sheet <<<"$out")" Data
is "titled: header row 4" "$(jq .header_row <<<"$out")" 4
is "titled: 4 people rows read (blank rows, title and signature not counted)" "$(jq .read <<<"$out")" 4
is "titled: 3 inserted" "$(jq .inserted <<<"$out")" 3
is "titled: 1 rejected (bad village)" "$(jq .rejected <<<"$out")" 1
is "titled: signature block rows" "$(jq -c .signature_rows <<<"$out")" '{"from":11,"to":15}'
has "titled: the spreadsheet's own row number in the reason" fx/titled_exceljs-ditolak.csv "baris 9: kode_desa"
hasnt "titled: the signature block is not rejected" fx/titled_exceljs-ditolak.csv "Bontang, 12 Maret|SUPARMAN|NIP"
check "titled: date-styled serial read as a date" bash -c "$PILAR person show 6474014505850002 --json | grep -q '\"birth_date\":\"1985-05-05\"'"
txt=$($PILAR import fx/titled_exceljs.xlsx --dry-run)
has "titled: CLI line says sheet and header row" <(echo "$txt") "Dibaca: lembar 'Data', baris judul 4"
has "titled: CLI line names the signature block" <(echo "$txt") "baris 11–15 dibaca sebagai blok tanda tangan, tidak diimpor"

# --- 5. a cover sheet first; a workbook with no header anywhere
fresh
out=$($PILAR import fx/cover_exceljs.xlsx --json)
is "cover: data sheet found" "$(jq -r .sheet <<<"$out")" "Data Warga"
is "cover: header row 2" "$(jq .header_row <<<"$out")" 2
is "cover: 2 inserted" "$(jq .inserted <<<"$out")" 2
out=$($PILAR import fx/cover_exceljs.xlsx --sheet Petunjuk --json 2>&1)
check "cover: --sheet still chooses (its first row is the header: columns missing)" grep -q 'kolom wajib tidak ditemukan' <<<"$out"
if $PILAR import fx/noheader_exceljs.xlsx 2>err.txt; then bad "no header anywhere accepted"; else ok; fi
has "no header: the sheets seen are listed" err.txt "lembar yang diperiksa: 'Sampul', 'Rekap'"

# --- 6. SheetJS: ISO date cells (t="d"), merged title, cover sheet, signature in the NIK column;
#        the same workbook as ODS (date-value cells, covered cells) gives the same people
fresh
out=$($PILAR import fx/dates_sheetjs.xlsx --json)
is "sheetjs dates: sheet" "$(jq -r .sheet <<<"$out")" Data
is "sheetjs dates: header row 3" "$(jq .header_row <<<"$out")" 3
is "sheetjs dates: 2 inserted" "$(jq .inserted <<<"$out")" 2
is "sheetjs dates: the number-cell NIK rejected" "$(jq .rejected <<<"$out")" 1
is "sheetjs dates: signature rows" "$(jq -c .signature_rows <<<"$out")" '{"from":7,"to":9}'
check "t=\"d\" cell read as its date" bash -c "$PILAR person show 6474010101800001 --json | grep -q '\"birth_date\":\"1980-01-01\"'"
out=$($PILAR import fx/dates_sheetjs.ods --json)
is "ods: format" "$(jq -r .format <<<"$out")" ods
is "ods: sheet" "$(jq -r .sheet <<<"$out")" Data
is "ods: header row 3" "$(jq .header_row <<<"$out")" 3
is "ods: the same people, unchanged" "$(jq .unchanged <<<"$out")" 2
is "ods: the number-cell NIK rejected" "$(jq .rejected <<<"$out")" 1
has "ods: number cell cause" fx/dates_sheetjs-ditolak.csv "baris 6: nik: NIK tersimpan sebagai angka"
is "ods: signature rows" "$(jq -c .signature_rows <<<"$out")" '{"from":7,"to":9}'

# --- 7. LibreOffice itself, where installed (never installed by the tests)
if command -v soffice >/dev/null 2>&1; then
  mkdir lo
  if soffice --headless --convert-to ods --outdir lo fx/titled_exceljs.xlsx >/dev/null 2>&1 &&
     [ -f lo/titled_exceljs.ods ]; then
    fresh
    out=$($PILAR import lo/titled_exceljs.ods --json)
    is "LibreOffice ODS: header row 4" "$(jq .header_row <<<"$out")" 4
    is "LibreOffice ODS: 3 inserted" "$(jq .inserted <<<"$out")" 3
    is "LibreOffice ODS: signature rows" "$(jq -c .signature_rows <<<"$out")" '{"from":11,"to":15}'
  else
    bad "soffice could not convert the workbook to ODS"
  fi
else
  echo "test_sheets: soffice not installed, LibreOffice-written ODS skipped"
fi

# --- 8. the template: CLI, filled by exceljs, imported with its NIKs intact
fresh
$PILAR import template --out tpl.xlsx >/dev/null
check "template written" [ -s tpl.xlsx ]
is "template mode 0600" "$(stat -c %a tpl.xlsx)" 600
unzip -p tpl.xlsx xl/workbook.xml > tpl-wb.xml
has "template: sheet Data" tpl-wb.xml 'name="Data"'
has "template: sheet Kode" tpl-wb.xml 'name="Kode"'
unzip -p tpl.xlsx xl/styles.xml > tpl-styles.xml
has "template: a Text number format (@, id 49)" tpl-styles.xml 'numFmtId="49"'
unzip -p tpl.xlsx xl/worksheets/sheet1.xml > tpl-s1.xml
has "template: NIK column styled Text" tpl-s1.xml '<col min="1" max="1"[^>]*style="1"'
has "template: KK column styled Text" tpl-s1.xml '<col min="2" max="2"[^>]*style="1"'
unzip -p tpl.xlsx xl/sharedStrings.xml > tpl-ss.xml
has "template: codes list PMKS names" tpl-ss.xml 'Fakir Miskin'
has "template: codes list relationships" tpl-ss.xml 'hubungan_keluarga'
has "template: codes list reasons without NIK" tpl-ss.xml 'belum_rekam_ktp_el'
out=$($PILAR import tpl.xlsx --dry-run --json)
is "template as it is: the example row is a valid row" "$(jq .rejected <<<"$out")" 0
node "$SRC/tests/integration/sheets_fixtures.js" fill tpl.xlsx filled.xlsx || die "fill template"
out=$($PILAR import filled.xlsx --json)
is "filled template: 3 inserted" "$(jq .inserted <<<"$out")" 3
is "filled template: 0 rejected" "$(jq .rejected <<<"$out")" 0
for n in 6474010101800001 6474014505850002 6474011010100003; do
  is "filled template: NIK $n intact" "$(nik_of $n)" "$n"
done

# --- 9. the API: the template for who may import; ODS uploads; the summary fields
echo 'kota-btg-kunci1' | $PILAR user add bontang --role regency --scope 64.74 >/dev/null || die "user"
echo 'viewer-pass-12' | $PILAR user add lihat --role viewer >/dev/null || die "user"
TB=$($PILAR user token bontang)
TV=$($PILAR user token lihat)
start_server --data-dir "$T/data"
req GET "$A/imports/template" -H "Authorization: Bearer $TB"
is "API template: 200" "$STATUS" 200
has "API template: XLSX type" "$T/hdr" "spreadsheetml.sheet"
has "API template: file name" "$T/hdr" 'templat-impor-pilar.xlsx'
check "API template: a zip" [ "$(head -c 2 "$T/body")" = PK ]
cp "$T/body" api-tpl.xlsx
unzip -p api-tpl.xlsx xl/workbook.xml | grep -q 'name="Kode"' && ok || bad "API template: sheet Kode"
req GET "$A/imports/template" -H "Authorization: Bearer $TV"
is "API template: 403 for a viewer" "$STATUS" 403
req GET "$A/imports/template"
is "API template: 401 without credentials" "$STATUS" 401
req POST "$A/imports?dry_run=1" -H "Authorization: Bearer $TB" -F "file=@fx/dates_sheetjs.ods;type=application/vnd.oasis.opendocument.spreadsheet"
is "API ODS upload: 200" "$STATUS" 200
is "API ODS: sheet" "$(jq -r .sheet "$T/body")" Data
is "API ODS: header_row" "$(jq .header_row "$T/body")" 3
is "API ODS: signature_rows" "$(jq -c .signature_rows "$T/body")" '{"from":7,"to":9}'
req POST "$A/imports?dry_run=1" -H "Authorization: Bearer $TB" -H "Content-Type: application/vnd.oasis.opendocument.spreadsheet" --data-binary @fx/num_sheetjs.ods
is "API raw ODS body: 200" "$STATUS" 200
is "API raw ODS body: read as ODS" "$(jq -r .format "$T/body")" ods

summary
