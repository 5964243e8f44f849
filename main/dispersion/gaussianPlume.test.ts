import { describe, expect, it } from 'vitest';
import { DEFAULT_AMBIENT } from './atmosphere.js';
import { makeDispersionSetup } from './dispersionSetup.js';
import { plumeConcentration } from './gaussianPlume.js';
import { runStudy } from './runStudy.js';
import { stabilityFromWeather, type StabilityClass } from './stability.js';

/**
 * The plume equation written out here independently (Turner 1970, eq. 3.1), with the Briggs (1973)
 * open-country coefficients typed in from Hanna, Briggs & Hosker (1982), table 4.5.
 */
const BRIGGS_RURAL: Record<StabilityClass, [(x: number) => number, (x: number) => number]> = {
  A: [(x) => 0.22 * x * (1 + 0.0001 * x) ** -0.5, (x) => 0.2 * x],
  B: [(x) => 0.16 * x * (1 + 0.0001 * x) ** -0.5, (x) => 0.12 * x],
  C: [(x) => 0.11 * x * (1 + 0.0001 * x) ** -0.5, (x) => 0.08 * x * (1 + 0.0002 * x) ** -0.5],
  D: [(x) => 0.08 * x * (1 + 0.0001 * x) ** -0.5, (x) => 0.06 * x * (1 + 0.0015 * x) ** -0.5],
  E: [(x) => 0.06 * x * (1 + 0.0001 * x) ** -0.5, (x) => 0.03 * x * (1 + 0.0003 * x) ** -1],
  F: [(x) => 0.04 * x * (1 + 0.0001 * x) ** -0.5, (x) => 0.016 * x * (1 + 0.0003 * x) ** -1],
};
function analytic(qGs: number, u: number, x: number, y: number, z: number, h: number, cls: StabilityClass): number {
  const sy = BRIGGS_RURAL[cls][0](x);
  const sz = BRIGGS_RURAL[cls][1](x);
  return (qGs / (2 * Math.PI * u * sy * sz)) * Math.exp(-(y ** 2) / (2 * sy ** 2)) * (Math.exp(-((z - h) ** 2) / (2 * sz ** 2)) + Math.exp(-((z + h) ** 2) / (2 * sz ** 2)));
}
const setupFor = (cls: StabilityClass, h: number) => makeDispersionSetup({ stabilityClass: cls, sigmaScheme: 'briggs-rural', releaseHeightM: h, ambient: DEFAULT_AMBIENT });

describe('Gaussian plume', () => {
  it('matches the plume equation computed independently, for every class, several distances and heights, with ground reflection', () => {
    for (const cls of ['A', 'B', 'C', 'D', 'E', 'F'] as const) {
      for (const [x, y, z, h] of [[100, 0, 0, 0], [250, 20, 1.5, 10], [1000, -60, 0, 25], [3000, 150, 10, 50], [8000, 0, 2, 5]] as const) {
        const expected = analytic(1000, 4, x, y, z, h, cls);
        expect(plumeConcentration(1000, 4, x, y, z, setupFor(cls, h))).toBeCloseTo(expected, 12);
      }
    }
  });

  it('reflects at the ground: a ground-level receptor under a ground-level source sees twice the unbounded value', () => {
    const setup = setupFor('D', 0);
    const sy = BRIGGS_RURAL.D[0](500);
    const sz = BRIGGS_RURAL.D[1](500);
    expect(plumeConcentration(1, 5, 500, 0, 0, setup)).toBeCloseTo((2 * 1) / (2 * Math.PI * 5 * sy * sz), 12);
  });

  it('is symmetric across the wind, decays monotonically downwind for a ground source, and is zero upwind', () => {
    const setup = setupFor('D', 0);
    expect(plumeConcentration(1, 3, 400, 35, 0, setup)).toBe(plumeConcentration(1, 3, 400, -35, 0, setup));
    let previous = Number.POSITIVE_INFINITY;
    for (let x = 10; x <= 20_000; x *= 1.3) {
      const c = plumeConcentration(1, 3, x, 0, 0, setup);
      expect(c).toBeLessThan(previous);
      previous = c;
    }
    expect(plumeConcentration(1, 3, -50, 0, 0, setup)).toBe(0);
    expect(plumeConcentration(1, 3, 0, 0, 0, setup)).toBe(0);
  });

  it('is linear in the release rate and inversely proportional to the wind speed', () => {
    const setup = setupFor('C', 5);
    const base = plumeConcentration(1, 4, 300, 10, 0, setup);
    expect(plumeConcentration(7.5, 4, 300, 10, 0, setup)).toBeCloseTo(7.5 * base, 12);
    expect(plumeConcentration(1, 8, 300, 10, 0, setup)).toBeCloseTo(base / 2, 12);
  });

  it('averaging time widens the crosswind spread by (t/600)^0.2 and lowers the centreline accordingly', () => {
    const tenMinutes = makeDispersionSetup({ stabilityClass: 'D', sigmaScheme: 'briggs-rural', releaseHeightM: 0, averagingTimeS: 600, ambient: DEFAULT_AMBIENT });
    const hour = makeDispersionSetup({ stabilityClass: 'D', sigmaScheme: 'briggs-rural', releaseHeightM: 0, averagingTimeS: 3600, ambient: DEFAULT_AMBIENT });
    expect(hour.sigmaY(500) / tenMinutes.sigmaY(500)).toBeCloseTo(6 ** 0.2, 10);
    expect(hour.sigmaZ(500)).toBe(tenMinutes.sigmaZ(500));
  });

  it('reproduces Turner (1970), Workbook of Atmospheric Dispersion Estimates, chapter 3, example 1 within its two significant figures', () => {
    // "A burning dump emits 3 g/s of oxides of nitrogen. What is the concentration, averaged over
    // about 10 minutes, directly downwind at 3 km on an overcast night with a wind of 7 m/s?"
    // Turner: class D, σy = 190 m, σz = 65 m, χ = 1.1 × 10⁻⁵ g/m³ (Pasquill–Gifford curves).
    const cls = stabilityFromWeather({ windSpeed10Mps: 7, isNight: true, cloudCoverTenths: 10 });
    expect(cls).toBe('D');
    const setup = makeDispersionSetup({ stabilityClass: cls, sigmaScheme: 'pasquill-gifford', releaseHeightM: 0, ambient: DEFAULT_AMBIENT });
    expect(setup.sigmaY(3000)).toBeGreaterThan(180);
    expect(setup.sigmaY(3000)).toBeLessThan(200);
    expect(setup.sigmaZ(3000)).toBeCloseTo(65, 0);
    const chiMgM3 = plumeConcentration(3000 /* mg/s */, 7, 3000, 0, 0, setup);
    expect(Number((chiMgM3 / 1000).toPrecision(2))).toBe(1.1e-5);
  });

  it('puts the cloud of a wind from the north to the south of the source (and from the west to the east)', () => {
    const study = (windFromDeg: number) =>
      runStudy({
        substance: { name: 'tracer', molecularWeight: 29 },
        release: { x: 100, y: 100, rateKgS: 0.1, durationS: 600 },
        meteo: { windSpeedMps: 4, windFromDeg, stabilityClass: 'D' },
        receptors: [
          { id: 'north', x: 100, y: 300 },
          { id: 'south', x: 100, y: -100 },
          { id: 'east', x: 300, y: 100 },
          { id: 'west', x: -100, y: 100 },
        ],
      }) as { receptors: { id: string; concentrationMgM3: number }[] };
    const byId = (r: ReturnType<typeof study>) => Object.fromEntries(r.receptors.map((x) => [x.id, x.concentrationMgM3]));
    const fromNorth = byId(study(0));
    expect(fromNorth.south).toBeGreaterThan(0);
    expect(fromNorth.north).toBe(0);
    expect(fromNorth.east).toBe(0);
    const fromWest = byId(study(270));
    expect(fromWest.east).toBeGreaterThan(0);
    expect(fromWest.west).toBe(0);
  });
});
