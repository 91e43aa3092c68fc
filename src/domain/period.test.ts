import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePeriod, periodContaining, periodLabel, shiftPeriod } from './period.ts';

describe('periods', () => {
  it('parses days, ISO weeks and months, and refuses malformed keys', () => {
    assert.deepEqual(parsePeriod('week', '2026-W12'), { kind: 'week', key: '2026-W12', from: '2026-03-16', to: '2026-03-22' });
    assert.deepEqual(parsePeriod('month', '2024-02'), { kind: 'month', key: '2024-02', from: '2024-02-01', to: '2024-02-29' });
    assert.equal(parsePeriod('day', '2026-02-30'), undefined);
    assert.equal(parsePeriod('week', '2026-12'), undefined);
  });

  it('finds the week of a day across a year end, including week 53', () => {
    assert.equal(periodContaining('week', '2021-01-03').key, '2020-W53');
    assert.equal(periodContaining('week', '2024-12-30').key, '2025-W01');
    assert.equal(periodContaining('month', '2026-03-17').key, '2026-03');
  });

  it('steps to the previous and next period across year ends', () => {
    assert.equal(shiftPeriod(parsePeriod('week', '2021-W01')!, -1).key, '2020-W53');
    assert.equal(shiftPeriod(parsePeriod('week', '2020-W53')!, 1).key, '2021-W01');
    assert.equal(shiftPeriod(parsePeriod('month', '2026-01')!, -1).key, '2025-12');
    assert.equal(shiftPeriod(parsePeriod('day', '2025-12-31')!, 1).key, '2026-01-01');
  });

  it('labels each kind of period for headings', () => {
    assert.equal(periodLabel(parsePeriod('day', '2026-03-17')!), 'Mar 17, 2026');
    assert.equal(periodLabel(parsePeriod('week', '2026-W12')!), 'Week 12 of 2026 (Mar 16 – Mar 22, 2026)');
    assert.equal(periodLabel(parsePeriod('month', '2026-03')!), 'March 2026');
  });
});
