#!/usr/bin/env bash
# test_pg_mode.sh - the harness's PostgreSQL mode itself (tests/integration/pg/): a path is one
# data base, removing its placeholder starts over, q answers like the sqlite3 shell, the
# test-only compatibility functions exist. Runs on both backends (pg_suites.txt), so the
# checks that are the same on SQLite prove the mode behaves as the shell does.
. "$(dirname "$0")/lib.sh"

export PILAR_DB="$T/m.db"
expect 0 "init" init
is "a table of the schema is empty" "$(q "SELECT count(*) FROM region")" "0"
is "list mode joins columns with |" "$(q "SELECT 1, 'a', NULL, 2")" "1|a||2"
is "group_concat" "$(q "SELECT group_concat(x) FROM (SELECT 'a' AS x UNION ALL SELECT 'b') t ORDER BY 1")" "a,b"
is "group_concat with a separator" \
    "$(q "SELECT group_concat(x, ';') FROM (SELECT 'a' AS x UNION ALL SELECT 'b') t")" "a;b"
is "ifnull" "$(q "SELECT ifnull(NULL, 'z')")" "z"
is "json_extract of a string" "$(q "SELECT json_extract('{\"a\":{\"b\":\"c\"}}', '\$.a.b')")" "c"
is "json_extract of a number" "$(q "SELECT json_extract('{\"a\":[5,6]}', '\$.a[1]')")" "6"
is "json_extract of an absent key" "$(q "SELECT json_extract('{\"a\":1}', '\$.b') IS NULL")" \
    "$(on_pg && echo t || echo 1)"
is "hex" "$(q "SELECT hex('AZ')")" "415A"
is "statements on standard input" "$(printf 'SELECT 7;\n' | sqlite3 "$PILAR_DB")" "7"

# A second path is a second data base.
expect 0 "init of a second path" init --db "$T/other.db"
is "the second data base has its own schema" "$(sqlite3 "$T/other.db" "SELECT count(*) FROM region")" "0"

# Removing the path starts over: a table a test added is gone after rm and init.
q "CREATE TABLE t_marker (x integer)"
rm -f "$PILAR_DB"
expect 0 "init after rm" init
if on_pg; then
    tables="information_schema.tables WHERE table_name = 't_marker'"
else
    tables="sqlite_master WHERE name = 't_marker'"
fi
is "rm -f then init is an empty data base" "$(q "SELECT count(*) FROM $tables")" "0"

# Copying a data base file copies the data base; the copy is independent of its source.
q "CREATE TABLE t_copy (x integer)"
q "INSERT INTO t_copy VALUES (41)"
cp "$PILAR_DB" "$T/copy.db"
cp "$PILAR_DB-reads" "$T/copy.db-reads" 2>/dev/null || on_pg && ok
q "UPDATE t_copy SET x = 42"
is "the copy has the source's rows as they were" "$(sqlite3 "$T/copy.db" "SELECT x FROM t_copy")" "41"
is "the source goes on alone" "$(q "SELECT x FROM t_copy")" "42"

if on_pg; then
    case "$PILAR" in */tests/integration/pg/pilar) ok ;; *) bad "PILAR is not the PostgreSQL-mode wrapper: $PILAR" ;; esac
    is "the placeholder names its data base" "$(grep -c 'PostgreSQL placeholder' "$PILAR_DB")" "1"
fi
summary
