import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli, startCli } from './helpers/cli.ts';

describe('paperboy serve', () => {
  it('migrates, loads the demo papers into an empty database, serves them and stops cleanly on SIGTERM with a keep-alive connection open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-serve-'));
    const child = startCli(['serve'], { DATABASE_URL: `sqlite:${join(dir, 'pb.db')}`, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    let log = '';
    // Ready when it logs "serving" (however long start-up takes on a busy machine), or never if it exits first.
    const serving = new Promise<void>((resolve) => child.stderr!.on('data', (d) => {
      log += d;
      if (log.includes('"serving"')) resolve();
    }));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const first = await Promise.race([serving.then(() => 'serving'), exited.then((code) => `exited with ${code}`)]);
      assert.equal(first, 'serving', log);
      const port = (JSON.parse(log.split('\n').find((l) => l.includes('"msg":"serving"'))!) as { port: number }).port;
      assert.match(log, /"inserted":59/);
      // fetch keeps this connection alive after the answer: shutdown must not wait on it.
      const api = await fetch(`http://127.0.0.1:${port}/api/papers/2603.17051`);
      assert.equal(api.status, 200);
      assert.equal(((await api.json()) as { id: string }).id, '2603.17051');
      // From loopback, which METRICS_ALLOW admits by default: ready, and metrics in Prometheus's format.
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(ready.status, 200);
      assert.equal(((await ready.json()) as { status: string }).status, 'ready');
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      assert.match(metrics, /paperboy_http_request_duration_seconds_count\{method="GET",route="\/api\/papers\/:id\{\.\+\}",status="200"\} 1/);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.match(log, /"shutting down/);
      assert.match(log, /"stopped"/);
      for (const line of log.trim().split('\n')) assert.doesNotThrow(() => JSON.parse(line), `structured log line: ${line}`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('says in one line, without a stack trace, that its port is taken, and exits 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-serve-'));
    try {
      const result = await runCli(['serve'], { DATABASE_URL: `sqlite:${join(dir, 'pb.db')}`, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`cannot listen: port ${port} on 127\\.0\\.0\\.1 is in use`));
      assert.doesNotMatch(result.stderr, / {4}at |node:events/);
    } finally {
      taken.close();
    }
  });

  it('refuses to start with an invalid option and names it', async () => {
    const child = startCli(['serve'], { PORT: 'eighty' });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 2);
    assert.match(err, /Invalid configuration: PORT: expected a whole number, got "eighty"/);
  });
});
