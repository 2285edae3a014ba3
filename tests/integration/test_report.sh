#!/usr/bin/env bash
# test_report.sh - reports through the CLI: counts, period comparison, the
# rakor report as JSON, CSV, XLSX and PDF (rendered to PNG with pdftoppm),
# small-cell suppression, indicator import with row/field errors and trend,
# period sign-off locking a death date and a category until re-opened, and
# rakor interventions (overdue, follow-up, shown in next year's report).
. "$(dirname "$0")/lib.sh"
need jq pdftoppm pdfinfo
export PILAR_DB="$T/report.db"

expect 0 "init" init
expect 0 "region import" region import --from "$SRC/node_modules/idn-area-data/data"
expect 0 "gen" gen --people 3000 --region 64 --seed 11 --out "$T/g.csv"
run import "$T/g.csv"
is "import" "$rc" 0

# Counts on a date and the comparison of two periods.
expect 0 "counts json" report counts --region 64 --date 2025-06-30 --json
is "count date" "$(jq -r .count_date "$T/out")" "2025-06-30"
is "regencies" "$(jq '.rows | length' "$T/out")" 10
total=$(jq '.total.pmks_people' "$T/out")
sum=$(jq '[.rows[].pmks_people] | add' "$T/out")
is "total = sum of regencies" "$total" "$sum"
[ "$total" -gt 0 ] && ok || bad "no PMKS counted"
cp "$T/out" "$T/c64.json"
# The nation (the command line's whole view; docs/scale.md): one row per province, only 64 has
# people, and its row is the province report's total.
expect 0 "counts of the nation" report counts --region "" --date 2025-06-30 --json
is "the nation's name" "$(jq -r .region_name "$T/out")" Indonesia
is "one row per province" "$(jq '.rows | length' "$T/out")" "$(jq -n '38')"
is "the nation's total is 64's" "$(jq '.total.pmks_people' "$T/out")" "$total"
is "64's row is the province's total" "$(jq -c '.rows[] | select(.code == "64") | .categories' "$T/out")" \
  "$(jq -c '.total.categories' "$T/c64.json")"
expect 0 "counts village level" report counts --region 64.74.01 --level 4 --json
is "drill-down to villages" "$(jq -r '.rows[0].code | length' "$T/out")" 13
expect 0 "compare text" report compare --region 64 --period 2025 --compare 2022 --top 5
has "compare header" "$T/out" "Perubahan PMKS di Kalimantan Timur: Tahun 2025"
has "compare total" "$T/out" "^Jumlah: "
expect 1 "compare needs both periods" report compare --region 64 --period 2025
expect 1 "bad period" report rakor --region 64 --period 2025-Q5 --format json

# Indicators: good rows stored, bad rows listed with row, column and reason.
cat >"$T/ind.csv" <<'CSV'
kode_wilayah,tahun,indikator,nilai,sumber
64.74,2024,persentase_penduduk_miskin,"4,53",BPS Kota Bontang
64.74,2025,persentase_penduduk_miskin,4.21,BPS Kota Bontang
6474,2025,ipm,81.2,BPS
64.74,2025,gini,1.7,BPS
64.74,20x5,tpt,5.1,BPS
64.99,2025,tpt,5.1,BPS
64.74,2025,kemiskinan,5,BPS
CSV
expect 1 "indicator import with errors" indicator import "$T/ind.csv" --json
is "indicators stored" "$(jq .disimpan "$T/out")" 3
is "indicators rejected" "$(jq .ditolak "$T/out")" 4
is "gini row" "$(jq -c '.galat[0] | [.baris, .kolom]' "$T/out")" '[5,"nilai"]'
is "year row" "$(jq -c '.galat[1] | [.baris, .kolom]' "$T/out")" '[6,"tahun"]'
is "region row" "$(jq -r '.galat[2].kolom' "$T/out")" "kode_wilayah"
is "name row" "$(jq -r '.galat[3].kolom' "$T/out")" "indikator"
expect 0 "indicator list trend" indicator list --region 64.74 --trend
has "trend shows Indonesian decimals" "$T/out" "4,21%"
has "trend shows change" "$T/out" "0,32"

# Period sign-off: a death date inside 2024 in Bontang is refused until re-opened.
expect 0 "approve" period approve --region 64.74 --period 2024 --note "rakor 2025"
expect 1 "approve twice" period approve --region 64.74 --period 2024
expect 1 "approve a province" period approve --region 64 --period 2024
expect 0 "find a Bontang person" person search --region 64.74 --limit 1 --json
pid=$(jq -r '.items[0].id' "$T/out")
expect 1 "death date in locked period" person update "$pid" --death-date 2024-05-01
has "locked message" "$T/err" "disahkan"
expect 1 "category in locked period" person update "$pid" --pmks-add 13@2024-02-02
has "locked message (category)" "$T/err" "terkunci|disahkan"
expect 0 "category after the period" person update "$pid" --pmks-add 13@2025-02-02
expect 0 "province status" period status --region 64 --period 2024
has "status counts" "$T/out" "1 dari 10 kabupaten/kota"
expect 0 "report shows sign-off" report rakor --region 64 --period 2024 --compare 2023 --format json
is "approved regencies" "$(jq .approved_count "$T/out")" 1
is "Bontang approved" "$(jq '.rows[] | select(.code == "64.74") | .approved' "$T/out")" true
expect 1 "reopen needs a reason" period reopen --region 64.74 --period 2024
expect 0 "reopen" period reopen --region 64.74 --period 2024 --reason "koreksi kematian"
expect 0 "death date after reopen" person update "$pid" --death-date 2024-05-01
expect 0 "history" period status --region 64.74 --json
is "reopen recorded" "$(jq -r '.[0].dibuka.alasan' "$T/out")" "koreksi kematian"

# Rakor and interventions.
expect 0 "rakor 2024" rakor add --year 2024 --host 64 --date 2024-03-12 --theme "Kemiskinan ekstrem"
expect 0 "problem" rakor problem --year 2024 --region 64.74 --category 24 --text "Data fakir miskin belum mutakhir"
expect 0 "intervention" intervention add --year 2024 --region 64.74 --category 24 \
    --title "Verifikasi ulang fakir miskin" --level kabupaten-kota --owner "Dinsos Bontang" \
    --budget 150000000 --due 2024-09-30 --json
iv=$(jq -r .id "$T/out")
expect 1 "bad level" intervention add --region 64.74 --title X --level desa
expect 1 "title too long is refused, not cut" intervention add --region 64.74 --level pusat \
    --title "$(head -c 600 /dev/zero | tr '\0' x)"
has "too long names the field" "$T/err" "title"
expect 1 "rakor date with trailing text refused" rakor add --year 2030 --host 64 --date 2030-03-122
expect 0 "rakor list" rakor list --year 2024 --json
is "rakor problems listed with English keys" "$(jq -r '.[0].problems[0].text' "$T/out")" "Data fakir miskin belum mutakhir"
is "intervention JSON" "$(jq -r "[.[] | select(.id == $iv)][0].budget" <<<"$($PILAR intervention list --json)")" 150000000
expect 0 "overdue" intervention overdue --date 2024-10-01 --json
is "one overdue" "$(jq length "$T/out")" 1
expect 0 "follow-up" intervention update "$iv" --status berjalan --note "Tim turun ke kelurahan" --date 2024-06-01
expect 0 "report 2025" report rakor --region 64 --period 2025 --compare 2024 --format json
is "last year's intervention in report" "$(jq -r '.interventions_last_year[0].status' "$T/out")" berjalan
is "its follow-up" "$(jq -r '.interventions_last_year[0].last_note.text' "$T/out")" "Tim turun ke kelurahan"

# Viewer: counts 1..4 never appear as numbers.
expect 0 "viewer json" report rakor --region 64 --period 2025 --compare 2024 --format json --viewer
small=$(jq '[.. | objects | (.people?, .people_compare?, .pmks_people?) | select(type == "number" and . >= 1 and . <= 4)] | length' "$T/out")
is "no small numbers for viewers" "$small" 0
has "suppressed cells" "$T/out" '"hidden":true'
is "a suppressed cell is null" "$(jq '[.. | objects | select(.hidden == true) | .people?, .people_compare?, .pmks_people? | select(. == null)] | length > 0' "$T/out")" true
expect 0 "viewer csv" report rakor --region 64 --period 2025 --compare 2024 --format csv --viewer --out "$T/rv.csv"
has "csv shows <5" "$T/rv.csv" '<5'

# Files: CSV, XLSX, PDF.
expect 0 "csv" report rakor --region 64 --period 2025 --compare 2024 --format csv --out "$T/r.csv"
is "csv lines" "$(wc -l <"$T/r.csv")" $(( (10 + 1) * 26 + 1 ))
has "csv header" "$T/r.csv" "kode_wilayah,nama_wilayah,kode_kategori"
expect 0 "xlsx" report rakor --region 64 --period 2025 --compare 2024 --format xlsx --out "$T/r.xlsx"
is "xlsx magic" "$(head -c 2 "$T/r.xlsx")" "PK"
expect 1 "pdf needs --out" report rakor --region 64 --period 2025 --format pdf
expect 0 "pdf" report rakor --region 64 --period 2025 --compare 2024 --format pdf --out "$T/r.pdf"
pages=$(pdfinfo "$T/r.pdf" | awk '/^Pages:/ {print $2}')
# The PSKS section (issue 20) follows: Kalimantan Timur's 105 districts and the total, 4 pages.
is "pdf pages (summary + 10 regencies + interventions + 2 of program coverage + 4 of PSKS)" "$pages" 18
is "pdf coverage pages" "$(pdftotext -f 13 -l 14 "$T/r.pdf" - | grep -o 'Cakupan program' | wc -l)" 2
is "pdf PSKS pages last" "$(pdftotext -f 15 -l 18 "$T/r.pdf" - | grep -o 'PSKS: cakupan terhadap kebutuhan' | wc -l)" 4
has "pdf PSKS total row" <(pdftotext -f 18 -l 18 "$T/r.pdf" -) "JUMLAH"
pdftoppm -r 40 -png -f 1 -l 2 "$T/r.pdf" "$T/page" 2>"$T/err"
is "pdftoppm" "$?" 0
n=$(ls "$T"/page-*.png 2>/dev/null | wc -l)
is "png pages" "$n" 2
for f in "$T"/page-*.png; do
    size=$(stat -c %s "$f")
    [ "$size" -gt 5000 ] && ok || bad "PNG $f too small ($size bytes)"
done

# Counts of one province across a death and a move to another province (the PostgreSQL
# province form reads the province's partitions, the dead from their own index and the people
# who moved out through the registry, and a family's members wherever they live: Eka, of a
# Bontang family, lives in Kalimantan Utara): the same figures on both backends.
M_DB="$T/moves.db"
PILAR_DB="$M_DB" expect 0 "moves: init" init
PILAR_DB="$M_DB" expect 0 "moves: regions" region import --from "$SRC/node_modules/idn-area-data/data"
cat >"$T/moves.csv" <<'CSV'
nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude
6474010101800001,6474010101200001,Ahmad Yani,Bontang,1980-01-01,L,Kepala Keluarga,Siti,Jl. A,001,001,64.74.01.1001,9@2020-01-01;24@2020-01-01,,,
6474010202750001,6474010101200001,Budi Santoso,Bontang,1975-02-02,L,Famili Lain,Aminah,Jl. A,001,001,64.74.01.1001,9@2020-01-01,,,
6474014303900001,6474010101200001,Citra Dewi,Bontang,1990-03-03,P,Anak,Siti,Jl. A,001,001,64.74.01.1001,9@2020-01-01,,,
6571014505850001,6474010101200001,Eka Putri,Tarakan,1985-05-05,P,Famili Lain,Rina,Jl. C,003,003,65.71.01.1002,,,,
6571010404700001,6571010101200001,Dedi Kurnia,Tarakan,1970-04-04,L,Kepala Keluarga,Rina,Jl. B,002,002,65.71.01.1001,,,,
CSV
PILAR_DB="$M_DB" expect 0 "moves: import" import "$T/moves.csv"
PILAR_DB="$M_DB" expect 0 "moves: Budi dies" person update 6474010202750001 --death-date 2025-03-01
# Citra joins a family in Kalimantan Utara today: her residence in Bontang closes today.
PILAR_DB="$M_DB" expect 0 "moves: Citra moves" person update 6474014303900001 --kk 6571010101200001
# [PMKS people, category 9 people, [category 24 households, their living members]]
msig() {
    PILAR_DB="$M_DB" $PILAR report counts --region "$1" --date "$2" --json >"$T/msig" 2>&1 || { echo "error"; return; }
    jq -c '[.total.pmks_people, (.total.categories[] | select(.category == 9) | .people),
            (.total.categories[] | select(.category == 24) | [.households, .people])]' "$T/msig"
}
is "moves: 64 before" "$(msig 64 2024-12-31)" "[6,3,[1,3]]"
is "moves: 64 after the death, Citra counted where she lived" "$(msig 64 2025-12-31)" "[4,2,[1,2]]"
is "moves: regency the same" "$(msig 64.74 2025-12-31)" "[4,2,[1,2]]"
is "moves: 65 before the move" "$(msig 65 2025-12-31)" "[0,0,[0,0]]"
today=$(date -u +%F)
is "moves: 64 today" "$(msig 64 "$today")" "[3,1,[1,2]]"
is "moves: 65 today" "$(msig 65 "$today")" "[1,1,[0,0]]"
# The rakor report's PSKS need comes from its own counting pass; psks coverage counts the
# whole country: the same need per district, with and without small cells hidden.
for v in "" --viewer; do
    PILAR_DB="$M_DB" expect 0 "moves: rakor $v" report rakor --region 64 --period 2025 --format json $v
    jq -c '[.psks_coverage.total.need, [.psks_coverage.rows[] | [.code, .need]]]' "$T/out" >"$T/need1"
    PILAR_DB="$M_DB" expect 0 "moves: psks coverage $v" psks coverage --region 64 --date 2025-12-31 --json $v
    jq -c '[.total.need, [.rows[] | select(.level <= 3) | [.code, .need]]]' "$T/out" >"$T/need2"
    is "moves: rakor PSKS need = psks coverage $v" "$(cat "$T/need1")" "$(cat "$T/need2")"
done
is "moves: the viewer does not see the small need" "$(jq -c '.[0]' "$T/need1")" "null"

summary
