import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { cacheKey, versionedCache } from './http-cache.ts';

function appWith(options: { maxBytes?: number; version?: () => string }) {
  let made = 0;
  const cache = versionedCache({ version: async () => options.version?.() ?? 'v1', ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}) });
  const app = new Hono();
  app.use('*', cache);
  app.get('*', (c) => {
    made++;
    return c.text('x'.repeat(10_000));
  });
  return { app, cache, made: () => made };
}

describe('the versioned response cache', () => {
  it('keys requests by path and sorted parameters, and Markdown or not', () => {
    assert.equal(cacheKey('http://h/papers?b=2&a=1', undefined), cacheKey('http://h/papers?a=1&b=2', 'text/html'));
    assert.notEqual(cacheKey('http://h/api/daily_papers?date=', undefined), cacheKey('http://h/api/daily_papers', undefined), 'an empty parameter is not an absent one');
    assert.notEqual(cacheKey('http://h/papers/1', 'text/markdown'), cacheKey('http://h/papers/1', '*/*'));
    assert.equal(cacheKey('http://h/papers/1', 'application/x-anything'), cacheKey('http://h/papers/1', '*/*'));
  });

  it('serves a reordered query string from the entry of the first', async () => {
    const { app, made } = appWith({});
    await app.request('/papers?a=1&b=2');
    await app.request('/papers?b=2&a=1');
    assert.equal(made(), 1);
  });

  it('keeps within its byte budget however many distinct URLs are asked for, dropping the least recently used', async () => {
    const { app, cache, made } = appWith({ maxBytes: 100_000 });
    for (let i = 0; i < 200; i++) await app.request(`/papers?q=${i}`);
    const stats = cache.stats();
    assert.ok(stats.bytes <= 100_000, `${stats.bytes} bytes`);
    assert.equal(stats.entries, 9, 'nine 10 kB answers and their overhead fit in 100 kB');
    await app.request('/papers?q=199');
    assert.equal(made(), 200, 'the most recent is still there');
    await app.request('/papers?q=0');
    assert.equal(made(), 201, 'the oldest was dropped');
  });

  it('drops every entry when the data version moves', async () => {
    let version = 'v1';
    const { app, cache, made } = appWith({ version: () => version });
    await app.request('/a');
    await app.request('/b');
    assert.equal(cache.stats().entries, 2);
    version = 'v2';
    await app.request('/a');
    assert.equal(made(), 3);
    assert.equal(cache.stats().entries, 1);
  });
});
