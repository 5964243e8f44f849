import { describe, expect, it } from 'vitest';
import { RateOfChangeWindow } from './RateOfChangeWindow.js';

describe('rate of change over a window', () => {
  it('has no rate until a full window of history exists', () => {
    const window = new RateOfChangeWindow(60_000);
    expect(window.add(0, 20)).toBeUndefined();
    expect(window.add(10_000, 25)).toBeUndefined();
    expect(window.add(59_999, 30)).toBeUndefined();
    // Anchor is the sample at 0 (60 s old): (32 − 20) / 60 s = 12 per minute.
    expect(window.add(60_000, 32)).toBe(12);
  });

  it('measures against the newest sample at least one window old, in either direction', () => {
    const window = new RateOfChangeWindow(60_000);
    for (let t = 0; t <= 60_000; t += 10_000) window.add(t, 100);
    // At 70 s the anchor is the sample at 10 s: (70 − 100) / 60 s.
    expect(window.add(70_000, 70)).toBe(-30);
    // At 90 s the anchor is the sample at 30 s, still 100.
    expect(window.add(90_000, 70)).toBe(-30);
  });

  it('keeps a bounded number of samples at any sample rate', () => {
    const window = new RateOfChangeWindow(60_000, 120);
    for (let t = 0; t <= 600_000; t += 10) window.add(t, t / 1_000);
    expect(window.keptSamples).toBeLessThanOrEqual(122);
    // The signal rises 1 unit per second = 60 per minute; the anchor lies at most 0.5 s back.
    expect(window.add(600_010, 600.01)).toBeCloseTo(60, 6);
  });

  it('forgets everything on reset', () => {
    const window = new RateOfChangeWindow(1_000);
    window.add(0, 0);
    window.reset();
    expect(window.keptSamples).toBe(0);
    expect(window.add(1_000, 5)).toBeUndefined();
  });
});
