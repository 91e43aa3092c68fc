import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paperTerms, TermStats } from './terms.ts';

describe('tf-idf vectors for the recommender', () => {
  const sample = [
    ['graph', 'neural', 'common'],
    ['graph', 'protein', 'common'],
    ['protein', 'fold', 'common'],
    ['fold', 'rare', 'common'],
    ['neural', 'other'],
  ];
  const stats = new TermStats(sample);

  it('weighs only terms in at least two sampled papers and in at most half of them', () => {
    const v = stats.vector(['graph', 'rare', 'common', 'unseen']);
    assert.deepEqual([...v.keys()], ['graph'], 'rare (one paper), common (four of five) and unseen terms carry no weight');
  });

  it('is l2-normalised, with sublinear term counts and rarer terms weighing more', () => {
    const v = stats.vector(['graph', 'graph', 'graph', 'fold', 'neural']);
    const norm = Math.hypot(...v.values());
    assert.ok(Math.abs(norm - 1) < 1e-9);
    assert.ok(v.get('graph')! > v.get('fold')!, 'three occurrences weigh more than one');
    assert.ok(v.get('graph')! < 3 * v.get('fold')!, 'but less than three times as much');
  });

  it('makes stems, pairs of neighbouring stems and author terms of a paper', () => {
    assert.deepEqual(paperTerms('Graph Networks', 'of proteins', ['Ada Lovelace']), ['graph', 'network', 'protein', 'graph_network', 'network_protein', '@ada lovelace']);
  });
});
