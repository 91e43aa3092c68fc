import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arxivIdIn, detectInput, normaliseDoi, parseCitations } from './parse.ts';

describe('reading citation files', () => {
  it('tells BibTeX, RIS, CSL-JSON and pasted ids apart', async () => {
    assert.equal(detectInput('% comment\n@article{k, title={T}}'), 'bibtex');
    assert.equal(detectInput('TY  - JOUR\nER  - \n'), 'ris');
    assert.equal(detectInput('  [{"title": "T"}]'), 'csl-json');
    assert.equal(detectInput('2401.00001\nhttps://arxiv.org/abs/2401.00002'), 'ids');
  });

  it('expands @string macros, decodes accents and keeps braces out of titles', async () => {
    const [entry] = await parseCitations('@string{j = "Journal"}\n@article{k, title = {{\\"U}ber {BERT}}, journal = j, eprint = {2401.00001}}');
    assert.equal(entry!.title, 'Über BERT');
    assert.equal(entry!.arxivId, '2401.00001');
    assert.equal(entry!.line, 2);
  });

  it('carries @string macros across the chunks a long file is read in, with every line number right', async () => {
    const body = Array.from({ length: 450 }, (_, i) => `@misc{k${i},\n  title = {Paper ${i}},\n  journal = j\n}`).join('\n');
    const entries = await parseCitations(`@string{j = "Journal of Things"}\n${body}\n@misc{bad, title = {open\n`);
    assert.equal(entries.length, 451);
    assert.deepEqual(entries.slice(0, 2).map((e) => e.line), [2, 6]);
    assert.equal(entries[449]!.line, 2 + 449 * 4);
    assert.equal(entries[449]!.title, 'Paper 449');
    assert.equal(entries[450]!.line, 2 + 450 * 4);
    assert.ok(entries[450]!.malformed);
  });

  it('finds arXiv ids in eprints, links, arXiv DOIs and Google Scholar journal fields', async () => {
    assert.equal(arxivIdIn([undefined, 'arXiv preprint arXiv:1706.03762'])?.toString(), '1706.03762');
    assert.equal(arxivIdIn(['https://arxiv.org/pdf/2401.00001v3.pdf']), '2401.00001');
    assert.equal(arxivIdIn(['10.48550/arXiv.2401.00002']), '2401.00002');
    assert.equal(arxivIdIn(['hep-th/9901001v1']), 'hep-th/9901001');
    assert.equal(arxivIdIn(['Proceedings of ACL 2023, pages 1-10']), null);
  });

  it('normalises DOIs written as links or with a doi: prefix, and refuses what is not a DOI', async () => {
    assert.equal(normaliseDoi('https://doi.org/10.1000/ABC'), '10.1000/abc');
    assert.equal(normaliseDoi('doi: 10.1000/x'), '10.1000/x');
    assert.equal(normaliseDoi('not a doi'), null);
  });

  it('marks a BibTeX entry with nothing to match by as malformed and goes on with the next', async () => {
    const entries = await parseCitations('@misc{a, year={2020}}\n@misc{b, title={Fine}}');
    assert.deepEqual(entries.map((e) => [e.key, e.malformed ?? null]), [['a', 'the entry has no title, DOI or arXiv id to match by'], ['b', null]]);
  });

  it('reads an unterminated BibTeX entry as one malformed entry at its line and keeps the entries around it', async () => {
    const entries = await parseCitations('@misc{a, title={One}}\n\n@misc{bad, title = {Never closed\n\n@misc{c, title={Three}}\n');
    const bad = entries.find((e) => e.malformed);
    assert.ok(bad);
    assert.equal(bad.line, 3);
    assert.ok(entries.some((e) => e.title === 'One'));
  });

  it('reads RIS records one at a time, reporting a record without ER at its first line', async () => {
    const entries = await parseCitations('TY  - JOUR\nTI  - One\nER  - \nTY  - JOUR\nTI  - Two\nTY  - JOUR\nTI  - Three\nDO  - 10.1000/x\nER  - \n');
    assert.deepEqual(entries.map((e) => [e.line, e.title, e.malformed ? 'malformed' : 'ok']), [[1, 'One', 'ok'], [4, 'Two', 'malformed'], [6, 'Three', 'ok']]);
    assert.equal(entries[2]!.doi, '10.1000/x');
  });

  it('says at which line a CSL-JSON file stops being JSON (where the parser tells), and names a bad item by its number', async () => {
    const [broken] = await parseCitations('[\n  {"title": "A",}\n]', 'csl-json');
    assert.equal(broken!.line, 2);
    assert.match(broken!.malformed!, /not valid JSON/);
    const items = await parseCitations('[{"title": "A", "DOI": "10.1000/A"}, "text"]', 'csl-json');
    assert.equal(items[0]!.doi, '10.1000/a');
    assert.equal(items[1]!.malformed, 'item 2 is not a CSL-JSON object');
  });
});
