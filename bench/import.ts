/**
 * Issue #14's import benchmark: `paperboy import jsonl` of N synthetic papers (default 200,000,
 * bench/synthetic.ts: words, lengths and authors as in the corpus) against its floor — a plain
 * better-sqlite3 script writing the same rows into the same tables (bench/import-floor.ts) —
 * measured alternately in the same process, R runs each (default 3, medians); then the bulk
 * mode for first loads (`--bulk`): its rows, then the lexical index built once after them.
 * Checks that floor and Paperboy stored the same number of rows in every paper table.
 *   npx tsx bench/import.ts [--records 200000] [--runs 3]      (needs ../shared; PostgreSQL too,
 *   for the bulk mode, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set)
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { importJsonlFile } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { indexLexical } from '../src/search/indexer.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from '../test/helpers/databases.ts';
import { sharedFile } from '../test/helpers/shared.ts';
import { floorImport } from './import-floor.ts';
import { syntheticJsonlFile } from './synthetic.ts';

const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench/import ${corpus.skip}`);
  process.exit(2);
}
const { values: args } = parseArgs({ options: { records: { type: 'string', default: '200000' }, runs: { type: 'string', default: '3' } } });
const RECORDS = Number(args.records);
const RUNS = Number(args.runs);
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const TABLES = ['papers', 'authors', 'paper_authors', 'paper_versions', 'daily_entries', 'search_documents'] as const;

async function rowCounts(store: Store): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(store.db);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (seconds: number) => Math.round(RECORDS / seconds).toLocaleString('en');
const secondsSince = (started: number) => (performance.now() - started) / 1000;

/** Time `task` on a fresh database of this kind, then hand the database to `check` before dropping it. */
async function timed(create: () => Promise<TestDatabase>, task: (t: TestDatabase, path: string) => Promise<void>, check?: (t: TestDatabase) => Promise<void>): Promise<number> {
  const t = await create();
  try {
    const started = performance.now();
    await task(t, t.url.replace(/^sqlite:/, ''));
    const seconds = secondsSince(started);
    await check?.(t);
    return seconds;
  } finally {
    await t.drop();
  }
}

const file = await syntheticJsonlFile(corpus.path, RECORDS);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)} at the start; ${RECORDS.toLocaleString('en')} records (${file}), ${RUNS} runs`);

let floorCounts: Record<string, number> | undefined;
let paperboyCounts: Record<string, number> | undefined;
const floor: number[] = [];
const paperboy: number[] = [];
for (let run = 0; run < RUNS; run++) {
  floor.push(await timed(createSqliteDatabase, async (t, path) => {
    await t.store.close(); // the floor writes through its own connection
    await floorImport(path, file, { lexical: true });
  }, async (t) => {
    const store = openStore({ kind: 'sqlite', path: t.url.replace(/^sqlite:/, '') });
    floorCounts = await rowCounts(store);
    await store.close();
  }));
  paperboy.push(await timed(createSqliteDatabase, async (t) => {
    await importJsonlFile(t.store, file, emptyReport());
  }, async (t) => {
    paperboyCounts = await rowCounts(t.store);
  }));
  console.log(`run ${run + 1}: floor ${floor.at(-1)!.toFixed(1)} s, paperboy ${paperboy.at(-1)!.toFixed(1)} s`);
}
const same = JSON.stringify(floorCounts) === JSON.stringify(paperboyCounts);
console.log(`rows: floor ${JSON.stringify(floorCounts)}; paperboy ${JSON.stringify(paperboyCounts)} — ${same ? 'the same' : 'DIFFERENT'}`);

const bulkRows = async (create: () => Promise<TestDatabase>) => {
  let rows = 0;
  let index = 0;
  const total = await timed(create, async (t) => {
    const started = performance.now();
    await importJsonlFile(t.store, file, emptyReport(), { bulk: true });
    rows = secondsSince(started);
    const indexing = performance.now();
    await indexLexical(t.store);
    index = secondsSince(indexing);
  });
  return { rows, index, total };
};
const bulk = [];
for (let run = 0; run < RUNS; run++) bulk.push(await bulkRows(createSqliteDatabase));
const floorNoIndex: number[] = [];
for (let run = 0; run < RUNS; run++) {
  floorNoIndex.push(await timed(createSqliteDatabase, async (t, path) => {
    await t.store.close();
    await floorImport(path, file, { lexical: false });
  }));
}
const pgBulk = pgUrl ? await bulkRows(() => createPostgresDatabase(pgUrl)) : undefined;

const f = median(floor);
const p = median(paperboy);
const b = { rows: median(bulk.map((x) => x.rows)), index: median(bulk.map((x) => x.index)), total: median(bulk.map((x) => x.total)) };
console.log(`\n| SQLite, ${RECORDS.toLocaleString('en')} records | seconds (median of ${RUNS}) | records/s | / floor |`);
console.log('|---|---|---|---|');
console.log(`| floor: plain better-sqlite3, same rows and tables, lexical index row by row | ${f.toFixed(1)} | ${rate(f)} | 1 |`);
console.log(`| \`paperboy import jsonl\` (read, validate, merge, store, lexical index) | ${p.toFixed(1)} | ${rate(p)} | **${(f / p).toFixed(2)}** |`);
console.log(`| floor without the lexical index | ${median(floorNoIndex).toFixed(1)} | ${rate(median(floorNoIndex))} | |`);
console.log(`| \`--bulk\`: the rows (lookup indexes built once at the end) | ${b.rows.toFixed(1)} | **${rate(b.rows)}** | |`);
console.log(`| \`--bulk\`: then the lexical index, built once | ${b.index.toFixed(1)} | ${rate(b.index)} | |`);
console.log(`| \`--bulk\`: rows and lexical index | ${b.total.toFixed(1)} | ${rate(b.total)} | |`);
if (pgBulk) console.log(`| PostgreSQL \`--bulk\`: rows ${pgBulk.rows.toFixed(1)} s (${rate(pgBulk.rows)}/s), lexical index ${pgBulk.index.toFixed(1)} s, together ${rate(pgBulk.total)}/s | | | |`);
console.log(`\nload average ${loadavg()[0]!.toFixed(1)} at the end; RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
if (!same) process.exitCode = 1;
