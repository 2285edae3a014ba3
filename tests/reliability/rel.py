#!/usr/bin/env python3
"""rel.py - Pilar's reliability suite (issue 17 item 9). Run by hand, bounded in time; see
docs/reliability.md for what each part proves and the last figures. Standard library only.

    tests/reliability/run [PART...]     (the wrapper builds and sets PILAR, PILAR_SRC)

Parts: kill-writers, kill-import, disk-full, slow-flood, soak, http-fuzz (fuzz is in run).
Each part prints its findings and a last line of key=value pairs; the exit status is non-zero
when a part found a fault (a lost acknowledged write, a failed integrity check, a dead server).
"""
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

PILAR = os.environ.get("PILAR", "build/pilar")
SRC = os.environ.get("PILAR_SRC", ".")
AREA = os.path.join(SRC, "node_modules/idn-area-data/data")
VILLAGE = "64.74.01.1001"  # Bontang Selatan, Tanjung Laut: a real village of the region tree
DISTRICT = "647401"


def env_num(name, default):
    return type(default)(os.environ.get(name, default))


def log(*a):
    print(*a, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Instance:
    """A data base with regions and an administrator, and a server on it."""

    def __init__(self, folder, db=None):
        self.dir = folder
        self.db = db or os.path.join(folder, "p.db")
        self.env = dict(os.environ, PILAR_DB=self.db, PILAR_PWHASH="fast")
        self.proc = None
        self.port = None
        self.token = None
        self.log = os.path.join(folder, "server.log")

    def cli(self, *args, inp=None, check=True):
        r = subprocess.run([PILAR, *args], env=self.env, input=inp, capture_output=True,
                           text=True)
        if check and r.returncode != 0:
            raise RuntimeError("pilar %s: %s" % (" ".join(args), r.stderr.strip()))
        return r

    def setup(self):
        self.cli("init")
        self.cli("region", "import", "--from", AREA)
        self.cli("user", "add", "admin", "--role", "admin", inp="utama-kunci-123\n")
        self.token = self.cli("user", "token", "admin").stdout.strip()
        os.makedirs(os.path.join(self.dir, "web"), exist_ok=True)
        with open(os.path.join(self.dir, "web/index.html"), "w") as f:
            f.write("<!doctype html><title>Pilar</title>")

    def start(self, *extra):
        self.port = self.port or free_port()
        out = open(self.log, "a")
        self.proc = subprocess.Popen(
            [PILAR, "serve", "--listen", "127.0.0.1:%d" % self.port, "--web",
             os.path.join(self.dir, "web"), "--data-dir", os.path.join(self.dir, "data"),
             *extra], env=self.env, stdout=out, stderr=out)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not start: " + open(self.log).read()[-2000:])

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def rss_kb(self):
        try:
            with open("/proc/%d/status" % self.proc.pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return 0
        return 0

    def request(self, method, path, body=None, timeout=30, source=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout,
                                       source_address=(source, 0) if source else None)
        try:
            hdr = {"Authorization": "Bearer " + self.token} if self.token else {}
            data = None
            if body is not None:
                data = json.dumps(body)
                hdr["Content-Type"] = "application/json"
            c.request(method, path, body=data, headers=hdr)
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def get(self, path):
        return self.request("GET", path)

    def check(self):
        return self.cli("check", check=False)


def letters(n):
    """A name part made of letters only (names may not hold digits): 0 -> "a", 27 -> "bb"."""
    out = ""
    while True:
        out = chr(ord("a") + n % 26) + out
        n //= 26
        if n == 0:
            return out.capitalize()


def person(serial, female=False):
    """A valid person of VILLAGE: NIK consistent with birth date and sex, a KK of its own."""
    year = 1950 + serial % 50
    month = 1 + serial % 12
    day = 1 + serial % 28
    dd = day + (40 if female else 0)
    nik = "%s%02d%02d%02d%04d" % (DISTRICT, dd, month, year % 100, 1 + (serial // 7) % 9999)
    issued = serial // 9999  # the KK's issue date and serial: distinct for every serial
    kk = "%s%02d%02d%02d%04d" % (DISTRICT, 1 + issued % 28, 1 + (issued // 28) % 12,
                                 (issued // 336) % 26, 1 + serial % 9999)
    return {"nik": nik, "kk": kk, "name": "Uji Keandalan " + letters(serial),
            "birth_date": "%04d-%02d-%02d" % (year, month, day), "sex": "P" if female else "L",
            "relationship": "kepala_keluarga", "village_code": VILLAGE}


def unique_people(start):
    """Endless distinct people (distinct NIK and KK), numbered from start."""
    n = start
    seen = set()
    while True:
        p = person(n, female=n % 2 == 1)
        n += 1
        if p["nik"] in seen:
            continue
        seen.add(p["nik"])
        yield p


class Writers:
    """Threads that register people through the API and keep what was acknowledged."""

    def __init__(self, inst, threads, first_serial):
        self.inst = inst
        self.acked = []
        self.errors = {}
        self.samples = {}  # status -> the first body answered with it
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.gen = unique_people(first_serial)
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(threads)]

    def next_person(self):
        with self.lock:
            return next(self.gen)

    def run(self):
        while not self.stop.is_set():
            p = self.next_person()
            try:
                status, body = self.inst.request("POST", "/api/v1/people", p, timeout=10)
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)  # the server is down (killed): nothing acknowledged
                continue
            with self.lock:
                if status == 201:
                    self.acked.append(p["nik"])
                else:
                    self.errors[status] = self.errors.get(status, 0) + 1
                    self.samples.setdefault(status, body.decode("utf-8", "replace")[:300])

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *a):
        self.stop.set()
        for t in self.threads:
            t.join()


def missing_niks(inst, niks):
    """The NIKs (acknowledged writes) that are not in the data base."""
    out = subprocess.run(["sqlite3", inst.db, "SELECT nik FROM person WHERE nik IS NOT NULL"],
                         capture_output=True, text=True, check=True).stdout.split()
    have = set(out)
    return [n for n in niks if n not in have]


def part_kill_writers():
    rounds = env_num("ROUNDS", 5)
    seconds = env_num("SECONDS_PER_ROUND", 6.0)
    threads = env_num("WRITERS", 8)
    with tempfile.TemporaryDirectory() as d:
        inst = Instance(d)
        inst.setup()
        acked, faults, errors = [], 0, {}
        for r in range(rounds):
            inst.start()
            with Writers(inst, threads, first_serial=r * 1_000_000) as w:
                time.sleep(seconds * random.uniform(0.5, 1.0))
                inst.kill9()  # while the writers are writing
            acked += w.acked
            for k, v in w.errors.items():
                errors[k] = errors.get(k, 0) + v
            chk = inst.check()
            if chk.returncode != 0:
                faults += 1
                log("round %d: pilar check failed: %s" % (r + 1, chk.stderr.strip()))
            log("round %d: %d writes acknowledged before kill -9" % (r + 1, len(w.acked)))
        lost = missing_niks(inst, acked)
        for n in lost[:10]:
            log("LOST acknowledged write: NIK %s" % n)
        log("refused (not acknowledged) by status: %s" % (errors or "none"))
        log("rounds=%d acknowledged=%d lost=%d check_failures=%d" % (rounds, len(acked), len(lost),
                                                                     faults))
        return 0 if not lost and not faults else 1


def part_kill_import():
    rounds = env_num("ROUNDS", 5)
    people = env_num("PEOPLE", 40000)
    with tempfile.TemporaryDirectory() as d:
        base = Instance(d)
        base.setup()
        csv = os.path.join(d, "big.csv")
        base.cli("gen", "--people", str(people), "--region", "64,65", "--seed", "7", "--today",
                 "2026-01-01", "--out", csv)
        clean = Instance(os.path.join(d, "clean"))
        os.makedirs(clean.dir)
        shutil.copy(base.db, clean.db)
        t0 = time.time()
        clean.cli("import", csv, "--batch", "2000", check=False)
        full = time.time() - t0
        want = count(clean, "SELECT count(*) FROM person")
        faults, diverged = 0, 0
        for r in range(rounds):
            # Every round from the data base before any import, killed somewhere inside it.
            inst = Instance(os.path.join(d, "r%d" % r))
            os.makedirs(inst.dir)
            shutil.copy(base.db, inst.db)
            p = subprocess.Popen([PILAR, "import", csv, "--batch", "2000"], env=inst.env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(random.uniform(0.02, full * 0.95))
            p.send_signal(signal.SIGKILL)
            p.wait()
            got = count(inst, "SELECT count(*) FROM person")
            chk = inst.check()
            half = half_households(inst, csv)
            if chk.returncode != 0 or half:
                faults += 1
                log("round %d: check rc=%d, %d half households" % (r + 1, chk.returncode, half))
            inst.cli("import", csv, "--batch", "2000", check=False)  # the same file again
            again = count(inst, "SELECT count(*) FROM person")
            if again != want or inst.check().returncode != 0:
                diverged += 1
            log("round %d: killed with %d of %d people in; the file again: %d" % (
                r + 1, got, want, again))
        log("import of %d people takes %.1f s here; kills at random moments inside it" % (
            want, full))
        log("rounds=%d rounds_with_half_households_or_check_failure=%d diverged=%d" % (
            rounds, faults, diverged))
        return 0 if not faults and not diverged else 1


def count(inst, sql):
    out = subprocess.run(["sqlite3", "file:%s?mode=ro" % inst.db, sql], capture_output=True,
                         text=True).stdout.strip()
    return int(out or 0)


def half_households(inst, csv):
    """Households of the file present in the data base with fewer members than the file has."""
    want = {}
    with open(csv) as f:
        head = f.readline().strip().split(",")
        k = head.index("no_kk")
        for line in f:
            kk = line.split(",")[k]
            want[kk] = want.get(kk, 0) + 1
    out = subprocess.run(["sqlite3", "file:%s?mode=ro" % inst.db,
                          "SELECT h.kk, count(p.id) FROM household h JOIN person p ON "
                          "p.household_id = h.id GROUP BY h.kk"],
                         capture_output=True, text=True).stdout.split()
    half = 0
    for line in out:
        kk, n = line.split("|")
        if kk in want and int(n) < want[kk]:
            half += 1
    return half


def part_disk_full():
    size_mb = env_num("TMPFS_MB", 24)
    d = tempfile.mkdtemp()
    mnt = os.path.join(d, "disk")
    os.makedirs(mnt)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dm" % size_mb, "tmpfs", mnt],
                             capture_output=True).returncode == 0
    if not mounted:
        log("cannot mount a tmpfs (needs root): skipped")
        log("disk_full=skipped")
        shutil.rmtree(d)
        return 0
    try:
        inst = Instance(mnt)
        inst.setup()
        # Fill the disk with a ballast file, leaving a little room for the data base.
        ballast = os.path.join(mnt, "ballast")
        free = shutil.disk_usage(mnt).free
        with open(ballast, "wb") as f:
            f.write(b"\0" * max(0, free - 3 * 1024 * 1024))
        inst.start()
        acked_before = []
        with Writers(inst, 4, first_serial=0) as w:
            deadline = time.time() + 60
            while time.time() < deadline and not w.errors:
                time.sleep(0.2)
            time.sleep(1)
        acked_before = list(w.acked)
        refused = dict(w.errors)
        alive = inst.get("/healthz")[0] == 200
        reads_ok = inst.get("/api/v1/summary")[0] == 200
        os.unlink(ballast)  # the operator frees space
        with Writers(inst, 2, first_serial=5_000_000) as w2:
            time.sleep(3)
        inst.stop()
        lost = missing_niks(inst, acked_before + w2.acked)
        chk = inst.check()
        log("writes acknowledged until the disk filled: %d; refused then: %s" % (
            len(acked_before), refused))
        for st, body in w.samples.items():
            log("answer %d on a full disk: %s" % (st, body))
        log("server alive on a full disk: %s, reads answered: %s" % (alive, reads_ok))
        log("writes acknowledged after space was freed: %d" % len(w2.acked))
        log("disk_full_refusals=%d alive=%d recovered_writes=%d lost=%d check=%s" % (
            sum(refused.values()), int(alive and reads_ok), len(w2.acked), len(lost),
            "ok" if chk.returncode == 0 else "FAILED"))
        return 0 if alive and reads_ok and w2.acked and not lost and chk.returncode == 0 and \
            refused else 1
    finally:
        subprocess.run(["umount", "-l", mnt])
        shutil.rmtree(d, ignore_errors=True)


def slow_client(port, stop, opened, source):
    """A connection from address source that sends its request one byte per second; when the
    server drops it, it connects again (an attacker does)."""
    req = b"GET /api/v1/summary HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10000
    while not stop.is_set():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5,
                                         source_address=(source, 0))
        except OSError:
            time.sleep(1)
            continue
        opened.append(1)
        try:
            for b in req:
                if stop.is_set():
                    break
                s.send(bytes([b]))
                time.sleep(1)
        except OSError:
            pass
        finally:
            s.close()


def part_slow_flood():
    conns = env_num("SLOW_CONNECTIONS", 4200)
    seconds = env_num("FLOOD_SECONDS", 40)
    addresses = env_num("SLOW_ADDRESSES", 64)  # attackers' addresses: 127.0.1.1, 127.0.1.2, ...
    with tempfile.TemporaryDirectory() as d:
        inst = Instance(d)
        inst.setup()
        inst.start()
        stop = threading.Event()
        opened = []
        threads = []
        for k in range(conns):
            src = "127.0.%d.%d" % (1 + (k % addresses) // 250, 1 + (k % addresses) % 250)
            t = threading.Thread(target=slow_client, args=(inst.port, stop, opened, src),
                                 daemon=True)
            t.start()
            threads.append(t)
        t0 = time.time()
        served, failed, lat = 0, 0, []
        while time.time() - t0 < seconds:
            a = time.time()
            try:
                # From another address than the flood's (127.0.0.1): the flood is one client
                # and meets the per-address cap (serve --max-conn-per-ip), the normal one not.
                ok = inst.request("GET", "/api/v1/summary", source="127.0.0.2")[0] == 200
            except (OSError, http.client.HTTPException):
                ok = False
            lat.append(time.time() - a)
            served += ok
            failed += not ok
            time.sleep(0.5)
        stop.set()
        alive = inst.proc.poll() is None
        inst.stop()
        lat.sort()
        p99 = lat[int(len(lat) * 0.99) - 1] if lat else 0
        log("%d slow connections opened (with reconnections) from %d addresses; a normal "
            "client: %d served, %d failed, p99 %.0f ms" % (len(opened), addresses, served, failed,
                                                           p99 * 1000))
        log("slow_connections=%d normal_served=%d normal_failed=%d p99_ms=%.0f alive=%d" % (
            len(opened), served, failed, p99 * 1000, int(alive)))
        return 0 if alive and failed == 0 else 1


def part_soak():
    minutes = env_num("SOAK_MINUTES", 10)
    clients = env_num("SOAK_CLIENTS", 8)
    with tempfile.TemporaryDirectory() as d:
        inst = Instance(d)
        inst.setup()
        csv = os.path.join(d, "people.csv")
        inst.cli("gen", "--people", str(env_num("SOAK_PEOPLE", 50000)), "--region", "64,65",
                 "--seed", "3", "--today", "2026-01-01", "--out", csv)
        inst.cli("import", csv, check=False)
        niks = subprocess.run(["sqlite3", inst.db, "SELECT nik FROM person WHERE nik IS NOT NULL "
                               "ORDER BY random() LIMIT 5000"], capture_output=True,
                              text=True).stdout.split()
        inst.start()
        stop = threading.Event()
        lock = threading.Lock()
        window = {"lat": [], "errors": 0, "n": 0}
        gen = unique_people(9_000_000)

        def client(k):
            rnd = random.Random(k)
            while not stop.is_set():
                x = rnd.random()
                if x < 0.70:
                    m, path, body = "GET", "/api/v1/people?nik=" + rnd.choice(niks), None
                elif x < 0.85:
                    m, path, body = "GET", "/api/v1/people?q=siti&limit=20", None
                elif x < 0.95:
                    with lock:
                        body = next(gen)
                    m, path = "POST", "/api/v1/people"
                else:
                    m, path, body = "GET", "/api/v1/reports/counts?region=64", None
                a = time.time()
                try:
                    st, _ = inst.request(m, path, body)
                    bad = st >= 500
                except (OSError, http.client.HTTPException):
                    bad = True
                with lock:
                    window["lat"].append(time.time() - a)
                    window["errors"] += bad
                    window["n"] += 1

        ts = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
        for t in ts:
            t.start()
        rss0 = inst.rss_kb()
        worst_p99, total_err, total = 0.0, 0, 0
        log("minute  requests  errors  p50_ms  p99_ms  rss_mb")
        for minute in range(1, minutes + 1):
            time.sleep(60)
            with lock:
                lat, errs, n = sorted(window["lat"]), window["errors"], window["n"]
                window.update(lat=[], errors=0, n=0)
            p50 = lat[len(lat) // 2] * 1000 if lat else 0
            p99 = lat[max(0, int(len(lat) * 0.99) - 1)] * 1000 if lat else 0
            worst_p99 = max(worst_p99, p99)
            total_err += errs
            total += n
            log("%6d  %8d  %6d  %6.1f  %6.1f  %6.1f" % (minute, n, errs, p50, p99,
                                                        inst.rss_kb() / 1024))
        stop.set()
        for t in ts:
            t.join()
        rss1 = inst.rss_kb()
        alive = inst.proc.poll() is None
        inst.stop()
        chk = inst.check()
        log("minutes=%d requests=%d errors=%d worst_p99_ms=%.1f rss_start_mb=%.1f rss_end_mb=%.1f "
            "check=%s" % (minutes, total, total_err, worst_p99, rss0 / 1024, rss1 / 1024,
                          "ok" if chk.returncode == 0 else "FAILED"))
        return 0 if alive and total_err == 0 and chk.returncode == 0 else 1


def mutate(data, rnd):
    b = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        op = rnd.random()
        if not b or op < 0.3:
            b[rnd.randrange(len(b) + 1):0] = bytes(rnd.choice(INTERESTING))
        elif op < 0.6:
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        elif op < 0.8:
            i = rnd.randrange(len(b))
            del b[i:i + rnd.randint(1, 16)]
        else:
            i = rnd.randrange(len(b))
            b[i:i] = b[i:i + rnd.randint(1, 64)] * rnd.randint(1, 50)
    return bytes(b)


INTERESTING = [b"\r\n", b"\r\n\r\n", b"\0", b"%", b"%00", b"%zz", b"..", b"/../", b"\xff\xfe",
               b"Content-Length: 99999999999999999999\r\n", b"Transfer-Encoding: chunked\r\n",
               b"Content-Length: 5\r\nContent-Length: 6\r\n", b"{", b"}", b"[", b'"',
               b"\\u0000", b"1e999", b"-0", b"9" * 40, b"?a=1&a=2&", b"&&&", b"=", b";",
               b"\xc0\xaf", b"\xed\xa0\x80", b" " * 300, b"A" * 9000]


def part_http_fuzz():
    seconds = env_num("FUZZ_SECONDS", 120)
    with tempfile.TemporaryDirectory() as d:
        inst = Instance(d)
        inst.setup()
        inst.start()
        routes = json.loads(inst.get("/api/v1/routes")[1])
        routes = routes.get("items", routes) if isinstance(routes, dict) else routes
        seeds = []
        for r in routes:
            path = r["path"] if isinstance(r, dict) else str(r)
            method = r.get("method", "GET") if isinstance(r, dict) else "GET"
            path = path.replace("{id}", "1").replace("{code}", "64").replace("{mid}", "1") \
                .replace("{token}", "abc")
            body = b'{"nik":"6474014506900001","name":"Uji","version":1,"village_code":"' + \
                VILLAGE.encode() + b'"}'
            seeds.append(("%s %s?limit=5 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                          "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (
                              method, path, inst.token, len(body))).encode() + body)
        rnd = random.Random(env_num("FUZZ_SEED", 1))
        t0 = time.time()
        sent, answers = 0, {}
        while time.time() - t0 < seconds:
            data = mutate(rnd.choice(seeds), rnd)
            try:
                s = socket.create_connection(("127.0.0.1", inst.port), timeout=3)
                s.sendall(data)
                s.shutdown(socket.SHUT_WR)
                first = s.recv(64)
                s.close()
                code = first[9:12].decode("latin-1", "replace") if first else "closed"
            except OSError as e:
                code = type(e).__name__
            answers[code] = answers.get(code, 0) + 1
            sent += 1
            if inst.proc.poll() is not None:
                break
        alive = inst.proc.poll() is None and inst.get("/healthz")[0] == 200
        inst.stop()
        text = open(inst.log, errors="replace").read()
        sanitizer = "ERROR: AddressSanitizer" in text or "runtime error:" in text
        chk = inst.check()
        top = sorted(answers.items(), key=lambda kv: -kv[1])[:8]
        log("answers: %s" % ", ".join("%s=%d" % kv for kv in top))
        log("requests=%d alive=%d sanitizer_reports=%d check=%s" % (
            sent, int(alive), int(sanitizer), "ok" if chk.returncode == 0 else "FAILED"))
        return 0 if alive and not sanitizer and chk.returncode == 0 else 1


PARTS = {"kill-writers": part_kill_writers, "kill-import": part_kill_import,
         "disk-full": part_disk_full, "slow-flood": part_slow_flood, "soak": part_soak,
         "http-fuzz": part_http_fuzz}

if __name__ == "__main__":
    names = sys.argv[1:] or list(PARTS)
    rc = 0
    for name in names:
        if name not in PARTS:
            sys.exit("unknown part %s; parts: %s" % (name, " ".join(PARTS)))
        log("==> %s" % name)
        t0 = time.time()
        r = PARTS[name]()
        log("<== %s: %s in %.0f s" % (name, "ok" if r == 0 else "FAULT", time.time() - t0))
        rc |= r
    sys.exit(rc)
