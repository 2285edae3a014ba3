#!/usr/bin/env bash
# test_cells.sh - small cells stay hidden on every aggregate route for callers
# without personal access (a viewer token), in every view of the same table:
# summaries per region (province, regency, district, village), report counts,
# compare and rakor (JSON and CSV), the choropleth, the eligibility preview;
# no count 1..4 appears and no hidden cell can be rebuilt from a shown total
# (hierarchy village -> district -> regency, categories -> all). An operator
# token and the CLI (operator by default) still see the exact values.
#
# Fixture in Kota Bontang (64.74): districts 64.74.01/.02/.03 with 12 elderly
# (category 8) each; former prisoners (15) 1/8/6; children with disabilities
# (5) 1/3/1; scavengers (13) 5 each; village 64.74.03.1001 holds exactly 2 people. Samarinda (64.72)
# gets 300 generated people around it.
. "$(dirname "$0")/lib.sh"
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast

# ---------------------------------------------------------------- fixture
$PILAR init >/dev/null || exit 1
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || exit 1
$PILAR gen --people 300 --region 64.72 --seed 5 --out "$T/gen.csv" >/dev/null 2>&1 || exit 1
$PILAR import "$T/gen.csv" >/dev/null || exit 1
python3 - "$T/fix.csv" <<'EOF' || exit 1
import sys
rows = []
serial = [0]
def person(village, born, pmks='', dis='', rel='Kepala Keluarga', kk=None, sex='L'):
    serial[0] += 1
    d = village.replace('.', '')[:6]
    y, m, day = born.split('-')
    dd = int(day) + (40 if sex == 'P' else 0)
    nik = '%s%02d%s%s%04d' % (d, dd, m, y[2:], serial[0])
    if kk is None:
        kk = '%s0101%s%04d' % (d, '24', serial[0])
    w = ''.join(chr(97 + (serial[0] // 26 ** i) % 26) for i in range(3)).capitalize()
    rows.append([nik, kk, 'Warga ' + w, 'Bontang', born, sex, rel, 'Ibu ' + w,
                 'Jl. Uji %d' % serial[0], '001', '001', village, pmks, dis])
    return kk
villages = {'64.74.01': ['64.74.01.100%d' % i for i in range(1, 7)],
            '64.74.02': ['64.74.02.100%d' % i for i in range(1, 7)],
            '64.74.03': ['64.74.03.1002', '64.74.03.1003']}
heads = {}
for dist, vs in villages.items():
    heads[dist] = [person(vs[i % len(vs)], '1950-03-0%d' % (1 + i % 9), '8') for i in range(12)]
for dist, n in {'64.74.01': 1, '64.74.02': 8, '64.74.03': 6}.items():
    for i in range(n):
        person(villages[dist][i % len(villages[dist])], '1980-06-1%d' % (i % 9), '15')
# Scavengers (13): 5 per district, so that a district's hidden categories have a partner.
for dist in villages:
    for i in range(5):
        person(villages[dist][(i + 1) % len(villages[dist])], '1985-07-1%d' % i, '13')
for dist, n in {'64.74.01': 1, '64.74.02': 3, '64.74.03': 1}.items():
    for i in range(n):
        kk = heads[dist][i]
        v = [r for r in rows if r[1] == kk][0][11]
        person(v, '2016-02-1%d' % i, '5', 'fisik', rel='Anak', kk=kk)
kk = person('64.74.03.1001', '1975-01-05')
person('64.74.03.1001', '1978-02-06', rel='Istri', kk=kk, sex='P')
with open(sys.argv[1], 'w') as f:
    f.write('nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,'
            'alamat,rt,rw,kode_desa,pmks,disabilitas\n')
    for r in rows:
        f.write(','.join(r) + '\n')
EOF
$PILAR import "$T/fix.csv" --json >"$T/import.out" 2>&1 || { cat "$T/import.out"; exit 1; }
is "fixture imported whole" "$(jq .rejected "$T/import.out")" 0
$PILAR boundary import "$SRC/data/boundaries/regencies-64-65.geojson" >/dev/null || exit 1
$PILAR boundary import "$SRC/data/boundaries/districts-64-65.geojson" --level district >/dev/null || exit 1
$PILAR program add BWB --name "Bantuan bekas warga binaan" --level kabupaten-kota --amount 100000 \
  --frequency bulanan --categories 15 --regions 64.74 >/dev/null || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
echo 'viewer-pass-12' | $PILAR user add lihat --role viewer >/dev/null || exit 1
echo 'bontang-view-1' | $PILAR user add lihatbtg --role viewer --scope 64.74 >/dev/null || exit 1
TA=$($PILAR user token admin)
TV=$($PILAR user token lihat)
TW=$($PILAR user token lihatbtg)
Y=$(date +%Y)
Q=$((Y + 1)) # programs count categories open when the period starts: after the import

# The CLI is an operator: exact counts, unless --viewer asks for the public view.
$PILAR report counts --region 64.74 --level 3 --json >"$T/cli.json" || bad "cli counts"
is "cli exact 1 in 64.74.01 (cat 15)" \
  "$(jq '.rows[0].categories[14].people' "$T/cli.json")" 1
$PILAR report counts --region 64.74 --level 3 --viewer --json >"$T/cliv.json" || bad "cli viewer"
is "cli --viewer hides it" "$(jq '.rows[0].categories[14].people' "$T/cliv.json")" null

start_server --data-dir "$T/data"

# get TOKEN NAME PATH: saves the body as $T/<NAME>.json; checks 200.
get() {
  local status
  status=$(curl -s -o "$T/$2.json" -w '%{http_code}' -H "Authorization: Bearer $1" "$A$3")
  if [ "$status" = 200 ]; then ok; else bad "$3: status $status $(head -c 200 "$T/$2.json")"; fi
}
status_of() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" "$A$2"; }

# ------------------------------------------------- every aggregate route, viewer
SUMMARY_REGIONS="_all 64 64.72 64.74 64.74.01 64.74.02 64.74.03"
for v in 1 2 3 4 5 6; do SUMMARY_REGIONS="$SUMMARY_REGIONS 64.74.01.100$v 64.74.02.100$v"; done
SUMMARY_REGIONS="$SUMMARY_REGIONS 64.74.03.1001 64.74.03.1002 64.74.03.1003"
for g in $SUMMARY_REGIONS; do
  if [ "$g" = _all ]; then get "$TV" "v-summary-$g" "/summary"; else get "$TV" "v-summary-$g" "/summary?region=$g"; fi
done
get "$TW" "w-summary-64.74" "/summary"
for spec in "64:2" "64:3" "64.74:3" "64.74:4" "64.74.01:4" "64.74.03:4"; do
  g=${spec%:*} l=${spec#*:}
  get "$TV" "v-counts-$g-$l" "/reports/counts?region=$g&level=$l"
  get "$TV" "v-compare-$g-$l" "/reports/compare?region=$g&level=$l&period=$Y&compare=$((Y - 1))"
done
get "$TV" "v-rakor-64" "/reports/rakor?region=64&period=$Y&compare=$((Y - 1))"
get "$TV" "v-rakor-64.74" "/reports/rakor?region=64.74&period=$Y"
curl -s -o "$T/v-rakor.csv" -H "Authorization: Bearer $TV" "$A/reports/rakor?region=64.74&period=$Y&level=3&format=csv"
for l in regency district; do
  for c in "" 5 15 8; do
    get "$TV" "v-choro-$l-$c" "/map/choropleth?level=$l&category=$c"
    get "$TW" "w-choro-$l-$c" "/map/choropleth?level=$l&category=$c"
  done
done
for by in regency district; do
  get "$TV" "v-preview-$by" "/programs/BWB/preview?period=$Q&by=$by"
  get "$TV" "v-preview-64.74-$by" "/programs/BWB/preview?period=$Q&by=$by&region=64.74"
done
# PSKS coverage (issue 20): people in need per district and village, through cells.h.
get "$TV" "v-psks-cov-64.74" "/psks/coverage?region=64.74"
get "$TV" "v-psks-cov-64.74.03" "/psks/coverage?region=64.74.03"
get "$TW" "w-psks-cov-64.74" "/psks/coverage?region=64.74"
TA=$($PILAR user token admin)
curl -s -H "Authorization: Bearer $TA" "$A/psks/coverage?region=64.74" >"$T/a-psks-cov.json"
cov_need() { jq -c --arg c "$2" '.rows[] | select(.code == $c) | .need' "$1"; }
small_v=$(jq -r '[.rows[] | select(.need >= 1 and .need <= 4) | .code][0] // empty' "$T/a-psks-cov.json")
check "coverage: the operator sees a small count of people in need (${small_v:-none})" test -n "$small_v"
is "coverage: the viewer does not" "$(cov_need "$T/v-psks-cov-64.74.json" "$small_v")" null
is "coverage: nor its ratio" \
  "$(jq -c --arg c "$small_v" '.rows[] | select(.code == $c) | [.need_hidden, .need_per_tksk]' "$T/v-psks-cov-64.74.json")" '[true,null]'
# Routes with personal data stay closed to viewers (their counts are for operators).
is "viewer: map points" "$(status_of "$TV" "/map/points?bbox=117,0,118,1&zoom=12")" 403
is "viewer: program report" "$(status_of "$TV" "/programs/BWB/report?period=$Q")" 403
is "viewer: batch" "$(status_of "$TV" "/batches/1")" 403

# ------------------------------------------------- no count 1..4 in any answer
python3 - "$T" <<'EOF'
import glob, json, sys, os
T = sys.argv[1]
KEYS = {'people', 'households', 'people_compare', 'households_compare', 'pmks_people',
        'pmks_people_compare', 'people_covered', 'households_covered', 'people_alive', 'memberships_open', 'draft', 'verified', 'rejected',
        'count', 'eligible', 'candidates', 'need'}
bad = []
flagged = 0
def walk(x, path, f):
    global flagged
    if isinstance(x, dict):
        if x.get('hidden') is True:
            flagged += 1
        for k, v in x.items():
            if k in KEYS and isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 4:
                bad.append('%s %s.%s=%d' % (f, path, k, v))
            if k == 'failed' and isinstance(v, dict):
                for kk, vv in v.items():
                    if isinstance(vv, int) and 1 <= vv <= 4:
                        bad.append('%s failed.%s=%d' % (f, kk, vv))
            # a change is shown only when both sides are
            sides = ('after', 'before') if 'before' in x else ('people', 'people_compare')
            if k == 'change' and v is not None and (x.get(sides[0]) is None or x.get(sides[1]) is None):
                bad.append('%s %s change %s beside a hidden side' % (f, path, v))
            walk(v, path + '.' + k, f)
    elif isinstance(x, list):
        for i, v in enumerate(x):
            walk(v, '%s[%d]' % (path, i), f)
files = sorted(glob.glob(T + '/v-*.json') + glob.glob(T + '/w-*.json'))
for f in files:
    walk(json.load(open(f)), '', os.path.basename(f))
for b in bad[:20]:
    print('FAIL: small count shown:', b, file=sys.stderr)
print('files', len(files), 'flagged', flagged, 'bad', len(bad))
sys.exit(1 if bad or flagged == 0 else 0)
EOF
is "no small counts in viewer answers" $? 0
# CSV (rakor, viewer): the count columns are numbers >= 5, 0 or "<5".
small_csv=$(awk -F, 'NR > 1 { for (i = 7; i <= 11; i++) if (i != 9 && $i ~ /^[1-4]$/) n++ } END { print n + 0 }' "$T/v-rakor.csv")
is "no small counts in the viewer's CSV" "$small_csv" 0
grep -q '<5' "$T/v-rakor.csv" && ok || bad "viewer CSV shows <5"

# Households per decile (issue 19, service/pmt.c builds its own tree with pl_suppress_*): the
# viewer's decile cells, unranked and totals are never 1..4, and the CSV writes them "<5".
for spec in "64:2" "64.74:3" "64.74:4"; do
  g=${spec%:*} l=${spec#*:}
  get "$TV" "d-deciles-$g-$l" "/reports/deciles?region=$g&level=$l"
done
python3 - "$T" <<'EOF'
import glob, json, sys
bad = hidden = 0
for f in glob.glob(sys.argv[1] + '/d-deciles-*.json'):
    d = json.load(open(f))
    for row in d['items'] + [d['total']]:
        vals = row['deciles'] + [row['unranked'], row['total']]
        bad += sum(1 for v in vals if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 4)
        hidden += bool(row.get('hidden'))
print('deciles bad', bad, 'hidden', hidden)
sys.exit(1 if bad or not hidden else 0)
EOF
is "deciles: no small counts for the viewer" $? 0
curl -s -o "$T/d-deciles.csv" -H "Authorization: Bearer $TV" "$A/reports/deciles?region=64.74&level=4&format=csv"
is "deciles CSV: no small counts" "$(awk -F, 'NR > 1 { for (i = 3; i <= 14; i++) if ($i ~ /^[1-4]$/) n++ } END { print n + 0 }' "$T/d-deciles.csv")" 0
grep -q '<5' "$T/d-deciles.csv" && ok || bad "deciles CSV shows <5"

# ------------------------------------------- nothing rebuilt from a shown total
python3 - "$T" <<'EOF'
import json, sys
T = sys.argv[1]
def load(n): return json.load(open('%s/%s.json' % (T, n)))
problems = []
def group(what, total, members):
    """total: int or None (hidden); members: list of int or None."""
    if total is None:
        return
    hidden = [m for m in members if m is None]
    if not hidden:
        if sum(members) != total:
            problems.append('%s: shown members add to %d, total %d' % (what, sum(members), total))
        return
    rest = total - sum(m for m in members if m is not None)
    if len(hidden) == 1:
        problems.append('%s: one hidden cell = %d' % (what, rest))
    elif rest < 5:
        problems.append('%s: %d hidden cells add up to %d' % (what, len(hidden), rest))
def summary(g):
    return load('v-summary-' + g)
def cats(s): return {c['category']: c['count'] for c in s['pmks']}
tree = {'64.74': ['64.74.01', '64.74.02', '64.74.03'],
        '64.74.01': ['64.74.01.100%d' % i for i in range(1, 7)],
        '64.74.02': ['64.74.02.100%d' % i for i in range(1, 7)],
        '64.74.03': ['64.74.03.100%d' % i for i in range(1, 4)]}
# Summaries across the hierarchy, per category and per total.
for parent, kids in tree.items():
    p, ks = summary(parent), [summary(k) for k in kids]
    for c in range(1, 27):
        group('summary %s cat %d' % (parent, c), cats(p)[c], [cats(k)[c] for k in ks])
    for key in ('people', 'households', 'people_alive', 'memberships_open'):
        group('summary %s %s' % (parent, key), p[key], [k[key] for k in ks])
    for key in ('draft', 'verified', 'rejected'):
        group('summary %s %s' % (parent, key), p['status'][key], [k['status'][key] for k in ks])
for g in ['64.74'] + [k for ks in tree.values() for k in ks]:
    s = summary(g)
    group('summary %s categories' % g, s['memberships_open'], list(cats(s).values()))
    group('summary %s states' % g, s['people'], list(s['status'].values()))
# Report counts: rows -> total per category; categories -> pmks_people per row.
for name in ('v-counts-64.74-3', 'v-counts-64.74-4', 'v-counts-64.74.01-4', 'v-compare-64.74-3'):
    r = load(name)
    rows = r['rows']
    for c in range(26):
        for key in ('people', 'people_compare'):
            if key in r['total']['categories'][c]:
                group('%s cat %d %s' % (name, c + 1, key), r['total']['categories'][c][key],
                      [w['categories'][c][key] for w in rows])
    for w in rows + [r['total']]:
        group('%s %s categories' % (name, w['code']), w['pmks_people'], [k['people'] for k in w['categories']])
# The choropleth's districts add up to its regency (same category, same day).
for c in ('', '5', '15', '8'):
    reg = {f['properties']['code']: f['properties']['count'] for f in load('v-choro-regency-' + c)['features']}
    dis = {f['properties']['code']: f['properties']['count'] for f in load('v-choro-district-' + c)['features']}
    if '64.74' in reg:
        group('choropleth cat %s 64.74' % c, reg['64.74'], [v for k, v in dis.items() if k.startswith('64.74.')])
# Preview: districts -> eligible.
for by in ('district',):
    p = load('v-preview-64.74-' + by)
    group('preview 64.74 by district', p['eligible'], [r['eligible'] for r in p['by_region']])
for x in problems[:20]:
    print('FAIL: rebuilt:', x, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
is "no hidden cell rebuilt from a shown total" $? 0

# The cells the issue names, as the viewer sees them.
jq_is() { is "$1" "$(jq -c "$3" "$T/$2.json")" "$4"; }
jq_is "viewer: 64.74.01 former prisoners hidden" v-summary-64.74.01 '.pmks[14] | [.count, .hidden]' '[null,true]'
jq_is "viewer: 64.74.01's categories 5 and 15 (1 + 1) take scavengers (5) along" v-summary-64.74.01 \
  '[.pmks[4].count, .pmks[12].count, .pmks[14].count, .pmks[7].count]' '[null,null,null,12]'
jq_is "viewer: 64.74.02 shown" v-summary-64.74.02 '.pmks[14].count' 8
jq_is "viewer: village of 2 hidden" v-summary-64.74.03.1001 '[.people, .households, .hidden]' '[null,null,true]'
jq_is "viewer: choropleth cat 5 per district" v-choro-district-5 \
  '[.features[] | select(.properties.code | startswith("64.74.")) | .properties.count]' '[null,null,null]'
jq_is "viewer: choropleth cat 5 flagged" v-choro-district-5 \
  '[.features[] | select(.properties.code | startswith("64.74.")) | .properties.hidden] | all' true
is "a viewer scoped to 64.74 sees what the national viewer sees there" \
  "$(jq -c '[.pmks, .people, .households, .status]' "$T/w-summary-64.74.json")" \
  "$(jq -c '[.pmks, .people, .households, .status]' "$T/v-summary-64.74.json")"
jq_is "viewer rakor: district people per TKSK hidden with its count" v-rakor-64.74 \
  '[.rows[0].districts[]? | select(.pmks_people == null and .people_per_tksk != null)] | length' 0

# ------------------------------------------------- operator: the exact values
get "$TA" a-summary-64.74.01 "/summary?region=64.74.01"
jq_is "operator: 1 former prisoner" a-summary-64.74.01 '.pmks[14].count' 1
get "$TA" a-summary-64.74.03.1001 "/summary?region=64.74.03.1001"
jq_is "operator: village of 2" a-summary-64.74.03.1001 '.people' 2
get "$TA" a-choro "/map/choropleth?level=district&category=5"
jq_is "operator: choropleth 1/3/1" a-choro \
  '[.features[] | select(.properties.code | startswith("64.74.")) | .properties.count]' '[1,3,1]'
get "$TA" a-counts "/reports/counts?region=64.74&level=3"
jq_is "operator: counts 1/3/1" a-counts '[.rows[].categories[4].people]' '[1,3,1]'
jq_is "operator: nothing flagged" a-counts '[.. | objects | select(.hidden == true)] | length' 0
get "$TA" a-preview "/programs/BWB/preview?period=$Q&by=district&region=64.74"
jq_is "operator: preview exact" a-preview '[.by_region[].eligible]' '[1,8,6]'
# The cache keeps the two views apart (the viewer asked first).
get "$TV" v-again "/map/choropleth?level=district&category=5"
jq_is "viewer after operator: still hidden" v-again \
  '[.features[] | select(.properties.code | startswith("64.74.")) | .properties.count]' '[null,null,null]'

summary
