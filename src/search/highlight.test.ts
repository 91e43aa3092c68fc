import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlightPhrases } from './highlight.ts';

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
