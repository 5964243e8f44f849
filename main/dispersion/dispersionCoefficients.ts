import type { StabilityClass } from './stability.js';

/**
 * Dispersion coefficient sets σy(x), σz(x) (metres, x = downwind travel distance in metres), by
 * name. Plume sets are for continuous releases (and for the puff train that represents one);
 * the puff set is for instantaneous releases.
 */
export const SIGMA_SCHEMES = ['briggs-rural', 'briggs-urban', 'pasquill-gifford', 'ccps-puff'] as const;
export type SigmaScheme = (typeof SIGMA_SCHEMES)[number];
export const PLUME_SIGMA_SCHEMES: readonly SigmaScheme[] = ['briggs-rural', 'briggs-urban', 'pasquill-gifford'];

export type SigmaFunction = (distanceM: number) => number;
export type SigmaPair = { sigmaY: SigmaFunction; sigmaZ: SigmaFunction };

/**
 * Briggs (1973), "Diffusion estimation for small emissions", ATDL contribution 79, as tabulated in
 * Hanna, Briggs & Hosker (1982), Handbook on Atmospheric Diffusion, DOE/TIC-11223, table 4.5,
 * and in CCPS (1999), Guidelines for Consequence Analysis of Chemical Releases, §2.3 — open
 * country (rural) and urban (St Louis) fits, for 100 m < x < 10 km; nearer they are extrapolated
 * (their near-field shape is linear in x, the right limit). Urban classes A–B and E–F share fits.
 * Checked coefficient by coefficient against Gifford's (1976) tabulation as reprinted in Boubel, Fox,
 * Turner & Stern (1994), Fundamentals of Air Pollution, 3rd ed., tables 19-6 (urban) and 19-7 (rural)
 * (dispersionCoefficients.test.ts). Urban class D σz is 0.14x(1 + 0.0003x)^−½ (≈ 65 m at 500 m).
 */
const briggsRural: Record<StabilityClass, SigmaPair> = {
  A: { sigmaY: (x) => (0.22 * x) / Math.sqrt(1 + 0.0001 * x), sigmaZ: (x) => 0.2 * x },
  B: { sigmaY: (x) => (0.16 * x) / Math.sqrt(1 + 0.0001 * x), sigmaZ: (x) => 0.12 * x },
  C: { sigmaY: (x) => (0.11 * x) / Math.sqrt(1 + 0.0001 * x), sigmaZ: (x) => (0.08 * x) / Math.sqrt(1 + 0.0002 * x) },
  D: { sigmaY: (x) => (0.08 * x) / Math.sqrt(1 + 0.0001 * x), sigmaZ: (x) => (0.06 * x) / Math.sqrt(1 + 0.0015 * x) },
  E: { sigmaY: (x) => (0.06 * x) / Math.sqrt(1 + 0.0001 * x), sigmaZ: (x) => (0.03 * x) / (1 + 0.0003 * x) },
  F: { sigmaY: (x) => (0.04 * x) / Math.sqrt(1 + 0.0001 * x), sigmaZ: (x) => (0.016 * x) / (1 + 0.0003 * x) },
};

const urbanAB: SigmaPair = { sigmaY: (x) => (0.32 * x) / Math.sqrt(1 + 0.0004 * x), sigmaZ: (x) => 0.24 * x * Math.sqrt(1 + 0.001 * x) };
const urbanEF: SigmaPair = { sigmaY: (x) => (0.11 * x) / Math.sqrt(1 + 0.0004 * x), sigmaZ: (x) => (0.08 * x) / Math.sqrt(1 + 0.0015 * x) };
const briggsUrban: Record<StabilityClass, SigmaPair> = {
  A: urbanAB,
  B: urbanAB,
  C: { sigmaY: (x) => (0.22 * x) / Math.sqrt(1 + 0.0004 * x), sigmaZ: (x) => 0.2 * x },
  D: { sigmaY: (x) => (0.16 * x) / Math.sqrt(1 + 0.0004 * x), sigmaZ: (x) => (0.14 * x) / Math.sqrt(1 + 0.0003 * x) },
  E: urbanEF,
  F: urbanEF,
};

/**
 * Pasquill–Gifford curves as fitted for the US EPA ISC3 model (EPA-454/B-95-003b, vol. II, §1.1.5.3,
 * tables 1-1 and 1-2): σy = 465.11628·x·tan(TH), TH = 0.017453293·(c − d·ln x), x in km;
 * σz = a·x^b piecewise in x (km), capped at 5000 m. These are the curves of Turner's Workbook
 * (the same fits as PTDIS/PTMTP: Fundamentals of Air Pollution, 3rd ed., tables 19-4 and 19-5, whose
 * σz at the end of each range the tests reproduce).
 */
const PG_SIGMA_Y: Record<StabilityClass, [number, number]> = {
  A: [24.167, 2.5334],
  B: [18.333, 1.8096],
  C: [12.5, 1.0857],
  D: [8.333, 0.72382],
  E: [6.25, 0.54287],
  F: [4.1667, 0.36191],
};
/** [upper bound of x in km (inclusive), a, b] */
const PG_SIGMA_Z: Record<StabilityClass, readonly [number, number, number][]> = {
  A: [[0.1, 122.8, 0.9447], [0.15, 158.08, 1.0542], [0.2, 170.22, 1.0932], [0.25, 179.52, 1.1262], [0.3, 217.41, 1.2644], [0.4, 258.89, 1.4094], [0.5, 346.75, 1.7283], [Infinity, 453.85, 2.1166]],
  B: [[0.2, 90.673, 0.93198], [0.4, 98.483, 0.98332], [Infinity, 109.3, 1.0971]],
  C: [[Infinity, 61.141, 0.91465]],
  D: [[0.3, 34.459, 0.86974], [1, 32.093, 0.81066], [3, 32.093, 0.64403], [10, 33.504, 0.60486], [30, 36.65, 0.56589], [Infinity, 44.053, 0.51179]],
  E: [[0.1, 24.26, 0.8366], [0.3, 23.331, 0.81956], [1, 21.628, 0.7566], [2, 21.628, 0.63077], [4, 22.534, 0.57154], [10, 24.703, 0.50527], [20, 26.97, 0.46713], [40, 35.42, 0.37615], [Infinity, 47.618, 0.29592]],
  F: [[0.2, 15.209, 0.81558], [0.7, 14.457, 0.78407], [1, 13.953, 0.68465], [2, 13.953, 0.63227], [3, 14.823, 0.54503], [7, 16.187, 0.4649], [15, 17.836, 0.41507], [30, 22.651, 0.32681], [60, 27.074, 0.27436], [Infinity, 34.219, 0.21716]],
};

function pasquillGifford(cls: StabilityClass): SigmaPair {
  const [c, d] = PG_SIGMA_Y[cls];
  const pieces = PG_SIGMA_Z[cls];
  return {
    sigmaY: (x) => {
      const km = Math.max(x, 1e-3) / 1000;
      return 465.11628 * km * Math.tan(0.017453293 * (c - d * Math.log(km)));
    },
    sigmaZ: (x) => {
      const km = Math.max(x, 0) / 1000;
      const piece = pieces.find(([upTo]) => km <= upTo) ?? pieces[pieces.length - 1]!;
      return Math.min(5000, piece[1] * km ** piece[2]);
    },
  };
}

/**
 * Instantaneous-puff coefficients, σx = σy, from Slade (1968), Meteorology and Atomic Energy,
 * TID-24190, as fitted in CCPS (1999), Guidelines for Consequence Analysis of Chemical Releases,
 * §2.3 and Crowl & Louvar (2011), Chemical Process Safety, 3rd ed., table 5-3.
 */
const PUFF: Record<StabilityClass, [number, number, number, number]> = {
  A: [0.18, 0.92, 0.6, 0.75],
  B: [0.14, 0.92, 0.53, 0.73],
  C: [0.1, 0.92, 0.34, 0.71],
  D: [0.06, 0.92, 0.15, 0.7],
  E: [0.04, 0.92, 0.1, 0.65],
  F: [0.02, 0.89, 0.05, 0.61],
};

export function sigmaFunctions(scheme: SigmaScheme, cls: StabilityClass): SigmaPair {
  switch (scheme) {
    case 'briggs-rural':
      return briggsRural[cls];
    case 'briggs-urban':
      return briggsUrban[cls];
    case 'pasquill-gifford':
      return pasquillGifford(cls);
    case 'ccps-puff': {
      const [ay, by, az, bz] = PUFF[cls];
      return { sigmaY: (x) => ay * Math.max(x, 0) ** by, sigmaZ: (x) => az * Math.max(x, 0) ** bz };
    }
  }
}

/**
 * Averaging-time correction of the crosswind spread: σy(t) = σy(600 s)·(t/600)^0.2, the exponent
 * recommended by Hanna, Briggs & Hosker (1982), ch. 4, and CCPS (1999) §2.3 for 3 min < t < 1 h. The coefficient
 * sets above are for about 10-minute averages, so 600 s means no correction. Applied to the plume
 * sets only: an instantaneous puff has no averaging time.
 */
export const REFERENCE_AVERAGING_TIME_S = 600;
export const AVERAGING_TIME_EXPONENT = 0.2;
export function averagingTimeFactor(averagingTimeS: number): number {
  return (averagingTimeS / REFERENCE_AVERAGING_TIME_S) ** AVERAGING_TIME_EXPONENT;
}
