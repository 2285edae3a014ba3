#!/usr/bin/env bash
# test_demo_data.sh - what scripts/demo.sh loads besides people: the BPS
# indicators of data/indicators (every row loads, with its source, and the
# rakor report's indicator table shows them), the generator's PSKS units
# through `pilar psks import` (and that command's refusals), and the
# generator's options for people without NIK and same-card duplicates as the
# CLI writes them.
. "$(dirname "$0")/lib.sh"
need jq
export PILAR_DB="$T/p.db"
DATA="$SRC/data/indicators/kaltim-kaltara.csv"

expect 0 "init" init
expect 0 "region import" region import --from "$AREA"

# ------------------------------------------------------------ indicators
rows=$(($(wc -l <"$DATA") - 1))
check "indicator rows present" test "$rows" -gt 50
check "every row has a source" python3 - "$DATA" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
bad = [r for r in rows if not r['sumber'].strip() or not r['nilai'].strip()
       or not r['kode_wilayah'].startswith(('64', '65'))]
sys.exit(1 if bad else 0)
EOF
expect 0 "indicator import" indicator import "$DATA" --json
is "all stored" "$(jq -r .disimpan "$T/out")" "$rows"
is "none rejected" "$(jq -r .ditolak "$T/out")" 0
is "sources kept" "$(q "SELECT count(*) FROM indicator WHERE source = ''")" 0
expect 0 "import again replaces" indicator import "$DATA" --json
is "replaced, not added" "$(jq -r .diganti "$T/out")" "$rows"
expect 0 "rakor report with indicators" report rakor --region 64 --period 2024 --compare 2023 \
  --format json --out "$T/rakor.json"
is "Samarinda IPM 2024" "$(jq -r '.rows[] | select(.code == "64.72") | .indicators.ipm.value' "$T/rakor.json")" 83.11
is "Samarinda IPM 2023" "$(jq -r '.rows[] | select(.code == "64.72") | .indicators.ipm.value_compare' "$T/rakor.json")" 82.61
is "province poverty 2024" "$(jq -r '.total.indicators.persentase_penduduk_miskin.value' "$T/rakor.json")" 5.78
check "every regency of 64 has an indicator" test \
  "$(jq '[.rows[] | select((.indicators | length) > 0)] | length' "$T/rakor.json")" = \
  "$(jq '.rows | length' "$T/rakor.json")"
expect 0 "rakor PDF" report rakor --region 64 --period 2024 --compare 2023 --format pdf --out "$T/rakor.pdf"
if command -v pdftotext >/dev/null; then
  pdftotext "$T/rakor.pdf" "$T/rakor.txt"
  hasnt "PDF indicator table not empty" "$T/rakor.txt" "Belum ada indikator"
fi

# ------------------------------------------------------------------ PSKS
expect 0 "gen with PSKS" gen --people 500 --region 64.74,65.71 --seed 3 --today 2026-01-01 \
  --out "$T/g.csv" --psks "$T/psks.csv" --json
units=$(jq -r .psks_units "$T/out")
is "PSKS file lines" "$(($(wc -l <"$T/psks.csv") - 1))" "$units"
expect 0 "psks import dry run" psks import "$T/psks.csv" --dry-run --json
is "dry run stores nothing" "$(q "SELECT count(*) FROM psks_unit")" 0
expect 0 "psks import" psks import "$T/psks.csv" --json
is "all units registered" "$(jq -r .disimpan "$T/out")" "$units"
districts=$(q "SELECT count(*) FROM region WHERE level = 3 AND (code LIKE '64.74.%' OR code LIKE '65.71.%')")
villages=$(q "SELECT count(*) FROM region WHERE level = 4 AND (code LIKE '64.74.%' OR code LIKE '65.71.%')")
is "a TKSK per district" "$(q "SELECT count(*) FROM psks_unit WHERE type = 11")" "$districts"
is "a Karang Taruna per village" "$(q "SELECT count(*) FROM psks_unit WHERE type = 5")" "$villages"
check "PSM in villages" test "$(q "SELECT count(*) FROM psks_unit WHERE type = 2")" -gt 0
check "CSR per regency" test "$(q "SELECT count(*) FROM psks_unit WHERE type = 12 AND length(area_code) = 5")" -ge 2
expect 0 "rakor counts PSKS" report rakor --region 64.74 --period 2026 --format json --out "$T/r2.json"
is "TKSK in the report" "$(jq -r '.total.psks.tenaga_kesejahteraan_sosial_kecamatan' "$T/r2.json")" \
  "$(q "SELECT count(*) FROM region WHERE level = 3 AND code LIKE '64.74.%'")"
is "Karang Taruna in the report" "$(jq -r '.total.psks.karang_taruna' "$T/r2.json")" \
  "$(q "SELECT count(*) FROM region WHERE level = 4 AND code LIKE '64.74.%'")"
printf 'jenis,nama,kode_wilayah\ntksk,Budi Santoso,64.74.01\nbukan_psks,X,64.74.01\n5,Karang Taruna Uji,99.99.99\npsm,Budi 123,64.74.01.1001\n' >"$T/bad.csv"
expect 1 "psks import with bad rows" psks import "$T/bad.csv" --json
is "good row stored" "$(jq -r .disimpan "$T/out")" 1
is "bad rows rejected" "$(jq -r .ditolak "$T/out")" 3
is "unknown type names its column" "$(jq -r '.galat[0].kolom' "$T/out")" jenis
is "row numbers" "$(jq -c '[.galat[].baris]' "$T/out")" "[3,4,5]"
is "bad person name names nama" "$(jq -r '.galat[2].kolom' "$T/out")" nama
printf 'nama,kode_wilayah\nX,64.74\n' >"$T/nohead.csv"
expect 1 "psks import without jenis" psks import "$T/nohead.csv"
has "names the missing column" "$T/err" "jenis"

# ------------------------------------------------ people without NIK, duplicates
expect 0 "gen without the new options" gen --people 300 --region 64.74 --seed 4 --out "$T/plain.csv"
hasnt "no reason column by default" "$T/plain.csv" "alasan_tanpa_nik"
expect 0 "gen with no-NIK and clerk duplicates" gen --people 4000 --region 64,65 --seed 4 \
  --today 2026-01-01 --no-nik-rate 0.07 --clerk-dup-rate 0.02 --out "$T/n.csv" --truth "$T/t.csv" --json
no_nik=$(jq -r .no_nik "$T/out")
check "about 7 % without NIK ($no_nik)" test "$no_nik" -ge 200 -a "$no_nik" -le 400
is "reason column last" "$(head -1 "$T/n.csv" | awk -F, '{print $NF}')" alasan_tanpa_nik
is "truth header" "$(head -1 "$T/t.csv")" "row_a,row_b,kind,same"
check "counter-cases marked same=0" grep -Eq ',(twin|namesake_son),0$' "$T/t.csv"
check "same-card duplicates marked same=1" grep -Eq 'same_kk.*,1$' "$T/t.csv"
expect 1 "bad --no-nik-rate" gen --people 10 --region 64.74 --no-nik-rate 0.5 --out "$T/x.csv"
expect 1 "bad --clerk-dup-rate" gen --people 10 --region 64.74 --clerk-dup-rate x --out "$T/x.csv"

summary
