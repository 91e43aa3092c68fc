import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startLoopLag } from './loop-lag.ts';

describe('the event-loop lag', () => {
  it('rises when the loop is blocked and decays once it runs freely again', async () => {
    const lag = startLoopLag({ intervalMs: 10 });
    try {
      const until = performance.now() + 150;
      while (performance.now() < until) { /* a turn that never yields */ }
      // The next tick of the timer sees how late it is.
      while (lag.lagMs() < 100) await new Promise((r) => setTimeout(r, 5));
      assert.ok(lag.lagMs() >= 100);
      while (lag.lagMs() > 5) await new Promise((r) => setTimeout(r, 5));
      assert.ok(lag.lagMs() <= 5, 'decayed');
    } finally {
      lag.stop();
    }
  });
});
