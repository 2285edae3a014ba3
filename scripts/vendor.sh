#!/usr/bin/env bash
# Copies the browser libraries the web UI needs from node_modules into web/vendor/
# (gitignored; versions pinned by package-lock.json). The server serves web/ only
# and refuses symlinks, so the files are copied, not linked. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

nm=node_modules
out=web/vendor
for f in "$nm/leaflet/dist/leaflet.js" "$nm/chart.js/dist/chart.umd.min.js" \
         "$nm/leaflet.markercluster/dist/leaflet.markercluster.js"; do
  [ -f "$f" ] || { echo "vendor.sh: $f missing; run npm ci first" >&2; exit 1; }
done
rm -rf "$out.tmp"
mkdir -p "$out.tmp/leaflet/images" "$out.tmp/leaflet.markercluster" "$out.tmp/chart.js"
cp "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.css" "$out.tmp/leaflet/"
cp "$nm/leaflet/dist/images/"*.png "$out.tmp/leaflet/images/"
cp "$nm/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$nm/leaflet.markercluster/dist/MarkerCluster.css" \
   "$nm/leaflet.markercluster/dist/MarkerCluster.Default.css" "$out.tmp/leaflet.markercluster/"
cp "$nm/chart.js/dist/chart.umd.min.js" "$out.tmp/chart.js/"
for p in leaflet leaflet.markercluster chart.js; do
  cp "$nm/$p/LICENSE"* "$out.tmp/$p/" 2>/dev/null || true
done
rm -rf "$out"
mv "$out.tmp" "$out"
echo "==> web/vendor: leaflet $(node -p "require('./$nm/leaflet/package.json').version"), chart.js $(node -p "require('./$nm/chart.js/package.json').version"), leaflet.markercluster $(node -p "require('./$nm/leaflet.markercluster/package.json').version")"
