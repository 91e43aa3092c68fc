import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, isoWeekOf, isoWeekRange, isValidDay, monthRange, toIsoTimestamp } from './dates.ts';

describe('days', () => {
  it('accepts only real calendar days', () => {
    assert.equal(isValidDay('2024-02-29'), true);
    assert.equal(isValidDay('2026-02-29'), false);
    assert.equal(isValidDay('2026-13-01'), false);
    assert.equal(isValidDay('2026-1-01'), false);
    assert.equal(isValidDay('yesterday'), false);
  });

  it('adds days across month and year ends', () => {
    assert.equal(addDays('2025-12-31', 1), '2026-01-01');
    assert.equal(addDays('2024-03-01', -1), '2024-02-29');
  });

  it('finds the Monday to Sunday of an ISO week, including week 53 and weeks that start in the previous year', () => {
    assert.deepEqual(isoWeekRange('2026-W01'), { from: '2025-12-29', to: '2026-01-04' });
    assert.deepEqual(isoWeekRange('2020-W53'), { from: '2020-12-28', to: '2021-01-03' });
    assert.equal(isoWeekRange('2021-W53'), undefined);
    assert.equal(isoWeekRange('2026-W00'), undefined);
    assert.equal(isoWeekRange('2026-13'), undefined);
    assert.deepEqual(isoWeekOf('2021-01-03'), { year: 2020, week: 53 });
  });

  it('gives the first and last day of a month, leap years included', () => {
    assert.deepEqual(monthRange('2024-02'), { from: '2024-02-01', to: '2024-02-29' });
    assert.deepEqual(monthRange('2026-12'), { from: '2026-12-01', to: '2026-12-31' });
    assert.equal(monthRange('2026-00'), undefined);
  });

  it('normalises dates and timestamps to ISO 8601 with milliseconds and Z', () => {
    assert.equal(toIsoTimestamp('2026-02-10'), '2026-02-10T00:00:00.000Z');
    assert.equal(toIsoTimestamp('2023-12-24T10:08:59Z'), '2023-12-24T10:08:59.000Z');
    assert.equal(toIsoTimestamp('Fri, 21 Nov 2008 22:55:07 GMT'), '2008-11-21T22:55:07.000Z');
    assert.equal(toIsoTimestamp('not a date'), null);
    assert.equal(toIsoTimestamp(null), null);
  });
});
