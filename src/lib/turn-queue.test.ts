import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTurnQueue } from './turn-queue.ts';

describe('the turn queue', () => {
  it('starts at most perTurn callers in each turn of the event loop, first come first served', async () => {
    const turns = createTurnQueue({ perTurn: 2 });
    const order: string[] = [];
    const entered = ['a', 'b', 'c', 'd', 'e'].map((name) => turns.enter().then(() => order.push(name)));
    // Everything queued above enters over three turns; setImmediate callbacks run between them.
    const marks: number[] = [];
    const mark = () => new Promise<void>((r) => setImmediate(() => { marks.push(order.length); r(); }));
    await mark();
    await mark();
    await mark();
    await Promise.all(entered);
    assert.deepEqual(order, ['a', 'b', 'c', 'd', 'e']);
    assert.ok(marks[0]! <= 2 && marks[1]! <= 4, `entered per turn: ${marks.join(', ')}`);
  });

  it('lets a caller whose client left through without starting it', async () => {
    const turns = createTurnQueue({ perTurn: 1 });
    const client = new AbortController();
    const gone = turns.enter(client.signal);
    client.abort();
    assert.equal(await gone, false);
    assert.equal(await turns.enter(), true);
  });
});
