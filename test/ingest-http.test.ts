import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fetchArxivByIds, fetchArxivQuery } from '../src/ingest/arxiv-api.ts';
import { fetchHfDaily } from '../src/ingest/hf-daily.ts';
import { createHttpClient, parseRetryAfter } from '../src/ingest/http.ts';
import { readFixture } from './helpers/shared.ts';
import { startReplayServer, type ReplayServer } from './helpers/replay-server.ts';

const client = (overrides: Partial<Parameters<typeof createHttpClient>[0]> = {}) => createHttpClient({
  minIntervalMs: 0, retries: 3, retryBaseMs: 5, timeoutMs: 2000, userAgent: 'paperboy-test', ...overrides,
});

describe('HTTP client for upstream sources', () => {
  let server: ReplayServer;
  let replies: Array<{ status?: number; body?: string; headers?: Record<string, string>; destroy?: boolean }> = [];
  before(async () => {
    server = await startReplayServer((_url, i) => replies[i] ?? { status: 200, body: 'ok' });
  });
  after(() => server.close());

  it('retries 429, 503 and dropped connections with backoff, then succeeds', async () => {
    server.requests.length = 0;
    replies = [{ status: 429 }, { status: 503 }, { destroy: true }, { status: 200, body: 'finally' }];
    const retries: number[] = [];
    const response = await client({ onRetry: (i) => retries.push(i.attempt) }).get(`${server.url}/x`);
    assert.equal(response.body, 'finally');
    assert.deepEqual(retries, [1, 2, 3]);
    assert.equal(server.requests.length, 4);
  });

  it('gives up after the configured retries with an upstream error', async () => {
    server.requests.length = 0;
    replies = [{ status: 503 }, { status: 503 }, { status: 503 }];
    await assert.rejects(client({ retries: 2 }).get(`${server.url}/x`), { code: 'upstream', message: /HTTP 503 .* after 2 retries/ });
    assert.equal(server.requests.length, 3);
  });

  it('waits at least as long as Retry-After asks', async () => {
    server.requests.length = 0;
    replies = [{ status: 429, headers: { 'retry-after': '1' } }, { status: 200, body: 'ok' }];
    await client({ retryBaseMs: 1 }).get(`${server.url}/x`);
    const gap = server.requests[1]!.at - server.requests[0]!.at;
    assert.ok(gap >= 950, `second request came ${gap} ms after the first`);
  });

  it('spaces requests by the minimum interval, one at a time', async () => {
    replies = [];
    // A first request warms up the connection path, so that arrival times measure the spacing
    // rather than a cold start (run alone, the first request arrived ~110 ms late).
    await client().get(`${server.url}/warm-up`);
    server.requests.length = 0;
    const http = client({ minIntervalMs: 150 });
    await Promise.all([http.get(`${server.url}/a`), http.get(`${server.url}/b`), http.get(`${server.url}/c`)]);
    const times = server.requests.map((r) => r.at);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 140, `gap ${times[i]! - times[i - 1]!} ms`);
  });

  it('returns other statuses to the caller instead of retrying them', async () => {
    server.requests.length = 0;
    replies = [{ status: 400, body: 'bad' }];
    const response = await client().get(`${server.url}/x`);
    assert.equal(response.status, 400);
    assert.equal(server.requests.length, 1);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z')), 10_000);
    assert.equal(parseRetryAfter('soon'), undefined);
  });
});

describe('arXiv API over HTTP', () => {
  let server: ReplayServer;
  before(async () => {
    server = await startReplayServer((url) => {
      const ids = url.searchParams.get('id_list');
      if (ids === 'nope') return { status: 400, body: readFixture('arxiv-error.xml') };
      if (ids?.includes('2401.00001')) return { body: readFixture('arxiv-feed.xml') };
      if (url.searchParams.get('search_query')) return { body: readFixture('arxiv-feed.xml') };
      const empty = '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>0</opensearch:totalResults></feed>';
      return { body: empty };
    });
  });
  after(() => server.close());

  it('looks up ids and reports the ones arXiv does not know as not found', async () => {
    const result = await fetchArxivByIds(client(), `${server.url}/api/query`, ['2401.00001', 'hep-th/9901001', '2401.99999']);
    assert.deepEqual(result.papers.map((p) => p.paper.id), ['2401.00001', 'hep-th/9901001']);
    assert.deepEqual(result.notFound, ['2401.99999']);
  });

  it('asks for at most 100 ids per request', async () => {
    server.requests.length = 0;
    const ids = Array.from({ length: 250 }, (_, i) => `2402.${String(i).padStart(5, '0')}`);
    const result = await fetchArxivByIds(client(), `${server.url}/api/query`, ids);
    assert.deepEqual(server.requests.map((r) => r.url.searchParams.get('id_list')!.split(',').length), [100, 100, 50]);
    assert.equal(result.notFound.length, 250);
  });

  it("quotes arXiv's message when it answers 400", async () => {
    await assert.rejects(fetchArxivByIds(client(), `${server.url}/api/query`, ['nope']), { message: 'arXiv rejected the request: "incorrect id format for nope"' });
  });

  it('stops paging a query when arXiv has no more results', async () => {
    server.requests.length = 0;
    const result = await fetchArxivQuery(client(), `${server.url}/api/query`, 'all:rank', 500);
    assert.equal(result.papers.length, 2);
    assert.equal(server.requests.length, 1);
  });
});

describe('Hugging Face daily papers over HTTP', () => {
  it('fetches a day and files every paper under it', async () => {
    const server = await startReplayServer(() => ({ body: readFixture('hf-daily.json'), headers: { 'content-type': 'application/json' } }));
    try {
      const outcome = await fetchHfDaily(client(), server.url, '2026-02-03');
      assert.equal(server.requests[0]!.url.pathname, '/api/daily_papers');
      assert.equal(server.requests[0]!.url.searchParams.get('date'), '2026-02-03');
      assert.deepEqual(outcome.papers.map((p) => p.paper.listing?.day), ['2026-02-03', '2026-02-03']);
      assert.equal(outcome.failed.length, 1);
    } finally {
      await server.close();
    }
  });
});
