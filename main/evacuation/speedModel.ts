import { EVACUATION_MODEL_DEFAULTS } from './modelDefaults.js';

const { gammaPerM2, maxDensityPerM2 } = EVACUATION_MODEL_DEFAULTS.weidmann;
/** Spacing at Weidmann's jam density: 1/√ρmax ≈ 0.43 m. */
const JAM_SPACING_M = 1 / Math.sqrt(maxDensityPerM2);

/**
 * Fraction of the free speed at a free gap g (centre distance minus both radii) to the agent ahead.
 *
 * Weidmann (1993): v(ρ) = v0·(1 − exp(−γ·(1/ρ − 1/ρmax))), γ = 1.913 m⁻², ρmax = 5.4 m⁻². In the
 * collision-free speed model the speed depends on the spacing s to the agent ahead (Tordeux et al.
 * 2016); with ρ ≈ 1/s² (an isotropic crowd) and s measured as the gap plus the jam spacing, the
 * speed vanishes exactly at contact (g = 0) whatever the body size, and equals Weidmann's curve for
 * bodies of Weidmann's size. Free flow (g → ∞) gives v0.
 */
export function weidmannSpeedFraction(gapM: number): number {
  if (!(gapM > 0)) return 0;
  const s = gapM + JAM_SPACING_M;
  return 1 - Math.exp(-gammaPerM2 * (s * s - JAM_SPACING_M * JAM_SPACING_M));
}

/** Weidmann's speed–density relation itself, for documentation and tests. */
export function weidmannSpeedMps(densityPerM2: number, freeSpeedMps: number): number {
  if (densityPerM2 <= 0) return freeSpeedMps;
  if (densityPerM2 >= maxDensityPerM2) return 0;
  return freeSpeedMps * (1 - Math.exp(-gammaPerM2 * (1 / densityPerM2 - 1 / maxDensityPerM2)));
}

/** Gap beyond which the speed fraction exceeds 0.98: neighbours farther than this do not slow anyone. */
export const SPEED_INFLUENCE_GAP_M = (() => {
  const s = Math.sqrt(-Math.log(0.02) / gammaPerM2 + JAM_SPACING_M * JAM_SPACING_M);
  return s - JAM_SPACING_M;
})();
