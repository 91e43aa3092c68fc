import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { upsertPapers } from '../src/store/papers.ts';
import { runCli } from './helpers/cli.ts';
import { createSqliteDatabase, type TestDatabase } from './helpers/databases.ts';
import { goodAnswer, startLlmServer, type LlmServer } from './helpers/llm-server.ts';
import { makePaper } from './helpers/papers.ts';

describe('paperboy summarize and paperboy thumbnails', () => {
  let t: TestDatabase;
  let llm: LlmServer;
  before(async () => {
    t = await createSqliteDatabase();
    llm = await startLlmServer((title) => (title === 'Refused' ? { answer: 'I cannot help with that.' } : { answer: goodAnswer(title) }));
    await upsertPapers(t.store.db, t.store.dialect, [
      makePaper('2603.00001', { title: 'Kept Short', abstract: 'We propose a tiny method that makes sparse attention faster on long inputs.' }),
      makePaper('2603.00002', { title: 'Refused', abstract: 'We propose another method that makes dense attention cheaper on short inputs.' }),
    ]);
  });
  after(async () => {
    await llm.close();
    await t.drop();
  });

  it('summarises offline, then with the model, says what it did, and exits 1 when the model failed on a paper', async () => {
    const offline = await runCli(['summarize'], { DATABASE_URL: t.url });
    assert.equal(offline.code, 0, offline.stderr);
    assert.match(offline.stdout, /^summaries: 2 made offline; 2 papers have one, 0 by a language model\n$/);
    assert.match(offline.stderr, /offline summaries +\[#+\] 100% 2\/2/, 'a progress bar on stderr');
    const model = await runCli(['summarize'], { DATABASE_URL: t.url, LLM_URL: llm.url, LLM_MODEL: 'tiny-chat' });
    assert.equal(model.code, 1, 'one paper failed');
    assert.match(model.stdout, /summaries: 0 made offline; by tiny-chat: 1 written, 1 failed \(they keep the offline summary\); 2 papers have one, 1 by a language model/);
    assert.doesNotMatch(model.stderr, /at .*\.ts:\d+/, 'no stack trace');
  });

  it('refuses LLM_URL without LLM_MODEL with a message naming the option', async () => {
    const run = await runCli(['summarize'], { DATABASE_URL: t.url, LLM_URL: llm.url });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /LLM_MODEL: required when LLM_URL is set/);
  });

  it('says plainly when no thumbnail can be made because pdftoppm is missing, and rejects a bad --limit', async () => {
    const missing = await runCli(['thumbnails'], { DATABASE_URL: t.url, PDFTOPPM: '/nonexistent/pdftoppm' });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no thumbnails can be made here: \/nonexistent\/pdftoppm is not installed \(Debian: apt-get install poppler-utils\)/);
    const bad = await runCli(['thumbnails', '--limit', 'many'], { DATABASE_URL: t.url });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--limit is a whole number of papers, at least 1, not "many"/);
  });
});
