import type { DispersionWarning } from '../contracts/index.js';
import { STANDARD_PRESSURE_PA, vapourPressurePa, ZERO_CELSIUS_K, type Ambient } from './atmosphere.js';
import { gasHoleRelease, isBoiling, limitByInventory, liquidHoleRelease, poolEvaporationRateKgS } from './sourceTerms.js';
import type { ReleaseInput } from './studySchema.js';
import type { ResolvedSubstance } from './substanceResolution.js';

/** What the dispersion models need from a release, whichever way it was specified. */
export type ResolvedRelease = {
  x: number;
  y: number;
  heightM: number;
  startS: number;
  /** Airborne rate of a continuous release, kg/s (0 for an instantaneous one). */
  rateKgS: number;
  durationS: number;
  /** Mass of an instantaneous release, kg. */
  massKg?: number;
  instantaneous: boolean;
  releaseTemperatureK: number;
  /** Rate leaving the equipment (before flashing/rainout/pool), kg/s. */
  dischargeRateKgS: number;
  regime: string;
  inventoryLimited: boolean;
};

export class ReleaseInputError extends Error {}

/** Without a duration, a continuous release is taken to last an hour (ALOHA's cap on release duration). */
export const DEFAULT_RELEASE_DURATION_S = 3600;
/** Depth an unbounded spill spreads to when no pool area is given (an assumption, stated in docs/dispersion.md). */
export const DEFAULT_POOL_DEPTH_M = 0.01;

export function resolveRelease(release: ReleaseInput, substance: ResolvedSubstance, ambient: Ambient, windSpeed10Mps: number, warnings: DispersionWarning[]): ResolvedRelease {
  const ambientK = ambient.airTemperatureC + ZERO_CELSIUS_K;
  const kind = release.kind ?? 'direct';
  if (substance.isTracer && kind !== 'direct') throw new ReleaseInputError(`release.kind: a passive tracer has no thermodynamic data; only a direct release (rateKgS or massKg) is possible`);
  const base = { x: release.x, y: release.y, heightM: release.heightM, startS: release.startS };
  const durationOr = (fallback: number) => {
    if (release.durationS !== undefined) return release.durationS;
    warnings.push({ code: 'durationAssumed', params: { durationS: fallback } });
    return fallback;
  };
  const finish = (rateKgS: number, dischargeRateKgS: number, releaseTemperatureK: number, regime: string): ResolvedRelease => {
    const requested = durationOr(DEFAULT_RELEASE_DURATION_S);
    const limit = limitByInventory(dischargeRateKgS, requested, release.inventoryKg);
    if (limit.limited) warnings.push({ code: 'inventoryLimited', params: { inventoryKg: release.inventoryKg ?? 0, durationS: Math.round(limit.durationS) } });
    return { ...base, rateKgS, durationS: limit.durationS, instantaneous: false, releaseTemperatureK, dischargeRateKgS, regime, inventoryLimited: limit.limited };
  };
  const record = substance.record;
  switch (kind) {
    case 'direct': {
      const direct = release as Extract<ReleaseInput, { rateKgS?: number }>;
      const temperatureK = direct.temperatureC !== undefined ? direct.temperatureC + ZERO_CELSIUS_K : ambientK;
      if (direct.massKg !== undefined && (direct.durationS ?? 0) === 0) {
        let mass = direct.massKg;
        if (direct.inventoryKg !== undefined && mass > direct.inventoryKg) {
          warnings.push({ code: 'massAboveInventory', params: { massKg: mass, inventoryKg: direct.inventoryKg } });
          mass = direct.inventoryKg;
        }
        return { ...base, rateKgS: 0, durationS: 0, massKg: mass, instantaneous: true, releaseTemperatureK: temperatureK, dischargeRateKgS: 0, regime: 'instantaneous', inventoryLimited: mass !== direct.massKg };
      }
      if (direct.rateKgS === undefined) {
        if (direct.massKg !== undefined && direct.durationS !== undefined && direct.durationS > 0) return finish(direct.massKg / direct.durationS, direct.massKg / direct.durationS, temperatureK, 'direct');
        throw new ReleaseInputError('release.rateKgS: give rateKgS (continuous), or massKg with durationS 0 (instantaneous)');
      }
      return finish(direct.rateKgS, direct.rateKgS, temperatureK, 'direct');
    }
    case 'gasHole': {
      const hole = release as Extract<ReleaseInput, { kind: 'gasHole' }>;
      checkHole(hole.holeDiameterM, hole.vesselDiameterM);
      const pressurePa = hole.pressurePa ?? (hole.pressureKPaGauge !== undefined ? ambient.pressurePa + hole.pressureKPaGauge * 1000 : undefined);
      if (pressurePa === undefined) throw new ReleaseInputError('release.pressureKPaGauge: the vessel pressure is required (or pressurePa, absolute)');
      const temperatureK = hole.temperatureC !== undefined ? hole.temperatureC + ZERO_CELSIUS_K : ambientK;
      const term = gasHoleRelease(record, { holeDiameterM: hole.holeDiameterM, vesselPressurePa: pressurePa, vesselTemperatureK: temperatureK, ambientPressurePa: ambient.pressurePa, ...(hole.dischargeCoefficient !== undefined ? { dischargeCoefficient: hole.dischargeCoefficient } : {}) });
      return finish(term.airborneRateKgS, term.dischargeRateKgS, term.releaseTemperatureK, term.regime);
    }
    case 'liquidHole': {
      const hole = release as Extract<ReleaseInput, { kind: 'liquidHole' }>;
      checkHole(hole.holeDiameterM, hole.vesselDiameterM);
      const temperatureK = hole.temperatureC !== undefined ? hole.temperatureC + ZERO_CELSIUS_K : ambientK;
      // A liquefied gas is stored under its own vapour pressure unless told otherwise.
      const vesselPa = hole.pressureKPaGauge !== undefined ? ambient.pressurePa + hole.pressureKPaGauge * 1000 : Math.max(ambient.pressurePa, vapourPressurePa(record, temperatureK));
      const term = liquidHoleRelease(record, { holeDiameterM: hole.holeDiameterM, vesselPressurePa: vesselPa, liquidTemperatureK: temperatureK, liquidHeadM: hole.liquidHeadM, ambientPressurePa: ambient.pressurePa, ...(hole.dischargeCoefficient !== undefined ? { dischargeCoefficient: hole.dischargeCoefficient } : {}) });
      const duration = hole.durationS ?? DEFAULT_RELEASE_DURATION_S;
      let airborne = term.airborneRateKgS;
      let regime = term.regime;
      if (term.rainoutRateKgS > 0) {
        if (isBoiling(record, temperatureK, ambient.pressurePa) || term.flashFraction > 0) {
          // Rainout of a liquefied gas boils on the ground: taken as vaporizing as it arrives (conservative).
          airborne += term.rainoutRateKgS;
          regime += ' + boiling rainout (all vaporized)';
        } else {
          const area = hole.poolAreaM2 ?? (term.rainoutRateKgS * duration) / record.liquidDensityKgM3 / DEFAULT_POOL_DEPTH_M;
          if (hole.poolAreaM2 === undefined) warnings.push({ code: 'poolSpreadAssumed', params: { depthCm: DEFAULT_POOL_DEPTH_M * 100, areaM2: Math.round(area) } });
          const evaporation = poolEvaporationRateKgS(record, { areaM2: area, liquidTemperatureK: temperatureK, windSpeed10Mps, ambientPressurePa: ambient.pressurePa });
          airborne += Math.min(evaporation, term.rainoutRateKgS);
          regime += ' + pool evaporation';
        }
      }
      return finish(airborne, term.dischargeRateKgS, term.releaseTemperatureK, regime);
    }
    case 'pool': {
      const pool = release as Extract<ReleaseInput, { kind: 'pool' }>;
      const temperatureK = pool.temperatureC !== undefined ? pool.temperatureC + ZERO_CELSIUS_K : ambientK;
      if (isBoiling(record, temperatureK, ambient.pressurePa ?? STANDARD_PRESSURE_PA)) {
        throw new ReleaseInputError(`release.temperatureC: ${record.name} boils at ${(temperatureK - ZERO_CELSIUS_K).toFixed(1)} °C; the pool model is for non-boiling liquids (give the boil-off as a direct rateKgS)`);
      }
      const rate = poolEvaporationRateKgS(record, { areaM2: pool.areaM2, liquidTemperatureK: temperatureK, windSpeed10Mps, ambientPressurePa: ambient.pressurePa });
      return finish(rate, rate, temperatureK, 'pool evaporation');
    }
  }
}

function checkHole(holeDiameterM: number, vesselDiameterM: number | undefined): void {
  if (vesselDiameterM !== undefined && holeDiameterM > vesselDiameterM) {
    throw new ReleaseInputError(`release.holeDiameterM: ${holeDiameterM} m is larger than the vessel (${vesselDiameterM} m); for a catastrophic rupture give an instantaneous massKg`);
  }
}
