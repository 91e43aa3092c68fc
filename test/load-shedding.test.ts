import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Searcher } from '../src/search/searcher.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { createSqliteDatabase, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';

/** The real searcher, made to wait at a gate the test opens: searches that take their time. */
class HeldSearcher extends Searcher {
  started = 0;
  release!: () => void;
  readonly gate = new Promise<void>((resolve) => (this.release = resolve));
  override async rank(request: Parameters<Searcher['rank']>[0]) {
    this.started++;
    await this.gate;
    return super.rank(request);
  }
}

describe('load shedding', () => {
  let t: TestDatabase;
  let app: TestApp;
  let searcher: HeldSearcher;
  before(async () => {
    t = await createSqliteDatabase();
    await upsertPapers(t.store.db, t.store.dialect, [makePaper('2603.70001', { title: 'Diffusion models' })]);
    searcher = new HeldSearcher(t.store);
    app = buildTestApp(t.store, { now: new Date('2026-03-18T15:00:00Z'), searcher });
  });
  after(() => t.drop());

  it('answers 503 with Retry-After past the search queue, keeps /healthz answering, and serves the admitted searches', async () => {
    let answered = 0;
    const storm = Array.from({ length: 100 }, (_, i) => Promise.resolve(app.request(`/api/papers/search?q=diffusion+${i}`)).then((res: Response) => { answered++; return res; }));
    // 1 runs and 64 wait (SEARCH_GATE); the other 35 are answered while those are still held.
    while (answered < 35) await new Promise((r) => setImmediate(r));
    assert.equal(searcher.started, 1);
    const health = await app.request('/healthz');
    assert.equal(health.status, 200);
    assert.equal(answered, 35, 'nothing admitted has finished');
    searcher.release();
    const answers = await Promise.all(storm);
    const shed = answers.filter((r) => r.status === 503);
    assert.equal(shed.length, 35);
    assert.equal(answers.filter((r) => r.status === 200).length, 65, 'every admitted one was served');
    assert.equal(shed[0]!.headers.get('retry-after'), '2');
    assert.equal(((await shed[0]!.json()) as { error: { code: string } }).error.code, 'unavailable');
    assert.equal(searcher.started, 65, 'a shed search never started');
  });

  it('never starts a queued search whose client has gone', async () => {
    const held = new HeldSearcher(t.store);
    const local = buildTestApp(t.store, { now: new Date('2026-03-18T15:00:00Z'), searcher: held });
    const busy = Array.from({ length: 1 }, (_, i) => local.request(`/api/papers/search?q=busy+${i}`));
    const client = new AbortController();
    const gone = local.request(new Request(`http://paperboy.test/api/papers/search?q=gone`, { signal: client.signal }));
    client.abort();
    await gone;
    held.release();
    await Promise.all(busy);
    assert.equal(held.started, 1);
  });

  it('sheds searches beyond the one running while the event loop runs late, lets a lone search through, and serves them again when it catches up', async () => {
    let lagMs = 120;
    const held = new HeldSearcher(t.store);
    const lagging = buildTestApp(t.store, { now: new Date('2026-03-18T15:00:00Z'), searcher: held, loopLag: { lagMs: () => lagMs, stop: () => undefined } });
    const first = lagging.request('/api/papers/search?q=diffusion+first');
    while (held.started < 1) await new Promise((r) => setImmediate(r));
    const shed = await lagging.request('/api/papers/search?q=diffusion+late');
    assert.equal(shed.status, 503, 'a second search is shed while the loop is late');
    assert.equal(shed.headers.get('retry-after'), '2');
    assert.equal((await lagging.request('/healthz')).status, 200, 'health is never shed');
    const page = await lagging.request('/papers?q=diffusion+page', { headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(page.status, 503);
    assert.equal(page.headers.get('retry-after'), '2');
    assert.match(await page.text(), /<h1>Busy right now<\/h1>[\s\S]*try again in a few seconds/, 'a shed page is a page, not a line of text');
    held.release();
    assert.equal((await first).status, 200, 'the lone search got through although the loop was late');
    lagMs = 0;
    assert.equal((await lagging.request('/api/papers/search?q=diffusion+again')).status, 200);
  });
});
