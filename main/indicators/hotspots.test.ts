import { describe, expect, it } from 'vitest';
import { compareHotspots, hotspotCells, periodDays, seasonalHotspots, type HotspotPoint } from './hotspots.js';

const at = (iso: string) => Date.parse(iso);
const p = (x: number, y: number, weight = 1, atMs = 0): HotspotPoint => ({ atMs, x, y, weight });
/** UTC+8, the demo plant's offset. */
const CST_MIN = 480;

describe('hotspotCells', () => {
  it('sums weights per 10 m cell, centres the cells and leaves empty cells out', () => {
    // (3,4) and (9.9,0) share cell (0,0); (10,0) is on the edge, so cell (1,0); (-0.1,-0.1) is cell (-1,-1).
    const { cells, max } = hotspotCells([p(3, 4, 1), p(9.9, 0, 0.6), p(10, 0, 0.3), p(-0.1, -0.1, 0.1), p(25, 31, 2)], 10);
    expect(cells).toEqual([
      { x: -5, y: -5, value: 0.1 },
      { x: 5, y: 5, value: 1.6 },
      { x: 15, y: 5, value: 0.3 },
      { x: 25, y: 35, value: 2 },
    ]);
    expect(max).toBe(2);
  });

  it('ignores points without a finite place or weight', () => {
    expect(hotspotCells([p(Number.NaN, 0), p(0, Number.POSITIVE_INFINITY), p(1, 1, 0), p(1, 1, Number.NaN)], 10)).toEqual({ cells: [], max: 0 });
  });
});

describe('compareHotspots', () => {
  it('subtracts the periods per day: 31 events in a 31-day month against 15 in a 30-day one', () => {
    const march = Array.from({ length: 31 }, () => p(5, 5));
    const april = Array.from({ length: 15 }, () => p(5, 5));
    const { cells, maxAbsDelta } = compareHotspots({ points: march, days: 31 }, { points: [...april, p(50, 5, 6)], days: 30 }, 20);
    // Cell (0,0): 31/31 − 15/30 = 1 − 0.5 = 0.5 per day (worse); cell (2,0) only before: 0 − 6/30 = −0.2 per day (better).
    expect(cells).toEqual([
      { x: 10, y: 10, value: 31, compareValue: 15, delta: 0.5 },
      { x: 50, y: 10, value: 0, compareValue: 6, delta: -0.2 },
    ]);
    expect(maxAbsDelta).toBe(0.5);
  });

  it('refuses a period of no days', () => {
    expect(() => compareHotspots({ points: [], days: 0 }, { points: [], days: 7 }, 10)).toThrow(RangeError);
  });

  it('counts whole days of a period', () => {
    expect(periodDays(at('2026-03-01T00:00:00+08:00'), at('2026-04-01T00:00:00+08:00'))).toBe(31);
  });
});

describe('seasonalHotspots', () => {
  it('averages each month of the year over the years covered, a partly covered month as its share of days', () => {
    // History from 16 January 2025 (plant time) to 1 February 2027: January 2025 covered 16/31, January 2026 whole,
    // January 2027 whole → 1 + 1 + 16/31 years. February: 2025 and 2026 → 2 years. Every other month: 2025 and 2026 → 2.
    const coverage = { fromMs: at('2025-01-16T00:00:00+08:00'), toMs: at('2027-02-01T00:00:00+08:00') };
    const points = [
      p(5, 5, 1, at('2025-01-20T10:00:00+08:00')),
      p(5, 5, 1, at('2026-01-05T10:00:00+08:00')),
      p(5, 5, 1, at('2027-01-31T23:30:00+08:00')), // 15:30 UTC on the 31st: still January in the plant
      p(5, 5, 4, at('2025-02-28T23:59:00+08:00')),
      p(15, 5, 2, at('2026-02-01T00:00:00+08:00')),
      p(5, 5, 9, at('2025-01-15T23:00:00+08:00')), // before the coverage: not counted
      p(5, 5, 9, at('2027-02-01T00:00:00+08:00')), // after it: not counted
    ];
    const months = seasonalHotspots(points, coverage, 10, CST_MIN);
    expect(months).toHaveLength(12);
    const january = months[0]!;
    const janYears = 1 + 1 + 16 / 31;
    expect(january.years).toBeCloseTo(janYears, 12);
    expect(january.cells).toHaveLength(1);
    expect(january.cells[0]!.value).toBeCloseTo(3 / janYears, 12); // 3 events / 2.516 years = 1.192 a January
    const february = months[1]!;
    expect(february.years).toBeCloseTo(2, 12);
    expect(february.cells.map((c) => [c.x, c.y, c.value])).toEqual([
      [5, 5, 2], // 4 / 2 years
      [15, 5, 1], // 2 / 2 years
    ]);
    expect(february.max).toBe(2);
    expect(months[5]).toEqual({ month: 6, years: 2, cells: [], max: 0 });
  });

  it('gives a month the history never covered no years and no cells', () => {
    const months = seasonalHotspots([p(5, 5, 1, at('2026-03-10T00:00:00+08:00'))], { fromMs: at('2026-03-01T00:00:00+08:00'), toMs: at('2026-04-01T00:00:00+08:00') }, 10, CST_MIN);
    expect(months.filter((m) => m.years > 0).map((m) => m.month)).toEqual([3]);
    expect(months[2]!.cells).toEqual([{ x: 5, y: 5, value: 1 }]);
    expect(months[3]).toEqual({ month: 4, years: 0, cells: [], max: 0 });
  });
});
