/**
 * Search at scale (issue #4):
 *   npm run bench:search -- [--sizes 10000,100000,1000000] [--dialects sqlite,postgres] [--queries 300] [--keep]
 * For each database and size: writes N synthetic papers (bench/synthetic.ts) and builds the
 * vectors in a child process (timed, peak memory), starts `paperboy serve` on the result (load
 * time, peak memory), warms it with one set of queries and times another through the HTTP API,
 * one request at a time, every URL distinct so that no answer comes from the response cache.
 * PostgreSQL runs when BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a server. Needs ../shared.
 * Prints a Markdown table and writes bench/results/search-latest.json.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { startCli } from '../test/helpers/cli.ts';
import { sharedFile } from '../test/helpers/shared.ts';
import { loadCorpusStats, seededRandom, syntheticId, withTypo } from './synthetic.ts';

const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench:search ${corpus.skip}`);
  process.exit(2);
}
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const sizes = arg('sizes', '10000,100000,1000000').split(',').map(Number);
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const dialects = arg('dialects', pgUrl ? 'sqlite,postgres' : 'sqlite').split(',');
const QUERIES = Number(arg('queries', '300'));
const WARMUP = 100;
/** --keep: leave each database built, to measure its serving again with --database. */
const keep = process.argv.includes('--keep');

interface Build {
  importSeconds: number;
  /** A complete index build from stored papers (reindex --rebuild), and its parts. */
  indexSeconds: number;
  lexicalSeconds: number;
  trainingSeconds: number;
  embeddingSeconds: number;
  buildPeakMiB: number;
}

interface Result extends Partial<Build> {
  dialect: string;
  papers: number;
  databaseMiB: number;
  startSeconds: number;
  servePeakMiB: number;
  search: { p50: number; p95: number; p99: number; byType: Record<string, { p50: number; p95: number }> };
  related: { p50: number; p95: number };
}

const stats = loadCorpusStats(corpus.path);
const results: Result[] = [];
// Kept databases go to .tmp/ in the project (ignored by git), not to the system's temporary folder.
const work = keep ? join('.tmp', 'bench-search') : mkdtempSync(join(tmpdir(), 'paperboy-bench-search-'));
if (keep) mkdirSync(work, { recursive: true });

// --database URL --papers N: measure serving on a database built before (by an earlier run).
const existing = process.argv.includes('--database') ? { url: arg('database', ''), papers: Number(arg('papers', '0')) } : undefined;
if (existing) {
  const dialect = existing.url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  results.push({ dialect, papers: existing.papers, databaseMiB: await sizeOf(existing.url), ...(await measureServing(existing.url, existing.papers)) });
  console.error(JSON.stringify(results.at(-1)));
}
for (const dialect of existing ? [] : dialects) {
  for (const n of sizes) {
    console.error(`${dialect}, ${n.toLocaleString('en')} papers`);
    const db = await createDatabase(dialect, n);
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/search-build.ts', db.url, String(n)], { maxBuffer: 1 << 24 });
      const b = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, number>;
      const build: Build = {
        importSeconds: b.importMs! / 1000, indexSeconds: b.indexMs! / 1000, lexicalSeconds: b.lexicalMs! / 1000,
        trainingSeconds: b.trainingMs! / 1000, embeddingSeconds: b.embeddingMs! / 1000, buildPeakMiB: b.maxRssMiB!,
      };
      const databaseMiB = await db.sizeMiB();
      results.push({ dialect, papers: n, ...build, databaseMiB, ...(await measureServing(db.url, n)) });
      console.error(JSON.stringify(results.at(-1)));
    } finally {
      if (keep) console.error(`kept ${db.url}`);
      await (keep ? db.close() : db.drop());
    }
  }
}
if (!keep) rmSync(work, { recursive: true, force: true });

const machine = { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/search-latest.json', JSON.stringify({ machine, at: new Date().toISOString(), results }, null, 2));
console.log(`machine: ${JSON.stringify(machine)}\n`);
const secs = (x: number | undefined) => (x === undefined ? '—' : `${x.toFixed(0)} s`);
console.log('| database | papers | import | index build (lexical + training + embedding) | build peak | database size | serve start | serve peak | search p50 | p95 | p99 | related p50 / p95 |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const index = r.indexSeconds === undefined ? '—' : `${secs(r.indexSeconds)} (${secs(r.lexicalSeconds)} + ${secs(r.trainingSeconds)} + ${secs(r.embeddingSeconds)})`;
  console.log(`| ${r.dialect} | ${r.papers.toLocaleString('en')} | ${secs(r.importSeconds)} | ${index} | ${r.buildPeakMiB ?? '—'} MiB | ${r.databaseMiB} MiB | ${r.startSeconds.toFixed(1)} s | ${r.servePeakMiB} MiB | ${r.search.p50.toFixed(1)} ms | ${r.search.p95.toFixed(1)} ms | ${r.search.p99.toFixed(1)} ms | ${r.related.p50.toFixed(1)} / ${r.related.p95.toFixed(1)} ms |`);
}
console.log('\nsearch p50 / p95 by query type:');
for (const r of results) {
  console.log(`- ${r.dialect} ${r.papers.toLocaleString('en')}: ${Object.entries(r.search.byType).map(([t, s]) => `${t} ${s.p50.toFixed(1)} / ${s.p95.toFixed(1)} ms`).join('; ')}`);
}

async function sizeOf(url: string): Promise<number> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    return Math.round([path, `${path}-wal`].reduce((sum, p) => sum + (existsSync(p) ? statSync(p).size : 0), 0) / 2 ** 20);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Math.round(Number((await client.query('SELECT pg_database_size(current_database()) AS n')).rows[0].n) / 2 ** 20);
  } finally {
    await client.end();
  }
}

async function createDatabase(dialect: string, n: number): Promise<{ url: string; sizeMiB(): Promise<number>; close(): Promise<void>; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const path = join(work, `search-${n}.db`);
    const size = (p: string) => (existsSync(p) ? statSync(p).size : 0);
    return {
      url: `sqlite:${path}`,
      sizeMiB: async () => Math.round((size(path) + size(`${path}-wal`)) / 2 ** 20),
      close: async () => {},
      drop: async () => ['', '-wal', '-shm'].forEach((s) => rmSync(`${path}${s}`, { force: true })),
    };
  }
  if (!pgUrl) throw new Error('postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL');
  const name = `paperboy_bench_search_${n}_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    sizeMiB: async () => Math.round(Number((await admin.query('SELECT pg_database_size($1) AS n', [name])).rows[0].n) / 2 ** 20),
    close: () => admin.end(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function measureServing(databaseUrl: string, n: number): Promise<Pick<Result, 'startSeconds' | 'servePeakMiB' | 'search' | 'related'>> {
  const port = 40_000 + Math.floor(Math.random() * 10_000);
  const started = performance.now();
  const child = startCli(['serve'], { DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', JOBS: 'false', SEED_ON_START: 'false' });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  while (!log.includes('"serving"')) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const startSeconds = (performance.now() - started) / 1000;
  const base = `http://127.0.0.1:${port}`;
  try {
    const random = seededRandom(n);
    const queries = await makeQueries(base, n, random, WARMUP + QUERIES);
    for (const q of queries.slice(0, WARMUP)) await timed(`${base}/api/papers/search?limit=10&q=${encodeURIComponent(q.text)}`);
    const byType = new Map<string, number[]>();
    const all: number[] = [];
    for (const q of queries.slice(WARMUP)) {
      const ms = await timed(`${base}/api/papers/search?limit=10&q=${encodeURIComponent(q.text)}`);
      all.push(ms);
      byType.set(q.type, [...(byType.get(q.type) ?? []), ms]);
    }
    const related: number[] = [];
    for (let i = 0; i < 100; i++) related.push(await timed(`${base}/api/papers/${syntheticId(Math.floor(random() * n))}/related?limit=10`));
    const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return {
      startSeconds,
      servePeakMiB: peak ? Math.round(Number(peak[1]) / 1024) : -1,
      search: { ...percentiles(all), byType: Object.fromEntries([...byType].map(([t, xs]) => [t, percentiles(xs)])) },
      related: percentiles(related),
    };
  } finally {
    const closed = new Promise((r) => child.on('close', r));
    child.kill('SIGTERM');
    await closed;
  }
}

async function timed(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - t;
}

function percentiles(xs: number[]): { p50: number; p95: number; p99: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** A mix like the judged queries': topical, natural-language, author, arXiv id, known item with a typo. */
async function makeQueries(base: string, n: number, random: () => number, count: number): Promise<Array<{ type: string; text: string }>> {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const span = (words: string[], len: number) => {
    const start = Math.floor(random() * Math.max(1, words.length - len));
    return words.slice(start, start + len).join(' ');
  };
  const out: Array<{ type: string; text: string }> = [];
  for (let i = 0; i < count; i++) {
    const r = random();
    if (r < 0.4) out.push({ type: 'topical', text: span(pick(stats.topics).title, 2 + Math.floor(random() * 2)) });
    else if (r < 0.6) out.push({ type: 'natural-language', text: span(pick(stats.topics).abstract, 8 + Math.floor(random() * 5)) });
    else if (r < 0.7) out.push({ type: 'author', text: pick(stats.authors) });
    else if (r < 0.8) out.push({ type: 'arxiv-id', text: `arXiv:${syntheticId(Math.floor(random() * n))}v${1 + Math.floor(random() * 3)}` });
    else {
      const paper = (await (await fetch(`${base}/api/papers/${syntheticId(Math.floor(random() * n))}`)).json()) as { title: string };
      out.push({ type: 'known-item', text: withTypo(paper.title.split(' ').slice(0, 6), random).join(' ') });
    }
  }
  // A query repeated would be answered from the response cache; keep each once.
  const seen = new Set<string>();
  return out.filter((q) => !seen.has(q.text) && seen.add(q.text));
}
