import { addDays, isoWeekOf, isoWeekRange, isValidDay, monthRange } from './dates.ts';

/** A span of feed days the site and the API list papers for. */
export type PeriodKind = 'day' | 'week' | 'month';

export interface Period {
  kind: PeriodKind;
  /** 2026-03-17, 2026-W12 or 2026-03. */
  key: string;
  /** Inclusive bounds, YYYY-MM-DD. */
  from: string;
  to: string;
}

/** arXiv began in August 1991: no feed period starts earlier, so the one before it always exists. */
export const FIRST_FEED_YEAR = 1991;

/** Parses a period key of the given kind; undefined when malformed. */
export function parsePeriod(kind: PeriodKind, key: string): Period | undefined {
  if (kind === 'day') return isValidDay(key) ? { kind, key, from: key, to: key } : undefined;
  const range = kind === 'week' ? isoWeekRange(key) : monthRange(key);
  return range ? { kind, key, from: range.from, to: range.to } : undefined;
}

/** The period of `kind` that contains `day`. */
export function periodContaining(kind: PeriodKind, day: string): Period {
  if (kind === 'day') return parsePeriod('day', day)!;
  if (kind === 'week') {
    const { year, week } = isoWeekOf(day);
    return parsePeriod('week', `${year}-W${String(week).padStart(2, '0')}`)!;
  }
  return parsePeriod('month', day.slice(0, 7))!;
}

/** The period just before (`-1`) or after (`1`) this one. */
export function shiftPeriod(period: Period, direction: -1 | 1): Period {
  const day = direction < 0 ? addDays(period.from, -1) : addDays(period.to, 1);
  return periodContaining(period.kind, day);
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Jan … Dec, as the seed page and the site write them. */
export const SHORT_MONTHS = MONTH_NAMES.map((m) => m.slice(0, 3));

/** "Mar 17, 2026" — the way the seed page's cards write dates. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${SHORT_MONTHS[Number(m) - 1]} ${Number(d)}, ${y}`;
}

/** A heading for the period: "Mar 17, 2026", "Week 12 of 2026 (Mar 16 – Mar 22)", "March 2026". */
export function periodLabel(period: Period): string {
  if (period.kind === 'day') return formatDay(period.key);
  if (period.kind === 'month') return `${MONTH_NAMES[Number(period.key.slice(5, 7)) - 1]} ${period.key.slice(0, 4)}`;
  const [year, week] = period.key.split('-W');
  return `Week ${Number(week)} of ${year} (${formatDay(period.from).replace(/, \d{4}$/, '')} – ${formatDay(period.to)})`;
}
