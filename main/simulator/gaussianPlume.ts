import type { Point2 } from '../contracts/index.js';

/**
 * Steady Gaussian plume from a continuous release, for the simulator's gas-leak scenario. Good
 * enough to make the right detectors respond, with magnitudes of the right order; not a consequence
 * model (the core's dispersion study is the place for dense-gas and transient models).
 */

/**
 * Briggs (1973) open-country dispersion coefficients for Pasquill stability class D, as tabulated
 * in Hanna, Briggs & Hosker (1982), "Handbook on Atmospheric Diffusion", DOE/TIC-11223, table 4.5,
 * and in Turner (1994), "Workbook of Atmospheric Dispersion Estimates", 2nd ed.:
 *   σy = 0.08·x·(1 + 0.0001·x)^−½,   σz = 0.06·x·(1 + 0.0015·x)^−½   (x downwind, metres).
 * Fitted for 100 m < x < 10 km; nearer, they are extrapolated (their near-field shape is linear in
 * x, which is the right limit), and the initial source size below dominates anyway.
 */
export function briggsOpenCountryClassD(downwindM: number): { sigmaYM: number; sigmaZM: number } {
  return {
    sigmaYM: (0.08 * downwindM) / Math.sqrt(1 + 0.0001 * downwindM),
    sigmaZM: (0.06 * downwindM) / Math.sqrt(1 + 0.0015 * downwindM),
  };
}

/**
 * Below about 1 m/s the steady plume equation (C ∝ 1/u) is invalid; regulatory practice floors the
 * speed at 1 m/s (US EPA, Guideline on Air Quality Models, 40 CFR 51 App. W).
 */
export const MIN_PLUME_WIND_SPEED_MPS = 1;

/** Distances nearer than this to the source are evaluated at this distance (σ → 0 would blow up). */
export const MIN_DOWNWIND_DISTANCE_M = 1;

export type PlumeInput = {
  emissionRateKgPerS: number;
  windSpeedMps: number;
  downwindM: number;
  crosswindM: number;
  receptorHeightM: number;
  releaseHeightM: number;
  /** Initial spread of the release (volume source), combined in quadrature with the ambient σ. */
  initialSigmaYM: number;
  initialSigmaZM: number;
};

/**
 * Concentration in mg/m³ by the Gaussian plume equation with total reflection at the ground
 * (Turner 1994, eq. 1-1; Hanna et al. 1982, eq. 4.1):
 *   C = Q / (2π·u·σy·σz) · exp(−y²/2σy²) · [exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)]
 * with Q in mg/s. Zero upwind (x ≤ 0): a steady plume carries nothing against the wind.
 * Initial sigmas of a volume source add in quadrature to the ambient ones (σ² = σ_amb² + σ0²), as in
 * AERMOD's treatment of volume sources (Cimorelli et al. 2004, EPA-454/R-03-004).
 */
export function gaussianPlumeMgPerM3(input: PlumeInput): number {
  if (input.downwindM <= 0 || input.emissionRateKgPerS <= 0) return 0;
  const x = Math.max(MIN_DOWNWIND_DISTANCE_M, input.downwindM);
  const u = Math.max(MIN_PLUME_WIND_SPEED_MPS, input.windSpeedMps);
  const ambient = briggsOpenCountryClassD(x);
  const sigmaY = Math.hypot(ambient.sigmaYM, input.initialSigmaYM);
  const sigmaZ = Math.hypot(ambient.sigmaZM, input.initialSigmaZM);
  const qMgPerS = input.emissionRateKgPerS * 1e6;
  const lateral = Math.exp(-(input.crosswindM ** 2) / (2 * sigmaY ** 2));
  const vertical =
    Math.exp(-((input.receptorHeightM - input.releaseHeightM) ** 2) / (2 * sigmaZ ** 2)) +
    Math.exp(-((input.receptorHeightM + input.releaseHeightM) ** 2) / (2 * sigmaZ ** 2));
  return (qMgPerS / (2 * Math.PI * u * sigmaY * sigmaZ)) * lateral * vertical;
}

/** Molar volume of an ideal gas at 25 °C and 101.325 kPa, L/mol: the basis of occupational ppm ↔ mg/m³. */
export const MOLAR_VOLUME_25C_L = 24.45;

/** ppm (by volume) = mg/m³ × 24.45 / M, at 25 °C and 1 atm. */
export function mgPerM3ToPpm(mgPerM3: number, molecularWeightGPerMol: number): number {
  return (mgPerM3 * MOLAR_VOLUME_25C_L) / molecularWeightGPerMol;
}

/** %LEL = ppm / (LEL in % vol × 10⁴ ppm per % vol) × 100. */
export function ppmToPercentLel(ppm: number, lelPercentVol: number): number {
  return (ppm / (lelPercentVol * 1e4)) * 100;
}

/** Unit vector (east, north) the wind blows TOWARDS, from a meteorological FROM direction. */
export function downwindUnitVector(windFromDeg: number): Point2 {
  const r = (windFromDeg * Math.PI) / 180;
  return [-Math.sin(r), -Math.cos(r)];
}

/** A receptor's downwind and crosswind distances from a source for a wind direction. */
export function plumeCoordinates(source: Point2, receptor: Point2, windFromDeg: number): { downwindM: number; crosswindM: number } {
  const [ux, uy] = downwindUnitVector(windFromDeg);
  const dx = receptor[0] - source[0];
  const dy = receptor[1] - source[1];
  return { downwindM: dx * ux + dy * uy, crosswindM: -dx * uy + dy * ux };
}
