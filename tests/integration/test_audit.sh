#!/usr/bin/env bash
# test_audit.sh - the audit fails closed and stays complete (issue 13 item 4):
# every acknowledged personal read is in the read audit even after kill -9;
# on a full disk (--test-db-max-pages, tests only) personal reads are refused
# with 503 while aggregates are served and the login limit still holds; the
# admin listing filters reads and writes; history counts reads apart; the
# retention purge removes only old read rows and is audited.
. "$(dirname "$0")/lib.sh"
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
# check's failures name the last request's status and body.
check_detail() { echo " (status ${STATUS:-}, body: $(head -c 300 "$T/body" 2>/dev/null))"; }
is() { [ "$STATUS" = "$1" ]; }
# The read audit (audit_read) is in its own file beside the data base, attached as "reads"
# (on PostgreSQL the schema reads of the same data base, on the search path: pg/sqlite3).
sq() { sqlite3 -cmd "ATTACH '$PILAR_DB-reads' AS reads" "$PILAR_DB" "$1"; }
# serve [ARGS...]: start_server on the test's folders with extra serve ARGS.
# --read-audit-days 36500: the server's own purge at start leaves the two reads of 2019 (below)
# to the purge this test runs by hand.
serve() { start_server --web "$T" --data-dir "$T/data" --read-audit-days 36500 "$@"; }

$PILAR init >/dev/null || exit 1
$PILAR region import --from "$SRC/node_modules/idn-area-data/data" >/dev/null || exit 1
$PILAR gen --people 300 --region 64.74 --seed 11 --out "$T/gen.csv" >/dev/null 2>&1 || exit 1
$PILAR import "$T/gen.csv" >/dev/null || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
echo 'operator-pass1' | $PILAR user add op --role regency --scope 64.74 >/dev/null || exit 1
TA=$($PILAR user token admin)
TO=$($PILAR user token op)
IDS=$(sq "SELECT id FROM person ORDER BY id LIMIT 200")
P1=$(echo "$IDS" | head -1)
# Two reads from long ago, for the retention purge below. The read audit is a hash chain that
# only Pilar's connections can seal (the sqlite3 shell cannot write to it), and a purge deletes
# its oldest rows: they are written first, sealed by seal_sql (lib.sh).
seal_sql "$PILAR_DB" \
  "INSERT INTO reads.audit_read(at,actor,client,entity,entity_id) VALUES('2019-01-01T00:00:00Z','lama','1.1.1.1','person',$P1),('2019-02-01T00:00:00Z','lama','1.1.1.1','person',$P1)" || exit 1

# ------------------------------------------------ acknowledged reads survive kill -9
serve
BEFORE=$(sq "SELECT count(*) FROM audit_read")
# 200 reads, 8 at a time (replies held until their batch commits, batched across requests).
echo "$IDS" | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
  -H "Authorization: Bearer $TO" "$A/people/{}" >"$T/codes"
N=$(grep -c '^200$' "$T/codes")
kill -9 $SERVER_PID; wait $SERVER_PID 2>/dev/null; SERVER_PID=
check "200 acknowledged reads" test "$N" = 200
AFTER=$(sq "SELECT count(*) FROM audit_read")
check "every acknowledged read audited after kill -9 ($((AFTER - BEFORE)) of $N)" test $((AFTER - BEFORE)) = "$N"
if on_pg; then
  # One data base there: the read audit is the schema reads, apart from the data base's own.
  check "read rows in the schema reads, none in the data base's own" test "$(sqlite3 "$PILAR_DB" "SELECT count(*) FROM information_schema.tables WHERE table_name='audit_read' AND table_schema <> 'reads'")" = 0
else
  check "read rows in the read-audit file, none in the data base" test "$(sqlite3 "$PILAR_DB" "SELECT count(*) FROM sqlite_master WHERE name='audit_read'")" = 0
fi
check "each read person audited once" test "$(sq "SELECT count(DISTINCT entity_id) FROM audit_read WHERE actor='op'")" = 200

# ------------------------------------------------ listing, history
serve
req GET "$A/people/$P1" -H "Authorization: Bearer $TA"
V=$(jsonq "d['version']")
req PATCH "$A/people/$P1" -H "Authorization: Bearer $TA" "${J[@]}" -d "{\"version\":$V,\"name\":\"Nama Diubah\"}"
check "update 200" is 200
req GET "$A/people/$P1/history" -H "Authorization: Bearer $TA"
check "history 200" is 200
check "history shows the change after 200+ reads" test "$(jsonq "sum(1 for e in d['items'] if e['action']=='update')")" = 1
check "history lists changes only" test "$(jsonq "sum(1 for e in d['items'] if e['action']=='read')")" = 0
check "history counts reads apart" test "$(jsonq "d['reads']")" -ge 2
req GET "$A/audit?kind=read&limit=1000" -H "Authorization: Bearer $TA"
check "kind=read lists reads only" test "$(jsonq "all(e['action']=='read' and e['kind']=='read' for e in d['items']) and len(d['items'])>=200")" = True
req GET "$A/audit?kind=read&entity=person&entity_id=$P1" -H "Authorization: Bearer $TA"
check "reads of one record" test "$(jsonq "all(e['entity_id']==$P1 for e in d['items']) and len(d['items'])>=2")" = True
req GET "$A/audit?kind=write&limit=1000" -H "Authorization: Bearer $TA"
check "kind=write lists no reads" test "$(jsonq "any(e['action']=='read' for e in d['items'])")" = False
req GET "$A/audit?kind=bogus" -H "Authorization: Bearer $TA"
check "bad kind 422" is 422
# The combined listing pages through both without repeating or losing an entry.
TOTAL=$(( $(sq "SELECT count(*) FROM audit") + $(sq "SELECT count(*) FROM audit_read") ))
CUR=""; SEEN=0; KEYS="$T/keys"; : >"$KEYS"
for i in $(seq 1 200); do
  req GET "$A/audit?limit=97${CUR:+&cursor=$CUR}" -H "Authorization: Bearer $TA"
  jsonq "'\n'.join(e['kind']+str(e['id']) for e in d['items'])" >>"$KEYS"
  CUR=$(jsonq "d['next'] or ''")
  [ -z "$CUR" ] && break
done
# Rows written while paging (this listing's own reads are none) keep TOTAL exact.
check "combined listing: every entry once ($(sort "$KEYS" | grep -c .) of $TOTAL)" \
  test "$(sort -u "$KEYS" | grep -c .)" = "$TOTAL" -a "$(grep -c . "$KEYS")" = "$TOTAL"
stop_server

# ------------------------------------------------ full disk: fail closed
if on_pg; then
  # PostgreSQL has no size cap per connection (serve refuses --test-db-max-pages there): the
  # superuser makes every row the audit, the read audit and the login limit would add fail as
  # a full disk fails them, with SQLSTATE 53100 (disk_full); removed again below.
  q "CREATE FUNCTION t_disk_full() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END \$\$;
     CREATE TRIGGER t_disk_full BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION t_disk_full();
     CREATE TRIGGER t_disk_full BEFORE INSERT ON reads.audit_read FOR EACH ROW EXECUTE FUNCTION t_disk_full();
     CREATE TRIGGER t_disk_full BEFORE INSERT ON login_failure FOR EACH ROW EXECUTE FUNCTION t_disk_full();" || bad "full disk on PostgreSQL"
  serve
else
  sq "VACUUM; VACUUM reads" # no free pages: the next page the audit needs is over the cap
  serve --test-db-max-pages 1
fi
NIK1=$(sq "SELECT nik FROM person WHERE id=$P1")
GOT=""
for i in $(seq 1 500); do
  req GET "$A/people/$P1" -H "Authorization: Bearer $TA"
  [ "$STATUS" = 503 ] && { GOT=1; break; }
done
check "a personal read on a full disk is 503" test -n "$GOT"
for i in 1 2 3; do
  req GET "$A/people/$P1" -H "Authorization: Bearer $TA"
  check "still 503 ($i)" is 503
done
check "503 error shape" test "$(jsonq "d['error']['code']")" = audit_unavailable
check "503 message in Indonesian" body_has 'audit'
check "no personal data in the 503" body_lacks "$NIK1"
req GET "$A/people?limit=5" -H "Authorization: Bearer $TA"
check "a list of people is 503 too" is 503
req GET "$A/summary" -H "Authorization: Bearer $TA"
check "aggregates still served" is 200
FIRST429=""; LATE401=""
for i in $(seq 1 30); do
  req POST "$A/login" "${J[@]}" -d '{"username":"admin","password":"wrong-password"}'
  if [ "$STATUS" = 429 ] && [ -z "$FIRST429" ]; then FIRST429=$i; fi
  if [ -n "$FIRST429" ] && [ "$STATUS" != 429 ]; then LATE401=$STATUS; fi
done
check "wrong admin passwords on a full disk reach 429 (first at ${FIRST429:-never})" test -n "$FIRST429" -a "${FIRST429:-99}" -le 6
check "and stay 429 (${LATE401:-})" test -z "$LATE401"
grep -q "baris baca gagal ditulis" "$T/server.log"
check "failed batches logged" test $? = 0
stop_server
if on_pg; then
  q "DROP TRIGGER t_disk_full ON audit; DROP TRIGGER t_disk_full ON reads.audit_read; DROP TRIGGER t_disk_full ON login_failure; DROP FUNCTION t_disk_full()"
fi

# ------------------------------------------------ retention purge
if on_pg; then
  # PostgreSQL seals in the data base (the trigger audit_read_seal): a read row written by
  # whoever can write to it is sealed, never left without a seal (rolled back here).
  check "a read row written outside Pilar is sealed" test "$(sq "BEGIN; INSERT INTO audit_read(at,actor,client,entity,entity_id) VALUES('2019-01-01T00:00:00Z','x','1.1.1.1','person',$P1); SELECT count(*) FROM audit_read r JOIN audit_read_chain c USING (id) WHERE r.actor = 'x'; ROLLBACK" 2>/dev/null)" = 1
elif sq "INSERT INTO audit_read(at,actor,client,entity,entity_id) VALUES('2019-01-01T00:00:00Z','x','1.1.1.1','person',$P1)" 2>/dev/null; then bad "read audit writable without a seal"; else ok; fi
R0=$(sq "SELECT count(*) FROM audit_read")
if $PILAR audit purge --read-audit-days 5 >/dev/null 2>&1; then bad "5 days accepted"; else ok; fi
OUT=$($PILAR --json audit purge --read-audit-days 730)
check "purge removed the 2 old rows ($OUT)" test "$(echo "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["removed"])')" = 2
check "only the old rows went" test "$(sq "SELECT count(*) FROM audit_read")" = $((R0 - 2)) -a "$(sq "SELECT count(*) FROM audit_read WHERE actor='lama'")" = 0
check "purge audited" test "$(sq "SELECT count(*) FROM audit WHERE action='purge_read_audit' AND after LIKE '%\"removed\":2%'")" = 1
$PILAR check >"$T/check.out" 2>&1
RC=$?
check "the read-audit chain verifies from the purge's boundary on ($(tail -1 "$T/check.out"))" test $RC = 0
if sq "DELETE FROM audit_read" 2>/dev/null; then bad "young read rows deletable"; else ok; fi
if sq "DELETE FROM audit" 2>/dev/null; then bad "write audit deletable"; else ok; fi
$PILAR serve --help 2>&1 | grep -q -- '--read-audit-days' || $PILAR help serve 2>&1 | grep -q -- '--read-audit-days'
check "serve --help names --read-audit-days" test $? = 0

summary
