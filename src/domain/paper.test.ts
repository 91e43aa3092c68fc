import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyPaper, mergePaper, samePaper } from './paper.ts';

const rich = {
  ...emptyPaper('2401.00001', 'arxiv'),
  title: 'A title', abstract: 'An abstract', authors: [{ name: 'A', affiliation: 'MIT' }],
  doi: '10.1/x', latestVersion: 2, categories: ['cs.LG'], upvotes: 4,
  versions: [{ version: 1, submittedAt: '2024-01-01T00:00:00.000Z' }, { version: 2, submittedAt: '2024-01-05T00:00:00.000Z' }],
};

describe('mergePaper', () => {
  it('keeps stored fields that a thinner source leaves empty', () => {
    const thin = { ...emptyPaper('2401.00001', 'seed'), title: 'A title', authorCount: 1, listing: { day: '2024-01-06', submittedAt: null, submitter: null } };
    const merged = mergePaper(rich, thin);
    assert.equal(merged.abstract, 'An abstract');
    assert.equal(merged.doi, '10.1/x');
    assert.deepEqual(merged.authors, rich.authors);
    assert.equal(merged.upvotes, 4);
    assert.equal(merged.listing?.day, '2024-01-06');
    assert.equal(merged.source, 'arxiv', 'the first source is kept');
  });

  it('takes the union of versions and the newest as latest', () => {
    const v3 = { ...emptyPaper('2401.00001', 'arxiv'), latestVersion: 3, versions: [{ version: 1, submittedAt: null }, { version: 3, submittedAt: '2024-02-01T00:00:00.000Z' }] };
    const merged = mergePaper(rich, v3);
    assert.equal(merged.latestVersion, 3);
    assert.deepEqual(merged.versions.map((v) => [v.version, v.submittedAt]), [
      [1, '2024-01-01T00:00:00.000Z'], [2, '2024-01-05T00:00:00.000Z'], [3, '2024-02-01T00:00:00.000Z'],
    ]);
  });

  it('lets a source correct a field it does name', () => {
    const merged = mergePaper(rich, { ...emptyPaper('2401.00001', 'hf-daily'), upvotes: 0, title: 'A better title' });
    assert.equal(merged.upvotes, 0);
    assert.equal(merged.title, 'A better title');
  });

  it('is the identity when merging a paper into itself', () => {
    assert.equal(samePaper(mergePaper(rich, rich), rich), true);
  });
});
