import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentFrequencies, extractiveSummary, keyphrases, offlineAids, sentences } from './extract.ts';

const COLLECTION = documentFrequencies([
  'Large language models for question answering. We propose a new method for language models.',
  'Language models and reasoning. We show that models reason.',
  'Image generation with diffusion models. We present a diffusion model for images.',
  'Reinforcement learning for robots. We study robot control with reinforcement learning.',
  'A survey of language models. Language models are large.',
  'Speculative decoding appears once here in the collection.',
]);

describe('offline summaries', () => {
  it('splits sentences without breaking at abbreviations like "e.g." or decimals', () => {
    assert.deepEqual(sentences('Models, e.g. GPT-4, reach 92.5% accuracy. We propose X. It works!'), ['Models, e.g. GPT-4, reach 92.5% accuracy.', 'We propose X.', 'It works!']);
  });

  it('picks the sentence that states the contribution over the opening background sentence', () => {
    const abstract = 'Language models are widely used for many tasks today. However, decoding them is slow. In this paper, we propose Speculative Drafting, a way to decode language models twice as fast. Experiments on three benchmarks confirm it.';
    assert.equal(extractiveSummary('Speculative Drafting for Fast Decoding', abstract), 'We propose Speculative Drafting, a way to decode language models twice as fast.');
  });

  it('falls back to the sentence most like the title when no sentence announces a contribution', () => {
    const abstract = 'Cats are nice. Robotic grasping of deformable objects remains hard for current grippers and planners alike. Dogs too.';
    assert.equal(extractiveSummary('Robotic Grasping of Deformable Objects', abstract), 'Robotic grasping of deformable objects remains hard for current grippers and planners alike.');
  });

  it('cuts an overlong sentence at a word and marks the cut', () => {
    const long = `We propose ${'a very long method name '.repeat(30)}that does things.`;
    const summary = extractiveSummary('Long', long);
    assert.ok(summary.length <= 321 && summary.endsWith('…'), summary);
  });

  it('gives an empty summary to a paper with no abstract', () => {
    assert.equal(offlineAids('Only a Title', '', COLLECTION).summary, '');
  });
});

describe('offline keywords', () => {
  it('prefers repeated phrases that are rare in the collection over common words', () => {
    const abstract = 'We propose speculative decoding with draft trees. Speculative decoding verifies draft trees in parallel, so language models generate faster. Draft trees adapt to the input.';
    const words = keyphrases('Speculative Decoding with Draft Trees', abstract, COLLECTION);
    assert.ok(words.length >= 3 && words.length <= 8, words.join(' | '));
    assert.equal(words[0]!.toLowerCase().includes('speculative decoding') || words[0]!.toLowerCase().includes('draft trees'), true, words.join(' | '));
    assert.ok(!words.some((w) => /^(models?|propose|we)$/i.test(w)), 'generic words are not keywords');
  });

  it('keeps acronyms and names as written and lower-cases title-case words', () => {
    const words = keyphrases('Scaling RLHF With GPT-4 Judges', 'We scale RLHF with GPT-4 judges. RLHF with GPT-4 judges costs less.', COLLECTION);
    assert.ok(words.some((w) => w.includes('RLHF')), words.join(' | '));
    assert.ok(words.some((w) => w.includes('GPT-4')), words.join(' | '));
    assert.ok(!words.some((w) => /Judges/.test(w)), words.join(' | '));
  });

  it('never returns a phrase inside another chosen one', () => {
    const words = keyphrases('Diffusion Policy Learning', 'Diffusion policy learning trains a diffusion policy. Diffusion policy learning is stable.', COLLECTION);
    const lower = words.map((w) => w.toLowerCase());
    for (const a of lower) for (const b of lower) if (a !== b) assert.ok(!b.includes(a), `${a} inside ${b}`);
  });
});
