import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importIntoCollection } from '../src/members/library-import.ts';
import { createMemberCollection, readCollectionPage } from '../src/members/library.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { findImport } from '../src/store/library-imports.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { createSqliteDatabase, type TestDatabase } from './helpers/databases.ts';
import { makeMember } from './helpers/factories.ts';
import { makePaper } from './helpers/papers.ts';

const ENTRIES = 10_000;
const id = (i: number) => `2604.${String(10000 + i).padStart(5, '0')}`;

describe('a 10,000-entry import', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createSqliteDatabase();
    for (let i = 0; i < ENTRIES; i += 1000) {
      await upsertPapers(t.store.db, t.store.dialect, Array.from({ length: 1000 }, (_, k) => makePaper(id(i + k), { title: `Stored paper number ${i + k}` })));
    }
  });
  after(() => t.drop());

  it('matches all 10,000 entries of a BibTeX file to stored papers and puts them in the collection in file order, and refuses one entry more', async () => {
    const { member } = await makeMember(t.store);
    const deps = { store: t.store, config: {} as never, logger: silentLogger(), arxiv: {} as never };
    const collection = await createMemberCollection(deps, member, { title: 'Everything' });
    const bib = Array.from({ length: ENTRIES }, (_, i) => `@article{k${i},\n  title = {Stored paper number ${i}},\n  eprint = {${id(i)}},\n  archivePrefix = {arXiv}\n}\n`).join('\n');
    const importId = await importIntoCollection(deps, member, collection.id, { fileName: 'big.bib', text: bib });
    const job = await findImport(t.store.db, importId);
    assert.deepEqual(job!.counts, { matched: ENTRIES, pending: 0, fetched: 0, unmatched: 0, malformed: 0 });
    assert.equal(job!.status, 'done');
    const first = await readCollectionPage(deps, collection, { limit: 3, offset: 0 });
    assert.deepEqual(first.entries.map((e) => e.paper.id), [id(0), id(1), id(2)]);
    const more = `${bib}\n@misc{one-more, title = {One more}}\n`;
    await assert.rejects(importIntoCollection(deps, member, collection.id, { fileName: 'bigger.bib', text: more }), /10,001 entries; an import takes at most 10,000/);
  });
});
