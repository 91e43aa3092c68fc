import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmbedPool } from './embed-pool.ts';
import { embedForStorage, emptyIndex, toRecord, trainSearchModel } from './model.ts';

const TEXTS = Array.from({ length: 40 }, (_, i) => `${['protein folding', 'speech audio', 'robot grasping', 'graph networks'][i % 4]} study number ${i} with results`);

describe('embedding on two threads', () => {
  it('gives the same cells and vectors as embedding on one, with the worker doing half', async () => {
    const { model } = await trainSearchModel({ kind: 'corpus' }, TEXTS, TEXTS.length);
    const pool = new EmbedPool(model, toRecord(model, TEXTS.length, new Date(0).toISOString()));
    try {
      const pooled = await pool.embed(TEXTS);
      assert.equal(pool.threads, 2, 'the worker thread started and answered');
      const single = await embedForStorage(model, emptyIndex(model), TEXTS);
      assert.deepEqual(pooled.map((e) => [e.cell, [...e.vector]]), single.map((e) => [e.cell, [...e.vector]]));
    } finally {
      await pool.close();
    }
  });
});
