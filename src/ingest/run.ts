import type { Store } from '../store/db.ts';
import { upsertPapers, type UpsertOptions } from '../store/papers.ts';
import { flagPapers } from './flags.ts';
import type { ParseOutcome, RecordIssue, SourcedPaper } from './outcome.ts';

/** Papers per transaction: large enough to amortise the commit, small enough to retry cheaply. */
export const BATCH_SIZE = 500;

/** Papers per transaction in a bulk load, which writes no lexical index as it goes. */
export const BULK_BATCH_SIZE = 5000;

export interface ImportOptions {
  /**
   * A first load (`paperboy import jsonl --bulk`): bigger transactions, and new papers' lexical
   * documents left to the indexer, which builds them all at the end (store/papers.ts).
   */
  bulk?: boolean;
  /** Parse on a second thread while this one writes (ingest/parallel-import.ts); by default, for large files. */
  parallel?: boolean;
}

export interface ImportReport {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: RecordIssue[];
  failed: RecordIssue[];
  /** Taken, but worth a look: papers with an empty abstract. */
  flagged: RecordIssue[];
}

export function emptyReport(): ImportReport {
  return { read: 0, inserted: 0, updated: 0, unchanged: 0, skipped: [], failed: [], flagged: [] };
}

/**
 * Stores what a parser produced and counts it into `report`. Each batch is one transaction; if
 * a batch fails, its papers are retried one by one so that one bad record is named and skipped
 * while the others go in. Re-running the same input changes nothing (upserts are idempotent),
 * so an interrupted import is resumed by running it again.
 */
export async function importOutcome(store: Store, outcome: ParseOutcome, report: ImportReport, options: ImportOptions = {}): Promise<ImportReport> {
  report.read += outcome.papers.length + outcome.failed.length + outcome.skipped.length;
  report.failed.push(...outcome.failed);
  report.skipped.push(...outcome.skipped);
  const size = options.bulk ? BULK_BATCH_SIZE : BATCH_SIZE;
  for (let i = 0; i < outcome.papers.length; i += size) {
    await importBatch(store, outcome.papers.slice(i, i + size), report, { indexNew: !options.bulk });
  }
  return report;
}

async function importBatch(store: Store, batch: SourcedPaper[], report: ImportReport, upsert: UpsertOptions): Promise<void> {
  report.flagged.push(...flagPapers(batch));
  await storeBatch(store, batch, report, upsert);
}

/** One transaction for the batch; if it fails, each paper alone, so that the one that fails is named. */
export async function storeBatch(store: Store, batch: SourcedPaper[], report: ImportReport, upsert: UpsertOptions): Promise<void> {
  try {
    count(report, await upsertPapers(store.db, store.dialect, batch.map((b) => b.paper), undefined, upsert));
  } catch {
    for (const { paper, where } of batch) {
      try {
        count(report, await upsertPapers(store.db, store.dialect, [paper], undefined, upsert));
      } catch (err) {
        report.failed.push({ where, reason: `not stored: ${(err as Error).message}` });
      }
    }
  }
}

function count(report: ImportReport, result: { inserted: string[]; updated: string[]; unchanged: string[] }): void {
  report.inserted += result.inserted.length;
  report.updated += result.updated.length;
  report.unchanged += result.unchanged.length;
}

/** The report as the CLI prints it: counts on one line, then each skipped or failed record. */
export function formatReport(label: string, report: ImportReport, { maxListed = 50 } = {}): string {
  const lines = [
    `${label}: read ${report.read}, inserted ${report.inserted}, updated ${report.updated}, unchanged ${report.unchanged}, ` +
      `skipped ${report.skipped.length}, failed ${report.failed.length}, flagged ${report.flagged.length}`,
  ];
  const list = (title: string, issues: RecordIssue[]) => {
    if (issues.length === 0) return;
    lines.push(`${title}:`);
    for (const issue of issues.slice(0, maxListed)) lines.push(`  ${issue.where}: ${issue.reason}`);
    if (issues.length > maxListed) lines.push(`  … and ${issues.length - maxListed} more`);
  };
  list('failed', report.failed);
  list('skipped', report.skipped);
  list('flagged', report.flagged);
  return lines.join('\n');
}
