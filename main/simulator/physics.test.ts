import { describe, expect, it } from 'vitest';
import { diurnalShape, relativeHumidityPercent } from './ambientClimate.js';
import { mulberry32, ornsteinUhlenbeckStep, Rng } from './random.js';
import { GUARD_FRACTION, holdInWindow, operatingWindowOf, softLimit } from './sensorOperatingWindow.js';
import { vapourPressureKPaAbs } from './vapourPressure.js';
import { liquidHeightM, liquidSurfaceAreaM2, liquidVolumeM3, totalVolumeM3, type VesselShape } from './vesselGeometry.js';

describe('vessel geometry', () => {
  const shapes: VesselShape[] = [
    { kind: 'verticalCylinder', diameterM: 20, heightM: 16 },
    { kind: 'sphere', diameterM: 15 },
    { kind: 'horizontalCylinder', diameterM: 3, lengthM: 14 },
  ];
  it.each(shapes)('inverts volume to height and has dV/dh = surface area (%o)', (shape) => {
    const span = shape.kind === 'verticalCylinder' ? shape.heightM : shape.diameterM;
    expect(liquidVolumeM3(shape, span)).toBeCloseTo(totalVolumeM3(shape), 6);
    for (const fraction of [0.05, 0.3, 0.5, 0.77, 0.95]) {
      const h = fraction * span;
      expect(liquidHeightM(shape, liquidVolumeM3(shape, h))).toBeCloseTo(h, 9);
      const dh = 1e-5;
      const dVdh = (liquidVolumeM3(shape, h + dh) - liquidVolumeM3(shape, h - dh)) / (2 * dh);
      expect(dVdh / liquidSurfaceAreaM2(shape, h)).toBeCloseTo(1, 5);
    }
  });

  it('is half full at half height for a sphere and a bullet (symmetry)', () => {
    expect(liquidVolumeM3(shapes[1]!, 7.5) / totalVolumeM3(shapes[1]!)).toBeCloseTo(0.5, 12);
    expect(liquidVolumeM3(shapes[2]!, 1.5) / totalVolumeM3(shapes[2]!)).toBeCloseTo(0.5, 12);
  });
});

describe('vapour pressure (Clausius–Clapeyron, Trouton)', () => {
  it('is one atmosphere at the normal boiling point and rises with temperature', () => {
    expect(vapourPressureKPaAbs(-42.1, -42.1)).toBeCloseTo(101.325, 9);
    // Propane at 25 °C: NIST Chemistry WebBook 0.95 MPa; the two-parameter estimate gives 1.10 MPa.
    expect(vapourPressureKPaAbs(-42.1, 25) / 1000).toBeCloseTo(1.097, 3);
    expect(vapourPressureKPaAbs(-42.1, 35)).toBeGreaterThan(vapourPressureKPaAbs(-42.1, 25));
  });
});

describe('climate shapes', () => {
  it('runs the diurnal shape from −1 at 05:00 to +1 at 14:00, continuously', () => {
    expect(diurnalShape(5, 5, 14)).toBeCloseTo(-1, 12);
    expect(diurnalShape(14, 5, 14)).toBeCloseTo(1, 12);
    for (let h = 0; h < 24; h += 0.01) expect(Math.abs(diurnalShape(h + 0.01, 5, 14) - diurnalShape(h, 5, 14))).toBeLessThan(0.01);
  });

  it('gives 100 % RH at the dew point and about 50 % 10 °C above it (Magnus)', () => {
    expect(relativeHumidityPercent(20, 20)).toBeCloseTo(100, 9);
    expect(relativeHumidityPercent(30, 18.4)).toBeCloseTo(50, 0);
  });
});

describe('random processes', () => {
  it('mulberry32 is deterministic and uniform enough', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const values = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(values);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeCloseTo(0.5, 1);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  it('keeps named streams independent of one another', () => {
    expect(new Rng(1, 'wind').uniform()).not.toBe(new Rng(1, 'sensors').uniform());
    expect(new Rng(1, 'wind').uniform()).toBe(new Rng(1, 'wind').uniform());
  });

  it('gives the Ornstein–Uhlenbeck process its stationary spread whatever the step', () => {
    for (const dtS of [1, 60]) {
      const rng = new Rng(7, `ou-${dtS}`);
      let x = 0;
      let sumSq = 0;
      const n = 40_000;
      for (let i = 0; i < n; i++) {
        x = ornsteinUhlenbeckStep(x, 0, 2, 30, dtS, rng.normal());
        sumSq += x * x;
      }
      expect(Math.sqrt(sumSq / n)).toBeGreaterThan(1.85);
      expect(Math.sqrt(sumSq / n)).toBeLessThan(2.15);
    }
  });
});

describe('operating windows', () => {
  const sensor = (limits: object) => ({ id: 'X', kind: 'pressure' as const, unit: 'MPa', position: { x: 0, y: 0, z: 0 }, mountingHeightM: 1, mqttTopic: 't', limits });
  it('sets the set point mid-range, or at 70 % of a high-only limit, and guards inside the limits', () => {
    expect(operatingWindowOf(sensor({ low: 390, high: 470 }))).toMatchObject({ nominal: 430, guardLow: 430 - GUARD_FRACTION * 40, guardHigh: 430 + GUARD_FRACTION * 40 });
    const highOnly = operatingWindowOf(sensor({ high: 1.4, highHigh: 1.6 }));
    expect(highOnly.nominal).toBeCloseTo(0.98, 12);
    expect(highOnly.guardLow).toBe(-Infinity);
    expect(holdInWindow(5, highOnly)).toBeLessThanOrEqual(highOnly.guardHigh);
    expect(highOnly.guardHigh).toBeLessThan(1.4);
  });

  it('soft-limits smoothly: identity in the middle, never past the guard', () => {
    expect(softLimit(0.5, 0, 1, 0.2)).toBe(0.5);
    expect(softLimit(0.85, 0, 1, 0.2)).toBeLessThan(0.85);
    for (const x of [0.85, 1, 2, 1e6]) {
      expect(softLimit(x, 0, 1, 0.2)).toBeLessThanOrEqual(1); // tanh reaches 1.0 in floating point far out
      expect(softLimit(x, 0, 1, 0.2)).toBeGreaterThan(0.79);
    }
    expect(softLimit(-1e6, 0, 1, 0.2)).toBeGreaterThanOrEqual(0);
    expect(softLimit(0.1, 0, 1, 0.2)).toBeGreaterThan(0.1);
  });
});
