#!/usr/bin/env bash
# Runs the whole test suite: the source checks (scripts/checksrc, clang-format),
# then unit tests (cmocka), fuzz corpus replays and integration tests (the
# real binary and server, a real browser for the UI) under AddressSanitizer +
# UndefinedBehaviorSanitizer, through ctest. Also builds the release
# configuration, so that warnings only an optimising build sees fail here too.
# Then the whole suite once more on encrypted data bases: a PILAR_CIPHER=ON
# build (SQLite3 Multiple Ciphers, SQLCipher v4 format) under the same
# sanitizers, with every data base the tests make keyed by a throw-away key.
# PILAR_TEST_CIPHER=0 skips that second run.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
./scripts/checksrc
./scripts/checkformat
./scripts/build.sh
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPILAR_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j"$(nproc)")

if [ "${PILAR_TEST_CIPHER:-1}" != 0 ]; then
  echo "==> the suite again on encrypted data bases (PILAR_CIPHER=ON)"
  cmake -S . -B build-cipher -DCMAKE_BUILD_TYPE=Debug -DPILAR_SANITIZE=ON -DPILAR_CIPHER=ON >/dev/null
  cmake --build build-cipher -j"$(nproc)"
  key_dir=$(mktemp -d)
  trap 'rm -rf "$key_dir"' EXIT
  (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$key_dir/key")
  (cd build-cipher && PILAR_DB_KEY_FILE="$key_dir/key" ctest --output-on-failure -j"$(nproc)" -LE pg)
fi
