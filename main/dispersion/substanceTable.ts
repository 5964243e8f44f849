/**
 * Substance data for the dispersion engine: what the source terms need (molecular weight, boiling
 * point, latent heat, liquid density, heat capacities, vapour pressure) and the thresholds the
 * threat zones are drawn at (AEGL, ERPG, IDLH, LEL/UEL). Every number carries its reference in
 * `sources` (keys into SUBSTANCE_REFERENCES); a field without a published value is left out, never
 * filled with a guess (methane and hydrogen have no AEGL, ERPG or IDLH; CO has no AEGL-1).
 *
 * Units: ppm by volume for thresholds, SI elsewhere. AEGL values are for 10, 30 and 60 min exposures.
 *
 * Safety-data review (thresholds, flammability limits, molecular weights, normal boiling points):
 * thresholds were checked against the published table named in each `sources` entry, or a public copy
 * of it. A number marked `// unverified:` could not be checked against a retrievable copy of that table
 * during the review; it is kept as typed and must be confirmed before zones drawn from it are relied upon.
 */
export const SUBSTANCE_REFERENCES = {
  nist: 'NIST Chemistry WebBook, NIST Standard Reference Database 69 (Linstrom & Mallard, eds.): molecular weight, normal boiling point, enthalpy of vaporization at the boiling point, ideal-gas Cp at 298 K (Cp/Cv = Cp/(Cp − R)), Antoine coefficients (log10 P[bar] = A − B/(T[K] + C), in their fitted range)',
  perry: "Perry's Chemical Engineers' Handbook, 8th ed. (Green & Perry 2008), section 2: liquid density and liquid heat capacity (at the temperature stated)",
  niosh: 'NIOSH Pocket Guide to Chemical Hazards, DHHS (NIOSH) Publication 2005-149, and NIOSH IDLH Documentation (1994): IDLH, LEL, UEL',
  zabetakis: 'Zabetakis (1965), Flammability Characteristics of Combustible Gases and Vapors, US Bureau of Mines Bulletin 627: LEL/UEL in air of gases the NIOSH Pocket Guide does not list',
  aegl: 'US EPA Acute Exposure Guideline Levels (AEGL) program, table of final and interim AEGL values (10 min, 30 min, 1 h), from the National Research Council AEGL volumes',
  erpg: 'AIHA Emergency Response Planning Guidelines (ERPG) and WEEL Handbook (AIHA Guideline Foundation, 2016 edition)',
} as const;
export type SubstanceReferenceKey = keyof typeof SUBSTANCE_REFERENCES;

/** Thresholds per exposure duration, ppm; a missing duration has no published value. */
export type AeglDurations = { '10min'?: number; '30min'?: number; '60min'?: number };

export type SubstanceRecord = {
  id: string;
  name: string;
  formula: string;
  casNumber: string;
  /** Other names it is found by (case-insensitive), e.g. "LPG". */
  aliases: readonly string[];
  molecularWeightGPerMol: number;
  normalBoilingPointK: number;
  /** Latent heat at the normal boiling point. */
  heatOfVaporizationJPerKg: number;
  liquidDensityKgM3: number;
  /** Temperature the liquid density is given at. */
  liquidDensityAtK: number;
  liquidHeatCapacityJPerKgK: number;
  gasHeatCapacityJPerKgK: number;
  /** Cp/Cv of the vapour at 298 K, for the choked-flow equations. */
  heatCapacityRatio: number;
  /** log10(P / bar) = A − B / (T / K + C), valid in [minK, maxK]; outside it Clausius–Clapeyron is used. */
  antoine?: { a: number; b: number; c: number; minK: number; maxK: number };
  aeglPpm?: { 1?: AeglDurations; 2?: AeglDurations; 3?: AeglDurations };
  erpgPpm?: { 1?: number; 2?: number; 3?: number };
  idlhPpm?: number;
  lelPercentVol?: number;
  uelPercentVol?: number;
  /** Reference of every field above that holds a number. */
  sources: Record<string, SubstanceReferenceKey | `${SubstanceReferenceKey}: ${string}`>;
  /** Caveats a user of the number should know. */
  notes?: string;
};

const PHYSICAL_SOURCES = {
  molecularWeightGPerMol: 'nist',
  normalBoilingPointK: 'nist',
  heatOfVaporizationJPerKg: 'nist',
  liquidDensityKgM3: 'perry',
  liquidHeatCapacityJPerKgK: 'perry',
  gasHeatCapacityJPerKgK: 'nist',
  heatCapacityRatio: 'nist',
} as const;

export const SUBSTANCES: readonly SubstanceRecord[] = [
  {
    id: 'ammonia',
    name: 'Ammonia (anhydrous)',
    formula: 'NH3',
    casNumber: '7664-41-7',
    aliases: ['anhydrous ammonia', 'liquefied ammonia'],
    molecularWeightGPerMol: 17.031,
    normalBoilingPointK: 239.82,
    heatOfVaporizationJPerKg: 1.37e6, // 23.33 kJ/mol
    liquidDensityKgM3: 682,
    liquidDensityAtK: 239.8,
    liquidHeatCapacityJPerKgK: 4440,
    gasHeatCapacityJPerKgK: 2060, // 35.06 J/(mol·K)
    heatCapacityRatio: 1.31,
    antoine: { a: 4.86886, b: 1113.928, c: -10.409, minK: 239.6, maxK: 371.5 },
    aeglPpm: { 1: { '10min': 30, '30min': 30, '60min': 30 }, 2: { '10min': 220, '30min': 220, '60min': 160 }, 3: { '10min': 2700, '30min': 1600, '60min': 1100 } },
    // ERPG-3 was 1500 here; the AIHA values of 1988 were 25/200/1000 ppm (quoted in the NIOSH IDLH documentation) and the
    // revised ones are 25/150/750 ppm. unverified: the body of the current AIHA ERPG table could not be retrieved during the review.
    erpgPpm: { 1: 25, 2: 150, 3: 750 },
    idlhPpm: 300,
    lelPercentVol: 15,
    uelPercentVol: 28,
    sources: {
      ...PHYSICAL_SOURCES,
      antoine: 'nist',
      aeglPpm: 'aegl: US EPA AEGL final values, ammonia (NRC AEGL vol. 6, 2008)',
      erpgPpm: 'erpg: AIHA ERPG, ammonia (revised values; 1988 values were 25/200/1000 ppm)',
      idlhPpm: 'niosh: IDLH documentation, ammonia (1994, revised IDLH)',
      lelPercentVol: 'niosh: Pocket Guide, ammonia',
      uelPercentVol: 'niosh: Pocket Guide, ammonia',
    },
  },
  {
    id: 'chlorine',
    name: 'Chlorine',
    formula: 'Cl2',
    casNumber: '7782-50-5',
    aliases: [],
    molecularWeightGPerMol: 70.906,
    normalBoilingPointK: 239.11,
    heatOfVaporizationJPerKg: 2.878e5, // 20.41 kJ/mol
    liquidDensityKgM3: 1563,
    liquidDensityAtK: 239.1,
    liquidHeatCapacityJPerKgK: 926,
    gasHeatCapacityJPerKgK: 479, // 33.95 J/(mol·K)
    heatCapacityRatio: 1.32,
    // unverified: NRC AEGL vol. 4 summary table not retrievable during the review; values as widely reproduced (e.g. 60-min AEGL-2 = 2.0 ppm).
    aeglPpm: { 1: { '10min': 0.5, '30min': 0.5, '60min': 0.5 }, 2: { '10min': 2.8, '30min': 2.8, '60min': 2.0 }, 3: { '10min': 50, '30min': 28, '60min': 20 } },
    erpgPpm: { 1: 1, 2: 3, 3: 20 }, // ERPG-1/2 confirmed (Chlorine Institute, citing AIHA); unverified: ERPG-3 (20 ppm) not found in a retrievable source.
    idlhPpm: 10,
    sources: {
      ...PHYSICAL_SOURCES,
      aeglPpm: 'aegl: US EPA AEGL final values, chlorine (NRC AEGL vol. 4, 2004)',
      erpgPpm: 'erpg: AIHA ERPG, chlorine',
      idlhPpm: 'niosh: IDLH documentation, chlorine (1994, revised IDLH)',
    },
    notes: 'No Antoine fit covers ambient temperatures in the cited source; vapour pressure by Clausius–Clapeyron through the boiling point (7.7 bar at 25 °C against 7.8 bar tabulated).',
  },
  {
    id: 'hydrogenSulfide',
    name: 'Hydrogen sulfide',
    formula: 'H2S',
    casNumber: '7783-06-4',
    aliases: ['hydrogen sulphide', 'sour gas'],
    molecularWeightGPerMol: 34.081,
    normalBoilingPointK: 212.87, // NIST WebBook Tboil (Goodwin 1983, TRC); was 212.85
    heatOfVaporizationJPerKg: 5.478e5, // 18.67 kJ/mol
    liquidDensityKgM3: 914,
    liquidDensityAtK: 212.9,
    liquidHeatCapacityJPerKgK: 2000,
    gasHeatCapacityJPerKgK: 1003, // 34.2 J/(mol·K)
    heatCapacityRatio: 1.32,
    antoine: { a: 4.52887, b: 958.587, c: -0.539, minK: 138.8, maxK: 349.5 },
    aeglPpm: { 1: { '10min': 0.75, '30min': 0.6, '60min': 0.51 }, 2: { '10min': 41, '30min': 32, '60min': 27 }, 3: { '10min': 76, '30min': 59, '60min': 50 } },
    erpgPpm: { 1: 0.1, 2: 30, 3: 100 },
    idlhPpm: 100, // NIOSH revised IDLH (1994) is 100 ppm (original 300); 50 ppm is the 60-min AEGL-3 / DOE PAC-3, not the IDLH
    lelPercentVol: 4.0,
    uelPercentVol: 44,
    sources: {
      ...PHYSICAL_SOURCES,
      normalBoilingPointK: 'nist: WebBook phase-change data, Tboil 212.87 K (Goodwin 1983)',
      antoine: 'nist',
      aeglPpm: 'aegl: US EPA AEGL final values, hydrogen sulfide (NRC AEGL series)',
      erpgPpm: 'erpg: AIHA ERPG, hydrogen sulfide',
      idlhPpm: 'niosh: IDLH documentation, hydrogen sulfide (1994, revised IDLH)',
      lelPercentVol: 'niosh: Pocket Guide, hydrogen sulfide',
      uelPercentVol: 'niosh: Pocket Guide, hydrogen sulfide',
    },
  },
  {
    id: 'propane',
    name: 'Propane (LPG)',
    formula: 'C3H8',
    casNumber: '74-98-6',
    aliases: ['lpg', 'liquefied petroleum gas'],
    molecularWeightGPerMol: 44.097,
    normalBoilingPointK: 231.04,
    heatOfVaporizationJPerKg: 4.318e5, // 19.04 kJ/mol
    liquidDensityKgM3: 581,
    liquidDensityAtK: 231,
    liquidHeatCapacityJPerKgK: 2250,
    gasHeatCapacityJPerKgK: 1669, // 73.6 J/(mol·K)
    heatCapacityRatio: 1.13,
    antoine: { a: 4.53678, b: 1149.36, c: 24.906, minK: 230.6, maxK: 320.7 },
    aeglPpm: {
      1: { '10min': 10000, '30min': 6900, '60min': 5500 },
      // unverified: AEGL-2/3 rows of table 7-1 not retrievable during the review (AEGL-1 row checked).
      2: { '10min': 17000, '30min': 17000, '60min': 17000 },
      3: { '10min': 33000, '30min': 33000, '60min': 33000 },
    },
    idlhPpm: 2100,
    lelPercentVol: 2.1,
    uelPercentVol: 9.5,
    sources: {
      ...PHYSICAL_SOURCES,
      antoine: 'nist',
      aeglPpm: 'aegl: US EPA AEGL final values, propane (NRC AEGL vol. 12, 2012, table 7-1)',
      idlhPpm: 'niosh: IDLH documentation, propane (1994, revised IDLH = 10 % LEL)',
      lelPercentVol: 'niosh: Pocket Guide, propane',
      uelPercentVol: 'niosh: Pocket Guide, propane',
    },
    notes: 'LPG is modelled as pure propane. AEGL-2 and AEGL-3 are set at 10 % and 50 % of the LEL for safety (the AEGL table marks them so). No ERPG is published.',
  },
  {
    id: 'methane',
    name: 'Methane (natural gas)',
    formula: 'CH4',
    casNumber: '74-82-8',
    aliases: ['natural gas', 'lng'],
    molecularWeightGPerMol: 16.043,
    normalBoilingPointK: 111.67,
    heatOfVaporizationJPerKg: 5.105e5, // 8.19 kJ/mol
    liquidDensityKgM3: 422.6,
    liquidDensityAtK: 111.7,
    liquidHeatCapacityJPerKgK: 3480,
    gasHeatCapacityJPerKgK: 2225, // 35.69 J/(mol·K)
    heatCapacityRatio: 1.3,
    lelPercentVol: 5.0,
    uelPercentVol: 15.0,
    sources: { ...PHYSICAL_SOURCES, lelPercentVol: 'zabetakis', uelPercentVol: 'zabetakis' },
    notes: 'A simple asphyxiant: no AEGL, ERPG or IDLH exists; use LEL-based zones.',
  },
  {
    id: 'benzene',
    name: 'Benzene',
    formula: 'C6H6',
    casNumber: '71-43-2',
    aliases: [],
    molecularWeightGPerMol: 78.114,
    normalBoilingPointK: 353.24,
    heatOfVaporizationJPerKg: 3.933e5, // 30.72 kJ/mol
    liquidDensityKgM3: 876.5,
    liquidDensityAtK: 293.15,
    liquidHeatCapacityJPerKgK: 1740,
    gasHeatCapacityJPerKgK: 1055, // 82.4 J/(mol·K)
    heatCapacityRatio: 1.11,
    antoine: { a: 4.01814, b: 1203.835, c: -53.226, minK: 287.7, maxK: 354.07 },
    // unverified: the interim benzene AEGL table was not retrievable during the review.
    aeglPpm: { 1: { '10min': 130, '30min': 73, '60min': 52 }, 2: { '10min': 2000, '30min': 1100, '60min': 800 }, 3: { '10min': 9700, '30min': 5600, '60min': 4000 } },
    erpgPpm: { 1: 50, 2: 150, 3: 1000 }, // unverified: no retrievable copy of the AIHA ERPG entry for benzene
    idlhPpm: 500,
    lelPercentVol: 1.2,
    uelPercentVol: 7.8,
    sources: {
      ...PHYSICAL_SOURCES,
      antoine: 'nist',
      aeglPpm: 'aegl: US EPA AEGL interim values, benzene (not final)',
      erpgPpm: 'erpg: AIHA ERPG, benzene',
      idlhPpm: 'niosh: Pocket Guide / IDLH documentation, benzene (Ca [500 ppm])',
      lelPercentVol: 'niosh: Pocket Guide, benzene',
      uelPercentVol: 'niosh: Pocket Guide, benzene',
    },
  },
  {
    id: 'methanol',
    name: 'Methanol',
    formula: 'CH3OH',
    casNumber: '67-56-1',
    aliases: ['methyl alcohol', 'ch4o'],
    molecularWeightGPerMol: 32.042,
    normalBoilingPointK: 337.85,
    heatOfVaporizationJPerKg: 1.0989e6, // 35.21 kJ/mol
    liquidDensityKgM3: 791.8,
    liquidDensityAtK: 293.15,
    liquidHeatCapacityJPerKgK: 2530,
    gasHeatCapacityJPerKgK: 1375, // 44.06 J/(mol·K)
    heatCapacityRatio: 1.23,
    antoine: { a: 5.20409, b: 1581.341, c: -33.5, minK: 288.1, maxK: 356.83 },
    // Methanol AEGLs are interim (NAC/AEGL "Interim 2", Feb 2005), not final as this entry said before the review.
    // unverified: the numbers could not be checked against a retrievable copy of the interim table.
    aeglPpm: { 1: { '10min': 670, '30min': 670, '60min': 530 }, 2: { '10min': 11000, '30min': 4000, '60min': 2100 }, 3: { '30min': 14000, '60min': 7200 } },
    erpgPpm: { 1: 200, 2: 1000, 3: 5000 }, // unverified: no retrievable copy of the AIHA ERPG entry for methanol
    idlhPpm: 6000, // unverified: NIOSH Pocket Guide entry for methanol not retrievable during the review
    lelPercentVol: 6.0, // LEL/UEL agree with NRC (2007) 6.0-36.5 % and secondary listings of the NIOSH figures
    uelPercentVol: 36,
    sources: {
      ...PHYSICAL_SOURCES,
      antoine: 'nist',
      aeglPpm: 'aegl: US EPA AEGL interim values, methanol (Interim 2, Feb 2005; not final)',
      erpgPpm: 'erpg: AIHA ERPG, methanol',
      idlhPpm: 'niosh: Pocket Guide, methyl alcohol',
      lelPercentVol: 'niosh: Pocket Guide, methyl alcohol',
      uelPercentVol: 'niosh: Pocket Guide, methyl alcohol',
    },
    notes: 'AEGLs are interim, not final. The 10-min AEGL-3 is set on the flammability limit in the AEGL table, not as a toxic value; it is left out here (use LEL zones).',
  },
  {
    id: 'hydrogen',
    name: 'Hydrogen',
    formula: 'H2',
    casNumber: '1333-74-0',
    aliases: [],
    molecularWeightGPerMol: 2.016,
    normalBoilingPointK: 20.28,
    heatOfVaporizationJPerKg: 4.484e5, // 0.904 kJ/mol
    liquidDensityKgM3: 70.8,
    liquidDensityAtK: 20.3,
    liquidHeatCapacityJPerKgK: 9690,
    gasHeatCapacityJPerKgK: 14306, // 28.84 J/(mol·K)
    heatCapacityRatio: 1.405,
    lelPercentVol: 4.0,
    uelPercentVol: 75,
    sources: { ...PHYSICAL_SOURCES, lelPercentVol: 'zabetakis', uelPercentVol: 'zabetakis' },
    notes: 'A simple asphyxiant: no AEGL, ERPG or IDLH exists; use LEL-based zones. Much lighter than air: a passive (Gaussian) model is conservative near the ground.',
  },
  {
    id: 'carbonMonoxide',
    name: 'Carbon monoxide',
    formula: 'CO',
    casNumber: '630-08-0',
    aliases: [],
    molecularWeightGPerMol: 28.01,
    normalBoilingPointK: 81.6,
    heatOfVaporizationJPerKg: 2.156e5, // 6.04 kJ/mol
    liquidDensityKgM3: 789,
    liquidDensityAtK: 81.6,
    liquidHeatCapacityJPerKgK: 2150,
    gasHeatCapacityJPerKgK: 1040, // 29.14 J/(mol·K)
    heatCapacityRatio: 1.4,
    // unverified: the NRC AEGL vol. 8 summary table for carbon monoxide was not retrievable during the review.
    aeglPpm: { 2: { '10min': 420, '30min': 150, '60min': 83 }, 3: { '10min': 1700, '30min': 600, '60min': 330 } },
    erpgPpm: { 1: 200, 2: 350, 3: 500 }, // unverified: no retrievable copy of the AIHA ERPG entry for carbon monoxide
    idlhPpm: 1200,
    lelPercentVol: 12.5,
    uelPercentVol: 74,
    sources: {
      ...PHYSICAL_SOURCES,
      aeglPpm: 'aegl: US EPA AEGL final values, carbon monoxide (NRC AEGL vol. 8, 2010; AEGL-1 not recommended)',
      erpgPpm: 'erpg: AIHA ERPG, carbon monoxide',
      idlhPpm: 'niosh: IDLH documentation, carbon monoxide (1994, revised IDLH)',
      lelPercentVol: 'niosh: Pocket Guide, carbon monoxide',
      uelPercentVol: 'niosh: Pocket Guide, carbon monoxide',
    },
  },
];

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_()-]+/g, '');
}

const byKey = new Map<string, SubstanceRecord>();
for (const s of SUBSTANCES) {
  for (const key of [s.id, s.name, s.formula, s.casNumber, ...s.aliases]) byKey.set(normalize(key), s);
}

/** Finds a substance by id, name, formula, CAS number or alias, ignoring case ("chlorine", "Cl2", "LPG"). */
export function findSubstance(nameOrFormula: string): SubstanceRecord | undefined {
  return byKey.get(normalize(nameOrFormula));
}
