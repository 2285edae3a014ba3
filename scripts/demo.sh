#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running Pilar on demo data:
# installs dependencies, builds, creates demo/pilar.db (SQLite), loads the
# official region tree, published BPS indicators (data/indicators), and
# generated people and PSKS units for East and North Kalimantan, then runs
# the main job. Safe to run again: existing demo data is kept.
#
# The generated people include duplicates entered again on the same family
# card (PILAR_DEMO_CLERK_DUPS, default 0.005 per person; their ground truth in
# demo/truth.csv) and about 7 % of people without a NIK, in the groups where
# that happens (PILAR_DEMO_NO_NIK, default 0.07; src/gen/gen.c says why).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
./scripts/build.sh

PILAR=./build/pilar
DB=${PILAR_DB:-demo/pilar.db}
PEOPLE=${PILAR_DEMO_PEOPLE:-50000}
NO_NIK=${PILAR_DEMO_NO_NIK:-0.07}
CLERK_DUPS=${PILAR_DEMO_CLERK_DUPS:-0.005}
mkdir -p "$(dirname "$DB")" demo # demo/ holds the generated files whatever PILAR_DB says
export PILAR_DB="$DB"

$PILAR init
$PILAR region import
# Region outlines (MIT, see data/boundaries/SOURCE.md): re-importing replaces them.
$PILAR boundary import data/boundaries/regencies-64-65.geojson --level regency
$PILAR boundary import data/boundaries/districts-64-65.geojson --level district
# Published BPS indicators with their sources (see data/indicators/README.md): re-importing
# replaces the same region, year and indicator.
$PILAR indicator import data/indicators/kaltim-kaltara.csv
if [ "$($PILAR status --json | sed -E 's/.*"people":([0-9]+).*/\1/')" = "0" ]; then
  echo "==> generating $PEOPLE demo people and the PSKS units of East and North Kalimantan"
  $PILAR gen --people "$PEOPLE" --province 64,65 --seed 2026 --out demo/people.csv \
    --no-nik-rate "$NO_NIK" --clerk-dup-rate "$CLERK_DUPS" --truth demo/truth.csv \
    --psks demo/psks.csv
  # Exit 1 = some rows rejected (duplicates without NIK while the importer refuses them),
  # listed in demo/people-rejects.csv; anything else stops the demo.
  $PILAR import demo/people.csv --rejects demo/people-rejects.csv || [ $? -eq 1 ]
  $PILAR psks import demo/psks.csv
fi
$PILAR status

# The first administrator: password from PILAR_ADMIN_PASSWORD, else generated and printed once.
if $PILAR user list --json | grep -q '"username":"admin"'; then
  echo "==> admin account exists"
elif [ -n "${PILAR_ADMIN_PASSWORD:-}" ]; then
  printf '%s\n' "$PILAR_ADMIN_PASSWORD" | $PILAR user add admin --role admin
else
  $PILAR user add admin --role admin --generate-password
fi
echo "==> http://${PILAR_LISTEN:-127.0.0.1:8080} (masuk sebagai admin)"
exec $PILAR serve --listen "${PILAR_LISTEN:-127.0.0.1:8080}" --data-dir demo/data
