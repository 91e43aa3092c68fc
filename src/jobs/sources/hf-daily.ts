import { addDays } from '../../domain/dates.ts';
import { fetchHfDaily, hfDailyUrl } from '../../ingest/hf-daily.ts';
import type { ParseOutcome } from '../../ingest/outcome.ts';
import { importOutcome } from '../../ingest/run.ts';
import { recordSourceDay, touchSourceDay } from '../../store/sources.ts';
import { conditionalGet } from './conditional.ts';
import type { SourceResult, SourceRunContext } from './context.ts';

/**
 * Mirrors Hugging Face's daily list: each run fetches today's and yesterday's lists (HF keeps
 * adding papers through the day; days are HF's, in UTC), or the last `backfillDays` days on a
 * first run. A day whose first page is unchanged since it was last imported costs one 304. A
 * day is fetched whole and parsed before any of it is stored; a day that fails is recorded
 * (pages say so) and the others still go in; the run then fails, naming the days.
 */
export async function runHfDaily(ctx: SourceRunContext): Promise<SourceResult> {
  const today = ctx.now().toISOString().slice(0, 10);
  const span = Math.max(2, ctx.backfillDays);
  const days = Array.from({ length: span }, (_, i) => addDays(today, i - span + 1));
  const failures: string[] = [];
  for (const [i, day] of days.entries()) {
    if (ctx.lost()) throw new Error('lost the source lease; stopping before the next write');
    ctx.progress({ phase: 'days', done: i, total: days.length });
    try {
      await importDay(ctx, day);
    } catch (err) {
      const reason = (err as Error).message;
      failures.push(`${day}: ${reason}`);
      await recordSourceDay(ctx.store.db, { source: ctx.spec.name, day, fetchedAt: ctx.now().toISOString(), papers: 0, error: reason });
    }
    await ctx.checkpoint();
  }
  ctx.progress({ phase: 'days', done: days.length, total: days.length });
  if (failures.length > 0) throw new Error(`${failures.length} of ${days.length} days failed: ${failures.join('; ')}`);
  return { status: 'ok' };
}

async function importDay(ctx: SourceRunContext, day: string): Promise<void> {
  const first = await conditionalGet(ctx.store, ctx.clients.huggingFace, hfDailyUrl(ctx.config.hfApiUrl, day), ctx.now);
  if (!first.changed) {
    // Unchanged since its last import: the day's record stays, only its time moves.
    await touchSourceDay(ctx.store.db, ctx.spec.name, day, ctx.now().toISOString());
    return;
  }
  const outcome = await fetchHfDaily(ctx.clients.huggingFace, ctx.config.hfApiUrl, day, { first: first.response });
  if (!ctx.spec.feed) dropListings(outcome);
  await importOutcome(ctx.store, outcome, ctx.report);
  await recordSourceDay(ctx.store.db, { source: ctx.spec.name, day, fetchedAt: ctx.now().toISOString(), papers: outcome.papers.length, error: null });
  await first.remember();
}


/** A source configured with feed=off brings papers into the collection only. */
export function dropListings(outcome: ParseOutcome): void {
  for (const { paper } of outcome.papers) paper.listing = null;
}
