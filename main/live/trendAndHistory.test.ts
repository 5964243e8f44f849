import { describe, expect, it } from 'vitest';
import type { AlarmTransition } from '../contracts/index.js';
import { AlarmHistory } from './AlarmHistory.js';
import { TrendBuffer } from './TrendBuffer.js';

describe('trend buffer', () => {
  it('keeps one point per slot for the span, oldest first, last sample in a slot winning', () => {
    const trend = new TrendBuffer(2, 10_000, 2_000);
    const t0 = 1_000_000;
    trend.record(0, 1, t0);
    trend.record(0, 2, t0 + 500); // same 2 s slot: replaces
    trend.record(0, 3, t0 + 2_000);
    trend.record(1, 9, t0);
    expect(trend.series(0, t0 + 2_000)).toEqual([[t0, 2], [t0 + 2_000, 3]]);
    expect(trend.series(1, t0 + 2_000)).toEqual([[t0, 9]]);
  });

  it('forgets points older than the span and overwrites the ring', () => {
    const trend = new TrendBuffer(1, 10_000, 2_000);
    for (let s = 0; s < 20; s++) trend.record(0, s, s * 2_000);
    const series = trend.series(0, 19 * 2_000);
    expect(series.map(([, v]) => v)).toEqual([15, 16, 17, 18, 19]);
    expect(trend.series(0, 19 * 2_000, 4_000).map(([, v]) => v)).toEqual([18, 19]);
    expect(trend.series(5, 0)).toEqual([]);
  });
});

describe('alarm history', () => {
  const transition = (sourceId: string, atMs: number) => ({ alarm: { sourceId }, atMs }) as unknown as AlarmTransition;
  it('returns the newest first, per source, bounded', () => {
    const history = new AlarmHistory(3);
    history.record(transition('a', 1));
    history.record(transition('b', 2));
    history.record(transition('a', 3));
    history.record(transition('a', 4));
    expect(history.recent(10).map((t) => t.atMs)).toEqual([4, 3, 2]);
    expect(history.recent(10, 'a').map((t) => t.atMs)).toEqual([4, 3]);
    expect(history.recent(1, 'a').map((t) => t.atMs)).toEqual([4]);
  });
});
