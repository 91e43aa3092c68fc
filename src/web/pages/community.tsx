import { raw } from 'hono/html';
import { canModerate, isAdmin } from '../../domain/members.ts';
import type { Paper } from '../../domain/paper.ts';
import type { CommentNode, ThreadPage } from '../../members/comments.ts';
import { formatTimestamp } from '../format.ts';
import { Form, signInPath, useViewer } from '../viewer.tsx';

export interface CommunityProps {
  paper: Paper;
  thread: ThreadPage;
  upvoted: boolean;
  canEditLinks: boolean;
}

/** Paper links, authorship claims and the comment thread: what members do below a paper. */
export function Community({ paper, thread, canEditLinks }: CommunityProps) {
  const { member, here } = useViewer();
  return (
    <section aria-label="Community">
      {member ? null : <p><a href={signInPath(here)}>Sign in</a> to comment.</p>}
      {member && canEditLinks ? (
        <details>
          <summary>Edit code and project links</summary>
          <Form action={`/papers/${paper.id}/links`} class="stack">
            <label>GitHub repository <input name="githubRepo" value={paper.githubRepo ?? ''} placeholder="https://github.com/owner/name" /></label>
            <label>Project page <input name="projectPage" value={paper.projectPage ?? ''} /></label>
            <button type="submit">Save links</button>
          </Form>
        </details>
      ) : null}
      {member && isAdmin(member) ? (
        <details>
          <summary>Organization</summary>
          <Form action={`/papers/${paper.id}/organization`} class="stack">
            <label>Organization slug (empty for none) <input name="slug" value={paper.organization?.slug ?? ''} /></label>
            <button type="submit">Link organization</button>
          </Form>
        </details>
      ) : null}
      {member && paper.authors.length ? (
        <details>
          <summary>Are you an author of this paper?</summary>
          <Form action={`/papers/${paper.id}/claim`} class="stack">
            <label>Which author are you? <select name="author">{paper.authors.map((a) => <option value={a.name}>{a.name}</option>)}</select></label>
            <button type="submit">Claim authorship</button>
          </Form>
        </details>
      ) : null}
      <h2 id="comments">Comments ({paper.numComments})</h2>
      <div class="comments">
        {thread.roots.length ? <ol>{thread.roots.map((node) => <CommentItem node={node} paperId={paper.id} />)}</ol> : <p class="empty">No comments yet.</p>}
        <ThreadPager paperId={paper.id} thread={thread} />
      </div>
      {member ? (
        <Form action={`/papers/${paper.id}/comments`} class="stack">
          <label>Add a comment (Markdown) <textarea name="body" required maxlength={65536}></textarea></label>
          <button type="submit">Comment</button>
        </Form>
      ) : null}
    </section>
  );
}

/** Long threads come in pages (members/comments.ts COMMENT_PAGE), oldest first. */
function ThreadPager({ paperId, thread }: { paperId: string; thread: ThreadPage }) {
  if (thread.pages <= 1) return null;
  const link = (page: number) => `/papers/${paperId}?comments=${page}#comments`;
  return (
    <nav class="pager" aria-label="Comment pages">
      {thread.page > 1 ? <a href={link(thread.page - 1)} rel="prev">← Earlier comments</a> : null}
      <span>Comments page {thread.page} of {thread.pages}</span>
      {thread.page < thread.pages ? <a href={link(thread.page + 1)} rel="next">Later comments →</a> : null}
    </nav>
  );
}

function CommentItem({ node, paperId }: { node: CommentNode; paperId: string }) {
  const { member } = useViewer();
  const mine = member?.id === node.author.id && !node.deletedAt;
  const moderator = member ? canModerate(member) : false;
  return (
    <li class="comment" id={`comment-${node.id}`}>
      <div class="meta">
        {node.deletedAt ? '[deleted]' : node.author.deleted ? <span>{node.author.username}</span> : <a href={`/users/${encodeURIComponent(node.author.username)}`}>{node.author.username}</a>}
        {' · '}{formatTimestamp(node.createdAt)}{node.editedAt && !node.deletedAt ? ' · edited' : ''}{node.hiddenAt ? ' · hidden by a moderator' : ''}
      </div>
      {node.visible ? <div class="comment-body">{raw(node.html)}</div> : <p class="meta">{node.deletedAt ? 'This comment was deleted.' : 'This comment was hidden by a moderator.'}</p>}
      {member && !node.deletedAt ? (
        <div class="comment-actions">
          <details>
            <summary>Reply</summary>
            <Form action={`/papers/${paperId}/comments`} class="stack">
              <input type="hidden" name="parent" value={node.id} />
              <label>Your reply <textarea name="body" required maxlength={65536}></textarea></label>
              <button type="submit">Post reply</button>
            </Form>
          </details>
          {mine ? (
            <>
              <details>
                <summary>Edit</summary>
                <Form action={`/comments/${node.id}/edit`} class="stack">
                  <label>Your comment <textarea name="body" required maxlength={65536}>{node.body}</textarea></label>
                  <button type="submit">Save changes</button>
                </Form>
              </details>
              <Form action={`/comments/${node.id}/delete`} class="inline"><button type="submit" class="link">Delete</button></Form>
            </>
          ) : (
            <details>
              <summary>Report</summary>
              <Form action={`/comments/${node.id}/report`} class="stack">
                <label>Reason for reporting <input name="reason" maxlength={500} /></label>
                <button type="submit">Send report</button>
              </Form>
            </details>
          )}
          {moderator ? (
            <Form action={`/comments/${node.id}/${node.hiddenAt ? 'unhide' : 'hide'}`} class="inline"><button type="submit" class="link">{node.hiddenAt ? 'Unhide' : 'Hide'}</button></Form>
          ) : null}
        </div>
      ) : null}
      {node.replies.length ? <ol>{node.replies.map((reply) => <CommentItem node={reply} paperId={paperId} />)}</ol> : null}
    </li>
  );
}
