import type { Sensor } from '../contracts/index.js';

/**
 * Where a sensor sits in normal operation, derived from its own alarm limits so that any scene gets
 * sensible values: a plant in normal operation has no standing alarms (EEMUA 191 / ISA-18.2 aim for
 * alarms only on abnormal situations), so every normal value must stay well inside the limits.
 */
export type OperatingWindow = {
  /** Set point the plant's controls hold. */
  nominal: number;
  /** Normal values are softly held between these (±∞ where the sensor has no limit on that side). */
  guardLow: number;
  guardHigh: number;
  /** Typical size of normal variation: set point to the nearest limit, or a kind-specific size. */
  scale: number;
};

/** Normal values stay within this fraction of the way from the set point to the first alarm limit. */
export const GUARD_FRACTION = 0.6;

/** Normal O2 in air: 20.95 % vol dry air (US Standard Atmosphere 1976); 20.9 as detectors are calibrated. */
export const AMBIENT_OXYGEN_PERCENT_VOL = 20.9;

/**
 * Set point as a fraction of a high-only alarm limit, by kind (assumed operating practice): process
 * pressures and temperatures run at ~70 % of their high alarm; a flow at 60 %; pump vibration at 35 %
 * of the ISO 10816-3 zone B/C boundary (4.5 mm/s), i.e. ~1.6 mm/s, a healthy zone A/B machine.
 */
const HIGH_ONLY_SET_POINT_FRACTION: Record<string, number> = { vibration: 0.35, flow: 0.6, level: 0.5 };
const DEFAULT_HIGH_ONLY_FRACTION = 0.7;

const lowLimitOf = (s: Sensor) => s.limits.low ?? s.limits.lowLow;
const highLimitOf = (s: Sensor) => s.limits.high ?? s.limits.highHigh;

function nominalOf(sensor: Sensor, low: number | undefined, high: number | undefined): number {
  // Clean air reads zero gas and smoke; oxygen sits at its ambient fraction whatever the limits say.
  if (sensor.kind === 'gas' || sensor.kind === 'smoke') return 0;
  if (sensor.kind === 'o2') return AMBIENT_OXYGEN_PERCENT_VOL;
  if (low !== undefined && high !== undefined) return (low + high) / 2;
  if (high !== undefined) {
    if (high <= 0) return high - Math.max(1, Math.abs(high) * 0.3);
    return high * (HIGH_ONLY_SET_POINT_FRACTION[sensor.kind] ?? DEFAULT_HIGH_ONLY_FRACTION);
  }
  if (low !== undefined) return low + Math.max(1, Math.abs(low) * 0.3);
  if (sensor.rangeMin !== undefined && sensor.rangeMax !== undefined) return (sensor.rangeMin + sensor.rangeMax) / 2;
  return 0;
}

export function operatingWindowOf(sensor: Sensor): OperatingWindow {
  const low = lowLimitOf(sensor);
  const high = highLimitOf(sensor);
  const nominal = nominalOf(sensor, low, high);
  const distances = [high !== undefined ? high - nominal : Infinity, low !== undefined ? nominal - low : Infinity].filter((d) => d > 0);
  const nearest = Math.min(...distances);
  const span = sensor.rangeMax !== undefined && sensor.rangeMin !== undefined ? sensor.rangeMax - sensor.rangeMin : undefined;
  const scale = Number.isFinite(nearest) ? nearest : span !== undefined && span > 0 ? span / 4 : Math.max(1, Math.abs(nominal) * 0.1);
  return {
    nominal,
    guardHigh: high !== undefined && high > nominal ? nominal + GUARD_FRACTION * (high - nominal) : Infinity,
    guardLow: low !== undefined && low < nominal ? nominal - GUARD_FRACTION * (nominal - low) : -Infinity,
    scale,
  };
}

/**
 * Smooth saturation into [low, high]: identity in the middle, then a tanh knee of the given width
 * that approaches the guard but never crosses it, with slope 1 where it starts (no visible kink).
 * Used where a physical model (weather-driven vapour pressure, tank temperature) could otherwise
 * disagree with a scene's limits: a real plant's cooling sprays and controls keep those in range.
 */
export function softLimit(value: number, low: number, high: number, kneeWidth: number): number {
  if (!(kneeWidth > 0)) return Math.min(high, Math.max(low, value));
  const upperKnee = high - kneeWidth;
  if (Number.isFinite(high) && value > upperKnee) return upperKnee + kneeWidth * Math.tanh((value - upperKnee) / kneeWidth);
  const lowerKnee = low + kneeWidth;
  if (Number.isFinite(low) && value < lowerKnee) return lowerKnee - kneeWidth * Math.tanh((lowerKnee - value) / kneeWidth);
  return value;
}

/** Hold a value inside its sensor's operating window (knee: half the guard's distance from the set point). */
export function holdInWindow(value: number, window: OperatingWindow): number {
  const kneeHigh = Number.isFinite(window.guardHigh) ? (window.guardHigh - window.nominal) / 2 : Infinity;
  const kneeLow = Number.isFinite(window.guardLow) ? (window.nominal - window.guardLow) / 2 : Infinity;
  return softLimit(value, window.guardLow, window.guardHigh, Math.min(kneeHigh, kneeLow));
}

export type NoiseProfile = {
  /** White measurement noise (standard deviation, sensor unit). */
  noiseSigma: number;
  /** Slow wander of the process value or the instrument zero (stationary σ, sensor unit) and its correlation time. */
  wanderSigma: number;
  wanderTimeConstantS: number;
  /** Readings never go below zero (gas, smoke: transmitters clamp at zero). */
  nonNegative: boolean;
};

/**
 * Noise by kind. Measurement noise from typical transmitter specifications: RTDs ±0.15 °C (IEC 60751
 * class A), pressure transmitters ~0.1 % of span, radar level gauges a few mm, electrochemical
 * toxic cells ~1 % of the alarm level at zero, catalytic/IR combustible heads a few tenths of a %LEL
 * of zero drift (hence their usual display dead band), electrochemical O2 cells ±0.1 % vol.
 * Wander: the process's own slow movement around its set point (assumed, ~2–5 % of the distance to
 * the limit over 10–30 min) or, for gas and O2, the zero/span drift between calibrations.
 */
export function noiseProfileOf(sensor: Sensor, window: OperatingWindow): NoiseProfile {
  const scale = window.scale;
  switch (sensor.kind) {
    case 'gas': {
      if (sensor.unit === '%LEL') return { noiseSigma: 0.2, wanderSigma: 0.3, wanderTimeConstantS: 3600, nonNegative: true };
      const reference = highLimitOf(sensor) ?? (sensor.rangeMax !== undefined ? sensor.rangeMax / 5 : 10);
      return { noiseSigma: 0.01 * reference, wanderSigma: 0.01 * reference, wanderTimeConstantS: 3600, nonNegative: true };
    }
    case 'o2':
      return { noiseSigma: 0.03, wanderSigma: 0.05, wanderTimeConstantS: 1800, nonNegative: true };
    case 'smoke':
      return { noiseSigma: 0.01, wanderSigma: 0.005, wanderTimeConstantS: 3600, nonNegative: true };
    case 'temperature':
      return { noiseSigma: 0.1, wanderSigma: 0.02 * scale, wanderTimeConstantS: 900, nonNegative: false };
    case 'pressure':
      return { noiseSigma: 0.001 * scale, wanderSigma: 0.02 * scale, wanderTimeConstantS: 600, nonNegative: false };
    case 'level':
      return { noiseSigma: sensor.unit === 'm' ? 0.003 : 0.02, wanderSigma: 0.03 * scale, wanderTimeConstantS: 600, nonNegative: true };
    case 'flow':
      return { noiseSigma: 0.005 * scale, wanderSigma: 0.02 * scale, wanderTimeConstantS: 300, nonNegative: true };
    case 'vibration':
      return { noiseSigma: 0.05, wanderSigma: 0.05 * scale, wanderTimeConstantS: 1800, nonNegative: true };
    case 'windSpeed':
      return { noiseSigma: 0.05, wanderSigma: 0, wanderTimeConstantS: 60, nonNegative: true };
    case 'windDirection':
      return { noiseSigma: 1, wanderSigma: 0, wanderTimeConstantS: 60, nonNegative: false };
    case 'humidity':
      return { noiseSigma: 0.3, wanderSigma: 0.5, wanderTimeConstantS: 3600, nonNegative: true };
  }
}

/** Published resolution: about four significant digits of the sensor's normal scale, as a power of ten. */
export function resolutionOf(sensor: Sensor, window: OperatingWindow): number {
  if (sensor.kind === 'windDirection') return 1;
  if (sensor.unit === '%LEL' || sensor.kind === 'humidity' || sensor.kind === 'windSpeed') return 0.1;
  const magnitude = Math.max(window.scale, Math.abs(window.nominal) / 10, 1e-6);
  return 10 ** (Math.floor(Math.log10(magnitude)) - 3);
}

export function roundTo(value: number, resolution: number): number {
  const rounded = Math.round(value / resolution) * resolution;
  // Rounding to a power of ten in binary floating point leaves tails (0.30000000000000004): trim them.
  const decimals = Math.max(0, -Math.floor(Math.log10(resolution)));
  return Number(rounded.toFixed(Math.min(decimals, 12)));
}
