import { addDays } from '../../domain/dates.ts';
import { harvestOai } from '../../ingest/oai-harvest.ts';
import { lastSuccess } from '../../store/sources.ts';
import type { SourceResult, SourceRunContext } from './context.ts';

/**
 * A nightly incremental OAI-PMH harvest of one set, keeping the collection (search, related
 * papers, recommendations) current. It asks for records changed since the day before its last
 * successful run began (datestamps are days, so one day of overlap loses nothing; re-imported
 * records change nothing), or since `backfillDays` ago on a first run. Each page is stored
 * before its resumption token is saved, so a run that dies resumes from its checkpoint.
 */
export async function runOaiHarvest(ctx: SourceRunContext): Promise<SourceResult> {
  const today = ctx.now().toISOString().slice(0, 10);
  const previous = await lastSuccess(ctx.store.db, ctx.spec.name);
  const from = ctx.backfillDays > 0 || !previous ? addDays(today, -Math.max(1, ctx.backfillDays)) : addDays(previous.startedAt.slice(0, 10), -1);
  let pages = 0;
  await harvestOai(ctx.store, ctx.clients.arxiv, {
    oaiUrl: ctx.config.arxivOaiUrl,
    set: ctx.spec.args[0]!,
    from,
    checkpoint: `source ${ctx.spec.name}`,
    beforePage: () => {
      if (ctx.lost()) throw new Error('lost the source lease; stopping before the next write');
    },
    onPage: async (info) => {
      pages = info.page;
      ctx.progress({ phase: 'records', done: info.records, total: info.completeListSize ?? info.records });
      await ctx.checkpoint();
    },
  }, ctx.report);
  return { status: 'ok', message: `harvested ${pages} page(s) of records changed since ${from}` };
}
