/**
 * Ambient air temperature and humidity at the site: a seasonal mean, a diurnal cycle and a slow
 * weather anomaly (the anomaly's random state lives in the simulation; this module is pure).
 */

export type ClimateParameters = {
  /** Annual mean air temperature. */
  annualMeanTemperatureC: number;
  /** Half the difference between the warmest and the coldest monthly means. */
  seasonalAmplitudeC: number;
  /** Day of year (1 = 1 January) of the warmest daily mean in the northern hemisphere; shifted half a year south of the equator. */
  warmestDayOfYear: number;
  /** Mean daily maximum minus mean daily minimum. */
  meanDiurnalRangeC: number;
  /** Local solar hour of the daily minimum and maximum (the brief: near 05:00 and 14:00). */
  minimumHour: number;
  maximumHour: number;
  /** Dew point below the daily minimum temperature: near-saturated dawns are typical of humid coastal sites. */
  dewPointDepressionAtMinimumC: number;
  /** Day-to-day (synoptic) temperature anomaly: stationary standard deviation and correlation time. */
  synopticAnomalySigmaC: number;
  synopticTimeConstantS: number;
};

/**
 * Defaults for the demo plant near Shanghai (30.7° N): China Meteorological Administration 1981–2010
 * normals for Shanghai (station 58367) — January mean 4.8 °C, July mean 28.6 °C (so mean 16.7 °C,
 * amplitude 11.9 °C, warmest around 25 July), mean diurnal range about 7 °C. Other sites pass their own.
 * The two-piece cosine with the minimum near sunrise and the maximum at 14:00 follows the daily
 * temperature model of Goudriaan & van Laar (1994, "Modelling Potential Crop Growth Processes", §2.3).
 * Synoptic variability: day-to-day standard deviation of daily means of ~1.5–2.5 °C at mid-latitudes,
 * decorrelating over 2–3 days (the passage of weather systems).
 */
export const DEFAULT_CLIMATE: ClimateParameters = {
  annualMeanTemperatureC: 16.7,
  seasonalAmplitudeC: 11.9,
  warmestDayOfYear: 206,
  meanDiurnalRangeC: 7,
  minimumHour: 5,
  maximumHour: 14,
  dewPointDepressionAtMinimumC: 1.5,
  synopticAnomalySigmaC: 1.5,
  synopticTimeConstantS: 2 * 86_400,
};

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
const DAYS_PER_YEAR = 365.25;

/** Local mean solar time: UTC shifted by longitude/15 hours (15° of longitude per hour). */
export function solarOffsetMs(longitudeDeg: number): number {
  return (longitudeDeg / 15) * MS_PER_HOUR;
}

/** Hour of the local mean solar day, in [0, 24). */
export function localSolarHour(tMs: number, longitudeDeg: number): number {
  const localMs = tMs + solarOffsetMs(longitudeDeg);
  return (((localMs % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_HOUR;
}

/** Day of year in local solar time, 1 on 1 January, fractional. */
export function localDayOfYear(tMs: number, longitudeDeg: number): number {
  const local = new Date(tMs + solarOffsetMs(longitudeDeg));
  return 1 + (local.getTime() - Date.UTC(local.getUTCFullYear(), 0, 1)) / MS_PER_DAY;
}

/**
 * Diurnal shape in [−1, 1]: −1 at the minimum hour, +1 at the maximum hour, a half cosine rising
 * over the morning and a longer half cosine falling through the evening and night.
 */
export function diurnalShape(hour: number, minimumHour: number, maximumHour: number): number {
  const warmingH = maximumHour - minimumHour;
  const coolingH = 24 - warmingH;
  const sinceMinimum = (((hour - minimumHour) % 24) + 24) % 24;
  if (sinceMinimum <= warmingH) return -Math.cos((Math.PI * sinceMinimum) / warmingH);
  return Math.cos((Math.PI * (sinceMinimum - warmingH)) / coolingH);
}

/** Climatological daily mean temperature for a day of year: one annual harmonic. */
export function seasonalMeanTemperatureC(climate: ClimateParameters, dayOfYear: number, latitudeDeg: number): number {
  const warmest = latitudeDeg < 0 ? climate.warmestDayOfYear + DAYS_PER_YEAR / 2 : climate.warmestDayOfYear;
  return climate.annualMeanTemperatureC + climate.seasonalAmplitudeC * Math.cos((2 * Math.PI * (dayOfYear - warmest)) / DAYS_PER_YEAR);
}

export type SiteLocation = { latitudeDeg: number; longitudeDeg: number };

/** Air temperature at 2 m (WMO No. 8 screen height) for an instant, given the current synoptic anomaly. */
export function ambientTemperatureC(climate: ClimateParameters, site: SiteLocation, tMs: number, anomalyC: number): number {
  const seasonal = seasonalMeanTemperatureC(climate, localDayOfYear(tMs, site.longitudeDeg), site.latitudeDeg);
  const shape = diurnalShape(localSolarHour(tMs, site.longitudeDeg), climate.minimumHour, climate.maximumHour);
  return seasonal + (climate.meanDiurnalRangeC / 2) * shape + anomalyC;
}

/**
 * Dew point: roughly constant through a day (air-mass moisture changes with the weather, not the
 * sun), a little below the daily minimum. Relative humidity then falls as the air warms — the
 * anti-correlation of RH with temperature comes from the physics, not from a fitted sign.
 */
export function dewPointC(climate: ClimateParameters, site: SiteLocation, tMs: number, anomalyC: number): number {
  const seasonal = seasonalMeanTemperatureC(climate, localDayOfYear(tMs, site.longitudeDeg), site.latitudeDeg);
  return seasonal - climate.meanDiurnalRangeC / 2 - climate.dewPointDepressionAtMinimumC + anomalyC;
}

/**
 * Magnus formula over water with the coefficients of Alduchov & Eskridge (1996, J. Appl. Meteor. 35,
 * 601): e_s(T) = 6.1094·exp(17.625·T / (T + 243.04)) hPa; RH = 100·e_s(Td)/e_s(T), at most 100 %.
 */
export function relativeHumidityPercent(temperatureC: number, dewPoint: number): number {
  const magnus = (t: number) => (17.625 * t) / (t + 243.04);
  return Math.min(100, 100 * Math.exp(magnus(dewPoint) - magnus(temperatureC)));
}
