import { GAS_CONSTANT_J_PER_MOL_K, STANDARD_GRAVITY_MPS2, STANDARD_PRESSURE_PA, vapourPressurePa } from './atmosphere.js';
import type { SubstanceRecord } from './substanceTable.js';

/**
 * Source terms: how fast a leak puts gas into the air. Each model returns the airborne rate,
 * the temperature the vapour enters the air at (for the dense-gas criterion), and notes.
 * Inventory limits turn a rate into a duration (limitByInventory).
 */
export type SourceTerm = {
  /** Mass rate leaving the equipment, kg/s. */
  dischargeRateKgS: number;
  /** Mass rate that becomes airborne (vapour and carried aerosol), kg/s. */
  airborneRateKgS: number;
  releaseTemperatureK: number;
  /** What the model decided, for the study's output (e.g. "choked"). */
  regime: string;
  notes: string[];
};

export function holeAreaM2(diameterM: number): number {
  return (Math.PI * diameterM * diameterM) / 4;
}

/** Critical (choking) pressure ratio Pa/P0 = (2/(γ+1))^(γ/(γ−1)) (Crowl & Louvar 2011, eq. 4-48). */
export function chokedPressureRatio(gamma: number): number {
  return (2 / (gamma + 1)) ** (gamma / (gamma - 1));
}

/** Crowl & Louvar (2011) §4-2/4-4: use Cd = 1 for gas when the hole is not characterized (conservative); 0.61 for sharp-edged liquid orifices. */
export const DEFAULT_GAS_DISCHARGE_COEFFICIENT = 1.0;
export const DEFAULT_LIQUID_DISCHARGE_COEFFICIENT = 0.61;

export type GasHoleInput = {
  holeDiameterM: number;
  /** Absolute pressure in the vessel, Pa. */
  vesselPressurePa: number;
  vesselTemperatureK: number;
  ambientPressurePa: number;
  dischargeCoefficient?: number;
};

/**
 * Gas through a hole, isentropic nozzle flow of an ideal gas (Crowl & Louvar 2011, Chemical Process
 * Safety 3rd ed., §4-4, eqs. 4-50 and 4-46; CCPS 1999 §2.1.1):
 *   choked (Pa/P0 ≤ critical ratio):  ṁ = Cd·A·P0·√( γ·M/(R·T0) · (2/(γ+1))^((γ+1)/(γ−1)) )
 *   unchoked:                         ṁ = Cd·A·P0·√( 2M/(R·T0) · γ/(γ−1) · [(Pa/P0)^(2/γ) − (Pa/P0)^((γ+1)/γ)] )
 * Both give the same rate at the critical ratio (continuous switch). Steady: the vessel pressure is
 * taken as constant (an upper bound on the rate while the vessel blows down).
 */
export function gasHoleRelease(substance: SubstanceRecord, input: GasHoleInput): SourceTerm {
  const gamma = substance.heatCapacityRatio;
  const m = substance.molecularWeightGPerMol * 1e-3;
  const cd = input.dischargeCoefficient ?? DEFAULT_GAS_DISCHARGE_COEFFICIENT;
  const area = holeAreaM2(input.holeDiameterM);
  const p0 = input.vesselPressurePa;
  const ratio = input.ambientPressurePa / p0;
  const rt = GAS_CONSTANT_J_PER_MOL_K * input.vesselTemperatureK;
  if (ratio >= 1) {
    return { dischargeRateKgS: 0, airborneRateKgS: 0, releaseTemperatureK: input.vesselTemperatureK, regime: 'no flow (vessel not above ambient pressure)', notes: [] };
  }
  let rate: number;
  let regime: string;
  if (ratio <= chokedPressureRatio(gamma)) {
    rate = cd * area * p0 * Math.sqrt(((gamma * m) / rt) * (2 / (gamma + 1)) ** ((gamma + 1) / (gamma - 1)));
    regime = 'choked';
  } else {
    rate = cd * area * p0 * Math.sqrt(((2 * m) / rt) * (gamma / (gamma - 1)) * (ratio ** (2 / gamma) - ratio ** ((gamma + 1) / gamma)));
    regime = 'unchoked';
  }
  return { dischargeRateKgS: rate, airborneRateKgS: rate, releaseTemperatureK: input.vesselTemperatureK, regime, notes: [] };
}

export type LiquidHoleInput = {
  holeDiameterM: number;
  /** Absolute pressure of the vapour space above the liquid, Pa (vapour pressure for a liquefied gas). */
  vesselPressurePa: number;
  liquidTemperatureK: number;
  /** Height of liquid above the hole, m. */
  liquidHeadM: number;
  ambientPressurePa: number;
  dischargeCoefficient?: number;
};

/**
 * Liquid through a hole below the liquid level, Bernoulli with a discharge coefficient
 * (Crowl & Louvar 2011 eq. 4-6; CCPS 1999 §2.1.1):  ṁ = Cd·A·√(2ρ·(P − Pa + ρ·g·hL)).
 * A liquid above its normal boiling point (a liquefied gas) flashes on release: the flashed
 * fraction f = cp·(T − Tb)/ΔHv (Crowl & Louvar eq. 4-90) becomes vapour at Tb and, by the CCPS
 * (1999, §2.1.2) rule of thumb, carries an equal mass of fine aerosol, so min(1, 2f) is airborne;
 * the rest rains out. Flow in the hole is taken as all-liquid (holes in vessel walls are too short
 * for the two-phase flow to develop; CCPS 1999 §2.1.1), the upper bound of the rate.
 */
export function liquidHoleRelease(substance: SubstanceRecord, input: LiquidHoleInput): SourceTerm & { flashFraction: number; rainoutRateKgS: number } {
  const cd = input.dischargeCoefficient ?? DEFAULT_LIQUID_DISCHARGE_COEFFICIENT;
  const rho = substance.liquidDensityKgM3;
  const drivingPa = input.vesselPressurePa - input.ambientPressurePa + rho * STANDARD_GRAVITY_MPS2 * Math.max(0, input.liquidHeadM);
  const rate = drivingPa > 0 ? cd * holeAreaM2(input.holeDiameterM) * Math.sqrt(2 * rho * drivingPa) : 0;
  const superheatK = input.liquidTemperatureK - substance.normalBoilingPointK;
  const flashFraction = superheatK > 0 ? Math.min(1, (substance.liquidHeatCapacityJPerKgK * superheatK) / substance.heatOfVaporizationJPerKg) : 0;
  const airborneFraction = Math.min(1, 2 * flashFraction);
  const notes = flashFraction > 0 ? [`flashing: ${(flashFraction * 100).toFixed(1)} % flashes, ${(airborneFraction * 100).toFixed(1)} % airborne with aerosol`] : [];
  return {
    dischargeRateKgS: rate,
    airborneRateKgS: rate * airborneFraction,
    rainoutRateKgS: rate * (1 - airborneFraction),
    flashFraction,
    releaseTemperatureK: flashFraction > 0 ? substance.normalBoilingPointK : input.liquidTemperatureK,
    regime: flashFraction > 0 ? 'flashing liquid' : 'liquid',
    notes,
  };
}

export type PoolInput = {
  areaM2: number;
  liquidTemperatureK: number;
  /** Wind speed at 10 m, m/s. */
  windSpeed10Mps: number;
  ambientPressurePa?: number;
};

const LB_PER_MIN_TO_KG_PER_S = 0.453_592_37 / 60;
const M2_TO_FT2 = 10.763_910_4;
const PA_TO_MMHG = 760 / STANDARD_PRESSURE_PA;

/**
 * Evaporation from a pool of a non-boiling liquid: the US EPA RMP equation (Risk Management
 * Program Guidance for Offsite Consequence Analysis, EPA 550-B-99-009, 1999, appendix D, eq. D-1,
 * derived from the Mackay & Matsugu 1973 mass-transfer correlation):
 *   QR [lb/min] = 0.284 · u^0.78 · M^(2/3) · A[ft²] · Pv[mmHg] / (82.05 · T[K])
 * with u the 10 m wind (m/s) and Pv the vapour pressure at the pool temperature. Steady, for a
 * pool of fixed area. A pool at or above its boiling point (a liquefied gas's rainout) boils: this
 * model does not apply and the caller takes the rained-out liquid as vaporizing as it arrives.
 */
export function poolEvaporationRateKgS(substance: SubstanceRecord, input: PoolInput): number {
  const pv = Math.min(vapourPressurePa(substance, input.liquidTemperatureK), input.ambientPressurePa ?? STANDARD_PRESSURE_PA);
  const u = Math.max(0, input.windSpeed10Mps);
  const lbPerMin = (0.284 * u ** 0.78 * substance.molecularWeightGPerMol ** (2 / 3) * input.areaM2 * M2_TO_FT2 * pv * PA_TO_MMHG) / (82.05 * input.liquidTemperatureK);
  return lbPerMin * LB_PER_MIN_TO_KG_PER_S;
}

/** Whether a liquid at this temperature boils at ambient pressure. */
export function isBoiling(substance: SubstanceRecord, temperatureK: number, ambientPressurePa = STANDARD_PRESSURE_PA): boolean {
  return vapourPressurePa(substance, temperatureK) >= ambientPressurePa;
}

/** How long a release of this rate can last on this inventory (the inventory limit), s. */
export function limitByInventory(rateKgS: number, requestedDurationS: number, inventoryKg: number | undefined): { durationS: number; limited: boolean } {
  if (inventoryKg === undefined || !(rateKgS > 0)) return { durationS: requestedDurationS, limited: false };
  const emptyAfterS = inventoryKg / rateKgS;
  return emptyAfterS < requestedDurationS ? { durationS: emptyAfterS, limited: true } : { durationS: requestedDurationS, limited: false };
}
