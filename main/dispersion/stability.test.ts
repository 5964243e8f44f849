import { describe, expect, it } from 'vitest';
import { insolationClassNumber, netRadiationIndex, oktasToTenths, stabilityFromObukhovLength, stabilityFromSigmaTheta, stabilityFromWeather, turnerClassNumber, type NetRadiationIndex, type SkyForStability } from './stability.js';
import { isTurnerNight, solarElevationDeg } from './solarPosition.js';
import { directionUncertaintyHalfAngleDeg, windProfileExponent, windSpeedAtHeight } from './windProfile.js';

describe('Pasquill–Gifford stability', () => {
  // EPA-454/R-99-005 (2000) §6.4.1, written out here from the guidance, not from the module.
  // Table 6-4: rows by wind speed in whole knots; columns net radiation index 4, 3, 2, 1, 0, −1, −2.
  const TABLE_6_4: [knots: number[], classes: number[]][] = [
    [[0, 1], [1, 1, 2, 3, 4, 6, 7]],
    [[2, 3], [1, 2, 2, 3, 4, 6, 7]],
    [[4, 5], [1, 2, 3, 4, 4, 5, 6]],
    [[6], [2, 2, 3, 4, 4, 5, 6]],
    [[7], [2, 2, 3, 4, 4, 4, 5]],
    [[8, 9], [2, 3, 3, 4, 4, 4, 5]],
    [[10], [3, 3, 4, 4, 4, 4, 5]],
    [[11], [3, 3, 4, 4, 4, 4, 4]],
    [[12, 15, 25], [3, 4, 4, 4, 4, 4, 4]],
  ];
  const KNOT_MPS = 0.514444;
  /** A sky that gives each net radiation index by table 6-6. */
  const SKY_FOR_INDEX: Record<number, SkyForStability> = {
    4: { isNight: false, solarElevationDeg: 70, cloudCoverTenths: 0 },
    3: { isNight: false, solarElevationDeg: 45, cloudCoverTenths: 3 },
    2: { isNight: false, solarElevationDeg: 20, cloudCoverTenths: 5 },
    1: { isNight: false, solarElevationDeg: 10, cloudCoverTenths: 0 },
    0: { isNight: true, cloudCoverTenths: 10, ceilingM: 1000 },
    [-1]: { isNight: true, cloudCoverTenths: 6 },
    [-2]: { isNight: true, cloudCoverTenths: 2 },
  };
  // Classes 6 and 7 (F and G) are combined as 6 for regulatory modelling (§6.4.1).
  const letter = (turnerClass: number) => 'ABCDEF'[Math.min(6, turnerClass) - 1];

  for (const [knotsList, classes] of TABLE_6_4) {
    it(`follows table 6-4 row by row: ${knotsList.join(', ')} kt`, () => {
      [4, 3, 2, 1, 0, -1, -2].forEach((index, column) => {
        const sky = SKY_FOR_INDEX[index]!;
        expect(netRadiationIndex(sky)).toBe(index);
        for (const knots of knotsList) {
          // The wind is rounded to whole knots: ±0.4 kt stays in the row.
          for (const speedKnots of [knots, Math.max(0, knots - 0.4), knots + 0.4]) {
            const windSpeed10Mps = speedKnots * KNOT_MPS;
            expect(turnerClassNumber(windSpeed10Mps, index as NetRadiationIndex), `${speedKnots} kt, index ${index}`).toBe(classes[column]);
            expect(stabilityFromWeather({ ...sky, windSpeed10Mps }), `${speedKnots} kt, index ${index}`).toBe(letter(classes[column]!));
          }
        }
      });
    });
  }

  it('takes the insolation class number from the solar altitude (table 6-5)', () => {
    expect([75, 60.01, 60, 35.01, 35, 15.01, 15, 5].map(insolationClassNumber)).toEqual([4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it('finds the net radiation index step by step (table 6-6)', () => {
    // 1. 10/10 below 7,000 ft: 0, day or night.
    expect(netRadiationIndex({ isNight: false, solarElevationDeg: 70, cloudCoverTenths: 10, ceilingM: 2000 })).toBe(0);
    expect(netRadiationIndex({ isNight: true, cloudCoverTenths: 10, ceilingM: 2000 })).toBe(0);
    // 2. Night: at most 4/10 → −2; more → −1 (also 10/10 with a high ceiling).
    expect(netRadiationIndex({ isNight: true, cloudCoverTenths: 4 })).toBe(-2);
    expect(netRadiationIndex({ isNight: true, cloudCoverTenths: 5 })).toBe(-1);
    expect(netRadiationIndex({ isNight: true, cloudCoverTenths: 10, ceilingM: 3000 })).toBe(-1);
    // 3b. Day, at most 5/10: the insolation class number whatever the ceiling.
    expect(netRadiationIndex({ isNight: false, solarElevationDeg: 70, cloudCoverTenths: 5, ceilingM: 500 })).toBe(4);
    // 3c. Day, more than 5/10: −2 below 7,000 ft (2133.6 m), −1 below 16,000 ft (4876.8 m), −1 more at 10/10, never below 1.
    expect(netRadiationIndex({ isNight: false, solarElevationDeg: 70, cloudCoverTenths: 6, ceilingM: 2133 })).toBe(2);
    expect(netRadiationIndex({ isNight: false, solarElevationDeg: 70, cloudCoverTenths: 6, ceilingM: 2134 })).toBe(3);
    expect(netRadiationIndex({ isNight: false, solarElevationDeg: 70, cloudCoverTenths: 6, ceilingM: 4876 })).toBe(3);
    expect(netRadiationIndex({ isNight: false, solarElevationDeg: 70, cloudCoverTenths: 6, ceilingM: 4877 })).toBe(4);
    expect(netRadiationIndex({ isNight: false, solarElevationDeg: 70, cloudCoverTenths: 10, ceilingM: 3000 })).toBe(2);
    expect(netRadiationIndex({ isNight: false, solarElevationDeg: 70, cloudCoverTenths: 10, ceilingM: 6000 })).toBe(3);
    expect(netRadiationIndex({ isNight: false, solarElevationDeg: 20, cloudCoverTenths: 8, ceilingM: 1000 })).toBe(1);
    // No ceiling given with more than 5/10: below 7,000 ft (the most stable reading).
    expect(netRadiationIndex({ isNight: false, solarElevationDeg: 70, cloudCoverTenths: 8 })).toBe(2);
    // No sun given by day: moderate insolation (3).
    expect(netRadiationIndex({ isNight: false, cloudCoverTenths: 0 })).toBe(3);
  });

  it('classifies ordinary conditions as the EPA method does, where the old Turner (1970) lookup did not', () => {
    // Clear summer noon, 2.5 m/s (5 kt): A (the old lookup gave B).
    expect(stabilityFromWeather({ windSpeed10Mps: 2.5, isNight: false, solarElevationDeg: 70, cloudCoverTenths: 0 })).toBe('A');
    // Low sun (10°), clear, 1.5 m/s (3 kt): C (the old lookup gave D).
    expect(stabilityFromWeather({ windSpeed10Mps: 1.5, isNight: false, solarElevationDeg: 10, cloudCoverTenths: 0 })).toBe('C');
    // Cloudy night (6/10), 1.5 m/s (3 kt): F (the old lookup gave F below 2 m/s, E at 2–3 m/s: 2.5 m/s = 5 kt is E here).
    expect(stabilityFromWeather({ windSpeed10Mps: 1.5, isNight: true, cloudCoverTenths: 6 })).toBe('F');
    expect(stabilityFromWeather({ windSpeed10Mps: 2.5, isNight: true, cloudCoverTenths: 6 })).toBe('E');
    // Clear night, 3.5 m/s (7 kt): E (old: E); 5.5 m/s (11 kt): D.
    expect(stabilityFromWeather({ windSpeed10Mps: 3.5, isNight: true, cloudCoverTenths: 0 })).toBe('E');
    expect(stabilityFromWeather({ windSpeed10Mps: 5.5, isNight: true, cloudCoverTenths: 0 })).toBe('D');
  });

  it('converts oktas to tenths (8 oktas = 10/10)', () => {
    expect(oktasToTenths(8)).toBe(10);
    expect(oktasToTenths(4)).toBe(5);
  });

  it('counts the hour after sunrise and the hour before sunset as night (table 6-6)', () => {
    // Shanghai (31.2 N, 121.5 E), 21 June: mean solar time = UTC + 8.1 h; sunrise ≈ 04:59, sunset ≈ 19:01 solar time.
    const night = (utc: string) => isTurnerNight(utc, 31.2, 121.5);
    expect(night('2025-06-20T21:24:00Z')).toBe(true); // 05:30 solar: the sun is up, but within the hour after sunrise
    expect(night('2025-06-20T22:24:00Z')).toBe(false); // 06:30 solar
    expect(night('2025-06-21T04:00:00Z')).toBe(false); // noon
    expect(night('2025-06-21T09:24:00Z')).toBe(false); // 17:30 solar
    expect(night('2025-06-21T10:24:00Z')).toBe(true); // 18:30 solar: within the hour before sunset
    expect(night('2025-06-21T16:00:00Z')).toBe(true); // midnight
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
