import { isWeekend } from '../../domain/feed-day.ts';
import type { Paper } from '../../domain/paper.ts';
import { periodContaining, periodLabel, type Period, type PeriodKind } from '../../domain/period.ts';
import { formatDay, periodPath, utcTime } from '../format.ts';
import { Layout } from '../layout.tsx';
import type { Freshness } from '../freshness.ts';
import { Pager, PaperList } from './paper-card.tsx';
import { CitationDownloads } from './library-pages.tsx';

export interface PeriodPageProps {
  /** For a signed-in member: whether the page is in their For-you order (undefined: nobody signed in). */
  forYou?: boolean | undefined;
  /** Why each paper is where it is, in the For-you order. */
  reasons?: Map<string, string>;
  period: Period;
  papers: Paper[];
  page: number;
  hasMore: boolean;
  previous: Period;
  /** Undefined when the next period has not started yet. */
  next?: Period;
  /** The newest earlier day with papers, offered when this period has none. */
  earlierWithPapers?: string;
  /** Shown above the list, e.g. when a future date was asked for. */
  notice?: string;
  /** The day the Daily tab opens: the period's last day, or today if that is sooner. */
  dailyTabDay: string;
  baseUrl: string;
  /** Only papers with code (`?code=1`). */
  hasCode?: boolean;
  /** Day pages of a site fed by sources: when it was updated, whether the day is still filling. */
  freshness?: Freshness;
}

const KIND_NAMES: Record<PeriodKind, { tab: string; feed: string; section: 'daily' | 'weekly' | 'monthly' }> = {
  day: { tab: 'Daily', feed: 'daily', section: 'daily' },
  week: { tab: 'Weekly', feed: 'weekly', section: 'weekly' },
  month: { tab: 'Monthly', feed: 'monthly', section: 'monthly' },
};

/** The papers of a day, week or month, by upvotes, with tabs and links to the periods around it. */
export function PeriodPage(props: PeriodPageProps) {
  const { period, papers, page, hasMore, previous, next, earlierWithPapers, notice, dailyTabDay, baseUrl, hasCode, freshness, forYou, reasons } = props;
  const label = periodLabel(period);
  const names = KIND_NAMES[period.kind];
  const basePath = periodPath(period.kind, period.key);
  const path = hasCode ? `${basePath}?code=1` : basePath;
  const tabs = (['day', 'week', 'month'] as const).map((kind) => {
    const target = kind === 'day' ? periodContaining('day', dailyTabDay) : periodContaining(kind, period.from);
    return { kind, href: periodPath(kind, target.key), current: kind === period.kind };
  });
  return (
    <Layout meta={{
      title: `Daily Papers — ${label} · Paperboy`,
      description: `Research papers listed ${period.kind === 'day' ? 'on' : 'in'} ${label}, ranked by upvotes.`,
      url: `${baseUrl}${path}`,
      feed: { base: `/feeds/${names.feed}`, title: `Paperboy ${names.tab.toLowerCase()} papers` },
      section: names.section,
    }}>
      <h1>{period.kind === 'day' ? 'Daily Papers' : `${names.tab} Papers`} — {label}</h1>
      <nav class="tabs" aria-label="Period">
        {tabs.map((t) => <a href={t.href} aria-current={t.current ? 'page' : undefined}>{KIND_NAMES[t.kind].tab}</a>)}
      </nav>
      <nav class="period" aria-label={`${names.tab} navigation`}>
        <a href={periodPath(previous.kind, previous.key)} rel="prev">← {periodLabel(previous)}</a>
        {next ? <a href={periodPath(next.kind, next.key)} rel="next">{periodLabel(next)} →</a> : <span>This is the latest {period.kind}</span>}
      </nav>
      {notice ? <p class="notice" role="status">{notice}</p> : null}
      {freshness ? <FreshnessNote freshness={freshness} /> : null}
      <p class="filter-toggle">{hasCode ? <>Showing papers with code · <a href={basePath}>Show all papers</a></> : <a href={`${basePath}?code=1`} rel="nofollow">Only papers with code</a>}
        {forYou === undefined ? null : forYou ? <> · Sorted for you · <a href={path}>Sort by upvotes</a></> : <> · <a href={`${path}${path.includes('?') ? '&' : '?'}sort=for-you`} rel="nofollow">Sort: for you</a></>}</p>
      <PaperList papers={papers} {...(reasons ? { reasons } : {})} empty={hasCode ? `No papers with code ${period.kind === 'day' ? 'on' : 'in'} ${label}.` : emptyMessage(period, freshness)} />
      {papers.length === 0 && earlierWithPapers ? (
        <p>The latest papers before this are on <a href={periodPath('day', earlierWithPapers)}>{formatDay(earlierWithPapers)}</a>.</p>
      ) : null}
      <Pager path={forYou ? `${path}${path.includes('?') ? '&' : '?'}sort=for-you` : path} page={page} hasMore={hasMore} />
      {papers.length ? <CitationDownloads path={path} /> : null}
    </Layout>
  );
}

function FreshnessNote({ freshness }: { freshness: Freshness }) {
  return (
    <p class="freshness" role="status">
      {freshness.updatedAt ? <>Feed updated {utcTime(freshness.updatedAt)}.</> : <>The feed's sources have not finished a run yet.</>}
      {freshness.filling ? <> This day is still filling: Hugging Face adds papers through the day.</> : null}
    </p>
  );
}

/** Why a day is empty: a source's failed fetch, a source that found nothing, or a weekend. */
function emptyMessage(period: Period, freshness?: Freshness): string {
  const failed = freshness?.records.find((r) => r.error);
  if (period.kind === 'day' && failed) {
    return `No papers here yet: fetching ${failed.label} for ${formatDay(period.key)} failed at ${utcTime(failed.fetchedAt)} (${failed.error}). It is tried again at the next run.`;
  }
  const checked = freshness?.records.find((r) => r.papers === 0);
  if (period.kind === 'day' && checked) {
    return `${checked.label[0]!.toUpperCase()}${checked.label.slice(1)} was checked at ${utcTime(checked.fetchedAt)} and held no papers for ${formatDay(period.key)}.`;
  }
  if (period.kind === 'day' && isWeekend(period.key)) {
    return `No papers on ${formatDay(period.key)}: it is a weekend, and arXiv announces new papers only from Sunday to Thursday evening.`;
  }
  return `No papers were listed ${period.kind === 'day' ? 'on' : 'in'} ${periodLabel(period)}.`;
}
