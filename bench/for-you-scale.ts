/**
 * For you at scale (issue #16's "speed and scale"): N synthetic papers (default 1,000,000;
 * bench/synthetic.ts, one in ten on a daily page), loaded with `import jsonl --bulk` and indexed
 * (lexical documents, a trained model, a vector per paper), and M members (default 10,000) with
 * S upvotes each (default 200; random papers: the cost depends on how many, not which). Then, in
 * process (`app.request`, as bench/for-you.ts), for R members picked at random (default 100):
 *   - GET /api/me/recommendations?limit=20 over a feed day, a feed week and the whole collection;
 *   - first the refresh job (jobs/member-models.ts) builds every member's kept model, as it would
 *     have done within a minute of each signal: members/s;
 *   - a new upvote, then the next whole-collection request (the kept model no longer matches the
 *     signals and is built again: this is its refresh);
 *   - a digest of the feed day to every member (a daily subscription each) with their "For you"
 *     section, through a local SMTP server in its own process: messages/s and RSS.
 *   npx tsx bench/for-you-scale.ts [--papers N] [--members M] [--signals S] [--requests R]
 * SQLite; `--postgres` uses BENCH_DATABASE_URL or TEST_DATABASE_URL instead. Needs ../shared.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { loadConfig } from '../src/config/config.ts';
import { parsePeriod } from '../src/domain/period.ts';
import { sendDigests } from '../src/jobs/digest.ts';
import { refreshMemberModels } from '../src/jobs/member-models.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { createSmtpMailer } from '../src/mail/send.ts';
import { periodRecommender, refreshMemberModel } from '../src/members/recommend.ts';
import { setVote } from '../src/store/votes.ts';
import { importJsonlFile } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { newToken, hashToken } from '../src/lib/tokens.ts';
import { indexPending } from '../src/search/indexer.ts';
import { embedderChoice } from '../src/search/model.ts';
import { Searcher } from '../src/search/searcher.ts';
import { insertRows } from '../src/store/insert-rows.ts';
import { rebuildDerivedCounts } from '../src/store/votes.ts';
import { buildTestApp } from '../test/helpers/app.ts';
import { createPostgresDatabase, createSqliteDatabase } from '../test/helpers/databases.ts';
import { sharedFile } from '../test/helpers/shared.ts';
import { seededRandom, syntheticId, syntheticJsonlFile } from './synthetic.ts';

const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench/for-you-scale ${corpus.skip}`);
  process.exit(2);
}
const { values: args } = parseArgs({ options: {
  papers: { type: 'string', default: '1000000' }, members: { type: 'string', default: '10000' }, signals: { type: 'string', default: '200' },
  requests: { type: 'string', default: '100' }, postgres: { type: 'boolean', default: false },
} });
const PAPERS = Number(args.papers);
const MEMBERS = Number(args.members);
const SIGNALS = Number(args.signals);
const REQUESTS = Number(args.requests);
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (args.postgres && !pgUrl) {
  console.error('bench/for-you-scale --postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL');
  process.exit(2);
}
const NOW = '2020-03-01T12:00:00.000Z';
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const secondsSince = (started: number) => ((performance.now() - started) / 1000).toFixed(0);

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}`);
const t = await (args.postgres ? createPostgresDatabase(pgUrl!) : createSqliteDatabase());
try {
  let started = performance.now();
  await importJsonlFile(t.store, await syntheticJsonlFile(corpus.path, PAPERS), emptyReport(), { bulk: true });
  console.log(`${PAPERS.toLocaleString('en')} papers loaded in ${secondsSince(started)} s`);
  started = performance.now();
  await indexPending(t.store, embedderChoice(loadConfig({})));
  console.log(`indexed in ${secondsSince(started)} s`);

  started = performance.now();
  const random = seededRandom(5);
  const tokens = new Map<number, string>();
  for (let from = 0; from < MEMBERS; from += 250) {
    const ids = Array.from({ length: Math.min(250, MEMBERS - from) }, (_, i) => from + i);
    const user = (i: number) => `fy-member-${i}`;
    for (const i of ids) tokens.set(i, newToken('pb_'));
    await t.store.db.transaction().execute(async (trx) => {
      await insertRows(trx, t.store.dialect, 'users', ['id', 'username', 'fullname', 'avatar_url', 'created_at', 'email', 'password_hash', 'role'],
        ids.map((i) => ({ id: user(i), username: `fy${i}`, fullname: null, avatar_url: null, created_at: NOW, email: `fy${i}@example.org`, password_hash: 'none', role: 'member' })));
      await insertRows(trx, t.store.dialect, 'api_tokens', ['id', 'user_id', 'name', 'token_hash', 'created_at', 'last_used_at', 'revoked_at'],
        ids.map((i) => ({ id: `fy-token-${i}`, user_id: user(i), name: 'bench', token_hash: hashToken(tokens.get(i)!), created_at: NOW, last_used_at: null, revoked_at: null })));
      const votes = ids.flatMap((i) => [...new Set(Array.from({ length: SIGNALS }, () => syntheticId(Math.floor(random() * PAPERS))))]
        .map((paper, s) => ({ user_id: user(i), paper_id: paper, created_at: new Date(Date.parse(NOW) - s * 60_000).toISOString() })));
      await insertRows(trx, t.store.dialect, 'votes', ['user_id', 'paper_id', 'created_at'], votes);
    });
  }
  await rebuildDerivedCounts(t.store.db);
  console.log(`${MEMBERS.toLocaleString('en')} members with ${SIGNALS} upvotes each in ${secondsSince(started)} s`);

  const searcher = new Searcher(t.store);
  const deps = { store: t.store, config: loadConfig({ BASE_URL: 'https://papers.example.org', MAIL_RATE_PER_SECOND: '10000' }), logger: silentLogger(), arxiv: {} as never, searcher, clock: () => new Date(NOW) };
  started = performance.now();
  const refreshed = await refreshMemberModels(deps);
  const modelSeconds = (performance.now() - started) / 1000;
  const modelBytes = (await t.store.db.selectFrom('member_models').select((eb) => eb.fn.sum<number>(eb.fn('length', ['model'])).as('n')).executeTakeFirstOrThrow()).n;
  console.log(`the refresh job built ${refreshed.rebuilt.toLocaleString('en')} models in ${modelSeconds.toFixed(0)} s (${Math.round(refreshed.rebuilt / modelSeconds)} members/s), ${Math.round(Number(modelBytes) / refreshed.rebuilt / 1024)} KiB each as stored`);
  const app = buildTestApp(t.store, { now: new Date(NOW), searcher });
  const askers = Array.from({ length: REQUESTS }, () => Math.floor(random() * MEMBERS));
  const auth = (i: number) => ({ authorization: `Bearer ${tokens.get(i)!}` });
  const timeOne = async (path: string, i: number) => {
    const begun = performance.now();
    const res = await app.request(path, { headers: auth(i) });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return performance.now() - begun;
  };
  const time = async (label: string, path: string) => {
    await timeOne(path, askers[0]!); // warm: term statistics and vectors are read once per process
    const ms: number[] = [];
    for (const i of askers) ms.push(await timeOne(path, i));
    console.log(`| ${label} | ${percentile(ms, 0.5).toFixed(1)} ms | ${percentile(ms, 0.95).toFixed(1)} ms |`);
  };
  console.log(`\n| GET /api/me/recommendations?limit=20, ${REQUESTS} members | median | p95 |`);
  console.log('|---|---|---|');
  await time('a feed day (2020-02-10)', '/api/me/recommendations?limit=20&date=2020-02-10');
  await time('a feed week (2020-W06)', '/api/me/recommendations?limit=20&week=2020-W06');
  await time('the whole collection', '/api/me/recommendations?limit=20');
  const refresh: number[] = [];
  for (const [n, i] of askers.entries()) {
    const begun = performance.now();
    const vote = await app.request(`/api/papers/${syntheticId((n * 7919) % PAPERS)}/upvote`, { method: 'POST', headers: { ...auth(i), 'content-type': 'application/json' }, body: '{"upvoted": true}' });
    if (vote.status !== 200) throw new Error(`upvote: ${vote.status}`);
    await timeOne('/api/me/recommendations?limit=20', i);
    refresh.push(performance.now() - begun);
  }
  console.log(`| a new upvote, then the whole collection ranked with it | ${percentile(refresh, 0.5).toFixed(1)} ms | ${percentile(refresh, 0.95).toFixed(1)} ms |`);
  const rebuild: number[] = [];
  for (const [n, i] of askers.entries()) {
    await setVote(t.store.db, `fy-member-${i}`, syntheticId((n * 104_729 + 17) % PAPERS), true, NOW);
    const begun = performance.now();
    if (!(await refreshMemberModel(deps, `fy-member-${i}`))) throw new Error('the model was not rebuilt after a new upvote');
    rebuild.push(performance.now() - begun);
  }
  console.log(`| the model alone rebuilt after a new upvote (refreshMemberModel: what the job or the next request does) | ${percentile(rebuild, 0.5).toFixed(1)} ms | ${percentile(rebuild, 0.95).toFixed(1)} ms |`);
  await digestRun(deps);
  console.log(`\n${t.store.dialect.name}; load average ${loadavg()[0]!.toFixed(1)} at the end; RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
} finally {
  await t.drop();
}

/** Every member subscribes to the daily digest; the digest of the feed day goes to them all, each with their For-you section. */
async function digestRun(deps: Parameters<typeof periodRecommender>[0] & { config: ReturnType<typeof loadConfig> }): Promise<void> {
  const now = NOW;
  for (let from = 0; from < MEMBERS; from += 500) {
    await insertRows(t.store.db, t.store.dialect, 'subscriptions', ['id', 'email', 'user_id', 'frequency', 'interests', 'status', 'confirm_token_hash', 'confirmed_at', 'permanent_failures', 'created_at', 'updated_at'],
      Array.from({ length: Math.min(500, MEMBERS - from) }, (_, j) => ({ id: `fy-sub-${String(from + j).padStart(7, '0')}`, email: `fy${from + j}@example.org`, user_id: `fy-member-${from + j}`, frequency: 'daily', interests: '{}', status: 'active', confirm_token_hash: null, confirmed_at: now, permanent_failures: 0, created_at: now, updated_at: now })));
  }
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const sink = fork(new URL('./smtp-sink.ts', import.meta.url).pathname, [String(port)], { execArgv: ['--import', 'tsx'] });
  await new Promise((resolve) => sink.once('message', resolve));
  const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`, deps.config.mailFrom);
  try {
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    let personal = 0;
    const forYou = async (fromDay: string, toDay: string) => {
      const rank = await periodRecommender(deps, fromDay, toDay);
      return async (userId: string, limit: number) => {
        const ranked = await rank(userId, limit);
        if (ranked.length) personal++;
        return ranked;
      };
    };
    const started = performance.now();
    const report = await sendDigests({ store: t.store, config: deps.config, logger: deps.logger, mailer, forYou }, { frequency: 'daily', period: parsePeriod('day', '2020-02-10')! });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (report.sent !== MEMBERS) throw new Error(`digest sent ${report.sent} of ${MEMBERS}: ${JSON.stringify(report)}`);
    const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
    console.log(`\ndigest of 2020-02-10 to ${MEMBERS.toLocaleString('en')} members, ${personal.toLocaleString('en')} with a For-you section: ${seconds.toFixed(1)} s = ${Math.round(MEMBERS / seconds)} messages/s; RSS ${mib(rssBefore)} before, ${mib(peak)} at most while sending`);
  } finally {
    mailer.close();
    sink.kill();
  }
}
