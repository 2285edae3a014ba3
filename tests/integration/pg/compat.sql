-- compat.sql - test-only SQLite functions for the PostgreSQL mode of the integration suites
-- (tests/integration/lib.sh installs them in template1 of the test's throw-away cluster, so
-- every data base a test makes has them). They let a test's checking queries, written for the
-- sqlite3 shell, run unchanged through psql. They are never part of Pilar's schema: the
-- product's SQL for PostgreSQL lives in src/store/pg/.

-- group_concat(x [, sep]): string_agg with SQLite's default separator ','.
CREATE OR REPLACE FUNCTION pl_t_gc_step(acc text, v anyelement, sep text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v::text ELSE acc || sep || v::text END
$$;
CREATE OR REPLACE FUNCTION pl_t_gc_step1(acc text, v anyelement) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT pl_t_gc_step(acc, v, ',') $$;
CREATE OR REPLACE AGGREGATE group_concat(anyelement) (SFUNC = pl_t_gc_step1, STYPE = text);
CREATE OR REPLACE AGGREGATE group_concat(anyelement, text) (SFUNC = pl_t_gc_step, STYPE = text);

-- ifnull(a, b)
CREATE OR REPLACE FUNCTION ifnull(a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(a, b) $$;

-- json_extract(json text, '$.a.b' or '$.a[0]'): the value as text (NULL when absent), numbers
-- and booleans as their text as SQLite's shell prints them.
CREATE OR REPLACE FUNCTION json_extract(doc text, path text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE jsonb_typeof(v) WHEN 'string' THEN v #>> '{}' WHEN 'null' THEN NULL
         WHEN 'boolean' THEN (CASE WHEN v = 'true'::jsonb THEN '1' ELSE '0' END)
         ELSE v::text END
  FROM (SELECT doc::jsonb #> regexp_split_to_array(
          regexp_replace(regexp_replace(regexp_replace(path, '^\$\.?', ''), '\[(\d+)\]', '.\1', 'g'),
                         '^\.', ''), '\.') AS v) x
$$;

-- hex(bytea or text): upper-case hex like SQLite's.
CREATE OR REPLACE FUNCTION hex(b bytea) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT upper(encode(b, 'hex')) $$;
CREATE OR REPLACE FUNCTION hex(t text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT upper(encode(convert_to(t, 'UTF8'), 'hex')) $$;

-- datetime('now' [, modifier]): 'YYYY-MM-DD HH:MM:SS' in UTC; modifiers like '-7 days'.
CREATE OR REPLACE FUNCTION datetime(t text, m text DEFAULT NULL) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT to_char(((CASE WHEN t = 'now' THEN now() ELSE t::timestamptz END) AT TIME ZONE 'UTC')
                 + coalesce(m::interval, '0'::interval), 'YYYY-MM-DD HH24:MI:SS')
$$;

-- printf('%.Nf', x): x with N decimals, as SQLite's printf (only this form).
CREATE OR REPLACE FUNCTION printf(fmt text, v double precision) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN fmt ~ '^%\.\d+f$'
         THEN to_char(v, 'FM999999999999990.' || repeat('0', substring(fmt from '\d+')::int)) END
$$;

-- min(a, b) and max(a, b): SQLite's scalar forms (the one-argument aggregates are PostgreSQL's
-- own); NULL when either is NULL, as on SQLite.
CREATE OR REPLACE FUNCTION min(a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE least(a, b) END $$;
CREATE OR REPLACE FUNCTION max(a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE greatest(a, b) END $$;
