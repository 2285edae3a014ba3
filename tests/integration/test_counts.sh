#!/usr/bin/env bash
# test_counts.sh - the maintained change counts behind the rakor's counts (issue 15 item 4):
# after an import, deaths, moves between families and provinces, categories started and ended
# (back-dated too), a second import that adds members to families that already have a
# household category, and a refused change in a signed-off period, `pilar report counts`
# equals the counting rules computed from the memberships, residences and death dates by a
# plain query of its own (on every level and several dates, at a year's end and inside a
# year); `pilar check` finds counts and roll-ups that were tampered with and `pilar check
# --rebuild-counts` writes them again.
. "$(dirname "$0")/lib.sh"
need jq
export PILAR_DB="$T/counts.db"

expect 0 "init" init
expect 0 "region import" region import --from "$SRC/node_modules/idn-area-data/data"
expect 0 "gen" gen --people 2500 --region 64,65 --seed 5 --out "$T/g.csv"
expect 0 "import" import "$T/g.csv"

# oracle REGION LEVEL DATE: "code|category|people|households" per non-zero cell, by the rules
# of store/report.h, in SQL that the sqlite3 shell and psql both take.
oracle() {
    local len=$(( $2 == 1 ? 2 : $2 == 2 ? 5 : $2 == 3 ? 8 : 13 )) d=$3
    local mon="m.valid_from <= '$d' AND (m.valid_to IS NULL OR m.valid_to >= '$d')"
    local ron="r.valid_from <= '$d' AND (r.valid_to IS NULL OR r.valid_to > '$d')"
    q "SELECT g || '|' || c || '|' || sum(p) || '|' || sum(h) FROM (
 SELECT substr(r.village_code, 1, $len) AS g, m.category AS c, 1 AS p, 0 AS h
 FROM membership m JOIN residence r ON r.person_id = m.person_id JOIN person x ON x.id = m.person_id
 WHERE $mon AND $ron AND (x.death_date IS NULL OR x.death_date > '$d')
 UNION ALL SELECT substr(r.village_code, 1, $len), m.category, 0, 1
 FROM membership m JOIN residence r ON r.household_id = m.household_id WHERE $mon AND $ron
 UNION ALL SELECT substr(r.village_code, 1, $len), m.category, 1, 0
 FROM membership m JOIN residence r ON r.household_id = m.household_id
 JOIN person x ON x.household_id = m.household_id
 WHERE $mon AND $ron AND (x.death_date IS NULL OR x.death_date > '$d')
) t WHERE g LIKE '$1%' GROUP BY g, c ORDER BY g, c" | tr -d ' '
}
# pilar REGION LEVEL DATE: the same cells from `pilar report counts`.
counted() {
    $PILAR report counts --region "$1" --level "$2" --date "$3" --json >"$T/c.json" || return 1
    jq -r '.rows[] | .code as $g | .categories[] | select(.people > 0 or (.households // 0) > 0)
        | "\($g)|\(.category)|\(.people)|\(.households // 0)"' "$T/c.json" | sort -t'|' -k1,1 -k2,2n
}
# same LABEL: the report equals the oracle for both provinces, every level, several dates.
same() {
    local region level d bad_n=0
    for region in 64 65; do
        for level in 2 3 4; do
            for d in 2021-06-30 2024-12-31 2025-06-30 "$(date -u +%F)"; do
                oracle "$region" "$level" "$d" | sort -t'|' -k1,1 -k2,2n >"$T/want"
                counted "$region" "$level" "$d" >"$T/got"
                if ! cmp -s "$T/want" "$T/got"; then
                    bad_n=$((bad_n + 1))
                    [ "$bad_n" -eq 1 ] && diff "$T/want" "$T/got" | head -5 >&2
                fi
            done
        done
    done
    is "$1: report = counting rules" "$bad_n" 0
    [ -s "$T/want" ] && ok || bad "$1: the oracle counted nothing"
    expect 0 "$1: check" check
    has "$1: check says the counts match" "$T/out" "Hitungan perubahan untuk laporan sesuai"
}
same "after import"

# People of families with a household category, and people with a person category.
fam=$(q "SELECT m.household_id FROM membership m WHERE m.household_id IS NOT NULL ORDER BY m.id LIMIT 3" | tr '\n' ' ')
set -- $fam
h1=$1 h2=$2 h3=$3
member() { q "SELECT nik FROM person WHERE household_id = $1 AND nik IS NOT NULL ORDER BY id LIMIT 1 OFFSET ${2:-0}"; }
kk_of() { q "SELECT kk FROM household WHERE id = $1"; }
p1=$(member "$h1")
p2=$(member "$h2" 1)
solo=$(q "SELECT p.nik FROM membership m JOIN person p ON p.id = m.person_id ORDER BY m.id LIMIT 1")
kk65=$(q "SELECT kk FROM household WHERE village_code LIKE '65.%' ORDER BY id LIMIT 1")
[ -n "$p1" ] && [ -n "$p2" ] && [ -n "$solo" ] && [ -n "$kk65" ] && ok || bad "fixture people not found"

expect 0 "a member dies" person update "$p1" --death-date 2024-02-10
expect 0 "a member moves to another family" person update "$p2" --kk "$(kk_of "$h3")"
expect 0 "a person dies" person update "$solo" --death-date 2022-01-05
expect 0 "the death is corrected" person update "$solo" --death-date 2025-03-01
expect 0 "a category back-dated" person update "$p1" --pmks-add 9@2021-01-01
expect 0 "a category ended" person update "$p1" --pmks-end 9@2024-01-31
expect 0 "a person moves to Kalimantan Utara" person update "$(member "$h2")" --kk "$kk65"
expect 0 "a death is cleared" person update "$solo" --clear-death-date
same "after changes"

# A second load: new members of families that have a household category already (the bulk
# insert phase runs with triggers off; its flush adds their terms).
head -1 "$T/g.csv" >"$T/more.csv"
names=(x Ani Budi Citra)
for i in 1 2 3; do
    hh=$(eval echo "\$h$i")
    row=$(q "SELECT kk || ',' || village_code FROM household WHERE id = $hh")
    kk=${row%%,*} village=${row#*,}
    nik="${village:0:2}${village:3:2}${village:6:2}010101900$i"
    echo "$nik,$kk,${names[$i]} Anggota Baru,Samarinda,2001-01-01,P,Anak,Ibu,Jl. Baru,001,001,$village,,,," >>"$T/more.csv"
done
expect 0 "second import" import "$T/more.csv"
has "second import adds three" "$T/out" "baru: 3"
is "new members stored" "$(q "SELECT count(*) FROM person WHERE name LIKE '%Anggota Baru'")" 3
same "after the second import"

# A change refused in a signed-off period changes no count.
reg=$(q "SELECT substr(village_code, 1, 5) FROM household WHERE id = $h3")
expect 0 "sign off" period approve --region "${reg:0:2}.${reg:3:2}" --period 2024
expect 1 "death in the locked period refused" person update "$(member "$h3")" --death-date 2024-06-01
same "after a refused change"

# Tampering is found and repaired.
q "UPDATE count_delta SET people = people + 7 WHERE village_code = (SELECT min(village_code) FROM count_delta)"
expect 2 "check finds tampered counts" check
has "the message names the counts" "$T/err" "count_delta"
has "and the way out" "$T/err" "rebuild-counts"
expect 0 "rebuild" check --rebuild-counts
has "rebuild says how many" "$T/out" "[1-9][0-9]* baris berbeda"
same "after the rebuild"

# The roll-ups a count reads (count_total, count_year: one row per village and category) are
# checked against the changes too.
q "UPDATE count_year SET people = people + 3 WHERE village_code = (SELECT min(village_code) FROM count_year)"
expect 2 "check finds a tampered year" check
q "UPDATE count_total SET households = households - 2 WHERE village_code = (SELECT max(village_code) FROM count_total)"
expect 2 "check finds a tampered total" check
has "the message names the counts" "$T/err" "count_delta"
expect 0 "rebuild the roll-ups" check --rebuild-counts
same "after rebuilding the roll-ups"
summary
