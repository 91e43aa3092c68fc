import type { Member } from '../../domain/members.ts';
import type { Paper } from '../../domain/paper.ts';
import type { ApiTokenInfo } from '../../store/members.ts';
import type { StoredComment } from '../../store/comments.ts';
import { authorPath, formatTimestamp, paperPath } from '../format.ts';
import { Layout } from '../layout.tsx';
import { Form } from '../viewer.tsx';
import { PaperList } from './paper-card.tsx';
import { CollectionSummary } from './library-pages.tsx';
import type { Collection } from '../../domain/collections.ts';

type Errors = Record<string, string>;

const FieldError = ({ errors, name }: { errors: Errors; name: string }) =>
  errors[name] ? <span class="error" id={`${name}-error`}>{errors[name]}</span> : null;

const meta = (title: string, description: string) => ({ title: `${title} · Paperboy`, description });

export function SignUpPage({ errors = {}, values = {} }: { errors?: Errors; values?: Record<string, string> }) {
  return (
    <Layout meta={meta('Sign up', 'Create a Paperboy account to submit, upvote and discuss papers.')}>
      <h1>Sign up</h1>
      {errors.form ? <p class="error" role="alert">{errors.form}</p> : null}
      <Form action="/signup" class="stack">
        <label>Username <input name="username" autocomplete="username" required value={values.username ?? ''} aria-describedby="username-error" /></label>
        <FieldError errors={errors} name="username" />
        <label>Email <input name="email" type="email" autocomplete="email" required value={values.email ?? ''} /></label>
        <FieldError errors={errors} name="email" />
        <label>Password (at least 10 characters) <input name="password" type="password" autocomplete="new-password" required minlength={10} /></label>
        <FieldError errors={errors} name="password" />
        <button type="submit">Create account</button>
      </Form>
      <p>Have an account? <a href="/signin">Sign in</a>.</p>
    </Layout>
  );
}

export function SignInPage({ error, login = '', next }: { error?: string; login?: string; next?: string }) {
  return (
    <Layout meta={meta('Sign in', 'Sign in to Paperboy.')}>
      <h1>Sign in</h1>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <Form action="/signin" class="stack">
        <label>Username or email <input name="login" autocomplete="username" required value={login} /></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <button type="submit">Sign in</button>
      </Form>
      <p><a href="/password/forgot">Forgot your password?</a> · New here? <a href="/signup">Sign up</a>.</p>
    </Layout>
  );
}

export function ForgotPasswordPage({ sent }: { sent: boolean }) {
  return (
    <Layout meta={meta('Reset your password', 'Get a link to choose a new password.')}>
      <h1>Reset your password</h1>
      {sent ? <p class="notice" role="status">If an account has that address, a reset link is on its way. It works once, for an hour.</p> : null}
      <Form action="/password/forgot" class="stack">
        <label>Email <input name="email" type="email" autocomplete="email" required /></label>
        <button type="submit">Send a reset link</button>
      </Form>
    </Layout>
  );
}

export function ResetPasswordPage({ token, error }: { token: string; error?: string }) {
  return (
    <Layout meta={meta('Choose a new password', 'Choose a new Paperboy password.')}>
      <h1>Choose a new password</h1>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <Form action="/password/reset" class="stack">
        <input type="hidden" name="t" value={token} />
        <label>New password (at least 10 characters) <input name="password" type="password" autocomplete="new-password" required minlength={10} /></label>
        <button type="submit">Set password</button>
      </Form>
    </Layout>
  );
}

export function AccountPage({ member, tokens, newToken, notice, errors = {} }: { member: Member; tokens: ApiTokenInfo[]; newToken?: string; notice?: string; errors?: Errors }) {
  return (
    <Layout meta={meta('Your account', 'Password and API tokens.')}>
      <h1>Your account</h1>
      {notice ? <p class="notice" role="status">{notice}</p> : null}
      <p>Signed in as <a href={`/users/${encodeURIComponent(member.username)}`}>{member.username}</a> ({member.role}).</p>
      <h2>Change your password</h2>
      <Form action="/account/password" class="stack">
        <label>Current password <input name="current" type="password" autocomplete="current-password" required /></label>
        <FieldError errors={errors} name="current" />
        <label>New password <input name="password" type="password" autocomplete="new-password" required minlength={10} /></label>
        <FieldError errors={errors} name="password" />
        <button type="submit">Change password</button>
      </Form>
      <h2>API tokens</h2>
      <p>Use a token as <code>Authorization: Bearer …</code> with the API. It is shown once, when you create it.</p>
      {newToken ? <p class="notice" role="status">Your new token (copy it now): <code id="new-token">{newToken}</code></p> : null}
      {tokens.length ? (
        <table class="admin">
          <thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span class="skip">Actions</span></th></tr></thead>
          <tbody>{tokens.map((t) => (
            <tr><td>{t.name}</td><td>{formatTimestamp(t.createdAt)}</td><td>{formatTimestamp(t.lastUsedAt) ?? 'never'}</td>
              <td><Form action={`/account/tokens/${t.id}/revoke`} class="inline"><button type="submit">Revoke</button></Form></td></tr>
          ))}</tbody>
        </table>
      ) : <p>No tokens yet.</p>}
      <Form action="/account/tokens" class="stack">
        <label>Token name <input name="name" required maxlength={80} /></label>
        <button type="submit">Create token</button>
      </Form>
      <h2>Your library</h2>
      <p><a href="/collections">Your collections</a> · <a href="/settings/follows">What you follow</a> · <a href="/following">Following</a></p>
      <h2>Your data</h2>
      <p><a href="/account/export.json" download>Download everything you own</a> (votes, collections, follows, comments, subscriptions) as JSON.</p>
      <h3>Delete your account</h3>
      <p>Your votes, collections, follows, subscriptions and tokens are deleted; your comments stay, signed “deleted member”. This cannot be undone.</p>
      <Form action="/account/delete" class="stack">
        <label>Your password <input name="password" type="password" autocomplete="current-password" required /></label>
        <FieldError errors={errors} name="delete" />
        <label class="check"><input type="checkbox" name="confirm" value="1" required /> Delete my account</label>
        <button type="submit">Delete account</button>
      </Form>
    </Layout>
  );
}

export function ProfilePage({ member, submissions, upvoted, comments, authorNames, collections = [] }: { member: Member; submissions: Paper[]; upvoted: Paper[]; comments: StoredComment[]; authorNames: string[]; collections?: Collection[] }) {
  return (
    <Layout meta={meta(member.username, `${member.username}'s submissions, upvotes and comments on Paperboy.`)}>
      <h1>{member.fullname ?? member.username}</h1>
      <p class="meta">@{member.username} · member since {formatTimestamp(member.createdAt)}{member.role !== 'member' ? ` · ${member.role}` : ''}{member.bannedAt ? ' · banned' : ''}</p>
      {authorNames.length ? <p>Author of papers as {authorNames.map((n, i) => <>{i ? ', ' : ''}<a href={authorPath(n)}>{n}</a></>)}.</p> : null}
      {collections.length ? (
        <>
          <h2>Collections</h2>
          <ul class="collections">{collections.map((c) => <CollectionSummary collection={c} />)}</ul>
        </>
      ) : null}
      <h2>Submitted papers</h2>
      <PaperList papers={submissions} empty="No submissions yet." />
      <h2>Upvoted papers</h2>
      <PaperList papers={upvoted} empty="No upvotes yet." />
      <h2>Comments</h2>
      {comments.length ? (
        <ul>{comments.map((c) => <li><a href={`${paperPath(c.paperId)}#comment-${c.id}`}>On {c.paperId}</a>, {formatTimestamp(c.createdAt)}: {c.body.slice(0, 140)}</li>)}</ul>
      ) : <p class="empty">No comments yet.</p>}
    </Layout>
  );
}

export function SubmitPage({ error, value = '' }: { error?: string; value?: string }) {
  return (
    <Layout meta={meta('Submit a paper', "Put an arXiv paper on today's Daily Papers.")}>
      <h1>Submit a paper</h1>
      <p>Paste an arXiv id or link. Paperboy looks the paper up on arXiv and lists it on today's page, credited to you.</p>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <Form action="/papers/submit" class="stack" progress="Looking the paper up on arXiv… this usually takes a second or two, and gives up after 10 seconds.">
        <label>arXiv id or link <input name="paper_id" required value={value} placeholder="2602.10224" /></label>
        <label>Why it is worth reading (optional, becomes the first comment) <textarea name="comment" maxlength={65536}></textarea></label>
        <button type="submit">Submit</button>
        <p class="progress" role="status" aria-live="polite"></p>
      </Form>
    </Layout>
  );
}
