import { parseArxivId } from '../domain/arxiv-id.ts';
import { AppError } from '../domain/errors.ts';
import { feedDayOf } from '../domain/feed-day.ts';
import { checkSubmission, isAdmin, type Member } from '../domain/members.ts';
import type { Paper } from '../domain/paper.ts';
import { fetchArxivByIds } from '../ingest/arxiv-api.ts';
import { newId } from '../lib/tokens.ts';
import { insertComment } from '../store/comments.ts';
import { countSubmissionsSince } from '../store/moderation.ts';
import { findPaper, getPaper, upsertPapers } from '../store/papers.ts';
import { nowOf, type MembersDeps } from './context.ts';
import { commentProblem, renderCommentHtml } from './comments.ts';
import { rerankPapers } from './trending.ts';

/** `work`, or a rejection as soon as `signal` aborts (a retry's backoff sleep is not waited out). */
function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new Error('deadline passed'));
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/**
 * Lists a paper on today's feed, credited to `member`: its metadata comes from the arXiv API
 * (through the same importer as `paperboy import arxiv-atom --ids`). Each rule that refuses says
 * which and why; if arXiv cannot be reached nothing is stored.
 */
export async function submitPaper(deps: MembersDeps, member: Member, input: { paperId: string; comment?: string }): Promise<Paper> {
  const parsed = parseArxivId(input.paperId ?? '');
  if (!parsed) throw new AppError('invalid_input', `"${String(input.paperId ?? '').slice(0, 100)}" is not an arXiv id; write it like 2602.10224 or paste its arxiv.org link.`);
  const comment = input.comment?.trim();
  if (comment) {
    const problem = commentProblem(comment);
    if (problem) throw new AppError('invalid_input', problem);
  }
  const { store, config } = deps;
  const now = nowOf(deps);
  const existing = await findPaper(store.db, store.dialect, parsed.id);
  const rules = { maxAgeDays: config.submitMaxAgeDays, dailyQuota: config.submitDailyQuota };
  const base = {
    paperId: parsed.id, listedOn: existing?.listing?.day, admin: isAdmin(member), rules, now,
    submittedToday: await countSubmissionsSince(store.db, member.id, new Date(now.getTime() - 86_400_000).toISOString()),
  };
  // Refuse what we can before asking arXiv anything.
  const early = checkSubmission({ ...base, publishedAt: existing?.publishedAt ?? null });
  if (early && early.rule !== 'too_old') throw refusal(early);

  let fetched;
  // A member watching a spinner, not a batch job: SUBMIT_TIMEOUT_MS (≤ 10 s) in all, retries included.
  const deadline = AbortSignal.timeout(config.submitTimeoutMs);
  try {
    fetched = await withDeadline(fetchArxivByIds(deps.arxiv, config.arxivApiUrl, [parsed.id], { signal: deadline }), deadline);
  } catch (err) {
    deps.logger.warn({ err, paper: parsed.id }, 'arXiv lookup failed during a submission');
    throw new AppError('upstream', 'arXiv is not answering right now, so the paper could not be looked up; nothing was saved. Try again in a few minutes.');
  }
  const paper = fetched.papers.find((p) => p.paper.id === parsed.id)?.paper;
  if (!paper) throw new AppError('not_found', `arXiv has no paper ${parsed.id}.`);
  const refused = checkSubmission({ ...base, publishedAt: paper.publishedAt });
  if (refused) throw refusal(refused);

  paper.listing = { day: feedDayOf(now, config.dayBoundary), submittedAt: now.toISOString(), submitter: { username: member.username, fullname: member.fullname, avatarUrl: null } };
  await store.db.transaction().execute(async (trx) => {
    await upsertPapers(trx, store.dialect, [paper], now.toISOString());
    if (comment) await insertComment(trx, { id: newId(), paperId: paper.id, userId: member.id, parentId: null, body: comment, html: renderCommentHtml(comment), now: now.toISOString() });
  });
  await rerankPapers(store, [paper.id]);
  return getPaper(store.db, store.dialect, paper.id);
}

function refusal(r: { rule: string; message: string }): AppError {
  return new AppError(r.rule === 'already_listed' ? 'conflict' : r.rule === 'quota' ? 'rate_limited' : 'invalid_input', r.message);
}
