import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { withCodeLink } from '../domain/paper.ts';
import { readLines } from '../lib/lines.ts';
import { flattenRows, type FlatRows } from '../store/flat-rows.ts';
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

/**
 * The parsing thread of a large JSON Lines import (ingest/parallel-import.ts): reads the file,
 * parses and checks each record, makes the rows of each batch and hands them over flat, while the
 * importing thread writes the batch before. It keeps each batch's papers until the importer is done
 * with it, and sends them when asked (a batch with a stored paper is merged with it, one with a
 * failing paper is stored paper by paper).
 */
export async function serveParsing(): Promise<void> {
  const port = parentPort!;
  const job = workerData as ParseJob;
  const kept = new Map<number, SourcedPaper[]>();
  let wake: (() => void) | undefined;
  port.on('message', (message: ToParser) => {
    if (message.type === 'papers') port.postMessage({ type: 'papers', id: message.id, papers: kept.get(message.id) ?? [] } satisfies FromParser);
    else kept.delete(message.id);
    wake?.();
  });
  const roomAhead = async () => {
    while (kept.size >= MAX_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
  };
  try {
    const file = await open(job.path, 'r');
    let id = 0;
    let batch: SourcedPaper[] = [];
    let failed: RecordIssue[] = [];
    let read = 0;
    let lineNumber = 0;
    const send = async () => {
      await roomAhead();
      kept.set(id, batch);
      port.postMessage(parsedBatch(id++, batch, failed, read, job.now) satisfies FromParser);
      batch = [];
      failed = [];
      read = 0;
    };
    for await (const line of readLines(file.createReadStream({ highWaterMark: 1 << 20 }))) {
      lineNumber++;
      if (line.trim() === '') continue;
      read++;
      const parsed = parseJsonlLine(line, `${job.name}:${lineNumber}`);
      if (isIssue(parsed)) failed.push(parsed);
      else batch.push(parsed);
      if (batch.length >= job.batchSize) await send();
    }
    if (read > 0) await send();
    while (kept.size > 0) await new Promise<void>((resolve) => (wake = resolve));
    port.postMessage({ type: 'done' } satisfies FromParser);
  } catch (err) {
    port.postMessage({ type: 'error', message: (err as Error).message } satisfies FromParser);
  }
}

function parsedBatch(id: number, batch: SourcedPaper[], failed: RecordIssue[], read: number, now: string): ParsedBatch {
  const flagged = flagPapers(batch);
  const ids = new Set(batch.map((b) => b.paper.id));
  const flat = ids.size === batch.length && batch.length > 0 ? flattenRows(batch.map((b) => toRows(withCodeLink(b.paper))), now) : null;
  return { type: 'batch', id, read, failed, flagged, papers: batch.length, flat };
}
