import type { SigmaScheme } from './dispersionCoefficients.js';
import type { StabilityClass } from './stability.js';

/**
 * Power-law wind profile u(z) = u_ref·(z/z_ref)^p with the exponents of the US EPA ISC3 model
 * (EPA-454/B-95-003b, vol. II, §1.1.2): rural A–F 0.07, 0.07, 0.10, 0.15, 0.35, 0.55; urban 0.15,
 * 0.15, 0.20, 0.25, 0.30, 0.30 (from Irwin 1979, Atmos. Environ. 13, 191).
 */
const RURAL_EXPONENT: Record<StabilityClass, number> = { A: 0.07, B: 0.07, C: 0.1, D: 0.15, E: 0.35, F: 0.55 };
const URBAN_EXPONENT: Record<StabilityClass, number> = { A: 0.15, B: 0.15, C: 0.2, D: 0.25, E: 0.3, F: 0.3 };

export function windProfileExponent(cls: StabilityClass, scheme: SigmaScheme): number {
  return scheme === 'briggs-urban' ? URBAN_EXPONENT[cls] : RURAL_EXPONENT[cls];
}

/**
 * Transport height: the release height, but not below 10 m — the σ sets were fitted to 10 m winds,
 * and a power law taken to the ground would give a zero speed for a ground-level release.
 */
export const MIN_TRANSPORT_HEIGHT_M = 10;
export function transportHeightM(releaseHeightM: number): number {
  return Math.max(MIN_TRANSPORT_HEIGHT_M, releaseHeightM);
}

export function windSpeedAtHeight(referenceSpeedMps: number, referenceHeightM: number, heightM: number, exponent: number): number {
  return referenceSpeedMps * (heightM / referenceHeightM) ** exponent;
}

/**
 * Calm-wind floor: below 1 m/s the steady Gaussian equations (C ∝ 1/u) are not valid; regulatory
 * practice sets calm hours to 1 m/s (US EPA, Guideline on Air Quality Models, 40 CFR 51 App. W,
 * §8.4.5). The engine applies this floor to the transport speed and reports it in its warnings.
 */
export const CALM_WIND_FLOOR_MPS = 1;

/**
 * Wind-direction uncertainty at low wind speeds: meandering gives a direction spread
 * σθ ≈ atan(σv/u) with a floor on the lateral turbulence σv of about 0.5 m/s in light-wind stable
 * conditions (Hanna 1990, "Lateral dispersion in light-wind stable conditions", Il Nuovo Cimento
 * 13C, 889). The sector shown spans ±2σθ (95 %), and only below 3 m/s, where it matters (as in ALOHA's
 * wind-direction confidence lines); capped at ±90°.
 */
export const LOW_WIND_SECTOR_BELOW_MPS = 3;
export const MIN_LATERAL_TURBULENCE_MPS = 0.5;
export function directionUncertaintyHalfAngleDeg(windSpeedMps: number): number {
  if (windSpeedMps >= LOW_WIND_SECTOR_BELOW_MPS) return 0;
  const sigmaThetaDeg = (Math.atan2(MIN_LATERAL_TURBULENCE_MPS, Math.max(windSpeedMps, 0)) * 180) / Math.PI;
  return Math.min(90, 2 * sigmaThetaDeg);
}
