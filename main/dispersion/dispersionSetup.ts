import type { Ambient } from './atmosphere.js';
import { averagingTimeFactor, sigmaFunctions, type SigmaFunction, type SigmaScheme } from './dispersionCoefficients.js';
import type { StabilityClass } from './stability.js';

/**
 * Everything the Gaussian models need besides the release and the wind: the σ curves (with the
 * averaging-time correction and the source's initial size folded in), receptor conventions and
 * the ambient state.
 */
export type DispersionSetup = {
  stabilityClass: StabilityClass;
  sigmaScheme: SigmaScheme;
  sigmaY: SigmaFunction;
  sigmaZ: SigmaFunction;
  releaseHeightM: number;
  mixingHeightM?: number;
  ambient: Ambient;
};

/**
 * Distances nearer than this are evaluated at it: σ → 0 at the source would make the point-source
 * formulas blow up, and no measurement supports them inside a metre.
 */
export const MIN_TRAVEL_DISTANCE_M = 1;

export type SetupOptions = {
  stabilityClass: StabilityClass;
  sigmaScheme: SigmaScheme;
  releaseHeightM: number;
  averagingTimeS?: number;
  /** Initial source size (volume source): added in quadrature, σ² = σ_ambient² + σ0² (AERMOD, EPA-454/R-03-004 §3.3.5). */
  initialSigmaYM?: number;
  initialSigmaZM?: number;
  mixingHeightM?: number;
  ambient: Ambient;
};

export function makeDispersionSetup(options: SetupOptions): DispersionSetup {
  const base = sigmaFunctions(options.sigmaScheme, options.stabilityClass);
  const averaging = options.sigmaScheme === 'ccps-puff' ? 1 : averagingTimeFactor(options.averagingTimeS ?? 600);
  const sy0 = options.initialSigmaYM ?? 0;
  const sz0 = options.initialSigmaZM ?? 0;
  return {
    stabilityClass: options.stabilityClass,
    sigmaScheme: options.sigmaScheme,
    sigmaY: (x) => Math.hypot(averaging * base.sigmaY(Math.max(MIN_TRAVEL_DISTANCE_M, x)), sy0),
    sigmaZ: (x) => Math.hypot(base.sigmaZ(Math.max(MIN_TRAVEL_DISTANCE_M, x)), sz0),
    releaseHeightM: options.releaseHeightM,
    ...(options.mixingHeightM !== undefined ? { mixingHeightM: options.mixingHeightM } : {}),
    ambient: options.ambient,
  };
}
