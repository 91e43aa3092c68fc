import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { parseJsonFeed } from 'feedsmith';
import { importSeed } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { rerank } from '../src/jobs/rerank.ts';
import { findOrganization } from '../src/store/people.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { createSqliteDatabase, type TestDatabase } from './helpers/databases.ts';
import { feedparserSkip, parseFeed } from './helpers/feedparser.ts';
import { makePaper } from './helpers/papers.ts';

/** Tuesday, the day after the seed page was captured (2026-04-20). */
const NOW = new Date('2026-04-21T15:00:00Z');
const feedSkip = await feedparserSkip();

describe('the whole site', () => {
  let t: TestDatabase;
  let app: TestApp;
  before(async () => {
    t = await createSqliteDatabase();
    await importSeed(t.store, emptyReport());
    await upsertPapers(t.store.db, t.store.dialect, [makePaper('2604.00007', {
      title: 'A Paper With Everything On It',
      authors: [{ name: 'Zoë Ångström', affiliation: 'KTH' }, { name: '李雷', affiliation: null }],
      latestVersion: 2,
      versions: [{ version: 1, submittedAt: '2026-04-01T10:00:00.000Z' }, { version: 2, submittedAt: '2026-04-08T10:00:00.000Z' }],
      doi: '10.1234/everything', journalRef: 'J. Everything 1 (2026)', comment: '9 pages, 2 figures',
      organization: { slug: 'acme', name: 'Acme Lab' }, upvotes: 3,
      listing: { day: '2026-04-09', submittedAt: '2026-04-09T14:00:00.000Z', submitter: { username: 'ana', fullname: 'Ana Núñez', avatarUrl: null } },
    })]);
    await rerank(t.store);
    app = buildTestApp(t.store, { now: NOW });
  });
  after(() => t.drop());
  const html = async (path: string, status = 200) => {
    const res = await app.request(path);
    assert.equal(res.status, status, path);
    return res.text();
  };

  describe('periods', () => {
    it('shows a week with Daily, Weekly and Monthly tabs and links to the weeks around it', async () => {
      const page = await html('/papers/week/2026-W12');
      assert.match(page, /Weekly Papers — Week 12 of 2026 \(Mar 16 – Mar 22, 2026\)/);
      assert.match(page, /Astrolabe/);
      assert.match(page, /href="\/papers\/date\/2026-03-22"[^>]*>Daily/);
      assert.match(page, /href="\/papers\/month\/2026-03"[^>]*>Monthly/);
      assert.match(page, /href="\/papers\/week\/2026-W11" rel="prev"/);
      assert.match(page, /href="\/papers\/week\/2026-W13" rel="next"/);
    });

    it('shows a month, and says when it is the latest one', async () => {
      const march = await html('/papers/month/2026-03');
      assert.match(march, /Monthly Papers — March 2026/);
      assert.match(march, /Astrolabe/);
      assert.match(march, /href="\/papers\/month\/2026-02" rel="prev"/);
      assert.match(await html('/papers/month/2026-04'), /This is the latest month/);
    });

    it('shows the latest published day for a future date, and says so', async () => {
      const page = await html('/papers/date/2030-01-01');
      assert.match(page, /Jan 1, 2030 has not started yet; showing the latest day with papers/);
      assert.match(page, /Daily Papers — Apr 12, 2026/);
      assert.match(await html('/papers/week/2030-W01'), /showing the latest week/);
    });

    it('says that weekends have no papers and points to the latest earlier day', async () => {
      const page = await html('/papers/date/2026-04-18');
      assert.match(page, /it is a weekend, and arXiv announces new papers only from Sunday to Thursday evening/);
      assert.match(page, /The latest papers before this are on <a href="\/papers\/date\/2026-04-12">/);
    });

    it('says so on an empty weekday', async () => {
      assert.match(await html('/papers/date/2026-04-15'), /No papers were listed on Apr 15, 2026\./);
    });

    it('refuses malformed periods with a message that shows the format', async () => {
      assert.match(await html('/papers/week/2026-W60', 400), /write it YYYY-Www/);
      assert.match(await html('/papers/month/2026-13', 400), /write it YYYY-MM/);
    });
  });

  describe('lists', () => {
    it('shows trending papers best first, each with why it trends in words rather than a raw score', async () => {
      const page = await html('/papers/trending');
      const api = (await (await app.request('/api/trending?limit=3')).json()) as Array<{ paper: { title: string }; trendingScore: number }>;
      const positions = api.map((item) => page.indexOf(item.paper.title.replace(/&/g, '&amp;')));
      assert.ok(positions.every((p, i) => p > 0 && (i === 0 || p > positions[i - 1]!)), 'same order as the API');
      assert.match(page, /Trending: \d+ upvotes? since it was listed \d+ (hours|days) ago/);
      assert.doesNotMatch(page, /trending score/);
    });

    it("shows an organization's papers with their count", async () => {
      const org = (await findOrganization(t.store.db, 'tencent'))!;
      const page = await html('/organizations/tencent');
      assert.match(page, new RegExp(`${org.paperCount} papers, newest first`));
      assert.match(page, /DRIVE: Data Curation Best Practices/);
      await html('/organizations/nobody', 404);
    });

    it('finds authors whose names have accents or are in another script', async () => {
      for (const name of ['Zoë Ångström', '李雷']) {
        const page = await html(`/authors/${encodeURIComponent(name)}`);
        assert.match(page, /1 paper, newest first/);
        assert.match(page, /A Paper With Everything On It/);
      }
      await html('/authors/Nobody%20Atall', 404);
    });
  });

  describe('the paper page', () => {
    it('shows versions, categories, comment, journal ref, DOI, organization, daily entry and BibTeX', async () => {
      const page = await html('/papers/2604.00007');
      for (const expected of [/v1 \(Apr 1, 2026\)/, /v2 \(Apr 8, 2026\)/, /cs\.LG, cs\.AI/, /9 pages, 2 figures/, /J\. Everything 1 \(2026\)/,
        /href="https:\/\/doi\.org\/10\.1234\/everything"/, /href="\/organizations\/acme"/, /href="\/papers\/date\/2026-04-09">Apr 9, 2026<\/a> · submitted by Ana Núñez/,
        /@article\{angstrom2026paper,/, /eprint = \{2604\.00007\}/, /Copy BibTeX/, /href="\/authors\/Zo%C3%AB%20%C3%85ngstr%C3%B6m"/]) {
        assert.match(page, expected);
      }
    });

    it('is also Markdown, at .md and by Accept header', async () => {
      const md = await app.request('/papers/2604.00007.md');
      assert.equal(md.headers.get('content-type'), 'text/markdown; charset=utf-8');
      const text = await md.text();
      assert.match(text, /^# A Paper With Everything On It\n/);
      assert.match(text, /\*\*Authors:\*\* Zoë Ångström, 李雷/);
      assert.match(text, /- arXiv: \[2604\.00007\]\(https:\/\/arxiv\.org\/abs\/2604\.00007\)/);
      const negotiated = await app.request('/papers/2604.00007', { headers: { accept: 'text/markdown' } });
      assert.equal(await negotiated.text(), text);
    });
  });

  describe('feeds', { skip: feedSkip }, () => {
    const lists = ['/feeds/daily', '/feeds/weekly', '/feeds/monthly', '/feeds/trending', '/feeds/organizations/acme', `/feeds/authors/${encodeURIComponent('Zoë Ångström')}`];
    for (const list of lists) {
      it(`serves ${list} as RSS and Atom that feedparser reads, and as JSON Feed that feedsmith reads`, async () => {
        for (const [extension, version] of [['rss', 'rss20'], ['atom', 'atom10']] as const) {
          const res = await app.request(`${list}.${extension}`);
          assert.equal(res.status, 200, `${list}.${extension}`);
          const feed = await parseFeed(await res.text(), res.headers.get('content-type')!);
          assert.equal(feed.bozo, false, `${list}.${extension}: ${feed.error}`);
          assert.equal(feed.version, version);
          assert.match(feed.title, /^Paperboy: /);
          assert.ok(feed.entries.length > 0, `${list}.${extension} has entries`);
          for (const entry of feed.entries) {
            assert.ok(entry.title, 'title');
            assert.match(entry.link, /^http:\/\/paperboy\.test\/papers\//);
            assert.ok(entry.published && entry.published[0]! >= 2023, 'published date');
          }
        }
        // Debian's feedparser 6.0.10 predates JSON Feed support, so an npm parser reads that one.
        const res = await app.request(`${list}.json`);
        assert.equal(res.headers.get('content-type'), 'application/feed+json; charset=utf-8');
        const json = parseJsonFeed(await res.json());
        assert.match(json.title ?? '', /^Paperboy: /);
        assert.ok((json.items ?? []).length > 0);
        for (const item of json.items ?? []) {
          assert.match(item.url ?? '', /^http:\/\/paperboy\.test\/papers\//);
          assert.ok(item.title);
          assert.ok(!Number.isNaN(Date.parse(String(item.date_published))));
        }
      });
    }

    it('carries authors and summaries, with markup in titles kept as text', async () => {
      const feed = await parseFeed(await (await app.request(`/feeds/authors/${encodeURIComponent('李雷')}.atom`)).text(), 'application/atom+xml');
      assert.deepEqual(feed.entries[0]!.authors, ['Zoë Ångström', '李雷']);
      assert.equal(feed.entries[0]!.summary, 'An abstract about 2604.00007.');
    });

    it('is linked from every list page as rel=alternate', async () => {
      for (const [page, feed] of [['/', '/feeds/daily'], ['/papers/week', '/feeds/weekly'], ['/papers/month/2026-03', '/feeds/monthly'], ['/papers/trending', '/feeds/trending'], ['/organizations/acme', '/feeds/organizations/acme']]) {
        const text = await html(page!);
        for (const ext of ['rss', 'atom', 'json']) assert.ok(text.includes(`rel="alternate" type="application/`) && text.includes(`href="${feed}.${ext}"`), `${page} → ${feed}.${ext}`);
      }
    });
  });

  describe('site furniture', () => {
    it('gives every page a title, a description and OpenGraph tags, and a banner to subscribe', async () => {
      for (const path of ['/', '/papers/week', '/papers/trending', '/organizations/acme', '/papers/2604.00007', '/subscribe', '/docs']) {
        const page = await html(path);
        assert.match(page, /^<!doctype html>/i, path);
        assert.match(page, /<title>[^<]+<\/title>/, path);
        assert.match(page, /<meta name="description" content="[^"]+"/, path);
        if (path !== '/docs') {
          assert.match(page, /<meta property="og:title" content="[^"]+"/, path);
          assert.match(page, /Get trending papers in your email inbox! <a href="\/subscribe">Subscribe<\/a>/, path);
        }
      }
    });

    it('lists days, organizations and papers in sitemap.xml and points robots at it', async () => {
      const sitemap = await html('/sitemap.xml');
      assert.match(sitemap, /<loc>http:\/\/paperboy\.test\/papers\/date\/2026-03-17<\/loc>/);
      assert.match(sitemap, /<loc>http:\/\/paperboy\.test\/papers\/2603\.17051<\/loc>/);
      assert.match(sitemap, /<loc>http:\/\/paperboy\.test\/organizations\/tencent<\/loc>/);
      assert.match(await html('/robots.txt'), /Sitemap: http:\/\/paperboy\.test\/sitemap\.xml/);
    });

    it('serves static assets under content-hashed names cached for a year', async () => {
      const page = await html('/');
      const css = /href="(\/static\/style\.[0-9a-f]{10}\.css)"/.exec(page)![1]!;
      const res = await app.request(css);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal((await app.request('/static/style.0000000000.css')).status, 404);
    });

    it('answers a reload of an unchanged page with 304', async () => {
      const first = await app.request('/papers/week/2026-W12');
      const etag = first.headers.get('etag')!;
      assert.equal((await app.request('/papers/week/2026-W12', { headers: { 'if-none-match': etag } })).status, 304);
    });
  });

  describe('API', () => {
    it('lists a week, a month and trending in the Hugging Face shape', async () => {
      const week = (await (await app.request('/api/daily_papers?week=2026-W12')).json()) as any[];
      assert.ok(week.some((i) => i.paper.id === '2603.17051'));
      assert.ok(week.every((i) => i.publishedAt >= '2026-03-16' && i.publishedAt < '2026-03-23'));
      const trending = (await (await app.request('/api/daily_papers?sort=trending&limit=5')).json()) as any[];
      const scores = (await (await app.request('/api/trending?limit=5')).json()) as any[];
      assert.deepEqual(trending.map((i) => i.paper.id), scores.map((i) => i.paper.id));
      assert.ok(scores.every((s, i) => i === 0 || s.trendingScore <= scores[i - 1].trendingScore));
    });

    it("answers a paper's linked repos, an organization and an author", async () => {
      assert.deepEqual(await (await app.request('/api/arxiv/2603.17051/repos')).json(), { models: [], datasets: [], spaces: [] });
      assert.equal((await app.request('/api/arxiv/2699.99999/repos')).status, 404);
      const org = (await (await app.request('/api/organizations/acme')).json()) as any;
      assert.deepEqual(org.organization, { name: 'acme', fullname: 'Acme Lab', numPapers: 1 });
      const author = (await (await app.request(`/api/authors/${encodeURIComponent('李雷')}`)).json()) as any;
      assert.equal(author.papers[0].paper.id, '2604.00007');
    });

    it('is described by a valid OpenAPI 3.1 document whose every public GET path answers', async () => {
      const doc = (await (await app.request('/openapi.json')).json()) as { openapi: string; paths: Record<string, { get?: { security?: unknown } }> };
      const result = await new Validator().validate(doc as never);
      assert.equal(result.valid, true, JSON.stringify(result.errors));
      assert.equal(doc.openapi, '3.1.0');
      const examples: Record<string, string> = { '{id}': '2604.00007', '{slug}': 'acme', '{author}': encodeURIComponent('李雷') };
      // Token-only reads (whoami) and collections (they need one made first: test/library.test.ts) are tested elsewhere.
      const publicReads = Object.keys(doc.paths).filter((path) => doc.paths[path]!.get && !doc.paths[path]!.get!.security && !path.includes('{namespace}'));
      assert.ok(publicReads.includes('/api/collections'));
      for (const path of publicReads) {
        const concrete = path.replace(/\{[a-z]+\}/g, (p) => examples[p]!) + (path === '/api/papers/search' ? '?q=papers' : '');
        assert.equal((await app.request(concrete)).status, 200, concrete);
      }
      assert.match(await html('/docs'), /GET \/api\/daily_papers/);
    });
  });
});
