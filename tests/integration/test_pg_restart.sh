#!/usr/bin/env bash
# test_pg_restart.sh - issue 14, "a lost connection to PostgreSQL mid-request answers 503 with
# a clear message and the server recovers by itself when the data base is back": the cluster
# under a running `pilar serve` is stopped and started again. PostgreSQL mode only (listed in
# pg_suites.txt; skipped on the SQLite run).
. "$(dirname "$0")/lib.sh"
if ! on_pg; then
    echo "SKIP: test_pg_restart is about PostgreSQL (it runs as pg-integration/test_pg_restart)"
    exit 77
fi
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
$PILAR init >/dev/null || die "init"
$PILAR region import --from "$AREA" >/dev/null || die "regions"
$PILAR gen --people 200 --region 64.74 --seed 5 --out "$T/gen.csv" >/dev/null 2>&1 || die "gen"
$PILAR import "$T/gen.csv" >/dev/null || die "import"
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || die "user"
TA=$($PILAR user token admin)
NIK=$(q "SELECT nik FROM person WHERE nik IS NOT NULL ORDER BY id LIMIT 1")
AUTH=(-H "Authorization: Bearer $TA")

start_server --web "$T" --data-dir "$T/data"
req GET "$A/people?nik=$NIK" "${AUTH[@]}"
is "a lookup while the data base is up" "$STATUS" 200

bash "$SRC/scripts/pg-cluster" stop "$PILAR_PG_DIR"
req GET "$A/people?nik=$NIK" "${AUTH[@]}"
is "the data base is gone: 503" "$STATUS" 503
check "the answer's code is db_unavailable" body_has '"db_unavailable"'
check "the answer says so in Bahasa" body_has 'basis data'
check "Retry-After is sent" grep -qi '^Retry-After: *[0-9]' "$T/hdr"
check "the message does not name the server" body_lacks "$PILAR_PG_DIR"
req POST "$A/login" "${J[@]}" -d '{"username":"admin","password":"utama-kunci-123"}'
is "a login while the data base is gone: 503, not a wrong password" "$STATUS" 503
check "the server is still running" kill -0 "$SERVER_PID"

bash "$SRC/scripts/pg-cluster" resume "$PILAR_PG_DIR" || die "resume"
got=
for _ in $(seq 1 50); do
    req GET "$A/people?nik=$NIK" "${AUTH[@]}"
    [ "$STATUS" = 200 ] && { got=1; break; }
    sleep 0.2
done
is "the server recovers by itself once the data base is back" "${got:-0}" 1
PID_=$(q "SELECT id FROM person WHERE nik = '$NIK'")
VER=$(q "SELECT version FROM person WHERE nik = '$NIK'")
req PATCH "$A/people/$PID_" "${J[@]}" "${AUTH[@]}" -d "{\"version\":$VER,\"name\":\"Sesudah Mulai Ulang\"}"
is "a write after the recovery" "$STATUS" 200
is "the write is stored" "$(q "SELECT name FROM person WHERE nik = '$NIK'")" "Sesudah Mulai Ulang"
# The server's listener (store/shared.h) is back too: a change made with psql reaches the
# server's cached person within milliseconds, as before the restart.
got=
for _ in $(seq 1 50); do
    [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pilar listener' AND datname = current_database()")" = 1 ] && { got=1; break; }
    sleep 0.2
done
is "the listener connected again" "${got:-0}" 1
req GET "$A/people?nik=$NIK" "${AUTH[@]}"
req GET "$A/people?nik=$NIK" "${AUTH[@]}"
q "BEGIN; SELECT set_config('pilar.actor', 'dba', true); UPDATE person SET name = 'Diubah Lewat Psql' WHERE nik = '$NIK'; COMMIT" >/dev/null
got=
for i in $(seq 1 100); do
    req GET "$A/people?nik=$NIK" "${AUTH[@]}"
    body_has "Diubah Lewat Psql" && { got=$i; break; }
    sleep 0.01
done
check "the lookup shows the psql change (request ${got:-none})" test -n "$got" -a "${got:-99}" -le 20
summary
