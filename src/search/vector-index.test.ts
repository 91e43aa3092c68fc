import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuseRankings } from './fusion.ts';
import { normalize, seededGaussian } from './lsa.ts';
import { cellsFor, quantize, trainCentroids, VectorIndex } from './vector-index.ts';

const DIMS = 16;
const random = seededGaussian(7);
const randomUnit = () => normalize(Float32Array.from({ length: DIMS }, random));

describe('vector index', () => {
  it('returns the nearest vectors best first, leaving out the one asked to exclude', () => {
    const index = new VectorIndex(DIMS, new Float32Array(DIMS));
    const vectors = Array.from({ length: 200 }, randomUnit);
    vectors.forEach((v, i) => index.add(`p${i}`, 0, quantize(v)));
    const hits = index.search(vectors[42]!, 5);
    assert.equal(hits[0]!.paperId, 'p42');
    assert.ok(hits[0]!.score > 0.98);
    assert.ok(hits.every((h, i) => i === 0 || hits[i - 1]!.score >= h.score));
    assert.ok(!index.search(vectors[42]!, 5, { exclude: 'p42' }).some((h) => h.paperId === 'p42'));
  });

  it('replaces a paper\'s vector when it is added again and forgets removed ones', () => {
    const index = new VectorIndex(DIMS, new Float32Array(DIMS));
    const a = randomUnit();
    const b = randomUnit();
    index.add('p', 0, quantize(a));
    index.add('p', 0, quantize(b));
    assert.equal(index.size, 1);
    assert.ok(index.search(b, 1)[0]!.score > 0.98);
    index.remove('p');
    assert.equal(index.size, 0);
    assert.deepEqual(index.search(b, 1), []);
  });

  it('finds most of the true top ten through the inverted file at 60,000 vectors', () => {
    const n = 60_000;
    const vectors = Array.from({ length: n }, randomUnit);
    const centroids = trainCentroids(vectors.slice(0, 5000), DIMS, cellsFor(n), 4);
    const ivf = new VectorIndex(DIMS, centroids);
    const exact = new VectorIndex(DIMS, new Float32Array(DIMS));
    vectors.forEach((v, i) => {
      ivf.add(`p${i}`, ivf.cellOf(v), quantize(v));
      exact.add(`p${i}`, 0, quantize(v));
    });
    let found = 0;
    for (let q = 0; q < 20; q++) {
      const query = vectors[q * 101]!;
      const truth = new Set(exact.search(query, 10).map((h) => h.paperId));
      found += ivf.search(query, 10).filter((h) => truth.has(h.paperId)).length;
    }
    // Random 16-dimensional vectors are the hard case for an inverted file; real embeddings cluster.
    assert.ok(found / 200 >= 0.3, `recall ${found / 200}`);
    assert.equal(ivf.search(vectors[5]!, 1)[0]!.paperId, 'p5', 'a vector finds itself');
  });

  it('has one cell up to the exact-scan limit, about √n beyond, and at most 256', () => {
    assert.equal(cellsFor(1000), 1);
    assert.equal(cellsFor(50_000), 224);
    assert.equal(cellsFor(1_000_000), 256);
  });
});

describe('reciprocal rank fusion', () => {
  it('ranks first what several lists rank high, and weights lists', () => {
    const fused = fuseRankings([{ ids: ['a', 'b', 'c'], weight: 1 }, { ids: ['b', 'c', 'a'], weight: 1 }, { ids: ['b'], weight: 1 }]);
    assert.deepEqual(fused.map((f) => f.id), ['b', 'a', 'c']);
    const weighted = fuseRankings([{ ids: ['a'], weight: 1 }, { ids: ['z'], weight: 3 }]);
    assert.equal(weighted[0]!.id, 'z');
  });
});
