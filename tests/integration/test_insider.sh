#!/usr/bin/env bash
# test_insider.sh - plays the insider: every role (admin, province analyst,
# regency, district and village operators, viewer) walks EVERY route of the
# route table (GET /api/v1/routes) with its own token, against a data base
# holding small cells, records outside the operators' scope and
# formula-looking values. The probes come from a table that classifies each
# route (tests/integration/insider_probe.py); a route of the server missing
# from the table, or a table entry missing from the server, fails the test, so
# a new route must be classified before it ships.
. "$(dirname "$0")/lib.sh"
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
command -v sqlite3 >/dev/null || die "sqlite3 shell missing"
command -v python3 >/dev/null || die "python3 missing"

# ---------------------------------------------------------------- fixture
# Generated people in Bontang (64.74), Samarinda (64.72) and province 65, with
# the Bontang rows trimmed so that the hand-made small cells below are exact:
# no generated category 5 or 15 in Bontang, and no one at all in Kanaan
# (64.74.03.1003), which gets a household of exactly two.
$PILAR init >/dev/null || die init
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || die "region import"
$PILAR boundary import "$SRC/web/data/regencies-64-65.geojson" --level regency >/dev/null || die "boundary regency"
$PILAR boundary import "$SRC/web/data/districts-64-65.geojson" --level district >/dev/null || die "boundary district"
$PILAR gen --people 400 --region 64.74,64.72 --seed 7 --dup-rate 0.02 --out "$T/g1.csv" >/dev/null 2>&1 || die gen
$PILAR gen --people 80 --region 65 --seed 8 --out "$T/g2.csv" >/dev/null 2>&1 || die gen
VH=64.74.01.1001 # home village: in every operator's scope
VTWO=64.74.03.1003
VS=64.72.01.1001
# Out of scope (Samarinda): Dewi (KK D) with a distinctive name, and a
# disabled child. Province 65: Yohana (for a transfer no Bontang user may see).
NA=6474010101700001 KA=6474010101210001
ND=6472014707660001 KD=6472010101210004
NC=6472011203150002
NY=6501014505700001 KY=6501010101210009
NX=6472014707669999 KX=6472010101219999 # valid, never stored
HDR='nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude'
python3 - "$T/g1.csv" "$T/g2.csv" "$T/people.csv" <<PY || die fixture
import csv, sys
out = csv.writer(open(sys.argv[3], "w", newline=""), lineterminator="\n")
hdr = "$HDR".split(",")
out.writerow(hdr)
for f in sys.argv[1:3]:
    for r in csv.DictReader(open(f, encoding="utf-8")):
        if r["kode_desa"].startswith("64.74."):
            if r["kode_desa"] == "$VTWO":
                continue
            r["pmks"] = ";".join(p for p in r["pmks"].split(";") if p and p.split("@")[0] not in ("5", "15"))
        out.writerow([r.get(k, "") for k in hdr])
def row(*v): out.writerow(v)
# Bontang Utara (64.74.01): Ahmad and his disabled son (category 5: 1 in this district);
# formula-looking values in tempat_lahir, alamat and nama.
row("$NA", "$KA", "Ahmad Fauzi", '=HYPERLINK("http://x","y")', "1970-01-01", "L", "Kepala Keluarga", "Halimah", "+1", "001", "001", "$VH", "24@2025-01-01", "", "0.13", "117.49")
row("6474011505150001", "$KA", "Rizki Fauzi", "-2+3", "2015-05-15", "L", "Anak", "Siti", "-2+3", "001", "001", "$VH", "5@2025-01-01", "fisik", "0.13", "117.49")
row("6474015505720001", "$KA", "-Rina Sari", "@SUM(A1)", "1972-05-15", "P", "Istri", "Ibu", "=HYPERLINK(\"http://x\",\"y\")", "001", "001", "$VH", "", "", "", "")
# Bontang Selatan (64.74.02): category 5 three times, category 15 once.
for i, (nik, nama) in enumerate([("6474020202120001", "Bayu Selatan"), ("6474020303130002", "Citra Selatan"), ("6474020404140003", "Dimas Selatan")]):
    row(nik, "647402010121000%d" % (i + 1), nama, "Bontang", "20%s-%s-%s" % (nik[10:12], nik[8:10], nik[6:8]), "L", "Kepala Keluarga", "Ibu", "Jl. Selatan", "002", "001", "64.74.02.1001", "5@2025-01-01", "fisik", "", "")
row("6474020505800001", "6474020101210009", "Edi Binaan", "Bontang", "1980-05-05", "L", "Kepala Keluarga", "Ibu", "Jl. Selatan 9", "002", "002", "64.74.02.1002", "15@2025-01-01", "", "", "")
# Bontang Barat (64.74.03): category 5 once; Kanaan: a household of exactly two.
row("6474030606160001", "6474030101210001", "Fajar Barat", "Bontang", "2016-06-06", "L", "Kepala Keluarga", "Ibu", "Jl. Barat", "003", "001", "64.74.03.1001", "5@2025-01-01", "fisik", "", "")
row("6474030707700001", "6474030101210002", "Gilang Kanaan", "Bontang", "1970-07-07", "L", "Kepala Keluarga", "Ibu", "Jl. Kanaan", "003", "002", "$VTWO", "24@2025-01-01", "", "", "")
row("6474034808720001", "6474030101210002", "Hana Kanaan", "Bontang", "1972-08-08", "P", "Istri", "Ibu", "Jl. Kanaan", "003", "002", "$VTWO", "", "", "", "")
# Samarinda: the records the Bontang operators must never learn about.
row("$ND", "$KD", "Dewi Zulaikhawati", "Samarinda", "1966-07-07", "P", "Kepala Keluarga", "Saodah", "Jl. Empat 4", "004", "003", "$VS", "24@2025-01-01;15@2025-01-01", "", "-0.50", "117.15")
row("$NC", "$KD", "Cahya Zulaikhawati", "Samarinda", "2015-03-12", "L", "Anak", "Dewi", "Jl. Empat 4", "004", "003", "$VS", "5@2025-01-01", "fisik", "-0.50", "117.15")
# Province 65.
row("$NY", "$KY", "Yohana Tarakanita", "Tarakan", "1970-05-05", "P", "Kepala Keluarga", "Ibu", "Jl. Enam", "001", "001", "65.01.01.1001", "24@2025-01-01", "", "", "")
PY
$PILAR import "$T/people.csv" >"$T/import.out" 2>&1 || { cat "$T/import.out" >&2; die import; }
pid() { q "SELECT id FROM person WHERE nik = '$1'"; }
hid() { q "SELECT id FROM household WHERE kk = '$1'"; }
[ -n "$(pid $NA)" ] && [ -n "$(pid $ND)" ] && [ -n "$(pid 6474015505720001)" ] || die "fixture rows missing"
[ "$(q "SELECT count(*) FROM person WHERE village_code = '$VTWO'")" = 2 ] || die "Kanaan must hold two people"

# Accounts: one per role; the insiders are bontang, kec and desa (their scope holds
# Ahmad's village and not Samarinda).
while read -r u r s; do
  echo "kunci-kantor-12345" | $PILAR user add "$u" --role "$r" ${s:+--scope "$s"} >/dev/null || die "user $u"
done <<USERS
admin admin
prov province 64
bontang regency 64.74
samarinda regency 64.72
kec district 64.74.01
desa village $VH
lihat viewer
korban viewer
USERS
# Programs, batches (B1 mixed, B2 Samarinda only), findings (Dewi's household
# shares Ahmad's account), duplicate candidates, a disability card.
$PILAR program add HKX --name "Bantuan Keluarga Uji" --level provinsi --household \
  --amount 500000 --frequency sekali --categories 24 >/dev/null || die "program add"
for n in $NA $ND; do $PILAR program enroll HKX --period 2026-Q1 --reason "SK 1" --person $n >/dev/null || die enroll; done
$PILAR program enroll HKX --period 2026-Q2 --reason "SK 2" --person $ND >/dev/null || die enroll
$PILAR verify accept $NA $ND >/dev/null || die verify
$PILAR program account --kk $KA --number 9001 --bank BRI >/dev/null || die account
$PILAR program account --kk $KD --number 9002 --bank BRI >/dev/null || die account
B1=$($PILAR batch create HKX --period 2026-Q1 --json | sed -E 's/.*"id":([0-9]+).*/\1/')
B2=$($PILAR batch create HKX --period 2026-Q2 --json | sed -E 's/.*"id":([0-9]+).*/\1/')
$PILAR program account --kk $KD --number 9001 --bank BRI >/dev/null || die account
$PILAR program check HKX --period 2026-Q1 >/dev/null
$PILAR dedup >/dev/null 2>&1
# Two decided pairs for the review routes: Ahmad / Rina in the home village, Dewi / Cahya in Samarinda.
$PILAR dedup distinct $NA 6474015505720001 --reason "uji" >/dev/null || die "dedup distinct"
$PILAR dedup distinct $ND $NC --reason "uji" >/dev/null || die "dedup distinct"
CARD=$($PILAR card $NC --out "$T/card.pdf" --base-url https://pilar.test/ --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["cards"][0]["token"])') || die card
# PSKS units and disaster events in and out of every insider's scope (web pages of issue 21).
# Five of each, so that no PSKS count is a small one (PSKS counts are never suppressed).
for i in Satu Dua Tiga Empat Lima; do
  $PILAR psks add --type tksk --name "Tksk Rumah $i" --area $VH >/dev/null || die "psks home"
  $PILAR psks add --type tksk --name "Tksk Seberang $i" --area $VS >/dev/null || die "psks samarinda"
done
# PSKS history and meetings (issue 20): a record of a unit out of scope; a meeting in the home
# village and one in Samarinda, each with a follow-up item.
$PILAR psks period add "$(q "SELECT id FROM psks_unit WHERE name = 'Tksk Seberang Satu'")" \
  --from 2025-01-01 >/dev/null || die "psks period"
for m in "Rumah $VH" "Seberang $VS"; do
  MT=$($PILAR psks meeting add --date 2026-01-10 --place "Aula ${m% *}" --region "${m#* }" \
    --theme "Rakor PSKS" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || die "psks meeting"
  $PILAR psks meeting recommend "$MT" --text "Tindak lanjut" --owner "Dinsos" --due 2026-02-01 >/dev/null || die "psks recommend"
done
BOX='{"type":"Polygon","coordinates":[[[116.9,-0.8],[117.7,-0.8],[117.7,0.4],[116.9,0.4],[116.9,-0.8]]]}'
echo "$BOX" >"$T/box.geojson"
EVH=$($PILAR disaster add --type banjir --date 2025-01-15 --geojson "$T/box.geojson" --region $VH --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || die "disaster home"
$PILAR disaster confirm $EVH >/dev/null || die "disaster confirm"
EVS=$($PILAR disaster add --type banjir --date 2025-01-15 --geojson "$T/box.geojson" --region 64.72 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || die "disaster samarinda"
# PSKS work (issue 20): an assignment and a visit in and out of every insider's scope.
UHID=$(q "SELECT id FROM psks_unit WHERE name = 'Tksk Rumah Satu'")
USID=$(q "SELECT id FROM psks_unit WHERE name = 'Tksk Seberang Satu'")
AGH=$($PILAR psks assign --person "$(pid $NA)" --unit "$UHID" --due 2025-01-31 --json | sed -E 's/.*"id":([0-9]+).*/\1/') || die "assign home"
AGS=$($PILAR psks assign --person "$(pid $ND)" --unit "$USID" --due 2025-01-31 --json | sed -E 's/.*"id":([0-9]+).*/\1/') || die "assign samarinda"
VIH=$($PILAR psks visit --assignment "$AGH" --action kunjungan_rumah --date 2025-11-05 --json | sed -E 's/.*"id":([0-9]+),"psks_id".*/\1/') || die "visit home"
VIS=$($PILAR psks visit --assignment "$AGS" --action bantuan --date 2025-11-06 --note "Zulaikhawati" --json | sed -E 's/.*"id":([0-9]+),"psks_id".*/\1/') || die "visit samarinda"
# The DTSEN update cycle (issue 19): a meeting, a proposal, an objection and its field check in
# the home village and in Samarinda.
printf '%%PDF-1.4\n%% berita acara\n%%%%EOF\n' >"$T/minutes.pdf"
for side in "H $VH $KA $UHID" "S $VS $KD $USID"; do
  set -- $side
  HH=$(q "SELECT id FROM household WHERE kk = '$3'")
  MT=$($PILAR meeting add --village "$2" --date 2026-01-05 --minutes "$T/minutes.pdf" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || die "dtsen meeting"
  $PILAR proposal add --meeting "$MT" --kind hapus --removal pindah --household "$HH" --note "Uji $1" >/dev/null || die "dtsen proposal"
  OB=$($PILAR objection add --household "$HH" --kind salah_masuk --filer-kind warga --filer-name "Pengaju $1" --statement "Uji" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') || die "dtsen objection"
  $PILAR objection check "$OB" --unit "$4" >/dev/null || die "dtsen check"
done
YEAR=$(date +%Y)
$PILAR rakor add --year $((YEAR - 1)) --host 64 --date $((YEAR - 1))-03-15 --theme "Rakor PMKS" >/dev/null || die "rakor add"
$PILAR intervention add --region 64.72 --title "Rumah singgah anak jalanan" --level provinsi \
  --year $((YEAR - 1)) --category 6 --owner "Dinas Sosial Provinsi" --budget 450000000 \
  --due $((YEAR + 1))-12-31 --status direncanakan >/dev/null || die intervention
# An intervention inside every insider's scope (the home village), for /interventions/{id}.
$PILAR intervention add --region $VH --title "Pendampingan lansia terlantar" --level kabupaten-kota \
  --year $((YEAR - 1)) >/dev/null || die "intervention home"

# ---------------------------------------------------------------- server
mkdir -p "$T/web"
echo '<!doctype html><title>Pilar</title>' >"$T/web/index.html"
start_server --web "$T/web" --data-dir "$T/data"

# Facts the probes need, as JSON: tokens, ids, numbers in and out of each scope.
python3 - "$T/facts.json" <<PY || die facts
import json, subprocess, sys
# Through the sqlite3 shell on PATH (lib.sh), which also opens an encrypted data base.
def rows(sql, *a):
    for v in a:
        sql = sql.replace("?", "'%s'" % str(v).replace("'", "''"), 1)
    out = subprocess.check_output(["sqlite3", "$PILAR_DB", sql], text=True)
    return [line.split("|") for line in out.splitlines()]
def one(sql, *a):
    v = rows(sql, *a)[0][0]
    return int(v) if v.lstrip("-").isdigit() else v
tok = lambda u: subprocess.check_output(["$PILAR", "user", "token", u], text=True).strip()
users = {u: tok(u) for u in ("admin", "prov", "bontang", "samarinda", "kec", "desa", "lihat")}
nums = {}
for nik, kk, village in rows("SELECT p.nik, h.kk, p.village_code FROM person p LEFT JOIN household h ON h.id = p.household_id"):
    for n in (nik, kk):
        if n:
            nums.setdefault(n, village)
facts = {
    "base": "$B", "users": users, "numbers": nums,
    "NA": "$NA", "KA": "$KA", "ND": "$ND", "KD": "$KD", "NC": "$NC", "NY": "$NY", "KY": "$KY",
    "NX": "$NX", "KX": "$KX", "VH": "$VH", "VS": "$VS", "VTWO": "$VTWO",
    "IA": one("SELECT id FROM person WHERE nik = ?", "$NA"),
    "ID": one("SELECT id FROM person WHERE nik = ?", "$ND"),
    "IC": one("SELECT id FROM person WHERE nik = ?", "$NC"),
    "HA": one("SELECT id FROM household WHERE kk = ?", "$KA"),
    "HD": one("SELECT id FROM household WHERE kk = ?", "$KD"),
    "MA": one("SELECT m.id FROM membership m JOIN person p ON p.id = m.person_id WHERE p.nik = '6474011505150001'"),
    "MC": one("SELECT m.id FROM membership m JOIN person p ON p.id = m.person_id WHERE p.nik = ?", "$NC"),
    "B1": int("$B1"), "B2": int("$B2"), "CARD": "$CARD",
    "EVH": int("$EVH"), "EVS": int("$EVS"),
    "IVH": one("SELECT id FROM intervention WHERE title = 'Pendampingan lansia terlantar'"),
    "IVS": one("SELECT id FROM intervention WHERE region_code = '64.72'"),
    "AGH": int("$AGH"), "AGS": int("$AGS"), "VIH": int("$VIH"), "VIS": int("$VIS"),
    "UH": one("SELECT id FROM psks_unit WHERE name = 'Tksk Rumah Satu'"),
    "US": one("SELECT id FROM psks_unit WHERE name = 'Tksk Seberang Satu'"),
    "RUS": one("SELECT r.id FROM psks_record r JOIN psks_unit u ON u.id = r.unit_id WHERE u.name = 'Tksk Seberang Satu'"),
    "MTH": one("SELECT id FROM psks_meeting WHERE place = 'Aula Rumah'"),
    "MTS": one("SELECT id FROM psks_meeting WHERE place = 'Aula Seberang'"),
    "ITH": one("SELECT i.id FROM psks_meeting_item i JOIN psks_meeting m ON m.id = i.meeting_id WHERE m.place = 'Aula Rumah'"),
    "ITS": one("SELECT i.id FROM psks_meeting_item i JOIN psks_meeting m ON m.id = i.meeting_id WHERE m.place = 'Aula Seberang'"),
    "DMH": one("SELECT id FROM dtsen_meeting WHERE village = ?", "$VH"),
    "DMS": one("SELECT id FROM dtsen_meeting WHERE village = ?", "$VS"),
    "DPH": one("SELECT id FROM dtsen_proposal WHERE village = ?", "$VH"),
    "DPS": one("SELECT id FROM dtsen_proposal WHERE village = ?", "$VS"),
    "DOH": one("SELECT id FROM dtsen_objection WHERE village = ?", "$VH"),
    "DOS": one("SELECT id FROM dtsen_objection WHERE village = ?", "$VS"),
    "DKH": one("SELECT id FROM dtsen_check WHERE region_code = ?", "$VH"),
    "DKS": one("SELECT id FROM dtsen_check WHERE region_code = ?", "$VS"),
    "DFH": one("SELECT minutes_file_id FROM dtsen_meeting WHERE village = ?", "$VH"),
    "DFS": one("SELECT minutes_file_id FROM dtsen_meeting WHERE village = ?", "$VS"),
    "DCH": one("SELECT id FROM dtsen_cycle WHERE regency = '64.74'"),
    "DCS": one("SELECT id FROM dtsen_cycle WHERE regency = '64.72'"),
    "secret_names": ["Zulaikhawati", "Tarakanita"],
    "RIZKI": one("SELECT id FROM person WHERE nik = '6474011505150001'"),
    "KORBAN": one("SELECT id FROM app_user WHERE username = 'korban'"),
    "DA": one("SELECT d.id FROM dedup_candidate d JOIN person p ON p.id IN (d.person_a, d.person_b) WHERE p.nik = ? AND d.status = 'not_same'", "$NA"),
    "DD": one("SELECT d.id FROM dedup_candidate d JOIN person p ON p.id IN (d.person_a, d.person_b) WHERE p.nik = ? AND d.status = 'not_same'", "$ND"),
    "people": {int(i): v for i, v in rows("SELECT id, village_code FROM person")},
    "households": {int(i): v for i, v in rows("SELECT id, village_code FROM household")},
}
json.dump(facts, open(sys.argv[1], "w"))
PY

# ---------------------------------------------------------------- the walk
PILAR_BACKEND=$PILAR_BACKEND python3 "$SRC/tests/integration/insider_probe.py" "$T/facts.json" >"$T/probe.out"
rc=$?
read -r pass fail < <(tail -1 "$T/probe.out")
if [ $rc -ne 0 ] || [ -z "${pass:-}" ]; then
  cat "$T/probe.out" >&2
  pass=${pass:-0} fail=$((${fail:-0} + 1))
  echo "FAIL: insider_probe.py stopped (exit $rc)" >&2
fi
summary
