import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlight } from './highlight.ts';
import { MAX_QUERY_CHARS, parseSearchQuery } from './query.ts';
import { contentWords, splitWords } from './tokens.ts';

describe('search query parsing', () => {
  it('finds the arXiv id in every form people paste', () => {
    for (const text of ['2401.05566', '2401.05566v3', 'arXiv:2401.05566', 'arxiv 2401.05566', 'https://arxiv.org/abs/2401.05566v2', 'arxiv.org/pdf/2401.05566.pdf', 'see (2401.05566)']) {
      assert.equal(parseSearchQuery(text).arxivId, '2401.05566', text);
    }
    assert.equal(parseSearchQuery('hep-th/9901001').arxivId, 'hep-th/9901001');
    assert.equal(parseSearchQuery('2413.00001').arxivId, undefined, 'month 13 is not an id');
  });

  it('cuts a query to 250 characters and remembers how long it was', () => {
    const q = parseSearchQuery('diffusion '.repeat(1000));
    assert.equal(q.truncatedFrom, 9999);
    assert.ok([...q.text].length <= MAX_QUERY_CHARS);
    assert.deepEqual(q.words, ['diffusion']);
  });

  it('keeps only letters and digits, so FTS and SQL syntax never reach the database as syntax', () => {
    assert.deepEqual(parseSearchQuery('"unbalanced (quote NEAR(a b) -minus* AND OR').words, ['unbalanced', 'quote', 'near', 'minus']);
    assert.deepEqual(parseSearchQuery("'; DROP TABLE papers; --").words, ['drop', 'table', 'papers']);
  });

  it('reads emoji and punctuation as nothing to search, and keeps non-Latin scripts', () => {
    assert.deepEqual(parseSearchQuery('🚀🔥 !!! ...').words, []);
    assert.deepEqual(parseSearchQuery('大语言模型 агенты').words, ['大语言模型', 'агенты']);
  });

  it('drops stopwords unless the query is made of nothing else', () => {
    assert.deepEqual(contentWords('the mixture of experts'), ['mixture', 'experts']);
    assert.deepEqual(contentWords('to be or not to be'), ['to', 'be', 'or', 'not']);
  });

  it('folds case and accents', () => {
    assert.deepEqual(splitWords('Émile BOREL naïve'), ['emile', 'borel', 'naive']);
  });
});

describe('highlights', () => {
  it('marks words by stem and gives back the original text when the spans are joined', () => {
    const text = 'Agents that plan: an AGENT-based benchmark for planning agents.';
    const spans = highlight(text, ['agent', 'plans']);
    assert.equal(spans.map((s) => s.text).join(''), text);
    assert.deepEqual(spans.filter((s) => s.type === 'highlight').map((s) => s.text), ['Agents', 'plan', 'AGENT', 'planning', 'agents']);
  });

  it('marks accented words matched without accents and leaves text with no match as one span', () => {
    assert.deepEqual(highlight('Émile Borel', ['emile']), [{ type: 'highlight', text: 'Émile' }, { type: 'text', text: ' Borel' }]);
    assert.deepEqual(highlight('Nothing here', ['zebra']), [{ type: 'text', text: 'Nothing here' }]);
    assert.deepEqual(highlight('', ['zebra']), []);
  });
});
