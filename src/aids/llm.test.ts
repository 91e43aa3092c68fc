import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LlmError, parseAnswer } from './llm.ts';

describe('reading a language model\'s answer', () => {
  it('takes the JSON object out of a fenced answer and tidies it', () => {
    const answer = parseAnswer('Here you go:\n```json\n{"summary": "  A method  that makes models faster at no cost. ", "keywords": ["speed", "models", "speed", " cost "]}\n```');
    assert.deepEqual(answer, { summary: 'A method that makes models faster at no cost.', keywords: ['speed', 'models', 'cost'] });
  });

  it('refuses prose, malformed JSON, a one-word summary and too few keywords, saying why', () => {
    const cases: Array<[string, RegExp]> = [
      ['Sure, the paper is about speed.', /did not answer with a JSON object/],
      ['{"summary": "A method", keywords: }', /malformed JSON/],
      ['{"summary": "Short.", "keywords": ["a", "b", "c"]}', /1 words/],
      ['{"summary": "A method that makes models faster at no cost.", "keywords": ["a"]}', /1 usable keywords/],
      ['{"keywords": ["a", "b", "c"]}', /no "summary"/],
    ];
    for (const [text, why] of cases) {
      assert.throws(() => parseAnswer(text), (err: unknown) => err instanceof LlmError && err.kind === 'garbage' && why.test(err.message), text);
    }
  });

  it('keeps at most eight keywords', () => {
    const many = Array.from({ length: 12 }, (_, i) => `k${i}`);
    assert.equal(parseAnswer(JSON.stringify({ summary: 'A method that makes models faster at no cost.', keywords: many })).keywords.length, 8);
  });
});
