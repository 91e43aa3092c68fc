import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlight, highlightPhrases, highlightWords, wordOffsets } from './highlight.ts';

describe('marking keywords in an abstract', () => {
  it('marks whole phrases by stem, longest first, and loses no text', () => {
    const text = 'Language models reason. A language model with sparse thinking, and Sparse-Thinking again.';
    const spans = highlightPhrases(text, ['language model', 'sparse thinking', 'language']);
    assert.equal(spans.map((s) => s.text).join(''), text);
    assert.deepEqual(spans.filter((s) => s.type === 'highlight').map((s) => s.text), ['Language models', 'language model', 'sparse thinking', 'Sparse-Thinking']);
  });

  it('matches an acronym only as itself, not the word it stems like', () => {
    const spans = highlightPhrases('AR models are fast; ARs are too.', ['AR']);
    assert.deepEqual(spans.filter((s) => s.type === 'highlight').map((s) => s.text), ['AR', 'ARs']);
  });

  it('marks nothing for no keywords', () => {
    assert.deepEqual(highlightPhrases('Plain text.', []), [{ type: 'text', text: 'Plain text.' }]);
  });
});

describe('marking a search\'s words', () => {
  const marked = (text: string, words: string[]) => highlight(text, words).filter((s) => s.type === 'highlight').map((s) => s.text);

  it('marks every form of a query word, in any case, and loses no text', () => {
    const text = 'Agents and AGENT-based Agent models; an agenda; 3D agents.';
    assert.deepEqual(marked(text, ['agent']), ['Agents', 'AGENT', 'Agent', 'agents']);
    assert.equal(highlight(text, ['agent']).map((s) => s.text).join(''), text);
  });

  it('marks words that begin with an accent or a digit as their plain query word', () => {
    assert.deepEqual(marked('Élan and elan; Ölfarbe.', ['elan', 'olfarbe']), ['Élan', 'elan', 'Ölfarbe']);
    assert.deepEqual(marked('A 3D scene and 3d points, not 3DGS.', ['3d']), ['3D', '3d']);
  });

  it('marks nothing when no word matches', () => {
    assert.deepEqual(highlight('Plain text here.', ['garment']), [{ type: 'text', text: 'Plain text here.' }]);
  });
});

describe('marking a kept text for many queries', () => {
  it('marks the same runs from the text\'s kept word places as from the text, for any query', () => {
    const text = 'Éléphants and agents: Agentic RL for 3D scenes, naïve agents’ reasoning (v2).';
    const places = wordOffsets(text);
    for (const words of [['agent'], ['elephant', 'scene'], ['3d', 'naive'], ['reasoning', 'rl'], ['absent']]) {
      assert.deepEqual(highlightWords(text, places, words), highlight(text, words), words.join(' '));
    }
    assert.deepEqual(highlightWords(text, places, ['agent']).filter((s) => s.type === 'highlight').map((s) => s.text), ['agents', 'Agentic', 'agents']);
  });
});
