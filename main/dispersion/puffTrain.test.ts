import { describe, expect, it } from 'vitest';
import { DEFAULT_AMBIENT } from './atmosphere.js';
import { makeDispersionSetup } from './dispersionSetup.js';
import { plumeConcentration } from './gaussianPlume.js';
import { PuffTrain, type GridSpec } from './puffTrain.js';
import { toWindFrame, WindHistory } from './windHistory.js';

const plumeSetup = (h = 0) => makeDispersionSetup({ stabilityClass: 'D', sigmaScheme: 'briggs-rural', releaseHeightM: h, ambient: DEFAULT_AMBIENT });
const puffSetup = makeDispersionSetup({ stabilityClass: 'D', sigmaScheme: 'ccps-puff', releaseHeightM: 0, ambient: DEFAULT_AMBIENT });

/** ∫∫∫ C dV over z ≥ 0 by the midpoint rule on a box, kg. */
function integrateMassKg(train: PuffTrain, tS: number, box: { x0: number; x1: number; y0: number; y1: number; zTop: number }, steps: { dx: number; dz: number }): number {
  const nx = Math.round((box.x1 - box.x0) / steps.dx);
  const ny = Math.round((box.y1 - box.y0) / steps.dx);
  let sumMg = 0;
  for (let z = steps.dz / 2; z < box.zTop; z += steps.dz) {
    const grid: GridSpec = { x0: box.x0 + steps.dx / 2, y0: box.y0 + steps.dx / 2, dxM: steps.dx, dyM: steps.dx, nx, ny, zM: z };
    const out = new Float64Array(nx * ny);
    train.accumulateGrid(tS, grid, out);
    for (const v of out) sumMg += v * steps.dx * steps.dx * steps.dz;
  }
  return sumMg / 1e6;
}

describe('Gaussian puff train', () => {
  it('conserves mass: an instantaneous puff integrates to its mass within 2 %', () => {
    const wind = new WindHistory({ speedMps: 3, fromDeg: 0 });
    const train = new PuffTrain({ x: 0, y: 0, emissions: [], instantaneous: [{ tS: 0, massKg: 50 }] }, wind, puffSetup);
    // After 100 s the puff is 300 m south, σy ≈ 11 m, σz ≈ 8 m.
    const mass = integrateMassKg(train, 100, { x0: -80, x1: 80, y0: -380, y1: -220, zTop: 60 }, { dx: 1, dz: 0.5 });
    expect(Math.abs(mass - 50) / 50).toBeLessThan(0.02);
  });

  it('conserves mass: a finished 60 s release in a veering wind integrates to rate × duration within 2 %', () => {
    const wind = new WindHistory({ speedMps: 2, fromDeg: 270 }, [{ tS: 30, speedMps: 3, fromDeg: 200 }]);
    const train = new PuffTrain({ x: 0, y: 0, emissions: [{ startS: 0, endS: 60, rateKgS: 0.5 }], instantaneous: [] }, wind, plumeSetup(), { puffIntervalS: 5 });
    expect(train.releasedMassKg(150)).toBeCloseTo(30, 12);
    const mass = integrateMassKg(train, 150, { x0: -100, x1: 500, y0: -150, y1: 550, zTop: 120 }, { dx: 3, dz: 1.5 });
    expect(Math.abs(mass - 30) / 30).toBeLessThan(0.02);
  });

  it('reduces to the steady plume (same plume coefficients) in a steady wind', () => {
    for (const windFromDeg of [0, 135, 250]) {
      const wind = new WindHistory({ speedMps: 4, fromDeg: windFromDeg });
      const setup = plumeSetup(2);
      const train = new PuffTrain({ x: 50, y: -20, emissions: [{ startS: 0, endS: 3600, rateKgS: 1 }], instantaneous: [] }, wind, setup, { puffIntervalS: 2 });
      for (const [down, cross] of [[20, 0], [80, 5], [300, -20], [900, 60]] as const) {
        const [dx, dy] = [down * -Math.sin((windFromDeg * Math.PI) / 180) - cross * Math.cos((windFromDeg * Math.PI) / 180), down * -Math.cos((windFromDeg * Math.PI) / 180) + cross * Math.sin((windFromDeg * Math.PI) / 180)];
        const frame = toWindFrame(dx, dy, windFromDeg);
        expect(frame.downwindM).toBeCloseTo(down, 9);
        const steady = plumeConcentration(1e6, 4, frame.downwindM, frame.crosswindM, 1.5, setup);
        const puffs = train.concentrationAt(1800, 50 + dx, -20 + dy, 1.5);
        expect(Math.abs(puffs - steady) / steady).toBeLessThan(0.02);
      }
    }
  });

  it('bends the cloud when the wind veers: air released before the change keeps going its old way', () => {
    // Wind from the north for 100 s, then from the west.
    const wind = new WindHistory({ speedMps: 3, fromDeg: 0 }, [{ tS: 100, speedMps: 3, fromDeg: 270 }]);
    const train = new PuffTrain({ x: 0, y: 0, emissions: [{ startS: 0, endS: 1000, rateKgS: 1 }], instantaneous: [] }, wind, plumeSetup(), { puffIntervalS: 2 });
    const t = 200;
    // Gas released in the first 100 s went 300 m south, then 300 m east: the old part of the cloud sits near (300, −300).
    expect(train.concentrationAt(t, 300, -300, 0)).toBeGreaterThan(0);
    // Gas released after the change is east of the source.
    expect(train.concentrationAt(t, 150, 0, 0)).toBeGreaterThan(0);
    // Nothing straight south any more (the part of the cloud that was there has moved east).
    expect(train.concentrationAt(t, 0, -300, 0)).toBe(0);
    // A steady plume in the new wind would put nothing at (300, −300).
    expect(plumeConcentration(1e6, 3, ...Object.values(toWindFrame(300, -300, 270)) as [number, number], 0, plumeSetup())).toBeLessThan(1e-30);
  });

  it('carries a puff to the south when the wind blows from the north', () => {
    const wind = new WindHistory({ speedMps: 5, fromDeg: 0 });
    const train = new PuffTrain({ x: 10, y: 10, emissions: [], instantaneous: [{ tS: 0, massKg: 1 }] }, wind, puffSetup);
    expect(train.concentrationAt(60, 10, 10 - 300, 0)).toBeGreaterThan(0);
    expect(train.concentrationAt(60, 10, 10 + 300, 0)).toBe(0);
  });

  it('is linear in the release rate and zero before the release starts', () => {
    const wind = new WindHistory({ speedMps: 3, fromDeg: 90 });
    const make = (rate: number) => new PuffTrain({ x: 0, y: 0, emissions: [{ startS: 10, endS: 500, rateKgS: rate }], instantaneous: [] }, wind, plumeSetup());
    const one = make(1).concentrationAt(200, -200, 5, 0);
    expect(make(3).concentrationAt(200, -200, 5, 0)).toBeCloseTo(3 * one, 10);
    expect(make(1).concentrationAt(5, -20, 0, 0)).toBe(0);
  });
});
