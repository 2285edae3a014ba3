#!/usr/bin/env bash
# test_report_words.sh - the rakor PDF reads as a document for a meeting (issue 21 item 7): dates
# in Indonesian words, no command-line text, values written beside the cover chart's bars.
. "$(dirname "$0")/lib.sh"
need pdftotext
export PILAR_DB="$T/r.db"

expect 0 "init" init
expect 0 "region import" region import --from "$SRC/node_modules/idn-area-data/data"
expect 0 "gen" gen --people 800 --region 64.74 --seed 5 --out "$T/g.csv"
expect 0 "import" import "$T/g.csv"
expect 0 "pdf" report rakor --region 64.74 --period 2025 --compare 2024 --format pdf --out "$T/r.pdf"
pdftotext -layout "$T/r.pdf" "$T/r.txt"
has "count dates in words" "$T/r.txt" "per 31 Desember 2025\) dibanding Tahun 2024 \(per 31 Desember 2024\)"
hasnt "no ISO dates" "$T/r.txt" "[0-9]{4}-[0-9]{2}-[0-9]{2}"
hasnt "no command-line text" "$T/r.txt" "pilar [a-z]+ [a-z]+"
has "missing indicators said in words" "$T/r.txt" "Indikator BPS untuk wilayah ini belum dimuat"
# The cover chart: each district's count is written twice on page 1 (table and bar label).
pdftotext -f 1 -l 1 -raw "$T/r.pdf" "$T/p1.txt"
expect 0 "counts json" report counts --region 64.74 --date 2025-12-31 --json
first=$(jq -r '.rows[0].pmks_people' "$T/out")
n=$(grep -o -w -- "$(printf "%'d" "$first" | tr ',' '.')" "$T/p1.txt" | wc -l)
[ "$n" -ge 2 ] && ok || bad "bar label of the first row ($first) not on the cover: seen $n times"
summary
