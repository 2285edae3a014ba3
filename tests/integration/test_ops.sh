#!/usr/bin/env bash
# test_ops.sh - operations of the real `pilar serve` (issue 17): one server
# per address (a second one on a busy address is refused with status 1 and a
# message naming the address; a restart right after a stop binds again, with
# connections of the old server still in TIME_WAIT), and the security headers
# on every kind of reply (API, error, static file, the card check page).
. "$(dirname "$0")/lib.sh"
need curl
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast

$PILAR init >/dev/null || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
TA=$($PILAR user token admin)
mkdir -p "$T/web/css"
echo '<!doctype html><title>Pilar</title>' >"$T/web/index.html"
cp "$SRC/web/css/kartu.css" "$T/web/css/"

start_server --web "$T/web" --data-dir "$T/data"
FIRST=$SERVER_PID

# ------------------------------------------------ one server per address
# A second server on the same address must fail at once, not share the port.
if timeout 20 $PILAR serve --listen "127.0.0.1:$PORT" --web "$T/web" --data-dir "$T/data" \
    >"$T/out2" 2>"$T/err2"; then rc=0; else rc=$?; fi
is "second server on a busy address exits with status 1" "$rc" 1
has "second server names the address in use" "$T/err2" "alamat 127\.0\.0\.1:$PORT sudah dipakai proses lain"
hasnt "second server never announced it was serving" "$T/err2" "Pilar melayani"
check "first server still alive" kill -0 "$FIRST"
check "first server still answers" curl -sf "$B/healthz" -o /dev/null

# Leave connections of this server in TIME_WAIT (the server closes first with Connection: close).
for _ in 1 2 3 4 5; do curl -s -H 'Connection: close' "$B/healthz" >/dev/null; done
check "first server stops cleanly" stop_server
# A restart right away on the same address must bind (SO_REUSEADDR, not SO_REUSEPORT).
SERVER_LOG="$T/server2.log"
check "restart on the same address right after a stop" serve_on "$PORT" --web "$T/web" --data-dir "$T/data"
[ -n "$SERVER_PID" ] || die "restart failed: $(cat "$T/server2.log")"

# ------------------------------------------------ security headers
# hdrs_ok DESC URL [curl args...]: every security header present with its value.
hdrs_ok() {
    local d=$1 u=$2
    shift 2
    curl -s -o /dev/null -D "$T/hdr" "$@" "$u" | tr -d '\r' >/dev/null
    tr -d '\r' <"$T/hdr" >"$T/h"
    has "$d: CSP" "$T/h" "^Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self';.* frame-ancestors 'none'; base-uri 'none'; form-action 'self'$"
    hasnt "$d: CSP allows no inline code" "$T/h" "unsafe-inline|unsafe-eval"
    has "$d: X-Frame-Options" "$T/h" "^X-Frame-Options: DENY$"
    has "$d: Referrer-Policy" "$T/h" "^Referrer-Policy: no-referrer$"
    has "$d: Permissions-Policy" "$T/h" "^Permissions-Policy: geolocation=\(self\), camera=\(\), microphone=\(\)"
    has "$d: X-Content-Type-Options" "$T/h" "^X-Content-Type-Options: nosniff$"
}
hdrs_ok "API reply" "$B/api/v1/me" -H "Authorization: Bearer $TA"
has "API reply is a 200" "$T/h" "^HTTP/1\.1 200"
hdrs_ok "error reply" "$B/api/v1/me"
has "error reply is a 401" "$T/h" "^HTTP/1\.1 401"
hdrs_ok "static file" "$B/"
has "static file is a 200 text/html" "$T/h" "^Content-Type: text/html"
hdrs_ok "missing static file" "$B/nope.js"
hdrs_ok "card check page" "$B/kartu/AAAAAAAAAAAAAAAA"
has "card check page is HTML" "$T/h" "^Content-Type: text/html"
curl -s "$B/kartu/AAAAAAAAAAAAAAAA" >"$T/kartu.html"
hasnt "card check page has no inline style" "$T/kartu.html" "<style|style="
has "card check page links its style sheet" "$T/kartu.html" 'href="/css/kartu.css"'
check "card style sheet is served" curl -sf "$B/css/kartu.css" -o /dev/null
hdrs_ok "healthz" "$B/healthz"
check "server stops cleanly" stop_server

# --tile-origin adds one image origin for the map tiles; anything but an origin is refused.
expect 1 "tile origin with a path refused" serve --listen "127.0.0.1:$PORT" --web "$T/web" --tile-origin "https://t.example.go.id/x;script-src *"
has "tile origin refusal names the option" "$T/err" "tile-origin"
SERVER_LOG="$T/server3.log"
serve_on "$PORT" --web "$T/web" --data-dir "$T/data" --tile-origin https://tiles.example.go.id
curl -s -o /dev/null -D - "$B/" | tr -d '\r' >"$T/h"
has "tile origin allowed for images only" "$T/h" "img-src 'self' data: blob: https://tiles\.example\.go\.id; connect-src 'self'"

summary
