#!/usr/bin/env bash
# test_cipher.sh - encryption at rest (issue 17 item 8). In a build with PILAR_CIPHER=ON: the
# data base, its WAL and its read-audit file hold no readable personal data and no SQLite
# header; the system sqlite3 shell cannot read them; a wrong key, a missing key, a key file
# others may read and a malformed key are refused with a message saying which; a server and the
# CLI work on the encrypted data base. In a build without it: --db-key-file is refused with a
# message naming the build option, and nothing is written.
. "$(dirname "$0")/lib.sh"
need curl openssl
export PILAR_PWHASH=fast
unset PILAR_DB_KEY_FILE # this test chooses its own keys
export PILAR_DB="$T/p.db"
NIK=6474014506900001
KK=6474011506200001

openssl rand -hex 32 >"$T/key" && chmod 600 "$T/key"

if [ "${PILAR_CIPHER:-0}" != 1 ]; then
    expect 1 "a build without encryption refuses --db-key-file" --db-key-file "$T/key" init
    has "the refusal names the build option" "$T/err" "PILAR_CIPHER=ON"
    check "nothing was created" test ! -e "$PILAR_DB"
    summary
    exit $?
fi

K=(--db-key-file "$T/key")
# A key names SQLite's file encryption: for a PostgreSQL data base it would protect nothing.
expect 1 "a key for a PostgreSQL data base is refused" "${K[@]}" --db "postgresql://pilar:rahasia-kc@/pilar?host=$T/nosocket" status
has "the refusal says why" "$T/err" "hanya berlaku untuk basis data SQLite"
hasnt "and masks the URL's password" "$T/err" "rahasia-kc"
expect 0 "init with a key" "${K[@]}" init
expect 0 "region import" "${K[@]}" region import --from "$AREA"
expect 0 "household add" "${K[@]}" household add --kk $KK --village 64.74.01.1001 --address "Jl. Mawar 1"
expect 0 "person add" "${K[@]}" person add --nik $NIK --name "Zulaikhawati Encrypta" \
    --birth-date 1990-06-05 --sex P --kk $KK --relationship istri
echo 'utama-kunci-123' | "$PILAR" "${K[@]}" user add admin --role admin >/dev/null || die "user add"
TA=$("$PILAR" "${K[@]}" user token admin) || die "token"

# A server on the encrypted data base (the key from the environment), with a personal read
# (goes to the read-audit file) and a write (goes through the WAL).
mkdir -p "$T/web" && echo '<!doctype html><title>Pilar</title>' >"$T/web/index.html"
PILAR_DB_KEY_FILE="$T/key" start_server --web "$T/web" --data-dir "$T/data"
req GET "$A/people?nik=$NIK" -H "Authorization: Bearer $TA"
is "personal read through the server" "$STATUS" 200
check "the person is found" body_has "Zulaikhawati"
for f in "$PILAR_DB" "$PILAR_DB-wal" "$PILAR_DB-reads"; do
    [ -e "$f" ] || continue
    hasnt "no name in clear in $(basename "$f")" "$f" "Zulaikhawati"
    hasnt "no NIK in clear in $(basename "$f")" "$f" "$NIK"
done
check "server stops" stop_server
for f in "$PILAR_DB" "$PILAR_DB-reads"; do
    hdr=$(head -c 15 "$f")
    check "no SQLite header on $(basename "$f")" test "$hdr" != "SQLite format 3"
done
check "the system sqlite3 shell cannot read it" sh -c "! /usr/bin/sqlite3 '$PILAR_DB' 'select count(*) from person' 2>/dev/null"
expect 0 "pilar check with the key" "${K[@]}" check
expect 0 "person show with the key" "${K[@]}" person show $NIK --json
has "the person is there" "$T/out" "Zulaikhawati"

# Refusals.
expect 2 "no key (indistinguishable from a damaged file: exit 2)" check
has "missing key: says it may be encrypted" "$T/err" "terenkripsi.*--db-key-file"
openssl rand -hex 32 >"$T/wrong" && chmod 600 "$T/wrong"
expect 1 "wrong key" --db-key-file "$T/wrong" check
has "wrong key: says so" "$T/err" "tidak dapat dibuka dengan kunci ini"
chmod 640 "$T/key"
expect 1 "key file others may read" "${K[@]}" check
has "loose key file: names the mode and the fix" "$T/err" "mode 0640.*chmod 600"
chmod 600 "$T/key"
echo "pendek" >"$T/short" && chmod 600 "$T/short"
expect 1 "malformed key" --db-key-file "$T/short" check
has "malformed key: says what a key is" "$T/err" "64 digit heksadesimal"
expect 0 "plain data base in a cipher build" --db "$T/plain.db" init
expect 1 "a plain data base refuses a key" --db-key-file "$T/key" --db "$T/plain.db" check
has "plain with a key: says so" "$T/err" "tidak terenkripsi"

# A passphrase instead of a random key.
printf 'kuda-lumping-berlari-ke-samarinda\n' >"$T/phrase" && chmod 600 "$T/phrase"
expect 0 "init with a passphrase" --db-key-file "$T/phrase" --db "$T/f.db" init
expect 0 "reopen with the passphrase" --db-key-file "$T/phrase" --db "$T/f.db" check
expect 1 "a raw key does not open a passphrase data base" --db-key-file "$T/key" --db "$T/f.db" check
summary
