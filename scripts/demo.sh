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
if [ "$($PILAR status --json | sed -E 's/.*"people":([0-9]+).*/\1/')" = "0" ]; then
  echo "==> generating $PEOPLE demo people for East and North Kalimantan"
  $PILAR gen --people "$PEOPLE" --province 64,65 --seed 2026 --out demo/people.csv
  $PILAR import demo/people.csv --rejects demo/people-rejects.csv
fi
$PILAR status
