#!/usr/bin/env bash
# test_store_dispatch.sh - scripts/gen-store-dispatch on a copy of the store: --check passes
# on the tree as committed; a store function added the old way (declared in a header, defined
# as pl_store_* over pl_store * in src/store/sqlite/, a unit test reaching f->s->db) makes
# --check fail naming it; --rename brings it in (pl_sq_* over pl_sq_store *, dispatched, a
# "belum tersedia" stub on PostgreSQL, pl_sq_of() in the test) and --check passes; a second
# --rename changes nothing; defining pl_pg_* switches the PostgreSQL table to it.
. "$(dirname "$0")/lib.sh"
need python3 clang-format
C="$T/tree"
mkdir -p "$C/scripts" "$C/src" "$C/tests/unit"
cp "$SRC/.clang-format" "$C/"
cp "$SRC/scripts/gen-store-dispatch" "$C/scripts/"
cp -r "$SRC/src/store" "$C/src/"
cp "$SRC/tests/unit/test_store.c" "$C/tests/unit/"
G="$C/scripts/gen-store-dispatch"

check "the committed tree is up to date" python3 "$G" --check

# A branch adds a function the old way.
sed -i 's|^#endif|/* Counts nothing (test). */\nint pl_store_region_zap(pl_store *s, long *out, pl_error *err);\n\n#endif|' \
  "$C/src/store/region.h"
cat >>"$C/src/store/sqlite/region.c" <<'EOF'

int pl_store_region_zap(pl_store *s, long *out, pl_error *err)
{
    long counts[5];
    int rc = pl_store_region_counts(s, counts, err);
    *out = rc ? 0 : (long)sqlite3_total_changes(s->db);
    return rc;
}
EOF
cat >>"$C/tests/unit/test_store.c" <<'EOF'

static int zap_db(struct fx *f)
{
    return sqlite3_exec(f->s->db, "SELECT 1", NULL, NULL, NULL);
}
EOF
if python3 "$G" --check >"$T/check.out" 2>&1; then bad "--check passed on an old-style function"; else ok; fi
has "--check names the stale function" "$T/check.out" 'region.c: pl_store_region_zap defined under its public name'
has "--check names the stale dispatch" "$T/check.out" 'src/store/dispatch.c: stale'

check "--rename runs" python3 "$G" --rename
check "--check passes after --rename" python3 "$G" --check
has "the definition is renamed" "$C/src/store/sqlite/region.c" '^int pl_sq_region_zap\(pl_sq_store \*s, long \*out, pl_error \*err\)'
has "its call of another store function too" "$C/src/store/sqlite/region.c" 'pl_sq_region_counts\(s, counts, err\)'
hasnt "no pl_store_ definition left" "$C/src/store/sqlite/region.c" '^int pl_store_'
has "the public function dispatches" "$C/src/store/dispatch.c" 'return s->ops->region_zap\(s, out, err\);'
has "SQLite's table has it" "$C/src/store/sqlite/ops.c" '\.region_zap = op_region_zap'
has "PostgreSQL answers belum tersedia" "$C/src/store/pg/ops.c" 'pl_pg_unported\(err, "pl_store_region_zap"\)'
has "the test reaches the SQLite handle" "$C/tests/unit/test_store.c" 'sqlite3_exec\(pl_sq_of\(f->s\)->db, "SELECT 1"'

cp -r "$C" "$T/before"
check "a second --rename runs" python3 "$G" --rename
check "and changes nothing" diff -r "$T/before" "$C"

# Porting it to PostgreSQL: define pl_pg_region_zap, regenerate.
cat >"$C/src/store/pg/region.c" <<'EOF'
#include "store/pg/internal.h"

int pl_pg_region_zap(pl_pg_store *s, long *out, pl_error *err)
{
    *out = 0;
    return 0;
}
EOF
if python3 "$G" --check >/dev/null 2>&1; then bad "--check passed with a new pl_pg_ definition"; else ok; fi
check "regenerate" python3 "$G"
has "PostgreSQL's table calls the port" "$C/src/store/pg/ops.c" 'return pl_pg_region_zap\(\(pl_pg_store \*\)s, out, err\);'
hasnt "and no longer the stub" "$C/src/store/pg/ops.c" '"pl_store_region_zap"'
summary
