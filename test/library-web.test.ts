import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createImportFetcher, type ImportFetcher } from '../src/jobs/library-imports.ts';
import { createHttpClient } from '../src/ingest/http.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { hashPassword } from '../src/lib/passwords.ts';
import { createMember } from '../src/store/members.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { FormClient } from './helpers/browser-client.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';
import { startReplayServer, type ReplayServer } from './helpers/replay-server.ts';

const NOW = new Date('2026-03-18T15:00:00Z');
const PASSWORD = 'correct horse battery staple';
const PASSWORD_HASH = hashPassword(PASSWORD);

/** An arXiv API answer for `ids`, as the real one writes entries. */
function arxivFeed(ids: string[]): string {
  const entries = ids.map((id) => `<entry><id>http://arxiv.org/abs/${id}v1</id><updated>2026-03-01T00:00:00Z</updated><published>2026-03-01T00:00:00Z</published>
    <title>Fetched paper ${id}</title><summary>About ${id}.</summary><author><name>Fetched Author</name></author>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG"/><category term="cs.LG"/></entry>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>${ids.length}</opensearch:totalResults>${entries}</feed>`;
}

/** A Zotero-like BibTeX export with the quirks real files have. */
const BIBTEX = `% Exported from Zotero
@string{ neurips = "Advances in Neural Information Processing Systems" }

@inproceedings{muller2026video,
  title = {Diffusion {Models} for {V}ideo with {\\"U}ber-long Context},
  author = {M{\\"u}ller, J{\\'e}r{\\^o}me and Doe, Jane},
  booktitle = neurips,
  year = {2026},
  eprint = {2603.60001},
  archivePrefix = {arXiv}
}

@article{byDoi,
  title = {Matched By Its DOI},
  doi = {https://doi.org/10.5555/Sparse.2026},
  year = 2026
}

@misc{byTitle,
  title = "{Matched} by {Its} Title: Only",
  year = {2025}
}

@article{scholar,
  title={A paper arXiv has},
  journal={arXiv preprint arXiv:2603.60100},
  year={2026}
}

@article{gone,
  title={A paper arXiv does not have},
  url={https://arxiv.org/abs/2603.69999v2},
}

@misc{nothing, year = {2020}}

@article{broken,
  title = {Never closed,
  author = {Somebody}

@misc{muller2026video, title = {Unknown Duplicate Key Paper}}
`;

for (const dialect of dialectsUnderTest()) {
  describe(`library pages, imports and citations on ${dialect.name}`, () => {
    let t: TestDatabase;
    let app: TestApp;
    let arxiv: ReplayServer;
    let fetcher: ImportFetcher;
    let arxivDown = false;
    let users = 0;
    before(async () => {
      t = await dialect.create();
      arxiv = await startReplayServer((url) => {
        if (arxivDown) return { status: 503 };
        const ids = (url.searchParams.get('id_list') ?? '').split(',').filter((id) => id && id !== '2603.69999');
        return { body: arxivFeed(ids) };
      });
      fetcher = createImportFetcher({
        store: t.store, logger: silentLogger(), arxivApiUrl: `${arxiv.url}/api/query`, clock: () => NOW,
        arxiv: createHttpClient({ minIntervalMs: 0, retries: 0, retryBaseMs: 5, timeoutMs: 2000, userAgent: 'paperboy-test' }),
      });
      app = buildTestApp(t.store, { now: NOW, arxivUrl: `${arxiv.url}/api/query`, imports: fetcher });
      await upsertPapers(t.store.db, t.store.dialect, [
        makePaper('2603.60001', { title: 'Diffusion Models for Video with Über-long Context', listing: { day: '2026-03-17', submittedAt: null, submitter: null } }),
        makePaper('2603.60002', { title: 'Sparse Attention at Scale', doi: '10.5555/sparse.2026', listing: { day: '2026-03-17', submittedAt: null, submitter: null } }),
        makePaper('2603.60003', { title: 'Matched by its title: only', listing: { day: '2026-03-16', submittedAt: null, submitter: null } }),
      ]);
    });
    after(async () => {
      await fetcher.idle();
      await arxiv.close();
      await t.drop();
    });

    const signedIn = async () => {
      const username = `lib${process.pid}x${users++}`;
      await createMember(t.store.db, { username, email: `${username}@example.org`, passwordHash: await PASSWORD_HASH, now: NOW.toISOString() });
      const client = new FormClient(app);
      assert.equal((await client.signIn(username, PASSWORD)).status, 303);
      return { client, username };
    };
    const newCollection = async (client: FormClient, title: string, isPrivate = false) => {
      const res = await client.post('/collections', { title, ...(isPrivate ? { private: '1' } : {}) }, { fromPage: '/collections' });
      assert.equal(res.status, 303);
      return res.headers.get('location')!;
    };

    it('upvotes and saves from a day page without JavaScript, returning to the same page with the toggles pressed', async () => {
      const { client } = await signedIn();
      const day = '/papers/date/2026-03-17';
      const up = await client.post('/papers/2603.60001/upvote', { upvoted: '1', return: day }, { fromPage: day });
      assert.equal(up.status, 303);
      assert.equal(up.headers.get('location'), day);
      const save = await client.post('/papers/2603.60002/save', { saved: '1', return: day }, { fromPage: day });
      assert.equal(save.headers.get('location'), day);
      const html = await (await client.get(day)).text();
      assert.match(html, /action="\/papers\/2603.60001\/upvote"[^]*?aria-pressed="true"/);
      assert.match(html, /action="\/papers\/2603.60002\/save"[^]*?aria-pressed="true"[^>]*><span class="label">Saved/);
      const evil = await client.post('/papers/2603.60002/save', { saved: '0', return: 'https://evil.example/' }, { fromPage: day });
      assert.equal(evil.headers.get('location'), '/papers/2603.60002', 'only paths on this site are returned to');
    });

    it('shows signed-out readers a sign-in link that brings them back to the list they were on', async () => {
      const html = await (await app.request('/papers/date/2026-03-17')).text();
      assert.match(html, /href="\/signin\?next=%2Fpapers%2Fdate%2F2026-03-17"/);
      const username = `back${process.pid}`;
      await createMember(t.store.db, { username, email: `${username}@example.org`, passwordHash: await PASSWORD_HASH, now: NOW.toISOString() });
      const client = new FormClient(app);
      const res = await client.post('/signin', { login: username, password: PASSWORD, next: '/papers/date/2026-03-17' });
      assert.equal(res.headers.get('location'), '/papers/date/2026-03-17');
      const offsite = await new FormClient(app).post('/signin', { login: username, password: PASSWORD, next: '//evil.example/' });
      assert.equal(offsite.headers.get('location'), '/');
    });

    it('refuses a card action without the CSRF token and changes nothing', async () => {
      const { client } = await signedIn();
      const res = await client.post('/papers/2603.60003/save', { saved: '1' }, { csrf: null });
      assert.equal(res.status, 403);
      assert.doesNotMatch(await (await client.get('/collections')).text(), /Saved<\/strong><\/a>[^]*?1 paper\b/);
    });

    it('edits a collection with plain forms: add with a note, move, edit the note, remove, rename, delete', async () => {
      const { client } = await signedIn();
      const path = await newCollection(client, 'Video models');
      for (const id of ['2603.60001', '2603.60002', '2603.60003']) {
        assert.equal((await client.post(`${path}/items`, { paper_id: `https://arxiv.org/abs/${id}v2`, note: id === '2603.60001' ? 'Start here' : '' }, { fromPage: path })).status, 303);
      }
      let html = await (await client.get(path)).text();
      assert.match(html, /Start here/);
      const itemIds = [...html.matchAll(/id="item-([0-9a-f]{24})"/g)].map((m) => m[1]!);
      assert.equal(itemIds.length, 3);
      await client.post(`${path}/items/${itemIds[2]}`, { place: '1' }, { fromPage: path });
      await client.post(`${path}/items/${itemIds[0]}`, { note: 'Now second' }, { fromPage: path });
      await client.post(`${path}/items/${itemIds[1]}/remove`, {}, { fromPage: path });
      html = await (await client.get(path)).text();
      const titles = [...html.matchAll(/<li id="item-[0-9a-f]{24}"><a href="\/papers\/([\d.]+)"/g)].map((m) => m[1]);
      assert.deepEqual(titles, ['2603.60003', '2603.60001']);
      assert.match(html, /Now second/);
      const renamed = await client.post(`${path}/edit`, { title: 'Video generation', description: 'Our reading list' }, { fromPage: path });
      const newPath = renamed.headers.get('location')!;
      assert.match(newPath, /^\/collections\/lib\d+x\d+\/video-generation-[0-9a-f]{24}$/);
      assert.equal((await client.get(path)).status, 301, 'the old link leads to the new one');
      const tooLong = await client.post(`${newPath}/edit`, { title: 'x'.repeat(10_000) }, { fromPage: newPath });
      assert.equal(tooLong.status, 400);
      assert.match(await tooLong.text(), /10,000 characters; at most 120/);
      assert.equal((await client.post(`${newPath}/delete`, { confirm: '1' }, { fromPage: newPath })).status, 303);
      assert.equal((await client.get(newPath)).status, 404);
    });

    it('publishes a public collection on its page, in RSS, Atom and JSON feeds, on the paper page and on the owner\'s profile', async () => {
      const { client, username } = await signedIn();
      const path = await newCollection(client, 'Shared picks');
      await client.post(`${path}/items`, { paper_id: '2603.60002', note: 'Sparse & fast' }, { fromPage: path });
      const page = await (await app.request(path)).text();
      assert.match(page, /Sparse &amp; fast/);
      const rss = await app.request(`/feeds${path}.rss`);
      assert.equal(rss.status, 200);
      assert.match(await rss.text(), /<title>Sparse Attention at Scale<\/title>/);
      assert.match(await (await app.request(`/feeds${path}.atom`)).text(), /<feed/);
      assert.equal((await (await app.request(`/feeds${path}.json`)).json() as { items: unknown[] }).items.length, 1);
      assert.match(await (await app.request('/papers/2603.60002')).text(), /Collections including this paper[^]*Shared picks/);
      assert.match(await (await app.request(`/users/${username}`)).text(), /Shared picks/);
      const secret = await newCollection(client, 'Hidden picks', true);
      await client.post(`${secret}/items`, { paper_id: '2603.60002' }, { fromPage: secret });
      assert.equal((await app.request(`/feeds${secret}.rss`)).status, 404);
      assert.doesNotMatch(await (await app.request('/papers/2603.60002')).text(), /Hidden picks/);
      assert.doesNotMatch(await (await app.request(`/users/${username}`)).text(), /Hidden picks/);
    });

    it('writes BibTeX, RIS and CSL-JSON for a paper, a collection, a day and a search, by ?format= and by Accept', async () => {
      const bib = await app.request('/papers/2603.60001?format=bibtex');
      assert.equal(bib.headers.get('content-type'), 'application/x-bibtex; charset=utf-8');
      assert.match(bib.headers.get('content-disposition') ?? '', /attachment; filename="2603.60001.bib"/);
      const text = await bib.text();
      assert.match(text, /^@misc\{lovelace2026diffusion,/);
      assert.match(text, /eprint = \{2603\.60001\}/);
      assert.match(text, /doi = \{10\.48550\/arXiv\.2603\.60001\}/);
      const ris = await (await app.request('/api/papers/2603.60002', { headers: { accept: 'application/x-research-info-systems' } })).text();
      assert.match(ris, /^TY {2}- /m);
      assert.match(ris, /DO {2}- 10\.5555\/sparse\.2026/);
      assert.match(ris, /ER {2}- /);
      const day = await (await app.request('/papers/date/2026-03-17?format=csl-json')).json() as Array<{ id: string; 'citation-key': string }>;
      assert.deepEqual(day.map((d) => d.id).sort(), ['2603.60001', '2603.60002']);
      assert.equal(new Set(day.map((d) => d['citation-key'])).size, 2, 'keys are unique within a file');
      const search = await app.request('/api/papers/search?q=sparse%20attention&format=bibtex');
      assert.match(await search.text(), /title = \{Sparse/);
      assert.equal((await app.request('/papers/2603.60001?format=docx')).status, 400);
      const again = await (await app.request('/papers/2603.60001?format=bibtex')).text();
      assert.equal(again, text, 'the same paper gets the same key and entry every time');
    });

    it('imports a BibTeX file with quirks: matches by arXiv id, DOI and title, fetches what is missing, and lists unmatched and malformed entries with lines', async () => {
      const { client } = await signedIn();
      const path = await newCollection(client, 'From Zotero');
      const res = await upload(client, path, 'library.bib', BIBTEX);
      assert.equal(res.status, 303, await res.clone().text());
      const report = res.headers.get('location')!;
      await fetcher.idle();
      const html = await (await client.get(report)).text();
      assert.match(html, /3 matched · 1 fetched from arXiv · 0 still being fetched · 2 not matched · 2 could not be read/);
      assert.match(html, /<td>35<\/td><td><code>nothing<\/code>/, 'the malformed entry is named with its line');
      assert.match(html, /<td>37<\/td><td><code>broken<\/code>[^]*?Unterminated/);
      assert.match(html, /arXiv has no paper 2603\.69999/);
      assert.match(html, /<summary>Matched \(3\)<\/summary>[^]*<code>byDoi<\/code>[^]*href="\/papers\/2603\.60002"/, 'what went in is listed too');
      assert.match(html, /<summary>Fetched from arXiv \(1\)<\/summary>[^]*<code>scholar<\/code>/);
      assert.match(html, /<code>muller2026video<\/code> Unknown Duplicate Key Paper[^]*?the key &quot;muller2026video&quot; is used twice \(first at line 4\)/);
      const collection = await (await client.get(path)).text();
      for (const id of ['2603.60001', '2603.60002', '2603.60003', '2603.60100']) assert.match(collection, new RegExp(`href="/papers/${id.replace('.', '\\.')}"`));
    });

    it('imports RIS, CSL-JSON and pasted ids, and refuses binary, non-UTF-8 and oversize files without changing the collection', async () => {
      const { client } = await signedIn();
      const path = await newCollection(client, 'Mixed sources');
      const ris = 'TY  - JOUR\r\nTI  - Sparse Attention at Scale\r\nDO  - 10.5555/SPARSE.2026\r\nER  - \r\n\r\nTY  - GEN\r\nAU  - Nobody\r\nER  - \r\n';
      assert.equal((await upload(client, path, 'export.ris', ris)).status, 303);
      const csl = JSON.stringify([{ id: 'x', type: 'article', title: 'Whatever', URL: 'https://arxiv.org/abs/2603.60003' }, 42]);
      assert.equal((await upload(client, path, 'export.json', csl)).status, 303);
      const pasted = await client.post(`${path}/import`, { ids: '2603.60001\nnot-an-id https://arxiv.org/pdf/2603.60002v3.pdf' }, { fromPage: `${path}/import` });
      assert.equal(pasted.status, 303);
      await fetcher.idle();
      const html = await (await client.get(pasted.headers.get('location')!)).text();
      assert.match(html, /2 matched · 0 fetched from arXiv · 0 still being fetched · 0 not matched · 1 could not be read/);
      assert.match(html, /&quot;not-an-id&quot; is not an arXiv id/);
      const before = await (await client.get(path)).text();
      const binary = await upload(client, path, 'photo.bib', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
      assert.equal(binary.status, 400);
      assert.match(await binary.text(), /photo\.bib is a binary file/);
      const latin1 = await upload(client, path, 'latin1.bib', new Uint8Array([0x40, 0x6d, 0x69, 0x73, 0x63, 0x7b, 0x6b, 0x2c, 0x20, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x3d, 0x7b, 0xe9, 0x7d, 0x7d]));
      assert.equal(latin1.status, 400);
      assert.match(await latin1.text(), /is not UTF-8 text/);
      const huge = await upload(client, path, 'huge.bib', '%'.repeat(21 * 1024 * 1024));
      assert.equal(huge.status, 413);
      assert.match(await huge.text(), /limited to 20 MB/);
      const otherMember = (await signedIn()).client;
      assert.equal((await upload(otherMember, path, 'mine.bib', BIBTEX, '/collections')).status, 403);
      assert.equal(await (await client.get(path)).text(), before);
    });

    it('keeps an import\'s missing papers pending while arXiv is down, and fetches them on the next run', async () => {
      const { client } = await signedIn();
      const path = await newCollection(client, 'Patience');
      arxivDown = true;
      const res = await client.post(`${path}/import`, { ids: '2603.60201 2603.60202' }, { fromPage: `${path}/import` });
      await fetcher.idle();
      assert.match(await (await client.get(res.headers.get('location')!)).text(), /0 fetched from arXiv · 2 still being fetched/);
      arxivDown = false;
      fetcher.kick();
      await fetcher.idle();
      assert.match(await (await client.get(res.headers.get('location')!)).text(), /2 fetched from arXiv · 0 still being fetched/);
    });

    it('follows an author from their page and an arXiv category in settings, and serves the following page and its private feed', async () => {
      const { client } = await signedIn();
      const authorPage = '/authors/Ada%20Lovelace';
      const html = await (await client.get(authorPage)).text();
      const authorId = /name="value" value="([0-9a-f]{24})"/.exec(html)?.[1];
      assert.ok(authorId);
      const followed = await client.post('/follows', { kind: 'author', value: authorId, follow: '1', return: authorPage }, { fromPage: authorPage });
      assert.equal(followed.headers.get('location'), authorPage);
      assert.match(await (await client.get(authorPage)).text(), /aria-pressed="true">Following Ada Lovelace/);
      const bad = await client.post('/follows', { kind: 'category', value: 'not a category', follow: '1', return: '/settings/follows' }, { fromPage: '/settings/follows' });
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /not an arXiv category/);
      const settings = await (await client.get('/settings/follows')).text();
      const feed = /<code>http:\/\/paperboy\.test(\/feeds\/following\.rss\?key=[^<]+)<\/code>/.exec(settings)?.[1];
      assert.ok(feed);
      assert.match(await (await client.get('/following')).text(), /Diffusion Models for Video/);
      const rss = await app.request(feed.replaceAll('&amp;', '&'));
      assert.equal(rss.status, 200);
      assert.match(await rss.text(), /Diffusion Models for Video/);
      assert.equal((await app.request('/feeds/following.rss?key=forged.abc')).status, 404);
    });

    it('exports everything a member owns as JSON and deletes the account after the password is given', async () => {
      const { client, username } = await signedIn();
      await client.post('/papers/2603.60001/save', { saved: '1' }, { fromPage: '/' });
      const exported = await client.get('/account/export.json');
      assert.match(exported.headers.get('content-disposition') ?? '', /paperboy-lib\d+x\d+\.json/);
      const data = await exported.json() as { member: { username: string }; collections: Array<{ title: string; items: Array<{ paper: string }> }> };
      assert.equal(data.member.username, username);
      assert.deepEqual(data.collections.map((c) => [c.title, c.items.map((i) => i.paper)]), [['Saved', ['2603.60001']]]);
      const wrong = await client.post('/account/delete', { password: 'not my password', confirm: '1' }, { fromPage: '/account' });
      assert.equal(wrong.status, 400);
      assert.match(await wrong.text(), /password is not right/);
      const gone = await client.post('/account/delete', { password: PASSWORD, confirm: '1' }, { fromPage: '/account' });
      assert.equal(gone.status, 303);
      assert.equal((await app.request(`/users/${username}`)).status, 404);
      assert.equal((await new FormClient(app).signIn(username, PASSWORD)).status, 401);
    });
  });
}

/** Posts a file to a collection's import form as a browser does (multipart/form-data). */
async function upload(client: FormClient, path: string, name: string, content: string | Uint8Array, fromPage = `${path}/import`): Promise<Response> {
  const csrf = await client.csrfFrom(fromPage);
  const form = new FormData();
  form.set('_csrf', csrf);
  form.set('file', new Blob([content as BlobPart]), name);
  return client.postBody(`${path}/import`, form);
}
