import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema } from '../contracts/index.js';
import { briggsOpenCountryClassD, gaussianPlumeMgPerM3, mgPerM3ToPpm, plumeCoordinates, ppmToPercentLel } from './gaussianPlume.js';
import { PlantSimulation, type SimulationFrame } from './PlantSimulation.js';

const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const START = Date.UTC(2025, 6, 15, 2, 0, 0);
const FROM_WEST = { fromDeg: 270, speedMps: 3 };
const reading = (frame: SimulationFrame, id: string) => frame.sensors.find((s) => s.sensorId === id)!;

/** A simulation with the wind held, stepped a few minutes into a leak at T-101 (benzene). */
function leakAtT101(releaseRateKgPerS: number, options: { noise?: boolean; wind?: { fromDeg: number; speedMps: number } } = {}): SimulationFrame {
  const sim = new PlantSimulation(scene, 1, START, { measurementNoise: options.noise ?? false });
  sim.setWind(options.wind ?? FROM_WEST);
  sim.step(START);
  const outcome = sim.applyCommand({ scenario: 'gasLeak', equipmentId: 'T-101', releaseRateKgPerS }, START);
  expect(outcome).toEqual({ ok: true, summary: `gas leak: ${releaseRateKgPerS} kg/s of benzene at T-101` });
  let frame = sim.step(START + 1_000);
  for (let t = START + 10_000; t <= START + 600_000; t += 10_000) frame = sim.step(t);
  return frame;
}

describe('plume formulas', () => {
  it('converts mg/m³ to ppm at 25 °C and ppm to %LEL', () => {
    // Benzene, M = 78.114 g/mol: 1000 mg/m³ × 24.45 / 78.114 = 313.0 ppm.
    expect(mgPerM3ToPpm(1000, 78.114)).toBeCloseTo(313.004, 3);
    // LEL 1.2 % vol = 12 000 ppm: 6000 ppm is 50 %LEL.
    expect(ppmToPercentLel(6000, 1.2)).toBeCloseTo(50, 10);
  });

  it('uses the Briggs open-country class D coefficients', () => {
    // Turner (1994) / Hanna et al. (1982): at 1 km, σy = 80/√1.1 = 76.3 m, σz = 60/√2.5 = 37.9 m.
    const { sigmaYM, sigmaZM } = briggsOpenCountryClassD(1000);
    expect(sigmaYM).toBeCloseTo(76.28, 2);
    expect(sigmaZM).toBeCloseTo(37.95, 2);
  });

  it('places receptors downwind of a meteorological wind direction', () => {
    // Wind from the west blows east: a point 10 m east is 10 m downwind, one 10 m west is upwind.
    expect(plumeCoordinates([0, 0], [10, 0], 270).downwindM).toBeCloseTo(10, 10);
    expect(plumeCoordinates([0, 0], [-10, 0], 270).downwindM).toBeCloseTo(-10, 10);
    // Wind from the north blows south.
    expect(plumeCoordinates([0, 0], [0, -10], 0).downwindM).toBeCloseTo(10, 10);
    expect(gaussianPlumeMgPerM3({ emissionRateKgPerS: 1, windSpeedMps: 3, downwindM: -5, crosswindM: 0, receptorHeightM: 1, releaseHeightM: 1, initialSigmaYM: 1, initialSigmaZM: 1 })).toBe(0);
  });
});

describe('gas leak scenario', () => {
  it('reaches the detectors downwind (east of T-101 in a west wind) and not those upwind', () => {
    const frame = leakAtT101(1);
    const east = ['GD-T101-C1', 'GD-T101-T1', 'GD-T102-C1', 'GD-T102-C2', 'GD-T102-T1', 'GD-T102-T2'];
    const west = ['GD-T101-C2', 'GD-T101-T2'];
    for (const id of east) expect(reading(frame, id).value, id).toBeGreaterThan(0);
    for (const id of west) expect(reading(frame, id).value, id).toBe(0);
    // Another substance's toxic cell does not respond; far-off detectors see nothing.
    expect(reading(frame, 'GD-S203-T1').value).toBe(0);
    expect(reading(frame, 'GD-R201-C1').value).toBe(0);
  });

  it('matches a hand calculation of the Gaussian plume for GD-T101-C1 (%LEL) and GD-T101-T1 (ppm)', () => {
    // GD-T101-C1 at (244.9, 204.9), 0.5 m up; T-101 (Ø 20 m) at (235, 195); wind from 270° at 3 m/s:
    // x = 9.9 m downwind, y = 9.9 m crosswind.
    const x = 9.9;
    const y = 9.9;
    const sigmaY = Math.sqrt(((0.08 * x) / Math.sqrt(1 + 0.0001 * x)) ** 2 + (20 / 4.3) ** 2); // 4.718 m
    const sigmaZ = Math.sqrt(((0.06 * x) / Math.sqrt(1 + 0.0015 * x)) ** 2 + (2 / 2.15) ** 2); // 1.101 m
    const z = 0.5;
    const h = 1;
    const concentration = (qKgPerS: number) =>
      ((qKgPerS * 1e6) / (2 * Math.PI * 3 * sigmaY * sigmaZ)) *
      Math.exp(-(y * y) / (2 * sigmaY ** 2)) *
      (Math.exp(-((z - h) ** 2) / (2 * sigmaZ ** 2)) + Math.exp(-((z + h) ** 2) / (2 * sigmaZ ** 2)));
    const ppm = (q: number) => (concentration(q) * 24.45) / 78.114;
    // 1 kg/s: 1466 mg/m³ = 458.8 ppm = 3.82 %LEL of benzene (LEL 1.2 % vol).
    expect(concentration(1)).toBeCloseTo(1465.8, 0);
    expect((ppm(1) / (1.2 * 1e4)) * 100).toBeCloseTo(3.823, 3);
    expect(reading(leakAtT101(1), 'GD-T101-C1').value).toBeCloseTo(3.8, 5); // published to 0.1 %LEL
    // GD-T101-T1 at (244.9, 185.1) mirrors C1 across the plume axis; 0.02 kg/s keeps it inside its 30 ppm range.
    const small = leakAtT101(0.02);
    expect(ppm(0.02)).toBeCloseTo(9.176, 3);
    expect(reading(small, 'GD-T101-T1').value).toBeCloseTo(ppm(0.02), 3);
    expect(reading(small, 'GD-T101-T1').quality).toBe('good');
  });

  it('rises with the release rate and saturates over range with uncertain quality', () => {
    const low = leakAtT101(1);
    const high = leakAtT101(3);
    expect(reading(high, 'GD-T101-C1').value).toBeGreaterThan(2.5 * reading(low, 'GD-T101-C1').value);
    expect(reading(high, 'GD-T102-C2').value).toBeGreaterThan(reading(low, 'GD-T102-C2').value);
    // 1 kg/s of benzene is ~460 ppm at the toxic cell: beyond its 0–30 ppm range.
    expect(reading(low, 'GD-T101-T1')).toMatchObject({ value: 30, quality: 'uncertain' });
  });

  it('keeps upwind detectors near zero with noise on, and follows the wind when it turns', () => {
    const noisy = leakAtT101(3, { noise: true });
    expect(reading(noisy, 'GD-T101-C2').value).toBeLessThan(2); // zero drift and noise only
    expect(reading(noisy, 'GD-T101-C1').value).toBeGreaterThan(8);
    const fromEast = leakAtT101(3, { wind: { fromDeg: 90, speedMps: 3 } });
    expect(reading(fromEast, 'GD-T101-C2').value).toBeGreaterThan(8);
    expect(reading(fromEast, 'GD-T101-C1').value).toBe(0);
  });

  it('builds up with the detector response time and clears after the release ends', () => {
    const sim = new PlantSimulation(scene, 1, START, { measurementNoise: false });
    sim.setWind(FROM_WEST);
    sim.step(START);
    sim.applyCommand({ scenario: 'gasLeak', equipmentId: 'T-101', releaseRateKgPerS: 3, durationS: 300 }, START);
    const early = reading(sim.step(START + 10_000), 'GD-T101-C1').value;
    const steady = reading(sim.step(START + 240_000), 'GD-T101-C1').value;
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(0.7 * steady); // T90 ≈ 30 s
    expect(reading(sim.step(START + 600_000), 'GD-T101-C1').value).toBe(0);
    expect(sim.activeScenarios().leaks).toEqual([]);
  });

  it('refuses a leak at equipment that does not exist or holds nothing', () => {
    const sim = new PlantSimulation(scene, 1, START);
    expect(sim.applyCommand({ scenario: 'gasLeak', equipmentId: 'T-999', releaseRateKgPerS: 1 }, START)).toEqual({ ok: false, reason: 'no equipment "T-999" in the scene' });
    expect(sim.applyCommand({ scenario: 'gasLeak', equipmentId: 'B-CTRL', releaseRateKgPerS: 1 }, START)).toEqual({ ok: false, reason: 'equipment "B-CTRL" holds no substance to leak' });
  });
});
