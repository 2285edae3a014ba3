#!/usr/bin/env python3
"""backup_writers.py BASE TOKEN IDS_FILE SECONDS THREADS OUT - the write load of the restore
drill (test_backup.sh): THREADS threads, each owning its share of the person ids in IDS_FILE,
change their names through PATCH /api/v1/people/{id} for SECONDS seconds, one request at a
time per thread. Every acknowledged write (HTTP 200) is appended to OUT as one line
"ACK_TIME ID NAME" (ACK_TIME: time.time() when the answer arrived), so the drill can tell
which writes were acknowledged before a backup started. Names are letters only (a name's
rules), distinct per write."""
import http.client
import json
import sys
import threading
import time
import urllib.parse

base, token, ids_file, seconds, threads, out = sys.argv[1:7]
url = urllib.parse.urlparse(base)
ids = [int(x) for x in open(ids_file).read().split()]
n_threads = int(threads)
stop_at = time.time() + float(seconds)
lock = threading.Lock()
log = open(out, "a")
LETTERS = "abcdefghij"


def word(n):
    """n written with letters (0 -> a, 12 -> bc): a name without digits."""
    return "".join(LETTERS[int(d)] for d in str(n))


def worker(k):
    mine = ids[k::n_threads]
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    hdr = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    version = {}
    for pid in mine:
        conn.request("GET", "/api/v1/people/%d" % pid, headers=hdr)
        r = conn.getresponse()
        version[pid] = json.loads(r.read())["version"]
    n = 0
    while time.time() < stop_at:
        pid = mine[n % len(mine)]
        name = "Tulis %s %s" % (LETTERS[k].upper() + "x", word(n).capitalize())
        body = json.dumps({"version": version[pid], "name": name})
        conn.request("PATCH", "/api/v1/people/%d" % pid, body=body, headers=hdr)
        r = conn.getresponse()
        data = r.read()
        if r.status == 200:
            t = time.time()
            try:
                version[pid] = json.loads(data)["version"]
            except (ValueError, KeyError):
                version[pid] += 1
            with lock:
                log.write("%.6f %d %s\n" % (t, pid, name))
                log.flush()
        n += 1


ts = [threading.Thread(target=worker, args=(k,)) for k in range(n_threads)]
for t in ts:
    t.start()
for t in ts:
    t.join()
log.close()
