import type { DispersionSetup } from './dispersionSetup.js';
import { erf, verticalFactor } from './gaussianKernels.js';
import type { Displacement, WindHistory } from './windHistory.js';

/**
 * Gaussian puff train for time-varying releases and changing wind.
 *
 * A continuous release is cut into short slices of emission time (puffIntervalS). Each slice is a
 * "slug": a line segment between the air parcels released at its start and end, carried by the
 * wind (WindHistory), carrying the slice's mass spread evenly along it, with a Gaussian
 * cross-section whose σy, σz are the PLUME coefficients at each end's travel distance (linear in
 * between). Its concentration is the Gaussian integrated along the segment (the slug formulation
 * of CALPUFF: Scire et al. 2000, A User's Guide for the CALPUFF Dispersion Model, §2.2.2):
 *   C = (M/L) · ½[erf(s/√2σy) − erf((s−L)/√2σy)] · exp(−d²/2σy²) · V(z) / (2π·σy·σz)
 * with s, d the along- and cross-segment offsets, σx = σy, and V the reflected vertical term. In a
 * steady wind consecutive slugs join end to end, M/L = Q/u and the erf terms sum to 1, so the train
 * is the Gaussian plume; when the wind veers, each slug keeps where its air went, so the cloud
 * bends. An instantaneous release is one slug of zero length: the Gaussian puff
 *   C = M · exp(−r²/2σy²) · V(z) / ((2π)^{3/2}·σy²·σz)
 * (Slade 1968; CCPS 1999 §2.3, puff with σx = σy), whose integral over space is M.
 */
export type EmissionSegment = { startS: number; endS: number; rateKgS: number };
export type InstantaneousRelease = { tS: number; massKg: number };

export type PuffTrainSource = {
  x: number;
  y: number;
  /** Continuous emission pieces (constant rate each). */
  emissions: readonly EmissionSegment[];
  instantaneous: readonly InstantaneousRelease[];
};

export type GridSpec = { x0: number; y0: number; dxM: number; dyM: number; nx: number; ny: number; zM: number };

/** A slug at one instant: ends A (older, farther) and B, mass in mg, σ at each end. */
export type Slug = { ax: number; ay: number; bx: number; by: number; syA: number; szA: number; syB: number; szB: number; massMg: number };

/** Cells farther than this many σy from a slug get nothing (exp(−8) ≈ 3e−4 of the centre value). */
const CUTOFF_SIGMAS = 4;
const SQRT2 = Math.SQRT2;
const TWO_PI = 2 * Math.PI;
const TWO_PI_3_2 = (2 * Math.PI) ** 1.5;

export type PuffTrainOptions = {
  /** Emission time per slug; shorter follows quick wind changes more closely. Default 5 s. */
  puffIntervalS?: number;
  /** σ set for instantaneous releases (puff coefficients); defaults to the continuous one. */
  instantaneousSetup?: DispersionSetup;
};

export class PuffTrain {
  private readonly intervalS: number;
  private readonly instantSetup: DispersionSetup;
  private readonly slugs: Slug[] = [];
  private slugCount = 0;
  private readonly now: Displacement = { x: 0, y: 0, pathM: 0 };
  private readonly then: Displacement = { x: 0, y: 0, pathM: 0 };

  constructor(
    private readonly source: PuffTrainSource,
    private readonly wind: WindHistory,
    private readonly setup: DispersionSetup,
    options: PuffTrainOptions = {},
  ) {
    this.intervalS = options.puffIntervalS ?? 5;
    if (!(this.intervalS > 0)) throw new Error('puffIntervalS must be > 0');
    this.instantSetup = options.instantaneousSetup ?? setup;
  }

  /** Mass released up to time t, kg. */
  releasedMassKg(tS: number): number {
    let kg = 0;
    for (const e of this.source.emissions) kg += Math.max(0, Math.min(e.endS, tS) - e.startS) * e.rateKgS;
    for (const i of this.source.instantaneous) if (i.tS <= tS) kg += i.massKg;
    return kg;
  }

  /** The slugs as they stand at time t (reused between calls; valid until the next call). */
  slugsAt(tS: number): readonly Slug[] {
    this.slugCount = 0;
    this.wind.displacementAt(tS, this.now);
    for (const e of this.source.emissions) {
      const end = Math.min(e.endS, tS);
      if (!(end > e.startS) || !(e.rateKgS > 0)) continue;
      for (let a = e.startS; a < end; a += this.intervalS) {
        const b = Math.min(a + this.intervalS, end);
        this.pushSlug(a, b, (b - a) * e.rateKgS * 1e6, this.setup);
      }
    }
    for (const i of this.source.instantaneous) {
      if (i.tS <= tS && i.massKg > 0) this.pushSlug(i.tS, i.tS, i.massKg * 1e6, this.instantSetup);
    }
    this.slugs.length = this.slugCount;
    return this.slugs;
  }

  private pushSlug(olderS: number, newerS: number, massMg: number, setup: DispersionSetup): void {
    const slug = this.slugs[this.slugCount] ?? { ax: 0, ay: 0, bx: 0, by: 0, syA: 0, szA: 0, syB: 0, szB: 0, massMg: 0 };
    this.slugs[this.slugCount++] = slug;
    this.wind.displacementAt(olderS, this.then);
    slug.ax = this.source.x + this.now.x - this.then.x;
    slug.ay = this.source.y + this.now.y - this.then.y;
    const travelA = this.now.pathM - this.then.pathM;
    this.wind.displacementAt(newerS, this.then);
    slug.bx = this.source.x + this.now.x - this.then.x;
    slug.by = this.source.y + this.now.y - this.then.y;
    const travelB = this.now.pathM - this.then.pathM;
    slug.syA = setup.sigmaY(travelA);
    slug.szA = setup.sigmaZ(travelA);
    slug.syB = setup.sigmaY(travelB);
    slug.szB = setup.sigmaZ(travelB);
    slug.massMg = massMg;
  }

  /** Instantaneous concentration at a point, mg/m³. */
  concentrationAt(tS: number, x: number, y: number, zM: number): number {
    const slugs = this.slugsAt(tS);
    let c = 0;
    for (const slug of slugs) c += slugContribution(slug, x, y, zM, this.setup);
    return c;
  }

  /** Adds the concentration field at time t (mg/m³, cell centres x0 + i·dx, row-major by y) into out. */
  accumulateGrid(tS: number, grid: GridSpec, out: Float32Array | Float64Array): void {
    const slugs = this.slugsAt(tS);
    for (const slug of slugs) accumulateSlug(slug, grid, out, this.setup);
  }
}

/** One slug's concentration at a point. */
export function slugContribution(slug: Slug, px: number, py: number, zM: number, setup: DispersionSetup): number {
  const ex0 = slug.bx - slug.ax;
  const ey0 = slug.by - slug.ay;
  const length = Math.hypot(ex0, ey0);
  const rx = px - slug.ax;
  const ry = py - slug.ay;
  const maxSigma = Math.max(slug.syA, slug.syB);
  if (length < 1e-6 * maxSigma) {
    const sy = slug.syA;
    const sz = slug.szA;
    const r2 = rx * rx + ry * ry;
    if (r2 > (CUTOFF_SIGMAS * sy) ** 2) return 0;
    return (slug.massMg * Math.exp(-r2 / (2 * sy * sy)) * verticalFactor(zM, setup.releaseHeightM, sz, setup.mixingHeightM)) / (TWO_PI_3_2 * sy * sy * sz);
  }
  const ex = ex0 / length;
  const ey = ey0 / length;
  const s = rx * ex + ry * ey;
  const d = -rx * ey + ry * ex;
  const t = s <= 0 ? 0 : s >= length ? 1 : s / length;
  const sy = slug.syA + t * (slug.syB - slug.syA);
  if (Math.abs(d) > CUTOFF_SIGMAS * sy) return 0;
  const sz = slug.szA + t * (slug.szB - slug.szA);
  const along = 0.5 * (erf(s / (SQRT2 * sy)) - erf((s - length) / (SQRT2 * sy)));
  const lateral = Math.exp(-(d * d) / (2 * sy * sy));
  return ((slug.massMg / length) * along * lateral * verticalFactor(zM, setup.releaseHeightM, sz, setup.mixingHeightM)) / (TWO_PI * sy * sz);
}

/**
 * One slug into a grid, visiting only the cells of its rotated bounding rectangle (cut at 4σ).
 * Hot path of the live recompute and the benchmark: no allocation, the vertical term inlined for
 * the common case without a mixing lid.
 */
function accumulateSlug(slug: Slug, grid: GridSpec, out: Float32Array | Float64Array, setup: DispersionSetup): void {
  const ex0 = slug.bx - slug.ax;
  const ey0 = slug.by - slug.ay;
  const length = Math.hypot(ex0, ey0);
  const maxSigma = Math.max(slug.syA, slug.syB);
  const reach = CUTOFF_SIGMAS * maxSigma;
  const minX = Math.min(slug.ax, slug.bx) - reach;
  const maxX = Math.max(slug.ax, slug.bx) + reach;
  const minY = Math.min(slug.ay, slug.by) - reach;
  const maxY = Math.max(slug.ay, slug.by) + reach;
  const i0 = Math.max(0, Math.ceil((minX - grid.x0) / grid.dxM));
  const i1 = Math.min(grid.nx - 1, Math.floor((maxX - grid.x0) / grid.dxM));
  const j0 = Math.max(0, Math.ceil((minY - grid.y0) / grid.dyM));
  const j1 = Math.min(grid.ny - 1, Math.floor((maxY - grid.y0) / grid.dyM));
  if (i0 > i1 || j0 > j1) return;
  const z = grid.zM;
  const h = setup.releaseHeightM;
  const lid = setup.mixingHeightM;
  if (length < 1e-6 * maxSigma) {
    const sy = slug.syA;
    const sz = slug.szA;
    const scale = (slug.massMg * verticalFactor(z, h, sz, lid)) / (TWO_PI_3_2 * sy * sy * sz);
    const inv2sy2 = 1 / (2 * sy * sy);
    for (let j = j0; j <= j1; j++) {
      const ry = grid.y0 + j * grid.dyM - slug.ay;
      const row = j * grid.nx;
      for (let i = i0; i <= i1; i++) {
        const rx = grid.x0 + i * grid.dxM - slug.ax;
        const r2 = rx * rx + ry * ry;
        if (r2 < reach * reach) out[row + i]! += scale * Math.exp(-r2 * inv2sy2);
      }
    }
    return;
  }
  const ex = ex0 / length;
  const ey = ey0 / length;
  const lineDensity = slug.massMg / length;
  const dSy = slug.syB - slug.syA;
  const dSz = slug.szB - slug.szA;
  const simpleVertical = lid === undefined;
  for (let j = j0; j <= j1; j++) {
    const ry = grid.y0 + j * grid.dyM - slug.ay;
    const row = j * grid.nx;
    // Along the row, s and d are linear in x: solve for the i range inside the rectangle
    // −reach ≤ s ≤ L + reach, |d| ≤ reach, so only those cells are visited.
    let lo = i0;
    let hi = i1;
    const sAtI0 = (grid.x0 + i0 * grid.dxM - slug.ax) * ex + ry * ey;
    const dAtI0 = -(grid.x0 + i0 * grid.dxM - slug.ax) * ey + ry * ex;
    const sStep = grid.dxM * ex;
    const dStep = -grid.dxM * ey;
    [lo, hi] = clampRange(lo, hi, i0, sAtI0, sStep, -reach, length + reach);
    [lo, hi] = clampRange(lo, hi, i0, dAtI0, dStep, -reach, reach);
    for (let i = lo; i <= hi; i++) {
      const k = i - i0;
      const s = sAtI0 + k * sStep;
      const d = dAtI0 + k * dStep;
      const t = s <= 0 ? 0 : s >= length ? 1 : s / length;
      const sy = slug.syA + t * dSy;
      const sz = slug.szA + t * dSz;
      const lateralArg = (d * d) / (2 * sy * sy);
      if (lateralArg > 8) continue;
      const along = 0.5 * (erf(s / (SQRT2 * sy)) - erf((s - length) / (SQRT2 * sy)));
      let vertical: number;
      if (simpleVertical) {
        const inv = 1 / (2 * sz * sz);
        vertical = h === 0 && z === 0 ? 2 : Math.exp(-(z - h) * (z - h) * inv) + Math.exp(-(z + h) * (z + h) * inv);
      } else {
        vertical = verticalFactor(z, h, sz, lid);
      }
      out[row + i]! += (lineDensity * along * Math.exp(-lateralArg) * vertical) / (TWO_PI * sy * sz);
    }
  }
}

/** Narrows [lo, hi] to the i where value(i) = v0 + (i − i0)·step lies in [min, max]. */
function clampRange(lo: number, hi: number, i0: number, v0: number, step: number, min: number, max: number): [number, number] {
  if (step === 0) return v0 >= min && v0 <= max ? [lo, hi] : [1, 0];
  const a = i0 + (min - v0) / step;
  const b = i0 + (max - v0) / step;
  const from = Math.ceil(Math.min(a, b) - 1e-9);
  const to = Math.floor(Math.max(a, b) + 1e-9);
  return [Math.max(lo, from), Math.min(hi, to)];
}
