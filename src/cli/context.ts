import type { Config } from '../config/config.ts';
import { createHttpClient, type HttpClient } from '../ingest/http.ts';
import type { SourceClients } from '../jobs/sources/context.ts';
import type { Logger } from '../lib/logger.ts';
import { openStore, type Store } from '../store/db.ts';
import { migrateToLatest } from '../store/migrate.ts';

/** Opens the configured database, brings its schema up to date, runs `task`, and closes it. */
export async function withStore<T>(config: Config, task: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore(config.database);
  try {
    await migrateToLatest(store.db);
    return await task(store);
  } finally {
    await store.close();
  }
}

/** A client for one upstream site, with the configured timeout and retries; `site` names it in retry logs. */
function siteClient(config: Config, logger: Logger, site: string, minIntervalMs: number): HttpClient {
  return createHttpClient({
    minIntervalMs,
    retries: config.httpRetries,
    retryBaseMs: config.httpRetryBaseMs,
    timeoutMs: config.httpTimeoutMs,
    userAgent: `Paperboy/0.1 (+${config.baseUrl})`,
    onRetry: (info) => logger.warn(info, `retrying ${site} request`),
  });
}

/** One client for all of arXiv (API, OAI-PMH, listings): its politeness limit is per site, not per endpoint. */
export function arxivClient(config: Config, logger: Logger): HttpClient {
  return siteClient(config, logger, 'arXiv', config.arxivMinIntervalMs);
}

export function huggingFaceClient(config: Config, logger: Logger): HttpClient {
  return siteClient(config, logger, 'Hugging Face', 0);
}

/** The clients the scheduled sources use: arXiv's shared politeness limit, Hugging Face, GitHub. */
export function sourceClients(config: Config, logger: Logger): SourceClients {
  return { arxiv: arxivClient(config, logger), huggingFace: huggingFaceClient(config, logger), github: siteClient(config, logger, 'GitHub', 0) };
}
