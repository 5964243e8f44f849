import { describe, expect, it } from 'vitest';
import { britterMcQuaidPlume, CONTINUOUS_DENSE_CRITERION, continuousRichardsonNumber, instantaneousRichardsonNumber, type DenseGasInput } from './denseGas.js';
import { runStudy } from './runStudy.js';

describe('Britter–McQuaid dense gas', () => {
  it('reproduces the CCPS (1999) Guidelines for Consequence Analysis worked example (Burro LNG, p. 122): 367 m to the 5 % LFL', () => {
    // LNG 0.23 m³/s of liquid (425.6 kg/m³) released at −162 °C, vapour 1.76 kg/m³, u10 = 10.9 m/s,
    // air at 298 K. CCPS reads the workbook curves to 367 m for the 5 % LFL; the digitized curves
    // (TSCREEN fits) are good to a few per cent of distance.
    const input: DenseGasInput = { releaseDensityKgM3: 1.76, airDensityKgM3: 1.184, releaseTemperatureK: 111.15, ambientTemperatureK: 298, windSpeed10Mps: 10.9 };
    const plume = britterMcQuaidPlume(input, 0.23 * 425.6);
    let lo = 1;
    let hi = 5000;
    for (let k = 0; k < 60; k++) {
      const mid = (lo + hi) / 2;
      if (plume.volumeFractionAt(mid) > 0.05) lo = mid;
      else hi = mid;
    }
    expect(Math.abs(lo - 367) / 367).toBeLessThan(0.03);
    expect(plume.alpha).toBeGreaterThan(-1);
    expect(plume.alpha).toBeLessThan(1);
  });

  it('decays monotonically downwind and is zero upwind of the gravity-spread source', () => {
    const plume = britterMcQuaidPlume({ releaseDensityKgM3: 2.9, airDensityKgM3: 1.18, releaseTemperatureK: 298, ambientTemperatureK: 298, windSpeed10Mps: 2 }, 5);
    let previous = 1.01;
    for (let x = 1; x < 5000; x *= 1.2) {
      const c = plume.volumeFractionAt(x);
      expect(c).toBeLessThanOrEqual(previous);
      previous = c;
    }
    expect(plume.volumeFractionAt(-plume.upwindExtentM - 1)).toBe(0);
    expect(plume.halfWidthAt(200)).toBeGreaterThan(plume.halfWidthAt(0));
  });

  it('switches on the Richardson criterion: chlorine at a kilogram per second in light wind is dense, a trickle in a gale is not', () => {
    const chlorine = (u: number): DenseGasInput => ({ releaseDensityKgM3: 2.9, airDensityKgM3: 1.18, releaseTemperatureK: 298, ambientTemperatureK: 298, windSpeed10Mps: u });
    expect(continuousRichardsonNumber(chlorine(2), 1)).toBeGreaterThan(CONTINUOUS_DENSE_CRITERION);
    expect(continuousRichardsonNumber(chlorine(15), 0.001)).toBeLessThan(CONTINUOUS_DENSE_CRITERION);
    expect(instantaneousRichardsonNumber(chlorine(2), 1000)).toBeGreaterThan(0.2);
    expect(continuousRichardsonNumber({ ...chlorine(2), releaseDensityKgM3: 0.7 }, 1)).toBe(0);
    const study = (rateKgS: number, windSpeedMps: number, kind = 'auto') =>
      (runStudy({ substance: 'chlorine', model: { kind }, release: { x: 0, y: 0, rateKgS, durationS: 600 }, meteo: { windSpeedMps, windFromDeg: 0, stabilityClass: 'D' } }) as { model: { kind: string } }).model.kind;
    expect(study(1, 2)).toBe('britter-mcquaid-plume');
    expect(study(0.001, 15)).toBe('gaussian-plume');
    expect(study(1, 2, 'gaussian')).toBe('gaussian-plume');
    expect(study(0.001, 15, 'dense')).toBe('britter-mcquaid-plume');
  });
});
