import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { OutputBuffers } from '../src/lib/output-buffers.ts';

/** A server whose every answer is written into a reused buffer: `/n/123` answers 123 repeated to `size` bytes. */
async function serveNumbers(buffers: OutputBuffers) {
  const app = new Hono();
  app.get('/n/:n/:size', (c) => {
    const text = Buffer.from(`${c.req.param('n')},`);
    const size = Number(c.req.param('size'));
    const out = buffers.take(c, size).subarray(0, size);
    for (let at = 0; at < size; at += text.length) text.copy(out, at, 0, Math.min(text.length, size - at));
    return c.body(out);
  });
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

const expected = (n: number, size: number) => `${n},`.repeat(Math.ceil(size / `${n},`.length)).slice(0, size);

describe('output buffers', () => {
  it('gives every concurrent answer its own bytes while reusing the memory of answers already sent', async () => {
    const buffers = new OutputBuffers(64 << 20);
    const server = await serveNumbers(buffers);
    try {
      // Answers larger than a socket takes at once, from 6 requests at a time whose bodies are
      // read only when all have started: each answer is still being sent while the next are made.
      for (let round = 0; round < 2; round++) {
        const sizes = Array.from({ length: 6 }, (_, i) => 16_000_000 + ((i * 7919 + round * 104_729) % 50_000));
        const answers = await Promise.all(sizes.map((size, i) => fetch(`${server.url}/n/${round * 100 + i}/${size}`)));
        const bodies = await Promise.all(answers.map((a) => a.text()));
        bodies.forEach((body, i) => assert.ok(body === expected(round * 100 + i, sizes[i]!), `answer ${i} of round ${round} holds its own bytes`));
      }
      assert.ok(buffers.free > 0, 'sent answers give their buffers back');
      const made = buffers.made;
      for (let i = 0; i < 20; i++) assert.equal(await (await fetch(`${server.url}/n/${i}/100000`)).text(), expected(i, 100_000));
      assert.equal(buffers.made, made, 'one request at a time reuses what is there');
    } finally {
      await server.close();
    }
  });

  it('gives a buffer back when the client goes away before the answer is sent', async () => {
    const buffers = new OutputBuffers(64 << 20);
    const server = await serveNumbers(buffers);
    try {
      const aborted = new AbortController();
      const answer = await fetch(`${server.url}/n/7/8000000`, { signal: aborted.signal });
      aborted.abort();
      await answer.text().catch(() => undefined);
      // The buffer comes back on the response's close, which follows the socket's.
      while (buffers.free === 0) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(await (await fetch(`${server.url}/n/8/1000`)).text(), expected(8, 1000));
      assert.equal(buffers.made, 1, 'the smaller answer reused the aborted one\'s buffer');
    } finally {
      await server.close();
    }
  });

  it('makes a fresh buffer for an answer not sent through Node\'s server', async () => {
    const buffers = new OutputBuffers(64 << 20);
    const app = new Hono();
    app.get('/', (c) => c.body(buffers.take(c, 10).fill(65).subarray(0, 10)));
    assert.equal(await (await app.request('/')).text(), 'AAAAAAAAAA');
    assert.equal(buffers.free, 0);
  });
});
