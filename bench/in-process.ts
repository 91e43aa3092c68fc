/**
 * What a request costs inside the process, without HTTP (issue #14's profiles): the app on the
 * corpus in SQLite, one request at a time through `app.request`, for
 *   - a signed-in member's day page (browser session; 10 papers upvoted and saved),
 *   - the same page anonymous from the response cache,
 *   - /api/daily_papers with the response cache off (CACHE_MAX_MB=0: every request a miss);
 *   - the member's page against the anonymous one, alternating, 7 rounds, medians (their ratio);
 *   - /api/papers/search with the response cache off, the speed bench's 400 varied queries twice;
 * and, to show why templates and items are joined as bytes, joining the ~250 pieces of a 140 KB
 * page as JavaScript strings against as Buffers.
 *   npx tsx bench/in-process.ts [REQUESTS]      (default 2,000; needs ../shared)
 */
import { cpus, loadavg } from 'node:os';
import { importJsonlFile } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { rerank } from '../src/jobs/rerank.ts';
import { buildTestApp, type TestApp } from '../test/helpers/app.ts';
import { createSqliteDatabase } from '../test/helpers/databases.ts';
import { browserSession, makeMember } from '../test/helpers/factories.ts';
import { readShared, sharedFile } from '../test/helpers/shared.ts';
import { indexPending } from '../src/search/indexer.ts';

const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench/in-process ${corpus.skip}`);
  process.exit(2);
}
const REQUESTS = Number(process.argv[2] ?? 2000);
const DAY = '/papers/date/2026-02-10';
const NOW = new Date('2026-02-11T12:00:00Z');

async function perRequest(app: TestApp, path: string, headers: Record<string, string> = {}): Promise<string> {
  for (let i = 0; i < 50; i++) await (await app.request(path, { headers })).arrayBuffer();
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) await (await app.request(path, { headers })).arrayBuffer();
  return `${((performance.now() - started) / REQUESTS).toFixed(3)} ms`;
}

function joins(): string {
  let page = `${'x'.repeat(2000)}·`;
  for (let i = 0; i < 50; i++) page += `<li>${'card text ★ '.repeat(200)}SLOT SLOT SLOT SLOT SLOT</li>`;
  const parts = page.split('SLOT');
  const time = (f: () => unknown) => {
    const started = performance.now();
    for (let i = 0; i < 1000; i++) f();
    return `${((performance.now() - started) / 1000).toFixed(3)} ms`;
  };
  const strings = time(() => parts.flatMap((p) => [p, 'true']).join(''));
  const bytes = parts.map((p) => Buffer.from(p));
  const word = Buffer.from('true');
  const buffers = time(() => Buffer.concat(bytes.flatMap((b) => [b, word])));
  return `joining ${parts.length * 2} pieces of a ${Math.round(page.length / 1000)} K-character page: as strings ${strings}, as Buffers ${buffers}`;
}

const t = await createSqliteDatabase();
try {
  await importJsonlFile(t.store, corpus.path, emptyReport());
  await rerank(t.store);
  await indexPending(t.store, { kind: 'corpus' });
  const { member, auth } = await makeMember(t.store, { prefix: 'bench' });
  const browser = await browserSession(t.store, member, NOW);
  const cached = buildTestApp(t.store, { now: NOW });
  const day = (await (await cached.request('/api/daily_papers?date=2026-02-10&limit=50')).json()) as Array<{ paper: { id: string } }>;
  for (const { paper } of day.slice(0, 10)) {
    for (const action of ['upvote', 'save']) await cached.request(`/api/papers/${paper.id}/${action}`, { method: 'POST', headers: auth });
  }
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}; ${REQUESTS} requests each`);
  console.log(`member's day page: ${await perRequest(cached, DAY, browser)}`);
  console.log(`anonymous day page, cached: ${await perRequest(cached, DAY)}`);
  const uncached = buildTestApp(t.store, { now: NOW, env: { CACHE_MAX_MB: '0' } });
  console.log(`/api/daily_papers, every request a miss: ${await perRequest(uncached, '/api/daily_papers')}`);
  // Alternating, so that the machine's drift between runs falls on both alike.
  const rounds: Array<[number, number]> = [];
  for (let r = 0; r < 7; r++) rounds.push([parseFloat(await perRequest(cached, DAY)), parseFloat(await perRequest(cached, DAY, browser))]);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[3]!;
  const [anonymous, signedIn] = [median(rounds.map((r) => r[0])), median(rounds.map((r) => r[1]))];
  console.log(`anonymous / member's day page, medians of 7 alternating rounds: ${anonymous.toFixed(3)} / ${signedIn.toFixed(3)} ms, ratio ${(anonymous / signedIn).toFixed(2)}`);
  const queries = readShared('corpus/papers.jsonl').split('\n').filter(Boolean).slice(0, 400)
    .map((line) => `/api/papers/search?q=${encodeURIComponent((JSON.parse(line) as { title: string }).title.split(/\s+/).slice(0, 3).join(' '))}&limit=20`);
  let searched = 0;
  const started = performance.now();
  for (let r = 0; r < 2; r++) for (const q of queries) searched += (await (await uncached.request(q)).arrayBuffer()).byteLength > 0 ? 1 : 0;
  console.log(`/api/papers/search, 400 varied queries twice, every request a miss: ${((performance.now() - started) / (2 * queries.length)).toFixed(2)} ms a search (${searched} answered)`);
  console.log(joins());
} finally {
  await t.drop();
}
