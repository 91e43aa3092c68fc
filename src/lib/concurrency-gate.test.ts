import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConcurrencyGate } from './concurrency-gate.ts';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('the concurrency gate', () => {
  it('runs at most maxActive at once, queues up to maxQueued, and sheds the rest at once', async () => {
    const gate = createConcurrencyGate({ maxActive: 2, maxQueued: 1 });
    const hold = deferred();
    let running = 0;
    let peak = 0;
    const work = async () => {
      running++;
      peak = Math.max(peak, running);
      await hold.promise;
      running--;
      return 'done';
    };
    const runs = [gate.run(work), gate.run(work), gate.run(work)];
    const shed = await gate.run(work);
    assert.deepEqual(shed, { ran: false, reason: 'shed' });
    assert.equal(gate.active, 2);
    assert.equal(gate.queued, 1);
    hold.resolve();
    const results = await Promise.all(runs);
    assert.deepEqual(results.map((r) => r.ran), [true, true, true]);
    assert.equal(peak, 2);
    assert.equal(gate.active, 0);
  });

  it('never runs a queued request whose client went away', async () => {
    const gate = createConcurrencyGate({ maxActive: 1, maxQueued: 5 });
    const hold = deferred();
    const first = gate.run(() => hold.promise);
    const client = new AbortController();
    let ran = false;
    const second = gate.run(async () => { ran = true; }, client.signal);
    client.abort();
    assert.deepEqual(await second, { ran: false, reason: 'aborted' });
    assert.equal(gate.queued, 0);
    hold.resolve();
    await first;
    assert.equal(ran, false);
  });

  it('sheds new work at once while the process says it is overloaded', async () => {
    let busy = true;
    const gate = createConcurrencyGate({ maxActive: 4, maxQueued: 4, overloaded: () => busy });
    assert.deepEqual(await gate.run(async () => 1), { ran: false, reason: 'shed' });
    busy = false;
    assert.deepEqual(await gate.run(async () => 1), { ran: true, value: 1 });
  });
});
