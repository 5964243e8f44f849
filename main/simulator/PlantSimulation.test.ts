import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema, type Sensor } from '../contracts/index.js';
import { localSolarHour } from './ambientClimate.js';
import { PlantSimulation, type SimulationFrame } from './PlantSimulation.js';

const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const sensorsById = new Map(scene.sensors.map((s) => [s.id, s]));
const LONGITUDE = scene.site.geoReference.longitudeDeg;
/** 10:00 China Standard Time on 15 July 2025 (02:00 UTC). */
const JULY_MORNING = Date.UTC(2025, 6, 15, 2, 0, 0);

function run(sim: PlantSimulation, startMs: number, durationMs: number, stepMs: number): SimulationFrame[] {
  const frames: SimulationFrame[] = [];
  for (let t = startMs; t <= startMs + durationMs; t += stepMs) frames.push(sim.step(t));
  return frames;
}

function pearson(xs: number[], ys: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my);
    sxx += (x - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

/** Which limit, if any, a value is at or beyond. */
function limitCrossed(sensor: Sensor, value: number): string | undefined {
  const { lowLow, low, high, highHigh } = sensor.limits;
  if (highHigh !== undefined && value >= highHigh) return 'HH';
  if (high !== undefined && value >= high) return 'H';
  if (lowLow !== undefined && value <= lowLow) return 'LL';
  if (low !== undefined && value <= low) return 'L';
  return undefined;
}

describe('PlantSimulation determinism', () => {
  it('gives identical frames for the same seed and different ones for another seed', () => {
    const a = run(new PlantSimulation(scene, 42, JULY_MORNING), JULY_MORNING, 30_000, 1_000);
    const b = run(new PlantSimulation(scene, 42, JULY_MORNING), JULY_MORNING, 30_000, 1_000);
    const c = run(new PlantSimulation(scene, 43, JULY_MORNING), JULY_MORNING, 30_000, 1_000);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    // Not just different somewhere: most instruments differ.
    const differing = a[10]!.sensors.filter((s, i) => s.value !== c[10]!.sensors[i]!.value).length;
    expect(differing).toBeGreaterThan(scene.sensors.length / 2);
  });

  it('reports every sensor on its scene topic, weather per station and the people on shift', () => {
    const frame = new PlantSimulation(scene, 1, JULY_MORNING).step(JULY_MORNING);
    const stationSensors = scene.sensors.filter((s) => /^(WS|WD|TA|RH)-/.test(s.id));
    expect(frame.sensors).toHaveLength(scene.sensors.length - stationSensors.length);
    for (const sample of frame.sensors) expect(sample.topic).toBe(sensorsById.get(sample.sensorId)!.mqttTopic);
    expect(frame.weather.map((w) => w.stationId).sort()).toEqual(['WX1', 'WX2']);
    for (const w of frame.weather) expect(Object.keys(w).sort()).toEqual(['humidityPercent', 'stationId', 'temperatureC', 'tsMs', 'windDirectionDeg', 'windSpeedMps']);
    // Day staff, one operator crew and a guard: most but not all of the 66 badges.
    expect(frame.workers.length).toBeGreaterThan(30);
    expect(frame.workers.length).toBeLessThan(scene.personnel.length);
  });
});

describe('normal operation', () => {
  it('raises no alarm over a simulated hour, with O2 at 20.9 % and gas near zero', () => {
    for (const startMs of [JULY_MORNING, Date.UTC(2025, 0, 20, 20, 0, 0) /* a January night */]) {
      const sim = new PlantSimulation(scene, 7, startMs);
      const problems: string[] = [];
      for (const frame of run(sim, startMs, 3_600_000, 10_000)) {
        for (const s of frame.sensors) {
          const sensor = sensorsById.get(s.sensorId)!;
          const crossed = limitCrossed(sensor, s.value);
          if (crossed) problems.push(`${s.sensorId} ${s.value} ${crossed}`);
          if (s.quality !== 'good') problems.push(`${s.sensorId} quality ${s.quality}`);
          if (sensor.kind === 'o2' && (s.value < 20.5 || s.value > 21.3)) problems.push(`${s.sensorId} O2 ${s.value}`);
          if (sensor.kind === 'gas' && sensor.unit === '%LEL' && s.value > 3) problems.push(`${s.sensorId} ${s.value} %LEL`);
          if (sensor.kind === 'gas' && sensor.unit === 'ppm' && s.value > 0.1 * sensor.limits.high!) problems.push(`${s.sensorId} ${s.value} ppm`);
        }
        for (const w of frame.weather) {
          const check = (id: string, v: number | undefined) => {
            const crossed = v === undefined ? undefined : limitCrossed(sensorsById.get(`${id}-${w.stationId}`)!, v);
            if (crossed) problems.push(`${id}-${w.stationId} ${v} ${crossed}`);
          };
          check('WS', w.windSpeedMps);
          check('TA', w.temperatureC);
        }
      }
      expect(problems).toEqual([]);
    }
  });

  it('holds process temperatures and pressures near the middle of their limits', () => {
    const frame = new PlantSimulation(scene, 3, JULY_MORNING).step(JULY_MORNING);
    const value = (id: string) => frame.sensors.find((s) => s.sensorId === id)!.value;
    // TT-R101: L 390, H 470 → around 430.
    expect(value('TT-R101')).toBeGreaterThan(420);
    expect(value('TT-R101')).toBeLessThan(440);
    // Ammonia sphere: vapour pressure at ~26 °C is ~0.75 MPa gauge (Clausius–Clapeyron with Trouton's rule).
    expect(value('PT-S203')).toBeGreaterThan(0.6);
    expect(value('PT-S203')).toBeLessThan(0.95);
  });
});

describe('weather', () => {
  it('has a diurnal temperature cycle with its minimum near 05:00 and maximum near 14:00, humidity opposite', () => {
    const start = Date.UTC(2025, 3, 10, 16, 0, 0); // local midnight, 11 April
    const days = 6;
    const sim = new PlantSimulation(scene, 11, start, { measurementNoise: false, substepMs: 30_000 });
    const samples = run(sim, start, days * 24 * 3_600_000 - 1, 1_800_000).map((f) => ({ hour: localSolarHour(f.tsMs, LONGITUDE), ...f.weather.find((w) => w.stationId === 'WX1')! }));
    // Composite day: a single day's maximum wanders with the weather (the top of the curve is flat).
    const byHalfHour = new Map<number, number[]>();
    for (const s of samples) byHalfHour.set(Math.round(s.hour * 2) / 2, [...(byHalfHour.get(Math.round(s.hour * 2) / 2) ?? []), s.temperatureC!]);
    const composite = [...byHalfHour].map(([hour, ts]) => ({ hour: hour % 24, t: ts.reduce((a, b) => a + b, 0) / ts.length }));
    const coldest = composite.reduce((a, b) => (b.t < a.t ? b : a));
    const warmest = composite.reduce((a, b) => (b.t > a.t ? b : a));
    expect(coldest.hour).toBeGreaterThanOrEqual(3.5);
    expect(coldest.hour).toBeLessThanOrEqual(6.5);
    expect(warmest.hour).toBeGreaterThanOrEqual(12.5);
    expect(warmest.hour).toBeLessThanOrEqual(15.5);
    // Diurnal range about the documented 7 °C.
    expect(warmest.t - coldest.t).toBeGreaterThan(5);
    expect(warmest.t - coldest.t).toBeLessThan(9);
    expect(pearson(samples.map((s) => s.temperatureC!), samples.map((s) => s.humidityPercent!))).toBeLessThan(-0.7);
    for (const s of samples) {
      expect(s.humidityPercent).toBeGreaterThan(20);
      expect(s.humidityPercent).toBeLessThanOrEqual(100);
    }
  });

  it('veers and gusts within physical ranges', () => {
    const sim = new PlantSimulation(scene, 5, JULY_MORNING);
    const meanAtStart = sim.meanWind();
    const frames = run(sim, JULY_MORNING, 3_600_000, 10_000);
    const readings = frames.flatMap((f) => f.weather);
    for (const w of readings) {
      expect(w.windSpeedMps).toBeGreaterThanOrEqual(0);
      expect(w.windSpeedMps).toBeLessThan(25);
      expect(w.windDirectionDeg).toBeGreaterThanOrEqual(0);
      expect(w.windDirectionDeg).toBeLessThan(360);
    }
    const angleBetween = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);
    const directions = readings.map((w) => w.windDirectionDeg!);
    const spread = Math.max(...directions.map((d) => angleBetween(d, directions[0]!)));
    expect(spread).toBeGreaterThan(10);
    // Gusts: the fastest reading well above the slowest within the hour.
    const speeds = readings.map((w) => w.windSpeedMps!);
    expect(Math.max(...speeds)).toBeGreaterThan(1.3 * Math.min(...speeds));
    // The mean wind itself moves over the hour.
    const late = sim.meanWind();
    expect(angleBetween(late.fromDeg, meanAtStart.fromDeg) + Math.abs(late.speedMps - meanAtStart.speedMps)).toBeGreaterThan(1);
  });
});

describe('storage and loading', () => {
  it('lowers the source tank at loading flow ÷ liquid surface area', () => {
    const sim = new PlantSimulation(scene, 1, JULY_MORNING, { measurementNoise: false });
    const arms = scene.sensors.filter((s) => s.kind === 'flow');
    // Find a minute in which an arm loads at full rate throughout.
    for (let t = JULY_MORNING; t < JULY_MORNING + 3 * 3_600_000; t += 60_000) {
      const before = sim.step(t);
      const loading = arms.find((arm) => before.sensors.find((s) => s.sensorId === arm.id)!.value > 50 && sim.loadingArmSource(arm.id));
      if (!loading) continue;
      const vesselId = sim.loadingArmSource(loading.id)!;
      const vessel = scene.equipment.find((e) => e.id === vesselId)!;
      const level0 = sim.vesselLevel(vesselId)!;
      const flowM3PerH = before.sensors.find((s) => s.sensorId === loading.id)!.value;
      const after = sim.step(t + 60_000);
      if (after.sensors.find((s) => s.sensorId === loading.id)!.value !== flowM3PerH) continue; // ramping: try the next minute
      const level1 = sim.vesselLevel(vesselId)!;
      expect(level0.levelPercent).toBeGreaterThan(40); // no rundown receipt muddies the balance
      const spanM = vessel.type === 'tank' ? vessel.size.heightM : vessel.size.lengthM;
      const expectedDropPercent = ((flowM3PerH / 60) / level0.surfaceAreaM2 / spanM) * 100;
      expect(level0.levelPercent - level1.levelPercent).toBeCloseTo(expectedDropPercent, 4);
      // The vessel holds the arm's product.
      expect(vessel.substanceId).toBe(loading.substanceId);
      return;
    }
    throw new Error('no truck loaded at full rate for a whole minute within three hours');
  });

  it('makes liquefied-gas pressure follow the vessel temperature', () => {
    const start = Date.UTC(2025, 3, 10, 16, 0, 0);
    const sim = new PlantSimulation(scene, 2, start, { substepMs: 30_000 });
    const frames = run(sim, start, 2 * 24 * 3_600_000, 1_800_000);
    const series = (id: string) => frames.map((f) => f.sensors.find((s) => s.sensorId === id)!.value);
    expect(pearson(series('TT-S201'), series('PT-S201'))).toBeGreaterThan(0.9);
  });
});
