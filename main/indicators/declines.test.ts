import { describe, expect, it } from 'vitest';
import type { IndicatorTrend } from '../contracts/index.js';
import { indicatorById } from './catalogue.js';
import { declines } from './declines.js';

const closure = indicatorById('hazardClosureRate')!; // higher is better
const alarmRate = indicatorById('alarmRatePer10Min')!; // lower is better

const trend = (indicatorId: string, values: (number | null)[]): IndicatorTrend => ({
  indicatorId,
  dimension: 'area',
  key: 'tank',
  period: 'week',
  points: values.map((value, i) => ({ start: `2026-11-${String(2 + 7 * i).padStart(2, '0')}`, value, numerator: value ?? 0, denominator: value === null ? 0 : 1 })),
});

describe('declines over N consecutive periods', () => {
  it('grades by the run\u2019s length: N blue (4), N+1 yellow (3), N+2 orange (2), N+3 and more red (1)', () => {
    // N = 2. Closure rate falling: 95 → 90 → 85 is a run of 2 falls.
    expect(declines(trend(closure.id, [95, 90, 85]), closure, 2)).toEqual({ indicatorId: closure.id, dimension: 'area', key: 'tank', periods: 2, period: 'week', fromValue: 95, toValue: 85, grade: 4 });
    expect(declines(trend(closure.id, [99, 95, 90, 85]), closure, 2)?.grade).toBe(3);
    expect(declines(trend(closure.id, [99.5, 99, 95, 90, 85]), closure, 2)?.grade).toBe(2);
    expect(declines(trend(closure.id, [100, 99.5, 99, 95, 90, 85]), closure, 2)).toMatchObject({ periods: 5, fromValue: 100, grade: 1 });
    expect(declines(trend(closure.id, [100, 100, 99.5, 99, 95, 90, 85]), closure, 2)?.periods).toBe(5);
  });

  it('is null for a run shorter than N, or one broken by a better, equal or empty period', () => {
    expect(declines(trend(closure.id, [95, 90]), closure, 2)).toBeNull();
    expect(declines(trend(closure.id, [95, 90, 92]), closure, 1)).toBeNull();
    expect(declines(trend(closure.id, [95, 90, 90]), closure, 1)).toBeNull();
    expect(declines(trend(closure.id, [95, null, 90, 85]), closure, 2)).toBeNull();
    expect(declines(trend(closure.id, [95, 90, null]), closure, 1)).toBeNull();
    expect(declines(trend(closure.id, []), closure, 1)).toBeNull();
  });

  it('reads the direction: a rising alarm rate is a decline, a falling one is not', () => {
    expect(declines(trend(alarmRate.id, [1, 1.5, 2.2]), alarmRate, 2)).toMatchObject({ periods: 2, fromValue: 1, toValue: 2.2, grade: 4 });
    expect(declines(trend(alarmRate.id, [2.2, 1.5, 1]), alarmRate, 2)).toBeNull();
  });

  it('refuses an N that is not a whole number of periods', () => {
    expect(() => declines(trend(closure.id, [1, 2]), closure, 0)).toThrow(RangeError);
    expect(() => declines(trend(closure.id, [1, 2]), closure, 1.5)).toThrow(RangeError);
  });
});
