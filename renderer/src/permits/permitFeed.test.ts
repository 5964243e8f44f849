import { describe, expect, it } from 'vitest';
import type { PermitChange, PermitRecordView, PermitState } from '../../../main/contracts/index.js';
import { HOUR_MS, MONDAY_9AM, permitOf } from '../../../tests/support/permitFixtures.js';
import { PermitFeed, UNFINISHED_PERMIT_STATES } from './permitFeed.js';

function record(number: string, state: PermitState, revision: number, endMs = MONDAY_9AM + 4 * HOUR_MS): PermitRecordView {
  return {
    permit: permitOf('hotWork', { number, state, window: { startMs: MONDAY_9AM, endMs } }),
    namesWithheld: false,
    revision,
    source: 'import',
    createdBy: 'li.ming',
    createdMs: MONDAY_9AM,
    updatedMs: MONDAY_9AM,
    areaId: null,
  };
}
const change = (r: PermitRecordView): PermitChange => ({ record: r, change: 'start', by: 'li.ming' });
const numbers = (map: ReadonlyMap<string, PermitRecordView>) => [...map.keys()].sort();

describe('the permit feed', () => {
  it('asks for every state but closed and reviewed', () => {
    expect(UNFINISHED_PERMIT_STATES).toEqual(['draft', 'submitted', 'approved', 'inWork', 'suspended', 'resumed']);
  });

  it('takes the list, then follows changes; a closed or reviewed permit leaves', () => {
    const feed = new PermitFeed();
    feed.listRequested();
    expect(numbers(feed.listAnswered([record('A', 'inWork', 3), record('B', 'approved', 2)]))).toEqual(['A', 'B']);
    expect(feed.changed(change(record('C', 'draft', 1))).get('C')?.revision).toBe(1);
    expect(feed.changed(change(record('A', 'suspended', 4))).get('A')?.permit.state).toBe('suspended');
    expect(numbers(feed.changed(change(record('B', 'closed', 3))))).toEqual(['A', 'C']);
    expect(numbers(feed.changed(change(record('A', 'reviewed', 6))))).toEqual(['C']);
  });

  it('applies a change that arrived while the list was on its way over an answer that predates it', () => {
    const feed = new PermitFeed();
    feed.listRequested();
    feed.changed(change(record('A', 'suspended', 4)));
    feed.changed(change(record('B', 'closed', 3)));
    const shown = feed.listAnswered([record('A', 'inWork', 3), record('B', 'approved', 2)]);
    expect(shown.get('A')?.permit.state).toBe('suspended');
    expect(shown.has('B')).toBe(false);
    // After the answer, changes are no longer remembered for the next list.
    feed.changed(change(record('C', 'draft', 1)));
    feed.listRequested();
    expect(numbers(feed.listAnswered([]))).toEqual([]);
  });

  it('never replaces a record by an older revision (a late duplicate)', () => {
    const feed = new PermitFeed();
    feed.listRequested();
    feed.listAnswered([record('A', 'suspended', 5)]);
    expect(feed.changed(change(record('A', 'inWork', 4))).get('A')?.revision).toBe(5);
  });

  it('keeps at most its bound, dropping the permit whose window ends last, and says it is truncated', () => {
    const feed = new PermitFeed(3);
    feed.listRequested();
    feed.listAnswered([record('A', 'inWork', 1, MONDAY_9AM + HOUR_MS), record('B', 'inWork', 1, MONDAY_9AM + 2 * HOUR_MS)]);
    expect(feed.isTruncated()).toBe(false);
    feed.changed(change(record('C', 'approved', 1, MONDAY_9AM + 5 * HOUR_MS)));
    const shown = feed.changed(change(record('D', 'approved', 1, MONDAY_9AM + 3 * HOUR_MS)));
    expect(numbers(shown)).toEqual(['A', 'B', 'D']);
    expect(feed.isTruncated()).toBe(true);
    // A full answer means the register may hold more than it sent.
    feed.listRequested();
    feed.listAnswered([record('A', 'inWork', 1), record('B', 'inWork', 1), record('D', 'inWork', 1)]);
    expect(feed.isTruncated()).toBe(true);
  });
});
