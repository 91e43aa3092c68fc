/**
 * The digest benchmark (issue #6): compose and send one digest to N confirmed subscribers (half
 * with interests) through a local SMTP server running in another process.
 *   npx tsx bench/digest.ts [N …]      default: 2000 10000
 */
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { loadConfig } from '../src/config/config.ts';
import { parsePeriod } from '../src/domain/period.ts';
import { sendDigests } from '../src/jobs/digest.ts';
import { rerank } from '../src/jobs/rerank.ts';
import { importJsonlFile } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { createSmtpMailer } from '../src/mail/send.ts';
import { createSqliteDatabase } from '../test/helpers/databases.ts';
import { sharedFile } from '../test/helpers/shared.ts';

const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench ${corpus.skip}`);
  process.exit(2);
}
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const port = 30_000 + Math.floor(Math.random() * 20_000);
const sink = fork(new URL('./smtp-sink.ts', import.meta.url).pathname, [String(port)], { execArgv: ['--import', 'tsx'] });
await new Promise((resolve) => sink.once('message', resolve));
const KEYWORDS = ['reasoning', 'diffusion', 'agents', 'RLHF', 'retrieval', 'video', 'benchmark', 'distillation'];

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}`);
console.log('| subscribers | total | messages/s | peak RSS | RSS before |');
console.log('|---|---|---|---|---|');
for (const n of sizes.length ? sizes : [2000, 10_000]) {
  const t = await createSqliteDatabase();
  await importJsonlFile(t.store, corpus.path, emptyReport());
  await rerank(t.store);
  const now = new Date().toISOString();
  for (let i = 0; i < n; i += 1000) {
    await t.store.db.insertInto('subscriptions').values(Array.from({ length: Math.min(1000, n - i) }, (_, j) => {
      const k = i + j;
      const interests = k % 2 === 0 ? { keywords: [KEYWORDS[k % KEYWORDS.length]!], organizations: [], authors: [], categories: [] } : {};
      return { id: `sub${String(k).padStart(7, '0')}`, email: `reader${k}@example.org`, user_id: null, frequency: 'daily', interests: JSON.stringify(interests), status: 'active', confirm_token_hash: null, confirmed_at: now, permanent_failures: 0, created_at: now, updated_at: now };
    })).execute();
  }
  const config = { ...loadConfig({ BASE_URL: 'https://papers.example.org', MAIL_RATE_PER_SECOND: '10000' }) };
  const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`, config.mailFrom);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const report = await sendDigests({ store: t.store, config, logger: silentLogger(), mailer }, { frequency: 'daily', period: parsePeriod('day', '2026-02-10')! });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  mailer.close();
  if (report.sent !== n) throw new Error(`sent ${report.sent} of ${n}`);
  const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
  console.log(`| ${n.toLocaleString('en')} | ${seconds.toFixed(1)} s | ${Math.round(n / seconds)} | ${mb(peak)} | ${mb(rssBefore)} |`);
  await t.drop();
}
sink.kill();
