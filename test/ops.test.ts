import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseNetworks } from '../src/config/config.ts';
import { buildTestApp } from './helpers/app.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makeListedPaper } from './helpers/factories.ts';

const NOW = new Date('2026-03-18T15:00:00Z');
const TOKEN = 'metrics-secret-token';

for (const dialect of dialectsUnderTest()) {
  describe(`metrics and readiness on ${dialect.name}`, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.create();
    });
    afterEach(() => t.drop());

    it('refuses /metrics and /readyz to an unknown address without the token', async () => {
      const app = buildTestApp(t.store, { now: NOW, env: { METRICS_TOKEN: TOKEN } });
      for (const path of ['/metrics', '/readyz']) {
        assert.equal((await app.request(path)).status, 403);
        assert.equal((await app.request(path, { headers: { authorization: 'Bearer wrong' } })).status, 403);
      }
    });

    it('reports requests by route pattern and status, cache hits and misses, searches, sources and digests', async () => {
      await makeListedPaper(t.store, '2603.09001', '2026-03-18');
      const app = buildTestApp(t.store, { now: NOW, env: { METRICS_TOKEN: TOKEN } });
      await app.request('/api/papers/2603.09001');
      await app.request('/api/papers/2603.09001');
      await app.request('/api/papers/2603.99999');
      await app.request('/api/papers/search?q=paper');
      const res = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      assert.match(text, /paperboy_http_request_duration_seconds_count\{method="GET",route="\/api\/papers\/:id\{\.\+\}",status="200"\} 1/);
      assert.match(text, /paperboy_http_request_duration_seconds_count\{method="GET",route="\/api\/\*",status="200"\} 1/, 'the second read was answered by the cache');
      assert.match(text, /paperboy_http_request_duration_seconds_count\{method="GET",route="\/api\/papers\/:id\{\.\+\}",status="404"\} 1/);
      assert.match(text, /paperboy_http_request_duration_seconds_count\{method="GET",route="\/api\/papers\/search",status="200"\} 1/);
      assert.match(text, /paperboy_cache_lookups_total\{result="hit"\} 1/);
      assert.match(text, /paperboy_search_duration_seconds_count\{kind="search"\} 1/);
      assert.match(text, /paperboy_cache_bytes \d+/);
      assert.match(text, /# TYPE paperboy_digest_deliveries gauge/);
      assert.match(text, /paperboy_process_resident_memory_bytes \d+/);
      if (dialect.name === 'postgres') assert.match(text, /paperboy_db_pool_connections\{state="open"\} \d+/);
    });

    it('is ready once the database answers, every migration is applied and the search index is loaded', async () => {
      const app = buildTestApp(t.store, { now: NOW, env: { METRICS_TOKEN: TOKEN } });
      const auth = { authorization: `Bearer ${TOKEN}` };
      const before = await app.request('/readyz', { headers: auth });
      assert.equal(before.status, 503);
      assert.deepEqual(await before.json(), { status: 'not ready', checks: { database: 'ok', migrations: 'ok', search: 'loading' }, vectors: 0 });
      await app.request('/api/papers/search?q=anything');
      const after = await app.request('/readyz', { headers: auth });
      assert.equal(after.status, 200);
      assert.equal(((await after.json()) as { status: string }).status, 'ready');
      await t.store.db.deleteFrom('kysely_migration' as never).where('name' as never, '=', '0010-sources' as never).execute();
      const behind = await app.request('/readyz', { headers: auth });
      assert.equal(behind.status, 503);
      assert.equal(((await behind.json()) as { checks: { migrations: string } }).checks.migrations, 'pending: 0010-sources');
    });
  });
}

describe('METRICS_ALLOW', () => {
  it('reads addresses and CIDR networks, or none, and refuses anything else', () => {
    assert.deepEqual(parseNetworks('10.0.0.0/8, ::1'), [{ address: '10.0.0.0', prefix: 8, family: 'ipv4' }, { address: '::1', prefix: 128, family: 'ipv6' }]);
    assert.deepEqual(parseNetworks('none'), []);
    assert.equal(parseNetworks('10.0.0.0/33'), undefined);
    assert.equal(parseNetworks('intranet'), undefined);
  });
});
