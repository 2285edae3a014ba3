#!/usr/bin/env bash
# test_psks_coverage.sh - issue 20, items 4 and 6. PSKS coverage against need on
# small data with known answers (CLI, JSON, CSV, XLSX, the public view), and the
# rakor's interventions written through the API: create with links, change with
# an optimistic version (409 when stale), follow-up notes, permissions, scope
# (out of scope answers like absent), and last year's interventions in the report.
. "$(dirname "$0")/lib.sh"
need jq
export PILAR_DB="$T/cov.db"
$PILAR init >/dev/null || exit 1
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || exit 1

# Bontang Utara (64.74.01) has 6 villages. V1 Bontang Kuala: 6 fakir miskin; V2 Bontang
# Baru: 2. Samarinda: 1.
V1=64.74.01.1001 V2=64.74.01.1002 VS=64.72.01.1001
NAMES=(x Ahmad Budi Citra Dodi Evi Fajar Gita Hadi)
{
  echo "nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude"
  for i in 1 2 3 4 5 6; do
    echo "6474010${i}0170000$i,647401010121000$i,${NAMES[$i]} Kuala,Bontang,1970-01-0$i,L,Kepala Keluarga,Ibu,Jl. $i,001,001,$V1,24@2020-01-01,,,"
  done
  for i in 7 8; do
    echo "6474010${i}0170000$i,647401010121000$i,${NAMES[$i]} Baru,Bontang,1970-01-0$i,L,Kepala Keluarga,Ibu,Jl. $i,001,001,$V2,24@2020-01-01,,,"
  done
  echo "6472014707660001,6472010101210004,Dewi Samarinda,Samarinda,1966-07-07,P,Kepala Keluarga,Ibu,Jl. 9,001,001,$VS,24@2020-01-01,,,"
} >"$T/people.csv"
expect 0 "import" import "$T/people.csv" --json
is "9 people imported" "$(q "SELECT count(*) FROM person")" 9

# PSKS: a TKSK for the whole district, two PSM in V1, a Tagana in V2, a PSM in V2 whose
# service ended, a PSM in Samarinda.
unit() { $PILAR psks add --json "$@" | jq -r .id; }
U_TKSK=$(unit --type 11 --name "Tksk Utara" --area 64.74.01 --lat 0.13 --lon 117.49)
U_PSM1=$(unit --type 2 --name "Psm Satu" --area $V1)
U_PSM2=$(unit --type 2 --name "Psm Dua" --area $V1)
U_TAG=$(unit --type 3 --name "Tagana Baru" --area $V2 --lat 0.14 --lon 117.48)
U_OLD=$(unit --type 2 --name "Psm Lama" --area $V2)
U_SMD=$(unit --type 2 --name "Psm Samarinda" --area $VS)
expect 0 "end a PSM's service" psks update "$U_OLD" --until 2021-12-31

# Disasters: one registered by V2 last year, one by V1 twelve years ago.
cat >"$T/area.geojson" <<'GJ'
{"type":"Polygon","coordinates":[[[117.40,0.10],[117.50,0.10],[117.50,0.20],[117.40,0.20],[117.40,0.10]]]}
GJ
Y=$(date +%Y)
expect 0 "disaster V2" disaster add --type banjir --date $((Y - 1))-02-01 --geojson "$T/area.geojson" --region $V2
expect 0 "old disaster V1" disaster add --type longsor --date $((Y - 12))-03-01 --geojson "$T/area.geojson" --region $V1

# ------------------------------------------------------------------ coverage, CLI
expect 0 "coverage json" psks coverage --region 64.74.01 --json
cp "$T/out" "$T/cov.json"
row() { jq -c --arg c "$1" '.rows[] | select(.code == $c) | '"$2" "$T/cov.json"; }
is "rows: district then its 6 villages" "$(jq -c '[.rows[].code] | .[0:2]' "$T/cov.json")" "[\"64.74.01\",\"$V1\"]"
is "row count" "$(jq '.rows | length' "$T/cov.json")" 7
is "V1 figures" "$(row $V1 '[.need,.tksk,.psm,.tagana,.need_per_tksk,.need_per_psm,.units,.prone_villages]')" '[6,1,2,0,6,3,2,0]'
is "V2 figures (ended PSM left out)" "$(row $V2 '[.need,.tksk,.psm,.tagana,.need_per_psm,.units,.prone_villages,.prone_without_tagana,.disasters]')" '[2,1,0,1,null,1,1,0,1]'
is "a village without PSKS" "$(row 64.74.01.1003 '[.need,.tksk,.units,.villages_without_psks]')" '[0,1,0,1]'
is "district roll-up" "$(row 64.74.01 '[.need,.tksk,.psm,.tagana,.units,.villages,.villages_without_psks,.prone_villages,.prone_without_tagana]')" '[8,1,2,1,4,6,4,1,0]'
is "district ratio" "$(row 64.74.01 '.need_per_psm')" 4
is "total is the district" "$(jq -c '.total | [.code,.need,.villages_without_psks]' "$T/cov.json")" '["64.74.01",8,4]'
expect 0 "20-year window makes V1 prone" psks coverage --region 64.74.01 --years 20 --json
is "prone with 20 years" "$(jq -c '.total | [.prone_villages,.prone_without_tagana]' "$T/out")" '[2,1]'
expect 0 "regency coverage" psks coverage --region 64.74 --json
is "regency rows: 3 districts + 15 villages" "$(jq '.rows | length' "$T/out")" 18
is "regency total" "$(jq -c '.total | [.need,.tksk,.psm,.units,.villages,.villages_without_psks]' "$T/out")" '[8,1,2,4,15,13]'
is "Bontang Selatan has no TKSK" "$(jq -c '.rows[] | select(.code == "64.74.02") | [.tksk,.need_per_tksk]' "$T/out")" '[0,null]'
expect 0 "viewer view" psks coverage --region 64.74.01 --viewer --json
is "viewer: V2's 2 people hidden" "$(jq -c --arg c $V2 '.rows[] | select(.code == $c) | [.need,.need_hidden,.need_per_tksk]' "$T/out")" '[null,true,null]'
is "viewer: small cells flagged" "$(jq .small_cells_hidden "$T/out")" true
expect 0 "text" psks coverage --region 64.74.01
has "text header" "$T/out" "Cakupan PSKS 64.74.01 Bontang Utara"
has "text: village without PSKS" "$T/out" "tanpa PSKS"
has "text: prone village" "$T/out" "rawan bencana"
expect 0 "csv" psks coverage --region 64.74.01 --viewer --format csv --out "$T/cov.csv"
has "csv header" "$T/cov.csv" "kode_wilayah,nama_wilayah,tingkat,penduduk_pmks,tksk,psm"
has "csv hidden count" "$T/cov.csv" "$V2,Bontang Baru,desa,<5,1,0,1,,,1,1,0,1,0,1"
expect 1 "bad region" psks coverage --region 64.99
expect 1 "bad years" psks coverage --region 64.74 --years 0

# ------------------------------------------------------------------ server
$PILAR program add HKX --name "Bantuan Keluarga Uji" --level provinsi --household \
  --amount 500000 --frequency sekali --categories 24 >/dev/null || exit 1
$PILAR rakor add --year $((Y - 1)) --host 64 --date $((Y - 1))-03-12 --theme "Kemiskinan" >/dev/null || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
echo 'kota-btg-kunci1' | $PILAR user add bontang --role regency --scope 64.74 >/dev/null || exit 1
echo 'kota-smd-kunci1' | $PILAR user add samarinda --role regency --scope 64.72 >/dev/null || exit 1
echo 'kuala-kunci-123' | $PILAR user add desa --role village --scope $V1 >/dev/null || exit 1
echo 'kaltim-kunci-12' | $PILAR user add prov --role province --scope 64 >/dev/null || exit 1
echo 'pantau-kunci-12' | $PILAR user add lihat --role viewer >/dev/null || exit 1
TB=$($PILAR user token bontang) TS=$($PILAR user token samarinda) TD=$($PILAR user token desa)
TP=$($PILAR user token prov) TL=$($PILAR user token lihat)
start_server --data-dir "$T/data"
H() { echo "Authorization: Bearer $1"; }
st() { if [ "$STATUS" = "$2" ]; then ok; else bad "$1: status $STATUS, want $2: $(head -c 300 "$T/body")"; fi; }

req GET "$A/psks/coverage?region=64.74.01" -H "$(H "$TB")"
st "GET coverage" 200
is "API = CLI" "$(jq -c '.rows' "$T/body")" "$(jq -c '.rows' "$T/cov.json")"
req GET "$A/psks/coverage?region=64.74.01" -H "$(H "$TL")"
st "viewer coverage" 200
is "viewer: hidden over HTTP" "$(jq -c --arg c $V2 '.rows[] | select(.code == $c) | .need' "$T/body")" null
req GET "$A/psks/coverage?region=64.72" -H "$(H "$TB")"
st "coverage outside scope" 403
req GET "$A/psks/coverage?region=64.74.01&format=csv" -H "$(H "$TB")"
st "coverage csv" 200
has "csv over HTTP" "$T/body" "^64.74.01,Bontang Utara,kecamatan,8,1,2,1,8.0,4.0,4,6,4,1,0,1"
req GET "$A/psks/coverage?region=64.74.01&format=xlsx" -H "$(H "$TB")"
st "coverage xlsx" 200
is "xlsx is a zip" "$(head -c 2 "$T/body")" "PK"

# ------------------------------------------------------------------ interventions
body='{"region":"64.74","title":"Pendampingan fakir miskin Bontang Kuala","level":"kabupaten-kota","owner":"Dinsos Bontang","budget":25000000,"due_date":"'$Y'-09-30","category":24,"year":'$((Y - 1))',"psks":['$U_TKSK','$U_PSM1'],"programs":["HKX"]}'
req POST "$A/interventions" -H "$(H "$TB")" "${J[@]}" -d "$body"
st "create" 201
IV=$(jq .id "$T/body")
is "created fields" "$(jq -c '[.version,.status,.rakor_year,.owner,.budget,(.psks|map(.name)),(.programs|map(.program))]' "$T/body")" \
  "[1,\"direncanakan\",$((Y - 1)),\"Dinsos Bontang\",25000000,[\"Psm Satu\",\"Tksk Utara\"],[\"HKX\"]]"
is "links stored" "$(q "SELECT count(*) FROM intervention_psks WHERE intervention_id = $IV")" 2
is "links audited" "$(q "SELECT count(*) FROM audit WHERE entity = 'intervention_psks' AND action = 'insert'")" 2
req POST "$A/interventions" -H "$(H "$TB")" "${J[@]}" -d '{"region":"64.72","title":"x","level":"kabupaten-kota"}'
st "create outside scope" 403
req POST "$A/interventions" -H "$(H "$TB")" "${J[@]}" -d '{"region":"64.74","title":"x","level":"kabupaten-kota","psks":['$U_SMD']}'
st "link a unit outside scope" 422
body_has "tidak dikenal" && ok || bad "outside unit answers as unknown"
req POST "$A/interventions" -H "$(H "$TB")" "${J[@]}" -d '{"region":"64.74","title":"x","level":"kabupaten-kota","psks":[999999]}'
st "link an absent unit" 422
req POST "$A/interventions" -H "$(H "$TB")" "${J[@]}" -d '{"region":"64.74","title":"","level":"kabupaten-kota"}'
st "title required" 422
req POST "$A/interventions" -H "$(H "$TD")" "${J[@]}" -d '{"region":"'$V1'","title":"x","level":"kabupaten-kota"}'
st "village operator may not plan" 403
req POST "$A/interventions" -H "$(H "$TL")" "${J[@]}" -d '{"region":"64.74","title":"x","level":"kabupaten-kota"}'
st "viewer may not plan" 403
req POST "$A/interventions" -H "$(H "$TP")" "${J[@]}" -d '{"region":"64","title":"Rakor provinsi: data terpadu","level":"provinsi"}'
st "province plans" 201
req GET "$A/me" -H "$(H "$TP")"
is "province has plan" "$(jq -c '.permissions | index("plan") != null' "$T/body")" true

req PATCH "$A/interventions/$IV" -H "$(H "$TB")" "${J[@]}" -d '{"version":1,"status":"berjalan","note":"Pendamping sudah ditugaskan","noted_on":"'$Y'-01-15","psks":['$U_TKSK']}'
st "patch" 200
is "patched" "$(jq -c '[.version,.status,.last_note.text,(.notes|length),(.psks|length),(.programs|length)]' "$T/body")" \
  '[2,"berjalan","Pendamping sudah ditugaskan",1,1,0]'
req PATCH "$A/interventions/$IV" -H "$(H "$TB")" "${J[@]}" -d '{"version":1,"status":"selesai"}'
st "stale version" 409
is "stale changed nothing" "$(q "SELECT status || version FROM intervention WHERE id = $IV")" "berjalan2"
req PATCH "$A/interventions/$IV" -H "$(H "$TB")" "${J[@]}" -d '{"version":2,"budget":null,"due_date":null,"owner":"Bidang Linjamsos"}'
st "clear budget and due date" 200
is "cleared" "$(jq -c '[.version,.budget,.due_date,.owner,.status]' "$T/body")" '[3,null,null,"Bidang Linjamsos","berjalan"]'
req PATCH "$A/interventions/$IV" -H "$(H "$TB")" "${J[@]}" -d '{"version":3,"region":"64.72"}'
st "move outside scope" 403
req PATCH "$A/interventions/$IV" -H "$(H "$TB")" "${J[@]}" -d '{"version":3,"status":"tamat"}'
st "bad status" 422
req PATCH "$A/interventions/$IV" -H "$(H "$TB")" "${J[@]}" -d '{"status":"selesai"}'
st "version required" 422

# Scope: Samarinda sees Bontang's intervention exactly like an absent one.
req PATCH "$A/interventions/$IV" -H "$(H "$TS")" "${J[@]}" -d '{"version":3,"status":"batal"}'
st "patch outside scope" 404
sed "s/$IV/ID/g" "$T/body" >"$T/hidden"
req PATCH "$A/interventions/999999" -H "$(H "$TS")" "${J[@]}" -d '{"version":3,"status":"batal"}'
st "patch absent" 404
sed "s/999999/ID/g" "$T/body" >"$T/absent"
cmp -s "$T/hidden" "$T/absent" && ok || bad "PATCH: out of scope and absent differ"
req GET "$A/interventions/$IV" -H "$(H "$TS")"
st "get outside scope" 404
req GET "$A/interventions/$IV" -H "$(H "$TB")"
st "get" 200
is "get shows the note" "$(jq -r '.notes[0].text' "$T/body")" "Pendamping sudah ditugaskan"
is "status unchanged by Samarinda" "$(q "SELECT status FROM intervention WHERE id = $IV")" "berjalan"

# Last year's interventions with their status in this year's report.
req GET "$A/reports/rakor?region=64.74&period=$Y" -H "$(H "$TB")"
st "rakor report" 200
is "last year's intervention in the report" "$(jq -c --argjson i "$IV" '.interventions_last_year[] | select(.id == $i) | [.status,.rakor_year]' "$T/body")" "[\"berjalan\",$((Y - 1))]"
is "PSKS section in the report" "$(jq -c '.psks_coverage.total | [.need,.units,.villages_without_psks]' "$T/body")" '[8,4,13]'
req GET "$A/reports/rakor?region=64.74&period=$Y&format=pdf" -H "$(H "$TB")"
st "rakor pdf" 200

# CLI: links replaced in one step.
expect 0 "cli link" intervention link "$IV" --psks "$U_PSM1,$U_PSM2" --program HKX --json
is "cli link version" "$(jq .version "$T/out")" 4
is "cli links stored" "$(q "SELECT group_concat(psks_id) FROM (SELECT psks_id FROM intervention_psks WHERE intervention_id = $IV ORDER BY psks_id) x")" "$U_PSM1,$U_PSM2"
expect 1 "cli link stale" intervention link "$IV" --psks "$U_PSM1" --version 1

summary
