/**
 * Pasquill–Gifford stability classes A (very unstable) … F (moderately stable), from what a plant
 * weather station or an operator can give: wind speed with the sun, cloud cover and ceiling, the
 * standard deviation of the wind direction (σθ), or the Monin–Obukhov length.
 */
export const STABILITY_CLASSES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type StabilityClass = (typeof STABILITY_CLASSES)[number];

/**
 * Turner's (1964) method as the US EPA specifies it for regulatory modelling: Meteorological
 * Monitoring Guidance for Regulatory Modeling Applications, EPA-454/R-99-005 (2000), §6.4.1,
 * tables 6-4 (class from wind speed and net radiation index), 6-5 (insolation class number from
 * solar altitude) and 6-6 (net radiation index from cloud cover, ceiling and day or night).
 * Turner, D. B. (1964), "A diffusion model for an urban area", J. Appl. Meteor. 3, 83–91.
 */

/** 1 knot = 1852 m / 3600 s (the table is in knots because it was made for NWS observations). */
export const METRES_PER_SECOND_PER_KNOT = 1852 / 3600;
/** Ceiling limits of table 6-6: 7,000 ft and 16,000 ft (1 ft = 0.3048 m). */
export const CEILING_LOW_M = 7000 * 0.3048;
export const CEILING_MID_M = 16_000 * 0.3048;

export type InsolationClassNumber = 1 | 2 | 3 | 4;
export type NetRadiationIndex = -2 | -1 | 0 | 1 | 2 | 3 | 4;

/** Table 6-5: strong (4) above 60°, moderate (3) above 35°, slight (2) above 15°, weak (1) at 15° and below. */
export function insolationClassNumber(solarAltitudeDeg: number): InsolationClassNumber {
  if (solarAltitudeDeg > 60) return 4;
  if (solarAltitudeDeg > 35) return 3;
  if (solarAltitudeDeg > 15) return 2;
  return 1;
}

export type SkyForStability = {
  /** Turner's night: from one hour before sunset to one hour after sunrise (see isTurnerNight). */
  isNight: boolean;
  /** Total cloud cover, tenths of the sky (0–10). */
  cloudCoverTenths: number;
  /**
   * Ceiling (height of the lowest broken or overcast layer), m. Absent with more than 5/10 cloud:
   * taken as below 7,000 ft, the most stable reading of table 6-6 (conservative for ground-level releases).
   */
  ceilingM?: number;
  /** Daytime solar altitude; absent by day, moderate insolation (class number 3) is assumed. */
  solarElevationDeg?: number;
};

/** Table 6-6, step by step. */
export function netRadiationIndex(sky: SkyForStability): NetRadiationIndex {
  const cover = sky.cloudCoverTenths;
  const ceilingM = sky.ceilingM ?? 0;
  // 1. Overcast (10/10) below 7,000 ft: 0, day or night.
  if (cover >= 10 && ceilingM < CEILING_LOW_M) return 0;
  // 2. Night: −2 with at most 4/10 cloud, −1 with more.
  if (sky.isNight) return cover <= 4 ? -2 : -1;
  // 3a. Day: the insolation class number from the solar altitude (table 6-5).
  const insolation = sky.solarElevationDeg === undefined ? 3 : insolationClassNumber(sky.solarElevationDeg);
  // 3b. At most 5/10 cloud: the index is the insolation class number.
  if (cover <= 5) return insolation;
  // 3c. More than 5/10: −2 below 7,000 ft, −1 from 7,000 to under 16,000 ft, −1 more for 10/10; at least 1.
  let modified = insolation;
  if (ceilingM < CEILING_LOW_M) modified -= 2;
  else if (ceilingM < CEILING_MID_M) modified -= 1;
  if (cover >= 10) modified -= 1;
  return Math.max(1, modified) as NetRadiationIndex;
}

/**
 * Table 6-4: Turner class number (1 = A … 7 = G) by wind speed rounded to whole knots (rows 0–1, 2–3,
 * 4–5, 6, 7, 8–9, 10, 11, ≥ 12) and net radiation index (columns 4, 3, 2, 1, 0, −1, −2).
 */
const TURNER_TABLE: readonly { maxKnots: number; classes: readonly number[] }[] = [
  { maxKnots: 1, classes: [1, 1, 2, 3, 4, 6, 7] },
  { maxKnots: 3, classes: [1, 2, 2, 3, 4, 6, 7] },
  { maxKnots: 5, classes: [1, 2, 3, 4, 4, 5, 6] },
  { maxKnots: 6, classes: [2, 2, 3, 4, 4, 5, 6] },
  { maxKnots: 7, classes: [2, 2, 3, 4, 4, 4, 5] },
  { maxKnots: 9, classes: [2, 3, 3, 4, 4, 4, 5] },
  { maxKnots: 10, classes: [3, 3, 4, 4, 4, 4, 5] },
  { maxKnots: 11, classes: [3, 3, 4, 4, 4, 4, 4] },
  { maxKnots: Number.POSITIVE_INFINITY, classes: [3, 4, 4, 4, 4, 4, 4] },
];

export function windSpeedKnots(windSpeedMps: number): number {
  return Math.round(Math.max(0, windSpeedMps) / METRES_PER_SECOND_PER_KNOT);
}

/** Turner class number 1–7 from the 10 m wind (m/s, rounded to whole knots) and the net radiation index. */
export function turnerClassNumber(windSpeed10Mps: number, index: NetRadiationIndex): number {
  const knots = windSpeedKnots(windSpeed10Mps);
  const row = TURNER_TABLE.find((r) => knots <= r.maxKnots)!;
  return row.classes[4 - index]!;
}

export type WeatherForStability = SkyForStability & { windSpeed10Mps: number };

/** Pasquill–Gifford class by Turner's method; classes 6 and 7 (F and G) are combined as F, as EPA-454/R-99-005 prescribes. */
export function stabilityFromWeather(weather: WeatherForStability): StabilityClass {
  const number = Math.min(6, turnerClassNumber(weather.windSpeed10Mps, netRadiationIndex(weather)));
  return STABILITY_CLASSES[number - 1]!;
}

/** Cloud cover in oktas as tenths (8 oktas = 10/10). */
export function oktasToTenths(oktas: number): number {
  return (oktas * 10) / 8;
}

/**
 * From the standard deviation of the horizontal wind direction (σA, degrees, over 15–60 min), by
 * day: US EPA (2000), Meteorological Monitoring Guidance for Regulatory Modeling Applications,
 * EPA-454/R-99-005, table 6-7 (A ≥ 22.5°, B ≥ 17.5°, C ≥ 12.5°, D ≥ 7.5°, E ≥ 3.8°, F below).
 * At night (same guidance, table 6-8) an unstable reading becomes D, and stable ones move one class
 * toward D at 10 m winds of 3–5 m/s and become D at 5 m/s and above.
 */
export function stabilityFromSigmaTheta(sigmaThetaDeg: number, isNight = false, windSpeed10Mps = 3): StabilityClass {
  const byDay: StabilityClass = sigmaThetaDeg >= 22.5 ? 'A' : sigmaThetaDeg >= 17.5 ? 'B' : sigmaThetaDeg >= 12.5 ? 'C' : sigmaThetaDeg >= 7.5 ? 'D' : sigmaThetaDeg >= 3.8 ? 'E' : 'F';
  if (!isNight) return byDay;
  if (byDay <= 'D') return 'D';
  if (windSpeed10Mps >= 5) return 'D';
  if (windSpeed10Mps >= 3) return byDay === 'F' ? 'E' : 'D';
  return byDay;
}

/**
 * From the Monin–Obukhov length L (m) and roughness z0 (m), by Golder's (1972) nomogram as fitted
 * by 1/L = a + b·log10(z0) for each class (Seinfeld & Pandis 2006, Atmospheric Chemistry and
 * Physics, 2nd ed., chapter 16, after Golder 1972, Boundary-Layer Meteorol. 3, 47): the class whose
 * representative 1/L is nearest is taken.
 */
const GOLDER_COEFFICIENTS: Record<StabilityClass, { a: number; b: number }> = {
  A: { a: -0.096, b: 0.029 },
  B: { a: -0.037, b: 0.029 },
  C: { a: -0.002, b: 0.018 },
  D: { a: 0, b: 0 },
  E: { a: 0.004, b: -0.018 },
  F: { a: 0.035, b: -0.036 },
};

export function stabilityFromObukhovLength(obukhovLengthM: number, roughnessM: number): StabilityClass {
  const inverse = Number.isFinite(obukhovLengthM) && obukhovLengthM !== 0 ? 1 / obukhovLengthM : 0;
  const logZ0 = Math.log10(Math.max(1e-4, roughnessM));
  let best: StabilityClass = 'D';
  let bestGap = Number.POSITIVE_INFINITY;
  for (const cls of STABILITY_CLASSES) {
    const { a, b } = GOLDER_COEFFICIENTS[cls];
    const gap = Math.abs(inverse - (a + b * logZ0));
    if (gap < bestGap) {
      bestGap = gap;
      best = cls;
    }
  }
  return best;
}
