import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets from 1 ms to 10 s: cached pages take ~1 ms, searches up to seconds under load. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface AppMetrics {
  registry: Registry;
  requests: Histogram<'method' | 'route' | 'status'>;
  searches: Histogram<'kind'>;
  cacheLookups: Counter<'result'>;
  /** Adds a gauge whose values are read when Prometheus scrapes (from the database, a pool, a cache). */
  gauge(name: string, help: string, labelNames: string[], read: () => Promise<Array<{ labels?: Record<string, string>; value: number }>> | Array<{ labels?: Record<string, string>; value: number }>): void;
}

/**
 * The process's metrics in one registry (prom-client): Node's defaults (CPU, memory, event-loop
 * lag, GC), request latency by route and status, search latency, cache lookups, and gauges the
 * app adds. Each app process has its own; Prometheus scrapes each and sums.
 */
export function createMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'paperboy_' });
  const requests = new Histogram({
    name: 'paperboy_http_request_duration_seconds', help: 'HTTP requests by method, route pattern and status, with their latency',
    labelNames: ['method', 'route', 'status'] as const, buckets: LATENCY_BUCKETS, registers: [registry],
  });
  const searches = new Histogram({
    name: 'paperboy_search_duration_seconds', help: 'Searches and related-paper lookups answered (cache misses only), with their latency',
    labelNames: ['kind'] as const, buckets: LATENCY_BUCKETS, registers: [registry],
  });
  const cacheLookups = new Counter({ name: 'paperboy_cache_lookups_total', help: 'Response cache lookups by result (hit or miss)', labelNames: ['result'] as const, registers: [registry] });
  return {
    registry, requests, searches, cacheLookups,
    gauge(name, help, labelNames, read) {
      new Gauge({
        name, help, labelNames, registers: [registry],
        async collect() {
          this.reset();
          for (const { labels, value } of await read()) {
            if (labels) this.set(labels, value);
            else this.set(value);
          }
        },
      });
    },
  };
}
