import { describe, expect, it } from 'vitest';
import { contourRings, ringAreaM2 } from './contours.js';
import { runStudy, StudyInputError } from './runStudy.js';

type Result = {
  warnings: string[];
  receptors: { id: unknown; concentrationMgM3: number; ppm: number; arrivalS: number | null; values?: { tS: number; concentrationMgM3: number; indoorConcentrationMgM3?: number }[]; doseMgSM3: number }[];
  zones: { level: string; downwindDistanceM: number; widthM: number; areaM2: number; footprint: [number, number][] }[];
  transportSpeedMps: number;
  stabilityClass: string;
  model: { kind: string };
  directionUncertainty?: { halfAngleDeg: number };
  grid?: { concentrationMgM3: number[] };
};
const base = () => ({
  substance: { name: 'tracer', molecularWeight: 30, idlhPpm: 50 },
  release: { x: 0, y: 0, heightM: 0, rateKgS: 0.5, durationS: 1800, startS: 0 },
  meteo: { windSpeedMps: 4, windFromDeg: 270, stabilityClass: 'D' },
  receptors: [{ id: 'a', x: 300, y: 0 }],
});
const run = (doc: unknown) => runStudy(doc) as unknown as Result;
const expectBad = (doc: unknown, pattern: RegExp) => {
  expect(() => runStudy(doc)).toThrow(StudyInputError);
  expect(() => runStudy(doc)).toThrow(pattern);
};
const noNonFinite = (value: unknown): void => {
  if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
  else if (Array.isArray(value)) value.forEach(noNonFinite);
  else if (value && typeof value === 'object') Object.values(value).forEach(noNonFinite);
};

describe('plume study', () => {
  it('floors a calm wind at 1 m/s with a warning, never dividing by zero', () => {
    const r = run({ ...base(), meteo: { windSpeedMps: 0, windFromDeg: 270, stabilityClass: 'F' }, zones: ['IDLH'] });
    expect(r.transportSpeedMps).toBe(1);
    expect(r.warnings.join(' ')).toMatch(/calm wind: transport speed floored at 1 m\/s/);
    expect(r.directionUncertainty?.halfAngleDeg).toBe(90);
    noNonFinite(r);
    const calm = r.receptors[0]!.concentrationMgM3;
    const oneMps = run({ ...base(), meteo: { windSpeedMps: 1, windFromDeg: 270, stabilityClass: 'F' } }).receptors[0]!.concentrationMgM3;
    expect(calm).toBeCloseTo(oneMps, 12);
  });

  it('refuses bad input with located messages', () => {
    expectBad({ ...base(), meteo: { windFromDeg: 270, stabilityClass: 'D' } }, /meteo\.windSpeedMps/);
    expectBad({ ...base(), meteo: { windSpeedMps: -2, windFromDeg: 270, stabilityClass: 'D' } }, /meteo\.windSpeedMps: must be ≥ 0/);
    expectBad({ ...base(), release: { x: 0, y: 0, rateKgS: -1, durationS: 10 } }, /release\.rateKgS/);
    expectBad({ ...base(), substance: 'unobtainium' }, /substance: unknown substance "unobtainium"/);
    expectBad({ ...base(), release: { x: Number.NaN, y: 0, rateKgS: 1 } }, /release\.x/);
    expectBad({ ...base(), substance: 'propane', release: { kind: 'gasHole', x: 0, y: 0, holeDiameterM: 3, vesselDiameterM: 2, pressureKPaGauge: 500 } }, /release\.holeDiameterM: 3 m is larger than the vessel/);
    expectBad({ ...base(), zones: ['AEGL-7'] }, /zones: unknown zone level/);
    expectBad({ ...base(), meteo: { windSpeedMps: 3, windFromDeg: 0 } }, /meteo\.stabilityClass/);
    expectBad({ ...base(), release: { x: 0, y: 0, massKg: 10, durationS: 0 } }, /timesS/);
  });

  it('answers a receptor upwind with zero and a warning; echoes ids exactly; warns about unknown fields', () => {
    const r = run({ ...base(), colour: 'red', receptors: [{ id: 'up', x: -100, y: 0 }, { id: 7, x: 500, y: 3 }] });
    expect(r.receptors.map((x) => x.id)).toEqual(['up', 7]);
    expect(r.receptors[0]!.concentrationMgM3).toBe(0);
    expect(r.warnings.join(' ')).toMatch(/receptor up is upwind/);
    expect(r.warnings.join(' ')).toMatch(/unknown field "colour" ignored/);
  });

  it('derives the class from cloud cover and time of day, or from timeIso at the site', () => {
    expect(run({ ...base(), meteo: { windSpeedMps: 1.5, windFromDeg: 0, isNight: true, cloudCoverOktas: 1 } }).stabilityClass).toBe('F');
    expect(run({ ...base(), meteo: { windSpeedMps: 1.5, windFromDeg: 0, cloudCoverOktas: 0, timeIso: '2025-06-21T04:00:00Z', latitudeDeg: 31.2, longitudeDeg: 121.5 } }).stabilityClass).toBe('A');
    // Turner's net radiation index (EPA-454/R-99-005 table 6-6): 8/10 at 1,500 m by a high sun lowers the index 4 → 2; 4 m/s is 8 kt: C.
    expect(run({ ...base(), meteo: { windSpeedMps: 4, windFromDeg: 0, solarElevationDeg: 70, isNight: false, cloudCoverTenths: 8, ceilingM: 1500 } }).stabilityClass).toBe('C');
    // Half an hour after sunrise is still night for Turner: clear, 1.5 m/s → F, not a daytime class.
    expect(run({ ...base(), meteo: { windSpeedMps: 1.5, windFromDeg: 0, cloudCoverTenths: 0, timeIso: '2025-06-20T21:24:00Z', latitudeDeg: 31.2, longitudeDeg: 121.5 } }).stabilityClass).toBe('F');
    const noCeiling = run({ ...base(), meteo: { windSpeedMps: 4, windFromDeg: 0, solarElevationDeg: 70, isNight: false, cloudCoverTenths: 8 } });
    expect(noCeiling.stabilityClass).toBe('C');
    expect(noCeiling.warnings.join(' ')).toMatch(/ceilingM not given/);
  });

  it('warns when a time-series zone reaches the edge of the study grid (its reach is then a lower bound)', () => {
    // IDLH (50 ppm) of 0.5 kg/s reaches a few hundred metres downwind; a 100 m grid cuts it off.
    const small = run({ ...base(), timesS: [600], zones: ['IDLH'], grid: { x0: -50, y0: -50, dx: 2, nx: 51, ny: 51 } });
    expect(small.warnings.join(' ')).toMatch(/zone IDLH reaches the edge of the grid/);
    const roomy = run({ ...base(), timesS: [600], zones: ['IDLH'] });
    expect(roomy.warnings.join(' ')).not.toMatch(/reaches the edge/);
  });

  it('reports zones that nest: a lower threshold reaches farther and covers more', () => {
    const r = run({ ...base(), zones: [{ name: 'high', ppm: 200 }, { name: 'low', ppm: 20 }, 'IDLH'] });
    const [high, low] = r.zones;
    expect(low!.downwindDistanceM).toBeGreaterThan(high!.downwindDistanceM);
    expect(low!.areaM2).toBeGreaterThan(high!.areaM2);
    expect(high!.footprint.length).toBeGreaterThan(10);
    // Wind from the west: the footprint lies east of the source.
    expect(Math.max(...low!.footprint.map((p) => p[0]))).toBeCloseTo(low!.downwindDistanceM, 0);
    expect(Math.min(...low!.footprint.map((p) => p[0]))).toBeGreaterThanOrEqual(-1e-6);
  });

  it('gives time series with arrival, dose and indoor (shelter-in-place) values from the puff train', () => {
    const r = run({ ...base(), receptors: [{ id: 'house', x: 400, y: 0, airChangesPerHour: 0.5 }], timesS: [60, 200, 600, 1800], zones: ['IDLH'] });
    expect(r.model.kind).toBe('gaussian-puff-train');
    const house = r.receptors[0]!;
    expect(house.values![0]!.concentrationMgM3).toBe(0);
    expect(house.arrivalS).toBeGreaterThan(60);
    expect(house.arrivalS).toBeLessThan(200);
    const last = house.values![3]!;
    expect(last.indoorConcentrationMgM3!).toBeGreaterThan(0);
    expect(last.indoorConcentrationMgM3!).toBeLessThan(last.concentrationMgM3);
    expect(house.doseMgSM3).toBeGreaterThan(0);
    noNonFinite(r);
  });

  it('evaluates a grid and applies the power-law profile to an elevated release', () => {
    const r = run({ ...base(), grid: { x0: 0, y0: -50, dx: 10, nx: 50, ny: 11 } });
    expect(r.grid!.concentrationMgM3).toHaveLength(550);
    const elevated = run({ ...base(), model: { windProfile: 'power-law' }, release: { x: 0, y: 0, heightM: 40, rateKgS: 0.5, durationS: 60 } });
    expect(elevated.transportSpeedMps).toBeCloseTo(4 * 4 ** 0.15, 10);
  });

  it('runs the source models end to end and limits by the inventory', () => {
    const r = run({ substance: 'propane', model: { kind: 'gaussian' }, release: { kind: 'gasHole', x: 0, y: 0, holeDiameterM: 0.02, pressureKPaGauge: 800, inventoryKg: 100, durationS: 3600 }, meteo: { windSpeedMps: 3, windFromDeg: 0, stabilityClass: 'D' }, zones: ['LEL10'] });
    expect(r.warnings.join(' ')).toMatch(/limited by the inventory/);
    expect(r.zones[0]!.downwindDistanceM).toBeGreaterThan(10);
  });
});

describe('contours', () => {
  it('outlines a disc with the right area', () => {
    const n = 101;
    const values = new Float64Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) values[j * n + i] = 100 - Math.hypot(i - 50, j - 50);
    const rings = contourRings(values, { x0: 0, y0: 0, dxM: 1, dyM: 1, nx: n, ny: n }, 70);
    expect(rings).toHaveLength(1);
    expect(Math.abs(ringAreaM2(rings[0]!) - Math.PI * 900) / (Math.PI * 900)).toBeLessThan(0.01);
  });
});
