import { describe, expect, it } from 'vitest';
import { sigmaFunctions, type SigmaScheme } from './dispersionCoefficients.js';
import { STABILITY_CLASSES, type StabilityClass } from './stability.js';

/**
 * Every coefficient of every σ scheme against the published formulas, written out here from the
 * tables (not from the module's own coefficient tables), at three distances per class:
 * - Briggs (1973) open-country and urban fits, as tabulated by Gifford (1976) and reproduced in
 *   Boubel, Fox, Turner & Stern (1994), Fundamentals of Air Pollution, 3rd ed., tables 19-6 (urban)
 *   and 19-7 (rural); the same as Hanna, Briggs & Hosker (1982) table 4.5, for 100 m–10 km.
 * - Pasquill–Gifford curves in the ISC3 fits (EPA-454/B-95-003b vol. II, tables 1-1 and 1-2;
 *   the PTDIS/PTMTP fits of Turner's Workbook in Fundamentals of Air Pollution tables 19-4 and 19-5).
 * - Instantaneous puffs: Slade (1968) as fitted in Crowl & Louvar (2011), Chemical Process Safety,
 *   3rd ed., table 5-3 (σx = σy).
 */
type Published = Record<StabilityClass, { y: (x: number) => number; z: (x: number) => number }>;

const briggsRural: Published = {
  A: { y: (x) => 0.22 * x * (1 + 0.0001 * x) ** -0.5, z: (x) => 0.2 * x },
  B: { y: (x) => 0.16 * x * (1 + 0.0001 * x) ** -0.5, z: (x) => 0.12 * x },
  C: { y: (x) => 0.11 * x * (1 + 0.0001 * x) ** -0.5, z: (x) => 0.08 * x * (1 + 0.0002 * x) ** -0.5 },
  D: { y: (x) => 0.08 * x * (1 + 0.0001 * x) ** -0.5, z: (x) => 0.06 * x * (1 + 0.0015 * x) ** -0.5 },
  E: { y: (x) => 0.06 * x * (1 + 0.0001 * x) ** -0.5, z: (x) => 0.03 * x * (1 + 0.0003 * x) ** -1 },
  F: { y: (x) => 0.04 * x * (1 + 0.0001 * x) ** -0.5, z: (x) => 0.016 * x * (1 + 0.0003 * x) ** -1 },
};

const briggsUrban: Published = {
  A: { y: (x) => 0.32 * x * (1 + 0.0004 * x) ** -0.5, z: (x) => 0.24 * x * (1 + 0.001 * x) ** 0.5 },
  B: { y: (x) => 0.32 * x * (1 + 0.0004 * x) ** -0.5, z: (x) => 0.24 * x * (1 + 0.001 * x) ** 0.5 },
  C: { y: (x) => 0.22 * x * (1 + 0.0004 * x) ** -0.5, z: (x) => 0.2 * x },
  D: { y: (x) => 0.16 * x * (1 + 0.0004 * x) ** -0.5, z: (x) => 0.14 * x * (1 + 0.0003 * x) ** -0.5 },
  E: { y: (x) => 0.11 * x * (1 + 0.0004 * x) ** -0.5, z: (x) => 0.08 * x * (1 + 0.0015 * x) ** -0.5 },
  F: { y: (x) => 0.11 * x * (1 + 0.0004 * x) ** -0.5, z: (x) => 0.08 * x * (1 + 0.0015 * x) ** -0.5 },
};

/** ISC3 table 1-1: σy = 465.11628·x·tan(0.017453293·(c − d·ln x)), x in km. */
const iscSigmaY = (c: number, d: number) => (xM: number) => {
  const km = xM / 1000;
  return 465.11628 * km * Math.tan(0.017453293 * (c - d * Math.log(km)));
};
/** ISC3 table 1-2: σz = a·x^b (x in km) in the range that holds x, at most 5000 m. */
const iscSigmaZ = (a: number, b: number) => (xM: number) => Math.min(5000, a * (xM / 1000) ** b);

/** Three distances per class, each in a different range of table 1-2, with that range's a and b. */
const PG_CASES: Record<StabilityClass, { y: [number, number]; z: [xM: number, a: number, b: number][] }> = {
  A: { y: [24.167, 2.5334], z: [[80, 122.8, 0.9447], [280, 217.41, 1.2644], [1500, 453.85, 2.1166]] },
  B: { y: [18.333, 1.8096], z: [[150, 90.673, 0.93198], [300, 98.483, 0.98332], [2000, 109.3, 1.0971]] },
  C: { y: [12.5, 1.0857], z: [[100, 61.141, 0.91465], [1000, 61.141, 0.91465], [8000, 61.141, 0.91465]] },
  D: { y: [8.333, 0.72382], z: [[200, 34.459, 0.86974], [2000, 32.093, 0.64403], [20_000, 36.65, 0.56589]] },
  E: { y: [6.25, 0.54287], z: [[50, 24.26, 0.8366], [1500, 21.628, 0.63077], [15_000, 26.97, 0.46713]] },
  F: { y: [4.1667, 0.36191], z: [[150, 15.209, 0.81558], [2500, 14.823, 0.54503], [10_000, 17.836, 0.41507]] },
};

const puff: Published = {
  A: { y: (x) => 0.18 * x ** 0.92, z: (x) => 0.6 * x ** 0.75 },
  B: { y: (x) => 0.14 * x ** 0.92, z: (x) => 0.53 * x ** 0.73 },
  C: { y: (x) => 0.1 * x ** 0.92, z: (x) => 0.34 * x ** 0.71 },
  D: { y: (x) => 0.06 * x ** 0.92, z: (x) => 0.15 * x ** 0.7 },
  E: { y: (x) => 0.04 * x ** 0.92, z: (x) => 0.1 * x ** 0.65 },
  F: { y: (x) => 0.02 * x ** 0.89, z: (x) => 0.05 * x ** 0.61 },
};

const DISTANCES_M = [100, 500, 2000];

function expectScheme(scheme: SigmaScheme, published: Published, cls: StabilityClass, distancesM = DISTANCES_M): void {
  const { sigmaY, sigmaZ } = sigmaFunctions(scheme, cls);
  for (const x of distancesM) {
    expect(sigmaY(x), `${scheme} ${cls} σy at ${x} m`).toBeCloseTo(published[cls].y(x), 9);
    expect(sigmaZ(x), `${scheme} ${cls} σz at ${x} m`).toBeCloseTo(published[cls].z(x), 9);
  }
}

describe('dispersion coefficients against the published tables', () => {
  for (const cls of STABILITY_CLASSES) {
    it(`Briggs rural, class ${cls}`, () => expectScheme('briggs-rural', briggsRural, cls));
    it(`Briggs urban, class ${cls}`, () => expectScheme('briggs-urban', briggsUrban, cls));
    it(`Pasquill–Gifford (ISC3), class ${cls}`, () => {
      const { sigmaY, sigmaZ } = sigmaFunctions('pasquill-gifford', cls);
      const [c, d] = PG_CASES[cls].y;
      for (const [x, a, b] of PG_CASES[cls].z) {
        expect(sigmaY(x), `σy at ${x} m`).toBeCloseTo(iscSigmaY(c, d)(x), 9);
        expect(sigmaZ(x), `σz at ${x} m`).toBeCloseTo(iscSigmaZ(a, b)(x), 9);
      }
    });
    it(`instantaneous puff (Slade; Crowl & Louvar table 5-3), class ${cls}`, () => expectScheme('ccps-puff', puff, cls, [50, 500, 5000]));
  }

  it('gives the urban class D σz of Briggs: about 65 m at 500 m (the defect: 44 m)', () => {
    expect(sigmaFunctions('briggs-urban', 'D').sigmaZ(500)).toBeCloseTo(65.3, 1);
  });

  it('reproduces the σz printed at the end of each ISC3 range (Fundamentals of Air Pollution table 19-5)', () => {
    // [class, x at the range's upper end (m), σz printed there (m)]
    const printed: [StabilityClass, number, number][] = [
      ['A', 100, 14.0], ['A', 150, 21.4], ['A', 200, 29.3], ['A', 250, 37.7], ['A', 300, 47.4], ['A', 400, 71.2], ['A', 500, 104.7],
      ['B', 200, 20.2], ['B', 400, 40.0],
      ['D', 300, 12.1], ['D', 1000, 32.1], ['D', 3000, 65.1], ['D', 10_000, 134.9], ['D', 30_000, 251.2],
      ['E', 20_000, 109.3], ['E', 40_000, 141.9],
    ];
    for (const [cls, x, sigmaZ] of printed) expect(sigmaFunctions('pasquill-gifford', cls).sigmaZ(x), `${cls} at ${x} m`).toBeCloseTo(sigmaZ, 0);
  });

  it('caps the Pasquill–Gifford σz at 5000 m (class A beyond 3.11 km)', () => {
    expect(sigmaFunctions('pasquill-gifford', 'A').sigmaZ(3200)).toBe(5000);
    expect(sigmaFunctions('pasquill-gifford', 'A').sigmaZ(3000)).toBeLessThan(5000);
  });
});
