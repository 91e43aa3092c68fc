import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashPassword } from '../src/lib/passwords.ts';
import { createMember } from '../src/store/members.ts';
import { buildTestApp } from './helpers/app.ts';
import { runCli } from './helpers/cli.ts';
import { createSqliteDatabase, type TestDatabase } from './helpers/databases.ts';

describe('paperboy user token', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createSqliteDatabase();
    await createMember(t.store.db, { username: 'botowner', email: 'bot@example.org', passwordHash: await hashPassword('correct horse battery staple'), now: new Date().toISOString() });
  });
  after(() => t.drop());

  it('prints only a new token on standard output, and the token works as the member with the API', async () => {
    assert.equal((await runCli(['user', 'token', 'botowner', '--name', 'first bot'], { DATABASE_URL: t.url })).code, 0);
    const { code, stdout, stderr } = await runCli(['user', 'token', 'botowner', '--name', 'nightly bot'], { DATABASE_URL: t.url });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^pb_[A-Za-z0-9_-]+\n$/);
    const app = buildTestApp(t.store, { now: new Date() });
    const me = await (await app.request('/api/whoami-v2', { headers: { authorization: `Bearer ${stdout.trim()}` } })).json() as { name: string; auth: { accessToken: { displayName: string } } };
    assert.equal(me.name, 'botowner');
    assert.equal(me.auth.accessToken.displayName, 'nightly bot', 'whoami names the token that was used');
  });

  it('says there is no such member, in one line and with exit code 1, for an unknown username', async () => {
    const { code, stdout, stderr } = await runCli(['user', 'token', 'nobody'], { DATABASE_URL: t.url });
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /No member "nobody"/);
    assert.doesNotMatch(stderr, /at .*\.ts:\d+/);
  });
});
