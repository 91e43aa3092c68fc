import { BlockList } from 'node:net';
import type { Context, Hono } from 'hono';
import type { Config } from '../config/config.ts';
import { safeEqual } from '../lib/tokens.ts';
import type { AppMetrics } from '../lib/metrics.ts';
import { clientAddress, type MemberEnv } from '../members/http.ts';
import type { Searcher } from '../search/searcher.ts';
import type { Store } from '../store/db.ts';
import { MIGRATION_NAMES } from '../store/migrate.ts';
import { appliedMigrations, countDeliveries, sourceRunStats } from '../store/stats.ts';

export interface OpsDeps {
  store: Store;
  config: Pick<Config, 'metricsAllow' | 'metricsToken' | 'trustProxy'>;
  metrics: AppMetrics;
  searcher: Searcher;
  cacheStats: () => { entries: number; bytes: number };
  loopLagMs?: () => number;
}

/**
 * /metrics (Prometheus text format) and /readyz (ready to take traffic: the database answers,
 * every migration is applied, the search index is loaded). Both are for operators: readable from
 * METRICS_ALLOW's networks (loopback by default) or with METRICS_TOKEN as a bearer token.
 */
export function registerOps(app: Hono<MemberEnv>, deps: OpsDeps): void {
  const allowed = new BlockList();
  for (const n of deps.config.metricsAllow) allowed.addSubnet(n.address, n.prefix, n.family);
  const guard = (c: Context) => {
    const token = deps.config.metricsToken;
    const auth = c.req.header('authorization');
    if (token && auth?.startsWith('Bearer ') && safeEqual(auth.slice(7), token)) return true;
    const address = clientAddress(c, deps.config.trustProxy).replace(/^::ffff:(?=\d+\.)/, '');
    const family = address.includes(':') ? 'ipv6' : 'ipv4';
    try {
      return allowed.check(address, family);
    } catch {
      return false;
    }
  };
  addGauges(deps);
  app.get('/metrics', async (c) => {
    if (!guard(c)) return c.text('Forbidden: /metrics is for the networks in METRICS_ALLOW, or with METRICS_TOKEN.\n', 403);
    return c.body(await deps.metrics.registry.metrics(), 200, { 'Content-Type': deps.metrics.registry.contentType, 'Cache-Control': 'no-store' });
  });
  app.get('/readyz', async (c) => {
    if (!guard(c)) return c.text('Forbidden: /readyz is for the networks in METRICS_ALLOW, or with METRICS_TOKEN.\n', 403);
    const checks: Record<string, string> = {};
    try {
      const applied = await appliedMigrations(deps.store.db);
      const missing = MIGRATION_NAMES.filter((m) => !applied.has(m));
      checks.database = 'ok';
      checks.migrations = missing.length ? `pending: ${missing.join(', ')}` : 'ok';
    } catch (err) {
      checks.database = `unreachable: ${(err as Error).message}`;
    }
    const index = deps.searcher.status();
    checks.search = index.loaded ? 'ok' : 'loading';
    const ready = Object.values(checks).every((v) => v === 'ok');
    return c.json({ status: ready ? 'ready' : 'not ready', checks, vectors: index.vectors }, ready ? 200 : 503, { 'Cache-Control': 'no-store' });
  });
}

/** Gauges read at scrape time: the cache, the event loop, the database pool, digests and sources (from the database, so every process reports the same). */
function addGauges({ metrics, store, cacheStats, loopLagMs }: OpsDeps): void {
  metrics.gauge('paperboy_cache_bytes', 'Bytes of answers in the response cache', [], () => [{ value: cacheStats().bytes }]);
  metrics.gauge('paperboy_cache_entries', 'Answers in the response cache', [], () => [{ value: cacheStats().entries }]);
  if (loopLagMs) metrics.gauge('paperboy_event_loop_lag_seconds', 'How late the event loop runs now (load shedding reads it)', [], () => [{ value: loopLagMs() / 1000 }]);
  if (store.poolStats) {
    metrics.gauge('paperboy_db_pool_connections', 'PostgreSQL pool connections by state', ['state'], () => {
      const s = store.poolStats!();
      return [{ labels: { state: 'open' }, value: s.total }, { labels: { state: 'idle' }, value: s.idle }, { labels: { state: 'waiting' }, value: s.waiting }];
    });
  }
  metrics.gauge('paperboy_digest_deliveries', 'Digest deliveries by status (sending = pending, sent, failed, skipped), all periods', ['status'], async () =>
    (await countDeliveries(store.db)).map((d) => ({ labels: { status: d.status }, value: d.count })));
  metrics.gauge('paperboy_source_runs', 'Source runs by source and outcome', ['source', 'status'], async () =>
    (await sourceRunStats(store.db)).runs.map((r) => ({ labels: { source: r.source, status: r.status }, value: r.count })));
  metrics.gauge('paperboy_source_last_success_timestamp_seconds', 'When each source last finished a run successfully (Unix time): alert when it is old', ['source'], async () =>
    (await sourceRunStats(store.db)).lastSuccess.map((r) => ({ labels: { source: r.source }, value: Date.parse(r.at) / 1000 })));
}
