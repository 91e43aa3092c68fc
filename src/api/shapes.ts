import { authorTotal, listedAt, totalUpvotes, type Organization, type Paper, type Submitter } from '../domain/paper.ts';
import { stableId } from '../lib/ids.ts';

/** Hugging Face wire shapes (HF-API.md). Field names here are the wire names. */
function orgJson(org: Organization) {
  return { _id: stableId('org', org.slug), name: org.slug, fullname: org.name, avatar: null };
}

function submitterUser(s: Submitter) {
  return { _id: stableId('user', s.username), fullname: s.fullname ?? s.username, avatarUrl: s.avatarUrl ?? '', type: 'user' as const, isPro: false };
}

export function paperJson(paper: Paper) {
  const listed = listedAt(paper);
  const submitter = paper.listing?.submitter;
  return {
    id: paper.id,
    authors: paper.authors.map((a, i) => ({ _id: stableId('paper-author', `${paper.id}#${i}`), name: a.name, hidden: false })),
    // Papers known only from a daily listing have no arXiv date; the listing day is the best we have.
    publishedAt: paper.publishedAt ?? listed ?? null,
    ...(listed ? { submittedOnDailyAt: listed } : {}),
    ...(submitter ? { submittedOnDailyBy: { ...submitterUser(submitter), user: submitter.username } } : {}),
    title: paper.title,
    summary: paper.abstract,
    upvotes: totalUpvotes(paper),
    discussionId: stableId('discussion', paper.id),
    ...(paper.projectPage ? { projectPage: paper.projectPage } : {}),
    ...(paper.githubRepo ? { githubRepo: paper.githubRepo, githubRepoAddedBy: 'user' as const } : {}),
    ...(paper.organization ? { organization: orgJson(paper.organization) } : {}),
    // Paperboy's own fields; unknown fields are harmless to HF clients.
    numAuthors: authorTotal(paper),
    categories: paper.categories,
    ...(paper.latestVersion ? { version: paper.latestVersion } : {}),
  };
}

export function dailyPaperItem(paper: Paper) {
  const submitter = paper.listing?.submitter;
  return {
    paper: paperJson(paper),
    publishedAt: listedAt(paper) ?? paper.publishedAt,
    title: paper.title,
    summary: paper.abstract,
    thumbnail: '',
    numComments: paper.numComments,
    submittedBy: submitter
      ? { ...submitterUser(submitter), name: submitter.username, isHf: false, isHfAdmin: false, isMod: false }
      : null,
    organization: paper.organization ? orgJson(paper.organization) : null,
    isAuthorParticipating: false,
  };
}

export function paperDetail(paper: Paper) {
  return {
    ...paperJson(paper),
    linkedModels: [], numTotalModels: 0,
    linkedDatasets: [], numTotalDatasets: 0,
    linkedSpaces: [], numTotalSpaces: 0,
  };
}
