import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { readLines } from '../lib/lines.ts';
import type { Store } from '../store/db.ts';
import { listPaperIds, findPapers } from '../store/papers.ts';
import { isIssue, paperToJsonl, parseJsonlLine } from './jsonl.ts';
import { emptyOutcome } from './outcome.ts';
import { suspendSecondaryIndexes, restoreSecondaryIndexes } from '../store/bulk-load.ts';
import { BATCH_SIZE, BULK_BATCH_SIZE, importOutcome, type ImportOptions, type ImportReport } from './run.ts';
import { importJsonlInParallel } from './parallel-import.ts';
import { parseSeedPage, type SeedIds } from './seed.ts';

/** The demo papers ship with Paperboy, under data/seed/. */
export const SEED_DIR = new URL('../../data/seed/', import.meta.url);

export async function importSeed(store: Store, report: ImportReport, dir: URL = SEED_DIR): Promise<ImportReport> {
  const page = readFileSync(new URL('daily-papers-page.txt', dir), 'utf8');
  const ids = JSON.parse(readFileSync(new URL('seed-papers-arxiv.json', dir), 'utf8')) as SeedIds[];
  return importOutcome(store, parseSeedPage(page, ids), report);
}

/**
 * Streams a JSON Lines file in batches, so memory stays flat however long the file is. A bulk
 * load (`options.bulk`, for a first load) also suspends the paper tables' lookup indexes and
 * builds them once at the end (store/bulk-load.ts); the lexical index is left to the indexer.
 */
export async function importJsonlFile(store: Store, path: string, report: ImportReport, options: ImportOptions = {}): Promise<ImportReport> {
  // Opened first: a missing or unreadable file is a clear error (with its path), not a stream event.
  const file = await open(path, 'r');
  const size = options.bulk ? BULK_BATCH_SIZE : BATCH_SIZE;
  const parallel = options.parallel ?? (await file.stat()).size >= PARALLEL_MIN_BYTES;
  if (options.bulk) await suspendSecondaryIndexes(store.db, store.dialect);
  try {
    if (parallel) {
      await file.close();
      await importJsonlInParallel(store, path, report, size, options);
    } else {
      await importJsonlLines(store, readLines(file.createReadStream({ highWaterMark: 1 << 20 })), basename(path), report, size, options);
    }
  } catch (err) {
    // The indexes come back now if they can; if not, the next migration run builds them.
    if (options.bulk) await restoreSecondaryIndexes(store.db).catch(() => undefined);
    throw err;
  }
  if (options.bulk) await restoreSecondaryIndexes(store.db);
  return report;
}

/** Files from this size on are parsed on a second thread; a smaller one is read before a thread would have started. */
const PARALLEL_MIN_BYTES = 8 << 20;

async function importJsonlLines(store: Store, lines: AsyncIterable<string>, name: string, report: ImportReport, size: number, options: ImportOptions): Promise<void> {
  let batch = emptyOutcome();
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const parsed = parseJsonlLine(line, `${name}:${lineNumber}`);
    if (isIssue(parsed)) batch.failed.push(parsed);
    else batch.papers.push(parsed);
    if (batch.papers.length >= size) {
      await importOutcome(store, batch, report, options);
      batch = emptyOutcome();
    }
  }
  await importOutcome(store, batch, report, options);
}

/** Writes every paper as JSON Lines, in id order, a page at a time. */
export async function exportJsonl(store: Store, write: (chunk: string) => Promise<void> | void): Promise<number> {
  let afterId = '';
  let count = 0;
  for (;;) {
    const ids = await listPaperIds(store.db, { afterId, limit: BATCH_SIZE });
    if (ids.length === 0) return count;
    const papers = await findPapers(store.db, store.dialect, ids);
    await write(ids.map((id) => `${paperToJsonl(papers.get(id)!)}\n`).join(''));
    count += ids.length;
    afterId = ids.at(-1)!;
  }
}
