import type { Hono } from 'hono';
import { enforceLimit, LIMITS, requireMember, requireWriter, type MemberEnv } from '../members/http.ts';
import { setNotInterested } from '../members/library.ts';
import { recommendFor, type RecommendDeps } from '../members/recommend.ts';
import { listUpvotedAmong } from '../store/votes.ts';
import { jsonBody, paperIdParam, parseQuery, periodOf, RecommendationsQuery } from './params.ts';
import { dailyPaperItem } from './shapes.ts';

/** The member's own recommendations, and "Not interested". */
export function registerRecommendationApi(api: Hono<MemberEnv>, deps: RecommendDeps): void {
  api.get('/me/recommendations', async (c) => {
    const member = requireMember(c);
    const q = parseQuery(RecommendationsQuery, c.req.query());
    const period = periodOf(q);
    const recs = await recommendFor(deps, member, { limit: q.limit, ...(period ?? {}), ...(q.since ? { since: q.since } : {}) });
    const upvoted = await listUpvotedAmong(deps.store.db, member.id, recs.map((r) => r.paper.id));
    // Personal: never kept by a shared cache.
    c.header('Cache-Control', 'private, no-store');
    return c.json(recs.map((r) => ({ ...dailyPaperItem(r.paper, upvoted, deps.config.baseUrl), reason: r.reason, score: Number(r.score.toFixed(4)) })));
  });

  /** `{"dismissed": true|false}` (default true): hide a paper from your recommendations and teach the model. */
  api.post('/papers/:id{.+}/not-interested', async (c) => {
    const member = requireWriter(c);
    await enforceLimit(deps, `write:${member.id}`, LIMITS.writesPerMember);
    const text = (await c.req.text()).trim();
    const dismissed = text ? (await jsonBody(c, text)).dismissed : undefined;
    return c.json(await setNotInterested(deps, member, paperIdParam(c.req.param('id')), dismissed === false ? false : true));
  });
}
