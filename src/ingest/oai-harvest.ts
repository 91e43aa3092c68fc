import { AppError, isAppError } from '../domain/errors.ts';
import type { Store } from '../store/db.ts';
import { deleteCheckpoint, findCheckpoint, saveCheckpoint } from '../store/checkpoints.ts';
import type { HttpClient } from './http.ts';
import { parseOaiPage } from './oai-pmh.ts';
import { importOutcome, type ImportReport } from './run.ts';

export interface HarvestOptions {
  oaiUrl: string;
  set?: string;
  from?: string;
  until?: string;
  /** The checkpoint's name; by default one per request (checkpointName). */
  checkpoint?: string;
  /** Called before each request; throwing stops the harvest there. */
  beforePage?: () => void;
  onPage?: (info: { page: number; records: number; completeListSize?: number }) => void | Promise<void>;
}

/** One checkpoint per harvest request, so different sets and ranges resume independently. */
export function checkpointName({ oaiUrl, set, from, until }: HarvestOptions): string {
  return `oai-pmh ${oaiUrl} set=${set ?? '*'} from=${from ?? '*'} until=${until ?? '*'}`;
}

/**
 * Harvests ListRecords in arXivRaw, following resumptionTokens. After each page is stored, the
 * next token is saved as a checkpoint; a harvest that was interrupted resumes from it. A page
 * stored but not yet checkpointed is simply fetched and upserted again, which changes nothing.
 */
export async function harvestOai(store: Store, http: HttpClient, options: HarvestOptions, report: ImportReport): Promise<ImportReport> {
  const name = options.checkpoint ?? checkpointName(options);
  const checkpoint = await findCheckpoint(store.db, name);
  let token = checkpoint?.token;
  let records = checkpoint?.records ?? 0;
  for (let page = 1; ; page++) {
    options.beforePage?.();
    const url = `${options.oaiUrl}?${listRecordsQuery(options, token)}`;
    const response = await http.get(url);
    const source = `OAI-PMH page ${page}${token ? ` (token ${token})` : ''}`;
    let parsed;
    try {
      if (response.status !== 200) throw new AppError('upstream', `${source}: arXiv answered HTTP ${response.status} for ${url}`);
      parsed = parseOaiPage(response.body, source);
    } catch (err) {
      // arXiv's tokens expire daily: a checkpoint too old to resume starts the harvest over
      // (what was stored stays stored; re-importing it changes nothing).
      if (token && isAppError(err) && /badResumptionToken/.test(err.message)) {
        await deleteCheckpoint(store.db, name);
        token = undefined;
        records = 0;
        continue;
      }
      throw err;
    }
    await importOutcome(store, parsed, report);
    records += parsed.papers.length;
    await options.onPage?.({ page, records, ...(parsed.completeListSize !== undefined ? { completeListSize: parsed.completeListSize } : {}) });
    if (!parsed.resumptionToken) {
      await deleteCheckpoint(store.db, name);
      return report;
    }
    token = parsed.resumptionToken;
    await saveCheckpoint(store.db, { name, token, records, updatedAt: new Date().toISOString() });
  }
}

function listRecordsQuery(options: HarvestOptions, token: string | undefined): URLSearchParams {
  // With a resumptionToken, OAI-PMH forbids every other argument but the verb.
  if (token) return new URLSearchParams({ verb: 'ListRecords', resumptionToken: token });
  const query = new URLSearchParams({ verb: 'ListRecords', metadataPrefix: 'arXivRaw' });
  if (options.set) query.set('set', options.set);
  if (options.from) query.set('from', options.from);
  if (options.until) query.set('until', options.until);
  return query;
}
