import { describe, expect, it } from 'vitest';
import { insolationFromSun, stabilityFromObukhovLength, stabilityFromSigmaTheta, stabilityFromWeather } from './stability.js';
import { solarElevationDeg } from './solarPosition.js';
import { directionUncertaintyHalfAngleDeg, windProfileExponent, windSpeedAtHeight } from './windProfile.js';

describe('Pasquill–Gifford stability', () => {
  it('follows Turner’s table by wind speed, insolation and night cloud cover', () => {
    const day = (windSpeed10Mps: number, solarElevationDeg: number, cloudCoverOktas = 0) => stabilityFromWeather({ windSpeed10Mps, isNight: false, solarElevationDeg, cloudCoverOktas });
    const night = (windSpeed10Mps: number, cloudCoverOktas: number) => stabilityFromWeather({ windSpeed10Mps, isNight: true, cloudCoverOktas });
    // Rows < 2, 2–3, 3–5, 5–6, > 6 m/s; strong, moderate, slight insolation (Turner 1970 table 1).
    expect([1, 2.5, 4, 5.5, 7].map((u) => day(u, 70))).toEqual(['A', 'B', 'B', 'C', 'C']);
    expect([1, 2.5, 4, 5.5, 7].map((u) => day(u, 45))).toEqual(['B', 'B', 'C', 'C', 'D']);
    expect([1, 2.5, 4, 5.5, 7].map((u) => day(u, 20))).toEqual(['B', 'C', 'C', 'D', 'D']);
    expect([1, 2.5, 4, 5.5, 7].map((u) => night(u, 5))).toEqual(['F', 'E', 'D', 'D', 'D']);
    expect([1, 2.5, 4, 5.5, 7].map((u) => night(u, 2))).toEqual(['F', 'F', 'E', 'D', 'D']);
    expect(night(1, 8)).toBe('D');
    expect(day(1, 70, 8)).toBe('D');
  });

  it('lowers insolation under cloud, more under a low ceiling', () => {
    expect(insolationFromSun(70, 0)).toBe('strong');
    expect(insolationFromSun(70, 6, 5000)).toBe('moderate');
    expect(insolationFromSun(70, 6, 1000)).toBe('slight');
    expect(insolationFromSun(10, 0)).toBe('none');
  });

  it('classifies σθ by the EPA bands and moves stable night readings toward D in stronger wind', () => {
    expect([25, 20, 15, 10, 5, 2].map((s) => stabilityFromSigmaTheta(s))).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(stabilityFromSigmaTheta(25, true)).toBe('D');
    expect(stabilityFromSigmaTheta(2, true, 2)).toBe('F');
    expect(stabilityFromSigmaTheta(2, true, 4)).toBe('E');
    expect(stabilityFromSigmaTheta(2, true, 6)).toBe('D');
  });

  it('classifies by the Obukhov length (Golder): strongly negative is unstable, large is neutral, small positive is stable', () => {
    expect(stabilityFromObukhovLength(-5, 0.1)).toBe('A');
    expect(stabilityFromObukhovLength(-1e6, 0.1)).toBe('D');
    expect(stabilityFromObukhovLength(1e6, 0.1)).toBe('D');
    expect(stabilityFromObukhovLength(15, 0.1)).toBe('F');
  });

  it('places the sun: high at local noon in summer at mid-latitude, below the horizon at midnight', () => {
    // Shanghai (31.2 N, 121.5 E), 21 June, 04:00 UTC ≈ 12:06 local mean solar time: ≈ 82°.
    expect(solarElevationDeg('2025-06-21T04:00:00Z', 31.2, 121.5)).toBeGreaterThan(78);
    expect(solarElevationDeg('2025-06-21T16:00:00Z', 31.2, 121.5)).toBeLessThan(0);
  });
});

describe('wind profile and direction uncertainty', () => {
  it('uses the ISC3 power-law exponents', () => {
    expect(windProfileExponent('D', 'briggs-rural')).toBe(0.15);
    expect(windProfileExponent('F', 'briggs-rural')).toBe(0.55);
    expect(windProfileExponent('F', 'briggs-urban')).toBe(0.3);
    expect(windSpeedAtHeight(5, 10, 40, 0.15)).toBeCloseTo(5 * 4 ** 0.15, 12);
  });

  it('widens the direction-uncertainty sector as the wind drops below 3 m/s', () => {
    expect(directionUncertaintyHalfAngleDeg(3.5)).toBe(0);
    const a = directionUncertaintyHalfAngleDeg(2.5);
    const b = directionUncertaintyHalfAngleDeg(1);
    const c = directionUncertaintyHalfAngleDeg(0);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    expect(c).toBe(90);
  });
});
