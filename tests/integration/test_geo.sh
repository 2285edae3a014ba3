#!/usr/bin/env bash
# test_geo - outlines, area queries (polygon, radius, formats), disaster
# events confirmed as PMKS 21, disability cards (PDF rendered with pdftoppm,
# every QR code decoded with zbarimg), revocation and the coordinate check.
. "$(dirname "$0")/lib.sh"
set -o pipefail
B=$PILAR_SRC/data/boundaries
W=$T
export PILAR_DB=$W/p.db
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

$PILAR init >/dev/null || { echo "init failed"; exit 1; }
$PILAR region import --from "$PILAR_SRC/node_modules/idn-area-data/data" >/dev/null || exit 1

# --- outlines -------------------------------------------------------------
out=$($PILAR boundary import "$B/regencies-64-65.geojson" --json)
check "15 regencies loaded" [ "$(echo "$out" | jq .regencies)" = 15 ]
out=$($PILAR boundary import "$B/districts-64-65.geojson" --level district --json)
check "160 districts loaded" [ "$(echo "$out" | jq .districts)" = 160 ]
check "re-import replaces" [ "$($PILAR boundary import "$B/regencies-64-65.geojson" --json | jq .imported)" = 15 ]
check "170+5 outlines stored" [ "$(q 'SELECT count(*) FROM boundary')" = 175 ]
# The audit row names the file as JSON, whatever characters its path holds.
cp "$B/regencies-64-65.geojson" "$W/batas \"baru\" \\ 2024.geojson"
$PILAR boundary import "$W/batas \"baru\" \\ 2024.geojson" >/dev/null || bad "import from a quoted path"
check "audit row is JSON naming the file" [ "$(q "SELECT json_extract(after, '\$.file') || '|' || json_extract(after, '\$.features') FROM audit WHERE entity='boundary' ORDER BY id DESC LIMIT 1")" = "$W/batas \"baru\" \\ 2024.geojson|15" ]
cat > "$W/bad.geojson" <<'EOF'
{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"code":"64.74","name":"A"},"geometry":{"type":"Polygon","coordinates":[[[117,0],[117.1,0],[117.1,0.1],[117,0.1],[117,0]]]}},
 {"type":"Feature","properties":{"code":"64.71","name":"B"},"geometry":{"type":"Polygon","coordinates":[[[117,0],[117.1,0.1],[117.1,0],[117,0.1],[117,0]]]}}]}
EOF
err=$($PILAR boundary import "$W/bad.geojson" 2>&1 >/dev/null); rc=$?
check "self-crossing outline refused (exit 1)" [ $rc = 1 ]
check "message names feature 2 and the reason" grep -q "fitur ke-2 (64.71).*memotong" <<<"$err"
check "nothing written on a refused file" [ "$(q "SELECT count(*) FROM boundary WHERE name='A'")" = 0 ]

# --- data: generated people plus known ones ------------------------------
$PILAR gen --people 3000 --region 64,65 --seed 7 --out "$W/people.csv" >/dev/null 2>&1
$PILAR import "$W/people.csv" >/dev/null || bad "import"
VIL=$(q "SELECT code FROM region WHERE code LIKE '64.72.01.%' AND level = 4 ORDER BY code LIMIT 1")
# A home at Samarinda's city hall; the elderly man and a small girl live there.
LAT=-0.502200 LON=117.153600
$PILAR household add --kk 6472010101209001 --village "$VIL" --address "Jl. Kesuma Bangsa 1" \
  --lat $LAT --lon $LON >/dev/null || bad "household add"
$PILAR person add --nik 6472010503509001 --name "Abdul Rahman" --birth-date 1950-03-05 --sex L \
  --kk 6472010101209001 --disability fisik >/dev/null || bad "person add elderly"
CHILD_BD=$(date -d '-2 years' +%Y-%m-%d)
CHILD_NIK=647201$(date -d "$CHILD_BD" +%d | awk '{printf "%02d", $1 + 40}')$(date -d "$CHILD_BD" +%m%y)9001
$PILAR person add --nik "$CHILD_NIK" --name "Siti Aminah" --birth-date "$CHILD_BD" --sex P \
  --kk 6472010101209001 >/dev/null || bad "person add child"
# A neighbour 0.01 degree (1112 m) north, and an adult with own coordinates far away.
$PILAR household add --kk 6472010101209002 --village "$VIL" --lat -0.492200 --lon $LON >/dev/null
$PILAR person add --nik 6472011207609001 --name "Wati Lestari" --birth-date 1960-07-12 --sex L \
  --kk 6472010101209002 --disability mental >/dev/null || bad "person add neighbour"
$PILAR person add --nik 6472011508909001 --name "Budi Santoso" --birth-date 1990-08-15 --sex L \
  --kk 6472010101209001 --lat -0.6 --lon 117.3 >/dev/null || bad "person add own coords"
$PILAR psks add --type tagana --name "Tagana Samarinda" --area 64.72 --lat -0.5 --lon 117.16 \
  --phone 0811 >/dev/null || bad "psks add"

# A 40 m square around the home.
cat > "$W/home.geojson" <<EOF
{"type":"Polygon","coordinates":[[[117.1534,-0.5024],[117.1538,-0.5024],[117.1538,-0.5020],[117.1534,-0.5020],[117.1534,-0.5024]]]}
EOF
out=$($PILAR area --geojson "$W/home.geojson" --all --json)
check "home square: 2 people (own coordinates override the home)" [ "$(echo "$out" | jq .people)" = 2 ]
check "one elderly, one child, one disabled" \
  [ "$(echo "$out" | jq -c '[.elderly,.children_under_5,.disabled,.disabled_by_type.fisik]')" = "[1,1,1,1]" ]
$PILAR area --geojson "$W/home.geojson" --format csv --out "$W/home.csv" >/dev/null || bad "area csv"
check "csv lists the vulnerable with nearest Tagana" grep -q "6472010503509001,Abdul Rahman,.*\"lansia, disabilitas\",Disabilitas fisik,.*,-0.502200,117.153600,,Tagana Samarinda,752," "$W/home.csv"
check "csv has 2 vulnerable rows + header" [ "$(wc -l < "$W/home.csv")" = 3 ]
# Radius: 1200 m reaches the neighbour at about 1112 m, 1000 m does not.
out=$($PILAR area --point "$LAT,$LON" --radius 1200 --format geojson --out "$W/r.geojson" --json)
check "radius 1200 m finds the neighbour" jq -e '.features[] | select(.properties.nik == "6472011207609001")' "$W/r.geojson" >/dev/null
d=$(jq -r '.features[] | select(.properties.nik == "6472011207609001") | .properties.jarak_pusat_m' "$W/r.geojson")
check "distance 1112 m (haversine)" [ "$d" = 1112 ]
check "radius 1000 m does not" [ "$($PILAR area --point "$LAT,$LON" --radius 1000 --format geojson --out "$W/r2.geojson" >/dev/null; jq '[.features[] | select(.properties.nik == "6472011207609001")] | length' "$W/r2.geojson")" = 0 ]
$PILAR area --geojson "$W/home.geojson" --format xlsx --out "$W/home.xlsx" >/dev/null
check "xlsx written" [ "$(head -c 2 "$W/home.xlsx")" = PK ]
# Regency outline: the index and a full scan agree, and both find people.
jq -c '{type:"FeatureCollection",features:[.features[]|select(.properties.code=="64.72")]}' \
  "$B/regencies-64-65.geojson" > "$W/smd.geojson"
a=$($PILAR area --geojson "$W/smd.geojson" --json | jq .people)
b=$($PILAR area --geojson "$W/smd.geojson" --method scan --json | jq .people)
check "Samarinda: index ($a) = scan ($b) > 0" [ "$a" = "$b" -a "$a" -gt 0 ]
# The summary alone (the store may count the people of cells wholly inside without listing
# them: PostgreSQL does it in SQL), the listing and the full scan give the same counts by type.
counts() { jq -c '[.people,.vulnerable,.elderly,.children_under_5,.disabled,.disabled_by_type]'; }
a=$($PILAR area --geojson "$W/smd.geojson" --json | counts)
b=$($PILAR area --geojson "$W/smd.geojson" --all --json | counts)
c=$($PILAR area --geojson "$W/smd.geojson" --method scan --json | counts)
check "Samarinda: summary = listing = scan, disabilities by type ($a)" [ "$a" = "$b" -a "$a" = "$c" ]
check "Samarinda: some disabled people counted by type" [ "$(echo "$a" | jq '.[5] | add // 0')" -gt 0 ]
a=$($PILAR area --geojson "$W/home.geojson" --json | counts)
check "home square: summary = listing" [ "$a" = "$($PILAR area --geojson "$W/home.geojson" --all --json | counts)" ]
# Kota Bangun (64.02.08) with its hole: the hole's middle is outside.
jq -c '.features[]|select(.properties.code=="64.02.08").geometry' "$B/districts-64-65.geojson" > "$W/kb.geojson"
$PILAR household add --kk 6402080101209001 --village "$(q "SELECT code FROM region WHERE code LIKE '64.02.08.%' AND level=4 LIMIT 1")" \
  --lat -0.318520 --lon 116.659832 >/dev/null
$PILAR person add --nik 6402080101509001 --name "Di Lubang" --birth-date 1950-01-01 --sex L --kk 6402080101209001 >/dev/null
check "a person in the hole is outside" [ "$($PILAR area --geojson "$W/kb.geojson" --format csv --out "$W/kb.csv" >/dev/null; grep -c 6402080101509001 "$W/kb.csv")" = 0 ]
# Invalid areas are refused clearly.
echo '{"type":"Polygon","coordinates":[[[117,0],[117.1,0.1],[117.1,0],[117,0.1],[117,0]]]}' > "$W/bow.geojson"
err=$($PILAR area --geojson "$W/bow.geojson" 2>&1); rc=$?
check "bowtie refused" [ $rc = 1 ]
check "bowtie message" grep -q "memotong" <<<"$err"
err=$($PILAR area --point 0,117 --radius 0 2>&1); rc=$?
check "radius 0 refused" [ $rc = 1 ]

# --- disaster ---------------------------------------------------------------
out=$($PILAR disaster add --type banjir --date 2025-01-15 --geojson "$W/home.geojson" --region 64.72 --name "Banjir Sempaja" --json)
EV=$(echo "$out" | jq .id)
check "disaster registered with 2 people inside" [ "$(echo "$out" | jq .people)" = 2 ]
check "affected lists 2 vulnerable" [ "$($PILAR disaster affected "$EV" --json | jq .vulnerable)" = 2 ]
err=$($PILAR disaster add --type meteor --date 2025-01-15 --geojson "$W/home.geojson" 2>&1); rc=$?
check "unknown disaster type refused" [ $rc = 1 ]
check "confirm records 2 people" [ "$($PILAR disaster confirm "$EV" --json | jq .affected)" = 2 ]
check "PMKS 21 from the event date" [ "$(q "SELECT count(*) FROM membership m JOIN person p ON p.id=m.person_id WHERE m.category=21 AND m.valid_from='2025-01-15' AND p.nik IN ('6472010503509001','$CHILD_NIK')")" = 2 ]
check "confirmation audited" [ "$(q "SELECT count(*) FROM audit WHERE entity='disaster_event' AND action='confirm'")" = 1 ]
$PILAR disaster confirm "$EV" >/dev/null 2>&1; rc=$?
check "second confirm refused" [ $rc = 1 ]
check "list shows it confirmed" [ "$($PILAR disaster list --json | jq -r '.items[0].state')" = confirmed ]

# --- cards ------------------------------------------------------------------
NIKS=$(q "SELECT nik FROM person WHERE disability <> '' AND nik IS NOT NULL AND death_date IS NULL ORDER BY id LIMIT 11" | tr '\n' ' ')
# shellcheck disable=SC2086
out=$($PILAR card $NIKS --out "$W/cards.pdf" --base-url https://pilar.test/ --json) || bad "card"
check "11 cards issued" [ "$(echo "$out" | jq '.cards | length')" = 11 ]
pdftoppm -r 200 -png "$W/cards.pdf" "$W/page" 2>/dev/null
check "two A4 pages rendered" [ "$(ls "$W"/page-*.png | wc -l)" = 2 ]
check "A4 at 200 dpi" grep -q "1654 x 2339" <(file "$W/page-1.png")
for f in "$W"/page-*.png; do zbarimg -q --raw "$f" 2>/dev/null; done | sort > "$W/decoded.txt"
echo "$out" | jq -r '.cards[].url' | sort > "$W/expected.txt"
check "every QR code decodes to its card's URL" cmp -s "$W/decoded.txt" "$W/expected.txt"
check "URL form" grep -qE '^https://pilar.test/kartu/[a-z2-7]{16}$' "$W/expected.txt"
TOK=$(echo "$out" | jq -r '.cards[0].token')
N1=$(echo "$out" | jq -r '.cards[0].nik')
check "check: valid" [ "$($PILAR card check "$TOK" --json | jq -r .status)" = valid ]
chk=$($PILAR card check "https://pilar.test/kartu/$TOK" --json)
check "checker shows only status, name, disability" [ "$(echo "$chk" | jq -c 'keys')" = '["disability","name","status"]' ]
check "reprint keeps the token" [ "$($PILAR card "$N1" --out "$W/one.pdf" --json | jq -r '.cards[0].token')" = "$TOK" ]
$PILAR card revoke "$TOK" --reason "kartu hilang" >/dev/null || bad "revoke"
out2=$($PILAR card check "$TOK"); rc=$?
check "revoked card: exit 1" [ $rc = 1 ]
check "revoked card says so" grep -q "DICABUT" <<<"$out2"
check "revoked status in JSON" [ "$($PILAR card check "$TOK" --json | jq -r .status)" = revoked ]
NEW=$($PILAR card "$N1" --out "$W/one.pdf" --json | jq -r '.cards[0].token')
check "re-issued card has a new token" [ -n "$NEW" -a "$NEW" != "$TOK" ]
check "new card valid" [ "$($PILAR card check "$NEW" --json | jq -r .status)" = valid ]
check "unknown token" [ "$($PILAR card check aaaaaaaaaaaaaaaa --json | jq -r .status)" = unknown ]
$PILAR card revoke "$TOK" --reason lagi >/dev/null 2>&1; rc=$?
check "double revoke refused" [ $rc = 1 ]
err=$($PILAR card 6472011508909001 --out "$W/x.pdf" 2>&1); rc=$?
check "no card without a recorded disability" [ $rc = 1 ]
check "revocation audited" [ "$(q "SELECT count(*) FROM audit WHERE entity='card' AND action='update'")" = 1 ]

# --- coordinate check ---------------------------------------------------------
# Registered in Samarinda but geotagged in Balikpapan (about 88 km away).
$PILAR household add --kk 6472010101209003 --village "$VIL" --lat -1.2379 --lon 116.8529 >/dev/null
out=$($PILAR geo check --region 64.72 --json)
check "the Balikpapan point is flagged" [ "$(echo "$out" | jq '[.items[] | select(.label == "6472010101209003")] | length')" = 1 ]
check "the city hall home is not" [ "$(echo "$out" | jq '[.items[] | select(.label == "6472010101209001")] | length')" = 0 ]
check "distance reported in metres" [ "$(echo "$out" | jq '.items[] | select(.label == "6472010101209003") | .distance_m > 10000')" = true ]

# --- deferred spatial index ---------------------------------------------------------
# A big import may skip the R*Trees and leave a marker (pl_store_geo_defer) until it packs
# them at the end. Simulate one that stopped before that: people and a household added
# after the marker, missing from the trees. Area queries must still count them.
smd_n=$($PILAR area --geojson "$W/smd.geojson" --all --json | jq .people)
MAXP=$(q "SELECT max(id) FROM person")
MAXH=$(q "SELECT max(id) FROM household")
q "INSERT INTO geo_pending(name, after_id) VALUES('person', $MAXP), ('household', $MAXH)"
# A 40 m square of their own, about 1 km from the city hall.
cat > "$W/new.geojson" <<EOF
{"type":"Polygon","coordinates":[[[117.1598,-0.5102],[117.1602,-0.5102],[117.1602,-0.5098],[117.1598,-0.5098],[117.1598,-0.5102]]]}
EOF
$PILAR household add --kk 6472010101209004 --village "$VIL" --lat -0.510000 --lon 117.160000 >/dev/null
$PILAR person add --nik 6472015505559004 --name "Nenek Baru" --birth-date 1955-05-15 --sex P \
  --kk 6472010101209004 >/dev/null || bad "person add (deferred)"
$PILAR person add --nik 6472010101009005 --name "Anak Muda" --birth-date 2000-01-01 --sex L \
  --kk 6472010101209004 --lat -0.510050 --lon 117.160050 >/dev/null || bad "person add (deferred, own)"
q "DELETE FROM person_geo WHERE id > $MAXP; DELETE FROM household_geo WHERE id > $MAXH"
check "two new people missing from the tree" [ "$(q "SELECT count(*) FROM person_point WHERE id > $MAXP")" = 2 -a "$(q "SELECT count(*) FROM person_geo WHERE id > $MAXP")" = 0 ]
out=$($PILAR area --geojson "$W/new.geojson" --all --json)
check "marker: their square counts the 2 people not yet indexed" [ "$(echo "$out" | jq .people)" = 2 ]
check "marker: the new elderly woman is counted" [ "$(echo "$out" | jq .elderly)" = 1 ]
check "marker: index = scan" [ "$($PILAR area --geojson "$W/new.geojson" --all --method scan --json | jq .people)" = 2 ]
check "marker: the home square still has its 2" [ "$($PILAR area --geojson "$W/home.geojson" --all --json | jq .people)" = 2 ]
check "marker: Samarinda counts them too" [ "$($PILAR area --geojson "$W/smd.geojson" --all --json | jq .people)" = $((smd_n + 2)) ]
check "marker: radius query counts them" [ "$($PILAR area --point -0.51,117.16 --radius 30 --all --json | jq .people)" = 2 ]
out=$($PILAR geo reindex --json)
check "geo reindex: was pending" [ "$(echo "$out" | jq .was_pending)" = true ]
check "geo reindex: every located person indexed" [ "$(echo "$out" | jq .people)" = "$(q "SELECT count(*) FROM person_geo_rows")" -a "$(q "SELECT count(*) FROM person_geo")" = "$(q "SELECT count(*) FROM person_geo_rows")" ]
check "geo reindex: households too" [ "$(echo "$out" | jq .households)" = "$(q "SELECT count(*) FROM household_geo_rows")" ]
check "geo reindex clears the marker" [ "$(q "SELECT count(*) FROM geo_pending")" = 0 ]
if on_pg; then
  # PostgreSQL's index is GiST over the point tables: they must hold exactly the views' values.
  check "rebuilt point tables hold the views' values" [ "$(q "SELECT (SELECT count(*) FROM person_geo_rows r JOIN person_geo g ON g.id = r.id AND pl_micro(ST_Y(g.pt::geometry)) = r.lat0 AND pl_micro(ST_X(g.pt::geometry)) = r.lon0 AND g.birth = r.birth0 AND g.dis = r.dis0 AND g.dist = r.dist0) || '|' || (SELECT count(*) FROM household_geo_rows r JOIN household_geo g ON g.id = r.id AND pl_micro(ST_Y(g.pt::geometry)) = r.lat0 AND pl_micro(ST_X(g.pt::geometry)) = r.lon0 AND g.dist = r.dist0)")" = "$(q "SELECT count(*) FROM person_geo")|$(q "SELECT count(*) FROM household_geo")" ]
else
  check "packed trees pass rtreecheck" [ "$(q "SELECT rtreecheck('person_geo') || rtreecheck('household_geo')")" = okok ]
fi
check "after reindex: both in their square" [ "$($PILAR area --geojson "$W/new.geojson" --all --json | jq .people)" = 2 ]
check "geo reindex text output" grep -q "Indeks spasial dibangun ulang: .* titik orang" <<<"$($PILAR geo reindex)"
# Left for 'pilar serve' below, which rebuilds at start when a marker exists.
q "INSERT INTO geo_pending(name, after_id) VALUES('person', $MAXP); DELETE FROM person_geo WHERE id > $MAXP"

# --- HTTP: public card checker and map data --------------------------------------
if $PILAR serve --help >/dev/null 2>&1; then
  PILAR_PWHASH=fast $PILAR user add geoadm --role admin --generate-password >/dev/null
  PILAR_PWHASH=fast $PILAR user add geobtg --role regency --scope 64.74 --generate-password >/dev/null
  TA=$($PILAR user token geoadm)
  TB=$($PILAR user token geobtg)
  mkdir -p "$W/web" "$W/data"
  SERVER_LOG="$W/server.log"
  start_server --web "$W/web" --data-dir "$W/data"
  H=$B
  check "serve rebuilt the deferred index at start" [ "$(q "SELECT count(*) FROM geo_pending")" = 0 -a "$(q "SELECT count(*) FROM person_geo WHERE id > $MAXP")" = 2 ]
  # The log holds every try: the rebuild is in it whichever try did it.
  check "serve logged the rebuild" grep -q "Indeks spasial tertunda dibangun ulang" "$SERVER_LOG"
  st=$(curl -s -o "$W/k.html" -w '%{http_code}' "$H/kartu/$NEW")
  check "checker page without sign-in: 200" [ "$st" = 200 ]
  check "checker says valid" grep -q 'data-status="valid"' "$W/k.html"
  st=$(curl -s -o "$W/k.html" -w '%{http_code}' "$H/kartu/$TOK")
  check "revoked card's URL says revoked" grep -q 'data-status="revoked".*DICABUT' "$W/k.html"
  check "checker page shows no NIK" [ "$(grep -c "$N1" "$W/k.html")" = 0 ]
  check "checker JSON: only status, name, disability" \
    [ "$(curl -s "$H/kartu/$TOK?format=json" | jq -c 'keys')" = '["disability","name","status"]' ]
  st=$(curl -s -o /dev/null -w '%{http_code}' "$H/kartu/bogus")
  check "unknown card: 404" [ "$st" = 404 ]
  st=$(curl -s -o /dev/null -w '%{http_code}' "$H/api/v1/map/points?bbox=116,-2,118,1&zoom=8")
  check "map points need sign-in" [ "$st" = 401 ]
  curl -s -H "Authorization: Bearer $TA" "$H/api/v1/map/points?bbox=113,-3,120,5&zoom=6" > "$W/mp.json"
  total=$(jq .total "$W/mp.json")
  sum=$(jq '[.features[] | (.properties.count // 1)] | add' "$W/mp.json")
  check "clusters hold every point ($total)" [ "$total" -gt 2000 -a "$sum" = "$total" ]
  check "clustered at zoom 6" [ "$(jq .clustered "$W/mp.json")" = true -a "$(jq '.features | length' "$W/mp.json")" -lt 400 ]
  n=$(curl -s -H "Authorization: Bearer $TA" "$H/api/v1/map/points?bbox=117.1534,-0.5024,117.1538,-0.5020&zoom=18" | jq '.features | length')
  check "single points at zoom 18 (the home's 2 people)" [ "$n" = 2 ]
  n=$(curl -s -H "Authorization: Bearer $TB" "$H/api/v1/map/points?bbox=117.1534,-0.5024,117.1538,-0.5020&zoom=18" | jq .total)
  check "Bontang user sees no Samarinda points" [ "$n" = 0 ]
  curl -s -H "Authorization: Bearer $TA" "$H/api/v1/map/choropleth?level=regency&category=21" > "$W/ch.json"
  check "choropleth: 15 regencies" [ "$(jq '.features | length' "$W/ch.json")" = 15 ]
  check "choropleth: Samarinda has the 2 disaster victims" \
    [ "$(jq '.features[] | select(.properties.code == "64.72") | .properties.count' "$W/ch.json")" = 2 ]
  check "boundaries for a Bontang user: its 3 districts" \
    [ "$(curl -s -H "Authorization: Bearer $TB" "$H/api/v1/boundaries?level=district" | jq '.features | length')" = 3 ]
  stop_server
fi

summary
