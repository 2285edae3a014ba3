#!/usr/bin/env bash
# test_pg_replica.sh - a read replica (issue 15 item 5), PostgreSQL mode only: `pilar serve --db
# PRIMARY --read-db STANDBY` with a real streaming standby (scripts/pg-cluster standby:
# pg_basebackup -R). With the standby's replay paused, a change made on the primary (the CLI, as
# another account) is not seen by a search or report of another user: they are answered from the
# standby (the access log marks them "(replika)"); after the replay resumes they see it. A user
# who writes through the server sees the write at once (their reads go to the primary until the
# standby has replayed it), while other users are still answered from the standby. Reads served
# from the standby are audited on the primary. A stopped standby fails no request (the primary
# answers) and is used again once it is back. Refusals: SQLite and a read location that is not
# PostgreSQL.
. "$(dirname "$0")/lib.sh"
if ! on_pg; then
  echo "SKIP: $TEST_NAME runs in the PostgreSQL mode only (PILAR_TEST_BACKEND=pg)"
  exit 77
fi
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
check_detail() { echo " (status ${STATUS:-none}, body: $(head -c 300 "$T/body"))"; }
is() { [ "$STATUS" = "$1" ]; }
is_eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }

$PILAR init >/dev/null || exit 1
$PILAR region import --from "$AREA" >/dev/null || exit 1
$PILAR gen --people 60 --region 64.74 --seed 11 --out "$T/gen.csv" >/dev/null 2>&1 || exit 1
$PILAR import "$T/gen.csv" >/dev/null || exit 1
echo 'tulis-rahasia-12' | $PILAR user add penulis --role regency --scope 64.74 >/dev/null || exit 1
echo 'baca-rahasia-123' | $PILAR user add pembaca --role regency --scope 64.74 >/dev/null || exit 1
TW=$($PILAR user token penulis)
TR=$($PILAR user token pembaca)
AW=(-H "Authorization: Bearer $TW")
AR=(-H "Authorization: Bearer $TR")

# ------------------------------------------------ the standby
SDIR=$T/standby
at_exit bash "$SRC/scripts/pg-cluster" stop "$SDIR"
bash "$SRC/scripts/pg-cluster" standby "$PILAR_PG_DIR" "$SDIR" || die "no standby"
DBNAME=$(pg_name "$PILAR_DB")
SPORT=$(cat "$SDIR/port")
READ="postgresql://postgres@/$DBNAME?host=$SDIR&port=$SPORT"
sq() { psql -X -qAt -h "$SDIR" -p "$SPORT" -U postgres -d "$DBNAME" -c "$1"; }
check "the standby is in recovery" test "$(sq "SELECT pg_is_in_recovery()")" = t
PEOPLE=$(q "SELECT count(*) FROM person")
for _ in $(seq 1 100); do
  [ "$(sq "SELECT count(*) FROM person" 2>/dev/null)" = "$PEOPLE" ] && break
  sleep 0.05
done
is_eq "the standby has the primary's people" "$(sq "SELECT count(*) FROM person")" "$PEOPLE"

# ------------------------------------------------ refusals and usage
sqlite_file "$T/s.db"
expect 1 "--read-db on a SQLite data base is refused" serve --db "$T/s.db" --read-db "$READ"
has "saying why, in Indonesian" "$T/err" "--read-db hanya untuk basis data PostgreSQL"
expect 1 "a read location that is not PostgreSQL is refused" serve --read-db "$T/standby.db"
has "saying what it must be" "$T/err" "--read-db harus alamat PostgreSQL"
$PILAR serve --help >"$T/help" 2>&1
has "serve's usage lists --read-db" "$T/help" "--read-db URL"

start_server --data-dir "$T/data" --read-db "$READ"
sleep 0.25 # the log reaches the file every 100 ms
check "the log says at start that the replica is used" grep -q "replika baca dipakai" "$SERVER_LOG"
# last_line USER ROUTE: the server's last access-log line of USER's GET /api/v1/ROUTE (the log
# reaches the file every 100 ms); from_replica USER ROUTE: that request was answered from the
# standby (the line ends "(replika)").
last_line() {
  sleep 0.25
  grep " GET /api/v1/$2 " "$SERVER_LOG" | grep -E " $1( |\$)" | tail -1
}
from_replica() { last_line "$1" "$2" | grep -q ' (replika)$'; }

req GET "$A/people?q=budi" "${AR[@]}"
check "a search by the reader" is 200
check "is answered from the standby" from_replica pembaca people

# ------------------------------------------------ 1. reads come from the standby
sq "SELECT pg_wal_replay_pause()" >/dev/null
for _ in $(seq 1 100); do
  [ "$(sq "SELECT pg_get_wal_replay_pause_state()")" = paused ] && break
  sleep 0.05
done
is_eq "replay paused on the standby" "$(sq "SELECT pg_get_wal_replay_pause_state()")" paused
HH=$(q "SELECT kk FROM household WHERE village_code LIKE '64.74.01.%' ORDER BY id LIMIT 1")
VB=$(q "SELECT village_code FROM household WHERE kk = '$HH'")
USER=operator $PILAR person add --nik 6474011212900071 --name "Zulkarnain Replikasi" \
  --birth-date 1990-12-12 --sex L --kk "$HH" >/dev/null || bad "person add through the CLI"
CLI_ID=$(q "SELECT id FROM person WHERE nik = '6474011212900071'")
check "the CLI wrote the person on the primary" test -n "$CLI_ID"
req GET "$A/people?q=replikasi" "${AR[@]}"
check "the reader's search answers" is 200
check "without the person the standby has not replayed" body_lacks "Zulkarnain Replikasi"
check "from the standby" from_replica pembaca people
req GET "$A/reports/counts?region=64.74&level=3" "${AR[@]}"
check "a report answers" is 200
check "a report is answered from the standby" from_replica pembaca reports/counts

# ------------------------------------------------ 2. read-your-own-writes
req POST "$A/people" "${AW[@]}" "${J[@]}" \
  -d "{\"nik\":\"6474011212900072\",\"kk\":\"6474011212900009\",\"name\":\"Tulis Sendiri\",\"birth_date\":\"1990-12-12\",\"sex\":\"L\",\"village_code\":\"$VB\",\"relationship\":\"kepala keluarga\"}"
check "the writer adds a person through the server" test "$STATUS" = 201 -o "$STATUS" = 200
req GET "$A/people?q=sendiri" "${AW[@]}"
check "the writer's search at once" is 200
check "shows the writer's own write" body_has "Tulis Sendiri"
check "answered by the primary (the standby is behind the writer's write)" \
  test -n "$(last_line penulis people)" -a -z "$(last_line penulis people | grep ' (replika)$')"
req GET "$A/people?q=sendiri" "${AR[@]}"
check "another user's search" is 200
check "does not show it yet" body_lacks "Tulis Sendiri"
check "is still answered from the standby" from_replica pembaca people

# ------------------------------------------------ replay resumes
sq "SELECT pg_wal_replay_resume()" >/dev/null
SEEN=
for i in $(seq 1 100); do
  req GET "$A/people?q=replikasi" "${AR[@]}"
  body_has "Zulkarnain Replikasi" && { SEEN=$i; break; }
  sleep 0.05
done
check "after the replay resumes the reader sees the CLI's person (request $SEEN)" test -n "$SEEN"
check "from the standby" from_replica pembaca people
req GET "$A/people?q=sendiri" "${AW[@]}"
check "the writer's search" body_has "Tulis Sendiri"
check "goes to the standby again once it has replayed the write" from_replica penulis people

# ------------------------------------------------ 4. reads from the standby are audited
AUD=$(q "SELECT count(*) FROM reads.audit_read WHERE actor = 'pembaca' AND entity = 'person' AND entity_id = $CLI_ID")
check "the reader's read of the person (served by the standby) is audited on the primary ($AUD rows)" \
  test "${AUD:-0}" -ge 1

# ------------------------------------------------ 3. the standby stops: nothing fails
bash "$SRC/scripts/pg-cluster" stop "$SDIR"
req GET "$A/people?q=replikasi" "${AR[@]}"
check "a search with the standby down answers" is 200
check "with the data (from the primary)" body_has "Zulkarnain Replikasi"
check "not from the standby" test -z "$(last_line pembaca people | grep ' (replika)$')"
req GET "$A/reports/counts?region=64.74&level=3" "${AR[@]}"
check "a report with the standby down answers" is 200
req GET "$A/people?q=sendiri" "${AR[@]}"
check "and again (the replica rests)" is 200
check "the log says the replica is not used" grep -q "replika baca tidak dapat dipakai" "$SERVER_LOG"

# ... and is used again when it is back (tried again after PL_HTTP_REPLICA_REST_MS, 2 s)
bash "$SRC/scripts/pg-cluster" resume "$SDIR" || bad "standby resume"
BACK=
for i in $(seq 1 40); do
  req GET "$A/people?q=replikasi" "${AR[@]}"
  from_replica pembaca people && { BACK=$i; break; }
done
check "the standby back is used again (request $BACK)" test -n "$BACK"
is_eq "the log says so once per change" "$(grep -c "replika baca dipakai" "$SERVER_LOG")" 2
summary
