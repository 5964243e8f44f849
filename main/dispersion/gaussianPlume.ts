import type { DispersionSetup } from './dispersionSetup.js';
import { verticalFactor } from './gaussianKernels.js';

/**
 * Steady Gaussian plume of a continuous point source with ground reflection (Turner 1970,
 * Workbook of Atmospheric Dispersion Estimates, eq. 3.1; Hanna, Briggs & Hosker 1982, eq. 4.1):
 *   C(x, y, z) = Q / (2π·u·σy·σz) · exp(−y²/2σy²) · [exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)]
 * C in the units of Q per m³ (Q in mg/s gives mg/m³), σ at downwind distance x. Zero at and
 * upwind of the source (x ≤ 0): a steady plume carries nothing against the wind (along-wind
 * diffusion is neglected, valid when u·x ≫ K, i.e. for u ≥ 1 m/s).
 */
export function plumeConcentration(rate: number, transportSpeedMps: number, downwindM: number, crosswindM: number, receptorHeightM: number, setup: DispersionSetup): number {
  if (downwindM <= 0 || rate <= 0) return 0;
  const sy = setup.sigmaY(downwindM);
  const sz = setup.sigmaZ(downwindM);
  const lateral = Math.exp(-(crosswindM * crosswindM) / (2 * sy * sy));
  const vertical = verticalFactor(receptorHeightM, setup.releaseHeightM, sz, setup.mixingHeightM);
  return (rate / (2 * Math.PI * transportSpeedMps * sy * sz)) * lateral * vertical;
}

/** Ground-level centreline concentration, C(x, 0, z). */
export function plumeCentreline(rate: number, transportSpeedMps: number, downwindM: number, receptorHeightM: number, setup: DispersionSetup): number {
  return plumeConcentration(rate, transportSpeedMps, downwindM, 0, receptorHeightM, setup);
}

/** Half-width (m) at which the plume falls to a threshold at distance x; 0 where the centreline is below it. */
export function plumeHalfWidthM(rate: number, transportSpeedMps: number, downwindM: number, receptorHeightM: number, threshold: number, setup: DispersionSetup): number {
  const centre = plumeCentreline(rate, transportSpeedMps, downwindM, receptorHeightM, setup);
  if (!(centre > threshold)) return 0;
  return setup.sigmaY(downwindM) * Math.sqrt(2 * Math.log(centre / threshold));
}
