import type { Equipment, Point2, Sensor, Substance } from '../contracts/index.js';
import { crossWidthM } from './equipmentFootprint.js';
import { downwindUnitVector, gaussianPlumeMgPerM3, mgPerM3ToPpm, MIN_PLUME_WIND_SPEED_MPS, plumeCoordinates, ppmToPercentLel } from './gaussianPlume.js';
import type { Wind } from './WindModel.js';

/**
 * Gas-leak scenario: a continuous release at an equipment item, spread by a steady Gaussian plume
 * in the current mean wind. The source is the equipment's footprint centre; the release is treated
 * as a volume source the size of the equipment seen across the wind (the cloud wraps round a tank
 * in its wake), with the initial dimensions the US EPA ISC3 user's guide (EPA-454/B-95-003b, vol. II,
 * volume sources) prescribes: σy0 = crosswind width / 4.3, σz0 = vertical extent / 2.15.
 */
export type ActiveLeak = {
  equipment: Equipment;
  substance: Substance;
  releaseRateKgPerS: number;
  startMs: number;
  endMs: number | undefined;
};

/** Release at a flange or valve of the grade-level pipework (assumed), an initial cloud about 2 m tall. */
export const LEAK_RELEASE_HEIGHT_M = 1;
export const LEAK_INITIAL_SIGMA_Z_M = 2 / 2.15;

/** Concentration of one leak's gas at a sensor, ppm, as the plume stands at tMs (zero until the gas has travelled there). */
export function leakPpmAt(sensor: Sensor, leak: ActiveLeak, wind: Wind, tMs: number): number {
  const source: Point2 = [leak.equipment.position.x, leak.equipment.position.y];
  const { downwindM, crosswindM } = plumeCoordinates(source, [sensor.position.x, sensor.position.y], wind.fromDeg);
  if (downwindM <= 0) return 0;
  // Transport: the front arrives after x/u, and the tail clears x/u after the release stops.
  const travelMs = (downwindM / Math.max(MIN_PLUME_WIND_SPEED_MPS, wind.speedMps)) * 1000;
  if (tMs < leak.startMs + travelMs) return 0;
  if (leak.endMs !== undefined && tMs >= leak.endMs + travelMs) return 0;
  const mgPerM3 = gaussianPlumeMgPerM3({
    emissionRateKgPerS: leak.releaseRateKgPerS,
    windSpeedMps: wind.speedMps,
    downwindM,
    crosswindM,
    receptorHeightM: sensor.mountingHeightM,
    releaseHeightM: LEAK_RELEASE_HEIGHT_M,
    initialSigmaYM: crossWidthM(leak.equipment, downwindUnitVector(wind.fromDeg)) / 4.3,
    initialSigmaZM: LEAK_INITIAL_SIGMA_Z_M,
  });
  return mgPerM3ToPpm(mgPerM3, leak.substance.molecularWeightGPerMol);
}

/**
 * What a gas detector reads from the leaks, in its unit. Toxic (ppm) cells are substance-specific:
 * they see only their own gas. Combustible (%LEL) heads respond to any flammable gas; the reading
 * is taken as %LEL of the leaked gas (response factor 1, a simplification: catalytic and IR heads
 * calibrated on one gas read others with factors of roughly 0.5–2).
 */
export function detectorReadingFromLeaks(sensor: Sensor, leaks: readonly ActiveLeak[], wind: Wind, tMs: number): number {
  let reading = 0;
  for (const leak of leaks) {
    if (sensor.unit === 'ppm') {
      if (sensor.substanceId === leak.substance.id) reading += leakPpmAt(sensor, leak, wind, tMs);
    } else if (sensor.unit === '%LEL' && leak.substance.lelPercentVol !== undefined) {
      reading += ppmToPercentLel(leakPpmAt(sensor, leak, wind, tMs), leak.substance.lelPercentVol);
    }
  }
  return reading;
}

/** Oxygen left where leaked gas displaces air: O2 × (1 − c/10⁶). */
export function oxygenDilutionFactor(sensor: Sensor, leaks: readonly ActiveLeak[], wind: Wind, tMs: number): number {
  let ppm = 0;
  for (const leak of leaks) ppm += leakPpmAt(sensor, leak, wind, tMs);
  return Math.max(0, 1 - ppm / 1e6);
}
