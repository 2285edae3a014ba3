#!/usr/bin/env bash
# test_dbcopy.sh - `pilar db copy` (issue 14 item 7): a whole data base from a SQLite file to
# PostgreSQL and back. The copy keeps every table row for row (ids, the audit and its seals,
# the read audit, histories): the full export and every table compared before and after,
# `pilar check` sound on both sides, and a write after the copy continues the audit chain.
# Refused: a target that holds data, two locations of one kind. PostgreSQL mode only (it needs
# the cluster): listed in pg_suites.txt, skipped on its SQLite run.
. "$(dirname "$0")/lib.sh"
if ! on_pg; then
    echo "SKIP: test_dbcopy needs PostgreSQL (it runs as pg-integration/test_dbcopy)"
    exit 77
fi
export PILAR_PWHASH=fast
REAL=$PILAR_REAL # the binary itself: SQLite paths stay files here
PILAR=$REAL
SQ="$T/src.db"
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$PILAR_PG_DIR" -p "$PILAR_PG_PORT" -U postgres -d postgres "$@"; }
pg_url() { printf 'postgresql://postgres@/%s?host=%s&port=%s' "$1" "$PILAR_PG_DIR" "$PILAR_PG_PORT"; }
psql_admin -c "CREATE DATABASE copy1" -c "CREATE DATABASE copy2" >/dev/null || die "create data bases"
PG1=$(pg_url copy1)
PG2=$(pg_url copy2)

# A SQLite data base with what a regency office has: regions, people (some without NIK),
# PMKS, users, changes in the audit, reads in the read audit.
$REAL init --db "$SQ" >/dev/null || die "init"
$REAL region import --db "$SQ" --from "$AREA" >/dev/null || die "regions"
$REAL gen --db "$SQ" --people 400 --region 64.74 --seed 11 --out "$T/gen.csv" >/dev/null 2>"$T/gen.err" || die "gen: $(cat "$T/gen.err")"
$REAL import --db "$SQ" "$T/gen.csv" >/dev/null || die "import"
echo 'utama-kunci-123' | $REAL user add admin --role admin --db "$SQ" >/dev/null || die "user"
ID=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT min(id) FROM person').fetchone()[0])" "$SQ")
$REAL person update "$ID" --db "$SQ" --name "Salinan Satu" >/dev/null || die "update"
# A personal read over HTTP, so that the read audit has a row to copy.
TA=$($REAL user token admin --db "$SQ")
start_server --db "$SQ" --web "$T" --data-dir "$T/data"
req GET "$A/people/$ID" -H "Authorization: Bearer $TA"
is "a personal read before the copy" "$STATUS" 200
stop_server
$REAL export --db "$SQ" --region 64 --out "$T/before.csv" >/dev/null || die "export before"
sqv() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$SQ" "$1"; }
N0=$(sqv "SELECT count(*) FROM audit WHERE entity = 'person' AND entity_id = $ID")
MAXA=$(sqv "SELECT max(id) FROM audit")

# SQLite -> PostgreSQL
expect 0 "copy to PostgreSQL" db copy --from "$SQ" --to "$PG1" --json
has "the copy says it verified" "$T/out" '"verified": *true'
# PostgreSQL -> SQLite, compared table by table with the original.
expect 0 "copy back to SQLite" db copy --from "$PG1" --to "$T/back.db"
# Every table of both files (the data base and its read audit), row for row.
python3 - "$SQ" "$T/back.db" >"$T/tables.txt" <<'PY'
import hashlib, sqlite3, sys
def dump(path):
    c = sqlite3.connect(path)
    c.execute("ATTACH ? AS reads", (path + "-reads",))
    out = {}
    for schema in ("main", "reads"):
        for (name,) in c.execute("SELECT name FROM pragma_table_list WHERE schema = ? AND "
                                 "type = 'table' AND name NOT LIKE 'sqlite_%'", (schema,)):
            rows = list(c.execute('SELECT * FROM %s."%s" ORDER BY 1' % (schema, name)))
            out["%s.%s" % (schema, name)] = (len(rows), hashlib.md5(repr(rows).encode()).hexdigest())
    return out
a, b = dump(sys.argv[1]), dump(sys.argv[2])
for t in sorted(set(a) | set(b)):
    print(t, a.get(t), b.get(t))
PY
is "tables compared (data base and read audit)" "$(wc -l <"$T/tables.txt")" \
    "$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('ATTACH ? AS reads', (sys.argv[1]+'-reads',)); print(sum(c.execute(\"SELECT count(*) FROM pragma_table_list WHERE schema = ? AND type = 'table' AND name NOT LIKE 'sqlite_%'\", (s,)).fetchone()[0] for s in ('main','reads')))" "$SQ")"
while read -r t a b; do
    is "table $t identical after SQLite -> PostgreSQL -> SQLite" "$b" "$a"
done < <(awk '{print $1, $2 $3, $4 $5}' "$T/tables.txt")
check "the read audit was copied (rows)" grep -qE '^reads\.audit_read \([1-9]' "$T/tables.txt"

"$REAL" export --db "$PG1" --region 64 --out "$T/pg.csv" >/dev/null 2>"$T/err"
check "export from PostgreSQL ($(head -c 200 "$T/err"))" cmp -s "$T/before.csv" "$T/pg.csv"

# (exports are audited: the table comparison below runs on what was copied before them)
"$REAL" export --db "$T/back.db" --region 64 --out "$T/back.csv" >/dev/null
check "export after the round trip" cmp -s "$T/before.csv" "$T/back.csv"
expect 0 "pilar check on the round trip" check --db "$T/back.db"
# The copy is a working data base: a write continues the ids and the audit chain.
expect 0 "pilar check on the copy" check --db "$PG1"
expect 0 "a write on the PostgreSQL copy" person update "$ID" --db "$PG1" --name "Sesudah Dua"
expect 0 "pilar check after the write" check --db "$PG1"
N=$(psql -X -A -t -d "$PG1" -c "SELECT count(*) FROM audit WHERE entity = 'person' AND entity_id = $ID")
is "the person's history: the copied changes and the new one" "$N" "$((N0 + 1))"
M=$(psql -X -A -t -d "$PG1" -c "SELECT count(*) FROM audit WHERE id > $MAXA")
S=$(psql -X -A -t -d "$PG1" -c "SELECT count(*) FROM audit a JOIN audit_chain c ON c.id = a.id WHERE a.id > $MAXA")
check "new audit rows take ids after the copied ones ($M)" test "$M" -ge 2
is "and each is sealed" "$S" "$M"

# Refusals
expect 1 "a target that holds data is refused" db copy --from "$SQ" --to "$PG1"
has "the refusal says why" "$T/err" "sudah berisi data"
expect 1 "two SQLite files are refused" db copy --from "$SQ" --to "$T/other.db"
has "the refusal names pilar backup" "$T/err" "pilar backup"
check "the refused copy created nothing" test ! -e "$T/other.db"
expect 0 "init of an empty PostgreSQL data base" init --db "$PG2"
expect 0 "an empty data base copies too" db copy --from "$PG2" --to "$T/back2.db"
run db copy --from "$SQ" --to "postgresql://postgres:rahasia-xyz@127.0.0.1:1/none"
check "an unreachable target fails" test "$rc" != 0
hasnt "the password of a URL is never printed" "$T/out" 'rahasia-xyz'
hasnt "nor in the error" "$T/err" 'rahasia-xyz'
# A URL holding the real password (TCP, scram-sha-256): every command that names the data
# base prints it masked.
PW="${PILAR_PG_PASSWORD:-$(cat "$PILAR_PG_DIR/password" 2>/dev/null)}"
if [ -n "$PW" ]; then
    PGW="postgresql://postgres:$PW@127.0.0.1:$PILAR_PG_PORT/copy1"
    expect 0 "init through a URL with a password" init --db "$PGW"
    expect 0 "check through a URL with a password" check --db "$PGW"
    has "check names the data base, the password masked" "$T/out" "postgres:\*\*\*@127.0.0.1"
    hasnt "and never the password itself" "$T/out" "$PW"
    expect 0 "status through a URL with a password" status --db "$PGW"
    hasnt "status does not print it either" "$T/out" "$PW"
    run --db "host=127.0.0.1 port=$PILAR_PG_PORT dbname=none user=postgres password=$PW" status
    hasnt "nor a libpq string's password in an error" "$T/err" "$PW"
fi
summary
