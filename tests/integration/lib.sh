# lib.sh - what every integration test shares. Each test_<name>.sh starts with
#     . "$(dirname "$0")/lib.sh"
# and ends with `summary`, which prints "test_<name>: N passed, M failed" and
# returns non-zero when something failed (so it must be the script's last
# command). Not a test itself: CMake runs test_*.sh only.
#
# Environment in:  PILAR (the binary) and PILAR_SRC (the source tree), both
#                  required (ctest sets them); KEEP=1 keeps the temp dir;
#                  PILAR_DB_KEY_FILE (an encrypted run: `sqlite3` is then
#                  $PILAR_BUILD/tests/pilar-sqlshell, which takes the key).
#                  PILAR_TOTP_ADMIN is exported as "opsional" unless set.
#                  PILAR_TEST_BACKEND=pg (with scripts/pg-cluster run's PILAR_PG_*):
#                  the PostgreSQL mode, see below.
# Variables out:   PILAR, SRC (= PILAR_SRC), AREA (the region tree of the
#                  idn-area-data npm package), T (a fresh temp dir, removed on
#                  exit), TEST_NAME (test_<name>), pass and fail (counters),
#                  SERVER_PID (set it to a started server: it is stopped on
#                  exit).
# Functions:       ok, bad MSG, check DESC CMD..., is|eq DESC GOT WANT,
#                  has|hasnt DESC FILE REGEX, run ARGS..., expect RC DESC ARGS...,
#                  jget JSON KEY, q SQL, need TOOL..., die MSG, summary,
#                  on_pg, skip_on_pg REASON, db_copy FROM TO, sqlite_file PATH...,
#                  at_exit CMD...;
#                  PILAR_BACKEND (sqlite|pg).
# Server and HTTP (see each function below):
#                  start_server [SERVE_ARGS...]  a `pilar serve` on a random
#                      loopback port (retries, waits for /healthz, dies with
#                      the server log when it cannot start) -> SERVER_PID,
#                      PORT, B (http://127.0.0.1:PORT), A ($B/api/v1);
#                  serve_on PORT [SERVE_ARGS...]  one try on a given port
#                      (returns 1 instead of dying; refuses a port that is
#                      taken or answered by a server that is not SERVER_PID);
#                  port_taken PORT, owns_port PID PORT;
#                  stop_server  SIGTERM and wait (returns the server's status);
#                  req METHOD URL [CURL_ARGS...] -> STATUS, $T/body, $T/hdr;
#                  body_has|body_lacks REGEX, jsonq PY_EXPR (d = the body);
#                  J, the curl arguments of a JSON request body.
#                  SERVER_LOG (default $T/server.log) gets the server's stderr.
#                  A test that checks statuses defines is() { [ "$STATUS" = "$1" ]; }
#                  (lib's is compares GOT and WANT) and may define
#                  check_detail to name the last status and body.
# shellcheck shell=bash

set -u
TEST_NAME=$(basename "$0" .sh)
PILAR=${PILAR:?PILAR must name the pilar binary}
SRC=${PILAR_SRC:?PILAR_SRC must name the source tree}
AREA="$SRC/node_modules/idn-area-data/data"
T=$(mktemp -d)
SERVER_PID=
SERVER_LOG="$T/server.log"
# Administrators must sign in with TOTP by default (pilar serve --totp-admin);
# the tests that are not about TOTP sign in with a password alone.
# test_creds.sh sets it to wajib to test the enrolment.
export PILAR_TOTP_ADMIN=${PILAR_TOTP_ADMIN:-opsional}
pass=0
fail=0

# An encrypted run (a PILAR_CIPHER=ON build with PILAR_DB_KEY_FILE set): the sqlite3 shell on
# PATH is the one linked with Pilar's SQLite, which takes the key (tests/tools/sqlshell.c).
if [ -n "${PILAR_DB_KEY_FILE:-}" ]; then
    mkdir -p "$T/bin"
    ln -s "${PILAR_BUILD:?PILAR_BUILD must name the build folder}/tests/pilar-sqlshell" "$T/bin/sqlite3"
    PATH="$T/bin:$PATH"
fi

# The PostgreSQL mode (PILAR_TEST_BACKEND=pg, inside `scripts/pg-cluster run`, which ctest's
# pg-integration/<name> entries use for the suites listed in pg_suites.txt): the same suite runs
# against a throw-away cluster. $PILAR becomes tests/integration/pg/pilar, which maps every SQLite
# path the test names (--db PATH, PILAR_DB) to a data base of the cluster and execs the real
# binary; `sqlite3 PATH SQL` runs SQL through psql there (tests/integration/pg/). So `q`, the
# e2e set-up scripts and most checks run unchanged; SQL that only SQLite understands gets the
# test-only functions of pg/compat.sql (group_concat, ifnull, json_extract, hex, datetime).
# A check that is about SQLite's files (modes, -wal, -reads, the sqlite3 shell's own commands)
# asks on_pg; a suite that is about SQLite alone calls skip_on_pg REASON (exit 77: skipped).
# PILAR_BACKEND is sqlite or pg.
PILAR_BACKEND=sqlite
if [ "${PILAR_TEST_BACKEND:-sqlite}" = pg ]; then
    : "${PILAR_PG_DIR:?PILAR_TEST_BACKEND=pg runs inside scripts/pg-cluster run}"
    PILAR_BACKEND=pg
    PILAR_REAL=$PILAR
    PILAR_PG_MAP="$T/.pgmap"
    PILAR="$SRC/tests/integration/pg/pilar"
    PATH="$SRC/tests/integration/pg:$PATH"
    export PILAR PILAR_REAL PILAR_PG_MAP PILAR_PG_DIR PILAR_PG_PORT PATH
    psql -X -q -v ON_ERROR_STOP=1 -h "$PILAR_PG_DIR" -p "$PILAR_PG_PORT" -U postgres -d template1 \
        -f "$SRC/tests/integration/pg/compat.sql" >/dev/null ||
        { echo "$TEST_NAME: cannot install pg/compat.sql in the test cluster" >&2; exit 1; }
fi
# In the PostgreSQL mode `cp A.db B.db` (a test copying a data base file) clones A's data base
# into B's (pg/map.sh pg_clone), and copying A.db-reads, -wal or -shm beside it does nothing
# (the read audit is part of the data base there). Every other cp is the real one.
if [ "$PILAR_BACKEND" = pg ]; then
    . "$SRC/tests/integration/pg/map.sh"
    cp() {
        local a ops=() args=()
        for a in "$@"; do
            case "$a" in
            -*) ops+=("$a") ;;
            *) args+=("$a") ;;
            esac
        done
        if [ ${#args[@]} -eq 2 ]; then
            if pg_is_placeholder "${args[0]}"; then
                pg_clone "${args[0]}" "${args[1]}"
                return
            fi
            case "${args[0]}" in
            *-reads | *-wal | *-shm)
                if [ ! -e "${args[0]}" ] && pg_is_placeholder "${args[0]%-*}"; then
                    return 0
                fi
                ;;
            esac
        fi
        command cp "$@"
    }
fi
on_pg() { [ "$PILAR_BACKEND" = pg ]; }
# sqlite_file PATH...: these paths are real SQLite files on either backend (e.g. an offline
# instance, which is always a SQLite file, beside a server on PostgreSQL): the PostgreSQL mode's
# pilar and sqlite3 (pg/map.sh) pass them through instead of mapping them to the cluster.
sqlite_file() {
    on_pg || return 0
    mkdir -p "$PILAR_PG_MAP"
    local p
    for p in "$@"; do
        case "$p" in
        /*) printf '%s\n' "$p" ;;
        *) printf '%s\n' "$PWD/$p" ;;
        esac
    done >>"$PILAR_PG_MAP/sqlite-files"
}
skip_on_pg() {
    if on_pg; then
        echo "SKIP: $TEST_NAME on PostgreSQL: $*"
        exit 77
    fi
}

# db_copy FROM TO: copies the data base at path FROM to path TO (a test's snapshot to start
# sub-tests from): cp on SQLite; on PostgreSQL the data base TO maps to is created anew with
# FROM's as its template (nothing may be connected to FROM meanwhile).
db_copy() {
    if ! on_pg; then
        cp "$1" "$2"
        return
    fi
    pg_clone "$1" "$2"
}

# at_exit CMD...: runs CMD at the end of the test (after the servers stop, before $T goes), e.g.
# to stop a cluster the test started itself.
AT_EXIT=()
at_exit() { AT_EXIT+=("$(printf '%q ' "$@")"); }
lib_cleanup() {
    local pid c
    for pid in "${SERVER_PID:-}" "${PID2:-}"; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    done
    for c in "${AT_EXIT[@]}"; do
        eval "$c" >/dev/null 2>&1
    done
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

# q SQL: one query on $PILAR_DB through the sqlite3 shell (psql in the PostgreSQL mode).
q() { sqlite3 "$PILAR_DB" "$1"; }

# seal_sql DB SQL...: runs each SQL on DB (its read-audit file attached as "reads") with
# pl_audit_hash(), the audit chain's sealing function, which the sqlite3 shell lacks: code that
# computes seals. On plain files tests/integration/audit_sql.py (an implementation of the
# chain's specification of its own); on encrypted ones the test build's shell, which has the
# key, with PILAR_SQLSHELL_SEAL=1 (Pilar's function). On PostgreSQL the data base seals rows
# itself (its seal triggers, pl_audit_hash(prev, fields) and pl_audit_chain_seal() are in the
# schema): the SQL, written for PostgreSQL there, runs through psql (pg/sqlite3, reads on the
# search path).
seal_sql() {
    local db=$1
    shift
    if on_pg; then
        local s
        for s in "$@"; do
            sqlite3 -cmd "ATTACH '$db-reads' AS reads" "$db" "$s" || return 1
        done
    elif [ -n "${PILAR_DB_KEY_FILE:-}" ]; then
        local s
        for s in "$@"; do
            PILAR_SQLSHELL_SEAL=1 sqlite3 -cmd "ATTACH '$db-reads' AS reads" "$db" "$s" || return 1
        done
    else
        python3 "$SRC/tests/integration/audit_sql.py" "$db" "$@"
    fi
}

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

# port_taken PORT: true when something listens on 127.0.0.1:PORT already.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# owns_port PID PORT: true when process PID holds the listening TCP socket of
# PORT. A server of another test that took the port first answers /healthz
# too; only the socket's owner (/proc/net/tcp inode among PID's descriptors)
# tells them apart.
owns_port() {
    local hex inode
    hex=$(printf '%04X' "$2")
    for inode in $(awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { print $10 }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null); do
        ls -l "/proc/$1/fd" 2>/dev/null | grep -q "socket:\\[$inode\\]" && return 0
    done
    return 1
}

# serve_on PORT [SERVE_ARGS...]: starts `pilar serve --listen 127.0.0.1:PORT
# SERVE_ARGS...` in the background, its stderr appended to $SERVER_LOG, and
# waits up to 10 s for /healthz. On success sets SERVER_PID, PORT, B and A and
# returns 0; when the server exits or does not answer it is stopped,
# SERVER_PID is emptied and 1 returned (a busy port, or a test's own check).
serve_on() {
    local port=$1
    shift
    port_taken "$port" && return 1
    "$PILAR" serve --listen "127.0.0.1:$port" "$@" 2>>"$SERVER_LOG" &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && owns_port "$SERVER_PID" "$port"; then
            PORT=$port
            B="http://127.0.0.1:$PORT"
            A="$B/api/v1"
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=
    return 1
}

# start_server [SERVE_ARGS...]: serve_on a random port in 20000..29999, up to
# 8 ports (another test may hold one). $SERVER_LOG is emptied first and holds
# every try. When no try answers, prints the log and stops the test (die).
start_server() {
    : >"$SERVER_LOG"
    for _ in 1 2 3 4 5 6 7 8; do
        serve_on $((20000 + RANDOM % 10000)) "$@" && return 0
    done
    echo "--- server log ($SERVER_LOG)" >&2
    cat "$SERVER_LOG" >&2
    die "server did not start (pilar serve $*)"
}

# start_second_server [SERVE_ARGS...]: a second server beside start_server's, the same way
# (its log $T/server2.log): sets PID2, P2, B2 and A2 and leaves SERVER_PID, PORT, B, A and
# SERVER_LOG as they were. lib_cleanup stops it.
start_second_server() {
    local pid=$SERVER_PID port=$PORT b=$B a=$A log=$SERVER_LOG
    SERVER_LOG=$T/server2.log
    start_server "$@"
    PID2=$SERVER_PID P2=$PORT B2=$B A2=$A
    SERVER_PID=$pid PORT=$port B=$b A=$a SERVER_LOG=$log
}

# stop_server: stops the server with SIGTERM and returns its exit status.
stop_server() {
    local rc
    kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rc=$?
    SERVER_PID=
    return $rc
}

# req METHOD URL [CURL_ARGS...]: one request; the status in $STATUS, the body
# in $T/body, the headers in $T/hdr.
req() {
    local m=$1 u=$2
    shift 2
    STATUS=$(curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -X "$m" "$@" "$u")
}
# req_after_cli WANT METHOD URL [CURL_ARGS...]: req after a change made by another process
# (the CLI) to accounts or tokens. On SQLite the first answer counts. A PostgreSQL server
# learns of such a change from its listener's notification (store/shared.h: milliseconds), so
# there the request is repeated, for up to 2 s, until it answers WANT; $TRIES says how many.
req_after_cli() {
    local want=$1
    shift
    TRIES=0
    while :; do
        req "$@"
        TRIES=$((TRIES + 1))
        { [ "$STATUS" = "$want" ] || ! on_pg || [ $TRIES -ge 100 ]; } && return 0
        sleep 0.02
    done
}
body_has() { grep -q -- "$1" "$T/body"; }
body_lacks() { ! grep -q -- "$1" "$T/body"; }
# jsonq EXPR: prints the Python expression EXPR over d, the body parsed as JSON
# (nothing when the body is no JSON or EXPR fails).
jsonq() { python3 -c "import json,sys; d=json.load(open('$T/body')); print($1)" 2>/dev/null; }
J=(-H 'Content-Type: application/json')

summary() {
    echo "$TEST_NAME: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
