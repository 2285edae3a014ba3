#!/usr/bin/env bash
# Installs what Pilar needs on Debian 12: build tools, libraries, npm packages.
# Idempotent: packages already present are not reinstalled.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config git ca-certificates python3 clang-format
  libsqlite3-dev sqlite3 libjansson-dev libsodium-dev libmicrohttpd-dev libgnutls28-dev openssl
  libxlsxwriter-dev libzip-dev libexpat1-dev libcurl4-openssl-dev zlib1g-dev
  libcairo2-dev libqrencode-dev libcmocka-dev jq liboath-dev oathtool
  zbar-tools poppler-utils fonts-dejavu-core spatialite-bin brotli
  libpq-dev postgresql postgresql-contrib postgresql-15-postgis-3
  curl nginx wrk
  chromium fonts-noto-core
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm: Debian's packages unless a Node.js with npm is already there (some images
# ship NodeSource's nodejs, which bundles npm and conflicts with Debian's npm package).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages pinned in package-lock.json (region data, UI libraries, browser tests).
if [ ! -d node_modules/idn-area-data ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
# Browser libraries of the web UI, copied from node_modules into web/vendor/.
scripts/vendor.sh
