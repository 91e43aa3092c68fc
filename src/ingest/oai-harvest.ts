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
  onPage?: (info: { page: number; records: number; completeListSize?: number }) => void;
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
  const name = checkpointName(options);
  const checkpoint = await findCheckpoint(store.db, name);
  let token = checkpoint?.token;
  let records = checkpoint?.records ?? 0;
  for (let page = 1; ; page++) {
    const url = `${options.oaiUrl}?${listRecordsQuery(options, token)}`;
    const response = await http.get(url);
    const parsed = parseOaiPage(response.body, `OAI-PMH page ${page}${token ? ` (token ${token})` : ''}`);
    await importOutcome(store, parsed, report);
    records += parsed.papers.length;
    options.onPage?.({ page, records, ...(parsed.completeListSize !== undefined ? { completeListSize: parsed.completeListSize } : {}) });
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
