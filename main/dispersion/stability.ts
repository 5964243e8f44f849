/**
 * Pasquill–Gifford stability classes A (very unstable) … F (moderately stable), from what a plant
 * weather station or an operator can give: wind speed with insolation or night cloud cover, the
 * standard deviation of the wind direction (σθ), or the Monin–Obukhov length.
 */
export const STABILITY_CLASSES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type StabilityClass = (typeof STABILITY_CLASSES)[number];

export type Insolation = 'strong' | 'moderate' | 'slight';

/**
 * Turner (1964), "A diurnal stability classification scheme", J. Appl. Meteor. 3, 83, as tabulated
 * in Turner (1970), Workbook of Atmospheric Dispersion Estimates, table 1: rows by 10 m wind speed
 * (< 2, 2–3, 3–5, 5–6, > 6 m/s); day columns strong/moderate/slight insolation; night columns
 * thinly overcast or ≥ 4/8 low cloud, and ≤ 3/8 cloud. Neutral D applies to overcast day or night.
 * Where the table gives two classes (A–B, B–C, C–D) the more stable one is taken (more conservative
 * ground-level concentrations from a low source).
 */
const DAY: Record<Insolation, readonly StabilityClass[]> = {
  strong: ['A', 'B', 'B', 'C', 'C'],
  moderate: ['B', 'B', 'C', 'C', 'D'],
  slight: ['B', 'C', 'C', 'D', 'D'],
};
/** Night rows; Turner leaves < 2 m/s blank at night — taken as F, the usual convention (EPA-454/R-99-005 §6.4.1). */
const NIGHT_CLOUDY: readonly StabilityClass[] = ['F', 'E', 'D', 'D', 'D'];
const NIGHT_CLEAR: readonly StabilityClass[] = ['F', 'F', 'E', 'D', 'D'];

function windRow(windSpeed10Mps: number): number {
  if (windSpeed10Mps < 2) return 0;
  if (windSpeed10Mps < 3) return 1;
  if (windSpeed10Mps < 5) return 2;
  if (windSpeed10Mps < 6) return 3;
  return 4;
}

/**
 * Insolation class from the sun's elevation, reduced by cloud (Turner 1964): strong above 60°,
 * moderate 35–60°, slight 15–35°, none below 15° (treated as night-like neutral-to-stable). Cloud
 * cover above 5/8 lowers it one step (two when the ceiling is below 2134 m, 7000 ft); 8/8 below
 * 2134 m is overcast, neutral.
 */
export function insolationFromSun(solarElevationDeg: number, cloudCoverOktas: number, ceilingM?: number): Insolation | 'overcast' | 'none' {
  if (cloudCoverOktas >= 8 && (ceilingM === undefined || ceilingM < 2134)) return 'overcast';
  if (solarElevationDeg <= 15) return 'none';
  let level = solarElevationDeg > 60 ? 3 : solarElevationDeg > 35 ? 2 : 1;
  if (cloudCoverOktas > 5) level -= ceilingM !== undefined && ceilingM < 2134 ? 2 : 1;
  if (level <= 0) return 'overcast';
  return level === 3 ? 'strong' : level === 2 ? 'moderate' : 'slight';
}

export type WeatherForStability = {
  windSpeed10Mps: number;
  isNight: boolean;
  cloudCoverOktas: number;
  ceilingM?: number;
  /** Daytime only; when absent by day, moderate insolation is assumed. */
  solarElevationDeg?: number;
};

export function stabilityFromWeather(weather: WeatherForStability): StabilityClass {
  const row = windRow(weather.windSpeed10Mps);
  if (!weather.isNight) {
    const insolation = weather.solarElevationDeg === undefined ? 'moderate' : insolationFromSun(weather.solarElevationDeg, weather.cloudCoverOktas, weather.ceilingM);
    if (insolation === 'overcast') return 'D';
    // Sun below 15°: the hour after sunrise or before sunset, treated as neutral (Turner 1964).
    if (insolation === 'none') return 'D';
    return DAY[insolation][row]!;
  }
  if (weather.cloudCoverOktas >= 8) return 'D';
  return (weather.cloudCoverOktas >= 4 ? NIGHT_CLOUDY : NIGHT_CLEAR)[row]!;
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
