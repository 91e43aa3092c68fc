import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../src/config/config.ts';
import { importJsonlFile } from '../src/ingest/files.ts';
import { paperToJsonl } from '../src/ingest/jsonl.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { indexPending } from '../src/search/indexer.ts';
import { embedderChoice } from '../src/search/model.ts';
import { restoreSecondaryIndexes, suspendSecondaryIndexes } from '../src/store/bulk-load.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { countPapers, findPaper } from '../src/store/papers.ts';
import { searchLexical } from '../src/store/search-index.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';

const work = mkdtempSync(join(tmpdir(), 'paperboy-bulk-'));

/** Every index of the paper tables, by name. */
async function paperIndexes(t: TestDatabase): Promise<string[]> {
  const tables = ['papers', 'paper_authors', 'paper_versions', 'daily_entries'];
  const { rows } = t.store.dialect.name === 'postgres'
    ? await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN (${sql.join(tables)})`.execute(t.store.db)
    : await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN (${sql.join(tables)})`.execute(t.store.db);
  return rows.map((r) => r.name).sort();
}

function jsonlFile(name: string, lines: string[]): string {
  const path = join(work, `${name}-${process.hrtime.bigint()}.jsonl`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const findIds = async (t: TestDatabase, word: string) =>
  (await searchLexical(t.store.db, t.store.dialect, { words: [word], mode: 'any', filters: {}, limit: 100 })).map((h) => h.paperId).sort();

for (const dialect of dialectsUnderTest()) {
  describe(`a bulk load (import jsonl --bulk) on ${dialect.name}`, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.create();
    });
    afterEach(() => t.drop());

    it('stores every good record, counts the bad ones, builds the lookup indexes again, and the indexer makes the papers findable', async () => {
      const indexesBefore = await paperIndexes(t);
      const papers = Array.from({ length: 30 }, (_, i) => makePaper(`2604.${String(i).padStart(5, '0')}`, {
        title: `Bulk paper ${i} on ${i % 2 ? 'zeolites' : 'tokamaks'}`,
        listing: { day: '2026-04-02', submittedAt: '2026-04-02T09:00:00.000Z', submitter: null },
      }));
      const lines = papers.map(paperToJsonl);
      lines.splice(10, 0, '{"title": ', '{"arxivId": "2604.99999", "title": ""}');
      const report = await importJsonlFile(t.store, jsonlFile('good-and-bad', lines), emptyReport(), { bulk: true });
      assert.equal(report.inserted, 30);
      assert.deepEqual(report.failed.map((f) => f.where.replace(/^.*:/, 'line ')), ['line 11', 'line 12']);
      assert.equal(await countPapers(t.store.db), 30);
      assert.deepEqual(await paperIndexes(t), indexesBefore, 'every index of the paper tables is back');
      assert.equal((await findPaper(t.store.db, t.store.dialect, '2604.00007'))?.title, 'Bulk paper 7 on zeolites');
      assert.deepEqual(await findIds(t, 'zeolites'), [], 'new papers wait for the indexer');
      await indexPending(t.store, embedderChoice(loadConfig({})));
      assert.equal((await findIds(t, 'zeolites')).length, 15);
    });

    it('indexes at once a stored paper whose title a bulk load changes', async () => {
      await importJsonlFile(t.store, jsonlFile('first', [paperToJsonl(makePaper('2604.00001', { title: 'Tokamak plasma control' }))]), emptyReport());
      const report = await importJsonlFile(t.store, jsonlFile('second', [
        paperToJsonl(makePaper('2604.00001', { title: 'Stellarator plasma control' })),
        paperToJsonl(makePaper('2604.00002', { title: 'Stellarator coils' })),
      ]), emptyReport(), { bulk: true });
      assert.deepEqual([report.inserted, report.updated], [1, 1]);
      assert.deepEqual(await findIds(t, 'stellarator'), ['2604.00001']);
      assert.deepEqual(await findIds(t, 'tokamak'), []);
    });

    it('leaves no index missing when a load dies midway: the next migration run builds them', async () => {
      const indexesBefore = await paperIndexes(t);
      const suspended = await suspendSecondaryIndexes(t.store.db, t.store.dialect);
      assert.ok(suspended.includes('paper_authors_author_idx') && suspended.includes('papers_published_idx'), suspended.join(', '));
      assert.ok(!suspended.includes('daily_entries_day_idx') || indexesBefore.includes('daily_entries_day_idx'));
      const during = await paperIndexes(t);
      assert.ok(suspended.every((name) => !during.includes(name)), 'the suspended indexes are gone while the load runs');
      assert.ok(during.length > 0, 'primary keys and unique indexes stay');
      // The process died here; the next command migrates first.
      await migrateToLatest(t.store.db);
      assert.deepEqual(await paperIndexes(t), indexesBefore);
      assert.deepEqual(await restoreSecondaryIndexes(t.store.db), [], 'nothing is left to build');
    });

    it('keeps every index definition when two loads suspend at once', async () => {
      const indexesBefore = await paperIndexes(t);
      const [a, b] = await Promise.all([suspendSecondaryIndexes(t.store.db, t.store.dialect), suspendSecondaryIndexes(t.store.db, t.store.dialect)]);
      assert.equal(a.length + b.length > 0, true);
      const [first, second] = await Promise.all([restoreSecondaryIndexes(t.store.db), restoreSecondaryIndexes(t.store.db)]);
      assert.equal(first.length === 0 || second.length === 0, true, 'one run builds them, the other finds nothing to do');
      assert.deepEqual(await paperIndexes(t), indexesBefore);
    });
  });
}
