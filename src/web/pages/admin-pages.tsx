import { ROLES, type Member } from '../../domain/members.ts';
import type { OrganizationSummary } from '../../store/people.ts';
import type { Claim, OpenReport } from '../../store/moderation.ts';
import { formatTimestamp, organizationPath, paperPath } from '../format.ts';
import { Layout } from '../layout.tsx';
import { Form } from '../viewer.tsx';

const meta = (title: string) => ({ title: `${title} · Paperboy`, description: `${title} for moderators and admins.` });

export const AdminNav = () => (
  <nav class="period" aria-label="Moderation"><a href="/moderation">Reports</a><a href="/admin/members">Members</a><a href="/admin/organizations">Organizations</a><a href="/admin/claims">Authorship claims</a><a href="/admin/sources">Sources</a></nav>
);

export function ModerationPage({ reports }: { reports: OpenReport[] }) {
  return (
    <Layout meta={meta('Moderation queue')}>
      <h1>Moderation queue</h1>
      <AdminNav />
      {reports.length === 0 ? <p class="empty">No open reports.</p> : (
        <table class="admin">
          <thead><tr><th scope="col">Comment</th><th scope="col">Reported</th><th scope="col">Action</th></tr></thead>
          <tbody>{reports.map((r) => (
            <tr>
              <td><a href={`${paperPath(r.paperId)}#comment-${r.commentId}`}>{r.commentAuthor}</a>: {r.commentBody.slice(0, 200)}</td>
              <td>by {r.reporter}, {formatTimestamp(r.createdAt)}: {r.reason}</td>
              <td>
                <Form action={`/comments/${r.commentId}/${r.hidden ? 'unhide' : 'hide'}`} class="inline"><button type="submit">{r.hidden ? 'Unhide' : 'Hide'}</button></Form>{' '}
                <Form action={`/comments/${r.commentId}/dismiss`} class="inline"><button type="submit">Keep</button></Form>
              </td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </Layout>
  );
}

export function MembersAdminPage({ members, viewer }: { members: Member[]; viewer: Member }) {
  return (
    <Layout meta={meta('Members')}>
      <h1>Members</h1>
      <AdminNav />
      <table class="admin">
        <thead><tr><th scope="col">Member</th><th scope="col">Joined</th><th scope="col">Role</th><th scope="col">Status</th></tr></thead>
        <tbody>{members.map((m) => (
          <tr>
            <td><a href={`/users/${encodeURIComponent(m.username)}`}>{m.username}</a></td>
            <td>{formatTimestamp(m.createdAt)}</td>
            <td>{viewer.role === 'admin' && m.id !== viewer.id ? (
              <Form action={`/admin/members/${encodeURIComponent(m.username)}/role`} class="inline">
                <label><span class="skip">Role of {m.username}</span><select name="role">{ROLES.map((r) => <option value={r} selected={r === m.role}>{r}</option>)}</select></label>
                <button type="submit">Set</button>
              </Form>
            ) : m.role}</td>
            <td>{m.id === viewer.id ? 'you' : (
              <Form action={`/admin/members/${encodeURIComponent(m.username)}/${m.bannedAt ? 'unban' : 'ban'}`} class="inline">
                {m.bannedAt ? 'banned ' : ''}<button type="submit">{m.bannedAt ? 'Unban' : 'Ban'}</button>
              </Form>
            )}</td>
          </tr>
        ))}</tbody>
      </table>
    </Layout>
  );
}

export function OrganizationsAdminPage({ organizations }: { organizations: OrganizationSummary[] }) {
  return (
    <Layout meta={meta('Organizations')}>
      <h1>Organizations</h1>
      <AdminNav />
      <Form action="/admin/organizations" class="stack">
        <label>Slug <input name="slug" required maxlength={64} /></label>
        <label>Name <input name="name" required maxlength={200} /></label>
        <button type="submit">Create or rename</button>
      </Form>
      <p>Link a paper to an organization from the paper's page.</p>
      <ul>{organizations.map((o) => <li><a href={organizationPath(o.slug)}>{o.name}</a> ({o.slug}): {o.paperCount} papers</li>)}</ul>
    </Layout>
  );
}

export function ClaimsAdminPage({ claims }: { claims: Claim[] }) {
  return (
    <Layout meta={meta('Authorship claims')}>
      <h1>Authorship claims</h1>
      <AdminNav />
      {claims.length === 0 ? <p class="empty">No pending claims.</p> : (
        <table class="admin">
          <thead><tr><th scope="col">Member</th><th scope="col">Claims to be</th><th scope="col">On</th><th scope="col">Decision</th></tr></thead>
          <tbody>{claims.map((cl) => (
            <tr>
              <td><a href={`/users/${encodeURIComponent(cl.username)}`}>{cl.username}</a></td>
              <td>{cl.authorName}</td>
              <td><a href={paperPath(cl.paperId)}>{cl.paperTitle}</a></td>
              <td>
                <Form action={`/admin/claims/${cl.id}/approve`} class="inline"><button type="submit">Approve</button></Form>{' '}
                <Form action={`/admin/claims/${cl.id}/reject`} class="inline"><button type="submit">Reject</button></Form>
              </td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </Layout>
  );
}
