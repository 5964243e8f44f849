import type { SceneInput } from '../../main/contracts/index.js';

type SubstanceInput = NonNullable<SceneInput['substances']>[number];

const NPG = 'NIOSH Pocket Guide to Chemical Hazards (LEL/UEL, IDLH); CRC Handbook of Chemistry and Physics, 97th ed. (molecular weight, normal boiling point)';

/** The demo plant's substances. Numbers are from the sources named in each entry. */
export const DEMO_SUBSTANCES: SubstanceInput[] = [
  { id: 'ammonia', name: { en: 'Ammonia (anhydrous)', 'zh-CN': '液氨' }, casNumber: '7664-41-7', molecularWeightGPerMol: 17.031, normalBoilingPointC: -33.3, storagePhase: 'liquefiedGas', hazards: ['toxic', 'flammable', 'corrosive'], lelPercentVol: 15, uelPercentVol: 28, idlhPpm: 300, source: NPG },
  { id: 'chlorine', name: { en: 'Chlorine', 'zh-CN': '液氯' }, casNumber: '7782-50-5', molecularWeightGPerMol: 70.906, normalBoilingPointC: -34.0, storagePhase: 'liquefiedGas', hazards: ['toxic', 'oxidizer', 'corrosive'], idlhPpm: 10, source: NPG },
  { id: 'propane', name: { en: 'LPG (as propane)', 'zh-CN': '液化石油气（以丙烷计）' }, casNumber: '74-98-6', molecularWeightGPerMol: 44.097, normalBoilingPointC: -42.1, storagePhase: 'liquefiedGas', hazards: ['flammable'], lelPercentVol: 2.1, uelPercentVol: 9.5, idlhPpm: 2100, source: NPG },
  { id: 'benzene', name: { en: 'Benzene', 'zh-CN': '苯' }, casNumber: '71-43-2', molecularWeightGPerMol: 78.114, normalBoilingPointC: 80.1, storagePhase: 'liquid', hazards: ['flammable', 'toxic', 'carcinogenic'], lelPercentVol: 1.2, uelPercentVol: 7.8, idlhPpm: 500, source: NPG },
  { id: 'methanol', name: { en: 'Methanol', 'zh-CN': '甲醇' }, casNumber: '67-56-1', molecularWeightGPerMol: 32.042, normalBoilingPointC: 64.7, storagePhase: 'liquid', hazards: ['flammable', 'toxic'], lelPercentVol: 6.0, uelPercentVol: 36, idlhPpm: 6000, source: NPG },
  { id: 'hydrogenSulfide', name: { en: 'Hydrogen sulfide', 'zh-CN': '硫化氢' }, casNumber: '7783-06-4', molecularWeightGPerMol: 34.081, normalBoilingPointC: -60.3, storagePhase: 'gas', hazards: ['toxic', 'flammable'], lelPercentVol: 4.0, uelPercentVol: 44, idlhPpm: 100, source: NPG },
  { id: 'methane', name: { en: 'Methane (natural gas)', 'zh-CN': '甲烷（天然气）' }, casNumber: '74-82-8', molecularWeightGPerMol: 16.043, normalBoilingPointC: -161.5, storagePhase: 'gas', hazards: ['flammable'], lelPercentVol: 5.0, uelPercentVol: 15.0, source: NPG },
  { id: 'hydrogen', name: { en: 'Hydrogen', 'zh-CN': '氢气' }, casNumber: '1333-74-0', molecularWeightGPerMol: 2.016, normalBoilingPointC: -252.9, storagePhase: 'gas', hazards: ['flammable'], lelPercentVol: 4.0, uelPercentVol: 75, source: 'NFPA 68 Annex / CRC Handbook (LEL/UEL in air); CRC Handbook (molecular weight, boiling point)' },
  { id: 'carbonMonoxide', name: { en: 'Carbon monoxide', 'zh-CN': '一氧化碳' }, casNumber: '630-08-0', molecularWeightGPerMol: 28.010, normalBoilingPointC: -191.5, storagePhase: 'gas', hazards: ['toxic', 'flammable'], lelPercentVol: 12.5, uelPercentVol: 74, idlhPpm: 1200, source: NPG },
];

/**
 * Liquid densities at storage conditions (kg/m³) used to size inventories: Perry's Chemical Engineers'
 * Handbook, 8th ed., table 2-32 (saturated liquid near 20 °C for the liquefied gases).
 */
export const STORAGE_DENSITY_KG_M3: Record<string, number> = {
  ammonia: 610,
  chlorine: 1410,
  propane: 500,
  benzene: 876,
  methanol: 792,
};

/**
 * Toxic detector set points per GB/T 50493-2019 §5.5.2: level 1 ≤ 100 % and level 2 ≤ 200 % of the
 * occupational exposure limit, taking MAC, else PC-STEL, else PC-TWA from GBZ 2.1-2019 table 1,
 * converted with ppm = mg/m³ × 24.45 / M (25 °C, 101.325 kPa) and rounded down.
 */
export const TOXIC_SET_POINTS_PPM: Record<string, { high: number; highHigh: number }> = {
  ammonia: { high: 40, highHigh: 80 }, // PC-STEL 30 mg/m³ = 43 ppm
  chlorine: { high: 0.3, highHigh: 0.6 }, // MAC 1 mg/m³ = 0.34 ppm
  hydrogenSulfide: { high: 7, highHigh: 14 }, // MAC 10 mg/m³ = 7.2 ppm
  carbonMonoxide: { high: 25, highHigh: 50 }, // PC-STEL 30 mg/m³ = 26 ppm
  benzene: { high: 3, highHigh: 6 }, // PC-STEL 10 mg/m³ = 3.1 ppm
};

/** Combustible detector set points per GB/T 50493-2019 §5.5.2: level 1 ≤ 25 % LEL, level 2 ≤ 50 % LEL. */
export const COMBUSTIBLE_SET_POINTS_PERCENT_LEL = { high: 25, highHigh: 50 };
