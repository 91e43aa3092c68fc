/**
 * The reliability bench (issue #12). Three parts, each printing its measurements:
 *  1. A served app (real process, SQLite, the corpus) under 200 connections of mixed traffic for
 *     SECONDS (default 60), with a search storm of another 200 connections in the middle third;
 *     /healthz is timed every 50 ms throughout. Reports answers by status (500s must be 0; 503s
 *     are load shed with Retry-After), /healthz p50/p99/max, and the server's RSS.
 *  2. 100 members toggling one paper at once, 10 rounds, on SQLite and PostgreSQL (with
 *     TEST_DATABASE_URL): the stored count must equal the vote rows each round.
 *  3. Two digest runs started together for 1,000 subscribers through a real SMTP server: no
 *     address may get two.
 *   npx tsx bench/reliability.ts [SECONDS]
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { loadConfig } from '../src/config/config.ts';
import { parsePeriod } from '../src/domain/period.ts';
import { sendDigests } from '../src/jobs/digest.ts';
import { importJsonlFile } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { createSmtpMailer } from '../src/mail/send.ts';
import { getPaper, upsertPapers } from '../src/store/papers.ts';
import { buildTestApp } from '../test/helpers/app.ts';
import { startCli } from '../test/helpers/cli.ts';
import { createSqliteDatabase, dialectsUnderTest } from '../test/helpers/databases.ts';
import { makeListedPaper, makeMember, makeSubscribers } from '../test/helpers/factories.ts';
import { makePaper } from '../test/helpers/papers.ts';
import { sharedFile } from '../test/helpers/shared.ts';
import { startSmtpServer } from '../test/helpers/smtp.ts';

const SECONDS = Number(process.argv[2] ?? 60);
const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench ${corpus.skip}`);
  process.exit(2);
}
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const rssMiB = (pid: number) => Math.round(Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim()) / 1024);

async function servedUnderLoad(): Promise<void> {
  const t = await createSqliteDatabase();
  await importJsonlFile(t.store, corpus.path, emptyReport());
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const server = startCli(['serve'], { DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_ON_START: 'false', JOBS: 'false' });
  server.stderr!.on('data', (d) => process.stderr.write(d));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const idle = rssMiB(server.pid!);
  const health: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const started = performance.now();
      const res = await fetch(`${base}/healthz`).catch(() => undefined);
      health.push(res?.ok ? performance.now() - started : Infinity);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  // Cached pages, and their later pages (cache misses the first time each is asked for).
  const mixed = ['/', '/papers/trending', '/papers/month/2026-02', '/api/daily_papers', '/api/daily_papers?sort=trending', '/papers/2602.10224', '/feeds/daily.rss',
    ...[1, 2, 3].flatMap((p) => [`/papers/trending?p=${p}`, `/api/daily_papers?p=${p}`, `/papers/month/2026-02?p=${p}`])];
  const words = ['diffusion', 'reasoning', 'agents', 'retrieval', 'video', 'benchmark', 'robot', 'speech', 'graph', 'quantization', 'vision language', 'reward model'];
  let n = 0;
  const mixedRun = autocannon({ url: base, connections: 200, duration: SECONDS, requests: [{ setupRequest: (req: any) => ({ ...req, path: mixed[n++ % mixed.length] }) }] });
  await new Promise((r) => setTimeout(r, (SECONDS / 3) * 1000));
  let q = 0;
  const storm = await autocannon({ url: base, connections: 200, duration: SECONDS / 3, requests: [{ setupRequest: (req: any) => ({ ...req, path: `/api/papers/search?q=${encodeURIComponent(`${words[q % words.length]} ${q++}`)}` }) }] });
  const peak = rssMiB(server.pid!);
  const load = await mixedRun;
  probing = false;
  await probe;
  const after = rssMiB(server.pid!);
  const statuses = (r: autocannon.Result) => Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => `${code}: ${(s as { count: number }).count}`).join(', ');
  console.log(`served load (${SECONDS} s, 200 connections mixed + 200 searching for the middle ${Math.round(SECONDS / 3)} s, SQLite, 1,595 papers):`);
  console.log(`  mixed: ${load.requests.total} answers (${statuses(load)}), p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms, ${load.errors} connection errors, ${load.timeouts} timeouts`);
  console.log(`  search storm: ${storm.requests.total} answers (${statuses(storm)}), p50 ${storm.latency.p50} ms, p99 ${storm.latency.p99} ms, ${storm.timeouts} timeouts`);
  console.log(`  /healthz: ${health.length} probes, p50 ${percentile(health, 50).toFixed(1)} ms, p99 ${percentile(health, 99).toFixed(1)} ms, max ${Math.max(...health).toFixed(1)} ms`);
  console.log(`  RSS: idle ${idle} MiB, during the storm ${peak} MiB, after ${after} MiB`);
  const closed = new Promise((r) => server.on('close', r));
  server.kill('SIGTERM');
  await closed;
  await t.drop();
}

async function votes(): Promise<void> {
  for (const dialect of dialectsUnderTest()) {
    const t = await dialect.create();
    const app = buildTestApp(t.store, { now: new Date() });
    await upsertPapers(t.store.db, t.store.dialect, [makePaper('2603.90001', { upvotes: 0 })]);
    const members = await Promise.all(Array.from({ length: 100 }, () => makeMember(t.store, { prefix: 'bench' })));
    let exact = 0;
    const started = performance.now();
    for (let round = 0; round < 10; round++) {
      const answers = await Promise.all(members.map((m) => app.request('/api/papers/2603.90001/upvote', { method: 'POST', headers: m.auth })));
      const rows = Number((await t.store.db.selectFrom('votes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const stored = (await getPaper(t.store.db, t.store.dialect, '2603.90001')).memberVotes;
      if (answers.every((a) => a.status === 200) && stored === rows && rows === (round % 2 === 0 ? 100 : 0)) exact++;
    }
    console.log(`votes on ${dialect.name}: 100 concurrent toggles × 10 rounds, ${exact}/10 rounds exact, ${Math.round(performance.now() - started)} ms`);
    await t.drop();
  }
}

async function digests(): Promise<void> {
  const t = await createSqliteDatabase();
  const smtp = await startSmtpServer();
  const day = parsePeriod('day', '2026-03-17')!;
  await makeListedPaper(t.store, '2603.90002', day.key);
  await makeSubscribers(t.store, 1000);
  const config = { ...loadConfig({ MAIL_RATE_PER_SECOND: '10000' }) };
  const mailers = [createSmtpMailer(smtp.url, config.mailFrom), createSmtpMailer(smtp.url, config.mailFrom)];
  const started = performance.now();
  const reports = await Promise.all(mailers.map((mailer) => sendDigests({ store: t.store, config, logger: silentLogger(), mailer }, { frequency: 'daily', period: day })));
  const counts = new Map<string, number>();
  for (const m of smtp.received) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  console.log(`digests: two runs at once for 1,000 subscribers: ${counts.size} addresses, ${[...counts.values()].filter((c) => c > 1).length} duplicates, sent ${reports.map((r) => r.sent).join(' + ')}${reports.some((r) => r.busy) ? ' (one found the lease taken)' : ''}, ${Math.round(performance.now() - started)} ms`);
  mailers.forEach((m) => m.close());
  await smtp.close();
  await t.drop();
}

await votes();
await digests();
await servedUnderLoad();
console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exit(0);
