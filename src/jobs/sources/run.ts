import type { SourceKind, SourceSpec } from '../../config/sources.ts';
import type { HttpClient } from '../../ingest/http.ts';
import { emptyReport, type ImportReport } from '../../ingest/run.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Store } from '../../store/db.ts';
import { findRun, finishRun, hasRun, hasSucceeded, markInterrupted, recordProgress, startRun, type RunCounts, type SourceRun } from '../../store/sources.ts';
import { takeRunLease } from '../lease.ts';
import { rerank } from '../rerank.ts';
import { runArxivListing } from './arxiv.ts';
import type { SourceClients, SourceConfig, SourceProgress, SourceRunner } from './context.ts';
import { runGithubStars } from './github-stars.ts';
import { runHfDaily } from './hf-daily.ts';
import { runOaiHarvest } from './oai.ts';

const RUNNERS: Record<SourceKind, SourceRunner> = {
  'hf-daily': runHfDaily,
  arxiv: runArxivListing,
  'oai-pmh': runOaiHarvest,
  'github-stars': runGithubStars,
};

export interface SourceDeps {
  store: Store;
  config: SourceConfig;
  logger: Logger;
  clients: SourceClients;
  now?: () => Date;
}

export type Trigger = 'schedule' | 'startup' | 'cli' | 'admin';

export interface RunOptions {
  trigger: Trigger;
  /** Days to fetch back this run, whatever the source's history. */
  backfillDays?: number;
  progress?: (p: SourceProgress) => void;
}

export type RunAttempt =
  | { ran: SourceRun; report: ImportReport }
  /** Another process (or run) holds the source's lease. */
  | { busy: { holder: string; expiresAt: string } }
  /** A start-up run of a source that has run before: nothing to do. */
  | { skipped: 'has-run' };

/** The lease name of a source: one run of it at a time across every process. */
export const sourceLeaseName = (spec: SourceSpec): string => `source:${spec.name}`;

/**
 * Runs one source once: takes its lease (one process runs it, however many there are), marks
 * runs left 'running' by a dead process as interrupted, records the run and its counts as it
 * goes, and its outcome at the end. Imports are idempotent, so a rerun finishes whatever an
 * interrupted one left. A failure is recorded and logged as one line, never thrown: the
 * scheduler tries again at the next tick.
 */
export async function runSource(deps: SourceDeps, spec: SourceSpec, options: RunOptions): Promise<RunAttempt> {
  const now = deps.now ?? (() => new Date());
  const attempt = await takeRunLease(deps.store, sourceLeaseName(spec));
  if ('busy' in attempt) return attempt;
  const lease = attempt.held;
  try {
    await markInterrupted(deps.store.db, spec.name, lease.holder, now().toISOString());
    if (options.trigger === 'startup' && (await hasRun(deps.store.db, spec.name))) return { skipped: 'has-run' };
    const backfillDays = options.backfillDays ?? ((await hasSucceeded(deps.store.db, spec.name)) ? 0 : spec.backfillDays);
    const id = await startRun(deps.store.db, { source: spec.name, holder: lease.holder, trigger: options.trigger, now: now().toISOString() });
    const report = emptyReport();
    const { clients, requests } = countingClients(deps.clients);
    const counts = (): RunCounts => ({ read: report.read, inserted: report.inserted, updated: report.updated, failed: report.failed.length, requests: requests() });
    let status: 'ok' | 'paused' | 'failed' = 'failed';
    let message: string | null = null;
    try {
      const result = await RUNNERS[spec.kind]({
        store: deps.store, config: deps.config, logger: deps.logger, spec, clients, backfillDays, report, now,
        lost: lease.lost,
        progress: options.progress ?? (() => undefined),
        checkpoint: () => recordProgress(deps.store.db, id, counts()),
      });
      status = result.status;
      message = result.message ?? (backfillDays > 0 ? `backfilled ${backfillDays} day${backfillDays === 1 ? '' : 's'}` : null);
      if (report.failed.length > 0) message = [message, `${report.failed.length} record(s) failed, first: ${report.failed[0]!.where}: ${report.failed[0]!.reason}`].filter(Boolean).join('; ');
    } catch (err) {
      message = (err as Error).message || String(err);
      deps.logger.warn({ source: spec.name, error: message }, 'source run failed; it runs again at its next scheduled time');
    }
    // New papers and changed stars or upvotes move the trending order now, not at the next rerank.
    if (report.inserted + report.updated > 0) await rerank(deps.store).catch((err: Error) => deps.logger.warn({ err: err.message }, 'rerank after a source run failed'));
    await finishRun(deps.store.db, id, { status, counts: counts(), message, now: now().toISOString() });
    const ran = await findRun(deps.store.db, id);
    if (status !== 'failed') deps.logger.info({ source: spec.name, status, ...counts() }, 'source run finished');
    return { ran: ran!, report };
  } finally {
    await lease.release();
  }
}

/** The same clients, counting the requests this run makes. */
function countingClients(clients: SourceClients): { clients: SourceClients; requests: () => number } {
  let n = 0;
  const wrap = (http: HttpClient): HttpClient => ({
    get: (url, options) => {
      n++;
      return http.get(url, options);
    },
  });
  return { clients: { arxiv: wrap(clients.arxiv), huggingFace: wrap(clients.huggingFace), github: wrap(clients.github) }, requests: () => n };
}
