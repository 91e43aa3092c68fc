import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSubmission, DEFAULT_SUBMISSION_RULES, signupProblems } from './members.ts';

const now = new Date('2026-03-20T12:00:00Z');
const base = { paperId: '2603.00001', publishedAt: '2026-03-18T00:00:00.000Z', listedOn: undefined, submittedToday: 0, admin: false, rules: DEFAULT_SUBMISSION_RULES, now };

describe('submission rules', () => {
  it('accepts a recent paper that is not listed yet', () => {
    assert.equal(checkSubmission(base), undefined);
  });

  it('refuses a paper already listed, even for admins', () => {
    assert.equal(checkSubmission({ ...base, listedOn: '2026-03-19', admin: true })?.rule, 'already_listed');
  });

  it('refuses papers older than the window and members over the quota, but not admins', () => {
    const old = { ...base, publishedAt: '2026-03-01T00:00:00.000Z' };
    assert.equal(checkSubmission(old)?.rule, 'too_old');
    assert.equal(checkSubmission({ ...old, admin: true }), undefined);
    const busy = { ...base, submittedToday: DEFAULT_SUBMISSION_RULES.dailyQuota };
    assert.equal(checkSubmission(busy)?.rule, 'quota');
    assert.equal(checkSubmission({ ...busy, admin: true }), undefined);
  });

  it('takes a paper published exactly at the edge of the window', () => {
    assert.equal(checkSubmission({ ...base, publishedAt: new Date(now.getTime() - 14 * 86_400_000).toISOString() }), undefined);
  });
});

describe('sign-up checks', () => {
  it('names each field that is wrong', () => {
    assert.deepEqual(Object.keys(signupProblems({ username: 'a', email: 'x', password: 'short' })), ['username', 'email', 'password']);
    assert.deepEqual(signupProblems({ username: 'Zoë', email: 'z@example.org', password: 'long enough password' }), { username: signupProblems({ username: 'Zoë', email: '', password: '' }).username });
    assert.deepEqual(signupProblems({ username: 'zoe_a-1', email: 'z@example.org', password: 'long enough password' }), {});
  });
});
