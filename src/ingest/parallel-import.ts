import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Store } from '../store/db.ts';
import { insertNewPapers, listStoredPaperIds } from '../store/papers.ts';
import type { SourcedPaper } from './outcome.ts';
import type { FromParser, ParsedBatch, ParseJob, ToParser } from './parse-worker-main.ts';
import { storeBatch, type ImportOptions, type ImportReport } from './run.ts';

/**
 * A JSON Lines import on two threads: a worker reads, parses and checks the records and makes
 * each batch's rows (ingest/parse-worker-main.ts) while this thread writes the batch before —
 * parsing and checking was as much work as writing, and one core did both. A batch whose papers
 * are all new is written from the flat rows as they came; a batch with a paper that is already
 * stored (or an id twice) is merged paper by paper as any import is (`storeBatch`), with its papers
 * fetched from the worker. Each batch is one transaction, as before: an interrupted import is
 * resumed by running it again.
 */
export async function importJsonlInParallel(store: Store, path: string, report: ImportReport, batchSize: number, options: ImportOptions): Promise<void> {
  const parser = new ParserThread({ path, name: basename(path), batchSize, now: new Date().toISOString() });
  try {
    for (let message = await parser.next(); message.type === 'batch'; message = await parser.next()) {
      await storeParsed(store, parser, message, report, options);
      parser.ack(message.id);
    }
  } finally {
    await parser.stop();
  }
}

async function storeParsed(store: Store, parser: ParserThread, batch: ParsedBatch, report: ImportReport, options: ImportOptions): Promise<void> {
  report.read += batch.read;
  report.failed.push(...batch.failed);
  report.flagged.push(...batch.flagged);
  if (batch.papers === 0) return;
  const upsert = { indexNew: !options.bulk };
  const { flat } = batch;
  if (flat && (await insertIfAllNew(store, flat, upsert).catch(() => false))) {
    report.inserted += flat.ids.length;
    return;
  }
  await storeBatch(store, await parser.papers(batch.id), report, upsert);
}

/** Writes the batch in one transaction if none of its papers is stored yet; false (and nothing written) otherwise. */
function insertIfAllNew(store: Store, flat: NonNullable<ParsedBatch['flat']>, upsert: { indexNew: boolean }): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    if ((await listStoredPaperIds(trx, store.dialect, flat.ids)).size > 0) return false;
    await insertNewPapers(trx, store.dialect, flat, upsert);
    return true;
  });
}

/** The worker and its messages: parsed batches in order, and the papers of a batch on request. */
class ParserThread {
  readonly #worker: Worker;
  readonly #inbox: FromParser[] = [];
  #waiting: ((message: FromParser) => void) | undefined;
  readonly #asked = new Map<number, { resolve: (papers: SourcedPaper[]) => void; reject: (err: Error) => void }>();

  constructor(job: ParseJob) {
    this.#worker = new Worker(new URL('./parse-worker.mjs', import.meta.url), { workerData: job });
    this.#worker.on('message', (message: FromParser) => this.#receive(message));
    this.#worker.on('error', (err) => this.#receive({ type: 'error', message: err.message }));
    this.#worker.on('exit', (code) => this.#receive(code === 0 ? { type: 'done' } : { type: 'error', message: `the parsing thread stopped (exit code ${code})` }));
  }

  #receive(message: FromParser): void {
    if (message.type === 'papers') {
      this.#asked.get(message.id)?.resolve(message.papers);
      this.#asked.delete(message.id);
      return;
    }
    // A batch asked for and never sent is an error, not an empty batch: nothing is counted as stored that was not.
    if (message.type === 'error') for (const { reject } of this.#asked.values()) reject(new Error(message.message));
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) waiting(message);
    else this.#inbox.push(message);
  }

  /** The next parsed batch, or the end; a failure of the worker (an unreadable file) is thrown. */
  async next(): Promise<ParsedBatch | { type: 'done' }> {
    const message = this.#inbox.shift() ?? (await new Promise<FromParser>((resolve) => (this.#waiting = resolve)));
    if (message.type === 'error') throw new Error(message.message);
    return message as ParsedBatch | { type: 'done' };
  }

  papers(id: number): Promise<SourcedPaper[]> {
    return new Promise((resolve, reject) => {
      this.#asked.set(id, { resolve, reject });
      this.#worker.postMessage({ type: 'papers', id } satisfies ToParser);
    });
  }

  ack(id: number): void {
    this.#worker.postMessage({ type: 'ack', id } satisfies ToParser);
  }

  async stop(): Promise<void> {
    await this.#worker.terminate();
  }
}
