import { addDays } from '../../domain/dates.ts';
import { fetchArxivQuery } from '../../ingest/arxiv-api.ts';
import { parseArxivListing } from '../../ingest/arxiv-listing.ts';
import { emptyOutcome } from '../../ingest/outcome.ts';
import { importOutcome } from '../../ingest/run.ts';
import { recordSourceDay } from '../../store/sources.ts';
import { conditionalGet } from './conditional.ts';
import type { SourceResult, SourceRunContext } from './context.ts';
import { dropListings } from './hf-daily.ts';

/** Most papers a backfill asks the arXiv API for: 30 requests at one every 3 s per day of backfill at most. */
const MAX_BACKFILL_RESULTS = 3000;

/**
 * The papers newly announced in some arXiv categories: each run reads each category's daily
 * listing (RSS, one request per category, conditional: an unchanged listing is a 304). Papers
 * new to a category (new and cross-listed) go onto the announcement day's feed when the source
 * has feed=on; replaced versions update the collection only. Listings are parsed whole before
 * anything is stored. The listing holds only the latest announcement, so a backfill (first run
 * with backfill=N, or `sources run --backfill N`) asks the arXiv API for the papers first
 * submitted in those days, listed under their submission day.
 */
export async function runArxivListing(ctx: SourceRunContext): Promise<SourceResult> {
  if (ctx.backfillDays > 0) await backfill(ctx);
  const announced = new Map<string, Set<string>>();
  for (const [i, category] of ctx.spec.args.entries()) {
    if (ctx.lost()) throw new Error('lost the source lease; stopping before the next write');
    ctx.progress({ phase: 'categories', done: i, total: ctx.spec.args.length });
    const url = `${ctx.config.arxivListingUrl}/${category}`;
    const answer = await conditionalGet(ctx.store, ctx.clients.arxiv, url, ctx.now);
    if (!answer.changed) continue;
    if (answer.response.status !== 200) throw new Error(`arXiv answered HTTP ${answer.response.status} for ${url}`);
    const listing = parseArxivListing(answer.response.body, `arXiv listing ${category}`, { feed: ctx.spec.feed });
    await importOutcome(ctx.store, listing, ctx.report);
    if (listing.day) {
      const ids = announced.get(listing.day) ?? new Set<string>();
      for (const { paper } of listing.papers) if (paper.listing || !ctx.spec.feed) ids.add(paper.id);
      announced.set(listing.day, ids);
    }
    await answer.remember();
    await ctx.checkpoint();
  }
  ctx.progress({ phase: 'categories', done: ctx.spec.args.length, total: ctx.spec.args.length });
  for (const [day, ids] of announced) {
    await recordSourceDay(ctx.store.db, { source: ctx.spec.name, day, fetchedAt: ctx.now().toISOString(), papers: ids.size, error: null });
  }
  return { status: 'ok' };
}

async function backfill(ctx: SourceRunContext): Promise<void> {
  const today = ctx.now().toISOString().slice(0, 10);
  const from = addDays(today, -ctx.backfillDays).replaceAll('-', '');
  const to = today.replaceAll('-', '');
  const categories = ctx.spec.args.map((c) => `cat:${c}`).join(' OR ');
  const query = `(${categories}) AND submittedDate:[${from}0000 TO ${to}2359]`;
  ctx.progress({ phase: 'backfill', done: 0, total: 1 });
  const outcome = await fetchArxivQuery(ctx.clients.arxiv, ctx.config.arxivApiUrl, query, MAX_BACKFILL_RESULTS);
  const listed = emptyOutcome();
  listed.failed.push(...outcome.failed);
  for (const item of outcome.papers) {
    const day = item.paper.publishedAt?.slice(0, 10);
    listed.papers.push({ ...item, paper: { ...item.paper, listing: day ? { day, submittedAt: null, submitter: null } : null } });
  }
  if (!ctx.spec.feed) dropListings(listed);
  await importOutcome(ctx.store, listed, ctx.report);
  ctx.progress({ phase: 'backfill', done: 1, total: 1 });
  await ctx.checkpoint();
}
