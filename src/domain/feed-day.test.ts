import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedDayOf, isValidTimeZone, isWeekend, parseClockTime } from './feed-day.ts';

const at = (iso: string) => new Date(iso);

describe('feed day boundary (21:30 America/New_York by default)', () => {
  it('keeps an evening listing before 21:30 New York time on that day and moves one after it to the next', () => {
    // 2026-02-10 is in EST (UTC-5): 21:29 local = 02:29Z next day.
    assert.equal(feedDayOf(at('2026-02-11T02:29:00Z')), '2026-02-10');
    assert.equal(feedDayOf(at('2026-02-11T02:30:00Z')), '2026-02-11');
  });

  it('follows daylight saving time: the boundary is 21:30 local in summer too', () => {
    // 2026-07-01 is in EDT (UTC-4): 21:30 local = 01:30Z next day.
    assert.equal(feedDayOf(at('2026-07-02T01:29:00Z')), '2026-07-01');
    assert.equal(feedDayOf(at('2026-07-02T01:30:00Z')), '2026-07-02');
  });

  it('gets the days right on which the clocks change', () => {
    // DST starts 2026-03-08 at 02:00 local; that evening is EDT.
    assert.equal(feedDayOf(at('2026-03-09T01:29:00Z')), '2026-03-08');
    assert.equal(feedDayOf(at('2026-03-09T01:30:00Z')), '2026-03-09');
    // DST ends 2026-11-01 at 02:00 local; that evening is EST.
    assert.equal(feedDayOf(at('2026-11-02T02:29:00Z')), '2026-11-01');
    assert.equal(feedDayOf(at('2026-11-02T02:30:00Z')), '2026-11-02');
  });

  it('rolls over the year end', () => {
    assert.equal(feedDayOf(at('2027-01-01T02:45:00Z')), '2027-01-01', '21:45 on Dec 31 in New York is already Jan 1 on the feed');
    assert.equal(feedDayOf(at('2027-01-01T02:00:00Z')), '2026-12-31');
  });

  it('takes another zone and time when configured', () => {
    assert.equal(feedDayOf(at('2026-02-10T23:59:00Z'), { timeZone: 'UTC', minutesAfterMidnight: 0 }), '2026-02-10');
    assert.equal(feedDayOf(at('2026-02-10T15:00:00Z'), { timeZone: 'Asia/Tokyo', minutesAfterMidnight: 23 * 60 }), '2026-02-11');
  });

  it('validates clock times and zones, and knows weekends', () => {
    assert.equal(parseClockTime('21:30'), 1290);
    assert.equal(parseClockTime('24:00'), undefined);
    assert.equal(isValidTimeZone('America/New_York'), true);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
    assert.equal(isWeekend('2026-03-14'), true);
    assert.equal(isWeekend('2026-03-16'), false);
  });
});
