/**
 * Pressure in a vessel of liquefied gas: the liquid's vapour pressure at its temperature. The scene
 * gives only the normal boiling point, so the curve is the Clausius–Clapeyron equation through it,
 *   ln(p / 101.325 kPa) = (ΔHvap / R)·(1/Tb − 1/T),
 * with ΔHvap from Trouton's rule, ΔSvap = ΔHvap/Tb ≈ 88 J/(mol·K) (Atkins, Physical Chemistry, §4).
 * Checked against data at 25 °C: propane 1.10 MPa absolute (NIST Chemistry WebBook 0.95), chlorine 0.82 (0.78),
 * ammonia 0.80 (1.00, hydrogen bonding raises its Trouton constant to ~97) — within 20 %, enough for
 * a pressure that rises and falls with the weather in a plausible range.
 */
export const STANDARD_ATMOSPHERE_KPA = 101.325;
const TROUTON_ENTROPY_J_PER_MOL_K = 88;
const GAS_CONSTANT_J_PER_MOL_K = 8.314_462_618;
const ZERO_CELSIUS_K = 273.15;

export function vapourPressureKPaAbs(normalBoilingPointC: number, temperatureC: number): number {
  const tb = normalBoilingPointC + ZERO_CELSIUS_K;
  const t = temperatureC + ZERO_CELSIUS_K;
  const enthalpyOverR = (TROUTON_ENTROPY_J_PER_MOL_K * tb) / GAS_CONSTANT_J_PER_MOL_K;
  return STANDARD_ATMOSPHERE_KPA * Math.exp(enthalpyOverR * (1 / tb - 1 / t));
}

/** kPa to a scene pressure unit (SENSOR_UNITS.pressure); undefined for a unit the simulator does not know. */
export function kPaToUnit(kPa: number, unit: string): number | undefined {
  switch (unit) {
    case 'kPa':
      return kPa;
    case 'MPa':
      return kPa / 1000;
    case 'bar':
      return kPa / 100;
    default:
      return undefined;
  }
}
