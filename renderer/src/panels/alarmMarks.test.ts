import { describe, expect, it } from 'vitest';
import { placeAlarmMarks, type StoredTransition } from './alarmMarks.js';

const T0 = Date.UTC(2026, 10, 7, 0, 0, 0);
const DAY = 86_400_000;
const transition = (atMs: number, priority: string, action = 'activate', sourceId = 'GD-T101-C1', condition = 'high'): StoredTransition => ({ atMs, alarmId: `${sourceId}:${condition}`, sourceId, condition, priority, action, state: 'unacknowledged' });

describe('alarm marks on the time axis', () => {
  const range = { fromMs: T0, toMs: T0 + 30 * DAY };

  it('places each activation at its time on the axis; acknowledgements, clears and out-of-range ones get none', () => {
    const marks = placeAlarmMarks([transition(T0 + 3 * DAY, 'high'), transition(T0 + 3 * DAY + 600_000, 'high', 'acknowledge'), transition(T0 + 15 * DAY, 'urgent', 'activate', 'GD-T101-C1', 'highHigh'), transition(T0 - DAY, 'high')], range, 600, 20);
    expect(marks.map((m) => [m.xPx, m.priority, m.count])).toEqual([
      [60, 'high', 1],
      [300, 'urgent', 1],
    ]);
  });

  it('merges activations closer than the gap into one counted mark, in the worst priority, at their middle', () => {
    // 600 px for 30 days: 20 px is a day. Three within 0.8 day, then one two days later.
    const marks = placeAlarmMarks(
      [transition(T0 + 10 * DAY + 0.8 * DAY, 'high', 'activate', 'GD-T101-C2'), transition(T0 + 10 * DAY, 'medium'), transition(T0 + 10 * DAY + 0.4 * DAY, 'urgent', 'activate', 'GD-T101-C1', 'highHigh'), transition(T0 + 12 * DAY, 'low')],
      range,
      600,
      20,
    );
    expect(marks).toHaveLength(2);
    expect(marks[0]).toEqual({ xPx: 208, firstMs: T0 + 10 * DAY, lastMs: T0 + 10.8 * DAY, count: 3, priority: 'urgent', conditions: ['high', 'highHigh'], sourceIds: ['GD-T101-C1', 'GD-T101-C2'] });
    expect(marks[1]!.xPx).toBe(240);
  });

  it('a chattering alarm over a month is a few counted marks, not hundreds', () => {
    const chatter = Array.from({ length: 500 }, (_, i) => transition(T0 + i * 3_600_000, 'medium'));
    const marks = placeAlarmMarks(chatter, range, 600, 20);
    expect(marks.reduce((sum, m) => sum + m.count, 0)).toBe(500);
    expect(marks.length).toBeLessThanOrEqual(22);
  });

  it('has no marks on an empty axis', () => {
    expect(placeAlarmMarks([transition(T0 + DAY, 'high')], range, 0, 20)).toEqual([]);
    expect(placeAlarmMarks([transition(T0 + DAY, 'high')], { fromMs: T0, toMs: T0 }, 600, 20)).toEqual([]);
  });
});
