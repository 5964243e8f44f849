import { describe, expect, it } from 'vitest';
import { minimumBox, minimumFontPx, scaleBarStep, scaleLabel, stationWind, windArrow } from './mapGraphics.js';

describe('scale bar', () => {
  it('takes the longest 1-2-5 length that fits', () => {
    // 0.5 px/m, 120 px → 240 m fits: 200 m (100 px).
    expect(scaleBarStep(0.5, 120)).toEqual({ lengthM: 200, widthPx: 100 });
    // 2 px/m, 120 px → 60 m: 50 m.
    expect(scaleBarStep(2, 120)).toEqual({ lengthM: 50, widthPx: 100 });
    // 0.01 px/m, 120 px → 12 km: 10 km.
    expect(scaleBarStep(0.01, 120).lengthM).toBe(10_000);
  });

  it('takes an exact power of ten that just fits (log10 rounding)', () => {
    expect(scaleBarStep(0.12, 120).lengthM).toBe(1000);
    expect(scaleBarStep(1, 100).lengthM).toBe(100);
  });

  it('never draws a bar wider than allowed', () => {
    for (let ppm = 0.003; ppm < 50; ppm *= 1.37) {
      const { lengthM, widthPx } = scaleBarStep(ppm, 150);
      expect(widthPx).toBeLessThanOrEqual(150 + 1e-9);
      expect(widthPx).toBeGreaterThan(150 / 2.5 - 1e-9);
      expect([1, 2, 5]).toContain(Number((lengthM / 10 ** Math.floor(Math.log10(lengthM) + 1e-9)).toPrecision(3)));
    }
  });

  it('labels kilometres from 1000 m', () => {
    expect(scaleLabel(500)).toEqual({ value: 500, unit: 'm' });
    expect(scaleLabel(2000)).toEqual({ value: 2, unit: 'km' });
  });
});

describe('wind arrow', () => {
  it('points downwind: wind from the north blows south', () => {
    expect(windArrow(0, 3)!.rotationDeg).toBe(180);
    expect(windArrow(270, 3)!.rotationDeg).toBe(90);
    expect(windArrow(135, 3)!.rotationDeg).toBe(315);
  });

  it('is calm below 0.5 m/s and absent without readings', () => {
    expect(windArrow(90, 0.3)!.calm).toBe(true);
    expect(windArrow(90, 0.5)!.calm).toBe(false);
    expect(windArrow(Number.NaN, 2)).toBeNull();
  });

  it('reads the weather station sensors by kind', () => {
    const scene = { sensors: [{ kind: 'gas' }, { kind: 'windDirection' }, { kind: 'windSpeed' }] } as never;
    expect(stationWind(scene, [1, 225, 4.2])).toEqual({ fromDeg: 225, speedMps: 4.2 });
    expect(stationWind(scene, [1, Number.NaN, 4.2])).toBeNull();
  });
});

describe('minimum detection box', () => {
  it('grows a 4×8 px box about its centre to the minimum on screen', () => {
    // 1920 px image drawn 480 px wide: 1 screen px = 4 image px; minimum 24 px on screen = 96 image px.
    const [x, y, w, h] = minimumBox([1000, 500, 16, 32], 1920, 1080, 480, 24);
    expect([w, h]).toEqual([96, 96]);
    expect(x + w / 2).toBe(1008);
    expect(y + h / 2).toBe(516);
  });

  it('keeps a large box as it is and a grown box inside the image', () => {
    expect(minimumBox([100, 100, 400, 300], 1920, 1080, 480, 24)).toEqual([100, 100, 400, 300]);
    const [x, y] = minimumBox([0, 1078, 2, 2], 1920, 1080, 480, 24);
    expect(x).toBe(0);
    expect(y).toBe(1080 - 96);
  });

  it('scales label text to stay readable on small tiles', () => {
    expect(minimumFontPx(38, 1920, 480, 14)).toBe(56);
    expect(minimumFontPx(38, 1920, 1920, 14)).toBe(38);
  });
});
