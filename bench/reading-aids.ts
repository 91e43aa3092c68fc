/**
 * Reading aids (issue #17):
 *   1. offline summaries and keywords for the 1,595-paper corpus: papers/s through the job
 *      (reading, extracting and writing), on each database;
 *   2. thumbnails: PDFs of one paper-like page (and of twelve pages) served over loopback,
 *      downloaded, rendered by pdftoppm and encoded by cwebp: pages/s and bytes per thumbnail.
 *   npx tsx bench/reading-aids.ts       (SQLite; PostgreSQL too with TEST_DATABASE_URL; needs ../shared and poppler-utils)
 */
import { cpus, loadavg } from 'node:os';
import { importJsonlFile } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { summarizePending } from '../src/jobs/summaries.ts';
import { renderPendingThumbnails } from '../src/jobs/thumbnails.ts';
import { countThumbnails } from '../src/store/paper-aids.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { dialectsUnderTest } from '../test/helpers/databases.ts';
import { makePaper } from '../test/helpers/papers.ts';
import { startPdfServer } from '../test/helpers/pdf-server.ts';
import { sharedFile } from '../test/helpers/shared.ts';

const THUMBNAILS = 60;
const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench:reading-aids ${corpus.skip}`);
  process.exit(1);
}
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}`);

for (const dialect of dialectsUnderTest()) {
  const t = await dialect.create();
  try {
    const imported = await importJsonlFile(t.store, corpus.path, emptyReport());
    const started = performance.now();
    const report = await summarizePending({ store: t.store });
    const s = (performance.now() - started) / 1000;
    console.log(`${dialect.name}: offline summaries and keywords for ${report.offline.toLocaleString('en')} papers (of ${imported.inserted.toLocaleString('en')} imported) in ${s.toFixed(2)} s = ${Math.round(report.offline / s).toLocaleString('en')} papers/s`);
  } finally {
    await t.drop();
  }
}

const [first] = dialectsUnderTest();
for (const pages of [1, 12]) {
  const t = await first!.create();
  const pdfs = await startPdfServer({}, { pages, oneFile: true });
  try {
    await upsertPapers(t.store.db, t.store.dialect, Array.from({ length: THUMBNAILS }, (_, i) => makePaper(`2607.${String(i + 1).padStart(5, '0')}`)));
    const started = performance.now();
    const report = await renderPendingThumbnails({ store: t.store, options: { pdfUrl: pdfs.url, maxPdfBytes: 20 * 1_048_576, timeoutMs: 30_000, pdftoppm: 'pdftoppm', cwebp: 'cwebp' } }, { limit: THUMBNAILS });
    const s = (performance.now() - started) / 1000;
    if (report.unavailable) throw new Error(report.unavailable);
    const sizes = (await t.store.db.selectFrom('paper_thumbnails').select(['bytes', 'mime']).where('status', '=', 'done').execute()).map((r) => Number(r.bytes)).sort((a, b) => a - b);
    const mime = (await t.store.db.selectFrom('paper_thumbnails').select('mime').where('status', '=', 'done').executeTakeFirst())?.mime;
    console.log(`thumbnails of ${pages}-page PDFs: ${report.made} made (${JSON.stringify(await countThumbnails(t.store.db))}) in ${s.toFixed(2)} s = ${(report.made / s).toFixed(1)} pages/s one at a time; ${mime}, median ${sizes[Math.floor(sizes.length / 2)]} bytes, largest ${sizes.at(-1)} bytes`);
  } finally {
    await pdfs.close();
    await t.drop();
  }
}
