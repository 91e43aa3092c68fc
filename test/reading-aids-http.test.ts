import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { summarizePending } from '../src/jobs/summaries.ts';
import { composeDigest } from '../src/mail/compose.ts';
import { saveModelAids } from '../src/store/paper-aids.ts';
import { findPaper, upsertPapers } from '../src/store/papers.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';

const DAY = '2026-05-04';
const listed = { day: DAY, submittedAt: null, submitter: null };
const ABSTRACT = 'Agents forget. We introduce Memory Palaces, a retrieval memory that lets language agents recall past episodes. Memory Palaces improve long-horizon tasks.';

for (const dialect of dialectsUnderTest()) {
  describe(`summaries and keywords on pages, feeds, the API and digests, on ${dialect.name}`, () => {
    let t: TestDatabase;
    let app: TestApp;
    before(async () => {
      t = await dialect.create();
      await upsertPapers(t.store.db, t.store.dialect, [
        makePaper('2605.00001', { title: 'Memory Palaces for Language Agents', abstract: ABSTRACT, listing: listed }),
        makePaper('2605.00002', { title: 'Written by a Model', abstract: ABSTRACT, listing: listed, upvotes: 1 }),
      ]);
      await summarizePending({ store: t.store });
      await saveModelAids(t.store.db, '2605.00002', { summary: 'A model wrote this one-sentence summary of the paper.', keywords: ['memory', 'agents', 'recall'], model: 'tiny-chat' }, new Date().toISOString());
      app = buildTestApp(t.store, { now: new Date(`${DAY}T15:00:00Z`) });
    });
    after(() => t.drop());

    it('labels an offline summary "Summary" and a model\'s "AI-generated summary", and marks the keywords in the abstract', async () => {
      const offline = await (await app.request('/papers/2605.00001')).text();
      assert.match(offline, /<h2 id="summary-heading">Summary<\/h2><p>We introduce Memory Palaces, a retrieval memory that lets language agents recall past episodes\.<\/p>/);
      assert.match(offline, /<p class="abstract">[^]*<mark class="kw">Memory Palaces<\/mark>/);
      const model = await (await app.request('/papers/2605.00002')).text();
      assert.match(model, /<h2 id="summary-heading">AI-generated summary<\/h2><p>A model wrote this one-sentence summary of the paper\.<\/p>/);
      assert.match(model, /Written by tiny-chat/);
    });

    it('puts the summary on cards, in the API under the names huggingface_hub reads, and before the abstract in feeds', async () => {
      const day = await (await app.request(`/papers/date/${DAY}`)).text();
      assert.match(day, /<p class="summary">A model wrote this one-sentence summary of the paper\.<\/p>/);
      const items = (await (await app.request(`/api/daily_papers?date=${DAY}`)).json()) as Array<{ ai_summary: string; ai_keywords: string[]; paper: { id: string; ai_summary: string; aiSummaryModel: string | null } }>;
      const byModel = items.find((i) => i.paper.id === '2605.00002')!;
      assert.equal(byModel.ai_summary, 'A model wrote this one-sentence summary of the paper.');
      assert.deepEqual(byModel.ai_keywords, ['memory', 'agents', 'recall']);
      assert.equal(byModel.paper.aiSummaryModel, 'tiny-chat');
      assert.equal(items.find((i) => i.paper.id === '2605.00001')!.paper.aiSummaryModel, null);
      const rss = await (await app.request('/feeds/daily.rss')).text();
      assert.match(rss, /<description>AI-generated summary: A model wrote this one-sentence summary of the paper\.\n\nAbstract: Agents forget\./);
      const json = (await (await app.request('/feeds/daily.json')).json()) as { items: Array<{ summary: string; content_text: string }> };
      assert.ok(json.items.some((i) => i.summary === 'We introduce Memory Palaces, a retrieval memory that lets language agents recall past episodes.'));
    });

    it('gives the digest the one-sentence summary instead of the abstract\'s first sentence', async () => {
      const paper = (await findPaper(t.store.db, t.store.dialect, '2605.00001'))!;
      const email = composeDigest({ to: 'a@example.org', periodLabel: 'May 4, 2026', trending: [paper], matches: [], links: { baseUrl: 'http://x', unsubscribeUrl: 'http://x/u', manageUrl: 'http://x/m', viewUrl: 'http://x/v' }, messageId: '<m@x>' });
      assert.match(email.text, /We introduce Memory Palaces, a retrieval memory/);
      assert.doesNotMatch(email.text, /Agents forget\./);
    });

    it('answers a failure inside the site with a page in its layout, and the API with JSON, never a stack trace', async () => {
      const broken = await dialect.create();
      const brokenApp = buildTestApp(broken.store, { now: new Date(`${DAY}T15:00:00Z`) });
      await sql`DROP TABLE paper_summaries`.execute(broken.store.db);
      const page = await brokenApp.request('/papers/2605.00001', { headers: { accept: 'text/html' } });
      assert.equal(page.status, 500);
      const html = await page.text();
      assert.match(html, /<header class="site">/);
      assert.match(html, /Something went wrong on our side; it has been logged\./);
      assert.match(html, /Back to today&#39;s papers/);
      assert.doesNotMatch(html, /at .*\.ts:\d+/);
      const api = await brokenApp.request('/api/papers/2605.00001');
      assert.equal(api.status, 500);
      assert.deepEqual(await api.json(), { error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } });
      await broken.drop();
    });
  });
}
