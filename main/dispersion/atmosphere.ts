import type { SubstanceRecord } from './substanceTable.js';

/** Physical constants (CODATA 2018) and the ambient defaults of docs/study-cli.md. */
export const GAS_CONSTANT_J_PER_MOL_K = 8.314_462_618;
export const STANDARD_GRAVITY_MPS2 = 9.806_65;
export const ZERO_CELSIUS_K = 273.15;
export const STANDARD_PRESSURE_PA = 101_325;
export const DEFAULT_AIR_TEMPERATURE_C = 25;
/** Mean molar mass of dry air, g/mol (ISO 2533 standard atmosphere). */
export const AIR_MOLECULAR_WEIGHT_G_PER_MOL = 28.9644;

export type Ambient = { airTemperatureC: number; pressurePa: number };
export const DEFAULT_AMBIENT: Ambient = { airTemperatureC: DEFAULT_AIR_TEMPERATURE_C, pressurePa: STANDARD_PRESSURE_PA };

/** Molar volume of an ideal gas, m³/mol: V = RT/P (24.45 L/mol at 25 °C and 101.325 kPa). */
export function molarVolumeM3(ambient: Ambient): number {
  return (GAS_CONSTANT_J_PER_MOL_K * (ambient.airTemperatureC + ZERO_CELSIUS_K)) / ambient.pressurePa;
}

/** ppm by volume from mg/m³ at the ambient T and P: ppm = C[mg/m³]·Vm[L/mol]/M[g/mol]. */
export function mgM3ToPpm(concentrationMgM3: number, molecularWeightGPerMol: number, ambient: Ambient = DEFAULT_AMBIENT): number {
  return (concentrationMgM3 * molarVolumeM3(ambient) * 1000) / molecularWeightGPerMol;
}

export function ppmToMgM3(ppm: number, molecularWeightGPerMol: number, ambient: Ambient = DEFAULT_AMBIENT): number {
  return (ppm * molecularWeightGPerMol) / (molarVolumeM3(ambient) * 1000);
}

/** Ideal-gas density, kg/m³, of a gas of molar mass M at temperature T and pressure P: ρ = PM/(RT). */
export function gasDensityKgM3(molecularWeightGPerMol: number, temperatureK: number, pressurePa: number): number {
  return (pressurePa * molecularWeightGPerMol * 1e-3) / (GAS_CONSTANT_J_PER_MOL_K * temperatureK);
}

export function airDensityKgM3(ambient: Ambient): number {
  return gasDensityKgM3(AIR_MOLECULAR_WEIGHT_G_PER_MOL, ambient.airTemperatureC + ZERO_CELSIUS_K, ambient.pressurePa);
}

/**
 * Saturation vapour pressure, Pa. Antoine equation with the NIST coefficients inside their fitted
 * range; outside it (or for substances without a fit), the Clausius–Clapeyron equation through the
 * normal boiling point with the latent heat at the boiling point,
 *   ln(P/101325 Pa) = (ΔHvap·M/R)·(1/Tb − 1/T)
 * (Smith, Van Ness & Abbott, Introduction to Chemical Engineering Thermodynamics, 7th ed., §6.5),
 * which is within ~15 % of tabulated values between Tb and 320 K for the table's substances.
 */
export function vapourPressurePa(substance: SubstanceRecord, temperatureK: number): number {
  const antoine = substance.antoine;
  if (antoine && temperatureK >= antoine.minK && temperatureK <= antoine.maxK) {
    return 1e5 * 10 ** (antoine.a - antoine.b / (temperatureK + antoine.c));
  }
  const latentJPerMol = substance.heatOfVaporizationJPerKg * substance.molecularWeightGPerMol * 1e-3;
  const exponent = (latentJPerMol / GAS_CONSTANT_J_PER_MOL_K) * (1 / substance.normalBoilingPointK - 1 / temperatureK);
  return STANDARD_PRESSURE_PA * Math.exp(exponent);
}
