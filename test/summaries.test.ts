import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { summarizePending, type SummaryDeps } from '../src/jobs/summaries.ts';
import { countPapersWithAids, findLlmUsage } from '../src/store/paper-aids.ts';
import { findPaper, upsertPapers } from '../src/store/papers.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { goodAnswer, startLlmServer, type LlmBehaviour, type LlmServer } from './helpers/llm-server.ts';
import { makePaper } from './helpers/papers.ts';

const ABSTRACT = 'Large language models are used everywhere. We propose Sparse Thinking, a method that lets language models skip easy reasoning steps. Sparse Thinking halves the cost of chain-of-thought decoding on math benchmarks while keeping accuracy.';

function llm(server: LlmServer, overrides: Partial<NonNullable<SummaryDeps['llm']>> = {}): NonNullable<SummaryDeps['llm']> {
  return { url: server.url, model: 'tiny-chat', apiKey: 'sk-local', concurrency: 2, dailyTokens: 100_000, timeoutMs: 2000, ...overrides };
}

for (const dialect of dialectsUnderTest()) {
  describe(`paper summaries on ${dialect.name}`, () => {
    let t: TestDatabase;
    let server: LlmServer;
    const behaviours = new Map<string, LlmBehaviour>();
    before(async () => {
      t = await dialect.create();
      server = await startLlmServer((title) => behaviours.get(title) ?? { answer: goodAnswer(title) });
    });
    after(async () => {
      await server.close();
      await t.drop();
    });

    it('gives every paper an offline summary and keywords, once, and makes them again when the abstract changes', async () => {
      await upsertPapers(t.store.db, t.store.dialect, [makePaper('2602.00001', { title: 'Sparse Thinking for Language Models', abstract: ABSTRACT }), makePaper('2602.00002', { abstract: '' })]);
      const first = await summarizePending({ store: t.store });
      assert.ok(first.offline >= 2);
      const paper = await findPaper(t.store.db, t.store.dialect, '2602.00001');
      assert.equal(paper!.aids!.summary, 'We propose Sparse Thinking, a method that lets language models skip easy reasoning steps.');
      assert.equal(paper!.aids!.model, null, 'made offline');
      assert.ok(paper!.aids!.keywords.length >= 3 && paper!.aids!.keywords.length <= 8, paper!.aids!.keywords.join(', '));
      assert.ok(paper!.aids!.keywords.some((k) => /sparse thinking/i.test(k)), paper!.aids!.keywords.join(', '));
      assert.equal((await findPaper(t.store.db, t.store.dialect, '2602.00002'))!.aids!.summary, '', 'no abstract, no summary');
      assert.equal((await summarizePending({ store: t.store })).offline, 0, 'a second run has nothing to do');
      await upsertPapers(t.store.db, t.store.dialect, [makePaper('2602.00001', { title: 'Sparse Thinking for Language Models', abstract: `${ABSTRACT} We release the code.` })]);
      assert.equal((await summarizePending({ store: t.store })).offline, 1, 'the reworded paper is summarised again');
    });

    it('has the language model rewrite summaries, keeps the offline one when it times out or answers garbage, and says which model wrote it', async () => {
      await upsertPapers(t.store.db, t.store.dialect, [
        makePaper('2602.00011', { title: 'Good One', abstract: ABSTRACT }),
        makePaper('2602.00012', { title: 'Slow One', abstract: ABSTRACT }),
        makePaper('2602.00013', { title: 'Garbage One', abstract: ABSTRACT }),
        makePaper('2602.00014', { title: 'Wordy One', abstract: ABSTRACT }),
      ]);
      behaviours.set('Slow One', { hang: true });
      behaviours.set('Garbage One', { answer: 'Sure! Here is a summary of the paper you asked about.' });
      behaviours.set('Wordy One', { answer: JSON.stringify({ summary: 'Too short.', keywords: ['a', 'b', 'c'] }) });
      const report = await summarizePending({ store: t.store, llm: llm(server, { timeoutMs: 300 }) });
      assert.equal(report.failed, 3);
      assert.ok(report.model >= 1);
      const good = await findPaper(t.store.db, t.store.dialect, '2602.00011');
      assert.deepEqual(good!.aids, { summary: 'Good One shows that a small change makes language models reason better.', keywords: ['language models', 'reasoning', 'small change'], model: 'tiny-chat' });
      for (const id of ['2602.00012', '2602.00013', '2602.00014']) {
        const kept = await findPaper(t.store.db, t.store.dialect, id);
        assert.equal(kept!.aids!.model, null, `${id} keeps its offline summary`);
        assert.match(kept!.aids!.summary, /^We propose Sparse Thinking/);
      }
      assert.ok(server.requests.every((r) => r.model === 'tiny-chat' && r.authorization === 'Bearer sk-local'));
      const asked = server.requests.length;
      assert.equal((await summarizePending({ store: t.store, llm: llm(server) })).model, 0, 'failed papers are not retried by default');
      assert.equal(server.requests.length, asked);
      behaviours.delete('Slow One');
      behaviours.delete('Garbage One');
      behaviours.delete('Wordy One');
      const retried = await summarizePending({ store: t.store, llm: llm(server) }, { retryFailed: true });
      assert.equal(retried.model, 3, '--retry-failed tries them again');
      assert.equal((await countPapersWithAids(t.store.db)).llmFailed, 0);
    });

    it('stops at a 429 without marking papers failed, and goes on in the next run', async () => {
      await upsertPapers(t.store.db, t.store.dialect, [makePaper('2602.00021', { title: 'Limited One', abstract: ABSTRACT }), makePaper('2602.00022', { title: 'Limited Two', abstract: ABSTRACT })]);
      behaviours.set('Limited One', { status: 429, retryAfter: '3600' });
      behaviours.set('Limited Two', { status: 429, retryAfter: '3600' });
      const limited = await summarizePending({ store: t.store, llm: llm(server, { concurrency: 1 }) });
      assert.equal(limited.stopped, 'rate_limited');
      assert.equal(limited.failed, 0);
      behaviours.delete('Limited One');
      behaviours.delete('Limited Two');
      const next = await summarizePending({ store: t.store, llm: llm(server) });
      assert.equal(next.model, 2);
    });

    it('never spends more than the day\'s token cap, even with two runs at once', async () => {
      const day = new Date('2031-05-05T12:00:00Z');
      const ids = Array.from({ length: 12 }, (_, i) => `2602.${String(100 + i).padStart(5, '0')}`);
      await upsertPapers(t.store.db, t.store.dialect, ids.map((id) => makePaper(id, { title: `Capped ${id}`, abstract: ABSTRACT })));
      await summarizePending({ store: t.store });
      // Each request is claimed at an upper bound (~480 tokens) and settled at what the server reports (300).
      const capped = { store: t.store, now: () => day, llm: llm(server, { dailyTokens: 2000, concurrency: 3 }) };
      const runs = await Promise.all([summarizePending(capped), summarizePending(capped)]);
      const usage = await findLlmUsage(t.store.db, '2031-05-05');
      assert.ok(usage.tokens <= 2000, `spent ${usage.tokens} tokens`);
      assert.ok(runs.some((r) => r.stopped === 'budget'));
      const written = runs.reduce((n, r) => n + r.model, 0);
      assert.ok(written >= 3 && written <= 6, `${written} summaries within the cap`);
      assert.equal(usage.requests, written, 'every request is counted once');
      const asked = server.requests.filter((r) => r.title.startsWith('Capped'));
      assert.equal(new Set(asked.map((r) => r.title)).size, asked.length, 'no paper is sent to the model twice by the two runs');
    });
  });
}
