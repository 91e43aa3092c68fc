/**
 * Benchmarks for the foundation (issue #2): import throughput and HTTP latency under load.
 *   npm run bench                      SQLite, plus PostgreSQL when BENCH_DATABASE_URL (or
 *                                      TEST_DATABASE_URL) names a server we may create databases on
 * Needs ../shared (the corpus and the OAI-PMH page). Prints a Markdown table and writes
 * bench/results/latest.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import autocannon from 'autocannon';
import { importJsonlFile } from '../src/ingest/files.ts';
import { rerank } from '../src/jobs/rerank.ts';
import { parseOaiPage } from '../src/ingest/oai-pmh.ts';
import { emptyReport, importOutcome } from '../src/ingest/run.ts';
import { startCli } from '../test/helpers/cli.ts';
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from '../test/helpers/databases.ts';
import { sharedFile } from '../test/helpers/shared.ts';

const corpus = sharedFile('corpus/papers.jsonl');
const oai = sharedFile('fixtures/arxiv/oaipmh-listrecords-arxivraw-1000.xml');
if (corpus.skip || oai.skip) {
  console.error(`bench ${corpus.skip || oai.skip}`);
  process.exit(2);
}
const RUNS = 5;
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

const dialects: Array<{ name: string; create: () => Promise<TestDatabase> }> = [{ name: 'sqlite', create: createSqliteDatabase }];
if (pgUrl) dialects.push({ name: 'postgres', create: () => createPostgresDatabase(pgUrl) });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function importBench(create: () => Promise<TestDatabase>, load: (t: TestDatabase) => Promise<number>): Promise<number> {
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = await create();
    try {
      const started = performance.now();
      const records = await load(t);
      rates.push(records / ((performance.now() - started) / 1000));
    } finally {
      await t.drop();
    }
  }
  return median(rates);
}

const results: Record<string, unknown> = {
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  date: new Date().toISOString(),
};
const rows: string[] = ['| benchmark | database | result |', '|---|---|---|'];

const only = process.env.BENCH_ONLY; // 'import' or 'http' to run one half

for (const dialect of only === 'http' ? [] : dialects) {
  const jsonl = await importBench(dialect.create, async (t) => (await importJsonlFile(t.store, corpus.path, emptyReport())).inserted);
  const oaiXml = readFileSync(oai.path, 'utf8');
  const oaiRate = await importBench(dialect.create, async (t) => (await importOutcome(t.store, parseOaiPage(oaiXml, 'oai'), emptyReport())).inserted);
  results[`import-jsonl-${dialect.name}`] = Math.round(jsonl);
  results[`import-oai-${dialect.name}`] = Math.round(oaiRate);
  rows.push(`| import corpus JSONL (1,595 records, parse + store) | ${dialect.name} | ${Math.round(jsonl).toLocaleString('en')} records/s |`);
  rows.push(`| import OAI-PMH page (1,000 records, parse + store) | ${dialect.name} | ${Math.round(oaiRate).toLocaleString('en')} records/s |`);
}

for (const dialect of only === 'import' ? [] : dialects) {
  const t = await dialect.create();
  await importJsonlFile(t.store, corpus.path, emptyReport());
  await rerank(t.store);
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const server = startCli(['serve'], { DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_ON_START: 'false' });
  await new Promise((r) => setTimeout(r, 2500));
  try {
    const paths = [
      '/', '/papers/date/2026-02-10', '/papers/week/2026-W07', '/papers/month/2026-02', '/papers/trending', '/papers/2602.10224',
      '/feeds/daily.rss', '/feeds/weekly.atom', '/feeds/monthly.json', '/feeds/trending.rss',
      '/api/daily_papers', '/api/daily_papers?date=2026-02-10', '/api/daily_papers?sort=trending',
    ];
    for (const path of paths) {
      const url = `http://127.0.0.1:${port}${path}`;
      await autocannon({ url, connections: 10, duration: 2 }); // warm up
      const r = await autocannon({ url, connections: CONNECTIONS, duration: LOAD_SECONDS });
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${path}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      results[`http ${path} ${dialect.name}`] = { p50: r.latency.p50, p99: r.latency.p99, rps: Math.round(r.requests.average) };
      rows.push(`| GET ${path} (${CONNECTIONS} connections, ${LOAD_SECONDS} s) | ${dialect.name} | p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${Math.round(r.requests.average).toLocaleString('en')} req/s |`);
    }
    // The same endpoint with every request a cache miss: the cost of building the answer.
    let n = 0;
    const miss = await autocannon({
      url: `http://127.0.0.1:${port}/api/daily_papers`, connections: CONNECTIONS, duration: LOAD_SECONDS,
      requests: [{ setupRequest: (req: any) => ({ ...req, path: `/api/daily_papers?limit=50&miss=${n++}` }) }],
    });
    results[`http /api/daily_papers uncached ${dialect.name}`] = { p50: miss.latency.p50, p99: miss.latency.p99, rps: Math.round(miss.requests.average) };
    rows.push(`| GET /api/daily_papers, every request a cache miss (${CONNECTIONS} connections) | ${dialect.name} | p50 ${miss.latency.p50} ms, p99 ${miss.latency.p99} ms, ${Math.round(miss.requests.average).toLocaleString('en')} req/s |`);
  } finally {
    const closed = new Promise((r) => server.on('close', r));
    server.kill('SIGTERM');
    await closed;
    await t.drop();
  }
}

console.log(`machine: ${JSON.stringify(results.machine)}`);
console.log(rows.join('\n'));
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
