// bench/dedup_duckdb.mjs - the DuckDB baseline for bench/dedup: the same
// blocking keys (village+sex+birth year, village+sex+mother's name,
// regency+sex+birth date) and a Jaro-Winkler score of the same shape, in
// DuckDB SQL. Names are only lower-cased (no title, variant, nickname or
// initial handling: that is Pilar's domain code).
// Usage: node bench/dedup_duckdb.mjs PEOPLE.csv PAIRS_OUT.csv THRESHOLD
// Prints one line: duckdb_seconds=... duckdb_pairs=... duckdb_compared=...
import { DuckDBInstance } from '@duckdb/node-api';

const [csv, out, thr] = process.argv.slice(2);
const threshold = Number(thr || 0.8);
const lit = (s) => "'" + String(s).replaceAll("'", "''") + "'";
const t0 = process.hrtime.bigint();
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await inst.connect();
await con.run(`CREATE TABLE p AS SELECT row_number() OVER () AS row,
  coalesce(nik, '') AS nik, lower(trim(nama)) AS name, tanggal_lahir AS bd, jenis_kelamin AS sex,
  lower(trim(coalesce(nama_ibu, ''))) AS mother, kode_desa AS village, alamat AS address
  FROM read_csv(${lit(csv)}, header = true, all_varchar = true)`);
await con.run(`CREATE TABLE cand AS
  SELECT a.row AS ra, b.row AS rb FROM p a JOIN p b ON a.village = b.village AND a.sex = b.sex
    AND substr(a.bd, 1, 4) = substr(b.bd, 1, 4) AND a.row < b.row
  UNION SELECT a.row, b.row FROM p a JOIN p b ON a.village = b.village AND a.sex = b.sex
    AND a.mother = b.mother AND a.mother <> '' AND a.row < b.row
  UNION SELECT a.row, b.row FROM p a JOIN p b ON substr(a.village, 1, 5) = substr(b.village, 1, 5)
    AND a.sex = b.sex AND a.bd = b.bd AND a.row < b.row`);
await con.run(`CREATE TABLE scored AS SELECT ra, rb, s FROM (
  SELECT c.ra, c.rb, jaro_winkler_similarity(a.name, b.name) AS n,
    CASE WHEN a.mother = '' OR b.mother = '' THEN -1 ELSE jaro_winkler_similarity(a.mother, b.mother) END AS m,
    CASE WHEN a.bd = b.bd THEN 1.0 WHEN substr(a.bd, 1, 4) = substr(b.bd, 1, 4) THEN 0.2 ELSE 0 END AS d,
    CASE WHEN length(a.nik) <> 16 OR length(b.nik) <> 16 THEN 0.6 WHEN a.nik = b.nik THEN 1.0 ELSE 0 END AS k,
    (a.village = b.village)::INT * 0.02 + (a.address = b.address)::INT * 0.02 AS bonus
  FROM cand c JOIN p a ON a.row = c.ra JOIN p b ON b.row = c.rb) x,
  LATERAL (SELECT least(
      0.45 * n + 0.2 * d + 0.2 * (CASE WHEN m < 0 THEN 0.6 ELSE m END) + 0.15 * k + bonus,
      CASE WHEN n < 0.8 THEN 0.5 ELSE 1 END,
      CASE WHEN m >= 0 AND m < 0.8 THEN 0.7 ELSE 1 END) AS s)
  WHERE s >= ${threshold}`);
const compared = (await con.runAndReadAll('SELECT count(*)::BIGINT AS n FROM cand')).getRowObjects()[0].n;
const pairs = (await con.runAndReadAll('SELECT count(*)::BIGINT AS n FROM scored')).getRowObjects()[0].n;
await con.run(`COPY (SELECT ra AS row_a, rb AS row_b, round(s, 3) AS score, '' AS reasons FROM scored ORDER BY 1, 2)
  TO ${lit(out)} (HEADER, DELIMITER ',')`);
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`duckdb_seconds=${secs.toFixed(2)} duckdb_pairs=${pairs} duckdb_compared=${compared}`);
