#!/usr/bin/env bash
# test_deploy.sh - the reverse-proxy setup of docs/deploy.md, run for real:
# Debian's nginx with docs/deploy/nginx-pilar.conf (the very file the page
# shows; the test checks that the page and the file agree), started as the
# current user on free ports with a temporary prefix, in front of
# `pilar serve --behind-proxy`. Checks HTTPS, HSTS, the redirect, login, a
# personal read with the client's address (not the proxy's) in the audit, a
# spoofed X-Forwarded-For not believed, and nginx's upload cap = Pilar's.
. "$(dirname "$0")/lib.sh"
need nginx openssl curl sqlite3
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
check_detail() { echo " (status ${STATUS:-none}, body: $(head -c 300 "$T/body" 2>/dev/null))"; }
CONF="$SRC/docs/deploy/nginx-pilar.conf"

# ---------------------------------------------------------------- the page shows the file
# The ```nginx block of docs/deploy.md is the file, byte for byte.
awk '/^```nginx$/{on=1; next} /^```$/{on=0} on' "$SRC/docs/deploy.md" >"$T/page.conf"
check "docs/deploy.md shows docs/deploy/nginx-pilar.conf exactly" cmp -s "$T/page.conf" "$CONF"
MB=$(sed -n 's/^ *client_max_body_size \([0-9]*\)m;/\1/p' "$CONF")
check "nginx's body cap is Pilar's default upload cap" test "$MB" = 64
"$PILAR" serve --help >"$T/help" 2>&1
has "pilar serve --help states the same default" "$T/help" "upload-max-mb.*bawaan 64"

# ---------------------------------------------------------------- set-up
$PILAR init >/dev/null || exit 1
$PILAR region import --from "$AREA" >/dev/null || exit 1
$PILAR gen --people 10 --region 64 --seed 3 --out "$T/gen.csv" >/dev/null 2>&1 || exit 1
$PILAR import "$T/gen.csv" >/dev/null || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
PID1=$(sqlite3 "$PILAR_DB" "SELECT min(id) FROM person")
NG="$T/nginx"
mkdir -p "$NG/ssl"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -keyout "$NG/ssl/privkey.pem" -out "$NG/ssl/fullchain.pem" 2>/dev/null || die "openssl failed"
CERT="$NG/ssl/fullchain.pem"

start_server --data-dir "$T/data" --behind-proxy

# ---------------------------------------------------------------- nginx with the file
# Only what a test machine needs is changed: ports, certificate paths, Pilar's port; IPv6
# listeners dropped. Everything else is the file as shipped.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HPORT=$(free_port) SPORT=$(free_port)
sed -e "s|^    listen 80;|    listen 127.0.0.1:$HPORT;|" \
    -e "s|^    listen 443 ssl http2;|    listen 127.0.0.1:$SPORT ssl http2;|" \
    -e '/^    listen \[::\]:/d' \
    -e "s|/etc/ssl/pilar/|$NG/ssl/|" \
    -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$PORT;|" "$CONF" >"$NG/pilar.conf"
check "only ports and paths changed" test "$(diff "$CONF" "$NG/pilar.conf" | grep -c '^>')" = 5
{
    [ "$(id -u)" = 0 ] && echo "user root;"
    cat <<EOF
worker_processes 1;
pid $NG/nginx.pid;
error_log $NG/error.log;
events { worker_connections 512; }
http {
    access_log $NG/access.log;
    client_body_temp_path $NG/body;
    proxy_temp_path $NG/proxy;
    fastcgi_temp_path $NG/fastcgi;
    uwsgi_temp_path $NG/uwsgi;
    scgi_temp_path $NG/scgi;
    include $NG/pilar.conf;
}
EOF
} >"$NG/nginx.conf"
nginx -t -p "$NG" -e "$NG/error.log" -c "$NG/nginx.conf" >"$T/nginx-t" 2>&1 ||
    { cat "$T/nginx-t" >&2; die "nginx rejects the configuration"; }
nginx -p "$NG" -e "$NG/error.log" -c "$NG/nginx.conf" -g 'daemon off;' 2>>"$NG/error.log" &
NGINX_PID=$!
trap 'kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null; lib_cleanup' EXIT
N="https://127.0.0.1:$SPORT"
for _ in $(seq 1 100); do
    curl -sf --cacert "$CERT" "$N/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

is() { [ "$STATUS" = "$1" ]; }
# A client at 127.0.0.3 (not the proxy's 127.0.0.1), so that the audit shows whose address it kept.
C=(--cacert "$CERT" --interface 127.0.0.3)
req GET "$N/healthz" "${C[@]}"
check "healthz through nginx" is 200
has "HSTS from nginx" "$T/hdr" "^[Ss]trict-[Tt]ransport-[Ss]ecurity: max-age=31536000"
STATUS=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$HPORT/healthz")
check "plain http redirects to https" test "${STATUS%% *}" = 301 -a -n "${STATUS#* }"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --tlsv1.0 --tls-max 1.1 --cacert "$CERT" "$N/healthz")
check "nginx refuses TLS 1.1" test "$STATUS" = 000

req POST "$N/api/v1/login" "${C[@]}" "${J[@]}" -d '{"username":"admin","password":"utama-kunci-123"}'
check "login through nginx" is 200
has "Secure cookie (serve --behind-proxy)" "$T/hdr" "^[Ss]et-[Cc]ookie: pilar_session=.*; Secure"
SID=$(sed -n 's/^[Ss]et-[Cc]ookie: pilar_session=\([0-9a-f]*\).*/\1/p' "$T/hdr" | tr -d '\r')
req GET "$N/api/v1/people/$PID1" "${C[@]}" -H "Cookie: pilar_session=$SID"
check "personal read through nginx" is 200
last_client() { sqlite3 "$PILAR_DB-reads" "SELECT client FROM audit_read ORDER BY id DESC LIMIT 1"; }
eq "audit has the client's address, not the proxy's" "$(last_client)" 127.0.0.3
req GET "$N/api/v1/people/$PID1" "${C[@]}" -H "Cookie: pilar_session=$SID" \
    -H 'X-Real-IP: 203.0.113.66' -H 'X-Forwarded-For: 203.0.113.66'
check "read with spoofed forwarding headers" is 200
eq "spoofed X-Real-IP / X-Forwarded-For through nginx not believed" "$(last_client)" 127.0.0.3
sleep 0.3
has "Pilar's access log names the client" "$SERVER_LOG" " 127\.0\.0\.3 GET /api/v1/people/$PID1 200 "
check "the login's audit row names the client" test \
    "$(sqlite3 "$PILAR_DB" "SELECT count(*) FROM audit WHERE client='127.0.0.3'")" -ge 1

head -c $((65 * 1024 * 1024)) /dev/zero >"$T/big.csv"
req POST "$N/api/v1/imports" "${C[@]}" -H "Cookie: pilar_session=$SID" -H 'Content-Type: text/csv' \
    --data-binary "@$T/big.csv"
check "nginx answers 413 above Pilar's upload cap" is 413

kill "$NGINX_PID" 2>/dev/null
wait "$NGINX_PID" 2>/dev/null
summary
