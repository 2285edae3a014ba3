#!/usr/bin/env bash
# test_cli.sh - the command line end to end: help, init, refusals on an
# uninitialised data base, NIK checks, households and people (with every
# rejection naming its field and changing nothing), updates with history and
# optimistic locking, search, categories, PSKS, the generator and status.
. "$(dirname "$0")/lib.sh"
need jq
unset PILAR_DB
people() { "$PILAR" status --json | jq -r .people; }
# absent PATH: no data base at PATH. On PostgreSQL the path's data base exists (the PostgreSQL
# mode makes one for every path a test names): absent means no table of Pilar's in it
# (PostGIS's own spatial_ref_sys may be there).
absent() {
    if on_pg; then
        [ "$(sqlite3 "$1" "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> 'spatial_ref_sys'")" = 0 ]
    else
        [ ! -e "$1" ]
    fi
}
households() { "$PILAR" status --json | jq -r .households; }

# ------------------------------------------------------------------ help
expect 0 "pilar --help" --help
cp "$T/out" "$T/help"
has "help in Indonesian" "$T/help" "Pemakaian: pilar"
has "help exit statuses" "$T/help" "Status keluar"
required=("init" "status" "region import" "region show" "region search" "household add"
    "household show" "person add" "person show" "person update" "person search"
    "category list" "psks add" "psks list" "psks import" "nik check" "import" "gen")
for cmd in "${required[@]}"; do
    has "help lists '$cmd'" "$T/help" "^  $cmd  "
done
# Every listed command (including ones added later) has Indonesian help.
mapfile -t listed < <(awk '/^Perintah:/{f=1;next} f&&/^$/{exit} f{print substr($0,3)}' "$T/help" | sed 's/  .*//')
is "help lists at least the required commands" "$([ "${#listed[@]}" -ge "${#required[@]}" ] && echo yes)" yes
for cmd in "${listed[@]}"; do
    # shellcheck disable=SC2086
    expect 0 "$cmd --help" $cmd --help
    has "$cmd --help shows usage" "$T/out" "pilar $cmd"
    has "$cmd --help is Indonesian" "$T/out" "\b(dan|atau|yang|dari|ke|di|untuk|dengan|tidak|bawaan|data|daftar|ringkasan|wilayah|orang|keluarga)\b|\b(mem|men|meng|meny)[a-z]+"
    hasnt "$cmd --help has no English usage" "$T/out" "(Usage|usage:|Options)"
done
expect 0 "group help" person --help
has "group help lists verbs" "$T/out" "person update"
expect 1 "no command" 
has "no command prints usage" "$T/err" "Pemakaian"
expect 1 "unknown command" terbang
has "unknown command message" "$T/err" "perintah 'terbang' tidak dikenal"
expect 1 "unknown verb" person terbang
has "unknown verb message" "$T/err" "subperintah 'terbang' tidak dikenal"
expect 0 "--version before the command" --version
has "version" "$T/out" "^pilar [0-9]"

# -------------------------------------------------- uninitialised data base
export PILAR_DB="$T/none.db"
for args in "status" "person search --name budi" "household show 6474011506200001" \
    "household add --kk 6474011506200001 --village 64.74.01.1001" "psks list"; do
    # shellcheck disable=SC2086
    run $args
    if [ "$rc" = 1 ] || [ "$rc" = 2 ]; then ok; else bad "'$args' on a missing db: exit $rc"; fi
    has "'$args' on a missing db says to run init" "$T/err" "pilar init"
done
absent "$T/none.db" && ok || bad "a refused command created the db file"
: >"$T/empty.db"
export PILAR_DB="$T/empty.db"
run status
if [ "$rc" = 1 ] || [ "$rc" = 2 ]; then ok; else bad "status on an empty file: exit $rc"; fi
has "empty file says to run init" "$T/err" "pilar init"

# ------------------------------------------------------------------ init
export PILAR_DB="$T/base.db"
expect 0 "init" init
has "init created" "$T/out" "dibuat"
expect 0 "init again" init
has "init again: no change" "$T/out" "tidak ada perubahan"
expect 0 "init --json" init --json
is "init schema version" "$(jq -r '.schema_version == .from_version' "$T/out")" true
expect 0 "region import" region import --from "$AREA" --json
is "villages loaded" "$(jq -r .villages "$T/out")" 83762
# Later sub-tests each start from a copy of this file.
"$PILAR" status >/dev/null 2>&1 # checkpoint happens on close
db_copy "$T/base.db" "$T/main.db"
export PILAR_DB="$T/main.db"

# ------------------------------------------------------------- nik check
expect 0 "valid woman's NIK" nik check 6474014506900001 --json
is "nik" "$(jq -r .nik "$T/out")" 6474014506900001
is "valid" "$(jq -r .valid "$T/out")" true
is "sex P (day + 40)" "$(jq -r .sex "$T/out")" P
is "birth date" "$(jq -r .birth_date "$T/out")" 1990-06-05
is "region dotted" "$(jq -r .region_code "$T/out")" 64.74.01
is "no problems" "$(jq -r '.problems | length' "$T/out")" 0
expect 0 "valid man's NIK" nik check 6474011203850001 --json
is "sex L" "$(jq -r .sex "$T/out")" L
is "man's birth date" "$(jq -r .birth_date "$T/out")" 1985-03-12
expect 1 "Excel-damaged NIK" nik check 6.47401E+15 --json
is "excel invalid" "$(jq -r .valid "$T/out")" false
is "excel problem code" "$(jq -r '.problems[0].code' "$T/out")" excel_damaged
has "excel message" "$T/out" "Excel"
expect 1 "letters" nik check 64740A4506900001 --json
is "letters invalid" "$(jq -r .valid "$T/out")" false
is "letters problem" "$(jq -r '.problems[0].code' "$T/out")" not_digits
expect 1 "wrong length" nik check 647401450690001 --json
is "length problem" "$(jq -r '[.problems[].code] | index("length") != null' "$T/out")" true
expect 1 "29 Feb 1901/2001" nik check 6474012902010001 --json
is "29 Feb invalid" "$(jq -r .valid "$T/out")" false
is "29 Feb no candidates" "$(jq -r '.birth_date_candidates | length' "$T/out")" 0
is "29 Feb date problem" "$(jq -r '[.problems[].code] | index("date") != null' "$T/out")" true
expect 0 "29 Feb 2000 is real" nik check 6474012902000001 --json
is "29 Feb 2000 date" "$(jq -r .birth_date "$T/out")" 2000-02-29
expect 0 "former Kaltara code" nik check 6404014506900001 --json
is "former valid" "$(jq -r .valid "$T/out")" true
is "former warning" "$(jq -r '.problems[0].severity' "$T/out")" warning
is "former now 65.01" "$(jq -r '.current_region_code | startswith("65.01")' "$T/out")" true
expect 1 "serial 0000" nik check 6474014506900000 --json
is "serial 0000 invalid" "$(jq -r .valid "$T/out")" false
expect 1 "unknown regency" nik check 6499014506900001 --json
is "unknown regency invalid" "$(jq -r .valid "$T/out")" false
# Both centuries in the past: the latest is birth_date (a string), both are candidates.
expect 0 "1915 or 2015" nik check 6474010203150001 --json
is "birth_date one string" "$(jq -r '.birth_date | type' "$T/out")" string
is "birth_date latest past" "$(jq -r .birth_date "$T/out")" 2015-03-02
is "both candidates" "$(jq -c .birth_date_candidates "$T/out")" '["1915-03-02","2015-03-02"]'
expect 0 "1915 or 2015 text" nik check 6474010203150001
has "text offers both" "$T/out" "2 Maret 1915 atau 2 Maret 2015"
# A child born today (20yy is today) and one "born" tomorrow (20yy in the future: never offered).
td=$(date +%d%m%y); tm=$(date -d tomorrow +%d%m%y)
expect 0 "born today" nik check "647401${td}0001" --json
is "born today: birth_date today" "$(jq -r .birth_date "$T/out")" "$(date +%Y-%m-%d)"
is "born today: two candidates" "$(jq -r '.birth_date_candidates | length' "$T/out")" 2
expect 0 "date of tomorrow" nik check "647401${tm}0001" --json
is "tomorrow: only the past century" "$(jq -r '.birth_date_candidates | length' "$T/out")" 1
is "tomorrow: birth_date 19yy" "$(jq -r '.birth_date | startswith("19")' "$T/out")" true
is "tomorrow: no future candidate" "$(jq -r --arg t "$(date +%Y-%m-%d)" '[.birth_date_candidates[] | select(. > $t)] | length' "$T/out")" 0
expect 0 "tomorrow text" nik check "647401${tm}0001"
hasnt "tomorrow text: no future year" "$T/out" "$(date -d tomorrow +%Y)\$"
# Without a data base the compiled official table knows provinces and regencies.
expect 1 "no db: unknown regency 64.99" --db "$T/none.db" nik check 6499014506900001 --json
is "no db: 64.99 invalid" "$(jq -r .valid "$T/out")" false
is "no db: regency problem" "$(jq -r '[.problems[].code] | index("regency") != null' "$T/out")" true
expect 1 "no db: 65.05 unknown" --db "$T/none.db" nik check 6505014506900001 --json
expect 0 "no db: valid Nunukan" --db "$T/none.db" nik check 6503014506900001 --json
is "no db: regency named" "$(jq -r .regency_name "$T/out")" "Kabupaten Nunukan"
is "no db: no district name" "$(jq -r .region_name "$T/out")" null
expect 0 "no db: text names the regency" --db "$T/none.db" nik check 6474014506900001
has "no db: Kota Bontang" "$T/out" "Kota Bontang"
check "no db: nothing created" absent "$T/none.db"
expect 0 "KK with --kk" nik check --kk 6474011506200001 --json
is "kk kind" "$(jq -r .kind "$T/out")" kk
is "kk valid" "$(jq -r .valid "$T/out")" true
expect 1 "one bad among good" nik check 6474014506900001 6.47401E+15 --json
is "one line per NIK" "$(wc -l <"$T/out")" 2
expect 0 "all good" nik check 6474014506900001 6474011203850001
has "text says SAH" "$T/out" "SAH"
expect 1 "text for a bad one" nik check 6.47401E+15
has "text says TIDAK SAH" "$T/out" "TIDAK SAH"

# ---------------------------------------------------------- households
KK=6474011506200001
expect 0 "household add" household add --kk $KK --village 64.74.01.1001 --address "Jl. Mawar 1" --rt 1 --rw 2 --json
is "household kk" "$(jq -r .kk "$T/out")" $KK
is "household rt padded" "$(jq -r .rt "$T/out")" 001
is "households 1" "$(households)" 1
expect 1 "bad KK" household add --kk 64740115062000 --village 64.74.01.1001
has "bad KK names kk" "$T/err" "galat: kk:"
has "bad KK reason" "$T/err" "16 digit"
expect 1 "Excel KK" household add --kk 6.47401E+15 --village 64.74.01.1001
has "Excel KK names kk" "$T/err" "galat: kk:"
expect 1 "unknown village" household add --kk 6474011506200002 --village 64.74.01.9999
has "unknown village names village_code" "$T/err" "village_code"
expect 1 "district is not a village" household add --kk 6474011506200002 --village 64.74.01
has "not a village names village_code" "$T/err" "village_code"
expect 1 "duplicate KK" household add --kk $KK --village 64.74.01.1002
has "duplicate KK message" "$T/err" "galat: kk: .*sudah terdaftar"
expect 1 "bad RT" household add --kk 6474011506200002 --village 64.74.01.1001 --rt 12a
has "bad RT names rt" "$T/err" "rt"
expect 1 "half coordinates" household add --kk 6474011506200002 --village 64.74.01.1001 --lat 0.1
is "households still 1" "$(households)" 1
expect 1 "rejected KK not stored" household show 6474011506200002
expect 0 "household show" household show $KK --json
is "household address" "$(jq -r .address "$T/out")" "Jl. Mawar 1"
is "household village" "$(jq -r .village_code "$T/out")" 64.74.01.1001

# -------------------------------------------------------------- people
expect 0 "person add" person add --nik 6474014506900001 --name "Siti Aminah" --birth-date 1990-06-05 \
    --sex P --kk $KK --relationship istri --pmks "24;9@2020-01-01" --json
is "person village from household" "$(jq -r .village_code "$T/out")" 64.74.01.1001
is "person draft" "$(jq -r .status "$T/out")" draft
is "person no flags" "$(jq -r '.flags | length' "$T/out")" 0
expect 0 "person show" person show 6474014506900001 --json
is "person category 9" "$(jq -r '[.pmks[] | select(.person_id != null) | .category] | join(",")' "$T/out")" 9
is "category 9 since" "$(jq -r '.pmks[] | select(.category == 9) | .valid_from' "$T/out")" 2020-01-01
is "household category 24" "$(jq -r '[.pmks[] | select(.household_id != null) | .category] | join(",")' "$T/out")" 24
expect 0 "household show pmks" household show $KK --json
is "household carries 24" "$(jq -r '[.pmks[].category] | join(",")' "$T/out")" 24
is "household has 1 member" "$(jq -r '.anggota | length' "$T/out")" 1
is "people 1" "$(people)" 1

expect 1 "bad NIK" person add --nik 647401450690000 --name "Ani" --birth-date 1990-06-05 --sex P --kk $KK
has "bad NIK names nik" "$T/err" "nik"
has "bad NIK reason" "$T/err" "16 digit"
expect 1 "bad date" person add --nik 6474014506900002 --name "Ani" --birth-date 1990-13-05 --sex P --kk $KK
has "bad date names birth_date" "$T/err" "birth_date"
expect 1 "bad sex" person add --nik 6474014506900002 --name "Ani" --birth-date 1990-06-05 --sex Q --kk $KK
has "bad sex names sex" "$T/err" "galat: sex:"
expect 1 "bad name" person add --nik 6474014506900002 --name "4ni 123" --birth-date 1990-06-05 --sex P --kk $KK
has "bad name names name" "$T/err" "galat: name:"
expect 1 "unknown household" person add --nik 6474014506900002 --name "Ani" --birth-date 1990-06-05 --sex P --kk 6474011506209999
has "unknown household names kk" "$T/err" "galat: kk:"
expect 1 "duplicate NIK" person add --nik 6474014506900001 --name "Ani" --birth-date 1990-06-05 --sex P --kk $KK
has "duplicate NIK names nik" "$T/err" "nik"
expect 1 "unknown PMKS" person add --nik 6474014506900002 --name "Ani" --birth-date 1990-06-05 --sex P --kk $KK --pmks 99
has "unknown PMKS names categories" "$T/err" "categories"
expect 1 "bad NIK --json" person add --nik 64 --name "Ani" --birth-date 1990-06-05 --sex P --kk $KK --json
is "json error field" "$(jq -r .error.field "$T/err")" nik
is "json error code" "$(jq -r .error.code "$T/err")" invalid
is "people still 1" "$(people)" 1
expect 1 "rejected person not stored" person show 6474014506900002

# The NIK's date disagrees with the stated one: stored, flagged.
expect 0 "NIK/birth date mismatch" person add --nik 6474010101850001 --name "Muhammad Nur" \
    --birth-date 1985-01-02 --sex L --kk $KK --relationship kepala_keluarga
has "mismatch noted" "$T/out" "[Pp]erlu verifikasi"
expect 0 "flagged person show" person show 6474010101850001 --json
is "flag nik_tanggal_lahir" "$(jq -r '.flags | index("nik_tanggal_lahir") != null' "$T/out")" true
expect 0 "sex mismatch" person add --nik 6474011203850002 --name "Budi" --birth-date 1985-03-12 \
    --sex P --kk $KK --relationship anak --json
is "flag nik_jenis_kelamin" "$(jq -r '.flags | index("nik_jenis_kelamin") != null' "$T/out")" true

# ------------------------------------------------------------- updates
expect 0 "version before update" person show 6474010101850001 --json
v=$(jq -r .version "$T/out")
expect 0 "update name" person update 6474010101850001 --name "Muhammad Noor" --version "$v" --json
is "version grew" "$(jq -r .version "$T/out")" $((v + 1))
expect 1 "stale version" person update 6474010101850001 --name "Salah" --version "$v"
has "stale names version" "$T/err" "version"
has "stale says changed by someone else" "$T/err" "diubah"
expect 0 "after stale" person show 6474010101850001 --json
is "stale changed nothing" "$(jq -r .name "$T/out")" "Muhammad Noor"
is "stale version unchanged" "$(jq -r .version "$T/out")" $((v + 1))
is "history before" "$(jq -r '[.riwayat[] | select(.action == "update")][-1].before.name' "$T/out")" "Muhammad Nur"
is "history after" "$(jq -r '[.riwayat[] | select(.action == "update")][-1].after.name' "$T/out")" "Muhammad Noor"
is "history actor" "$(jq -r '.riwayat[-1].actor | startswith("cli:")' "$T/out")" true
expect 0 "history text" person show 6474010101850001
has "history text shows change" "$T/out" 'name: "Muhammad Nur" -> "Muhammad Noor"'
expect 1 "update with bad date" person update 6474010101850001 --birth-date 31-02-1985
has "update bad date names field" "$T/err" "birth_date"
expect 0 "after bad update" person show 6474010101850001 --json
is "bad update changed nothing" "$(jq -r .version "$T/out")" $((v + 1))
expect 0 "pmks add/end" person update 6474010101850001 --pmks-add "8@2021-01-01"
expect 0 "pmks end" person update 6474010101850001 --pmks-end "8@2022-01-01"
expect 0 "after pmks end" person show 6474010101850001 --json
is "pmks ended" "$(jq -r '.pmks[] | select(.category == 8) | .valid_to' "$T/out")" 2022-01-01
expect 1 "end before start" person update 6474010101850001 --pmks-add "19@2021-01-01" --pmks-end "19@2020-01-01"
expect 0 "after refused end" person show 6474010101850001 --json
is "refused pmks-add rolled back" "$(jq -r '[.pmks[] | select(.category == 19)] | length' "$T/out")" 0
# What only the HTTP API could do before: clear a death date, set and clear the own point.
expect 0 "death date" person update 6474010101850001 --death-date 2024-02-03 --json
is "death date set" "$(jq -r .death_date "$T/out")" 2024-02-03
expect 0 "clear death date" person update 6474010101850001 --clear-death-date --json
is "death date cleared" "$(jq -r .death_date "$T/out")" null
expect 0 "after clear death date" person show 6474010101850001 --json
is "death date stays cleared" "$(jq -r .death_date "$T/out")" null
expect 1 "half point" person update 6474010101850001 --lat 0.2
has "half point names longitude" "$T/err" "longitude"
expect 1 "point outside Indonesia" person update 6474010101850001 --lat 40.1 --lon 117.5
has "outside names latitude" "$T/err" "latitude"
expect 0 "set point" person update 6474010101850001 --lat 0.1372 --lon 117.4985 --json
is "point latitude" "$(jq -r '.latitude == 0.1372' "$T/out")" true
expect 0 "after set point" person show 6474010101850001 --json
is "point stored" "$(jq -r '.longitude == 117.4985' "$T/out")" true
expect 0 "move point north" person update 6474010101850001 --lat 0.15 --json
is "one coordinate keeps the other" "$(jq -r '[.latitude, .longitude] == [0.15, 117.4985]' "$T/out")" true
expect 1 "clear and set point" person update 6474010101850001 --clear-coords --lat 0.2
expect 0 "clear point" person update 6474010101850001 --clear-coords --json
is "point cleared" "$(jq -r .latitude "$T/out")" null
# Several categories started and ended in the one transaction of an update.
expect 0 "two pmks in one update" person update 6474010101850001 --pmks-add 13@2023-01-01 --pmks-add 16 \
    --pmks-end 13@2024-01-01 --json
expect 0 "after two pmks" person show 6474010101850001 --json
is "pmks 13 started and ended" "$(jq -r '.pmks[] | select(.category == 13) | .valid_from + "/" + .valid_to' "$T/out")" 2023-01-01/2024-01-01
is "pmks 16 open" "$(jq -r '[.pmks[] | select(.category == 16 and .valid_to == null)] | length' "$T/out")" 1

# -------------------------------------------------------------- search
KK2=6472011506200003
expect 0 "Samarinda household" household add --kk $KK2 --village 64.72.01.1001
expect 0 "Samarinda person" person add --nik 6472011203850004 --name "Rina Wati" --birth-date 1985-03-12 \
    --sex P --kk $KK2 --pmks 9
expect 0 "search name variant" person search "Moh. Nur" --json
is "variant finds Muhammad Noor" "$(jq -r '[.items[].name] | join(",")' "$T/out")" "Muhammad Noor"
expect 0 "search --region" person search --region 64.72 --json
is "region 64.72" "$(jq -r '[.items[].nik] | join(",")' "$T/out")" 6472011203850004
expect 0 "search --region Bontang" person search --region 6474 --json
is "region 64.74 count" "$(jq -r '.items | length' "$T/out")" 3
expect 0 "search --state" person search --state draft --region 64.74 --json
is "state draft" "$(jq -r '.items | length' "$T/out")" 3
expect 0 "search --state verified" person search --state verified --json
is "state verified none" "$(jq -r '.items | length' "$T/out")" 0
expect 0 "search --category 9" person search --category 9 --json
is "category 9" "$(jq -r '[.items[].nik] | sort | join(",")' "$T/out")" "6472011203850004,6474014506900001"
expect 0 "search --category 24 (household)" person search --category 24 --json
is "category 24 through household" "$(jq -r '.items | length' "$T/out")" 3
expect 0 "search --nik with category" person search --nik 6472011203850004 --category 24 --json
is "nik + category filter" "$(jq -r '.items | length' "$T/out")" 0
expect 0 "search paging" person search --region 64 --limit 2 --json
is "page 1" "$(jq -r '.items | length' "$T/out")" 2
next=$(jq -r .next "$T/out")
expect 0 "search page 2" person search --region 64 --limit 2 --after "$next" --json
is "page 2" "$(jq -r '.items | length' "$T/out")" 2
is "page 2 after cursor" "$(jq -r --argjson n "$next" '[.items[].id | select(. <= $n)] | length' "$T/out")" 0
expect 1 "search without criteria" person search
expect 1 "search bad limit" person search budi --limit 0
has "bad limit names limit" "$T/err" "limit"
expect 0 "search nothing" person search zainuddin
has "nothing found message" "$T/out" "Tidak ada"

# ---------------------------------------------------------- categories
expect 0 "category list" category list --json
is "26 PMKS" "$(jq -r '.items | length' "$T/out")" 26
expect 0 "category list --psks" category list --psks --json
is "12 PSKS" "$(jq -r '.items | length' "$T/out")" 12
expect 0 "category list text" category list
has "text lists Fakir Miskin" "$T/out" "Fakir Miskin"

# ---------------------------------------------------------------- PSKS
expect 0 "psks add" psks add --type 11 --name "Pak TKSK" --area 64.74.01 --json
is "psks area" "$(jq -r .region "$T/out")" 64.74.01
expect 0 "psks add Samarinda" psks add --type 3 --name "Tagana Samarinda" --area 6472
expect 1 "psks unknown area" psks add --type 3 --name "X" --area 64.99
expect 1 "psks unknown type" psks add --type 13 --name "X" --area 64.74
expect 0 "psks list Bontang" psks list --region 64.74 --json
is "psks Bontang" "$(jq -r '[.items[].name] | join(",")' "$T/out")" "Pak TKSK"
expect 0 "psks list all" psks list --json
is "psks all" "$(jq -r '.items | length' "$T/out")" 2
expect 0 "psks list type" psks list --type 3 --json
is "psks type 3" "$(jq -r '[.items[].name] | join(",")' "$T/out")" "Tagana Samarinda"

# -------------------------------------------------------------- status
expect 0 "status" status --json
is "status people" "$(jq -r .people "$T/out")" 4
is "status households" "$(jq -r .households "$T/out")" 2
is "status psks" "$(jq -r .psks_units "$T/out")" 2
is "status draft" "$(jq -r .verification.draft "$T/out")" 4
is "status fakir miskin" "$(jq -r .pmks.fakir_miskin "$T/out")" 1
expect 0 "status scoped" status --region 64.72 --json
is "scoped people" "$(jq -r .people "$T/out")" 1
is "scoped households" "$(jq -r .households "$T/out")" 1
is "scoped psks" "$(jq -r .psks_units "$T/out")" 1
expect 0 "status text" status
has "status text" "$T/out" "Keluarga"

# ----------------------------------------------------------------- gen
expect 0 "gen" gen --people 300 --province 64,65 --seed 7 --out "$T/g1.csv"
expect 0 "gen same seed" gen --people 300 --province 64,65 --seed 7 --out "$T/g2.csv"
expect 0 "gen other seed" gen --people 300 --province 64,65 --seed 8 --out "$T/g3.csv"
is "gen header" "$(head -1 "$T/g1.csv" | tr -d '\r')" \
    "nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude"
rows=$(($(wc -l <"$T/g1.csv") - 1))
is "gen row count near --people ($rows)" "$([ "$rows" -ge 270 ] && [ "$rows" -le 330 ] && echo yes)" yes
if cmp -s "$T/g1.csv" "$T/g2.csv"; then ok; else bad "gen is not deterministic for a seed"; fi
if cmp -s "$T/g1.csv" "$T/g3.csv"; then bad "gen ignores the seed"; else ok; fi
is "gen villages in 64/65" "$(grep -cE ',6[45]\.[0-9]{2}\.[0-9]{2}\.[0-9]{4},' "$T/g1.csv")" "$rows"
is "gen no other province" "$(grep -cE ',([1-57-9][0-9]|6[0-36-9])\.[0-9]{2}\.[0-9]{2}\.[0-9]{4},' "$T/g1.csv")" 0
# The generated file imports cleanly into a fresh copy of the tree.
db_copy "$T/base.db" "$T/gen.db"
expect 0 "import generated" --db "$T/gen.db" import "$T/g1.csv" --json
expect 0 "status after import" --db "$T/gen.db" status --json
is "imported people" "$(jq -r .people "$T/out")" "$rows"

summary
