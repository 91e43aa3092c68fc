import type { Context, Hono } from 'hono';
import { AppError, isAppError } from '../../domain/errors.ts';
import {
  changePassword, checkCredentials, endSession, FormError, issueApiToken, requestPasswordReset, resetPassword, revokeToken, signInAccountKey, signUp, startSession,
} from '../../members/accounts.ts';
import { checkLimit, clearSessionCookie, clientAddress, countAttempt, enforceLimit, LIMITS, readForm, requireMember, requireWriter, setSessionCookie, type MemberEnv } from '../../members/http.ts';
import { submitPaper } from '../../members/submit.ts';
import { deleteAccount, exportMemberData } from '../../members/privacy.ts';
import { listCollections } from '../../store/collections.ts';
import { listCommentsBy } from '../../store/comments.ts';
import { listDailyPapers } from '../../store/daily.ts';
import { findMemberByUsername, listApiTokens } from '../../store/members.ts';
import { listClaimedAuthorNames } from '../../store/moderation.ts';
import { findPapers } from '../../store/papers.ts';
import { listUpvotedPaperIds } from '../../store/votes.ts';
import type { WebDeps } from '../context.ts';
import { paperPath } from '../format.ts';
import { AccountPage, ForgotPasswordPage, ProfilePage, ResetPasswordPage, SignInPage, SignUpPage, SubmitPage } from '../pages/member-pages.tsx';
import { render, safeReturn } from '../viewer.tsx';

export const form = readForm;

/** Sign up, sign in and out, password change and reset, API tokens, profiles and submitting. */
export function registerMemberRoutes(web: Hono<MemberEnv>, deps: WebDeps): void {
  const address = (c: Context) => clientAddress(c, deps.config.trustProxy);

  web.get('/signup', (c) => render(c, <SignUpPage />));
  web.post('/signup', async (c) => {
    const f = await form(c);
    await enforceLimit(deps, `signup:${address(c)}`, LIMITS.signUpPerAddress);
    try {
      const member = await signUp(deps, { username: f.username ?? '', email: f.email ?? '', password: f.password ?? '' });
      setSessionCookie(c, await startSession(deps, member), deps);
      return c.redirect(`/users/${encodeURIComponent(member.username)}`, 303);
    } catch (err) {
      if (err instanceof FormError) return render(c, <SignUpPage errors={err.fields} values={{ username: f.username ?? '', email: f.email ?? '' }} />, 400);
      throw err;
    }
  });

  web.get('/signin', (c) => {
    const next = safeReturn(c.req.query('next'), '');
    return render(c, <SignInPage {...(next ? { next } : {})} />);
  });
  web.post('/signin', async (c) => {
    const f = await form(c);
    const login = (f.login ?? '').trim();
    const from = address(c);
    await enforceLimit(deps, `signin:address:${from}`, LIMITS.signInPerAddress);
    // Failures count per account *and* address: a stranger typing wrong passwords against a
    // name locks out only their own address, never the owner signing in from theirs. The
    // account is its id, so the username and the email form share one count.
    const failureKey = `signin:failures:${await signInAccountKey(deps, login)}:${from}`;
    await checkLimit(deps, failureKey, LIMITS.signInFailuresPerAccountAndAddress);
    try {
      const member = await checkCredentials(deps, login, f.password ?? '');
      // A fresh session id at every sign-in; any session the browser had is ended.
      const previous = c.get('sessionToken');
      if (previous) await endSession(deps, previous);
      setSessionCookie(c, await startSession(deps, member), deps);
      return c.redirect(safeReturn(f.next, '/'), 303);
    } catch (err) {
      if (isAppError(err) && err.code === 'unauthorized') {
        await countAttempt(deps, failureKey, LIMITS.signInFailuresPerAccountAndAddress);
        const next = safeReturn(f.next, '');
        return render(c, <SignInPage error={err.message} login={login} {...(next ? { next } : {})} />, 401);
      }
      throw err;
    }
  });

  web.post('/signout', async (c) => {
    const token = c.get('sessionToken');
    if (token) await endSession(deps, token);
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });

  web.get('/password/forgot', (c) => render(c, <ForgotPasswordPage sent={false} />));
  web.post('/password/forgot', async (c) => {
    const f = await form(c);
    await enforceLimit(deps, `reset:${address(c)}`, LIMITS.resetPerAddress);
    void requestPasswordReset(deps, f.email ?? '');
    return render(c, <ForgotPasswordPage sent={true} />);
  });
  web.get('/password/reset', (c) => render(c, <ResetPasswordPage token={c.req.query('t') ?? ''} />));
  web.post('/password/reset', async (c) => {
    const f = await form(c);
    try {
      await resetPassword(deps, f.t ?? '', f.password ?? '');
      return c.redirect('/signin', 303);
    } catch (err) {
      if (isAppError(err) && err.code === 'invalid_input') return render(c, <ResetPasswordPage token={f.t ?? ''} error={err.message} />, 400);
      throw err;
    }
  });

  const accountPage = async (c: Context<MemberEnv>, extra: { newToken?: string; notice?: string; errors?: Record<string, string> } = {}, status: 200 | 400 = 200) => {
    const member = requireMember(c);
    return render(c, <AccountPage member={member} tokens={await listApiTokens(deps.store.db, member.id)} {...extra} />, status);
  };
  web.get('/account', (c) => accountPage(c));
  web.post('/account/password', async (c) => {
    const member = requireMember(c);
    const f = await form(c);
    // Each check of the current password is a full scrypt and a guess: limited like sign-in.
    const guessKey = `password:current:${member.id}`;
    await checkLimit(deps, guessKey, LIMITS.currentPasswordFailuresPerMember);
    try {
      await changePassword(deps, member, f.current ?? '', f.password ?? '', c.get('sessionToken'));
      return accountPage(c, { notice: 'Your password was changed; your other sessions were signed out.' });
    } catch (err) {
      if (err instanceof FormError) {
        if (err.fields.current) await countAttempt(deps, guessKey, LIMITS.currentPasswordFailuresPerMember);
        return accountPage(c, { errors: err.fields }, 400);
      }
      throw err;
    }
  });
  web.post('/account/tokens', async (c) => {
    const member = requireWriter(c);
    const f = await form(c);
    const { token } = await issueApiToken(deps, member, f.name ?? '');
    return accountPage(c, { newToken: token });
  });
  web.post('/account/tokens/:id/revoke', async (c) => {
    await revokeToken(deps, requireMember(c), c.req.param('id'));
    return c.redirect('/account', 303);
  });

  web.get('/account/export.json', async (c) => {
    const member = requireMember(c);
    c.header('Content-Disposition', `attachment; filename="paperboy-${member.username}.json"`);
    return c.json(await exportMemberData(deps, member));
  });
  web.post('/account/delete', async (c) => {
    const member = requireMember(c);
    const f = await form(c);
    const guessKey = `password:current:${member.id}`;
    await checkLimit(deps, guessKey, LIMITS.currentPasswordFailuresPerMember);
    try {
      if (f.confirm !== '1') throw new FormError({ delete: 'Tick the box to confirm that the account should be deleted.' });
      await deleteAccount(deps, member, f.password ?? '');
    } catch (err) {
      if (err instanceof FormError) {
        if (err.fields.password) await countAttempt(deps, guessKey, LIMITS.currentPasswordFailuresPerMember);
        return accountPage(c, { errors: { delete: err.fields.password ?? err.fields.delete ?? '' } }, 400);
      }
      throw err;
    }
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });

  web.get('/users/:username', async (c) => {
    const member = await findMemberByUsername(deps.store.db, c.req.param('username'));
    if (!member || member.deletedAt) throw new AppError('not_found', `No member "${c.req.param('username')}".`);
    const submissions = await listDailyPapers(deps.store.db, deps.store.dialect, { submitter: member.username, order: 'recent', limit: 50, offset: 0 });
    const upvotedIds = await listUpvotedPaperIds(deps.store.db, member.id, 50);
    const upvoted = await findPapers(deps.store.db, deps.store.dialect, upvotedIds);
    const collections = await listCollections(deps.store.db, { owners: [member.username], sort: 'lastModified', limit: 50, offset: 0 });
    return render(c, (
      <ProfilePage member={member} submissions={submissions.papers} upvoted={upvotedIds.flatMap((id) => upvoted.get(id) ?? [])}
        comments={await listCommentsBy(deps.store.db, member.id, 50)} authorNames={await listClaimedAuthorNames(deps.store.db, member.id)}
        collections={collections.collections.filter((x) => !x.private)} />
    ));
  });

  web.get('/papers/submit', (c) => {
    requireMember(c);
    return render(c, <SubmitPage />);
  });
  web.post('/papers/submit', async (c) => {
    const member = requireWriter(c);
    const f = await form(c);
    await enforceLimit(deps, `write:${member.id}`, LIMITS.writesPerMember);
    try {
      const paper = await submitPaper(deps, member, { paperId: f.paper_id ?? '', ...(f.comment?.trim() ? { comment: f.comment } : {}) });
      return c.redirect(paperPath(paper.id), 303);
    } catch (err) {
      if (isAppError(err) && err.code !== 'unauthorized' && err.code !== 'forbidden') {
        return render(c, <SubmitPage error={err.message} value={f.paper_id ?? ''} />, err.code === 'upstream' ? 502 : err.code === 'rate_limited' ? 429 : err.code === 'conflict' ? 409 : 400);
      }
      throw err;
    }
  });
}
