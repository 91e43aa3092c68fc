/**
 * Fast paths against their floors (issue #14): each path of Paperboy under 50 connections, next
 * to a trivial node:http server sending the same bytes (the floor), in the same run, on the same
 * machine; the ratio is Paperboy's requests/s over the floor's. Also RSS idle and after.
 *   npx tsx bench/speed.ts [SECONDS]           (default 5 s a path; needs ../shared)
 * Paths: /api/daily_papers from the cache; the same with every request a miss (the app started
 * with CACHE_MAX_MB=0); a signed-in member's day page against the same page served anonymously
 * from the cache; searches with varied queries (through the response cache, and with it off at 50 and 200
 * connections). Only 2xx answers count: a search shed with 503 under overload is no answer.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import autocannon from 'autocannon';
import { importJsonlFile } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { rerank } from '../src/jobs/rerank.ts';
import { indexPending } from '../src/search/indexer.ts';
import { startCli } from '../test/helpers/cli.ts';
import { createSqliteDatabase, type TestDatabase } from '../test/helpers/databases.ts';
import { browserSession, makeMember } from '../test/helpers/factories.ts';
import { readShared, sharedFile } from '../test/helpers/shared.ts';

const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench ${corpus.skip}`);
  process.exit(2);
}
const SECONDS = Number(process.argv[2] ?? 5);
const CONNECTIONS = 50;

interface App {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function startApp(t: TestDatabase, env: Record<string, string>): Promise<App> {
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const child = startCli(['serve'], { DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', SEED_ON_START: 'false', ...env });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      log += d;
      if (log.includes('"serving"')) resolve();
    });
    child.on('close', () => reject(new Error(log)));
  });
  return {
    url: `http://127.0.0.1:${port}`, pid: child.pid!,
    stop: () => new Promise((resolve) => {
      child.on('close', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** A server that answers every request with these bytes and headers: what the network and Node cost. */
async function startFloor(body: Buffer, contentType: string): Promise<{ url: string; close: () => void }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const rssMiB = (pid: number) => Math.round(Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim()) / 1024);

/** A process's CPU time so far in seconds, user and system (Linux's /proc; undefined elsewhere). */
function processCpu(pid: number): { user: number; system: number } | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const tick = 100; // USER_HZ, 100 on Linux
    return { user: Number(fields[11]) / tick, system: Number(fields[12]) / tick };
  } catch {
    return undefined;
  }
}

/**
 * Answers per second under load: only answers with a 2xx status count (a search shed with 503 is
 * not one). With `pid`, also the server's CPU time per answer (µs, user and system), which moves
 * less between runs than the rate does.
 */
async function load(url: string, options: { headers?: Record<string, string>; paths?: string[]; connections?: number; pid?: number } = {}) {
  let i = 0;
  const requests = options.paths ? [{ setupRequest: (req: any) => ({ ...req, path: options.paths![i++ % options.paths!.length] }) }] : undefined;
  await autocannon({ url, connections: 10, duration: 1, ...(options.headers ? { headers: options.headers } : {}), ...(requests ? { requests } : {}) });
  const before = options.pid ? processCpu(options.pid) : undefined;
  const r = await autocannon({ url, connections: options.connections ?? CONNECTIONS, duration: SECONDS, timeout: 10, ...(options.headers ? { headers: options.headers } : {}), ...(requests ? { requests } : {}) });
  const after = options.pid ? processCpu(options.pid) : undefined;
  const answers = r['2xx'] + r.non2xx;
  const cpuUs = before && after && answers > 0
    ? { user: Math.round(((after.user - before.user) / answers) * 1e6), system: Math.round(((after.system - before.system) / answers) * 1e6) }
    : undefined;
  return { rps: r['2xx'] / r.duration, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, cpuUs };
}

const queries = readShared('corpus/papers.jsonl').split('\n').filter(Boolean).slice(0, 400)
  .map((line) => (JSON.parse(line) as { title: string }).title.split(/\s+/).slice(0, 3).join(' '))
  .map((q) => `/api/papers/search?q=${encodeURIComponent(q)}&limit=20`);

const t = await createSqliteDatabase();
await importJsonlFile(t.store, corpus.path, emptyReport());
await rerank(t.store);
// The site in its steady state: searchable, so the scheduler's index job (every minute) finds
// nothing to do. (Unindexed, that job trained and embedded the corpus in the middle of a run.)
await indexPending(t.store, { kind: 'corpus' });
const member = await makeMember(t.store, { prefix: 'bench' });
// A member in a browser: a session cookie and the CSRF cookie the site set on their first visit.
const browser = await browserSession(t.store, member.member);
const rows: string[] = [];
let pageCost = '';
const report = async (label: string, app: App, floorOf: { path: string; headers?: Record<string, string> }, options: { headers?: Record<string, string>; paths?: string[]; connections?: number } = {}) => {
  const sample = await fetch(`${app.url}${floorOf.path}`, floorOf.headers ? { headers: floorOf.headers } : {});
  const floor = await startFloor(Buffer.from(await sample.arrayBuffer()), sample.headers.get('content-type') ?? 'text/plain');
  const base = await load(`${floor.url}${floorOf.path}`, options.connections ? { connections: options.connections } : {});
  floor.close();
  const run = await load(`${app.url}${options.paths ? '' : floorOf.path}`, options);
  rows.push(`| ${label} | ${Math.round(run.rps).toLocaleString('en')} | ${Math.round(base.rps).toLocaleString('en')} | **${(run.rps / base.rps).toFixed(2)}** | ${run.p50} / ${run.p99} ms | ${run.errors} errors, ${run.non2xx} non-2xx | ${rssMiB(app.pid)} MiB |`);
};

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}; ${SECONDS} s a path, ${CONNECTIONS} connections`);
try {
  const cached = await startApp(t, {});
  const idle = rssMiB(cached.pid);
  await report('/api/daily_papers, response cache hit', cached, { path: '/api/daily_papers' });
  await report('the day page (50 cards), anonymous, from the cache', cached, { path: '/papers/date/2026-02-10' });
  // The member has upvoted and saved some of the day's papers, so their page has marks to fill in.
  const day = (await (await fetch(`${cached.url}/api/daily_papers?date=2026-02-10&limit=50`)).json()) as Array<{ paper: { id: string } }>;
  for (const { paper } of day.slice(0, 10)) {
    for (const action of ['upvote', 'save']) await fetch(`${cached.url}/api/papers/${paper.id}/${action}`, { method: 'POST', headers: member.auth });
  }
  // Anonymous and signed-in runs alternate, three of each, and the medians are compared: this
  // machine's speed wanders between runs by more than the difference measured.
  const runs: Array<{ anonymous: Awaited<ReturnType<typeof load>>; signedIn: Awaited<ReturnType<typeof load>> }> = [];
  for (let i = 0; i < 3; i++) {
    runs.push({ anonymous: await load(`${cached.url}/papers/date/2026-02-10`, { pid: cached.pid }), signedIn: await load(`${cached.url}/papers/date/2026-02-10`, { headers: browser, pid: cached.pid }) });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  const anonymous = median(runs.map((r) => r.anonymous.rps));
  const signedIn = runs.find((r) => r.signedIn.rps === median(runs.map((x) => x.signedIn.rps)))!.signedIn;
  rows.push(`| the same day page for a signed-in member (browser session; 10 upvoted and saved), median of 3 runs alternating with the anonymous page | ${Math.round(signedIn.rps).toLocaleString('en')} (${runs.map((r) => Math.round(r.signedIn.rps)).join(', ')}) | ${Math.round(anonymous).toLocaleString('en')} (anonymous, cached: ${runs.map((r) => Math.round(r.anonymous.rps)).join(', ')}) | **${(signedIn.rps / anonymous).toFixed(2)}** | ${signedIn.p50} / ${signedIn.p99} ms | ${signedIn.errors} errors, ${signedIn.non2xx} non-2xx | ${rssMiB(cached.pid)} MiB |`);
  const cpu = (r: Awaited<ReturnType<typeof load>>) => (r.cpuUs ? `${r.cpuUs.user + r.cpuUs.system} (${r.cpuUs.system} system)` : 'n/a');
  pageCost = `server CPU per answer, µs (of it system), run by run: signed-in ${runs.map((r) => cpu(r.signedIn)).join(', ')}; anonymous ${runs.map((r) => cpu(r.anonymous)).join(', ')}`;
  await report('/api/papers/search, 400 varied queries', cached, { path: queries[0]! }, { paths: queries });
  await cached.stop();
  // Searches that all miss the response cache: a fresh process, every query asked once per process run.
  const searching = await startApp(t, { CACHE_MAX_MB: '0' });
  await report('/api/papers/search, 400 varied queries, every request a cache miss', searching, { path: queries[0]! }, { paths: queries });
  await report('/api/papers/search, 400 varied queries, every request a miss, 200 connections', searching, { path: queries[0]! }, { paths: queries, connections: 200 });
  await searching.stop();
  const uncached = await startApp(t, { CACHE_MAX_MB: '0' });
  await report('/api/daily_papers, every request a cache miss', uncached, { path: '/api/daily_papers' });
  await uncached.stop();
  console.log(`RSS idle: ${idle} MiB`);
  console.log('| path | Paperboy req/s | floor req/s | ratio | p50 / p99 | failures | RSS after |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(rows.join('\n'));
  console.log(`\n${pageCost}`);
} finally {
  await t.drop();
}
