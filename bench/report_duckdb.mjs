// bench/report_duckdb.mjs - the DuckDB baseline for bench/report: the province's PMKS counts
// per district and category on two dates, computed by DuckDB from one flat table held in
// memory (a row per membership and residence, with the death date; household categories a
// row per member, with the household's id), built from a CSV that bench/report exports. The
// load is not timed; the query is, best of RUNS, with 2 threads.
// Usage: D1=... D2=... RUNS=3 node bench/report_duckdb.mjs FLAT.csv
// Prints one line: the best query time in milliseconds.
import { DuckDBInstance } from '@duckdb/node-api';

const [csv] = process.argv.slice(2);
const d1 = process.env.D1, d2 = process.env.D2, runs = Number(process.env.RUNS || 3);
const lit = (s) => "'" + String(s).replaceAll("'", "''") + "'";
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await inst.connect();
await con.run(`CREATE TABLE flat AS SELECT * FROM read_csv(${lit(csv)}, header = true,
  columns = {'village': 'VARCHAR', 'category': 'INTEGER', 'm_from': 'VARCHAR', 'm_to': 'VARCHAR',
  'r_from': 'VARCHAR', 'r_to': 'VARCHAR', 'death': 'VARCHAR', 'hid': 'BIGINT'})`);
const on = (d) => `m_from <= '${d}' AND (m_to IS NULL OR m_to >= '${d}') AND r_from <= '${d}'
  AND (r_to IS NULL OR r_to > '${d}')`;
const alive = (d) => `(death IS NULL OR death > '${d}')`;
const sql = `SELECT substr(village, 1, 8) AS g, category,
  count(*) FILTER (WHERE ${on(d1)} AND ${alive(d1)}) AS p1,
  count(*) FILTER (WHERE ${on(d2)} AND ${alive(d2)}) AS p2,
  count(DISTINCT hid) FILTER (WHERE ${on(d1)}) AS h1,
  count(DISTINCT hid) FILTER (WHERE ${on(d2)}) AS h2
  FROM flat GROUP BY 1, 2`;
let best = Infinity;
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  await con.runAndReadAll(sql);
  best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
}
console.log(Math.round(best));
