import { createApp } from '../../src/cli/app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createHttpClient } from '../../src/ingest/http.ts';
import { silentLogger, type Logger } from '../../src/lib/logger.ts';
import type { Mailer } from '../../src/mail/send.ts';
import type { ImportFetcher } from '../../src/jobs/library-imports.ts';
import type { Store } from '../../src/store/db.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import type { LoopLag } from '../../src/lib/loop-lag.ts';
import type { SourceControl } from '../../src/store/sources.ts';

export const BASE = 'http://paperboy.test';

export type TestApp = ReturnType<typeof createApp>;

/** The real app on a test database, with a fixed clock and arXiv at `arxivUrl` (a replay server). */
export function buildTestApp(store: Store, { now, arxivUrl = 'http://127.0.0.1:9/api/query', env = {}, logger = silentLogger(), mailer, searcher, loopLag, sources, imports }: { now: Date; arxivUrl?: string; env?: Record<string, string>; logger?: Logger; mailer?: Mailer; searcher?: Searcher; loopLag?: LoopLag; sources?: SourceControl; imports?: ImportFetcher }): TestApp {
  const config = { ...loadConfig({ BASE_URL: BASE, ARXIV_API_URL: arxivUrl, ...env }) };
  const arxiv = createHttpClient({ minIntervalMs: 0, retries: 1, retryBaseMs: 5, timeoutMs: 2000, userAgent: 'paperboy-test' });
  return createApp({ store, config, logger, arxiv, clock: () => now, ...(mailer ? { mailer } : {}), ...(searcher ? { searcher } : {}), ...(loopLag ? { loopLag } : {}), ...(sources ? { sources } : {}), ...(imports ? { imports } : {}) });
}
