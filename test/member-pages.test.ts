import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashPassword } from '../src/lib/passwords.ts';
import { createMember } from '../src/store/members.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { compileTemplate, fillTemplate, markSlot, TEMPLATE_CSRF, templateMember } from '../src/web/member-template.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { FormClient } from './helpers/browser-client.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';

const NOW = new Date('2026-03-18T15:00:00Z');
const PASSWORD = 'correct horse battery staple';
const PASSWORD_HASH = hashPassword(PASSWORD);
const DAY = '/papers/date/2026-03-17';
const METRICS = 'member-pages-metrics';

/** The state of a card's toggle on a page: "true" when pressed. */
const pressed = (html: string, paperId: string, action: 'upvote' | 'save') =>
  new RegExp(`action="/papers/${paperId.replace('.', '\\.')}/${action}"[^]*?aria-pressed="(true|false)"`).exec(html)?.[1];

describe('a shared template for members\' list pages', () => {
  it('fills the username, the CSRF token and each card\'s marks, and leaves text that only looks like a slot alone', () => {
    const member = templateMember('member');
    const template = `<a href="/users/${member.username}">${member.username}</a>`
      + `<button aria-pressed="${markSlot('up', '2603.1', 'pressed')}">${markSlot('save', '2603.1', 'label')}</button>`
      + `<input value="${markSlot('up', 'hep-th/9901001', 'value')}">pbslot0000~up~2603.1~pressed~`;
    const compiled = compileTemplate(template);
    assert.deepEqual(compiled.paperIds.sort(), ['2603.1', 'hep-th/9901001']);
    const html = fillTemplate(compiled, { username: 'ann_lee', csrfToken: 'tok"en', marks: { upvoted: new Set(['2603.1']), saved: new Set() } }).toString('utf8');
    assert.equal(html, '<a href="/users/ann_lee">ann_lee</a><button aria-pressed="true">Save</button><input value="1">pbslot0000~up~2603.1~pressed~');
  });

  it('writes a member\'s CSRF token into every form and marks only their cards, whatever is around them', () => {
    const member = templateMember('member');
    const card = (id: string) => `<form><input name="_csrf" value="${TEMPLATE_CSRF}"><button aria-pressed="${markSlot('up', id, 'pressed')}" value="${markSlot('up', id, 'value')}">▲</button>`
      + `<button aria-pressed="${markSlot('save', id, 'pressed')}">${markSlot('save', id, 'label')}</button></form>`;
    const template = `<p>Hi ${member.username} — ${TEMPLATE_CSRF}${member.username}${TEMPLATE_CSRF}</p>${['2603.1', '2603.2', '2603.3', '2603.4'].map(card).join('\n')}<footer>ünïcode ${member.username}</footer>`;
    const compiled = compileTemplate(template);
    // A real token: a SHA-256 HMAC in base64url, 43 characters (written over its placeholder in place).
    const token = 'Ab-_0123456789abcdefghijklmnopqrstuvwxyzABC';
    const marks = { upvoted: new Set(['2603.2', '2603.4']), saved: new Set(['2603.2', '2603.3']) };
    const expected = (name: string, csrf: string) => `<p>Hi ${name} — ${csrf}${name}${csrf}</p>${['2603.1', '2603.2', '2603.3', '2603.4'].map((id) => {
      const up = marks.upvoted.has(id);
      const saved = marks.saved.has(id);
      return `<form><input name="_csrf" value="${csrf}"><button aria-pressed="${up}" value="${up ? 0 : 1}">▲</button><button aria-pressed="${saved}">${saved ? 'Saved' : 'Save'}</button></form>`;
    }).join('\n')}<footer>ünïcode ${name}</footer>`;
    assert.equal(fillTemplate(compiled, { username: 'zoë', csrfToken: token, marks }).toString('utf8'), expected('zoë', token));
    // A token of another length is spliced in instead, with the same result.
    assert.equal(fillTemplate(compiled, { username: 'a<b', csrfToken: 'short', marks }).toString('utf8'), expected('a&lt;b', 'short'));
    // Nothing marked: the base as it is, but for the name and the token.
    assert.equal(fillTemplate(compiled, { username: 'x', csrfToken: token, marks: { upvoted: new Set(), saved: new Set() } }).toString('utf8'),
      expected('x', token).replace(/aria-pressed="true"/g, 'aria-pressed="false"').replace(/value="0"/g, 'value="1"').replace(/>Saved</g, '>Save<'));
  });
});

for (const dialect of dialectsUnderTest()) {
  describe(`members' day pages served from a shared template on ${dialect.name}`, () => {
    let t: TestDatabase;
    let app: TestApp;
    let users = 0;
    before(async () => {
      t = await dialect.create();
      app = buildTestApp(t.store, { now: NOW, env: { METRICS_TOKEN: METRICS } });
      await upsertPapers(t.store.db, t.store.dialect, ['2603.70001', '2603.70002', '2603.70003'].map((id, i) => makePaper(id, {
        title: `Template paper ${i}`, listing: { day: '2026-03-17', submittedAt: null, submitter: null },
      })));
    });
    after(() => t.drop());

    const signedIn = async (role?: 'moderator') => {
      const username = `tpl${process.pid}x${users++}`;
      await createMember(t.store.db, { username, email: `${username}@example.org`, passwordHash: await PASSWORD_HASH, now: NOW.toISOString(), ...(role ? { role } : {}) });
      const client = new FormClient(app);
      assert.equal((await client.signIn(username, PASSWORD)).status, 303);
      return { client, username };
    };
    const hits = async () => {
      const metrics = await (await app.request('/metrics', { headers: { authorization: `Bearer ${METRICS}` } })).text();
      return Number(/paperboy_cache_lookups_total\{result="hit"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    };

    it('shows each member their own name, marks and working forms, from one cached template', async () => {
      const ann = await signedIn();
      const bob = await signedIn();
      assert.equal((await ann.client.post('/papers/2603.70001/upvote', { upvoted: '1', return: DAY }, { fromPage: DAY })).status, 303);
      assert.equal((await bob.client.post('/papers/2603.70002/save', { saved: '1', return: DAY }, { fromPage: DAY })).status, 303);
      const annPage = await (await ann.client.get(DAY)).text();
      const before = await hits();
      const bobAnswer = await bob.client.get(DAY);
      const bobPage = await bobAnswer.text();
      assert.equal(await hits(), before + 1, 'the second member is answered from the template');
      assert.equal(bobAnswer.headers.get('cache-control'), 'private, no-store');
      assert.equal(bobAnswer.headers.get('etag'), null, 'no ETag: a member\'s marks change without the data version');
      assert.ok(annPage.includes(`>${ann.username}</a>`) && !annPage.includes(bob.username));
      assert.ok(bobPage.includes(`>${bob.username}</a>`) && !bobPage.includes(ann.username));
      assert.doesNotMatch(annPage + bobPage, /pbslot/, 'no slot is left unfilled');
      assert.deepEqual([pressed(annPage, '2603.70001', 'upvote'), pressed(annPage, '2603.70002', 'save')], ['true', 'false']);
      assert.deepEqual([pressed(bobPage, '2603.70001', 'upvote'), pressed(bobPage, '2603.70002', 'save')], ['false', 'true']);
      assert.match(bobPage, /action="\/papers\/2603\.70002\/save"[^]*?<span class="label">Saved<\/span>/);
      // The token in Bob's forms is Bob's: a form posted from his page goes through.
      const token = /name="_csrf" value="([^"]+)"/.exec(bobPage)![1]!;
      assert.equal((await bob.client.post('/papers/2603.70003/save', { saved: '1', return: DAY }, { csrf: token })).status, 303);
      const again = await (await bob.client.get(DAY)).text();
      assert.equal(pressed(again, '2603.70003', 'save'), 'true', 'a save shows at once');
    });

    it('keeps a template per role, so only moderators see the moderation link', async () => {
      const mod = await signedIn('moderator');
      const plain = await signedIn();
      const modPage = await (await mod.client.get(DAY)).text();
      const plainPage = await (await plain.client.get(DAY)).text();
      assert.match(modPage, /href="\/moderation"/);
      assert.doesNotMatch(plainPage, /href="\/moderation"/);
      assert.doesNotMatch(modPage + plainPage, /pbslot/);
    });

    it('fills in an error page and the member\'s For-you order is never shared', async () => {
      const ann = await signedIn();
      const bad = await ann.client.get('/papers/date/2026-13-45');
      assert.equal(bad.status, 400);
      const html = await bad.text();
      assert.ok(html.includes(`>${ann.username}</a>`));
      assert.doesNotMatch(html, /pbslot/);
      const forYou = await (await ann.client.get(`${DAY}?sort=for-you`)).text();
      assert.match(forYou, /Sorted for you/);
      assert.doesNotMatch(forYou, /pbslot/);
    });
  });
}
