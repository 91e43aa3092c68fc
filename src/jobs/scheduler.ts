import { Cron } from 'croner';
import type { Config } from '../config/config.ts';
import type { Logger } from '../lib/logger.ts';
import type { Store } from '../store/db.ts';
import { takeRunLease } from './lease.ts';
import { rerank } from './rerank.ts';
import { indexPending } from '../search/indexer.ts';
import { embedderChoice } from '../search/model.ts';
import { READING_AIDS_LEASE, runReadingAids } from './reading-aids.ts';
import { summarizePending } from './summaries.ts';
import { pruneExpired } from '../store/members.ts';
import type { Mailer } from '../mail/send.ts';
import { runScheduledDigests, type DigestDeps } from './digest.ts';
import { MEMBER_MODELS_JOB } from './member-models.ts';
import type { SourceSpec } from '../config/sources.ts';
import type { SourceClients } from './sources/context.ts';
import { runSource, type RunAttempt, type SourceDeps, type Trigger } from './sources/run.ts';


export interface Scheduler {
  /** Stops every timer; resolves when the source runs under way have finished. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** HTTP clients for the configured sources (SOURCES); without them no source is scheduled. */
  clients?: SourceClients;
  /** Told of every source run attempt: logs and tests wait on it. */
  onSourceRun?: (source: string, attempt: RunAttempt) => void;
  /** Members' "For you" sections in digests (see DigestDeps.forYou). */
  forYou?: DigestDeps['forYou'];
  /** Brings For-you models up to date with new signals (jobs/member-models.ts); scheduled every minute when given. */
  memberModels?: () => Promise<unknown>;
}

/**
 * Runs the scheduled jobs of this process. Each run first takes the job's lease in the
 * database, so with several app processes only one of them runs it. Jobs are the same plain
 * functions the CLI runs.
 */
export function startScheduler(store: Store, config: Config, logger: Logger, mailer?: Mailer, options: SchedulerOptions = {}): Scheduler {
  const at = config.digestMinutesAfterMidnight;
  const jobs = [
    { name: 'rerank', schedule: config.trendingRefresh, run: () => rerank(store) },
    // Papers submitted or imported by another process get their vectors within a minute.
    { name: 'index', schedule: '* * * * *', run: () => indexAndSummarize(store, config) },
    { name: READING_AIDS_LEASE, schedule: '* * * * *', run: () => runReadingAids(store, config, logger) },
    // Rate-limit windows last at most an hour; a day's margin keeps the table small.
    { name: 'prune', schedule: '17 * * * *', run: () => pruneExpired(store.db, { before: new Date(Date.now() - 86_400_000).toISOString(), now: new Date().toISOString() }) },
    // A member's model follows their signals within a minute, so digests and first requests read a kept one.
    ...(options.memberModels ? [{ name: MEMBER_MODELS_JOB, schedule: '* * * * *', run: options.memberModels }] : []),
    ...(mailer ? [{ name: 'digest', schedule: `${at % 60} ${Math.floor(at / 60)} * * *`, run: () => runScheduledDigests({ store, config, logger, mailer, ...(options.forYou ? { forYou: options.forYou } : {}) }, new Date(), config.digestTimeZone) }] : []),
  ];
  const crons = jobs.map((job) => new Cron(job.schedule, { timezone: job.name === 'digest' ? config.digestTimeZone : config.dayBoundary.timeZone, protect: true }, async () => {
    await runLeased(store, job, logger);
  }));
  const sources = options.clients ? scheduleSources({ store, config, logger, clients: options.clients }, config, options.onSourceRun) : { crons: [], running: new Set<Promise<void>>() };
  return {
    stop: async () => {
      [...crons, ...sources.crons].forEach((cron) => cron.stop());
      await Promise.all(sources.running);
    },
  };
}

/**
 * Each configured source on its schedule, and once at start-up when it has never run (so a
 * new install fills its feed at once). Runs of one source never overlap: croner's protect
 * within this process, the source's lease across processes.
 */
function scheduleSources(deps: SourceDeps, config: Config, onRun: SchedulerOptions['onSourceRun']): { crons: Cron[]; running: Set<Promise<void>> } {
  const running = new Set<Promise<void>>();
  const run = (spec: SourceSpec, trigger: Trigger) => {
    const done = runOnce(spec, trigger).finally(() => running.delete(done));
    running.add(done);
    return done;
  };
  const runOnce = async (spec: SourceSpec, trigger: Trigger) => {
    try {
      const attempt = await runSource(deps, spec, { trigger });
      onRun?.(spec.name, attempt);
    } catch (err) {
      // The database itself failed (the run could not even be recorded): one line, and the next tick tries again.
      deps.logger.error({ source: spec.name, error: (err as Error).message }, 'source run could not start');
    }
  };
  const crons = config.sources.map((spec) => new Cron(spec.schedule, { timezone: config.dayBoundary.timeZone, protect: true }, () => run(spec, 'schedule')));
  for (const spec of config.sources) void run(spec, 'startup');
  return { crons, running };
}

/** New papers get their search documents, vectors and offline summaries together. */
export async function indexAndSummarize(store: Store, config: Config) {
  const index = await indexPending(store, embedderChoice(config));
  const summaries = await summarizePending({ store });
  return { ...index, summarized: summaries.offline };
}

export interface Job {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * Runs `job` if this process can take its lease (the same renewed run lease a digest run
 * takes: a job longer than the lease keeps it, and one left by a killed process of this host
 * is taken over at once); returns whether it ran. Failures are logged, never thrown into the
 * timer; the lease is released either way, or expires if the process dies.
 */
export async function runLeased(store: Store, job: Job, logger: Logger): Promise<boolean> {
  const attempt = await takeRunLease(store, job.name);
  if ('busy' in attempt) return false;
  const started = performance.now();
  try {
    const result = await job.run();
    logger.info({ job: job.name, result, ms: Math.round(performance.now() - started) }, 'job finished');
  } catch (err) {
    logger.error({ err, job: job.name }, 'job failed');
  } finally {
    await attempt.held.release();
  }
  return true;
}
