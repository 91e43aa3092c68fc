import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { withCodeLink } from '../domain/paper.ts';
import { readLineBatches } from '../lib/lines.ts';
import { appendFlatRows, emptyFlatRows, type FlatRows } from '../store/flat-rows.ts';
import { toRows } from '../store/paper-rows.ts';
import { isIssue, parseJsonlLine } from './jsonl.ts';
import type { RecordIssue, SourcedPaper } from './outcome.ts';
import { flagPapers } from './flags.ts';

/** What the importing thread tells the parsing one. */
export interface ParseJob {
  path: string;
  /** The file's name in the report's "where" ("papers.jsonl:12"). */
  name: string;
  batchSize: number;
  /** Creation time of the papers' rows. */
  now: string;
}

/** A parsed batch: its papers' rows flat, or null when an id repeats in it (the papers are merged the usual way). */
export interface ParsedBatch {
  type: 'batch';
  id: number;
  read: number;
  failed: RecordIssue[];
  flagged: RecordIssue[];
  papers: number;
  flat: FlatRows | null;
}

export type FromParser = ParsedBatch | { type: 'papers'; id: number; papers: SourcedPaper[] } | { type: 'done' } | { type: 'error'; message: string };
export type ToParser = { type: 'ack'; id: number } | { type: 'papers'; id: number };

/** Batches parsed before the importing thread has stored them: enough to keep both threads busy, and memory flat. */
const MAX_AHEAD = 3;

/** A batch being parsed: its papers' rows as they are made, and its lines, to parse again if the importer asks. */
class BatchInProgress {
  readonly flat = emptyFlatRows();
  readonly seen = new Set<string>();
  readonly ids = new Set<string>();
  readonly lines: Array<{ line: string; where: string }> = [];
  readonly failed: RecordIssue[] = [];
  readonly flagged: RecordIssue[] = [];
  read = 0;
  repeated = false;

  constructor(readonly now: string) {}

  add(line: string, where: string): void {
    this.read++;
    const parsed = parseJsonlLine(line, where);
    if (isIssue(parsed)) {
      this.failed.push(parsed);
      return;
    }
    this.flagged.push(...flagPapers([parsed]));
    this.lines.push({ line, where });
    if (this.ids.has(parsed.paper.id)) this.repeated = true;
    this.ids.add(parsed.paper.id);
    // Rows made now, so that the paper's objects die young; only the line is kept.
    if (!this.repeated) appendFlatRows(this.flat, toRows(withCodeLink(parsed.paper)), this.now, this.seen);
  }

  message(id: number): ParsedBatch {
    return { type: 'batch', id, read: this.read, failed: this.failed, flagged: this.flagged, papers: this.lines.length, flat: this.repeated || this.lines.length === 0 ? null : this.flat };
  }
}

/** A kept batch's papers, parsed again (links dropped as the first time; what was flagged is reported already). */
function papersOf(lines: Array<{ line: string; where: string }>): SourcedPaper[] {
  const papers = lines.map(({ line, where }) => parseJsonlLine(line, where)).filter((p): p is SourcedPaper => !isIssue(p));
  flagPapers(papers);
  return papers;
}

/**
 * The parsing thread of a large JSON Lines import (ingest/parallel-import.ts): reads the file,
 * parses and checks each record, makes the rows of each batch and hands them over flat, while the
 * importing thread writes the batch before. It keeps each batch's lines until the importer is done
 * with it, and sends their papers when asked (a batch with a stored paper is merged with it, one
 * with a failing paper is stored paper by paper).
 */
export async function serveParsing(): Promise<void> {
  const port = parentPort!;
  const job = workerData as ParseJob;
  const kept = new Map<number, Array<{ line: string; where: string }>>();
  let wake: (() => void) | undefined;
  port.on('message', (message: ToParser) => {
    if (message.type === 'papers') port.postMessage({ type: 'papers', id: message.id, papers: papersOf(kept.get(message.id) ?? []) } satisfies FromParser);
    else kept.delete(message.id);
    wake?.();
  });
  const settled = async (most: number) => {
    while (kept.size > most) await new Promise<void>((resolve) => (wake = resolve));
  };
  try {
    const file = await open(job.path, 'r');
    let id = 0;
    let batch = new BatchInProgress(job.now);
    let lineNumber = 0;
    for await (const lines of readLineBatches(file.createReadStream({ highWaterMark: 1 << 20 }))) {
      for (const line of lines) {
        lineNumber++;
        if (line.trim() === '') continue;
        batch.add(line, `${job.name}:${lineNumber}`);
        if (batch.lines.length < job.batchSize) continue;
        await settled(MAX_AHEAD - 1);
        kept.set(id, batch.lines);
        port.postMessage(batch.message(id++) satisfies FromParser);
        batch = new BatchInProgress(job.now);
      }
    }
    if (batch.read > 0) {
      kept.set(id, batch.lines);
      port.postMessage(batch.message(id++) satisfies FromParser);
    }
    await settled(0);
    port.postMessage({ type: 'done' } satisfies FromParser);
  } catch (err) {
    port.postMessage({ type: 'error', message: `cannot read ${job.path}: ${(err as Error).message}` } satisfies FromParser);
  }
}
