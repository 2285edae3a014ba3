#!/usr/bin/env bash
# Integration tests for the monthly update cycle of the national social data
# (issue 19 items 1-5 and 8): village meetings with their minutes and hashes,
# proposals landing in the cycle of their month or (after the regency's
# cut-off day, which overrides the province's) the next one, the
# completeness check (a missing document flagged), a field check through the
# PSKS machinery that overturns a proposal, a ratification that applies
# exactly three changes to the registry through its own units of work and
# locks the cycle (further edits refused), objections from filing to the
# answer letter (PDF text checked), the overdue list, the cycle report, and
# scope over HTTP (another regency's ids answer like absent ones).
# Needs PILAR (binary) and PILAR_SRC.
. "$(dirname "$0")/lib.sh"
cd "$T"
need sqlite3 curl python3 pdftotext

export PILAR_DB="$T/t.db" PILAR_PWHASH=fast
$PILAR init >/dev/null
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || die "region import"
cat >people.csv <<'CSV'
nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude
6474015203500001,6474010101200001,Sumarni,Bontang,1950-03-12,P,Kepala Keluarga,Inah,Jl. Merpati 7,002,001,64.74.01.1001,8@2025-01-01,,0.1300,117.4800
6474010512800001,6474010101200002,Hermawan Saputra,Bontang,1980-12-05,L,Kepala Keluarga,Siti,Jl. Kenari 1,001,001,64.74.01.1001,24@2025-01-01,,,
6474014506850001,6474010101200004,Rina Wati,Bontang,1985-06-05,P,Kepala Keluarga,Painem,Jl. Elang 2,004,001,64.74.01.1001,24@2025-01-01,,,
6472015007500001,6472010101200005,Aminah,Samarinda,1950-07-10,P,Kepala Keluarga,Fatimah,Jl. Palaran 5,005,003,64.72.01.1001,8@2025-01-01,,,
CSV
$PILAR import people.csv >/dev/null || die "import"
pid() { q "SELECT id FROM person WHERE nik = '$1'"; }
hid() { q "SELECT id FROM household WHERE kk = '$1'"; }
P1=$(pid 6474015203500001) P2=$(pid 6474010512800001)
H2=$(hid 6474010101200002) H3=$(hid 6474010101200004) H5=$(hid 6472010101200005)
$PILAR psks add --type tksk --name "Budi Santoso" --area 64.74.01 --lat 0.1400 --lon 117.4900 >/dev/null || die psks
$PILAR psks add --type tksk --name "Yusuf Samarinda" --area 64.72.01 >/dev/null || die psks

printf '%%PDF-1.4\n%% berita acara musdes Bontang Kuala\n%%%%EOF\n' >minutes.pdf
printf '%%PDF-1.4\n%% bukti pendukung\n%%%%EOF\n' >bukti.pdf
printf 'bukan dokumen' >notes.txt

# ---------------------------------------------------------------- settings
# The province says day 25, the regency (Bontang) overrides it with day 10.
expect 0 "province cut-off" cycle settings --region 64 --cutoff-day 25
expect 0 "regency cut-off and objection limit" cycle settings --region 64.74 --cutoff-day 10 --objection-days 14
expect 1 "a cut-off day out of range" cycle settings --region 64.74 --cutoff-day 40
expect 1 "a district cannot hold a setting" cycle settings --region 64.74.01 --cutoff-day 5

# ---------------------------------------------------------------- meetings
expect 1 "a meeting in the future" meeting add --village 64.74.01.1001 --date 2099-01-01
expect 1 "minutes that are no PDF or photo" meeting add --village 64.74.01.1001 --date 2026-11-02 --minutes notes.txt
has "minutes refused: why" "$T/err" "PDF atau foto"
out=$($PILAR meeting add --village 64.74.01.1001 --date 2026-11-02 --participants 23 --minutes minutes.pdf --json) || die "meeting"
M1=$(jget "$out" id)
eq "minutes stored with their SHA-256" "$(q "SELECT sha256 FROM dtsen_file WHERE id = (SELECT minutes_file_id FROM dtsen_meeting WHERE id = $M1)")" "$(sha256sum minutes.pdf | cut -d' ' -f1)"
eq "and their BLAKE2b-256" "$(q "SELECT blake2b FROM dtsen_file WHERE id = (SELECT minutes_file_id FROM dtsen_meeting WHERE id = $M1)")" "$(python3 -c 'import hashlib,sys; print(hashlib.blake2b(open("minutes.pdf","rb").read(), digest_size=32).hexdigest())')"
out=$($PILAR meeting add --village 64.74.01.1001 --date 2026-11-03 --json) || die "meeting 2"
M2=$(jget "$out" id)

# ---------------------------------------------------------------- proposals
prop() { $PILAR proposal add --json "$@"; }
# A: a new household (before the cut-off: cycle 2026-11, complete).
out=$(prop --meeting "$M1" --kind tambah_keluarga --kk 6474010101200009 --nik 6474015001900001 --name "Dewi Lestari" --birth-date 1990-01-10 --sex P --relationship "Kepala Keluarga" --mother "Sulastri" --address "Jl. Camar 9" --evidence bukti.pdf --entered-on 2026-11-05) || die "proposal A: $out"
PA=$(jget "$out" id)
eq "A lands in the month of its entry" "$(jget "$out" period)" 2026-11
eq "A is complete" "$(jget "$out" status)" diperiksa
eq "A changed nothing in the registry yet" "$(q "SELECT count(*) FROM person WHERE nik = '6474015001900001'")" 0
# B: Sumarni died.
out=$(prop --meeting "$M1" --kind hapus --removal meninggal --person "$P1" --death-date 2026-10-20 --evidence bukti.pdf --entered-on 2026-11-06) || die "proposal B"
PB=$(jget "$out" id)
eq "B complete" "$(jget "$out" status)" diperiksa
# C: Hermawan's name corrected, and his family's address with it (the household's field).
out=$(prop --meeting "$M1" --kind ubah --person "$P2" --name "Hermawan Saputro" --address "Jl. Merak 12" --rt 004 --evidence bukti.pdf --entered-on 2026-11-07) || die "proposal C"
PC=$(jget "$out" id)
# D: Rina's household no longer eligible, without its document: incomplete.
out=$(prop --meeting "$M1" --kind hapus --removal tidak_layak --household "$H3" --entered-on 2026-11-08) || die "proposal D"
PD=$(jget "$out" id)
eq "D without evidence stays in" "$(jget "$out" status)" masuk
check "D: what is missing, in Bahasa" grep -q "dokumen pendukung belum dilampirkan" <<<"$out"
# E: a child for Hermawan, entered after the regency's cut-off day (10): next month.
out=$(prop --meeting "$M1" --kind tambah_orang --household "$H2" --nik 6474012003150001 --name "Bima Saputro" --birth-date 2015-03-20 --sex L --relationship Anak --mother "Siti" --evidence bukti.pdf --entered-on 2026-11-15) || die "proposal E"
PE=$(jget "$out" id)
eq "E after the cut-off goes to the next cycle" "$(jget "$out" period)" 2026-12
# F: another child, to be overturned in the field.
out=$(prop --meeting "$M1" --kind tambah_orang --household "$H2" --nik 6474011204100001 --name "Putri Saputro" --birth-date 2010-04-12 --sex P --relationship Anak --evidence bukti.pdf --entered-on 2026-11-09) || die "proposal F"
PF=$(jget "$out" id)
# G: a meeting without minutes, and a person without NIK and without reason.
out=$(prop --meeting "$M2" --kind tambah_orang --household "$H2" --name "Tanpa Nik" --birth-date 2001-01-01 --sex L --evidence bukti.pdf --entered-on 2026-11-09) || die "proposal G"
PG=$(jget "$out" id)
check "G: meeting minutes missing" grep -q "berita acara musyawarah" <<<"$out"
check "G: NIK or its reason missing" grep -q "NIK wajib diisi" <<<"$out"
# H: a probable duplicate of Rina Wati.
out=$(prop --meeting "$M1" --kind tambah_orang --household "$H2" --nik 6474014506850009 --name "Rina Wati" --birth-date 1985-06-05 --sex P --mother Painem --relationship Lainnya --evidence bukti.pdf --entered-on 2026-11-09) || die "proposal H"
PH=$(jget "$out" id)
check "H: a probable duplicate named" grep -q "kemungkinan data ganda" <<<"$out"
expect 0 "H rejected as a duplicate" proposal reject "$PH" --reason "data ganda dengan Rina Wati"
expect 1 "a rejection needs a reason" proposal reject "$PG" --reason ""
expect 0 "G rejected" proposal reject "$PG" --reason "musyawarah tanpa berita acara"
C1=$(q "SELECT id FROM dtsen_cycle WHERE regency = '64.74' AND period = '2026-11'")
C2=$(q "SELECT id FROM dtsen_cycle WHERE regency = '64.74' AND period = '2026-12'")
check "two cycles made" test -n "$C1" -a -n "$C2"

# ---------------------------------------------------------------- field check
out=$($PILAR proposal check "$PF" --unit 1 --due 2026-12-01 --json) || die "check F: $out"
K1=$(jget "$out" id)
check "the check made a PSKS assignment" test "$(jget "$out" assignment_id)" -gt 0
eq "F waits for its field check" "$(q "SELECT status FROM dtsen_proposal WHERE id = $PF")" cek_lapangan
expect 1 "a second open check refused" proposal check "$PF" --unit 1
expect 1 "a result needs a recommendation" cycle check-result "$K1" --findings "x"
out=$($PILAR cycle check-result "$K1" --recommendation tolak --findings "anak tidak tinggal di rumah ini" --date 2026-11-20 --lat 0.1301 --lon 117.4801 --json) || die "check result: $out"
V1=$(jget "$out" visit_id)
eq "the result is a PSKS visit" "$(q "SELECT action || ' ' || visit_date FROM psks_visit WHERE id = $V1")" "kunjungan_rumah 2026-11-20"
eq "the assignment is done" "$(q "SELECT status FROM psks_assignment WHERE id = (SELECT assignment_id FROM dtsen_check WHERE id = $K1)")" selesai
eq "the field check overturned F" "$(q "SELECT status FROM dtsen_proposal WHERE id = $PF")" ditolak
check "F keeps the field's reason" grep -q "tidak tinggal di rumah ini" <<<"$(q "SELECT reject_reason FROM dtsen_proposal WHERE id = $PF")"

# ---------------------------------------------------------------- ratification
expect 1 "ratification needs the SK number" cycle ratify "$C1" --sk-date 2026-11-28
audit0=$(q "SELECT count(*) FROM audit WHERE entity IN ('person','household')")
out=$($PILAR cycle ratify "$C1" --sk-number "100.3.3.2/45/2026" --sk-date 2026-11-28 --sk-file minutes.pdf --json) || die "ratify: $out"
eq "exactly three changes applied" "$(jget "$out" applied)" 3
eq "the rejected ones counted" "$(jget "$out" rejected)" 3
eq "the incomplete one carried" "$(jget "$out" carried)" 1
eq "cycle locked" "$(jget "$out" status)" disahkan
eq "the new household is registered" "$(q "SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id WHERE p.nik = '6474015001900001' AND h.kk = '6474010101200009'")" 1
eq "Sumarni's death recorded" "$(q "SELECT death_date FROM person WHERE id = $P1")" 2026-10-20
eq "Hermawan's name corrected" "$(q "SELECT name FROM person WHERE id = $P2")" "Hermawan Saputro"
eq "a person's change moves the family's address" "$(q "SELECT h.address || '|' || h.rt FROM household h JOIN person p ON p.household_id = h.id WHERE p.id = $P2")" "Jl. Merak 12|004"
eq "the overturned child is not registered" "$(q "SELECT count(*) FROM person WHERE nik = '6474011204100001'")" 0
check "the changes are audited" test "$(q "SELECT count(*) FROM audit WHERE entity IN ('person','household')")" -gt "$audit0"
eq "D moved to the next cycle" "$(q "SELECT cycle_id FROM dtsen_proposal WHERE id = $PD")" "$C2"
eq "applied proposals ratified" "$(q "SELECT group_concat(status) FROM (SELECT status FROM dtsen_proposal WHERE id IN ($PA,$PB,$PC) ORDER BY id) AS p")" "disahkan,disahkan,disahkan"
eq "what A created is kept" "$(q "SELECT applied_person_id FROM dtsen_proposal WHERE id = $PA")" "$(pid 6474015001900001)"
# Locked: nothing of the cycle changes any more.
expect 1 "a ratified cycle cannot be ratified again" cycle ratify "$C1" --sk-number X --sk-date 2026-11-28
has "ratified: why" "$T/err" "sudah disahkan"
expect 1 "a ratified proposal cannot be changed" proposal update "$PA" --name "Dewi L."
has "locked: why" "$T/err" "disahkan"
expect 1 "a rejected proposal of a locked cycle cannot be rejected again" proposal reject "$PF" --reason x
check "the schema refuses a direct change" bash -c "! sqlite3 '$PILAR_DB' \"UPDATE dtsen_proposal SET note = 'x' WHERE id = $PA\" 2>/dev/null"
out=$(prop --meeting "$M1" --kind ubah --person "$P2" --name "Hermawan S." --evidence bukti.pdf --entered-on 2026-11-05) || die "late proposal"
eq "a proposal for a ratified month lands in the next open cycle" "$(jget "$out" period)" 2026-12
# The carried one is completed and stays editable.
out=$($PILAR proposal update "$PD" --evidence bukti.pdf --json) || die "complete D: $out"
eq "D complete once its document came" "$(jget "$out" status)" diperiksa

# ---------------------------------------------------------------- objections
out=$($PILAR objection add --household "$H2" --kind salah_masuk --filer-kind warga --filer-name "Slamet Riyadi" --filer-address "Jl. Kenari 3, Bontang" --statement "Keluarga ini mampu, punya dua mobil" --json) || die "objection: $out"
O1=$(jget "$out" id)
eq "due in 14 days (the regency's limit)" "$(jget "$out" due_on)" "$(python3 -c 'import datetime; print(datetime.date.today() + datetime.timedelta(days=14))')"
expect 1 "an objection needs a statement" objection add --household "$H2" --kind salah_masuk --filer-kind warga --filer-name X
expect 1 "unknown filer kind" objection add --household "$H2" --kind salah_masuk --filer-kind tetangga --filer-name X --statement Y
out=$($PILAR objection check "$O1" --unit 1 --json) || die "objection check"
K2=$(jget "$out" id)
expect 1 "no decision before the field check" objection decide "$O1" --decision ditolak --reason x
expect 0 "field result of the objection" cycle check-result "$K2" --recommendation setuju --findings "rumah semi permanen, tidak ada mobil"
expect 1 "no answer before a decision" objection answer "$O1" --number 1
expect 0 "objection decided" objection decide "$O1" --decision ditolak --reason "Hasil kunjungan: tidak ditemukan mobil; keluarga tetap layak"
expect 0 "objection answered with its letter" objection answer "$O1" --number "400.9/123/Dinsos" --letter "$T/jawaban.pdf"
pdftotext "$T/jawaban.pdf" "$T/jawaban.txt"
has "letter: number" "$T/jawaban.txt" "400\.9/123/Dinsos"
has "letter: addressee" "$T/jawaban.txt" "Slamet Riyadi"
has "letter: decision" "$T/jawaban.txt" "DITOLAK"
has "letter: reason" "$T/jawaban.txt" "tidak ditemukan mobil"
has "letter: village" "$T/jawaban.txt" "Bontang Kuala"
eq "letter is A4 portrait" "$(python3 -c "import re; d=open('$T/jawaban.pdf','rb').read(); m=re.search(rb'/MediaBox \[ *0 0 ([0-9.]+) ([0-9.]+)', d); print(round(float(m.group(1))), round(float(m.group(2))))")" "595 842"
# An old objection, past its limit: listed as overdue; the answered one is not.
out=$($PILAR objection add --village 64.74.01.1001 --subject-name "Keluarga Darto" --kind tidak_masuk --filer-kind psks --filer-name "Budi Santoso" --statement "Keluarga miskin belum terdaftar" --filed-on 2026-01-02 --json) || die "old objection"
O2=$(jget "$out" id)
eq "old objection due after 14 days" "$(jget "$out" due_on)" 2026-01-16
out=$($PILAR objection list --overdue --json)
eq "overdue list" "$(python3 -c 'import json,sys; print([o["id"] for o in json.load(sys.stdin)["items"]])' <<<"$out")" "[$O2]"

# ---------------------------------------------------------------- report
out=$($PILAR cycle report --region 64.74 --json) || die "report"
eq "report: cycle 2026-11" "$(python3 -c 'import json,sys; d=json.load(sys.stdin); c=[c for c in d["cycles"] if c["period"]=="2026-11"][0]; print(c["proposals_in"], c["checked"], c["ratified"], c["rejected"], c["pending"])' <<<"$out")" "6 3 3 3 0"
eq "report: cycle 2026-12" "$(python3 -c 'import json,sys; d=json.load(sys.stdin); c=[c for c in d["cycles"] if c["period"]=="2026-12"][0]; print(c["proposals_in"], c["checked"], c["pending"])' <<<"$out")" "3 3 0"
eq "report: objections" "$(python3 -c 'import json,sys; o=json.load(sys.stdin)["objections_total"]; print(o["filed"], o["refused"], o["answered"], o["overdue"])' <<<"$out")" "2 1 1 1"
out=$($PILAR cycle report --region 64.74 --viewer --json)
check "viewer: small counts hidden" python3 -c 'import json,sys; d=json.load(sys.stdin); c=[c for c in d["cycles"] if c["period"]=="2026-11"][0]; sys.exit(not (c["ratified"] is None and c.get("hidden")))' <<<"$out"

# ---------------------------------------------------------------- rakor report
# The rakor report's section on the year's cycles (issue 19 item 8): the same figures as the
# cycle report, in JSON, PDF and XLSX; small counts hidden for the viewer.
expect 0 "rakor report with the cycles" report rakor --region 64.74 --period 2026 --format json
cp "$T/out" rakor.json
eq "rakor: cycle 2026-11" "$(python3 -c 'import json,sys; d=json.load(open("rakor.json"))["dtsen_cycles"]; c=[c for c in d["cycles"] if c["period"]=="2026-11"][0]; print(c["proposals_in"], c["checked"], c["ratified"], c["rejected"], c["pending"], c["sk_number"])')" "6 3 3 3 0 100.3.3.2/45/2026"
eq "rakor: cycle 2026-12" "$(python3 -c 'import json,sys; d=json.load(open("rakor.json"))["dtsen_cycles"]; c=[c for c in d["cycles"] if c["period"]=="2026-12"][0]; print(c["proposals_in"], c["checked"], c["pending"], c["status"])')" "3 3 0 terbuka"
eq "rakor: the year's totals" "$(python3 -c 'import json,sys; d=json.load(open("rakor.json"))["dtsen_cycles"]; t=d["cycles_total"]; print(d["year"], len(d["cycles"]), t["proposals_in"], t["ratified"], t["rejected"])')" "2026 2 9 3 3"
$PILAR cycle report --region 64.74 --year 2026 --json >cyc2026.json || die "cycle report 2026"
eq "rakor: objections as in the cycle report" "$(python3 -c 'import json; print(json.load(open("rakor.json"))["dtsen_cycles"]["objections_total"])')" "$(python3 -c 'import json; print(json.load(open("cyc2026.json"))["objections_total"])')"
expect 0 "rakor report of a year without cycles" report rakor --region 64.74 --period 2025 --format json
eq "no cycles in 2025" "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["dtsen_cycles"]["cycles"]))' <"$T/out")" 0
expect 0 "rakor report for the viewer" report rakor --region 64.74 --period 2026 --format json --viewer
check "rakor viewer: small cycle counts hidden" python3 -c 'import json,sys; d=json.load(sys.stdin)["dtsen_cycles"]; c=[c for c in d["cycles"] if c["period"]=="2026-11"][0]; sys.exit(not (c["ratified"] is None and c["hidden"] and d["suppressed"]))' <"$T/out"
check "rakor viewer: no count 1..4 in the section" python3 -c 'import json,sys
d = json.load(sys.stdin)["dtsen_cycles"]
def walk(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k not in ("id", "year") and isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 4:
                sys.exit("small %s=%d" % (k, v))
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(d)' <"$T/out"
expect 0 "rakor PDF" report rakor --region 64.74 --period 2026 --format pdf --out "$T/rakor.pdf"
pdftotext -layout "$T/rakor.pdf" "$T/rakor.txt"
has "PDF: the section" "$T/rakor.txt" "Pemutakhiran DTSEN 2026"
has "PDF: the ratified cycle with its SK" "$T/rakor.txt" "November 2026 *disahkan *100\.3\.3\.2/45/2026, 28 November 2026 *6 *3 *3 *3 *0"
has "PDF: the open cycle" "$T/rakor.txt" "Desember 2026 *terbuka *3 *3 *0 *0 *0"
has "PDF: the cycles' total" "$T/rakor.txt" "JUMLAH *9 *6 *3 *3 *0"
has "PDF: the objections" "$T/rakor.txt" "Lewat batas waktu"
expect 0 "rakor PDF for the viewer" report rakor --region 64.74 --period 2026 --format pdf --viewer --out "$T/rakor-v.pdf"
pdftotext -layout "$T/rakor-v.pdf" "$T/rakor-v.txt"
has "viewer PDF: small counts as <5" "$T/rakor-v.txt" "November 2026 *disahkan .*<5"
expect 0 "rakor XLSX" report rakor --region 64.74 --period 2026 --format xlsx --out "$T/rakor.xlsx"
eq "XLSX: the cycles and objections sheets" "$(python3 -c "
import zipfile, re
z = zipfile.ZipFile('$T/rakor.xlsx')
wb = z.read('xl/workbook.xml').decode()
print(' '.join(n for n in re.findall(r'<sheet name=\"([^\"]+)\"', wb) if 'DTSEN' in n))")" "Siklus DTSEN Sanggahan DTSEN"
check "XLSX: the SK number in the cycles sheet" python3 -c "
import zipfile, sys
z = zipfile.ZipFile('$T/rakor.xlsx')
text = ' '.join(z.read(n).decode() for n in z.namelist() if n.startswith('xl/'))
sys.exit('100.3.3.2/45/2026' not in text)"

# ---------------------------------------------------------------- HTTP and scope
echo 'kota-btg-kunci1' | $PILAR user add bontang --role regency --scope 64.74 >/dev/null || die user
echo 'kota-smd-kunci1' | $PILAR user add samarinda --role regency --scope 64.72 >/dev/null || die user
echo 'pemirsa-saja-kunci9' | $PILAR user add lihat --role viewer >/dev/null || die user
TB=$($PILAR user token bontang) TS=$($PILAR user token samarinda) TV=$($PILAR user token lihat)
HB=(-H "Authorization: Bearer $TB") HS=(-H "Authorization: Bearer $TS") HV=(-H "Authorization: Bearer $TV")
mkdir -p "$T/web" && echo '<!doctype html><title>Pilar</title>' >"$T/web/index.html"
start_server --web "$T/web" --data-dir "$T/data"
reads0=$(sqlite3 -cmd "ATTACH '$PILAR_DB-reads' AS reads" "$PILAR_DB" "SELECT count(*) FROM reads.audit_read WHERE entity = 'dtsen_proposal'")
req GET "$A/dtsen/proposals/$PA" "${HB[@]}"
eq "own proposal over HTTP" "$STATUS" 200
check "its NIK shown to a full-NIK role" body_has 6474015001900001
req GET "$A/dtsen/proposals/$PA" "${HS[@]}"
cp "$T/body" "$T/hidden"
hs=$STATUS
req GET "$A/dtsen/proposals/99999999" "${HS[@]}"
eq "another regency's proposal: 404" "$hs" 404
eq "... answered exactly like an absent one" "$(sed "s/$PA/X/g" "$T/hidden")" "$(sed 's/99999999/X/g' "$T/body")"
req POST "$A/dtsen/cycles/$C2/ratify" "${HS[@]}" "${J[@]}" -d '{"sk_number":"1","sk_date":"2026-11-30"}'
eq "another regency cannot ratify (as if absent)" "$STATUS" 404
req GET "$A/dtsen/objections/$O1/letter" "${HS[@]}"
eq "another regency's answer letter: 404" "$STATUS" 404
req GET "$A/dtsen/objections/$O1/letter" "${HB[@]}"
eq "own answer letter as PDF" "$STATUS $(head -c 5 "$T/body")" "200 %PDF-"
req PATCH "$A/dtsen/proposals/$PA" "${HB[@]}" "${J[@]}" -d '{"note":"x"}'
eq "a ratified cycle's proposal: 423" "$STATUS" 423
req GET "$A/dtsen/proposals" "${HS[@]}"
eq "Samarinda lists none of Bontang's proposals" "$(jsonq 'len(d["items"])')" 0
req GET "$A/dtsen/proposals" "${HV[@]}"
eq "a viewer has no personal access" "$STATUS" 403
req GET "$A/reports/cycles?region=64.74" "${HV[@]}"
check "viewer report: small counts hidden" python3 -c "import json; d=json.load(open('$T/body')); c=[c for c in d['cycles'] if c['period']=='2026-11'][0]; assert c['ratified'] is None and c['hidden']"
req GET "$A/reports/cycles?region=64.74" "${HS[@]}"
eq "a region outside the scope: 404" "$STATUS" 404
req GET "$A/dtsen/cycles" "${HB[@]}"
eq "cycles of the own regency" "$(jsonq 'sorted(c["period"] for c in d["items"])')" "['2026-11', '2026-12']"
# The phone page's flow: a check and its result over HTTP.
req POST "$A/dtsen/proposals/$PD/check" "${HB[@]}" "${J[@]}" -d '{"psks_id":1}'
eq "check assigned over HTTP" "$STATUS" 201
K3=$(jsonq 'd["id"]')
req POST "$A/dtsen/checks/$K3/result" "${HS[@]}" "${J[@]}" -d '{"recommendation":"setuju","findings":"x"}'
eq "another regency cannot record a result" "$STATUS" 404
req POST "$A/dtsen/checks/$K3/result" "${HB[@]}" "${J[@]}" -d '{"recommendation":"setuju","findings":"rumah tidak layak huni, keluarga tetap miskin","lat":0.13,"lon":117.48}'
eq "result recorded over HTTP" "$STATUS $(jsonq 'd["status"]')" "200 selesai"
reads1=$(sqlite3 -cmd "ATTACH '$PILAR_DB-reads' AS reads" "$PILAR_DB" "SELECT count(*) FROM reads.audit_read WHERE entity = 'dtsen_proposal'")
check "proposal reads audited" test "$reads1" -gt "$reads0"

req GET "$A/dtsen/meetings/$M1" "${HB[@]}"
eq "own meeting by id" "$STATUS $(jsonq 'd["id"], d["participants"], d["has_minutes"]')" "200 $M1 23 True"
req GET "$A/dtsen/meetings/$M1" "${HS[@]}"
eq "another regency's meeting: 404" "$STATUS" 404

# Cut-off settings over HTTP (PUT /dtsen/settings, the web page's form).
req PUT "$A/dtsen/settings" "${HB[@]}" "${J[@]}" -d '{"region":"64.74","month":"2027-02","cutoff_day":15}'
eq "setting put over HTTP" "$STATUS $(jsonq 'd["region"], d["month"], d["cutoff_day"]')" "200 64.74 2027-02 15"
eq "the setting stored" "$(q "SELECT cutoff_day FROM dtsen_setting WHERE region = '64.74' AND month = '2027-02'")" 15
req PUT "$A/dtsen/settings" "${HB[@]}" "${J[@]}" -d '{"region":"64.74","objection_days":21}'
eq "objection limit set, cut-off day kept" "$STATUS $(jsonq 'd["cutoff_day"], d["objection_days"]')" "200 10 21"
req PUT "$A/dtsen/settings" "${HB[@]}" "${J[@]}" -d '{"region":"64.74","cutoff_day":40}'
eq "a cut-off day out of range: 422" "$STATUS $(jsonq 'd["error"]["field"]')" "422 cutoff_day"
req PUT "$A/dtsen/settings" "${HB[@]}" "${J[@]}" -d '{"region":"64.74","cutoff_day":"5"}'
eq "a cut-off day as text: 422" "$STATUS" 422
req PUT "$A/dtsen/settings" "${HS[@]}" "${J[@]}" -d '{"region":"64.74","cutoff_day":5}'
eq "another regency's setting: 404" "$STATUS $(jsonq 'd["error"]["field"]')" "404 region"
req PUT "$A/dtsen/settings" "${HB[@]}" "${J[@]}" -d '{"region":"","cutoff_day":5}'
eq "the national setting is the command line's or an administrator's" "$STATUS" 404
req PUT "$A/dtsen/settings" "${HV[@]}" "${J[@]}" -d '{"region":"64.74","cutoff_day":5}'
eq "a viewer cannot change settings" "$STATUS" 403
eq "refused settings changed nothing" "$(q "SELECT count(*) FROM dtsen_setting") $(q "SELECT cutoff_day FROM dtsen_setting WHERE region = '64.74' AND month = ''") $(q "SELECT objection_days FROM dtsen_setting WHERE region = '64.74' AND month = ''") $(q "SELECT cutoff_day FROM dtsen_setting WHERE region = '64' AND month = ''")" "3 10 21 25"

req GET "$A/dtsen/settings?month=2027-02" "${HB[@]}"
eq "settings read: own province's and regency's, the rules in force" "$STATUS $(jsonq '",".join(sorted(x["region"] + "/" + x["month"] for x in d["settings"])), d["rules"]["region"], d["rules"]["cutoff_day"], d["rules"]["objection_days"]')" "200 64.74/,64.74/2027-02,64/ 64.74 15 21"
req GET "$A/dtsen/settings?month=2027-03" "${HS[@]}"
eq "another regency sees its province's, not Bontang's" "$STATUS $(jsonq '",".join(x["region"] for x in d["settings"]), d["rules"]["cutoff_day"], d["rules"]["objection_days"]')" "200 64 25 14"
req GET "$A/dtsen/settings?region=64.74" "${HS[@]}"
eq "another regency's rules: 404" "$STATUS" 404
req GET "$A/dtsen/settings?month=2027-13" "${HB[@]}"
eq "a malformed month: 422" "$STATUS $(jsonq 'd["error"]["field"]')" "422 month"

# Uploaded documents: downloaded inside the scope only, read-audited.
FM=$(q "SELECT minutes_file_id FROM dtsen_meeting WHERE id = $M1")
freads0=$(sqlite3 -cmd "ATTACH '$PILAR_DB-reads' AS reads" "$PILAR_DB" "SELECT count(*) FROM reads.audit_read WHERE entity = 'dtsen_file'")
req GET "$A/dtsen/files/$FM" "${HB[@]}"
eq "minutes downloaded as stored" "$STATUS $(sha256sum "$T/body" | cut -d' ' -f1)" "200 $(sha256sum minutes.pdf | cut -d' ' -f1)"
check "as a PDF attachment" grep -qi "^content-type: application/pdf" "$T/hdr"
check "named by kind and id" grep -qi "^content-disposition: attachment; filename=\"dtsen-notulen-$FM.pdf\"" "$T/hdr"
FE=$(q "SELECT evidence_file_id FROM dtsen_proposal WHERE id = $PA")
req GET "$A/dtsen/files/$FE" "${HB[@]}"
eq "evidence downloaded" "$STATUS $(sha256sum "$T/body" | cut -d' ' -f1)" "200 $(sha256sum bukti.pdf | cut -d' ' -f1)"
freads1=$(sqlite3 -cmd "ATTACH '$PILAR_DB-reads' AS reads" "$PILAR_DB" "SELECT count(*) FROM reads.audit_read WHERE entity = 'dtsen_file'")
eq "document reads audited" "$((freads1 - freads0))" 2
req GET "$A/dtsen/files/$FM" "${HS[@]}"
cp "$T/body" "$T/hidden"
hs=$STATUS
req GET "$A/dtsen/files/99999999" "${HS[@]}"
eq "another regency's document: 404" "$hs" 404
eq "... answered exactly like an absent one" "$(sed "s/\b$FM\b/X/g" "$T/hidden")" "$(sed 's/99999999/X/g' "$T/body")"
req GET "$A/dtsen/files/$FM" "${HV[@]}"
eq "a viewer cannot download documents" "$STATUS" 403

# The SK scan uploaded before the ratification (the web page's form), kept by it.
req POST "$A/dtsen/cycles/$C2/sk?name=sk.pdf" "${HS[@]}" -F "file=@minutes.pdf"
eq "another regency cannot attach an SK (as if absent)" "$STATUS" 404
req POST "$A/dtsen/cycles/$C2/sk" "${HB[@]}" -F "file=@notes.txt"
eq "an SK that is no PDF or photo: 422" "$STATUS $(jsonq 'd["error"]["field"]')" "422 file"
v2=$(q "SELECT version FROM dtsen_cycle WHERE id = $C2")
req POST "$A/dtsen/cycles/$C2/sk?name=sk-walikota.pdf" "${HB[@]}" -F "file=@bukti.pdf"
eq "SK scan attached" "$STATUS $(jsonq 'd["status"], d["version"]')" "201 terbuka $((v2 + 1))"
FS=$(jsonq 'd["sk_file_id"]')
eq "stored as the SK with its name" "$(q "SELECT kind || ' ' || name FROM dtsen_file WHERE id = $FS")" "sk sk-walikota.pdf"
req POST "$A/dtsen/cycles/$C2/ratify" "${HB[@]}" "${J[@]}" -d "{\"version\":$((v2 + 1)),\"sk_number\":\"100.3.3.2/50/2026\",\"sk_date\":\"$(date +%F)\"}"
eq "ratified without another scan" "$STATUS $(jsonq 'd["status"], d["sk_file_id"]')" "200 disahkan $FS"
req GET "$A/dtsen/files/$FS" "${HB[@]}"
eq "the SK scan downloaded" "$STATUS $(sha256sum "$T/body" | cut -d' ' -f1)" "200 $(sha256sum bukti.pdf | cut -d' ' -f1)"
req POST "$A/dtsen/cycles/$C1/sk" "${HB[@]}" -F "file=@bukti.pdf"
eq "no SK scan on a ratified cycle: 423" "$STATUS" 423
stop_server

summary
