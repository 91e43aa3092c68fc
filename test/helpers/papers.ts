import { emptyPaper, type Paper } from '../../src/domain/paper.ts';

/** A small, complete paper for tests; override what the test is about. */
export function makePaper(id: string, overrides: Partial<Paper> = {}): Paper {
  return {
    ...emptyPaper(id, 'test'),
    title: `Paper ${id}`,
    abstract: `An abstract about ${id}.`,
    authors: [{ name: 'Ada Lovelace', affiliation: null }, { name: 'Émile Borel', affiliation: 'Sorbonne' }],
    publishedAt: '2026-02-01T10:00:00.000Z',
    updatedAt: '2026-02-02T10:00:00.000Z',
    latestVersion: 1,
    versions: [{ version: 1, submittedAt: '2026-02-01T10:00:00.000Z' }],
    categories: ['cs.LG', 'cs.AI'],
    primaryCategory: 'cs.LG',
    upvotes: 3,
    ...overrides,
  };
}
