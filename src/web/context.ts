import { AppError } from '../domain/errors.ts';
import { feedDayOf } from '../domain/feed-day.ts';
import { FIRST_FEED_YEAR, parsePeriod, periodContaining, periodLabel, shiftPeriod, type Period, type PeriodKind } from '../domain/period.ts';
import type { MembersDeps } from '../members/context.ts';
import type { Searcher } from '../search/searcher.ts';
import { findLatestDay } from '../store/daily.ts';
import type { SourceControl } from '../store/sources.ts';
import type { ImportFetcher } from '../jobs/library-imports.ts';

/** Pages need what member actions need (the store, settings, logger, arXiv client, clock) and search. */
export type WebDeps = MembersDeps & { searcher: Searcher; sources?: SourceControl; imports?: ImportFetcher };

/** Papers per page of any list. */
export const PAGE_SIZE = 50;

export function today(deps: WebDeps): string {
  return feedDayOf((deps.clock ?? (() => new Date()))(), deps.config.dayBoundary);
}

export interface ResolvedPeriod {
  period: Period;
  previous: Period;
  next?: Period;
  notice?: string;
}

/**
 * The period a page or feed shows. No key: the one holding the latest day with papers. A key
 * in the future: the latest published period instead, with a notice saying so.
 */
export async function resolvePeriod(deps: WebDeps, kind: PeriodKind, key?: string): Promise<ResolvedPeriod> {
  const now = today(deps);
  const latest = async () => periodContaining(kind, (await findLatestDay(deps.store.db, now)) ?? now);
  let period: Period;
  let notice: string | undefined;
  if (key === undefined) {
    period = await latest();
  } else {
    const parsed = parsePeriod(kind, key);
    if (!parsed) throw new AppError('invalid_input', `"${key.slice(0, 40)}" is not a ${kind}; write it ${FORMATS[kind]}.`);
    if (Number(parsed.from.slice(0, 4)) < FIRST_FEED_YEAR) throw new AppError('not_found', `There are no papers before ${FIRST_FEED_YEAR}, the year arXiv began.`);
    period = parsed;
    if (parsed.from > now) {
      period = await latest();
      notice = `${periodLabel(parsed)} has not started yet; showing the latest ${kind} with papers.`;
    }
  }
  const next = shiftPeriod(period, 1);
  return { period, previous: shiftPeriod(period, -1), ...(next.from <= now ? { next } : {}), ...(notice ? { notice } : {}) };
}

const FORMATS: Record<PeriodKind, string> = { day: 'YYYY-MM-DD, e.g. 2026-03-17', week: 'YYYY-Www, e.g. 2026-W12', month: 'YYYY-MM, e.g. 2026-03' };

export function pageParam(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d{1,6}$/.test(value)) throw new AppError('invalid_input', `p must be a page number, got "${value}".`);
  return Number(value);
}
