#!/usr/bin/env bash
# test_chain.sh - the tamper-evident audit (issue 17 item 4): every audit row (written by the
# API, the CLI, a bulk import, and the held read audit) is sealed on a hash chain; `pilar check`
# names what the sqlite3 shell did behind Pilar's back: a dropped trigger, deleted audit rows,
# a person edited with its trigger away (and put back), a trigger slipped in; a chain rewritten
# whole by code is caught by an anchor recorded before (`pilar audit anchor`).
# On PostgreSQL the same attacks are made with psql as the superuser (pg/sqlite3): triggers
# dropped and put back (pg_get_triggerdef), disabled and enabled again (ALTER TABLE ... DISABLE
# TRIGGER), or bypassed for a session (session_replication_role = replica); and the attacks
# that exist there only: a trigger's function replaced, the chain resealed by the data base's
# own pl_audit_chain_seal().
. "$(dirname "$0")/lib.sh"
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast

$PILAR init >/dev/null || exit 1
$PILAR region import --from "$AREA" >/dev/null || exit 1
$PILAR gen --people 200 --region 64.74 --seed 5 --out "$T/gen.csv" >/dev/null 2>&1 || exit 1
$PILAR import "$T/gen.csv" >/dev/null || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
TA=$($PILAR user token admin)
AUTH=(-H "Authorization: Bearer $TA")
IDS=$(q "SELECT id FROM person ORDER BY id LIMIT 5")
P1=$(echo "$IDS" | head -1)

# ------------------------------------------------ writes and reads through the API
start_server --web "$T" --data-dir "$T/data"
for id in $IDS; do
  req GET "$A/people/$id" "${AUTH[@]}"
  V=$(jsonq "d['version']")
  req PATCH "$A/people/$id" "${AUTH[@]}" "${J[@]}" -d "{\"version\":$V,\"name\":\"Nama Baru\"}"
done
check "API updates answered 200 ($STATUS)" test "$STATUS" = 200
stop_server
# A second import of the same people with changes: the bulk load's update phase, audited.
python3 - "$T/gen.csv" "$T/gen2.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig')))
head, body = rows[0], rows[1:]
col = next(i for i, h in enumerate(head) if h.strip().lower() in ('alamat', 'address'))
for r in body[:20]:
    r[col] = 'Jl. Diubah ' + r[col]
w = csv.writer(open(sys.argv[2], 'w', newline='', encoding='utf-8'))
w.writerow(head); w.writerows(body)
PY
$PILAR import "$T/gen2.csv" >/dev/null 2>&1
check "re-import with changes" test $? = 0

AUD=$(q "SELECT count(*) FROM audit")
SEALS=$(q "SELECT count(*) FROM audit_chain")
is "every write-audit row sealed" "$SEALS" "$AUD"
READS=$(sqlite3 "$PILAR_DB-reads" "SELECT count(*) FROM audit_read")
RSEALS=$(sqlite3 "$PILAR_DB-reads" "SELECT count(*) FROM audit_read_chain")
check "held reads audited ($READS)" test "$READS" -ge 5
is "every read-audit row sealed" "$RSEALS" "$READS"
check "bulk import's audit rows sealed" test "$(q "SELECT count(*) FROM audit a JOIN audit_chain c USING(id) WHERE a.action='import'")" -ge 2

expect 0 "pilar check on an untouched data base" check
has "check names the chains" "$T/out" "Audit utuh: [0-9]+ pemicu sesuai, rantai $AUD baris audit perubahan dan $READS baris audit baca"

# ------------------------------------------------ PostgreSQL: reads sealed by the server
# The server seals its read-audit rows in C after the head it last saw; a row another writer
# put in between (psql here: the trigger seals it) moves the head, and the server reads the
# head again instead of forking the chain. A seal written ahead that is not its row's is
# found by check like an edited row.
if on_pg; then
  start_server --web "$T" --data-dir "$T/data"
  req GET "$A/people/$P1" "${AUTH[@]}"
  check "server read before the foreign row" test "$STATUS" = 200
  q "INSERT INTO reads.audit_read(at, actor, client, entity, entity_id) VALUES (pl_now(), 'psql', 'psql', 'person', $P1)" >/dev/null
  for _ in 1 2 3; do req GET "$A/people/$P1" "${AUTH[@]}"; done
  check "server reads after the foreign row" test "$STATUS" = 200
  stop_server
  is "the foreign row sealed by the trigger" "$(q "SELECT count(*) FROM reads.audit_read_chain c JOIN reads.audit_read a USING (id) WHERE a.actor = 'psql'")" 1
  R2=$(q "SELECT count(*) FROM reads.audit_read")
  is "every read-audit row sealed, server's and trigger's" "$(q "SELECT count(*) FROM reads.audit_read_chain")" "$R2"
  check "the server's last reads come after the foreign row" test "$(q "SELECT max(id) FROM reads.audit_read WHERE actor <> 'psql'")" -gt "$(q "SELECT id FROM reads.audit_read WHERE actor = 'psql'")"
  expect 0 "pilar check after mixed sealing" check
  has "check counts every read" "$T/out" "rantai [0-9]+ baris audit perubahan dan $R2 baris audit baca"
  READS=$R2
  AUD=$(q "SELECT count(*) FROM audit")
fi

# ------------------------------------------------ anchors
expect 0 "audit anchor" audit anchor
read -r AID AAT AHASH <"$T/out"
is "anchor is the head row" "$AID" "$(q "SELECT max(id) FROM audit")"
check "anchor hash is 64 hex digits" grep -Eq '^[0-9a-f]{64}$' <<<"$AHASH"
check "anchor time" grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' <<<"$AAT"
expect 0 "audit anchor --syslog" audit anchor --syslog
expect 0 "check --anchor" check --anchor "$AHASH"
has "check finds the anchor" "$T/out" "Jangkar ditemukan pada baris audit id $AID"
expect 0 "check --json" --json check --anchor "$AHASH"
is "json anchor_id" "$(jget "$(cat "$T/out")" anchor_id)" "$AID"
expect 1 "malformed anchor" check --anchor xyz
expect 2 "unknown anchor" check --anchor "$(printf '%064d' 0)"
has "unknown anchor named" "$T/err" "jangkar 0000000000000000... tidak ada di rantai audit"
# A later write leaves an older anchor on the chain.
$PILAR person update "$P1" --name "Sesudah Jangkar" >/dev/null || bad "person update"
expect 0 "older anchor still on the chain" check --anchor "$AHASH"

# ------------------------------------------------ tampering with the sqlite3 shell
# Each case on a fresh copy ($T/x.db and its read audit); nothing has the data base open, so
# its files alone are the whole of it.
fresh() {
  rm -f "$T"/x.db*
  cp "$PILAR_DB" "$T/x.db" && cp "$PILAR_DB-reads" "$T/x.db-reads"
}
# tamper SQL: runs SQL on the copy with the sqlite3 shell; xcheck: pilar check on the copy.
tamper() { sqlite3 "$T/x.db" "$1"; }
xcheck() { PILAR_DB="$T/x.db" "$PILAR" check "$@" >"$T/out" 2>"$T/err"; rc=$?; }
if on_pg; then
  # The statement that creates trigger $1 again as it was (on a partitioned table, for its
  # partitions too).
  trigger_sql() { q "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname='$1' AND tgparentid = 0"; }
  # The one audit trigger of person (SQLite has one per statement kind).
  PERSON_AUDIT=person_audit
  # Statements that run with every trigger off for the attacker's session.
  REPLICA="SET session_replication_role = replica;"
else
  trigger_sql() { q "SELECT sql FROM sqlite_master WHERE name='$1'"; }
  PERSON_AUDIT=person_audit_update
fi

fresh
xcheck
is "the copy checks sound" "$rc" 0

# 1. Dropping an audit trigger.
fresh
if on_pg; then tamper "DROP TRIGGER person_audit ON person"; else tamper "DROP TRIGGER person_audit_update"; fi
xcheck
is "dropped trigger: check fails" "$rc" 2
has "dropped trigger named" "$T/err" "pemicu '$PERSON_AUDIT' .*tidak ada"
if on_pg; then
  # The variants below change no data until the last: each is undone on the same copy (a
  # copy of the data base costs seconds on PostgreSQL) and the copy checks sound again.
  tamper "$(trigger_sql person_audit)"
  xcheck
  is "trigger put back: the copy checks sound" "$rc" 0
  # ... or left in place, disabled (on the table and, recursively, its partitions).
  tamper "ALTER TABLE person DISABLE TRIGGER person_audit"
  xcheck
  is "disabled trigger: check fails" "$rc" 2
  has "disabled trigger named" "$T/err" "pemicu '?person_audit'? \(person(_[0-9a-z]+)?\) dimatikan"
  # ... or set to fire in replica sessions only (never in Pilar's).
  tamper "ALTER TABLE person ENABLE REPLICA TRIGGER person_audit"
  xcheck
  is "replica-only trigger: check fails" "$rc" 2
  has "replica-only trigger named" "$T/err" "pemicu '?person_audit'? \(person(_[0-9a-z]+)?\) dimatikan"
  # ... or disabled on one partition only.
  tamper "ALTER TABLE person ENABLE TRIGGER person_audit; ALTER TABLE person_64 DISABLE TRIGGER person_audit"
  xcheck
  is "trigger disabled on a partition: check fails" "$rc" 2
  has "partition's trigger named" "$T/err" "pemicu '?person_audit'? \(person_64\) dimatikan"
  tamper "ALTER TABLE person_64 ENABLE TRIGGER person_audit"
  xcheck
  is "triggers enabled again: the copy checks sound" "$rc" 0
  # ... or its function replaced by one that records nothing.
  FN_SQL=$(tamper "SELECT pg_get_functiondef('pl_audit_row()'::regprocedure)")
  tamper "CREATE OR REPLACE FUNCTION pl_audit_row() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RETURN NULL; END \$\$"
  xcheck
  is "replaced trigger function: check fails" "$rc" 2
  has "replaced function named" "$T/err" "fungsi 'pl_audit_row' berbeda"
  tamper "$FN_SQL"
  xcheck
  is "function put back: the copy checks sound" "$rc" 0
  # ... or every trigger turned off for every later session, Pilar's included, by a setting
  # stored for the data base: Pilar's own writes then go unaudited.
  tamper "ALTER DATABASE $(tamper "SELECT current_database()") SET session_replication_role = replica"
  PILAR_DB="$T/x.db" "$PILAR" person update "$P1" --name "Tanpa Audit" >/dev/null || bad "update on the copy"
  is "no audit row for that update" "$(tamper "SELECT count(*) FROM audit WHERE after LIKE '%Tanpa Audit%'")" 0
  xcheck
  is "replica role stored for the data base: check fails" "$rc" 2
  has "replica role named" "$T/err" "semua pemicu dimatikan: session_replication_role bukan origin"
fi

# 2. Deleting audit rows (the append-only trigger dropped, then put back as it was).
fresh
DEL=$(q "SELECT min(id) FROM audit WHERE action='update' AND entity='person'")
if on_pg; then
  tamper "ALTER TABLE audit DISABLE TRIGGER audit_no_delete; DELETE FROM audit WHERE id IN ($DEL, $((DEL + 1))); ALTER TABLE audit ENABLE TRIGGER audit_no_delete;"
else
  tamper "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id IN ($DEL, $((DEL + 1))); $(trigger_sql audit_no_delete);"
fi
check "rows deleted on the copy" test "$(sqlite3 "$T/x.db" "SELECT count(*) FROM audit WHERE id=$DEL")" = 0
xcheck
is "deleted audit rows: check fails" "$rc" 2
has "deleted row named" "$T/err" "audit perubahan: baris id $DEL dihapus"
# ... and with their seals too: the next row's seal no longer follows.
fresh
if on_pg; then
  tamper "$REPLICA DELETE FROM audit WHERE id=$DEL; DELETE FROM audit_chain WHERE id=$DEL;"
else
  tamper "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_chain_no_delete; DELETE FROM audit WHERE id=$DEL; DELETE FROM audit_chain WHERE id=$DEL; $(trigger_sql audit_no_delete); $(trigger_sql audit_chain_no_delete);"
fi
xcheck
is "deleted row and seal: check fails" "$rc" 2
has "break named" "$T/err" "audit perubahan: rantai putus di baris id $((DEL + 1))"
# Changing an audit row's content.
fresh
if on_pg; then
  tamper "DROP TRIGGER audit_no_update ON audit; UPDATE audit SET actor='orang-lain' WHERE id=$DEL; $(trigger_sql audit_no_update);"
else
  tamper "DROP TRIGGER audit_no_update; UPDATE audit SET actor='orang-lain' WHERE id=$DEL; $(trigger_sql audit_no_update);"
fi
xcheck
is "edited audit row: check fails" "$rc" 2
has "edited row named" "$T/err" "rantai putus di baris id $DEL"

# 3. Editing a person. With the triggers in place the shell cannot: they call functions only
# Pilar's connections have (on PostgreSQL: they need the actor Pilar sets per transaction).
fresh
if tamper "UPDATE person SET name='Diam Diam' WHERE id=$P1" 2>"$T/shell.err"; then bad "shell edit went through"; else ok; fi
if on_pg; then
  has "shell refused for want of an actor" "$T/shell.err" "pilar.actor is not set"
  # The data base seals every audit row itself (audit_seal): one written outside Pilar is
  # sealed, never left without a seal (rolled back here).
  is "an audit row written outside Pilar is sealed" "$(tamper "BEGIN; INSERT INTO audit(at,actor,action,entity) VALUES('2026-01-01T00:00:00Z','x','note','person'); SELECT count(*) FROM audit a JOIN audit_chain c USING (id) WHERE a.actor = 'x'; ROLLBACK" 2>/dev/null)" 1
else
  has "shell refused for want of Pilar's functions" "$T/shell.err" "no such function: pl_"
  if tamper "INSERT INTO audit(at,actor,action,entity) VALUES('2026-01-01T00:00:00Z','x','note','person')" 2>/dev/null; then bad "unsealed audit row written"; else ok; fi
fi
# With the audit trigger away for the edit and put back exactly as it was.
if on_pg; then
  tamper "DROP TRIGGER person_audit ON person; UPDATE person SET name='Diam Diam' WHERE id=$P1; $(trigger_sql person_audit);"
else
  tamper "DROP TRIGGER person_audit_update; UPDATE person SET name='Diam Diam' WHERE id=$P1; $(trigger_sql person_audit_update);"
fi
check "person edited on the copy" test "$(sqlite3 "$T/x.db" "SELECT name FROM person WHERE id=$P1")" = "Diam Diam"
xcheck
is "person edited behind the audit: check fails" "$rc" 2
has "edited person named" "$T/err" "data orang id $P1 berbeda dari catatan audit terakhirnya"
if on_pg; then
  # With every trigger off for the session: a household edited, and a person moved to another
  # province (its row changes partition behind the registry's back).
  # The household's edit is undone on the same copy before the move.
  H1=$(q "SELECT household_id FROM person WHERE id=$P1")
  ADDR=$(q "SELECT address FROM household WHERE id=$H1")
  fresh
  tamper "$REPLICA UPDATE household SET address='Jl. Diam' WHERE id=$H1"
  xcheck
  is "household edited with triggers off: check fails" "$rc" 2
  has "edited household named" "$T/err" "data keluarga id $H1 berbeda dari catatan audit terakhirnya"
  tamper "$REPLICA UPDATE household SET address='${ADDR//\'/\'\'}' WHERE id=$H1"
  xcheck
  is "household put back: the copy checks sound" "$rc" 0
  tamper "$REPLICA UPDATE person SET village_code='11.01.01.2001' WHERE id=$P1"
  xcheck
  is "person moved with triggers off: check fails" "$rc" 2
  has "moved person named" "$T/err" "data orang id $P1 berbeda dari catatan audit terakhirnya"
fi

# 4. The read audit: a read deleted (its guard dropped and put back).
fresh
RD=$(sqlite3 "$PILAR_DB-reads" "SELECT min(id) + 1 FROM audit_read")
if on_pg; then
  sqlite3 "$T/x.db-reads" "ALTER TABLE audit_read DISABLE TRIGGER audit_read_keep; DELETE FROM audit_read WHERE id=$RD; ALTER TABLE audit_read ENABLE TRIGGER audit_read_keep;"
else
  KEEP_SQL=$(sqlite3 "$PILAR_DB-reads" "SELECT sql FROM sqlite_master WHERE name='audit_read_keep'")
  sqlite3 "$T/x.db-reads" "DROP TRIGGER audit_read_keep; DELETE FROM audit_read WHERE id=$RD; $KEEP_SQL;"
fi
xcheck
is "deleted read: check fails" "$rc" 2
has "deleted read named" "$T/err" "audit baca: rantai putus di baris id $((RD + 1))"

# 4b. PostgreSQL: a read row whose seal was written ahead, not its own.
if on_pg; then
  fresh
  NX=$(($(q "SELECT max(id) FROM reads.audit_read") + 1))
  tamper "INSERT INTO reads.audit_read_chain(id, hash) VALUES ($NX, decode(repeat('ab', 32), 'hex')); INSERT INTO reads.audit_read(id, at, actor, client, entity, entity_id) VALUES ($NX, pl_now(), 'palsu', 'psql', 'person', $P1);"
  is "the row took the seal written ahead" "$(sqlite3 "$T/x.db" "SELECT encode(hash, 'hex') FROM reads.audit_read_chain WHERE id = $NX")" "$(printf 'ab%.0s' $(seq 32))"
  xcheck
  is "seal written ahead: check fails" "$rc" 2
  has "forged read seal named" "$T/err" "audit baca: rantai putus di baris id $NX"
  # Migration 26: with pilar.read_sealed on (what pl_audit_read_append sets around its own
  # insert) a row skips the seal trigger; slipped in that way by anyone else it has no seal.
  fresh
  NX=$(($(q "SELECT max(id) FROM reads.audit_read") + 1))
  tamper "SET pilar.read_sealed = 'on'; INSERT INTO reads.audit_read(id, at, actor, client, entity, entity_id) VALUES ($NX, pl_now(), 'palsu', 'psql', 'person', $P1);"
  is "the row slipped in unsealed" "$(sqlite3 "$T/x.db" "SELECT count(*) FROM reads.audit_read_chain WHERE id = $NX")" 0
  xcheck
  is "unsealed read: check fails" "$rc" 2
  has "unsealed read named" "$T/err" "audit baca: baris id $NX tidak bersegel"
fi

# 5. A trigger slipped in.
fresh
if on_pg; then
  tamper "CREATE FUNCTION diam() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RETURN NULL; END \$\$; CREATE TRIGGER diam AFTER UPDATE ON household FOR EACH ROW EXECUTE FUNCTION diam();"
  xcheck
  is "unknown trigger: check fails" "$rc" 2
  has "unknown trigger named" "$T/err" "pemicu 'diam' \(household\) tidak dikenal"
else
  tamper "CREATE TRIGGER diam AFTER UPDATE ON household BEGIN SELECT 1; END;"
  xcheck
  is "unknown trigger: check fails" "$rc" 2
  has "unknown trigger named" "$T/err" "pemicu 'diam' tidak dikenal"
fi

# 6. A chain rewritten whole by code that computes seals (seal_sql): sound on its own,
# exposed by the anchor recorded before.
fresh
if on_pg; then
  # The data base's own sealing function reseals the whole chain from the start.
  seal_sql "$T/x.db" \
    "$REPLICA UPDATE audit SET actor='orang-lain' WHERE id=$DEL; DELETE FROM audit_chain; UPDATE audit_chain_head SET id = 0, hash = NULL; SELECT pl_audit_chain_seal()" >/dev/null
else
  seal_sql "$T/x.db" \
    "DROP TRIGGER audit_no_update" "DROP TRIGGER audit_chain_no_delete" \
    "UPDATE audit SET actor='orang-lain' WHERE id=$DEL" "DELETE FROM audit_chain" \
    "WITH RECURSIVE c(id, hash) AS (SELECT 0, NULL UNION ALL SELECT a.id, pl_audit_hash(c.hash, a.id, a.at, a.actor, a.client, a.action, a.entity, a.entity_id, a.before, a.after) FROM c JOIN audit a ON a.id = (SELECT min(id) FROM audit WHERE id > c.id)) INSERT INTO audit_chain SELECT id, hash FROM c WHERE id > 0" \
    "$(trigger_sql audit_no_update)" "$(trigger_sql audit_chain_no_delete)"
fi
check "audit row rewritten on the copy" test "$(sqlite3 "$T/x.db" "SELECT actor FROM audit WHERE id=$DEL")" = orang-lain
xcheck
is "a forged chain passes without an anchor (documented limit)" "$rc" 0
xcheck --anchor "$AHASH"
is "forged chain: check --anchor fails" "$rc" 2
has "anchor missing named" "$T/err" "tidak ada di rantai audit"

# The original was never touched.
expect 0 "original still sound" check --anchor "$AHASH"
summary
