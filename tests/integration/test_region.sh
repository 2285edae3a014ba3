#!/usr/bin/env bash
# test_region.sh - the region tree through the CLI: import of the official
# idn-area-data tree (counts, idempotence), show by dotted / plain / former
# code, search, and refusals.
. "$(dirname "$0")/lib.sh"
need jq
export PILAR_DB="$T/region.db"

expect 0 "init" init
expect 0 "region import" region import --from "$AREA" --json
is "provinces" "$(jq -r .provinces "$T/out")" 38
is "regencies" "$(jq -r .regencies "$T/out")" 514
is "districts" "$(jq -r .districts "$T/out")" 7285
is "villages" "$(jq -r .villages "$T/out")" 83762

# Twice: the same tree, nothing duplicated.
expect 0 "region import again" region import --from "$AREA" --json
is "villages after second import" "$(jq -r .villages "$T/out")" 83762
expect 0 "status" status --json
is "status provinces" "$(jq -r .regions.provinces "$T/out")" 38
is "status villages" "$(jq -r .regions.villages "$T/out")" 83762
is "no people" "$(jq -r .people "$T/out")" 0

# Show: dotted and plain codes, children, parent.
expect 0 "region show 64.74" region show 64.74 --json
is "64.74 name" "$(jq -r .name "$T/out")" "Kota Bontang"
is "64.74 parent" "$(jq -r .parent "$T/out")" "64"
is "64.74 level" "$(jq -r .level "$T/out")" 2
is "64.74 children" "$(jq -r '.children | length' "$T/out")" 3
is "64.74 first child" "$(jq -r '.children[0].code' "$T/out")" "64.74.01"
expect 0 "region show 6474" region show 6474 --json
is "6474 normalised" "$(jq -r .code "$T/out")" "64.74"
expect 0 "region show village" region show 6474011001 --json
is "village code" "$(jq -r .code "$T/out")" "64.74.01.1001"
is "village level" "$(jq -r .level "$T/out")" 4
expect 0 "region show 64.74 text" region show 64.74
has "text names Bontang" "$T/out" "Kota Bontang"
has "text lists Bontang Utara" "$T/out" "64\.74\.01 +Bontang Utara"
expect 0 "region show 65 (Kalimantan Utara)" region show 65 --json
is "65 name" "$(jq -r .name "$T/out")" "Kalimantan Utara"

# Former codes (North Kalimantan split from East Kalimantan in 2012).
expect 0 "former 64.04" region show 64.04 --json
is "64.04 former" "$(jq -r .former "$T/out")" true
is "64.04 now" "$(jq -r .current_code "$T/out")" "65.01"
expect 0 "former 64.04 text" region show 64.04
has "former text points to 65.01" "$T/out" "65\.01"
# Every former code points at a current North Kalimantan regency of the same name.
for code in 64.05 64.06 64.10 64.73; do
    expect 0 "former $code" region show "$code" --json
    now=$(jq -r .current_code "$T/out")
    name=$(jq -r .name "$T/out")
    is "former $code is North Kalimantan" "${now%%.*}" 65
    expect 0 "current $now" region show "$now" --json
    is "former $code name matches $now" "$(jq -r .name "$T/out")" "$name"
done

# Search by name (case-insensitive) and by code prefix.
expect 0 "search bontang" region search bontang --json
is "search first hit" "$(jq -r '.items[0].code' "$T/out")" "64.74"
has "search finds Bontang Kuala" "$T/out" '"Bontang Kuala"'
is "search all mention bontang" "$(jq '(.items | length) as $n | [.items[] | select(.name | ascii_downcase | contains("bontang"))] | length == $n' "$T/out")" true
expect 0 "search BONTANG text" region search BONTANG
has "search text" "$T/out" "Kota Bontang"
expect 0 "search limit" region search bontang --limit 2 --json
is "search limit 2" "$(jq '.items | length' "$T/out")" 2
for text in "n%" "n_" "%%"; do
    expect 0 "search $text" region search "$text" --json
    is "search $text is literal" "$(jq '.items | length' "$T/out")" 0
done
expect 1 "search too short" region search b
has "too short message" "$T/err" "minimal"

# Refusals.
expect 1 "unknown region" region show 64.99
has "unknown region message" "$T/err" "tidak ditemukan"
expect 1 "bad region code" region show 64.7x
expect 1 "import from a missing directory" region import --from "$T/nowhere"
has "missing dir message" "$T/err" "tidak ditemukan"
expect 1 "region show without code" region show

summary
