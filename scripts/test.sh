#!/usr/bin/env bash
# Runs the whole test suite: the source checks (scripts/checksrc, clang-format),
# then unit tests (cmocka), fuzz corpus replays and integration tests (the
# real binary and server, a real browser for the UI) under AddressSanitizer +
# UndefinedBehaviorSanitizer, through ctest. Also builds the release
# configuration, so that warnings only an optimising build sees fail here too.
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
cd build-asan
ctest --output-on-failure -j"$(nproc)"
