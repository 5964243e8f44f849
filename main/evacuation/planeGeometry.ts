import type { Polygon } from '../contracts/index.js';

/** A straight wall or opening from (x1, y1) to (x2, y2), metres. */
export type Segment = [x1: number, y1: number, x2: number, y2: number];

/** Grid frame shared by every raster of one domain: cell (i, j) covers [x0 + i·h, x0 + (i+1)·h) × [y0 + j·h, …). */
export type GridFrame = { x0: number; y0: number; cellSizeM: number; nx: number; ny: number };

export function segmentLengthM([x1, y1, x2, y2]: Segment): number {
  return Math.hypot(x2 - x1, y2 - y1);
}

/** Parameter in [0, 1] of the point of the segment closest to (px, py). */
export function closestParameter(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const lengthSq = dx * dx + dy * dy;
  if (lengthSq === 0) return 0;
  const t = ((px - x1) * dx + (py - y1) * dy) / lengthSq;
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

export function distanceToSegmentM(px: number, py: number, s: Segment): number {
  const t = closestParameter(px, py, s[0], s[1], s[2], s[3]);
  return Math.hypot(px - (s[0] + t * (s[2] - s[0])), py - (s[1] + t * (s[3] - s[1])));
}

/** The closed ring's edges as segments. */
export function ringEdges(ring: Polygon): Segment[] {
  const edges: Segment[] = [];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    if (a[0] !== b[0] || a[1] !== b[1]) edges.push([a[0], a[1], b[0], b[1]]);
  }
  return edges;
}

/** A circle as a regular polygon whose edges stay outside the circle (vertices on radius / cos(π/n)). */
export function circlePolygon(cx: number, cy: number, radiusM: number, sides = 24): Polygon {
  const outer = radiusM / Math.cos(Math.PI / sides);
  const ring: Polygon = [];
  for (let k = 0; k < sides; k++) {
    const a = (2 * Math.PI * k) / sides;
    ring.push([cx + outer * Math.cos(a), cy + outer * Math.sin(a)]);
  }
  return ring;
}

/** Rectangle centred on (cx, cy), length along east at rotation 0, turned clockwise (the scene's convention). */
export function rectanglePolygon(cx: number, cy: number, lengthM: number, widthM: number, rotationDeg: number): Polygon {
  const r = (rotationDeg * Math.PI) / 180;
  const lx = Math.cos(r);
  const ly = -Math.sin(r);
  const wx = Math.sin(r);
  const wy = Math.cos(r);
  const hl = lengthM / 2;
  const hw = widthM / 2;
  return [
    [cx - hl * lx - hw * wx, cy - hl * ly - hw * wy],
    [cx + hl * lx - hw * wx, cy + hl * ly - hw * wy],
    [cx + hl * lx + hw * wx, cy + hl * ly + hw * wy],
    [cx - hl * lx + hw * wx, cy - hl * ly + hw * wy],
  ];
}

export function boundsOf(rings: readonly Polygon[]): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return { minX, minY, maxX, maxY };
}

/**
 * Even–odd scanline fill of the cells whose centres lie inside the rings (a polygon with holes is its
 * exterior plus hole rings). O(rows × edges + cells) instead of a point-in-polygon test per cell.
 * `visit(index)` is called for each covered cell.
 */
export function scanlineFill(rings: readonly Polygon[], frame: GridFrame, visit: (index: number) => void): void {
  const { x0, y0, cellSizeM: h, nx, ny } = frame;
  const edges = rings.flatMap(ringEdges);
  const b = boundsOf(rings);
  const jMin = Math.max(0, Math.floor((b.minY - y0) / h - 0.5));
  const jMax = Math.min(ny - 1, Math.ceil((b.maxY - y0) / h - 0.5));
  const crossings: number[] = [];
  for (let j = jMin; j <= jMax; j++) {
    const yc = y0 + (j + 0.5) * h;
    crossings.length = 0;
    for (const [ax, ay, bx, by] of edges) {
      // Half-open rule (ay > yc) !== (by > yc): a vertex exactly on the scanline counts once.
      if (ay > yc !== by > yc) crossings.push(ax + ((yc - ay) * (bx - ax)) / (by - ay));
    }
    if (crossings.length < 2) continue;
    crossings.sort((p, q) => p - q);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const iStart = Math.max(0, Math.ceil((crossings[k]! - x0) / h - 0.5));
      const iEnd = Math.min(nx - 1, Math.floor((crossings[k + 1]! - x0) / h - 0.5));
      for (let i = iStart; i <= iEnd; i++) visit(j * nx + i);
    }
  }
}

/** Every cell a segment passes through (sampled at a quarter cell), for thin walls such as fences. */
export function rasterizeSegment([x1, y1, x2, y2]: Segment, frame: GridFrame, visit: (index: number) => void): void {
  const { x0, y0, cellSizeM: h, nx, ny } = frame;
  const steps = Math.max(1, Math.ceil(Math.hypot(x2 - x1, y2 - y1) / (h / 4)));
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    const i = Math.floor((x1 + t * (x2 - x1) - x0) / h);
    const j = Math.floor((y1 + t * (y2 - y1) - y0) / h);
    if (i >= 0 && j >= 0 && i < nx && j < ny) visit(j * nx + i);
  }
}

/** Whether segment s touches the closed box (an end inside, or crossing or touching an edge). */
export function segmentTouchesBox(s: Segment, minX: number, minY: number, maxX: number, maxY: number): boolean {
  const inside = (x: number, y: number) => x >= minX && x <= maxX && y >= minY && y <= maxY;
  if (inside(s[0], s[1]) || inside(s[2], s[3])) return true;
  return (
    segmentsCross(s[0], s[1], s[2], s[3], minX, minY, maxX, minY) ||
    segmentsCross(s[0], s[1], s[2], s[3], maxX, minY, maxX, maxY) ||
    segmentsCross(s[0], s[1], s[2], s[3], maxX, maxY, minX, maxY) ||
    segmentsCross(s[0], s[1], s[2], s[3], minX, maxY, minX, minY)
  );
}

/** Parameter of the projection of (px, py) on the line through s, not clamped (0 and 1 at its ends). */
export function projectionParameter(px: number, py: number, s: Segment): number {
  const dx = s[2] - s[0];
  const dy = s[3] - s[1];
  const lengthSq = dx * dx + dy * dy;
  return lengthSq === 0 ? 0 : ((px - s[0]) * dx + (py - s[1]) * dy) / lengthSq;
}

/** Whether segment p1–p2 crosses segment s (proper or touching intersection). */
export function segmentsIntersect(p1x: number, p1y: number, p2x: number, p2y: number, s: Segment): boolean {
  return segmentsCross(p1x, p1y, p2x, p2y, s[0], s[1], s[2], s[3]);
}

/** segmentsIntersect without an array: for the per-agent, per-step loops. */
export function segmentsCross(p1x: number, p1y: number, p2x: number, p2y: number, ax: number, ay: number, bx: number, by: number): boolean {
  const d1 = orient(ax, ay, bx, by, p1x, p1y);
  const d2 = orient(ax, ay, bx, by, p2x, p2y);
  if (d1 * d2 > 0) return false;
  const d3 = orient(p1x, p1y, p2x, p2y, ax, ay);
  const d4 = orient(p1x, p1y, p2x, p2y, bx, by);
  return d3 * d4 <= 0 && !(d1 === 0 && d2 === 0);
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}
