import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArxivId } from './arxiv-id.ts';

describe('parseArxivId', () => {
  it('reads new-style ids with four and five digit sequence numbers', () => {
    assert.deepEqual(parseArxivId('0704.0001'), { id: '0704.0001' });
    assert.deepEqual(parseArxivId('2602.23229'), { id: '2602.23229' });
  });

  it('separates the version from the id', () => {
    assert.deepEqual(parseArxivId('2602.23229v3'), { id: '2602.23229', version: 3 });
  });

  it('reads old-style ids with and without a subject class', () => {
    assert.deepEqual(parseArxivId('astro-ph/0601001v1'), { id: 'astro-ph/0601001', version: 1 });
    assert.deepEqual(parseArxivId('math.GT/0309136'), { id: 'math.GT/0309136' });
    assert.deepEqual(parseArxivId('hep-th/9901001'), { id: 'hep-th/9901001' });
  });

  it('accepts the forms people paste: arXiv: prefix, abs and pdf URLs', () => {
    assert.deepEqual(parseArxivId('arXiv:2401.06080'), { id: '2401.06080' });
    assert.deepEqual(parseArxivId('https://arxiv.org/abs/2401.06080v2'), { id: '2401.06080', version: 2 });
    assert.deepEqual(parseArxivId('http://arxiv.org/pdf/2401.06080v1.pdf'), { id: '2401.06080', version: 1 });
    assert.deepEqual(parseArxivId('https://arxiv.org/abs/astro-ph/0601001v1'), { id: 'astro-ph/0601001', version: 1 });
    assert.deepEqual(parseArxivId('  2401.06080 '), { id: '2401.06080' });
  });

  it('rejects text that is not an arXiv id', () => {
    for (const text of ['abc', '', '2613.00001', '240.0608', '2401.060801', 'https://example.org/abs/2401.06080', "2401.06080'; DROP TABLE papers;--"]) {
      assert.equal(parseArxivId(text), undefined, text);
    }
  });
});
