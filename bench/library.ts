/**
 * The library benchmark (issue #15):
 *   1. importing a 10,000-entry BibTeX file whose papers are all stored: entries/s, and the
 *      process's peak RSS above what it was before the import;
 *   2. a collection of 1,000 papers: server time per request for its page (owner's editor and a
 *      signed-out reader, uncached), its API answer (all 1,000 items) and its BibTeX download.
 *   npx tsx bench/library.ts            (SQLite; PostgreSQL too with TEST_DATABASE_URL)
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { importIntoCollection } from '../src/members/library-import.ts';
import { createMemberCollection } from '../src/members/library.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { addCollectionItems } from '../src/store/collections.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { buildTestApp } from '../test/helpers/app.ts';
import { dialectsUnderTest, type TestDatabase } from '../test/helpers/databases.ts';
import { makeMember } from '../test/helpers/factories.ts';
import { makePaper } from '../test/helpers/papers.ts';

const ENTRIES = 10_000;
const REQUESTS = 30;
const id = (i: number) => `2604.${String(10000 + i).padStart(5, '0')}`;

async function fill(t: TestDatabase): Promise<void> {
  for (let i = 0; i < ENTRIES; i += 1000) {
    await upsertPapers(t.store.db, t.store.dialect, Array.from({ length: 1000 }, (_, k) => makePaper(id(i + k), {
      title: `Stored paper number ${i + k} on sparse attention`, authors: [{ name: `Author ${i + k}`, affiliation: null }, { name: 'Émile Borel', affiliation: null }],
    })));
  }
}

async function importBench(t: TestDatabase): Promise<string> {
  const { member } = await makeMember(t.store);
  const deps = { store: t.store, config: {} as never, logger: silentLogger(), arxiv: {} as never };
  const collection = await createMemberCollection(deps, member, { title: 'Imported' });
  const bib = Array.from({ length: ENTRIES }, (_, i) => `@article{k${i},\n  title = {Stored paper number ${i} on sparse attention},\n  author = {Author, ${i} and Borel, {\\'E}mile},\n  eprint = {${id(i)}},\n  archivePrefix = {arXiv},\n  year = {2026}\n}\n`).join('\n');
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const started = performance.now();
  await importIntoCollection(deps, member, collection.id, { fileName: 'big.bib', text: bib });
  const ms = performance.now() - started;
  lag.disable();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return `import of ${ENTRIES.toLocaleString('en')} BibTeX entries (${(bib.length / 1048576).toFixed(1)} MB), all stored: ${(ms / 1000).toFixed(2)} s = ${Math.round(ENTRIES / (ms / 1000)).toLocaleString('en')} entries/s; peak RSS ${Math.round(peak / 1048576)} MiB (+${Math.round((peak - rssBefore) / 1048576)} MiB over the ${Math.round(rssBefore / 1048576)} MiB before); longest event-loop stall ${Math.round(lag.max / 1e6)} ms`;
}

async function pageBench(t: TestDatabase): Promise<string[]> {
  const app = buildTestApp(t.store, { now: new Date() });
  const owner = await makeMember(t.store);
  const created = await app.request('/api/collections', { method: 'POST', headers: { ...owner.auth, 'content-type': 'application/json' }, body: '{"title": "A thousand papers"}' });
  const { slug, id: collectionId } = (await created.json()) as { slug: string; id: string };
  await addCollectionItems(t.store.db, collectionId, Array.from({ length: 1000 }, (_, i) => id(i)), new Date().toISOString());
  const time = async (label: string, path: string, headers: Record<string, string>, vary: boolean) => {
    const ms: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      // A changing query string keeps the response cache out of it: this is the server's own time.
      const url = vary ? `${path}${path.includes('?') ? '&' : '?'}n=${i}` : path;
      const started = performance.now();
      const res = await app.request(url, { headers });
      await res.arrayBuffer();
      ms.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    }
    ms.sort((a, b) => a - b);
    return `${label}: median ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms, p90 ${ms[Math.floor(ms.length * 0.9)]!.toFixed(1)} ms`;
  };
  return [
    await time('collection page (owner, editor, 50 of 1,000)', `/collections/${slug}`, owner.auth, false),
    await time('collection page (signed out, uncached, 50 of 1,000)', `/collections/${slug}`, {}, true),
    await time('API get_collection (all 1,000 items)', `/api/collections/${slug}`, owner.auth, false),
    await time('BibTeX of all 1,000 papers', `/collections/${slug}?format=bibtex`, owner.auth, false),
  ];
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}`);
for (const dialect of dialectsUnderTest()) {
  const t = await dialect.create();
  try {
    await fill(t);
    console.log(`\n${dialect.name}`);
    console.log(`  ${await importBench(t)}`);
    for (const line of await pageBench(t)) console.log(`  ${line}`);
  } finally {
    await t.drop();
  }
}
