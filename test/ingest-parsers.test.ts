import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseArxivFeed } from '../src/ingest/arxiv-api.ts';
import { parseHfDaily } from '../src/ingest/hf-daily.ts';
import { isIssue, localPaperId, paperToJsonl, parseJsonlLine } from '../src/ingest/jsonl.ts';
import { parseOaiPage, splitAuthors } from '../src/ingest/oai-pmh.ts';
import { parseSeedPage } from '../src/ingest/seed.ts';
import { readFixture, readShared, sharedFile } from './helpers/shared.ts';
import { parseArxivListing } from '../src/ingest/arxiv-listing.ts';
import { arxivListingXml } from './helpers/upstreams.ts';

describe('arXiv API Atom parser', () => {
  it('reads ids, versions, authors with affiliations, DOI, journal ref, comment and categories', () => {
    const feed = parseArxivFeed(readFixture('arxiv-feed.xml'), 'arxiv-feed.xml');
    assert.equal(feed.totalResults, 2);
    assert.equal(feed.failed.length, 0);
    const [first, old] = feed.papers.map((p) => p.paper);
    assert.equal(first!.id, '2401.00001');
    assert.equal(first!.latestVersion, 3);
    assert.deepEqual(first!.versions, [{ version: 1, submittedAt: '2024-01-01T09:30:00.000Z' }, { version: 3, submittedAt: '2024-01-20T12:00:00.000Z' }]);
    assert.equal(first!.title, 'Learning to Rank Papers with Wrapped Titles');
    assert.equal(first!.abstract, 'We rank papers & measure <things>. A second paragraph.');
    assert.deepEqual(first!.authors, [{ name: 'Zoë Ångström', affiliation: 'KTH' }, { name: '李雷', affiliation: null }]);
    assert.equal(first!.doi, '10.1234/example.5678');
    assert.equal(first!.journalRef, 'J. Test. 1 (2024) 1-12');
    assert.equal(first!.comment, '12 pages, 3 figures');
    assert.equal(first!.primaryCategory, 'cs.IR');
    assert.deepEqual(first!.categories, ['cs.IR', 'cs.LG']);
    assert.equal(old!.id, 'hep-th/9901001');
  });

  it('refuses XML that is not well formed, naming the line and column', () => {
    assert.throws(() => parseArxivFeed('<feed>\n  <entry><title>x</entry>\n</feed>', 'bad.xml'), { code: 'invalid_input', message: /^bad\.xml:2:\d+: malformed XML: / });
    assert.throws(() => parseArxivFeed('<feed>&nbsp;</feed>', 'entity.xml'), { message: /^entity\.xml:1:\d+: malformed XML: undefined entity/ });
    assert.throws(() => parseArxivFeed('{"json": true}', 'json.xml'), { message: /^json\.xml:1:\d+: malformed XML: text data outside of root node/ });
  });

  it("turns arXiv's error feed into an error that quotes arXiv's message", () => {
    assert.throws(() => parseArxivFeed(readFixture('arxiv-error.xml'), 'x'), { code: 'invalid_input', message: /incorrect id format for nope/ });
  });

  it('refuses a truncated feed, naming where it ends', () => {
    const xml = readFixture('arxiv-feed.xml');
    assert.throws(() => parseArxivFeed(xml.slice(0, xml.indexOf('</summary>')), 'cut.xml'), { code: 'invalid_input', message: /cut\.xml:\d+:\d+: malformed XML: unclosed tag: summary/ });
  });

  const idList = sharedFile('fixtures/arxiv/api-idlist-astro-ph-0601001.xml');
  it('reads the recorded old-style id_list response with affiliations', { skip: idList.skip }, () => {
    const feed = parseArxivFeed(readFileSync(idList.path, 'utf8'), 'idlist');
    const paper = feed.papers[0]!.paper;
    assert.equal(paper.id, 'astro-ph/0601001');
    assert.equal(paper.primaryCategory, 'astro-ph');
    assert.equal(paper.journalRef, 'ActaAstron.56:1-50,2006');
    assert.deepEqual(paper.authors[0], { name: 'Andrew Gould', affiliation: 'Ohio State' });
    assert.match(paper.abstract, /^We derive .* Gould & Morgan \(2003\)/);
  });

  const query = sharedFile('fixtures/arxiv/api-query-all-testing-start0-max10.xml');
  it('reads the recorded search page: ten entries, versions, DOIs and non-ASCII names', { skip: query.skip }, () => {
    const feed = parseArxivFeed(readFileSync(query.path, 'utf8'), 'query');
    assert.equal(feed.papers.length, 10);
    assert.equal(feed.totalResults, 214881);
    assert.ok(feed.papers.some((p) => (p.paper.latestVersion ?? 0) > 1));
    assert.ok(feed.papers.some((p) => p.paper.doi));
    assert.ok(feed.papers.some((p) => p.paper.authors.some((a) => /[éíú]/.test(a.name))));
  });

  const error = sharedFile('fixtures/arxiv/api-error-400-incorrect-id-format.xml');
  it('quotes the recorded HTTP 400 error feed', { skip: error.skip }, () => {
    assert.throws(() => parseArxivFeed(readFileSync(error.path, 'utf8'), 'e'), { message: 'arXiv rejected the request: "incorrect id format for abc"' });
  });
});

describe('OAI-PMH arXivRaw parser', () => {
  it('reads versions, authors with affiliations, the first DOI, license and the resumption token', () => {
    const page = parseOaiPage(readFixture('oai-page-1.xml'), 'page1');
    assert.equal(page.resumptionToken, 'token-page-2');
    assert.equal(page.completeListSize, 5);
    const paper = page.papers[0]!.paper;
    assert.equal(paper.latestVersion, 2);
    assert.equal(paper.publishedAt, '2024-01-01T10:00:00.000Z');
    assert.equal(paper.updatedAt, '2024-01-02T10:00:00.000Z');
    assert.equal(paper.doi, '10.1/a');
    assert.equal(paper.abstract, 'An abstract over two lines.');
    assert.deepEqual(paper.authors.map((a) => a.name), ['Ada Lovelace', 'Charles Babbage', 'Émile Borel']);
    assert.equal(paper.authors[0]!.affiliation, 'Analytical Engines, London');
    assert.deepEqual(page.skipped, [{ where: 'page1 record 3 (oai:arXiv.org:2401.10003)', reason: 'deleted upstream' }]);
  });

  it('names a record it cannot read and keeps the others, and ends on an empty token', () => {
    const page = parseOaiPage(readFixture('oai-page-2.xml'), 'page2');
    assert.equal(page.papers.length, 1);
    assert.equal(page.failed.length, 1);
    assert.match(page.failed[0]!.reason, /"not-an-id" is not an arXiv id/);
    assert.equal(page.resumptionToken, undefined);
  });

  it('splits author strings on commas and "and", but not inside parentheses', () => {
    assert.deepEqual(splitAuthors('A. Smith, B. Jones and C. Brown').map((a) => a.name), ['A. Smith', 'B. Jones', 'C. Brown']);
    assert.deepEqual(splitAuthors('A (X, Y), B'), [{ name: 'A', affiliation: 'X, Y' }, { name: 'B', affiliation: null }]);
    assert.deepEqual(splitAuthors('Alexander Anderson').map((a) => a.name), ['Alexander Anderson']);
  });

  it('treats noRecordsMatch as an empty harvest and other OAI errors as failures', () => {
    const wrap = (code: string) => `<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="${code}">message for ${code}</error></OAI-PMH>`;
    assert.equal(parseOaiPage(wrap('noRecordsMatch'), 'x').papers.length, 0);
    assert.throws(() => parseOaiPage(wrap('badResumptionToken'), 'x'), { message: /badResumptionToken: message for badResumptionToken/ });
  });

  const thousand = sharedFile('fixtures/arxiv/oaipmh-listrecords-arxivraw-1000.xml');
  it('reads all 1,000 records of the recorded page', { skip: thousand.skip }, () => {
    const page = parseOaiPage(readFileSync(thousand.path, 'utf8'), '1000');
    assert.equal(page.papers.length, 1000);
    assert.equal(page.failed.length, 0);
    assert.equal(page.resumptionToken, '496549|96001');
  });
});

describe('Hugging Face daily papers parser', () => {
  it('reads paper, authors, organization, submitter, upvotes and the day listed', () => {
    const outcome = parseHfDaily(readFixture('hf-daily.json'), 'hf-daily.json');
    const [one, two] = outcome.papers.map((p) => p.paper);
    assert.equal(one!.id, '2602.00001');
    assert.deepEqual(one!.organization, { slug: 'acme', name: 'Acme Research' });
    assert.deepEqual(one!.listing, { day: '2026-02-02', submittedAt: '2026-02-02T13:00:00.000Z', submitter: { username: 'ana', fullname: 'Ana Núñez', avatarUrl: 'https://example.org/ana.png' } });
    assert.equal(one!.upvotes, 42);
    assert.equal(one!.githubRepo, 'https://github.com/example/one');
    assert.equal(two!.listing?.day, '2026-02-02');
    assert.equal(outcome.failed.length, 1);
    assert.match(outcome.failed[0]!.where, /item 2/);
  });

  it('refuses a file that is not a JSON array', () => {
    assert.throws(() => parseHfDaily('{"not": "an array"}', 'f.json'), { message: /f\.json: expected a JSON array/ });
    assert.throws(() => parseHfDaily('[{', 'f.json'), { message: /f\.json: invalid JSON/ });
  });
});

describe('JSON Lines records', () => {
  it('names the line and the reason of each bad record', () => {
    const lines = readFixture('papers.jsonl').split('\n');
    const results = lines.map((line, i) => (line.trim() ? parseJsonlLine(line, `papers.jsonl:${i + 1}`) : undefined)).filter((r) => r !== undefined);
    const issues = results.filter(isIssue);
    assert.deepEqual(issues.map((i) => i.where), ['papers.jsonl:4', 'papers.jsonl:5', 'papers.jsonl:6']);
    assert.match(issues[0]!.reason, /invalid JSON/);
    assert.match(issues[1]!.reason, /title: title is empty/);
    assert.match(issues[2]!.reason, /arxivId: "not-an-id" is not an arXiv id/);
  });

  it('gives a paper without an arXiv id a stable local id from its title', () => {
    const line = readFixture('papers.jsonl').split('\n')[2]!;
    const parsed = parseJsonlLine(line, 'x');
    assert.ok(!isIssue(parsed));
    assert.equal(parsed.paper.id, localPaperId('A Seed Card Without An Id'));
    assert.match(parsed.paper.id, /^local-[0-9a-f]{12}$/);
    assert.equal(parsed.paper.authorCount, 9);
  });

  it('reads back exactly what it writes', () => {
    const line = readFixture('papers.jsonl').split('\n')[0]!;
    const parsed = parseJsonlLine(line, 'x');
    assert.ok(!isIssue(parsed));
    const again = parseJsonlLine(paperToJsonl(parsed.paper), 'y');
    assert.ok(!isIssue(again));
    assert.deepEqual(again.paper, parsed.paper);
  });
});

describe('seed page parser', () => {
  const page = readFileSync(new URL('../data/seed/daily-papers-page.txt', import.meta.url), 'utf8');
  const ids = JSON.parse(readFileSync(new URL('../data/seed/seed-papers-arxiv.json', import.meta.url), 'utf8'));

  it('reads all 59 cards with their arXiv ids, dates in 2026 when the year is missing, and upvotes', () => {
    const outcome = parseSeedPage(page, ids);
    assert.equal(outcome.papers.length, 59);
    assert.equal(outcome.failed.length, 0);
    const first = outcome.papers[0]!.paper;
    assert.equal(first.id, '2603.17051');
    assert.deepEqual(first.listing, { day: '2026-03-17', submittedAt: null, submitter: null });
    assert.equal(first.upvotes, 7);
    assert.equal(first.authorCount, 9);
    assert.equal(outcome.papers[1]!.paper.organization?.name, 'Tencent');
    assert.equal(outcome.papers[1]!.paper.listing?.day, '2025-11-09');
    assert.equal(outcome.papers.filter((p) => !p.paper.listing).length, 3, 'three cards show no date');
  });

  it('refuses a card whose title does not match the ids file, and keeps the rest', () => {
    const shuffled = [ids[1], ids[0], ...ids.slice(2)];
    const outcome = parseSeedPage(page, shuffled);
    assert.equal(outcome.failed.length, 2);
    assert.equal(outcome.papers.length, 57);
  });

  const corpus = sharedFile('corpus/papers.jsonl');
  it('agrees with the corpus copy of the seed cards on every title, abstract, date, upvote count and organization', { skip: corpus.skip }, () => {
    const seeds = readShared('corpus/papers.jsonl').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((r) => r.source === 'seed');
    const papers = parseSeedPage(page, ids).papers.map((p) => p.paper);
    assert.equal(papers.length, seeds.length);
    papers.forEach((paper, i) => {
      const card = seeds[i];
      assert.equal(paper.title, card.title);
      assert.equal(paper.abstract, card.abstract);
      assert.equal(paper.listing?.day ?? null, card.dailyDate);
      assert.equal(paper.upvotes ?? 0, card.upvotes);
      assert.deepEqual(paper.organization ? { name: paper.organization.slug, fullname: paper.organization.name } : null, card.organization);
    });
  });
});

describe('parseArxivListing', () => {
  it('reads the announcement day and each item\'s id, version, type, categories, authors and abstract', () => {
    const xml = arxivListingXml('cs.CL', '2026-03-18', [
      { id: '2603.11111', title: 'A & B', categories: ['cs.CL', 'cs.AI'], authors: 'Ada Lovelace, Charles Babbage and Alan Turing', abstract: 'Text <b>bold</b>.' },
      { id: '2501.00001', title: 'Replaced', type: 'replace' },
    ]);
    const listing = parseArxivListing(xml, 'listing', { feed: true });
    assert.equal(listing.day, '2026-03-18');
    const [fresh, replaced] = listing.papers.map((p) => p.paper);
    assert.deepEqual([fresh!.id, fresh!.title, fresh!.latestVersion, fresh!.primaryCategory, fresh!.abstract], ['2603.11111', 'A & B', 1, 'cs.CL', 'Text <b>bold</b>.']);
    assert.deepEqual(fresh!.authors.map((a) => a.name), ['Ada Lovelace', 'Charles Babbage', 'Alan Turing']);
    assert.deepEqual(fresh!.listing, { day: '2026-03-18', submittedAt: null, submitter: null });
    assert.equal(replaced!.listing, null, 'a new version is not news for the feed');
    assert.equal(replaced!.latestVersion, 2);
  });

  it('reads a day without announcements as no papers, and refuses something that is not a listing', () => {
    assert.equal(parseArxivListing(arxivListingXml('cs.CL', '2026-03-21', []), 'saturday', { feed: true }).papers.length, 0);
    assert.throws(() => parseArxivListing('<html><body>Service unavailable</body></html>', 'cs.CL listing', { feed: true }), /cs\.CL listing: not an RSS 2\.0 listing/);
  });
});
