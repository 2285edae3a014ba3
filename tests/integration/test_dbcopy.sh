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
$REAL gen --people 400 --region 64.74 --seed 11 --out "$T/gen.csv" >/dev/null 2>&1 || die "gen"
$REAL import --db "$SQ" "$T/gen.csv" >/dev/null || die "import"
echo 'utama-kunci-123' | $REAL user add admin --role admin --db "$SQ" >/dev/null || die "user"
ID=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT min(id) FROM person').fetchone()[0])" "$SQ")
$REAL person update "$ID" --db "$SQ" --address "Jl. Salinan 1" >/dev/null || die "update"
$REAL export --db "$SQ" --out "$T/before.csv" >/dev/null || die "export before"

# SQLite -> PostgreSQL
expect 0 "copy to PostgreSQL" db copy --from "$SQ" --to "$PG1" --json
has "the copy says it verified" "$T/out" '"verified": *true'
"$REAL" export --db "$PG1" --out "$T/pg.csv" >/dev/null 2>"$T/err"
check "export from PostgreSQL ($(head -c 200 "$T/err"))" cmp -s "$T/before.csv" "$T/pg.csv"
expect 0 "pilar check on the copy" check --db "$PG1"

# PostgreSQL -> SQLite, compared table by table with the original.
expect 0 "copy back to SQLite" db copy --from "$PG1" --to "$T/back.db"
"$REAL" export --db "$T/back.db" --out "$T/back.csv" >/dev/null
check "export after the round trip" cmp -s "$T/before.csv" "$T/back.csv"
expect 0 "pilar check on the round trip" check --db "$T/back.db"
tables=$(python3 - "$SQ" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(" ".join(r[0] for r in c.execute("SELECT name FROM pragma_table_list WHERE schema='main' AND type='table' AND name NOT LIKE 'sqlite_%'")))
PY
)
for t in $tables; do
    a=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(list(c.execute('SELECT * FROM \"%s\" ORDER BY 1' % sys.argv[2])))" "$SQ" "$t" | md5sum)
    b=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(list(c.execute('SELECT * FROM \"%s\" ORDER BY 1' % sys.argv[2])))" "$T/back.db" "$t" | md5sum)
    is "table $t identical after SQLite -> PostgreSQL -> SQLite" "$b" "$a"
done

# The copy is a working data base: a write continues the ids and the audit chain.
expect 0 "a write on the PostgreSQL copy" person update "$ID" --db "$PG1" --address "Jl. Sesudah 2"
expect 0 "pilar check after the write" check --db "$PG1"
N=$(psql -X -A -t -d "$PG1" -c "SELECT count(*) FROM audit WHERE entity = 'person' AND entity_id = $ID")
check "the person's history has the copied and the new change ($N rows)" test "$N" -ge 3

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
check "the password of a URL is never printed" ! grep -q 'rahasia-xyz' "$T/out" "$T/err"
summary
