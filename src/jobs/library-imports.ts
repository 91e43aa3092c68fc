import { fetchArxivByIds, MAX_IDS_PER_REQUEST } from '../ingest/arxiv-api.ts';
import type { HttpClient } from '../ingest/http.ts';
import type { Logger } from '../lib/logger.ts';
import type { Store } from '../store/db.ts';
import { addCollectionItems } from '../store/collections.ts';
import { finishImport, listFetchingImports, listPendingArxivIds, settlePending } from '../store/library-imports.ts';
import { upsertPapers } from '../store/papers.ts';
import { takeRunLease } from './lease.ts';

export interface ImportFetchDeps {
  store: Store;
  logger: Logger;
  /** The shared arXiv client: it keeps arXiv's one request per three seconds across the process. */
  arxiv: HttpClient;
  arxivApiUrl: string;
  clock?: () => Date;
}

/**
 * Fetches from arXiv the papers that imports are waiting for, a batch of ids per request, and
 * adds them to their collections. Progress is in the entries' rows, so a run that stops (a
 * crash, a restart) is picked up by the next from where it was; the lease `library-imports`
 * keeps two runs (two processes) from fetching at once. Returns how many entries it settled.
 */
export async function fetchPendingImports(deps: ImportFetchDeps): Promise<{ settled: number; busy: boolean }> {
  const attempt = await takeRunLease(deps.store, 'library-imports');
  if ('busy' in attempt) return { settled: 0, busy: true };
  const lease = attempt.held;
  let settled = 0;
  try {
    for (const job of await listFetchingImports(deps.store.db)) {
      for (;;) {
        if (lease.lost()) return { settled, busy: false };
        const ids = await listPendingArxivIds(deps.store.db, job.id, MAX_IDS_PER_REQUEST);
        if (ids.length === 0) break;
        settled += await fetchBatch(deps, job, ids);
      }
      await finishImport(deps.store.db, job.id, now(deps));
    }
  } catch (err) {
    // arXiv down or slow: the entries stay pending and the next run (the next import, the next start) goes on.
    deps.logger.warn({ err }, 'fetching papers for a library import stopped; it resumes on the next run');
  } finally {
    await lease.release();
  }
  return { settled, busy: false };
}

const now = (deps: ImportFetchDeps) => (deps.clock ?? (() => new Date()))().toISOString();

async function fetchBatch(deps: ImportFetchDeps, job: { id: string; collectionId: string }, ids: string[]): Promise<number> {
  const result = await fetchArxivByIds(deps.arxiv, deps.arxivApiUrl, ids);
  const papers = result.papers.map((p) => p.paper);
  await deps.store.db.transaction().execute(async (trx) => {
    if (papers.length) await upsertPapers(trx, deps.store.dialect, papers, now(deps));
    await addCollectionItems(trx, job.collectionId, papers.map((p) => p.id), now(deps));
    for (const p of papers) await settlePending(trx, job.id, p.id, { paperId: p.id });
    for (const id of ids) if (!papers.some((p) => p.id === id)) await settlePending(trx, job.id, id, { reason: `arXiv has no paper ${id}` });
  });
  return ids.length;
}

/** Runs the fetch in the background when an import is queued; a kick during a run makes it go round once more. */
export interface ImportFetcher {
  kick(): void;
  /** Resolves when no run is active or wanted (tests, shutdown). */
  idle(): Promise<void>;
}

export function createImportFetcher(deps: ImportFetchDeps): ImportFetcher {
  let running: Promise<void> | undefined;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      await fetchPendingImports(deps);
    } while (again);
  };
  return {
    kick() {
      if (running) {
        again = true;
        return;
      }
      running = loop().finally(() => { running = undefined; });
    },
    idle: async () => {
      while (running) await running;
    },
  };
}
