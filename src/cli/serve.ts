import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Config } from '../config/config.ts';
import { importSeed } from '../ingest/files.ts';
import { emptyReport } from '../ingest/run.ts';
import type { Logger } from '../lib/logger.ts';
import { openStore } from '../store/db.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { countPapers } from '../store/papers.ts';
import { createApp } from './app.ts';
import { startLoopLag } from '../lib/loop-lag.ts';
import { createSmtpMailer } from '../mail/send.ts';
import { sourceClients } from './context.ts';
import { sourceControl } from '../jobs/sources/control.ts';
import { rerank } from '../jobs/rerank.ts';
import { indexAndSummarize, runLeased, startScheduler } from '../jobs/scheduler.ts';
import { refreshMemberModels } from '../jobs/member-models.ts';
import { embedderChoice } from '../search/model.ts';
import { Searcher } from '../search/searcher.ts';
import { createImportFetcher } from '../jobs/library-imports.ts';
import { periodRecommender } from '../members/recommend.ts';

/**
 * PORT=0: a free port, chosen before anything is built, so that the default BASE_URL (links in
 * pages, feeds and emails) names the port actually served.
 */
async function withFreePort(config: Config): Promise<Config> {
  const probe = createServer();
  const port = await new Promise<number>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, config.host, () => resolve((probe.address() as AddressInfo).port));
  });
  await new Promise((resolve) => probe.close(resolve));
  return { ...config, port, baseUrl: config.baseUrl === 'http://localhost:0' ? `http://localhost:${port}` : config.baseUrl };
}

/**
 * Migrates, seeds an empty database with the demo papers, and serves until SIGTERM or SIGINT,
 * when it stops accepting connections, lets in-flight requests finish, and closes the database.
 */
export async function runServer(given: Config, logger: Logger): Promise<void> {
  const config = given.port === 0 ? await withFreePort(given) : given;
  const store = openStore(config.database);
  const migrated = await migrateToLatest(store.db);
  if (migrated.applied.length) logger.info({ applied: migrated.applied }, 'migrated database');
  // A site fed by a source fills itself; the demo papers are for one that is not.
  if (config.seedOnStart && !config.sources.some((s) => s.feed) && (await countPapers(store.db)) === 0) {
    const report = await importSeed(store, emptyReport());
    logger.info({ inserted: report.inserted, failed: report.failed.length }, 'loaded the demo papers');
  }
  await rerank(store);
  const choice = embedderChoice(config);
  // Under the index job's lease: app processes starting together index once, not side by side.
  await runLeased(store, { name: 'index', run: async () => {
    const indexed = await indexAndSummarize(store, config);
    if (indexed.lexical + indexed.embedded + indexed.summarized > 0) logger.info(indexed, 'updated the search index and summaries');
    return indexed;
  } }, logger);
  // Vectors and the spelling vocabulary are loaded before the first request, not during it.
  const searcher = new Searcher(store, choice);
  await searcher.refresh();
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : undefined;
  const clients = sourceClients(config, logger);
  const recommendDeps = { store, config, logger, arxiv: clients.arxiv, searcher };
  const forYou = (fromDay: string, toDay: string) => periodRecommender(recommendDeps, fromDay, toDay);
  const memberModels = () => refreshMemberModels(recommendDeps);
  const scheduler = config.jobs ? startScheduler(store, config, logger, mailer, { clients, forYou, memberModels }) : undefined;
  const loopLag = startLoopLag();
  const sources = sourceControl({ store, config, logger, clients });
  // Imports left waiting for arXiv by a previous run (a restart, a crash) go on now.
  const imports = createImportFetcher({ store, logger, arxiv: clients.arxiv, arxivApiUrl: config.arxivApiUrl });
  if (config.jobs) imports.kick();
  const app = createApp({ store, config, logger, searcher, loopLag, sources, imports, arxiv: clients.arxiv, ...(mailer ? { mailer } : {}) });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info({ url: config.baseUrl, port: info.port, database: config.database.kind }, 'serving');
  });
  // A port in use (another Paperboy?) or not ours to take: one line and exit 1, not a stack trace.
  server.once('error', (err: NodeJS.ErrnoException) => {
    const why = err.code === 'EADDRINUSE' ? `port ${config.port} on ${config.host} is in use (another process is listening there; set PORT)`
      : err.code === 'EACCES' ? `port ${config.port} needs privileges this user lacks (use a port above 1023 behind a proxy)` : err.message;
    logger.fatal({ port: config.port, host: config.host }, `cannot listen: ${why}`);
    scheduler?.stop().catch(() => undefined);
    loopLag.stop();
    void store.close().finally(() => process.exit(1));
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // A source run under way is not waited for: its record says interrupted and the next run finishes its work.
    void scheduler?.stop();
    loopLag.stop();
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; closing remaining connections');
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    }, config.shutdownTimeoutMs);
    force.unref();
    server.close(async () => {
      mailer?.close();
      await store.close();
      logger.info('stopped');
    });
    // Keep-alive connections with no request in flight would otherwise hold close() open.
    (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
