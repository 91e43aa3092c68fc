import { isLocalPaperId } from '../domain/arxiv-id.ts';
import type { Paper } from '../domain/paper.ts';

/** BibTeX as arXiv's own "Export BibTeX citation" writes it, for papers with an arXiv id. */
export function paperBibtex(paper: Paper): string {
  const year = (paper.publishedAt ?? paper.listing?.day ?? '').slice(0, 4);
  const firstAuthor = paper.authors[0]?.name.split(' ').at(-1)?.toLowerCase().replace(/[^a-z]/g, '') || 'paper';
  const key = `${firstAuthor}${year}${paper.id.replace(/[^0-9]/g, '').slice(-5)}`;
  const esc = (text: string) => text.replace(/[{}\\]/g, '');
  const fields: Array<[string, string]> = [
    ['title', esc(paper.title)],
    ['author', paper.authors.length ? esc(paper.authors.map((a) => a.name).join(' and ')) : ''],
    ['year', year],
  ];
  if (!isLocalPaperId(paper.id)) {
    fields.push(['eprint', paper.id], ['archivePrefix', 'arXiv']);
    if (paper.primaryCategory) fields.push(['primaryClass', paper.primaryCategory]);
    fields.push(['url', `https://arxiv.org/abs/${paper.id}`]);
  }
  if (paper.doi) fields.push(['doi', paper.doi]);
  if (paper.journalRef) fields.push(['journal', esc(paper.journalRef)]);
  const body = fields.filter(([, v]) => v).map(([k, v]) => `  ${k}={${v}}`).join(',\n');
  return `@misc{${key},\n${body}\n}`;
}
