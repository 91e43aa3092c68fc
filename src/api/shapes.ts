import { safeLink } from '../domain/links.ts';
import { authorTotal, listedAt, thumbnailPath, totalUpvotes, type Organization, type Paper, type Submitter } from '../domain/paper.ts';
import { stableId } from '../lib/ids.ts';

/** Hugging Face wire shapes (HF-API.md). Field names here are the wire names. */
function orgJson(org: Organization) {
  return { _id: stableId('org', org.slug), name: org.slug, fullname: org.name, avatar: null };
}

function submitterUser(s: Submitter) {
  return { _id: stableId('user', s.username), fullname: s.fullname ?? s.username, avatarUrl: safeLink(s.avatarUrl) ?? '', type: 'user' as const, isPro: false };
}

/** The summary and keywords under the names huggingface_hub's PaperInfo reads (ai_summary, ai_keywords). */
function aidsJson(paper: Paper) {
  if (!paper.aids || !paper.aids.summary) return paper.aids?.keywords.length ? { ai_keywords: paper.aids.keywords } : {};
  return { ai_summary: paper.aids.summary, ai_keywords: paper.aids.keywords, aiSummaryModel: paper.aids.model };
}

/** The thumbnail's absolute URL, '' when there is none (as Hugging Face sends). */
function thumbnailUrl(paper: Paper, baseUrl: string): string {
  const path = thumbnailPath(paper);
  return path ? `${baseUrl}${path}` : '';
}

export function paperJson(paper: Paper, baseUrl = '') {
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
    ...(safeLink(paper.projectPage) ? { projectPage: paper.projectPage } : {}),
    ...(safeLink(paper.githubRepo) ? { githubRepo: paper.githubRepo, githubRepoAddedBy: 'user' as const, ...(paper.githubStars !== null ? { githubStars: paper.githubStars } : {}) } : {}),
    ...(paper.organization ? { organization: orgJson(paper.organization) } : {}),
    ...aidsJson(paper),
    // Paperboy's own fields; unknown fields are harmless to HF clients.
    numAuthors: authorTotal(paper),
    categories: paper.categories,
    ...(paper.latestVersion ? { version: paper.latestVersion } : {}),
    thumbnail: thumbnailUrl(paper, baseUrl),
  };
}

export function dailyPaperItem(paper: Paper, upvotedIds?: Set<string>, baseUrl = '') {
  const submitter = paper.listing?.submitter;
  return {
    paper: paperJson(paper, baseUrl),
    publishedAt: listedAt(paper) ?? paper.publishedAt,
    title: paper.title,
    summary: paper.abstract,
    // Repeated here like title: huggingface_hub's PaperInfo reads ai_summary/ai_keywords at the item's top level.
    ...aidsJson(paper),
    thumbnail: thumbnailUrl(paper, baseUrl),
    numComments: paper.numComments,
    submittedBy: submitter
      ? { ...submitterUser(submitter), name: submitter.username, isHf: false, isHfAdmin: false, isMod: false }
      : null,
    organization: paper.organization ? orgJson(paper.organization) : null,
    isAuthorParticipating: false,
    ...(upvotedIds ? { upvoted: upvotedIds.has(paper.id) } : {}),
  };
}

export function paperDetail(paper: Paper, baseUrl = '') {
  return {
    ...paperJson(paper, baseUrl),
    linkedModels: [], numTotalModels: 0,
    linkedDatasets: [], numTotalDatasets: 0,
    linkedSpaces: [], numTotalSpaces: 0,
  };
}

export interface CommentNodeLike {
  id: string;
  parentId: string | null;
  author: { username: string; fullname: string | null };
  body: string;
  html: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  hiddenAt: string | null;
  visible: boolean;
  replies: CommentNodeLike[];
}

/** A comment and its replies; deleted and hidden ones keep their place with no content. */
export function commentJson(node: CommentNodeLike): unknown {
  return {
    id: node.id,
    parentId: node.parentId,
    author: { name: node.author.username, fullname: node.author.fullname ?? node.author.username },
    createdAt: node.createdAt,
    edited: node.editedAt !== null,
    ...(node.editedAt ? { editedAt: node.editedAt } : {}),
    status: node.deletedAt ? 'deleted' : node.hiddenAt ? 'hidden' : 'visible',
    raw: node.visible ? node.body : '',
    html: node.visible ? node.html : '',
    replies: node.replies.map(commentJson),
  };
}
