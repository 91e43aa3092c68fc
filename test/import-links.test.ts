import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { importJsonlFile } from '../src/ingest/files.ts';
import { parseHfDaily } from '../src/ingest/hf-daily.ts';
import { emptyReport, importOutcome } from '../src/ingest/run.ts';
import { getPaper } from '../src/store/papers.ts';
import { buildTestApp } from './helpers/app.ts';
import { createSqliteDatabase, type TestDatabase } from './helpers/databases.ts';

describe('links supplied by importers', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createSqliteDatabase();
  });
  after(() => t.drop());

  it('drops a javascript: code link from a JSON Lines record, keeps the paper, flags the line, and never renders the link', async () => {
    const path = `${t.url.slice('sqlite:'.length)}.jsonl`;
    writeFileSync(path, `${JSON.stringify({ arxivId: '2603.50001', title: 'Links', abstract: 'A.', authors: ['A B'], categories: ['cs.LG'], githubUrl: 'javascript:alert(6)', projectPage: 'https://example.org/p' })}\n`);
    const report = await importJsonlFile(t.store, path, emptyReport());
    assert.equal(report.inserted, 1);
    assert.match(report.flagged.map((f) => `${f.where}: ${f.reason}`).join('\n'), /:1: githubRepo "javascript:alert\(6\)" is a javascript: link, not http\(s\): link dropped/);
    const paper = await getPaper(t.store.db, t.store.dialect, '2603.50001');
    assert.equal(paper.githubRepo, null);
    assert.equal(paper.projectPage, 'https://example.org/p');
    const page = await (await buildTestApp(t.store, { now: new Date() }).request('/papers/2603.50001')).text();
    assert.doesNotMatch(page, /javascript:/);
    assert.match(page, /href="https:\/\/example\.org\/p"/);
  });

  it("drops unsafe links and avatars from Hugging Face's daily list", async () => {
    const item = {
      paper: { id: '2603.50002', title: 'HF links', summary: 'S.', authors: [{ name: 'A B' }], publishedAt: '2026-03-17T00:00:00.000Z', upvotes: 1,
        githubRepo: 'data:text/html,x', projectPage: 'vbscript:x', submittedOnDailyBy: { user: 'u', fullname: 'U', avatarUrl: 'javascript:x' } },
      publishedAt: '2026-03-17T00:00:00.000Z', title: 'HF links', summary: 'S.',
    };
    const report = await importOutcome(t.store, parseHfDaily(JSON.stringify([item]), 'hf', '2026-03-17'), emptyReport());
    assert.equal(report.inserted, 1);
    assert.equal(report.flagged.length, 3);
    const paper = await getPaper(t.store.db, t.store.dialect, '2603.50002');
    assert.deepEqual([paper.githubRepo, paper.projectPage, paper.listing?.submitter?.avatarUrl], [null, null, null]);
  });
});
