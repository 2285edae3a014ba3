#!/usr/bin/env bash
# Integration tests of the PSKS registry (issue 20, items 1 and 7): served areas and the scope
# they give (a Bontang operator 64.74 against Samarinda 64.72 units), the legal basis of
# organisations, training, certification, active periods and honoraria with optimistic
# versions, the XLSX/CSV export that imports back unchanged, a file written by exceljs, bad
# rows named by row, column and reason, and the PSKS meeting with its overdue follow-up.
# Needs PILAR (binary), PILAR_SRC, sqlite3 and node with exceljs in $PILAR_SRC/node_modules.
. "$(dirname "$0")/lib.sh"
cd "$T"
need sqlite3 node
export NODE_PATH="$SRC/node_modules"
export PILAR_DB="$T/t.db"
$PILAR init >/dev/null
$PILAR region import --from "$AREA" >/dev/null || die "region import failed"
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || die "user admin"
echo 'kota-btg-kunci1' | $PILAR user add bontang --role regency --scope 64.74 >/dev/null || die "user bontang"
echo 'kota-smd-kunci1' | $PILAR user add samarinda --role regency --scope 64.72 >/dev/null || die "user samarinda"
TA=$($PILAR user token admin)
TB=$($PILAR user token bontang)
TS=$($PILAR user token samarinda)
id_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }

# ---------------------------------------------------------------- units, served areas, legal basis
# U1 lives in Samarinda and serves two Bontang villages; U2 is Samarinda's only; U3 a Bontang LKS.
U1=$($PILAR psks add --type tksk --name "Rahmat Hidayat" --area 64.72.01 \
  --serves "64.74.01.1001, 6474011002" --json | id_of) || die "psks U1"
U2=$($PILAR psks add --type tksk --name "Sulaiman Effendi" --area 64.72.02 --serves 64.72.02.1001 \
  --json | id_of) || die "psks U2"
U3=$($PILAR psks add --type lks --name "LKS Harapan Bunda" --area 64.74.01 --decree "SK-12/2020" \
  --decree-date 01/02/2020 --reg-no "REG-77" --accreditation b --accreditation-date 2021-03-04 \
  --json | id_of) || die "psks U3"
expect 0 "psks list --region 64.74" psks list --region 64.74 --json
is "a unit serving a Bontang village is Bontang's" \
  "$(python3 -c 'import json; print(",".join(sorted(u["name"] for u in json.load(open("out"))["items"])))')" \
  "LKS Harapan Bunda,Rahmat Hidayat"
expect 0 "psks list of a served village" psks list --region 64.74.01.1002 --json
has "served village lists U1" "$T/out" '"name":"Rahmat Hidayat"'
hasnt "served village not U3 (home is the district)" "$T/out" 'Harapan'
expect 0 "psks show U3" psks show "$U3" --json
is "legal basis stored" "$(python3 -c 'import json; d=json.load(open("out")); print(d["decree_no"], d["decree_date"], d["reg_no"], d["accreditation"], d["accreditation_date"])')" \
  "SK-12/2020 2020-02-01 REG-77 B 2021-03-04"
is "served areas normalised" "$(sqlite3 t.db "SELECT group_concat(area_code) FROM (SELECT area_code FROM psks_served WHERE unit_id = $U1 ORDER BY 1) x")" \
  "64.74.01.1001,64.74.01.1002"
expect 1 "served area must be a district or village" psks add --type tksk --name "Budi Santoso" --area 64.74 --serves 64.74
has "served level message" "$T/err" 'kecamatan atau desa'
expect 1 "a person has no decree" psks add --type tksk --name "Budi Santoso" --area 64.74 --decree 1
has "legal basis message" "$T/err" 'hanya untuk PSKS lembaga'
expect 1 "accreditation grade" psks update "$U3" --accreditation D
has "accreditation message" "$T/err" 'akreditasi harus A, B, C atau belum'
expect 0 "update served areas" psks update "$U2" --serves 64.72.02.1001,64.72.02.1002
is "served areas replaced" "$(sqlite3 t.db "SELECT count(*) FROM psks_served WHERE unit_id = $U2")" 2
is "served area rows audited" "$(sqlite3 t.db "SELECT count(*) FROM audit WHERE entity = 'psks_served' AND action = 'insert' AND after LIKE '%64.72.02.1002%'")" 1
is "unit audit image has the legal basis" "$(sqlite3 t.db "SELECT count(*) FROM audit WHERE entity = 'psks_unit' AND entity_id = $U3 AND after LIKE '%SK-12/2020%'")" 1

# ---------------------------------------------------------------- history: training, cert, period, pay
expect 0 "training add" psks training add "$U1" --title "Diklat Dasar TKSK" --from 03/04/2024 --to 2024-04-06 --organiser "Dinsos Kaltim" --json
R1=$(python3 -c 'import json; print(json.load(open("out"))["id"])')
expect 0 "cert add" psks cert add "$U1" --title "Sertifikat Pendamping" --from 2024-05-01 --number "CERT-9"
expect 0 "period add" psks period add "$U1" --from 2023-01-01 --title "TKSK Kecamatan"
expect 0 "pay add" psks pay add "$U1" --from 2024-01-01 --to 2024-03-31 --amount 1500000 --source apbd --json
is "pay stored with its source" "$(python3 -c 'import json; d=json.load(open("out")); print(d["amount"], d["source"], d["title"])')" "1500000 APBD honorarium"
expect 1 "pay needs a known source" psks pay add "$U1" --from 2024-01-01 --amount 5 --source hibah
has "source message" "$T/err" 'APBD, APBN, CSR atau lainnya'
expect 1 "training ends before it starts" psks training add "$U1" --title X --from 2024-02-01 --to 2024-01-01
has "date order message" "$T/err" 'sebelum tanggal mulai'
expect 0 "training update" psks training update "$R1" --note "lulus" --version 1
expect 1 "stale version refused" psks training update "$R1" --note "lagi" --version 1
has "stale message" "$T/err" 'sudah diubah orang lain'
expect 0 "training list" psks training list "$U1" --json
is "training list has training and certification" "$(python3 -c 'import json; print(len(json.load(open("out"))["items"]))')" 2
is "record audit" "$(sqlite3 t.db "SELECT count(*) FROM audit WHERE entity = 'psks_record' AND action = 'update'")" 1

# ---------------------------------------------------------------- export, import back unchanged
expect 0 "export xlsx" psks export --out all.xlsx
expect 0 "export csv" psks export --out all.csv
has "export header" all.csv '^.?jenis,nama,kode_wilayah,nik,wilayah_layanan'
fresh() { rm -f "$1"*; PILAR_DB=$1 $PILAR init >/dev/null && PILAR_DB=$1 $PILAR region import --from "$AREA" >/dev/null; }
fresh "$T/b.db"
PILAR_DB="$T/b.db" run psks import all.xlsx
is "xlsx import exit" "$rc" 0
has "xlsx import count" "$T/out" '^3 PSKS terdaftar, 0 baris ditolak'
PILAR_DB="$T/b.db" $PILAR psks export --out back.csv >/dev/null
check "XLSX export imports back unchanged" cmp -s all.csv back.csv
fresh "$T/c.db"
PILAR_DB="$T/c.db" $PILAR psks import all.csv >/dev/null
PILAR_DB="$T/c.db" $PILAR psks export --out back2.csv >/dev/null
check "CSV export imports back unchanged" cmp -s all.csv back2.csv
PILAR_DB="$T/c.db" run psks export --out bontang.csv --region 64.74
is "export of a region counts its units" "$(($(wc -l <bontang.csv) - 1))" 2

# A file written by another library (exceljs), dates as real dates.
cat > exceljs.js <<'JS'
const ExcelJS = require('exceljs');
const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('Data');
ws.addRow(['Jenis', 'Nama', 'Kode_Wilayah', 'Wilayah_Layanan', 'Telepon', 'No_SK', 'Tanggal_SK', 'Akreditasi']);
ws.addRow(['LKS', 'LKS Bina Sejahtera', '64.74.02', '64.74.02.1001;64.74.02.1002', '0811', 'SK/3', new Date(Date.UTC(2019, 6, 17)), 'A']);
ws.addRow(['TKSK', 'Agus Salim', '647403', '64.74.03.1001', '', '', '', '']);
wb.xlsx.writeFile(process.argv[2]);
JS
node exceljs.js excel.xlsx || die "exceljs"
fresh "$T/d.db"
PILAR_DB="$T/d.db" run psks import excel.xlsx --json
is "exceljs file imports" "$(python3 -c 'import json; d=json.load(open("out")); print(d["disimpan"], d["ditolak"])')" "2 0"
is "exceljs served areas and date" "$(sqlite3 "$T/d.db" "SELECT u.decree_date || ' ' || count(a.id) FROM psks_unit u JOIN psks_served a ON a.unit_id = u.id WHERE u.name = 'LKS Bina Sejahtera' GROUP BY u.id, u.decree_date")" "2019-07-17 2"

# Bad rows: each named by row, column and reason in Bahasa Indonesia; the good row is kept.
cat > bad.csv <<'CSV'
jenis,nama,kode_wilayah,wilayah_layanan,no_sk,tanggal_sk,akreditasi
tksk,Budi Santoso,64.74.01,64.74.01.1001,,,
tksk,Agus Salim,64.74.01,64.74.99.9999,,,
unicorn,Siti Aminah,64.74.01,,,,
tksk,Siti Aminah,64.74.01,abc,,,
tksk,Siti Aminah,64.74.01,,SK-1,,
lks,LKS Sehat,64.74.01,,SK-2,31/02/2020,
lks,LKS Sehat,64.74.01,,,,Z
CSV
fresh "$T/e.db"
PILAR_DB="$T/e.db" run psks import bad.csv
is "bad rows exit 1" "$rc" 1
has "good row kept" "$T/out" '^1 PSKS terdaftar, 6 baris ditolak'
has "unknown served area" "$T/out" 'baris 3, kolom wilayah_layanan: wilayah 64.74.99.9999 tidak ada di pohon wilayah'
has "unknown type" "$T/out" 'baris 4, kolom jenis: jenis PSKS wajib'
has "not a code" "$T/out" "baris 5, kolom wilayah_layanan: 'abc' bukan kode wilayah"
has "person with a decree" "$T/out" 'baris 6, kolom no_sk: dasar hukum'
has "impossible date" "$T/out" 'baris 7, kolom tanggal_sk: tanggal SK harus tanggal yang sah'
has "unknown grade" "$T/out" 'baris 8, kolom akreditasi: akreditasi harus A, B, C atau belum'

# ---------------------------------------------------------------- meetings and follow-up (CLI)
M1=$($PILAR psks meeting add --date 25/11/2025 --place "Aula Dinsos Bontang" --region 64.74 \
  --theme "Hari Pekerja Sosial" --json | id_of) || die "meeting"
expect 0 "participant unit" psks meeting party "$M1" --unit "$U1"
expect 0 "participant name" psks meeting party "$M1" --name "Ketua Forum CSR"
expect 1 "participant needs unit or name" psks meeting party "$M1"
expect 0 "problem" psks meeting problem "$M1" --text "Honor TKSK terlambat dibayar"
expect 1 "problem has no owner" psks meeting problem "$M1" --text "x" --owner "Dinsos"
expect 0 "recommendation overdue" psks meeting recommend "$M1" --text "Bayar honor triwulan" --owner "Dinsos Bontang" --due 2026-01-15 --json
I1=$(python3 -c 'import json; print(json.load(open("out"))["id"])')
expect 0 "recommendation later" psks meeting recommend "$M1" --text "Pelatihan Tagana" --owner "BPBD" --due 2099-06-30
expect 1 "recommendation needs an owner" psks meeting recommend "$M1" --text "x"
expect 0 "overdue on 2026-02-01" psks meeting followups --overdue --today 2026-02-01 --json
is "one overdue follow-up" "$(python3 -c 'import json; print([i["text"] for i in json.load(open("out"))["items"]])')" "['Bayar honor triwulan']"
expect 0 "all open follow-ups" psks meeting followups --json
is "two open follow-ups" "$(python3 -c 'import json; print(len(json.load(open("out"))["items"]))')" 2
expect 1 "done needs a note" psks meeting followup "$I1" --status selesai
has "note message" "$T/err" 'catatan tindak lanjut wajib'
expect 0 "done with a note" psks meeting followup "$I1" --status selesai --note "Dibayar 20/01" --today 2026-01-20 --json
is "done dated" "$(python3 -c 'import json; d=json.load(open("out")); print(d["status"], d["done_on"])')" "selesai 2026-01-20"
expect 0 "no overdue left" psks meeting followups --overdue --today 2026-02-01 --json
is "overdue list empty" "$(python3 -c 'import json; print(len(json.load(open("out"))["items"]))')" 0
expect 0 "meeting show" psks meeting show "$M1" --json
is "meeting participants" "$(python3 -c 'import json; print([p["name"] for p in json.load(open("out"))["participants"]])')" "['Rahmat Hidayat', 'Ketua Forum CSR']"

# ---------------------------------------------------------------- HTTP: scope of a Bontang operator
start_server --data-dir "$T/data"
AB=(-H "Authorization: Bearer $TB")
AS=(-H "Authorization: Bearer $TS")
req GET "$A/psks" "${AB[@]}"
is "bontang GET /psks" "$STATUS" 200
is "bontang sees the unit serving its village, not Samarinda's own" \
  "$(jsonq '",".join(sorted(u["name"] for u in d["items"]))')" "LKS Harapan Bunda,Rahmat Hidayat"
req GET "$A/psks/$U1" "${AB[@]}"
is "bontang reads U1" "$STATUS" 200
is "U1 detail has records" "$(jsonq 'len(d["records"])')" 4
req GET "$A/psks/$U2" "${AB[@]}"
is "U2 hidden from bontang" "$STATUS" 404
sed "s/$U2/X/g" "$T/body" >hidden.json
req GET "$A/psks/99999" "${AB[@]}"
sed "s/99999/X/g" "$T/body" >absent.json
check "hidden unit answers like an absent one" cmp -s hidden.json absent.json
req PATCH "$A/psks/$U2" "${AB[@]}" "${J[@]}" -d '{"phone":"0812","version":2}'
is "bontang cannot edit a unit entirely outside" "$STATUS" 404
req POST "$A/psks/$U2/trainings" "${AB[@]}" "${J[@]}" -d '{"title":"X","started_on":"2026-01-01"}'
is "bontang cannot add to a hidden unit" "$STATUS" 404
req GET "$A/psks/$U2/payments" "${AB[@]}"
is "bontang cannot read a hidden unit's payments" "$STATUS" 404
req PATCH "$A/psks/$U1" "${AB[@]}" "${J[@]}" -d '{"phone":"0813","version":1}'
is "bontang edits the unit serving its village" "$STATUS" 200
req PATCH "$A/psks/$U1" "${AB[@]}" "${J[@]}" -d '{"phone":"0814","version":1}'
is "stale version 409" "$STATUS" 409
req PATCH "$A/psks/$U1" "${AB[@]}" "${J[@]}" -d '{"region":"64.74.01","version":2}'
is "home outside scope cannot move" "$STATUS" 403
req PATCH "$A/psks/$U1" "${AB[@]}" "${J[@]}" -d '{"areas":["64.74.01.1001","64.72.01.1001"],"version":2}'
is "cannot add a Samarinda area" "$STATUS" 403
req PATCH "$A/psks/$U2" "${AS[@]}" "${J[@]}" -d '{"areas":["64.72.02.1001"],"version":2}'
is "samarinda drops its own area" "$STATUS" 200
req PATCH "$A/psks/$U1" "${AB[@]}" "${J[@]}" -d '{"areas":["64.74.01.1001"],"version":2}'
is "bontang drops one of its villages" "$STATUS" 200
is "areas after" "$(jsonq '",".join(d["areas"])')" "64.74.01.1001"
req POST "$A/psks" "${AB[@]}" "${J[@]}" -d '{"type":"tksk","name":"Dewi Lestari","region":"64.74.02","areas":["64.72.01.1001"]}'
is "new unit cannot serve outside scope" "$STATUS" 403
req POST "$A/psks" "${AB[@]}" "${J[@]}" -d '{"type":"lks","name":"LKS Pelita","region":"64.74.02","areas":"64.74.02.1001, 64.74.02.1002","decree_no":"SK 5","decree_date":"05/06/2021","accreditation":"C"}'
is "new organisation with served areas" "$STATUS" 201
is "its legal basis" "$(jsonq 'd["decree_date"] + " " + d["accreditation"] + " " + str(len(d["areas"]))')" "2021-06-05 C 2"
req POST "$A/psks/$U1/payments" "${AB[@]}" "${J[@]}" -d '{"started_on":"01/04/2024","ended_on":"30/06/2024","amount":1500000,"source":"CSR","title":"insentif"}'
is "payment added" "$STATUS" 201
RP=$(jsonq 'd["id"]')
req POST "$A/psks/$U1/payments" "${AB[@]}" "${J[@]}" -d '{"started_on":"2024-04-01","amount":10,"source":"hibah"}'
is "bad source 422" "$STATUS" 422
body_has '"field":"source"' && ok || bad "bad source names the field"
req PATCH "$A/psks/$U1/records/$RP" "${AB[@]}" "${J[@]}" -d '{"amount":1750000,"version":1}'
is "payment edited" "$STATUS" 200
req PATCH "$A/psks/$U1/records/$RP" "${AB[@]}" "${J[@]}" -d '{"amount":1,"version":1}'
is "payment stale 409" "$STATUS" 409
req PATCH "$A/psks/$U3/records/$RP" "${AB[@]}" "${J[@]}" -d '{"amount":1,"version":2}'
is "record under another unit 404" "$STATUS" 404
req GET "$A/psks/$U1/payments" "${AB[@]}"
is "payments list" "$(jsonq '[(i["amount"], i["source"]) for i in d["items"]]')" "[(1500000, 'APBD'), (1750000, 'CSR')]"
req GET "$A/psks/$U1/trainings" "${AB[@]}"
is "trainings list" "$(jsonq 'sorted(i["kind"] for i in d["items"])')" "['pelatihan', 'sertifikasi']"

# Export over HTTP (the Bontang scope): XLSX that imports into a fresh data base.
req GET "$A/psks/export?format=xlsx" "${AB[@]}"
is "export xlsx 200" "$STATUS" 200
cp "$T/body" http.xlsx
has "xlsx content type" "$T/hdr" 'spreadsheetml'
fresh "$T/f.db"
PILAR_DB="$T/f.db" run psks import http.xlsx --json
is "HTTP export imports" "$(python3 -c 'import json; d=json.load(open("out")); print(d["disimpan"], d["ditolak"])')" "3 0"
is "HTTP export held only Bontang's units" "$(sqlite3 "$T/f.db" "SELECT group_concat(name) FROM (SELECT name FROM psks_unit ORDER BY name) x")" \
  "LKS Harapan Bunda,LKS Pelita,Rahmat Hidayat"
req GET "$A/psks/export?format=csv&region=64.72" "${AB[@]}"
is "export outside scope 403" "$STATUS" 403

# Meetings over HTTP.
req POST "$A/psks-meetings" "${AB[@]}" "${J[@]}" -d '{"held_on":"01/12/2025","place":"Aula","region":"64.72","theme":"x"}'
is "meeting outside scope 403" "$STATUS" 403
req POST "$A/psks-meetings" "${AB[@]}" "${J[@]}" -d '{"held_on":"01/12/2025","place":"Kantor Camat","region":"64.74.01","theme":"Evaluasi TKSK"}'
is "meeting added" "$STATUS" 201
M2=$(jsonq 'd["id"]')
req POST "$A/psks-meetings/$M2/participants" "${AB[@]}" "${J[@]}" -d "{\"unit_id\":$U2}"
is "hidden unit cannot take part" "$STATUS" 422
req POST "$A/psks-meetings/$M2/participants" "${AB[@]}" "${J[@]}" -d "{\"unit_id\":$U3}"
is "participant added" "$STATUS" 201
req POST "$A/psks-meetings/$M2/items" "${AB[@]}" "${J[@]}" -d '{"kind":"rekomendasi","text":"Data PMKS diperbarui","owner":"TKSK","due_on":"2020-01-31"}'
is "recommendation added" "$STATUS" 201
I2=$(jsonq 'd["id"]')
req GET "$A/psks-meetings/followups?overdue=1" "${AB[@]}"
is "overdue list over HTTP" "$(jsonq '[i["id"] for i in d["items"]]')" "[$I2]"
req GET "$A/psks-meetings/followups?overdue=1" "${AS[@]}"
is "samarinda sees no Bontang follow-up" "$(jsonq 'len(d["items"])')" 0
req GET "$A/psks-meetings/$M2" "${AS[@]}"
is "samarinda cannot read the Bontang meeting" "$STATUS" 404
req PATCH "$A/psks-meetings/$M2/items/$I2" "${AB[@]}" "${J[@]}" -d '{"status":"selesai","note":"sudah","version":1}'
is "follow-up done" "$(jsonq 'd["status"]')" "selesai"
req PATCH "$A/psks-meetings/$M2/items/$I2" "${AB[@]}" "${J[@]}" -d '{"status":"terbuka","version":1}'
is "follow-up stale 409" "$STATUS" 409
req PATCH "$A/psks-meetings/$M2" "${AB[@]}" "${J[@]}" -d '{"theme":"Evaluasi TKSK 2025","version":1}'
is "meeting edited" "$STATUS" 200
req GET "$A/psks-meetings/$M2" "${AB[@]}"
is "meeting detail" "$(jsonq 'd["theme"] + "|" + str(len(d["participants"])) + "|" + str(len(d["items"]))')" "Evaluasi TKSK 2025|1|1"
is "meeting audit" "$(sqlite3 t.db "SELECT count(*) FROM audit WHERE entity LIKE 'psks_meeting%'")" \
  "$(sqlite3 t.db "SELECT (SELECT count(*) FROM psks_meeting) * 1 + 1 + (SELECT count(*) FROM psks_meeting_party) + (SELECT count(*) FROM psks_meeting_item) + 2")"
summary
