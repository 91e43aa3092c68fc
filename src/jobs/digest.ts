import type { Config } from '../config/config.ts';
import { periodLabel, type Period } from '../domain/period.ts';
import { digestPeriod, hasInterests, interestMatcher, type Frequency, type Subscription } from '../domain/subscription.ts';
import { createRateLimiter } from '../lib/rate-limiter.ts';
import { withRetry } from '../lib/retry.ts';
import type { Logger } from '../lib/logger.ts';
import { composeDigest, type Email } from '../mail/compose.ts';
import { SendError, type Mailer } from '../mail/send.ts';
import { signId } from '../members/secret.ts';
import type { Store } from '../store/db.ts';
import type { Paper } from '../domain/paper.ts';
import { listDailyPapers } from '../store/daily.ts';
import { takeRunLease, type HeldLease } from './lease.ts';
import { claimDelivery, clearPermanentFailures, finishDelivery, listActiveSubscriptions, recordPermanentFailure } from '../store/subscriptions.ts';
import { listTrendingPapers } from '../store/trending.ts';

export type DigestConfig = Pick<Config, 'baseUrl' | 'digestTopN' | 'mailRatePerSecond' | 'mailRetries' | 'mailRetryBaseMs' | 'mailPauseAfterFailures'>;

export interface DigestDeps {
  store: Store;
  config: DigestConfig;
  logger: Logger;
  mailer: Mailer;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Members' "For you" sections: given a period, a ranker of its papers for one member (the
   * period's papers prepared once per run). Absent: digests have no such section.
   */
  forYou?: (fromDay: string, toDay: string) => Promise<ForYouRanker>;
}

/** A member's top papers of the period, each with why. */
export type ForYouRanker = (userId: string, limit: number) => Promise<Array<{ paper: Paper; reason: string }>>;

export interface DigestReport {
  period: string;
  papers: number;
  sent: number;
  /** Delivered by an earlier run: the delivery log says so. */
  alreadyDone: number;
  failedPermanently: number;
  failedTemporarily: number;
  paused: number;
  dryRun: boolean;
  /** Set when another run held this digest's lease: this run sent nothing. */
  busy?: { holder: string; expiresAt: string };
  /** Set when this run lost its lease midway (it stalled past the lease's time) and stopped. */
  leaseLost?: boolean;
}

/** Subscriptions read per query: memory stays flat in the number of subscribers. */
const PAGE_SIZE = 500;
/** Papers of the period considered for personal matches. */
const MATCH_POOL = 300;
/** At most this many personal matches in one digest. */
const MAX_MATCHES = 5;
/** Papers in a member's "For you" section. */
const FOR_YOU_PAPERS = 5;

export const digestViewPath = (frequency: Frequency, period: Period): string => `/digests/${frequency}/${period.key}`;

/** The digest one subscriber gets for a period, with their signed links. */
export async function digestFor(deps: Pick<DigestDeps, 'store' | 'config'>, subscription: Subscription, period: Period, trending: DigestPapers, forYou: ForYouRanker | undefined = undefined): Promise<Email> {
  const base = deps.config.baseUrl;
  const personal = forYou && subscription.userId ? await forYou(subscription.userId, FOR_YOU_PAPERS) : [];
  const shown = new Set([...trending.top, ...personal.map((r) => r.paper)].map((p) => p.id));
  const matcher = hasInterests(subscription.interests) ? interestMatcher(subscription.interests) : undefined;
  // A member's interests already shape their "For you" section; the plain matches are for everyone else.
  const matches = matcher && personal.length === 0 ? trending.pool.filter((p) => !shown.has(p.id) && matcher(p)).slice(0, MAX_MATCHES) : [];
  return composeDigest({
    to: subscription.email,
    periodLabel: periodLabel(period),
    trending: trending.top,
    matches,
    ...(personal.length ? { forYou: personal } : {}),
    messageId: `<digest.${period.key}.${subscription.id}@${new URL(base).hostname}>`,
    links: {
      baseUrl: base,
      unsubscribeUrl: `${base}/unsubscribe?t=${await signId(deps.store, 'unsubscribe', subscription.id)}`,
      manageUrl: `${base}/subscriptions/manage?t=${await signId(deps.store, 'manage', subscription.id)}`,
      viewUrl: `${base}${digestViewPath(subscription.frequency, period)}`,
    },
  });
}

export interface DigestPapers {
  top: import('../domain/paper.ts').Paper[];
  pool: import('../domain/paper.ts').Paper[];
}

/** The trending papers of a period and the wider pool personal matches come from. */
export async function digestPapers(deps: Pick<DigestDeps, 'store' | 'config'>, period: Period): Promise<DigestPapers> {
  const { store } = deps;
  const top = (await listTrendingPapers(store.db, store.dialect, { limit: deps.config.digestTopN, offset: 0, fromDay: period.from, toDay: period.to })).papers;
  const pool = (await listDailyPapers(store.db, store.dialect, { fromDay: period.from, toDay: period.to, order: 'upvotes', limit: MATCH_POOL, offset: 0 })).papers;
  return { top: top.length ? top : pool.slice(0, deps.config.digestTopN), pool };
}

/**
 * Sends the digest of `period` to every active subscriber of `frequency`, once each: the
 * delivery log is claimed before sending and marked after, so a run that is killed and run
 * again sends only what remained. Temporary SMTP failures are retried with backoff; permanent
 * ones are recorded, and an address that keeps failing is paused. Nothing goes out for a
 * period without papers.
 */
export async function sendDigests(deps: DigestDeps, { frequency, period, dryRun = false }: { frequency: Frequency; period: Period; dryRun?: boolean }): Promise<DigestReport> {
  const { store, logger } = deps;
  const report: DigestReport = { period: period.key, papers: 0, sent: 0, alreadyDone: 0, failedPermanently: 0, failedTemporarily: 0, paused: 0, dryRun };
  const papers = await digestPapers(deps, period);
  report.papers = papers.top.length;
  if (papers.top.length === 0) {
    logger.info({ frequency, period: period.key }, 'no papers in the period: no digest');
    return report;
  }
  if (dryRun) return countDryRun(deps, frequency, report);
  // One run at a time per digest: a manual catch-up overlapping the scheduled job, or two app
  // processes, find the lease taken and send nothing. Each delivery is also claimed with a
  // conditional write naming this run, so even a run that lost its lease cannot send twice.
  const attempt = await takeRunLease(store, `digest:${frequency}:${period.key}`);
  if ('busy' in attempt) {
    logger.info({ frequency, period: period.key, heldBy: attempt.busy.holder }, 'another run is sending this digest: nothing sent');
    return { ...report, busy: attempt.busy };
  }
  const lease = attempt.held;
  try {
    await sendAll(deps, { frequency, period, papers, lease, report });
  } finally {
    await lease.release();
  }
  return report;
}

async function countDryRun(deps: DigestDeps, frequency: Frequency, report: DigestReport): Promise<DigestReport> {
  let afterId = '';
  for (;;) {
    const page = await listActiveSubscriptions(deps.store.db, frequency, { afterId, limit: PAGE_SIZE });
    if (page.length === 0) return report;
    report.sent += page.length;
    afterId = page.at(-1)!.id;
  }
}

async function sendAll(deps: DigestDeps, run: { frequency: Frequency; period: Period; papers: DigestPapers; lease: HeldLease; report: DigestReport }): Promise<void> {
  const { store, config } = deps;
  const { frequency, period, papers, lease, report } = run;
  const forYou = await forYouRanker(deps, period);
  const limiter = createRateLimiter(1000 / config.mailRatePerSecond, deps.sleep ? { sleep: deps.sleep } : {});
  const inFlight = new Set<Promise<void>>();
  let afterId = '';
  for (;;) {
    const page = await listActiveSubscriptions(store.db, frequency, { afterId, limit: PAGE_SIZE });
    if (page.length === 0) break;
    afterId = page.at(-1)!.id;
    for (const subscription of page) {
      if (lease.lost()) {
        report.leaseLost = true;
        break;
      }
      const claim = await claimDelivery(store.db, subscription.id, period.key, lease.holder, new Date().toISOString());
      if (claim !== 'claimed') {
        if (claim === 'done') report.alreadyDone++;
        continue;
      }
      // The limiter spaces the starts; a few messages are in flight at once so that SMTP round
      // trips overlap. Each message is still claimed before and marked after its own send.
      await limiter.schedule(async () => undefined);
      const job = deliver(deps, subscription, period, papers, lease.holder, report, forYou).finally(() => inFlight.delete(job));
      inFlight.add(job);
      if (inFlight.size >= MAIL_CONCURRENCY) await Promise.race(inFlight);
    }
    if (report.leaseLost) break;
  }
  await Promise.all(inFlight);
}

/** The run's For-you ranker; a ranking that fails leaves that member's section out (logged), never the digest. */
async function forYouRanker(deps: DigestDeps, period: Period): Promise<ForYouRanker | undefined> {
  if (!deps.forYou) return undefined;
  let ranker: ForYouRanker;
  try {
    ranker = await deps.forYou(period.from, period.to);
  } catch (err) {
    deps.logger.warn({ err, period: period.key }, 'For-you sections left out of this digest run');
    return undefined;
  }
  return (userId, limit) => ranker(userId, limit).catch((err: unknown) => {
    deps.logger.warn({ err, user: userId, period: period.key }, 'For-you section left out of a digest');
    return [];
  });
}

/** Messages in flight at once: enough to hide SMTP latency, few enough to be polite to the server. */
const MAIL_CONCURRENCY = 4;

async function deliver(deps: DigestDeps, subscription: Subscription, period: Period, papers: DigestPapers, runId: string, report: DigestReport, forYou?: ForYouRanker): Promise<void> {
  const { store, config, logger, mailer } = deps;
  const now = () => new Date().toISOString();
  const email = await digestFor(deps, subscription, period, papers, forYou);
  let attempts = 0;
  try {
    await withRetry(async () => {
      attempts++;
      await mailer.send(email);
    }, {
      retries: config.mailRetries, baseDelayMs: config.mailRetryBaseMs,
      shouldRetry: (err) => err instanceof SendError && !err.permanent,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    });
    await finishDelivery(store.db, subscription.id, period.key, runId, { status: 'sent', attempts }, now());
    await clearPermanentFailures(store.db, subscription.id);
    report.sent++;
  } catch (err) {
    const message = (err as Error).message.slice(0, 500);
    if (err instanceof SendError && err.permanent) {
      await finishDelivery(store.db, subscription.id, period.key, runId, { status: 'failed', attempts, error: message }, now());
      report.failedPermanently++;
      if (await recordPermanentFailure(store.db, subscription.id, config.mailPauseAfterFailures, now())) report.paused++;
      logger.warn({ subscription: subscription.id, period: period.key, error: message }, 'digest refused permanently');
    } else {
      // Left claimed as 'sending': the next run tries it again.
      await finishDelivery(store.db, subscription.id, period.key, runId, { status: 'sending', attempts, error: message }, now());
      report.failedTemporarily++;
      logger.warn({ subscription: subscription.id, period: period.key, error: message }, 'digest not sent yet (temporary failure)');
    }
  }
}

/** The scheduled run: today's daily digest on weekdays and the weekly one on Mondays. */
export async function runScheduledDigests(deps: DigestDeps, now: Date, timeZone: string): Promise<DigestReport[]> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const reports: DigestReport[] = [];
  for (const frequency of ['daily', 'weekly'] as const) {
    const period = digestPeriod(frequency, today);
    if (period) reports.push(await sendDigests(deps, { frequency, period }));
  }
  return reports;
}
