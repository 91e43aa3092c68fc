import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHttpClient } from '../src/ingest/http.ts';
import { fetchPendingImports } from '../src/jobs/library-imports.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { importIntoCollection } from '../src/members/library-import.ts';
import { createMemberCollection, readCollectionPage } from '../src/members/library.ts';
import { findImport } from '../src/store/library-imports.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makeMember } from './helpers/factories.ts';
import { startReplayServer, type ReplayServer } from './helpers/replay-server.ts';

function arxivFeed(ids: string[]): string {
  const entries = ids.map((id) => `<entry><id>http://arxiv.org/abs/${id}v1</id><updated>2026-03-01T00:00:00Z</updated><published>2026-03-01T00:00:00Z</published><title>Fetched ${id}</title><summary>About ${id}.</summary><author><name>A. Author</name></author></entry>`).join('');
  return `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">${entries}</feed>`;
}

for (const dialect of dialectsUnderTest()) {
  describe(`fetching imported papers from arXiv on ${dialect.name}`, () => {
    let t: TestDatabase;
    let arxiv: ReplayServer;
    before(async () => {
      t = await dialect.create();
      arxiv = await startReplayServer((url) => ({ body: arxivFeed((url.searchParams.get('id_list') ?? '').split(',')) }));
    });
    after(async () => {
      await arxiv.close();
      await t.drop();
    });

    it('asks arXiv for each missing paper once when two runs start at the same moment, and adds every one to the collection', async () => {
      const { member } = await makeMember(t.store);
      const deps = { store: t.store, config: {} as never, logger: silentLogger(), arxiv: {} as never };
      const collection = await createMemberCollection(deps, member, { title: 'Fetched' });
      const ids = Array.from({ length: 150 }, (_, i) => `2605.${String(20000 + i)}`);
      const importId = await importIntoCollection(deps, member, collection.id, { fileName: 'ids', text: ids.join('\n'), format: 'ids' });
      const fetchDeps = () => ({ store: t.store, logger: silentLogger(), arxivApiUrl: `${arxiv.url}/api/query`, arxiv: createHttpClient({ minIntervalMs: 0, retries: 0, retryBaseMs: 5, timeoutMs: 5000, userAgent: 'test' }) });
      const runs = await Promise.all([fetchPendingImports(fetchDeps()), fetchPendingImports(fetchDeps())]);
      assert.deepEqual(runs.map((r) => r.busy).sort(), [false, true], 'the second run finds the first holding the lease');
      const asked = arxiv.requests.flatMap((r) => (r.url.searchParams.get('id_list') ?? '').split(','));
      assert.equal(asked.length, 150);
      assert.equal(new Set(asked).size, 150);
      assert.equal(arxiv.requests.length, 2, '100 ids a request');
      const job = await findImport(t.store.db, importId);
      assert.equal(job!.counts.fetched, 150);
      assert.equal(job!.status, 'done');
      const page = await readCollectionPage(deps, collection, { limit: 200, offset: 0 });
      assert.equal(page.entries.length, 150);
      assert.deepEqual(await fetchPendingImports(fetchDeps()), { settled: 0, busy: false }, 'a later run has nothing to do');
    });
  });
}
