#!/usr/bin/env bash
# Integration tests for the work of PSKS units (issue 20, items 2, 3 and 5):
# the suggestion of the nearest active TKSK/PSM, assignment to follow-up end
# to end (visits with a photo and its SHA-256, overdue assignments, a PMKS
# category ended citing the visit and shown in the history), the monthly
# activity report of a unit and the roll-up of a district checked figure by
# figure on small data with known answers (JSON, PDF text, XLSX), Tagana and
# other PSKS near a disaster with their deployment, and scope (a Bontang
# operator sees only Bontang's PSKS, assignments and visits; out-of-scope ids
# answer exactly like absent ones; reads and writes audited).
# Needs PILAR (binary) and PILAR_SRC.
. "$(dirname "$0")/lib.sh"
cd "$T"
need sqlite3 curl python3 pdftotext

export PILAR_DB="$T/t.db" PILAR_PWHASH=fast
$PILAR init >/dev/null
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || die "region import"
# People: 1 Sumarni (lansia terlantar 8, Bontang Kuala, with coordinates), 2 Hermawan (fakir
# miskin 24 on his household), 3 Joko (disabilitas 9, Bontang Baru), 4 Rina (fakir miskin 24, own
# household), 5 Aminah (Samarinda, lansia terlantar 8).
cat >people.csv <<'CSV'
nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude
6474015203500001,6474010101200001,Sumarni,Bontang,1950-03-12,P,Kepala Keluarga,Inah,Jl. Merpati 7,002,001,64.74.01.1001,8@2025-01-01,,0.1300,117.4800
6474010512800001,6474010101200002,Hermawan Saputra,Bontang,1980-12-05,L,Kepala Keluarga,Siti,Jl. Kenari 1,001,001,64.74.01.1001,24@2025-01-01,,,
6474011506600001,6474010101200003,Joko Susilo,Bontang,1960-06-15,L,Kepala Keluarga,Tukiyem,Jl. Nuri 3,003,002,64.74.01.1002,9@2025-01-01,fisik,,
6474014506850001,6474010101200004,Rina Wati,Bontang,1985-06-05,P,Kepala Keluarga,Painem,Jl. Elang 2,004,001,64.74.01.1001,24@2025-01-01,,,
6472015007500001,6472010101200005,Aminah,Samarinda,1950-07-10,P,Kepala Keluarga,Fatimah,Jl. Palaran 5,005,003,64.72.01.1001,8@2025-01-01,,,
CSV
$PILAR import people.csv >/dev/null || die "import"
pid() { q "SELECT id FROM person WHERE nik = '$1'"; }
P1=$(pid 6474015203500001) P2=$(pid 6474010512800001) P3=$(pid 6474011506600001)
P5=$(pid 6472015007500001)
H4=$(q "SELECT id FROM household WHERE kk = '6474010101200004'")

# Units: 1 TKSK Budi (district, with coordinates), 2 PSM Siti (Bontang Kuala), 3 TKSK Samarinda,
# 4 Tagana Andi (with coordinates), 5 PSM ended in 2024 (never suggested).
$PILAR psks add --type tksk --name "Budi Santoso" --area 64.74.01 --lat 0.1400 --lon 117.4900 >/dev/null || die psks
$PILAR psks add --type psm --name "Siti Aminah" --area 64.74.01.1001 >/dev/null || die psks
$PILAR psks add --type tksk --name "Yusuf Samarinda" --area 64.72.01 >/dev/null || die psks
$PILAR psks add --type tagana --name "Andi Siaga" --area 64.74.01 --lat 0.1200 --lon 117.4700 >/dev/null || die psks
$PILAR psks add --type psm --name "Lama Berhenti" --area 64.74.01.1001 >/dev/null || die psks
$PILAR psks update 5 --until 2024-12-31 >/dev/null || die "psks end"

# ---------------------------------------------------------------- suggestion
out=$($PILAR psks suggest --person "$P1" --json)
eq "suggest with coordinates: nearest TKSK first" "$(python3 -c 'import json,sys; print([u["id"] for u in json.load(sys.stdin)["items"]])' <<<"$out")" "[1, 2]"
check "suggest: distance of Budi about 1.57 km" python3 -c 'import json,sys; d=json.load(sys.stdin)["items"][0]["distance_m"]; sys.exit(not 1500 < d < 1650)' <<<"$out"
# Joko has no coordinates and lives in Bontang Baru: Budi serves the district (tier 1), Siti another village (2).
out=$($PILAR psks suggest --person "$P3" --json)
eq "suggest without coordinates: by tier" "$(python3 -c 'import json,sys; print([(u["id"], u["tier"]) for u in json.load(sys.stdin)["items"]])' <<<"$out")" "[(1, 1), (2, 2)]"
# Rina (no coordinates, Bontang Kuala): Siti serves her village (tier 0) before Budi.
out=$($PILAR psks suggest --household "$H4" --json)
eq "suggest: own village first" "$(python3 -c 'import json,sys; print([u["id"] for u in json.load(sys.stdin)["items"]])' <<<"$out")" "[2, 1]"

# ---------------------------------------------------------------- assignments
out=$($PILAR psks assign --person "$P1" --suggest --due 2030-01-31 --reason "lansia sendirian" --json) || die "assign 1"
A1=$(jget "$out" id)
eq "assign --suggest takes the first suggestion" "$(jget "$out" psks_id)" 1
eq "assignment marked suggested" "$(jget "$out" suggested)" true
A2=$($PILAR psks assign --person "$P2" --unit 2 --due 2025-01-10 --json | sed -E 's/.*"id":([0-9]+).*/\1/')
A3=$($PILAR psks assign --person "$P3" --unit 1 --json | sed -E 's/.*"id":([0-9]+).*/\1/')
expect 1 "an ended unit cannot be assigned" psks assign --person "$P3" --unit 5
has "ended unit: why" "$T/err" "tidak aktif"
expect 1 "person and household together refused" psks assign --person "$P3" --household "$H4" --unit 1
out=$($PILAR psks assignments --overdue --json)
eq "overdue: only the past-due unvisited one" "$(python3 -c 'import json,sys; print([a["id"] for a in json.load(sys.stdin)["items"]])' <<<"$out")" "[$A2]"

# ---------------------------------------------------------------- visits
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDRfoto-uji-pilar' >foto.png
SHA=$(sha256sum foto.png | cut -d' ' -f1)
out=$($PILAR psks visit --assignment "$A1" --action bantuan --date 2025-11-05 --lat 0.1301 --lon 117.4801 --note "sembako diserahkan" --photo foto.png --json) || die "visit 1"
V1=$(jget "$out" id)
eq "visit photo hashed" "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["photo"]["sha256"])' <<<"$out")" "$SHA"
eq "photo bytes stored" "$(q "SELECT hex(data) FROM psks_visit_photo WHERE visit_id = $V1")" "$(od -An -tx1 foto.png | tr -d ' \n' | tr a-f A-F)"
V2=$($PILAR psks visit --assignment "$A3" --action konseling --date 2025-11-12 --json | sed -E 's/.*"id":([0-9]+),"psks_id".*/\1/')
$PILAR psks visit --assignment "$A3" --action "Rujukan ke layanan" --date 2025-11-20 >/dev/null || die "visit 3"
$PILAR psks visit --unit 1 --household "$H4" --action kunjungan_rumah --date 2025-11-15 >/dev/null || die "visit 4"
$PILAR psks visit --unit 1 --action lainnya --date 2025-10-30 --note "rapat desa" >/dev/null || die "visit october"
out=$($PILAR psks visit --assignment "$A1" --action kunjungan_rumah --date 2025-11-25 --ends lanjut_usia_terlantar --json) || die "visit 5"
V5=$(jget "$out" id)
eq "category ended at the visit date" "$(q "SELECT valid_to FROM membership WHERE person_id = $P1 AND category = 8")" 2025-11-25
eq "category cites the visit" "$(q "SELECT ended_by_visit FROM membership WHERE person_id = $P1 AND category = 8")" "$V5"
# The image's keys and values as JSON (PostgreSQL writes '{ "k" : v }', SQLite '{"k":v}').
check "membership audit image names the visit" grep -q "\"ended_by_visit\":$V5[,}]" <<<"$(q "SELECT after FROM audit WHERE entity = 'membership' AND CAST(json_extract(after, '$.ended_by_visit') AS INTEGER) = $V5" | jq -c .)"
expect 1 "a future visit refused" psks visit --assignment "$A1" --action bantuan --date 2099-01-01
expect 1 "an unknown action refused" psks visit --assignment "$A1" --action menari
expect 1 "--ends without that category open refused" psks visit --assignment "$A3" --action bantuan --date 2025-11-21 --ends 8
eq "refused --ends leaves no visit" "$(q "SELECT count(*) FROM psks_visit WHERE visit_date = '2025-11-21'")" 0
$PILAR psks visit --assignment "$A2" --action kunjungan_rumah --date 2025-11-08 >/dev/null || die "visit A2"
out=$($PILAR psks assignments --overdue --json)
eq "a visit clears overdue" "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))' <<<"$out")" 0
$PILAR psks assignment "$A3" --status selesai >/dev/null || die "close A3"
eq "assignment closed (audited)" "$(q "SELECT count(*) FROM audit WHERE entity = 'psks_assignment' AND action = 'update' AND entity_id = $A3")" 1
eq "every visit audited" "$(q "SELECT count(*) FROM audit WHERE entity = 'psks_visit' AND action = 'insert'")" 7
eq "photo audited without its bytes" "$(q "SELECT after FROM audit WHERE entity = 'psks_visit_photo'" | jq -c .)" "{\"visit_id\":$V1,\"mime\":\"image/png\",\"size\":$(stat -c %s foto.png),\"sha256\":\"$SHA\"}"

# ---------------------------------------------------------------- monthly activity of unit 1
# November 2025, unit 1: v1 bantuan Sumarni (8), v2 konseling Joko (9), v3 rujukan Joko,
# v4 kunjungan rumah Rina's household (24), v5 kunjungan rumah Sumarni (8 ends that day:
# still held). The October visit is outside the month.
out=$($PILAR psks activity --unit 1 --month 2025-11 --json)
python3 - "$out" >act.txt <<'PY'
import json, sys
d = json.loads(sys.argv[1])
print(d["visits"], d["subjects"])
print(" ".join("%s=%d" % (k, d["actions"][k]) for k in ("kunjungan_rumah", "bantuan", "rujukan", "konseling", "lainnya")))
print(" ".join("%d:%d" % (c["category"], c["count"]) for c in d["categories"]))
print(" ".join("%s:%d" % (p["region"], p["visits"]) for p in d["places"]))
print(" ".join(v["date"] for v in d["items"]))
PY
eq "unit month: visits and subjects" "$(sed -n 1p act.txt)" "5 3"
eq "unit month: by action" "$(sed -n 2p act.txt)" "kunjungan_rumah=2 bantuan=1 rujukan=1 konseling=1 lainnya=0"
eq "unit month: by category (each subject once)" "$(sed -n 3p act.txt)" "8:1 9:1 24:1"
eq "unit month: places" "$(sed -n 4p act.txt)" "64.74.01.1001:3 64.74.01.1002:2"
eq "unit month: visits listed" "$(sed -n 5p act.txt)" "2025-11-05 2025-11-12 2025-11-15 2025-11-20 2025-11-25"
check "monthly report PDF" $PILAR psks activity --unit 1 --month 2025-11 --pdf unit.pdf
pdftotext -layout unit.pdf unit.txt
has "PDF title" unit.txt "LAPORAN KEGIATAN BULANAN"
has "PDF unit type" unit.txt "Tenaga Kesejahteraan Sosial Kecamatan"
has "PDF month in Indonesian" unit.txt "Bulan +: November 2025"
has "PDF visits count" unit.txt "Jumlah kegiatan +: 5"
has "PDF home visits" unit.txt "Kunjungan rumah +2$"
has "PDF referrals" unit.txt "Rujukan ke layanan +1$"
has "PDF category" unit.txt "Lanjut Usia Terlantar +1$"
has "PDF village row" unit.txt "64.74.01.1002 +Bontang Baru +2$"
has "PDF visit date in Indonesian" unit.txt "5 November 2025"
has "PDF signed on the last day" unit.txt "30 November 2025"
hasnt "PDF leaves October out" unit.txt "30 Oktober 2025"

# ---------------------------------------------------------------- roll-up of the district
out=$($PILAR psks activity --region 64.74.01 --month 2025-11 --json)
python3 - "$out" >roll.txt <<'PY'
import json, sys
d = json.loads(sys.argv[1])
for r in d["items"]:
    print(r["psks_id"], r["visits"], r["subjects"], r["places"], r["actions"]["kunjungan_rumah"])
t = d["total"]
print("total", t["visits"], t["subjects"], t["places"], t["actions"]["kunjungan_rumah"])
print(" ".join("%d:%d" % (c["category"], c["count"]) for c in d["categories"]))
PY
# Rows ordered by area then type: Budi (1) and Andi (4, Tagana, no visit) serve the district,
# Siti (2) her village; the ended unit 5 is left out. Siti visited Hermawan (24) once.
eq "roll-up rows" "$(head -3 roll.txt | tr '\n' '|')" "4 0 0 0 0|1 5 3 2 2|2 1 1 1 1|"
eq "roll-up total" "$(sed -n 4p roll.txt)" "total 6 4 2 3"
eq "roll-up categories" "$(sed -n 5p roll.txt)" "8:1 9:1 24:2"
check "roll-up PDF" $PILAR psks activity --region 64.74.01 --month 2025-11 --pdf roll.pdf
pdftotext -layout roll.pdf roll-pdf.txt
has "roll-up PDF title" roll-pdf.txt "REKAPITULASI KEGIATAN PSKS"
has "roll-up PDF region and month" roll-pdf.txt "Bontang Utara \(64.74.01\) - November 2025"
has "roll-up PDF total row" roll-pdf.txt "Jumlah +6 +4 +2 +3 +1 +1 +1 +0"
check "roll-up XLSX" $PILAR psks activity --region 64.74.01 --month 2025-11 --xlsx roll.xlsx
eq "roll-up XLSX rows" "$(python3 - <<'PY'
import re, zipfile
z = zipfile.ZipFile("roll.xlsx")
wb = z.read("xl/workbook.xml").decode()
sheet = z.read("xl/worksheets/sheet1.xml").decode()
strings = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
rows = re.findall(r"<row[^>]*>(.*?)</row>", sheet)
def cells(r):
    out = []
    for c in re.findall(r"<c [^>]*?(?:/>|>.*?</c>)", r):
        v = re.search(r"<v>(.*?)</v>", c) or re.search(r"<t[^>]*>(.*?)</t>", c)
        out.append(v.group(1) if v else "")
    return out
last = cells(rows[-1])
print("Rekap" in wb, "Kategori PMKS" in wb, len(rows), last[-8:])
PY
)" "True True 5 ['6', '4', '2', '3', '1', '1', '1', '0']"
expect 1 "a bad month refused" psks activity --unit 1 --month 2025-13

# ---------------------------------------------------------------- disaster: Tagana nearest
cat >area.geojson <<'JSON'
{"type":"Polygon","coordinates":[[[117.46,0.11],[117.475,0.11],[117.475,0.125],[117.46,0.125],[117.46,0.11]]]}
JSON
EV=$($PILAR disaster add --type banjir --date 2025-11-02 --geojson area.geojson --region 64.74.01 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || die "disaster"
out=$($PILAR psks nearby --disaster "$EV" --km 5 --json)
eq "nearby: Tagana inside the area first" "$(python3 -c 'import json,sys; u=json.load(sys.stdin)["items"][0]; print(u["id"], u["distance_m"], u["deployed"])' <<<"$out")" "4 0.0 False"
eq "nearby: only units with coordinates within 5 km" "$(python3 -c 'import json,sys; print([u["id"] for u in json.load(sys.stdin)["items"]])' <<<"$out")" "[4, 1]"
check "deploy Tagana" $PILAR psks deploy --disaster "$EV" --unit 4 --date 2025-11-02 --note "evakuasi"
expect 1 "deployed twice refused" psks deploy --disaster "$EV" --unit 4
$PILAR psks visit --unit 4 --disaster "$EV" --action bantuan --date 2025-11-03 --note "dapur umum" >/dev/null || die "disaster visit"
out=$($PILAR psks nearby --disaster "$EV" --km 5 --json)
eq "nearby: deployment and its visits" "$(python3 -c 'import json,sys; u=json.load(sys.stdin)["items"][0]; print(u["deployed"], u["deployed_on"], u["visits"])' <<<"$out")" "True 2025-11-02 1"
eq "disaster visit placed in the event's region" "$(q "SELECT region_code FROM psks_visit WHERE disaster_id = $EV")" 64.74.01

# ---------------------------------------------------------------- HTTP and scope
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || die user
echo 'kota-btg-kunci1' | $PILAR user add bontang --role regency --scope 64.74 >/dev/null || die user
echo 'kota-smd-kunci1' | $PILAR user add samarinda --role regency --scope 64.72 >/dev/null || die user
TB=$($PILAR user token bontang) TS=$($PILAR user token samarinda)
AS=$($PILAR psks assign --person "$P5" --unit 3 --json | sed -E 's/.*"id":([0-9]+).*/\1/')
VS=$($PILAR psks visit --assignment "$AS" --action bantuan --date 2025-11-09 --json | sed -E 's/.*"id":([0-9]+),"psks_id".*/\1/')
mkdir -p web && echo '<!doctype html>' >web/index.html
start_server --web "$T/web" --data-dir "$T/data"
HB=(-H "Authorization: Bearer $TB") HS=(-H "Authorization: Bearer $TS")

req GET "$A/assignments" "${HB[@]}"
eq "Bontang lists Bontang's assignments" "$STATUS $(jsonq '[a["id"] for a in d["items"]]')" "200 [$A2, $A1, $A3]"
body_has '"name":"Sumarni"' && ok || bad "assignment subject named"
req GET "$A/assignments" "${HS[@]}"
eq "Samarinda lists only its own" "$(jsonq '[a["id"] for a in d["items"]]')" "[$AS]"
keep() { sed -E "s/$1/ID/g" "$T/body" >"$T/$2"; echo "$STATUS" >>"$T/$2"; }
for path in "assignments/%s" "visits/%s" "visits/%s/photo" "psks/%s/activity?month=2025-11"; do
  case $path in assignments*) hidden=$AS ;; psks*) hidden=3 ;; *) hidden=$VS ;; esac
  # shellcheck disable=SC2059
  req GET "$A/$(printf "$path" "$hidden")" "${HB[@]}"; keep "$hidden" hid
  # shellcheck disable=SC2059
  req GET "$A/$(printf "$path" 99999)" "${HB[@]}"; keep 99999 abs
  check "$path: out of scope answers like absent" cmp -s "$T/hid" "$T/abs"
  eq "$path: 404" "$(tail -n 1 "$T/hid" | tail -c 4)" 404
done
req PATCH "$A/assignments/$AS" "${HB[@]}" "${J[@]}" -d '{"status":"batal"}'; keep "$AS" hid
req PATCH "$A/assignments/99999" "${HB[@]}" "${J[@]}" -d '{"status":"batal"}'; keep 99999 abs
check "PATCH out of scope answers like absent" cmp -s "$T/hid" "$T/abs"
req POST "$A/assignments" "${HB[@]}" "${J[@]}" -d "{\"person_id\":$P5,\"psks_id\":1}"; keep "$P5" hid
req POST "$A/assignments" "${HB[@]}" "${J[@]}" -d '{"person_id":99999,"psks_id":1}'; keep 99999 abs
check "assigning an out-of-scope person answers like absent" cmp -s "$T/hid" "$T/abs"
req POST "$A/visits" "${HB[@]}" "${J[@]}" -d "{\"assignment_id\":$AS,\"action\":\"bantuan\"}"; keep "$AS" hid
req POST "$A/visits" "${HB[@]}" "${J[@]}" -d '{"assignment_id":99999,"action":"bantuan"}'; keep 99999 abs
check "a visit on an out-of-scope assignment answers like absent" cmp -s "$T/hid" "$T/abs"
req GET "$A/visits?psks_id=3" "${HB[@]}"
eq "visits of a Samarinda unit: none for Bontang" "$STATUS $(jsonq 'len(d["items"])')" "200 0"
req GET "$A/reports/psks-activity?region=64.72&month=2025-11" "${HB[@]}"
eq "roll-up of another regency refused" "$STATUS" 403
req GET "$A/reports/psks-activity?month=2025-11" "${HB[@]}"
eq "Bontang roll-up: its units only" "$(jsonq 'sorted(r["psks_id"] for r in d["items"])')" "[1, 2, 4]"
req GET "$A/disasters/$EV/psks?km=5" "${HS[@]}"
eq "a Bontang disaster is absent for Samarinda" "$STATUS" 404
req GET "$A/disasters/$EV/psks?km=5" "${HB[@]}"
eq "disaster PSKS for Bontang" "$STATUS $(jsonq '[u["id"] for u in d["items"]]') $(jsonq 'len(d["visits"])')" "200 [4, 1] 1"

# Assignment to follow-up over HTTP: assign, visit with GPS, photo upload, read it back.
req POST "$A/assignments" "${HB[@]}" "${J[@]}" -d "{\"household_id\":$H4,\"due_date\":\"2025-12-31\",\"reason\":\"cek rumah\"}"
eq "HTTP assign (suggested)" "$STATUS $(jsonq 'd["psks_id"], d["suggested"], d["subject"]["kind"]')" "201 2 True household"
AH=$(jsonq 'd["id"]')
req POST "$A/visits" "${HB[@]}" "${J[@]}" -d "{\"assignment_id\":$AH,\"action\":\"kunjungan_rumah\",\"date\":\"2025-11-28\",\"latitude\":0.131,\"longitude\":117.481,\"note\":\"rumah layak\"}"
eq "HTTP visit" "$STATUS $(jsonq 'd["region"], d["latitude"], d["action_label"]')" "201 64.74.01.1001 0.131 Kunjungan rumah"
VH=$(jsonq 'd["id"]')
req POST "$A/visits/$VH/photo" "${HB[@]}" -F "file=@foto.png;filename=foto.png"
eq "HTTP photo upload" "$STATUS $(jsonq 'd["photo"]["sha256"]')" "201 $SHA"
req POST "$A/visits/$VH/photo" "${HB[@]}" -F "file=@foto.png;filename=foto.png"
eq "second photo refused" "$STATUS" 409
printf 'bukan gambar' >x.png
req POST "$A/visits/$V2/photo" "${HB[@]}" -F "file=@x.png;filename=x.png"
eq "a non-image refused" "$STATUS $(jsonq 'd["error"]["field"]')" "422 photo"
curl -s -o got.png "${HB[@]}" "$A/visits/$VH/photo"
check "photo read back byte for byte" cmp -s got.png foto.png
req GET "$A/psks/1/activity?month=2025-11&format=pdf" "${HB[@]}"
eq "monthly report PDF over HTTP" "$STATUS $(head -c 5 "$T/body")" "200 %PDF-"
req GET "$A/reports/psks-activity?region=64.74.01&month=2025-11&format=xlsx" "${HB[@]}"
eq "roll-up XLSX over HTTP" "$STATUS $(head -c 2 "$T/body")" "200 PK"

# A category ended over the API citing a visit: Joko's disability (9) ended by visit 2.
M9=$(q "SELECT id FROM membership WHERE person_id = $P3 AND category = 9")
req POST "$A/people/$P3/categories/$M9/end" "${HB[@]}" "${J[@]}" -d "{\"valid_to\":\"2025-11-12\",\"visit_id\":$V1}"
eq "citing a visit to someone else refused" "$STATUS $(jsonq 'd["error"]["field"]')" "422 visit_id"
req POST "$A/people/$P3/categories/$M9/end" "${HB[@]}" "${J[@]}" -d "{\"valid_to\":\"2025-11-12\",\"visit_id\":$V2}"
eq "category ended citing the visit" "$STATUS $(jsonq 'd["ended_by_visit"]')" "200 $V2"
req GET "$A/people/$P3/history" "${HB[@]}"
check "history shows the visit that ended it" body_has "ended_by_visit"
req GET "$A/people/$P3/categories" "${HB[@]}"
eq "categories list the citing visit" "$(jsonq '[m["ended_by_visit"] for m in d["items"] if m["category"] == 9]')" "[$V2]"

# Reads audited: the visit and its subject.
stop_server
# The read audit: SQLite's file <db>-reads, PostgreSQL's schema reads of the same data base.
if on_pg; then reads() { q "SELECT CASE WHEN count(*) > 0 THEN 1 ELSE 0 END FROM reads.audit_read WHERE $1"; }
else reads() { sqlite3 "$PILAR_DB-reads" "SELECT count(*) > 0 FROM audit_read WHERE $1"; }; fi
eq "visit reads audited" "$(reads "entity = 'psks_visit' AND entity_id = $VH")" 1
eq "subject reads audited" "$(reads "entity = 'household' AND entity_id = $H4")" 1
check "pilar check after it all" $PILAR check
summary
