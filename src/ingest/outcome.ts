import type { Paper } from '../domain/paper.ts';

/** One record that a run could not take, or took with a warning: where it was, and why. */
export interface RecordIssue {
  /** "papers.jsonl:12", "arXiv 2401.00001", "record 17 (oai:arXiv.org:0704.0001)". */
  where: string;
  reason: string;
}

export interface SourcedPaper {
  paper: Paper;
  where: string;
}

/** What a pure parser made of its input: papers, and the records it skipped or rejected. */
export interface ParseOutcome {
  papers: SourcedPaper[];
  failed: RecordIssue[];
  /** Records deliberately passed over (deleted upstream, say): not an error. */
  skipped: RecordIssue[];
}

export function emptyOutcome(): ParseOutcome {
  return { papers: [], failed: [], skipped: [] };
}

/** Collapses runs of white space (arXiv wraps titles and abstracts at 80 columns). */
export function normalizeSpace(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

export function nonEmpty(text: string | null | undefined): string | null {
  const value = normalizeSpace(text);
  return value === '' ? null : value;
}
