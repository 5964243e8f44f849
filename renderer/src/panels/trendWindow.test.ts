import { describe, expect, it } from 'vitest';
import { activePreset, historyRefreshMs, MAX_SPAN_MS, maxPointsFor, MIN_SPAN_MS, panWindow, presetWindow, resolveWindow, windowAround, windowForKey, zoomWindow } from './trendWindow.js';

const NOW = Date.UTC(2026, 11, 7, 3, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;

describe('trend window', () => {
  it('resolves a following window to end now and a fixed one to its end', () => {
    expect(resolveWindow({ spanMs: 10 * MIN, endMs: 'now' }, NOW)).toEqual({ fromMs: NOW - 10 * MIN, toMs: NOW });
    expect(resolveWindow({ spanMs: DAY, endMs: NOW - DAY }, NOW)).toEqual({ fromMs: NOW - 2 * DAY, toMs: NOW - DAY });
  });

  it('has presets from 10 minutes to a year, and knows which one is shown', () => {
    expect(presetWindow('10m')).toEqual({ spanMs: 10 * MIN, endMs: 'now' });
    expect(presetWindow('30d')).toEqual({ spanMs: 30 * DAY, endMs: 'now' });
    expect(presetWindow('1y').spanMs).toBe(365 * DAY);
    expect(activePreset(presetWindow('7d'))).toBe('7d');
    expect(activePreset({ spanMs: 7 * DAY, endMs: NOW - DAY })).toBeNull();
    expect(activePreset({ spanMs: 3 * MIN, endMs: 'now' })).toBeNull();
  });

  it('zooms about the anchor: the time under the pointer stays under it', () => {
    const fixed = { spanMs: 4 * DAY, endMs: NOW - 10 * DAY };
    const anchorFraction = 0.25;
    const before = resolveWindow(fixed, NOW);
    const anchorMs = before.fromMs + anchorFraction * fixed.spanMs;
    const zoomed = zoomWindow(fixed, 0.5, anchorFraction, NOW);
    expect(zoomed.spanMs).toBe(2 * DAY);
    const after = resolveWindow(zoomed, NOW);
    expect(after.fromMs + anchorFraction * zoomed.spanMs).toBe(anchorMs);
  });

  it('keeps a following window pinned to now when zooming, and bounds the span', () => {
    expect(zoomWindow(presetWindow('1h'), 2, 0.1, NOW)).toEqual({ spanMs: 2 * 3_600_000, endMs: 'now' });
    expect(zoomWindow(presetWindow('10m'), 0.01, 0.5, NOW).spanMs).toBe(MIN_SPAN_MS);
    expect(zoomWindow(presetWindow('1y'), 100, 0.5, NOW).spanMs).toBe(MAX_SPAN_MS);
  });

  it('zooming out of a past window until it reaches now follows now again', () => {
    const fixed = { spanMs: DAY, endMs: NOW - 2 * 3_600_000 };
    expect(zoomWindow(fixed, 4, 0.5, NOW).endMs).toBe('now');
  });

  it('pans back in time, and forward past now follows the present', () => {
    const back = panWindow(presetWindow('1d'), -DAY / 2, NOW);
    expect(back).toEqual({ spanMs: DAY, endMs: NOW - DAY / 2 });
    expect(panWindow(back, DAY, NOW)).toEqual({ spanMs: DAY, endMs: 'now' });
  });

  it('maps keys: arrows a tenth, Page Up/Down a span, +/− zoom by 2, End to now, others nothing', () => {
    const w = { spanMs: 10 * DAY, endMs: NOW - 20 * DAY };
    expect(windowForKey(w, 'ArrowLeft', NOW)).toEqual({ spanMs: 10 * DAY, endMs: NOW - 21 * DAY });
    expect(windowForKey(w, 'ArrowRight', NOW)).toEqual({ spanMs: 10 * DAY, endMs: NOW - 19 * DAY });
    expect(windowForKey(w, 'PageUp', NOW)).toEqual({ spanMs: 10 * DAY, endMs: NOW - 30 * DAY });
    expect(windowForKey(w, '+', NOW)).toEqual({ spanMs: 5 * DAY, endMs: NOW - 22.5 * DAY });
    expect(windowForKey(w, '-', NOW)).toEqual({ spanMs: 20 * DAY, endMs: NOW - 15 * DAY });
    expect(windowForKey(w, 'End', NOW)).toEqual({ spanMs: 10 * DAY, endMs: 'now' });
    expect(windowForKey(w, 'a', NOW)).toBeNull();
  });

  it('centres a window on a chosen instant', () => {
    const w = windowAround(NOW - 5 * DAY, 3_600_000, NOW);
    expect(resolveWindow(w, NOW)).toEqual({ fromMs: NOW - 5 * DAY - 1_800_000, toMs: NOW - 5 * DAY + 1_800_000 });
  });

  it('asks the history for one bucket per plot pixel, within the API bounds (range → step)', () => {
    expect(maxPointsFor(372.4)).toBe(372);
    expect(maxPointsFor(3)).toBe(10);
    expect(maxPointsFor(20_000)).toBe(10_000);
    // At 400 px the core's display bucket (main/historian/querySamples.ts displayBucket) is range / 400:
    // 10 min → 1.5 s (raw, 2 s buckets), 30 days → 108 min (1-h tier, 2 h buckets), a year → 22 h (1-h tier).
    expect(Math.ceil((30 * DAY) / maxPointsFor(400)) / 60_000).toBe(108);
  });

  it('re-reads a following window about every 200th of its span, between 10 s and 10 min', () => {
    expect(historyRefreshMs(10 * MIN)).toBe(10_000);
    expect(historyRefreshMs(DAY)).toBe(432_000);
    expect(historyRefreshMs(365 * DAY)).toBe(600_000);
  });
});
