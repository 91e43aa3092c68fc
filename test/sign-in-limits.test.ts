import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSmtpMailer, type Mailer } from '../src/mail/send.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { FormClient } from './helpers/browser-client.ts';
import { createSqliteDatabase, type TestDatabase } from './helpers/databases.ts';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.ts';

const NOW = new Date('2026-03-18T15:00:00Z');
let names = 0;
const uniqueName = (base: string) => `${base}${names++}`;

describe('sign-in limits that a stranger cannot turn against the owner', () => {
  let t: TestDatabase;
  let app: TestApp;
  before(async () => {
    t = await createSqliteDatabase();
    app = buildTestApp(t.store, { now: NOW, env: { TRUST_PROXY: 'true' } });
  });
  after(() => t.drop());

  it("lets the owner sign in from their own address after a stranger's five wrong passwords", async () => {
    const name = uniqueName('owner');
    await new FormClient(app, '192.0.2.10').signUp(name);
    const stranger = new FormClient(app, '198.51.100.66');
    const tries: number[] = [];
    for (let i = 0; i < 6; i++) tries.push((await stranger.signIn(name, 'wrong guess')).status);
    assert.deepEqual(tries, [401, 401, 401, 401, 401, 429], 'the stranger is limited');
    assert.equal((await new FormClient(app, '192.0.2.11').signIn(name)).status, 303, 'the owner is not');
  });

  it('counts failures by username and by email against one account', async () => {
    const name = uniqueName('both');
    await new FormClient(app, '192.0.2.20').signUp(name);
    const guesser = new FormClient(app, '198.51.100.70');
    for (let i = 0; i < 5; i++) assert.equal((await guesser.signIn(name, 'wrong guess')).status, 401);
    assert.equal((await guesser.signIn(`${name}@example.org`, 'wrong guess')).status, 429);
  });

  it('takes the address the trusted proxy appended, not one the client wrote into X-Forwarded-For', async () => {
    const csrfClient = new FormClient(app, '198.51.100.80');
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const token = await csrfClient.csrfFrom('/signin');
      const res = await app.request('/signin', {
        method: 'POST', body: new URLSearchParams({ login: `nobody${i}`, password: 'x', _csrf: token }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...csrfClient.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-forwarded-for': `10.9.${i}.1, 198.51.100.80` },
      });
      statuses.push(res.status);
    }
    assert.equal(statuses.at(-1), 429, 'the forged first entries did not spread the attempts over 22 addresses');
  });

  it('with two proxies, takes the entry the outer one appended', async () => {
    const two = buildTestApp(t.store, { now: NOW, env: { TRUST_PROXY: '2' } });
    const client = new FormClient(two, 'forged, 198.51.100.90, 10.0.0.2');
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await client.signIn(`someone${i}`, 'x')).status;
    assert.equal(last, 429);
    const other = new FormClient(two, 'forged, 198.51.100.91, 10.0.0.2');
    assert.equal((await other.signIn('someone', 'x')).status, 401, 'another client behind the same inner proxy is its own address');
  });

  it('limits guesses of the current password when changing it', async () => {
    const name = uniqueName('changer');
    const member = new FormClient(app, '192.0.2.30');
    await member.signUp(name);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await member.post('/account/password', { current: `guess ${i}`, password: 'a brand new passphrase' }, { fromPage: '/account' })).status);
    assert.deepEqual(statuses, [400, 400, 400, 400, 400, 429]);
  });
});

describe('password reset requests', () => {
  let t: TestDatabase;
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  let holding = true;
  before(async () => {
    t = await createSqliteDatabase();
    smtp = await startSmtpServer({ hold: () => holding });
    mailer = createSmtpMailer(smtp.url, 'Paperboy <p@example.org>');
  });
  after(async () => {
    mailer.close();
    await smtp.close();
    await t.drop();
  });

  it('answers a known address the same way and without waiting for the email, so timing does not tell who has an account', async () => {
    const app = buildTestApp(t.store, { now: NOW, mailer });
    const name = uniqueName('known');
    await new FormClient(app, '192.0.2.40').signUp(name);
    // The mail server holds every message: an answer that waited for the email would never come.
    const known = await new FormClient(app).post('/password/forgot', { email: `${name}@example.org` }, { fromPage: '/password/forgot' });
    const unknown = await new FormClient(app).post('/password/forgot', { email: 'nobody@example.org' }, { fromPage: '/password/forgot' });
    assert.equal(known.status, 200);
    assert.equal(await known.text().then((s) => s.replace(/value="[^"]+"/g, '')), await unknown.text().then((s) => s.replace(/value="[^"]+"/g, '')));
    assert.equal(smtp.received.length, 0);
    holding = false;
  });
});
