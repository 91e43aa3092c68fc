import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { missingPage, scanWindow } from './missing.ts';

describe('scans for missing documents', () => {
  it('reads a batch at a time when most papers lack one, and wider windows when few do', () => {
    assert.equal(scanWindow(500, 1_000_000, 1_000_000), 500);
    assert.equal(scanWindow(500, 1_000_000, 250_000), 2_000);
    assert.equal(scanWindow(500, 1_000_000, 10), 50_000, 'at most a hundred batches');
    assert.equal(scanWindow(500, 100, 0), 50_000);
  });

  it('keeps the papers without one and says where the next window starts, or that the scan is done', () => {
    const rows = [{ id: 'a', found: 'a' }, { id: 'b', found: null }, { id: 'c', found: null }];
    assert.deepEqual(missingPage(rows, 3), { ids: ['b', 'c'], next: 'c' });
    assert.deepEqual(missingPage(rows, 5), { ids: ['b', 'c'], next: null });
    assert.deepEqual(missingPage([], 5), { ids: [], next: null });
  });
});
