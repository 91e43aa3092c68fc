import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config/config.ts';
import { indexPending } from '../src/search/indexer.ts';
import { embedderChoice } from '../src/search/model.ts';
import { discoverRepos, saveRepo } from '../src/store/code-repos.ts';
import { saveCheckpoint } from '../src/store/checkpoints.ts';
import { streamTableRows, TABLES } from '../src/store/dump.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { finishRun, recordSourceDay, startRun } from '../src/store/sources.ts';
import { buildTestApp } from './helpers/app.ts';
import { runCli } from './helpers/cli.ts';
import { createSqliteDatabase, dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makeMember } from './helpers/factories.ts';
import { makePaper } from './helpers/papers.ts';

const NOW = new Date('2026-03-18T15:00:00Z');

/** A site with something in every table `export all` moves. */
async function fillSite(t: TestDatabase): Promise<void> {
  const listing = (day: string) => ({ day, submittedAt: `${day}T12:00:00.000Z`, submitter: { username: 'ak', fullname: 'A. K.', avatarUrl: null } });
  await upsertPapers(t.store.db, t.store.dialect, Array.from({ length: 30 }, (_, i) => makePaper(`2603.${String(i).padStart(5, '0')}`, {
    title: `Exported paper ${i} about ${['retrieval', 'diffusion', 'agents'][i % 3]}`,
    listing: listing(`2026-03-1${i % 8}`),
    organization: i % 2 ? { slug: 'acme', name: 'Acme' } : null,
    githubRepo: i % 5 === 0 ? `https://github.com/acme/tool-${i}` : null,
  })));
  await indexPending(t.store, embedderChoice(loadConfig({})));
  await discoverRepos(t.store.db);
  await saveRepo(t.store.db, 'acme/tool-0', { fullName: 'acme/tool-0', stars: 12, etag: '"e"' }, NOW.toISOString());
  const app = buildTestApp(t.store, { now: NOW });
  const members = await Promise.all([makeMember(t.store, { prefix: 'exa' }), makeMember(t.store, { prefix: 'exb', role: 'admin' })]);
  for (const { auth } of members) {
    assert.equal((await app.request('/api/papers/2603.00001/upvote', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"upvoted": true}' })).status, 200);
    const res = await app.request('/api/papers/2603.00001/comment', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ comment: 'A **comment** with <b>markup</b> and “quotes”.' }) });
    assert.equal(res.status, 201);
    const { id } = (await res.json()) as { id: string };
    assert.equal((await app.request(`/api/papers/2603.00001/comment/${id}/reply`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"comment": "A reply."}' })).status, 201);
    // A library: the Saved collection, a public collection with a note, its upvote and a follow.
    assert.equal((await app.request('/api/papers/2603.00002/save', { method: 'POST', headers: auth })).status, 200);
    const created = await app.request('/api/collections', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"title": "Reading group · Ünïcode"}' });
    const { slug } = (await created.json()) as { slug: string };
    assert.equal((await app.request(`/api/collections/${slug}/items`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"item": {"id": "2603.00003", "type": "paper"}, "note": "Start “here”."}' })).status, 200);
    assert.equal((await app.request(`/api/collections/${slug}/upvote`, { method: 'POST', headers: auth })).status, 200);
  }
  await t.store.db.insertInto('follows').values({ user_id: members[0].member.id, kind: 'keyword', value: 'agents', label: 'Agents', created_at: NOW.toISOString() }).execute();
  await t.store.db.insertInto('subscriptions').values({ id: 'sub1', email: 'reader@example.org', user_id: null, frequency: 'daily', interests: '{"keywords":["agents"]}', status: 'active', confirm_token_hash: null, confirmed_at: NOW.toISOString(), permanent_failures: 0, created_at: NOW.toISOString(), updated_at: NOW.toISOString() }).execute();
  await t.store.db.insertInto('deliveries').values({ subscription_id: 'sub1', period: '2026-03-17', status: 'sent', attempts: 1, last_error: null, claimed_by: null, created_at: NOW.toISOString(), updated_at: NOW.toISOString() }).execute();
  await saveCheckpoint(t.store.db, { name: 'source oai-pmh:cs', token: 'tok', records: 5, updatedAt: NOW.toISOString() });
  const run = await startRun(t.store.db, { source: 'hf-daily', holder: 'h', trigger: 'cli', now: NOW.toISOString() });
  await finishRun(t.store.db, run, { status: 'ok', counts: { read: 3, inserted: 3, updated: 0, failed: 0, requests: 2 }, message: null, now: NOW.toISOString() });
  await recordSourceDay(t.store.db, { source: 'hf-daily', day: '2026-03-18', fetchedAt: NOW.toISOString(), papers: 3, error: null });
}

/** The export's files, without the manifest's export time. */
function readExport(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    files[name] = name === 'manifest.json' ? text.replace(/"exportedAt": "[^"]+"/, '') : text;
  }
  return files;
}

describe('export all and import all', () => {
  let source: TestDatabase;
  let first: string;
  const work = mkdtempSync(join(tmpdir(), 'paperboy-export-'));
  before(async () => {
    source = await createSqliteDatabase();
    await fillSite(source);
    first = join(work, 'first');
    const exported = await runCli(['export', 'all', first], { DATABASE_URL: source.url });
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^exported \d+ rows of 35 tables to /);
  });
  after(async () => {
    await source.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes every table it moves, with members\' password hashes, tokens, votes, comments and the search model', () => {
    const files = readExport(first);
    const count = (name: string) => files[`${name}.jsonl`]!.trim().split('\n').filter(Boolean).length;
    assert.equal(count('papers'), 30);
    assert.equal(count('votes'), 2);
    assert.equal(count('comments'), 4);
    assert.equal(count('api_tokens'), 2);
    assert.equal(count('search_models'), 1);
    assert.equal(count('paper_vectors'), 30);
    assert.match(files['users.jsonl']!, /"password_hash":"none"/);
    assert.match(files['search_models.jsonl']!, /"data":\{"\$base64":"/);
  });

  for (const dialect of dialectsUnderTest()) {
    it(`moves the whole site into an empty ${dialect.name} database and exports it again byte for byte`, async () => {
      const target = await dialect.create();
      try {
        const imported = await runCli(['import', 'all', first], { DATABASE_URL: target.url });
        assert.equal(imported.code, 0, imported.stderr);
        const again = join(work, `again-${dialect.name}`);
        assert.equal((await runCli(['export', 'all', again], { DATABASE_URL: target.url })).code, 0);
        assert.deepEqual(readExport(again), readExport(first));
        const app = buildTestApp(target.store, { now: NOW });
        const paper = (await (await app.request('/api/papers/2603.00001')).json()) as { upvotes: number };
        assert.equal(paper.upvotes, 3 + 2, 'the source count and the two members\' votes');
        const search = (await (await app.request('/api/papers/search?q=diffusion')).json()) as unknown[];
        assert.ok(search.length >= 5, 'the lexical index was rebuilt from the papers');
        const refused = await runCli(['import', 'all', first], { DATABASE_URL: target.url });
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /the target database already holds papers, users, subscriptions, comments: import all moves a whole site into an empty database/);
      } finally {
        await target.drop();
      }
    });
  }

  it('resumes an import that stopped midway, and refuses a damaged export naming the file and line', async () => {
    const damaged = join(work, 'damaged');
    assert.equal((await runCli(['export', 'all', damaged], { DATABASE_URL: source.url })).code, 0);
    const comments = join(damaged, 'comments.jsonl');
    const good = readFileSync(comments, 'utf8');
    const lines = good.trim().split('\n');
    writeFileSync(comments, `${lines.slice(0, 2).join('\n')}\n{"id": broken\n${lines.slice(3).join('\n')}\n`);
    const target = await createSqliteDatabase();
    try {
      const failed = await runCli(['import', 'all', damaged], { DATABASE_URL: target.url });
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /comments\.jsonl:3: not a JSON row/);
      assert.doesNotMatch(failed.stderr, / {4}at /);
      writeFileSync(comments, good);
      const resumed = await runCli(['import', 'all', damaged], { DATABASE_URL: target.url });
      assert.equal(resumed.code, 0, resumed.stderr);
      const again = join(work, 'after-resume');
      assert.equal((await runCli(['export', 'all', again], { DATABASE_URL: target.url })).code, 0);
      assert.deepEqual(readExport(again), readExport(damaged));
    } finally {
      await target.drop();
    }
  });

  it('backs up the live SQLite database and restores it, refusing to overwrite papers without --force', async () => {
    const backup = join(work, 'backup.db');
    const made = await runCli(['backup', backup], { DATABASE_URL: source.url });
    assert.equal(made.code, 0, made.stderr);
    const restoredPath = join(work, 'restored.db');
    const restored = await runCli(['restore', backup], { DATABASE_URL: `sqlite:${restoredPath}` });
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /restored .* \(30 papers\)/);
    const again = join(work, 'from-restore');
    assert.equal((await runCli(['export', 'all', again], { DATABASE_URL: `sqlite:${restoredPath}` })).code, 0);
    assert.deepEqual(readExport(again), readExport(first));
    const refused = await runCli(['restore', backup], { DATABASE_URL: `sqlite:${restoredPath}` });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /holds 30 papers; stop the app and add --force/);
    const notBackup = join(work, 'not-a-backup.db');
    writeFileSync(notBackup, 'hello');
    const wrong = await runCli(['restore', notBackup, '--force'], { DATABASE_URL: `sqlite:${restoredPath}` });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /is not a Paperboy SQLite backup/);
  });
});

for (const dialect of dialectsUnderTest()) {
  describe(`reading a table for export on ${dialect.name}`, () => {
    it('streams every row in chunks, in byte order whatever the database collation', async () => {
      const t = await dialect.create();
      try {
        const names = ['b', 'a-1', 'ä', 'B', 'A_2'];
        await t.store.db.insertInto('authors').values(names.map((name) => ({ id: name, name: `Author ${name}` }))).execute();
        const spec = TABLES.find((s) => s.name === 'authors')!;
        const chunks: string[][] = [];
        for await (const rows of streamTableRows(t.store.db, t.store.dialect, spec, 2)) chunks.push(rows.map((r) => String(r.id)));
        assert.deepEqual(chunks, [['A_2', 'B'], ['a-1', 'b'], ['ä']]);
      } finally {
        await t.drop();
      }
    });
  });
}
