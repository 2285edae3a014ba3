# tests/integration/pg/shards.sh - the set-up the cluster suites share (test_pg_cluster,
# test_pg_cluster_move), sourced after lib.sh in PostgreSQL mode: two shard clusters of their
# own (scripts/pg-cluster start in $T/shard1 and $T/shard2, stopped at the end through at_exit)
# and a coordinator data base `coord` in the test's cluster.
#   BIN  the real pilar (URLs need no mapping)      PGC  scripts/pg-cluster
#   SH1, SH2  the shards' folders                   S1, S2, C  their URLs and the coordinator's
#   qc SQL      one query on the coordinator        qs URL SQL  one query on a data base
#   x WANT_RC DESC ARGS...  runs $BIN ARGS -> $T/out, $T/err; ok when it exits WANT_RC
BIN=$PILAR_REAL
PGC="$SRC/scripts/pg-cluster"
SH1="$T/shard1" SH2="$T/shard2"
at_exit "$PGC" stop "$SH1"
at_exit "$PGC" stop "$SH2"
"$PGC" start "$SH1" >/dev/null || die "cannot start shard 1's cluster"
"$PGC" start "$SH2" >/dev/null || die "cannot start shard 2's cluster"
S1=$("$PGC" url "$SH1")
S2=$("$PGC" url "$SH2")
psql -X -q -h "$PILAR_PG_DIR" -p "$PILAR_PG_PORT" -U postgres -d postgres \
  -c "CREATE DATABASE coord" || die "createdb coord"
C="postgresql://postgres@/coord?host=$PILAR_PG_DIR&port=$PILAR_PG_PORT"
qc() { psql -X -At -h "$PILAR_PG_DIR" -p "$PILAR_PG_PORT" -U postgres -d coord -c "$1"; }
qs() { psql -X -At "$1" -c "$2"; }
x() {
  local want=$1 desc=$2
  shift 2
  "$BIN" "$@" >"$T/out" 2>"$T/err"
  rc=$?
  if [ "$rc" = "$want" ]; then ok; else bad "$desc: exit $rc, want $want; $(head -c 400 "$T/err")"; fi
}
