import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyPaper, type Paper } from '../domain/paper.ts';
import { citationFormatOf, citationKey, citationKeys, formatCitations } from './export.ts';
import { parseCitations } from './parse.ts';

const paper = (id: string, overrides: Partial<Paper> = {}): Paper => ({
  ...emptyPaper(id, 'test'), title: 'Attention Is All You Need', authors: [{ name: 'Ashish Vaswani', affiliation: null }, { name: 'Noam Shazeer', affiliation: null }],
  publishedAt: '2017-06-12T17:57:34Z', primaryCategory: 'cs.CL', categories: ['cs.CL'], ...overrides,
});

describe('writing citations', () => {
  it('keys a paper by first author, year and first word of the title, as Google Scholar does', async () => {
    assert.equal(citationKey(paper('1706.03762')), 'vaswani2017attention');
    assert.equal(citationKey(paper('2401.00001', { authors: [{ name: 'Jérôme van der Müller', affiliation: null }], title: 'Über models' })), 'muller2017uber');
  });

  it('adds the arXiv id to keys only where two papers in one file would share a key', async () => {
    assert.deepEqual(citationKeys([paper('1706.03762'), paper('1706.03763'), paper('2401.00001', { title: 'Other things' })]),
      ['vaswani2017attention_1706.03762', 'vaswani2017attention_1706.03763', 'vaswani2017other']);
  });

  it('writes BibTeX that BibTeX parsers read back with the same title, arXiv id and DOI', async () => {
    const text = formatCitations([paper('1706.03762', { title: 'Über {Attention} & 100% more' })], 'bibtex');
    assert.match(text, /^@misc\{vaswani2017uber,/);
    const [back] = await parseCitations(text);
    assert.equal(back!.title, 'Über {Attention} & 100% more');
    assert.equal(back!.arxivId, '1706.03762');
    assert.equal(back!.doi, '10.48550/arxiv.1706.03762');
  });

  it('writes RIS and CSL-JSON that read back to the same papers', async () => {
    const papers = [paper('1706.03762'), paper('2401.00001', { title: 'Second', doi: '10.1000/X' })];
    const ris = await parseCitations(formatCitations(papers, 'ris'));
    assert.deepEqual(ris.map((e) => [e.title, e.doi, e.malformed ?? null]), [['Attention Is All You Need', '10.48550/arxiv.1706.03762', null], ['Second', '10.1000/x', null]]);
    const csl = await parseCitations(formatCitations(papers, 'csl-json'));
    assert.deepEqual(csl.map((e) => e.arxivId), ['1706.03762', '2401.00001']);
  });

  it('reads the citation format from Accept', async () => {
    assert.equal(citationFormatOf('application/x-bibtex'), 'bibtex');
    assert.equal(citationFormatOf('application/vnd.citationstyles.csl+json'), 'csl-json');
    assert.equal(citationFormatOf('application/json'), undefined);
  });
});
