import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyPaper } from './paper.ts';
import { digestPeriod, matchesInterests, NO_INTERESTS, parseList } from './subscription.ts';

describe('digest periods', () => {
  it('sends the daily digest of the previous weekday, on weekdays only', () => {
    assert.equal(digestPeriod('daily', '2026-03-17')?.key, '2026-03-16'); // Tuesday → Monday
    assert.equal(digestPeriod('daily', '2026-03-16')?.key, '2026-03-13'); // Monday → Friday
    assert.equal(digestPeriod('daily', '2026-03-14'), undefined); // Saturday
  });

  it('sends the weekly digest of the previous ISO week on Mondays, across a year end', () => {
    assert.equal(digestPeriod('weekly', '2026-03-16')?.key, '2026-W11');
    assert.equal(digestPeriod('weekly', '2021-01-04')?.key, '2020-W53');
    assert.equal(digestPeriod('weekly', '2026-03-17'), undefined);
  });
});

describe('interests', () => {
  const paper = { ...emptyPaper('2603.00001', 't'), title: 'RLHF at scale', abstract: 'We study GRPO for reasoning.', authors: [{ name: 'Zoë Ångström' }], categories: ['cs.LG'], organization: { slug: 'acme', name: 'Acme Lab' } };

  it('matches whole keywords, organizations, authors and categories, ignoring case', () => {
    assert.ok(matchesInterests(paper, { ...NO_INTERESTS, keywords: ['grpo'] }));
    assert.ok(!matchesInterests(paper, { ...NO_INTERESTS, keywords: ['RL'] }), 'RL is not a word in RLHF');
    assert.ok(matchesInterests(paper, { ...NO_INTERESTS, organizations: ['ACME'] }));
    assert.ok(matchesInterests(paper, { ...NO_INTERESTS, authors: ['zoë ångström'] }));
    assert.ok(matchesInterests(paper, { ...NO_INTERESTS, categories: ['cs.LG'] }));
    assert.ok(!matchesInterests(paper, NO_INTERESTS));
  });

  it('reads lists from form text', () => {
    assert.deepEqual(parseList(' rlhf, GRPO\nrlhf ,, '), ['rlhf', 'GRPO']);
  });
});
