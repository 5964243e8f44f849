import { describe, expect, it } from 'vitest';
import { GAS_CONSTANT_J_PER_MOL_K, vapourPressurePa } from './atmosphere.js';
import { chokedPressureRatio, gasHoleRelease, holeAreaM2, limitByInventory, liquidHoleRelease, poolEvaporationRateKgS } from './sourceTerms.js';
import { findSubstance, SUBSTANCES } from './substanceTable.js';

const propane = findSubstance('LPG')!;
const benzene = findSubstance('benzene')!;

describe('source terms', () => {
  it('switches from unchoked to choked gas flow at the critical pressure ratio, continuously', () => {
    const critical = chokedPressureRatio(propane.heatCapacityRatio);
    expect(critical).toBeCloseTo((2 / 2.13) ** (1.13 / 0.13), 12);
    const at = (ratio: number) => gasHoleRelease(propane, { holeDiameterM: 0.01, vesselPressurePa: 101_325 / ratio, vesselTemperatureK: 298, ambientPressurePa: 101_325 });
    expect(at(critical * 0.999).regime).toBe('choked');
    expect(at(critical * 1.001).regime).toBe('unchoked');
    // Per unit upstream pressure the mass flux is continuous at the switch.
    const flux = (ratio: number) => at(ratio).dischargeRateKgS * ratio;
    expect(Math.abs(flux(critical * 0.9999) - flux(critical * 1.0001)) / flux(critical)).toBeLessThan(1e-3);
    expect(at(1).dischargeRateKgS).toBe(0);
  });

  it('computes choked flow as the textbook formula does', () => {
    // 10 mm hole, propane at 5 bar absolute and 25 °C, Cd = 1: ṁ = A·P0·√(γM/(RT)·(2/(γ+1))^((γ+1)/(γ−1))).
    const g = 1.13;
    const expected = holeAreaM2(0.01) * 5e5 * Math.sqrt(((g * 0.044097) / (GAS_CONSTANT_J_PER_MOL_K * 298)) * (2 / (g + 1)) ** ((g + 1) / (g - 1)));
    const term = gasHoleRelease(propane, { holeDiameterM: 0.01, vesselPressurePa: 5e5, vesselTemperatureK: 298, ambientPressurePa: 101_325 });
    expect(term.dischargeRateKgS).toBeCloseTo(expected, 12);
    expect(term.dischargeRateKgS).toBeGreaterThan(0.05);
    expect(term.dischargeRateKgS).toBeLessThan(0.12);
  });

  it('gives Bernoulli liquid flow through a hole below the liquid level, and flashes a liquefied gas', () => {
    // Benzene, 5 m of head, atmospheric tank, 25 mm hole, Cd 0.61: ṁ = Cd·A·ρ·√(2gh).
    const liquid = liquidHoleRelease(benzene, { holeDiameterM: 0.025, vesselPressurePa: 101_325, liquidTemperatureK: 298, liquidHeadM: 5, ambientPressurePa: 101_325 });
    expect(liquid.dischargeRateKgS).toBeCloseTo(0.61 * holeAreaM2(0.025) * 876.5 * Math.sqrt(2 * 9.80665 * 5), 10);
    expect(liquid.flashFraction).toBe(0);
    expect(liquid.airborneRateKgS).toBe(0);
    const lpg = liquidHoleRelease(propane, { holeDiameterM: 0.025, vesselPressurePa: vapourPressurePa(propane, 298), liquidTemperatureK: 298, liquidHeadM: 3, ambientPressurePa: 101_325 });
    // Flash fraction cp·ΔT/ΔHv ≈ 2250·67/431800 ≈ 0.35.
    expect(lpg.flashFraction).toBeCloseTo((2250 * (298 - 231.04)) / 431_800, 6);
    expect(lpg.airborneRateKgS).toBeCloseTo(lpg.dischargeRateKgS * Math.min(1, 2 * lpg.flashFraction), 10);
    expect(lpg.releaseTemperatureK).toBe(propane.normalBoilingPointK);
  });

  it('evaporates a benzene pool at the EPA RMP rate, growing with wind and area', () => {
    const rate = poolEvaporationRateKgS(benzene, { areaM2: 100, liquidTemperatureK: 298.15, windSpeed10Mps: 1.5 });
    // Eq. D-1 by hand: 0.284·1.5^0.78·78.114^(2/3)·1076.39 ft²·95.1 mmHg/(82.05·298.15) lb/min.
    const pvMmHg = (vapourPressurePa(benzene, 298.15) * 760) / 101_325;
    const lbPerMin = (0.284 * 1.5 ** 0.78 * 78.114 ** (2 / 3) * 1076.391 * pvMmHg) / (82.05 * 298.15);
    expect(rate).toBeCloseTo((lbPerMin * 0.45359237) / 60, 6);
    expect(poolEvaporationRateKgS(benzene, { areaM2: 200, liquidTemperatureK: 298.15, windSpeed10Mps: 1.5 })).toBeCloseTo(2 * rate, 10);
    expect(poolEvaporationRateKgS(benzene, { areaM2: 100, liquidTemperatureK: 298.15, windSpeed10Mps: 5 })).toBeGreaterThan(rate);
  });

  it('limits a release by the inventory', () => {
    expect(limitByInventory(2, 3600, 1000)).toEqual({ durationS: 500, limited: true });
    expect(limitByInventory(2, 100, 1000)).toEqual({ durationS: 100, limited: false });
    expect(limitByInventory(2, 100, undefined)).toEqual({ durationS: 100, limited: false });
  });

  it('vapour pressures agree with tabulated values at 25 °C within 15 %', () => {
    // NIST / CRC at 298.15 K, kPa: ammonia 1003, chlorine 778, propane 953, benzene 12.7, methanol 16.9, H2S 2010.
    const table: [string, number][] = [['ammonia', 1003], ['chlorine', 778], ['propane', 953], ['benzene', 12.7], ['methanol', 16.9], ['H2S', 2010]];
    for (const [name, kPa] of table) expect(Math.abs(vapourPressurePa(findSubstance(name)!, 298.15) / 1000 - kPa) / kPa).toBeLessThan(0.15);
  });

  it('has a source for every number of every substance, and the issue’s substances', () => {
    for (const id of ['ammonia', 'chlorine', 'hydrogenSulfide', 'propane', 'methane', 'benzene', 'hydrogen', 'carbonMonoxide', 'methanol']) expect(findSubstance(id)).toBeDefined();
    expect(findSubstance('Cl2')?.id).toBe('chlorine');
    expect(findSubstance('lpg')?.id).toBe('propane');
    for (const s of SUBSTANCES) {
      for (const [field, value] of Object.entries(s)) {
        if (['id', 'name', 'formula', 'casNumber', 'aliases', 'sources', 'notes', 'liquidDensityAtK'].includes(field)) continue;
        if (typeof value === 'number' || (typeof value === 'object' && value !== null)) expect(s.sources[field], `${s.id}.${field}`).toBeDefined();
      }
    }
  });
});
