#!/usr/bin/env bash
# test_letterhead.sh - the letterhead (kop surat) and signature block of printed documents
# (issue 21, item 7): an administrator sets them per province or regency over the API
# (checked, audited, admin only), the rakor report PDF of a region under a setting shows the
# office, address, logo, place and today's date in Indonesian, title, name and NIP (through
# the API and the CLI), the nearest setting above a region applies, documents without one
# print as before, and disability cards name the office. Also item 5: every category label
# the PDF prints is the one label GET /categories gives the pages.
. "$(dirname "$0")/lib.sh"
need jq pdftotext pdfimages
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
$PILAR init >/dev/null || exit 1
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || exit 1
$PILAR gen --people 400 --region 64.74 --seed 5 --out "$T/gen.csv" >/dev/null 2>&1 || exit 1
$PILAR import "$T/gen.csv" >/dev/null || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
echo 'operator-pass1' | $PILAR user add op --role regency --scope 64.74 >/dev/null || exit 1
TA=$($PILAR user token admin)
TO=$($PILAR user token op)
HA=(-H "Authorization: Bearer $TA")
start_server --web "$T" --data-dir "$T/data"

# A small PNG logo (a 40x40 blue square), written with the standard library.
python3 - "$T/logo.png" <<'PY'
import struct, sys, zlib
w = h = 40
raw = b"".join(b"\x00" + b"\x1f\x4e\x79" * w for _ in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
    chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
LOGO=$(base64 -w0 "$T/logo.png")
MONTHS=(Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember)
TODAY_ID="$(date -u +%-d) ${MONTHS[$(($(date -u +%-m) - 1))]} $(date -u +%Y)"
YEAR=$(date -u +%Y)

body() { # body JSON-TEXT: the request body file
  printf '%s' "$1" >"$T/in.json"
}
put() { # put REGION [TOKEN]: PUT the body in $T/in.json
  req PUT "$A/settings/letterhead/$1" -H "Authorization: Bearer ${2:-$TA}" "${J[@]}" --data-binary @"$T/in.json"
}
pdf_text() { # pdf_text URL OUT: GET a PDF as admin and its text into OUT
  req GET "$1" "${HA[@]}"
  cp "$T/body" "$2.pdf"
  pdftotext -layout "$2.pdf" "$2" 2>/dev/null || : >"$2"
}

# ------------------------------------------------ without a setting: as before
pdf_text "$A/reports/rakor?region=64.74&period=$YEAR&format=pdf" "$T/plain.txt"
check "rakor PDF without a letterhead" [ "$STATUS" = 200 ]
check "no letterhead: the title opens the page" [ "$(head -c 400 "$T/plain.txt" | grep -c 'Laporan Rakor PMKS')" = 1 ]
check "no letterhead: no signature" [ "$(grep -c 'NIP\.' "$T/plain.txt")" = 0 ]
check "no letterhead: no image" [ "$(pdfimages -list "$T/plain.txt.pdf" | tail -n +3 | wc -l)" = 0 ]

# ------------------------------------------------ who may set it, and what is refused
body '{"office_name":"DINAS SOSIAL"}'
put 64.74 "$TO"
check "a regency operator cannot set a letterhead (403)" [ "$STATUS" = 403 ]
req GET "$A/settings/letterhead" -H "Authorization: Bearer $TO"
check "nor list them (403)" [ "$STATUS" = 403 ]
body '{"agency":"Pemerintah Kota Bontang"}'
put 64.74
check "office name required (422)" [ "$STATUS" = 422 ] && check "  on office_name" [ "$(jsonq "d['error']['field']")" = office_name ]
body '{"office_name":"DINAS SOSIAL","signer_name":"Budi","signer_nip":"1970"}'
put 64.74
check "a NIP of 4 digits refused (422)" [ "$STATUS" = 422 ] && check "  on signer_nip" [ "$(jsonq "d['error']['field']")" = signer_nip ]
body '{"office_name":"DINAS SOSIAL","signer_title":"Kepala Dinas"}'
put 64.74
check "a title without a name refused" [ "$STATUS" = 422 ]
body '{"office_name":"DINAS SOSIAL"}'
put 64.74.01
check "a district cannot have one (422)" [ "$STATUS" = 422 ]
put 64.99
check "an unknown regency refused (422)" [ "$STATUS" = 422 ]
body '{"office_name":"DINAS SOSIAL","logo_png_base64":"'"$(printf 'not a png at all' | base64 -w0)"'"}'
put 64.74
check "a logo that is no PNG refused (422)" [ "$STATUS" = 422 ] && check "  in Indonesian" [ "$(jsonq "d['error']['message']")" = "logo harus berupa gambar PNG yang utuh" ]
body '{"office_name":"DINAS SOSIAL","warna":"biru"}'
put 64.74
check "an unknown key refused (422)" [ "$STATUS" = 422 ]
check "nothing stored by refusals" [ "$(q "SELECT count(*) FROM letterhead")" = 0 ]

# ------------------------------------------------ set, read back, logo, audit
cat >"$T/in.json" <<JSON
{"agency":"Pemerintah Kota Bontang","office_name":"DINAS SOSIAL KOTA BONTANG",
 "address":"Jl. Moh. Roem No. 1, Bontang Lestari, Telp. (0548) 123456",
 "place":"Bontang","signer_title":"Kepala Dinas Sosial","signer_name":"Drs. Suparman, M.Si.",
 "signer_nip":"19700101 199003 1 001","logo_png_base64":"$LOGO"}
JSON
put 64.74
check "letterhead of Bontang set (200)" [ "$STATUS" = 200 ]
check "  answers the setting with its logo, version 1" [ "$(jsonq "d['has_logo'], d['version'], bool(d['region_name'])")" = "True 1 True" ]
req GET "$A/settings/letterhead" "${HA[@]}"
check "listed" [ "$(jsonq "len(d['items']), d['items'][0]['region'], d['items'][0]['signer_nip']")" = "1 64.74 19700101 199003 1 001" ]
req GET "$A/settings/letterhead/64.74/logo" "${HA[@]}"
check "the logo comes back (200)" [ "$STATUS" = 200 ]
check "  as image/png" grep -qi '^content-type: image/png' "$T/hdr"
check "  byte for byte" cmp -s "$T/body" "$T/logo.png"
check "the write is audited (entity letterhead, logo as its size)" \
  [ "$(q "SELECT json_extract(after,'$.office_name') || '/' || json_extract(after,'$.logo_bytes') FROM audit WHERE entity='letterhead' AND action='insert'")" = "DINAS SOSIAL KOTA BONTANG/$(stat -c %s "$T/logo.png")" ]
check "  by the administrator" [ "$(q "SELECT actor FROM audit WHERE entity='letterhead'")" = admin ]

# ------------------------------------------------ the rakor report PDF carries it
pdf_text "$A/reports/rakor?region=64.74&period=$YEAR&format=pdf" "$T/kop.txt"
check "rakor PDF with the letterhead" [ "$STATUS" = 200 ]
for want in "Pemerintah Kota Bontang" "DINAS SOSIAL KOTA BONTANG" "Jl. Moh. Roem No. 1, Bontang Lestari" \
  "Bontang, $TODAY_ID" "Kepala Dinas Sosial" "Drs. Suparman, M.Si." "NIP. 19700101 199003 1 001" "Laporan Rakor PMKS"; do
  grep -qF -- "$want" "$T/kop.txt" && ok || bad "PDF text lacks '$want'"
done
check "the letterhead comes before the title" [ "$(grep -n 'DINAS SOSIAL KOTA BONTANG' "$T/kop.txt" | head -1 | cut -d: -f1)" -lt "$(grep -n 'Laporan Rakor PMKS' "$T/kop.txt" | head -1 | cut -d: -f1)" ]
check "the letterhead only on the first page" [ "$(grep -c 'DINAS SOSIAL KOTA BONTANG' "$T/kop.txt")" = 1 ]
check "the logo is drawn (one image)" [ "$(pdfimages -list "$T/kop.txt.pdf" | tail -n +3 | wc -l)" = 1 ]
check "the JSON report is unchanged by it" [ "$(curl -s "${HA[@]}" "$A/reports/rakor?region=64.74&period=$YEAR" | jq 'has("letterhead")')" = false ]
$PILAR report rakor --region 64.74 --period "$YEAR" --format pdf --out "$T/cli.pdf" >/dev/null 2>&1 || bad "CLI rakor pdf"
pdftotext -layout "$T/cli.pdf" "$T/cli.txt"
check "the CLI's PDF carries it too" [ "$(grep -c -e 'DINAS SOSIAL KOTA BONTANG' -e 'NIP. 19700101 199003 1 001' "$T/cli.txt")" = 2 ]

# The nearest setting above a region: a province's applies to its other regencies.
body '{"office_name":"DINAS SOSIAL PROVINSI KALIMANTAN TIMUR","address":"Jl. Basuki Rahmat No. 92, Samarinda"}'
put 64
check "province letterhead set" [ "$STATUS" = 200 ]
pdf_text "$A/reports/rakor?region=64.72&period=$YEAR&format=pdf" "$T/smd.txt"
check "Samarinda's report uses the province's letterhead" [ "$(grep -c 'DINAS SOSIAL PROVINSI KALIMANTAN TIMUR' "$T/smd.txt")" = 1 ]
check "  without a signature block (none set)" [ "$(grep -c 'NIP\.' "$T/smd.txt")" = 0 ]
pdf_text "$A/reports/rakor?region=64.74&period=$YEAR&format=pdf" "$T/kop2.txt"
check "Bontang keeps its own" [ "$(grep -c -e 'DINAS SOSIAL KOTA BONTANG' -e 'PROVINSI KALIMANTAN TIMUR' "$T/kop2.txt")" = 1 ]
pdf_text "$A/reports/rakor?region=65&period=$YEAR&format=pdf" "$T/kaltara.txt"
check "another province prints without one" [ "$(grep -c 'DINAS SOSIAL' "$T/kaltara.txt")" = 0 ]

# ------------------------------------------------ keep, replace, remove the logo; versions
body '{"office_name":"DINAS SOSIAL KOTA BONTANG","place":"Bontang","signer_name":"Drs. Suparman, M.Si.","version":1}'
put 64.74
check "an update without logo_png_base64 keeps the logo" [ "$(jsonq "d['has_logo'], d['version']")" = "True 2" ]
put 64.74
check "a stale version refused (409)" [ "$STATUS" = 409 ]
body '{"office_name":"DINAS SOSIAL KOTA BONTANG","logo_png_base64":""}'
put 64.74
check "an empty logo removes it" [ "$(jsonq "d['has_logo']")" = False ]
req GET "$A/settings/letterhead/64.74/logo" "${HA[@]}"
check "  and the logo answers 404" [ "$STATUS" = 404 ]
check "updates audited" [ "$(q "SELECT count(*) FROM audit WHERE entity='letterhead' AND action='update'")" = 2 ]

# ------------------------------------------------ disability cards name the office
NIK=$(q "SELECT nik FROM person WHERE disability <> '' AND nik IS NOT NULL AND death_date IS NULL AND village_code LIKE '64.74.%' ORDER BY id LIMIT 1")
if [ -n "$NIK" ]; then
  $PILAR card "$NIK" --out "$T/card.pdf" --json >/dev/null 2>&1 || bad "card print"
  check "the card names the office of the letterhead" [ "$(pdftotext "$T/card.pdf" - | grep -c 'DINAS SOSIAL KOTA BONTANG')" = 1 ]
else
  bad "no person with a disability in the generated data"
fi

# ------------------------------------------------ delete: documents print as before
req DELETE "$A/settings/letterhead/64.74" "${HA[@]}"
check "deleted" [ "$STATUS" = 200 ]
req DELETE "$A/settings/letterhead/64.74" "${HA[@]}"
check "deleting again: 404" [ "$STATUS" = 404 ]
req DELETE "$A/settings/letterhead/64" "${HA[@]}"
pdf_text "$A/reports/rakor?region=64.74&period=$YEAR&format=pdf" "$T/after.txt"
check "after deletion the PDF has no letterhead" [ "$(grep -c 'DINAS SOSIAL' "$T/after.txt")" = 0 ]
check "deletions audited" [ "$(q "SELECT count(*) FROM audit WHERE entity='letterhead' AND action='delete'")" = 2 ]

# ------------------------------------------------ item 5: one label per category
# Every category's label as the pages get it (GET /categories) is printed whole on the PDF's
# region page (the table lists all 26), and the report JSON and the dashboard use the same.
req GET "$A/categories" "${HA[@]}"
jq -r '.items[].label' "$T/body" >"$T/labels"
check "26 labels" [ "$(wc -l <"$T/labels")" = 26 ]
tr -s ' ' <"$T/plain.txt" >"$T/plain1.txt"
while IFS= read -r label; do
  grep -qF -- "$label" "$T/plain1.txt" && ok || bad "the PDF does not print the label '$label'"
done <"$T/labels"
curl -s "${HA[@]}" "$A/reports/rakor?region=64.74&period=$YEAR" | jq -r '.total.categories[] | "\(.category) \(.label)"' | sort -n >"$T/rep.labels"
jq -r '.items[] | "\(.code) \(.label)"' "$T/body" | sort -n >"$T/cat.labels"
check "the report JSON labels are the pages' labels" cmp -s "$T/rep.labels" "$T/cat.labels"
curl -s "${HA[@]}" "$A/summary" | jq -r '.pmks[] | "\(.category) \(.label)"' | sort -n >"$T/sum.labels"
check "the dashboard's labels are the same" [ -z "$(comm -23 "$T/sum.labels" "$T/cat.labels")" ]
summary
