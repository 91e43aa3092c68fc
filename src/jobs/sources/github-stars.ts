import { fetchRepo, type RateBudget } from '../../ingest/github.ts';
import { countDueRepos, discoverRepos, dueRepos, markRepoError, markRepoMissing, markRepoUnchanged, saveRepo } from '../../store/code-repos.ts';
import type { SourceResult, SourceRunContext } from './context.ts';

/** A repository is asked about at most once in this long: "daily", with an hour of slack for the hourly runs. */
export const STARS_REFRESH_MS = 23 * 3_600_000;
/** Repositories read from the store at a time. */
const BATCH = 500;

/**
 * Refreshes the stars of every repository papers link to, least recently checked first, each at
 * most once a day. Requests are conditional (an unchanged repository is a 304, which GitHub
 * does not count against the limit). It reads X-RateLimit-Remaining on every answer and stops
 * before the limit is spent (or when GitHub says it is), with status 'paused' and the reset
 * time; the next run after the reset carries on from the repositories still due. Renamed
 * repositories are followed to their new name; deleted ones are recorded and lose their stars.
 */
export async function runGithubStars(ctx: SourceRunContext): Promise<SourceResult> {
  const discovered = await discoverRepos(ctx.store.db);
  const checkedBefore = new Date(ctx.now().getTime() - STARS_REFRESH_MS).toISOString();
  const total = await countDueRepos(ctx.store.db, checkedBefore);
  const budget: RateBudget = { remaining: undefined, resetAt: undefined };
  const tried = new Set<string>();
  const counts = { checked: 0, changed: 0, unchanged: 0, missing: 0, errors: 0 };
  for (;;) {
    const batch = (await dueRepos(ctx.store.db, { checkedBefore, limit: BATCH + tried.size })).filter((r) => !tried.has(r.key)).slice(0, BATCH);
    if (batch.length === 0) break;
    for (const repo of batch) {
      if (ctx.lost()) throw new Error('lost the source lease; stopping before the next write');
      if (budget.remaining === 0 && budget.resetAt && budget.resetAt > ctx.now()) return paused(ctx, budget.resetAt, total - counts.checked, counts);
      tried.add(repo.key);
      const answer = await fetchRepo(ctx.clients.github, ctx.config.githubApiUrl, repo.key, {
        etag: repo.etag, budget, ...(ctx.config.githubToken ? { token: ctx.config.githubToken } : {}),
      }).catch((err: Error) => ({ kind: 'error' as const, reason: err.message }));
      const now = ctx.now().toISOString();
      ctx.report.read++;
      switch (answer.kind) {
        case 'rate-limited':
          tried.delete(repo.key);
          return paused(ctx, answer.resetAt, total - counts.checked, counts);
        case 'unchanged':
          await markRepoUnchanged(ctx.store.db, repo.key, now);
          counts.unchanged++;
          ctx.report.unchanged++;
          break;
        case 'found': {
          const papers = await saveRepo(ctx.store.db, repo.key, answer, now);
          if (papers.length > 0) {
            counts.changed++;
            ctx.report.updated += papers.length;
          } else ctx.report.unchanged++;
          break;
        }
        case 'missing':
          ctx.report.updated += (await markRepoMissing(ctx.store.db, repo.key, answer.reason, now)).length;
          counts.missing++;
          break;
        case 'error':
          await markRepoError(ctx.store.db, repo.key, answer.reason);
          ctx.report.failed.push({ where: `github ${repo.key}`, reason: answer.reason });
          counts.errors++;
          break;
      }
      counts.checked++;
      ctx.progress({ phase: 'repositories', done: counts.checked, total });
      if (counts.checked % 100 === 0) await ctx.checkpoint();
    }
  }
  ctx.progress({ phase: 'repositories', done: counts.checked, total: counts.checked });
  return { status: 'ok', message: `${summary(counts)}; ${discovered} new repositories found in papers` };
}

function paused(ctx: SourceRunContext, resetAt: Date, left: number, counts: Record<string, number>): SourceResult {
  return {
    status: 'paused',
    message: `GitHub's rate limit is spent until ${resetAt.toISOString()}; ${left} repositories left for the next run after that (${summary(counts)})`,
  };
}

function summary(c: Record<string, number>): string {
  return `checked ${c.checked}: ${c.changed} with new stars or names, ${c.unchanged} unchanged, ${c.missing} gone, ${c.errors} errors`;
}
