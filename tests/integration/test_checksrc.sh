#!/usr/bin/env bash
# test_checksrc.sh - the source checks fail where they should and only there:
# scripts/checksrc on a small tree (a few real files copied from src/, tests/
# and fuzz/, plus front-end, service and store files written here) passes;
# one planted violation of each rule fails, naming file, line and rule; an
# exception with a reason silences its line, a bad or stale one is reported;
# scripts/checkformat passes on the same tree and fails on a misformatted file.
. "$(dirname "$0")/lib.sh"
need python3 clang-format
CHECKSRC="$SRC/scripts/checksrc"
CHECKFORMAT="$SRC/scripts/checkformat"

# ------------------------------------------------------------- a clean tree
C="$T/clean"
mkdir -p "$C"/src/{util,domain,store/sqlite,io,service,http,cli} "$C"/tests/unit "$C"/fuzz "$C"/bench
cp "$SRC/.clang-format" "$C/"
cp "$SRC"/src/util/{buf.c,buf.h,error.c,error.h,vec.c,vec.h} "$C/src/util/"
cp "$SRC"/src/domain/{date.c,date.h} "$C/src/domain/"
cp "$SRC/src/store/sqlite/schema_import.c" "$C/src/store/sqlite/" # SQL is at home here
cp "$SRC/tests/unit/test_vec.c" "$C/tests/unit/"
cp "$SRC/fuzz/fuzz_csv.c" "$SRC/fuzz/replay.c" "$C/fuzz/"

# A service: Indonesian messages that must not read as SQL or JSON.
cat >"$C/src/service/pilih.c" <<'EOF'
#include "domain/date.h"
#include "util/error.h"

#include <stdio.h>

/* Words that look like SQL in English but are messages here. */
int pl_pilih_hapus(char *msg, size_t cap, const char *nama, pl_error *err)
{
    snprintf(msg, cap, "pilih data dari berkas \"%s\": %s", nama, "hapus dari daftar");
    return pl_error_set(err, PL_EINVAL, "nama", "kolom \"%s\": tidak boleh kosong; update data",
                        nama);
}
EOF
# The front end may print, read the environment and start the server.
cat >"$C/src/cli/serve.c" <<'EOF'
#include "http/server.h"
#include "service/pilih.h"

#include <stdio.h>
#include <stdlib.h>

static const char usage[] = "pilar check [--json]\n"
                            "  Menjalankan PRAGMA integrity_check dan memeriksa data.\n";

int pl_cmd_serve(int argc, char **argv)
{
    const char *listen = getenv("PILAR_LISTEN");
    fprintf(stderr, "%s", usage);
    printf("Pilar melayani %s\n", listen ? listen : "127.0.0.1:8080");
    return 0;
}
EOF
cat >"$C/src/http/server.h" <<'EOF'
#ifndef PL_HTTP_SERVER_H
#define PL_HTTP_SERVER_H
#include "service/pilih.h"
#include "util/buf.h"
int pl_http_serve(const char *listen);
#endif
EOF
cat >"$C/src/service/pilih.h" <<'EOF'
#include "util/error.h"
EOF

run_checksrc() { # DIR: leaves $rc and $T/out
    python3 "$CHECKSRC" "$1" >"$T/out" 2>"$T/err"
    rc=$?
}
run_checksrc "$C"
is "clean tree passes" "$rc" 0
is "clean tree prints nothing" "$(cat "$T/out" "$T/err")" ""
"$CHECKFORMAT" "$C" >"$T/fmt" 2>&1
is "clean tree is clang-format clean" "$?" 0

# plant NAME: copies the clean tree to $T/NAME (echoed) for one violation.
plant() {
    rm -rf "${T:?}/$1"
    cp -r "$C" "$T/$1"
    echo "$T/$1"
}
# fails DESC DIR WANT_LINE: checksrc fails on DIR with exactly one problem, WANT_LINE.
fails() {
    run_checksrc "$2"
    is "$1: exit status" "$rc" 1
    has "$1: names file:line and rule" "$T/out" "^$3"
    is "$1: one problem" "$(grep -c '^[a-z].*:[0-9]*: [A-Z]*:' "$T/out")" 1
}

# ------------------------------------------------------------------ SQL
D=$(plant sql)
n=$(($(wc -l <"$D/src/domain/date.c") + 1))
echo 'static const char *q = "SELECT id FROM person WHERE nik = ?";' >>"$D/src/domain/date.c"
fails "SQL in domain/" "$D" "src/domain/date.c:$n: SQL: "

D=$(plant sql2)
n=$(($(wc -l <"$D/src/service/pilih.c") + 1))
printf '%s\n' 'static const char *ins = "INSERT INTO audit (actor, detail) "' \
    '                          "VALUES (?, ?)";' >>"$D/src/service/pilih.c"
fails "SQL split over two literals" "$D" "src/service/pilih.c:$n: SQL: "

D=$(plant sql3)
n=$(($(wc -l <"$D/src/cli/serve.c") + 1))
echo 'static const char *up = "update person set name = ? where id = ?";' >>"$D/src/cli/serve.c"
fails "lower-case SQL in cli/" "$D" "src/cli/serve.c:$n: SQL: "

# ---------------------------------------------------------------- STDIO
D=$(plant stdio)
n=$(grep -n '^int pl_buf_append' "$D/src/util/buf.c" | cut -d: -f1)
sed -i "${n}i static void trace(void) { fprintf(stderr, \"jejak\\\\n\"); }" "$D/src/util/buf.c"
fails "fprintf(stderr) in util/" "$D" "src/util/buf.c:$n: STDIO: "

D=$(plant stdio2)
n=$(($(wc -l <"$D/src/service/pilih.c") + 1))
echo 'void pl_pilih_cetak(const char *s) { puts(s); }' >>"$D/src/service/pilih.c"
fails "puts in service/" "$D" "src/service/pilih.c:$n: STDIO: "

# --------------------------------------------------------------- GETENV
D=$(plant getenv)
cat >"$D/src/http/auth.c" <<'EOF'
#include "http/server.h"

#include <stdlib.h>

int pl_http_secure_cookie(void)
{
    return getenv("PILAR_COOKIE_SECURE") != NULL;
}
EOF
fails "getenv in http/" "$D" "src/http/auth.c:7: GETENV: "

# ---------------------------------------------------------------- LAYER
D=$(plant layer)
sed -i '0,/#include "domain\/date.h"/s//#include "domain\/date.h"\n#include "service\/pilih.h"/' \
    "$D/src/domain/date.c"
n=$(grep -n '"service/pilih.h"' "$D/src/domain/date.c" | cut -d: -f1)
fails "domain/ includes service/" "$D" "src/domain/date.c:$n: LAYER: "

D=$(plant layer2)
sed -i 's|#include "http/server.h"|#include "http/auth.h"|' "$D/src/cli/serve.c"
fails "cli/ includes an http/ header other than server.h" "$D" "src/cli/serve.c:1: LAYER: "

D=$(plant layer3)
echo '#include "store/store.h"' >"$D/src/io/record_json.h"
echo '#include "io/record_json.h"' >>"$D/src/store/sqlite/schema_import.c"
n=$(wc -l <"$D/src/store/sqlite/schema_import.c")
fails "store/ includes io/" "$D" "src/store/sqlite/schema_import.c:$n: LAYER: "

D=$(plant layer4)
printf '%s\n' '#include <sqlite3.h>' '#include "store/sqlite/internal.h"' >"$D/src/service/raw.c"
run_checksrc "$D"
is "service/ reaching into the SQLite backend: exit status" "$rc" 1
has "<sqlite3.h> outside store/ named" "$T/out" "^src/service/raw.c:1: LAYER: .*sqlite3.h"
has "store/sqlite/ outside store/ named" "$T/out" "^src/service/raw.c:2: LAYER: .*store/sqlite/internal.h"

# -------------------------------------------------------------- JSONFMT
D=$(plant json)
n=$(($(wc -l <"$D/src/service/pilih.c") + 3))
cat >>"$D/src/service/pilih.c" <<'EOF'
int pl_pilih_json(char *out, size_t cap, long id, const char *nama)
{
    return snprintf(out, cap, "{\"id\":%ld,\"nama\":\"%s\"}", id, nama);
}
EOF
fails "snprintf building JSON" "$D" "src/service/pilih.c:$n: JSONFMT: "

D=$(plant json2)
n=$(($(wc -l <"$D/src/util/buf.c") + 3))
cat >>"$D/src/util/buf.c" <<'EOF'
int pl_buf_json_pair(pl_buf *b, const char *k, int v)
{
    return pl_buf_printf(b, "\"%s\":%d,", k, v);
}
EOF
fails "pl_buf_printf building JSON" "$D" "src/util/buf.c:$n: JSONFMT: "

# -------------------------------------------------------------- REALLOC
D=$(plant realloc)
n=$(($(wc -l <"$D/src/service/pilih.c") + 5))
cat >>"$D/src/service/pilih.c" <<'EOF'
int pl_pilih_tambah(long **v, size_t *n, size_t *cap, long x)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        long *p = realloc(*v, c * sizeof *p);
        if (p == NULL)
            return -1;
        *v = p;
        *cap = c;
    }
    (*v)[(*n)++] = x;
    return 0;
}
EOF
fails "hand-written realloc growth in service/" "$D" "src/service/pilih.c:$n: REALLOC: "

D=$(plant realloc2)
n=$(($(wc -l <"$D/tests/unit/test_vec.c") + 1))
echo 'static void *grow(void *p, size_t n) { return realloc(p, n); }' >>"$D/tests/unit/test_vec.c"
fails "realloc in tests/ too" "$D" "tests/unit/test_vec.c:$n: REALLOC: "

D=$(plant realloc3)
cat >>"$D/src/service/pilih.c" <<'EOF'
/* Not calls: a member named realloc, and the word in a comment: realloc(p, n). */
struct pl_pilih_alloc {
    void *(*realloc)(void *, size_t);
};
void *pl_pilih_ubah(struct pl_pilih_alloc *a, void *p, size_t n)
{
    return a->realloc(p, n);
}
EOF
run_checksrc "$D"
is "a struct member named realloc is not a call to it" "$rc" 0
is "... and nothing is printed" "$(cat "$T/out")" ""

# ----------------------------------------------------------- exceptions
D=$(plant allow)
cat >>"$D/src/service/pilih.c" <<'EOF'
void pl_pilih_darurat(const char *s)
{
    /* checksrc: allow STDIO the last words of a dying process, nobody else can */
    fputs(s, stderr);
    fputs(s, stderr); /* checksrc: allow STDIO same line form, with its reason */
}
EOF
run_checksrc "$D"
is "exceptions with a reason silence their line" "$rc" 0

D=$(plant allow2)
n=$(($(wc -l <"$D/src/service/pilih.c") + 3))
cat >>"$D/src/service/pilih.c" <<'EOF'
void pl_pilih_darurat(const char *s)
{
    fputs(s, stderr); /* checksrc: allow STDIO */
}
EOF
run_checksrc "$D"
is "exception without a reason: exit status" "$rc" 1
has "exception without a reason is reported" "$T/out" "^src/service/pilih.c:$n: ALLOW: "
has "... and does not silence the line" "$T/out" "^src/service/pilih.c:$n: STDIO: "

D=$(plant allow3)
n=$(($(wc -l <"$D/src/service/pilih.c") + 1))
echo '/* checksrc: allow GETENV nothing reads the environment here any more */' >>"$D/src/service/pilih.c"
echo 'int pl_pilih_nol(void);' >>"$D/src/service/pilih.c"
fails "an exception that matches nothing" "$D" "src/service/pilih.c:$n: ALLOW: "

# -------------------------------------------------------------- tests/, fuzz/
D=$(plant harness)
cat >>"$D/tests/unit/test_vec.c" <<'EOF'
#include "cli/cli.h"
static const char *peek = "SELECT count(*) FROM person";
static void show(void) { printf("%s %s\n", peek, getenv("PILAR_SRC")); }
EOF
run_checksrc "$D"
is "tests/ sit above every layer, may print, read env and query" "$rc" 0
echo 'static void j(char *b) { sprintf(b, "{\"a\":1}"); }' >>"$D/fuzz/fuzz_csv.c"
run_checksrc "$D"
is "JSON by printf is refused in fuzz/ too" "$rc" 1
has "... named" "$T/out" "^fuzz/fuzz_csv.c:[0-9]*: JSONFMT: "

# ---------------------------------------------------------- clang-format
D=$(plant format)
n=$(grep -n '^int pl_buf_append' "$D/src/util/buf.c" | cut -d: -f1)
sed -i "${n}s/^int pl_buf_append(pl_buf \*b, /int  pl_buf_append( pl_buf *b,/" "$D/src/util/buf.c"
"$CHECKFORMAT" "$D" >"$T/fmt" 2>&1
is "misformatted file: checkformat fails" "$?" 1
has "misformatted file named with its line" "$T/fmt" "src/util/buf.c:$n:"
run_checksrc "$D"
is "formatting is not checksrc's business" "$rc" 0

# ----------------------------------------------------------- the real tree
# Reported, not asserted: the ctest entry style/checksrc asserts it.
python3 "$CHECKSRC" "$SRC" >"$T/tree" 2>&1
echo "checksrc on the source tree: exit $? ($(tail -1 "$T/tree"))"

summary
