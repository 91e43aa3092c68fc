import { safeLink } from '../domain/links.ts';
import { arxivAbsUrl, arxivPdfUrl, isLocalPaperId } from '../domain/arxiv-id.ts';
import { authorTotal, totalUpvotes, type Paper } from '../domain/paper.ts';
import { formatDay, formatTimestamp } from './format.ts';

/** Inline Markdown specials escaped, so a title like "*_x_*" or "[a](b)" reads as written. */
const md = (text: string) => text.replace(/([\\`*_[\]<>])/g, '\\$1');

/** The paper page as Markdown: what `huggingface_hub`'s read_paper and agents read. */
export function paperMarkdown(paper: Paper, baseUrl: string): string {
  const lines = [`# ${md(paper.title)}`, ''];
  lines.push(paper.authors.length ? `**Authors:** ${paper.authors.map((a) => md(a.name)).join(', ')}` : `**Authors:** ${authorTotal(paper)} authors`, '');
  const facts: string[] = [];
  if (!isLocalPaperId(paper.id)) facts.push(`- arXiv: [${paper.id}](${arxivAbsUrl(paper.id)}) ([PDF](${arxivPdfUrl(paper.id)}))`);
  const published = formatTimestamp(paper.publishedAt);
  if (published) facts.push(`- Published: ${published}`);
  if (paper.listing) facts.push(`- Listed on the daily feed: ${formatDay(paper.listing.day)}${paper.listing.submitter ? ` by ${md(paper.listing.submitter.username)}` : ''}`);
  if (paper.organization) facts.push(`- Organization: ${md(paper.organization.name)}`);
  facts.push(`- Upvotes: ${totalUpvotes(paper)}`);
  if (paper.categories.length) facts.push(`- Categories: ${paper.categories.join(', ')}`);
  if (safeLink(paper.githubRepo)) facts.push(`- Code: ${paper.githubRepo}`);
  if (safeLink(paper.projectPage)) facts.push(`- Project page: ${paper.projectPage}`);
  if (paper.doi) facts.push(`- DOI: [${paper.doi}](https://doi.org/${paper.doi})`);
  if (paper.journalRef) facts.push(`- Journal reference: ${md(paper.journalRef)}`);
  if (paper.comment) facts.push(`- Comment: ${md(paper.comment)}`);
  lines.push(...facts, '', '## Abstract', '', paper.abstract ? md(paper.abstract) : '_No abstract is available._', '', `Source: ${baseUrl}/papers/${paper.id}`, '');
  return lines.join('\n');
}
