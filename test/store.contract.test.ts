import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { deleteCheckpoint, findCheckpoint, saveCheckpoint } from '../src/store/checkpoints.ts';
import { findAdjacentDays, findLatestDay, listDailyPapers } from '../src/store/daily.ts';
import { insertComment, listCommentOutline, setCommentHidden } from '../src/store/comments.ts';
import { releaseLease, tryAcquireLease } from '../src/store/leases.ts';
import { consumePasswordReset, createApiToken, createMember, createPasswordReset, createSession, findLogin, findSessionMember, findTokenMember, hitRateLimit, listApiTokens, pruneExpired } from '../src/store/members.ts';
import { listUpvotedAmong, rebuildDerivedCounts, setVote } from '../src/store/votes.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { findAuthor, findOrganization, listPapersOf, listOrganizations } from '../src/store/people.ts';
import { listTrendingInputs, listTrendingPapers, saveTrendingKeys } from '../src/store/trending.ts';
import { countPapers, findPaper, findPapers, getPaper, listPaperIds, upsertPapers } from '../src/store/papers.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';

for (const dialect of dialectsUnderTest()) {
  describe(`store on ${dialect.name}`, () => {
    let t: TestDatabase;
    // A fresh database for each test; each stores the papers and members it reads.
    beforeEach(async () => {
      t = await dialect.create();
    });
    afterEach(async () => {
      await t.drop();
    });
    const db = () => t.store.db;
    const d = () => t.store.dialect;
    /** 2601.00001 with every field set, listed on 2026-02-03. */
    const fullPaper = (listed = true) => makePaper('2601.00001', {
      comment: '12 pages', journalRef: 'J. Test 1 (2026)', doi: '10.1/x', license: 'http://creativecommons.org/licenses/by/4.0/',
      githubRepo: 'https://github.com/a/b', projectPage: 'https://a.b', organization: { slug: 'acme', name: 'Acme Lab' },
      authors: [{ name: 'Zoë Ångström', affiliation: 'KTH' }, { name: '李雷', affiliation: null }, { name: 'Ada Lovelace', affiliation: null }],
      ...(listed ? { listing: { day: '2026-02-03', submittedAt: '2026-02-03T08:00:00.000Z', submitter: { username: 'ak', fullname: 'AK', avatarUrl: null } } } : {}),
    });
    /** Three papers listed on 2026-03-02 (bo submitted two) and one on 2026-03-05. */
    const storeDayPapers = async () => {
      const listing = (submitter: string | null, at: string) => ({ day: '2026-03-02', submittedAt: at, submitter: submitter ? { username: submitter, fullname: null, avatarUrl: null } : null });
      await upsertPapers(db(), d(), [
        makePaper('2603.00001', { upvotes: 5, listing: listing('bo', '2026-03-02T09:00:00.000Z') }),
        makePaper('2603.00002', { upvotes: 9, listing: listing(null, '2026-03-02T10:00:00.000Z') }),
        makePaper('2603.00003', { upvotes: 5, listing: listing('bo', '2026-03-02T11:00:00.000Z') }),
        makePaper('2603.00004', { upvotes: 1, listing: { day: '2026-03-05', submittedAt: null, submitter: null } }),
      ]);
    };
    const voter = () => createMember(db(), { username: 'voter', email: 'voter@example.org', passwordHash: 'x', now: '2026-01-01T00:00:00.000Z' });

    it('runs migrations a second time without applying anything', async () => {
      assert.deepEqual((await migrateToLatest(db())).applied, []);
    });

    it('stores a paper and reads back every field, authors in order', async () => {
      const paper = fullPaper();
      const result = await upsertPapers(db(), d(), [paper]);
      assert.deepEqual(result, { inserted: ['2601.00001'], updated: [], unchanged: [] });
      assert.deepEqual(await findPaper(db(), d(), '2601.00001'), paper);
    });

    it('changes nothing when the same papers are upserted again', async () => {
      await upsertPapers(db(), d(), [fullPaper()]);
      // A source that does not list the paper keeps the listing it has.
      const result = await upsertPapers(db(), d(), [fullPaper(false)]);
      assert.deepEqual(result, { inserted: [], updated: [], unchanged: ['2601.00001'] });
    });

    it('keeps the newest arXiv version and every earlier one when re-ingested', async () => {
      await upsertPapers(db(), d(), [fullPaper()]);
      const v2 = makePaper('2601.00001', { latestVersion: 2, versions: [{ version: 2, submittedAt: '2026-02-05T00:00:00.000Z' }], title: 'Revised title' });
      const result = await upsertPapers(db(), d(), [v2]);
      assert.deepEqual(result.updated, ['2601.00001']);
      const stored = await getPaper(db(), d(), '2601.00001');
      assert.equal(stored.latestVersion, 2);
      assert.equal(stored.title, 'Revised title');
      assert.deepEqual(stored.versions.map((v) => v.version), [1, 2]);
      assert.equal(stored.doi, '10.1/x', 'a source that does not name a DOI keeps the stored one');
      assert.equal(stored.listing?.day, '2026-02-03');
    });

    it('treats an unknown paper as absent and getPaper as not_found', async () => {
      assert.equal(await findPaper(db(), d(), '9999.99999'), undefined);
      await assert.rejects(getPaper(db(), d(), '9999.99999'), { code: 'not_found' });
    });

    it('writes nothing of a batch when one of its papers cannot be stored', async () => {
      const before = await countPapers(db());
      const bad = makePaper('2601.00099', { title: null as unknown as string });
      await assert.rejects(upsertPapers(db(), d(), [makePaper('2601.00098'), bad]));
      assert.equal(await countPapers(db()), before);
      assert.equal(await findPaper(db(), d(), '2601.00098'), undefined);
    });

    it('lists a day by upvotes, pages through it and filters by submitter', async () => {
      await storeDayPapers();
      const day = await listDailyPapers(db(), d(), { fromDay: '2026-03-02', toDay: '2026-03-02', order: 'upvotes', limit: 2, offset: 0 });
      assert.deepEqual(day.papers.map((p) => p.id), ['2603.00002', '2603.00003']);
      assert.equal(day.hasMore, true);
      const rest = await listDailyPapers(db(), d(), { fromDay: '2026-03-02', toDay: '2026-03-02', order: 'upvotes', limit: 2, offset: 2 });
      assert.deepEqual(rest.papers.map((p) => p.id), ['2603.00001']);
      assert.equal(rest.hasMore, false);
      const bo = await listDailyPapers(db(), d(), { submitter: 'bo', order: 'recent', limit: 10, offset: 0 });
      assert.deepEqual(bo.papers.map((p) => p.id), ['2603.00003', '2603.00001']);
      const recent = await listDailyPapers(db(), d(), { order: 'recent', limit: 2, offset: 0 });
      assert.deepEqual(recent.papers.map((p) => p.id), ['2603.00004', '2603.00003']);
    });

    it('finds the latest day and the days around a day', async () => {
      await storeDayPapers();
      assert.equal(await findLatestDay(db()), '2026-03-05');
      assert.equal(await findLatestDay(db(), '2026-03-04'), '2026-03-02');
      assert.deepEqual(await findAdjacentDays(db(), '2026-03-03'), { previous: '2026-03-02', next: '2026-03-05' });
      assert.deepEqual(await findAdjacentDays(db(), '2026-03-05'), { previous: '2026-03-02', next: undefined });
    });

    it('pages through every paper id in order', async () => {
      await storeDayPapers();
      const first = await listPaperIds(db(), { limit: 2 });
      const second = await listPaperIds(db(), { afterId: first.at(-1)!, limit: 100 });
      assert.equal(first.length + second.length, await countPapers(db()));
      assert.deepEqual([...first, ...second], [...first, ...second].sort());
    });

    it('upserts more papers than one statement may bind', async () => {
      const many = Array.from({ length: 1200 }, (_, i) => makePaper(`2604.${String(i).padStart(5, '0')}`, {
        authors: Array.from({ length: 12 }, (_, j) => ({ name: `Author ${i % 50}-${j}`, affiliation: null })),
      }));
      const result = await upsertPapers(db(), d(), many);
      assert.equal(result.inserted.length, 1200);
      const stored = await findPapers(db(), d(), many.map((p) => p.id));
      assert.equal(stored.size, 1200);
      assert.equal(stored.get('2604.01199')?.authors.length, 12);
    });

    it('stores trending keys and lists them best first, ties in id order, within a period', async () => {
      await storeDayPapers();
      await saveTrendingKeys(db(), d(), [{ id: '2603.00001', key: 5 }, { id: '2603.00002', key: 7 }, { id: '2603.00003', key: 5 }, { id: '2603.00004', key: 1 }]);
      const page = await listTrendingPapers(db(), d(), { limit: 3, offset: 0 });
      assert.deepEqual(page.papers.map((p) => [p.id, p.trendingKey]), [['2603.00002', 7], ['2603.00001', 5], ['2603.00003', 5]]);
      assert.equal(page.hasMore, true);
      const inPeriod = await listTrendingPapers(db(), d(), { limit: 10, offset: 0, fromDay: '2026-03-05', toDay: '2026-03-05' });
      assert.deepEqual(inPeriod.papers.map((p) => p.id), ['2603.00004']);
      const inputs = await listTrendingInputs(db(), { limit: 10_000 });
      assert.equal(inputs.find((i) => i.id === '2603.00002')?.since, '2026-03-02T10:00:00.000Z');
      assert.equal(inputs.find((i) => i.id === '2603.00004')?.since, '2026-03-05T00:00:00.000Z');
      assert.equal(inputs.find((i) => i.id === '2603.00002')?.key, 7, 'the stored key comes back with the inputs');
    });

    it('stores more trending keys than one statement may bind, and clears a key with null', async () => {
      const ids = Array.from({ length: 1200 }, (_, i) => `2604.${String(i).padStart(5, '0')}`);
      await upsertPapers(db(), d(), ids.map((id) => makePaper(id)));
      await saveTrendingKeys(db(), d(), ids.map((id, i) => ({ id, key: 10_000 + i / 4 })));
      await saveTrendingKeys(db(), d(), [{ id: '2604.01199', key: null }]);
      const inputs = new Map((await listTrendingInputs(db(), { afterId: '2604', limit: 10_000 })).map((i) => [i.id, i.key]));
      assert.equal(inputs.get('2604.00000'), 10_000);
      assert.equal(inputs.get('2604.01198'), 10_000 + 1198 / 4);
      assert.equal(inputs.get('2604.01199'), null);
    });

    it('gives a job lease to one holder until it expires or is released', async () => {
      const t0 = new Date('2026-01-01T00:00:00Z');
      assert.equal(await tryAcquireLease(db(), 'rerank', 'a', 60_000, t0), true);
      assert.equal(await tryAcquireLease(db(), 'rerank', 'b', 60_000, new Date(t0.getTime() + 1000)), false);
      assert.equal(await tryAcquireLease(db(), 'rerank', 'a', 60_000, new Date(t0.getTime() + 2000)), true, 'the holder may renew');
      assert.equal(await tryAcquireLease(db(), 'rerank', 'b', 60_000, new Date(t0.getTime() + 63_000)), true, 'an expired lease is taken over');
      await releaseLease(db(), 'rerank', 'b');
      assert.equal(await tryAcquireLease(db(), 'rerank', 'a', 60_000, new Date(t0.getTime() + 64_000)), true);
    });

    it('finds organizations and authors, by id or by a name with accents or in another script, with their papers newest first', async () => {
      const on = (day: string) => ({ day, submittedAt: null, submitter: null });
      const who = (...names: string[]) => names.map((name) => ({ name, affiliation: null }));
      await upsertPapers(db(), d(), [
        makePaper('2605.00001', { authors: who('李雷', 'Émile Borel'), organization: { slug: 'orgfind', name: 'Org Find Lab' }, listing: on('2026-05-01') }),
        makePaper('2605.00002', { authors: who('Ada Lovelace', 'Émile Borel'), listing: on('2026-05-02') }),
        makePaper('2605.00003', { authors: who('Ada Lovelace', 'Yara Östlund'), listing: on('2026-05-03') }),
      ]);
      // A revision that no longer names her: she keeps her author page, with no papers.
      await upsertPapers(db(), d(), [makePaper('2605.00003', { authors: who('Ada Lovelace'), latestVersion: 2, updatedAt: '2026-05-04T00:00:00.000Z', listing: on('2026-05-03') })]);
      assert.deepEqual(await findOrganization(db(), 'orgfind'), { slug: 'orgfind', name: 'Org Find Lab', paperCount: 1 });
      assert.equal(await findOrganization(db(), 'nobody-at-all'), undefined);
      const li = await findAuthor(db(), '李雷');
      assert.equal(li?.name, '李雷');
      assert.equal((await findAuthor(db(), li!.id))?.name, '李雷');
      assert.equal((await findAuthor(db(), 'Yara Östlund'))?.paperCount, 0, 'the revised paper no longer names her');
      assert.ok(((await findAuthor(db(), 'Émile Borel'))?.paperCount ?? 0) > 1);
      const ada = await findAuthor(db(), 'Ada Lovelace');
      const papers = await listPapersOf(db(), d(), { author: ada!.id }, { limit: 1, offset: 0 });
      assert.equal(papers.papers[0]!.id, '2605.00003', 'the newest listing first');
      assert.equal(papers.hasMore, true);
      assert.deepEqual((await listPapersOf(db(), d(), { organization: 'orgfind' }, { limit: 10, offset: 0 })).papers.map((p) => p.id), ['2605.00001']);
      assert.ok((await listOrganizations(db())).map((o) => o.slug).includes('orgfind'));
    });

    it('counts member votes and visible comments from their rows, and rebuilds them', async () => {
      const now = '2026-03-03T00:00:00.000Z';
      await storeDayPapers();
      const member = await voter();
      assert.deepEqual(await setVote(db(), member.id, '2603.00001', undefined, now), { upvoted: true, memberVotes: 1 });
      assert.deepEqual(await setVote(db(), member.id, '2603.00001', undefined, now), { upvoted: false, memberVotes: 0 });
      await setVote(db(), member.id, '2603.00002', undefined, now);
      assert.deepEqual([...(await listUpvotedAmong(db(), member.id, ['2603.00001', '2603.00002']))], ['2603.00002']);
      await insertComment(db(), { id: 'c1', paperId: '2603.00002', userId: member.id, parentId: null, body: 'one', html: '<p>one</p>', now });
      await insertComment(db(), { id: 'c2', paperId: '2603.00002', userId: member.id, parentId: 'c1', body: 'two', html: '<p>two</p>', now });
      await setCommentHidden(db(), 'c2', '2603.00002', { at: now, by: member.id });
      assert.equal((await findPaper(db(), d(), '2603.00002'))?.numComments, 1);
      await db().updateTable('papers').set({ member_votes: 99, num_comments: 99 }).where('id', '=', '2603.00002').execute();
      await rebuildDerivedCounts(db());
      const paper = await findPaper(db(), d(), '2603.00002');
      assert.deepEqual([paper?.memberVotes, paper?.numComments], [1, 1]);
      assert.equal((await listCommentOutline(db(), '2603.00002')).length, 2);
    });

    it('records when an API token was last used, to the minute', async () => {
      const member = await voter();
      await createApiToken(db(), { id: 'tok1', userId: member.id, name: 'cli', tokenHash: 'th1', now: '2026-01-01T00:00:00.000Z' });
      const lastUsed = async () => (await listApiTokens(db(), member.id)).find((t) => t.id === 'tok1')?.lastUsedAt;
      assert.equal((await findTokenMember(db(), 'th1', '2026-01-01T10:00:00.000Z'))?.id, member.id);
      await findTokenMember(db(), 'th1', '2026-01-01T10:00:30.000Z');
      assert.equal(await lastUsed(), '2026-01-01T10:00:00.000Z', 'not rewritten within the minute');
      await findTokenMember(db(), 'th1', '2026-01-01T10:02:00.000Z');
      assert.equal(await lastUsed(), '2026-01-01T10:02:00.000Z');
      assert.equal(await findTokenMember(db(), 'unknown', '2026-01-01T10:02:00.000Z'), undefined);
    });

    it('keeps sessions, single-use resets and rate-limit windows', async () => {
      await voter();
      const member = (await findLogin(db(), 'VOTER'))!;
      assert.equal(member.username, 'voter');
      await createSession(db(), { idHash: 'h1', userId: member.id, now: '2026-01-01T00:00:00.000Z', expiresAt: '2026-02-01T00:00:00.000Z' });
      assert.equal((await findSessionMember(db(), 'h1', '2026-01-15T00:00:00.000Z'))?.id, member.id);
      assert.equal(await findSessionMember(db(), 'h1', '2026-02-02T00:00:00.000Z'), undefined, 'expired');
      await createPasswordReset(db(), { tokenHash: 'r1', userId: member.id, now: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T01:00:00.000Z' });
      assert.equal(await consumePasswordReset(db(), 'r1', '2026-01-01T00:30:00.000Z'), member.id);
      assert.equal(await consumePasswordReset(db(), 'r1', '2026-01-01T00:31:00.000Z'), undefined, 'single use');
      const t0 = new Date('2026-01-01T00:00:10Z');
      assert.equal((await hitRateLimit(db(), 'k', 60_000, t0)).hits, 1);
      assert.equal((await hitRateLimit(db(), 'k', 60_000, new Date(t0.getTime() + 1000))).hits, 2);
      assert.equal((await hitRateLimit(db(), 'k', 60_000, new Date(t0.getTime() + 60_000))).hits, 1, 'a new window');
      const pruned = await pruneExpired(db(), { before: '2026-01-01T00:01:00.000Z', now: '2026-03-01T00:00:00.000Z' });
      assert.deepEqual(pruned, { rateLimits: 1, sessions: 1, resets: 1 });
      assert.equal((await hitRateLimit(db(), 'k', 60_000, new Date(t0.getTime() + 61_000))).hits, 2, 'the current window is kept');
    });

    it('saves, replaces and deletes a harvest checkpoint', async () => {
      await saveCheckpoint(db(), { name: 'oai:x', token: 't1', records: 10, updatedAt: '2026-01-01T00:00:00.000Z' });
      await saveCheckpoint(db(), { name: 'oai:x', token: 't2', records: 20, updatedAt: '2026-01-01T00:01:00.000Z' });
      assert.deepEqual(await findCheckpoint(db(), 'oai:x'), { name: 'oai:x', token: 't2', records: 20, updatedAt: '2026-01-01T00:01:00.000Z' });
      await deleteCheckpoint(db(), 'oai:x');
      assert.equal(await findCheckpoint(db(), 'oai:x'), undefined);
    });
  });
}
