/**
 * Bounded memory (issue #14): the app under varied-URL load (every request a new query string,
 * over pages, the API and feeds) for SECONDS (default 600: ten minutes), RSS sampled every 5 s.
 * The response cache keeps at most CACHE_MAX_MB (64 MiB by default); the target is RSS under
 * idle + budget + 100 MiB throughout.
 *   npx tsx bench/memory.ts [SECONDS]
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import autocannon from 'autocannon';
import { importJsonlFile } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { rerank } from '../src/jobs/rerank.ts';
import { startCli } from '../test/helpers/cli.ts';
import { createSqliteDatabase } from '../test/helpers/databases.ts';
import { sharedFile } from '../test/helpers/shared.ts';

const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench ${corpus.skip}`);
  process.exit(2);
}
const SECONDS = Number(process.argv[2] ?? 600);
const BUDGET_MB = 64;
const rssMiB = (pid: number) => Math.round(Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim()) / 1024);

const t = await createSqliteDatabase();
await importJsonlFile(t.store, corpus.path, emptyReport());
await rerank(t.store);
const port = 30_000 + Math.floor(Math.random() * 20_000);
const child = startCli(['serve'], { DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', SEED_ON_START: 'false', CACHE_MAX_MB: String(BUDGET_MB) });
let log = '';
await new Promise<void>((resolve) => child.stderr!.on('data', (d) => {
  log += d;
  if (log.includes('"serving"')) resolve();
}));
await new Promise((r) => setTimeout(r, 3000));
const idle = rssMiB(child.pid!);
/** Every request a URL not asked for before: a parameter the routes ignore makes each one new to the cache. */
const shapes: Array<(i: number) => string> = [
  (i) => `/papers/date/2026-02-1${i % 9}?v=${i}`,
  (i) => `/api/daily_papers?limit=100&date=2026-02-1${i % 9}&v=${i}`,
  (i) => `/papers/trending?v=${i}`,
  (i) => `/feeds/daily.rss?v=${i}`,
  (i) => `/api/trending?limit=100&v=${i}`,
  (i) => `/papers/month/2026-0${1 + (i % 9)}?v=${i}`,
];
let n = 0;
const samples: number[] = [];
const sampler = setInterval(() => samples.push(rssMiB(child.pid!)), 5000);
const result = await autocannon({
  url: `http://127.0.0.1:${port}`, connections: 20, duration: SECONDS, timeout: 20,
   
  requests: [{ setupRequest: (req: any) => ({ ...req, path: shapes[n % shapes.length]!(n++) }) }],
});
clearInterval(sampler);
const peak = Math.max(...samples, rssMiB(child.pid!));
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}`);
console.log(`${SECONDS} s of varied-URL load, 20 connections: ${result.requests.total.toLocaleString('en')} requests (${result.non2xx} non-2xx, ${result.errors} errors)`);
console.log(`RSS idle ${idle} MiB; peak ${peak} MiB; end ${samples.at(-1) ?? peak} MiB; limit idle + ${BUDGET_MB} + 100 = ${idle + BUDGET_MB + 100} MiB: ${peak <= idle + BUDGET_MB + 100 ? 'within' : 'OVER'}`);
child.kill('SIGTERM');
await new Promise((r) => child.on('close', r));
await t.drop();
