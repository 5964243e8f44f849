import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema, type Sensor } from '../contracts/index.js';
import { LeakService } from '../dispersion/index.js';
import type { LeakModelChoice } from './gasLeaks.js';
import { PlantSimulation, type SimulationFrame } from './PlantSimulation.js';
import { operatingWindowOf, resolutionOf } from './sensorOperatingWindow.js';
import type { Wind } from './WindModel.js';

const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
/**
 * Local midnight at the demo site (121.3° E): night, so under the engine's default 5/10 cloud the net radiation
 * index is -1 and a 3 m/s wind (6 knots) is class E (EPA-454/R-99-005 tables 6-4 and 6-6).
 */
const NIGHT = Date.UTC(2025, 6, 15, 16, 0, 0);
const DAY = Date.UTC(2025, 6, 15, 2, 0, 0);
const sensorById = new Map(scene.sensors.map((s) => [s.id, s]));
const reading = (frame: SimulationFrame, id: string) => frame.sensors.find((s) => s.sensorId === id)!;

type Leak = { equipmentId: string; releaseRateKgPerS: number; durationS?: number };

/** A simulation with the wind held and a leak started at `start`, stepped every 10 s to `start + untilS`. */
function simulateLeak(leak: Leak, wind: Wind, options: { start?: number; untilS?: number; model?: LeakModelChoice; noise?: boolean } = {}): { sim: PlantSimulation; frame: SimulationFrame; summary: string } {
  const start = options.start ?? NIGHT;
  const sim = new PlantSimulation(scene, 1, start, { measurementNoise: options.noise ?? false, ...(options.model ? { leakModel: options.model } : {}) });
  sim.setWind(wind);
  sim.step(start);
  const outcome = sim.applyCommand({ scenario: 'gasLeak', ...leak }, start);
  if (!outcome.ok) throw new Error(outcome.reason);
  let frame = sim.step(start + 1_000);
  for (let t = start + 10_000; t <= start + (options.untilS ?? 600) * 1000; t += 10_000) frame = sim.step(t);
  return { sim, frame, summary: outcome.summary };
}

/** The engine's own predicted detector readings (LeakService, as the control room runs it) for the same leak, wind and times. */
function enginePrediction(leak: Leak, wind: Wind, model: LeakModelChoice, atS: number, sensors: Sensor[] = scene.sensors): Map<string, number> {
  let now = NIGHT;
  const service = new LeakService({ ...scene, sensors }, { clock: () => now });
  service.updateWind({ ...wind, atMs: now });
  service.startLeak({ equipmentId: leak.equipmentId, rateKgS: leak.releaseRateKgPerS, model });
  now += atS * 1000;
  const predicted = new Map<string, number>();
  for (const d of service.recompute(now).detectors) predicted.set(d.sensorId, (predicted.get(d.sensorId) ?? 0) + d.value);
  return predicted;
}

/** What a noise-free detector shows for a true value: rounded to its resolution, saturated at its range maximum. */
function expectReads(frame: SimulationFrame, sensorId: string, trueValue: number): void {
  const sensor = sensorById.get(sensorId)!;
  const sample = reading(frame, sensorId);
  if (sensor.rangeMax !== undefined && trueValue > sensor.rangeMax) {
    expect(sample, sensorId).toMatchObject({ value: sensor.rangeMax, quality: 'uncertain' });
    return;
  }
  expect(Math.abs(sample.value - trueValue), `${sensorId}: ${sample.value} vs ${trueValue}`).toBeLessThanOrEqual(resolutionOf(sensor, operatingWindowOf(sensor)) / 2 + 1e-9);
  expect(sample.quality).toBe('good');
}

describe('gas leak scenario: detector readings from the dispersion engine', () => {
  it('a passive leak (model forced to gaussian) reads the Gaussian plume formula at steady state', () => {
    // Independent check, Turner (1970) Workbook eq. 3.1 with ground reflection and the Briggs (1973)
    // open-country class E sigmas (Hanna, Briggs & Hosker 1982, table 4.5); the engine's release is
    // a point source 1 m up (DEFAULT_LEAK_HEIGHT_M) at the tank centre, transported at the 10 m wind.
    const gaussian = (qKgPerS: number, x: number, z: number, u: number) => {
      const sy = (0.06 * x) / Math.sqrt(1 + 0.0001 * x);
      const sz = (0.03 * x) / (1 + 0.0003 * x);
      const h = 1;
      return ((qKgPerS * 1e6) / (2 * Math.PI * u * sy * sz)) * (Math.exp(-((z - h) ** 2) / (2 * sz * sz)) + Math.exp(-((z + h) ** 2) / (2 * sz * sz)));
    };
    // ppm at 25 °C and 1 atm: C·RT/(P·M), R = 8.314462618 J/(mol·K); benzene M = 78.11 g/mol, LEL 1.2 % vol.
    const ppm = (mgM3: number) => (mgM3 * ((8.314462618 * 298.15) / 101_325) * 1000) / 78.11;
    // GD-T101-T1 (244.9, 185.1), 0.5 m up, is 14.0 m straight downwind of T-101 (235, 195) in a wind from 315°.
    const x = Math.hypot(9.9, 9.9);
    const toxic = simulateLeak({ equipmentId: 'T-101', releaseRateKgPerS: 0.001 }, { fromDeg: 315, speedMps: 3 }, { model: 'gaussian' });
    expect(toxic.summary).toBe('gas leak: 0.001 kg/s of benzene at T-101 for 3600 s (gaussian-puff-train)');
    const expectedPpm = ppm(gaussian(0.001, x, 0.5, 3)); // 23.2 ppm
    expect(expectedPpm).toBeCloseTo(23.2, 1);
    // Within 1 % (1.5 % for the %LEL reading below): the puff train releases a slug every 5 s, 15 m apart
    // at 3 m/s, so 14 m from the source its sum departs a little more from the continuous plume than the
    // 0.4 % it keeps beyond 20 m.
    expect(Math.abs(reading(toxic.frame, 'GD-T101-T1').value / expectedPpm - 1)).toBeLessThan(0.01);
    // GD-T101-C1 (244.9, 204.9) likewise in a wind from 225°; 0.05 kg/s is 9.7 %LEL there.
    const flammable = simulateLeak({ equipmentId: 'T-101', releaseRateKgPerS: 0.05 }, { fromDeg: 225, speedMps: 3 }, { model: 'gaussian' });
    const expectedLel = (ppm(gaussian(0.05, x, 0.5, 3)) / (1.2 * 1e4)) * 100;
    expect(Math.abs(reading(flammable.frame, 'GD-T101-C1').value / expectedLel - 1)).toBeLessThan(0.015);
    // Off the plume axis (14 m crosswind) and upwind: nothing.
    expect(reading(flammable.frame, 'GD-T101-T1').value).toBe(0);
    expect(reading(flammable.frame, 'GD-T101-C2').value).toBe(0);
  });

  it.each([
    { name: 'benzene at T-101, auto (dense)', leak: { equipmentId: 'T-101', releaseRateKgPerS: 0.01 }, wind: { fromDeg: 225, speedMps: 3 }, model: 'auto' as const },
    { name: 'benzene at T-101, gaussian', leak: { equipmentId: 'T-101', releaseRateKgPerS: 0.3 }, wind: { fromDeg: 250, speedMps: 2 }, model: 'gaussian' as const },
    { name: 'chlorine at B-301, auto (dense)', leak: { equipmentId: 'B-301', releaseRateKgPerS: 0.05 }, wind: { fromDeg: 200, speedMps: 4 }, model: 'auto' as const },
  ])('every gas detector reads what the engine predicts at its position, height and unit: $name', ({ leak, wind, model }) => {
    const { frame } = simulateLeak(leak, wind, { model });
    const predicted = enginePrediction(leak, wind, model, 600);
    expect([...predicted.values()].some((v) => v > 0)).toBe(true);
    for (const sensor of scene.sensors.filter((s) => s.kind === 'gas')) expectReads(frame, sensor.id, predicted.get(sensor.id) ?? 0);
  });

  it('dilutes the oxygen reading by the leaked gas the engine predicts at the O2 cell', () => {
    const leak = { equipmentId: 'T-103', releaseRateKgPerS: 5 };
    const wind = { fromDeg: 347, speedMps: 3 };
    const { frame } = simulateLeak(leak, wind);
    // The engine's methanol concentration at O2-VPIT-1's place and height, asked for as a ppm cell there.
    const o2 = sensorById.get('O2-VPIT-1')!;
    const probe: Sensor = { ...o2, id: 'probe', kind: 'gas', unit: 'ppm', substanceId: 'methanol', limits: {} };
    const methanolPpm = enginePrediction(leak, wind, 'auto', 600, [probe]).get('probe')!;
    expect(methanolPpm).toBeGreaterThan(1e5);
    expectReads(frame, 'O2-VPIT-1', 20.9 * (1 - methanolPpm / 1e6));
  });

  it('a dense chlorine leak at B-301 alarms the downwind detector and not the upwind one', () => {
    // Wind from the south-west: GD-B301-T1 (364.1, 187.1) is 10 m downwind of B-301 (357, 180), GD-B301-T3 (347.3, 182.6) 5 m upwind.
    const { frame, summary } = simulateLeak({ equipmentId: 'B-301', releaseRateKgPerS: 1 }, { fromDeg: 225, speedMps: 3 }, { start: DAY });
    expect(summary).toBe('gas leak: 1 kg/s of chlorine at B-301 for 3600 s (britter-mcquaid-plume)');
    expect(reading(frame, 'GD-B301-T1').value).toBeGreaterThanOrEqual(sensorById.get('GD-B301-T1')!.limits.highHigh!);
    expect(reading(frame, 'GD-B301-T3').value).toBe(0);
    // Other substances' toxic cells do not respond.
    expect(reading(frame, 'GD-S203-T1').value).toBe(0);
  });

  it('reads zero until the cloud arrives (transport delay), then builds up with the detector response', () => {
    // 1 m/s: the dense benzene cloud's front reaches GD-T101-C1, 14 m downwind of T-101, after 14 s.
    const sim = new PlantSimulation(scene, 1, DAY, { measurementNoise: false });
    sim.setWind({ fromDeg: 225, speedMps: 1 });
    sim.step(DAY);
    expect(sim.applyCommand({ scenario: 'gasLeak', equipmentId: 'T-101', releaseRateKgPerS: 0.01 }, DAY)).toMatchObject({ summary: expect.stringMatching(/britter-mcquaid-plume/) });
    for (let t = DAY + 1_000; t <= DAY + 13_000; t += 1_000) expect(reading(sim.step(t), 'GD-T101-C1').value, `${(t - DAY) / 1000} s`).toBe(0);
    // T90 ≈ 30 s: a few seconds after the front the reading is still well below its steady value.
    const early = reading(sim.step(DAY + 20_000), 'GD-T101-C1').value;
    const steady = reading(sim.step(DAY + 240_000), 'GD-T101-C1').value;
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(0.7 * steady);
    expect(steady).toBeLessThan(100);
    // The passive puff train has its own delay: 14 m at 3 m/s.
    const passive = new PlantSimulation(scene, 1, NIGHT, { measurementNoise: false, leakModel: 'gaussian' });
    passive.setWind({ fromDeg: 315, speedMps: 3 });
    passive.step(NIGHT);
    passive.applyCommand({ scenario: 'gasLeak', equipmentId: 'T-101', releaseRateKgPerS: 0.001 }, NIGHT);
    expect(reading(passive.step(NIGHT + 2_000), 'GD-T101-T1').value).toBe(0);
    expect(reading(passive.step(NIGHT + 30_000), 'GD-T101-T1').value).toBeGreaterThan(1);
  });

  it('clears after the release ends, and at once on "clear"', () => {
    const ended = simulateLeak({ equipmentId: 'B-301', releaseRateKgPerS: 1, durationS: 300 }, { fromDeg: 225, speedMps: 3 }, { start: DAY, untilS: 240 });
    expect(reading(ended.frame, 'GD-B301-T1').value).toBeGreaterThan(0);
    expect(ended.sim.activeScenarios().leaks).toEqual([{ equipmentId: 'B-301', releaseRateKgPerS: 1, model: 'britter-mcquaid-plume' }]);
    expect(reading(ended.sim.step(DAY + 600_000), 'GD-B301-T1').value).toBe(0);
    expect(ended.sim.activeScenarios().leaks).toEqual([]);

    const cleared = simulateLeak({ equipmentId: 'B-301', releaseRateKgPerS: 1 }, { fromDeg: 225, speedMps: 3 }, { start: DAY, untilS: 120 });
    expect(cleared.sim.applyCommand({ scenario: 'clear' }, DAY + 120_000)).toEqual({ ok: true, summary: 'all scenarios cleared' });
    expect(cleared.sim.activeScenarios().leaks).toEqual([]);
    expect(reading(cleared.sim.step(DAY + 480_000), 'GD-B301-T1').value).toBe(0);
  });

  it('is deterministic for a seed and the same sequence of step and command times, with the wind wandering', () => {
    const run = (seed: number) => {
      const sim = new PlantSimulation(scene, seed, DAY);
      const frames: SimulationFrame[] = [];
      for (let t = DAY; t <= DAY + 300_000; t += 1_000) {
        if (t === DAY + 20_000) sim.applyCommand({ scenario: 'gasLeak', equipmentId: 'S-201', releaseRateKgPerS: 2 }, t);
        frames.push(sim.step(t));
      }
      return frames.map((f) => f.sensors.filter((s) => s.sensorId.startsWith('GD-') || s.sensorId.startsWith('O2-')));
    };
    const first = run(5);
    expect(first.at(-1)!.some((s) => s.sensorId.startsWith('GD-S20') && s.value > 5)).toBe(true);
    expect(run(5)).toEqual(first);
    expect(run(6)).not.toEqual(first);
  });

  it('refuses a leak the engine cannot model, and changes nothing', () => {
    const sim = new PlantSimulation(scene, 1, DAY);
    expect(sim.applyCommand({ scenario: 'gasLeak', equipmentId: 'T-999', releaseRateKgPerS: 1 }, DAY)).toEqual({ ok: false, reason: 'no equipment "T-999" in the scene' });
    expect(sim.applyCommand({ scenario: 'gasLeak', equipmentId: 'B-CTRL', releaseRateKgPerS: 1 }, DAY)).toEqual({ ok: false, reason: 'equipment "B-CTRL" holds no substance' });
    expect(sim.applyCommand({ scenario: 'gasLeak', equipmentId: 'T-101', releaseRateKgPerS: 1, durationS: 200_000 }, DAY).ok).toBe(false);
    expect(sim.activeScenarios().leaks).toEqual([]);
  });
});
