#!/usr/bin/env bash
# test_e2e.sh - end-to-end tests of the web UI: builds a demo data base, starts
# the real `pilar serve` on a free loopback port with web/, and drives Debian's
# chromium headless through playwright-core (tests/e2e/run.mjs). Screenshots go
# to $E2E_ARTIFACTS (default $PILAR_BUILD/test-artifacts/e2e or
# ./test-artifacts/e2e); the run prints the folder.
# E2E_SERVE_ONLY=1 sets everything up, prints the URL and waits (development).
. "$(dirname "$0")/lib.sh"
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || die "$CHROMIUM missing (scripts/deps.sh installs the Debian package chromium)"
[ -d "$SRC/node_modules/playwright-core" ] || die "node_modules/playwright-core missing (run scripts/deps.sh)"
[ -f "$SRC/web/vendor/leaflet/leaflet.js" ] || "$SRC/scripts/vendor.sh" >/dev/null || die "scripts/vendor.sh failed"

# ---------------------------------------------------------------- demo data
$PILAR init >/dev/null || die "init"
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || die "region import"
$PILAR gen --people 2300 --region 64.74,64.72 --seed 11 --out "$T/gen.csv" >/dev/null 2>&1 || die "gen"
$PILAR import "$T/gen.csv" >/dev/null || die "import"
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || die "user admin"
echo 'kota-btg-kunci1' | $PILAR user add bontang --role regency --scope 64.74 >/dev/null || die "user bontang"
echo 'viewer-pass-12' | $PILAR user add lihat --role viewer >/dev/null || die "user lihat"
# An account with TOTP for the second login step (codes from oathtool in run.mjs).
echo 'kuda-langkah-22' | $PILAR user add dua --role viewer >/dev/null || die "user dua"
E2E_TOTP_SECRET=$($PILAR user totp enable dua --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])') ||
  die "totp enable"
# 2300 people: more than 2000 with coordinates, so /map/points clusters on the server.
# Region outlines (map choropleth), a signed-off period, rakor interventions (one overdue).
$PILAR boundary import "$SRC/web/data/regencies-64-65.geojson" --level regency >/dev/null || die "boundary regency"
$PILAR boundary import "$SRC/web/data/districts-64-65.geojson" --level district >/dev/null || die "boundary district"
YEAR=$(date +%Y)
$PILAR period approve --region 64.74 --period $((YEAR - 1)) --note "Disahkan rakor" >/dev/null || die "period approve"
$PILAR rakor add --year $((YEAR - 1)) --host 64 --date $((YEAR - 1))-03-15 --theme "Rakor PMKS" >/dev/null || die "rakor add"
$PILAR intervention add --region 64.74 --title "Pendataan ulang lansia terlantar" --level kabupaten-kota \
  --year $((YEAR - 1)) --category 3 --owner "Dinas Sosial Bontang" --budget 125000000 \
  --due $((YEAR - 1))-06-30 --status berjalan >/dev/null || die "intervention 1"
$PILAR intervention add --region 64.72 --title "Rumah singgah anak jalanan" --level provinsi \
  --year $((YEAR - 1)) --category 6 --owner "Dinas Sosial Provinsi" --budget 450000000 \
  --due $((YEAR + 1))-12-31 --status direncanakan >/dev/null || die "intervention 2"
# A Samarinda person the Bontang operator must not see, and Bontang drafts to verify.
python3 - "$T/gen.csv" "$T/facts.json" <<'PY' || die "facts"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
smd = next(r for r in rows if r["kode_desa"].startswith("64.72") and r["nik"])
btg = next(r for r in rows if r["kode_desa"].startswith("64.74") and r["nik"])
# The Bontang person registered a second time (another NIK serial and KK, same name,
# birth date and mother): matching on arrival puts the pair in the review queue.
dup = dict(btg, nik=btg["nik"][:12] + "9999", no_kk=btg["no_kk"][:12] + "9999", pmks="",
           hubungan_keluarga="Kepala Keluarga")
w = csv.DictWriter(open(sys.argv[2] + ".dup.csv", "w", newline="", encoding="utf-8"), fieldnames=list(rows[0]))
w.writeheader()
w.writerow(dup)
json.dump({"samarinda": {"nik": smd["nik"], "nama": smd["nama"]},
           "duplicate": {"nik": dup["nik"], "nama": dup["nama"]},
           "bontang": {"nik": btg["nik"], "nama": btg["nama"], "no_kk": btg["no_kk"],
                       "kode_desa": btg["kode_desa"]},
           "village_bontang": btg["kode_desa"]}, open(sys.argv[2], "w"))
PY

$PILAR import "$T/facts.json.dup.csv" >/dev/null || die "import duplicate"
[ "$(sqlite3 "$PILAR_DB" "SELECT count(*) FROM dedup_candidate d JOIN person p ON p.id IN (d.person_a, d.person_b) WHERE p.nik = '$(python3 -c "import json; print(json.load(open('$T/facts.json'))['duplicate']['nik'])")'")" -ge 1 ] || die "duplicate not queued on arrival"

# More data per area: tests/e2e/t_<area>.setup.sh (sourced here, with PILAR, T, SRC, YEAR and the
# users above) beside the area's browser tests tests/e2e/t_<area>.mjs.
for setup in "$SRC"/tests/e2e/t_*.setup.sh; do
  [ -e "$setup" ] || continue
  . "$setup" || die "$(basename "$setup")"
done

start_server --web "$SRC/web" --data-dir "$T/data"

export E2E_BASE="$B" E2E_FACTS="$T/facts.json" E2E_TMP="$T" CHROMIUM E2E_TOTP_SECRET
export E2E_ARTIFACTS=${E2E_ARTIFACTS:-${PILAR_BUILD:-$SRC}/test-artifacts/e2e}
if [ "${E2E_SERVE_ONLY:-0}" = 1 ]; then
  echo "serving $E2E_BASE (facts $E2E_FACTS); Ctrl-C to stop"
  wait $SERVER_PID
  exit 0
fi
mkdir -p "$E2E_ARTIFACTS"
rm -f "$E2E_ARTIFACTS"/*.png
node "$SRC/tests/e2e/run.mjs" 2>&1 | tee "$T/e2e.out"
rc=${PIPESTATUS[0]}
pass=$(grep -c '^ok ' "$T/e2e.out" || true)
fail=$(grep -c '^not ok ' "$T/e2e.out" || true)
[ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1
if [ "$fail" -ne 0 ]; then
  echo "--- server log (tail)" >&2; tail -30 "$T/server.log" >&2
fi
echo "screenshots: $E2E_ARTIFACTS"
ls "$E2E_ARTIFACTS"
summary
