import { linkProblem } from '../domain/links.ts';
import type { Paper } from '../domain/paper.ts';
import type { RecordIssue, SourcedPaper } from './outcome.ts';

/** What is worth a look in these papers (an empty abstract, a link that fails the link rule, which is dropped). */
export function flagPapers(batch: SourcedPaper[]): RecordIssue[] {
  const flagged: RecordIssue[] = [];
  for (const { paper, where } of batch) {
    if (!paper.abstract) flagged.push({ where, reason: 'empty abstract (kept)' });
    for (const problem of dropUnsafeLinks(paper)) flagged.push({ where, reason: problem });
  }
  return flagged;
}

/**
 * Every link a source supplies goes through the one link rule (domain/links.ts); one that fails
 * it is dropped (the paper is kept) and the reasons are returned for the report.
 */
function dropUnsafeLinks(paper: Paper): string[] {
  const problems: string[] = [];
  const check = (value: string | null, name: string): string | null => {
    if (!value) return value;
    const problem = linkProblem(value);
    if (!problem) return value;
    problems.push(`${name} "${value.slice(0, 80)}" ${problem}: link dropped (paper kept)`);
    return null;
  };
  paper.githubRepo = check(paper.githubRepo, 'githubRepo');
  paper.projectPage = check(paper.projectPage, 'projectPage');
  const submitter = paper.listing?.submitter;
  if (submitter?.avatarUrl) submitter.avatarUrl = check(submitter.avatarUrl, 'submitter avatarUrl');
  return problems;
}

