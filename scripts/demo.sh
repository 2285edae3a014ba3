#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running Pilar on demo data:
# installs dependencies, builds, creates demo/pilar.db (SQLite), loads the
# official region tree and generated people for East and North Kalimantan,
# then runs the main job. Safe to run again: existing demo data is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
./scripts/build.sh

PILAR=./build/pilar
DB=${PILAR_DB:-demo/pilar.db}
PEOPLE=${PILAR_DEMO_PEOPLE:-50000}
mkdir -p "$(dirname "$DB")"
export PILAR_DB="$DB"

$PILAR init
$PILAR region import
# Region outlines (MIT, see data/boundaries/SOURCE.md): re-importing replaces them.
$PILAR boundary import data/boundaries/regencies-64-65.geojson --level regency
$PILAR boundary import data/boundaries/districts-64-65.geojson --level district
if [ "$($PILAR status --json | sed -E 's/.*"people":([0-9]+).*/\1/')" = "0" ]; then
  echo "==> generating $PEOPLE demo people for East and North Kalimantan"
  $PILAR gen --people "$PEOPLE" --province 64,65 --seed 2026 --out demo/people.csv
  $PILAR import demo/people.csv --rejects demo/people-rejects.csv
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
