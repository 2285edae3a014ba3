# lib.sh - what every integration test shares. Each test_<name>.sh starts with
#     . "$(dirname "$0")/lib.sh"
# and ends with `summary`, which prints "test_<name>: N passed, M failed" and
# returns non-zero when something failed (so it must be the script's last
# command). Not a test itself: CMake runs test_*.sh only.
#
# Environment in:  PILAR (the binary) and PILAR_SRC (the source tree), both
#                  required (ctest sets them); KEEP=1 keeps the temp dir.
# Variables out:   PILAR, SRC (= PILAR_SRC), AREA (the region tree of the
#                  idn-area-data npm package), T (a fresh temp dir, removed on
#                  exit), TEST_NAME (test_<name>), pass and fail (counters),
#                  SERVER_PID (set it to a started server: it is stopped on
#                  exit).
# Functions:       ok, bad MSG, check DESC CMD..., is|eq DESC GOT WANT,
#                  has|hasnt DESC FILE REGEX, run ARGS..., expect RC DESC ARGS...,
#                  jget JSON KEY, q SQL, need TOOL..., die MSG, summary.
# shellcheck shell=bash

set -u
TEST_NAME=$(basename "$0" .sh)
PILAR=${PILAR:?PILAR must name the pilar binary}
SRC=${PILAR_SRC:?PILAR_SRC must name the source tree}
AREA="$SRC/node_modules/idn-area-data/data"
T=$(mktemp -d)
SERVER_PID=
pass=0
fail=0

lib_cleanup() {
    if [ -n "${SERVER_PID:-}" ]; then
        kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    fi
    if [ -n "${KEEP:-}" ]; then
        echo "$TEST_NAME: kept $T" >&2
    else
        rm -rf "$T"
    fi
}
trap lib_cleanup EXIT

ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*" >&2
}

# check DESC COMMAND...: passes when COMMAND succeeds. A test may define
# check_detail to add context (e.g. the last HTTP status) to the failure.
check() {
    local d=$1
    shift
    if "$@"; then ok; else bad "$d$(declare -F check_detail >/dev/null && check_detail)"; fi
}

# is DESC GOT WANT (eq is the same; a test may redefine is for its own use)
is() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }
eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }

# has DESC FILE PATTERN (grep -E); hasnt is the opposite
has() { if grep -Eq -- "$3" "$2"; then ok; else bad "$1: '$3' not in $(head -c 300 "$2")"; fi; }
hasnt() { if grep -Eq -- "$3" "$2"; then bad "$1: '$3' unexpectedly in $(head -c 300 "$2")"; else ok; fi; }

# run ARGS...: runs pilar, leaving $rc, $T/out and $T/err.
run() {
    "$PILAR" "$@" >"$T/out" 2>"$T/err"
    rc=$?
}

# expect WANT_RC DESC ARGS...: runs pilar and checks its exit status.
expect() {
    local want=$1 desc=$2
    shift 2
    run "$@"
    if [ "$rc" = "$want" ]; then ok; else bad "$desc: exit $rc, want $want; $(head -c 300 "$T/err")"; fi
}

# jget JSON KEY: the scalar value of a top-level key (no jq needed).
jget() { printf '%s' "$1" | sed -E 's/.*"'"$2"'":("?)([^",}]*)\1.*/\2/'; }

# q SQL: one query on $PILAR_DB through the sqlite3 shell.
q() { sqlite3 "$PILAR_DB" "$1"; }

# need TOOL...: stops the test when a tool is missing.
need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null ||
            { echo "$TEST_NAME: $tool is required (scripts/deps.sh installs it)" >&2; exit 1; }
    done
}

# die MSG: stops the test as failed (set-up went wrong).
die() {
    echo "$TEST_NAME: $*" >&2
    fail=$((fail + 1))
    summary
    exit 1
}

summary() {
    echo "$TEST_NAME: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
