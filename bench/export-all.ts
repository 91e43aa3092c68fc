/**
 * Issue #14: `paperboy export all` + `paperboy import all` at scale. Builds a site on SQLite —
 * N synthetic papers (default 200,000, bench/synthetic.ts, loaded with `import jsonl --bulk` and
 * indexed: lexical documents, a trained model, every paper's vector) and M members (default
 * 10,000), each with a session, an API token, 20 upvotes, 10 saved papers, a public collection
 * of 5, 5 follows, a comment, and one member in five a confirmed digest subscription with a
 * delivery — then times export all, import all into a fresh PostgreSQL database (when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL is set; else SQLite), export all from there and import
 * all back into a fresh SQLite database, and checks that every table holds as many rows at
 * each step as the first export's manifest says.
 *   npx tsx bench/export-all.ts [--papers 200000] [--members 10000]      (needs ../shared)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config.ts';
import { exportAll, importAll } from '../src/cli/dump.ts';
import { importJsonlFile } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { indexPending } from '../src/search/indexer.ts';
import { embedderChoice } from '../src/search/model.ts';
import type { Store } from '../src/store/db.ts';
import { countRows, TABLES } from '../src/store/dump.ts';
import { insertRows } from '../src/store/insert-rows.ts';
import { savedCollectionId } from '../src/store/collections.ts';
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from '../test/helpers/databases.ts';
import { sharedFile } from '../test/helpers/shared.ts';
import { seededRandom, syntheticId, syntheticJsonlFile } from './synthetic.ts';

const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench/export-all ${corpus.skip}`);
  process.exit(2);
}
const { values: args } = parseArgs({ options: { papers: { type: 'string', default: '200000' }, members: { type: 'string', default: '10000' } } });
const PAPERS = Number(args.papers);
const MEMBERS = Number(args.members);
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const config = loadConfig({});
const NOW = '2026-03-18T12:00:00.000Z';
// One placeholder hash for everyone: the move copies hashes as text, and making 10,000 real ones would time the hashing.
const PASSWORD_HASH = 'scrypt$bench$not-a-real-hash';

const secondsSince = (started: number) => (performance.now() - started) / 1000;
const mebibytes = (dir: string) => Math.round(readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0) / 2 ** 20);

async function addMembers(store: Store): Promise<void> {
  const random = seededRandom(11);
  const paper = () => syntheticId(Math.floor(random() * PAPERS));
  const { db, dialect } = store;
  for (let from = 0; from < MEMBERS; from += 500) {
    const ids = Array.from({ length: Math.min(500, MEMBERS - from) }, (_, i) => from + i);
    await db.transaction().execute(async (trx) => {
      const user = (i: number) => `member-${String(i).padStart(6, '0')}`;
      await insertRows(trx, dialect, 'users', ['id', 'username', 'fullname', 'avatar_url', 'created_at', 'email', 'password_hash', 'role'],
        ids.map((i) => ({ id: user(i), username: `m${i}`, fullname: `Member ${i}`, avatar_url: null, created_at: NOW, email: `m${i}@example.org`, password_hash: PASSWORD_HASH, role: 'member' })));
      await insertRows(trx, dialect, 'sessions', ['id_hash', 'user_id', 'created_at', 'expires_at'],
        ids.map((i) => ({ id_hash: `session-${i}`, user_id: user(i), created_at: NOW, expires_at: '2026-04-18T12:00:00.000Z' })));
      await insertRows(trx, dialect, 'api_tokens', ['id', 'user_id', 'name', 'token_hash', 'created_at', 'last_used_at', 'revoked_at'],
        ids.map((i) => ({ id: `token-${i}`, user_id: user(i), name: 'scripts', token_hash: `hash-${i}`, created_at: NOW, last_used_at: null, revoked_at: null })));
      const votes = ids.flatMap((i) => [...new Set(Array.from({ length: 20 }, paper))].map((p) => ({ user_id: user(i), paper_id: p, created_at: NOW })));
      await insertRows(trx, dialect, 'votes', ['user_id', 'paper_id', 'created_at'], votes);
      await insertRows(trx, dialect, 'comments', ['id', 'paper_id', 'user_id', 'parent_id', 'body', 'html', 'created_at', 'edited_at', 'deleted_at', 'hidden_at', 'hidden_by'],
        ids.map((i) => ({ id: `comment-${i}`, paper_id: paper(), user_id: user(i), parent_id: null, body: `A thought from member ${i}, with “quotes”.`, html: null, created_at: NOW, edited_at: null, deleted_at: null, hidden_at: null, hidden_by: null })));
      const collections = ids.flatMap((i) => [
        { id: savedCollectionId(user(i)), owner_id: user(i), kind: 'saved', title: 'Saved', description: '', private: 1, created_at: NOW, updated_at: NOW },
        { id: `list-${i}`, owner_id: user(i), kind: 'custom', title: `Reading list ${i}`, description: 'Papers to read.', private: 0, created_at: NOW, updated_at: NOW },
      ]);
      await insertRows(trx, dialect, 'collections', ['id', 'owner_id', 'kind', 'title', 'description', 'private', 'created_at', 'updated_at'], collections);
      const items = collections.flatMap((c) => [...new Set(Array.from({ length: c.kind === 'saved' ? 10 : 5 }, paper))]
        .map((p, position) => ({ id: `${c.id}-${position}`, collection_id: c.id, paper_id: p, position, note: '', added_at: NOW })));
      await insertRows(trx, dialect, 'collection_items', ['id', 'collection_id', 'paper_id', 'position', 'note', 'added_at'], items);
      await insertRows(trx, dialect, 'follows', ['user_id', 'kind', 'value', 'label', 'created_at'], ids.flatMap((i) => [
        ...['retrieval', 'diffusion', 'agents'].map((k) => ({ user_id: user(i), kind: 'keyword', value: `${k}-${i % 50}`, label: k, created_at: NOW })),
        { user_id: user(i), kind: 'category', value: 'cs.CL', label: 'cs.CL', created_at: NOW },
        { user_id: user(i), kind: 'category', value: 'cs.LG', label: 'cs.LG', created_at: NOW },
      ]));
      const subscribers = ids.filter((i) => i % 5 === 0);
      await insertRows(trx, dialect, 'subscriptions', ['id', 'email', 'user_id', 'frequency', 'interests', 'status', 'confirm_token_hash', 'confirmed_at', 'permanent_failures', 'created_at', 'updated_at'],
        subscribers.map((i) => ({ id: `sub-${i}`, email: `m${i}@example.org`, user_id: user(i), frequency: 'daily', interests: '[]', status: 'confirmed', confirm_token_hash: null, confirmed_at: NOW, permanent_failures: 0, created_at: NOW, updated_at: NOW })));
      await insertRows(trx, dialect, 'deliveries', ['subscription_id', 'period', 'status', 'attempts', 'last_error', 'claimed_by', 'created_at', 'updated_at'],
        subscribers.map((i) => ({ subscription_id: `sub-${i}`, period: '2026-03-17', status: 'sent', attempts: 1, last_error: null, claimed_by: null, created_at: NOW, updated_at: NOW })));
    });
  }
}

async function tableCounts(store: Store): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const spec of TABLES) counts[spec.name] = await countRows(store.db, spec.name);
  return counts;
}

function differences(expected: Record<string, number>, got: Record<string, number>): string[] {
  // settings: the target makes its own rows (its instance secret) before the import overwrites them.
  return Object.keys(expected).filter((t) => t !== 'settings' && expected[t] !== got[t]).map((t) => `${t}: ${got[t]} of ${expected[t]}`);
}

const work = mkdtempSync(join(tmpdir(), 'paperboy-export-bench-'));
const rows: string[] = [];
let failed = false;
const step = async (label: string, dir: string | undefined, task: () => Promise<unknown>, check?: () => Promise<string[]>) => {
  const started = performance.now();
  await task();
  const seconds = secondsSince(started);
  const problems = check ? await check() : [];
  if (problems.length) failed = true;
  rows.push(`| ${label} | ${seconds.toFixed(1)} s | ${dir ? `${mebibytes(dir)} MiB` : ''} | ${problems.length ? `**differs**: ${problems.join('; ')}` : 'every table complete'} |`);
  console.log(rows.at(-1));
};

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}; ${PAPERS.toLocaleString('en')} papers, ${MEMBERS.toLocaleString('en')} members`);
const source = await createSqliteDatabase();
const targets: TestDatabase[] = [];
try {
  const file = await syntheticJsonlFile(corpus.path, PAPERS);
  const building = performance.now();
  await importJsonlFile(source.store, file, emptyReport(), { bulk: true });
  await indexPending(source.store, embedderChoice(config));
  await addMembers(source.store);
  console.log(`site built in ${secondsSince(building).toFixed(0)} s`);
  const first = join(work, 'first');
  await step('export all, SQLite', first, () => exportAll(source.store, first));
  const manifest = JSON.parse(readFileSync(join(first, 'manifest.json'), 'utf8')) as { tables: Record<string, number> };
  const middle = await (pgUrl ? createPostgresDatabase(pgUrl) : createSqliteDatabase());
  targets.push(middle);
  const middleName = middle.store.dialect.name === 'postgres' ? 'PostgreSQL' : 'SQLite';
  await step(`import all into an empty ${middleName} database (rows, then the lexical index)`, undefined, () => importAll(middle.store, config, first),
    async () => differences(manifest.tables, await tableCounts(middle.store)));
  const second = join(work, 'second');
  await step(`export all, ${middleName}`, second, () => exportAll(middle.store, second));
  const last = await createSqliteDatabase();
  targets.push(last);
  await step('import all back into an empty SQLite database', undefined, () => importAll(last.store, config, second),
    async () => differences(manifest.tables, await tableCounts(last.store)));
  console.log(`\n| step (${PAPERS.toLocaleString('en')} papers, ${MEMBERS.toLocaleString('en')} members, ${Object.values(manifest.tables).reduce((a, b) => a + b, 0).toLocaleString('en')} rows) | time | export size | rows |`);
  console.log('|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(`\nload average ${loadavg()[0]!.toFixed(1)} at the end; RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
} finally {
  for (const t of targets) await t.drop();
  await source.drop();
  rmSync(work, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;
