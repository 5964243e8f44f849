import { isPointInPolygon, type Polygon } from '../contracts/index.js';
import { EVACUATION_MODEL_DEFAULTS } from './modelDefaults.js';
import { boundsOf, scanlineFill, type GridFrame } from './planeGeometry.js';
import type { WalkableDomain } from './WalkableDomain.js';

export type HazardKind = 'toxic_gas' | 'smoke';
export type HazardMode = 'no_go' | 'traversable';

/** A concentration / extinction raster: row-major, x fastest, cell (0, 0) at the south-west corner. */
export type HazardGrid = GridFrame & { concentrationPpm?: Float32Array; extinctionPerM?: Float32Array };

export type HazardSpec = {
  id: string;
  kind: HazardKind;
  mode: HazardMode;
  tOnS: number;
  tOffS: number;
  /** A uniform polygon, or a grid of which the cells over the threshold count as the hazard area. */
  polygon?: Polygon;
  grid?: HazardGrid;
  concentrationPpm: number;
  extinctionPerM: number;
  /** Grid cells at or above these values are hazard cells (route cost / closure). */
  thresholdPpm?: number;
  thresholdExtinctionPerM?: number;
  /** The level the threshold stands for (e.g. AEGL-2), for the threat zone's label. */
  thresholdLevel?: string;
  /** Toxic-load model: Cⁿ·t with this n, compared with SLOT / SLOD toxic loads (ppmⁿ·min). */
  substance: string;
  toxicLoadExponent: number;
  slotToxicLoad?: number;
  slodToxicLoad?: number;
  /** Cost multiplier for traversable cells (route choice only). */
  costFactor: number;
};

/**
 * HSE dangerous toxic loads (n, SLOT DTL, SLOD DTL in ppmⁿ·min) — HSE, "Assessment of the Dangerous
 * Toxic Load (DTL) for Specified Level of Toxicity (SLOT) and Significant Likelihood of Death
 * (SLOD)", hse.gov.uk/chemicals/haztox.htm. A scenario can give its own n / SLOT / SLOD instead.
 */
export const TOXIC_LOAD_TABLE: Record<string, { n: number; slot: number; slod: number; names: string[] }> = {
  chlorine: { n: 2, slot: 1.08e5, slod: 4.84e5, names: ['chlorine', 'cl2'] },
  ammonia: { n: 2, slot: 3.78e8, slod: 1.09e9, names: ['ammonia', 'nh3'] },
  hydrogen_sulphide: { n: 4, slot: 2.0e12, slod: 1.5e13, names: ['hydrogen sulphide', 'hydrogen sulfide', 'h2s'] },
  sulphur_dioxide: { n: 2, slot: 4.66e6, slod: 7.45e7, names: ['sulphur dioxide', 'sulfur dioxide', 'so2'] },
};

export function lookupToxicLoad(substance: string): { key: string; n: number; slot: number; slod: number } | undefined {
  const name = substance.trim().toLowerCase();
  for (const [key, entry] of Object.entries(TOXIC_LOAD_TABLE)) if (entry.names.includes(name) || key === name) return { key, ...entry };
  return undefined;
}

export function isActive(h: HazardSpec, tS: number): boolean {
  return tS >= h.tOnS && tS < h.tOffS;
}

/** Concentration (ppm) and extinction coefficient (1/m) of one hazard at a point. */
export function sampleHazard(h: HazardSpec, x: number, y: number, out: { ppm: number; extinctionPerM: number }): void {
  out.ppm = 0;
  out.extinctionPerM = 0;
  if (h.polygon) {
    if (isPointInPolygon([x, y], h.polygon)) {
      out.ppm = h.concentrationPpm;
      out.extinctionPerM = h.extinctionPerM;
    }
    return;
  }
  const g = h.grid!;
  const fi = (x - g.x0) / g.cellSizeM - 0.5;
  const fj = (y - g.y0) / g.cellSizeM - 0.5;
  if (fi < -0.5 || fj < -0.5 || fi > g.nx - 0.5 || fj > g.ny - 0.5) return;
  if (g.concentrationPpm) out.ppm = bilinear(g.concentrationPpm, g.nx, g.ny, fi, fj);
  if (g.extinctionPerM) out.extinctionPerM = bilinear(g.extinctionPerM, g.nx, g.ny, fi, fj);
}

function bilinear(values: Float32Array, nx: number, ny: number, fi: number, fj: number): number {
  const i0 = Math.max(0, Math.min(nx - 1, Math.floor(fi)));
  const j0 = Math.max(0, Math.min(ny - 1, Math.floor(fj)));
  const i1 = Math.min(nx - 1, i0 + 1);
  const j1 = Math.min(ny - 1, j0 + 1);
  const tx = Math.max(0, Math.min(1, fi - i0));
  const ty = Math.max(0, Math.min(1, fj - j0));
  const a = values[j0 * nx + i0]! * (1 - tx) + values[j0 * nx + i1]! * tx;
  const b = values[j1 * nx + i0]! * (1 - tx) + values[j1 * nx + i1]! * tx;
  return a * (1 - ty) + b * ty;
}

/**
 * Walking-speed fraction in smoke of extinction coefficient K (1/m): max(minFraction, 1 + (β/α)·K),
 * α = 0.706 m/s, β = −0.057 m²/s (Frantzich & Nilsson 2003, as in FDS+Evac, Korhonen & Hostikka 2009).
 */
export function smokeSpeedFraction(extinctionPerM: number): number {
  const { alphaMps, betaM2ps, minFraction } = EVACUATION_MODEL_DEFAULTS.smokeSpeed;
  if (!(extinctionPerM > 0)) return 1;
  return Math.max(minFraction, 1 + (betaM2ps / alphaMps) * extinctionPerM);
}

/**
 * Route cost per metre with the active hazards: base cost × the hazard's factor on its cells.
 * "traversable" cells cost costFactor ÷ smoke speed fraction (slower and unpleasant); "no_go" cells
 * cost noGoFactor — closed in effect, yet an agent caught inside still has a gradient out.
 */
export function applyHazardCost(domain: WalkableDomain, hazards: readonly HazardSpec[], out: Float32Array): void {
  out.set(domain.baseCost);
  const { frame } = domain;
  for (const h of hazards) {
    const traversableFactor = h.costFactor / smokeSpeedFraction(h.extinctionPerM);
    const factor = h.mode === 'no_go' ? EVACUATION_MODEL_DEFAULTS.hazardCost.noGoFactor : traversableFactor;
    const raise = (cell: number, f: number) => {
      const base = domain.baseCost[cell]!;
      if (base < Infinity && base * f > out[cell]!) out[cell] = base * f;
    };
    if (h.polygon) {
      scanlineFill([h.polygon], frame, (cell) => raise(cell, factor));
      continue;
    }
    const g = h.grid!;
    const b = boundsOf([[[g.x0, g.y0], [g.x0 + g.nx * g.cellSizeM, g.y0 + g.ny * g.cellSizeM], [g.x0, g.y0 + g.ny * g.cellSizeM]]]);
    const iMin = Math.max(0, Math.floor((b.minX - frame.x0) / frame.cellSizeM));
    const iMax = Math.min(frame.nx - 1, Math.ceil((b.maxX - frame.x0) / frame.cellSizeM));
    const jMin = Math.max(0, Math.floor((b.minY - frame.y0) / frame.cellSizeM));
    const jMax = Math.min(frame.ny - 1, Math.ceil((b.maxY - frame.y0) / frame.cellSizeM));
    const sample = { ppm: 0, extinctionPerM: 0 };
    for (let j = jMin; j <= jMax; j++) {
      for (let i = iMin; i <= iMax; i++) {
        const cell = j * frame.nx + i;
        if (!(domain.baseCost[cell]! < Infinity)) continue;
        sampleHazard(h, frame.x0 + (i + 0.5) * frame.cellSizeM, frame.y0 + (j + 0.5) * frame.cellSizeM, sample);
        const overPpm = h.thresholdPpm !== undefined && sample.ppm >= h.thresholdPpm;
        const overK = h.thresholdExtinctionPerM !== undefined && sample.extinctionPerM >= h.thresholdExtinctionPerM;
        if (!overPpm && !overK) continue;
        raise(cell, h.mode === 'no_go' ? factor : h.costFactor / smokeSpeedFraction(sample.extinctionPerM));
      }
    }
  }
}
