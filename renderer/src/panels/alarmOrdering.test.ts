import { describe, expect, it } from 'vitest';
import type { Alarm } from '@contracts';
import { bannerAlarm, filterAlarms, isRemovedFromView, keepHeldOrder, sortAlarms } from './alarmOrdering.js';

const alarm = (alarmId: string, priority: Alarm['priority'], state: Alarm['state'], raisedAtMs: number, sourceId = alarmId): Alarm => ({
  alarmId, sourceId, sourceKind: 'sensor', condition: 'high', priority, state, active: state !== 'returnedUnacknowledged', acknowledged: state === 'acknowledged',
  suppressed: false, outOfService: false, latched: false, firstOut: false, raisedAtMs, changedAtMs: raisedAtMs,
});

describe('alarm list ordering, filters and banner', () => {
  const list = [alarm('a', 'low', 'unacknowledged', 5), alarm('b', 'urgent', 'acknowledged', 1), alarm('c', 'urgent', 'unacknowledged', 2), alarm('d', 'high', 'unacknowledged', 9), alarm('e', 'high', 'returnedUnacknowledged', 3)];

  it('puts unacknowledged alarms first, then by priority, then newest (an acknowledged urgent alarm no longer stays on top)', () => {
    expect(sortAlarms(list, 'standard').map((a) => a.alarmId)).toEqual(['c', 'd', 'e', 'a', 'b']);
  });

  it('sorts by priority, time or source on request, with the standard order among equals', () => {
    expect(sortAlarms(list, 'priority').map((a) => a.alarmId)).toEqual(['c', 'b', 'd', 'e', 'a']);
    expect(sortAlarms(list, 'time').map((a) => a.alarmId)).toEqual(['d', 'a', 'e', 'c', 'b']);
    expect(sortAlarms(list, 'source').map((a) => a.alarmId)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('filters by priority, state and area', () => {
    const areaOf = (a: Alarm) => (a.alarmId === 'd' ? 'unit1' : 'tankFarm');
    expect(filterAlarms(list, { priority: 'urgent', state: '', area: '' }, areaOf).map((a) => a.alarmId)).toEqual(['b', 'c']);
    expect(filterAlarms(list, { priority: '', state: 'unacknowledged', area: 'unit1' }, areaOf).map((a) => a.alarmId)).toEqual(['d']);
  });

  it('puts the most urgent, newest unacknowledged active alarm in the banner', () => {
    expect(bannerAlarm(list)?.alarmId).toBe('c');
    expect(bannerAlarm([alarm('x', 'urgent', 'acknowledged', 1)])).toBeNull();
    expect(bannerAlarm([alarm('p', 'high', 'unacknowledged', 1), alarm('q', 'high', 'unacknowledged', 3)])?.alarmId).toBe('q');
  });

  it('lists out-of-service and design-suppressed alarms apart, but not superseded ones', () => {
    expect(isRemovedFromView({ ...alarm('o', 'high', 'outOfService', 1), outOfService: true })).toBe(true);
    expect(isRemovedFromView({ ...alarm('s', 'high', 'suppressed', 1), suppressed: true })).toBe(true);
    expect(isRemovedFromView({ ...alarm('h', 'high', 'suppressed', 1), suppressedBy: 'h:highHigh' })).toBe(false);
  });
});

describe('an order held while the operator points at it', () => {
  it('keeps the held entries in their places, drops cleared ones and adds new ones at the end', () => {
    const now = [alarm('new', 'urgent', 'unacknowledged', 9), alarm('b', 'urgent', 'unacknowledged', 5), alarm('a', 'urgent', 'unacknowledged', 4)];
    expect(keepHeldOrder(now, ['a', 'gone', 'b']).map((a) => a.alarmId)).toEqual(['a', 'b', 'new']);
  });
});
