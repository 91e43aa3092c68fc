/**
 * For-you speed on the corpus (issue #16, a first measure; the 1M-paper run is still to do):
 *   1. GET /api/me/recommendations for members with 20 upvotes each: latency over the whole
 *      collection and for one feed week, in process;
 *   2. a digest run's For-you rankings: members ranked per second against one prepared week.
 *   npx tsx bench/for-you.ts            (SQLite; PostgreSQL too with TEST_DATABASE_URL)
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { loadConfig } from '../src/config/config.ts';
import { importJsonlFile } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { periodRecommender } from '../src/members/recommend.ts';
import { indexPending } from '../src/search/indexer.ts';
import { Searcher } from '../src/search/searcher.ts';
import { listPaperIds } from '../src/store/papers.ts';
import { setVote } from '../src/store/votes.ts';
import { buildTestApp } from '../test/helpers/app.ts';
import { dialectsUnderTest } from '../test/helpers/databases.ts';
import { makeMember } from '../test/helpers/factories.ts';
import { sharedFile } from '../test/helpers/shared.ts';

const MEMBERS = 50;
const SIGNALS = 20;
const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench:for-you ${corpus.skip}`);
  process.exit(2);
}
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}`);
for (const dialect of dialectsUnderTest()) {
  const t = await dialect.create();
  try {
    await importJsonlFile(t.store, corpus.path, emptyReport());
    await indexPending(t.store, { kind: 'corpus' });
    const ids = await listPaperIds(t.store.db, { afterId: '', limit: 10_000 });
    const searcher = new Searcher(t.store);
    const app = buildTestApp(t.store, { now: new Date('2026-03-20T12:00:00Z'), searcher });
    const members: Array<Awaited<ReturnType<typeof makeMember>>> = [];
    for (let m = 0; m < MEMBERS; m++) {
      const made = await makeMember(t.store, { prefix: 'fy' });
      for (let s = 0; s < SIGNALS; s++) await setVote(t.store.db, made.member.id, ids[(m * 97 + s * 13) % ids.length]!, true, new Date().toISOString());
      members.push(made);
    }
    const time = async (path: string) => {
      const ms: number[] = [];
      for (const m of members) {
        const started = performance.now();
        const res = await app.request(path, { headers: m.auth });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        ms.push(performance.now() - started);
      }
      return `median ${percentile(ms, 0.5).toFixed(1)} ms, p95 ${percentile(ms, 0.95).toFixed(1)} ms`;
    };
    await app.request('/api/me/recommendations', { headers: members[0]!.auth }); // term statistics are built once per process
    console.log(`\n${dialect.name}: ${ids.length} papers, ${MEMBERS} members with ${SIGNALS} upvotes each`);
    console.log(`  /api/me/recommendations?limit=20, whole collection: ${await time('/api/me/recommendations?limit=20')}`);
    console.log(`  /api/me/recommendations?limit=20&week=2026-W12: ${await time('/api/me/recommendations?limit=20&week=2026-W12')}`);
    const deps = { store: t.store, config: loadConfig({}), logger: silentLogger(), arxiv: {} as never, searcher };
    let started = performance.now();
    const rank = await periodRecommender(deps, '2026-03-16', '2026-03-22');
    const prepareMs = performance.now() - started;
    started = performance.now();
    for (let round = 0; round < 4; round++) for (const m of members) await rank(m.member.id, 5);
    const perSecond = (4 * MEMBERS) / ((performance.now() - started) / 1000);
    console.log(`  digest For-you sections for a week: prepared in ${prepareMs.toFixed(0)} ms, then ${Math.round(perSecond)} members/s`);
  } finally {
    await t.drop();
  }
}
