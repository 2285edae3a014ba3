#!/usr/bin/env bash
# test_cluster_sqlite.sh - `pilar cluster` on SQLite (docs/scale.md): a cluster is PostgreSQL's
# machinery, so init with SQLite files, status and move on a SQLite data base are refused with a clear
# message, and nothing is created. test_pg_cluster.sh tests the cluster itself.
. "$(dirname "$0")/lib.sh"
if on_pg; then
  echo "SKIP: $TEST_NAME is about the SQLite backend"
  exit 77
fi
export PILAR_DB="$T/p.db"
expect 0 "init" init
expect 1 "status on a SQLite data base" cluster status
has "status refused: PostgreSQL only" "$T/err" "klaster hanya tersedia pada PostgreSQL"
expect 1 "status --json on a SQLite data base" cluster status --json
has "the JSON error" "$T/err" '"code":"invalid"'
expect 1 "move on a SQLite data base" cluster move 65 --to "postgresql://nowhere/pilar"
has "move refused: PostgreSQL only" "$T/err" "klaster hanya tersedia pada PostgreSQL"
expect 1 "move to a SQLite file" cluster move 65 --to "$T/s.db"
has "move --to refused: PostgreSQL only" "$T/err" "klaster hanya tersedia pada PostgreSQL"
expect 1 "move without --to" cluster move 65
has "move says what it needs" "$T/err" "cluster move 65 --to URL"
expect 1 "init with a SQLite coordinator" cluster init --coordinator "$T/c.db" --shard "64=$T/s.db"
has "init refused: PostgreSQL only" "$T/err" "klaster hanya tersedia pada PostgreSQL"
check "no coordinator file created" test ! -e "$T/c.db"
check "no shard file created" test ! -e "$T/s.db"
expect 1 "a SQLite shard under a PostgreSQL coordinator" cluster init \
  --coordinator "postgresql://nobody@/pilar?host=/nonexistent" --shard "64=$T/s.db"
has "shard refused: PostgreSQL only" "$T/err" "shard 1 harus URL PostgreSQL"
expect 1 "a bad --shard" cluster init --coordinator "postgresql:///c" --shard "6x=postgresql:///s"
has "bad province named" "$T/err" "'6x' bukan kode provinsi"
expect 1 "--shard without URL" cluster init --coordinator "postgresql:///c" --shard "64"
has "form explained" "$T/err" "PROV=URL"
expect 1 "no shards" cluster init --coordinator "postgresql:///c"
has "a shard is needed" "$T/err" "paling sedikit satu --shard"
expect 0 "help" cluster init --help
has "help in Indonesian" "$T/out" "Menyiapkan koordinator"
summary
