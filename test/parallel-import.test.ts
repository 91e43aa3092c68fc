import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Paper } from '../src/domain/paper.ts';
import { importJsonlFile } from '../src/ingest/files.ts';
import { paperToJsonl } from '../src/ingest/jsonl.ts';
import { emptyReport, type ImportReport } from '../src/ingest/run.ts';
import { countPapers, findPapers, listPaperIds } from '../src/store/papers.ts';
import { searchLexical } from '../src/store/search-index.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';

const work = mkdtempSync(join(tmpdir(), 'paperboy-parallel-'));

function jsonlFile(name: string, lines: string[]): string {
  const path = join(work, `${name}-${process.hrtime.bigint()}.jsonl`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** 1,200 papers (three batches of 500 and a part) with what an import must handle on the way. */
function mixedLines(title = 'Photonic'): string[] {
  const papers = Array.from({ length: 1200 }, (_, i) => makePaper(`2605.${String(i).padStart(5, '0')}`, {
    title: `${title} paper ${i}`,
    authors: [{ name: `Author ${i % 97}`, affiliation: i % 3 ? null : 'ETH' }, { name: 'Ada Lovelace', affiliation: null }],
    organization: i % 5 === 0 ? { slug: `lab-${i % 7}`, name: `Lab ${i % 7}` } : null,
    listing: i % 4 === 0 ? { day: '2026-05-04', submittedAt: '2026-05-04T08:00:00.000Z', submitter: { username: `user${i % 11}`, fullname: null, avatarUrl: null } } : null,
    ...(i === 7 ? { abstract: '' } : {}),
    ...(i === 8 ? { githubRepo: 'javascript:alert(1)' } : {}),
  }));
  const lines = papers.map(paperToJsonl);
  lines.splice(100, 0, '{"title": ', '', '{"arxivId": "2605.99999", "title": ""}');
  // The same paper twice in one batch: merged, as any import merges it.
  lines.splice(700, 0, paperToJsonl(makePaper('2605.00650', { title: `${title} paper 650, revised` })));
  return lines;
}

/** Everything stored about these papers, as the site reads it. */
async function stored(t: TestDatabase): Promise<Paper[]> {
  const ids = await listPaperIds(t.store.db, { limit: 5000 });
  const papers = await findPapers(t.store.db, t.store.dialect, ids);
  return ids.map((id) => papers.get(id)!);
}

const counts = (r: ImportReport) => ({ read: r.read, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, failed: r.failed, flagged: r.flagged, skipped: r.skipped });

for (const dialect of dialectsUnderTest()) {
  describe(`an import parsed on a second thread on ${dialect.name}`, () => {
    let one: TestDatabase;
    let two: TestDatabase;
    beforeEach(async () => {
      one = await dialect.create();
      two = await dialect.create();
    });
    afterEach(async () => {
      await one.drop();
      await two.drop();
    });

    it('stores, counts and reports exactly what the one-thread import does, bad lines, a repeated id and dropped links included', async () => {
      const file = jsonlFile('mixed', mixedLines());
      const inline = await importJsonlFile(one.store, file, emptyReport(), { parallel: false });
      const parallel = await importJsonlFile(two.store, file, emptyReport(), { parallel: true });
      assert.deepEqual(counts(parallel), counts(inline));
      assert.equal(parallel.inserted, 1200);
      assert.equal(parallel.failed.length, 2);
      assert.ok(parallel.flagged.some((f) => f.reason.includes('empty abstract')) && parallel.flagged.some((f) => f.reason.includes('githubRepo')));
      assert.deepEqual(await stored(two), await stored(one));
      assert.equal((await stored(two)).find((p) => p.id === '2605.00650')?.title, 'Photonic paper 650, revised');
      const found = await searchLexical(two.store.db, two.store.dialect, { words: ['photonic'], mode: 'any', filters: {}, limit: 2000 });
      assert.equal(found.length, 1200, 'the lexical index holds every paper at once');
    });

    it('merges papers already stored, counting them as updated or unchanged as the one-thread import does', async () => {
      const first = jsonlFile('first', mixedLines());
      const second = jsonlFile('second', mixedLines('Plasmonic').slice(0, 600).concat(mixedLines().slice(600)));
      for (const t of [one, two]) await importJsonlFile(t.store, first, emptyReport(), { parallel: false });
      const inline = await importJsonlFile(one.store, second, emptyReport(), { parallel: false });
      const parallel = await importJsonlFile(two.store, second, emptyReport(), { parallel: true });
      assert.deepEqual(counts(parallel), counts(inline));
      assert.ok(parallel.updated > 500 && parallel.unchanged > 500, `${parallel.updated} updated, ${parallel.unchanged} unchanged`);
      assert.deepEqual(await stored(two), await stored(one));
      const found = await searchLexical(two.store.db, two.store.dialect, { words: ['plasmonic'], mode: 'any', filters: {}, limit: 2000 });
      assert.equal(found.length, (await stored(two)).filter((p) => p.title.startsWith('Plasmonic')).length);
    });

    it('stores each paper once when two imports of the same file run at the same moment', async () => {
      const file = jsonlFile('twice', mixedLines());
      const [a, b] = await Promise.all([
        importJsonlFile(one.store, file, emptyReport(), { parallel: true }),
        importJsonlFile(one.store, file, emptyReport(), { parallel: true }),
      ]);
      assert.equal(await countPapers(one.store.db), 1200);
      // (Which of the two reports a paper as inserted is a race: on PostgreSQL both may, as two
      // one-thread imports do, since neither sees the other's rows before it commits.)
      assert.ok(a.inserted + b.inserted >= 1200, 'every paper inserted by one of them');
      for (const r of [a, b]) assert.equal(r.inserted + r.updated + r.unchanged, 1200, JSON.stringify({ ...counts(r), failed: r.failed.length, flagged: r.flagged.length }));
      await importJsonlFile(two.store, file, emptyReport(), { parallel: false });
      assert.deepEqual(await stored(one), await stored(two));
    });

    it('fails with a message naming the file when it cannot be read, and stores nothing', async () => {
      await assert.rejects(importJsonlFile(one.store, work, emptyReport(), { parallel: true }), (err: Error) => err.message.includes(work) && /EISDIR/.test(err.message));
      assert.equal(await countPapers(one.store.db), 0);
    });
  });
}
