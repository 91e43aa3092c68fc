import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { indexPending } from '../src/search/indexer.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { createSqliteDatabase, type TestDatabase } from './helpers/databases.ts';
import { feedparserSkip, parseFeed } from './helpers/feedparser.ts';
import { makeMember } from './helpers/factories.ts';
import { makePaper } from './helpers/papers.ts';

const TOPICS = [
  { prefix: '2402.001', title: 'Virtual try-on with garment warping', words: 'virtual try-on dressing a person with a garment from a shop photo, clothing and outfit transfer' },
  { prefix: '2402.002', title: 'Monocular depth estimation', words: 'monocular depth estimation from a single image, per-pixel distance and metric depth maps' },
];
const papers = [
  ...TOPICS.flatMap((topic) => Array.from({ length: 6 }, (_, i) => makePaper(`${topic.prefix}${i}`, {
    title: `${topic.title} ${i}`, abstract: `We study ${topic.words}. Experiment ${i}.`, upvotes: i,
  }))),
  makePaper('2401.05566', { title: 'Sleeper Agents: Training Deceptive LLMs', abstract: 'Deceptive behaviour persists through safety training.' }),
];

interface Span { type: 'text' | 'highlight'; text: string }
interface SearchItem { paper: { id: string }; title: string; summary: string; highlightedTitle: Span[]; highlightedSummary: Span[] }

describe('search over HTTP', () => {
  let t: TestDatabase;
  let app: TestApp;
  const get = (path: string) => app.request(path);
  const page = async (path: string, status = 200) => {
    const res = await get(path);
    assert.equal(res.status, status, path.slice(0, 80));
    return res.text();
  };
  const api = async (path: string, status = 200) => {
    const res = await get(path);
    assert.equal(res.status, status, path.slice(0, 80));
    return res.json() as Promise<unknown>;
  };

  before(async () => {
    t = await createSqliteDatabase();
    await upsertPapers(t.store.db, t.store.dialect, papers);
    await indexPending(t.store, { kind: 'corpus' });
    app = buildTestApp(t.store, { now: new Date('2026-03-18T12:00:00Z') });
  });
  after(async () => {
    await t.drop();
  });

  it('has a search box on every page that submits to /papers', async () => {
    for (const path of ['/', '/papers/trending', '/papers/2401.05566', '/papers?q=garment', '/signin']) {
      assert.match(await page(path), /<form class="search" action="\/papers" method="get" role="search">/, path);
    }
  });

  it('answers the API with HF search items whose highlighted runs join into the title and abstract', async () => {
    const items = (await api('/api/papers/search?q=garments&limit=3')) as SearchItem[];
    assert.equal(items.length, 3);
    for (const item of items) {
      assert.ok(item.paper.id.startsWith('2402.001'));
      assert.equal(item.highlightedTitle.map((s) => s.text).join(''), item.title);
      assert.equal(item.highlightedSummary.map((s) => s.text).join(''), item.summary);
      assert.deepEqual(item.highlightedSummary.filter((s) => s.type === 'highlight').map((s) => s.text), ['garment']);
    }
    assert.equal(((await api('/api/papers/search?q=arxiv.org/abs/2401.05566v2')) as SearchItem[])[0]!.paper.id, '2401.05566');
  });

  it('marks which results the member asking upvoted, and sorts by upvotes with the same item shape', async () => {
    const { auth } = await makeMember(t.store, { prefix: 'searcher' });
    assert.equal((await app.request('/api/papers/2402.0013/upvote', { method: 'POST', headers: auth })).status, 200);
    const mine = (await (await app.request('/api/papers/search?q=garment&limit=6', { headers: auth })).json()) as Array<SearchItem & { upvoted: boolean }>;
    assert.deepEqual(mine.filter((i) => i.upvoted).map((i) => i.paper.id), ['2402.0013']);
    assert.equal(mine.filter((i) => !i.upvoted).length, 5);
    // Nobody signed in: no upvoted field at all, as on Hugging Face.
    const anonymous = (await api('/api/papers/search?q=garment&limit=6&sort=upvotes')) as Array<SearchItem & { upvoted?: boolean }>;
    assert.ok(anonymous.every((i) => i.upvoted === undefined));
    assert.equal(anonymous[0]!.paper.id, '2402.0015');
    for (const item of anonymous) assert.equal(item.highlightedTitle.map((s) => s.text).join(''), item.title);
  });

  it('refuses malformed API searches with a message naming the parameter', async () => {
    const error = async (path: string) => ((await api(path, 400)) as { error: { code: string; message: string } }).error;
    assert.match((await error('/api/papers/search')).message, /q is required/);
    assert.match((await error('/api/papers/search?q=%20%20')).message, /q is required/);
    assert.match((await error(`/api/papers/search?q=${'a'.repeat(10_000)}`)).message, /q is 10000 characters long; searches are limited to 250 characters \(as on Hugging Face\)/);
    assert.match((await error('/api/papers/search?q=x&limit=121')).message, /limit must be a whole number from 1 to 120/);
    assert.match((await error('/api/papers/search?q=x&sort=random')).message, /sort must be relevance, newest or upvotes/);
    assert.match((await error('/api/papers/search?q=x&from=2024-02-30')).message, /from must be a day written YYYY-MM-DD/);
    assert.match((await error('/api/papers/search?q=x&from=2024-03-01&to=2024-02-01')).message, /from \(2024-03-01\) is after to/);
    assert.equal((await error('/api/papers/search')).code, 'invalid_input');
  });

  it('answers odd and hostile queries with a 200, on the page and in the API', async () => {
    const queries = ['"unbalanced (', 'NEAR(garment depth)', '-garment*', 'garment AND OR NOT', "' OR 1=1; DROP TABLE papers; --", '大语言模型', '🚀🔥', 'zzqx wvvy', '%', '\\'];
    for (const q of queries) {
      await api(`/api/papers/search?q=${encodeURIComponent(q)}`);
      await page(`/papers?q=${encodeURIComponent(q)}`);
    }
    assert.ok(((await api('/api/papers/search?q=garment')) as unknown[]).length > 0, 'the papers are still there');
  });

  it('shows results as cards with the query words marked, and links the search feeds', async () => {
    const html = await page('/papers?q=garment+warping');
    assert.match(html, /<h1>Search: “garment warping”<\/h1>/);
    assert.match(html, /<mark>garment<\/mark>/);
    assert.match(html, /<mark>warping<\/mark>/);
    assert.match(html, /<li class="card">/);
    assert.match(html, /<link rel="alternate" type="application\/rss\+xml" title="[^"]*" href="\/feeds\/search\.rss\?q=garment\+warping"/);
    assert.match(html, /<meta name="robots" content="noindex"/);
  });

  it('says when a query was cut, misspelt, empty of words or matched nothing, and suggests what to do', async () => {
    assert.match(await page(`/papers?q=${'garment '.repeat(1250)}`), /Your search was 9,999 characters long; only its first 250 were searched\./);
    assert.match(await page('/papers?q=garmnet'), /No paper has “garmnet”; searched for <strong>garment<\/strong> instead\./);
    for (let i = 0; i < 2; i++) {
      assert.equal((await get('/api/papers/search?q=garmnet')).headers.get('x-search-corrections'), 'garmnet=garment', i ? 'from the cache too' : 'computed');
    }
    assert.match(await page('/papers?q=%F0%9F%9A%80'), /has no letters or digits to search for/);
    const none = await page('/papers?q=zzqx+wvvy');
    assert.match(none, /No papers match “zzqx wvvy”\./);
    assert.match(none, /Check the spelling, or use fewer or more general words\./);
    assert.match(none, /href="\/papers\/trending"/);
    assert.match(await page('/papers?q=zzqx&category=cs.XX'), /Search again without the filters/);
    assert.match(await page('/papers'), /Type a topic, a title/);
    assert.match(await page('/papers?q=2501.00001'), /2501\.00001 is not on Paperboy yet/);
  });

  it('escapes the query wherever it is shown', async () => {
    const html = await page(`/papers?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('serves a search as RSS, Atom and JSON Feed', async () => {
    const rss = await page('/feeds/search.rss?q=depth');
    assert.match(rss, /<rss version="2.0"/);
    assert.match(rss, /Monocular depth estimation/);
    assert.match(rss, /href="http:\/\/paperboy\.test\/feeds\/search\.rss\?q=depth"/);
    assert.match(await page('/feeds/search.atom?q=depth'), /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
    const json = JSON.parse(await page('/feeds/search.json?q=depth')) as { feed_url: string; items: Array<{ title: string }> };
    assert.equal(json.feed_url, 'http://paperboy.test/feeds/search.json?q=depth');
    assert.ok(json.items.length >= 6 && json.items.slice(0, 6).every((i) => i.title.startsWith('Monocular depth')));
    await page('/feeds/search.rss', 400);
  });

  it('writes search feeds that a feed reader parses cleanly, query string and all', async (ctx) => {
    const skip = await feedparserSkip();
    if (skip) return ctx.skip(skip);
    for (const [ext, type] of [['rss', 'application/rss+xml'], ['atom', 'application/atom+xml']] as const) {
      const feed = await parseFeed(await page(`/feeds/search.${ext}?q=depth&sort=upvotes`), type);
      assert.equal(feed.bozo, false, feed.error);
      assert.equal(feed.entries[0]!.title, 'Monocular depth estimation 5');
      assert.equal(feed.link, 'http://paperboy.test/papers?q=depth&sort=upvotes');
    }
  });

  it('shows related papers on a paper page and lists them in the API', async () => {
    const html = await page('/papers/2402.0010');
    assert.match(html, /<h2 id="related-heading">Related papers<\/h2>/);
    assert.match(html, /href="\/papers\/2402\.0011"/);
    const related = (await api('/api/papers/2402.0010/related?limit=4')) as SearchItem[];
    assert.equal(related.length, 4);
    assert.ok(related.every((r) => r.paper.id.startsWith('2402.001') && r.paper.id !== '2402.0010'));
    await api('/api/papers/2499.99999/related', 404);
  });
});
