#!/usr/bin/env bash
# test_tls.sh - `pilar serve --tls-cert/--tls-key` with a self-signed certificate
# made here by openssl: HTTPS with curl --cacert, HSTS, the Secure session cookie,
# TLS 1.0/1.1 and weak ciphers refused, clear messages for unreadable, non-PEM
# and mismatched files, the key-permission warning; and `--behind-proxy`: the
# client address of the audit comes from X-Real-IP / X-Forwarded-For only when
# the trusted proxy sends them (a direct client cannot spoof it).
. "$(dirname "$0")/lib.sh"
need openssl curl sqlite3
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
check_detail() { echo " (status ${STATUS:-none}, body: $(head -c 300 "$T/body" 2>/dev/null))"; }

# ---------------------------------------------------------------- set-up
$PILAR init >/dev/null || exit 1
$PILAR region import --from "$AREA" >/dev/null || exit 1
$PILAR gen --people 20 --region 64 --seed 7 --out "$T/gen.csv" >/dev/null 2>&1 || exit 1
$PILAR import "$T/gen.csv" >/dev/null || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
TA=$($PILAR user token admin)
PID1=$(sqlite3 "$PILAR_DB" "SELECT min(id) FROM person")

# A self-signed certificate for localhost / 127.0.0.1, and a second key that is not its pair.
mkcert() { # mkcert DIR
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
        -keyout "$1/key.pem" -out "$1/cert.pem" 2>/dev/null
}
mkdir -p "$T/a" "$T/b"
mkcert "$T/a" || die "openssl cannot make a certificate"
mkcert "$T/b" || die "openssl cannot make a certificate"
chmod 600 "$T/a/key.pem" "$T/b/key.pem"
CERT="$T/a/cert.pem" KEY="$T/a/key.pem"

# ---------------------------------------------------------------- bad files
serve_fails() { # serve_fails DESC REGEX SERVE_ARGS...
    local d=$1 re=$2
    shift 2
    "$PILAR" serve --listen "127.0.0.1:$((20000 + RANDOM % 10000))" --data-dir "$T/data" "$@" >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" = 1 ] && grep -Eq -- "$re" "$T/err"; then ok; else bad "$d: exit $rc, $(head -c 300 "$T/err")"; fi
}
serve_fails "missing certificate" "sertifikat TLS .*tidak dapat dibaca" --tls-cert "$T/none.pem" --tls-key "$KEY"
serve_fails "missing key" "kunci TLS .*tidak dapat dibaca" --tls-cert "$CERT" --tls-key "$T/none.pem"
serve_fails "key of another certificate" "tidak cocok" --tls-cert "$CERT" --tls-key "$T/b/key.pem"
echo 'not a certificate' >"$T/junk.pem"
serve_fails "certificate not PEM" "bukan sertifikat X.509 PEM" --tls-cert "$T/junk.pem" --tls-key "$KEY"
serve_fails "key not PEM" "bukan kunci privat PEM" --tls-cert "$CERT" --tls-key "$T/junk.pem"
serve_fails "certificate without key" "memerlukan --tls-key" --tls-cert "$CERT"
serve_fails "proxy address not an IP" "bukan alamat IP" --behind-proxy=proxy.example

# ---------------------------------------------------------------- HTTPS
# serve_tls [SERVE_ARGS...]: like start_server, waiting for https://.../healthz.
serve_tls() {
    : >"$SERVER_LOG"
    local port
    for _ in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 10000))
        port_taken "$port" && continue
        "$PILAR" serve --listen "127.0.0.1:$port" --data-dir "$T/data" "$@" 2>>"$SERVER_LOG" &
        SERVER_PID=$!
        for _ in $(seq 1 100); do
            if curl -sf --cacert "$CERT" "https://127.0.0.1:$port/healthz" >/dev/null 2>&1 && owns_port "$SERVER_PID" "$port"; then
                PORT=$port B="https://127.0.0.1:$port" A="https://127.0.0.1:$port/api/v1"
                return 0
            fi
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
        SERVER_PID=
    done
    cat "$SERVER_LOG" >&2
    die "TLS server did not start"
}

# A key others may read: the server starts but warns.
cp "$KEY" "$T/loose.pem" && chmod 644 "$T/loose.pem"
serve_tls --tls-cert "$CERT" --tls-key "$T/loose.pem"
has "warning for a key readable by others" "$SERVER_LOG" "Peringatan: kunci TLS .*chmod 600"
stop_server

serve_tls --tls-cert "$CERT" --tls-key "$KEY"
hasnt "no warning for a 0600 key" "$SERVER_LOG" "Peringatan: kunci TLS"
has "start message names https" "$SERVER_LOG" "melayani https://"

is() { [ "$STATUS" = "$1" ]; }
req GET "$B/healthz" --cacert "$CERT"
check "healthz over https" is 200
has "HSTS on a TLS reply" "$T/hdr" "^Strict-Transport-Security: max-age=31536000"
req GET "$A/nowhere" --cacert "$CERT"
has "HSTS on an error reply too" "$T/hdr" "^Strict-Transport-Security: max-age=31536000"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")
check "plain http to the TLS port gets no answer" test "$STATUS" = 000
STATUS=$(curl -s -o /dev/null -w '%{http_code}' "$B/healthz")
check "a client without the CA refuses the certificate" test "$STATUS" = 000

# Login: the cookie is Secure (no PILAR_COOKIE_SECURE needed), then a personal read with it.
req POST "$A/login" --cacert "$CERT" "${J[@]}" -d '{"username":"admin","password":"utama-kunci-123"}'
check "login over https" is 200
has "session cookie is Secure" "$T/hdr" "^Set-Cookie: pilar_session=.*; Secure"
SID=$(sed -n 's/^Set-Cookie: pilar_session=\([0-9a-f]*\).*/\1/p' "$T/hdr" | tr -d '\r')
req GET "$A/people/$PID1" --cacert "$CERT" -H "Cookie: pilar_session=$SID"
check "personal read over https" is 200

# Protocol versions: curl limited to TLS 1.1 fails; and the refusal is the server's: openssl
# allowed down to TLS 1.1 (security level 0) sends its hello and gets no session, while the
# same client on TLS 1.2 and 1.3 gets an AEAD cipher. A TLS 1.2 CBC/static-RSA suite is refused.
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --tlsv1.0 --tls-max 1.1 --cacert "$CERT" "$B/healthz")
check "curl --tls-max 1.1 fails" test "$STATUS" = 000
sclient() { openssl s_client -connect "127.0.0.1:$PORT" -servername localhost "$@" </dev/null 2>&1; }
sclient -tls1_1 -cipher 'DEFAULT@SECLEVEL=0' >"$T/s11"
has "TLS 1.1 hello was sent" "$T/s11" "written [1-9][0-9]* bytes"
has "TLS 1.1 refused by the server" "$T/s11" "Cipher is \(NONE\)"
sclient -tls1 -cipher 'DEFAULT@SECLEVEL=0' >"$T/s10"
has "TLS 1.0 refused by the server" "$T/s10" "Cipher is \(NONE\)"
sclient -tls1_2 -cipher 'AES128-SHA:DES-CBC3-SHA' >"$T/sweak"
has "weak TLS 1.2 suites refused" "$T/sweak" "Cipher is \(NONE\)"
sclient -tls1_2 >"$T/s12"
has "TLS 1.2 with ECDHE and an AEAD cipher" "$T/s12" "Cipher is ECDHE-(ECDSA|RSA)-(AES[0-9]+-GCM|CHACHA20-POLY1305)"
sclient -tls1_3 >"$T/s13"
has "TLS 1.3" "$T/s13" "New, TLSv1.3, Cipher is TLS_"
stop_server
sleep 0.2
check "audited read came from 127.0.0.1" test \
    "$(sqlite3 "$PILAR_DB-reads" "SELECT client FROM audit_read WHERE actor='admin' ORDER BY id DESC LIMIT 1")" = 127.0.0.1

# ---------------------------------------------------------------- behind a proxy
last_client() { sqlite3 "$PILAR_DB-reads" "SELECT client FROM audit_read ORDER BY id DESC LIMIT 1"; }
read_as() { # read_as CURL_ARGS...: one audited personal read from 127.0.0.1
    req GET "$A/people/$PID1" -H "Authorization: Bearer $TA" "$@"
}

# Direct clients (no --behind-proxy): forwarded headers are ignored.
start_server --data-dir "$T/data"
read_as -H 'X-Forwarded-For: 203.0.113.7' -H 'X-Real-IP: 203.0.113.8'
check "direct read" is 200
is "spoofed X-Forwarded-For ignored without --behind-proxy" "$(last_client)" 127.0.0.1
hasnt "no HSTS over plain http" "$T/hdr" "Strict-Transport-Security"
req POST "$A/login" "${J[@]}" -d '{"username":"admin","password":"utama-kunci-123"}'
hasnt "no Secure cookie over plain http" "$T/hdr" "^Set-Cookie: .*Secure"
stop_server

# The trusted proxy (default 127.0.0.1) names the client.
start_server --data-dir "$T/data" --behind-proxy
has "start message says behind a proxy" "$SERVER_LOG" "di balik proksi"
read_as -H 'X-Real-IP: 198.51.100.4' -H 'X-Forwarded-For: 10.9.9.9, 198.51.100.5'
is "X-Real-IP from the proxy" "$(last_client)" 198.51.100.4
read_as -H 'X-Forwarded-For: 10.9.9.9, 198.51.100.5'
is "last X-Forwarded-For entry (the proxy's) without X-Real-IP" "$(last_client)" 198.51.100.5
read_as -H 'X-Real-IP: evil"name' -H 'X-Forwarded-For: not-an-address'
is "forwarded values that are no address are ignored" "$(last_client)" 127.0.0.1
read_as -H 'X-Forwarded-For: 2001:db8::1'
is "IPv6 client from the proxy" "$(last_client)" 2001:db8::1
req POST "$A/login" "${J[@]}" -d '{"username":"admin","password":"utama-kunci-123"}'
has "Secure cookie behind a proxy" "$T/hdr" "^Set-Cookie: pilar_session=.*; Secure"
sleep 0.3
has "access log shows the forwarded client" "$SERVER_LOG" " 198\.51\.100\.4 GET /api/v1/people/"
stop_server

# Another proxy is trusted: a direct client from 127.0.0.1 cannot choose its address.
start_server --data-dir "$T/data" --behind-proxy=127.0.0.2
read_as -H 'X-Forwarded-For: 203.0.113.9' -H 'X-Real-IP: 203.0.113.9'
check "read through an untrusted peer" is 200
is "spoofed X-Forwarded-For from a direct client ignored" "$(last_client)" 127.0.0.1
stop_server

summary
