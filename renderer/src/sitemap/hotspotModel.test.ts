import { describe, expect, it } from 'vitest';
import { comparisonRange, deltaColour, firstShownMonth, hotspotQuery, presetRange, rangeDays, seasonalRange } from './hotspotModel.js';

const today = new Date(2026, 11, 7); // 7 December 2026
const custom = { fromDay: '2026-11-01', toDay: '2026-11-30' };

describe('hot-spot periods', () => {
  it('rolls the presets back from today, both ends included', () => {
    expect(presetRange(today, 'week', custom)).toEqual({ fromDay: '2026-12-01', toDay: '2026-12-07' });
    expect(presetRange(today, 'month', custom)).toEqual({ fromDay: '2026-11-08', toDay: '2026-12-07' });
    expect(rangeDays(presetRange(today, 'season', custom))).toBe(91);
    expect(presetRange(today, 'custom', custom)).toBe(custom);
  });

  it('compares with as many days just before, or the same dates a year earlier', () => {
    expect(comparisonRange(custom, 'previous')).toEqual({ fromDay: '2026-10-02', toDay: '2026-10-31' });
    expect(comparisonRange(custom, 'lastYear')).toEqual({ fromDay: '2025-11-01', toDay: '2025-11-30' });
    expect(comparisonRange({ fromDay: '2028-02-01', toDay: '2028-02-29' }, 'lastYear')).toEqual({ fromDay: '2027-02-01', toDay: '2027-02-28' });
    expect(comparisonRange(custom, 'none')).toBeNull();
  });

  it('asks the core for the layer, the range, the comparison and the seasonal months', () => {
    expect(hotspotQuery('alarms', custom, { fromDay: '2026-10-02', toDay: '2026-10-31' }, false)).toBe('/api/hotspots?layer=alarms&from=2026-11-01&to=2026-11-30&cellM=20&compareFrom=2026-10-02&compareTo=2026-10-31');
    expect(hotspotQuery('risk', seasonalRange(today), null, true)).toBe('/api/hotspots?layer=risk&from=2023-12-08&to=2026-12-07&cellM=20&seasonal=1');
  });
});

describe('hot-spot colours', () => {
  it('leaves a change under 5 % of the largest uncoloured and colours worse and better apart', () => {
    expect(deltaColour(0.04, 1)).toBeNull();
    expect(deltaColour(0, 0)).toBeNull();
    expect(deltaColour(1, 1)).toEqual([179, 88, 6, 255]);
    // |delta| a quarter of the largest: opacity 90 + 165 × √0.25 = 172.5 → 173.
    expect(deltaColour(-0.25, 1)).toEqual([84, 39, 136, 173]);
  });

  it('opens the seasonal view on the latest month with history', () => {
    const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, years: i === 8 ? 1 : 0, cells: [], max: 0 }));
    expect(firstShownMonth({ months }, today)).toBe(9);
    expect(firstShownMonth({ months: [] }, today)).toBe(1);
  });
});
