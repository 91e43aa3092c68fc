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

/** One client for all of arXiv (API and OAI-PMH): its politeness limit is per site, not per endpoint. */
export function arxivClient(config: Config, logger: Logger): HttpClient {
  return createHttpClient({
    minIntervalMs: config.arxivMinIntervalMs,
    retries: config.httpRetries,
    retryBaseMs: config.httpRetryBaseMs,
    timeoutMs: config.httpTimeoutMs,
    userAgent: `Paperboy/0.1 (+${config.baseUrl})`,
    onRetry: (info) => logger.warn(info, 'retrying arXiv request'),
  });
}

export function huggingFaceClient(config: Config, logger: Logger): HttpClient {
  return createHttpClient({
    minIntervalMs: 0,
    retries: config.httpRetries,
    retryBaseMs: config.httpRetryBaseMs,
    timeoutMs: config.httpTimeoutMs,
    userAgent: `Paperboy/0.1 (+${config.baseUrl})`,
    onRetry: (info) => logger.warn(info, 'retrying Hugging Face request'),
  });
}

/** The clients the scheduled sources use: arXiv's shared politeness limit, Hugging Face, GitHub. */
export function sourceClients(config: Config, logger: Logger): SourceClients {
  return {
    arxiv: arxivClient(config, logger),
    huggingFace: huggingFaceClient(config, logger),
    github: createHttpClient({
      minIntervalMs: 0,
      retries: config.httpRetries,
      retryBaseMs: config.httpRetryBaseMs,
      timeoutMs: config.httpTimeoutMs,
      userAgent: `Paperboy/0.1 (+${config.baseUrl})`,
      onRetry: (info) => logger.warn(info, 'retrying GitHub request'),
    }),
  };
}
