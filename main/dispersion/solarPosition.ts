/**
 * Solar elevation from a time and place, for the Turner stability scheme (which needs the sun's
 * height, not the clock). Declination by Cooper (1969), Solar Energy 12, 333:
 * δ = 23.45°·sin(360°·(284 + n)/365); hour angle from mean solar time (UTC + longitude/15 h),
 * ignoring the equation of time (±16 min, under 4° of hour angle) — enough for a class boundary
 * at 15°, 35° or 60° of elevation.
 */
export function solarElevationDeg(timeIso: string, latitudeDeg: number, longitudeDeg: number): number {
  const date = new Date(timeIso);
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new Error(`"${timeIso}" is not an ISO 8601 time`);
  const startOfYear = Date.UTC(date.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((ms - startOfYear) / 86_400_000) + 1;
  const rad = Math.PI / 180;
  const declination = 23.45 * Math.sin(((360 * (284 + dayOfYear)) / 365) * rad);
  const utcHours = date.getUTCHours() + date.getUTCMinutes() / 60 + date.getUTCSeconds() / 3600;
  const solarHours = utcHours + longitudeDeg / 15;
  const hourAngle = 15 * (solarHours - 12);
  const sinElevation =
    Math.sin(latitudeDeg * rad) * Math.sin(declination * rad) + Math.cos(latitudeDeg * rad) * Math.cos(declination * rad) * Math.cos(hourAngle * rad);
  return Math.asin(Math.max(-1, Math.min(1, sinElevation))) / rad;
}

const HOUR_MS = 3_600_000;

/**
 * Turner's night (EPA-454/R-99-005 table 6-6): from one hour before sunset to one hour after sunrise.
 * The sun is up on one interval of the day, so it is day exactly when the sun is above the horizon
 * both an hour ago and an hour from now.
 */
export function isTurnerNight(timeIso: string, latitudeDeg: number, longitudeDeg: number): boolean {
  const ms = new Date(timeIso).getTime();
  if (!Number.isFinite(ms)) throw new Error(`"${timeIso}" is not an ISO 8601 time`);
  const at = (offsetMs: number) => solarElevationDeg(new Date(ms + offsetMs).toISOString(), latitudeDeg, longitudeDeg);
  return at(-HOUR_MS) <= 0 || at(HOUR_MS) <= 0;
}
