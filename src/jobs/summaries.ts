import { documentFrequencies, offlineAids, type DocumentFrequencies } from '../aids/extract.ts';
import { estimateTokens, LlmError, promptFor, summarizeWithLlm, type LlmOptions } from '../aids/llm.ts';
import type { Logger } from '../lib/logger.ts';
import type { Store } from '../store/db.ts';
import {
  adjustLlmUsage, claimLlmBudget, claimLlmPaper, countPapersWithAids, releaseLlmPaper, insertOfflineAids, listAidSubjects, listLlmQueue, listPapersWithoutAids, recordLlmFailure, saveModelAids, type AidSubject,
} from '../store/paper-aids.ts';
import { countPapers, listSpreadPaperIds } from '../store/papers.ts';
import { missingBatches } from '../store/missing.ts';

/** Papers per transaction of offline summaries: a crash loses at most one batch, and the rerun skips the rest. */
const BATCH = 500;
/** Papers sampled for the collection's word frequencies: enough for stable keyword weights, cheap to read. */
const FREQUENCY_SAMPLE = 20_000;
/** The sample is read again once the collection has grown by this share. */
const FREQUENCY_REBUILD_GROWTH = 0.5;
/** Connection failures or 5xx in a row after which the model's server is taken to be down for this run. */
const MAX_SERVER_FAILURES_IN_A_ROW = 3;
/** Longest wait a 429's Retry-After gets within a run; longer, the run stops and the next one goes on. */
const MAX_RETRY_AFTER_MS = 10_000;

export interface SummaryDeps {
  store: Store;
  /** The operator's language model; without it only offline summaries are made. */
  llm?: LlmOptions & { concurrency: number; dailyTokens: number };
  logger?: Logger;
  now?: () => Date;
}

export interface SummaryProgress {
  phase: 'offline' | 'model';
  done: number;
  total: number;
}

export interface SummaryReport {
  /** Papers given an offline summary. */
  offline: number;
  /** Papers the language model summarised. */
  model: number;
  /** Papers it could not (they keep the offline summary; `--retry-failed` tries them again). */
  failed: number;
  /** Why the model pass ended early: the day's token cap, a 429 that asked for a long wait, or the server being down. */
  stopped?: 'budget' | 'rate_limited' | 'unavailable';
}

const frequencies = new WeakMap<Store, { stats: DocumentFrequencies; papers: number }>();

/** Word frequencies over a sample of the collection, kept per process and read again as it grows. */
async function frequenciesFor(store: Store): Promise<DocumentFrequencies> {
  const papers = await countPapers(store.db);
  const cached = frequencies.get(store);
  if (cached && papers <= cached.papers * (1 + FREQUENCY_REBUILD_GROWTH) + 100) return cached.stats;
  const sample = await listAidSubjects(store.db, store.dialect, await listSpreadPaperIds(store.db, FREQUENCY_SAMPLE));
  const stats = documentFrequencies(sample.map((p) => `${p.title} ${p.abstract}`));
  frequencies.set(store, { stats, papers });
  return stats;
}

/**
 * Gives every paper without one an offline summary and keywords, then — when a language model
 * is configured — has it rewrite the ones it has not tried, within the day's token cap.
 * Resumable: each step skips what is done, so a run killed midway goes on where it stopped.
 */
export async function summarizePending(deps: SummaryDeps, { retryFailed = false, onProgress }: { retryFailed?: boolean; onProgress?: (p: SummaryProgress) => void } = {}): Promise<SummaryReport> {
  const report: SummaryReport = { offline: await summarizeOffline(deps, onProgress), model: 0, failed: 0 };
  if (deps.llm) await summarizeWithModel(deps, deps.llm, report, retryFailed, onProgress);
  return report;
}

async function summarizeOffline(deps: SummaryDeps, onProgress?: (p: SummaryProgress) => void): Promise<number> {
  const { store } = deps;
  const papers = await countPapers(store.db);
  const total = papers - (await countPapersWithAids(store.db)).total;
  if (total <= 0) return 0;
  const stats = await frequenciesFor(store);
  let written = 0;
  let done = 0;
  for await (const ids of missingBatches((afterId, window) => listPapersWithoutAids(store.db, afterId, window), BATCH, papers, total)) {
    const subjects = await listAidSubjects(store.db, store.dialect, ids);
    const aids = subjects.map((p) => ({ paperId: p.id, ...offlineAids(p.title, p.abstract, stats) }));
    written += await insertOfflineAids(store.db, store.dialect, aids, (deps.now?.() ?? new Date()).toISOString());
    done += ids.length;
    onProgress?.({ phase: 'offline', done, total });
  }
  return written;
}

async function summarizeWithModel(deps: SummaryDeps, llm: NonNullable<SummaryDeps['llm']>, report: SummaryReport, retryFailed: boolean, onProgress?: (p: SummaryProgress) => void): Promise<void> {
  const { store } = deps;
  let after = '';
  let serverFailures = 0;
  let done = 0;
  const clock = () => deps.now?.() ?? new Date();
  const one = async (paper: AidSubject): Promise<void> => {
    const now = clock();
    const day = now.toISOString().slice(0, 10);
    // Another run (a second process, the CLI beside the scheduler) may have taken it meanwhile.
    if (!(await claimLlmPaper(store.db, paper.id, { retryFailed, now: now.toISOString() }))) return;
    const claimed = estimateTokens(promptFor(paper));
    if (!(await claimLlmBudget(store.db, day, claimed, llm.dailyTokens))) {
      await releaseLlmPaper(store.db, paper.id);
      report.stopped ??= 'budget';
      return;
    }
    try {
      const answer = await askWithOneRetry(llm, paper);
      await adjustLlmUsage(store.db, day, answer.tokens - claimed);
      await saveModelAids(store.db, paper.id, answer.aids, now.toISOString());
      report.model++;
      serverFailures = 0;
    } catch (err) {
      if (!(err instanceof LlmError)) throw err;
      if (err.kind === 'rate_limited') {
        await adjustLlmUsage(store.db, day, -claimed);
        await releaseLlmPaper(store.db, paper.id);
        report.stopped ??= 'rate_limited';
        return;
      }
      if (err.kind === 'network' || (err.kind === 'http' && /answered 5\d\d/.test(err.message))) {
        await adjustLlmUsage(store.db, day, -claimed);
        await releaseLlmPaper(store.db, paper.id);
        // The server is down or failing: the paper is not to blame and is tried again next run.
        if (++serverFailures >= MAX_SERVER_FAILURES_IN_A_ROW) report.stopped ??= 'unavailable';
        deps.logger?.warn({ paper: paper.id, error: err.message }, 'language model unavailable');
        return;
      }
      await recordLlmFailure(store.db, paper.id, err.message);
      report.failed++;
      deps.logger?.warn({ paper: paper.id, error: err.message }, 'language model summary failed; the offline one stays');
    } finally {
      onProgress?.({ phase: 'model', done: ++done, total: done });
    }
  };
  while (!report.stopped) {
    const queue = await listLlmQueue(store.db, { afterId: after, limit: llm.concurrency * 8, retryFailed, now: clock().toISOString() });
    if (queue.length === 0) return;
    after = queue.at(-1)!.id;
    const workers = Array.from({ length: Math.min(llm.concurrency, queue.length) }, async () => {
      for (let paper = queue.shift(); paper && !report.stopped; paper = queue.shift()) await one(paper);
    });
    await Promise.all(workers);
  }
}

/** One request; on a 429 with a short Retry-After, waits and asks once more. */
async function askWithOneRetry(llm: LlmOptions, paper: AidSubject) {
  try {
    return await summarizeWithLlm(llm, paper);
  } catch (err) {
    if (!(err instanceof LlmError) || err.kind !== 'rate_limited' || (err.retryAfterMs ?? MAX_RETRY_AFTER_MS + 1) > MAX_RETRY_AFTER_MS) throw err;
    await new Promise((resolve) => setTimeout(resolve, err.retryAfterMs));
    return summarizeWithLlm(llm, paper);
  }
}
