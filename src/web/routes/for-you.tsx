import type { Context, Hono } from 'hono';
import type { Member } from '../../domain/members.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { nowOf } from '../../members/context.ts';
import { AppError } from '../../domain/errors.ts';
import { periodContaining } from '../../domain/period.ts';
import { enforceLimit, LIMITS, readForm, requireMember, requireWriter, type MemberEnv } from '../../members/http.ts';
import { setNotInterested } from '../../members/library.ts';
import { recommendFor } from '../../members/recommend.ts';
import { listFollows } from '../../store/follows.ts';
import { hasFeedKey, listLikedPaperIds, replaceFeedKey } from '../../store/signals.ts';
import { listTrendingPapers } from '../../store/trending.ts';
import { parseArxivId } from '../../domain/arxiv-id.ts';
import { today, type WebDeps } from '../context.ts';
import { paperPath } from '../format.ts';
import { ForYouPage, FOR_YOU_PERIODS, type ForYouPeriod, type Suggestion } from '../pages/for-you-page.tsx';
import { render, safeReturn } from '../viewer.tsx';

/** Papers a For-you page shows. */
const FOR_YOU_PAGE = 50;
/** Interests suggested to a member with no signals, from what is trending. */
const SUGGESTIONS = 8;

/** `/papers/for-you` and "Not interested". */
export function registerForYouRoutes(web: Hono<MemberEnv>, deps: WebDeps): void {
  web.get('/papers/for-you', async (c) => {
    const period = (c.req.query('period') ?? 'all') as ForYouPeriod;
    if (!FOR_YOU_PERIODS.some((p) => p.key === period)) throw new AppError('invalid_input', 'period must be today, week, month or all.');
    return render(c, await forYouPage(c, requireMember(c), period));
  });

  const forYouPage = async (c: Context<MemberEnv>, member: Member, period: ForYouPeriod, newFeedUrl?: string) => {
    const range = period === 'all' ? undefined : periodContaining(period === 'today' ? 'day' : period, today(deps));
    const [liked, follows] = await Promise.all([listLikedPaperIds(deps.store.db, member.id, 1), listFollows(deps.store.db, member.id)]);
    const hasSignals = liked.length > 0 || follows.length > 0;
    const recs = await recommendFor(deps, member, { limit: FOR_YOU_PAGE, ...(range ? { fromDay: range.from, toDay: range.to } : {}) });
    const suggestions = hasSignals ? [] : await suggestFromTrending(deps);
    const feed = newFeedUrl ? { url: newFeedUrl } : { exists: await hasFeedKey(deps.store.db, member.id) };
    return <ForYouPage period={period} papers={recs.map((r) => r.paper)} reasons={new Map(recs.map((r) => [r.paper.id, r.reason]))} suggestions={suggestions} hasSignals={hasSignals} feed={feed} />;
  };

  web.post('/papers/for-you/feed', async (c) => {
    const member = requireWriter(c);
    const key = newToken();
    await replaceFeedKey(deps.store.db, member.id, hashToken(key), nowOf(deps).toISOString());
    return render(c, await forYouPage(c, member, 'all', `${deps.config.baseUrl}/feeds/for-you.rss?key=${key}`));
  });

  web.post('/papers/:id{.+}/not-interested', async (c) => {
    const member = requireWriter(c);
    await enforceLimit(deps, `write:${member.id}`, LIMITS.writesPerMember);
    const f = await readForm(c);
    const id = parseArxivId(c.req.param('id'))?.id ?? c.req.param('id');
    await setNotInterested(deps, member, id, f.dismissed !== '0');
    return c.redirect(safeReturn(f.return, paperPath(id)), 303);
  });
}

/** The categories and organizations most common among trending papers. */
async function suggestFromTrending(deps: WebDeps): Promise<Suggestion[]> {
  const { papers } = await listTrendingPapers(deps.store.db, deps.store.dialect, { limit: 100, offset: 0 });
  const counts = new Map<string, { s: Suggestion; n: number }>();
  const count = (s: Suggestion) => {
    const key = `${s.kind}:${s.value}`;
    counts.set(key, { s, n: (counts.get(key)?.n ?? 0) + 1 });
  };
  for (const p of papers) {
    if (p.primaryCategory) count({ kind: 'category', value: p.primaryCategory, label: p.primaryCategory });
    if (p.organization) count({ kind: 'organization', value: p.organization.slug, label: p.organization.name });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n).slice(0, SUGGESTIONS).map((x) => x.s);
}
