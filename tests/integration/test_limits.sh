#!/usr/bin/env bash
# test_limits.sh - limits against abuse of `pilar serve`: the per-address
# connection cap; the header deadline that a client sending one byte a second
# cannot push back; a flood of 300 such clients does not keep a normal client
# out; uploads streamed to a 0600 file (not memory) with a cap on concurrent
# uploads (503 + Retry-After) and on size (413); duplicate differing
# Content-Length refused (400, connection closed); control characters, quotes
# and backslashes escaped in the access log. Raw sockets through python3.
. "$(dirname "$0")/lib.sh"
need python3 curl sqlite3
export PILAR_DB="$T/p.db" PILAR_PWHASH=fast
check_detail() { echo " (status ${STATUS:-none}, body: $(head -c 300 "$T/body" 2>/dev/null))"; }

$PILAR init >/dev/null || exit 1
$PILAR region import --from "$AREA" >/dev/null || exit 1
$PILAR gen --people 30 --region 64 --seed 9 --out "$T/gen.csv" >/dev/null 2>&1 || exit 1
echo 'utama-kunci-123' | $PILAR user add admin --role admin >/dev/null || exit 1
TA=$($PILAR user token admin)
ROWS=$(($(wc -l <"$T/gen.csv") - 1))

# The raw-socket client: python3 "$T/raw.py" MODE PORT [ARGS...]
cat >"$T/raw.py" <<'EOF'
import socket, sys, time, threading
mode, port = sys.argv[1], int(sys.argv[2])

def recv_all(s, limit=5.0):
    s.settimeout(limit)
    out = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
    except OSError:
        pass
    return out

if mode == "send":  # send RAW (escapes interpreted), print the reply
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(sys.argv[3].encode().decode("unicode_escape").encode("latin-1"))
    sys.stdout.write(recv_all(s).decode("latin-1"))
elif mode == "hold":  # open N idle connections from SRC; print how many the server closed at once
    n, src = int(sys.argv[3]), sys.argv[4]
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind((src, 0))
        s.connect(("127.0.0.1", port))
        socks.append(s)
    time.sleep(0.5)
    closed = 0
    for s in socks:
        s.setblocking(False)
        try:
            closed += s.recv(1) == b""
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
    print(closed, flush=True)
    sys.stdin.read()  # hold the rest until told to go
elif mode == "drip":  # N connections each sending a header byte a second; report their fate
    n, limit = int(sys.argv[3]), float(sys.argv[4])
    req = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
    socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
    print("open", flush=True)
    t0 = time.time()
    alive = set(range(n))
    closed_at = {}
    i = 0
    while alive and time.time() - t0 < limit:
        for k in list(alive):
            try:
                socks[k].send(req[i % len(req):i % len(req) + 1])
            except OSError:
                alive.discard(k)
                closed_at[k] = time.time() - t0
        i += 1
        time.sleep(1)
    for k in list(alive):  # the server may have closed while we slept: look once more
        socks[k].setblocking(False)
        try:
            if socks[k].recv(1) == b"":
                alive.discard(k)
                closed_at[k] = time.time() - t0
        except BlockingIOError:
            pass
        except OSError:
            alive.discard(k)
            closed_at[k] = time.time() - t0
    first = min(closed_at.values()) if closed_at else -1
    print("closed %d of %d, first after %.1f s" % (len(closed_at), n, first), flush=True)
elif mode == "upload":  # POST the headers and half of a LEN-byte body, then hold until stdin closes
    length, token = int(sys.argv[3]), sys.argv[4]
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(("POST /api/v1/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
               "Content-Type: text/csv\r\nContent-Length: %d\r\n\r\n" % (token, length)).encode())
    s.sendall(b"x" * (length // 2))
    print("sent", flush=True)
    sys.stdin.read()
EOF
raw() { python3 "$T/raw.py" "$@"; }
is() { [ "$STATUS" = "$1" ]; }

# ---------------------------------------------------------------- duplicate Content-Length
start_server --data-dir "$T/data" --header-timeout 3
raw send "$PORT" 'POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 20\r\n\r\n{}' >"$T/dup"
has "differing Content-Length headers: 400" "$T/dup" "^HTTP/1.1 400 "
has "and the connection is closed" "$T/dup" "^Connection: close"
has "with a Bahasa message" "$T/dup" "lebih dari satu Content-Length"
raw send "$PORT" 'POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}' >"$T/same"
hasnt "equal Content-Length headers are not that 400" "$T/same" "lebih dari satu Content-Length"

# ---------------------------------------------------------------- access log escaping
raw send "$PORT" 'GET /x%0a2026-01-01T00:00:00Z%20203.0.113.1%20GET%20/forged%20200%200%200.1ms%20admin%0d%22%5c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >/dev/null
sleep 0.4
has "a newline in the path is escaped" "$SERVER_LOG" ' GET /x\\x0a2026-01-01T00:00:00Z\\x20203\.0\.113\.1\\x20GET\\x20/forged\\x20200\\x200\\x200\.1ms\\x20admin\\x0d\\x22\\x5c 404 '
hasnt "no forged line" "$SERVER_LOG" '^2026-01-01T00:00:00Z 203\.0\.113\.1 GET /forged'

# ---------------------------------------------------------------- header deadline
raw drip "$PORT" 1 20 >"$T/drip1"
has "one byte a second: closed by the 3 s deadline, not MHD's 30 s timeout" "$T/drip1" "closed 1 of 1, first after [3-7]\."
sleep 0.4
has "the deadline is logged" "$SERVER_LOG" "batas waktu kepala permintaan: [0-9]+ koneksi ditutup"
stop_server

# ---------------------------------------------------------------- per-address cap
start_server --data-dir "$T/data" --max-conn-per-ip 4
mkfifo "$T/go"
raw hold "$PORT" 10 127.0.0.1 <"$T/go" >"$T/hold" &
HOLD=$!
exec 7>"$T/go"
for _ in $(seq 1 50); do [ -s "$T/hold" ] && break; sleep 0.1; done
eq "6 of 10 connections from one address refused at once" "$(cat "$T/hold")" 6
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$B/healthz")
check "an 11th from the same address is refused" test "$STATUS" = 000
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --interface 127.0.0.2 "$B/healthz")
check "another address is served meanwhile" test "$STATUS" = 200
exec 7>&-
wait "$HOLD"
sleep 0.3
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$B/healthz")
check "the address is served again once its connections close" test "$STATUS" = 200
stop_server

# ---------------------------------------------------------------- slow-client flood
# 300 connections dripping header bytes from 127.0.0.1 (cap raised so that all get in): a normal
# client is still served while they hang on, and the deadline closes every one of them.
start_server --data-dir "$T/data" --header-timeout 4 --max-conn-per-ip 1000 --threads 2
raw drip "$PORT" 300 15 >"$T/flood" &
FLOOD=$!
for _ in $(seq 1 50); do grep -q open "$T/flood" && break; sleep 0.1; done
sleep 1
req GET "$A/people?limit=5" -H "Authorization: Bearer $TA" --max-time 5
check "an API request is served during the flood" is 200
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$B/healthz")
check "healthz is served during the flood" test "$STATUS" = 200
wait "$FLOOD"
has "every flooding connection closed by the deadline" "$T/flood" "closed 300 of 300, first after [4-9]\."
req GET "$B/healthz" --max-time 5
check "served after the flood" is 200
stop_server
# With the default cap (32), the flood from one address takes 32 connections at most.
start_server --data-dir "$T/data" --header-timeout 4
raw drip "$PORT" 300 6 >"$T/flood2" &
FLOOD=$!
for _ in $(seq 1 50); do grep -q open "$T/flood2" && break; sleep 0.1; done
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --interface 127.0.0.2 "$B/healthz")
check "another address is served during a capped flood" test "$STATUS" = 200
wait "$FLOOD"
has "beyond the default cap of 32 the flood is refused" "$T/flood2" "closed (2[6-9][0-9]|300) of 300"
stop_server

# ---------------------------------------------------------------- uploads
start_server --data-dir "$T/data" --max-uploads 2 --upload-max-mb 1
req POST "$A/imports?dry_run=1" -H "Authorization: Bearer $TA" -F "file=@$T/gen.csv;type=text/csv;filename=warga.csv"
check "multipart import through the streamed file" is 200
check "summary names the uploaded file" test "$(jsonq "d['file']")" = warga.csv
check "all rows read" test "$(jsonq "d['read']")" = "$ROWS"
req POST "$A/imports" -H "Authorization: Bearer $TA" -H 'Content-Type: text/csv' --data-binary "@$T/gen.csv"
check "raw CSV import through the streamed file" is 200
check "rows imported" test "$(jsonq "d['inserted']")" = "$ROWS"
ls -A "$T/data" | grep unggahan- >"$T/left"
check "no upload file left after the requests" test ! -s "$T/left"

head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$T/big.csv"
req POST "$A/imports" -H "Authorization: Bearer $TA" -H 'Content-Type: text/csv' --data-binary "@$T/big.csv"
check "over --upload-max-mb with Content-Length: 413" is 413
req POST "$A/imports" -H "Authorization: Bearer $TA" -H 'Content-Type: text/csv' -H 'Transfer-Encoding: chunked' --data-binary "@$T/big.csv"
check "over the cap while streaming (chunked, no length): 413" is 413
body_has "melebihi batas" || bad "413 message"

# Two uploads in progress (half their body sent): a third gets 503 with Retry-After.
mkfifo "$T/u1" "$T/u2"
raw upload "$PORT" 200000 "$TA" <"$T/u1" >"$T/up1" &
U1=$!
raw upload "$PORT" 200000 "$TA" <"$T/u2" >"$T/up2" &
U2=$!
exec 8>"$T/u1" 9>"$T/u2"
for _ in $(seq 1 50); do grep -q sent "$T/up1" && grep -q sent "$T/up2" && break; sleep 0.1; done
sleep 0.5
N=$(find "$T/data" -maxdepth 1 -name 'unggahan-*' | wc -l)
eq "each upload in progress streams into its own file" "$N" 2
F=$(find "$T/data" -maxdepth 1 -name 'unggahan-*' | head -1)
eq "the upload file is 0600" "$(stat -c %a "$F")" 600
check "most of the half sent is already on disk (MHD keeps at most its read buffer)" \
    test "$(stat -c %s "$F")" -ge 65536
req POST "$A/imports" -H "Authorization: Bearer $TA" -H 'Content-Type: text/csv' --data-binary "@$T/gen.csv"
check "a third concurrent upload: 503" is 503
has "with Retry-After" "$T/hdr" "^Retry-After: 30"
body_has "unggahan lain" || bad "503 message in Bahasa"
req GET "$A/people?limit=1" -H "Authorization: Bearer $TA"
check "other requests are served meanwhile" is 200
exec 8>&- 9>&-
wait "$U1" "$U2"
sleep 0.5
N=$(find "$T/data" -maxdepth 1 -name 'unggahan-*' | wc -l)
eq "abandoned uploads leave no file" "$N" 0
req POST "$A/imports?dry_run=1" -H "Authorization: Bearer $TA" -H 'Content-Type: text/csv' --data-binary "@$T/gen.csv"
check "the slots are free again" is 200
stop_server

summary
