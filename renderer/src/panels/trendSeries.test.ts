import { describe, expect, it } from 'vitest';
import { bucketParts, gapThresholdMs, mergeHistoryAndLive, seriesColumns, shiftedAWeekLater, WEEK_MS, weekBefore, type HistorySeries } from './trendSeries.js';

const T0 = Date.UTC(2026, 11, 7, 2, 0, 0);
const history: HistorySeries = {
  sensorId: 'GD-T101-C1',
  tier: '1m',
  bucketMs: 60_000,
  points: [
    { tsMs: T0, min: 1, max: 2, mean: 1.5, count: 60, badCount: 0 },
    { tsMs: T0 + 60_000, min: 1, max: 38, mean: 4, count: 60, badCount: 0 },
  ],
};

describe('trend series', () => {
  it('draws a bucket at its middle with its band, then the live samples after the last bucket', () => {
    const live: [number, number][] = [
      [T0 + 100_000, 9], // inside the last bucket: the history has it
      [T0 + 120_000, 3],
      [T0 + 121_000, Number.NaN],
      [T0 + 122_000, 2.5],
    ];
    expect(mergeHistoryAndLive(history, live, { fromMs: T0, toMs: T0 + 180_000 })).toEqual([
      { tsMs: T0 + 30_000, mean: 1.5, min: 1, max: 2 },
      { tsMs: T0 + 90_000, mean: 4, min: 1, max: 38 },
      { tsMs: T0 + 120_000, mean: 3, min: 3, max: 3 },
      { tsMs: T0 + 122_000, mean: 2.5, min: 2.5, max: 2.5 },
    ]);
  });

  it('draws a bucket still filling at the middle of what it holds, never in the future', () => {
    const filling: HistorySeries = { ...history, bucketMs: 3 * 3_600_000, points: [{ tsMs: T0, min: 1, max: 2, mean: 1.5, count: 30, badCount: 0 }] };
    expect(mergeHistoryAndLive(filling, [], { fromMs: T0 - 86_400_000, toMs: T0 + 3_600_000 })[0]!.tsMs).toBe(T0 + 1_800_000);
  });

    it('shows the live samples of the range alone without history', () => {
    expect(mergeHistoryAndLive(undefined, [[T0 - 1, 1], [T0 + 5, 2]], { fromMs: T0, toMs: T0 + 10 })).toEqual([{ tsMs: T0 + 5, mean: 2, min: 2, max: 2 }]);
  });

  it('moves last week onto this week: a week earlier read, a week later drawn, values untouched', () => {
    expect(weekBefore({ fromMs: T0, toMs: T0 + 3_600_000 })).toEqual({ fromMs: T0 - 604_800_000, toMs: T0 + 3_600_000 - 604_800_000 });
    const lastWeek = [{ tsMs: T0 - WEEK_MS + 30_000, mean: 7, min: 6, max: 8 }];
    expect(shiftedAWeekLater(lastWeek)).toEqual([{ tsMs: T0 + 30_000, mean: 7, min: 6, max: 8 }]);
    // Same local clock time in China Standard Time (UTC+8, no daylight saving).
    const cst = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(11, 19);
    expect(cst(shiftedAWeekLater(lastWeek)[0]!.tsMs)).toBe(cst(lastWeek[0]!.tsMs));
  });

  it('names the bucket for the caption', () => {
    expect(bucketParts(1000)).toEqual({ count: 1, unit: 'second' });
    expect(bucketParts(300_000)).toEqual({ count: 5, unit: 'minute' });
    expect(bucketParts(7_200_000)).toEqual({ count: 2, unit: 'hour' });
    expect(bucketParts(86_400_000)).toEqual({ count: 1, unit: 'day' });
  });

  it('breaks the line in a gap longer than the series usually steps', () => {
    const points = [0, 60_000, 120_000, 3_600_000, 3_660_000].map((tsMs) => ({ tsMs: T0 + tsMs, mean: 1, min: 1, max: 1 }));
    const gapMs = gapThresholdMs(points, 1000);
    expect(gapMs).toBe(300_000); // five of its usual 60 s steps, though the buckets are 1 s
    const columns = seriesColumns(points, gapMs);
    expect(columns.mean).toEqual([1, 1, 1, null, 1, 1]);
    expect(columns.xs[3]).toBe((T0 + 120_000 + T0 + 3_600_000) / 2000);
    expect(columns.xs[0]).toBe(T0 / 1000);
  });
});
