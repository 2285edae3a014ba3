#!/usr/bin/env python3
"""pg_schema_compare.py - every table and view of a fresh SQLite data base exists in the
PostgreSQL schema with the same columns, in the same order, of the matching type and
nullability (tests/integration/test_pg_schema.sh).

    pg_schema_compare.py SQLITE_COLUMNS PG_COLUMNS

SQLITE_COLUMNS: lines schema|table|type(table/view/virtual)|column|declared type|notnull|pk
PG_COLUMNS:     lines schema|table|kind(table/view)|column|data type|is_nullable
(both written by the test with the sqlite3 shell and psql). Prints each difference and exits 1
when there is one. What PostgreSQL does differently on purpose (docs/internals/postgresql.md):
- FTS5's person_fts is a trigram index on person.name_norm: no table;
- the R*Trees person_geo, household_geo and psks_geo are tables of PostGIS points under the
  same names: they must exist with a geography column, their columns differ;
- the shadow tables SQLite makes for FTS5 and R*Tree have no counterpart;
- PG_ONLY columns: the partition keys of membership and count_delta, the PostGIS shapes beside GeoJSON, the
  writing transaction's id in audit (the change feed's position).
"""
import sys

TYPES = {'INTEGER': 'bigint', 'TEXT': 'text', 'REAL': 'double precision', 'BLOB': 'bytea'}
PG_ONLY = {('public', 'membership'): {'prov'}, ('public', 'count_delta'): {'prov'},
           ('public', 'count_total'): {'prov'}, ('public', 'count_year'): {'prov'},
           ('public', 'count_departed'): {'prov'},
           ('public', 'boundary'): {'shape'},
           ('public', 'disaster_event'): {'shape'}, ('public', 'audit'): {'xid'}}
TRIGRAM = {'person_fts'}
SPATIAL = {'person_geo', 'household_geo', 'psks_geo'}
SHADOW_SUFFIXES = ('_data', '_idx', '_docsize', '_config', '_content', '_node', '_parent',
                   '_rowid')


def read(path):
    with open(path, encoding='utf-8') as f:
        return [line.rstrip('\n').split('|') for line in f if line.strip()]


def main():
    sq, pg = read(sys.argv[1]), read(sys.argv[2])
    tables = {}
    for schema, table, kind, col, decl, notnull, pk in sq:
        t = tables.setdefault((schema, table), {'kind': kind, 'cols': []})
        t['cols'].append((col, decl.upper(), notnull == '1' or int(pk) > 0))
    pgt = {}
    for schema, table, kind, col, dtype, nullable in pg:
        t = pgt.setdefault((schema, table), {'kind': kind, 'cols': []})
        t['cols'].append((col, dtype, nullable == 'NO'))
    problems = []
    virtual = {name for (_, name), t in tables.items() if t['kind'] == 'virtual'}
    for (schema, table), t in sorted(tables.items()):
        if any(table.startswith(v) and table[len(v):] in SHADOW_SUFFIXES for v in virtual):
            continue
        if table in TRIGRAM:
            continue
        p = pgt.get((schema, table))
        if p is None:
            problems.append(f'{schema}.{table}: missing in PostgreSQL')
            continue
        if table in SPATIAL:
            if not any(d == 'USER-DEFINED' or d.startswith('geography') for _, d, _ in p['cols']):
                problems.append(f'{schema}.{table}: no geography column')
            continue
        if p['kind'] != t['kind']:
            problems.append(f'{schema}.{table}: a {t["kind"]} in SQLite, a {p["kind"]} here')
        extra = PG_ONLY.get((schema, table), set())
        pcols = [c for c in p['cols'] if c[0] not in extra]
        want = [c[0] for c in t['cols']]
        got = [c[0] for c in pcols]
        if want != got:
            problems.append(f'{schema}.{table}: columns {got}, SQLite has {want}')
            continue
        for (name, decl, nn), (_, dtype, pnn) in zip(t['cols'], pcols):
            if t['kind'] == 'table' and TYPES.get(decl) != dtype:
                problems.append(f'{schema}.{table}.{name}: {dtype}, SQLite declares {decl}')
            if t['kind'] == 'table' and nn != pnn:
                problems.append(f'{schema}.{table}.{name}: NOT NULL {pnn} here, {nn} in SQLite')
    for p in problems:
        print(p)
    checked = len(tables)
    print(f'{checked} SQLite tables and views compared, {len(problems)} differences')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
