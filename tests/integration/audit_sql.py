#!/usr/bin/env python3
"""audit_sql.py DB SQL... - runs SQL on a Pilar data base (its read-audit file attached as
"reads") with pl_audit_hash(), the sealing function of the audit's hash chain, written here
from its specification (src/store/sqlite/chain.c) rather than taken from Pilar:

    seal = BLAKE2b-256("pilar audit chain 1\\0" || value(prev seal) || value(field)...)
    value: NULL 0x00 | integer 0x01 + 8 bytes LE | real 0x02 + 8 bytes LE IEEE 754
           | text 0x03 + length (8 bytes LE) + UTF-8 | blob 0x04 + length + bytes

Tests use it for what only code can do to the file: write sealed rows Pilar would not (old
read-audit rows for the retention purge), or forge a whole chain, which only an anchor
recorded elsewhere exposes. Prints the rows of each statement, '|'-separated."""
import hashlib
import sqlite3
import struct
import sys


def value(v):
    if v is None:
        return b"\x00"
    if isinstance(v, int):
        return b"\x01" + struct.pack("<q", v)
    if isinstance(v, float):
        return b"\x02" + struct.pack("<d", v)
    if isinstance(v, str):
        b = v.encode()
        return b"\x03" + struct.pack("<Q", len(b)) + b
    return b"\x04" + struct.pack("<Q", len(v)) + bytes(v)


def audit_hash(*args):
    h = hashlib.blake2b(digest_size=32)
    h.update(b"pilar audit chain 1\x00")
    for a in args:
        h.update(value(a))
    return h.digest()


def main():
    db = sys.argv[1]
    con = sqlite3.connect(db, isolation_level=None)
    con.create_function("pl_audit_hash", -1, audit_hash, deterministic=True)
    con.execute("ATTACH ? AS reads", (db + "-reads",))
    for sql in sys.argv[2:]:
        for row in con.execute(sql):
            print("|".join("" if c is None else str(c) for c in row))
    con.close()


if __name__ == "__main__":
    main()
