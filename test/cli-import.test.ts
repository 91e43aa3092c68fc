import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { countPapers, findPaper } from '../src/store/papers.ts';
import { searchLexical } from '../src/store/search-index.ts';
import { runCli, startCli } from './helpers/cli.ts';
import { createSqliteDatabase, dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { startReplayServer } from './helpers/replay-server.ts';
import { FIXTURES, readFixture, sharedFile } from './helpers/shared.ts';

const work = mkdtempSync(join(tmpdir(), 'paperboy-cli-'));

for (const dialect of dialectsUnderTest()) {
  describe(`paperboy import on ${dialect.name}`, () => {
    let t: TestDatabase;
    // A fresh, empty database for each test.
    beforeEach(async () => {
      t = await dialect.create();
    });
    afterEach(() => t.drop());
    const cli = (...args: string[]) => runCli(args, { DATABASE_URL: t.url });

    it('imports the good lines of a JSON Lines file, names the bad ones and exits 1', async () => {
      const result = await cli('import', 'jsonl', join(FIXTURES, 'papers.jsonl'));
      assert.equal(result.code, 1);
      assert.match(result.stdout, /papers\.jsonl: read 7, inserted 4, updated 0, unchanged 0, skipped 0, failed 3, flagged 1/);
      assert.match(result.stdout, /papers\.jsonl:4: invalid JSON/);
      assert.match(result.stdout, /papers\.jsonl:5: title: title is empty/);
      assert.match(result.stdout, /papers\.jsonl:2: empty abstract \(kept\)/);
      assert.equal((await findPaper(t.store.db, t.store.dialect, '2602.00006'))?.title, 'After The Bad Lines');
      assert.match(result.stderr, /vectors +\[#{30}\] 100% 4\/4/);
      assert.match(result.stderr, /search index: trained search model .* on 4 papers; 0 papers added to the lexical index, 4 embedded/);
    });

    it('changes nothing when the same file is imported again', async () => {
      await cli('import', 'jsonl', join(FIXTURES, 'papers.jsonl'));
      const result = await cli('import', 'jsonl', join(FIXTURES, 'papers.jsonl'));
      assert.match(result.stdout, /read 7, inserted 0, updated 0, unchanged 4/);
    });

    it('loads in bulk with the same counts, and the papers are found by their words when it ends', async () => {
      const result = await cli('import', 'jsonl', join(FIXTURES, 'papers.jsonl'), '--bulk');
      assert.equal(result.code, 1, 'the bad lines still fail the run');
      assert.match(result.stdout, /papers\.jsonl: read 7, inserted 4, updated 0, unchanged 0, skipped 0, failed 3, flagged 1/);
      assert.match(result.stderr, /4 papers added to the lexical index, 4 embedded/);
      const hits = await searchLexical(t.store.db, t.store.dialect, { words: ['bad', 'lines'], mode: 'all', filters: {}, limit: 10 });
      assert.deepEqual(hits.map((h) => h.paperId), ['2602.00006']);
      const again = await cli('import', 'jsonl', join(FIXTURES, 'papers.jsonl'), '--bulk');
      assert.match(again.stdout, /read 7, inserted 0, updated 0, unchanged 4/);
    });

    it('makes imported papers searchable, and reindex then finds nothing left to do', async () => {
      const first = await cli('import', 'jsonl', join(FIXTURES, 'papers.jsonl'));
      assert.match(first.stderr, /search index: trained search model/);
      const again = await cli('import', 'jsonl', join(FIXTURES, 'papers.jsonl'));
      assert.doesNotMatch(again.stderr, /search index/, 'an import that changed nothing leaves the index alone');
      const reindex = await cli('reindex');
      assert.equal(reindex.code, 0, reindex.stderr);
      assert.match(reindex.stderr, /search index: 0 papers added to the lexical index, 0 embedded/);
      const retrain = await cli('reindex', '--retrain');
      assert.equal(retrain.code, 0, retrain.stderr);
      assert.match(retrain.stderr, /training the model +\[#+\] 100%/);
      assert.match(retrain.stderr, /trained search model lsa-[0-9a-f]{12}(\+glove)?\.[0-9a-f]{12} on 4 papers/);
    });

    it('refuses a truncated OAI-PMH page with its line and leaves the store unchanged', async () => {
      const before = await countPapers(t.store.db);
      const page = readFixture('oai-page-1.xml');
      const cut = join(work, `cut-${dialect.name}.xml`);
      writeFileSync(cut, page.slice(0, page.indexOf('Second Harvested')));
      const result = await cli('import', 'oai-pmh', cut);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /cut-\w+\.xml:\d+:\d+: malformed XML: unclosed tag: \w+/);
      assert.equal(await countPapers(t.store.db), before);
    });

    it("refuses arXiv's error feed with arXiv's message", async () => {
      const result = await cli('import', 'arxiv-atom', join(FIXTURES, 'arxiv-error.xml'));
      assert.equal(result.code, 1);
      assert.match(result.stderr, /arXiv rejected the request: "incorrect id format for nope"/);
    });

    it('imports an arXiv feed and a Hugging Face daily file, merging into what is there', async () => {
      const atom = await cli('import', 'arxiv-atom', join(FIXTURES, 'arxiv-feed.xml'));
      assert.equal(atom.code, 0, atom.stderr);
      assert.match(atom.stdout, /read 2, inserted 2/);
      const hf = await cli('import', 'hf-daily', join(FIXTURES, 'hf-daily.json'));
      assert.equal(hf.code, 1, 'the item without an id is a failure');
      assert.match(hf.stdout, /read 3, inserted 2, .* failed 1/);
      const paper = await findPaper(t.store.db, t.store.dialect, '2602.00001');
      assert.equal(paper?.listing?.submitter?.username, 'ana');
      assert.equal(paper?.organization?.slug, 'acme');
    });

    it('exports what it imported, and an export imported into an empty database exports the same', async () => {
      await cli('import', 'jsonl', join(FIXTURES, 'papers.jsonl'));
      await cli('import', 'hf-daily', join(FIXTURES, 'hf-daily.json'));
      const first = await cli('export', 'jsonl');
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.stdout.trim().split('\n').length, 6, 'the four JSON Lines papers and the two daily ones');
      const file = join(work, `export-${dialect.name}.jsonl`);
      writeFileSync(file, first.stdout);
      const empty = await createSqliteDatabase();
      try {
        const load = await runCli(['import', 'jsonl', file], { DATABASE_URL: empty.url });
        assert.equal(load.code, 0, load.stdout);
        const second = await runCli(['export', 'jsonl'], { DATABASE_URL: empty.url });
        assert.equal(second.stdout, first.stdout);
      } finally {
        await empty.drop();
      }
    });
  });
}

describe('paperboy import over HTTP', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createSqliteDatabase();
  });
  after(() => t.drop());

  it('reports an id arXiv does not know as not found and exits 1', async () => {
    const server = await startReplayServer((url) => (url.searchParams.get('id_list')?.includes('2401.00001')
      ? { body: readFixture('arxiv-feed.xml') }
      : { body: '<feed xmlns="http://www.w3.org/2005/Atom"></feed>' }));
    try {
      const result = await runCli(['import', 'arxiv-atom', '--ids', '2401.00001,2401.99999'], { DATABASE_URL: t.url, ARXIV_API_URL: `${server.url}/api/query` });
      assert.equal(result.code, 1);
      assert.match(result.stdout, /arXiv 2401\.99999: not found on arXiv/);
      assert.ok(await findPaper(t.store.db, t.store.dialect, '2401.00001'));
    } finally {
      await server.close();
    }
  });

  it('resumes an OAI-PMH harvest where it stopped when the process was killed mid-harvest', async () => {
    let hangOnPageTwo = true;
    let sawPageTwo: () => void = () => {};
    const pageTwoRequested = new Promise<void>((resolve) => (sawPageTwo = resolve));
    const server = await startReplayServer((url) => {
      if (url.searchParams.get('resumptionToken') === 'token-page-2') {
        sawPageTwo();
        return hangOnPageTwo ? { hang: true } : { body: readFixture('oai-page-2.xml') };
      }
      return { body: readFixture('oai-page-1.xml') };
    });
    const env = { DATABASE_URL: t.url, ARXIV_OAI_URL: `${server.url}/oai` };
    try {
      const child = startCli(['import', 'oai-pmh', '--set', 'cs', '--from', '2024-01-01'], env);
      await pageTwoRequested;
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
      assert.ok(await findPaper(t.store.db, t.store.dialect, '2401.10002'), 'page 1 was stored before the kill');
      assert.equal(await findPaper(t.store.db, t.store.dialect, '2401.10004'), undefined);

      hangOnPageTwo = false;
      server.requests.length = 0;
      const resumed = await runCli(['import', 'oai-pmh', '--set', 'cs', '--from', '2024-01-01'], env);
      assert.equal(server.requests[0]!.url.searchParams.get('resumptionToken'), 'token-page-2', 'the second run starts at the saved token');
      assert.equal(server.requests.length, 1);
      assert.equal(resumed.code, 1, 'the broken record on page 2 is a failure');
      assert.match(resumed.stdout, /read 2, inserted 1, .* failed 1/);
      assert.ok(await findPaper(t.store.db, t.store.dialect, '2401.10004'));
      const [cp] = await t.store.db.selectFrom('import_checkpoints').selectAll().execute();
      assert.equal(cp, undefined, 'a finished harvest leaves no checkpoint');
    } finally {
      await server.close();
    }
  });
});

describe('paperboy import of the shared data', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createSqliteDatabase();
  });
  after(() => t.drop());

  const corpus = sharedFile('corpus/papers.jsonl');
  it('imports all 1,595 corpus lines, flags the 81 empty abstracts, and changes nothing the second time', { skip: corpus.skip }, async () => {
    const first = await runCli(['import', 'jsonl', corpus.path], { DATABASE_URL: t.url });
    assert.equal(first.code, 0, first.stdout);
    assert.match(first.stdout, /read 1595, inserted 1595, updated 0, unchanged 0, skipped 0, failed 0, flagged 81/);
    const second = await runCli(['import', 'jsonl', corpus.path], { DATABASE_URL: t.url });
    assert.match(second.stdout, /read 1595, inserted 0, updated 0, unchanged 1595/);
  });

  const page = sharedFile('fixtures/arxiv/oaipmh-listrecords-arxivraw-1000.xml');
  it('imports the 1,000-record OAI-PMH page as 1,000 papers', { skip: page.skip }, async () => {
    const result = await runCli(['import', 'oai-pmh', page.path], { DATABASE_URL: t.url });
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /read 1000, inserted 1000/);
    const cut = join(work, 'oai-1000-cut.xml');
    writeFileSync(cut, readFileSync(page.path, 'utf8').slice(0, 900_000));
    const before = await countPapers(t.store.db);
    const truncated = await runCli(['import', 'oai-pmh', cut], { DATABASE_URL: t.url });
    assert.equal(truncated.code, 1);
    assert.match(truncated.stderr, /malformed XML/);
    assert.equal(await countPapers(t.store.db), before);
  });
});
