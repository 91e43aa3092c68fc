import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CorpusEmbedder, deserializeLsa, serializeLsa } from './embedder.ts';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

const TEXTS = [
  ...Array.from({ length: 12 }, (_, i) => `Virtual try-on: dressing a person with a garment from a shop photo. Outfit ${i} clothing transfer and garment warping.`),
  ...Array.from({ length: 12 }, (_, i) => `Monocular depth estimation from a single image: predicting per-pixel distance. Scene ${i} depth maps and metric depth.`),
  ...Array.from({ length: 12 }, (_, i) => `Tool use for language model agents: calling APIs, calculators and search engines. Agent ${i} function calling.`),
];

describe('the corpus embedder (LSA)', () => {
  const embedder = CorpusEmbedder.train(TEXTS, 8, null);

  it('puts texts on the same topic closer than texts on different topics', () => {
    const [tryOn, depth, tools] = [TEXTS[0]!, TEXTS[12]!, TEXTS[24]!].map((t) => embedder.embedSync(t));
    const query = embedder.embedSync('garment clothing outfit');
    assert.ok(dot(query, tryOn!) > dot(query, depth!) + 0.3);
    assert.ok(dot(query, tryOn!) > dot(query, tools!) + 0.3);
    assert.ok(dot(embedder.embedSync('distance per-pixel'), depth!) > 0.5, 'words that only co-occur still land on the topic');
  });

  it('makes unit vectors, and the zero vector for text with no known word', () => {
    const v = embedder.embedSync(TEXTS[3]!);
    assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-4);
    assert.ok(embedder.embedSync('🚀 zzz qqq').every((x) => x === 0));
  });

  it('trains the same model from the same papers and survives a round trip through bytes', () => {
    const again = CorpusEmbedder.train(TEXTS, 8, null);
    assert.equal(again.id, embedder.id);
    const restored = new CorpusEmbedder(deserializeLsa(serializeLsa(embedder.model)), embedder.id, null);
    assert.deepEqual(restored.embedSync(TEXTS[5]!), embedder.embedSync(TEXTS[5]!));
  });

  it('knows from training what share of papers holds a word', () => {
    assert.ok(Math.abs(embedder.documentShare('garment') - 12 / 36) < 0.02);
    assert.ok(embedder.documentShare('zebra') <= 1 / 36, 'a word it never met counts as rare');
    assert.equal(embedder.knows('garments'), true, 'by stem');
    assert.equal(embedder.knows('zebra'), false);
  });

  it('trains on a collection too small to have a topic without failing', () => {
    const tiny = CorpusEmbedder.train(['one paper alone'], 8, null);
    assert.equal(tiny.embedSync('one paper').length, tiny.model.dimensions);
  });
});
