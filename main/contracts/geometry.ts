import { z } from 'zod';

/**
 * Plant-local coordinates in metres: x east, y north, z up from the site datum.
 * The renderer maps them to three.js (y up) in one place (renderer/src/twin/plantToWorld.ts).
 */
export const Point2Schema = z.tuple([z.number().finite(), z.number().finite()]);
export type Point2 = z.infer<typeof Point2Schema>;

export const Point3Schema = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  z: z.number().finite().default(0),
});
export type Point3 = z.infer<typeof Point3Schema>;

/** A closed polygon given as its vertices (the closing edge is implicit). */
export const PolygonSchema = z.array(Point2Schema).min(3, 'a polygon needs at least 3 vertices');
export type Polygon = z.infer<typeof PolygonSchema>;

export const PolylineSchema = z.array(Point2Schema).min(2, 'a polyline needs at least 2 points');
export type Polyline = z.infer<typeof PolylineSchema>;

/** Ray casting point-in-polygon test (Jordan curve theorem); points on an edge may go either way. */
export function isPointInPolygon([px, py]: Point2, polygon: Polygon): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    const crossesRay = yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi;
    if (crossesRay) inside = !inside;
  }
  return inside;
}

/** Shoelace formula; positive for counter-clockwise vertex order. */
export function signedPolygonAreaM2(polygon: Polygon): number {
  let twiceArea = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    twiceArea += polygon[j]![0] * polygon[i]![1] - polygon[i]![0] * polygon[j]![1];
  }
  return twiceArea / 2;
}

export function polygonCentroid(polygon: Polygon): Point2 {
  let sx = 0;
  let sy = 0;
  for (const [x, y] of polygon) {
    sx += x;
    sy += y;
  }
  return [sx / polygon.length, sy / polygon.length];
}

/** Distance from a point to the segment a–b (the perpendicular foot clamped to the segment). */
export function distanceToSegmentM([px, py]: Point2, [ax, ay]: Point2, [bx, by]: Point2): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Distance from a point to a polygon's area: 0 inside (or on an edge), else to the nearest edge. */
export function distanceToPolygonM(point: Point2, polygon: Polygon): number {
  if (isPointInPolygon(point, polygon)) return 0;
  let best = Infinity;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) best = Math.min(best, distanceToSegmentM(point, polygon[j]!, polygon[i]!));
  return best;
}

/**
 * Distance between two polygons' areas: 0 when they overlap or touch, else the shortest gap. Two
 * disjoint polygons' nearest points always include a vertex of one of them, so the gap is the
 * least vertex-to-polygon distance both ways; overlap without a vertex inside the other (a cross)
 * shows as crossing edges.
 */
export function distanceBetweenPolygonsM(a: Polygon, b: Polygon): number {
  for (let i = 0, j = a.length - 1; i < a.length; j = i++) {
    for (let k = 0, l = b.length - 1; k < b.length; l = k++) if (segmentsTouch(a[j]!, a[i]!, b[l]!, b[k]!)) return 0;
  }
  let best = Infinity;
  for (const vertex of a) best = Math.min(best, distanceToPolygonM(vertex, b));
  for (const vertex of b) best = Math.min(best, distanceToPolygonM(vertex, a));
  return best;
}

/** Whether segments p–q and r–s share a point (orientation test, collinear overlaps included). */
function segmentsTouch(p: Point2, q: Point2, r: Point2, s: Point2): boolean {
  const orient = (a: Point2, b: Point2, c: Point2) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  const within = (a: Point2, b: Point2, c: Point2) => Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
  const o1 = orient(p, q, r);
  const o2 = orient(p, q, s);
  const o3 = orient(r, s, p);
  const o4 = orient(r, s, q);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && within(p, q, r)) || (o2 === 0 && within(p, q, s)) || (o3 === 0 && within(r, s, p)) || (o4 === 0 && within(r, s, q));
}
