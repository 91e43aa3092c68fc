import { parseArxivId } from '../domain/arxiv-id.ts';
import { emptyPaper } from '../domain/paper.ts';
import { SHORT_MONTHS } from '../domain/period.ts';
import { emptyOutcome, normalizeSpace, type ParseOutcome } from './outcome.ts';

/** The seed page was captured in 2026; its dates without a year ("Mar 17") are in that year. */
export const SEED_CAPTURE_YEAR = 2026;

const DATE_LINE = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2})(?:, (\d{4}))?(?: (\d+))?$/;
const AUTHORS_LINE = /^•\s*(\d+) authors?$/;
/** The page header ends with the capture date ("Apr 20") after "byAK and the research community". */
const HEADER_END = /^by.*community$/;

export interface SeedIds {
  line: number;
  title: string;
  arxivId: string | null;
  authors: string[] | null;
}

/**
 * Parses the text capture of a Daily Papers page: blocks separated by blank lines, each card a
 * title, an abstract and (on most cards) a meta block of "• N authors" or "slug Org Name", a
 * "·" and "Mon D[, YYYY] [upvotes]". `ids` (seed-papers-arxiv.json) adds arXiv ids and
 * authors, matched by card order and checked against the title.
 */
export function parseSeedPage(text: string, ids: SeedIds[], source = 'seed page'): ParseOutcome {
  const outcome = emptyOutcome();
  const blocks = text.split(/\n\s*\n/).map((b) => b.split('\n').map((l) => l.trim()).filter(Boolean)).filter((b) => b.length > 0);
  let i = blocks.findIndex((b) => HEADER_END.test(b[0]!));
  if (i < 0) return { ...outcome, failed: [{ where: source, reason: 'no "by … community" header line: not a Daily Papers page capture' }] };
  i += 2; // the header line and the capture date
  let card = 0;
  while (i < blocks.length) {
    const title = normalizeSpace(blocks[i]!.join(' '));
    const abstract = normalizeSpace(blocks[i + 1]?.join(' ') ?? '');
    const meta = blocks[i + 2];
    const hasMeta = meta !== undefined && meta.includes('·');
    i += hasMeta ? 3 : 2;
    const where = `${source} card ${card + 1} ("${title.slice(0, 40)}")`;
    const known = ids[card];
    card++;
    if (!known || normalizeSpace(known.title) !== title) {
      outcome.failed.push({ where, reason: `seed-papers-arxiv.json has no entry for this card at line ${card - 1}` });
      continue;
    }
    const arxiv = known.arxivId ? parseArxivId(known.arxivId) : undefined;
    if (!arxiv) {
      outcome.failed.push({ where, reason: `no valid arXiv id for this card ("${known.arxivId}")` });
      continue;
    }
    const paper = { ...emptyPaper(arxiv.id, 'seed'), title, abstract, authors: (known.authors ?? []).map((name) => ({ name, affiliation: null })) };
    if (hasMeta) {
      const who = meta[0]!;
      const count = AUTHORS_LINE.exec(who);
      if (count) paper.authorCount = Number(count[1]);
      else {
        const [slug, ...name] = who.split(' ');
        paper.organization = { slug: slug!, name: name.join(' ') || slug! };
      }
      const date = DATE_LINE.exec(meta.at(-1)!);
      if (!date) {
        outcome.failed.push({ where, reason: `cannot read the date line "${meta.at(-1)}"` });
        continue;
      }
      const month = String(SHORT_MONTHS.indexOf(date[1]!) + 1).padStart(2, '0');
      const day = `${date[3] ?? SEED_CAPTURE_YEAR}-${month}-${date[2]!.padStart(2, '0')}`;
      paper.listing = { day, submittedAt: null, submitter: null };
      paper.upvotes = Number(date[4] ?? 0);
    }
    outcome.papers.push({ paper, where });
  }
  return outcome;
}
