import { describe, expect, it } from 'vitest';
import { formatAxisTimes, formatTimeTicks, formatValueTicks, limitColourStops, limitLabelSides, trendLimits, trendValueRange } from './trendChart.js';

describe('sensor trend chart', () => {
  it('draws the configured limits, outermost first', () => {
    expect(trendLimits({ high: 20, highHigh: 40, low: 5 })).toEqual([
      { kind: 'highHigh', value: 40 },
      { kind: 'high', value: 20 },
      { kind: 'low', value: 5 },
    ]);
    expect(trendLimits({})).toEqual([]);
  });

  it('keeps every point and every limit in the value range, with headroom', () => {
    const [min, max] = trendValueRange([2, 3, 4], trendLimits({ high: 20, highHigh: 40 }));
    expect(min).toBeLessThan(2);
    expect(max).toBeGreaterThan(40);
    expect(max - 40).toBeCloseTo((40 - 2) * 0.05, 9);
  });

  it('gives a flat series a readable band and an empty one a default', () => {
    expect(trendValueRange([0, 0], [])).toEqual([-1, 1]);
    expect(trendValueRange([200, 200], [])).toEqual([190, 210]);
    expect(trendValueRange([], [])).toEqual([0, 1]);
  });

  it('labels times in local 24-hour time in the UI language', () => {
    const at = new Date(2026, 11, 6, 21, 5, 30).getTime() / 1000;
    expect(formatTimeTicks([at], 'en', false)).toEqual(['21:05']);
    expect(formatTimeTicks([at], 'zh-CN', true)).toEqual(['21:05:30']);
  });

  it('labels values with the decimals the tick step needs', () => {
    expect(formatValueTicks([0, 10, 20], 'en')).toEqual(['0', '10', '20']);
    expect(formatValueTicks([0, 0.5, 1], 'en')).toEqual(['0.0', '0.5', '1.0']);
    expect(formatValueTicks([1000, 2000], 'en')).toEqual(['1,000', '2,000']);
    expect(formatValueTicks([0.05, 0.1], 'en')).toEqual(['0.05', '0.10']);
  });

  it('puts a limit name below its line where it would run into the name above', () => {
    // HH at y 10 and H at y 16 (12 px labels): H goes below; L far away at y 90 stays above.
    expect(limitLabelSides([10, 16, 90], 12)).toEqual(['above', 'below', 'above']);
    expect(limitLabelSides([90, 16, 10], 12)).toEqual(['above', 'below', 'above']);
    expect(limitLabelSides([20, 60], 12)).toEqual(['above', 'above']);
  });

  it('labels the time axis by its tick step: clock times, dates at midnight across days, dates, months', () => {
    const at = (d: number, h = 0, m = 0) => new Date(2026, 11, d, h, m, 0).getTime() / 1000;
    expect(formatAxisTimes([at(6, 21, 5), at(6, 21, 10)], 'en', 600)).toEqual(['21:05', '21:10']);
    expect(formatAxisTimes([at(6, 0, 0), at(6, 0, 0) + 30], 'en', 600)).toEqual(['00:00:00', '00:00:30']);
    expect(formatAxisTimes([at(6, 18), at(7, 0), at(7, 6)], 'en', 3 * 86_400)).toEqual(['18:00', '12/7', '06:00']);
    expect(formatAxisTimes([at(1), at(8)], 'zh-CN', 30 * 86_400)).toEqual(['12/1', '12/8']);
    expect(formatAxisTimes([new Date(2026, 0, 1).getTime() / 1000, new Date(2026, 3, 1).getTime() / 1000], 'zh-CN', 365 * 86_400)).toEqual(['2026年1月', '2026年4月']);
  });

  it('colours a line by gradient: grey inside the limits, the limit colour beyond, changing sharply at each limit', () => {
    const colours = { normal: 'grey', high: 'orange', highHigh: 'red', low: 'amber', lowLow: 'crimson' };
    // Scale 0–100 from top (offset 0 = 100) to bottom: HH 50 at offset 0.5, H 25 at 0.75.
    expect(limitColourStops(trendLimits({ high: 25, highHigh: 50 }), 0, 100, colours)).toEqual([
      { offset: 0, colour: 'red' },
      { offset: 0.5, colour: 'red' },
      { offset: 0.5, colour: 'orange' },
      { offset: 0.75, colour: 'orange' },
      { offset: 0.75, colour: 'grey' },
      { offset: 1, colour: 'grey' },
    ]);
    // A low limit colours downwards; limits outside the scale leave the line grey.
    expect(limitColourStops(trendLimits({ low: 19.5, lowLow: 18 }), 20, 21, colours)).toEqual([{ offset: 0, colour: 'grey' }, { offset: 1, colour: 'grey' }]);
    expect(limitColourStops(trendLimits({ low: 10 }), 0, 20, colours).map((s) => s.colour)).toEqual(['grey', 'grey', 'amber', 'amber']);
  });
});
