#!/usr/bin/env python3
"""insider_probe.py - the route walk of test_insider.sh.

Reads the facts the shell script prepared (base URL, tokens, ids, every stored
NIK/KK with its village), fetches the route table from GET /api/v1/routes and
plays every role against every route. ROUTES below classifies each route
("METHOD PATH" -> probe kind and the requests that exercise it); a route of
the server missing from ROUTES, or an entry of ROUTES the server no longer
has, is a failure: a new route must be classified before it ships.

Generic probes (see issue 13):
  - no credentials: 401 with the error shape (public routes excepted);
  - a role lacking the route's permission: 403, the error shape and nothing else;
  - every answer to a role without the full_nik permission: no 16-digit number
    and no partial mask (6474**********01);
  - every answer to an insider (operators of Bontang, Bontang Utara, Bontang
    Kuala): no NIK/KK stored outside its scope, no distinctive name of those
    records, no person/household id outside its scope;
  - by-id routes as an insider: an id held outside the scope answers exactly
    like an id that does not exist (status and body, the id itself replaced);
  - searches as an insider: an out-of-scope NIK/KK/name answers exactly like an
    unused one;
  - registrations as an insider with an out-of-scope NIK/KK: 202 "menunggu" and
    nothing about the stored record;
  - aggregates as the viewer: no count 1..4 anywhere, no hidden cell that a
    total minus the shown cells gives back; operators see the exact values;
  - CSV answers: no cell starting with = + - @ tab CR unguarded; XLSX: no formulas.

Prints one FAIL line per failed check on stderr and "N M" (passed, failed) as
its last line on stdout.
"""
import csv
import io
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile

F = json.load(open(sys.argv[1]))
BASE = F["base"]
TOK = F["users"]
INSIDERS = {"bontang": "64.74", "kec": "64.74.01", "desa": F["VH"]}
NO_FULL_NIK = ("prov", "lihat")
ROLES = ("admin", "prov", "bontang", "kec", "desa", "lihat")
ABSENT = 99999999
NUMBERS = F["numbers"]  # NIK or KK -> village of the record holding it

passed = 0
failed = 0


def ok():
    global passed
    passed += 1


def bad(msg):
    global failed
    failed += 1
    print("FAIL: " + msg, file=sys.stderr)


def check(cond, msg):
    ok() if cond else bad(msg)


# ---------------------------------------------------------------- HTTP
class Answer:
    def __init__(self, status, ctype, body):
        self.status, self.ctype, self.body = status, ctype or "", body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def short(self):
        return "%s %s" % (self.status, self.text[:300].replace("\n", "\\n"))


def http(method, path, user=None, query=None, body=None, ctype=None, form=None):
    url = BASE + path
    if query:
        url += "?" + urllib.parse.urlencode(query)
    headers = {}
    data = None
    if user:
        headers["Authorization"] = "Bearer " + TOK[user]
    if form is not None:  # form = (filename, bytes): multipart upload as field "file"
        b = uuid.uuid4().hex
        data = (("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
                 "Content-Type: text/csv\r\n\r\n" % (b, form[0])).encode() + form[1] +
                ("\r\n--%s--\r\n" % b).encode())
        headers["Content-Type"] = "multipart/form-data; boundary=" + b
    elif body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = ctype or "application/json"
    elif method in ("POST", "PATCH"):
        data = b"{}"
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return Answer(r.status, r.headers.get("Content-Type"), r.read())
    except urllib.error.HTTPError as e:
        return Answer(e.code, e.headers.get("Content-Type"), e.read())


# ---------------------------------------------------------------- answer checks
NIK16 = re.compile(r"(?<![0-9.])[0-9]{16}(?![0-9])")  # not the digits of a fraction
MASK = re.compile(r"[0-9]{2,}\*{3,}[0-9]*")


def answer_text(a):
    """The answer as text to scan: XLSX answers unzipped (sheet XML), others as is."""
    if a.body[:2] == b"PK":
        try:
            z = zipfile.ZipFile(io.BytesIO(a.body))
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                             if n.endswith(".xml"))
        except zipfile.BadZipFile:
            pass
    return a.text


def walk(x, key=None):
    """Yields (key, value) of every scalar in a JSON document (list items keep their key)."""
    if isinstance(x, dict):
        for k, v in x.items():
            yield from walk(v, k)
    elif isinstance(x, list):
        for v in x:
            yield from walk(v, key)
    else:
        yield key, x


def in_scope(village, scope):
    return village == scope or village.startswith(scope + ".")


HIDDEN_PEOPLE = {}
HIDDEN_HOUSEHOLDS = {}


def check_answer(what, role, a, sent=()):
    """The checks every answer gets, whatever the route."""
    text = answer_text(a)
    if role in NO_FULL_NIK:
        niks = NIK16.findall(text)
        check(not niks, "%s as %s: a 16-digit NIK/KK in the answer (%s)" % (what, role, niks[:3]))
        masks = MASK.findall(text)
        check(not masks, "%s as %s: a partial NIK mask in the answer (%s)" % (what, role, masks[:3]))
    if role in INSIDERS:
        scope = INSIDERS[role]
        leaked = sorted({n for n in NIK16.findall(text)
                         if n in NUMBERS and not in_scope(NUMBERS[n], scope) and n not in sent})
        check(not leaked, "%s as %s: NIK/KK held outside the scope in the answer (%s)" %
              (what, role, leaked[:3]))
        # The card checker (public, by the card's secret token) shows the holder's name by design.
        names = [n for n in F["secret_names"] if n in text and not what.startswith("GET /kartu/")]
        check(not names, "%s as %s: name of an out-of-scope record in the answer (%s)" %
              (what, role, names))
        d = a.json() if "json" in a.ctype else None
        if d is not None:
            ids = [(k, v) for k, v in walk(d) if isinstance(v, int) and not isinstance(v, bool) and (
                (k in ("person_id", "person_a", "person_b") and v in HIDDEN_PEOPLE[role]) or
                (k == "household_id" and v in HIDDEN_HOUSEHOLDS[role]))]
            # Listed records: items of /people, /verification/queue, /households; map points.
            kind = None
            if re.match(r"^GET /api/v1/(people|people/without-nik|verification/queue)(\?|$)", what):
                kind = HIDDEN_PEOPLE[role]
            elif re.match(r"^GET /api/v1/(households\?|map/unlocated)", what):
                kind = HIDDEN_HOUSEHOLDS[role]
            elif what.startswith("GET /api/v1/map/points"):
                kind = HIDDEN_HOUSEHOLDS[role] if "layer=households" in what else HIDDEN_PEOPLE[role]
            if kind is not None and isinstance(d, dict):
                for it in d.get("items", []) + [f.get("properties", {}) for f in d.get("features", [])]:
                    if isinstance(it, dict) and it.get("id") in kind:
                        ids.append(("id", it["id"]))
            check(not ids, "%s as %s: ids of out-of-scope records in the answer (%s)" %
                  (what, role, ids[:3]))
    if "csv" in a.ctype or what.endswith("/rejects"):
        check_csv(what, role, a)
    if a.body[:2] == b"PK":
        check("<f>" not in text and "<f " not in text,
              "%s as %s: XLSX with a formula cell" % (what, role))


NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")


def check_csv(what, role, a):
    """No cell a spreadsheet would take as a formula (numbers such as -0.5 are numbers)."""
    text = a.text.lstrip("\ufeff")
    live = []
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and not NUMBER.match(cell)):
                live.append(cell)
    check(not live, "%s as %s: unguarded formula-looking CSV cells %s" % (what, role, live[:3]))


def error_only(a):
    d = a.json()
    return (isinstance(d, dict) and list(d) == ["error"] and isinstance(d["error"], dict) and
            {"code", "message", "field"} <= set(d["error"]))


def same(what, a, b, replace=()):
    """a (out of scope) and b (absent) must be the same answer; replace = (hidden, absent) pairs."""
    tb = b.text
    ta = a.text
    for hidden, absent in replace:
        ta = re.sub(r"(?<![0-9])%s(?![0-9])" % re.escape(str(hidden)), str(absent), ta)
    check(a.status == b.status and ta == tb,
          "%s: out of scope and absent differ: %s / %s" % (what, a.short(), b.short()))


# ---------------------------------------------------------------- the route table
# kind: public | session | self | reference | aggregate | personal-by-id | personal-list |
#       create | write-by-id | import | file-by-id | export | admin | reference-by-id
# walk(role) -> list of (path, query, body) the role sends on the walk (an
#   in-scope, side-effect-free request); path has the {params} filled.
# hidden / absent: for by-id kinds, the params of a record out of every
#   insider's scope and of no record at all.
def ids(spec, which):
    v = spec[which]
    return v() if callable(v) else v


def P(path, query=None, body=None):
    return (path, query, body)


IA, ID, IC, HA, HD = F["IA"], F["ID"], F["IC"], F["HA"], F["HD"]
RIZKI = F["RIZKI"]
V1 = "/api/v1"
ROUTES = {
    "GET /healthz": dict(kind="public", walk=lambda r: [P("/healthz")]),
    "POST /api/v1/login": dict(kind="public", walk=lambda r: [
        P(V1 + "/login", body={"username": "admin", "password": "salah-salah-1"})]),
    "GET /kartu/{token}": dict(kind="public", walk=lambda r: [
        P("/kartu/" + F["CARD"]), P("/kartu/" + F["CARD"], {"format": "json"})]),
    "POST /api/v1/logout": dict(kind="session", walk=lambda r: [P(V1 + "/logout")]),
    "GET /api/v1/me": dict(kind="self", walk=lambda r: [P(V1 + "/me")]),
    "POST /api/v1/login/totp": dict(kind="public", walk=lambda r: [
        P(V1 + "/login/totp", body={"challenge": "0" * 64, "code": "000000"})]),
    "POST /api/v1/me/password": dict(kind="self", walk=lambda r: [
        P(V1 + "/me/password", body={"current_password": "salah-salah-1",
                                     "new_password": "kuda-lari-cepat-9"})]),
    "GET /api/v1/me/tokens": dict(kind="self", walk=lambda r: [P(V1 + "/me/tokens")]),
    # Rotating replaces the role's token: the probe goes on with the new one.
    "POST /api/v1/tokens/rotate": dict(kind="self", rotates=True,
                                       walk=lambda r: [P(V1 + "/tokens/rotate")]),
    "GET /api/v1/routes": dict(kind="reference", walk=lambda r: [P(V1 + "/routes")]),
    "GET /api/v1/regions": dict(kind="reference", walk=lambda r: [P(V1 + "/regions", {"parent": "64.74"})]),
    "GET /api/v1/regions/search": dict(kind="reference", walk=lambda r: [
        P(V1 + "/regions/search", {"q": "Bontang"})]),
    "GET /api/v1/regions/{code}": dict(kind="reference", walk=lambda r: [P(V1 + "/regions/64.74.03")]),
    "GET /api/v1/categories": dict(kind="reference", walk=lambda r: [P(V1 + "/categories")]),
    "GET /api/v1/categories/psks": dict(kind="reference", walk=lambda r: [P(V1 + "/categories/psks")]),
    "GET /api/v1/boundaries": dict(kind="reference", walk=lambda r: [
        P(V1 + "/boundaries", {"level": "district", "region": "64.74"})]),
    "GET /api/v1/programs": dict(kind="reference", walk=lambda r: [P(V1 + "/programs")]),
    "GET /api/v1/programs/{code}": dict(kind="reference", walk=lambda r: [P(V1 + "/programs/HKX")]),
    "GET /api/v1/indicators": dict(kind="reference", walk=lambda r: [P(V1 + "/indicators")]),
    "GET /api/v1/interventions": dict(kind="reference", walk=lambda r: [P(V1 + "/interventions")]),
    # The rakor's interventions written (issue 20): not personal, but read and written inside
    # the scope; the own one is changed with a stale version (409, nothing written).
    "POST /api/v1/interventions": dict(kind="create"),
    "GET /api/v1/interventions/{id}": dict(kind="reference-by-id", path=V1 + "/interventions/{}",
                                            own=lambda: (F["IVH"],), hidden=lambda: (F["IVS"],)),
    "PATCH /api/v1/interventions/{id}": dict(kind="write-by-id", path=V1 + "/interventions/{}",
                                              own=lambda: (F["IVH"],), hidden=lambda: (F["IVS"],),
                                              body={"version": 999, "status": "selesai"}),
    "GET /api/v1/psks/coverage": dict(kind="aggregate", walk=lambda r: [
        P(V1 + "/psks/coverage", {"region": x, "format": f})
        for x in ("64.74", F["VH"]) for f in ("json", "csv", "xlsx")]),
    "GET /api/v1/summary": dict(kind="aggregate", walk=lambda r: [
        P(V1 + "/summary", {"region": x}) for x in ("64.74", "64.74.01", "64.74.02", "64.74.03",
                                                     F["VTWO"], F["VH"])] + [P(V1 + "/summary")]),
    "GET /api/v1/reports/counts": dict(kind="aggregate", walk=lambda r: [
        P(V1 + "/reports/counts", {"region": "64.74", "level": lv}) for lv in (3, 4)]),
    "GET /api/v1/reports/compare": dict(kind="aggregate", walk=lambda r: [
        P(V1 + "/reports/compare", {"region": "64.74", "period": "2026", "compare": "2025", "level": 3})]),
    "GET /api/v1/reports/rakor": dict(kind="aggregate", walk=lambda r: [
        P(V1 + "/reports/rakor", {"region": "64.74", "period": "2026", "compare": "2025", "format": f})
        for f in ("json", "csv", "xlsx")]),
    "GET /api/v1/map/choropleth": dict(kind="aggregate", walk=lambda r: [
        P(V1 + "/map/choropleth", {"level": lv, "category": c, "region": "64.74"})
        for lv in ("regency", "district") for c in (5, 15)] + [
        P(V1 + "/map/choropleth", {"level": "district", "region": "64.74"})]),
    "GET /api/v1/programs/{code}/preview": dict(kind="aggregate", walk=lambda r: [
        P(V1 + "/programs/HKX/preview", {"period": "2026-Q3", "region": "64.74", "by": "district"})]),
    "GET /api/v1/programs/{code}/report": dict(kind="aggregate", walk=lambda r: [
        P(V1 + "/programs/HKX/report", {"period": "2026-Q1", "region": "64.74", "level": "district"})]),
    "GET /api/v1/households": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/households", {"kk": F["KA"]})],
        searches=[("kk", F["KD"], F["KX"])]),
    "GET /api/v1/people": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/people", {"region": F["VH"]}), P(V1 + "/people", {"nik": F["NA"]}),
        P(V1 + "/people", {"q": "Ahmad"})],
        searches=[("nik", F["ND"], F["NX"]), ("kk", F["KD"], F["KX"]), ("nik", F["NY"], F["NX"]),
                  ("q", "Zulaikhawati", "Qwertyuiop"), ("q", "Dewi Zulaikhawati", "Dewi Qwertyuiop")]),
    "GET /api/v1/people/without-nik": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/people/without-nik", {"region": F["VH"]}), P(V1 + "/people/without-nik")]),
    "GET /api/v1/verification/queue": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/verification/queue", {"region": F["VH"]})],
        searches=[("nik", F["NC"], F["NX"]), ("q", "Zulaikhawati", "Qwertyuiop")]),
    "GET /api/v1/psks": dict(kind="personal-list", walk=lambda r: [P(V1 + "/psks")]),
    "GET /api/v1/map/points": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/map/points", {"bbox": "116,-1.5,118.5,1.5", "layer": l, "zoom": 18})
        for l in ("people", "households")]),
    "GET /api/v1/map/unlocated": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/map/unlocated"), P(V1 + "/map/unlocated", {"region": F["VH"], "limit": 1000})]),
    "GET /api/v1/programs/{code}/findings": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/programs/HKX/findings", {"period": "2026-Q1"})]),
    "GET /api/v1/dedup/candidates": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/dedup/candidates", {"status": s}) for s in ("open", "merged", "not_same")]),
    "GET /api/v1/transfers": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/transfers"), P(V1 + "/transfers", {"status": "berbeda"})]),
    "GET /api/v1/households/{id}": dict(kind="personal-by-id", path=V1 + "/households/{}",
                                         own=(HA,), hidden=(HD,)),
    "GET /api/v1/households/{id}/members": dict(kind="personal-by-id", path=V1 + "/households/{}/members",
                                                 own=(HA,), hidden=(HD,)),
    "GET /api/v1/households/{id}/history": dict(kind="personal-by-id", path=V1 + "/households/{}/history",
                                                 own=(HA,), hidden=(HD,)),
    "GET /api/v1/people/{id}": dict(kind="personal-by-id", path=V1 + "/people/{}", own=(IA,), hidden=(ID,)),
    "GET /api/v1/people/{id}/history": dict(kind="personal-by-id", path=V1 + "/people/{}/history",
                                             own=(IA,), hidden=(ID,)),
    "GET /api/v1/people/{id}/categories": dict(kind="personal-by-id", path=V1 + "/people/{}/categories",
                                                own=(RIZKI,), hidden=(IC,)),
    "GET /api/v1/batches/{id}": dict(kind="personal-by-id", path=V1 + "/batches/{}",
                                      own=(F["B1"],), hidden=(F["B2"],)),
    "GET /api/v1/transfers/{id}": dict(kind="personal-by-id", path=V1 + "/transfers/{}",
                                        own=lambda: (F["TB"],), hidden=lambda: (F["T65"],)),
    "PATCH /api/v1/households/{id}": dict(kind="write-by-id", path=V1 + "/households/{}",
                                           own=(HA,), hidden=(HD,),
                                           body={"address": "Jl. Uji", "version": 999}),
    "PATCH /api/v1/people/{id}": dict(kind="write-by-id", path=V1 + "/people/{}", own=(IA,), hidden=(ID,),
                                       body={"name": "Nama Uji", "version": 999}),
    "POST /api/v1/people/{id}/categories": dict(kind="write-by-id", path=V1 + "/people/{}/categories",
                                                 own=(IA,), hidden=(ID,), body={"category": "tidak-ada"},
                                                 hidden_body={"category": 9}),
    "POST /api/v1/people/{id}/categories/{mid}/end": dict(
        kind="write-by-id", path=V1 + "/people/{}/categories/{}/end", own=(RIZKI, ABSENT),
        hidden=(IC, F["MC"]), body={"berlaku_sampai": "tanggal"}, hidden_body={}),
    "POST /api/v1/people/{id}/verify": dict(kind="write-by-id", path=V1 + "/people/{}/verify",
                                             own=(IA,), hidden=(IC,), body={}),
    "POST /api/v1/people/{id}/reject": dict(kind="write-by-id", path=V1 + "/people/{}/reject",
                                             own=(IA,), hidden=(IC,), body={},
                                             hidden_body={"reason": "uji orang dalam"}),
    "POST /api/v1/transfers/{id}/resolve": dict(kind="write-by-id", path=V1 + "/transfers/{}/resolve",
                                                 own=(ABSENT,), hidden=lambda: (F["T65"],),
                                                 body={"decision": "berbeda", "reason": "uji"}),
    "GET /api/v1/dedup/candidates/{id}": dict(kind="personal-by-id", path=V1 + "/dedup/candidates/{}",
                                               own=(F["DA"],), hidden=(F["DD"],)),
    # Side-effect free for the own pair (decided "not the same" in the fixture): a survivor
    # outside the pair, a reason that is not text, an undo of a pair that is not merged.
    "POST /api/v1/dedup/candidates/{id}/merge": dict(
        kind="write-by-id", path=V1 + "/dedup/candidates/{}/merge", own=(F["DA"],), hidden=(F["DD"],),
        body={"survivor": ABSENT}, hidden_body={"survivor": ABSENT}),
    "POST /api/v1/dedup/candidates/{id}/distinct": dict(
        kind="write-by-id", path=V1 + "/dedup/candidates/{}/distinct", own=(F["DA"],), hidden=(F["DD"],),
        body={"reason": 5}, hidden_body={"reason": "uji orang dalam"}),
    "POST /api/v1/dedup/candidates/{id}/undo": dict(
        kind="write-by-id", path=V1 + "/dedup/candidates/{}/undo", own=(F["DA"],), hidden=(F["DD"],),
        body={}),
    # Disability cards: the own person's walk is refused before any card is made (a reason
    # that is not text; a missing reason); a hidden person answers like an absent one.
    "GET /api/v1/people/{id}/cards": dict(kind="personal-by-id", path=V1 + "/people/{}/cards",
                                           own=(IA,), hidden=(ID,)),
    "POST /api/v1/people/{id}/card": dict(kind="write-by-id", path=V1 + "/people/{}/card",
                                           own=(IA,), hidden=(ID,), body={"reason": 5}),
    "POST /api/v1/people/{id}/card/reissue": dict(
        kind="write-by-id", path=V1 + "/people/{}/card/reissue", own=(IA,), hidden=(ID,), body={},
        hidden_body={"reason": "uji orang dalam"}),
    "POST /api/v1/people/{id}/card/revoke": dict(
        kind="write-by-id", path=V1 + "/people/{}/card/revoke", own=(IA,), hidden=(ID,), body={},
        hidden_body={"reason": "uji orang dalam"}),
    # Disaster events: the own event is confirmed already (409, nothing written); its area
    # covers Samarinda too, so /affected must list only the people inside the caller's scope.
    "GET /api/v1/disasters": dict(kind="personal-list", walk=lambda r: [P(V1 + "/disasters")]),
    "POST /api/v1/disasters": dict(kind="create"),
    "GET /api/v1/disasters/{id}": dict(kind="personal-by-id", path=V1 + "/disasters/{}",
                                        own=lambda: (F["EVH"],), hidden=lambda: (F["EVS"],)),
    "GET /api/v1/disasters/{id}/affected": dict(
        kind="personal-by-id", path=V1 + "/disasters/{}/affected?all=1",
        own=lambda: (F["EVH"],), hidden=lambda: (F["EVS"],)),
    "POST /api/v1/disasters/{id}/confirm": dict(
        kind="write-by-id", path=V1 + "/disasters/{}/confirm", own=lambda: (F["EVH"],),
        hidden=lambda: (F["EVS"],), body={}),
    "PATCH /api/v1/psks/{id}": dict(kind="write-by-id", path=V1 + "/psks/{}",
                                     own=lambda: (F["UH"],), hidden=lambda: (F["US"],),
                                     body={"phone": "0811", "version": 999}),
    # The work of PSKS units (issue 20): writes probed with a stale version, a body that is
    # not an image, an absent unit, so that the walk changes nothing.
    "GET /api/v1/assignments": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/assignments"), P(V1 + "/assignments", {"overdue": "1"})]),
    "POST /api/v1/assignments": dict(kind="create"),
    "GET /api/v1/assignments/suggest": dict(kind="personal-by-id",
                                            path=V1 + "/assignments/suggest?person_id={}",
                                            own=(IA,), hidden=(ID,)),
    "GET /api/v1/assignments/{id}": dict(kind="personal-by-id", path=V1 + "/assignments/{}",
                                         own=lambda: (F["AGH"],), hidden=lambda: (F["AGS"],)),
    "PATCH /api/v1/assignments/{id}": dict(kind="write-by-id", path=V1 + "/assignments/{}",
                                           own=lambda: (F["AGH"],), hidden=lambda: (F["AGS"],),
                                           body={"status": "batal", "version": 999}),
    "GET /api/v1/visits": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/visits"), P(V1 + "/visits", {"from": "2025-11-01", "to": "2025-11-30"})]),
    "POST /api/v1/visits": dict(kind="create"),
    "GET /api/v1/visits/{id}": dict(kind="personal-by-id", path=V1 + "/visits/{}",
                                    own=lambda: (F["VIH"],), hidden=lambda: (F["VIS"],)),
    "POST /api/v1/visits/{id}/photo": dict(kind="write-by-id", path=V1 + "/visits/{}/photo",
                                           own=lambda: (F["VIH"],), hidden=lambda: (F["VIS"],),
                                           body={"bukan": "foto"}),
    "GET /api/v1/visits/{id}/photo": dict(kind="personal-by-id", path=V1 + "/visits/{}/photo",
                                          own=lambda: (F["VIH"],), hidden=lambda: (F["VIS"],)),
    "GET /api/v1/psks/{id}/activity": dict(kind="personal-by-id",
                                           path=V1 + "/psks/{}/activity?month=2025-11",
                                           own=lambda: (F["UH"],), hidden=lambda: (F["US"],)),
    "GET /api/v1/reports/psks-activity": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/reports/psks-activity", {"month": "2025-11"}),
        P(V1 + "/reports/psks-activity", {"month": "2025-11", "format": "xlsx"})]),
    "GET /api/v1/disasters/{id}/psks": dict(kind="personal-by-id", path=V1 + "/disasters/{}/psks?km=50",
                                            own=lambda: (F["EVH"],), hidden=lambda: (F["EVS"],)),
    "POST /api/v1/disasters/{id}/deployments": dict(
        kind="write-by-id", path=V1 + "/disasters/{}/deployments", own=lambda: (F["EVH"],),
        hidden=lambda: (F["EVS"],), body={"psks_id": ABSENT}),
    "POST /api/v1/verification/bulk": dict(kind="write-bulk"),
    "POST /api/v1/households": dict(kind="create"),
    "POST /api/v1/people": dict(kind="create"),
    "POST /api/v1/psks": dict(kind="create"),
    # The PSKS registry and meetings (issue 20): writes on the own unit/meeting are refused by
    # their body (a wrong type, a stale version), so the walk changes nothing; the hidden ones
    # get a valid body and must answer like absent ids.
    "GET /api/v1/psks/export": dict(kind="export", walk=lambda r: [
        P(V1 + "/psks/export", {"format": "csv"}), P(V1 + "/psks/export", {"format": "xlsx"})]),
    "GET /api/v1/psks/{id}": dict(kind="personal-by-id", path=V1 + "/psks/{}",
                                   own=lambda: (F["UH"],), hidden=lambda: (F["US"],)),
    "GET /api/v1/psks/{id}/trainings": dict(kind="personal-by-id", path=V1 + "/psks/{}/trainings",
                                             own=lambda: (F["UH"],), hidden=lambda: (F["US"],)),
    "GET /api/v1/psks/{id}/periods": dict(kind="personal-by-id", path=V1 + "/psks/{}/periods",
                                           own=lambda: (F["UH"],), hidden=lambda: (F["US"],)),
    "GET /api/v1/psks/{id}/payments": dict(kind="personal-by-id", path=V1 + "/psks/{}/payments",
                                            own=lambda: (F["UH"],), hidden=lambda: (F["US"],)),
    "POST /api/v1/psks/{id}/trainings": dict(
        kind="write-by-id", path=V1 + "/psks/{}/trainings", own=lambda: (F["UH"],),
        hidden=lambda: (F["US"],), body={"title": 5},
        hidden_body={"title": "Uji", "started_on": "2026-01-01"}),
    "POST /api/v1/psks/{id}/periods": dict(
        kind="write-by-id", path=V1 + "/psks/{}/periods", own=lambda: (F["UH"],),
        hidden=lambda: (F["US"],), body={"started_on": 5}, hidden_body={"started_on": "2026-01-01"}),
    "POST /api/v1/psks/{id}/payments": dict(
        kind="write-by-id", path=V1 + "/psks/{}/payments", own=lambda: (F["UH"],),
        hidden=lambda: (F["US"],), body={"amount": "x"},
        hidden_body={"started_on": "2026-01-01", "ended_on": "2026-01-31", "amount": 1, "source": "APBD"}),
    "PATCH /api/v1/psks/{id}/records/{rid}": dict(
        kind="write-by-id", path=V1 + "/psks/{}/records/{}", own=lambda: (F["UH"], ABSENT),
        hidden=lambda: (F["US"], F["RUS"]), body={"version": 999},
        hidden_body={"note": "uji", "version": 1}),
    "GET /api/v1/psks-meetings": dict(kind="personal-list", walk=lambda r: [P(V1 + "/psks-meetings")]),
    "POST /api/v1/psks-meetings": dict(kind="create"),
    "GET /api/v1/psks-meetings/followups": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/psks-meetings/followups"), P(V1 + "/psks-meetings/followups", {"overdue": "1"})]),
    "GET /api/v1/psks-meetings/{id}": dict(kind="personal-by-id", path=V1 + "/psks-meetings/{}",
                                            own=lambda: (F["MTH"],), hidden=lambda: (F["MTS"],)),
    "PATCH /api/v1/psks-meetings/{id}": dict(
        kind="write-by-id", path=V1 + "/psks-meetings/{}", own=lambda: (F["MTH"],),
        hidden=lambda: (F["MTS"],), body={"version": 999}, hidden_body={"theme": "uji", "version": 1}),
    "POST /api/v1/psks-meetings/{id}/participants": dict(
        kind="write-by-id", path=V1 + "/psks-meetings/{}/participants", own=lambda: (F["MTH"],),
        hidden=lambda: (F["MTS"],), body={"unit_id": "x"}, hidden_body={"name": "uji"}),
    "POST /api/v1/psks-meetings/{id}/items": dict(
        kind="write-by-id", path=V1 + "/psks-meetings/{}/items", own=lambda: (F["MTH"],),
        hidden=lambda: (F["MTS"],), body={"kind": "x", "text": "t"},
        hidden_body={"kind": "masalah", "text": "uji"}),
    "PATCH /api/v1/psks-meetings/{id}/items/{iid}": dict(
        kind="write-by-id", path=V1 + "/psks-meetings/{}/items/{}", own=lambda: (F["MTH"], F["ITH"]),
        hidden=lambda: (F["MTS"], F["ITS"]), body={"version": 999},
        hidden_body={"note": "uji", "version": 1}),
    "POST /api/v1/imports": dict(kind="import"),
    "GET /api/v1/imports": dict(kind="self", walk=lambda r: [P(V1 + "/imports")]),
    "GET /api/v1/imports/{id}/rejects": dict(kind="file-by-id"),
    "GET /api/v1/imports/template": dict(kind="reference", walk=lambda r: [P(V1 + "/imports/template")]),
    "GET /api/v1/exports": dict(kind="export", walk=lambda r: [
        P(V1 + "/exports", {"format": "csv", "region": F["VH"]}),
        P(V1 + "/exports", {"format": "xlsx", "region": F["VH"]})]),
    # The pages Program and Penyaluran (issue 21): writes probed with a body the route refuses
    # (no period, no reason, an absent batch) so that the walk changes nothing.
    "GET /api/v1/programs/{code}/refused": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/programs/HKX/refused", {"period": p}) for p in ("2026-Q1", "2026-Q2")]),
    "GET /api/v1/batches": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/batches"), P(V1 + "/batches", {"program": "HKX", "period": "2026-Q2"})]),
    "POST /api/v1/programs/{code}/enrol": dict(kind="program-write", walk=lambda r: [
        P(V1 + "/programs/HKX/enrol", body={"period": "2026-Q1"})]),
    "POST /api/v1/programs/{code}/check": dict(kind="program-write", walk=lambda r: [
        P(V1 + "/programs/HKX/check", body={"period": ""})]),
    "POST /api/v1/programs/{code}/batches": dict(kind="program-write", walk=lambda r: [
        P(V1 + "/programs/HKX/batches", body={"period": ""})]),
    "POST /api/v1/batches/{id}/approve": dict(kind="write-by-id", path=V1 + "/batches/{}/approve",
                                               own=(ABSENT,), hidden=(F["B2"],), body={}),
    "POST /api/v1/batches/{id}/transfer-file": dict(kind="write-by-id", path=V1 + "/batches/{}/transfer-file",
                                                     own=(ABSENT,), hidden=(F["B2"],), body={}),
    "POST /api/v1/batches/{id}/reconcile": dict(kind="write-by-id", path=V1 + "/batches/{}/reconcile",
                                                 own=(ABSENT,), hidden=(F["B2"],), body={}),
    # Sign-off (Laporan) and indicator upload (Indikator).
    "GET /api/v1/approvals": dict(kind="aggregate", walk=lambda r: [
        P(V1 + "/approvals"), P(V1 + "/approvals", {"region": "64", "period": "2025"})]),
    "POST /api/v1/approvals": dict(kind="approval-write", walk=lambda r: [
        P(V1 + "/approvals", body={"region": "64.74", "period": "20X"})]),
    "POST /api/v1/approvals/reopen": dict(kind="admin", walk=lambda r: [
        P(V1 + "/approvals/reopen", body={"region": "64.74", "period": "2025"})]),
    "POST /api/v1/indicators/import": dict(kind="import"),
    "GET /api/v1/audit": dict(kind="admin", walk=lambda r: [P(V1 + "/audit", {"limit": 200})]),
    # Welfare ranking (issue 19): the walk never scores (no model in the fixture: 404) nor
    # imports; the public check page answers a hidden NIK like an unknown one.
    "GET /cek-bansos": dict(kind="public", walk=lambda r: [P("/cek-bansos")]),
    "POST /cek-bansos": dict(kind="public", walk=lambda r: [
        P("/cek-bansos", body={"nik": F["ND"], "name": "Uji Orang Dalam"})]),
    "GET /api/v1/households/{id}/socio": dict(kind="personal-by-id", path=V1 + "/households/{}/socio",
                                               own=(HA,), hidden=(HD,)),
    "PATCH /api/v1/households/{id}/socio": dict(kind="write-by-id", path=V1 + "/households/{}/socio",
                                                 own=(HA,), hidden=(HD,),
                                                 body={"version": 999, "lantai": "tanah"}),
    "GET /api/v1/pmt/models": dict(kind="reference", walk=lambda r: [P(V1 + "/pmt/models")]),
    "POST /api/v1/pmt/models": dict(kind="import"),
    "POST /api/v1/pmt/score": dict(kind="program-write", walk=lambda r: [
        P(V1 + "/pmt/score", body={"region": "64"})]),
    "GET /api/v1/pmt/runs": dict(kind="reference", walk=lambda r: [P(V1 + "/pmt/runs")]),
    # The DTSEN update cycle (issue 19): writes on the own records are refused by their body (a
    # stale version, no document, an empty reason, an absent unit), so the walk changes nothing.
    "GET /api/v1/dtsen/meetings": dict(kind="personal-list", walk=lambda r: [P(V1 + "/dtsen/meetings")]),
    "POST /api/v1/dtsen/meetings": dict(kind="create"),
    "GET /api/v1/dtsen/proposals": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/dtsen/proposals"), P(V1 + "/dtsen/proposals", {"status": "masuk"})]),
    "POST /api/v1/dtsen/proposals": dict(kind="create"),
    "GET /api/v1/dtsen/checks": dict(kind="personal-list", walk=lambda r: [P(V1 + "/dtsen/checks")]),
    "GET /api/v1/dtsen/cycles": dict(kind="personal-list", walk=lambda r: [P(V1 + "/dtsen/cycles")]),
    "GET /api/v1/dtsen/objections": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/dtsen/objections"), P(V1 + "/dtsen/objections", {"overdue": "1"})]),
    "POST /api/v1/dtsen/objections": dict(kind="create"),
    "GET /api/v1/reports/cycles": dict(kind="aggregate", walk=lambda r: [
        P(V1 + "/reports/cycles"), P(V1 + "/reports/cycles", {"region": "64.74"})]),
    "GET /api/v1/dtsen/meetings/{id}": dict(kind="personal-by-id", path=V1 + "/dtsen/meetings/{}",
        own=lambda: (F["DMH"],), hidden=lambda: (F["DMS"],)),
    "POST /api/v1/dtsen/meetings/{id}/minutes": dict(kind="write-by-id", path=V1 + "/dtsen/meetings/{}/minutes",
        own=lambda: (F["DMH"],), hidden=lambda: (F["DMS"],), body={"bukan": "pdf"}),
    "GET /api/v1/dtsen/proposals/{id}": dict(kind="personal-by-id", path=V1 + "/dtsen/proposals/{}",
        own=lambda: (F["DPH"],), hidden=lambda: (F["DPS"],)),
    "PATCH /api/v1/dtsen/proposals/{id}": dict(kind="write-by-id", path=V1 + "/dtsen/proposals/{}",
        own=lambda: (F["DPH"],), hidden=lambda: (F["DPS"],), body={"version": 999}),
    "POST /api/v1/dtsen/proposals/{id}/evidence": dict(kind="write-by-id", path=V1 + "/dtsen/proposals/{}/evidence",
        own=lambda: (F["DPH"],), hidden=lambda: (F["DPS"],), body={"bukan": "pdf"}),
    "POST /api/v1/dtsen/proposals/{id}/reject": dict(kind="write-by-id", path=V1 + "/dtsen/proposals/{}/reject",
        own=lambda: (F["DPH"],), hidden=lambda: (F["DPS"],), body={"reason": ""}),
    "POST /api/v1/dtsen/proposals/{id}/check": dict(kind="write-by-id", path=V1 + "/dtsen/proposals/{}/check",
        own=lambda: (F["DPH"],), hidden=lambda: (F["DPS"],), body={"psks_id": ABSENT}),
    "GET /api/v1/dtsen/checks/{id}": dict(kind="personal-by-id", path=V1 + "/dtsen/checks/{}",
        own=lambda: (F["DKH"],), hidden=lambda: (F["DKS"],)),
    "POST /api/v1/dtsen/checks/{id}/result": dict(kind="write-by-id", path=V1 + "/dtsen/checks/{}/result",
        own=lambda: (F["DKH"],), hidden=lambda: (F["DKS"],), body={"recommendation": "x"}),
    "GET /api/v1/dtsen/cycles/{id}": dict(kind="personal-by-id", path=V1 + "/dtsen/cycles/{}",
        own=lambda: (F["DCH"],), hidden=lambda: (F["DCS"],)),
    "POST /api/v1/dtsen/cycles/{id}/ratify": dict(kind="write-by-id", path=V1 + "/dtsen/cycles/{}/ratify",
        own=lambda: (F["DCH"],), hidden=lambda: (F["DCS"],), body={"version": 999}),
    "POST /api/v1/dtsen/cycles/{id}/sk": dict(kind="write-by-id", path=V1 + "/dtsen/cycles/{}/sk",
        own=lambda: (F["DCH"],), hidden=lambda: (F["DCS"],), body={"bukan": "pdf"}),
    # A cut-off day out of range (422), or a region outside the scope (404): nothing changes.
    "GET /api/v1/dtsen/settings": dict(kind="reference", walk=lambda r: [
        P(V1 + "/dtsen/settings"), P(V1 + "/dtsen/settings", {"region": "64.74", "month": "2026-11"})]),
    "PUT /api/v1/dtsen/settings": dict(kind="create", walk=lambda r: [
        P(V1 + "/dtsen/settings", body={"region": "64.74", "cutoff_day": 40})]),
    "GET /api/v1/dtsen/files/{id}": dict(kind="personal-by-id", path=V1 + "/dtsen/files/{}",
        own=lambda: (F["DFH"],), hidden=lambda: (F["DFS"],)),
    "GET /api/v1/dtsen/objections/{id}": dict(kind="personal-by-id", path=V1 + "/dtsen/objections/{}",
        own=lambda: (F["DOH"],), hidden=lambda: (F["DOS"],)),
    "POST /api/v1/dtsen/objections/{id}/check": dict(kind="write-by-id", path=V1 + "/dtsen/objections/{}/check",
        own=lambda: (F["DOH"],), hidden=lambda: (F["DOS"],), body={"psks_id": ABSENT}),
    "POST /api/v1/dtsen/objections/{id}/decide": dict(kind="write-by-id", path=V1 + "/dtsen/objections/{}/decide",
        own=lambda: (F["DOH"],), hidden=lambda: (F["DOS"],), body={"decision": "x"}),
    "POST /api/v1/dtsen/objections/{id}/answer": dict(kind="write-by-id", path=V1 + "/dtsen/objections/{}/answer",
        own=lambda: (F["DOH"],), hidden=lambda: (F["DOS"],), body={"answer_number": ""}),
    "GET /api/v1/dtsen/objections/{id}/letter": dict(kind="personal-by-id", path=V1 + "/dtsen/objections/{}/letter",
        own=lambda: (F["DOH"],), hidden=lambda: (F["DOS"],)),
    "GET /api/v1/reports/deciles": dict(kind="aggregate", walk=lambda r: [
        P(V1 + "/reports/deciles", {"region": "64.74", "level": lv}) for lv in (3, 4)]),
    # Offline instances (issue 18): the feed and the regions as each role sees them; writes
    # probed through the generic checks only (a registration or a push needs a key pair).
    "GET /api/v1/sync/instances": dict(kind="personal-list", walk=lambda r: [P(V1 + "/sync/instances")]),
    "POST /api/v1/sync/instances": dict(kind="create"),
    "POST /api/v1/sync/instances/{id}/revoke": dict(kind="write-by-id", path=V1 + "/sync/instances/{}/revoke",
                                                     own=(ABSENT,), hidden=(ABSENT - 7,), body={}),
    "GET /api/v1/sync/regions": dict(kind="reference", walk=lambda r: [P(V1 + "/sync/regions")]),
    "GET /api/v1/sync/changes": dict(kind="personal-list", walk=lambda r: [
        P(V1 + "/sync/changes", {"since": "0", "limit": 2000})]),
    "POST /api/v1/sync/push": dict(kind="create"),
    "GET /api/v1/sync/local": dict(kind="personal-list", walk=lambda r: [P(V1 + "/sync/local")]),
    "POST /api/v1/sync/local/resolve": dict(kind="create"),
    "GET /api/v1/users": dict(kind="admin", walk=lambda r: [P(V1 + "/users")]),
    "POST /api/v1/users": dict(kind="admin", walk=lambda r: [P(V1 + "/users", body={})]),
    "PATCH /api/v1/users/{id}": dict(kind="admin", walk=lambda r: [
        P(V1 + "/users/%d" % F["KORBAN"], body={"password": "x"})]),
    "GET /api/v1/settings/letterhead": dict(kind="admin", walk=lambda r: [
        P(V1 + "/settings/letterhead")]),
    "PUT /api/v1/settings/letterhead/{region}": dict(kind="admin", walk=lambda r: [
        P(V1 + "/settings/letterhead/64.74", body={"office_name": ""})]),
    "DELETE /api/v1/settings/letterhead/{region}": dict(kind="admin", walk=lambda r: [
        P(V1 + "/settings/letterhead/64.74")]),
    "GET /api/v1/settings/letterhead/{region}/logo": dict(kind="admin", walk=lambda r: [
        P(V1 + "/settings/letterhead/64.74/logo")]),
}

PERM_NAME = {"public": None, "any": "aggregate", "read": "read", "write": "write",
             "verify": "verify", "export": "export", "admin": "admin", "plan": "plan"}


def person_body(nik, kk, village, nama="Uji Orang Dalam", born="1966-07-07", sex="P"):
    return {"nik": nik, "kk": kk, "name": nama, "birth_date": born, "sex": sex,
            "village_code": village, "relationship": "kepala keluarga", "categories": "24"}


def waiting(what, role, a):
    """A registration that collided with a hidden record: 202 menunggu and nothing else."""
    d = a.json() or {}
    check(a.status == 202 and d.get("status") == "menunggu",
          "%s as %s: an out-of-scope NIK/KK must wait as a transfer request (202 menunggu): %s" %
          (what, role, a.short()))
    check(set(d) <= {"status", "transfer_id", "note"},
          "%s as %s: the waiting answer says more than status, transfer_id, note: %s" %
          (what, role, sorted(d)))
    leaks = [w for w in ("64.72", "Samarinda", "Zulaikhawati", "terdaftar", "Tarakan", "65.01")
             if w in a.text]
    check(not leaks, "%s as %s: the waiting answer names the stored record (%s)" % (what, role, leaks))
    return d.get("transfer_id")


def main():
    global HIDDEN_PEOPLE, HIDDEN_HOUSEHOLDS
    for role, scope in INSIDERS.items():
        HIDDEN_PEOPLE[role] = {int(i) for i, v in F["people"].items() if not in_scope(v, scope)}
        HIDDEN_HOUSEHOLDS[role] = {int(i) for i, v in F["households"].items() if not in_scope(v, scope)}

    # The table of the server against ours.
    a = http("GET", V1 + "/routes", "admin")
    table = {"%s %s" % (x["method"], x["path"]): x["permission"] for x in a.json()["items"]}
    for k in sorted(set(table) - set(ROUTES)):
        bad("route %s (permission %s) is not classified in insider_probe.py ROUTES" % (k, table[k]))
    for k in sorted(set(ROUTES) - set(table)):
        bad("ROUTES names %s, which the server no longer has" % k)
    check(len(table) > 40, "route table has %d routes" % len(table))

    perms = {}
    for role in ROLES:
        perms[role] = set(http("GET", V1 + "/me", role).json()["permissions"])
    check("full_nik" not in perms["prov"] and "full_nik" not in perms["lihat"],
          "province and viewer lack full_nik")

    # Records that only the probes make: a transfer request no Bontang user may see
    # (Samarinda registering Yohana's NIK, held in province 65), an import with rejects.
    a = http("POST", V1 + "/people", "samarinda", body=person_body(F["NY"], "6472010101219990", F["VS"], born="1970-05-05"))
    check(a.status == 202, "Samarinda registering a province-65 NIK waits: %s" % a.short())
    F["T65"] = (a.json() or {}).get("transfer_id", ABSENT - 1)
    rows = ("nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kode_desa\n"
            "%s,%s,Uji=Tolak,1966-07-07,P,%s\n" % (F["NX"], F["KX"], F["VS"])).encode()
    a = http("POST", V1 + "/imports", "samarinda", form=("s.csv", rows))
    link = (a.json() or {}).get("rejects") or ""
    m = re.match(r"^/api/v1/imports/([^/]+)/rejects$", link)
    check(m is not None, "Samarinda import has a rejects link: %s" % a.short())
    F["RS"] = m.group(1) if m else "x"

    sent = {r: set() for r in ROLES}  # numbers each role itself submitted (echoed back legitimately)

    # ------------------------------------------------------------ creates and imports (insiders)
    for role in INSIDERS:
        v = F["VH"]
        kk_new = "647401010121%04d" % (7000 + len(sent[role]))
        for nik, kk, what in ((F["ND"], kk_new, "POST /people with an out-of-scope NIK"),
                              ("6474014101990%03d" % (100 + list(INSIDERS).index(role)), F["KD"],
                               "POST /people with an out-of-scope KK")):
            sent[role] |= {nik, kk}
            a = http("POST", V1 + "/people", role, body=person_body(nik, kk, v, born="1999-01-01" if kk == F["KD"] else "1966-07-07"))
            tid = waiting(what, role, a)
            check_answer(what, role, a, sent[role])
            if role == "bontang" and tid:
                F["TB"] = tid
        sent[role] |= {F["KD"]}
        a = http("POST", V1 + "/households", role, body={"kk": F["KD"], "village_code": v, "address": "Jl. Uji"})
        waiting("POST /households with an out-of-scope KK", role, a)
        check_answer("POST /households", role, a, sent[role])
        # PSKS with an out-of-scope NIK answers like one with an unused NIK.
        answers = []
        for nik in (F["ND"], F["NX"]):
            sent[role].add(nik)
            a = http("POST", V1 + "/psks", role, body={"jenis": 11, "nama": "TKSK Uji", "kode_wilayah": v, "nik": nik})
            check_answer("POST /psks", role, a, sent[role])
            answers.append(a)
        check(answers[0].status == answers[1].status,
              "POST /psks as %s: out-of-scope NIK %s, unused NIK %s" % (role, answers[0].short(), answers[1].short()))
        # Import: dry run counts hidden like absent; the real run makes the rows wait.
        hdr = "nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,hubungan_keluarga,nama_ibu,alamat,rt,rw,kode_desa,pmks,disabilitas,latitude,longitude\n"
        def rows(nik, kk, n):
            return (hdr +
                    "%s,647401010121%04d,Dewi Pindah,Samarinda,1966-07-07,P,Kepala Keluarga,Saodah,Jl. Enam,006,001,%s,24@2025-01-01,,,\n" % (nik, 8000 + n, v) +
                    "647401150585%04d,%s,Rudi Baru,Bontang,1985-05-15,L,Kepala Keluarga,Ijah,Jl. Tujuh,007,001,%s,24@2025-01-01,,,\n" % (9000 + n, kk, v) +
                    "6474011505859999,6474010101219999,Uji=Tolak,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",1985-05-15,L,Kepala Keluarga,Ijah,@SUM(A1),007,001,%s,,,,\n" % v).encode()
        n0 = list(INSIDERS).index(role) * 10
        sent[role] |= {F["ND"], F["KY"], "6472014707669998", "6472010101219997"}
        summ = lambda a: {k: v for k, v in (a.json() or {}).items() if k not in ("rejects", "seconds", "id")}
        a1 = http("POST", V1 + "/imports", role, query={"dry_run": 1}, form=("h.csv", rows(F["ND"], F["KY"], n0)))
        a2 = http("POST", V1 + "/imports", role, query={"dry_run": 1}, form=("h.csv", rows("6472014707669998", "6472010101219997", n0 + 1)))
        check(a1.status == a2.status and summ(a1) == summ(a2),
              "POST /imports?dry_run=1 as %s: out of scope and absent differ: %s / %s" % (role, a1.short(), a2.short()))
        for a, link_of in ((a1, "dry"), (a2, "dry")):
            check_answer("POST /imports?dry_run=1", role, a, sent[role])
        a = http("POST", V1 + "/imports", role, form=("h.csv", rows(F["ND"], F["KY"], n0 + 2)))
        check_answer("POST /imports", role, a, sent[role])
        d = a.json() or {}
        check(d.get("pending") == 2 and d.get("inserted") == 0,
              "POST /imports as %s: both out-of-scope rows wait, none inserted: %s" % (role, a.short()))
        if d.get("rejects"):
            r = http("GET", d["rejects"], role)
            check_answer("GET /api/v1/imports/{id}/rejects", role, r, sent[role])
            leaks = [w for w in ("64.72", "Zulaikhawati", "Tarakan", "65.01", "terdaftar") if w in r.text]
            check(not leaks, "rejects file as %s names the stored records (%s)" % (role, leaks))
            check("'=HYPERLINK" in r.text, "rejects file as %s: formula value guarded with a leading '" % role)
            # Another user's rejects file answers like an absent one.
            own_id = re.match(r"^/api/v1/imports/([^/]+)/rejects$", d["rejects"]).group(1)
            h = http("GET", V1 + "/imports/%s/rejects" % F["RS"], role)
            x = http("GET", V1 + "/imports/%s/rejects" % ("0" * len(F["RS"])), role)
            same("GET /imports/{id}/rejects of another user as %s" % role, h, x, [(F["RS"], "0" * len(F["RS"]))])
        else:
            bad("POST /imports as %s: no rejects link for waiting and rejected rows" % role)
        # Changing one's own record: a KK held outside the scope answers like an unknown KK; a
        # NIK held outside the scope waits as a transfer request and changes nothing.
        own = http("GET", V1 + "/people/%d" % RIZKI, role).json() or {}
        ver = own.get("version", 1)
        sent[role] |= {F["KD"], F["KX"], F["NC"]}
        h = http("PATCH", V1 + "/people/%d" % RIZKI, role, body={"kk": F["KD"], "version": ver})
        x = http("PATCH", V1 + "/people/%d" % RIZKI, role, body={"kk": F["KX"], "version": ver})
        check_answer("PATCH /people/{id} no_kk", role, h, sent[role])
        same("PATCH /people/{id} to an out-of-scope KK as %s" % role, h, x, [(F["KD"], F["KX"])])
        a = http("PATCH", V1 + "/people/%d" % RIZKI, role, body={"nik": F["NC"], "version": ver})
        waiting("PATCH /people/{id} to an out-of-scope NIK", role, a)
        check_answer("PATCH /people/{id} nik", role, a, sent[role])
        after = http("GET", V1 + "/people/%d" % RIZKI, role).json() or {}
        check(after.get("nik") == own.get("nik") and after.get("version") == ver,
              "PATCH /people/{id} to an out-of-scope NIK as %s changed the record" % role)
        # Bulk verification naming a hidden id answers like an absent one.
        for action, extra in (("verify", {}), ("reject", {"reason": "uji orang dalam"})):
            h = http("POST", V1 + "/verification/bulk", role, body=dict(ids=[IC], action=action, **extra))
            x = http("POST", V1 + "/verification/bulk", role, body=dict(ids=[ABSENT], action=action, **extra))
            check_answer("POST /verification/bulk", role, h, sent[role])
            if "verify" in perms[role]:
                same("POST /verification/bulk %s as %s" % (action, role), h, x, [(IC, ABSENT)])
    F.setdefault("TB", ABSENT - 2)

    # ------------------------------------------------------------ every route, every role
    for key in sorted(table):
        spec = ROUTES.get(key)
        if spec is None:
            continue
        method, path = key.split(" ", 1)
        need = PERM_NAME.get(table[key], table[key])
        kind = spec["kind"]
        concrete = path
        if "path" in spec:
            concrete = spec["path"].format(*ids(spec, "own"))
        elif "walk" in spec:
            concrete = spec["walk"]("admin")[0][0]
        elif kind == "create" or kind == "write-bulk" or kind == "import":
            concrete = path
        elif kind == "file-by-id":
            concrete = path.replace("{id}", F["RS"])
        # No credentials.
        if kind != "public":
            a = http(method, concrete)
            check(a.status == 401 and error_only(a), "%s without credentials: want 401 and the error shape, got %s" % (key, a.short()))
        for role in ROLES:
            allowed = need is None or need in perms[role]
            if not allowed:
                a = http(method, concrete, role)
                check(a.status == 403 and error_only(a),
                      "%s as %s (no %s permission): want 403 and only the error, got %s" % (key, role, need, a.short()))
                continue
            reqs = []
            if "walk" in spec:
                reqs = spec["walk"](role)
            elif "path" in spec:
                reqs = [P(spec["path"].format(*ids(spec, "own")), None, spec.get("body"))]
            for p, qry, body in reqs:
                a = http(method, p, role, query=qry, body=body)
                what = "%s %s%s" % (method, p, "?" + urllib.parse.urlencode(qry) if qry else "")
                check(a.status < 500, "%s as %s: server error %s" % (what, role, a.short()))
                if spec.get("rotates"):
                    check(a.status == 200, "%s as %s: want 200, got %s" % (what, role, a.short()))
                    if a.status == 200:  # the new token's hex may hold 16 digits in a row
                        TOK[role] = a.json()["token"]
                        a = Answer(a.status, a.ctype, a.body.replace(TOK[role].encode(), b"plt_"))
                check_answer(what, role, a, sent[role])
                if role == "lihat" and kind == "aggregate":
                    check_small_cells(what, a)
            # The insider against hidden records and searches.
            if role in INSIDERS and "hidden" in spec:
                hidden = ids(spec, "hidden")
                absent = tuple(ABSENT for _ in hidden)
                body = spec.get("hidden_body", spec.get("body"))
                h = http(method, spec["path"].format(*hidden), role, body=body)
                x = http(method, spec["path"].format(*absent), role, body=body)
                check_answer(key, role, h, sent[role])
                same("%s as %s" % (key, role), h, x, list(zip(hidden, absent)))
            if role in INSIDERS and "searches" in spec:
                p = spec["walk"](role)[0][0]
                for field, hidden, absent in spec["searches"]:
                    h = http(method, p, role, query={field: hidden})
                    x = http(method, p, role, query={field: absent})
                    check_answer("%s?%s=%s" % (key, field, hidden), role, h, sent[role])
                    same("%s?%s= as %s" % (key, field, role), h, x, [(hidden, absent)])

    # Roles without full NIKs get no NIK/KK search: a stored number in scope answers like an unused one.
    for role in NO_FULL_NIK:
        for field, held, unused in (("nik", F["NA"], "6474010101709999"), ("kk", F["KA"], "6474010101219999")):
            h = http("GET", V1 + "/people", role, query={field: held})
            x = http("GET", V1 + "/people", role, query={field: unused})
            same("GET /people?%s= as %s (a stored number must not be confirmable)" % (field, role), h, x, [(held, unused)])

    aggregates(perms)
    formula_guard()


SMALL_EXEMPT = {"category", "level", "id", "version", "year", "rakor_year", "amount", "cap", "age_min",
                "age_max", "desil_max", "seconds", "change_pct", "people_pct", "households_pct",
                "cell_degrees", "zoom", "latitude", "longitude", "lat", "lon", "applies_to",
                "approved_by", "code", "categories", "regions", "excludes", "program_id",
                # PSKS coverage: units and villages are not people in need (never suppressed).
                "tksk", "psm", "tagana", "units", "villages", "villages_without_psks",
                "prone_villages", "prone_without_tagana", "disasters", "years"}


def check_small_cells(what, a):
    """The viewer's answer: no count 1..4; a difference next to a hidden cell is hidden too."""
    d = a.json()
    if d is None:
        return
    small = [(k, v) for k, v in walk(d) if isinstance(v, int) and not isinstance(v, bool)
             and 1 <= v <= 4 and k not in SMALL_EXEMPT and not (k or "").endswith("_pct")]
    check(not small, "%s as viewer: small counts shown %s" % (what, small[:5]))
    # A change or percentage beside a suppressed cell gives the cell back.
    def objs(x):
        if isinstance(x, dict):
            yield x
            for v in x.values():
                yield from objs(v)
        elif isinstance(x, list):
            for v in x:
                yield from objs(v)
    for o in objs(d):
        p = number(o.get("change"))
        if p is None:
            continue
        pairs = [(o.get(x), o.get(x + "_compare")) for x in ("people", "households") if x in o]
        explained = any(number(a) is not None and number(b) is not None and a - b == p for a, b in pairs)
        for a, b in pairs:
            if hidden_cell(a) and number(b) is not None:
                leak = 1 <= b + p <= 4 and not explained
            elif hidden_cell(b) and number(a) is not None:
                leak = 1 <= a - p <= 4 and not explained
            elif hidden_cell(a) and hidden_cell(b):
                leak = p != 0 and not explained
            else:
                leak = False
            check(not leak, "%s as viewer: the change %d beside a hidden cell gives it back (%s)" % (what, p, o))
    # Totals minus the shown regions must not give a hidden one back.
    if isinstance(d, dict) and isinstance(d.get("total"), dict) and isinstance(d.get("rows"), list):
        for key in ("people", "households", "people_compare", "households_compare"):
            for i, cat in enumerate(d["total"].get("categories", [])):
                tot = cat.get(key)
                if not isinstance(tot, int):
                    continue
                parts = [r["categories"][i].get(key) for r in d["rows"] if i < len(r.get("categories", []))]
                shown = sum(p for p in parts if isinstance(p, int))
                if any(not isinstance(p, int) for p in parts):
                    check(not 1 <= tot - shown <= 4,
                          "%s as viewer: category %s %s: total %d minus the shown regions gives the hidden %d back"
                          % (what, cat.get("category"), key, tot, tot - shown))


def hidden_cell(x):
    return x is None or (isinstance(x, str) and x.startswith("<"))


def number(x):
    return x if isinstance(x, int) and not isinstance(x, bool) else None


def aggregates(perms):
    """Cross-route rebuilds as the viewer, exact values for the operator."""
    def summary(role, region):
        d = http("GET", V1 + "/summary", role, query={"region": region}).json() or {}
        out = {k: d.get(k) for k in ("people", "households", "people_alive")}
        for c in d.get("pmks", []):
            out["pmks%d" % c["category"]] = c.get("count")
        return out
    districts = ("64.74.01", "64.74.02", "64.74.03")
    for role in ("lihat", "bontang"):
        reg = summary(role, "64.74")
        dis = [summary(role, x) for x in districts]
        if role == "bontang":
            check(dis[1].get("pmks15") == 1, "operator sees the exact 1 of category 15 in 64.74.02: %s" % dis[1].get("pmks15"))
            check([x.get("pmks5") for x in dis] == [1, 3, 1], "operator sees category 5 as 1/3/1: %s" % [x.get("pmks5") for x in dis])
            check(summary(role, F["VTWO"]).get("people") == 2, "operator sees Kanaan's 2 people")
            continue
        for k, tot in reg.items():
            if number(tot) is None:
                continue
            parts = [x.get(k) for x in dis]
            if any(number(p) is None for p in parts):
                diff = tot - sum(p for p in parts if number(p) is not None)
                check(not 1 <= diff <= 4, "summary as viewer: %s of 64.74 minus the shown districts gives the hidden %d back" % (k, diff))
    for role in ("lihat", "bontang"):
        for cat in (5, 15):
            def counts(level):
                d = http("GET", V1 + "/map/choropleth", role, query={"level": level, "category": cat, "region": "64.74"}).json() or {}
                return {f["properties"]["code"]: f["properties"].get("count") for f in d.get("features", [])}
            reg = counts("regency").get("64.74")
            dis = counts("district")
            parts = [dis.get(x) for x in districts]
            if role == "bontang":
                want = [1, 3, 1] if cat == 5 else [0, 1, 0]
                check(parts == want, "choropleth as operator: category %d by district %s, want %s" % (cat, parts, want))
                continue
            if number(reg) is not None and any(number(p) is None for p in parts):
                diff = reg - sum(p for p in parts if number(p) is not None)
                check(not 1 <= diff <= 4, "choropleth as viewer: category %d of 64.74 minus the shown districts gives the hidden %d back" % (cat, diff))


def formula_guard():
    """An administrator's export: the formula-looking values come out as text."""
    a = http("GET", V1 + "/exports", "admin", query={"format": "csv", "region": F["VH"]})
    for v in ("'=HYPERLINK", "'+1", "'@SUM(A1)", "'-2+3", "'-Rina Sari"):
        check(v in a.text, "export as admin: %s written as text" % v)
    check_csv("GET /api/v1/exports (admin)", "admin", a)
    a = http("GET", V1 + "/reports/rakor", "admin", query={"region": "64.74", "period": "2026", "format": "csv"})
    check_csv("GET /api/v1/reports/rakor csv (admin)", "admin", a)


main()
print("%d %d" % (passed, failed))
