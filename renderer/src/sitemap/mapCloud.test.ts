import { describe, expect, it } from 'vitest';
import type { LeakPicture } from '../leak/leakFeed.js';
import { cloudImagePixels, gridBounds, inThreatZone } from './mapCloud.js';

/** A 2×3 grid (x0 = 100, y0 = 200, 10 m cells) with one chlorine leak: AEGL-3 in the south-west cell, AEGL-1 in the north-east. */
function picture(): LeakPicture {
  const values = new Float32Array([60, 0, 0, 0, 0, 3]);
  return {
    atMs: 0,
    grid: { x0: 100, y0: 200, dxM: 10, dyM: 10, nx: 2, ny: 3, zM: 0 },
    fields: [{ leakId: 'L1', valuesMgM3: values, maxMgM3: 60 }],
    zones: [
      { leakId: 'L1', level: 'AEGL-3', thresholdMgM3: 50, rings: [] },
      { leakId: 'L1', level: 'AEGL-2', thresholdMgM3: 8, rings: [] },
      { leakId: 'L1', level: 'AEGL-1', thresholdMgM3: 1.5, rings: [] },
    ],
  } as unknown as LeakPicture;
}

describe('the leak cloud on the site map', () => {
  it('spans the grid cells (values are cell centres)', () => {
    expect(gridBounds(picture().grid!)).toEqual([95, 195, 115, 225]);
  });

  it('puts the northernmost row first in the image', () => {
    const pixels = cloudImagePixels(picture(), false)!;
    // Image row 2 (bottom) holds grid row 0: its first cell is the AEGL-3 red at full zone alpha.
    const bottomLeft = (2 * 2 + 0) * 4;
    expect(pixels[bottomLeft + 3]).toBe(150);
    // Image row 0 (top) holds grid row 2: its second cell is the AEGL-1 cell.
    expect(pixels[1 * 4 + 3]).toBe(150);
    expect(pixels[0 * 4 + 3]).toBe(0);
  });

  it('hatches a drill cloud: some cells faint, others as the real one', () => {
    const real = cloudImagePixels(picture(), false)!;
    const drill = cloudImagePixels(picture(), true)!;
    const alphas = (p: Uint8ClampedArray) => [...p].filter((_, i) => i % 4 === 3);
    expect(alphas(drill)).not.toEqual(alphas(real));
    expect(alphas(drill).every((a, i) => a === alphas(real)[i] || a === Math.round(alphas(real)[i]! * 0.18))).toBe(true);
  });

  it('flags a point in the AEGL-2 zone or worse, not one in AEGL-1 only or off the grid', () => {
    expect(inThreatZone(picture(), 101, 199)).toBe(true);
    expect(inThreatZone(picture(), 110, 220)).toBe(false);
    expect(inThreatZone(picture(), 500, 500)).toBe(false);
    expect(inThreatZone(null, 101, 199)).toBe(false);
  });
});
