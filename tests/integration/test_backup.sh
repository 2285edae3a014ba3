#!/usr/bin/env bash
# test_backup.sh - backup and restore (issue 17 item 3), with a restore drill: the server
# serves and takes concurrent API writes while `pilar backup` runs three times; the last
# backup is restored into a fresh path, where every write acknowledged before that backup
# started must be present and `pilar check` must pass. Also: encryption (key file 0600, wrong
# key, a changed byte), verification of a damaged file, rotation (--keep), a dry run that
# touches nothing, a restore refused while a server has the data base open, the replaced data
# base kept as .before-restore, and --synchronous.
. "$(dirname "$0")/lib.sh"
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast

$PILAR init >/dev/null || exit 1
$PILAR region import --from "$AREA" >/dev/null || exit 1
$PILAR gen --people 300 --region 64.74 --seed 7 --out "$T/gen.csv" >/dev/null 2>&1 || exit 1
$PILAR import "$T/gen.csv" >/dev/null || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
TA=$($PILAR user token admin)
q "SELECT id FROM person ORDER BY id LIMIT 48" >"$T/ids"
PEOPLE=$(q "SELECT count(*) FROM person")
mkdir -p "$T/bk"

# ------------------------------------------------ the restore drill
start_server --web "$T" --data-dir "$T/data"
python3 "$SRC/tests/integration/backup_writers.py" "$B" "$TA" "$T/ids" 8 4 "$T/acks" &
WRITERS=$!
for i in 1 2 3; do
  sleep 1.5
  date +%s.%N >"$T/start"
  $PILAR backup --out "$T/bk" --keep 2 >"$T/backup$i.out" 2>&1
  check "backup $i during the load ($(tail -1 "$T/backup$i.out"))" test $? = 0
  sleep 1.1 # distinct names (one per second)
done
STARTED=$(cat "$T/start")
wait $WRITERS
check "writers were acknowledged during the backups" test "$(wc -l <"$T/acks")" -gt 20
LAST=$(ls -t "$T"/bk/*.pilarbak | head -1)
is "rotation keeps the newest 2" "$(ls "$T"/bk/*.pilarbak | wc -l)" 2
has "backup says it verified" "$T/backup3.out" "Cadangan ditulis dan diperiksa"
has "backup names its counts" "$T/backup3.out" "skema versi [0-9]+: $PEOPLE orang"
# A restore while the server has the data base open is refused (on PostgreSQL: a restore goes
# into an empty data base only).
expect 1 "restore over a data base in use" restore "$LAST" --db "$PILAR_DB"
if on_pg; then
  has "non-empty data base named" "$T/err" "tidak kosong"
else
  has "in use named" "$T/err" "sedang dibuka proses lain"
fi
stop_server

$PILAR restore "$LAST" --db "$T/r.db" >"$T/restore.out" 2>&1
check "restore into a fresh path ($(tail -1 "$T/restore.out"))" test $? = 0
if ! on_pg; then
  check "restored data base and read audit" test -f "$T/r.db" -a -f "$T/r.db-reads"
fi
# Every write acknowledged before the backup started is in the copy (its audit row carries
# the name written).
awk -v s="$STARTED" '$1 < s' "$T/acks" >"$T/before"
N=$(wc -l <"$T/before")
check "acknowledged writes before the last backup ($N)" test "$N" -gt 10
# (Names are letters and spaces only: safe inside SQL quotes.)
VALUES=$(awk '{ id = $2; $1 = ""; $2 = ""; sub(/^  /, ""); printf "%s(%d,\x27%s\x27)", (NR > 1 ? "," : ""), id, $0 }' "$T/before")
# (On standard input: with many acknowledged writes the statement outgrows one argument.)
MISSING=$(sqlite3 "$T/r.db" <<SQL
WITH v(id, name) AS (VALUES $VALUES) SELECT count(*) FROM v WHERE NOT EXISTS (SELECT 1 FROM audit WHERE entity = 'person' AND action = 'update' AND entity_id = v.id AND json_extract(after, '\$.name') = v.name);
SQL
)
is "acknowledged writes missing from the restored copy" "$MISSING" 0
PILAR_DB="$T/r.db" $PILAR check >"$T/check.out" 2>&1
RC=$?
is "pilar check on the restored copy ($(tail -1 "$T/check.out"))" "$RC" 0
is "restored people" "$(sqlite3 "$T/r.db" "SELECT count(*) FROM person")" "$PEOPLE"

# ------------------------------------------------ dry run, replacement, verification
SUM=$(sha256sum "$T/r.db" | cut -d' ' -f1)
expect 0 "dry run" restore "$LAST" --db "$T/r.db" --dry-run
has "dry run says nothing changes" "$T/out" "tidak ada yang diubah"
has "dry run prints the version and counts" "$T/out" "skema versi [0-9]+: $PEOPLE orang, [0-9]+ keluarga"
has "dry run prints the time of the backup" "$T/out" "dibuat [0-9]{4}-[0-9]{2}-[0-9]{2}T"
is "dry run left the data base alone" "$(sha256sum "$T/r.db" | cut -d' ' -f1)" "$SUM"
expect 0 "dry run into a missing path" restore "$LAST" --db "$T/none.db" --dry-run
if on_pg; then
  # (The PostgreSQL mode's wrapper makes the mapped data base; the dry run must leave it empty.)
  is "no table made by a dry run" "$(sqlite3 "$T/none.db" "SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'reads') AND tablename <> 'spatial_ref_sys'")" 0
else
  check "no file made by a dry run" test ! -e "$T/none.db" -a ! -e "$T/none.db-reads" -a ! -e "$T/none.db.restore-tmp"
fi
PILAR_DB="$T/r.db" $PILAR person update "$(head -1 "$T/ids")" --name "Sebelum Pulih" >/dev/null
if on_pg; then
  # PostgreSQL: a restore goes into an empty data base only; the existing one is left alone.
  expect 1 "restore over an existing data base refused" restore "$LAST" --db "$T/r.db" --json
  has "non-empty data base named" "$T/err" "tidak kosong"
  is "the existing one keeps its last write" "$(sqlite3 "$T/r.db" "SELECT count(*) FROM person WHERE name='Sebelum Pulih'")" 1
else
  expect 0 "restore over an existing data base" restore "$LAST" --db "$T/r.db" --json
  check "the replaced data base kept" test -f "$T/r.db.before-restore" -a -f "$T/r.db.before-restore-reads"
  is "replaced one holds its last write" "$(sqlite3 "$T/r.db.before-restore" "SELECT count(*) FROM person WHERE name='Sebelum Pulih'")" 1
  is "restored one does not" "$(sqlite3 "$T/r.db" "SELECT count(*) FROM person WHERE name='Sebelum Pulih'")" 0
fi
check "no temporary files left" test -z "$(ls "$T" | grep -E 'restore-tmp|verify-db|tmp-db')"

# A damaged backup is refused before anything is touched.
cp "$LAST" "$T/bad.pilarbak"
SIZE=$(stat -c %s "$T/bad.pilarbak")
printf 'X' | dd of="$T/bad.pilarbak" bs=1 seek=$((SIZE / 2)) conv=notrunc 2>/dev/null
expect 2 "damaged backup" restore "$T/bad.pilarbak" --db "$T/r.db" --dry-run
has "damage named" "$T/err" "tidak sesuai hash manifesnya|rusak"
head -c $((SIZE - 100)) "$LAST" >"$T/cut.pilarbak"
expect 2 "truncated backup" restore "$T/cut.pilarbak" --db "$T/r.db" --dry-run
expect 1 "not a backup" restore "$T/gen.csv" --db "$T/r.db" --dry-run
has "not a backup named" "$T/err" "bukan berkas cadangan Pilar"

# ------------------------------------------------ encryption
head -c 32 /dev/urandom >"$T/k.key"
chmod 644 "$T/k.key"
expect 1 "key file readable by others" backup --out "$T/e.pilarbak" --encrypt-key-file "$T/k.key"
has "key mode named" "$T/err" "chmod 600"
chmod 600 "$T/k.key"
expect 0 "encrypted backup" backup --out "$T/e.pilarbak" --encrypt-key-file "$T/k.key"
has "encrypted said" "$T/out" "terenkripsi"
check "no plain text in the encrypted file" test "$(grep -c "$(head -1 "$T/ids" | xargs -I{} sqlite3 "$PILAR_DB" "SELECT nik FROM person WHERE id={}")" "$T/e.pilarbak")" = 0
check "encrypted file starts with its magic" test "$(head -c 8 "$T/e.pilarbak")" = PILARBE1
expect 1 "encrypted backup without its key" restore "$T/e.pilarbak" --db "$T/e.db" --dry-run
head -c 32 /dev/urandom >"$T/other.key"
chmod 600 "$T/other.key"
expect 2 "wrong key" restore "$T/e.pilarbak" --db "$T/e.db" --encrypt-key-file "$T/other.key"
has "wrong key named" "$T/err" "kunci salah"
cp "$T/e.pilarbak" "$T/e2.pilarbak"
printf 'X' | dd of="$T/e2.pilarbak" bs=1 seek=100000 conv=notrunc 2>/dev/null
expect 2 "changed byte in an encrypted backup" restore "$T/e2.pilarbak" --db "$T/e.db" --encrypt-key-file "$T/k.key"
if on_pg; then
  is "nothing restored from it" "$(sqlite3 "$T/e.db" "SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'reads') AND tablename <> 'spatial_ref_sys'")" 0
else
  check "nothing restored from it" test ! -e "$T/e.db"
fi
expect 0 "encrypted restore" restore "$T/e.pilarbak" --db "$T/e.db" --encrypt-key-file "$T/k.key"
PILAR_DB="$T/e.db" expect 0 "check after encrypted restore" check
# A hex key works too.
od -An -tx1 -v "$T/k.key" | tr -d ' \n' >"$T/hex.key"
chmod 600 "$T/hex.key"
expect 0 "hex key" restore "$T/e.pilarbak" --db "$T/e3.db" --encrypt-key-file "$T/hex.key" --dry-run

# ------------------------------------------------ durability setting
expect 0 "synchronous full" --synchronous full status
expect 0 "synchronous normal" --synchronous normal status
PILAR_SYNCHRONOUS=normal expect 0 "PILAR_SYNCHRONOUS" status
expect 1 "synchronous bogus" --synchronous sometimes status
PILAR_SYNCHRONOUS=bogus expect 1 "PILAR_SYNCHRONOUS bogus" status
summary
