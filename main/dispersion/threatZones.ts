import { ppmToMgM3, type Ambient } from './atmosphere.js';
import { contourRings, ringAreaM2, type GridGeometry, type Ring } from './contours.js';
import type { SubstanceRecord } from './substanceTable.js';
import { fromWindFrame, toWindFrame } from './windHistory.js';

/**
 * Threat-zone levels and footprints. Levels follow docs/study-cli.md: "AEGL-1|2|3" (60-min values,
 * or "/10min", "/30min"), "ERPG-1|2|3", "IDLH", "LELnn" (nn % of the LEL) or { name, ppm }.
 */
export type ZoneLevel = { level: string; thresholdPpm: number };
export type ZoneRequest = string | { name: string; ppm: number };

export class ZoneLevelError extends Error {}

/** The threshold of a level for a substance; throws ZoneLevelError for an unknown level or one the substance lacks. */
export function resolveZoneLevel(request: ZoneRequest, substance: Pick<SubstanceRecord, 'name' | 'aeglPpm' | 'erpgPpm' | 'idlhPpm' | 'lelPercentVol'>): ZoneLevel {
  if (typeof request !== 'string') return { level: request.name, thresholdPpm: request.ppm };
  const text = request.trim().toUpperCase();
  const aegl = /^AEGL-([123])(?:\/(10|30|60)MIN)?$/.exec(text);
  if (aegl) {
    const tier = Number(aegl[1]) as 1 | 2 | 3;
    const duration = `${aegl[2] ?? '60'}min` as '10min' | '30min' | '60min';
    const value = substance.aeglPpm?.[tier]?.[duration];
    if (value === undefined) throw new ZoneLevelError(`${substance.name} has no published ${request} value`);
    return { level: request, thresholdPpm: value };
  }
  const erpg = /^ERPG-([123])$/.exec(text);
  if (erpg) {
    const value = substance.erpgPpm?.[Number(erpg[1]) as 1 | 2 | 3];
    if (value === undefined) throw new ZoneLevelError(`${substance.name} has no published ${request} value`);
    return { level: request, thresholdPpm: value };
  }
  if (text === 'IDLH') {
    if (substance.idlhPpm === undefined) throw new ZoneLevelError(`${substance.name} has no IDLH`);
    return { level: request, thresholdPpm: substance.idlhPpm };
  }
  const lel = /^LEL(\d{1,3})$/.exec(text);
  if (lel) {
    if (substance.lelPercentVol === undefined) throw new ZoneLevelError(`${substance.name} is not flammable (no LEL)`);
    // LEL in % vol → ppm: × 10⁴; nn % of it.
    return { level: request, thresholdPpm: substance.lelPercentVol * 1e4 * (Number(lel[1]) / 100) };
  }
  throw new ZoneLevelError(`unknown zone level "${request}" (expected AEGL-1..3[/10min|/30min], ERPG-1..3, IDLH, LELnn or {"name","ppm"})`);
}

export type ZoneFootprint = {
  level: string;
  thresholdPpm: number;
  thresholdMgM3: number;
  /** Farthest downwind reach from the source, m. */
  downwindDistanceM: number;
  maxHalfWidthM: number;
  widthM: number;
  areaM2: number;
  /** Outline of the largest part, [x, y] plant metres, closed implicitly. */
  footprint: [number, number][];
  /** Every part's outline (a grid zone can be split in several). */
  footprintRings: [number, number][][];
};

export function emptyZone(level: ZoneLevel, ambient: Ambient, molecularWeightGPerMol: number): ZoneFootprint {
  return { level: level.level, thresholdPpm: level.thresholdPpm, thresholdMgM3: ppmToMgM3(level.thresholdPpm, molecularWeightGPerMol, ambient), downwindDistanceM: 0, maxHalfWidthM: 0, widthM: 0, areaM2: 0, footprint: [], footprintRings: [] };
}

/**
 * A steady zone from the model's centreline c(x) and half-width w(x) at the threshold, in the wind
 * frame, then turned into plant coordinates. Resolution-free: the reach is found by bisection on a
 * logarithmic scan (to 50 km), the area by the trapezoid rule over 200 stations.
 */
export function analyticZone(
  level: ZoneLevel,
  thresholdMgM3: number,
  centrelineMgM3: (downwindM: number) => number,
  halfWidthM: (downwindM: number) => number,
  options: { sourceX: number; sourceY: number; windFromDeg: number; upwindExtentM: number; maxDistanceM?: number },
): ZoneFootprint {
  const maxDistance = options.maxDistanceM ?? 50_000;
  const above = (x: number) => centrelineMgM3(x) >= thresholdMgM3 && halfWidthM(x) > 0;
  const stations: number[] = [];
  if (options.upwindExtentM > 0) for (let k = 0; k <= 20; k++) stations.push(-options.upwindExtentM + (k / 20) * options.upwindExtentM);
  for (let x = 0.05; x <= maxDistance; x *= 1.03) stations.push(x);
  let first = -1;
  let last = -1;
  for (let k = 0; k < stations.length; k++) {
    if (above(stations[k]!)) {
      if (first < 0) first = k;
      last = k;
    }
  }
  const result = { level: level.level, thresholdPpm: level.thresholdPpm, thresholdMgM3, downwindDistanceM: 0, maxHalfWidthM: 0, widthM: 0, areaM2: 0, footprint: [] as [number, number][], footprintRings: [] as [number, number][][] };
  if (first < 0) return result;
  const refine = (inside: number, outside: number) => {
    let a = inside;
    let b = outside;
    for (let k = 0; k < 60; k++) {
      const m = (a + b) / 2;
      if (above(m)) a = m;
      else b = m;
    }
    return a;
  };
  const xStart = first > 0 ? refine(stations[first]!, stations[first - 1]!) : stations[0]!;
  const xEnd = last < stations.length - 1 ? refine(stations[last]!, stations[last + 1]!) : stations[last]!;
  const n = 200;
  const upper: [number, number][] = [];
  const lower: [number, number][] = [];
  let area = 0;
  let maxHalf = 0;
  let prevX = xStart;
  let prevW = 0;
  for (let k = 0; k <= n; k++) {
    // Cosine spacing: stations crowd at both ends, where the outline curves most.
    const x = xStart + ((1 - Math.cos((Math.PI * k) / n)) / 2) * (xEnd - xStart);
    const w = k === 0 || k === n ? 0 : Math.max(0, halfWidthM(x));
    if (k > 0) area += ((w + prevW) / 2) * 2 * (x - prevX);
    prevX = x;
    prevW = w;
    maxHalf = Math.max(maxHalf, w);
    const [ux, uy] = fromWindFrame(x, w, options.windFromDeg);
    const [lx, ly] = fromWindFrame(x, -w, options.windFromDeg);
    upper.push([options.sourceX + ux, options.sourceY + uy]);
    lower.push([options.sourceX + lx, options.sourceY + ly]);
  }
  const ring = [...upper, ...lower.slice(1, -1).reverse()];
  result.downwindDistanceM = Math.max(0, xEnd);
  result.maxHalfWidthM = maxHalf;
  result.widthM = 2 * maxHalf;
  result.areaM2 = area;
  result.footprint = ring;
  result.footprintRings = [ring];
  return result;
}

/**
 * A zone from a concentration grid (any model, any time): marching-squares outline, area by
 * cells at or above the threshold. The reach is the farthest such cell from the source (a cloud
 * bent by a veering wind has no single downwind axis); widths are measured across the line from
 * the source to that farthest cell, which is the wind frame for a straight plume.
 */
export function gridZone(
  level: ZoneLevel,
  thresholdMgM3: number,
  values: ArrayLike<number>,
  grid: GridGeometry,
  options: { sourceX: number; sourceY: number; windFromDeg: number },
): ZoneFootprint {
  let cells = 0;
  let reach = 0;
  let farX = 0;
  let farY = 0;
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) {
      if (!(values[j * grid.nx + i]! >= thresholdMgM3)) continue;
      cells++;
      const dx = grid.x0 + i * grid.dxM - options.sourceX;
      const dy = grid.y0 + j * grid.dyM - options.sourceY;
      const r = Math.hypot(dx, dy);
      if (r > reach) {
        reach = r;
        farX = dx;
        farY = dy;
      }
    }
  }
  // Bearing of the axis as a meteorological FROM direction (the axis points downwind).
  const axisFromDeg = reach > 0 ? ((Math.atan2(-farX, -farY) * 180) / Math.PI + 360) % 360 : options.windFromDeg;
  let minCross = Number.POSITIVE_INFINITY;
  let maxCross = Number.NEGATIVE_INFINITY;
  let maxHalf = 0;
  if (cells > 0) {
    for (let j = 0; j < grid.ny; j++) {
      for (let i = 0; i < grid.nx; i++) {
        if (!(values[j * grid.nx + i]! >= thresholdMgM3)) continue;
        const { crosswindM } = toWindFrame(grid.x0 + i * grid.dxM - options.sourceX, grid.y0 + j * grid.dyM - options.sourceY, axisFromDeg);
        minCross = Math.min(minCross, crosswindM);
        maxCross = Math.max(maxCross, crosswindM);
        maxHalf = Math.max(maxHalf, Math.abs(crosswindM));
      }
    }
  }
  const rings: Ring[] = cells > 0 ? contourRings(values, grid, thresholdMgM3) : [];
  rings.sort((a, b) => ringAreaM2(b) - ringAreaM2(a));
  return {
    level: level.level,
    thresholdPpm: level.thresholdPpm,
    thresholdMgM3,
    downwindDistanceM: reach,
    maxHalfWidthM: cells > 0 ? maxHalf : 0,
    widthM: cells > 0 ? maxCross - minCross : 0,
    areaM2: cells * grid.dxM * grid.dyM,
    footprint: rings[0] ?? [],
    footprintRings: rings,
  };
}

/** Whether any cell on the grid's border is at or above the threshold: the zone goes on beyond the computed area. */
export function touchesGridEdge(values: ArrayLike<number>, grid: GridGeometry, thresholdMgM3: number): boolean {
  const { nx, ny } = grid;
  for (let i = 0; i < nx; i++) if (values[i]! >= thresholdMgM3 || values[(ny - 1) * nx + i]! >= thresholdMgM3) return true;
  for (let j = 0; j < ny; j++) if (values[j * nx]! >= thresholdMgM3 || values[j * nx + nx - 1]! >= thresholdMgM3) return true;
  return false;
}
