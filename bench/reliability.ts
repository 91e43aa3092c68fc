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
 *   npx tsx bench/reliability.ts [SECONDS [votes|digests|served]]
 */
import { execFile, execFileSync } from 'node:child_process';
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

const rssMiB = (pid: number) => Math.round(Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim()) / 1024);

async function servedUnderLoad(): Promise<void> {
  const t = await createSqliteDatabase();
  await importJsonlFile(t.store, corpus.path, emptyReport());
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const server = startCli(['serve'], { DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_ON_START: 'false', JOBS: 'false' });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const idle = rssMiB(server.pid!);
  // Generators and the probe each run in a process of their own (bench/load-child.ts).
  const probe = child('probe', base, SECONDS);
  const mixed = child('mixed', base, SECONDS);
  await new Promise((r) => setTimeout(r, (SECONDS / 3) * 1000));
  const storm = await child('search', base, SECONDS / 3);
  const peak = rssMiB(server.pid!);
  const load = await mixed;
  const health = await probe;
  const after = rssMiB(server.pid!);
  const statuses = (r: Record<string, any>) => Object.entries(r.statuses).map(([code, n]) => `${code}: ${n}`).join(', ');
  console.log(`served load (${SECONDS} s, 200 connections mixed + 200 searching for the middle ${Math.round(SECONDS / 3)} s, SQLite, 1,595 papers):`);
  console.log(`  mixed: ${load.total} answers (${statuses(load)}), p50 ${load.p50} ms, p99 ${load.p99} ms, ${load.errors} connection errors, ${load.timeouts} timeouts`);
  console.log(`  search storm: ${storm.total} answers (${statuses(storm)}), p50 ${storm.p50} ms, p99 ${storm.p99} ms, ${storm.timeouts} timeouts`);
  console.log(`  /healthz: ${health.probes} probes (${health.failures} failed), p50 ${health.p50.toFixed(1)} ms, p99 ${health.p99.toFixed(1)} ms, max ${health.max.toFixed(1)} ms`);
  console.log(`  RSS: idle ${idle} MiB, during the storm ${peak} MiB, after ${after} MiB`);
  const closed = new Promise((r) => server.on('close', r));
  server.kill('SIGTERM');
  await closed;
  await t.drop();
}

/** Runs bench/load-child.ts in a process of its own and returns the JSON line it prints. */
function child(mode: string, base: string, seconds: number): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', new URL('./load-child.ts', import.meta.url).pathname, mode, base, String(seconds)], { maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!));
    });
  });
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

const only = process.argv[3];
if (!only || only === 'votes') await votes();
if (!only || only === 'digests') await digests();
if (!only || only === 'served') await servedUnderLoad();
console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exit(0);
