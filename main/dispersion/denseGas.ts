import { STANDARD_GRAVITY_MPS2 } from './atmosphere.js';

/**
 * Dense-gas dispersion by the Britter & McQuaid (1988) workbook correlations (Workbook on the
 * Dispersion of Dense Gases, HSE Contract Research Report 17/1988), with the curve fits of the US
 * EPA TSCREEN model (EPA-454/B-94-023, 1994) as reproduced in CCPS (1999), Guidelines for
 * Consequence Analysis of Chemical Releases, §2.3.2 (the Britter–McQuaid model tables).
 *
 * Concentrations are volume fractions of the released gas (0…1). The correlations give the
 * maximum, ground-level (centreline) concentration against downwind distance, for ground-level
 * releases; the cloud is a top-hat (uniform across its width and depth). Validity: ground-level
 * releases, flat unobstructed terrain, α within −1…+1 (outside it the nearest curve is extrapolated
 * linearly, and the result says so).
 */
export type DenseGasInput = {
  /** Density of the released gas at its release temperature, kg/m³. */
  releaseDensityKgM3: number;
  airDensityKgM3: number;
  /** Release (e.g. boiling) temperature and ambient temperature, K: for the non-isothermal correction. */
  releaseTemperatureK: number;
  ambientTemperatureK: number;
  /** Wind speed at 10 m, m/s (the workbook's reference height). */
  windSpeed10Mps: number;
};

/** Reduced gravity g0' = g·(ρ0 − ρa)/ρa, m/s². */
export function reducedGravityMps2(input: DenseGasInput): number {
  return (STANDARD_GRAVITY_MPS2 * (input.releaseDensityKgM3 - input.airDensityKgM3)) / input.airDensityKgM3;
}

/**
 * Britter–McQuaid criteria for a cloud whose density matters (Britter & McQuaid 1988 §3; CCPS 1999
 * §2.3.2; Crowl & Louvar 2011 §5-5) — Richardson-number-type ratios of buoyancy to wind:
 *   continuous:    (g0'·q0 / (u³·D))^(1/3) ≥ 0.15, D = (q0/u)^½, q0 the volume rate (m³/s);
 *   instantaneous: (g0'·V0^(1/3))^½ / u ≥ 0.20, V0 the initial volume (m³).
 */
export const CONTINUOUS_DENSE_CRITERION = 0.15;
export const INSTANTANEOUS_DENSE_CRITERION = 0.2;

export function continuousRichardsonNumber(input: DenseGasInput, rateKgS: number): number {
  const g0 = reducedGravityMps2(input);
  if (!(g0 > 0) || !(rateKgS > 0)) return 0;
  const q0 = rateKgS / input.releaseDensityKgM3;
  const u = input.windSpeed10Mps;
  const d = Math.sqrt(q0 / u);
  return Math.cbrt((g0 * q0) / (u ** 3 * d));
}

export function instantaneousRichardsonNumber(input: DenseGasInput, massKg: number): number {
  const g0 = reducedGravityMps2(input);
  if (!(g0 > 0) || !(massKg > 0)) return 0;
  const v0 = massKg / input.releaseDensityKgM3;
  return Math.sqrt(g0 * Math.cbrt(v0)) / input.windSpeed10Mps;
}

type Piece = readonly [alphaUpTo: number, slope: number, intercept: number];
/** β(α) = log10(x/D) where Cm/C0 reaches each level: piecewise-linear in α (TSCREEN fits, as in CCPS 1999 §2.3.2). */
const PLUME_CURVES: readonly { ratio: number; pieces: readonly Piece[] }[] = [
  { ratio: 0.1, pieces: [[-0.55, 0, 1.75], [-0.14, 0.24, 1.88], [Infinity, -0.5, 1.78]] },
  { ratio: 0.05, pieces: [[-0.68, 0, 1.92], [-0.29, 0.36, 2.16], [-0.18, 0, 2.06], [Infinity, -0.56, 1.96]] },
  { ratio: 0.02, pieces: [[-0.69, 0, 2.08], [-0.31, 0.45, 2.39], [-0.16, 0, 2.25], [Infinity, -0.54, 2.16]] },
  { ratio: 0.01, pieces: [[-0.7, 0, 2.25], [-0.29, 0.49, 2.59], [-0.2, 0, 2.45], [Infinity, -0.52, 2.35]] },
  { ratio: 0.005, pieces: [[-0.67, 0, 2.4], [-0.28, 0.59, 2.8], [-0.15, 0, 2.63], [Infinity, -0.48, 2.56]] },
  { ratio: 0.002, pieces: [[-0.69, 0, 2.6], [-0.25, 0.39, 2.87], [-0.13, 0, 2.77], [Infinity, -0.5, 2.71]] },
];
/** Instantaneous releases: β = log10(x/V0^(1/3)) (TSCREEN fits, as in CCPS 1999 §2.3.2). */
const PUFF_CURVES: readonly { ratio: number; pieces: readonly Piece[] }[] = [
  { ratio: 0.1, pieces: [[-0.44, 0, 0.7], [0.43, 0.26, 0.81], [Infinity, 0, 0.93]] },
  { ratio: 0.05, pieces: [[-0.56, 0, 0.85], [0.31, 0.26, 1.0], [Infinity, -0.12, 1.12]] },
  { ratio: 0.02, pieces: [[-0.66, 0, 0.95], [0.32, 0.36, 1.19], [Infinity, -0.26, 1.38]] },
  { ratio: 0.01, pieces: [[-0.71, 0, 1.15], [0.37, 0.34, 1.39], [Infinity, -0.38, 1.66]] },
  { ratio: 0.005, pieces: [[-0.52, 0, 1.48], [0.24, 0.26, 1.62], [Infinity, -0.3, 1.75]] },
  { ratio: 0.002, pieces: [[0.27, 0, 1.83], [Infinity, -0.32, 1.92]] },
  { ratio: 0.001, pieces: [[-0.1, 0, 2.075], [Infinity, -0.27, 2.05]] },
];

function betaAt(pieces: readonly Piece[], alpha: number): number {
  const piece = pieces.find(([upTo]) => alpha <= upTo) ?? pieces[pieces.length - 1]!;
  return piece[1] * alpha + piece[2];
}

/** The correlation for one α: points (β, log10 c') in increasing β, with near- and far-field laws. */
type Curve = { betas: number[]; logRatios: number[] };
function curveFor(curves: typeof PLUME_CURVES, alpha: number, nearField?: { beta: number; ratio: number }): Curve {
  const betas: number[] = [];
  const logRatios: number[] = [];
  if (nearField) {
    betas.push(nearField.beta);
    logRatios.push(Math.log10(nearField.ratio));
  }
  for (const { ratio, pieces } of curves) {
    const beta = betaAt(pieces, alpha);
    // Keep the curve monotonic (a near-field point may overlap the first correlation point for large α).
    if (betas.length > 0 && beta <= betas[betas.length - 1]!) continue;
    betas.push(beta);
    logRatios.push(Math.log10(ratio));
  }
  return { betas, logRatios };
}

/**
 * c'(x') on a curve: the near-field law before the first point, log-linear interpolation between
 * points, and decay as x'^−2 beyond the last (the far-field passive limit used by CCPS 1999).
 */
function ratioOnCurve(curve: Curve, xPrime: number, nearFieldLaw: (xPrime: number) => number): number {
  if (!(xPrime > 0)) return 1;
  const beta = Math.log10(xPrime);
  const n = curve.betas.length;
  if (beta <= curve.betas[0]!) return Math.max(nearFieldLaw(xPrime), 10 ** curve.logRatios[0]!);
  if (beta >= curve.betas[n - 1]!) {
    const last = 10 ** curve.betas[n - 1]!;
    return 10 ** curve.logRatios[n - 1]! * (last / xPrime) ** 2;
  }
  let k = 1;
  while (curve.betas[k]! < beta) k++;
  const f = (beta - curve.betas[k - 1]!) / (curve.betas[k]! - curve.betas[k - 1]!);
  return 10 ** (curve.logRatios[k - 1]! + f * (curve.logRatios[k]! - curve.logRatios[k - 1]!));
}

/** Non-isothermal correction (Britter & McQuaid 1988; CCPS 1999 §2.3.2): c = c'/(c' + (1 − c')·T_release/T_ambient). */
function nonIsothermal(ratio: number, input: DenseGasInput): number {
  const tPrime = input.releaseTemperatureK / input.ambientTemperatureK;
  return ratio / (ratio + (1 - ratio) * tPrime);
}

export type DensePlume = {
  alpha: number;
  alphaInRange: boolean;
  /** Source length scale D = (q0/u)^½ and buoyancy length Lb = q0·g0'/u³, m. */
  lengthScaleM: number;
  buoyancyLengthM: number;
  /** Upwind extent of the gravity-spread cloud, m. */
  upwindExtentM: number;
  /** Ground-level volume fraction at downwind distance x (0 upwind of the upwind extent). */
  volumeFractionAt(downwindM: number): number;
  /** Top-hat half-width at x, m (Britter & McQuaid 1988: Lh = Lh0 + 2.5·Lb^(1/3)·x^(2/3), Lh0 = D + 8·Lb). */
  halfWidthAt(downwindM: number): number;
};

export function britterMcQuaidPlume(input: DenseGasInput, rateKgS: number): DensePlume {
  const g0 = Math.max(0, reducedGravityMps2(input));
  const u = input.windSpeed10Mps;
  const q0 = rateKgS / input.releaseDensityKgM3;
  const d = Math.sqrt(q0 / u);
  const lb = (q0 * g0) / u ** 3;
  // α = log10[(g0'²·q0/u⁵)^(1/5)]; a neutral gas (g0' = 0) sits at the left end of the chart.
  const alpha = g0 > 0 ? 0.2 * Math.log10((g0 * g0 * q0) / u ** 5) : -1;
  const nearFieldLaw = (xPrime: number) => 306 / (306 + xPrime * xPrime);
  // Near field to x' = 30 (Britter & McQuaid 1988, eq. for the plume near-field dilution).
  const curve = curveFor(PLUME_CURVES, alpha, { beta: Math.log10(30), ratio: nearFieldLaw(30) });
  const upwind = d / 2 + 2 * lb;
  const lh0 = d + 8 * lb;
  return {
    alpha,
    alphaInRange: alpha >= -1 && alpha <= 1,
    lengthScaleM: d,
    buoyancyLengthM: lb,
    upwindExtentM: upwind,
    volumeFractionAt(x) {
      if (x < -upwind) return 0;
      return nonIsothermal(ratioOnCurve(curve, Math.max(0, x) / d, nearFieldLaw), input);
    },
    halfWidthAt(x) {
      return x <= 0 ? lh0 : lh0 + 2.5 * Math.cbrt(lb) * x ** (2 / 3);
    },
  };
}

export type DensePuff = {
  alpha: number;
  alphaInRange: boolean;
  initialVolumeM3: number;
  /** Ground-level volume fraction in the cloud when its centre is at downwind distance x. */
  volumeFractionAt(downwindM: number): number;
  /** Cloud centre distance (advected at 0.4·u10) and radius (gravity spreading) at time t after release. */
  centreDistanceAt(ageS: number): number;
  radiusAt(ageS: number): number;
};

/** Britter & McQuaid (1988) instantaneous release: cylinder slumping under gravity while it is advected. */
export function britterMcQuaidPuff(input: DenseGasInput, massKg: number): DensePuff {
  const g0 = Math.max(0, reducedGravityMps2(input));
  const u = input.windSpeed10Mps;
  const v0 = massKg / input.releaseDensityKgM3;
  const alpha = g0 > 0 ? 0.5 * Math.log10((g0 * Math.cbrt(v0)) / (u * u)) : -1;
  const nearFieldLaw = (xPrime: number) => 3.24 / (3.24 + xPrime * xPrime);
  const curve = curveFor(PUFF_CURVES, alpha);
  const r0 = Math.cbrt((3 * v0) / (4 * Math.PI));
  return {
    alpha,
    alphaInRange: alpha >= -1 && alpha <= 1,
    initialVolumeM3: v0,
    volumeFractionAt: (x) => nonIsothermal(ratioOnCurve(curve, Math.max(0, x) / Math.cbrt(v0), nearFieldLaw), input),
    centreDistanceAt: (age) => 0.4 * u * Math.max(0, age),
    radiusAt: (age) => Math.sqrt(r0 * r0 + 1.2 * Math.sqrt(g0 * v0) * Math.max(0, age)),
  };
}
