import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Store } from '../store/db.ts';
import { listPaperIds, findPapers } from '../store/papers.ts';
import { isIssue, paperToJsonl, parseJsonlLine } from './jsonl.ts';
import { emptyOutcome } from './outcome.ts';
import { BATCH_SIZE, importOutcome, type ImportReport } from './run.ts';
import { parseSeedPage, type SeedIds } from './seed.ts';

/** The demo papers ship with Paperboy, under data/seed/. */
export const SEED_DIR = new URL('../../data/seed/', import.meta.url);

export async function importSeed(store: Store, report: ImportReport, dir: URL = SEED_DIR): Promise<ImportReport> {
  const page = readFileSync(new URL('daily-papers-page.txt', dir), 'utf8');
  const ids = JSON.parse(readFileSync(new URL('seed-papers-arxiv.json', dir), 'utf8')) as SeedIds[];
  return importOutcome(store, parseSeedPage(page, ids), report);
}

/** Streams a JSON Lines file in batches, so memory stays flat however long the file is. */
export async function importJsonlFile(store: Store, path: string, report: ImportReport): Promise<ImportReport> {
  // Opened first: a missing or unreadable file is a clear error (with its path), not a stream event.
  const file = await open(path, 'r');
  const lines = createInterface({ input: file.createReadStream({ encoding: 'utf8' }), crlfDelay: Infinity });
  const name = basename(path);
  let batch = emptyOutcome();
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const parsed = parseJsonlLine(line, `${name}:${lineNumber}`);
    if (isIssue(parsed)) batch.failed.push(parsed);
    else batch.papers.push(parsed);
    if (batch.papers.length >= BATCH_SIZE) {
      await importOutcome(store, batch, report);
      batch = emptyOutcome();
    }
  }
  return importOutcome(store, batch, report);
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
